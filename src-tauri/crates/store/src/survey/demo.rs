//! The demo wave, imported like a real export.

use super::*;

impl Store {
    /// Loads the demo survey wave, its themes and its links to the demo structures.
    pub(crate) fn load_demo_survey(&mut self) -> Result<()> {
        use fabrique_core::survey::demo::{demo_export, demo_questions, DEMO_WAVE};
        let structures = self.list_structures()?;
        let answering: Vec<(String, String, bool)> = structures
            .iter()
            .map(|s| {
                (
                    s.draft.name.clone(),
                    s.draft.commune.clone(),
                    s.draft.kind == Some(fabrique_core::StructureKind::CentreSocial),
                )
            })
            .collect();
        let export = demo_export(&answering);
        let outcome = self.import_survey(&export, DEMO_WAVE)?;
        for (question, theme) in demo_questions() {
            if let Some(theme) = theme {
                self.set_question_theme(outcome.form_id, &question.key, Some(theme))?;
            }
        }
        self.set_link_questions(outcome.form_id, Some("nom"), Some("commune"))?;
        let by_name: HashMap<&str, StructureId> = structures.iter().map(|s| (s.draft.name.as_str(), s.id)).collect();
        for row in self.form_submissions(outcome.form_id)? {
            let name = row.submission.answers.get("nom").map(|a| a.as_text()).unwrap_or_default();
            if let Some(id) = by_name.get(name.as_str()) {
                self.set_submission_link(row.id, Some(*id), LinkState::Confirmed)?;
            }
        }
        Ok(())
    }
}
