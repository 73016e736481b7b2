//! The survey's data: the questions of a Framaforms form and the submissions of an export.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::french::format_number;
use crate::french::parse_number;
use crate::model::StructureId;

/// What a question's answers look like, inferred from the export and correctable by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One option chosen among several.
    Single,
    /// Several options ticked ('separate' mode: one column per option; 'compact' mode: labels joined by commas).
    Multi,
    Number,
    /// Free text (textarea, text, e-mail).
    Text,
    /// A matrix: one chosen column label for each row of the grid.
    Grid,
    /// A date (webform's date component): the site's short format (`d/m/Y`) or ISO `Y-m-d`; the
    /// answer is kept as text, as written, and read as a date by the figures.
    Date,
}

impl QuestionKind {
    pub fn as_code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multi => "multi",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
            QuestionKind::Grid => "grid",
            QuestionKind::Date => "date",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        [
            QuestionKind::Single,
            QuestionKind::Multi,
            QuestionKind::Number,
            QuestionKind::Text,
            QuestionKind::Grid,
            QuestionKind::Date,
        ]
        .into_iter()
        .find(|k| k.as_code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Single => "Choix unique",
            QuestionKind::Multi => "Choix multiple",
            QuestionKind::Number => "Nombre",
            QuestionKind::Text => "Texte libre",
            QuestionKind::Grid => "Grille",
            QuestionKind::Date => "Date",
        }
    }
}

/// A question as the export describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionDef {
    /// Stable within a form: the form key when the export has keys, else the question's name.
    pub key: String,
    /// The question's name from the header.
    pub label: String,
    pub kind: QuestionKind,
    /// Multi: the option columns' labels, in column order (never the 'other' column). Grid: the
    /// grid's row labels. Single, number, text: empty (a single choice's options are the answers given).
    pub options: Vec<String>,
    /// Multi: the export has an 'other' text column after the options.
    pub has_other: bool,
}

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    Choice {
        value: String,
    },
    Choices {
        selected: Vec<String>,
        other: Option<String>,
    },
    Number {
        value: f64,
    },
    Text {
        value: String,
    },
    /// (grid row, chosen column) pairs, rows without an answer left out.
    Grid {
        cells: Vec<(String, String)>,
    },
}

/// One submission of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Submission {
    /// Framaforms' submission id: the same SID in a later export is the same submission.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sid: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub serial: Option<i64>,
    /// As written in the file (the site's short date format, or ISO in XLSX).
    pub submitted_at: Option<String>,
    pub completed_at: Option<String>,
    pub modified_at: Option<String>,
    pub draft: bool,
    /// By question key; unanswered questions are absent.
    pub answers: BTreeMap<String, Answer>,
    /// 1-based line (or row) of the file, for messages.
    pub line: usize,
}

pub type FormId = i64;
pub type WaveId = i64;
pub type SubmissionId = i64;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SurveyImportOutcome {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub form_id: FormId,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub wave_id: WaveId,
    /// New submissions (drafts included).
    pub imported: u32,
    /// Submissions already known whose content changed.
    pub updated: u32,
    pub unchanged: u32,
    /// Drafts in the file: kept apart, left out of the figures unless asked.
    pub drafts: u32,
    /// Headers of the columns not stored (IP address, UID, username).
    pub dropped_columns: Vec<String>,
    /// Questions this form did not have before.
    pub new_questions: u32,
    /// Submissions of the file the matching pass linked to a structure (those the user had not
    /// decided already).
    pub proposed_links: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaveInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: WaveId,
    pub name: String,
    pub imported_at: String,
    /// Finished submissions.
    pub responses: u32,
    pub drafts: u32,
    /// Finished submissions linked to a structure (confirmed or proposed).
    pub linked: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SurveyForm {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: FormId,
    pub title: String,
    pub link_name_key: Option<String>,
    pub link_commune_key: Option<String>,
    pub waves: Vec<WaveInfo>,
}

/// A question with what the user decided about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredQuestion {
    pub def: QuestionDef,
    pub theme: Option<String>,
    /// The kind was set by the user; a later import keeps it.
    pub kind_corrected: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    None,
    Proposed,
    Confirmed,
    Rejected,
}

