//! What the figures of a wave are made of: counts and shares of options, number summaries, grid
//! rows, a question's and a wave's figures. Plain values the tallies fill and every reader shares.

use serde::Serialize;

use crate::survey::model::QuestionKind;

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

/// Whether the free-text answers are copied into the figures: the report and the spreadsheet
/// quote them; the window's overview only counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    Keep,
    CountOnly,
}
