//! Layout: a pure function from a [`Document`] to positioned pages (millimetres, y from the top of the page).
//!
//! No IO and no PDF types here: the font metrics are compiled in, so the result is fully determined by the
//! document. Lines are broken greedily on spaces (never at U+00A0 or U+202F), a word longer than the line is
//! split by characters, table rows are not split (unless taller than a page) and a table's header row is
//! repeated on every page it spans. A bar chart moves to the next page rather than split (unless taller than a
//! page). The table of contents gets the real page numbers.
//!
//! Keep-with-next: some blocks only introduce what follows them, and are never left alone at the foot of a page.
//! A heading always keeps with the next block; so does a short paragraph (two lines at most) right after a
//! heading — a lead-in, such as the line saying how many answered a question — and a short paragraph all in bold
//! or italics that announces something other than a heading (« Réponses les plus fréquentes » above its list).
//! A run of such blocks is placed only where it fits together with the start of the block it introduces: a
//! paragraph's first two lines, a table's header and first row, a whole chart (its header and first bar when
//! the chart is taller than a page).

use serde::Serialize;

pub use crate::fonts::Face;
use crate::fonts::{char_width, text_width, MM_PER_PT};
use crate::model::{plain_text, Align, BarChart, Block, Document, Span, Table, TitlePage};

pub const PAGE_WIDTH: f32 = 210.0;
pub const PAGE_HEIGHT: f32 = 297.0;
/// Left edge of the text.
pub const MARGIN_LEFT: f32 = 22.0;
/// Width of the text column (same margin on the right).
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_LEFT;
/// Top of the content area (the running header sits above it).
pub const CONTENT_TOP: f32 = 25.0;
/// Bottom of the content area (the running footer sits below it).
pub const CONTENT_BOTTOM: f32 = 276.0;

/// Body text size, in points.
pub const BODY_SIZE: f32 = 10.5;
const TABLE_SIZE: f32 = 9.5;
const HEADING_SIZES: [f32; 3] = [17.0, 13.5, 11.5];
const HEADING_SPACE_BEFORE: [f32; 3] = [9.0, 6.5, 4.5];
const HEADING_SPACE_AFTER: [f32; 3] = [3.5, 2.4, 1.6];
const LEADING: f32 = 1.4;
const PARAGRAPH_AFTER: f32 = 2.6;
const LIST_PARAGRAPH_AFTER: f32 = 0.9;
const EPSILON: f32 = 0.01;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }
    pub const TEXT: Color = Color::rgb(0x1a, 0x1a, 0x1a);
    pub const ACCENT: Color = Color::rgb(0x1f, 0x3a, 0x5f);
    pub const MUTED: Color = Color::rgb(0x5f, 0x66, 0x6d);
    pub const LINK: Color = Color::rgb(0x1a, 0x55, 0xa8);
    pub const RULE_LIGHT: Color = Color::rgb(0xb8, 0xc0, 0xc8);
    pub const RULE_DARK: Color = Color::rgb(0x44, 0x4c, 0x55);
    pub const NOTE_BACKGROUND: Color = Color::rgb(0xec, 0xf2, 0xf8);
    pub const NOTE_BAR: Color = Color::rgb(0x4a, 0x7a, 0xb0);
    pub const HEADER_BACKGROUND: Color = Color::rgb(0xe4, 0xea, 0xf0);
    /// Highlight behind an unresolved placeholder.
    pub const MISSING_BACKGROUND: Color = Color::rgb(0xff, 0xd8, 0x8c);
    pub const MISSING_TEXT: Color = Color::rgb(0x8a, 0x2e, 0x00);
    /// The light track behind a chart's bar (its full length).
    pub const BAR_TRACK: Color = Color::rgb(0xee, 0xf1, 0xf4);
}

/// The colours of a chart's series: shades of the accent first, then distinct hues; the first is the colour of
/// a single-series chart's bars.
pub const SERIES_COLORS: [Color; 6] = [
    Color::ACCENT,
    Color::rgb(0x4a, 0x7a, 0xb0),
    Color::rgb(0x9b, 0xbc, 0xe0),
    Color::rgb(0xc2, 0x7c, 0x2c),
    Color::rgb(0x5f, 0x8f, 0x4e),
    Color::rgb(0x8a, 0x5a, 0x9e),
];

/// The colour of series `i` of a chart.
pub fn series_color(i: usize) -> Color {
    SERIES_COLORS[i % SERIES_COLORS.len()]
}

/// The positioned pages, and the table of contents as laid out (levels 1 and 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub toc: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    /// 1-based page number, as printed.
    pub page: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based page number (the title page is page 1).
    pub number: usize,
    pub items: Vec<Item>,
}

/// Something drawn on a page. Millimetres; y is measured from the top of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    /// `x`, `y`: start of the baseline.
    Text { x: f32, y: f32, face: Face, size: f32, text: String, color: Color },
    /// `width` in points.
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Color },
    /// `x`, `y`: top-left corner.
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Color },
    /// The title-page logo; `x`, `y`: top-left corner.
    Image { x: f32, y: f32, w: f32, h: f32 },
    /// A clickable area opening `uri`; `x`, `y`: top-left corner.
    Link { x: f32, y: f32, w: f32, h: f32, uri: String },
    /// A clickable area going to a page of the document (1-based), used by the table of contents.
    GoTo { x: f32, y: f32, w: f32, h: f32, page: usize },
}

fn pt(size: f32) -> f32 {
    size * MM_PER_PT
}

fn line_height(size: f32) -> f32 {
    pt(size) * LEADING
}

/// Distance from the top of a line box to its baseline.
fn baseline_offset(size: f32) -> f32 {
    line_height(size) * 0.5 + pt(size) * 0.36
}

// ---------------------------------------------------------------------------------------------------------------
// Line breaking

#[derive(Debug, Clone, PartialEq)]
struct Style {
    face: Face,
    size: f32,
    color: Color,
    link: Option<String>,
    missing: bool,
}

/// The style spans get inside a block.
#[derive(Debug, Clone, Copy)]
struct Base {
    size: f32,
    bold: bool,
    italic: bool,
    color: Color,
}

impl Base {
    fn body() -> Self {
        Base { size: BODY_SIZE, bold: false, italic: false, color: Color::TEXT }
    }

