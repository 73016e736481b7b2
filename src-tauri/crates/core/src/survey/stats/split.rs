//! One question's figures per group of submissions (cross-tabulation): groups in label order, the
//! unplaced last, every group listing the whole question's options so that groups read side by side.

use std::collections::BTreeMap;

use serde::Serialize;

use super::answers::trimmed;
use super::count::question_stats;
use super::types::{GridRowStats, OptionCount, QuestionStats, NOT_GIVEN};
use crate::survey::model::{QuestionDef, Submission};
use crate::text::fold;

/// The figures of one question among one group of submissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SplitGroup {
    pub label: String,
    pub stats: QuestionStats,
}

/// The figures of a question per group of submissions: groups in label order (case and accents
/// ignored), then the submissions `group_of` could not place, in a group "Non renseigné".
///
/// Every kind splits: choices and dates by option, numbers by their summary, grids row by row. Each
/// group lists the options (and a grid's rows and columns) of the whole question, in its order,
/// with 0 for those the group did not choose, so that groups read side by side line by line.
pub fn split(
    question: &QuestionDef,
    submissions: &[&Submission],
    group_of: impl Fn(&Submission) -> Option<String>,
) -> Vec<SplitGroup> {
    let mut groups: BTreeMap<(String, String), Vec<&Submission>> = BTreeMap::new();
    let mut unplaced: Vec<&Submission> = Vec::new();
    for submission in submissions {
        match group_of(submission).as_deref().and_then(trimmed) {
            Some(label) => groups.entry((fold(label), label.to_string())).or_default().push(submission),
            None => unplaced.push(submission),
        }
    }
    // Labels differing only by case or accents are one group, under the first spelling met in label order.
    let mut merged: Vec<(String, String, Vec<&Submission>)> = Vec::new();
    for ((folded, label), subs) in groups {
        match merged.last_mut() {
            Some((f, _, existing)) if *f == folded => existing.extend(subs),
            _ => merged.push((folded, label, subs)),
        }
    }
    let whole = question_stats(question, submissions);
    let stats_of = |subs: &[&Submission]| aligned(&whole, question_stats(question, subs));
    let mut out: Vec<SplitGroup> =
        merged.into_iter().map(|(_, label, subs)| SplitGroup { stats: stats_of(&subs), label }).collect();
    if !unplaced.is_empty() {
        out.push(SplitGroup { label: NOT_GIVEN.to_string(), stats: stats_of(&unplaced) });
    }
    out
}

