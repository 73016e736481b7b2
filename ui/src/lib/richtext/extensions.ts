// The rich-text editor's schema: what a dossier section or a template may contain, no more.
//
// Everything here maps to the Markdown the back end renders (CommonMark and GFM tables, parsed by
// pulldown-cmark): headings, bold, italic, lists, links, quotes, tables and template fields.
// What Markdown cannot say (colours, fonts, underline, sizes) is not in the schema, so what is
// pasted from Word or LibreOffice keeps its structure and loses its styling by construction.
import type { AnyExtension } from "@tiptap/core";
import Bold from "@tiptap/extension-bold";
import { TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { Markdown } from "@tiptap/markdown";
import StarterKit from "@tiptap/starter-kit";
import { Field, type FieldOptions } from "./field";
import { CompactTable } from "./table";

export function richTextExtensions(field: Partial<FieldOptions> = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      bold: false,
      heading: { levels: [1, 2, 3, 4] },
      underline: false,
      strike: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: { openOnClick: false, autolink: false, protocols: ["http", "https", "mailto"] },
    }),
    // Ctrl+G as in French word processors (« Gras »), beside Ctrl+B.
    Bold.extend({
      addKeyboardShortcuts() {
        return { ...this.parent?.(), "Mod-g": () => this.editor.commands.toggleBold() };
      },
    }),
    CompactTable.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    Field.configure(field),
    Markdown,
  ];
}
