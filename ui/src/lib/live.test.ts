import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const tokens: string[] = [];
vi.mock("./api", () => ({
  api: { changeToken: () => (tokens.length > 1 ? Promise.resolve(tokens.shift()!) : Promise.resolve(tokens[0])) },
}));

import { watchChanges } from "./live";

describe("watchChanges", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("rereads once per change seen, not at the first look nor while nothing changes", async () => {
    tokens.splice(0, tokens.length, "a", "a", "b", "b", "c");
    const reread = vi.fn(() => Promise.resolve());
    const stop = watchChanges(reread, 100);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(100);
    expect(reread).toHaveBeenCalledTimes(2);
    stop();
    tokens.splice(0, tokens.length, "d");
    await vi.advanceTimersByTimeAsync(500);
    expect(reread).toHaveBeenCalledTimes(2);
  });
});

describe("watchChanges and an unreachable base", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says once that the base is lost, with when it last answered, then that it is back, reading anew", async () => {
    const { api } = await import("./api");
    const answers: (string | Error)[] = ["a", "a", new Error("down"), new Error("down"), "a", "a"];
    const spy = vi.spyOn(api, "changeToken").mockImplementation(() => {
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    });
    const reread = vi.fn(() => Promise.resolve());
    const lost = vi.fn();
    const back = vi.fn();
    vi.setSystemTime(new Date(2026, 11, 6, 10, 0, 0));
    const stop = watchChanges(reread, 100, { lost, back });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(lost).toHaveBeenCalledTimes(1);
    const freshAt = lost.mock.calls[0][0] as Date;
    expect(freshAt.getTime()).toBe(new Date(2026, 11, 6, 10, 0, 0, 100).getTime());
    expect(back).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(back).toHaveBeenCalledTimes(1);
    expect(reread).toHaveBeenCalledTimes(1);
    stop();
    spy.mockRestore();
  });
});
