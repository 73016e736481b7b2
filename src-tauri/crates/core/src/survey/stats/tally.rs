//! The figures of a wave counted one answer at a time: what [`super`] computes, in a form
//! that never needs the wave in memory. A wave of tens of thousands of submissions is read from
//! the base submission by submission, each answer handed to its question's tally, then dropped;
//! only the counts, the numbers, the dates and the free texts (when kept) stay.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::answers::{is_answered, labels_of, trimmed};
use super::types::{
    percent, DateSummary, GridRowStats, NumberSummary, OptionCount, QuestionStats, Texts, WaveStats, OTHER_OPTION,
};
use crate::french::{month_label, parse_date};
use crate::survey::model::{Answer, QuestionDef, QuestionKind, Submission};
use crate::text::fold;

/// Every question's figures over a wave, submission by submission.
pub struct WaveTally {
    index: HashMap<String, usize>,
    questions: Vec<QuestionTally>,
    counted: u32,
}

impl WaveTally {
    pub fn new(questions: &[QuestionDef], texts: Texts) -> Self {
        WaveTally {
            index: questions.iter().enumerate().map(|(i, q)| (q.key.clone(), i)).collect(),
            questions: questions.iter().map(|q| QuestionTally::new(q, texts)).collect(),
            counted: 0,
        }
    }

    /// Counts one submission (its answers to other questions are ignored).
    pub fn add(&mut self, submission: &Submission) {
        self.add_submission();
        for (key, answer) in &submission.answers {
            if let Some(&i) = self.index.get(key.as_str()) {
                self.questions[i].add(answer);
            }
        }
    }

    /// Counts one more submission, whose answers follow through [`WaveTally::add_answer`].
    pub fn add_submission(&mut self) {
        self.counted += 1;
    }

    /// Counts an answer of the last submission to question `question` (its index among the questions).
    pub fn add_answer(&mut self, question: usize, answer: &Answer) {
        self.questions[question].add(answer);
    }

    pub fn finish(self) -> WaveStats {
        let counted = self.counted;
        WaveStats { responses: counted, questions: self.questions.into_iter().map(|q| q.finish(counted)).collect() }
    }
}

/// One question's figures, answer by answer.
pub struct QuestionTally {
    question: QuestionDef,
    answered: u32,
    by_kind: ByKind,
}

impl QuestionTally {
    pub fn new(question: &QuestionDef, texts: Texts) -> Self {
        let by_kind = match question.kind {
            QuestionKind::Single => ByKind::Single(Tally::default()),
            QuestionKind::Multi => ByKind::Multi(Box::new(MultiTally::new(question))),
            QuestionKind::Number => ByKind::Number(Vec::new()),
            QuestionKind::Date => ByKind::Date(Vec::new()),
            QuestionKind::Text => ByKind::Text((texts == Texts::Keep).then(Vec::new)),
            QuestionKind::Grid => ByKind::Grid(GridTally::new(question)),
        };
        QuestionTally { question: question.clone(), answered: 0, by_kind }
    }

    /// Counts one submission's answer. The caller reads it as the question's current kind first
    /// (see [`crate::survey::model::reinterpret_in_place`]); other shapes are counted by their labels.
    pub fn add(&mut self, answer: &Answer) {
        if !is_answered(answer) {
            return;
        }
        self.answered += 1;
        match &mut self.by_kind {
            ByKind::Single(tally) => {
                // The common case, a chosen label, is counted without building anything.
                if let Answer::Choice { value } | Answer::Text { value } = answer {
                    if let Some(label) = trimmed(value) {
                        tally.add(label, 1);
                    }
                    return;
                }
                let mut labels = labels_of(answer);
                labels.dedup_by_key(|l| fold(l));
                for label in labels {
                    tally.add(&label, 1);
                }
            }
            ByKind::Multi(multi) => multi.add(answer),
            ByKind::Number(values) => values.extend(match answer {
                Answer::Number { value } => Some(*value).filter(|v| v.is_finite()),
                Answer::Choice { value } | Answer::Text { value } => crate::french::parse_number(value),
                _ => None,
            }),
            ByKind::Date(dates) => dates.extend(parse_date(&answer.as_text())),
            ByKind::Text(None) => {}
            ByKind::Text(Some(texts)) => texts.extend(match answer {
                Answer::Text { value } | Answer::Choice { value } => trimmed(value).map(str::to_string),
                Answer::Choices { selected, other } => {
                    let mut parts: Vec<&str> = selected.iter().filter_map(|s| trimmed(s)).collect();
                    parts.extend(other.as_deref().and_then(trimmed));
                    (!parts.is_empty()).then(|| parts.join(", "))
                }
                other => {
                    let labels = labels_of(other);
                    (!labels.is_empty()).then(|| labels.join(", "))
                }
            }),
            ByKind::Grid(grid) => grid.add(answer),
        }
    }

