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
