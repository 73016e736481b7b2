//! Tables: columns sized to their content, rows never split (unless taller than a page), the header row
//! repeated on every page the table spans.

use super::flow::Layouter;
use super::text::{break_spans, draw_line, Base, Lines};
use super::{baseline_offset, pt, Color, Item, CONTENT_BOTTOM, CONTENT_TOP, EPSILON, PARAGRAPH_AFTER};
use crate::model::{Align, Span, Table};

const TABLE_SIZE: f32 = 9.5;

/// Height a table needs on the page of the block that keeps with it: its header and first row.
pub(super) fn table_lead(table: &Table, width: f32) -> f32 {
    TableGrid::new(table, width).start_height()
}

impl Layouter {
    pub(super) fn table(&mut self, table: &Table, x: f32, width: f32) {
        let grid = TableGrid::new(table, width);
        if grid.widths.is_empty() {
            return;
        }
        let header_h = grid.header_height();
        self.space(1.0);
        self.ensure(grid.start_height());
        self.table_header(&grid, x);
        let usable = CONTENT_BOTTOM - CONTENT_TOP - header_h;
        for (r, row) in grid.rows.iter().enumerate() {
            let h = grid.row_heights[r];
            let total = table.total_row && r + 1 == grid.rows.len();
            // A row that does not fit goes to the next page, unless it is taller than a page: then it starts
            // here (if a few lines fit) and continues below.
            let fits_a_page = h <= usable;
            let few_lines_left = self.remaining() < 2.0 * grid.pad_y + 3.0 * grid.line_h;
            // The row before a total goes with it, so a total never starts a page alone.
            let with_total = if table.total_row && r + 2 == grid.rows.len() { grid.row_heights[r + 1] } else { 0.0 };
            let needed = if h + with_total <= usable { h + with_total } else { h };
            if self.y + needed > CONTENT_BOTTOM + EPSILON && (fits_a_page || few_lines_left) {
                self.new_page();
                self.table_header(&grid, x);
            }
            // Normally one segment; a row taller than a page continues on the next ones.
            let mut offsets = vec![0usize; row.len()];
            loop {
                let fit = ((self.remaining() - 2.0 * grid.pad_y) / grid.line_h + EPSILON).floor().max(1.0) as usize;
                let top = self.y;
                // Cell backgrounds go under the text: their place is kept, their height known below.
                let fills_at = self.pages.last().expect("page").len();
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
                let mut fx = x;
                let mut fills = Vec::new();
                for (c, w) in grid.widths.iter().enumerate() {
                    if let Some(Some([red, green, blue])) = table.fills.get(r).and_then(|row| row.get(c)) {
                        fills.push(Item::Rect { x: fx, y: top, w: *w, h, fill: Color::rgb(*red, *green, *blue) });
                    }
                    fx += w;
                }
                let items = self.pages.last_mut().expect("page");
                items.splice(fills_at..fills_at, fills);
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
                keep_words_whole(rel.iter().map(|w| w / sum * width).collect(), &minimal, width)
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

    /// The header and the first row: what must fit for the table to start on a page.
    fn start_height(&self) -> f32 {
        self.header_height() + self.row_heights.first().copied().unwrap_or(0.0)
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

/// Widths the caller chose, widened where a column is narrower than its longest word (which would
/// break mid-word), the difference taken from the columns with room to spare; unchanged when no
/// column can spare enough.
fn keep_words_whole(chosen: Vec<f32>, minimal: &[f32], width: f32) -> Vec<f32> {
    let cap = width / chosen.len().max(1) as f32 * 1.5;
    let need: Vec<f32> = minimal.iter().map(|m| m.min(cap)).collect();
    let deficit: f32 = chosen.iter().zip(&need).map(|(w, m)| (m - w).max(0.0)).sum();
    let spare: Vec<f32> = chosen.iter().zip(&need).map(|(w, m)| (w - m).max(0.0)).collect();
    let spare_sum: f32 = spare.iter().sum();
    if deficit <= 0.0 || spare_sum < deficit {
        return chosen;
    }
    chosen
        .iter()
        .zip(&need)
        .zip(&spare)
        .map(|((w, m), s)| if w < m { *m } else { w - deficit * s / spare_sum })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_widths_widen_a_column_too_narrow_for_its_longest_word() {
        let widths = keep_words_whole(vec![10.0, 40.0, 50.0], &[18.0, 5.0, 5.0], 100.0);
        assert!((widths[0] - 18.0).abs() < 1e-4, "{widths:?}");
        assert!((widths.iter().sum::<f32>() - 100.0).abs() < 1e-3, "{widths:?}");
        assert!(widths[1] < 40.0 && widths[2] < 50.0);
        assert_eq!(keep_words_whole(vec![50.0, 50.0], &[10.0, 10.0], 100.0), vec![50.0, 50.0]);
    }

    #[test]
    fn column_widths_fill_the_table() {
        let w = distribute(&[20.0, 200.0, 30.0], &[10.0, 30.0, 12.0], 160.0);
        assert!((w.iter().sum::<f32>() - 160.0).abs() < 0.01);
        assert!(w[0] >= 10.0 && w[2] >= 12.0 && w[1] > w[0]);
        let w = distribute(&[20.0, 40.0], &[10.0, 10.0], 120.0);
        assert!((w[1] / w[0] - 2.0).abs() < 0.01);
    }
}
