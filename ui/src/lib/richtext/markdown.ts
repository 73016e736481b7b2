// Markdown in and out of the rich-text editor, byte for byte what the back end stores.
//
// Two things @tiptap/markdown cannot do alone are done here. Fields: `{{ name }}` (and any other
// template expression) is swapped for a stand-in made of private-use characters before parsing, so that `**{{ structure.nom }}**`
// stays bold, and swapped back after writing, so that no backslash ever lands inside the braces.
// Tables: written compact (`| a | b |` over `|---|---|`), as the shipped templates are.
import type { JSONContent } from "@tiptap/core";
import type { MarkdownManager } from "@tiptap/markdown";

// A template expression: a field `{{ name }}`, or anything else the template engine reads
// (`{{ a | filter }}`, `{% if … %}`, `{# … #}`), which is kept byte for byte. Never across lines.
const EXPRESSION = /\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\{#[^\n]*?#\}/g;
const SIMPLE_FIELD = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/;

/** A chip's attributes: a field's name, or the verbatim source of any other expression. */
export interface FieldAttrs {
  name: string;
  source: string | null;
}

export function fieldAttrs(expression: string): FieldAttrs {
  const m = SIMPLE_FIELD.exec(expression);
  return m ? { name: m[1], source: null } : { name: "", source: expression };
}

export function fieldSource(attrs: Partial<FieldAttrs> | undefined): string {
  return attrs?.source ?? `{{ ${attrs?.name ?? ""} }}`;
}
// A stand-in is a run of letters and digits: nothing in Markdown, a link's address or the HTML
// encoder changes it. Its fence is chosen so that the text around never contains it.
function fence(markdown: string): string {
  for (;;) {
    const candidate = `zq${Math.random().toString(36).slice(2, 10).replace(/\d/g, "")}q`;
    if (candidate.length > 5 && !markdown.includes(candidate)) return candidate;
  }
}

interface StandIns {
  fence: string;
  pattern: RegExp;
  expressions: string[];
}

function standIns(fenceText: string): StandIns {
  return { fence: fenceText, pattern: new RegExp(`${fenceText}(\\d+)${fenceText}`, "g"), expressions: [] };
}

function standIn(s: StandIns, expression: string): string {
  s.expressions.push(expression);
  return `${s.fence}${s.expressions.length - 1}${s.fence}`;
}

/** Markdown to the editor's document, fields as chips carrying the marks around them. */
export function markdownToDoc(manager: MarkdownManager, markdown: string): JSONContent {
  const s = standIns(fence(markdown));
  return restoreFields(manager.parse(markdown.replace(EXPRESSION, (e) => standIn(s, e))), s);
}

/** The editor's document to Markdown. */
export function docToMarkdown(manager: MarkdownManager, doc: JSONContent): string {
  const s = standIns(fence(JSON.stringify(doc)));
  return manager
    .serialize(standInFields(doc, s))
    .replace(s.pattern, (_, i: string) => s.expressions[Number(i)])
    .replace(/^\n+/, "")
    .replace(/\n+$/, "");
}

function restoreFields(node: JSONContent, s: StandIns): JSONContent {
  const marks = node.marks?.map((mark) => (mark.attrs ? { ...mark, attrs: restoreInAttrs(mark.attrs, s) } : mark));
  const attrs = node.attrs ? restoreInAttrs(node.attrs, s) : undefined;
  const restored: JSONContent = { ...node, ...(attrs ? { attrs } : {}), ...(marks ? { marks } : {}) };
  if (!node.content) return restored;
  return {
    ...restored,
    content: node.content.flatMap((child) =>
      child.type === "text" ? splitText(restoreFields(child, s), s) : [restoreFields(child, s)],
    ),
  };
}

function splitText(node: JSONContent, s: StandIns): JSONContent[] {
  const parts: JSONContent[] = [];
  const text = node.text ?? "";
  let last = 0;
  for (const m of text.matchAll(s.pattern)) {
    if (m.index > last) parts.push({ ...node, text: text.slice(last, m.index) });
    parts.push({ type: "field", attrs: fieldAttrs(s.expressions[Number(m[1])]), ...(node.marks ? { marks: node.marks } : {}) });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ ...node, text: text.slice(last) });
  return parts;
}

// A field inside a link's address (`[site]({{ structure.site }})`) stays text in the attribute.
function restoreInAttrs(attrs: Record<string, unknown>, s: StandIns): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    out[k] = typeof v === "string" ? v.replace(s.pattern, (_, i: string) => s.expressions[Number(i)]) : v;
  }
  return out;
}

// The way back: a chip becomes a stand-in carrying its marks; an address holding an expression too.
function standInFields(node: JSONContent, s: StandIns): JSONContent {
  if (node.type === "field") return { type: "text", text: standIn(s, fieldSource(node.attrs)), ...(node.marks ? { marks: node.marks } : {}) };
  const marks = node.marks?.map((mark) => (mark.attrs ? { ...mark, attrs: standInAttrs(mark.attrs, s) } : mark));
  const out: JSONContent = { ...node, ...(marks ? { marks } : {}) };
  if (!node.content) return out;
  return { ...out, content: node.content.map((child) => standInFields(child, s)) };
}

function standInAttrs(attrs: Record<string, unknown>, s: StandIns): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = typeof v === "string" ? v.replace(EXPRESSION, (e) => standIn(s, e)) : v;
  return out;
}
