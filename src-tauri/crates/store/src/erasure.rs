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
use crate::sql::{query_value, values, Engine, Sql, Value};
use crate::{now, Erasure, Store};

/// Every text column that may hold a person's name, e-mail or phone, and where it belongs.
/// A table added to the schema with free text must be added here.
const SEARCHED: &[Searched] = &[
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
    Searched::text("publications", "title", ErasedPlace::Publications),
    Searched::text("publications", "text", ErasedPlace::Publications),
    Searched::text("publications", "refusal_reason", ErasedPlace::Publications),
    Searched::text("publication_comments", "text", ErasedPlace::PublicationComments),
    Searched::text("publication_images", "name", ErasedPlace::Publications),
    Searched::text("veille_items", "note", ErasedPlace::VeilleNotes),
    Searched::text("partners", "notes", ErasedPlace::Partners),
    Searched::text("meetings", "ours", ErasedPlace::Meetings),
    Searched::text("meetings", "theirs", ErasedPlace::Meetings),
    Searched::text("meetings", "notes", ErasedPlace::Meetings),
    Searched::text("meetings", "decisions", ErasedPlace::Meetings),
    Searched::text("follow_ups", "what", ErasedPlace::Meetings),
    Searched::text("follow_ups", "who", ErasedPlace::Meetings),
    Searched::text("dossiers", "conditions", ErasedPlace::Dossiers),
    Searched::text("dossiers", "refusal_reason", ErasedPlace::Dossiers),
    Searched::text("dossier_payments", "note", ErasedPlace::Dossiers),
    Searched::text("newsletters", "intro", ErasedPlace::Newsletters),
    Searched::text("newsletter_entries", "title", ErasedPlace::Newsletters),
    Searched::text("newsletter_entries", "text", ErasedPlace::Newsletters),
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
    /// The row, as [`RowKey`] names it on its engine.
    row: Value,
    value: String,
}

/// How a row of any table is named on each engine: SQLite's `rowid`; PostgreSQL's `ctid`, which
/// stays the same while the erasure's transaction holds the row (`FOR UPDATE`).
struct RowKey {
    select: &'static str,
    matches: &'static str,
}

impl RowKey {
    fn of(engine: Engine) -> RowKey {
        match engine {
            Engine::Sqlite => RowKey { select: "rowid", matches: "rowid = ?1" },
            // The parameter is text: `CAST(?1 AS tid)` alone would make it a `tid`, sent as text.
            Engine::Postgres => {
                RowKey { select: "CAST(ctid AS TEXT)", matches: "ctid = CAST(CAST(?1 AS TEXT) AS tid)" }
            }
        }
    }
}

