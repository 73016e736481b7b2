//! Reading a wave's submissions, whole or answer by answer, and deleting a wave.

use super::*;

impl Store {
    /// Submissions of a wave, in SID order.
    pub fn wave_submissions(&self, wave_id: WaveId) -> Result<Vec<StoredSubmission>> {
        let keys = answers::StoredKeys::of_wave(self.db(), wave_id)?;
        load_submissions(self.db(), "wave_id = ?1", wave_id, &keys)
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

    pub(super) fn read_wave_through(
        &self,
        wave_id: WaveId,
        include_drafts: bool,
        reader: &mut impl WaveReader,
    ) -> Result<()> {
        let filter = if include_drafts { "" } else { " AND draft = 0" };
        let keys = answers::StoredKeys::of_wave(self.db(), wave_id)?;
        self.db().query_each(
            &format!("SELECT {SUBMISSION_COLUMNS} FROM survey_submissions WHERE wave_id = ?1{filter} ORDER BY sid"),
            values![wave_id],
            &mut |mut r| {
                let by_position: bool = r.get(11)?;
                let sid: i64 = r.get(2)?;
                let text = r.take::<Option<String>>(8)?.unwrap_or_default();
                reader.submission(stored_submission(&r, BTreeMap::new())?);
                answers::decode_each(&text, sid, |stored, answer| {
                    if let Some(key) = keys.key(stored, by_position) {
                        reader.answer(key, answer);
                    }
                })
            },
        )
    }

    pub fn form_submissions(&self, form_id: FormId) -> Result<Vec<StoredSubmission>> {
        let keys = answers::StoredKeys::of_form(self.db(), form_id)?;
        load_submissions(self.db(), "form_id = ?1", form_id, &keys)
    }

    /// Deletes a wave and the submissions that landed in it.
    pub fn delete_wave(&mut self, wave_id: WaveId) -> Result<()> {
        if self.db().execute("DELETE FROM survey_waves WHERE id = ?1", values![wave_id])? == 0 {
            return Err(StoreError::NotFound { what: "La vague", id: wave_id });
        }
        Ok(())
    }
}

pub(super) fn load_submissions(
    db: &(impl Sql + ?Sized),
    filter: &str,
    id: i64,
    keys: &answers::StoredKeys,
) -> Result<Vec<StoredSubmission>> {
    let rows = db.query(
        &format!("SELECT {SUBMISSION_COLUMNS} FROM survey_submissions WHERE {filter} ORDER BY sid"),
        values![id],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let by_position: bool = r.get(11)?;
        let mut read = BTreeMap::new();
        let sid: i64 = r.get(2)?;
        answers::decode_each(&r.get::<Option<String>>(8)?.unwrap_or_default(), sid, |stored, answer| {
            if let Some(key) = keys.key(stored, by_position) {
                read.insert(key.to_string(), answer);
            }
        })?;
        out.push(stored_submission(r, read)?);
    }
    Ok(out)
}

/// The columns [`stored_submission`] reads, in its order.
pub(super) const SUBMISSION_COLUMNS: &str =
    "id, wave_id, sid, serial, submitted_at, completed_at, modified_at, draft, answers, structure_id, link_state, \
     answers_by_position";

/// A row of `survey_submissions` selected with [`SUBMISSION_COLUMNS`].
pub(super) fn stored_submission(r: &crate::sql::Row, answers: BTreeMap<String, Answer>) -> Result<StoredSubmission> {
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
