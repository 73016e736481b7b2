//! A theme at a glance: how much its questions were answered and what stands out in each.

use serde::Serialize;

use super::types::QuestionStats;
use crate::french::{format_decimal, format_percent};
use crate::survey::model::QuestionKind;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::stats::question_stats;
    use crate::survey::testing::{choices, close, number, question, refs, submission};

    #[test]
    fn theme_summary_rates_and_highlights() {
        let subs = vec![
            submission(1, vec![("m", choices(&["Facebook"], None)), ("n", number(2.0))]),
            submission(2, vec![("m", choices(&["Facebook", "Instagram"], None))]),
            submission(3, vec![("m", choices(&["Instagram"], None)), ("n", number(3.0))]),
            submission(4, vec![("m", choices(&["Facebook"], None))]),
        ];
        let m = question_stats(&question("m", QuestionKind::Multi, &["Facebook", "Instagram"]), &refs(&subs));
        let n = question_stats(&question("n", QuestionKind::Number, &[]), &refs(&subs));
        let out = theme_summaries(&[("Réseaux".to_string(), vec![&m, &n])]);
        assert_eq!(out[0].questions, 2);
        assert!(close(out[0].answered_rate, 75.0), "(100 + 50) / 2");
        assert_eq!(out[0].highlights, ["Question m — Facebook : 75\u{a0}%", "Question n : moyenne 2,5"]);
    }
}
