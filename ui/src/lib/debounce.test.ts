import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce } from "./debounce";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once with the last arguments after a quiet period", () => {
    const fn = vi.fn();
    const d = debounce(fn, 80);
    d("c");
    vi.advanceTimersByTime(50);
    d("ce");
    vi.advanceTimersByTime(50);
    d("cen");
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(79);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith("cen");
  });

  it("can be cancelled or flushed", () => {
    const fn = vi.fn();
    const d = debounce(fn, 80);
    d(1);
    expect(d.pending()).toBe(true);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(fn).not.toHaveBeenCalled();
    d(2);
    d.flush();
    expect(fn).toHaveBeenCalledWith(2);
    expect(d.pending()).toBe(false);
    d.flush();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