/// `lock`: hold every row found until the transaction ends (an erasure, not a preview).
fn plan(db: &(impl Sql + ?Sized), drafts_db: Option<&Connection>, p: &Person, lock: bool) -> Result<Plan> {
    let who = Identifiers::of(p);
    let key = RowKey::of(db.engine());
    let lock = if lock && db.engine() == Engine::Postgres { " FOR UPDATE" } else { "" };
    let mut rewrites = Vec::new();
    // A row where several columns change counts once.
    let mut rows: BTreeMap<ErasedPlace, BTreeSet<(&str, String)>> = BTreeMap::new();
    for searched in SEARCHED {
        let sql = format!("SELECT {}, {} FROM {} WHERE {1} <> ''{lock}", key.select, searched.column, searched.table);
        for row in db.query(&sql, &[])? {
            let Some(text) = row.get::<Option<String>>(1)? else { continue };
            let redacted = if searched.json { who.redact_json(&text) } else { who.redact(&text) };
            if let Some(value) = redacted {
                let id = row.value(0);
                rows.entry(searched.place).or_default().insert((searched.table, format!("{id:?}")));
                rewrites.push(Rewrite { searched, row: id, value });
            }
        }
    }
    let mut drafts = Vec::new();
    if let Some(drafts_db) = drafts_db {
        for row in Sql::query(drafts_db, "SELECT key, content FROM form_drafts", &[])? {
            if who.found_in(&row.get::<String>(1)?) {
                drafts.push(row.get(0)?);
            }
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

/// Rewrites every mention and removes the record, in the caller's transaction.
fn apply(tx: &(impl Sql + ?Sized), p: &Person, plan: &Plan) -> Result<()> {
    let key = RowKey::of(tx.engine());
    // One statement per row, whatever the columns rewritten in it: on PostgreSQL an update gives
    // the row a new `ctid`, so a second statement on the old one would find nothing.
    let mut by_row: BTreeMap<(&str, String), Vec<&Rewrite>> = BTreeMap::new();
    for r in &plan.rewrites {
        by_row.entry((r.searched.table, format!("{:?}", r.row))).or_default().push(r);
    }
    for ((table, _), rewrites) in by_row {
        let columns: Vec<String> =
            rewrites.iter().enumerate().map(|(i, r)| format!("{} = ?{}", r.searched.column, i + 2)).collect();
        let sql = format!("UPDATE {table} SET {} WHERE {}", columns.join(", "), key.matches);
        let mut params = vec![rewrites[0].row.clone()];
        params.extend(rewrites.iter().map(|r| Value::Text(r.value.clone())));
        tx.execute(&sql, &params)?;
    }
    tx.execute("DELETE FROM people WHERE id = ?1", values![p.id])?;
    Ok(())
}

fn forget_drafts(drafts_db: &Connection, plan: &Plan) -> Result<()> {
    for key in &plan.drafts {
        drafts_db.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
    }
    Ok(())
}

/// Removes a person of a local base and every mention of them; the caller records the erasure.
fn erase_record(tx: &Connection, p: &Person) -> Result<ErasureReport> {
    let plan = plan(tx, Some(tx), p, true)?;
    apply(tx, p, &plan)?;
    forget_drafts(tx, &plan)?;
    Ok(plan.report)
}

impl Store {
    /// What erasing this person would remove, place by place; nothing is written.
    pub fn erasure_preview(&self, id: PersonId) -> Result<ErasureReport> {
        Ok(plan(self.db(), self.drafts_on_this_computer(), &person(self.db(), id)?, false)?.report)
    }

    /// Erases a person (RGPD right to erasure), in one transaction: their record goes, their name,
    /// e-mail and phone are replaced by a mark in every text that held them, unsaved forms naming
    /// them go, and an `erasures` row records that an erasure happened — when, for which
    /// structure, and the record's random token (so that a restored older backup can be erased
    /// again), nothing about whom. Returns what was removed.
    ///
    /// On a team base, the drafts naming the person on this computer go once the server has the
    /// erasure; those of other computers go when they erase, or are saved, or are discarded.
    pub fn erase_person(&mut self, id: PersonId) -> Result<ErasureReport> {
        let drafts = self.drafts_on_this_computer();
        let author = self.author();
        let tx = self.begin()?;
        if tx.engine() == Engine::Postgres {
            // An erasure rewrites texts of every kind, the templates' and the federation's record
            // included: an administrator's work. The server refuses a délégué·e anyway (the rows
            // are locked for update); this says so plainly first.
            let allowed: bool = query_value(
                &*tx,
                "SELECT pg_has_role(current_user, 'fabrique_administration', 'MEMBER') \
                 OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables \
                    WHERE schemaname = 'public' AND tablename = 'people'), 'USAGE')",
                &[],
            )?;
            if !allowed {
                return Err(crate::StoreError::PermissionDenied {
                    action: "effacer une personne, réservé aux administrateurs de la base d'équipe",
                });
            }
        }
        let p = person(&*tx, id)?;
        let token: Option<String> = query_value(&*tx, "SELECT erasure_token FROM people WHERE id = ?1", values![id])?;
        let plan = plan(&*tx, drafts, &p, true)?;
        apply(&*tx, &p, &plan)?;
        tx.execute(
            "INSERT INTO erasures (erased_at, structure_id, person_token, author) VALUES (?1, ?2, ?3, ?4)",
            values![now(), p.structure_id, token, author],
        )?;
        match &self.team_drafts {
            // The local base's drafts are in the same transaction.
            None if !self.is_team_base() => {
                forget_drafts(self.local()?, &plan)?;
                tx.commit()?;
            }
            // A team base opened without a drafts file (the command line) has none here.
            None => tx.commit()?,
            Some(team_drafts) => {
                tx.commit()?;
                forget_drafts(team_drafts, &plan)?;
            }
        }
        self.checkpoint_erased_pages();
        Ok(plan.report)
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
        self.db()
            .query("SELECT erased_at, structure_id FROM erasures ORDER BY erased_at DESC, id DESC", &[])?
            .iter()
            .map(|r| Ok(Erasure { erased_at: r.get(0)?, structure_id: r.get(1)? }))
            .collect()
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
