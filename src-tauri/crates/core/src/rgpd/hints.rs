//! Survey answers shown beside the checklist items they bear on, never changing a rating.

use serde::Serialize;

use super::checklist::Checklist;

/// A survey answer that bears on an item: shown beside it, never changing its rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SurveyHint {
    pub item_id: String,
    pub wave: String,
    pub question: String,
    pub answer: String,
}

/// The centre's survey answers (question label, answer as text) that match an item's keywords.
pub fn survey_hints(checklist: &Checklist, wave: &str, answers: &[(String, String)]) -> Vec<SurveyHint> {
    let folded: Vec<(String, &String, &String)> = answers.iter().map(|(q, a)| (crate::text::fold(q), q, a)).collect();
    let mut hints = Vec::new();
    for item in checklist.active() {
        for keyword in &item.survey_keywords {
            let key = crate::text::fold(keyword);
            if key.is_empty() {
                continue;
            }
            for (label, question, answer) in &folded {
                if label.contains(&key)
                    && !hints.iter().any(|h: &SurveyHint| h.item_id == item.id && &h.question == *question)
                {
                    hints.push(SurveyHint {
                        item_id: item.id.clone(),
                        wave: wave.to_string(),
                        question: (*question).clone(),
                        answer: (*answer).clone(),
                    });
                }
            }
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rgpd::testing::checklist;

    #[test]
    fn survey_answers_matching_an_items_keywords_are_hints() {
        let mut c = checklist();
        c.items[0].survey_keywords = vec!["référent RGPD".into()];
        let answers = vec![
            ("Avez-vous un référent RGPD ?".to_string(), "Oui".to_string()),
            ("Nombre d'ordinateurs".to_string(), "4".to_string()),
        ];
        let hints = survey_hints(&c, "2021", &answers);
        assert_eq!(hints.len(), 1);
        assert_eq!((hints[0].item_id.as_str(), hints[0].answer.as_str()), ("g1", "Oui"));
    }
}
