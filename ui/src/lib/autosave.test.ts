import { beforeEach, describe, expect, it, vi } from "vitest";

// The base, as the commands see it: one draft per key, and every call in order.
const base = new Map<string, string>();
const calls: string[] = [];
let slowSaves: (() => void)[] = [];
vi.mock("./api", () => ({
  api: {
    formDraft: async (key: string) => (base.has(key) ? { content: base.get(key), saved_at: "2026-11-29T09:00:00Z" } : null),
    saveFormDraft: (key: string, content: string) =>
      new Promise<void>((resolve) => {
        calls.push(`save ${content}`);
        slowSaves.push(() => {
          base.set(key, content);
          resolve();
        });
      }),
    discardFormDraft: async (key: string) => {
      calls.push("discard");
      base.delete(key);
    },
  },
}));

const { Autosave } = await import("./autosave.svelte");

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe("Autosave", () => {
  beforeEach(() => {
    base.clear();
    calls.length = 0;
    slowSaves = [];
    vi.useFakeTimers();
  });

  it("keeps the last content typed, and nothing before the draft was read", async () => {
    const autosave = new Autosave<{ notes: string }>("structure:1");
    autosave.track({ notes: "avant lecture" }, true);
    expect(await autosave.load()).toBeNull();
    autosave.track({ notes: "R" }, true);
    autosave.track({ notes: "Relancer" }, true);
    await vi.advanceTimersByTimeAsync(300);
    slowSaves.shift()?.();
    await settle();
    expect(calls).toEqual(['save {"notes":"Relancer"}']);
    expect(base.get("structure:1")).toBe('{"notes":"Relancer"}');
    expect(autosave.keptAt).not.toBeNull();
  });

  it("a revert typed while a save is on its way still leaves no draft", async () => {
    const autosave = new Autosave<{ notes: string }>("structure:2");
    await autosave.load();
    autosave.track({ notes: "brouillon" }, true);
    await vi.advanceTimersByTimeAsync(300);
    autosave.track({ notes: "" }, false);
    await vi.advanceTimersByTimeAsync(300);
    slowSaves.shift()?.();
    await settle();
    expect(calls).toEqual(['save {"notes":"brouillon"}', "discard"]);
    expect(base.has("structure:2")).toBe(false);
  });

  it("discarding waits for a save on its way, and costs nothing when nothing was kept", async () => {
    const autosave = new Autosave<{ notes: string }>("structure:3");
    await autosave.load();
    await autosave.discard();
    expect(calls).toEqual([]);

    autosave.track({ notes: "à garder" }, true);
    await vi.advanceTimersByTimeAsync(300);
    const discarded = autosave.discard();
    slowSaves.shift()?.();
    await discarded;
    expect(calls).toEqual(['save {"notes":"à garder"}', "discard"]);
    expect(base.has("structure:3")).toBe(false);
  });

  it("reads back a draft kept by an earlier run", async () => {
    base.set("structure:4", '{"notes":"d\'avant l\'arrêt"}');
    const autosave = new Autosave<{ notes: string }>("structure:4");
    expect(await autosave.load()).toEqual({ content: { notes: "d'avant l'arrêt" }, savedAt: "2026-11-29T09:00:00Z" });
    await autosave.discard();
    expect(base.has("structure:4")).toBe(false);
  });
});
