//! Importing an export into a wave, all or nothing: the form and its question model (matched by
//! key, then by label), the wave, and each submission merged by SID and proposed to a structure.

use super::*;
use crate::sql::{ToValue, Value};
use crate::survey::forms::link_questions;
use crate::survey::links::{self, propose};

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
        let tx = self.begin()?;
        // One import at a time, as SQLite's write lock has it: two desktops importing the same new
        // form (or the same submissions) at once would otherwise both create it, and the second
        // fail on the base's unique keys. The lock ends with the transaction.
        if tx.engine() == Engine::Postgres {
            tx.execute("SELECT pg_advisory_xact_lock(?1)", values![IMPORT_LOCK])?;
        }
        let title_key = fold(export.form_title());
        let known_form = tx.query_optional("SELECT id FROM survey_forms WHERE title_key = ?1", values![title_key])?;
        let form_id: FormId = match known_form {
            Some(row) => row.get(0)?,
            None => {
                let id: FormId = query_value(
                    &*tx,
                    "INSERT INTO survey_forms (title, title_key) VALUES (?1, ?2) RETURNING id",
                    values![export.form_title().trim(), title_key],
                )?;
                let themes: Vec<Vec<Value>> = DEFAULT_THEMES
                    .iter()
                    .enumerate()
                    .map(|(position, theme)| vec![id.to_value(), theme.to_value(), (position as i64).to_value()])
                    .collect();
                tx.insert_rows("survey_themes", &["form_id", "name", "position"], &themes)?;
                id
            }
        };
        let merged = merge_questions(&*tx, form_id, export.questions())?;
        tx.execute(
            "INSERT INTO survey_waves (form_id, name, imported_at) VALUES (?1, ?2, ?3) ON CONFLICT (form_id, name) DO NOTHING",
            values![form_id, wave, stamp],
        )?;
        let wave_id: WaveId =
            query_value(&*tx, "SELECT id FROM survey_waves WHERE form_id = ?1 AND name = ?2", values![form_id, wave])?;
        let already_asked: HashSet<String> = tx
            .query("SELECT key FROM survey_wave_questions WHERE wave_id = ?1", values![wave_id])?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_>>()?;
        let mut asking = HashSet::new();
        let asked: Vec<Vec<Value>> = merged
            .keys
            .iter()
            .filter(|key| !already_asked.contains(*key) && asking.insert(key.as_str()))
            .map(|key| vec![wave_id.to_value(), key.to_value()])
            .collect();
        tx.insert_rows("survey_wave_questions", &["wave_id", "key"], &asked)?;
        // Answers are stored under the form's keys: a question matched by its label keeps the key
        // the form first gave it, so every wave's answers to it stay together...
        let new_questions = merged.new;
        // ... and under the code of that key (see `answers`).
        let stored_keys = answers::StoredKeys::of_form(&*tx, form_id)?;
        let code_of: Vec<&str> = merged.keys.iter().map(|key| stored_keys.code(key).unwrap_or(key)).collect();

        // Each response is proposed to the structure it names as it is written, under the questions
        // the form designates (guessed at its first import).
        let (name_key, commune_key) = link_questions(&*tx, form_id)?;
        let in_file = |form_key: &Option<String>| merged.keys.iter().position(|k| Some(k) == form_key.as_ref());
        let (name_question, commune_question) = (in_file(&name_key), in_file(&commune_key));

        let mut outcome = SurveyImportOutcome {
            form_id,
            wave_id,
            dropped_columns: export.dropped_columns().to_vec(),
            new_questions,
            ..Default::default()
        };
        let directory = link::Directory::new(&structures);
        let mut writing = Batch { db: &*tx, form_id, wave_id, stored_keys: &stored_keys, pending: Vec::new() };
        // One thread reads each submission's answers and writes their stored form while this one
        // writes the previous ones to the base: a large export is mostly answers.
        std::thread::scope(|scope| -> Result<()> {
            let (send, in_order) = std::sync::mpsc::sync_channel(256);
            let code_of = &code_of;
            let directory = &directory;
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
                    let proposal = directory.proposal(&name, &commune).map(|c| c.structure_id);
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
                    if send.send(Incoming { submission: s, answers, proposal }).is_err() {
                        break;
                    }
                }
            });
            let mut written = 0;
            for incoming in in_order {
                written += 1;
                if incoming.submission.draft {
                    outcome.drafts += 1;
                }
                writing.push(incoming, &mut outcome)?;
            }
            writing.flush(&mut outcome)?;
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
        tx.commit()?;
        Ok(outcome)
    }
}

