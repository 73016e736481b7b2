//! Links of responses to structures: the user's decisions and the proposals made by matching.

use super::*;
use crate::sql::{ToValue, Value};
use crate::survey::forms::link_questions;

impl Store {
    /// Records a link (or its absence) between a submission and a structure.
    pub fn set_submission_link(
        &mut self,
        id: SubmissionId,
        structure_id: Option<StructureId>,
        state: LinkState,
    ) -> Result<()> {
        let changed = self.db().execute(
            "UPDATE survey_submissions SET structure_id = ?2, link_state = ?3 WHERE id = ?1",
            values![id, structure_id, state.as_code()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "La réponse", id });
        }
        Ok(())
    }

    /// Records many proposals at once (after a matching pass), in one transaction: see [`propose`].
    pub fn propose_links(&mut self, proposals: &[(SubmissionId, Option<StructureId>)]) -> Result<u32> {
        let tx = self.begin()?;
        let count = propose(&*tx, proposals)?;
        tx.commit()?;
        Ok(count)
    }

    /// Proposes a structure for each response of the form the user has not decided, designating the
    /// questions that name the structure and its commune first if the form has none yet. Returns
    /// how many responses got a proposal.
    pub fn propose_survey_links(&mut self, form_id: FormId) -> Result<u32> {
        let (name_key, commune_key) = link_questions(self.db(), form_id)?;
        let structures = self.list_structures()?;
        self.scan_cache(true)?;
        let rows = self.link_answers(form_id, [name_key.as_deref(), commune_key.as_deref()]);
        self.scan_cache(false)?;
        let rows = rows?;
        let proposals = link::link_proposals(&rows, &structures, name_key.as_deref(), commune_key.as_deref());
        // Only what changes is sent: a later pass mostly proposes what is already recorded.
        let current: HashMap<SubmissionId, (Option<StructureId>, LinkState)> =
            rows.iter().map(|r| (r.id, (r.structure_id, r.link_state))).collect();
        let changing: Vec<(SubmissionId, Option<StructureId>)> =
            proposals.iter().filter(|(id, s)| current.get(id) != Some(&proposed(*s))).copied().collect();
        self.propose_links(&changing)?;
        Ok(proposals.iter().filter(|(_, s)| s.is_some()).count() as u32)
    }

    /// The submissions of a form with only the answers to `keys` (the questions naming a structure
    /// and its commune): what matching needs, the other answers skipped unread.
    pub(super) fn link_answers(&self, form_id: FormId, keys: [Option<&str>; 2]) -> Result<Vec<StoredSubmission>> {
        let stored_keys = answers::StoredKeys::of_form(self.db(), form_id)?;
        let keys: Vec<&str> = keys.into_iter().flatten().collect();
        // Under their codes, and under the keys themselves in older rows.
        let wanted: Vec<&str> = keys.iter().flat_map(|k| [*k].into_iter().chain(stored_keys.code(k))).collect();
        let mut rows = Vec::new();
        self.db().query_each(
            "SELECT id, wave_id, sid, draft, structure_id, link_state, answers, answers_by_position \
             FROM survey_submissions WHERE form_id = ?1 ORDER BY sid",
            values![form_id],
            &mut |mut r| {
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
                    let text = r.take::<Option<String>>(6)?.unwrap_or_default();
                    answers::decode_keys(text.as_bytes(), submission.sid, &wanted, |stored, answer| {
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
                Ok(())
            },
        )?;
        Ok(rows)
    }
}

/// The link a proposal leaves on a response the user has not decided.
pub(super) fn proposed(structure: Option<StructureId>) -> (Option<StructureId>, LinkState) {
    (structure, if structure.is_some() { LinkState::Proposed } else { LinkState::None })
}

/// Records link proposals, leaving confirmed and rejected links as the user set them and not
/// rewriting a response already so proposed (a large wave's rows are kilobytes each). Returns how
/// many responses changed. The proposals go by hundreds in one statement: a matching pass over a
/// large form changes thousands of responses, a round trip each on a team base otherwise.
pub(super) fn propose(db: &(impl Sql + ?Sized), proposals: &[(SubmissionId, Option<StructureId>)]) -> Result<u32> {
    let mut count = 0;
    for chunk in proposals.chunks(500) {
        let pairs: Vec<String> = (0..chunk.len())
            .map(|i| format!("(CAST(?{} AS BIGINT), CAST(?{} AS BIGINT))", 2 * i + 1, 2 * i + 2))
            .collect();
        let params: Vec<Value> =
            chunk.iter().flat_map(|(id, structure)| [id.to_value(), structure.to_value()]).collect();
        // VALUES names its columns column1, column2 on both engines.
        count += db.execute(
            &format!(
                "UPDATE survey_submissions SET structure_id = p.column2, \
                 link_state = CASE WHEN p.column2 IS NULL THEN 'none' ELSE 'proposed' END \
                 FROM (VALUES {}) AS p \
                 WHERE survey_submissions.id = p.column1 AND survey_submissions.link_state IN ('none', 'proposed') \
                 AND (survey_submissions.structure_id IS DISTINCT FROM p.column2 \
                      OR survey_submissions.link_state <> CASE WHEN p.column2 IS NULL THEN 'none' ELSE 'proposed' END)",
                pairs.join(", ")
            ),
            &params,
        )? as u32;
    }
    Ok(count)
}
