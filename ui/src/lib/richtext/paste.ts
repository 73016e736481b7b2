// What is pasted from Word or LibreOffice, reduced to its structure before the editor reads it.
//
// The editor's schema already drops what Markdown cannot say (fonts, colours, sizes). What it
// cannot see alone: Word writes a bulleted list as paragraphs of class `MsoListParagraph…` whose
// bullet is a run marked `mso-list:Ignore`; Word and LibreOffice write a table's first row as
// ordinary cells, where Markdown needs a header row; both add `<o:p>`, `<style>`, `<meta>` and
// comments. This turns those into plain `<ul>`/`<ol>`, header cells and nothing.

const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxlcdm]+)[.)]\s*$/i;

function isWordListParagraph(el: Element): boolean {
  if (el.tagName !== "P") return false;
  const cls = el.getAttribute("class") ?? "";
  const style = el.getAttribute("style") ?? "";
  return /MsoListParagraph/i.test(cls) || /mso-list\s*:\s*l\d/i.test(style);
}

/** Word's list number (`mso-list:l0`): two lists one after the other differ by it. */
function wordListId(el: Element): string {
  return /mso-list\s*:\s*(l\d+)/i.exec(el.getAttribute("style") ?? "")?.[1] ?? "";
}

function wordListLevel(el: Element): number {
  const m = /mso-list\s*:\s*l\d+\s+level(\d+)/i.exec(el.getAttribute("style") ?? "");
  return m ? Math.max(1, Number(m[1])) : 1;
}

/** Removes the bullet Word prints before an item, and says whether it was a number. */
function takeWordBullet(el: Element): boolean {
  let ordered = false;
  for (const span of Array.from(el.querySelectorAll("span"))) {
    if (/mso-list\s*:\s*Ignore/i.test(span.getAttribute("style") ?? "")) {
      ordered ||= ORDERED_MARKER.test((span.textContent ?? "").replace(/\u00a0/g, " "));
      // The bullet's run is often wrapped in a font span holding nothing else.
      const holder = span.parentElement && span.parentElement !== el && span.parentElement.textContent === span.textContent ? span.parentElement : span;
      holder.remove();
    }
  }
  return ordered;
}

function convertWordLists(doc: Document) {
  const paragraphs = Array.from(doc.body.querySelectorAll("p")).filter(isWordListParagraph);
  const done = new Set<Element>();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    // A run of consecutive paragraphs of one Word list is one list (levels become nested lists).
    const run: Element[] = [];
    const id = wordListId(first);
    for (let el: Element | null = first; el && isWordListParagraph(el) && wordListId(el) === id; el = el.nextElementSibling) {
      run.push(el);
    }
    const stack: { level: number; list: HTMLElement }[] = [];
    let lastItem: HTMLElement | null = null;
    for (const p of run) {
      done.add(p);
      const level = wordListLevel(p);
      const ordered = takeWordBullet(p);
      while (stack.length && stack[stack.length - 1].level > level) stack.pop();
      if (!stack.length || stack[stack.length - 1].level < level) {
        const list = doc.createElement(ordered ? "ol" : "ul");
        if (stack.length && lastItem) lastItem.appendChild(list);
        else p.before(list);
        stack.push({ level, list });
      }
      const item = doc.createElement("li");
      const para = doc.createElement("p");
      while (p.firstChild) para.appendChild(p.firstChild);
      item.appendChild(para);
      stack[stack.length - 1].list.appendChild(item);
      lastItem = item;
      p.remove();
    }
  }
}

/** A table without header cells gets its first row as the header, as Markdown requires. */
function giveTablesAHeader(doc: Document) {
  for (const table of Array.from(doc.body.querySelectorAll("table"))) {
    if (table.querySelector("th")) continue;
    const firstRow = table.querySelector("tr");
    if (!firstRow) continue;
    for (const td of Array.from(firstRow.querySelectorAll(":scope > td"))) {
      const th = doc.createElement("th");
      while (td.firstChild) th.appendChild(td.firstChild);
      td.replaceWith(th);
    }
  }
}

function removeNoise(doc: Document) {
  for (const el of Array.from(doc.querySelectorAll("style, meta, link, script, title, xml"))) el.remove();
  // Office's own tags (`<o:p>`, `<w:…>`) hold nothing a reader sees.
  for (const el of Array.from(doc.body.querySelectorAll("*"))) {
    if (el.tagName.includes(":")) el.replaceWith(...Array.from(el.childNodes));
  }
  const walker = doc.createTreeWalker(doc.body, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
}

/** The pasted HTML with Word's and LibreOffice's habits turned into plain structure. */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  removeNoise(doc);
  convertWordLists(doc);
  giveTablesAHeader(doc);
  // Serialised node by node (the editor's parser reads it back into its own detached document):
  // the cleaned markup never goes through the page's HTML.
  const serializer = new XMLSerializer();
  return Array.from(doc.body.childNodes, (node) => serializer.serializeToString(node)).join("");
}
