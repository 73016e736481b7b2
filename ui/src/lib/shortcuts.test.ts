import { describe, expect, it } from "vitest";
import { isEditable, isMacPlatform, matchShortcut, shortcutLabel, withShortcut, type KeyLike } from "./shortcuts";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("matchShortcut", () => {
  it("maps Mod to Ctrl on Windows/Linux and ⌘ on macOS", () => {
    expect(matchShortcut(key("s", { ctrlKey: true }), "Mod+S", false)).toBe(true);
    expect(matchShortcut(key("s", { metaKey: true }), "Mod+S", false)).toBe(false);
    expect(matchShortcut(key("s", { metaKey: true }), "Mod+S", true)).toBe(true);
    expect(matchShortcut(key("s", { ctrlKey: true }), "Mod+S", true)).toBe(false);
  });

  it("ignores letter case but not extra modifiers", () => {
    expect(matchShortcut(key("F", { ctrlKey: true, shiftKey: true }), "Mod+F", false)).toBe(false);
    expect(matchShortcut(key("F", { ctrlKey: true }), "Mod+F", false)).toBe(true); // Caps Lock on
    expect(matchShortcut(key("F", { ctrlKey: true, shiftKey: true }), "Mod+Shift+F", false)).toBe(true);
    expect(matchShortcut(key("s"), "Mod+S", false)).toBe(false);
    // AltGr is reported as Ctrl+Alt on Windows: not Ctrl+S.
    expect(matchShortcut(key("s", { ctrlKey: true, altKey: true }), "Mod+S", false)).toBe(false);
  });

  it("accepts the slash typed with Shift on AZERTY keyboards", () => {
    expect(matchShortcut(key("/", { shiftKey: true }), "/", false)).toBe(true);
    expect(matchShortcut(key("/"), "/", false)).toBe(true);
    expect(matchShortcut(key("/", { ctrlKey: true }), "/", false)).toBe(false);
  });

  it("matches named keys exactly", () => {
    expect(matchShortcut(key("Escape"), "Escape", false)).toBe(true);
    expect(matchShortcut(key("ArrowDown"), "ArrowDown", false)).toBe(true);
    expect(matchShortcut(key("ArrowDown", { shiftKey: true }), "ArrowDown", false)).toBe(false);
  });
});

describe("shortcutLabel", () => {
  it("reads naturally on each platform, in French", () => {
    expect(shortcutLabel("Mod+S", false)).toBe("Ctrl+S");
    expect(shortcutLabel("Mod+S", true)).toBe("⌘S");
    expect(shortcutLabel("Mod+Shift+Z", false)).toBe("Ctrl+Maj+Z");
    expect(shortcutLabel("Escape", false)).toBe("Échap");
    expect(withShortcut("Importer…", "Mod+I", false)).toBe("Importer… (Ctrl+I)");
  });
});

describe("platform and targets", () => {
  it("detects macOS", () => {
    expect(isMacPlatform({ platform: "MacIntel" })).toBe(true);
    expect(isMacPlatform({ platform: "Win32" })).toBe(false);
    expect(isMacPlatform({ platform: "", userAgent: "Mozilla/5.0 (X11; Linux x86_64)" })).toBe(false);
  });

  it("knows which elements take typed text", () => {
    expect(isEditable({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isEditable({ tagName: "INPUT", type: "search" })).toBe(true);
    expect(isEditable({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isEditable({ tagName: "TEXTAREA" })).toBe(true);
    expect(isEditable({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isEditable({ tagName: "BUTTON" })).toBe(false);
    expect(isEditable(null)).toBe(false);
  });
});
