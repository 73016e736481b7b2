import { describe, expect, it } from "vitest";
import { Latest } from "./latest";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("Latest", () => {
  it("ignores a slow answer to an older request", async () => {
    const latest = new Latest();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = latest.run(slow.promise);
    const second = latest.run(fast.promise);
    fast.resolve("cen");
    slow.resolve("c");
    expect(await second).toEqual({ current: true, value: "cen" });
    expect(await first).toEqual({ current: false });
  });

  it("rethrows the latest error but drops stale ones", async () => {
    const latest = new Latest();
    const old = deferred<string>();
    const stale = latest.run(old.promise);
    const current = latest.run(() => Promise.reject(new Error("base indisponible")));
    old.reject(new Error("ancienne erreur"));
    await expect(current).rejects.toThrow("base indisponible");
    expect(await stale).toEqual({ current: false });
  });

  it("invalidate makes pending requests stale", async () => {
    const latest = new Latest();
    const p = latest.run(Promise.resolve(1));
    latest.invalidate();
    expect(await p).toEqual({ current: false });
  });
});