/// `part` (the figures of some of the submissions) with the options, grid rows and grid columns of
/// `whole`, in `whole`'s order, those `part` lacks counted 0.
fn aligned(whole: &QuestionStats, mut part: QuestionStats) -> QuestionStats {
    fn reorder(order: &[&str], mut have: Vec<OptionCount>) -> Vec<OptionCount> {
        let mut out: Vec<OptionCount> = order
            .iter()
            .map(|label| {
                let key = fold(label);
                match have.iter().position(|o| fold(&o.label) == key) {
                    Some(i) => have.remove(i),
                    None => OptionCount { label: label.to_string(), count: 0, percent: 0.0 },
                }
            })
            .collect();
        // Nothing is left over when `part` is a share of `whole`; kept all the same, never dropped.
        out.extend(have);
        out
    }
    let labels: Vec<&str> = whole.options.iter().map(|o| o.label.as_str()).collect();
    part.options = reorder(&labels, std::mem::take(&mut part.options));
    if !whole.grid.is_empty() {
        let columns: Vec<&str> =
            whole.grid.first().map(|r| r.options.iter().map(|o| o.label.as_str()).collect()).unwrap_or_default();
        let mut rows = std::mem::take(&mut part.grid);
        let mut grid: Vec<GridRowStats> = whole
            .grid
            .iter()
            .map(|w| {
                let key = fold(&w.row);
                let options = match rows.iter().position(|r| fold(&r.row) == key) {
                    Some(i) => rows.remove(i).options,
                    None => Vec::new(),
                };
                GridRowStats { row: w.row.clone(), options: reorder(&columns, options) }
            })
            .collect();
        grid.extend(rows);
        part.grid = grid;
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::model::{Answer, QuestionKind};
    use crate::survey::stats::answer_label;
    use crate::survey::testing::{choice, choices, close, counts, number, question, refs, submission};

    #[test]
    fn split_groups_in_label_order_with_a_not_given_group_last() {
        let def = question("s", QuestionKind::Single, &[]);
        let subs = vec![
            submission(1, vec![("s", choice("Oui"))]),
            submission(2, vec![("s", choice("Non"))]),
            submission(3, vec![("s", choice("Oui"))]),
            submission(4, vec![("s", choice("Oui"))]),
        ];
        let kind = |s: &Submission| match s.sid {
            1 | 2 => Some("EVS".to_string()),
            3 => Some("Centre social".to_string()),
            _ => None,
        };
        let groups = split(&def, &refs(&subs), kind);
        let labels: Vec<_> = groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["Centre social", "EVS", "Non renseigné"]);
        assert_eq!(counts(&groups[1].stats.options), [("Oui", 1), ("Non", 1)]);
        assert!(close(groups[1].stats.options[0].percent, 50.0));
        // Every group has the question's options, in its order, 0 for those it did not choose.
        assert_eq!(counts(&groups[0].stats.options), [("Oui", 1), ("Non", 0)]);
        assert_eq!(counts(&groups[2].stats.options), [("Oui", 1), ("Non", 0)]);
        assert_eq!(groups[2].stats.answered, 1);
    }

    #[test]
    fn cross_tab_splits_by_another_questions_answer() {
        let def = question("m", QuestionKind::Multi, &["Facebook", "Instagram"]);
        let subs = vec![
            submission(1, vec![("taille", choice("Petite")), ("m", choices(&["Facebook"], None))]),
            submission(2, vec![("taille", choice("Grande")), ("m", choices(&["Facebook", "Instagram"], None))]),
            submission(3, vec![("taille", choice("Grande")), ("m", choices(&["Instagram"], None))]),
            submission(4, vec![("m", choices(&["Instagram"], None))]),
        ];
        assert_eq!(answer_label(&subs[0], "taille").as_deref(), Some("Petite"));
        assert_eq!(answer_label(&subs[1], "m").as_deref(), Some("Facebook, Instagram"));
        assert_eq!(answer_label(&subs[3], "taille"), None);
        let groups = split(&def, &refs(&subs), |s| answer_label(s, "taille"));
        assert_eq!(groups.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["Grande", "Petite", "Non renseigné"]);
        assert_eq!(counts(&groups[0].stats.options), [("Facebook", 1), ("Instagram", 2), ("Autre", 0)]);
        assert!(close(groups[0].stats.options[1].percent, 100.0));
        assert_eq!(counts(&groups[2].stats.options), [("Facebook", 0), ("Instagram", 1), ("Autre", 0)]);
    }

    #[test]
    fn numbers_split_into_each_groups_summary() {
        let def = question("n", QuestionKind::Number, &[]);
        let subs = vec![
            submission(1, vec![("n", number(2.0))]),
            submission(2, vec![("n", number(4.0))]),
            submission(3, vec![("n", number(9.0))]),
            submission(4, vec![("n", number(10.0))]),
            submission(5, vec![("n", number(30.0))]),
            submission(6, vec![]),
        ];
        let group = |s: &Submission| match s.sid {
            1 | 2 => Some("EVS".to_string()),
            3..=5 => Some("Centres sociaux".to_string()),
            _ => None,
        };
        let groups = split(&def, &refs(&subs), group);
        let labels: Vec<_> = groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["Centres sociaux", "EVS", "Non renseigné"]);
        let summary = |g: &SplitGroup| g.stats.number.as_ref().map(|n| (n.mean, n.median, g.stats.answered));
        assert_eq!(summary(&groups[0]), Some((49.0 / 3.0, 10.0, 3)));
        assert_eq!(summary(&groups[1]), Some((3.0, 3.0, 2)));
        assert_eq!((groups[2].stats.number.as_ref(), groups[2].stats.non_responses), (None, 1));
    }

    #[test]
    fn grids_split_row_by_row_with_the_whole_grids_rows_and_columns() {
        let def = question("g", QuestionKind::Grid, &["Ordinateur", "Tablette"]);
        let grid = |cells: &[(&str, &str)]| Answer::Grid {
            cells: cells.iter().map(|(r, c)| (r.to_string(), c.to_string())).collect(),
        };
        let subs = vec![
            submission(1, vec![("g", grid(&[("Tablette", "Jamais")]))]),
            submission(2, vec![("g", grid(&[("Ordinateur", "Souvent"), ("Tablette", "Souvent")]))]),
            submission(3, vec![("g", grid(&[("Ordinateur", "Parfois")]))]),
        ];
        let group = |s: &Submission| Some(if s.sid == 1 { "EVS" } else { "Centres sociaux" }.to_string());
        let groups = split(&def, &refs(&subs), group);
        assert_eq!(groups[1].label, "EVS");
        let rows = |g: &SplitGroup| {
            g.stats
                .grid
                .iter()
                .map(|r| {
                    (
                        r.row.clone(),
                        counts(&r.options).iter().map(|(l, c)| format!("{l}={c}")).collect::<Vec<_>>().join(" "),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rows(&groups[1]),
            [
                ("Ordinateur".to_string(), "Jamais=0 Souvent=0 Parfois=0".to_string()),
                ("Tablette".to_string(), "Jamais=1 Souvent=0 Parfois=0".to_string()),
            ]
        );
        assert_eq!(
            rows(&groups[0]),
            [
                ("Ordinateur".to_string(), "Jamais=0 Souvent=1 Parfois=1".to_string()),
                ("Tablette".to_string(), "Jamais=0 Souvent=1 Parfois=0".to_string()),
            ]
        );
        assert!(close(groups[0].stats.grid[0].options[1].percent, 50.0), "of the row's respondents in the group");
    }
}