    /// The figures, `counted` submissions having been offered the question.
    pub fn finish(self, counted: u32) -> QuestionStats {
        let answered = self.answered;
        let mut stats = QuestionStats {
            key: self.question.key,
            label: self.question.label,
            kind: self.question.kind,
            answered,
            non_responses: counted.saturating_sub(answered),
            options: Vec::new(),
            other_answers: Vec::new(),
            number: None,
            texts: Vec::new(),
            grid: Vec::new(),
            dates: None,
        };
        match self.by_kind {
            ByKind::Single(tally) => stats.options = tally.counts(answered),
            ByKind::Multi(multi) => (stats.options, stats.other_answers) = multi.finish(answered),
            ByKind::Number(mut values) => stats.number = summarize(&mut values),
            ByKind::Date(mut dates) => {
                use chrono::Datelike;
                dates.sort_unstable();
                let mut months: Vec<(chrono::NaiveDate, u32)> = Vec::new();
                for d in &dates {
                    let month = d.with_day(1).unwrap_or(*d);
                    match months.last_mut() {
                        Some((m, n)) if *m == month => *n += 1,
                        _ => months.push((month, 1)),
                    }
                }
                stats.options = months
                    .into_iter()
                    .map(|(m, count)| OptionCount { label: month_label(m), count, percent: percent(count, answered) })
                    .collect();
                stats.dates = dates.first().zip(dates.last()).map(|(first, last)| DateSummary {
                    first: first.format("%Y-%m-%d").to_string(),
                    last: last.format("%Y-%m-%d").to_string(),
                });
            }
            ByKind::Text(texts) => stats.texts = texts.unwrap_or_default(),
            ByKind::Grid(grid) => stats.grid = grid.finish(),
        }
        stats
    }
}

enum ByKind {
    Single(Tally),
    Multi(Box<MultiTally>),
    Number(Vec<f64>),
    Date(Vec<chrono::NaiveDate>),
    /// The free texts, unless only counted.
    Text(Option<Vec<String>>),
    Grid(GridTally),
}

fn summarize(values: &mut [f64]) -> Option<NumberSummary> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 };
    Some(NumberSummary { mean: values.iter().sum::<f64>() / n as f64, median, min: values[0], max: values[n - 1] })
}

/// Counts in first-seen order, keyed by the folded label (so "Facebook" and "facebook " are one option).
#[derive(Default)]
struct Tally {
    order: Vec<(String, u32)>,
    index: HashMap<String, usize>,
    /// Labels as written, already folded and found: most answers repeat a few spellings.
    raw: HashMap<String, usize>,
}

impl Tally {
    fn add(&mut self, label: &str, n: u32) {
        let i = self.position_or_insert(label);
        self.order[i].1 += n;
    }

    fn position_or_insert(&mut self, label: &str) -> usize {
        match self.position(label) {
            Some(i) => i,
            None => {
                self.index.insert(fold(label), self.order.len());
                self.order.push((label.to_string(), 0));
                self.order.len() - 1
            }
        }
    }

    fn position(&mut self, label: &str) -> Option<usize> {
        if let Some(&i) = self.raw.get(label) {
            return Some(i);
        }
        let i = self.index.get(&fold(label)).copied()?;
        self.raw.insert(label.to_string(), i);
        Some(i)
    }

