//! Forms and their waves, the form the survey view shows, the question model and its corrections
//! (kind, theme), and the questions that name a response's structure.

use super::*;

impl Store {
    /// Every form with its waves, in the order they were first imported (the demo's first).
    pub fn survey_forms(&self) -> Result<Vec<SurveyForm>> {
        let db = self.db();
        let forms = db.query("SELECT id, title, link_name_key, link_commune_key FROM survey_forms ORDER BY id", &[])?;
        let waves = "SELECT w.id, w.name, w.imported_at, \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 0), \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 1), \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 0 \
                    AND s.structure_id IS NOT NULL AND s.link_state IN ('proposed', 'confirmed')) \
             FROM survey_waves w WHERE w.form_id = ?1 ORDER BY w.imported_at, w.id";
        forms
            .iter()
            .map(|r| {
                let id: FormId = r.get(0)?;
                let waves = db
                    .query(waves, values![id])?
                    .iter()
                    .map(|w| {
                        Ok(WaveInfo {
                            id: w.get(0)?,
                            name: w.get(1)?,
                            imported_at: w.get(2)?,
                            responses: w.get(3)?,
                            drafts: w.get(4)?,
                            linked: w.get(5)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(SurveyForm { id, title: r.get(1)?, link_name_key: r.get(2)?, link_commune_key: r.get(3)?, waves })
            })
            .collect()
    }

    /// The wave named `name`: in the form the Enquête view shows if it has one, else in the most
    /// recent form that has one (see [`Store::find_form_wave`] to name the form).
    pub fn find_wave(&self, name: &str) -> Result<(FormId, WaveId)> {
        self.find_form_wave(None, name)
    }

    /// The wave named `name` of form `form`; without a form, as [`Store::find_wave`] chooses.
    pub fn find_form_wave(&self, form: Option<FormId>, name: &str) -> Result<(FormId, WaveId)> {
        let name = name.trim();
        let waves = self
            .db()
            .query("SELECT form_id, id FROM survey_waves WHERE name = ?1 ORDER BY form_id DESC", values![name])?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect::<Result<Vec<(FormId, WaveId)>>>()?;
        if let Some(form_id) = form {
            let title = self.form_title(form_id)?;
            return waves.into_iter().find(|(f, _)| *f == form_id).ok_or_else(|| {
                CoreError::invalid(
                    "vague",
                    format!("le formulaire « {title} » n'a pas de vague « {name} » (voir `survey forms`)."),
                )
                .into()
            });
        }
        let chosen = self.chosen_survey_form()?;
        waves.iter().find(|(f, _)| Some(*f) == chosen).or(waves.first()).copied().ok_or_else(|| {
            CoreError::invalid(
                "vague",
                format!("aucune vague « {name} » : importez d'abord une réponse dans cette vague."),
            )
            .into()
        })
    }

    pub(super) fn form_title(&self, form_id: FormId) -> Result<String> {
        self.db()
            .query_optional("SELECT title FROM survey_forms WHERE id = ?1", values![form_id])?
            .map(|r| r.get(0))
            .transpose()?
            .ok_or_else(|| {
                CoreError::invalid(
                    "formulaire",
                    format!("aucun formulaire n° {form_id} : choisissez-en un parmi ceux que liste `survey forms`."),
                )
                .into()
            })
    }

    /// The form the Enquête view showed last, if it is still in the base.
    pub fn chosen_survey_form(&self) -> Result<Option<FormId>> {
        let value: Option<String> = self
            .db()
            .query_optional("SELECT value FROM settings WHERE key = ?1", values![CHOSEN_FORM_KEY])?
            .map(|r| r.get(0))
            .transpose()?;
        let Some(form_id) = value.and_then(|v| serde_json::from_str::<FormId>(&v).ok()) else { return Ok(None) };
        let exists: bool =
            query_value(self.db(), "SELECT EXISTS (SELECT 1 FROM survey_forms WHERE id = ?1)", values![form_id])?;
        Ok(exists.then_some(form_id))
    }

    /// Remembers the form the Enquête view shows, across restarts.
    pub fn choose_survey_form(&mut self, form_id: FormId) -> Result<()> {
        self.form_title(form_id)?;
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            values![CHOSEN_FORM_KEY, form_id.to_string()],
        )?;
        Ok(())
    }

    pub fn survey_questions(&self, form_id: FormId) -> Result<Vec<StoredQuestion>> {
        form_questions(self.db(), form_id)
    }

    /// The form's questions that the wave's exports contained, in the form's order: a wave's
    /// figures are counted over these only.
    pub fn wave_questions(&self, form_id: FormId, wave_id: WaveId) -> Result<Vec<StoredQuestion>> {
        self.db()
            .query(
                "SELECT key, label, kind, options, has_other, theme, kind_corrected FROM survey_questions q \
                 WHERE form_id = ?1 AND EXISTS (SELECT 1 FROM survey_wave_questions w WHERE w.wave_id = ?2 AND w.key = q.key) \
                 ORDER BY position",
                values![form_id, wave_id],
            )?
            .iter()
            .map(read_question)
            .collect()
    }

    pub fn survey_themes(&self, form_id: FormId) -> Result<Vec<String>> {
        let rows =
            self.db().query("SELECT name FROM survey_themes WHERE form_id = ?1 ORDER BY position", values![form_id])?;
        rows.iter().map(|r| r.get(0)).collect()
    }

    pub fn add_survey_theme(&mut self, form_id: FormId, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::invalid("thème", "donnez un nom au thème.".to_string()).into());
        }
        self.db().execute(
            "INSERT INTO survey_themes (form_id, name, position) \
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM survey_themes WHERE form_id = ?1)) \
             ON CONFLICT (form_id, name) DO NOTHING",
            values![form_id, name],
        )?;
        Ok(())
    }

    pub fn set_question_theme(&mut self, form_id: FormId, key: &str, theme: Option<&str>) -> Result<()> {
        let theme = theme.map(str::trim).filter(|t| !t.is_empty());
        if let Some(theme) = theme {
            self.add_survey_theme(form_id, theme)?;
        }
        self.question_changed(self.db().execute(
            "UPDATE survey_questions SET theme = ?3 WHERE form_id = ?1 AND key = ?2",
            values![form_id, key, theme],
        )?)
    }

    pub fn set_question_kind(&mut self, form_id: FormId, key: &str, kind: QuestionKind) -> Result<()> {
        self.question_changed(self.db().execute(
            "UPDATE survey_questions SET kind = ?3, kind_corrected = 1 WHERE form_id = ?1 AND key = ?2",
            values![form_id, key, kind.as_code()],
        )?)
    }

    pub(super) fn question_changed(&self, changed: usize) -> Result<()> {
        if changed == 0 {
            return Err(CoreError::invalid(
                "question",
                "cette question est introuvable : actualisez l'affichage.".to_string(),
            )
            .into());
        }
        Ok(())
    }

    /// The questions whose answers name the structure and its commune, used to link responses.
    pub fn set_link_questions(
        &mut self,
        form_id: FormId,
        name_key: Option<&str>,
        commune_key: Option<&str>,
    ) -> Result<()> {
        self.db().execute(
            "UPDATE survey_forms SET link_name_key = ?2, link_commune_key = ?3 WHERE id = ?1",
            values![form_id, name_key, commune_key],
        )?;
        Ok(())
    }
}

/// A stored question; its options (JSON) or kind unreadable is damaged data, never a question
/// silently emptied.
pub(super) fn read_question(r: &crate::sql::Row) -> Result<StoredQuestion> {
    let key: String = r.get(0)?;
    let kind: String = r.get(2)?;
    let options: String = r.get(3)?;
    let what = || format!("la question « {key} »");
    let Some(kind) = QuestionKind::from_code(&kind) else {
        return Err(StoreError::damaged(what(), format!("nature « {kind} » inconnue")));
    };
    let options = match serde_json::from_str(&options) {
        Ok(options) => options,
        Err(e) => return Err(StoreError::damaged(what(), e)),
    };
    Ok(StoredQuestion {
        def: QuestionDef { key, label: r.get(1)?, kind, options, has_other: r.get(4)? },
        theme: r.get(5)?,
        kind_corrected: r.get(6)?,
    })
}

/// The questions of a form, in its order.
pub(super) fn form_questions(db: &(impl Sql + ?Sized), form_id: FormId) -> Result<Vec<StoredQuestion>> {
    db.query(
        "SELECT key, label, kind, options, has_other, theme, kind_corrected FROM survey_questions \
         WHERE form_id = ?1 ORDER BY position",
        values![form_id],
    )?
    .iter()
    .map(read_question)
    .collect()
}

/// The questions that name a structure and its commune in a form's responses: those the form
/// designates, else guessed from the questions' labels and recorded for the form.
pub(super) fn link_questions(db: &(impl Sql + ?Sized), form_id: FormId) -> Result<(Option<String>, Option<String>)> {
    let row =
        db.query_optional("SELECT link_name_key, link_commune_key FROM survey_forms WHERE id = ?1", values![form_id])?;
    let row = row.ok_or(StoreError::NotFound { what: "Le formulaire", id: form_id })?;
    let (name_key, commune_key): (Option<String>, Option<String>) = (row.get(0)?, row.get(1)?);
    if name_key.is_some() {
        return Ok((name_key, commune_key));
    }
    let guessed = link::guess_link_questions(&form_questions(db, form_id)?);
    db.execute(
        "UPDATE survey_forms SET link_name_key = ?2, link_commune_key = ?3 WHERE id = ?1",
        values![form_id, guessed.0, guessed.1],
    )?;
    Ok(guessed)
}
