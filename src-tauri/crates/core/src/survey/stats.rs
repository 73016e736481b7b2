//! The figures of a wave of the survey: counts and shares per question, splits by group, theme
//! summaries and the comparison of two waves. Pure: the caller chooses which submissions count
//! (drafts are normally left out before calling).
//!
//! Percentages are `f64` in 0..=100 (statistics, not money); the interface and the PDF round them
//! for display. Every percentage of a choice question is a share of the question's respondents
//! (the submissions that answered it), so a multiple-choice question's shares may add up past 100.
//!
//! Options keep the form's order everywhere, never sorted by count or by label: a reader finds
//! the answers in the order the questionnaire offered them, and the same order in every wave,
//! group and chart. A single choice (and a multiple choice's labels outside its columns) lists its
//! options in the order they first appear among the submissions counted, which is the file's
//! order; a multiple choice lists its option columns in column order; a grid its rows in the
//! form's order and its columns in the order they first appear; a date question its months
//! oldest first.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{QuestionDef, QuestionKind, Submission};
use super::tally::{is_answered, labels_of, trimmed, QuestionTally, WaveTally};
use crate::french::{format_decimal, format_percent};
pub use crate::french::{month_label, parse_date as parse_answer_date};
use crate::text::fold;

/// The group of the submissions a split could not place.
pub const NOT_GIVEN: &str = "Non renseigné";

/// The option that counts the respondents of a multiple choice who typed an 'other' answer.
pub const OTHER_OPTION: &str = "Autre";

/// How many respondents chose one option, and their share of the question's respondents.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OptionCount {
    pub label: String,
    pub count: u32,
    /// Share of the respondents who answered the question (of the grid row, for a grid), 0 to 100.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NumberSummary {
    pub mean: f64,
    /// The middle value; the mean of the two middle values for an even count.
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// One row of a grid: the columns chosen on it. Every column chosen anywhere in the grid is listed, in
/// the order the columns first appear in the submissions, so that every row has the same columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GridRowStats {
    pub row: String,
    /// Percentages of the respondents who answered this row.
    pub options: Vec<OptionCount>,
}

/// The figures of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionStats {
    pub key: String,
    pub label: String,
    pub kind: QuestionKind,
    /// Submissions with an answer to this question.
    pub answered: u32,
    /// Submissions counted that did not answer.
    pub non_responses: u32,
    /// Single: the distinct answers given, in the order they first appear among the submissions.
    /// Multi: the form's option columns in column order, then « Autre » when the question has an
    /// 'other' text (the respondents who typed one), then the labels of compact answers that are
    /// not among the columns, in the order they first appear. Date: the months, oldest first.
    pub options: Vec<OptionCount>,
    /// Multi: the typed 'other' texts, in submission order (counted by the « Autre » option).
    pub other_answers: Vec<String>,
    /// Number: the summary (None when nobody answered).
    pub number: Option<NumberSummary>,
    /// Text: the non-empty answers, in submission order.
    pub texts: Vec<String>,
    /// Grid: one entry per row (the form's rows, then rows only the answers name).
    pub grid: Vec<GridRowStats>,
    /// Date: the earliest and latest dates given (None when no answer reads as a date); the
    /// counts by month are in `options`, oldest first.
    pub dates: Option<DateSummary>,
}

/// The span of a date question's answers, as ISO dates (`2021-06-14`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateSummary {
    pub first: String,
    pub last: String,
}

impl QuestionStats {
    /// Share of the counted submissions that answered, 0 to 100.
    pub fn answered_percent(&self) -> f64 {
        percent(self.answered, self.answered + self.non_responses)
    }

    /// The most chosen option (the first of the most chosen ones, in the options' order).
    pub fn top_option(&self) -> Option<&OptionCount> {
        self.options.iter().filter(|o| o.count > 0).fold(None, |best: Option<&OptionCount>, o| match best {
            Some(b) if b.count >= o.count => Some(b),
            _ => Some(o),
        })
    }
}

