//! One chart model for the survey's figures: horizontal bars, drawn in SVG by the interface and
//! printed as they are by the PDF engine, whose bar-chart block holds this [`BarChart`]. Pure.
//!
//! Rules:
//! - single and multiple choice: one bar per option, its share of the question's respondents (max 100);
//! - number: four bars, minimum, mean, median and maximum, on a scale up to the maximum;
//! - text: no chart;
//! - grid: one bar per row, the share of the row's most common column, the bar's text naming that
//!   column ("45 % · Souvent"); the full breakdown belongs in a table (a grouped chart of 20 rows ×
//!   5 columns would not fit a page);
//! - splits and comparisons: grouped bars, one bar per option (a grid's « row — column »), one value
//!   per series (group or wave), always percentages (max 100); a split of a number question is one
//!   bar per group, its mean, with the median and the count beside it;
//! - bars are in the options' order (the form's, see [`super::stats`]), never sorted by value;
//! - every bar is drawn to scale: its length is `value / max` of the full length, so 97 % is shorter
//!   than 100 %.
//!
//! Numbers are written the French way: "78 %" with a no-break space, "12,5" with a comma, thousands
//! separated by a narrow no-break space.

use serde::{Deserialize, Serialize};

use super::model::QuestionKind;
use super::stats::{OptionCount, QuestionComparison, QuestionStats, SplitGroup, ThemeSummary};
pub use crate::french::{format_decimal, format_percent, format_points};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bar {
    pub label: String,
    /// The bar's length on the chart's scale (0..=max). For grouped bars: the largest of the group.
    pub value: f64,
    /// Printed at the end of the bar ("78 %", "12,5"). For grouped bars: a note about the group (a
    /// comparison's change, "+12 pts"), possibly empty; each series' value is printed as a percentage.
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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

/// The chart of a split, in the order of the question's options (as [`super::stats::split`] gives
/// them), never re-sorted. None when there is nothing to draw (no group, a text question).
///
/// - choices and dates: grouped bars, one bar per option, one series per group, each value the share
///   of the group's respondents;
/// - numbers: one bar per group, its mean, the median and the count beside it;
/// - grids: grouped bars, one bar per « row — column » chosen somewhere, one series per group, each
///   value the share of the group's respondents to that row.
pub fn split_chart(question_label: &str, groups: &[SplitGroup]) -> Option<BarChart> {
    let first = groups.first()?;
    match first.stats.kind {
        QuestionKind::Text => None,
        QuestionKind::Number => Some(split_number_chart(question_label, groups)),
        QuestionKind::Grid => {
            // Each "row — column" in the grid's order, left out where no group chose it.
            let mut labels: Vec<(String, String)> = Vec::new();
            for g in groups {
                for row in &g.stats.grid {
                    for o in &row.options {
                        if !labels.iter().any(|(r, c)| same(r, &row.row) && same(c, &o.label)) {
                            labels.push((row.row.clone(), o.label.clone()));
                        }
                    }
                }
            }
            let grouped: Vec<Vec<f64>> = labels
                .iter()
                .map(|(r, c)| {
                    groups
                        .iter()
                        .map(|g| {
                            g.stats
                                .grid
                                .iter()
                                .find(|row| same(&row.row, r))
                                .and_then(|row| row.options.iter().find(|o| same(&o.label, c)))
                                .map_or(0.0, |o| o.percent)
                        })
                        .collect()
                })
                .collect();
            let (labels, grouped): (Vec<_>, Vec<_>) =
                labels.into_iter().zip(grouped).filter(|(_, values)| values.iter().any(|v| *v > 0.0)).unzip();
            let labels: Vec<String> = labels.into_iter().map(|(r, c)| format!("{r} — {c}")).collect();
            grouped_split_chart(
                question_label,
                "Part des répondants de chaque groupe, ligne par ligne",
                labels,
                grouped,
                groups,
            )
        }
        QuestionKind::Single | QuestionKind::Multi | QuestionKind::Date => {
            let mut labels: Vec<String> = Vec::new();
            for g in groups {
                for o in &g.stats.options {
                    if !labels.iter().any(|l| same(l, &o.label)) {
                        labels.push(o.label.clone());
                    }
                }
            }
            let grouped: Vec<Vec<f64>> = labels
                .iter()
                .map(|label| {
                    groups
                        .iter()
                        .map(|g| g.stats.options.iter().find(|o| same(&o.label, label)).map_or(0.0, |o| o.percent))
                        .collect()
                })
                .collect();
            grouped_split_chart(question_label, "Part des répondants de chaque groupe", labels, grouped, groups)
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    crate::text::fold(a) == crate::text::fold(b)
}

fn grouped_split_chart(
    question_label: &str,
    subtitle: &str,
    labels: Vec<String>,
    grouped: Vec<Vec<f64>>,
    groups: &[SplitGroup],
) -> Option<BarChart> {
    if labels.is_empty() {
        return None;
    }
    let bars = labels
        .into_iter()
        .zip(&grouped)
        .map(|(label, values)| Bar { label, value: values.iter().copied().fold(0.0, f64::max), display: String::new() })
        .collect();
    Some(BarChart {
        title: question_label.to_string(),
        subtitle: Some(subtitle.to_string()),
        bars,
        max: 100.0,
        series: groups.iter().map(|g| format!("{} ({})", g.label, g.stats.answered)).collect(),
        grouped,
    })
}

/// One bar per group, as long as its mean; the median and the count are written beside it, since
/// the window and the PDF print a grouped chart's values as percentages.
fn split_number_chart(question_label: &str, groups: &[SplitGroup]) -> BarChart {
    let bars: Vec<Bar> = groups
        .iter()
        .map(|g| {
            let label = format!("{} ({})", g.label, g.stats.answered);
            match &g.stats.number {
                Some(n) => Bar {
                    label,
                    value: n.mean,
                    display: format!("moyenne {} · médiane {}", format_decimal(n.mean), format_decimal(n.median)),
                },
                None => Bar { label, value: 0.0, display: "aucune réponse".into() },
            }
        })
        .collect();
    let top = bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0, f64::max);
    BarChart {
        title: question_label.to_string(),
        subtitle: Some("Moyenne de chaque groupe (la barre) et médiane ; entre parenthèses, les répondants".into()),
        bars,
        max: if top > 0.0 { top } else { 1.0 },
        series: Vec::new(),
        grouped: Vec::new(),
    }
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

    #[test]
    fn split_charts_keep_the_options_order_and_cover_numbers_and_grids() {
        // A later, more chosen option stays after the earlier ones.
        let a = stats(QuestionKind::Single, &[("Oui", 1, 25.0), ("Non", 3, 75.0)], 4);
        let b = stats(QuestionKind::Single, &[("Oui", 0, 0.0), ("Non", 2, 100.0)], 2);
        let groups = vec![
            SplitGroup { label: "EVS".into(), stats: a },
            SplitGroup { label: "Centres sociaux".into(), stats: b },
        ];
        let c = split_chart("Site", &groups).unwrap();
        assert_eq!(c.bars.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(), ["Oui", "Non"]);
        assert_eq!(c.grouped, [vec![25.0, 0.0], vec![75.0, 100.0]]);

        // Numbers: one bar per group, the mean, with the median and the count.
        let mut n1 = stats(QuestionKind::Number, &[], 3);
        n1.number = Some(NumberSummary { mean: 4.5, median: 4.0, min: 1.0, max: 9.0 });
        let mut n2 = stats(QuestionKind::Number, &[], 2);
        n2.number = Some(NumberSummary { mean: 9.0, median: 9.0, min: 8.0, max: 10.0 });
        let n3 = stats(QuestionKind::Number, &[], 0);
        let groups = vec![
            SplitGroup { label: "EVS".into(), stats: n1 },
            SplitGroup { label: "Centres sociaux".into(), stats: n2 },
            SplitGroup { label: "Non renseigné".into(), stats: n3 },
        ];
        let c = split_chart("Ordinateurs", &groups).unwrap();
        assert!(c.series.is_empty() && c.grouped.is_empty(), "plain bars: their text is not a percentage");
        assert_eq!(c.max, 9.0);
        let bars: Vec<_> = c.bars.iter().map(|b| (b.label.as_str(), b.value, b.display.as_str())).collect();
        assert_eq!(
            bars,
            [
                ("EVS (3)", 4.5, "moyenne 4,5 · médiane 4"),
                ("Centres sociaux (2)", 9.0, "moyenne 9 · médiane 9"),
                ("Non renseigné (0)", 0.0, "aucune réponse"),
            ]
        );

        // Grids: « row — column » bars in the grid's order, one series per group, none where nobody chose.
        let row = |name: &str, cells: &[(&str, u32, f64)]| GridRowStats {
            row: name.into(),
            options: cells
                .iter()
                .map(|(l, c, p)| OptionCount { label: l.to_string(), count: *c, percent: *p })
                .collect(),
        };
        let mut g1 = stats(QuestionKind::Grid, &[], 2);
        g1.grid = vec![
            row("Tableur", &[("Débutant", 2, 100.0), ("Avancé", 0, 0.0)]),
            row("Courriel", &[("Débutant", 1, 50.0), ("Avancé", 1, 50.0)]),
        ];
        let mut g2 = stats(QuestionKind::Grid, &[], 1);
        g2.grid = vec![
            row("Tableur", &[("Débutant", 0, 0.0), ("Avancé", 0, 0.0)]),
            row("Courriel", &[("Débutant", 0, 0.0), ("Avancé", 1, 100.0)]),
        ];
        let groups = vec![SplitGroup { label: "A".into(), stats: g1 }, SplitGroup { label: "B".into(), stats: g2 }];
        let c = split_chart("Aisance", &groups).unwrap();
        assert_eq!(
            c.bars.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["Tableur — Débutant", "Courriel — Débutant", "Courriel — Avancé"]
        );
        assert_eq!(c.grouped, [vec![100.0, 0.0], vec![50.0, 0.0], vec![50.0, 100.0]]);
        assert_eq!((c.max, c.series.clone()), (100.0, vec!["A (2)".to_string(), "B (1)".to_string()]));

        assert_eq!(
            split_chart("Besoins", &[SplitGroup { label: "A".into(), stats: stats(QuestionKind::Text, &[], 2) }]),
            None
        );
        assert_eq!(split_chart("Rien", &[]), None);
    }

    #[test]
    fn the_theme_overview_is_on_a_0_to_100_scale() {
        let theme = |name: &str, rate: f64| ThemeSummary {
            theme: name.into(),
            questions: 2,
            answered_rate: rate,
            highlights: vec![],
        };
        let c = theme_overview_chart(&[theme("Communication", 100.0), theme("Équipements", 97.0)]);
        assert_eq!(c.max, 100.0, "a full bar is 100 %, whatever the rates");
        assert_eq!((c.bars[0].value, c.bars[1].value), (100.0, 97.0));
        assert_eq!(c.bars[1].display, "97\u{a0}%");
        assert!(c.series.is_empty());
    }
}
