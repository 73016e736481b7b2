//! The right to erasure: a person's record goes, and their name, e-mail and phone go from every
//! text of the base that holds them (visit notes, RGPD owners, notes and history, dossiers and
//! their versions, survey responses, structure notes…), in one transaction. What matches is
//! decided by `fabrique_core::privacy::erasure`; this module knows where to look.

use std::collections::{BTreeMap, BTreeSet};

use fabrique_core::privacy::erasure::{ErasedPlace, ErasureReport, Identifiers};
use fabrique_core::{Person, PersonId, StructureId};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::people::person;
use crate::{now, Erasure, Store};

/// Every text column that may hold a person's name, e-mail or phone, and where it belongs.
/// A table added to the schema with free text must be added here.
const SEARCHED: &[Searched] = &[
    Searched::text("visits", "met", ErasedPlace::Visits),
    Searched::text("visits", "notes", ErasedPlace::Visits),
    Searched::text("visits", "delegate", ErasedPlace::Visits),
    Searched::text("rgpd_assessments", "owner", ErasedPlace::RgpdItems),
    Searched::text("rgpd_assessments", "note", ErasedPlace::RgpdItems),
    Searched::text("rgpd_assessments", "reason", ErasedPlace::RgpdItems),
    Searched::text("rgpd_assessments", "evidence", ErasedPlace::RgpdItems),
    Searched::text("rgpd_history", "before", ErasedPlace::RgpdHistory),
    Searched::text("rgpd_history", "after", ErasedPlace::RgpdHistory),
    Searched::text("rgpd_evidence_files", "file_name", ErasedPlace::RgpdEvidence),
    Searched::text("dossiers", "title", ErasedPlace::Dossiers),
    Searched::text("dossiers", "project", ErasedPlace::Dossiers),
    Searched::json("dossiers", "content", ErasedPlace::Dossiers),
    Searched::text("dossier_versions", "label", ErasedPlace::DossierVersions),
    Searched::json("dossier_versions", "content", ErasedPlace::DossierVersions),
    Searched::json("dossier_templates", "content", ErasedPlace::Templates),
    Searched::json("survey_submissions", "answers", ErasedPlace::SurveyResponses),
    Searched::text("structures", "notes", ErasedPlace::StructureNotes),
    Searched::json("settings", "value", ErasedPlace::Settings),
];

struct Searched {
    table: &'static str,
    column: &'static str,
    json: bool,
    place: ErasedPlace,
}

impl Searched {
    const fn text(table: &'static str, column: &'static str, place: ErasedPlace) -> Searched {
        Searched { table, column, json: false, place }
    }
    const fn json(table: &'static str, column: &'static str, place: ErasedPlace) -> Searched {
        Searched { table, column, json: true, place }
    }
}

/// What an erasure will change, computed before anything is written.
struct Plan {
    report: ErasureReport,
    rewrites: Vec<Rewrite>,
    /// Unsaved forms naming the person: they go whole (the saved data stays).
    drafts: Vec<String>,
}

struct Rewrite {
    searched: &'static Searched,
    rowid: i64,
    value: String,
}

fn plan(conn: &Connection, p: &Person) -> Result<Plan> {
    let who = Identifiers::of(p);
    let mut rewrites = Vec::new();
    // A row where several columns change counts once.
    let mut rows: BTreeMap<ErasedPlace, BTreeSet<(&str, i64)>> = BTreeMap::new();
    for searched in SEARCHED {
        let mut statement =
            conn.prepare(&format!("SELECT rowid, {} FROM {} WHERE {0} <> ''", searched.column, searched.table))?;
        let mut found = statement.query([])?;
        while let Some(row) = found.next()? {
            let Some(text) = row.get::<_, Option<String>>(1)? else { continue };
            let redacted = if searched.json { who.redact_json(&text) } else { who.redact(&text) };
            if let Some(value) = redacted {
                let rowid = row.get(0)?;
                rows.entry(searched.place).or_default().insert((searched.table, rowid));
                rewrites.push(Rewrite { searched, rowid, value });
            }
        }
    }
    let mut drafts = Vec::new();
    let mut statement = conn.prepare("SELECT key, content FROM form_drafts")?;
    let mut found = statement.query([])?;
    while let Some(row) = found.next()? {
        if who.found_in(&row.get::<_, String>(1)?) {
            drafts.push(row.get(0)?);
        }
    }
    let mut places = vec![(ErasedPlace::Record, 1)];
    places.extend(rows.into_iter().map(|(place, rows)| (place, rows.len() as u32)));
    if !drafts.is_empty() {
        places.push((ErasedPlace::UnsavedForms, drafts.len() as u32));
    }
    places.sort();
    Ok(Plan { report: ErasureReport { full_name: p.full_name(), places }, rewrites, drafts })
}