    fn style(&self, span: &Span) -> Style {
        let face = Face::new(self.bold || span.bold || span.missing, self.italic || span.italic);
        let color = if span.missing {
            Color::MISSING_TEXT
        } else if span.link.is_some() {
            Color::LINK
        } else {
            self.color
        };
        Style { face, size: self.size, color, link: span.link.clone(), missing: span.missing }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Frag {
    /// Offset from the start of the line.
    x: f32,
    style: usize,
    text: String,
    width: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct TextLine {
    frags: Vec<Frag>,
    width: f32,
}

impl TextLine {
    /// Appends `text` after a gap (a space of `gap_style`, or nothing), merging with the previous fragment when
    /// the style is the same.
    fn place(&mut self, style: usize, text: &str, width: f32, gap: f32, gap_style: Option<usize>) {
        let x = self.width + gap;
        if let Some(last) = self.frags.last_mut() {
            if last.style == style && (gap == 0.0 || gap_style == Some(style)) {
                if gap > 0.0 {
                    last.text.push(' ');
                }
                last.text.push_str(text);
                last.width = x + width - last.x;
                self.width = x + width;
                return;
            }
        }
        self.frags.push(Frag { x, style, text: text.to_string(), width });
        self.width = x + width;
    }
}

/// Broken lines of a run of spans, with their styles.
#[derive(Debug, Clone, Default)]
struct Lines {
    styles: Vec<Style>,
    lines: Vec<TextLine>,
    /// Widest word (the narrowest the text can be without splitting words).
    min_width: f32,
}

enum Token {
    Word { frags: Vec<(usize, String, f32)>, width: f32, space_before: Option<usize> },
    Break,
}

fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{2002}' | '\u{2003}' | '\u{2009}')
}

fn tokenize(runs: &[(usize, &str)], styles: &[Style]) -> Vec<Token> {
    struct Current {
        frags: Vec<(usize, String)>,
        space_before: Option<usize>,
    }
    fn finish(cur: &mut Option<Current>, tokens: &mut Vec<Token>, styles: &[Style]) {
        if let Some(c) = cur.take() {
            let frags: Vec<(usize, String, f32)> = c
                .frags
                .into_iter()
                .map(|(s, t)| {
                    let w = text_width(styles[s].face, styles[s].size, &t);
                    (s, t, w)
                })
                .collect();
            let width = frags.iter().map(|f| f.2).sum();
            tokens.push(Token::Word { frags, width, space_before: c.space_before });
        }
    }
    let mut tokens = Vec::new();
    let mut cur: Option<Current> = None;
    let mut space: Option<usize> = None;
    for &(si, text) in runs {
        for c in text.chars() {
            if is_break_space(c) {
                finish(&mut cur, &mut tokens, styles);
                space.get_or_insert(si);
            } else if c == '\n' {
                finish(&mut cur, &mut tokens, styles);
                tokens.push(Token::Break);
                space = None;
            } else {
                let current = cur.get_or_insert_with(|| Current { frags: Vec::new(), space_before: space.take() });
                match current.frags.last_mut() {
                    Some((s, t)) if *s == si => t.push(c),
                    _ => current.frags.push((si, c.to_string())),
                }
            }
        }
    }
    finish(&mut cur, &mut tokens, styles);
    tokens
}

fn break_spans(spans: &[Span], base: Base, width: f32) -> Lines {
    let mut styles: Vec<Style> = Vec::new();
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for span in spans {
        if span.text.is_empty() {
            continue;
        }
        let style = base.style(span);
        let index = match styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None => {
                styles.push(style);
                styles.len() - 1
            }
        };
        runs.push((index, span.text.as_str()));
    }
    let tokens = tokenize(&runs, &styles);
    let mut out = Lines { min_width: 0.0, lines: Vec::new(), styles: Vec::new() };
    let mut line = TextLine::default();
    for token in tokens {
        match token {
            Token::Break => out.lines.push(std::mem::take(&mut line)),
            Token::Word { frags, width: word_width, space_before } => {
                out.min_width = out.min_width.max(word_width);
                let mut gap = match space_before {
                    Some(s) if !line.frags.is_empty() => char_width(styles[s].face, styles[s].size, ' '),
                    _ => 0.0,
                };
                if !line.frags.is_empty() && line.width + gap + word_width > width + EPSILON {
                    out.lines.push(std::mem::take(&mut line));
                    gap = 0.0;
                }
                if word_width > width + EPSILON {
                    // Longer than the line: split by characters.
                    for (s, text, _) in frags {
                        for c in text.chars() {
                            let cw = char_width(styles[s].face, styles[s].size, c);
                            if !line.frags.is_empty() && line.width + gap + cw > width + EPSILON {
                                out.lines.push(std::mem::take(&mut line));
                                gap = 0.0;
                            }
                            let mut buf = [0u8; 4];
                            line.place(s, c.encode_utf8(&mut buf), cw, gap, space_before);
                            gap = 0.0;
                        }
                    }
                } else {
                    for (s, text, w) in frags {
                        line.place(s, &text, w, gap, space_before);
                        gap = 0.0;
                    }
                }
            }
        }
    }
    if !line.frags.is_empty() {
        out.lines.push(line);
    }
    while out.lines.last().is_some_and(|l| l.frags.is_empty()) {
        out.lines.pop();
    }
    out.styles = styles;
    out
}

/// Cuts `text` with an ellipsis so that it fits `width`.
fn ellipsize(text: &str, face: Face, size: f32, width: f32) -> String {
    if text_width(face, size, text) <= width {
        return text.to_string();
    }
    let ell = char_width(face, size, '…');
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = char_width(face, size, c);
        if w + cw + ell > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Pages

#[derive(Debug, Clone, Copy, Default)]
struct Context {
    list_depth: usize,
}

struct Layouter {
    pages: Vec<Vec<Item>>,
    y: f32,
    /// Nothing has been placed on the current page yet.
    fresh: bool,
    /// A list marker waiting for the first line of its item: (right edge, text).
    marker: Option<(f32, String)>,
    /// Headings: (level, text, page index in `pages`).
    headings: Vec<(u8, String, usize)>,
    /// The last block placed keeps with the next one: what comes now was already given room under it.
    tied: bool,
}

impl Layouter {
    fn new() -> Self {
        Layouter {
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            fresh: true,
            marker: None,
            headings: Vec::new(),
            tied: false,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("at least one page").push(item);
    }

    fn remaining(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    /// Vertical space, dropped at the top of a page.
    fn space(&mut self, h: f32) {
        if !self.fresh {
            self.y += h;
        }
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    fn ensure(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM + EPSILON && !self.fresh {
            self.new_page();
        }
    }

    /// Draws one broken line whose box starts at the current y, then moves down.
    fn emit_line(&mut self, line: &TextLine, styles: &[Style], x: f32, size: f32) {
        let baseline = self.y + baseline_offset(size);
        if let Some((right, text)) = self.marker.take() {
            let w = text_width(Face::Regular, size, &text);
            self.push(Item::Text { x: right - w, y: baseline, face: Face::Regular, size, text, color: Color::TEXT });
        }
        draw_line(self.pages.last_mut().expect("page"), line, styles, x, baseline);
        self.y += line_height(size);
        self.fresh = false;
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, ctx: Context) {
        for (i, block) in blocks.iter().enumerate() {
            let rest = &blocks[i + 1..];
            let after_heading = i > 0 && matches!(blocks[i - 1], Block::Heading { .. });
            let kept = keeps_with_next(block, after_heading, rest.first(), width);
            match block {
                Block::Heading { level, spans } => self.heading(*level, spans, rest, x, width),
                Block::Paragraph { spans } => {
                    // A lead-in under a heading was given room by the heading; a run-in title asks for its own.
                    if kept && !after_heading {
                        let own = paragraph_height(spans, width, ctx);
                        self.ensure((own + Self::kept_lead(rest, false, width)).min(PAGE_CONTENT_HEIGHT));
                    }
                    self.paragraph(spans, x, width, ctx)
                }
                Block::List { ordered, start, items } => self.list(*ordered, *start, items, x, width, ctx),
                Block::Table(table) => self.table(table, x, width),
                Block::Note { spans } => self.note(spans, x, width),
                Block::PageBreak => {
                    if !self.fresh {
                        self.new_page();
                    }
                }
                Block::BarChart(chart) => self.bar_chart(chart, x, width),
                Block::Rule => {
                    self.space(2.5);
                    self.ensure(1.0);
                    let y = self.y;
                    self.push(Item::Line { x1: x, y1: y, x2: x + width, y2: y, width: 0.6, color: Color::RULE_LIGHT });
                    self.fresh = false;
                    self.y += 3.5;
                }
            }
            self.tied = kept;
        }
    }

    /// Height that `rest` needs on the page of the block before it, which keeps with it: the blocks that keep
    /// with their next one in full, then the lead of the first that does not.
    fn kept_lead(rest: &[Block], after_heading: bool, width: f32) -> f32 {
        let mut height = 0.0;
        let mut after_heading = after_heading;
        for (i, block) in rest.iter().enumerate() {
            if !keeps_with_next(block, after_heading, rest.get(i + 1), width) {
                return height + Self::lead_height(Some(block), width);
            }
            height += match block {
                Block::Heading { level, spans } => heading_height(*level, spans, width),
                Block::Paragraph { spans } => paragraph_height(spans, width, Context::default()),
                _ => 0.0,
            };
            after_heading = matches!(block, Block::Heading { .. });
        }
        height
    }

    /// Height the block after a heading needs on the same page: two lines, or a table's header and first row.
    fn lead_height(block: Option<&Block>, width: f32) -> f32 {
        let body = line_height(BODY_SIZE);
        match block {
            Some(Block::Paragraph { spans }) => {
                let n = break_spans(spans, Base::body(), width).lines.len().clamp(1, 2);
                n as f32 * body
            }
            Some(Block::Note { .. }) => 2.0 * body + 6.0,
            Some(Block::List { .. }) => 2.0 * body,
            Some(Block::Heading { level, .. }) => {
                let l = usize::from((*level).clamp(1, 3)) - 1;
                HEADING_SPACE_BEFORE[l] + line_height(HEADING_SIZES[l]) + HEADING_SPACE_AFTER[l] + 2.0 * body
            }
            Some(Block::Table(t)) => {
                let grid = TableGrid::new(t, width);
                grid.header_height() + grid.row_heights.first().copied().unwrap_or(0.0)
            }
            // The chart moves whole to the next page when it does not fit: its heading goes with it. A chart
            // taller than a page starts under its heading with at least its header and first bar.
            Some(Block::BarChart(c)) => {
                let g = ChartGeometry::new(c, width);
                CHART_SPACE_BEFORE
                    + if g.height() <= PAGE_CONTENT_HEIGHT {
                        g.height()
                    } else {
                        g.header_height + g.rows.first().map_or(0.0, |r| r.height)
                    }
            }
            _ => 0.0,
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span], rest: &[Block], x: f32, width: f32) {
        let l = usize::from(level.clamp(1, 3)) - 1;
        let size = HEADING_SIZES[l];
        let base = Base { size, bold: true, italic: false, color: Color::ACCENT };
        let lines = break_spans(spans, base, width);
        self.space(HEADING_SPACE_BEFORE[l]);
        let own = lines.lines.len() as f32 * line_height(size) + HEADING_SPACE_AFTER[l];
        let lead = Self::kept_lead(rest, true, width).min(PAGE_CONTENT_HEIGHT - own);
        self.ensure(own + lead);
        let page = self.pages.len() - 1;
        self.headings.push((level.clamp(1, 3), plain_text(spans).replace('\n', " ").trim().to_string(), page));
        for line in &lines.lines {
            self.emit_line(line, &lines.styles, x, size);
        }
        if l == 0 {
            let y = self.y + 0.6;
            self.push(Item::Line { x1: x, y1: y, x2: x + width, y2: y, width: 0.8, color: Color::ACCENT });
        }
        self.y += HEADING_SPACE_AFTER[l];
    }

    fn paragraph(&mut self, spans: &[Span], x: f32, width: f32, ctx: Context) {
        let lines = break_spans(spans, Base::body(), width);
        let lh = line_height(BODY_SIZE);
        for line in &lines.lines {
            self.ensure(lh);
            self.emit_line(line, &lines.styles, x, BODY_SIZE);
        }
        self.y += if ctx.list_depth > 0 { LIST_PARAGRAPH_AFTER } else { PARAGRAPH_AFTER };
    }

    fn list(&mut self, ordered: bool, start: u64, items: &[Vec<Block>], x: f32, width: f32, ctx: Context) {
        let last = start.saturating_add(items.len() as u64);
        let indent =
            if ordered { (text_width(Face::Regular, BODY_SIZE, &format!("{last}.")) + 2.5).max(6.5) } else { 5.5 };
        let bullet = ["•", "–", "◦"][ctx.list_depth % 3];
        let inner = Context { list_depth: ctx.list_depth + 1 };
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered { format!("{}.", start.saturating_add(i as u64)) } else { bullet.to_string() };
            self.marker = Some((x + indent - 2.0, marker));
            self.blocks(item, x + indent, width - indent, inner);
            self.marker = None;
        }
        if ctx.list_depth == 0 {
            self.y += PARAGRAPH_AFTER - LIST_PARAGRAPH_AFTER;
        }
    }

    fn note(&mut self, spans: &[Span], x: f32, width: f32) {
        let pad = 3.0;
        let bar = 1.2;
        let lines = break_spans(spans, Base::body(), width - 2.0 * pad - bar);
        let lh = line_height(BODY_SIZE);
        let mut i = 0;
        let total = lines.lines.len().max(1);
        while i < total {
            let fit = ((self.remaining() - 2.0 * pad) / lh + EPSILON).floor().max(0.0) as usize;
            let mut n = fit.min(total - i);
            if n == 0 {
                if self.fresh {
                    n = 1;
                } else {
                    self.new_page();
                    continue;
                }
            }
            // Keep at least two lines of a note together at the bottom of a page.
            if n < 2 && total - i >= 2 && !self.fresh {
                self.new_page();
                continue;
            }
            let top = self.y;
            let h = n as f32 * lh + 2.0 * pad;
            self.push(Item::Rect { x, y: top, w: width, h, fill: Color::NOTE_BACKGROUND });
            self.push(Item::Rect { x, y: top, w: bar, h, fill: Color::NOTE_BAR });
            self.y += pad;
            for line in lines.lines.iter().skip(i).take(n) {
                self.emit_line(line, &lines.styles, x + bar + pad, BODY_SIZE);
            }
            self.y = top + h;
            self.fresh = false;
            i += n;
            if i < total {
                self.new_page();
            }
        }
        self.y += PARAGRAPH_AFTER + 0.6;
    }

    fn table(&mut self, table: &Table, x: f32, width: f32) {
        let grid = TableGrid::new(table, width);
        if grid.widths.is_empty() {
            return;
        }
        let header_h = grid.header_height();
        let first = grid.row_heights.first().copied().unwrap_or(0.0);
        self.space(1.0);
        self.ensure(header_h + first);
        self.table_header(&grid, x);
        let usable = CONTENT_BOTTOM - CONTENT_TOP - header_h;
        for (r, row) in grid.rows.iter().enumerate() {
            let h = grid.row_heights[r];
            let total = table.total_row && r + 1 == grid.rows.len();
            // A row that does not fit goes to the next page, unless it is taller than a page: then it starts
            // here (if a few lines fit) and continues below.
            let fits_a_page = h <= usable;
            let few_lines_left = self.remaining() < 2.0 * grid.pad_y + 3.0 * grid.line_h;
            if self.y + h > CONTENT_BOTTOM + EPSILON && (fits_a_page || few_lines_left) {
                self.new_page();
                self.table_header(&grid, x);
            }
            // Normally one segment; a row taller than a page continues on the next ones.
            let mut offsets = vec![0usize; row.len()];
            loop {
                let fit = ((self.remaining() - 2.0 * grid.pad_y) / grid.line_h + EPSILON).floor().max(1.0) as usize;
                let top = self.y;
                if total {
                    self.push(Item::Line {
                        x1: x,
                        y1: top,
                        x2: x + grid.width(),
                        y2: top,
                        width: 0.9,
                        color: Color::RULE_DARK,
                    });
                }
                let mut tallest = 1usize;
                let mut cx = x;
                for (c, cell) in row.iter().enumerate() {
                    let taken = cell.lines.len().saturating_sub(offsets[c]).min(fit);
                    tallest = tallest.max(taken);
                    let mut ly = top + grid.pad_y;
                    for line in cell.lines.iter().skip(offsets[c]).take(taken) {
                        let lx = grid.aligned_x(cx, c, line.width);
                        let pg = self.pages.last_mut().expect("page");
                        draw_line(pg, line, &cell.styles, lx, ly + baseline_offset(TABLE_SIZE));
                        ly += grid.line_h;
                    }
                    offsets[c] += taken;
                    cx += grid.widths[c];
                }
                let h = tallest as f32 * grid.line_h + 2.0 * grid.pad_y;
                self.y = top + h;
                self.fresh = false;
                let done = row.iter().enumerate().all(|(c, cell)| offsets[c] >= cell.lines.len());
                if !total {
                    let y = self.y;
                    let w = grid.width();
                    self.push(Item::Line { x1: x, y1: y, x2: x + w, y2: y, width: 0.3, color: Color::RULE_LIGHT });
                }
                if done {
                    break;
                }
                self.new_page();
                self.table_header(&grid, x);
            }
        }
        self.y += PARAGRAPH_AFTER + 1.0;
    }

    fn bar_chart(&mut self, chart: &BarChart, x: f32, width: f32) {
        let g = ChartGeometry::new(chart, width);
        self.space(CHART_SPACE_BEFORE);
        // Whole on one page when it fits one; otherwise its header and first row, the rest continuing below. Under
        // a heading that was placed for it, a chart that does not fit what is left of the page is split there
        // rather than moved, which would leave the heading alone.
        let whole_fits_here = g.height() <= self.remaining() + EPSILON;
        if g.height() <= PAGE_CONTENT_HEIGHT && (whole_fits_here || !self.tied) {
            self.ensure(g.height());
        } else {
            self.ensure(g.header_height + g.rows.first().map_or(0.0, |r| r.height));
        }
        for line in &g.title.lines {
            self.emit_line(line, &g.title.styles, x, CHART_TITLE_SIZE);
        }
        if let Some(sub) = &g.subtitle {
            for line in &sub.lines {
                self.emit_line(line, &sub.styles, x, CHART_SMALL_SIZE);
            }
        }
        let legend_top = self.y + CHART_LEGEND_GAP;
        for (i, (lx, line, name)) in g.legend.iter().enumerate() {
            let top = legend_top + *line as f32 * line_height(CHART_SMALL_SIZE);
            let baseline = top + baseline_offset(CHART_SMALL_SIZE);
            let square = CHART_LEGEND_SQUARE;
            let sy = top + (line_height(CHART_SMALL_SIZE) - square) / 2.0;
            self.push(Item::Rect { x: x + lx, y: sy, w: square, h: square, fill: series_color(i) });
            self.push(Item::Text {
                x: x + lx + square + 1.2,
                y: baseline,
                face: Face::Regular,
                size: CHART_SMALL_SIZE,
                text: name.clone(),
                color: Color::TEXT,
            });
        }
        self.y += g.legend_height;
        self.y += CHART_HEADER_AFTER;
        self.fresh = false;
        let bar_x = x + g.label_width + CHART_LABEL_GAP;
        for (r, row) in g.rows.iter().enumerate() {
            self.ensure(row.height);
            let top = self.y;
            let label_h = line_height(CHART_LABEL_SIZE);
            let mut ly = top;
            for line in &row.label.lines {
                draw_line(
                    self.pages.last_mut().expect("page"),
                    line,
                    &row.label.styles,
                    x,
                    ly + baseline_offset(CHART_LABEL_SIZE),
                );
                ly += label_h;
            }
            if let Some(note) = &row.note {
                for line in &note.lines {
                    let baseline = ly + baseline_offset(CHART_SMALL_SIZE);
                    draw_line(self.pages.last_mut().expect("page"), line, &note.styles, x, baseline);
                    ly += line_height(CHART_SMALL_SIZE);
                }
            }
            let bar = &chart.bars[r];
            if chart.series.is_empty() {
                let by = top + (label_h - CHART_BAR_HEIGHT) / 2.0;
                self.push(Item::Rect { x: bar_x, y: by, w: g.bar_width, h: CHART_BAR_HEIGHT, fill: Color::BAR_TRACK });
                let w = g.length(bar.value);
                if w > 0.0 {
                    self.push(Item::Rect { x: bar_x, y: by, w, h: CHART_BAR_HEIGHT, fill: series_color(0) });
                }
                self.value_text(bar_x + w + CHART_VALUE_GAP, by, CHART_BAR_HEIGHT, &bar.display);
            } else {
                let mut by = top + (label_h - CHART_SUB_BAR_HEIGHT) / 2.0;
                for (s, value) in g.values(r).into_iter().enumerate() {
                    let w = g.length(value);
                    if w > 0.0 {
                        self.push(Item::Rect { x: bar_x, y: by, w, h: CHART_SUB_BAR_HEIGHT, fill: series_color(s) });
                    }
                    self.value_text(bar_x + w + CHART_VALUE_GAP, by, CHART_SUB_BAR_HEIGHT, &g.format(value));
                    by += CHART_SUB_BAR_HEIGHT + CHART_SUB_BAR_GAP;
                }
            }
            self.y = top + row.height;
            self.fresh = false;
        }
        self.y += PARAGRAPH_AFTER + 1.0;
    }

    /// A bar's text, vertically centred on a bar drawn from `top` with height `h`.
    fn value_text(&mut self, x: f32, top: f32, h: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let baseline = top + h / 2.0 + pt(CHART_VALUE_SIZE) * 0.36;
        self.push(Item::Text {
            x,
            y: baseline,
            face: Face::Regular,
            size: CHART_VALUE_SIZE,
            text: text.to_string(),
            color: Color::TEXT,
        });
    }

    fn table_header(&mut self, grid: &TableGrid, x: f32) {
        if grid.header.is_empty() {
            return;
        }
        let top = self.y;
        let h = grid.header_height();
        let w = grid.width();
        self.push(Item::Rect { x, y: top, w, h, fill: Color::HEADER_BACKGROUND });
        let mut cx = x;
        for (c, cell) in grid.header.iter().enumerate() {
            let mut ly = top + grid.pad_y;
            for line in &cell.lines {
                let lx = grid.aligned_x(cx, c, line.width);
                let pg = self.pages.last_mut().expect("page");
                draw_line(pg, line, &cell.styles, lx, ly + baseline_offset(TABLE_SIZE));
                ly += grid.line_h;
            }
            cx += grid.widths[c];
        }
        self.y = top + h;
        self.push(Item::Line { x1: x, y1: self.y, x2: x + w, y2: self.y, width: 0.7, color: Color::RULE_DARK });
        self.fresh = false;
    }
}

/// Height of the content area of a page.
const PAGE_CONTENT_HEIGHT: f32 = CONTENT_BOTTOM - CONTENT_TOP;

/// Whether `block` keeps with the next one (see the module documentation): a heading; a paragraph of at most
/// two lines right after a heading; a paragraph of at most two lines, all bold or italic, before anything but a
/// heading. Nothing keeps with the end of the document.
fn keeps_with_next(block: &Block, after_heading: bool, next: Option<&Block>, width: f32) -> bool {
    let Some(next) = next else { return false };
    match block {
        Block::Heading { .. } => true,
        Block::Paragraph { spans } => {
            let short = || break_spans(spans, Base::body(), width).lines.len() <= 2;
            let emphasised = || {
                let mut words = spans.iter().filter(|s| !s.text.trim().is_empty()).peekable();
                words.peek().is_some() && words.all(|s| s.bold || s.italic)
            };
            (after_heading || (emphasised() && !matches!(next, Block::Heading { .. }))) && short()
        }
        _ => false,
    }
}

/// A heading's height on the page, spaces before and after included.
fn heading_height(level: u8, spans: &[Span], width: f32) -> f32 {
    let l = usize::from(level.clamp(1, 3)) - 1;
    let base = Base { size: HEADING_SIZES[l], bold: true, italic: false, color: Color::ACCENT };
    let lines = break_spans(spans, base, width).lines.len() as f32;
    HEADING_SPACE_BEFORE[l] + lines * line_height(HEADING_SIZES[l]) + HEADING_SPACE_AFTER[l]
}

/// A paragraph's height on the page, the space after it included.
fn paragraph_height(spans: &[Span], width: f32, ctx: Context) -> f32 {
    let lines = break_spans(spans, Base::body(), width).lines.len() as f32;
    lines * line_height(BODY_SIZE) + if ctx.list_depth > 0 { LIST_PARAGRAPH_AFTER } else { PARAGRAPH_AFTER }
}

/// Draws the fragments of a broken line: highlight behind placeholders, text, link areas and underlines.
fn draw_line(items: &mut Vec<Item>, line: &TextLine, styles: &[Style], x: f32, baseline: f32) {
    for frag in &line.frags {
        let style = &styles[frag.style];
        let fx = x + frag.x;
        let em = pt(style.size);
        if style.missing {
            items.push(Item::Rect {
                x: fx - 0.5,
                y: baseline - em * 0.86,
                w: frag.width + 1.0,
                h: em * 1.14,
                fill: Color::MISSING_BACKGROUND,
            });
        }
        items.push(Item::Text {
            x: fx,
            y: baseline,
            face: style.face,
            size: style.size,
            text: frag.text.clone(),
            color: style.color,
        });
        if let Some(uri) = &style.link {
            let uy = baseline + em * 0.12;
            items.push(Item::Line { x1: fx, y1: uy, x2: fx + frag.width, y2: uy, width: 0.4, color: style.color });
            items.push(Item::Link { x: fx, y: baseline - em * 0.85, w: frag.width, h: em * 1.1, uri: uri.clone() });
        }
    }
}

const CHART_SPACE_BEFORE: f32 = 2.0;
const CHART_TITLE_SIZE: f32 = 10.5;
const CHART_SMALL_SIZE: f32 = 8.5;
const CHART_LABEL_SIZE: f32 = 9.0;
const CHART_VALUE_SIZE: f32 = 8.5;
const CHART_BAR_HEIGHT: f32 = 4.2;
const CHART_SUB_BAR_HEIGHT: f32 = 3.0;
const CHART_SUB_BAR_GAP: f32 = 0.5;
const CHART_ROW_GAP: f32 = 1.6;
const CHART_LABEL_GAP: f32 = 3.0;
const CHART_VALUE_GAP: f32 = 1.5;
const CHART_LEGEND_GAP: f32 = 1.0;
const CHART_LEGEND_SQUARE: f32 = 2.8;
const CHART_HEADER_AFTER: f32 = 2.2;

/// A bar chart measured for a width: title, legend, label column, bar area, and every row's height.
struct ChartGeometry {
    title: Lines,
    subtitle: Option<Lines>,
    /// (x offset, line index, series name) of each legend entry.
    legend: Vec<(f32, usize, String)>,
    legend_height: f32,
    header_height: f32,
    label_width: f32,
    /// The length of a bar whose value is the chart's max.
    bar_width: f32,
    max: f32,
    grouped: Vec<Vec<f32>>,
    rows: Vec<ChartRow>,
}

struct ChartRow {
    label: Lines,
    /// A grouped bar's `display`, under its label.
    note: Option<Lines>,
    height: f32,
}

impl ChartGeometry {
    fn new(chart: &BarChart, width: f32) -> Self {
        let title_base = Base { size: CHART_TITLE_SIZE, bold: true, italic: false, color: Color::ACCENT };
        let small = Base { size: CHART_SMALL_SIZE, bold: false, italic: true, color: Color::MUTED };
        let label_base = Base { size: CHART_LABEL_SIZE, bold: false, italic: false, color: Color::TEXT };
        let title = break_spans(&[Span::plain(chart.title.clone())], title_base, width);
        let subtitle = chart
            .subtitle
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| break_spans(&[Span::plain(s)], small, width));
        let mut header_height = title.lines.len() as f32 * line_height(CHART_TITLE_SIZE)
            + subtitle.as_ref().map_or(0.0, |s| s.lines.len() as f32 * line_height(CHART_SMALL_SIZE));
        // Legend entries flow on as many lines as needed.
        let mut legend = Vec::new();
        let (mut lx, mut line) = (0.0f32, 0usize);
        for name in &chart.series {
            let name = ellipsize(name, Face::Regular, CHART_SMALL_SIZE, width - CHART_LEGEND_SQUARE - 1.2);
            let w = CHART_LEGEND_SQUARE + 1.2 + text_width(Face::Regular, CHART_SMALL_SIZE, &name);
            if lx > 0.0 && lx + w > width {
                lx = 0.0;
                line += 1;
            }
            legend.push((lx, line, name));
            lx += w + 5.0;
        }
        let legend_height =
            if legend.is_empty() { 0.0 } else { CHART_LEGEND_GAP + (line + 1) as f32 * line_height(CHART_SMALL_SIZE) };
        header_height += legend_height + CHART_HEADER_AFTER;
        let series = chart.series.len();
        let grouped: Vec<Vec<f32>> = (0..chart.bars.len())
            .map(|r| (0..series).map(|s| chart.grouped.get(r).and_then(|v| v.get(s)).copied().unwrap_or(0.0)).collect())
            .collect();
        let mut geometry = ChartGeometry {
            title,
            subtitle,
            legend,
            legend_height,
            header_height,
            label_width: 0.0,
            bar_width: 0.0,
            max: chart.max,
            grouped,
            rows: Vec::new(),
        };
        // The label column: as wide as the longest label, within a fifth and two fifths of the width.
        let natural = chart
            .bars
            .iter()
            .map(|b| text_width(Face::Regular, CHART_LABEL_SIZE, b.label.trim()))
            .fold(0.0f32, f32::max);
        let label_width = natural.clamp(width * 0.2, width * 0.4);
        let value_width = if series == 0 {
            chart.bars.iter().map(|b| text_width(Face::Regular, CHART_VALUE_SIZE, &b.display)).fold(0.0f32, f32::max)
        } else {
            geometry
                .grouped
                .iter()
                .flatten()
                .map(|v| text_width(Face::Regular, CHART_VALUE_SIZE, &geometry.format(*v)))
                .fold(0.0f32, f32::max)
        };
        geometry.label_width = label_width;
        geometry.bar_width = (width - label_width - CHART_LABEL_GAP - CHART_VALUE_GAP - value_width).max(10.0);
        let note_base = Base { size: CHART_SMALL_SIZE, bold: false, italic: false, color: Color::MUTED };
        geometry.rows = chart
            .bars
            .iter()
            .map(|bar| {
                let label = break_spans(&[Span::plain(bar.label.trim())], label_base, label_width);
                let note = (series > 0 && !bar.display.trim().is_empty())
                    .then(|| break_spans(&[Span::plain(bar.display.trim())], note_base, label_width));
                let text_h = label.lines.len().max(1) as f32 * line_height(CHART_LABEL_SIZE)
                    + note.as_ref().map_or(0.0, |n| n.lines.len() as f32 * line_height(CHART_SMALL_SIZE));
                let bars_h = if series == 0 {
                    CHART_BAR_HEIGHT
                } else {
                    let h = series as f32 * (CHART_SUB_BAR_HEIGHT + CHART_SUB_BAR_GAP) - CHART_SUB_BAR_GAP;
                    h + (line_height(CHART_LABEL_SIZE) - CHART_SUB_BAR_HEIGHT) / 2.0
                };
                let gap = if series == 0 { CHART_ROW_GAP } else { CHART_ROW_GAP * 1.5 };
                ChartRow { label, note, height: text_h.max(bars_h) + gap }
            })
            .collect();
        geometry
    }

    fn height(&self) -> f32 {
        self.header_height + self.rows.iter().map(|r| r.height).sum::<f32>()
    }

    /// A bar's length: proportional to `value / max`, between 0 and the bar area's width.
    fn length(&self, value: f32) -> f32 {
        if self.max.is_nan() || self.max <= 0.0 || !value.is_finite() {
            return 0.0;
        }
        self.bar_width * (value / self.max).clamp(0.0, 1.0)
    }

    fn values(&self, row: usize) -> Vec<f32> {
        self.grouped.get(row).cloned().unwrap_or_default()
    }

    /// A grouped bar's value as printed: a rounded percentage on a 0–100 scale, else a decimal with a comma.
    fn format(&self, value: f32) -> String {
        if !value.is_finite() {
            return String::new();
        }
        if (self.max - 100.0).abs() < EPSILON {
            return format!("{}\u{a0}%", value.round() as i64);
        }
        let tenths = (value * 10.0).round() as i64;
        if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}{},{}", if tenths < 0 { "-" } else { "" }, (tenths / 10).abs(), (tenths % 10).abs())
        }
    }
}

/// A table's columns and broken cells.
struct TableGrid {
    widths: Vec<f32>,
    align: Vec<Align>,
    header: Vec<Lines>,
    rows: Vec<Vec<Lines>>,
    row_heights: Vec<f32>,
    pad_x: f32,
    pad_y: f32,
    line_h: f32,
}

impl TableGrid {
    fn new(table: &Table, width: f32) -> Self {
        let pad_x = 1.8;
        let pad_y = 1.4;
        let line_h = pt(TABLE_SIZE) * 1.32;
        let columns = table.rows.iter().map(Vec::len).chain(std::iter::once(table.header.len())).max().unwrap_or(0);
        let has_header = table.header.iter().any(|c| c.iter().any(|s| !s.text.trim().is_empty()));
        let header_base = Base { size: TABLE_SIZE, bold: true, italic: false, color: Color::ACCENT };
        let body_base = Base { size: TABLE_SIZE, bold: false, italic: false, color: Color::TEXT };
        let total_base = Base { bold: true, ..body_base };
        let empty: Vec<Span> = Vec::new();
        let base_for = |r: usize| if table.total_row && r + 1 == table.rows.len() { total_base } else { body_base };
        // Measure: natural (unbroken) and minimal (widest word) width of every column.
        let mut natural = vec![0.0f32; columns];
        let mut minimal = vec![0.0f32; columns];
        let mut measure = |spans: &[Span], base: Base, c: usize| {
            let l = break_spans(spans, base, f32::INFINITY);
            let w = l.lines.iter().map(|l| l.width).fold(0.0, f32::max);
            natural[c] = natural[c].max(w + 2.0 * pad_x);
            minimal[c] = minimal[c].max(l.min_width + 2.0 * pad_x);
        };
        if has_header {
            for (c, cell) in table.header.iter().enumerate() {
                measure(cell, header_base, c);
            }
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                measure(cell, base_for(r), c);
            }
        }
        let widths = match &table.widths {
            Some(rel) if rel.len() == columns && rel.iter().all(|w| *w > 0.0 && w.is_finite()) => {
                let sum: f32 = rel.iter().sum();
                rel.iter().map(|w| w / sum * width).collect()
            }
            _ => distribute(&natural, &minimal, width),
        };
        let cells = |row: &[Vec<Span>], base: Base| -> Vec<Lines> {
            (0..columns)
                .map(|c| break_spans(row.get(c).unwrap_or(&empty), base, (widths[c] - 2.0 * pad_x).max(1.0)))
                .collect()
        };
        let header = if has_header { cells(&table.header, header_base) } else { Vec::new() };
        let rows: Vec<Vec<Lines>> = table.rows.iter().enumerate().map(|(r, row)| cells(row, base_for(r))).collect();
        let row_heights = rows
            .iter()
            .map(|row| row.iter().map(|c| c.lines.len()).max().unwrap_or(0).max(1) as f32 * line_h + 2.0 * pad_y)
            .collect();
        TableGrid { widths, align: table.align.clone(), header, rows, row_heights, pad_x, pad_y, line_h }
    }

