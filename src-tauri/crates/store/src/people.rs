//! People met in structures, the visit log, and the RGPD duties on the people's data.

use chrono::NaiveDate;
use fabrique_core::privacy::erasure::Identifiers;
use fabrique_core::privacy::{last_checked, needs_review, StalePerson};
use fabrique_core::text::fold;
use fabrique_core::validate::{clean_person, clean_visit};
use fabrique_core::{Person, PersonDraft, PersonId, StructureId, Visit, VisitDraft, VisitId};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date, upsert};
use crate::structure_rows::live_structure;
use crate::{now, Store};

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

    /// Everything the federation holds about one person (RGPD right of access), with French keys:
    /// the person's record, their structure, and the visits whose notes mention their full name.
    pub fn person_export(&self, id: PersonId) -> Result<Value> {
        let p = person(&self.conn, id)?;
        let structure_name: Option<String> = self
            .conn
            .query_row("SELECT name FROM structures WHERE id = ?1", [p.structure_id], |r| r.get(0))
            .optional()?;
        let who = Identifiers::of(&p);
        let visits: Vec<Value> = all_visits(&self.conn)?
            .into_iter()
            .filter(|v| who.found_in(&v.draft.met) || who.found_in(&v.draft.notes))
            .map(|v| {
                json!({
                    "identifiant": v.id,
                    "structure": v.structure_id,
                    "date": iso(v.draft.date),
                    "délégué·e de la fédération": v.draft.delegate,
                    "personnes rencontrées": v.draft.met,
                    "notes": v.draft.notes,
                })
            })
            .collect();
        let d = &p.draft;
        Ok(json!({
            "exporté le": now(),
            "responsable du traitement": "Fédération des Centres Sociaux de la Gironde",
            "personne": {
                "identifiant": p.id,
                "prénom": d.first_name,
                "nom": d.last_name,
                "fonction": d.role,
                "e-mail": d.email,
                "téléphone": d.phone,
                "origine des données": d.collected_from,
                "collectées le": iso(d.collected_on),
                "vérifiées le": iso(d.reviewed_on),
            },
            "structure": { "identifiant": p.structure_id, "nom": structure_name },
            "visites mentionnant la personne": visits,
        }))
    }

    /// People of structures in the directory whose data has not been checked for three years,
    /// never-checked first, then the oldest check.
    pub fn stale_people(&self, today: NaiveDate) -> Result<Vec<StalePerson>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {PERSON_COLUMNS}, s.name FROM people p JOIN structures s ON s.id = p.structure_id WHERE s.deleted_at IS NULL"
        ))?;
        let rows = statement.query_map([], |r| Ok((read_person(r)?, r.get::<_, String>(10)?)))?;
        let mut stale = Vec::new();
        for row in rows {
            let (p, structure_name) = row?;
            if needs_review(&p, today) {
                stale.push(StalePerson {
                    person_id: p.id,
                    structure_id: p.structure_id,
                    structure_name,
                    full_name: p.full_name(),
                    role: p.draft.role.clone(),
                    last_checked: last_checked(&p),
                });
            }
        }
        stale.sort_by_cached_key(|s| (s.last_checked, fold(&s.structure_name), fold(&s.full_name)));
        Ok(stale)
    }

    pub fn mark_person_reviewed(&mut self, id: PersonId, today: NaiveDate) -> Result<()> {
        let changed =
            self.conn.execute("UPDATE people SET reviewed_on = ?2 WHERE id = ?1", params![id, iso(Some(today))])?;
        found(changed, "La personne", id)
    }
}

const PERSON_COLUMNS: &str =
    "p.id, p.structure_id, p.first_name, p.last_name, p.role, p.email, p.phone, p.collected_from, p.collected_on, p.reviewed_on";

const VISIT_COLUMNS: &str = "id, structure_id, date, delegate, met, notes";

fn read_person(r: &Row) -> rusqlite::Result<Person> {
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
fn all_visits(conn: &Connection) -> Result<Vec<Visit>> {
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