fn apply(tx: &Connection, p: &Person, plan: &Plan) -> Result<()> {
    for r in &plan.rewrites {
        tx.prepare_cached(&format!("UPDATE {} SET {} = ?2 WHERE rowid = ?1", r.searched.table, r.searched.column))?
            .execute(params![r.rowid, r.value])?;
    }
    for key in &plan.drafts {
        tx.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
    }
    tx.execute("DELETE FROM people WHERE id = ?1", [p.id])?;
    Ok(())
}

/// Removes a person and every mention of them; the caller records the erasure.
fn erase_record(tx: &Connection, p: &Person) -> Result<ErasureReport> {
    let plan = plan(tx, p)?;
    apply(tx, p, &plan)?;
    Ok(plan.report)
}

impl Store {
    /// What erasing this person would remove, place by place; nothing is written.
    pub fn erasure_preview(&self, id: PersonId) -> Result<ErasureReport> {
        Ok(plan(self.local()?, &person(self.local()?, id)?)?.report)
    }

    /// Erases a person (RGPD right to erasure), in one transaction: their record goes, their name,
    /// e-mail and phone are replaced by a mark in every text that held them, unsaved forms naming
    /// them go, and an `erasures` row records that an erasure happened — when, for which
    /// structure, and the record's random token (so that a restored older backup can be erased
    /// again), nothing about whom. Returns what was removed.
    pub fn erase_person(&mut self, id: PersonId) -> Result<ErasureReport> {
        let tx = self.write()?;
        let p = person(&tx, id)?;
        let token: Option<String> =
            tx.query_row("SELECT erasure_token FROM people WHERE id = ?1", [id], |r| r.get(0))?;
        let report = erase_record(&tx, &p)?;
        tx.execute(
            "INSERT INTO erasures (erased_at, structure_id, person_token) VALUES (?1, ?2, ?3)",
            params![now(), p.structure_id, token],
        )?;
        tx.commit()?;
        self.checkpoint_erased_pages();
        Ok(report)
    }

    /// secure_delete zeroes the freed pages; the checkpoint then empties the journal that still
    /// held their previous content. A busy checkpoint only delays this to the next one.
    pub(crate) fn checkpoint_erased_pages(&self) {
        if let Ok(conn) = self.local() {
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }

    /// Erasures carried out, newest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>> {
        let mut statement =
            self.local()?.prepare("SELECT erased_at, structure_id FROM erasures ORDER BY erased_at DESC, id DESC")?;
        let rows = statement.query_map([], |r| Ok(Erasure { erased_at: r.get(0)?, structure_id: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An erasure as the database holds it, token included: what a restore must carry over.
#[derive(Debug, Clone)]
pub(crate) struct ErasureRecord {
    erased_at: String,
    structure_id: Option<StructureId>,
    person_token: Option<String>,
}

pub(crate) fn erasure_records(conn: &Connection) -> Result<Vec<ErasureRecord>> {
    let mut statement = conn.prepare("SELECT erased_at, structure_id, person_token FROM erasures ORDER BY id")?;
    let rows = statement.query_map([], |r| {
        Ok(ErasureRecord { erased_at: r.get(0)?, structure_id: r.get(1)?, person_token: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// After a restore: carries over the erasures the replaced base had recorded, and erases again
/// the people they name who came back with the older backup. Returns how many were erased again.
pub(crate) fn reapply_erasures(tx: &Connection, erasures: &[ErasureRecord]) -> Result<u32> {
    let mut erased_again = 0;
    for e in erasures {
        let already_recorded: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM erasures WHERE person_token = ?1 \
             OR (?1 IS NULL AND person_token IS NULL AND erased_at = ?2 AND structure_id IS ?3))",
            params![e.person_token, e.erased_at, e.structure_id],
            |r| r.get(0),
        )?;
        if !already_recorded {
            // The structure may postdate the backup: the trace then names none.
            let structure_id: Option<StructureId> = match e.structure_id {
                Some(id) => tx.query_row("SELECT id FROM structures WHERE id = ?1", [id], |r| r.get(0)).optional()?,
                None => None,
            };
            tx.execute(
                "INSERT INTO erasures (erased_at, structure_id, person_token) VALUES (?1, ?2, ?3)",
                params![e.erased_at, structure_id, e.person_token],
            )?;
        }
        let Some(token) = &e.person_token else { continue };
        let returned: Option<PersonId> =
            tx.query_row("SELECT id FROM people WHERE erasure_token = ?1", [token], |r| r.get(0)).optional()?;
        if let Some(id) = returned {
            erase_record(tx, &person(tx, id)?)?;
            erased_again += 1;
        }
    }
    Ok(erased_again)
}
