//! The body: blocks flowed onto pages, top to bottom, a new page when the next piece does not fit.
//!
//! Keep-with-next: some blocks only introduce what follows them, and are never left alone at the foot of a page.
//! A heading always keeps with the next block; so does a short paragraph (two lines at most) right after a
//! heading — a lead-in, such as the line saying how many answered a question — and a short paragraph all in bold
//! or italics that announces something other than a heading (« Réponses les plus fréquentes » above its list).
//! A run of such blocks is placed only where it fits together with the start of the block it introduces: a
//! paragraph's first two lines, a table's header and first row, a whole chart (its header and first bar when
//! the chart is taller than a page).

use super::chart::chart_lead;
use super::table::table_lead;
use super::text::{break_spans, draw_line, Base, Style, TextLine};
use super::{
    baseline_offset, line_height, Color, Item, BODY_SIZE, CONTENT_BOTTOM, CONTENT_TOP, EPSILON, PAGE_CONTENT_HEIGHT,
    PARAGRAPH_AFTER,
};
use crate::fonts::{text_width, Face};
use crate::model::{plain_text, Block, Span};

const HEADING_SIZES: [f32; 3] = [17.0, 13.5, 11.5];
const HEADING_SPACE_BEFORE: [f32; 3] = [9.0, 6.5, 4.5];
const HEADING_SPACE_AFTER: [f32; 3] = [3.5, 2.4, 1.6];
const LIST_PARAGRAPH_AFTER: f32 = 0.9;

/// Where a block sits: lists nest, and space between the paragraphs of a list item is tighter.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Context {
    list_depth: usize,
}

/// The pages being filled, and where the next block goes.
pub(super) struct Layouter {
    pub(super) pages: Vec<Vec<Item>>,
    pub(super) y: f32,
    /// Nothing has been placed on the current page yet.
    pub(super) fresh: bool,
    /// A list marker waiting for the first line of its item: (right edge, text).
    marker: Option<(f32, String)>,
    /// Headings: (level, text, page index in `pages`).
    pub(super) headings: Vec<(u8, String, usize)>,
    /// The last block placed keeps with the next one: what comes now was already given room under it.
    pub(super) tied: bool,
}

impl Layouter {
    pub(super) fn new() -> Self {
        Layouter {
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            fresh: true,
            marker: None,
            headings: Vec::new(),
            tied: false,
        }
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, ctx: Context) {
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

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    pub(super) fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("at least one page").push(item);
    }

    pub(super) fn remaining(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    /// Vertical space, dropped at the top of a page.
    pub(super) fn space(&mut self, h: f32) {
        if !self.fresh {
            self.y += h;
        }
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM + EPSILON && !self.fresh {
            self.new_page();
        }
    }

    /// Draws one broken line whose box starts at the current y, then moves down.
    pub(super) fn emit_line(&mut self, line: &TextLine, styles: &[Style], x: f32, size: f32) {
        let baseline = self.y + baseline_offset(size);
        if let Some((right, text)) = self.marker.take() {
            let w = text_width(Face::Regular, size, &text);
            self.push(Item::Text { x: right - w, y: baseline, face: Face::Regular, size, text, color: Color::TEXT });
        }
        draw_line(self.pages.last_mut().expect("page"), line, styles, x, baseline);
        self.y += line_height(size);
        self.fresh = false;
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
            Some(Block::Table(t)) => table_lead(t, width),
            Some(Block::BarChart(c)) => chart_lead(c, width),
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
}

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
