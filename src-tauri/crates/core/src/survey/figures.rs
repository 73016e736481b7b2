//! The survey figures a subsidy dossier quotes (`{{ enquete.* }}`), from the latest wave.

use super::model::{Answer, QuestionDef, Submission};
use crate::dossier::placeholders::SurveyFigures;
use crate::text::fold;

/// Respondents, response rate against the directory, and the share of respondents offering digital
/// support (the answers "Oui" to the question about "accompagnement numérique", if the form has one).
pub fn dossier_figures(questions: &[QuestionDef], finished: &[Submission], directory_size: usize) -> SurveyFigures {
    let respondents = finished.len() as u32;
    let permille = |part: usize, whole: usize| (whole > 0).then(|| ((part * 1000 + whole / 2) / whole) as i64);
    let support = questions.iter().find(|q| fold(&q.label).contains("accompagnement numerique")).and_then(|q| {
        let answers: Vec<&Answer> = finished.iter().filter_map(|s| s.answers.get(&q.key)).collect();
        let yes = answers.iter().filter(|a| fold(&a.as_text()) == "oui").count();
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
}
