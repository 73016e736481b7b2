//! One question across two waves: options matched by label, the change in percentage points,
//! the means of a number question.

use serde::Serialize;

use super::types::QuestionStats;
use crate::survey::model::QuestionKind;
use crate::text::fold;

/// One option across two waves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OptionChange {
    pub label: String,
    /// Percent of the wave's respondents; None when the option did not exist in that wave.
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// `after − before`, in percentage points, when both are known.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionComparison {
    pub key: String,
    pub label: String,
    pub before_answered: u32,
    pub after_answered: u32,
    /// The later wave's options in its order, then the options only the earlier wave had.
    pub options: Vec<OptionChange>,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
}

/// The (label, percent) pairs of a question that a comparison matches: its options, or for a grid each
/// "row — column".
fn comparable(stats: &QuestionStats) -> Vec<(String, f64)> {
    if stats.kind == QuestionKind::Grid {
        stats
            .grid
            .iter()
            .flat_map(|r| r.options.iter().map(move |o| (format!("{} — {}", r.row, o.label), o.percent)))
            .collect()
    } else {
        stats.options.iter().map(|o| (o.label.clone(), o.percent)).collect()
    }
}

/// Compares two waves of one question, options matched by label (case and accents ignored). A single
/// choice's options are the answers given, so an option missing from a wave where the question was
/// answered is 0 % there; for the other kinds a missing option did not exist then and stays None.
pub fn compare(before: &QuestionStats, after: &QuestionStats) -> QuestionComparison {
    let b = comparable(before);
    let a = comparable(after);
    let absent = |stats: &QuestionStats| (stats.kind == QuestionKind::Single && stats.answered > 0).then_some(0.0);
    let find = |list: &[(String, f64)], label: &str| {
        let key = fold(label);
        list.iter().find(|(l, _)| fold(l) == key).map(|(_, p)| *p)
    };
    let mut options: Vec<OptionChange> = Vec::new();
    for (label, p) in &a {
        let before_p = find(&b, label).or(absent(before));
        options.push(OptionChange { label: label.clone(), before: before_p, after: Some(*p), change: None });
    }
    for (label, p) in &b {
        if find(&a, label).is_none() {
            options.push(OptionChange { label: label.clone(), before: Some(*p), after: absent(after), change: None });
        }
    }
    for o in &mut options {
        o.change = o.before.zip(o.after).map(|(b, a)| a - b);
    }
    QuestionComparison {
        key: after.key.clone(),
        label: after.label.clone(),
        before_answered: before.answered,
        after_answered: after.answered,
        options,
        mean_before: before.number.as_ref().map(|n| n.mean),
        mean_after: after.number.as_ref().map(|n| n.mean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::stats::question_stats;
    use crate::survey::testing::{choice, choices, number, question, refs, submission};

    #[test]
    fn compare_matches_options_ignoring_case_and_accents() {
        let def = question("s", QuestionKind::Single, &[]);
        let before = vec![
            submission(1, vec![("s", choice("Téléphone"))]),
            submission(2, vec![("s", choice("Courrier"))]),
            submission(3, vec![("s", choice("Courrier"))]),
            submission(4, vec![("s", choice("Courrier"))]),
        ];
        let after = vec![
            submission(1, vec![("s", choice("telephone"))]),
            submission(2, vec![("s", choice("Telephone"))]),
            submission(3, vec![("s", choice("Courriel"))]),
            submission(4, vec![("s", choice("Courrier"))]),
        ];
        let b = question_stats(&def, &refs(&before));
        let a = question_stats(&def, &refs(&after));
        let c = compare(&b, &a);
        assert_eq!((c.before_answered, c.after_answered), (4, 4));
        let rows: Vec<_> = c.options.iter().map(|o| (o.label.as_str(), o.before, o.after, o.change)).collect();
        assert_eq!(
            rows,
            [
                ("telephone", Some(25.0), Some(50.0), Some(25.0)),
                ("Courriel", Some(0.0), Some(25.0), Some(25.0)),
                ("Courrier", Some(75.0), Some(25.0), Some(-50.0)),
            ]
        );
        // Multi: an option column that did not exist before has no "before".
        let old = question_stats(
            &question("m", QuestionKind::Multi, &["A"]),
            &refs(&[submission(1, vec![("m", choices(&["A"], None))])]),
        );
        let new = question_stats(
            &question("m", QuestionKind::Multi, &["A", "B"]),
            &refs(&[
                submission(1, vec![("m", choices(&["B"], None))]),
                submission(2, vec![("m", choices(&["A"], None))]),
            ]),
        );
        let c = compare(&old, &new);
        assert_eq!(
            c.options[0],
            OptionChange { label: "A".into(), before: Some(100.0), after: Some(50.0), change: Some(-50.0) }
        );
        assert_eq!(c.options[1], OptionChange { label: "B".into(), before: None, after: Some(50.0), change: None });
        // Numbers: the means.
        let nb = question_stats(
            &question("n", QuestionKind::Number, &[]),
            &refs(&[submission(1, vec![("n", number(2.0))])]),
        );
        let na = question_stats(
            &question("n", QuestionKind::Number, &[]),
            &refs(&[submission(1, vec![("n", number(5.0))])]),
        );
        let c = compare(&nb, &na);
        assert_eq!((c.mean_before, c.mean_after), (Some(2.0), Some(5.0)));
        assert!(c.options.is_empty());
    }
}
