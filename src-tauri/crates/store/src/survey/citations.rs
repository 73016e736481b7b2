//! What other features quote of the survey: the figures a dossier cites, and a structure's answers
//! shown beside its RGPD checklist.

use super::*;

impl Store {
    /// The figures a dossier that names no form quotes: those of the first form imported (the
    /// demo's, in a demo base), so importing another survey never changes what a dossier says.
    pub fn latest_survey_figures(&self) -> Result<Option<SurveyFigures>> {
        self.survey_figures(None)
    }

    /// The figures dossiers quote from form `form_id` (None: the first form), from its latest wave,
    /// finished responses only, over the questions that wave asked; None before any import.
    pub fn survey_figures(&self, form_id: Option<FormId>) -> Result<Option<SurveyFigures>> {
        let forms = self.survey_forms()?;
        let form = match form_id {
            Some(id) => forms.iter().find(|f| f.id == id),
            None => forms.first(),
        };
        let Some(form) = form else { return Ok(None) };
        let Some(wave) = form.waves.last() else { return Ok(None) };
        let questions: Vec<QuestionDef> = self.wave_questions(form.id, wave.id)?.into_iter().map(|q| q.def).collect();
        let finished: Vec<Submission> =
            self.wave_submissions(wave.id)?.into_iter().filter(|r| !r.submission.draft).map(|r| r.submission).collect();
        let finished = fabrique_core::survey::reinterpret(&questions, &finished);
        let directory: i64 = query_value(self.db(), "SELECT count(*) FROM structures WHERE deleted_at IS NULL", &[])?;
        Ok(Some(fabrique_core::survey::figures::dossier_figures(&questions, &finished, directory as usize)))
    }

    /// The form the writer chose for the dossier's `{{ enquete.* }}` figures, if any.
    pub fn dossier_survey_form(&self, dossier_id: DossierId) -> Result<Option<FormId>> {
        let row = self.db().query_optional("SELECT survey_form_id FROM dossiers WHERE id = ?1", values![dossier_id])?;
        row.ok_or(StoreError::NotFound { what: "Le dossier", id: dossier_id })?.get(0)
    }

    /// The form a dossier quotes: the one its writer chose, else the first form imported.
    pub fn cited_survey_form(&self, dossier_id: DossierId) -> Result<Option<FormId>> {
        match self.dossier_survey_form(dossier_id)? {
            Some(id) => Ok(Some(id)),
            None => Ok(self.survey_forms()?.first().map(|f| f.id)),
        }
    }

    /// Records the form whose figures the dossier quotes (None: back to the first form).
    pub fn set_dossier_survey_form(&mut self, dossier_id: DossierId, form_id: Option<FormId>) -> Result<()> {
        if let Some(id) = form_id {
            self.form_title(id)?;
        }
        let changed = self.db().execute(
            "UPDATE dossiers SET survey_form_id = ?2, updated_at = ?3 WHERE id = ?1",
            values![dossier_id, form_id, now()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id: dossier_id });
        }
        Ok(())
    }

    /// [`Store::dossier_bundle`] with the survey figures of the form the dossier cites: what a
    /// preview, a list row or a PDF of the dossier needs.
    pub fn cited_dossier_bundle(
        &self,
        id: DossierId,
        today: chrono::NaiveDate,
    ) -> Result<(Dossier, DossierFacts, String)> {
        self.dossier_bundle(id, today)
    }

    /// The latest survey answers of a structure (through a confirmed or proposed link): the wave's
    /// name and each answered question's label with the answer as text. None if it never answered.
    pub fn survey_answers_of(&self, structure_id: StructureId) -> Result<Option<WaveAnswers>> {
        // The most recent form first: its answers are the freshest.
        for form in self.survey_forms()?.into_iter().rev() {
            let questions = self.survey_questions(form.id)?;
            for wave in form.waves.iter().rev() {
                let found = self.wave_submissions(wave.id)?.into_iter().find(|r| {
                    r.structure_id == Some(structure_id)
                        && matches!(r.link_state, LinkState::Confirmed | LinkState::Proposed)
                });
                if let Some(row) = found {
                    let answers = questions
                        .iter()
                        .filter_map(|q| {
                            row.submission.answers.get(&q.def.key).map(|a| (q.def.label.clone(), a.as_text()))
                        })
                        .collect();
                    return Ok(Some((wave.name.clone(), answers)));
                }
            }
        }
        Ok(None)
    }
}
