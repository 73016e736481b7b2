//! Fabrique's PDF engine: turns a neutral [`Document`] (title page, table of contents, headings, paragraphs,
//! lists, tables, notes, bar charts) into an A4 PDF — subsidy dossiers now, survey and RGPD reports later.
//!
//! Three stages, each testable on its own:
//! - [`model`]: plain data (serde, optionally exported to TypeScript with the `ts` feature) that the interface can
//!   also preview;
//! - [`layout()`]: a pure function from the document to positioned pages (no IO, no PDF types), using the metrics
//!   of the embedded DejaVu Sans font;
//! - [`render()`]: the only code that touches printpdf, writing subset fonts, links and metadata.
//!
//! [`markdown::to_blocks`] turns Markdown (pulldown-cmark) into blocks, with French typography.

pub mod fonts;
pub mod layout;
pub mod markdown;
pub mod model;
mod render;

pub use fonts::{text_width, Face};
pub use layout::{layout, Color, Item, Layout, Page, TocEntry};
pub use markdown::french_typography;
pub use model::{Align, Bar, BarChart, Block, Document, Span, Table, TitlePage};
pub use render::render;

/// What can go wrong while producing a PDF. The messages are shown to users, in French.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    #[error("La police de caractères intégrée ({0}) n’a pas pu être chargée.")]
    Font(String),
    #[error("Le logo de la page de titre n’a pas pu être lu : {0}.")]
    Image(String),
    #[error("Le fichier PDF n’a pas pu être produit.")]
    Write,
}

/// Lays out and renders a document: the PDF bytes.
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let layout = layout(doc);
    render(doc, &layout)
}
