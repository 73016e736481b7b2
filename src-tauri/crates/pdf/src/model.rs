//! The neutral document: plain data, shared with the interface (which can render a preview from the same blocks).

use serde::{Deserialize, Serialize};

/// The survey's chart model, printed as it is: the engine has no chart type of its own.
pub use fabrique_core::survey::chart::{Bar, BarChart};

/// A document to print: metadata, optional title page and table of contents, running header/footer, and blocks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Document {
    /// PDF metadata title.
    pub title: String,
    /// PDF metadata author.
    pub author: String,
    pub subject: Option<String>,
    pub title_page: Option<TitlePage>,
    /// When true, a "Sommaire" (one or more pages) after the title page lists the level 1 and 2 headings.
    pub table_of_contents: bool,
    /// Printed at the top of every page except the title page (e.g. the structure's name).
    pub running_header: Option<String>,
    /// Printed bottom-left on every page except the title page; bottom-right is always "page X / N".
    pub running_footer: Option<String>,
    pub blocks: Vec<Block>,
}

/// The first page: a large title, a subtitle, a few lines (date, structure…) and an optional PNG logo.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitlePage {
    pub title: String,
    pub subtitle: Option<String>,
    pub lines: Vec<String>,
    /// PNG bytes, scaled to fit a box at the top of the page.
    pub logo_png: Option<Vec<u8>>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Level 1 to 3 (other values are clamped).
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    /// Each item is a list of blocks (lists may nest). `start` is the first number of an ordered list.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    /// A shaded box, for guidance or warnings.
    Note {
        spans: Vec<Span>,
    },
    PageBreak,
    Rule,
    /// Horizontal bars (the survey's figures), kept on one page when they fit.
    BarChart(BarChart),
}

/// A table; every cell is a run of spans (a `'\n'` in a span is a line break).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Table {
    pub header: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
    /// Relative column widths; measured from the content when absent (or of the wrong length).
    pub widths: Option<Vec<f32>>,
    /// Per column; a missing entry means left.
    pub align: Vec<Align>,
    /// The last row is a total: bold, with a rule above it.
    pub total_row: bool,
    /// Background colours (RGB) of body cells, by row then column, for a heatmap; a cell without
    /// one (or beyond the list) has none.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "Array<Array<[number, number, number] | null>>"))]
    pub fills: Vec<Vec<Option<[u8; 3]>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// A run of text with one style. A `'\n'` inside `text` is a hard line break.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub text: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub link: Option<String>,
    /// An unresolved template placeholder: printed so that it stands out on paper.
    #[serde(default)]
    pub missing: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span { text: text.into(), ..Span::default() }
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Span { text: text.into(), bold: true, ..Span::default() }
    }

    pub fn italic(text: impl Into<String>) -> Self {
        Span { text: text.into(), italic: true, ..Span::default() }
    }

    pub fn link(text: impl Into<String>, uri: impl Into<String>) -> Self {
        Span { text: text.into(), link: Some(uri.into()), ..Span::default() }
    }

    /// An unresolved placeholder, e.g. `Span::missing("⟦structure.nom⟧")`.
    pub fn missing(text: impl Into<String>) -> Self {
        Span { text: text.into(), missing: true, ..Span::default() }
    }
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block::Heading { level, spans: vec![Span::plain(text)] }
    }

    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { spans: vec![Span::plain(text)] }
    }

    pub fn note(text: impl Into<String>) -> Self {
        Block::Note { spans: vec![Span::plain(text)] }
    }

    /// A bulleted list of one-paragraph items.
    pub fn bullets<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Block::List { ordered: false, start: 1, items: items.into_iter().map(|t| vec![Block::paragraph(t)]).collect() }
    }

    /// A numbered list of one-paragraph items, starting at 1.
    pub fn numbered<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Block::List { ordered: true, start: 1, items: items.into_iter().map(|t| vec![Block::paragraph(t)]).collect() }
    }
}

impl Table {
    /// A table of plain-text cells.
    pub fn plain(header: &[&str], rows: &[Vec<String>]) -> Self {
        Table {
            header: header.iter().map(|h| vec![Span::plain(*h)]).collect(),
            rows: rows.iter().map(|r| r.iter().map(|c| vec![Span::plain(c.clone())]).collect()).collect(),
            ..Table::default()
        }
    }
}

/// The text of spans, concatenated.
pub fn plain_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}
