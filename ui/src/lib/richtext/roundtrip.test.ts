// @vitest-environment happy-dom
// Markdown → editor → Markdown gives back the very bytes, for every shipped template and demo dossier.
import { Editor } from "@tiptap/core";
import ailds from "../../../../src-tauri/crates/core/src/dossier/templates/ailds.json?raw";
import cerfa from "../../../../src-tauri/crates/core/src/dossier/templates/cerfa-12156.json?raw";
import demoDossiers from "../../../../src-tauri/crates/core/src/dossier/demo-dossiers.json?raw";
import { describe, expect, it } from "vitest";
import { richTextExtensions } from "./extensions";
import { docToMarkdown, markdownToDoc } from "./markdown";


function roundTrip(markdown: string): string {
  const editor = new Editor({ extensions: richTextExtensions() });
  editor.commands.setContent(markdownToDoc(editor.markdown!, markdown));
  const out = docToMarkdown(editor.markdown!, editor.getJSON());
  editor.destroy();
  return out;
}

const bodies: [string, string][] = [];
// Every shipped template (the same files the back end embeds) and every demo dossier.
for (const file of [ailds, cerfa]) {
  const t = JSON.parse(file) as { name: string; sections: { key: string; body: string }[] };
  for (const s of t.sections) bodies.push([`${t.name} ${s.key}`, s.body]);
}
const demo = JSON.parse(demoDossiers) as { dossiers: { title: string; sections: Record<string, string> }[] };
for (const d of demo.dossiers) for (const [k, v] of Object.entries(d.sections)) bodies.push([`${d.title} ${k}`, v]);

describe("round trip", () => {
  it.each(bodies)("%s", (_, body) => {
    expect(roundTrip(body)).toBe(body);
  });
});

describe("what the editor changes, and what it never does", () => {
  it("keeps any other template expression byte for byte, even with underscores and stars", () => {
    const body = "{% if structure.qpv %}En QPV{% endif %} — {{ structure.code_postal | upper }} et *{{structure.nom}}*";
    expect(roundTrip(body)).toBe("{% if structure.qpv %}En QPV{% endif %} — {{ structure.code_postal | upper }} et *{{ structure.nom }}*");
  });

  it("keeps a field inside a link's address", () => {
    expect(roundTrip("Voir [le site]({{ structure.site }}).")).toBe("Voir [le site]({{ structure.site }}).");
  });

  it("escapes typed characters that Markdown would read as formatting", () => {
    expect(roundTrip("Budget \\* 2 et a\\_b")).toBe("Budget \\* 2 et a\\_b");
  });

  it("writes other spellings of the same thing one way, and then never changes it again", () => {
    const once = roundTrip("Un _mot_ et __deux__\n\n* un\n* deux\n\n# Titre");
    expect(once).toBe("Un *mot* et **deux**\n\n- un\n- deux\n\n# Titre");
    expect(roundTrip(once)).toBe(once);
  });
});
