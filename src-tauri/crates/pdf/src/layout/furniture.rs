//! Page furniture: the title page, the table of contents ("Sommaire"), and the running header and footer with
//! the page number.

use super::flow::Layouter;
use super::text::{break_spans, draw_line, ellipsize, Base};
use super::{
    baseline_offset, line_height, Color, Item, TocEntry, BODY_SIZE, CONTENT_TOP, MARGIN_LEFT, PAGE_WIDTH, TEXT_WIDTH,
};
use crate::fonts::{char_width, text_width, Face};
use crate::model::{Document, Span, TitlePage};

/// Width and height in pixels read from a PNG header, if `bytes` is a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

pub(super) fn title_page(tp: &TitlePage) -> Vec<Item> {
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
pub(super) fn toc_pages(entries: &[TocEntry]) -> Vec<Vec<Item>> {
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

pub(super) fn header_footer(items: &mut Vec<Item>, doc: &Document, number: usize, total: usize) {
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

fn centered_lines(items: &mut Vec<Item>, y: &mut f32, text: &str, base: Base) {
    let lines = break_spans(&[Span::plain(text)], base, TEXT_WIDTH);
    for line in &lines.lines {
        let x = MARGIN_LEFT + (TEXT_WIDTH - line.width) / 2.0;
        draw_line(items, line, &lines.styles, x, *y + baseline_offset(base.size));
        *y += line_height(base.size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_header_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(300u32.to_be_bytes());
        png.extend(100u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((300, 100)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