    fn counts(self, of: u32) -> Vec<OptionCount> {
        self.order.into_iter().map(|(label, count)| OptionCount { percent: percent(count, of), label, count }).collect()
    }
}

/// A multiple choice: its option columns, the « Autre » of typed answers, the labels outside the columns.
struct MultiTally {
    tally: Tally,
    /// The options ticked labels are counted under (the columns, and « Autre » when declared).
    declared: usize,
    /// « Autre », when the question declares an 'other' text: known before any answer.
    other_option: Option<usize>,
    /// Labels outside the declared options, in first-seen order.
    extra: Tally,
    other_answers: Vec<String>,
    /// Without a declared 'other', « Autre » becomes an option once an answer types one; until
    /// then a ticked « Autre » label is one of the extra labels. Both are counted meanwhile: the
    /// respondents who typed an 'other' answer or ticked the label, and whether any typed.
    typed_any: bool,
    typed_or_ticked: u32,
    ticked: Vec<usize>,
}

impl MultiTally {
    fn new(question: &QuestionDef) -> Self {
        let mut tally = Tally::default();
        for option in &question.options {
            tally.add(option, 0);
        }
        let other_option = question.has_other.then(|| tally.position_or_insert(OTHER_OPTION));
        let declared = tally.order.len();
        MultiTally {
            tally,
            declared,
            other_option,
            extra: Tally::default(),
            other_answers: Vec::new(),
            typed_any: false,
            typed_or_ticked: 0,
            ticked: Vec::new(),
        }
    }

    fn add(&mut self, answer: &Answer) {
        self.ticked.clear();
        let mut extra_ticked: Vec<String> = Vec::new();
        let (tally, declared, ticked) = (&mut self.tally, self.declared, &mut self.ticked);
        let mut tick = |label: &str| match tally.position(label).filter(|&i| i < declared) {
            Some(i) if !ticked.contains(&i) => ticked.push(i),
            Some(_) => {}
            None if !extra_ticked.iter().any(|e| fold(e) == fold(label)) => extra_ticked.push(label.to_string()),
            None => {}
        };
        // Ticked labels are read in place; other shapes (a corrected kind) go through their labels.
        if let Answer::Choices { selected, .. } = answer {
            for label in selected.iter().filter_map(|s| trimmed(s)) {
                tick(label);
            }
        } else {
            for label in labels_of(answer) {
                tick(&label);
            }
        }
        let typed = match answer {
            Answer::Choices { other: Some(other), .. } => trimmed(other),
            _ => None,
        };
        if let Some(text) = typed {
            self.other_answers.push(text.to_string());
            self.typed_any = true;
            if let Some(i) = self.other_option.filter(|i| !self.ticked.contains(i)) {
                self.ticked.push(i);
            }
        }
        if self.other_option.is_none() {
            let other = fold(OTHER_OPTION);
            if typed.is_some() || extra_ticked.iter().any(|e| fold(e) == other) {
                self.typed_or_ticked += 1;
            }
        }
        for &i in &self.ticked {
            self.tally.order[i].1 += 1;
        }
        for label in extra_ticked {
            self.extra.add(&label, 1);
        }
    }

    fn finish(mut self, answered: u32) -> (Vec<OptionCount>, Vec<String>) {
        // « Autre » after the declared options, before the labels outside them, once anyone typed one.
        let lazy_other = self.other_option.is_none() && self.typed_any;
        if lazy_other {
            if let Some(i) = self.extra.position(OTHER_OPTION) {
                self.extra.order.remove(i);
            }
        }
        let mut options = self.tally.counts(answered);
        if lazy_other {
            options.push(OptionCount {
                label: OTHER_OPTION.to_string(),
                count: self.typed_or_ticked,
                percent: percent(self.typed_or_ticked, answered),
            });
        }
        options.extend(self.extra.counts(answered));
        (options, self.other_answers)
    }
}

struct GridTally {
    rows: Tally,
    columns: Tally,
    /// Per row (by index in `rows`), per column (by index in `columns`): count.
    counts: Vec<BTreeMap<usize, u32>>,
    seen_rows: Vec<usize>,
}