    fn width(&self) -> f32 {
        self.widths.iter().sum()
    }

    fn header_height(&self) -> f32 {
        if self.header.is_empty() {
            return 0.0;
        }
        self.header.iter().map(|c| c.lines.len()).max().unwrap_or(0).max(1) as f32 * self.line_h + 2.0 * self.pad_y
    }

    fn aligned_x(&self, cell_x: f32, column: usize, line_width: f32) -> f32 {
        let inner = self.widths[column] - 2.0 * self.pad_x;
        let slack = (inner - line_width).max(0.0);
        cell_x
            + self.pad_x
            + match self.align.get(column).copied().unwrap_or_default() {
                Align::Left => 0.0,
                Align::Right => slack,
                Align::Center => slack / 2.0,
            }
    }
}

/// Column widths filling `width`: natural widths when they fit (stretched), else at least each column's widest
/// word, the rest shared in proportion to how much each column would like more.
fn distribute(natural: &[f32], minimal: &[f32], width: f32) -> Vec<f32> {
    let n = natural.len();
    if n == 0 {
        return Vec::new();
    }
    let nat: f32 = natural.iter().sum();
    if nat <= width {
        if nat <= 0.0 {
            return vec![width / n as f32; n];
        }
        return natural.iter().map(|w| w / nat * width).collect();
    }
    // A column never gets more than its natural width before the others got their minimum; cap the minimum so
    // that one long word cannot take the whole table.
    let cap = width / n as f32 * 1.5;
    let min: Vec<f32> =
        minimal.iter().zip(natural).map(|(m, nat)| m.min(*nat).min(cap.max(width / n as f32))).collect();
    let min_sum: f32 = min.iter().sum();
    if min_sum >= width {
        return min.iter().map(|m| m / min_sum * width).collect();
    }
    let want: Vec<f32> = natural.iter().zip(&min).map(|(nat, m)| (nat - m).max(0.0)).collect();
    let want_sum: f32 = want.iter().sum();
    let spare = width - min_sum;
    min.iter()
        .zip(&want)
        .map(|(m, w)| if want_sum > 0.0 { m + spare * w / want_sum } else { m + spare / n as f32 })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Title page, table of contents, header and footer

fn centered_lines(items: &mut Vec<Item>, y: &mut f32, text: &str, base: Base) {
    let lines = break_spans(&[Span::plain(text)], base, TEXT_WIDTH);
    for line in &lines.lines {
        let x = MARGIN_LEFT + (TEXT_WIDTH - line.width) / 2.0;
        draw_line(items, line, &lines.styles, x, *y + baseline_offset(base.size));
        *y += line_height(base.size);
    }
}

/// Width and height in pixels read from a PNG header, if `bytes` is a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn title_page(tp: &TitlePage) -> Vec<Item> {
    let mut items = Vec::new();
    if let Some((pw, ph)) = tp.logo_png.as_deref().and_then(png_size) {
        let (bw, bh) = (70.0, 35.0);
        let scale = (bw / pw as f32).min(bh / ph as f32);
        let (w, h) = (pw as f32 * scale, ph as f32 * scale);
        items.push(Item::Image { x: (PAGE_WIDTH - w) / 2.0, y: 30.0 + (bh - h) / 2.0, w, h });
    }
    let mut y = 100.0;
    centered_lines(&mut items, &mut y, &tp.title, Base { size: 26.0, bold: true, italic: false, color: Color::ACCENT });
    if let Some(sub) = &tp.subtitle {
        y += 4.0;
        centered_lines(&mut items, &mut y, sub, Base { size: 15.0, bold: false, italic: false, color: Color::MUTED });
    }
    y += 7.0;
    let half = 25.0;
    items.push(Item::Line {
        x1: PAGE_WIDTH / 2.0 - half,
        y1: y,
        x2: PAGE_WIDTH / 2.0 + half,
        y2: y,
        width: 1.5,
        color: Color::ACCENT,
    });
    y += 9.0;
    for line in &tp.lines {
        centered_lines(&mut items, &mut y, line, Base { size: 11.5, bold: false, italic: false, color: Color::TEXT });
        y += 1.2;
    }
    items
}

