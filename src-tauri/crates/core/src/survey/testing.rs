//! Builders shared by the survey's tests, here and in the crates above (feature `testing`): a
//! question, a submission, an answer in one line each.

use super::model::{Answer, QuestionDef, QuestionKind, Submission};
use super::stats::OptionCount;

/// Labelled « Question key »; a multiple choice has an 'other' text.
pub fn question(key: &str, kind: QuestionKind, options: &[&str]) -> QuestionDef {
    QuestionDef {
        key: key.into(),
        label: format!("Question {key}"),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
        has_other: kind == QuestionKind::Multi,
    }
}

/// A finished submission, its serial its SID, on the file's line after the SID.
pub fn submission(sid: i64, answers: Vec<(&str, Answer)>) -> Submission {
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

pub fn choice(value: &str) -> Answer {
    Answer::Choice { value: value.into() }
}

pub fn choices(selected: &[&str], other: Option<&str>) -> Answer {
    Answer::Choices { selected: selected.iter().map(|s| s.to_string()).collect(), other: other.map(str::to_string) }
}

pub fn number(value: f64) -> Answer {
    Answer::Number { value }
}

pub fn refs(submissions: &[Submission]) -> Vec<&Submission> {
    submissions.iter().collect()
}

/// Each option's label and count, to compare in one assertion.
pub fn counts(options: &[OptionCount]) -> Vec<(&str, u32)> {
    options.iter().map(|o| (o.label.as_str(), o.count)).collect()
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
