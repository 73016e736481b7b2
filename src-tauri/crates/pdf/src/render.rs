//! Render: positioned pages into PDF bytes. The only code that touches printpdf.

use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, HighlightingMode, Line, LinePoint, LinkAnnotation, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb,
    TextItem, XObjectId, XObjectTransform,
};

use crate::fonts::MM_PER_PT;
use crate::layout::{Color, Face, Item, Layout, PAGE_HEIGHT, PAGE_WIDTH};
use crate::model::Document;
use crate::PdfError;

fn x_pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

/// From "mm from the top" to "points from the bottom".
fn y_pt(mm_from_top: f32) -> Pt {
    Pt((PAGE_HEIGHT - mm_from_top) / MM_PER_PT)
}

fn color(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(Rgb::new(f32::from(c.r) / 255.0, f32::from(c.g) / 255.0, f32::from(c.b) / 255.0, None))
}

/// A rectangle given by its top-left corner in layout coordinates.
fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect::from_xywh(x_pt(x), y_pt(y + h), x_pt(w), x_pt(h))
}

/// Writes the laid-out pages as a PDF: embedded, subset DejaVu fonts, link annotations, metadata.
pub fn render(doc: &Document, layout: &Layout) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.author = doc.author.clone();
    pdf.metadata.info.subject = doc.subject.clone().unwrap_or_default();
    pdf.metadata.info.creator = "Fabrique".to_string();
    pdf.metadata.info.producer = "Fabrique (printpdf)".to_string();

    // Only the faces actually used are embedded.
    let mut fonts: [Option<FontId>; 4] = [None, None, None, None];
    for item in layout.pages.iter().flat_map(|p| &p.items) {
        if let Item::Text { face, .. } = item {
            if fonts[face.index()].is_none() {
                let mut warnings = Vec::new();
                let parsed = ParsedFont::from_bytes(face_bytes(*face), 0, &mut warnings)
                    .ok_or_else(|| PdfError::Font(format!("{face:?}")))?;
                fonts[face.index()] = Some(pdf.add_font(&parsed));
            }
        }
    }

    let logo = logo(&mut pdf, doc, layout)?;

    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut ops = Vec::with_capacity(page.items.len() * 4);
        for item in &page.items {
            match item {
                Item::Text { x, y, face, size, text, color: c } => {
                    let Some(id) = fonts[face.index()].clone() else { continue };
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(*size) });
                    ops.push(Op::SetFillColor { col: color(*c) });
                    ops.push(Op::SetTextCursor { pos: Point { x: x_pt(*x), y: y_pt(*y) } });
                    ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                    ops.push(Op::EndTextSection);
                }
                Item::Line { x1, y1, x2, y2, width, color: c } => {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint { p: Point { x: x_pt(*x1), y: y_pt(*y1) }, bezier: false },
                                LinePoint { p: Point { x: x_pt(*x2), y: y_pt(*y2) }, bezier: false },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Item::Rect { x, y, w, h, fill } => {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    // Without a paint mode printpdf ends the path with `n`: the rectangle would be invisible.
                    let rectangle = Rect { mode: Some(PaintMode::Fill), ..rect(*x, *y, *w, *h) };
                    ops.push(Op::DrawRectangle { rectangle });
                }
                Item::Image { x, y, w, h } => {
                    if let Some((id, pw, ph)) = &logo {
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(x_pt(*x)),
                                translate_y: Some(y_pt(*y + *h)),
                                scale_x: Some(x_pt(*w).0 / *pw as f32),
                                scale_y: Some(x_pt(*h).0 / *ph as f32),
                                dpi: Some(72.0),
                                ..XObjectTransform::default()
                            },
                        });
                    }
                }
                Item::Link { x, y, w, h, uri } => {
                    ops.push(link(rect(*x, *y, *w, *h), Actions::Uri(uri.clone())));
                }
                Item::GoTo { x, y, w, h, page } => {
                    let dest = Destination::Xyz { page: *page, left: None, top: None, zoom: None };
                    ops.push(link(rect(*x, *y, *w, *h), Actions::Goto(dest)));
                }
            }
        }
        pages.push(PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops));
    }
    for entry in &layout.toc {
        pdf.add_bookmark(&entry.text, entry.page);
    }
    let mut warnings = Vec::new();
    let bytes = pdf.with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.is_empty() {
        return Err(PdfError::Write);
    }
    Ok(bytes)
}

fn link(rect: Rect, actions: Actions) -> Op {
    Op::LinkAnnotation {
        link: LinkAnnotation::new(
            rect,
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::Invert),
        ),
    }
}

fn face_bytes(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => crate::fonts::REGULAR,
        Face::Bold => crate::fonts::BOLD,
        Face::Italic => crate::fonts::ITALIC,
        Face::BoldItalic => crate::fonts::BOLD_ITALIC,
    }
}

/// Decodes the title-page logo (PNG) and adds it to the document: (id, width px, height px).
fn logo(pdf: &mut PdfDocument, doc: &Document, layout: &Layout) -> Result<Option<(XObjectId, usize, usize)>, PdfError> {
    let Some(bytes) = doc.title_page.as_ref().and_then(|t| t.logo_png.as_deref()) else { return Ok(None) };
    if crate::layout::png_size(bytes).is_none() {
        return Err(PdfError::Image("ce n’est pas une image PNG".to_string()));
    }
    if !layout.pages.iter().flat_map(|p| &p.items).any(|i| matches!(i, Item::Image { .. })) {
        return Ok(None);
    }
    let mut warnings = Vec::new();
    let image = RawImage::decode_from_bytes(bytes, &mut warnings).map_err(PdfError::Image)?;
    let (w, h) = (image.width, image.height);
    Ok(Some((pdf.add_image(&image), w, h)))
}
