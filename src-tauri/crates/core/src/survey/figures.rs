//! The survey figures a subsidy dossier quotes (`{{ enquete.* }}`), from the latest wave.

use super::model::{QuestionDef, Submission};
use super::stats::answer_label;
use crate::dossier::placeholders::SurveyFigures;
use crate::text::fold;

/// Respondents, response rate against the directory, and the share of respondents offering digital
/// support (the answers "Oui" to the question about "accompagnement numérique", if the form has one).
///
/// The share is of the question's respondents, as in the report and the window: a blank answer is
/// no answer, so a dossier never quotes another figure than the photographie.
pub fn dossier_figures(questions: &[QuestionDef], finished: &[Submission], directory_size: usize) -> SurveyFigures {
    let respondents = finished.len() as u32;
    let permille = |part: usize, whole: usize| (whole > 0).then(|| ((part * 1000 + whole / 2) / whole) as i64);
    let support = questions.iter().find(|q| fold(&q.label).contains("accompagnement numerique")).and_then(|q| {
        let answers: Vec<String> = finished.iter().filter_map(|s| answer_label(s, &q.key)).collect();
        let yes = answers.iter().filter(|a| fold(a) == "oui").count();
        permille(yes, answers.len())
    });
    SurveyFigures {
        respondents,
        response_rate_permille: permille(finished.len(), directory_size),
        digital_support_permille: support,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::demo::{demo_export, demo_questions};

    #[test]
    fn figures_count_respondents_rate_and_the_share_offering_support() {
        let structures: Vec<(String, String, bool)> =
            (0..49).map(|i| (format!("S{i}"), "Mérignac".to_string(), true)).collect();
        let export = demo_export(&structures);
        let finished: Vec<Submission> = export.submissions.iter().filter(|s| !s.draft).cloned().collect();
        let questions: Vec<QuestionDef> = demo_questions().into_iter().map(|(q, _)| q).collect();
        let f = dossier_figures(&questions, &finished, 49);
        assert_eq!(f.respondents as usize, finished.len());
        assert_eq!(f.response_rate_permille, Some(((finished.len() * 1000 + 24) / 49) as i64));
        let yes = finished
            .iter()
            .filter(|s| s.answers.get("accompagnement").map(|a| a.as_text()) == Some("Oui".into()))
            .count();
        assert_eq!(f.digital_support_permille, Some(((yes * 1000 + finished.len() / 2) / finished.len()) as i64));
        assert_eq!(dossier_figures(&questions, &[], 0).response_rate_permille, None);
    }

    #[test]
    fn the_support_share_is_of_the_questions_respondents_like_the_report() {
        use crate::survey::stats::question_stats;
        use crate::survey::testing::submission;
        use crate::survey::Answer;
        let questions: Vec<QuestionDef> = demo_questions().into_iter().map(|(q, _)| q).collect();
        let answer =
            |sid: i64, value: &str| submission(sid, vec![("accompagnement", Answer::Choice { value: value.into() })]);
        let finished = [answer(1, "Oui"), answer(2, " oui "), answer(3, "Non"), answer(4, "  ")];
        let f = dossier_figures(&questions, &finished, 10);
        assert_eq!(f.digital_support_permille, Some(667), "2 of the 3 who answered");
        let q = questions.iter().find(|q| q.key == "accompagnement").unwrap();
        let stats = question_stats(q, &finished.iter().collect::<Vec<_>>());
        assert_eq!((stats.answered, stats.options[0].label.as_str(), stats.options[0].count), (3, "Oui", 2));
    }
}
