//! People met in structures and the visit log (the RGPD duties on their data are in `privacy.rs`).

use fabrique_core::text::fold;
use fabrique_core::validate::{clean_person, clean_visit};
use fabrique_core::{Person, PersonDraft, PersonId, StructureId, Visit, VisitDraft, VisitId};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date, upsert};
use crate::structure_rows::live_structure;
use crate::Store;

impl Store {
    /// Creates (id None) or updates a person of a structure in the directory. Saving an existing
    /// person under another structure moves them there.
    pub fn save_person(
        &mut self,
        structure_id: StructureId,
        id: Option<PersonId>,
        draft: PersonDraft,
    ) -> Result<Person> {
        let draft = clean_person(draft)?;
        let tx = self.write()?;
        live_structure(&tx, structure_id)?;
        let id = write_person(&tx, structure_id, id, &draft)?;
        tx.commit()?;
        person(&self.conn, id)
    }

    pub fn delete_person(&mut self, id: PersonId) -> Result<()> {
        found(self.conn.execute("DELETE FROM people WHERE id = ?1", [id])?, "La personne", id)
    }

    pub fn save_visit(&mut self, structure_id: StructureId, id: Option<VisitId>, draft: VisitDraft) -> Result<Visit> {
        let draft = clean_visit(draft)?;
        let tx = self.write()?;
        live_structure(&tx, structure_id)?;
        let id = write_visit(&tx, structure_id, id, &draft)?;
        tx.commit()?;
        self.conn
            .query_row(&format!("SELECT {VISIT_COLUMNS} FROM visits WHERE id = ?1"), [id], read_visit)
            .map_err(Into::into)
    }

    pub fn delete_visit(&mut self, id: VisitId) -> Result<()> {
        found(self.conn.execute("DELETE FROM visits WHERE id = ?1", [id])?, "La visite", id)
    }
}

pub(crate) const PERSON_COLUMNS: &str =
    "p.id, p.structure_id, p.first_name, p.last_name, p.role, p.email, p.phone, p.collected_from, p.collected_on, p.reviewed_on";

const VISIT_COLUMNS: &str = "id, structure_id, date, delegate, met, notes";

pub(crate) fn read_person(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        structure_id: r.get(1)?,
        draft: PersonDraft {
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            role: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            collected_from: r.get(7)?,
            collected_on: read_date(r, 8)?,
            reviewed_on: read_date(r, 9)?,
        },
    })
}

fn read_visit(r: &Row) -> rusqlite::Result<Visit> {
    Ok(Visit {
        id: r.get(0)?,
        structure_id: r.get(1)?,
        draft: VisitDraft { date: read_date(r, 2)?, delegate: r.get(3)?, met: r.get(4)?, notes: r.get(5)? },
    })
}

pub(crate) fn person(conn: &Connection, id: PersonId) -> Result<Person> {
    conn.query_row(&format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.id = ?1"), [id], read_person)
        .optional()?
        .ok_or(StoreError::NotFound { what: "La personne", id })
}

/// A structure's people, by last name then first name, accents and case ignored.
pub(crate) fn people_of(conn: &Connection, structure_id: StructureId) -> Result<Vec<Person>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.structure_id = ?1"))?;
    let mut people = statement.query_map([structure_id], read_person)?.collect::<rusqlite::Result<Vec<_>>>()?;
    people.sort_by_cached_key(|p| (fold(&p.draft.last_name), fold(&p.draft.first_name), p.id));
    Ok(people)
}

/// A structure's visits, newest first.
pub(crate) fn visits_of(conn: &Connection, structure_id: StructureId) -> Result<Vec<Visit>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {VISIT_COLUMNS} FROM visits WHERE structure_id = ?1 ORDER BY date DESC, id DESC"
    ))?;
    let visits = statement.query_map([structure_id], read_visit)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(visits)
}

/// Every visit, binned structures' included: a person's data is theirs wherever it is.
pub(crate) fn all_visits(conn: &Connection) -> Result<Vec<Visit>> {
    let mut statement = conn.prepare_cached(&format!("SELECT {VISIT_COLUMNS} FROM visits"))?;
    let visits = statement.query_map([], read_visit)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(visits)
}

/// Inserts (id None) or updates a person; `d` is already checked.
pub(crate) fn write_person(
    conn: &Connection,
    structure_id: StructureId,
    id: Option<PersonId>,
    d: &PersonDraft,
) -> Result<PersonId> {
    let values = params![
        structure_id,
        d.first_name,
        d.last_name,
        d.role,
        d.email,
        d.phone,
        d.collected_from,
        iso(d.collected_on),
        iso(d.reviewed_on),
    ];
    upsert(
        conn,
        id,
        values,
        "INSERT INTO people (structure_id, first_name, last_name, role, email, phone, collected_from, collected_on, reviewed_on, \
         erasure_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, lower(hex(randomblob(16))))",
        "UPDATE people SET structure_id = ?1, first_name = ?2, last_name = ?3, role = ?4, email = ?5, phone = ?6, \
         collected_from = ?7, collected_on = ?8, reviewed_on = ?9 WHERE id = ?10",
        "La personne",
    )
}

/// Inserts (id None) or updates a visit; `d` is already checked.
pub(crate) fn write_visit(
    conn: &Connection,
    structure_id: StructureId,
    id: Option<VisitId>,
    d: &VisitDraft,
) -> Result<VisitId> {
    let values = params![structure_id, iso(d.date), d.delegate, d.met, d.notes];
    upsert(
        conn,
        id,
        values,
        "INSERT INTO visits (structure_id, date, delegate, met, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
        "UPDATE visits SET structure_id = ?1, date = ?2, delegate = ?3, met = ?4, notes = ?5 WHERE id = ?6",
        "La visite",
    )
}
