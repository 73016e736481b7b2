// Tables written as the shipped templates write them: `| a | b |` over `|---|---|`, no padding.
//
// @tiptap/extension-table pads every column to its widest cell and turns a cell's line breaks into
// `<br>`, which the back end would print literally (it never interprets HTML). One line per row,
// paragraphs of a cell joined by a space, pipes escaped.
import type { JSONContent, MarkdownRendererHelpers } from "@tiptap/core";
import { Table } from "@tiptap/extension-table";

type Align = "left" | "right" | "center" | null;

function cellAlign(cell: JSONContent): Align {
  const a = cell.attrs?.align;
  return a === "left" || a === "right" || a === "center" ? a : null;
}

function cellText(cell: JSONContent, h: MarkdownRendererHelpers): string {
  const paragraphs = (cell.content ?? []).map((child) => h.renderChildren(child.content ?? []));
  return paragraphs
    .join(" ")
    .replace(/\s*\n\s*/g, " ")
    .replace(/(^|[^\\])\|/g, "$1\\|")
    .trim();
}

function separator(align: Align): string {
  switch (align) {
    case "left":
      return ":---";
    case "right":
      return "---:";
    case "center":
      return ":---:";
    default:
      return "---";
  }
}

export function tableToMarkdown(node: JSONContent, h: MarkdownRendererHelpers): string {
  const rows = node.content ?? [];
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((r) => r.content?.length ?? 0));
  if (width === 0) return "";
  // An empty cell is one space, as in `| … | | |`.
  const line = (cells: string[]) => `|${cells.map((c) => (c ? ` ${c} ` : " ")).join("|")}|`;
  const texts = rows.map((r) => Array.from({ length: width }, (_, i) => (r.content?.[i] ? cellText(r.content[i], h) : "")));
  const aligns = Array.from({ length: width }, (_, i) => rows.map((r) => (r.content?.[i] ? cellAlign(r.content[i]) : null)).find((a) => a) ?? null);
  const hasHeader = (rows[0].content ?? []).some((c) => c.type === "tableHeader");
  const header = hasHeader ? texts[0] : Array.from({ length: width }, () => "");
  const body = hasHeader ? texts.slice(1) : texts;
  return [line(header), `|${aligns.map(separator).join("|")}|`, ...body.map(line)].join("\n");
}

export const CompactTable = Table.extend({
  renderMarkdown: (node: JSONContent, h: MarkdownRendererHelpers) => tableToMarkdown(node, h),
});