/// A percentage, 0 when there is nobody to divide by.
pub fn percent(count: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(count) * 100.0 / f64::from(of)
    }
}

/// The figures of a wave: every question, over the submissions the caller counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaveStats {
    pub responses: u32,
    pub questions: Vec<QuestionStats>,
}

/// Same figures as [`question_stats`] for each question, reading every submission once.
pub fn wave_stats(questions: &[QuestionDef], submissions: &[&Submission]) -> WaveStats {
    wave_stats_with(questions, submissions, Texts::Keep)
}

/// Whether the free-text answers are copied into the figures: the report and the spreadsheet
/// quote them; the window's overview only counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    Keep,
    CountOnly,
}

pub fn wave_stats_with(questions: &[QuestionDef], submissions: &[&Submission], texts: Texts) -> WaveStats {
    let count = |questions: &[QuestionDef]| {
        let mut tally = WaveTally::new(questions, texts);
        for submission in submissions {
            tally.add(submission);
        }
        tally.finish()
    };
    // Questions are independent: a large wave held in memory is counted on every core, each
    // thread taking a share of the questions.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads <= 1 || submissions.len() < 1_000 || questions.len() < 2 {
        return count(questions);
    }
    let share = questions.len().div_ceil(threads);
    let parts: Vec<WaveStats> = std::thread::scope(|scope| {
        let handles: Vec<_> = questions.chunks(share).map(|part| scope.spawn(move || count(part))).collect();
        handles.into_iter().map(|h| h.join().expect("a statistics thread panicked")).collect()
    });
    WaveStats { responses: submissions.len() as u32, questions: parts.into_iter().flat_map(|p| p.questions).collect() }
}

/// The label a submission gave to a question, for splitting other questions by it (cross-tabulation):
/// a single choice's answer; a multiple choice's labels joined by ", ". None when unanswered.
pub fn answer_label(submission: &Submission, key: &str) -> Option<String> {
    let answer = submission.answers.get(key)?;
    if !is_answered(answer) {
        return None;
    }
    let labels = labels_of(answer);
    (!labels.is_empty()).then(|| labels.join(", "))
}

pub fn question_stats(question: &QuestionDef, submissions: &[&Submission]) -> QuestionStats {
    let mut tally = QuestionTally::new(question, Texts::Keep);
    for answer in submissions.iter().filter_map(|s| s.answers.get(&question.key)) {
        tally.add(answer);
    }
    tally.finish(submissions.len() as u32)
}

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

/// A theme at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ThemeSummary {
    pub theme: String,
    pub questions: u32,
    /// The mean, over the theme's questions, of the share of respondents who answered it (0 to 100).
    pub answered_rate: f64,
    /// The most chosen option of each choice question, named after its question ("Outils de
    /// communication utilisés — Facebook : 78 %"), and the mean of each number question ("Nombre de
    /// salariés : moyenne 12,5").
    pub highlights: Vec<String>,
}

