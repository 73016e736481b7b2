//! Links of responses to structures: the user's decisions and the proposals made by matching.

use super::*;
use crate::survey::forms::link_questions;

impl Store {
    /// Records a link (or its absence) between a submission and a structure.
    pub fn set_submission_link(
        &mut self,
        id: SubmissionId,
        structure_id: Option<StructureId>,
        state: LinkState,
    ) -> Result<()> {
        let changed = self.local()?.execute(
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
        let (name_key, commune_key) = link_questions(self.local()?, form_id)?;
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
    pub(super) fn link_answers(&self, form_id: FormId, keys: [Option<&str>; 2]) -> Result<Vec<StoredSubmission>> {
        let stored_keys = answers::StoredKeys::of_form(self.local()?, form_id)?;
        let keys: Vec<&str> = keys.into_iter().flatten().collect();
        // Under their codes, and under the keys themselves in older rows.
        let wanted: Vec<&str> = keys.iter().flat_map(|k| [*k].into_iter().chain(stored_keys.code(k))).collect();
        let mut stmt = self.local()?.prepare(
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
}

/// Records link proposals, leaving confirmed and rejected links as the user set them and not
/// rewriting a response already so proposed (a large wave's rows are kilobytes each). Returns how
/// many responses changed.
pub(super) fn propose(conn: &Connection, proposals: &[(SubmissionId, Option<StructureId>)]) -> Result<u32> {
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
