//! The survey: Framaforms forms, their question model, waves of submissions and their links to
//! the directory.
//!
//! An import is one transaction: the whole file lands, or nothing does. Submissions are identified
//! by (form, SID), so importing a later export of the same form only adds what is new and updates
//! what changed, wherever it first landed. Each wave records which questions its exports contained,
//! so a question the wave never asked is not counted among its non-responses.

use std::collections::{BTreeMap, HashMap, HashSet};

use fabrique_core::dossier::placeholders::SurveyFigures;
use fabrique_core::dossier::{Dossier, DossierFacts, DossierId};
use fabrique_core::survey::link;
use fabrique_core::survey::{
    Answer, FormId, LinkState, QuestionDef, QuestionKind, StoredQuestion, StoredSubmission, Submission, SubmissionId,
    SurveyExport, SurveyForm, SurveyImportOutcome, WaveId, WaveInfo, WaveReader,
};
use fabrique_core::text::fold;
use fabrique_core::{CoreError, StructureId};
use rusqlite::{params, Connection, OptionalExtension, Row};

mod answers;

use crate::database::{PAGE_CACHE_KIB, SCAN_CACHE_KIB};
use crate::error::{Result, StoreError};
use crate::{now, Store};

/// A structure's answers in one wave: the wave's name, then (question label, answer as text).
pub type WaveAnswers = (String, Vec<(String, String)>);

/// The setting holding the form the Enquête view shows, so the next start opens it again.
const CHOSEN_FORM_KEY: &str = "survey_form";

/// The five themes of the federation's questionnaire, offered for every form.
pub const DEFAULT_THEMES: [&str; 5] = [
    "Communication",
    "Équipements",
    "Médiation auprès du public",
    "Droit et licences",
    "Faire réseau avec le numérique",
];

impl Store {
    /// Imports a parsed export into the wave `wave` of its form (created if new), in one transaction.
    pub fn import_survey(&mut self, export: &impl SurveyExport, wave: &str) -> Result<SurveyImportOutcome> {
        self.scan_cache(true)?;
        let result = self.import_survey_at_once(export, wave);
        self.scan_cache(false)?;
        result
    }

    /// A small page cache while a wave is written or read through once (see [`SCAN_CACHE_KIB`]),
    /// or the usual one back.
    fn scan_cache(&self, scanning: bool) -> Result<()> {
        let kib = if scanning { SCAN_CACHE_KIB } else { PAGE_CACHE_KIB };
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }

