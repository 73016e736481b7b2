/** The parts of a KeyboardEvent shortcut matching needs (easy to build in tests). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function isMacPlatform(nav: { platform?: string; userAgent?: string } | undefined = globalThis.navigator): boolean {
  if (!nav) return false;
  return /mac|iphone|ipad/i.test(nav.platform || nav.userAgent || "");
}

interface Combo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(combo: string): Combo {
  // "Mod+Shift+Z", "Escape", "/", "Mod++" (the plus key).
  const parts = combo === "+" ? ["+"] : combo.split(/\+(?!$)/);
  const key = parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1).map((p) => p.toLowerCase()));
  return { mod: mods.has("mod"), shift: mods.has("shift"), alt: mods.has("alt"), key };
}

/**
 * True when the event is the shortcut: "Mod" is ⌘ on macOS and Ctrl elsewhere. Letters compare
 * case-insensitively; for a symbol such as "/", Shift is ignored since layouts (AZERTY) need it.
 */
export function matchShortcut(e: KeyLike, combo: string, mac: boolean = isMacPlatform()): boolean {
  const c = parse(combo);
  const mod = mac ? e.metaKey : e.ctrlKey;
  const otherMod = mac ? e.ctrlKey : e.metaKey;
  if (mod !== c.mod || otherMod || e.altKey !== c.alt) return false;
  const letter = /^[a-z0-9]$/i.test(c.key);
  const named = c.key.length > 1;
  if ((letter || named) && e.shiftKey !== c.shift) return false;
  return e.key.toLowerCase() === c.key.toLowerCase();
}

const NAMES: Record<string, string> = {
  Escape: "Échap",
  Enter: "Entrée",
  ArrowUp: "↑",
  ArrowDown: "↓",
  Delete: "Suppr",
  Tab: "Tab",
};

/** How a shortcut reads in a tooltip: "Ctrl+S" or "⌘S", "Échap". */
export function shortcutLabel(combo: string, mac: boolean = isMacPlatform()): string {
  const c = parse(combo);
  const key = NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  if (mac) return `${c.mod ? "⌘" : ""}${c.alt ? "⌥" : ""}${c.shift ? "⇧" : ""}${key}`;
  return [c.mod ? "Ctrl" : "", c.alt ? "Alt" : "", c.shift ? "Maj" : "", key].filter(Boolean).join("+");
}

/** "Importer… (Ctrl+I)": a button title with its shortcut. */
export function withShortcut(title: string, combo: string, mac: boolean = isMacPlatform()): string {
  return `${title} (${shortcutLabel(combo, mac)})`;
}

/** True when typing in this element must keep keys such as "/" or Ctrl+Z for itself. */
export function isEditable(target: unknown): boolean {
  if (!target || typeof target !== "object") return false;
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const nonText = ["checkbox", "radio", "button", "submit", "reset", "file", "range", "color", "image"];
  return !nonText.includes((el.type ?? "text").toLowerCase());
}

/** Where a shortcut acts: everywhere, or on one screen (the sheet groups them so). */
export type ShortcutScope = "Partout" | "Annuaire" | "Formulaires et éditeurs" | "Texte d'un dossier ou d'un modèle";

export interface ShortcutEntry {
  /** One or more combos that do the same ("F1" or "?"). */
  combos: string[];
  what: string;
  scope: ShortcutScope;
}

/** Every shortcut of the window, as the shortcut sheet (F1) lists them. The keyboard handler of
 * the window and the native menu use the same combos. */
export const SHORTCUTS: ShortcutEntry[] = [
  { combos: ["Mod+F", "/"], what: "Rechercher sur l'écran affiché (annuaire, RGPD)", scope: "Partout" },
  { combos: ["Mod+N"], what: "Nouveau : une structure dans l'annuaire, un dossier dans Dossiers", scope: "Partout" },
  { combos: ["Mod+I"], what: "Importer des structures (CSV ou XLSX)", scope: "Partout" },
  { combos: ["Mod+E"], what: "Exporter l'annuaire", scope: "Partout" },
  { combos: ["Mod+Z"], what: "Annuler la dernière action proposée (hors saisie)", scope: "Partout" },
  { combos: ["Escape"], what: "Fermer la fenêtre, le panneau ou le menu ouvert", scope: "Partout" },
  { combos: ["F1", "?"], what: "Afficher cette liste des raccourcis", scope: "Partout" },
  { combos: ["ArrowDown", "ArrowUp"], what: "Passer à la structure suivante ou précédente", scope: "Annuaire" },
  { combos: ["Enter"], what: "Ouvrir la structure choisie", scope: "Annuaire" },
  { combos: ["Mod+S"], what: "Enregistrer tout de suite", scope: "Formulaires et éditeurs" },
  { combos: ["Tab", "Shift+Tab"], what: "Passer au champ suivant ou précédent", scope: "Formulaires et éditeurs" },
  { combos: ["Mod+G", "Mod+B"], what: "Gras", scope: "Texte d'un dossier ou d'un modèle" },
  { combos: ["Mod+I"], what: "Italique", scope: "Texte d'un dossier ou d'un modèle" },
  { combos: ["Mod+K"], what: "Lien sur le texte choisi", scope: "Texte d'un dossier ou d'un modèle" },
  { combos: ["Mod+Z", "Mod+Shift+Z"], what: "Annuler ou rétablir la frappe", scope: "Texte d'un dossier ou d'un modèle" },
  { combos: ["ArrowLeft", "ArrowRight"], what: "Dans la barre de mise en forme : passer d'un bouton à l'autre", scope: "Texte d'un dossier ou d'un modèle" },
];