impl LinkState {
    pub fn as_code(self) -> &'static str {
        match self {
            LinkState::None => "none",
            LinkState::Proposed => "proposed",
            LinkState::Confirmed => "confirmed",
            LinkState::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> LinkState {
        match code {
            "proposed" => LinkState::Proposed,
            "confirmed" => LinkState::Confirmed,
            "rejected" => LinkState::Rejected,
            _ => LinkState::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredSubmission {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: SubmissionId,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub wave_id: WaveId,
    pub submission: Submission,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub structure_id: Option<StructureId>,
    pub link_state: LinkState,
}

/// What an export file holds once read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedExport {
    pub form_title: String,
    pub questions: Vec<QuestionDef>,
    pub submissions: Vec<Submission>,
    /// The headers of the columns not kept (IP address, UID, username), as the file names them.
    pub dropped_columns: Vec<String>,
}

/// What reads a wave as the store hands it over: each submission (its answers left out), then
/// each of its answers, so that a large wave is never held whole.
pub trait WaveReader {
    fn submission(&mut self, row: StoredSubmission);
    /// One answer of the submission last handed over.
    fn answer(&mut self, key: &str, answer: Answer);
}

/// An export as an import writes it: the form, its questions, and its submissions one at a time
/// (an export read from a file builds each one's answers only when asked, never all at once).
pub trait SurveyExport: Sync {
    fn form_title(&self) -> &str;
    fn questions(&self) -> &[QuestionDef];
    fn dropped_columns(&self) -> &[String];
    /// How many submissions, drafts included.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Submission `index` (in file order); its answers are those [`SurveyExport::for_each_answer`]
    /// gives (the submission itself may hold none).
    fn submission(&self, index: usize) -> &Submission;
    /// Hands each answer of submission `index` to `each`, with its question's index in
    /// [`SurveyExport::questions`], in the questions' order.
    fn for_each_answer(&self, index: usize, each: &mut dyn FnMut(usize, &Answer));
}

impl SurveyExport for ParsedExport {
    fn form_title(&self) -> &str {
        &self.form_title
    }
    fn questions(&self) -> &[QuestionDef] {
        &self.questions
    }
    fn dropped_columns(&self) -> &[String] {
        &self.dropped_columns
    }
    fn len(&self) -> usize {
        self.submissions.len()
    }
    fn submission(&self, index: usize) -> &Submission {
        &self.submissions[index]
    }
    fn for_each_answer(&self, index: usize, each: &mut dyn FnMut(usize, &Answer)) {
        let answers = &self.submissions[index].answers;
        for (i, question) in self.questions.iter().enumerate() {
            if let Some(answer) = answers.get(&question.key) {
                each(i, answer);
            }
        }
    }
}

impl Answer {
    /// The answer as one line of text (for linking, free-text lists, and kinds corrected to text).
    pub fn as_text(&self) -> String {
        match self {
            Answer::Choice { value } | Answer::Text { value } => value.clone(),
            Answer::Choices { selected, other } => {
                let mut all = selected.clone();
                all.extend(other.iter().cloned());
                all.join(", ")
            }
            Answer::Number { value } => format_number(*value),
            Answer::Grid { cells } => {
                cells.iter().map(|(row, col)| format!("{row} : {col}")).collect::<Vec<_>>().join(" ; ")
            }
        }
    }

    /// The same answer read as a question of `kind`, after the user corrected the inferred kind;
    /// `None` when it cannot be (a text that is not a number, for a number question).
    pub fn as_kind(&self, kind: QuestionKind) -> Option<Answer> {
        let text = self.as_text();
        let kept = match (kind, self) {
            (QuestionKind::Single, Answer::Choice { .. })
            | (QuestionKind::Multi, Answer::Choices { .. })
            | (QuestionKind::Number, Answer::Number { .. })
            | (QuestionKind::Text, Answer::Text { .. })
            | (QuestionKind::Grid, Answer::Grid { .. })
            | (QuestionKind::Date, Answer::Text { .. }) => return Some(self.clone()),
            (QuestionKind::Single, _) => Answer::Choice { value: text },
            (QuestionKind::Text | QuestionKind::Date, _) => Answer::Text { value: text },
            (QuestionKind::Multi, _) => Answer::Choices {
                selected: text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
                other: None,
            },
            (QuestionKind::Number, _) => Answer::Number { value: parse_number(&text)? },
            (QuestionKind::Grid, _) => return None,
        };
        Some(kept)
    }
}

/// Submissions with every answer read as the question's current kind (the user may have
/// corrected what the import inferred). Answers that cannot be read so are left out.
pub fn reinterpret(questions: &[QuestionDef], submissions: &[Submission]) -> Vec<Submission> {
    let mut out = submissions.to_vec();
    reinterpret_in_place(questions, out.iter_mut());
    out
}

/// [`reinterpret`] without a copy: a large wave is then held once. An answer already of its
/// question's kind is left untouched.
pub fn reinterpret_in_place<'a>(questions: &[QuestionDef], submissions: impl IntoIterator<Item = &'a mut Submission>) {
    let kinds: std::collections::HashMap<&str, QuestionKind> =
        questions.iter().map(|q| (q.key.as_str(), q.kind)).collect();
    for submission in submissions {
        submission.answers.retain(|key, answer| match kinds.get(key.as_str()) {
            Some(kind) if !answer.is_of_kind(*kind) => match answer.as_kind(*kind) {
                Some(read) => {
                    *answer = read;
                    true
                }
                None => false,
            },
            _ => true,
        });
    }
}

impl Answer {
    /// Whether the answer already has the shape a question of `kind` gives.
    pub fn is_of_kind(&self, kind: QuestionKind) -> bool {
        matches!(
            (kind, self),
            (QuestionKind::Single, Answer::Choice { .. })
                | (QuestionKind::Multi, Answer::Choices { .. })
                | (QuestionKind::Number, Answer::Number { .. })
                | (QuestionKind::Text | QuestionKind::Date, Answer::Text { .. })
                | (QuestionKind::Grid, Answer::Grid { .. })
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::testing::{question, submission};

    #[test]
    fn submissions_are_reread_in_place_as_their_questions_current_kinds() {
        let questions = [question("n", QuestionKind::Number, &[]), question("t", QuestionKind::Text, &[])];
        let mut submission = submission(
            1,
            vec![
                ("n", Answer::Text { value: "3,5".into() }),
                ("t", Answer::Text { value: "libre".into() }),
                ("autre", Answer::Choice { value: "gardée".into() }),
            ],
        );
        let mut unreadable = submission.clone();
        unreadable.answers.insert("n".into(), Answer::Text { value: "beaucoup".into() });
        assert_eq!(
            reinterpret(&questions, std::slice::from_ref(&submission))[0].answers["n"],
            Answer::Number { value: 3.5 }
        );
        reinterpret_in_place(&questions, [&mut submission, &mut unreadable]);
        assert_eq!(submission.answers["n"], Answer::Number { value: 3.5 });
        assert_eq!(submission.answers["t"], Answer::Text { value: "libre".into() });
        assert_eq!(submission.answers["autre"], Answer::Choice { value: "gardée".into() }, "no question: kept");
        assert!(!unreadable.answers.contains_key("n"), "not a number: left out");
    }

    #[test]
    fn a_corrected_kind_rereads_the_answers() {
        let choice = Answer::Choice { value: "Facebook, Instagram".into() };
        assert_eq!(
            choice.as_kind(QuestionKind::Multi),
            Some(Answer::Choices { selected: vec!["Facebook".into(), "Instagram".into()], other: None })
        );
        assert_eq!(
            Answer::Text { value: "3,5".into() }.as_kind(QuestionKind::Number),
            Some(Answer::Number { value: 3.5 })
        );
        assert_eq!(Answer::Text { value: "beaucoup".into() }.as_kind(QuestionKind::Number), None);
        assert_eq!(
            Answer::Number { value: 12.0 }.as_kind(QuestionKind::Single),
            Some(Answer::Choice { value: "12".into() })
        );
        assert_eq!(crate::survey::parse::parse_number(" 1 200 "), Some(1200.0));
        assert_eq!(format_number(2.5), "2,5");
    }
}
