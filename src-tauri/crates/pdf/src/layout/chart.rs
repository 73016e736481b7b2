//! Bar charts: a title, a legend for grouped bars, a column of labels and the bars with their values.
//!
//! Bars are proportional to `value / max`, each bar's `display` at its end. With `series`, every bar is a group
//! of sub-bars (one per series, one shade each, with a legend) whose values are `grouped` and printed as rounded
//! percentages, and `display` is then a note under the label. The chart's values are measured in `f32`, like
//! every length on the page.
//!
//! A chart moves whole to the next page when it does not fit (unless taller than a page), so that a reader
//! never has to turn the page between a chart's legend and its bars.

use super::flow::Layouter;
use super::text::{break_spans, draw_line, ellipsize, Base, Lines};
use super::{
    baseline_offset, line_height, pt, series_color, Color, Item, EPSILON, PAGE_CONTENT_HEIGHT, PARAGRAPH_AFTER,
};
use crate::fonts::{text_width, Face};
use crate::model::{BarChart, Span};

/// Height a chart needs on the page of the block that keeps with it. The chart moves whole to the next page
/// when it does not fit, so its heading goes with it; a chart taller than a page starts under its heading with
/// at least its header and first bar.
pub(super) fn chart_lead(chart: &BarChart, width: f32) -> f32 {
    let g = ChartGeometry::new(chart, width);
    CHART_SPACE_BEFORE + if g.height() <= PAGE_CONTENT_HEIGHT { g.height() } else { g.start_height() }
}

impl Layouter {
    pub(super) fn bar_chart(&mut self, chart: &BarChart, x: f32, width: f32) {
        let g = ChartGeometry::new(chart, width);
        self.space(CHART_SPACE_BEFORE);
        // Whole on one page when it fits one; otherwise its header and first row, the rest continuing below. Under
        // a heading that was placed for it, a chart that does not fit what is left of the page is split there
        // rather than moved, which would leave the heading alone.
        let whole_fits_here = g.height() <= self.remaining() + EPSILON;
        if g.height() <= PAGE_CONTENT_HEIGHT && (whole_fits_here || !self.tied) {
            self.ensure(g.height());
        } else {
            self.ensure(g.start_height());
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
                let w = g.length(bar.value as f32);
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
            .map(|r| {
                (0..series).map(|s| chart.grouped.get(r).and_then(|v| v.get(s)).map_or(0.0, |v| *v as f32)).collect()
            })
            .collect();
        let mut geometry = ChartGeometry {
            title,
            subtitle,
            legend,
            legend_height,
            header_height,
            label_width: 0.0,
            bar_width: 0.0,
            max: chart.max as f32,
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

    /// The header and the first bar: what must fit for the chart to start on a page.
    fn start_height(&self) -> f32 {
        self.header_height + self.rows.first().map_or(0.0, |r| r.height)
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