/// The "Sommaire" pages for entries whose page numbers are known.
fn toc_pages(entries: &[TocEntry]) -> Vec<Vec<Item>> {
    let mut l = Layouter::new();
    let title = break_spans(
        &[Span::plain("Sommaire")],
        Base { size: 17.0, bold: true, italic: false, color: Color::ACCENT },
        TEXT_WIDTH,
    );
    for line in &title.lines {
        l.emit_line(line, &title.styles, MARGIN_LEFT, 17.0);
    }
    l.y += 6.0;
    let number_area = 14.0;
    let right = MARGIN_LEFT + TEXT_WIDTH;
    for entry in entries {
        let (indent, base, before) = if entry.level <= 1 {
            (0.0, Base { size: 11.0, bold: true, italic: false, color: Color::TEXT }, 2.6)
        } else {
            (7.0, Base { size: BODY_SIZE, bold: false, italic: false, color: Color::TEXT }, 0.8)
        };
        let x = MARGIN_LEFT + indent;
        let lines = break_spans(&[Span::plain(entry.text.clone())], base, TEXT_WIDTH - indent - number_area);
        let lh = line_height(base.size);
        l.space(before);
        l.ensure(lh * lines.lines.len().max(1) as f32);
        let top = l.y;
        let page_before = l.pages.len();
        for line in &lines.lines {
            l.ensure(lh);
            l.emit_line(line, &lines.styles, x, base.size);
        }
        let baseline = l.y - lh + baseline_offset(base.size);
        let face = if base.bold { Face::Bold } else { Face::Regular };
        let number = entry.page.to_string();
        let nw = text_width(face, base.size, &number);
        let end = x + lines.lines.last().map_or(0.0, |l| l.width);
        let dot = char_width(Face::Regular, base.size, '.');
        let leader_end = right - nw - 1.5;
        let dots = ((leader_end - end - 1.5) / dot).floor().max(0.0) as usize;
        if dots > 0 {
            l.push(Item::Text {
                x: leader_end - dots as f32 * dot,
                y: baseline,
                face: Face::Regular,
                size: base.size,
                text: ".".repeat(dots),
                color: Color::MUTED,
            });
        }
        l.push(Item::Text { x: right - nw, y: baseline, face, size: base.size, text: number, color: Color::TEXT });
        let top = if l.pages.len() == page_before { top } else { CONTENT_TOP };
        l.push(Item::GoTo { x, y: top, w: right - x, h: l.y - top, page: entry.page });
    }
    l.pages
}

