//! Reading an answer whatever its shape: its labels, and whether it says anything at all.

use crate::survey::model::Answer;

pub(super) fn trimmed(text: &str) -> Option<&str> {
    let t = crate::text::trim(text);
    (!t.is_empty()).then_some(t)
}

/// The labels an answer holds, whatever its shape (a question's kind may have been corrected after import).
pub(super) fn labels_of(answer: &Answer) -> Vec<String> {
    match answer {
        Answer::Choice { value } | Answer::Text { value } => trimmed(value).map(str::to_string).into_iter().collect(),
        Answer::Choices { selected, .. } => selected.iter().filter_map(|s| trimmed(s)).map(str::to_string).collect(),
        Answer::Number { value } => {
            value.is_finite().then(|| crate::french::format_number(*value)).into_iter().collect()
        }
        Answer::Grid { cells } => {
            cells.iter().filter_map(|(r, c)| trimmed(c).map(|c| format!("{} : {c}", r.trim()))).collect()
        }
    }
}

/// Whether an answer says anything (an empty text or an empty selection is no answer).
pub(super) fn is_answered(answer: &Answer) -> bool {
    match answer {
        Answer::Choices { selected, other } => {
            selected.iter().any(|s| trimmed(s).is_some()) || other.as_deref().and_then(trimmed).is_some()
        }
        Answer::Number { value } => value.is_finite(),
        Answer::Grid { cells } => cells.iter().any(|(_, c)| trimmed(c).is_some()),
        Answer::Choice { value } | Answer::Text { value } => trimmed(value).is_some(),
    }
}