impl GridTally {
    fn new(question: &QuestionDef) -> Self {
        let mut rows = Tally::default();
        for row in &question.options {
            rows.add(row, 0);
        }
        let counts = vec![BTreeMap::new(); rows.order.len()];
        GridTally { rows, columns: Tally::default(), counts, seen_rows: Vec::new() }
    }

    fn add(&mut self, answer: &Answer) {
        let Answer::Grid { cells } = answer else { return };
        self.seen_rows.clear();
        for (row, column) in cells {
            let (Some(row), Some(column)) = (trimmed(row), trimmed(column)) else { continue };
            let r = self.rows.position_or_insert(row);
            if r == self.counts.len() {
                self.counts.push(BTreeMap::new());
            }
            if self.seen_rows.contains(&r) {
                continue;
            }
            self.seen_rows.push(r);
            self.rows.order[r].1 += 1;
            let c = self.columns.position_or_insert(column);
            *self.counts[r].entry(c).or_default() += 1;
        }
    }

    fn finish(self) -> Vec<GridRowStats> {
        let columns = &self.columns.order;
        self.rows
            .order
            .iter()
            .zip(&self.counts)
            .map(|((row, row_answered), per_column)| GridRowStats {
                row: row.clone(),
                options: columns
                    .iter()
                    .enumerate()
                    .map(|(c, (label, _))| {
                        let count = per_column.get(&c).copied().unwrap_or(0);
                        OptionCount { label: label.clone(), count, percent: percent(count, *row_answered) }
                    })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::testing::{choices as ticked, counts, question, submission};

    fn multi() -> QuestionDef {
        QuestionDef { has_other: false, ..question("outils", QuestionKind::Multi, &["Facebook", "Site"]) }
    }

    #[test]
    fn a_typed_other_met_late_still_counts_the_autre_label_ticked_before_it_once_per_respondent() {
        let answers = [
            ticked(&["Facebook", "Autre"], None),
            ticked(&["Radio"], None),
            ticked(&["autre "], Some("Journal")),
            ticked(&["Site"], Some("Affiches")),
        ];
        let mut tally = QuestionTally::new(&multi(), Texts::Keep);
        answers.iter().for_each(|a| tally.add(a));
        let stats = tally.finish(5);
        // « Autre » after the columns, before the labels outside them, whatever the order met.
        assert_eq!(counts(&stats.options), [("Facebook", 1), ("Site", 1), ("Autre", 3), ("Radio", 1)]);
        assert_eq!(stats.other_answers, ["Journal", "Affiches"]);
        assert_eq!((stats.answered, stats.non_responses), (4, 1));
    }

    #[test]
    fn without_a_typed_other_an_autre_label_is_one_more_label() {
        let mut tally = QuestionTally::new(&multi(), Texts::Keep);
        [ticked(&["Radio"], None), ticked(&["Autre", "Site"], None)].iter().for_each(|a| tally.add(a));
        assert_eq!(counts(&tally.finish(2).options), [("Facebook", 0), ("Site", 1), ("Radio", 1), ("Autre", 1)]);
    }

    #[test]
    fn a_wave_counted_submission_by_submission_gives_the_figures_of_each_question() {
        let questions = [multi(), QuestionDef { key: "n".into(), kind: QuestionKind::Number, ..multi() }];
        let mut wave = WaveTally::new(&questions, Texts::CountOnly);
        wave.add(&submission(1, vec![("n", Answer::Number { value: 2.0 }), ("autre", Answer::Number { value: 9.0 })]));
        wave.add(&submission(1, vec![("n", Answer::Number { value: 4.0 }), ("outils", ticked(&["Site"], None))]));
        wave.add(&submission(1, vec![]));
        let stats = wave.finish();
        assert_eq!(stats.responses, 3);
        assert_eq!((stats.questions[0].answered, stats.questions[0].non_responses), (1, 2));
        let number = stats.questions[1].number.as_ref().expect("a summary");
        assert_eq!((number.mean, number.median, number.min, number.max), (3.0, 3.0, 2.0, 4.0));
    }
}
