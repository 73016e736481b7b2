// @vitest-environment happy-dom
// What Word and LibreOffice put on the clipboard, pasted into the editor, becomes plain Markdown:
// structure kept (headings, bold, lists, tables, links), styling dropped.
import { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import { richTextExtensions } from "./extensions";
import { docToMarkdown } from "./markdown";
import { cleanPastedHtml } from "./paste";
import libreOfficeClipboard from "./fixtures/libreoffice-clipboard.html?raw";
import wordClipboard from "./fixtures/word-clipboard.html?raw";

let editor: Editor | null = null;
afterEach(() => editor?.destroy());

function paste(html: string): string {
  const host = document.createElement("div");
  document.body.appendChild(host);
  editor = new Editor({ element: host, extensions: richTextExtensions(), editorProps: { transformPastedHTML: cleanPastedHtml } });
  editor.view.pasteHTML(html);
  return docToMarkdown(editor.markdown!, editor.getJSON());
}

describe("pasting from a word processor", () => {
  it("keeps Word's heading, bold, italic, bulleted and numbered lists and table, without its styling", () => {
    expect(paste(wordClipboard)).toBe(
      [
        "## Objectifs du projet",
        "",
        "Le centre social veut **rompre l’isolement** des habitants du quartier",
        "",
        "- ateliers numériques",
        "- *repas partagés*",
        "- sorties familiales",
        "",
        "1. diagnostic",
        "2. bilan",
        "",
        "| **Public** | **Nombre** |",
        "|---|---|",
        "| Familles | 40 |",
      ].join("\n"),
    );
  });

  it("keeps LibreOffice's heading, bold, list and link, and drops fonts, colours, highlight, underline and strike", () => {
    expect(paste(libreOfficeClipboard)).toBe(
      [
        "## Moyens mobilisés",
        "",
        "Une animatrice **à mi-temps** et des bénévoles.",
        "",
        "- un local prêté par la mairie",
        "- six ordinateurs portables",
        "",
        "[Département](https://www.gironde.fr/) souligné et barré.",
      ].join("\n"),
    );
  });

  it("never lets a script or a style through", () => {
    const cleaned = cleanPastedHtml('<style>p{color:red}</style><p onclick="x()">a<script>alert(1)</script></p>');
    expect(cleaned).not.toMatch(/script|style/);
  });
});

describe("typing a field", () => {
  it("turns `{{ name }}` typed in full into one chip, braces included", () => {
    const host = document.createElement("div");
    document.body.appendChild(host);
    editor = new Editor({ element: host, extensions: richTextExtensions() });
    const view = editor.view;
    for (const ch of "SIRET : {{ structure.siret }}") {
      const { from, to } = view.state.selection;
      const handled = view.someProp("handleTextInput", (f) => f(view, from, to, ch, () => view.state.tr.insertText(ch, from, to)));
      if (!handled) view.dispatch(view.state.tr.insertText(ch, from, to));
    }
    expect(docToMarkdown(editor.markdown!, editor.getJSON())).toBe("SIRET : {{ structure.siret }}");
    expect(editor.getJSON().content?.[0].content?.map((n) => n.type)).toEqual(["text", "field"]);
  });
});
