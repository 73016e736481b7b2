// A template field (`{{ structure.siret }}`) as one uneditable chip in the rich-text editor.
//
// The chip has no Markdown syntax of its own: `markdown.ts` turns each `{{ name }}` into a
// stand-in character run before Markdown is parsed and back after it is written, so a field
// keeps the bold or italic around it and no escaping ever reaches the name.
import { InputRule, Node, mergeAttributes, nodePasteRule } from "@tiptap/core";
import { fieldLabel } from "./fieldLabel";
import { fieldSource } from "./markdown";

// `{{ structure.siret }}` typed or pasted as text becomes a chip.
const TYPED = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/;
const PASTED = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

export interface FieldOptions {
  /** The field's description, from the catalogue (« SIRET »); undefined for an unknown name. */
  describe: (name: string) => string | undefined;
  /** The field's value for this dossier, undefined when it has none; absent where no dossier is
   * at hand (a template). */
  fieldValue?: (name: string) => string | undefined;
}

/** The text a chip shows on hover: what the field is and what it holds here. */
export function fieldTitle(name: string, options: FieldOptions): string {
  const description = options.describe(name);
  if (!description) return `Champ inconnu : « ${name} ». Il restera vide dans le dossier.`;
  if (!options.fieldValue) return description;
  const value = options.fieldValue(name);
  return value ? `${description} : ${value}` : `${description} : pas encore de valeur`;
}

export const Field = Node.create<FieldOptions>({
  name: "field",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { describe: () => undefined, fieldValue: undefined };
  },

  addAttributes() {
    return {
      name: {
        default: "",
        parseHTML: (el) => el.getAttribute("data-field") ?? "",
        renderHTML: (attrs) => ({ "data-field": attrs.name }),
      },
      // Any other template expression (`{% if … %}`, `{{ a | filter }}`), kept as written.
      source: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-source"),
        renderHTML: (attrs) => (attrs.source ? { "data-source": attrs.source } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "span[data-field]" }];
  },

  // Used for copying: another app receives the field as `{{ name }}`, this editor as a chip.
  renderHTML({ node, HTMLAttributes }) {
    return ["span", mergeAttributes(HTMLAttributes, { class: "field-chip" }), fieldSource(node.attrs)];
  },

  addInputRules() {
    // Not `nodeInputRule`: with a capture group it would replace the name alone and keep the braces.
    return [
      new InputRule({
        find: TYPED,
        handler: ({ state, range, match }) => {
          state.tr.replaceWith(range.from, range.to, this.type.create({ name: match[1] }));
        },
      }),
    ];
  },

  addPasteRules() {
    return [nodePasteRule({ find: PASTED, type: this.type, getAttributes: (m) => ({ name: m[1] }) })];
  },

  // The chip's title is computed when the pointer reaches it, so it always shows today's value.
  addNodeView() {
    return ({ node }) => {
      const name = String(node.attrs.name);
      const source: string | null = node.attrs.source;
      const dom = document.createElement("span");
      if (source) {
        dom.className = "field-chip expression";
        dom.textContent = source;
        dom.title = "Instruction du modèle, gardée telle quelle";
        return { dom };
      }
      const known = this.options.describe(name) !== undefined;
      dom.className = known ? "field-chip" : "field-chip unknown";
      dom.dataset.field = name;
      dom.textContent = fieldLabel(name);
      const refresh = () => (dom.title = fieldTitle(name, this.options));
      refresh();
      dom.addEventListener("mouseenter", refresh);
      return { dom };
    };
  },

  renderText({ node }) {
    return fieldSource(node.attrs);
  },
});