fn header_footer(items: &mut Vec<Item>, doc: &Document, number: usize, total: usize) {
    let size = 8.5;
    let right = MARGIN_LEFT + TEXT_WIDTH;
    if let Some(header) = doc.running_header.as_deref().filter(|h| !h.trim().is_empty()) {
        let text = ellipsize(header, Face::Regular, size, TEXT_WIDTH);
        items.push(Item::Text { x: MARGIN_LEFT, y: 14.5, face: Face::Regular, size, text, color: Color::MUTED });
        items.push(Item::Line { x1: MARGIN_LEFT, y1: 16.8, x2: right, y2: 16.8, width: 0.4, color: Color::RULE_LIGHT });
    }
    let footer_y = 286.0;
    items.push(Item::Line { x1: MARGIN_LEFT, y1: 281.0, x2: right, y2: 281.0, width: 0.4, color: Color::RULE_LIGHT });
    let page = format!("page {number} / {total}");
    let pw = text_width(Face::Regular, size, &page);
    if let Some(footer) = doc.running_footer.as_deref().filter(|f| !f.trim().is_empty()) {
        let text = ellipsize(footer, Face::Regular, size, TEXT_WIDTH - pw - 6.0);
        items.push(Item::Text { x: MARGIN_LEFT, y: footer_y, face: Face::Regular, size, text, color: Color::MUTED });
    }
    items.push(Item::Text { x: right - pw, y: footer_y, face: Face::Regular, size, text: page, color: Color::MUTED });
}

