//! RGPD follow-up: the checklist versions, each centre's assessments, their history, evidence
//! files and the federation's progress over time.

use chrono::NaiveDate;
use fabrique_core::rgpd::{
    centre_progress, changes, mean_progress, shipped_checklist, Assessment, AssessmentChange, AssessmentDraft,
    CentreTally, Checklist, HistoryEntry, Status,
};
use fabrique_core::{CoreError, StructureId};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::rgpd_tallies::{keep_tally, live_tallies, rating_states};
use crate::rows::iso;
use crate::sql::{query_value, values, Engine, Row, Sql};
use crate::structure_rows::live_structure;
use crate::{now, Store};

/// An evidence file is a scan, a charter, a register: a few megabytes at most.
pub const MAX_EVIDENCE_BYTES: usize = 5 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: i64,
    pub item_id: String,
    pub file_name: String,
    pub size: i64,
    pub added_at: String,
}

impl Store {
    /// Installs the shipped checklist in a base that has none.
    pub(crate) fn install_rgpd_checklist(&mut self) -> Result<()> {
        let any: bool = query_value(self.db(), "SELECT EXISTS (SELECT 1 FROM rgpd_checklists)", &[])?;
        if !any {
            let checklist = shipped_checklist();
            insert_checklist(self.db(), &checklist)?;
        }
        Ok(())
    }

    /// The checklist in force: the latest version.
    pub fn rgpd_checklist(&self) -> Result<Checklist> {
        latest_checklist(self.db())
    }

    /// Saves an edited checklist as a new version (reworded items get a new revision, removed ones are retired).
    pub fn save_rgpd_checklist(&mut self, edited: Checklist) -> Result<Checklist> {
        let current = latest_checklist(self.db())?;
        let next = current.next_version(edited)?;
        insert_checklist(self.db(), &next)?;
        Ok(next)
    }

    /// Assessments of one centre, or of every centre.
    pub fn rgpd_assessments(&self, structure_id: Option<StructureId>) -> Result<Vec<Assessment>> {
        // Two statements rather than one with an optional parameter: the base looks one centre's
        // forty ratings up by its key instead of scanning every centre's.
        let rows = match structure_id {
            Some(id) => self.db().query(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM rgpd_assessments WHERE structure_id = ?1 ORDER BY item_id"),
                values![id],
            )?,
            None => self.db().query(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM rgpd_assessments ORDER BY structure_id, item_id"),
                &[],
            )?,
        };
        rows.into_iter().map(read_assessment).collect()
    }

