//! Markdown (CommonMark + GFM tables, parsed by pulldown-cmark) into model blocks, with French typography.
//!
//! Raw HTML is never interpreted: it is kept as literal text. Text of the form `⟦some.name⟧` (an unresolved
//! template placeholder) becomes its own span with `missing: true`.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::model::{Align, Block, Span, Table};

/// Conversion options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Added to every heading level (`#` becomes level 1 + offset), clamped to 3. A dossier section title is
    /// level 1, so the Markdown inside a section uses `heading_offset: 1`.
    pub heading_offset: u8,
}

/// Markdown to blocks, headings unshifted.
pub fn to_blocks(markdown: &str) -> Vec<Block> {
    to_blocks_with(markdown, Options::default())
}

/// Markdown to blocks with options.
pub fn to_blocks_with(markdown: &str, options: Options) -> Vec<Block> {
    let parser = Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut c = Converter { options, ..Converter::default() };
    c.containers.push(Container::Blocks(Vec::new()));
    for event in parser {
        c.event(event);
    }
    c.close_implicit();
    match c.containers.pop() {
        Some(Container::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

const NNBSP: char = '\u{202F}';

/// French typography on a run of text: the plain space before `;` `:` `!` `?` `»` and after `«` becomes a
/// narrow no-break space (U+202F); one is inserted before `;` `!` `?` directly after a letter. A colon is only
/// touched when a space precedes it (so `10:30` and `https://…` are left alone), and words that look like URLs or
/// e-mail addresses are not changed.
pub fn french_typography(text: &str) -> String {
    french_typography_after(None, text)
}

/// Like [`french_typography`], knowing the character that precedes `text` (from the previous span).
fn french_typography_after(prev: Option<char>, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Which characters belong to a URL-like word.
    let mut protected = vec![false; chars.len()];
    let mut start = 0;
    while start < chars.len() {
        if chars[start].is_whitespace() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && !chars[end].is_whitespace() {
            end += 1;
        }
        let word: String = chars[start..end].iter().collect();
        let lower = word.to_lowercase();
        if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") || word.contains('@') {
            protected[start..end].iter_mut().for_each(|p| *p = true);
        }
        start = end;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = if i == 0 { prev } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied();
        if c == ' ' || c == '\u{A0}' {
            let next_is_punct =
                matches!(next, Some(';' | ':' | '!' | '?' | '»')) && !protected.get(i + 1).copied().unwrap_or(false);
            if next_is_punct || before == Some('«') {
                out.push(NNBSP);
            } else {
                out.push(c);
            }
            continue;
        }
        if matches!(c, ';' | '!' | '?') && !protected[i] && before.is_some_and(char::is_alphabetic) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

#[derive(Debug)]
enum Container {
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    List { ordered: bool, start: u64, items: Vec<Vec<Block>> },
    Item(Vec<Block>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum InlineKind {
    Paragraph,
    /// Text directly inside a tight list item, without a paragraph.
    Implicit,
    Heading(u8),
    Cell,
    Code,
    Html,
}

#[derive(Debug, Default)]
struct TableState {
    align: Vec<Align>,
    header: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    row: Vec<Vec<Span>>,
    in_head: bool,
}

#[derive(Debug, Default)]
struct Converter {
    options: Options,
    containers: Vec<Container>,
    inline: Option<InlineKind>,
    spans: Vec<Span>,
    pending: String,
    /// Whether `pending` is verbatim (inline code, raw HTML): no typography.
    pending_verbatim: bool,
    strong: usize,
    emphasis: usize,
    links: Vec<String>,
    table: Option<TableState>,
}

impl Converter {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if self.inline == Some(InlineKind::Code) {
                    self.push_text(&text, true);
                } else {
                    self.push_text(&text, false);
                }
            }
            Event::Code(text) => self.push_text(&text, true),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text, true),
            Event::Html(text) => {
                if self.inline.is_none() {
                    self.inline = Some(InlineKind::Html);
                }
                self.push_text(&text, true);
            }
            Event::InlineHtml(text) => self.push_text(&text, true),
            Event::SoftBreak => self.push_text(" ", false),
            Event::HardBreak => self.push_text("\n", true),
            Event::Rule => {
                self.close_implicit();
                self.push_block(Block::Rule);
            }
            Event::FootnoteReference(name) => self.push_text(&format!("[{name}]"), true),
            Event::TaskListMarker(done) => self.push_text(if done { "☑ " } else { "☐ " }, true),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_inline(InlineKind::Paragraph),
            Tag::Heading { level, .. } => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                self.open_inline(InlineKind::Heading(n))
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.containers.push(Container::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => self.open_inline(InlineKind::Code),
            Tag::HtmlBlock => self.open_inline(InlineKind::Html),
            Tag::List(start) => {
                self.close_implicit();
                self.containers.push(Container::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Tag::Item => self.containers.push(Container::Item(Vec::new())),
            Tag::Table(align) => {
                self.close_implicit();
                self.table = Some(TableState {
                    align: align
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..TableState::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => self.open_inline(InlineKind::Cell),
            Tag::Emphasis => {
                self.flush();
                self.emphasis += 1;
            }
            Tag::Strong => {
                self.flush();
                self.strong += 1;
            }
            Tag::Link { dest_url, .. } => {
                self.flush();
                self.links.push(dest_url.to_string());
            }
            Tag::Image { .. } => {}
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Heading(_) => self.close_inline(),
            TagEnd::BlockQuote(_) => {
                self.close_implicit();
                if let Some(Container::Quote(blocks)) = self.containers.pop() {
                    let spans = flatten_to_spans(blocks);
                    self.push_block(Block::Note { spans });
                }
            }
            TagEnd::List(_) => {
                self.close_implicit();
                if let Some(Container::List { ordered, start, items }) = self.containers.pop() {
                    self.push_block(Block::List { ordered, start, items });
                }
            }
            TagEnd::Item => {
                self.close_implicit();
                if let Some(Container::Item(blocks)) = self.containers.pop() {
                    if let Some(Container::List { items, .. }) = self.containers.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            TagEnd::TableCell => {
                self.flush();
                let spans = std::mem::take(&mut self.spans);
                self.inline = None;
                if let Some(t) = &mut self.table {
                    t.row.push(spans);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(Table {
                        header: t.header,
                        rows: t.rows,
                        widths: None,
                        align: t.align,
                        total_row: false,
                        fills: Vec::new(),
                    }));
                }
            }
            TagEnd::Emphasis => {
                self.flush();
                self.emphasis = self.emphasis.saturating_sub(1);
            }
            TagEnd::Strong => {
                self.flush();
                self.strong = self.strong.saturating_sub(1);
            }
            TagEnd::Link => {
                self.flush();
                self.links.pop();
            }
            _ => {}
        }
    }

    fn open_inline(&mut self, kind: InlineKind) {
        self.close_implicit();
        self.inline = Some(kind);
    }

    /// Closes text that arrived outside any paragraph (tight list items, stray HTML).
    fn close_implicit(&mut self) {
        if matches!(self.inline, Some(InlineKind::Implicit | InlineKind::Html)) {
            self.close_inline();
        }
    }

    fn close_inline(&mut self) {
        self.flush();
        let mut spans = std::mem::take(&mut self.spans);
        let kind = self.inline.take();
        if matches!(kind, Some(InlineKind::Code | InlineKind::Html)) {
            // Trailing newline of a code or HTML block.
            if let Some(last) = spans.last_mut() {
                let trimmed = last.text.trim_end_matches('\n').len();
                last.text.truncate(trimmed);
            }
            spans.retain(|s| !s.text.is_empty());
        }
        if spans.is_empty() {
            return;
        }
        let block = match kind {
            Some(InlineKind::Heading(n)) => {
                Block::Heading { level: n.saturating_add(self.options.heading_offset).clamp(1, 3), spans }
            }
            _ => Block::Paragraph { spans },
        };
        self.push_block(block);
    }

    fn push_text(&mut self, text: &str, verbatim: bool) {
        if self.inline.is_none() {
            self.inline = Some(if self.table.is_some() { InlineKind::Cell } else { InlineKind::Implicit });
        }
        if verbatim != self.pending_verbatim && !self.pending.is_empty() {
            self.flush();
        }
        self.pending_verbatim = verbatim;
        self.pending.push_str(text);
    }

    /// Turns the pending text into spans in the current style.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let verbatim = std::mem::replace(&mut self.pending_verbatim, false);
        let style = Span {
            text: String::new(),
            bold: self.strong > 0,
            italic: self.emphasis > 0,
            link: self.links.last().cloned(),
            missing: false,
        };
        for (piece, missing) in split_placeholders(&text) {
            let prev = self.spans.last().and_then(|s| s.text.chars().last());
            let text = if missing || verbatim { piece.to_string() } else { french_typography_after(prev, piece) };
            if missing {
                self.spans.push(Span { text, missing: true, ..style.clone() });
            } else {
                match self.spans.last_mut() {
                    Some(last) if !last.missing && same_style(last, &style) => last.text.push_str(&text),
                    _ => self.spans.push(Span { text, ..style.clone() }),
                }
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.containers.last_mut() {
            Some(Container::Blocks(b) | Container::Quote(b) | Container::Item(b)) => b.push(block),
            Some(Container::List { items, .. }) => items.push(vec![block]),
            None => self.containers.push(Container::Blocks(vec![block])),
        }
    }
}

fn same_style(a: &Span, b: &Span) -> bool {
    a.bold == b.bold && a.italic == b.italic && a.link == b.link && a.missing == b.missing
}

/// Splits text around `⟦…⟧` placeholders: `(piece, is_placeholder)`.
fn split_placeholders(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('⟦') {
        let Some(close_rel) = rest[open..].find('⟧') else { break };
        let close = open + close_rel + '⟧'.len_utf8();
        if open > 0 {
            out.push((&rest[..open], false));
        }
        out.push((&rest[open..close], true));
        rest = &rest[close..];
    }
    if !rest.is_empty() {
        out.push((rest, false));
    }
    out
}

/// A block quote's blocks as the spans of one note: paragraphs separated by line breaks.
fn flatten_to_spans(blocks: Vec<Block>) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let push_break = |spans: &mut Vec<Span>| {
        if !spans.is_empty() {
            spans.push(Span::plain("\n"));
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph { spans: s } | Block::Note { spans: s } => {
                push_break(&mut spans);
                spans.extend(s);
            }
            Block::Heading { spans: s, .. } => {
                push_break(&mut spans);
                spans.extend(s.into_iter().map(|sp| Span { bold: true, ..sp }));
            }
            Block::List { ordered, start, items } => {
                for (i, item) in items.into_iter().enumerate() {
                    push_break(&mut spans);
                    let marker = if ordered { format!("{}. ", start + i as u64) } else { "• ".to_string() };
                    spans.push(Span::plain(marker));
                    let inner = flatten_to_spans(item);
                    spans.extend(inner);
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(t.header).chain(t.rows) {
                    push_break(&mut spans);
                    for (i, cell) in row.into_iter().enumerate() {
                        if i > 0 {
                            spans.push(Span::plain(" | "));
                        }
                        spans.extend(cell);
                    }
                }
            }
            Block::BarChart(chart) => {
                push_break(&mut spans);
                spans.push(Span::bold(chart.title));
            }
            Block::PageBreak | Block::Rule => {}
        }
    }
    spans
}
