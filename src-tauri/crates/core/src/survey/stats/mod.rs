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

mod answers;
mod compare;
mod count;
mod split;
pub mod tally;
mod themes;
mod types;

pub use crate::french::{month_label, parse_date as parse_answer_date};
pub use compare::{compare, OptionChange, QuestionComparison};
pub use count::{answer_label, question_stats, wave_stats, wave_stats_with};
pub use split::{split, SplitGroup};
pub use themes::{theme_summaries, ThemeSummary};
pub use types::{
    percent, DateSummary, GridRowStats, NumberSummary, OptionCount, QuestionStats, Texts, WaveStats, NOT_GIVEN,
    OTHER_OPTION,
};