    /// The ratings whose action is overdue on `today` (neither compliant nor inapplicable, due
    /// before), whole, ordered by centre: the dashboard's list of late actions.
    pub fn rgpd_overdue_assessments(&self, today: NaiveDate) -> Result<Vec<Assessment>> {
        // Sorted here: asked of the base, the order would have it walk every rating by its key
        // rather than find the few late ones by their date.
        let sql = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM rgpd_assessments WHERE due < ?1 AND status IN ('a_faire', 'en_cours')"
        );
        let rows = self.db().query(&sql, values![today.format("%Y-%m-%d").to_string()])?;
        let mut late = rows.into_iter().map(read_assessment).collect::<Result<Vec<_>>>()?;
        late.sort_by(|a, b| (a.structure_id, &a.item_id).cmp(&(b.structure_id, &b.item_id)));
        Ok(late)
    }

    /// Rates one item for one centre; every changed field goes to the history, in the same
    /// transaction. With `opened` (the item as the window showed it), only the fields changed
    /// since are written, over the item as stored now, and a field someone else changed too,
    /// differently, refuses the save (`StoreError::Conflict`), nothing written.
    pub fn set_rgpd_assessment(
        &mut self,
        structure_id: StructureId,
        item_id: &str,
        draft: &AssessmentDraft,
        opened: Option<&AssessmentDraft>,
        today: NaiveDate,
    ) -> Result<Assessment> {
        self.rate_rgpd_item(structure_id, item_id, today, |current| match opened {
            None => Ok(draft.clone()),
            Some(opened) => draft
                .merged_over(opened, &AssessmentDraft::of(current))
                .map_err(|_| StoreError::Conflict { what: "ce point pour ce centre" }),
        })
    }

    /// Changes the fields `change` names, the others kept as they stand when it is written (read
    /// and written in one transaction that holds the write lock): two commands changing two fields
    /// of one item at once both keep their change.
    pub fn change_rgpd_assessment(
        &mut self,
        structure_id: StructureId,
        item_id: &str,
        change: &AssessmentChange,
        today: NaiveDate,
    ) -> Result<Assessment> {
        self.rate_rgpd_item(structure_id, item_id, today, |current| Ok(change.apply(current)))
    }

    fn rate_rgpd_item(
        &mut self,
        structure_id: StructureId,
        item_id: &str,
        today: NaiveDate,
        draft_from: impl FnOnce(Option<&Assessment>) -> Result<AssessmentDraft>,
    ) -> Result<Assessment> {
        let checklist = latest_checklist(self.db())?;
        let item = checklist.item(item_id).filter(|i| !i.retired).ok_or_else(|| {
            CoreError::invalid(
                "point",
                format!("le point « {item_id} » n'est pas dans le référentiel en vigueur : choisissez un point de la liste."),
            )
        })?;
        let stamp = now();
        let author = self.author();
        let tx = self.begin()?;
        lock_structure(&*tx, structure_id)?;
        let before = tx
            .query_optional(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM rgpd_assessments WHERE structure_id = ?1 AND item_id = ?2"),
                values![structure_id, item_id],
            )?
            .map(read_assessment)
            .transpose()?;
        let draft = draft_from(before.as_ref())?;
        let status = draft.validate()?;
        let draft = &draft;
        let diff = changes(before.as_ref(), draft, status);
        for (field, old, new) in &diff {
            tx.execute(
                "INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at, author) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                values![structure_id, item_id, field, old, new, stamp, author],
            )?;
        }
        tx.execute(
            "INSERT INTO rgpd_assessments (structure_id, item_id, status, note, reason, evidence, owner, due, item_revision, checklist_version, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
             ON CONFLICT (structure_id, item_id) DO UPDATE SET status = excluded.status, note = excluded.note, \
             reason = excluded.reason, evidence = excluded.evidence, owner = excluded.owner, due = excluded.due, \
             item_revision = excluded.item_revision, checklist_version = excluded.checklist_version, updated_at = excluded.updated_at",
            values![
                structure_id,
                item_id,
                status.as_code(),
                draft.note.trim(),
                if status == Status::NonApplicable { draft.reason.trim() } else { "" },
                draft.evidence.trim(),
                draft.owner.trim(),
                iso(draft.due),
                item.revision,
                checklist.version,
                stamp
            ],
        )?;
        // The centre's tally goes with its rating, in the same transaction (the trigger has just marked it stale).
        let tally = CentreTally::of(&checklist, structure_id, &rating_states(&*tx, Some(structure_id))?);
        keep_tally(&*tx, &tally)?;
        if !diff.is_empty() {
            log_progress(&*tx, &checklist, today)?;
        }
        tx.commit()?;
        Ok(self
            .rgpd_assessments(Some(structure_id))?
            .into_iter()
            .find(|a| a.item_id == item_id)
            .expect("the assessment was just written"))
    }

    /// A structure's progress, once it has rated at least one item (the `{{ rgpd.progression }}` of its dossiers).
    pub fn rgpd_progress_of(&self, structure_id: StructureId, today: NaiveDate) -> Result<Option<u8>> {
        let assessments = self.rgpd_assessments(Some(structure_id))?;
        if assessments.is_empty() {
            return Ok(None);
        }
        let checklist = latest_checklist(self.db())?;
        Ok(Some(centre_progress(&checklist, structure_id, &assessments, today).progress))
    }

    /// A centre's history, newest first.
    pub fn rgpd_history(&self, structure_id: StructureId) -> Result<Vec<HistoryEntry>> {
        self.db()
            .query(
                "SELECT item_id, field, before, after, at FROM rgpd_history WHERE structure_id = ?1 ORDER BY at DESC, id DESC",
                values![structure_id],
            )?
            .iter()
            .map(|r| {
                Ok(HistoryEntry { item_id: r.get(0)?, field: r.get(1)?, before: r.get(2)?, after: r.get(3)?, at: r.get(4)? })
            })
            .collect()
    }

    /// The federation's overall progress by day, oldest first.
    pub fn rgpd_progress_log(&self) -> Result<Vec<(String, u8)>> {
        self.db()
            .query("SELECT day, progress FROM rgpd_progress_log ORDER BY day", &[])?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }

    pub fn add_rgpd_evidence_file(
        &mut self,
        structure_id: StructureId,
        item_id: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<EvidenceFile> {
        if bytes.len() > MAX_EVIDENCE_BYTES {
            return Err(CoreError::invalid(
                "pièce jointe",
                format!(
                    "« {file_name} » fait {} Mo : la limite est de {} Mo. Joignez un extrait ou une version compressée.",
                    bytes.len().div_ceil(1 << 20),
                    MAX_EVIDENCE_BYTES >> 20
                ),
            )
            .into());
        }
        let stamp = now();
        let tx = self.begin()?;
        live_structure(&*tx, structure_id)?;
        let id: i64 = query_value(
            &*tx,
            "INSERT INTO rgpd_evidence_files (structure_id, item_id, file_name, content, size, added_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            values![structure_id, item_id, file_name, bytes, bytes.len() as i64, stamp],
        )?;
        tx.execute(
            "INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at, author) \
             VALUES (?1, ?2, 'pièce jointe', '', ?3, ?4, ?5)",
            values![structure_id, item_id, file_name, stamp, self.author()],
        )?;
        tx.commit()?;
        Ok(EvidenceFile {
            id,
            item_id: item_id.to_string(),
            file_name: file_name.to_string(),
            size: bytes.len() as i64,
            added_at: stamp,
        })
    }

    pub fn rgpd_evidence_files(&self, structure_id: StructureId) -> Result<Vec<EvidenceFile>> {
        self.db()
            .query(
                "SELECT id, item_id, file_name, size, added_at FROM rgpd_evidence_files WHERE structure_id = ?1 \
                 ORDER BY added_at, id",
                values![structure_id],
            )?
            .iter()
            .map(|r| {
                Ok(EvidenceFile {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    file_name: r.get(2)?,
                    size: r.get(3)?,
                    added_at: r.get(4)?,
                })
            })
            .collect()
    }

    /// A file's name and bytes, to save it elsewhere.
    pub fn rgpd_evidence_content(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let row = self
            .db()
            .query_optional("SELECT file_name, content FROM rgpd_evidence_files WHERE id = ?1", values![id])?;
        let row = row.ok_or(StoreError::NotFound { what: "La pièce jointe", id })?;
        Ok((row.get(0)?, row.get(1)?))
    }

    pub fn delete_rgpd_evidence_file(&mut self, id: i64) -> Result<()> {
        let author = self.author();
        let tx = self.begin()?;
        let found = tx.query_optional(
            "DELETE FROM rgpd_evidence_files WHERE id = ?1 RETURNING structure_id, item_id, file_name",
            values![id],
        )?;
        let found = found.ok_or(StoreError::NotFound { what: "La pièce jointe", id })?;
        let (structure_id, item_id, name): (StructureId, String, String) =
            (found.get(0)?, found.get(1)?, found.get(2)?);
        tx.execute(
            "INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at, author) \
             VALUES (?1, ?2, 'pièce jointe', ?3, '', ?4, ?5)",
            values![structure_id, item_id, name, now(), author],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Demo assessments at varied stages, some overdue, and a few months of progress behind them.
    pub(crate) fn load_demo_rgpd(&mut self, today: NaiveDate) -> Result<()> {
        let checklist = latest_checklist(self.db())?;
        let members: Vec<StructureId> =
            self.list_structures()?.iter().filter(|s| s.draft.member).map(|s| s.id).collect();
        let owners = ["Direction", "Référente RGPD", "Coordinatrice", "Accueil", "Trésorier"];
        for (n, id) in members.iter().enumerate().take(24) {
            // Each centre has reached its own depth in the checklist.
            let depth = (n * 7 + 3) % checklist.items.len().max(1);
            for (i, item) in checklist.active().enumerate() {
                let status = if i < depth / 2 {
                    Status::Conforme
                } else if i < depth {
                    Status::EnCours
                } else if (i + n) % 9 == 0 {
                    Status::NonApplicable
                } else if (i + n) % 4 == 0 {
                    Status::AFaire
                } else {
                    continue;
                };
                let due = (status != Status::Conforme && status != Status::NonApplicable).then(|| {
                    // Some deadlines have passed: the action plan shows them as overdue.
                    let days = ((i * 13 + n * 5) % 150) as i64 - 40;
                    today + chrono::Duration::days(days)
                });
                let draft = AssessmentDraft {
                    status: Some(status),
                    note: if status == Status::EnCours {
                        "Commencé lors de la visite de la déléguée.".into()
                    } else {
                        String::new()
                    },
                    reason: if status == Status::NonApplicable {
                        "Le centre n'a pas d'activité concernée.".into()
                    } else {
                        String::new()
                    },
                    evidence: String::new(),
                    owner: owners[(i + n) % owners.len()].to_string(),
                    due,
                };
                self.set_rgpd_assessment(*id, &item.id, &draft, None, today)?;
            }
        }
        // The months before: the federation's progress as it grew.
        let current: u8 =
            match self.db().query_optional("SELECT progress FROM rgpd_progress_log ORDER BY day DESC LIMIT 1", &[])? {
                Some(row) => row.get(0)?,
                None => 0,
            };
        for months_ago in 1..=6u32 {
            let day = today - chrono::Duration::days(30 * i64::from(months_ago));
            let progress = current.saturating_sub((months_ago * 5) as u8);
            self.db().execute(
                "INSERT INTO rgpd_progress_log (day, progress) VALUES (?1, ?2) ON CONFLICT (day) DO NOTHING",
                values![day.format("%Y-%m-%d").to_string(), progress],
            )?;
        }
        Ok(())
    }
}

const ASSESSMENT_COLUMNS: &str =
    "structure_id, item_id, status, note, reason, evidence, owner, due, item_revision, checklist_version, updated_at";

/// Holds a live structure's row until the transaction ends, so two ratings of one centre (two
/// fields of one item, on two desktops) are read and written one after the other. SQLite's
/// `BEGIN IMMEDIATE` already holds the whole base.
pub(crate) fn lock_structure(db: &(impl Sql + ?Sized), id: StructureId) -> Result<()> {
    if db.engine() == Engine::Postgres {
        db.query("SELECT id FROM structures WHERE id = ?1 FOR UPDATE", values![id])?;
    }
    live_structure(db, id).map(drop)
}

fn insert_checklist(db: &(impl Sql + ?Sized), checklist: &Checklist) -> Result<()> {
    db.execute(
        "INSERT INTO rgpd_checklists (version, content, saved_at) VALUES (?1, ?2, ?3)",
        values![checklist.version, serde_json::to_string(checklist).expect("checklist serializes"), now()],
    )?;
    Ok(())
}

/// The latest saved version; a base where none was saved yet (a team base just prepared, which
/// stays empty until a local base is published into it) uses the shipped checklist.
pub(crate) fn latest_checklist(db: &(impl Sql + ?Sized)) -> Result<Checklist> {
    let Some(row) = db.query_optional("SELECT content FROM rgpd_checklists ORDER BY version DESC LIMIT 1", &[])? else {
        return Ok(shipped_checklist());
    };
    let json: String = row.get(0)?;
    serde_json::from_str(&json).map_err(|e| {
        CoreError::invalid(
            "base",
            format!("le référentiel RGPD enregistré est illisible ({e}) : restaurez la dernière sauvegarde."),
        )
        .into()
    })
}

/// Records today's overall progress: the mean over the centres that have started, from their tallies.
fn log_progress(db: &(impl Sql + ?Sized), checklist: &Checklist, today: NaiveDate) -> Result<()> {
    let tallies = live_tallies(db, checklist)?;
    let started: Vec<u8> = tallies.by_centre.values().filter(|t| t.assessed > 0).map(CentreTally::percent).collect();
    if started.is_empty() {
        return Ok(());
    }
    db.execute(
        "INSERT INTO rgpd_progress_log (day, progress) VALUES (?1, ?2) ON CONFLICT (day) DO UPDATE SET progress = excluded.progress",
        values![today.format("%Y-%m-%d").to_string(), mean_progress(started)],
    )?;
    Ok(())
}

/// Takes the row's texts rather than copying them: the dashboard reads every rating of every centre.
fn read_assessment(mut r: Row) -> Result<Assessment> {
    let status: String = r.take(2)?;
    let due: Option<String> = r.take(7)?;
    Ok(Assessment {
        structure_id: r.get(0)?,
        item_id: r.take(1)?,
        status: Status::parse(&status).unwrap_or(Status::AFaire),
        note: r.take(3)?,
        reason: r.take(4)?,
        evidence: r.take(5)?,
        owner: r.take(6)?,
        due: due.as_deref().and_then(crate::rows::iso_date),
        item_revision: r.get(8)?,
        checklist_version: r.get(9)?,
        updated_at: r.take(10)?,
    })
}
