import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BusyTracker, type BusyState } from "./busy";

describe("BusyTracker", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("never shows calls that finish within the delay", async () => {
    const changes: BusyState[] = [];
    const busy = new BusyTracker((s) => changes.push(s), 500);
    const call = busy.track(new Promise<void>((r) => setTimeout(r, 300)));
    await vi.advanceTimersByTimeAsync(300);
    await call;
    vi.advanceTimersByTime(1000);
    expect(changes).toEqual([]);
    expect(busy.state.visible).toBe(false);
  });

  it("shows a call still pending after the delay, then hides it", async () => {
    const changes: BusyState[] = [];
    const busy = new BusyTracker((s) => changes.push(s), 500);
    let finish!: () => void;
    const call = busy.track(new Promise<void>((r) => (finish = r)));
    vi.advanceTimersByTime(499);
    expect(busy.state.visible).toBe(false);
    vi.advanceTimersByTime(1);
    expect(busy.state).toEqual({ visible: true, blocking: true });
    finish();
    await call;
    await Promise.resolve();
    expect(busy.state).toEqual({ visible: false, blocking: false });
    expect(changes).toEqual([
      { visible: true, blocking: true },
      { visible: false, blocking: false },
    ]);
  });

  it("background calls show progress without blocking actions, and failures end tracking", async () => {
    const busy = new BusyTracker(() => {}, 500);
    let fail!: (e: Error) => void;
    const call = busy.track(new Promise<void>((_, rej) => (fail = rej)), { background: true });
    vi.advanceTimersByTime(600);
    expect(busy.state).toEqual({ visible: true, blocking: false });
    fail(new Error("refusé"));
    await expect(call).rejects.toThrow("refusé");
    await Promise.resolve();
    expect(busy.state.visible).toBe(false);
    expect(busy.count).toBe(0);
  });
});