/// Lays out a document: title page, table of contents, body; then running header, footer and "page X / N".
pub fn layout(doc: &Document) -> Layout {
    let mut body = Layouter::new();
    body.blocks(&doc.blocks, MARGIN_LEFT, TEXT_WIDTH, Context::default());
    let mut body_pages = body.pages;
    // A trailing page break leaves an empty page: drop it.
    while body_pages.len() > 1 && body_pages.last().is_some_and(Vec::is_empty) {
        body_pages.pop();
    }
    if doc.title_page.is_some() && body_pages.len() == 1 && body_pages[0].is_empty() {
        body_pages.clear();
    }
    let before_body = usize::from(doc.title_page.is_some());
    let entries = |offset: usize| -> Vec<TocEntry> {
        body.headings
            .iter()
            .filter(|(level, text, _)| *level <= 2 && !text.is_empty())
            .map(|(level, text, page)| TocEntry { level: *level, text: text.clone(), page: page + offset + 1 })
            .collect()
    };
    // The table of contents' length shifts the body; lay it out until its page count is stable.
    let mut toc = entries(before_body);
    let mut toc_layout = Vec::new();
    if doc.table_of_contents {
        let mut guess = 1;
        for _ in 0..5 {
            toc = entries(before_body + guess);
            toc_layout = toc_pages(&toc);
            if toc_layout.len() == guess {
                break;
            }
            guess = toc_layout.len();
        }
    }
    let mut pages: Vec<Vec<Item>> = Vec::new();
    if let Some(tp) = &doc.title_page {
        pages.push(title_page(tp));
    }
    pages.extend(toc_layout);
    pages.extend(body_pages);
    let total = pages.len();
    let pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            let number = i + 1;
            if !(i == 0 && doc.title_page.is_some()) {
                header_footer(&mut items, doc, number, total);
            }
            Page { number, items }
        })
        .collect();
    Layout { pages, toc }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(lines: &Lines) -> Vec<String> {
        lines
            .lines
            .iter()
            .flat_map(|l| l.frags.iter().map(|f| f.text.clone()))
            .collect::<Vec<_>>()
            .join(" ")
            .split(' ')
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn greedy_breaking_fills_lines() {
        let text = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze";
        let lines = break_spans(&[Span::plain(text)], Base::body(), 40.0);
        assert!(lines.lines.len() > 2);
        for (i, line) in lines.lines.iter().enumerate() {
            assert!(line.width <= 40.0 + EPSILON, "line {i} is {} mm", line.width);
            // Greedy: the next line's first word would not have fitted.
            if let Some(next) = lines.lines.get(i + 1) {
                let first = next.frags[0].text.split(' ').next().unwrap();
                let w = line.width
                    + char_width(Face::Regular, BODY_SIZE, ' ')
                    + text_width(Face::Regular, BODY_SIZE, first);
                assert!(w > 40.0, "{first:?} would have fitted on line {i}");
            }
        }
        assert_eq!(words_of(&lines).join(" "), text);
    }

    #[test]
    fn styles_mix_within_a_line_and_spaces_are_kept_between_them() {
        let spans = [Span::plain("un "), Span::bold("deux"), Span::plain(" trois")];
        let lines = break_spans(&spans, Base::body(), 150.0);
        assert_eq!(lines.lines.len(), 1);
        let frags = &lines.lines[0].frags;
        assert_eq!(frags.len(), 3);
        assert_eq!(lines.styles[frags[1].style].face, Face::Bold);
        assert!(frags[1].x > frags[0].x + frags[0].width, "a space separates the fragments");
    }

    #[test]
    fn column_widths_fill_the_table() {
        let w = distribute(&[20.0, 200.0, 30.0], &[10.0, 30.0, 12.0], 160.0);
        assert!((w.iter().sum::<f32>() - 160.0).abs() < 0.01);
        assert!(w[0] >= 10.0 && w[2] >= 12.0 && w[1] > w[0]);
        let w = distribute(&[20.0, 40.0], &[10.0, 10.0], 120.0);
        assert!((w[1] / w[0] - 2.0).abs() < 0.01);
    }

    #[test]
    fn png_header_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(300u32.to_be_bytes());
        png.extend(100u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((300, 100)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
