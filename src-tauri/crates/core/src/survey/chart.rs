//! One chart model for the survey's figures: horizontal bars, drawn in SVG by the interface and
//! mirrored into the PDF engine's bar-chart block. Pure.
//!
//! Rules:
//! - single and multiple choice: one bar per option, its share of the question's respondents (max 100);
//! - number: four bars, minimum, mean, median and maximum, on a scale up to the maximum;
//! - text: no chart;
//! - grid: one bar per row, the share of the row's most common column, the bar's text naming that
//!   column ("45 % · Souvent"); the full breakdown belongs in a table (a grouped chart of 20 rows ×
//!   5 columns would not fit a page);
//! - splits and comparisons: grouped bars, one bar per option, one value per series (group or wave),
//!   always percentages (max 100).
//!
//! Numbers are written the French way: "78 %" with a no-break space, "12,5" with a comma, thousands
//! separated by a narrow no-break space.

use serde::Serialize;

use super::model::QuestionKind;
use super::stats::{OptionCount, QuestionComparison, QuestionStats, SplitGroup, ThemeSummary};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bar {
    pub label: String,
    /// The bar's length on the chart's scale (0..=max). For grouped bars: the largest of the group.
    pub value: f64,
    /// Printed at the end of the bar ("78 %", "12,5"). For grouped bars: a note about the group (a
    /// comparison's change, "+12 pts"), possibly empty; each series' value is printed as a percentage.
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BarChart {
    pub title: String,
    /// E.g. "32 répondants · plusieurs réponses possibles".
    pub subtitle: Option<String>,
    pub bars: Vec<Bar>,
    /// The value of a full-length bar (100 for percentages).
    pub max: f64,
    /// Empty for one series; the series' names for grouped bars.
    pub series: Vec<String>,
    /// Per bar, one value per series, when `series` is not empty.
    pub grouped: Vec<Vec<f64>>,
}

/// "78 %" (rounded to the unit, U+00A0 before the sign); "0,4 %" below 1 % but not 0.
pub fn format_percent(value: f64) -> String {
    if value > 0.0 && value < 0.95 {
        return format!("{}\u{a0}%", format_decimal((value * 10.0).round() / 10.0));
    }
    format!("{}\u{a0}%", format_decimal(value.round()))
}

/// "12", "12,5", "1 234,6" (one decimal at most, narrow no-break spaces between thousands).
pub fn format_decimal(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    let units = (tenths / 10).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    if tenths.is_multiple_of(10) {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{}", tenths % 10)
    }
}

/// "+12 pts", "−3,5 pts", "0 pt".
pub fn format_points(change: f64) -> String {
    let rounded = (change * 10.0).round() / 10.0;
    if rounded == 0.0 {
        return "0 pt".to_string();
    }
    let sign = if rounded > 0.0 { "+" } else { "−" };
    format!("{sign}{}\u{a0}pts", format_decimal(rounded.abs()))
}

fn respondents(n: u32) -> String {
    if n <= 1 {
        format!("{n} répondant")
    } else {
        format!("{} répondants", format_decimal(f64::from(n)))
    }
}

/// The chart of one question, or None when there is nothing to draw (a text question, or nobody answered).
pub fn question_chart(stats: &QuestionStats) -> Option<BarChart> {
    if stats.answered == 0 {
        return None;
    }
    let mut chart = BarChart {
        title: stats.label.clone(),
        subtitle: Some(respondents(stats.answered)),
        bars: Vec::new(),
        max: 100.0,
        series: Vec::new(),
        grouped: Vec::new(),
    };
    match stats.kind {
        QuestionKind::Single | QuestionKind::Multi | QuestionKind::Date => {
            if stats.options.is_empty() {
                return None;
            }
            if stats.kind == QuestionKind::Multi {
                chart.subtitle = Some(format!("{} · plusieurs réponses possibles", respondents(stats.answered)));
            }
            chart.bars = stats
                .options
                .iter()
                .map(|o| Bar { label: o.label.clone(), value: o.percent, display: format_percent(o.percent) })
                .collect();
        }
        QuestionKind::Number => {
            let n = stats.number.as_ref()?;
            let bar = |label: &str, value: f64| Bar { label: label.into(), value, display: format_decimal(value) };
            chart.bars =
                vec![bar("Minimum", n.min), bar("Moyenne", n.mean), bar("Médiane", n.median), bar("Maximum", n.max)];
            chart.max = if n.max > 0.0 { n.max } else { 1.0 };
        }
        QuestionKind::Text => return None,
        QuestionKind::Grid => {
            chart.subtitle =
                Some(format!("{} · réponse la plus fréquente pour chaque ligne", respondents(stats.answered)));
            chart.bars = stats
                .grid
                .iter()
                .filter_map(|row| {
                    let top =
                        row.options.iter().filter(|o| o.count > 0).fold(None, |best: Option<&OptionCount>, o| {
                            match best {
                                Some(b) if b.count >= o.count => Some(b),
                                _ => Some(o),
                            }
                        })?;
                    Some(Bar {
                        label: row.row.clone(),
                        value: top.percent,
                        display: format!("{} · {}", format_percent(top.percent), top.label),
                    })
                })
                .collect();
            if chart.bars.is_empty() {
                return None;
            }
        }
    }
    Some(chart)
}

/// One bar per theme: the mean share of respondents who answered its questions.
pub fn theme_overview_chart(summaries: &[ThemeSummary]) -> BarChart {
    BarChart {
        title: "Taux de réponse par thème".into(),
        subtitle: Some("Part moyenne des répondants ayant répondu aux questions du thème".into()),
        bars: summaries
            .iter()
            .map(|s| Bar { label: s.theme.clone(), value: s.answered_rate, display: format_percent(s.answered_rate) })
            .collect(),
        max: 100.0,
        series: Vec::new(),
        grouped: Vec::new(),
    }
}

/// Grouped bars of a split: one bar per option (most chosen overall first), one series per group, each
/// value the share of the group's respondents. None for questions without options (numbers, texts, grids).
pub fn split_chart(question_label: &str, groups: &[SplitGroup]) -> Option<BarChart> {
    if groups.is_empty() {
        return None;
    }
    let mut options: Vec<(String, u32)> = Vec::new();
    for g in groups {
        for o in &g.stats.options {
            match options.iter_mut().find(|(l, _)| crate::text::fold(l) == crate::text::fold(&o.label)) {
                Some(entry) => entry.1 += o.count,
                None => options.push((o.label.clone(), o.count)),
            }
        }
    }
    if options.is_empty() {
        return None;
    }
    // A stable sort keeps a multiple choice's column order among equal totals.
    options.sort_by_key(|o| std::cmp::Reverse(o.1));
    let grouped: Vec<Vec<f64>> = options
        .iter()
        .map(|(label, _)| {
            let key = crate::text::fold(label);
            groups
                .iter()
                .map(|g| g.stats.options.iter().find(|o| crate::text::fold(&o.label) == key).map_or(0.0, |o| o.percent))
                .collect()
        })
        .collect();
    let bars = options
        .iter()
        .zip(&grouped)
        .map(|((label, _), values)| Bar {
            label: label.clone(),
            value: values.iter().copied().fold(0.0, f64::max),
            display: String::new(),
        })
        .collect();
    Some(BarChart {
        title: question_label.to_string(),
        subtitle: Some("Part des répondants de chaque groupe".into()),
        bars,
        max: 100.0,
        series: groups.iter().map(|g| format!("{} ({})", g.label, g.stats.answered)).collect(),
        grouped,
    })
}

/// Grouped bars of two waves: one bar per option, series `before` and `after` (a missing share drawn as
/// 0), the change in points as the bar's note. None when the question has no options.
pub fn comparison_chart(c: &QuestionComparison, before: &str, after: &str) -> Option<BarChart> {
    if c.options.is_empty() {
        return None;
    }
    let grouped: Vec<Vec<f64>> =
        c.options.iter().map(|o| vec![o.before.unwrap_or(0.0), o.after.unwrap_or(0.0)]).collect();
    Some(BarChart {
        title: c.label.clone(),
        subtitle: Some(format!(
            "{} : {} · {} : {}",
            before,
            respondents(c.before_answered),
            after,
            respondents(c.after_answered)
        )),
        bars: c
            .options
            .iter()
            .zip(&grouped)
            .map(|(o, v)| Bar {
                label: o.label.clone(),
                value: v[0].max(v[1]),
                display: o.change.map(format_points).unwrap_or_default(),
            })
            .collect(),
        max: 100.0,
        series: vec![before.to_string(), after.to_string()],
        grouped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::stats::{GridRowStats, NumberSummary, OptionChange};

    fn stats(kind: QuestionKind, options: &[(&str, u32, f64)], answered: u32) -> QuestionStats {
        QuestionStats {
            key: "q".into(),
            label: "Réseaux utilisés".into(),
            kind,
            answered,
            non_responses: 2,
            options: options
                .iter()
                .map(|(l, c, p)| OptionCount { label: l.to_string(), count: *c, percent: *p })
                .collect(),
            other_answers: vec![],
            number: None,
            texts: vec![],
            grid: vec![],
            dates: None,
        }
    }

    #[test]
    fn french_numbers() {
        assert_eq!(format_percent(78.125), "78\u{a0}%");
        assert_eq!(format_percent(0.42), "0,4\u{a0}%");
        assert_eq!(format_percent(0.0), "0\u{a0}%");
        assert_eq!(format_decimal(12.5), "12,5");
        assert_eq!(format_decimal(12.0), "12");
        assert_eq!(format_decimal(1234.56), "1\u{202f}234,6");
        assert_eq!(format_decimal(-3.25), "-3,3");
        assert_eq!(format_points(12.0), "+12\u{a0}pts");
        assert_eq!(format_points(-3.46), "−3,5\u{a0}pts");
        assert_eq!(format_points(0.01), "0 pt");
    }

    #[test]
    fn choice_charts_are_percent_bars() {
        let s = stats(QuestionKind::Multi, &[("Facebook", 25, 78.125), ("TikTok", 4, 12.5)], 32);
        let c = question_chart(&s).unwrap();
        assert_eq!(c.subtitle.as_deref(), Some("32 répondants · plusieurs réponses possibles"));
        assert_eq!(c.max, 100.0);
        assert_eq!(c.bars[0], Bar { label: "Facebook".into(), value: 78.125, display: "78\u{a0}%".into() });
        assert!(c.series.is_empty() && c.grouped.is_empty());
        assert_eq!(question_chart(&stats(QuestionKind::Single, &[], 0)), None);
        assert_eq!(question_chart(&stats(QuestionKind::Text, &[], 3)), None);
    }

    #[test]
    fn number_and_grid_charts() {
        let mut n = stats(QuestionKind::Number, &[], 3);
        n.number = Some(NumberSummary { mean: 4.5, median: 3.0, min: 1.0, max: 10.0 });
        let c = question_chart(&n).unwrap();
        assert_eq!(c.max, 10.0);
        let bars: Vec<_> = c.bars.iter().map(|b| (b.label.as_str(), b.display.as_str())).collect();
        assert_eq!(bars, [("Minimum", "1"), ("Moyenne", "4,5"), ("Médiane", "3"), ("Maximum", "10")]);

        let mut g = stats(QuestionKind::Grid, &[], 4);
        g.grid = vec![GridRowStats {
            row: "Ordinateur".into(),
            options: vec![
                OptionCount { label: "Jamais".into(), count: 1, percent: 25.0 },
                OptionCount { label: "Souvent".into(), count: 3, percent: 75.0 },
            ],
        }];
        let c = question_chart(&g).unwrap();
        assert_eq!(c.bars, [Bar { label: "Ordinateur".into(), value: 75.0, display: "75\u{a0}% · Souvent".into() }]);
    }

    #[test]
    fn split_and_comparison_charts_are_grouped() {
        let a = stats(QuestionKind::Single, &[("Oui", 1, 50.0), ("Non", 1, 50.0)], 2);
        let b = stats(QuestionKind::Single, &[("Oui", 3, 100.0)], 3);
        let groups =
            vec![SplitGroup { label: "EVS".into(), stats: a }, SplitGroup { label: "Centre social".into(), stats: b }];
        let c = split_chart("Avez-vous un site ?", &groups).unwrap();
        assert_eq!(c.series, ["EVS (2)", "Centre social (3)"]);
        assert_eq!(c.bars.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(), ["Oui", "Non"]);
        assert_eq!(c.grouped, [vec![50.0, 100.0], vec![50.0, 0.0]]);
        assert_eq!(c.bars[0].value, 100.0);

        let cmp = QuestionComparison {
            key: "q".into(),
            label: "Site".into(),
            before_answered: 10,
            after_answered: 12,
            options: vec![
                OptionChange { label: "Oui".into(), before: Some(40.0), after: Some(52.0), change: Some(12.0) },
                OptionChange { label: "Bientôt".into(), before: None, after: Some(8.0), change: None },
            ],
            mean_before: None,
            mean_after: None,
        };
        let c = comparison_chart(&cmp, "2024", "2025").unwrap();
        assert_eq!(c.series, ["2024", "2025"]);
        assert_eq!(c.grouped, [vec![40.0, 52.0], vec![0.0, 8.0]]);
        assert_eq!(c.bars[0].display, "+12\u{a0}pts");
        assert_eq!(c.bars[1].display, "");
        assert_eq!(c.subtitle.as_deref(), Some("2024 : 10 répondants · 2025 : 12 répondants"));
    }
}