/// The key of the team base's lock held by a survey import (any number, the same for every
/// desktop: « FABR » « ENQU » in ASCII).
const IMPORT_LOCK: i64 = 0x4641_4252_454E_5155;

/// A submission of the export, its answers in their stored form and the structure it names.
struct Incoming {
    submission: Submission,
    answers: String,
    proposal: Option<StructureId>,
}

/// How many submissions are compared with the base and written together: a few statements per
/// batch rather than per submission (a round trip each on a team base), and a batch's known rows
/// held at once, never a whole wave's.
const BATCH: usize = 500;

/// The submissions of an import waiting to be written, a batch at a time.
struct Batch<'a> {
    db: &'a dyn Sql,
    form_id: FormId,
    wave_id: WaveId,
    stored_keys: &'a answers::StoredKeys,
    pending: Vec<Incoming>,
}

/// A submission already in the base, as a later export is compared with it.
struct Known {
    answers: String,
    submitted_at: Option<String>,
    completed_at: Option<String>,
    modified_at: Option<String>,
    draft: bool,
    serial: Option<i64>,
    by_position: bool,
    id: SubmissionId,
    link: (Option<StructureId>, LinkState),
}

impl Batch<'_> {
    fn push(&mut self, incoming: Incoming, outcome: &mut SurveyImportOutcome) -> Result<()> {
        // The same SID twice in one batch: the first is written before the second is compared.
        if self.pending.iter().any(|p| p.submission.sid == incoming.submission.sid) {
            self.flush(outcome)?;
        }
        self.pending.push(incoming);
        if self.pending.len() >= BATCH {
            self.flush(outcome)?;
        }
        Ok(())
    }

    fn flush(&mut self, outcome: &mut SurveyImportOutcome) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut known = self.known(&pending)?;
        let mut inserts = Vec::new();
        let mut proposals = Vec::new();
        for Incoming { submission: s, answers, proposal } in pending {
            let Some(old) = known.remove(&s.sid) else {
                outcome.imported += 1;
                outcome.proposed_links += u32::from(proposal.is_some());
                let link = links::proposed(proposal).1;
                inserts.push(vec![
                    self.form_id.to_value(),
                    self.wave_id.to_value(),
                    s.sid.to_value(),
                    s.serial.to_value(),
                    s.submitted_at.to_value(),
                    s.completed_at.to_value(),
                    s.modified_at.to_value(),
                    s.draft.to_value(),
                    answers.to_value(),
                    1_i64.to_value(),
                    proposal.to_value(),
                    link.as_code().to_value(),
                ]);
                continue;
            };
            // A link the user confirmed or rejected stays as it is.
            if matches!(old.link.1, LinkState::None | LinkState::Proposed) {
                if old.link != links::proposed(proposal) {
                    proposals.push((old.id, proposal));
                }
                outcome.proposed_links += u32::from(proposal.is_some());
            }
            // Stored in an earlier form, the same answers read the same.
            let read = |text: &str, by_position: bool| -> Result<BTreeMap<String, Answer>> {
                let mut read = BTreeMap::new();
                answers::decode_each(text, s.sid, |k, a| {
                    if let Some(key) = self.stored_keys.key(k, by_position) {
                        read.insert(key.to_string(), a);
                    }
                })?;
                Ok(read)
            };
            // Damaged stored answers are no reason to refuse the export: they count as changed
            // and the export's answers replace them.
            let same_answers = old.answers == answers
                || matches!((read(&old.answers, old.by_position), read(&answers, true)), (Ok(a), Ok(b)) if a == b);
            let same = same_answers
                && old.submitted_at == s.submitted_at
                && old.completed_at == s.completed_at
                && old.modified_at == s.modified_at
                && old.draft == s.draft
                && old.serial == s.serial;
            if same {
                outcome.unchanged += 1;
            } else {
                self.db.execute(
                    "UPDATE survey_submissions SET serial = ?3, submitted_at = ?4, completed_at = ?5, modified_at = ?6, \
                     draft = ?7, answers = ?8, answers_by_position = 1 WHERE form_id = ?1 AND sid = ?2",
                    values![
                        self.form_id,
                        s.sid,
                        s.serial,
                        s.submitted_at,
                        s.completed_at,
                        s.modified_at,
                        s.draft,
                        answers
                    ],
                )?;
                outcome.updated += 1;
            }
        }
        self.db.insert_rows(
            "survey_submissions",
            &[
                "form_id",
                "wave_id",
                "sid",
                "serial",
                "submitted_at",
                "completed_at",
                "modified_at",
                "draft",
                "answers",
                "answers_by_position",
                "structure_id",
                "link_state",
            ],
            &inserts,
        )?;
        propose(self.db, &proposals)?;
        Ok(())
    }

    /// The submissions of the batch the form already has, by SID, in one query.
    ///
    /// The SIDs' range comes with their list: PostgreSQL, whose statistics lag behind a base just
    /// filled (ten waves imported in a row), would otherwise read every submission of the form
    /// and filter them by the list, a little longer at each wave. An export lists its submissions
    /// in SID order, so a batch's range holds little more than the batch.
    fn known(&self, pending: &[Incoming]) -> Result<HashMap<i64, Known>> {
        let sids: Vec<String> = (0..pending.len()).map(|i| format!("?{}", i + 4)).collect();
        let (low, high) = pending
            .iter()
            .fold((i64::MAX, i64::MIN), |(low, high), p| (low.min(p.submission.sid), high.max(p.submission.sid)));
        let mut params = vec![self.form_id.to_value(), low.to_value(), high.to_value()];
        params.extend(pending.iter().map(|p| p.submission.sid.to_value()));
        let rows = self.db.query(
            &format!(
                "SELECT sid, answers, submitted_at, completed_at, modified_at, draft, serial, answers_by_position, id, \
                 structure_id, link_state FROM survey_submissions \
                 WHERE form_id = ?1 AND sid BETWEEN ?2 AND ?3 AND sid IN ({})",
                sids.join(", ")
            ),
            &params,
        )?;
        let mut known = HashMap::with_capacity(rows.len());
        for mut r in rows {
            let link: String = r.get(10)?;
            known.insert(
                r.get(0)?,
                Known {
                    answers: r.take(1)?,
                    submitted_at: r.take(2)?,
                    completed_at: r.take(3)?,
                    modified_at: r.take(4)?,
                    draft: r.get(5)?,
                    serial: r.get(6)?,
                    by_position: r.get(7)?,
                    id: r.get(8)?,
                    link: (r.get(9)?, LinkState::from_code(&link)),
                },
            );
        }
        Ok(known)
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
pub(super) fn merge_questions(db: &(impl Sql + ?Sized), form_id: FormId, questions: &[QuestionDef]) -> Result<Merged> {
    struct KnownQuestion {
        key: String,
        label: String,
        corrected: bool,
        position: i64,
        kind: String,
        options: String,
        has_other: bool,
    }
    let known = db
        .query(
            "SELECT key, label, kind_corrected, position, kind, options, has_other FROM survey_questions \
             WHERE form_id = ?1",
            values![form_id],
        )?
        .iter()
        .map(|r| {
            Ok(KnownQuestion {
                key: r.get(0)?,
                label: r.get(1)?,
                corrected: r.get(2)?,
                position: r.get(3)?,
                kind: r.get(4)?,
                options: r.get(5)?,
                has_other: r.get(6)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let pairs: Vec<(String, String)> = known.iter().map(|q| (q.key.clone(), q.label.clone())).collect();
    let matched = match_questions(&pairs, questions);
    let mut next_position = known.iter().map(|q| q.position).max().map_or(0, |p| p + 1);
    let mut merged = Merged { keys: Vec::with_capacity(questions.len()), new: 0 };
    let mut added = Vec::new();
    for (q, found) in questions.iter().zip(matched) {
        let options = serde_json::to_string(&q.options).expect("options serialize");
        match found {
            Some(i) => {
                let k = &known[i];
                // A question the export describes as the base has it costs no statement (on a
                // team base, no trip to the server).
                let kind = if k.corrected { k.kind.as_str() } else { q.kind.as_code() };
                if k.options != options || k.has_other != q.has_other || k.kind != kind {
                    db.execute(
                        "UPDATE survey_questions SET options = ?3, has_other = ?4, kind = ?5 WHERE form_id = ?1 AND key = ?2",
                        values![form_id, k.key, options, q.has_other, kind],
                    )?;
                }
                merged.keys.push(k.key.clone());
            }
            None => {
                added.push(vec![
                    form_id.to_value(),
                    q.key.to_value(),
                    next_position.to_value(),
                    q.label.to_value(),
                    q.kind.as_code().to_value(),
                    options.to_value(),
                    q.has_other.to_value(),
                ]);
                next_position += 1;
                merged.new += 1;
                merged.keys.push(q.key.clone());
            }
        }
    }
    db.insert_rows(
        "survey_questions",
        &["form_id", "key", "position", "label", "kind", "options", "has_other"],
        &added,
    )?;
    Ok(merged)
}
