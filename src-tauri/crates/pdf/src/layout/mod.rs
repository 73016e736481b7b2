//! Layout: a pure function from a [`Document`] to positioned pages (millimetres, y from the top of the page).
//!
//! No IO and no PDF types here: the font metrics are compiled in, so the result is fully determined by the
//! document. Lines are broken greedily on spaces (never at U+00A0 or U+202F), a word longer than the line is
//! split by characters, table rows are not split (unless taller than a page) and a table's header row is
//! repeated on every page it spans. A bar chart moves to the next page rather than split (unless taller than a
//! page). The table of contents gets the real page numbers.
//!
//! This module assembles the pages (title page, table of contents, body, then running header and footer) and
//! holds what they are made of. The work is done by `text` (line breaking), `flow` (blocks onto pages,
//! keep-with-next), `table`, `chart` and `furniture` (title page, table of contents, header and footer).

mod chart;
mod flow;
mod furniture;
mod table;
mod text;

use serde::Serialize;

pub use crate::fonts::Face;
use crate::fonts::MM_PER_PT;
use crate::model::Document;
use flow::{Context, Layouter};
pub use furniture::png_size;
use furniture::{header_footer, title_page, toc_pages};

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
const LEADING: f32 = 1.4;
const PARAGRAPH_AFTER: f32 = 2.6;
const EPSILON: f32 = 0.01;
/// Height of the content area of a page.
const PAGE_CONTENT_HEIGHT: f32 = CONTENT_BOTTOM - CONTENT_TOP;

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