    fn import_survey_at_once(&mut self, export: &impl SurveyExport, wave: &str) -> Result<SurveyImportOutcome> {
        let wave = wave.trim();
        if wave.is_empty() {
            return Err(
                CoreError::invalid("vague", "donnez un nom à la vague (par exemple « 2021 »).".to_string()).into()
            );
        }
        let stamp = now();
        let structures = self.list_structures()?;
        let tx = self.write()?;
        let title_key = fold(export.form_title());
        let form_id: FormId = match tx
            .query_row("SELECT id FROM survey_forms WHERE title_key = ?1", [&title_key], |r| r.get(0))
            .optional()?
        {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO survey_forms (title, title_key) VALUES (?1, ?2)",
                    params![export.form_title().trim(), title_key],
                )?;
                let id = tx.last_insert_rowid();
                for (position, theme) in DEFAULT_THEMES.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO survey_themes (form_id, name, position) VALUES (?1, ?2, ?3)",
                        params![id, theme, position as i64],
                    )?;
                }
                id
            }
        };
        let merged = merge_questions(&tx, form_id, export.questions())?;
        tx.execute(
            "INSERT INTO survey_waves (form_id, name, imported_at) VALUES (?1, ?2, ?3) ON CONFLICT (form_id, name) DO NOTHING",
            params![form_id, wave, stamp],
        )?;
        let wave_id: WaveId = tx.query_row(
            "SELECT id FROM survey_waves WHERE form_id = ?1 AND name = ?2",
            params![form_id, wave],
            |r| r.get(0),
        )?;
        {
            let mut asked = tx.prepare("INSERT OR IGNORE INTO survey_wave_questions (wave_id, key) VALUES (?1, ?2)")?;
            for key in &merged.keys {
                asked.execute(params![wave_id, key])?;
            }
        }
        // Answers are stored under the form's keys: a question matched by its label keeps the key
        // the form first gave it, so every wave's answers to it stay together...
        let new_questions = merged.new;
        // ... and under the code of that key (see `answers`).
        let stored_keys = answers::StoredKeys::of_form(&tx, form_id)?;
        let code_of: Vec<&str> = merged.keys.iter().map(|key| stored_keys.code(key).unwrap_or(key)).collect();

        // Each response is proposed to the structure it names as it is written, under the questions
        // the form designates (guessed at its first import).
        let (name_key, commune_key) = link_questions(&tx, form_id)?;
        let in_file = |form_key: &Option<String>| merged.keys.iter().position(|k| Some(k) == form_key.as_ref());
        let (name_question, commune_question) = (in_file(&name_key), in_file(&commune_key));

        let mut outcome = SurveyImportOutcome {
            form_id,
            wave_id,
            dropped_columns: export.dropped_columns().to_vec(),
            new_questions,
            ..Default::default()
        };
        {
            // A submission already known is looked up by its SID (the base's unique key), one at a
            // time: a later export repeating a large wave is compared without holding it all.
            let mut known = tx.prepare(
                "SELECT answers, submitted_at, completed_at, modified_at, draft, serial, answers_by_position, id, \
                 link_state IN ('none', 'proposed') FROM survey_submissions WHERE form_id = ?1 AND sid = ?2",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO survey_submissions (form_id, wave_id, sid, serial, submitted_at, completed_at, modified_at, draft, answers, answers_by_position, structure_id, link_state) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, CASE WHEN ?10 IS NULL THEN 'none' ELSE 'proposed' END)",
            )?;
            let mut update = tx.prepare(
                "UPDATE survey_submissions SET serial = ?3, submitted_at = ?4, completed_at = ?5, modified_at = ?6, draft = ?7, answers = ?8, \
                 answers_by_position = 1 WHERE form_id = ?1 AND sid = ?2",
            )?;
            // One thread reads each submission's answers and writes their stored form while this one
            // writes the previous ones to the base: a large export is mostly answers.
            std::thread::scope(|scope| -> Result<()> {
                let (send, in_order) = std::sync::mpsc::sync_channel(256);
                let code_of = &code_of;
                let structures = &structures;
                scope.spawn(move || {
                    for i in 0..export.len() {
                        // Only the stored text crosses over: the answers are freed where they were made.
                        let s = export.submission(i);
                        let (mut name, mut commune) = (String::new(), String::new());
                        let answers = answers::encode(|write| {
                            export.for_each_answer(i, &mut |q, answer| {
                                if Some(q) == name_question {
                                    name = answer.as_text();
                                }
                                if Some(q) == commune_question {
                                    commune = answer.as_text();
                                }
                                write(code_of[q], answer);
                            })
                        });
                        let proposal = link::proposal(&name, &commune, structures).map(|c| c.structure_id);
                        let s = Submission {
                            sid: s.sid,
                            serial: s.serial,
                            submitted_at: s.submitted_at.clone(),
                            completed_at: s.completed_at.clone(),
                            modified_at: s.modified_at.clone(),
                            draft: s.draft,
                            answers: BTreeMap::new(),
                            line: s.line,
                        };
                        if send.send((s, answers, proposal)).is_err() {
                            break;
                        }
                    }
                });
                let mut written = 0;
                let mut proposals: Vec<(SubmissionId, Option<StructureId>)> = Vec::new();
                for (s, answers, proposal) in in_order {
                    written += 1;
                    if s.draft {
                        outcome.drafts += 1;
                    }
                    type Known =
                        (String, Option<String>, Option<String>, Option<String>, bool, Option<i64>, bool, i64, bool);
                    let old: Option<Known> = known
                        .query_row(params![form_id, s.sid], |r| {
                            Ok((
                                r.get(0)?,
                                r.get(1)?,
                                r.get(2)?,
                                r.get(3)?,
                                r.get(4)?,
                                r.get(5)?,
                                r.get(6)?,
                                r.get(7)?,
                                r.get(8)?,
                            ))
                        })
                        .optional()?;
                    match old {
                        None => {
                            insert.execute(params![
                                form_id,
                                wave_id,
                                s.sid,
                                s.serial,
                                s.submitted_at,
                                s.completed_at,
                                s.modified_at,
                                s.draft,
                                answers,
                                proposal
                            ])?;
                            outcome.imported += 1;
                            outcome.proposed_links += u32::from(proposal.is_some());
                        }
                        Some(old) => {
                            // A link the user confirmed or rejected stays as it is.
                            if old.8 {
                                proposals.push((old.7, proposal));
                                outcome.proposed_links += u32::from(proposal.is_some());
                            }
                            // Stored in an earlier form, the same answers read the same.
                            let read = |text: &str, by_position: bool| -> Result<BTreeMap<String, Answer>> {
                                let mut read = BTreeMap::new();
                                answers::decode_each(text, s.sid, |k, a| {
                                    if let Some(key) = stored_keys.key(k, by_position) {
                                        read.insert(key.to_string(), a);
                                    }
                                })?;
                                Ok(read)
                            };
                            let same_answers = old.0 == answers || read(&old.0, old.6)? == read(&answers, true)?;
                            let same = same_answers
                                && old.1 == s.submitted_at
                                && old.2 == s.completed_at
                                && old.3 == s.modified_at
                                && old.4 == s.draft
                                && old.5 == s.serial;
                            if same {
                                outcome.unchanged += 1;
                            } else {
                                update.execute(params![
                                    form_id,
                                    s.sid,
                                    s.serial,
                                    s.submitted_at,
                                    s.completed_at,
                                    s.modified_at,
                                    s.draft,
                                    answers
                                ])?;
                                outcome.updated += 1;
                            }
                        }
                    }
                }
                propose(&tx, &proposals)?;
                if written != export.len() {
                    // A reading thread stopped: nothing is committed.
                    return Err(StoreError::ImportRefused {
                        summary: "La lecture des réponses s'est interrompue avant la fin : rien n'a été enregistré. \
                                  Réessayez l'import."
                            .to_string(),
                    });
                }
                Ok(())
            })?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Every form with its waves, in the order they were first imported (the demo's first).
    pub fn survey_forms(&self) -> Result<Vec<SurveyForm>> {
        let mut stmt =
            self.conn.prepare("SELECT id, title, link_name_key, link_commune_key FROM survey_forms ORDER BY id")?;
        let forms = stmt
            .query_map([], |r| {
                Ok(SurveyForm {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    link_name_key: r.get(2)?,
                    link_commune_key: r.get(3)?,
                    waves: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut waves = self.conn.prepare(
            "SELECT w.id, w.name, w.imported_at, \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 0), \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 1), \
                (SELECT count(*) FROM survey_submissions s WHERE s.wave_id = w.id AND s.draft = 0 \
                    AND s.structure_id IS NOT NULL AND s.link_state IN ('proposed', 'confirmed')) \
             FROM survey_waves w WHERE w.form_id = ?1 ORDER BY w.imported_at, w.id",
        )?;
        forms
            .into_iter()
            .map(|mut form| {
                form.waves = waves
                    .query_map([form.id], |r| {
                        Ok(WaveInfo {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            imported_at: r.get(2)?,
                            responses: r.get(3)?,
                            drafts: r.get(4)?,
                            linked: r.get(5)?,
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(form)
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
        let waves: Vec<(FormId, WaveId)> = {
            let mut stmt =
                self.conn.prepare("SELECT form_id, id FROM survey_waves WHERE name = ?1 ORDER BY form_id DESC")?;
            let rows = stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
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

    fn form_title(&self, form_id: FormId) -> Result<String> {
        self.conn
            .query_row("SELECT title FROM survey_forms WHERE id = ?1", [form_id], |r| r.get(0))
            .optional()?
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
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [CHOSEN_FORM_KEY], |r| r.get(0))
            .optional()?;
        let Some(form_id) = value.and_then(|v| serde_json::from_str::<FormId>(&v).ok()) else { return Ok(None) };
        let exists: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM survey_forms WHERE id = ?1)", [form_id], |r| r.get(0))?;
        Ok(exists.then_some(form_id))
    }

    /// Remembers the form the Enquête view shows, across restarts.
    pub fn choose_survey_form(&mut self, form_id: FormId) -> Result<()> {
        self.form_title(form_id)?;
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![CHOSEN_FORM_KEY, form_id.to_string()],
        )?;
        Ok(())
    }

    pub fn survey_questions(&self, form_id: FormId) -> Result<Vec<StoredQuestion>> {
        form_questions(&self.conn, form_id)
    }

    /// The form's questions that the wave's exports contained, in the form's order: a wave's
    /// figures are counted over these only.
    pub fn wave_questions(&self, form_id: FormId, wave_id: WaveId) -> Result<Vec<StoredQuestion>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, label, kind, options, has_other, theme, kind_corrected FROM survey_questions q \
             WHERE form_id = ?1 AND EXISTS (SELECT 1 FROM survey_wave_questions w WHERE w.wave_id = ?2 AND w.key = q.key) \
             ORDER BY position",
        )?;
        let questions = stmt
            .query_map(params![form_id, wave_id], read_question)?
            .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
        Ok(questions)
    }

    pub fn survey_themes(&self, form_id: FormId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT name FROM survey_themes WHERE form_id = ?1 ORDER BY position")?;
        let themes = stmt.query_map([form_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(themes)
    }

    pub fn add_survey_theme(&mut self, form_id: FormId, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::invalid("thème", "donnez un nom au thème.".to_string()).into());
        }
        self.conn.execute(
            "INSERT INTO survey_themes (form_id, name, position) \
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM survey_themes WHERE form_id = ?1)) \
             ON CONFLICT (form_id, name) DO NOTHING",
            params![form_id, name],
        )?;
        Ok(())
    }

    pub fn set_question_theme(&mut self, form_id: FormId, key: &str, theme: Option<&str>) -> Result<()> {
        let theme = theme.map(str::trim).filter(|t| !t.is_empty());
        if let Some(theme) = theme {
            self.add_survey_theme(form_id, theme)?;
        }
        self.question_changed(self.conn.execute(
            "UPDATE survey_questions SET theme = ?3 WHERE form_id = ?1 AND key = ?2",
            params![form_id, key, theme],
        )?)
    }

    pub fn set_question_kind(&mut self, form_id: FormId, key: &str, kind: QuestionKind) -> Result<()> {
        self.question_changed(self.conn.execute(
            "UPDATE survey_questions SET kind = ?3, kind_corrected = 1 WHERE form_id = ?1 AND key = ?2",
            params![form_id, key, kind.as_code()],
        )?)
    }

    fn question_changed(&self, changed: usize) -> Result<()> {
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
        self.conn.execute(
            "UPDATE survey_forms SET link_name_key = ?2, link_commune_key = ?3 WHERE id = ?1",
            params![form_id, name_key, commune_key],
        )?;
        Ok(())
    }

    /// Submissions of a wave, in SID order.
    pub fn wave_submissions(&self, wave_id: WaveId) -> Result<Vec<StoredSubmission>> {
        let keys = answers::StoredKeys::of_wave(&self.conn, wave_id)?;
        load_submissions(&self.conn, "wave_id = ?1", wave_id, &keys)
    }

    /// Hands the submissions of a wave to `reader` one at a time, in SID order, each answer as it
    /// is read from the stored text (drafts left out unless `include_drafts`): what the figures of
    /// a large wave are counted from, never holding it.
    pub fn read_wave(&self, wave_id: WaveId, include_drafts: bool, reader: &mut impl WaveReader) -> Result<()> {
        self.scan_cache(true)?;
        let result = self.read_wave_through(wave_id, include_drafts, reader);
        self.scan_cache(false)?;
        result
    }

    fn read_wave_through(&self, wave_id: WaveId, include_drafts: bool, reader: &mut impl WaveReader) -> Result<()> {
        let filter = if include_drafts { "" } else { " AND draft = 0" };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM survey_submissions WHERE wave_id = ?1{filter} ORDER BY sid"
        ))?;
        let keys = answers::StoredKeys::of_wave(&self.conn, wave_id)?;
        let mut rows = stmt.query([wave_id])?;
        while let Some(r) = rows.next()? {
            reader.submission(stored_submission(r, BTreeMap::new())?);
            let by_position: bool = r.get(11)?;
            let sid: i64 = r.get(2)?;
            answers::decode_each(r.get_ref(8)?.as_str().unwrap_or_default(), sid, |stored, answer| {
                if let Some(key) = keys.key(stored, by_position) {
                    reader.answer(key, answer);
                }
            })?;
        }
        Ok(())
    }

    pub fn form_submissions(&self, form_id: FormId) -> Result<Vec<StoredSubmission>> {
        let keys = answers::StoredKeys::of_form(&self.conn, form_id)?;
        load_submissions(&self.conn, "form_id = ?1", form_id, &keys)
    }

    /// Records a link (or its absence) between a submission and a structure.
    pub fn set_submission_link(
        &mut self,
        id: SubmissionId,
        structure_id: Option<StructureId>,
        state: LinkState,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE survey_submissions SET structure_id = ?2, link_state = ?3 WHERE id = ?1",
            params![id, structure_id, state.as_code()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "La réponse", id });
        }
        Ok(())
    }

    /// Records many proposals at once (after a matching pass), in one transaction: see [`propose`].
    pub fn propose_links(&mut self, proposals: &[(SubmissionId, Option<StructureId>)]) -> Result<u32> {
        let tx = self.write()?;
        let count = propose(&tx, proposals)?;
        tx.commit()?;
        Ok(count)
    }

    /// Proposes a structure for each response of the form the user has not decided, designating the
    /// questions that name the structure and its commune first if the form has none yet. Returns
    /// how many responses got a proposal.
    pub fn propose_survey_links(&mut self, form_id: FormId) -> Result<u32> {
        let (name_key, commune_key) = link_questions(&self.conn, form_id)?;
        let structures = self.list_structures()?;
        self.scan_cache(true)?;
        let rows = self.link_answers(form_id, [name_key.as_deref(), commune_key.as_deref()]);
        self.scan_cache(false)?;
        let rows = rows?;
        let proposals = link::link_proposals(&rows, &structures, name_key.as_deref(), commune_key.as_deref());
        self.propose_links(&proposals)?;
        Ok(proposals.iter().filter(|(_, s)| s.is_some()).count() as u32)
    }

    /// The submissions of a form with only the answers to `keys` (the questions naming a structure
    /// and its commune): what matching needs, the other answers skipped unread.
    fn link_answers(&self, form_id: FormId, keys: [Option<&str>; 2]) -> Result<Vec<StoredSubmission>> {
        let stored_keys = answers::StoredKeys::of_form(&self.conn, form_id)?;
        let keys: Vec<&str> = keys.into_iter().flatten().collect();
        // Under their codes, and under the keys themselves in older rows.
        let wanted: Vec<&str> = keys.iter().flat_map(|k| [*k].into_iter().chain(stored_keys.code(k))).collect();
        let mut stmt = self.conn.prepare(
            "SELECT id, wave_id, sid, draft, structure_id, link_state, answers, answers_by_position \
             FROM survey_submissions WHERE form_id = ?1 ORDER BY sid",
        )?;
        let mut found = stmt.query([form_id])?;
        let mut rows = Vec::new();
        while let Some(r) = found.next()? {
            let link: String = r.get(5)?;
            let mut submission = Submission {
                sid: r.get(2)?,
                serial: None,
                submitted_at: None,
                completed_at: None,
                modified_at: None,
                draft: r.get(3)?,
                answers: BTreeMap::new(),
                line: 0,
            };
            if !keys.is_empty() {
                let by_position: bool = r.get(7)?;
                let text = r.get_ref(6)?.as_bytes().unwrap_or_default();
                answers::decode_keys(text, submission.sid, &wanted, |stored, answer| {
                    if let Some(key) = stored_keys.key(stored, by_position).filter(|k| keys.contains(k)) {
                        submission.answers.insert(key.to_string(), answer);
                    }
                })?;
            }
            rows.push(StoredSubmission {
                id: r.get(0)?,
                wave_id: r.get(1)?,
                submission,
                structure_id: r.get(4)?,
                link_state: LinkState::from_code(&link),
            });
        }
        Ok(rows)
    }

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
        let directory: i64 =
            self.conn.query_row("SELECT count(*) FROM structures WHERE deleted_at IS NULL", [], |r| r.get(0))?;
        Ok(Some(fabrique_core::survey::figures::dossier_figures(&questions, &finished, directory as usize)))
    }

    /// The form the writer chose for the dossier's `{{ enquete.* }}` figures, if any.
    pub fn dossier_survey_form(&self, dossier_id: DossierId) -> Result<Option<FormId>> {
        self.conn
            .query_row("SELECT survey_form_id FROM dossiers WHERE id = ?1", [dossier_id], |r| {
                r.get::<_, Option<FormId>>(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound { what: "Le dossier", id: dossier_id })
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
        let changed = self.conn.execute(
            "UPDATE dossiers SET survey_form_id = ?2, updated_at = ?3 WHERE id = ?1",
            params![dossier_id, form_id, now()],
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

    /// Deletes a wave and the submissions that landed in it.
    pub fn delete_wave(&mut self, wave_id: WaveId) -> Result<()> {
        if self.conn.execute("DELETE FROM survey_waves WHERE id = ?1", [wave_id])? == 0 {
            return Err(StoreError::NotFound { what: "La vague", id: wave_id });
        }
        Ok(())
    }
}

/// What [`merge_questions`] did: for each question of the export, the form's key it is stored
/// under, and how many questions are new.
struct Merged {
    keys: Vec<String>,
    new: u32,
}

/// Which of the form's known questions each question of a later export is, as the index into
/// `known` (None: a question the form did not have).
///
/// A question is matched, in this order:
/// 1. by key: an export in the same mode as an earlier one (labels, or webform's form keys such
///    as `type_structure`) names its questions the same way;
/// 2. by label, ignoring case, accents and punctuation, among the known questions no other
///    question of the export matched by key: the demo form's questions have form keys (`type`)
///    and readable labels (« Type de structure »), which an export in labels mode gives as its
///    headers.
///
/// Each known question is matched at most once. An export in form-key mode of a form first
/// imported in labels mode matches nothing (neither its keys nor its labels, which are the keys,
/// are known): export every wave in the same mode.
fn match_questions(known: &[(String, String)], incoming: &[QuestionDef]) -> Vec<Option<usize>> {
    let by_key: HashMap<&str, usize> = known.iter().enumerate().map(|(i, (key, _))| (key.as_str(), i)).collect();
    let mut matched: Vec<Option<usize>> = incoming.iter().map(|q| by_key.get(q.key.as_str()).copied()).collect();
    let mut taken: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (q, slot) in incoming.iter().zip(matched.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let label = fold(&q.label);
        if let Some(i) = (0..known.len()).find(|i| !taken.contains(i) && fold(&known[*i].1) == label) {
            taken.insert(i);
            *slot = Some(i);
        }
    }
    matched
}

/// Adds the questions the form did not have and refreshes the options of those it knows, keeping
/// what the user decided (a corrected kind, a theme) and the label already known: an export in
/// form-key mode gives its keys as labels, and the readable label an earlier export (or the demo)
/// gave is worth keeping. Questions are matched as [`match_questions`] says.
fn merge_questions(conn: &Connection, form_id: FormId, questions: &[QuestionDef]) -> Result<Merged> {
    let known: Vec<(String, String, bool, i64)> = {
        let mut stmt =
            conn.prepare("SELECT key, label, kind_corrected, position FROM survey_questions WHERE form_id = ?1")?;
        let rows = stmt.query_map([form_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let pairs: Vec<(String, String)> = known.iter().map(|(k, l, _, _)| (k.clone(), l.clone())).collect();
    let matched = match_questions(&pairs, questions);
    let mut next_position = known.iter().map(|(_, _, _, p)| *p).max().map_or(0, |p| p + 1);
    let mut merged = Merged { keys: Vec::with_capacity(questions.len()), new: 0 };
    for (q, found) in questions.iter().zip(matched) {
        let options = serde_json::to_string(&q.options).expect("options serialize");
        match found {
            Some(i) => {
                let (key, _, corrected, _) = &known[i];
                conn.execute(
                    "UPDATE survey_questions SET options = ?3, has_other = ?4, \
                     kind = CASE WHEN ?5 THEN kind ELSE ?6 END WHERE form_id = ?1 AND key = ?2",
                    params![form_id, key, options, q.has_other, corrected, q.kind.as_code()],
                )?;
                merged.keys.push(key.clone());
            }
            None => {
                conn.execute(
                    "INSERT INTO survey_questions (form_id, key, position, label, kind, options, has_other) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![form_id, q.key, next_position, q.label, q.kind.as_code(), options, q.has_other],
                )?;
                next_position += 1;
                merged.new += 1;
                merged.keys.push(q.key.clone());
            }
        }
    }
    Ok(merged)
}

/// A stored question; its options (JSON) or kind unreadable is damaged data, never a question
/// silently emptied.
fn read_question(r: &Row) -> rusqlite::Result<Result<StoredQuestion>> {
    let key: String = r.get(0)?;
    let kind: String = r.get(2)?;
    let options: String = r.get(3)?;
    let what = || format!("la question « {key} »");
    let Some(kind) = QuestionKind::from_code(&kind) else {
        return Ok(Err(StoreError::damaged(what(), format!("nature « {kind} » inconnue"))));
    };
    let options = match serde_json::from_str(&options) {
        Ok(options) => options,
        Err(e) => return Ok(Err(StoreError::damaged(what(), e))),
    };
    Ok(Ok(StoredQuestion {
        def: QuestionDef { key, label: r.get(1)?, kind, options, has_other: r.get(4)? },
        theme: r.get(5)?,
        kind_corrected: r.get(6)?,
    }))
}

fn load_submissions(
    conn: &Connection,
    filter: &str,
    id: i64,
    keys: &answers::StoredKeys,
) -> Result<Vec<StoredSubmission>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {SUBMISSION_COLUMNS} FROM survey_submissions WHERE {filter} ORDER BY sid"))?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let by_position: bool = r.get(11)?;
        let mut read = BTreeMap::new();
        let sid: i64 = r.get(2)?;
        answers::decode_each(r.get_ref(8)?.as_str().unwrap_or_default(), sid, |stored, answer| {
            if let Some(key) = keys.key(stored, by_position) {
                read.insert(key.to_string(), answer);
            }
        })?;
        out.push(stored_submission(r, read)?);
    }
    Ok(out)
}

/// The columns [`stored_submission`] reads, in its order.
const SUBMISSION_COLUMNS: &str =
    "id, wave_id, sid, serial, submitted_at, completed_at, modified_at, draft, answers, structure_id, link_state, \
     answers_by_position";

/// A row of `survey_submissions` selected with [`SUBMISSION_COLUMNS`].
fn stored_submission(r: &Row, answers: BTreeMap<String, Answer>) -> Result<StoredSubmission> {
    let link: String = r.get(10)?;
    Ok(StoredSubmission {
        id: r.get(0)?,
        wave_id: r.get(1)?,
        submission: Submission {
            sid: r.get(2)?,
            serial: r.get(3)?,
            submitted_at: r.get(4)?,
            completed_at: r.get(5)?,
            modified_at: r.get(6)?,
            draft: r.get(7)?,
            answers,
            line: 0,
        },
        structure_id: r.get(9)?,
        link_state: LinkState::from_code(&link),
    })
}

/// The questions of a form, in its order.
fn form_questions(conn: &Connection, form_id: FormId) -> Result<Vec<StoredQuestion>> {
    let mut stmt = conn.prepare(
        "SELECT key, label, kind, options, has_other, theme, kind_corrected FROM survey_questions \
         WHERE form_id = ?1 ORDER BY position",
    )?;
    let questions = stmt.query_map([form_id], read_question)?.collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    Ok(questions)
}

/// Records link proposals, leaving confirmed and rejected links as the user set them and not
/// rewriting a response already so proposed (a large wave's rows are kilobytes each). Returns how
/// many responses changed.
fn propose(conn: &Connection, proposals: &[(SubmissionId, Option<StructureId>)]) -> Result<u32> {
    let mut stmt = conn.prepare_cached(
        "UPDATE survey_submissions SET structure_id = ?2, link_state = CASE WHEN ?2 IS NULL THEN 'none' ELSE 'proposed' END \
         WHERE id = ?1 AND link_state IN ('none', 'proposed') \
         AND (structure_id IS NOT ?2 OR link_state != CASE WHEN ?2 IS NULL THEN 'none' ELSE 'proposed' END)",
    )?;
    let mut count = 0;
    for (id, structure) in proposals {
        count += stmt.execute(params![id, structure])? as u32;
    }
    Ok(count)
}

/// The questions that name a structure and its commune in a form's responses: those the form
/// designates, else guessed from the questions' labels and recorded for the form.
fn link_questions(conn: &Connection, form_id: FormId) -> Result<(Option<String>, Option<String>)> {
    let (name_key, commune_key): (Option<String>, Option<String>) =
        conn.query_row("SELECT link_name_key, link_commune_key FROM survey_forms WHERE id = ?1", [form_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if name_key.is_some() {
        return Ok((name_key, commune_key));
    }
    let guessed = link::guess_link_questions(&form_questions(conn, form_id)?);
    conn.execute(
        "UPDATE survey_forms SET link_name_key = ?2, link_commune_key = ?3 WHERE id = ?1",
        params![form_id, guessed.0, guessed.1],
    )?;
    Ok(guessed)
}
