//! Importing an export into a wave, all or nothing: the form and its question model (matched by
//! key, then by label), the wave, and each submission merged by SID and proposed to a structure.

use super::*;
use crate::survey::forms::link_questions;
use crate::survey::links::propose;

impl Store {
    /// Imports a parsed export into the wave `wave` of its form (created if new), in one transaction.
    pub fn import_survey(&mut self, export: &impl SurveyExport, wave: &str) -> Result<SurveyImportOutcome> {
        self.scan_cache(true)?;
        let result = self.import_survey_at_once(export, wave);
        self.scan_cache(false)?;
        result
    }

    pub(super) fn import_survey_at_once(
        &mut self,
        export: &impl SurveyExport,
        wave: &str,
    ) -> Result<SurveyImportOutcome> {
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
                            // Damaged stored answers are no reason to refuse the export: they count as changed
                            // and the export's answers replace them.
                            let same_answers = old.0 == answers
                                || matches!((read(&old.0, old.6), read(&answers, true)), (Ok(a), Ok(b)) if a == b);
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
}

/// What [`merge_questions`] did: for each question of the export, the form's key it is stored
/// under, and how many questions are new.
pub(super) struct Merged {
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
pub(super) fn match_questions(known: &[(String, String)], incoming: &[QuestionDef]) -> Vec<Option<usize>> {
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
pub(super) fn merge_questions(conn: &Connection, form_id: FormId, questions: &[QuestionDef]) -> Result<Merged> {
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