pub fn theme_summaries(themes: &[(String, Vec<&QuestionStats>)]) -> Vec<ThemeSummary> {
    themes
        .iter()
        .map(|(theme, questions)| {
            let answered_rate = if questions.is_empty() {
                0.0
            } else {
                questions.iter().map(|q| q.answered_percent()).sum::<f64>() / questions.len() as f64
            };
            let highlights = questions
                .iter()
                .filter_map(|q| match q.kind {
                    QuestionKind::Single | QuestionKind::Multi => {
                        q.top_option().map(|o| format!("{} — {} : {}", q.label, o.label, format_percent(o.percent)))
                    }
                    QuestionKind::Number => {
                        q.number.as_ref().map(|n| format!("{} : moyenne {}", q.label, format_decimal(n.mean)))
                    }
                    QuestionKind::Text | QuestionKind::Grid | QuestionKind::Date => None,
                })
                .collect();
            ThemeSummary { theme: theme.clone(), questions: questions.len() as u32, answered_rate, highlights }
        })
        .collect()
}

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
    use crate::survey::Answer;

    fn q(key: &str, kind: QuestionKind, options: &[&str]) -> QuestionDef {
        QuestionDef {
            key: key.into(),
            label: format!("Question {key}"),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            has_other: kind == QuestionKind::Multi,
        }
    }

    fn sub(sid: i64, answers: Vec<(&str, Answer)>) -> Submission {
        Submission {
            sid,
            serial: Some(sid),
            submitted_at: None,
            completed_at: None,
            modified_at: None,
            draft: false,
            answers: answers.into_iter().map(|(k, a)| (k.to_string(), a)).collect(),
            line: sid as usize + 1,
        }
    }

    fn choice(v: &str) -> Answer {
        Answer::Choice { value: v.into() }
    }

    fn choices(v: &[&str], other: Option<&str>) -> Answer {
        Answer::Choices { selected: v.iter().map(|s| s.to_string()).collect(), other: other.map(str::to_string) }
    }

    fn num(v: f64) -> Answer {
        Answer::Number { value: v }
    }

    fn refs(subs: &[Submission]) -> Vec<&Submission> {
        subs.iter().collect()
    }

    fn counts(options: &[OptionCount]) -> Vec<(&str, u32)> {
        options.iter().map(|o| (o.label.as_str(), o.count)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn single_choice_counts_distinct_answers_in_the_files_order_with_non_responses() {
        let subs = vec![
            sub(1, vec![("s", choice("Oui"))]),
            sub(2, vec![("s", choice("Non"))]),
            sub(3, vec![("s", choice("Oui"))]),
            sub(4, vec![("s", choice("Ne sait pas"))]),
            sub(5, vec![]),
            sub(6, vec![("s", choice("  "))]),
        ];
        let st = question_stats(&q("s", QuestionKind::Single, &[]), &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (4, 2));
        assert_eq!(counts(&st.options), [("Oui", 2), ("Non", 1), ("Ne sait pas", 1)]);
        assert!(close(st.options[0].percent, 50.0) && close(st.options[1].percent, 25.0));
        assert!(close(st.answered_percent(), 400.0 / 6.0));
    }

    #[test]
    fn multi_choice_percents_are_of_respondents_and_may_pass_100() {
        let def = q("m", QuestionKind::Multi, &["Facebook", "Instagram", "TikTok"]);
        let subs = vec![
            sub(1, vec![("m", choices(&["Facebook", "Instagram"], None))]),
            sub(2, vec![("m", choices(&["Facebook"], Some("Mastodon")))]),
            // Compact mode: a label outside the option columns, and a case variant of a column.
            sub(3, vec![("m", choices(&["facebook", "Discord", "Instagram"], Some(" ")))]),
            sub(4, vec![("m", choices(&[], None))]),
            sub(5, vec![]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (3, 2));
        assert_eq!(
            counts(&st.options),
            [("Facebook", 3), ("Instagram", 2), ("TikTok", 0), ("Autre", 1), ("Discord", 1)]
        );
        let total: f64 = st.options.iter().map(|o| o.percent).sum();
        assert!(close(total, 700.0 / 3.0), "100 + 66,7 + 0 + 33,3 + 33,3 = {total}");
        assert!(close(st.options[1].percent, 200.0 / 3.0));
        assert_eq!(st.other_answers, ["Mastodon"]);
        assert_eq!(st.top_option().unwrap().label, "Facebook");
    }

    #[test]
    fn an_only_other_answer_counts_as_answered() {
        let def = q("m", QuestionKind::Multi, &["A"]);
        let subs = vec![sub(1, vec![("m", choices(&[], Some("Autre chose")))])];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.answered, 1);
        assert_eq!(counts(&st.options), [("A", 0), ("Autre", 1)]);
        assert!(close(st.options[1].percent, 100.0));
    }

    #[test]
    fn number_summary_median_of_odd_and_even_counts() {
        let def = q("n", QuestionKind::Number, &[]);
        let odd = vec![
            sub(1, vec![("n", num(3.0))]),
            sub(2, vec![("n", num(1.0))]),
            sub(3, vec![("n", num(8.0))]),
            sub(4, vec![]),
        ];
        let st = question_stats(&def, &refs(&odd));
        assert_eq!(st.number, Some(NumberSummary { mean: 4.0, median: 3.0, min: 1.0, max: 8.0 }));
        assert_eq!(st.non_responses, 1);
        let mut even = odd.clone();
        even.push(sub(5, vec![("n", Answer::Text { value: "4,5".into() })]));
        let st = question_stats(&def, &refs(&even));
        // 1, 3, 4.5, 8: median (3 + 4.5) / 2, mean 16.5 / 4.
        assert_eq!(st.number, Some(NumberSummary { mean: 4.125, median: 3.75, min: 1.0, max: 8.0 }));
        let none = question_stats(&def, &refs(&odd[3..]));
        assert_eq!((none.number, none.answered), (None, 0));
    }

    #[test]
    fn texts_are_kept_in_submission_order_without_blanks() {
        let def = q("t", QuestionKind::Text, &[]);
        let subs = vec![
            sub(1, vec![("t", Answer::Text { value: " Plus de formations ".into() })]),
            sub(2, vec![("t", Answer::Text { value: "".into() })]),
            sub(3, vec![("t", Answer::Text { value: "Un ordinateur".into() })]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.texts, ["Plus de formations", "Un ordinateur"]);
        assert_eq!((st.answered, st.non_responses), (2, 1));
    }

    #[test]
    fn grid_rows_count_each_chosen_column_over_the_rows_respondents() {
        let def = q("g", QuestionKind::Grid, &["Ordinateur", "Tablette"]);
        let grid = |cells: &[(&str, &str)]| Answer::Grid {
            cells: cells.iter().map(|(r, c)| (r.to_string(), c.to_string())).collect(),
        };
        let subs = vec![
            sub(1, vec![("g", grid(&[("Ordinateur", "Souvent"), ("Tablette", "Jamais")]))]),
            sub(2, vec![("g", grid(&[("Ordinateur", "Souvent")]))]),
            sub(3, vec![("g", grid(&[("Ordinateur", "Parfois"), ("Tablette", "Jamais")]))]),
            sub(4, vec![]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (3, 1));
        assert_eq!(st.grid.len(), 2);
        assert_eq!(st.grid[0].row, "Ordinateur");
        assert_eq!(counts(&st.grid[0].options), [("Souvent", 2), ("Jamais", 0), ("Parfois", 1)]);
        assert!(close(st.grid[0].options[0].percent, 200.0 / 3.0));
        assert_eq!(counts(&st.grid[1].options), [("Souvent", 0), ("Jamais", 2), ("Parfois", 0)]);
        assert!(close(st.grid[1].options[1].percent, 100.0), "both respondents of the row");
    }

    #[test]
    fn wave_stats_cover_every_question() {
        let defs = [q("s", QuestionKind::Single, &[]), q("n", QuestionKind::Number, &[])];
        let subs = vec![sub(1, vec![("s", choice("Oui"))]), sub(2, vec![("n", num(2.0))])];
        let w = wave_stats(&defs, &refs(&subs));
        assert_eq!(w.responses, 2);
        assert_eq!(w.questions.iter().map(|q| (q.answered, q.non_responses)).collect::<Vec<_>>(), [(1, 1), (1, 1)]);
    }

    #[test]
    fn split_groups_in_label_order_with_a_not_given_group_last() {
        let def = q("s", QuestionKind::Single, &[]);
        let subs = vec![
            sub(1, vec![("s", choice("Oui"))]),
            sub(2, vec![("s", choice("Non"))]),
            sub(3, vec![("s", choice("Oui"))]),
            sub(4, vec![("s", choice("Oui"))]),
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
        let def = q("m", QuestionKind::Multi, &["Facebook", "Instagram"]);
        let subs = vec![
            sub(1, vec![("taille", choice("Petite")), ("m", choices(&["Facebook"], None))]),
            sub(2, vec![("taille", choice("Grande")), ("m", choices(&["Facebook", "Instagram"], None))]),
            sub(3, vec![("taille", choice("Grande")), ("m", choices(&["Instagram"], None))]),
            sub(4, vec![("m", choices(&["Instagram"], None))]),
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
    fn options_keep_the_forms_order_never_the_counts() {
        // A single choice: the order the answers first appear in, though « Non » is chosen most.
        let subs = vec![
            sub(1, vec![("s", choice("Oui")), ("m", choices(&["Zoom", "Teams"], None))]),
            sub(2, vec![("s", choice("Non")), ("m", choices(&["Discord", "Teams"], None))]),
            sub(3, vec![("s", choice("non")), ("m", choices(&["Teams"], None))]),
            sub(4, vec![("s", choice("Ne sait pas")), ("m", choices(&["Agenda"], None))]),
            sub(5, vec![("s", choice("Non"))]),
        ];
        let st = question_stats(&q("s", QuestionKind::Single, &[]), &refs(&subs));
        assert_eq!(counts(&st.options), [("Oui", 1), ("Non", 3), ("Ne sait pas", 1)]);
        assert_eq!(st.top_option().unwrap().label, "Non", "the most chosen, wherever it is listed");
        // A multiple choice: its columns in column order, then compact labels as they first appear.
        let mut def = q("m", QuestionKind::Multi, &["Zoom", "Agenda"]);
        def.has_other = false;
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(counts(&st.options), [("Zoom", 1), ("Agenda", 1), ("Teams", 3), ("Discord", 1)]);
        assert_eq!(st.top_option().unwrap().label, "Teams");
    }

    #[test]
    fn a_typed_other_answer_is_counted_as_autre_after_the_declared_options() {
        let def = q("m", QuestionKind::Multi, &["Site", "Facebook"]);
        let subs = vec![
            sub(1, vec![("m", choices(&["Site"], Some("Mastodon")))]),
            sub(2, vec![("m", choices(&["Facebook"], None))]),
            sub(3, vec![("m", choices(&[], Some("Lettre papier")))]),
            sub(4, vec![("m", choices(&["Site", "Facebook"], Some("  ")))]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.answered, 4);
        assert_eq!(counts(&st.options), [("Site", 2), ("Facebook", 2), ("Autre", 2)]);
        assert!(close(st.options[2].percent, 50.0), "of the respondents");
        assert_eq!(st.other_answers, ["Mastodon", "Lettre papier"]);
        // Always there when the question has an 'other' text, even if nobody typed one.
        let st = question_stats(&def, &refs(&subs[1..2]));
        assert_eq!(counts(&st.options), [("Site", 0), ("Facebook", 1), ("Autre", 0)]);
        // Without an 'other' text and nobody typing one: no « Autre ».
        let mut plain = def.clone();
        plain.has_other = false;
        assert_eq!(counts(&question_stats(&plain, &refs(&subs[1..2])).options), [("Site", 0), ("Facebook", 1)]);
        // A ticked column named « Autre » and a typed text count the respondent once.
        let mut named = q("m", QuestionKind::Multi, &["Site", "Autre"]);
        named.has_other = true;
        let subs = vec![sub(1, vec![("m", choices(&["Autre"], Some("Mastodon")))])];
        assert_eq!(counts(&question_stats(&named, &refs(&subs)).options), [("Site", 0), ("Autre", 1)]);
    }

    #[test]
    fn dates_count_by_month_oldest_first() {
        let date = |d: &str| Answer::Text { value: d.into() };
        let subs = vec![
            sub(1, vec![("d", date("14/06/2021"))]),
            sub(2, vec![("d", date("2021-03-02"))]),
            sub(3, vec![("d", date("30/06/2021 - 10:12"))]),
            sub(4, vec![("d", date("pas de date"))]),
        ];
        let st = question_stats(&q("d", QuestionKind::Date, &[]), &refs(&subs));
        assert_eq!(counts(&st.options), [("mars 2021", 1), ("juin 2021", 2)]);
        assert_eq!(st.dates, Some(DateSummary { first: "2021-03-02".into(), last: "2021-06-30".into() }));
    }

    #[test]
    fn numbers_split_into_each_groups_summary() {
        let def = q("n", QuestionKind::Number, &[]);
        let subs = vec![
            sub(1, vec![("n", num(2.0))]),
            sub(2, vec![("n", num(4.0))]),
            sub(3, vec![("n", num(9.0))]),
            sub(4, vec![("n", num(10.0))]),
            sub(5, vec![("n", num(30.0))]),
            sub(6, vec![]),
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
        let def = q("g", QuestionKind::Grid, &["Ordinateur", "Tablette"]);
        let grid = |cells: &[(&str, &str)]| Answer::Grid {
            cells: cells.iter().map(|(r, c)| (r.to_string(), c.to_string())).collect(),
        };
        let subs = vec![
            sub(1, vec![("g", grid(&[("Tablette", "Jamais")]))]),
            sub(2, vec![("g", grid(&[("Ordinateur", "Souvent"), ("Tablette", "Souvent")]))]),
            sub(3, vec![("g", grid(&[("Ordinateur", "Parfois")]))]),
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

    #[test]
    fn theme_summary_rates_and_highlights() {
        let subs = vec![
            sub(1, vec![("m", choices(&["Facebook"], None)), ("n", num(2.0))]),
            sub(2, vec![("m", choices(&["Facebook", "Instagram"], None))]),
            sub(3, vec![("m", choices(&["Instagram"], None)), ("n", num(3.0))]),
            sub(4, vec![("m", choices(&["Facebook"], None))]),
        ];
        let m = question_stats(&q("m", QuestionKind::Multi, &["Facebook", "Instagram"]), &refs(&subs));
        let n = question_stats(&q("n", QuestionKind::Number, &[]), &refs(&subs));
        let out = theme_summaries(&[("Réseaux".to_string(), vec![&m, &n])]);
        assert_eq!(out[0].questions, 2);
        assert!(close(out[0].answered_rate, 75.0), "(100 + 50) / 2");
        assert_eq!(out[0].highlights, ["Question m — Facebook : 75\u{a0}%", "Question n : moyenne 2,5"]);
    }

    #[test]
    fn compare_matches_options_ignoring_case_and_accents() {
        let def = q("s", QuestionKind::Single, &[]);
        let before = vec![
            sub(1, vec![("s", choice("Téléphone"))]),
            sub(2, vec![("s", choice("Courrier"))]),
            sub(3, vec![("s", choice("Courrier"))]),
            sub(4, vec![("s", choice("Courrier"))]),
        ];
        let after = vec![
            sub(1, vec![("s", choice("telephone"))]),
            sub(2, vec![("s", choice("Telephone"))]),
            sub(3, vec![("s", choice("Courriel"))]),
            sub(4, vec![("s", choice("Courrier"))]),
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
        let old =
            question_stats(&q("m", QuestionKind::Multi, &["A"]), &refs(&[sub(1, vec![("m", choices(&["A"], None))])]));
        let new = question_stats(
            &q("m", QuestionKind::Multi, &["A", "B"]),
            &refs(&[sub(1, vec![("m", choices(&["B"], None))]), sub(2, vec![("m", choices(&["A"], None))])]),
        );
        let c = compare(&old, &new);
        assert_eq!(
            c.options[0],
            OptionChange { label: "A".into(), before: Some(100.0), after: Some(50.0), change: Some(-50.0) }
        );
        assert_eq!(c.options[1], OptionChange { label: "B".into(), before: None, after: Some(50.0), change: None });
        // Numbers: the means.
        let nb = question_stats(&q("n", QuestionKind::Number, &[]), &refs(&[sub(1, vec![("n", num(2.0))])]));
        let na = question_stats(&q("n", QuestionKind::Number, &[]), &refs(&[sub(1, vec![("n", num(5.0))])]));
        let c = compare(&nb, &na);
        assert_eq!((c.mean_before, c.mean_after), (Some(2.0), Some(5.0)));
        assert!(c.options.is_empty());
    }
}
