//! People met in structures (and partners' contacts), and a structure's visits: the meetings of
//! that structure, as its fiche shows and writes them (date, who went, who was met, notes). The
//! RGPD duties on people's data are in `privacy.rs`; meetings as a whole in `meetings.rs`.

use fabrique_core::partners::PartnerId;
use fabrique_core::text::fold;
use fabrique_core::validate::{clean_person, clean_visit};
use fabrique_core::{Person, PersonDraft, PersonId, StructureId, Visit, VisitDraft, VisitId};

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date, upsert, Versioned};
use crate::sql::{values, Engine, Row, Sql};
use crate::structure_rows::live_structure;
use crate::Store;

impl Store {
    /// Creates (id None) or updates a person of a structure in the directory. Saving an existing
    /// person under another structure moves them there.
    /// Creates (id None) or changes a person. With `opened_version` (the version the form was
    /// opened on), a person someone else changed since is refused (`StoreError::Conflict`).
    pub fn save_person(
        &mut self,
        structure_id: StructureId,
        id: Option<PersonId>,
        draft: PersonDraft,
        opened_version: Option<i64>,
    ) -> Result<Person> {
        let draft = clean_person(draft)?;
        let tx = self.begin()?;
        live_structure(&*tx, structure_id)?;
        if let (Some(id), Some(opened)) = (id, opened_version) {
            PERSON_VERSION.check(&*tx, id, opened)?;
        }
        let id = write_person(&*tx, Owner::Structure(structure_id), id, &draft)?;
        tx.commit()?;
        person(self.db(), id)
    }

    /// Creates (id None) or changes a contact of a partner, as `save_person` does a structure's.
    pub fn save_partner_contact(
        &mut self,
        partner_id: PartnerId,
        id: Option<PersonId>,
        draft: PersonDraft,
        opened_version: Option<i64>,
    ) -> Result<Person> {
        let draft = clean_person(draft)?;
        let tx = self.begin()?;
        found(
            tx.query_optional("SELECT id FROM partners WHERE id = ?1", values![partner_id])?.map_or(0, |_| 1),
            "Le partenaire",
            partner_id,
        )?;
        if let (Some(id), Some(opened)) = (id, opened_version) {
            PERSON_VERSION.check(&*tx, id, opened)?;
        }
        let id = write_person(&*tx, Owner::Partner(partner_id), id, &draft)?;
        tx.commit()?;
        person(self.db(), id)
    }

    /// A partner's contacts, by last name then first name.
    pub fn partner_contacts(&self, partner_id: PartnerId) -> Result<Vec<Person>> {
        let rows = self
            .db()
            .query(&format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.partner_id = ?1"), values![partner_id])?;
        let mut people = rows.iter().map(read_person).collect::<Result<Vec<_>>>()?;
        people.sort_by_cached_key(|p| (fold(&p.draft.last_name), fold(&p.draft.first_name), p.id));
        Ok(people)
    }

    pub fn delete_person(&mut self, id: PersonId) -> Result<()> {
        found(self.db().execute("DELETE FROM people WHERE id = ?1", values![id])?, "La personne", id)
    }

    /// Creates (id None) or corrects a visit. With `opened_version`, a visit someone else
    /// corrected since the form was opened is refused (`StoreError::Conflict`).
    pub fn save_visit(
        &mut self,
        structure_id: StructureId,
        id: Option<VisitId>,
        draft: VisitDraft,
        opened_version: Option<i64>,
    ) -> Result<Visit> {
        let draft = clean_visit(draft)?;
        let tx = self.begin()?;
        live_structure(&*tx, structure_id)?;
        if let (Some(id), Some(opened)) = (id, opened_version) {
            VISIT_VERSION.check(&*tx, id, opened)?;
        }
        let id = write_visit(&*tx, structure_id, id, &draft, &self.author())?;
        tx.commit()?;
        let row = self.db().query_optional(
            &format!("SELECT {VISIT_COLUMNS} {VISIT_FROM} WHERE m.id = ?1 AND ms.structure_id = ?2"),
            values![id, structure_id],
        )?;
        read_visit(&row.ok_or(StoreError::NotFound { what: "La visite", id })?)
    }

    /// Removes a visit: the meeting goes when it concerned this structure alone; one that
    /// concerns others too is removed from « Partenaires », not from one fiche.
    pub fn delete_visit(&mut self, id: VisitId) -> Result<()> {
        let tx = self.begin()?;
        let links: i64 = crate::sql::query_value(
            &*tx,
            "SELECT (SELECT count(*) FROM meeting_structures WHERE meeting_id = ?1) \
                  + (SELECT count(*) FROM meeting_partners WHERE meeting_id = ?1)",
            values![id],
        )?;
        if links > 1 {
            return Err(fabrique_core::CoreError::invalid(
                "rencontre",
                "cette rencontre concerne aussi d'autres structures ou des partenaires : supprimez-la depuis « Partenaires », onglet « Rencontres ».",
            )
            .into());
        }
        found(tx.execute("DELETE FROM meetings WHERE id = ?1", values![id])?, "La visite", id)?;
        tx.commit()?;
        Ok(())
    }
}

pub(crate) const PERSON_COLUMNS: &str =
    "p.id, p.structure_id, p.first_name, p.last_name, p.role, p.email, p.phone, p.collected_from, p.collected_on, p.reviewed_on, \
     p.version, p.partner_id";

const VISIT_COLUMNS: &str = "m.id, ms.structure_id, m.held_on, m.ours, m.theirs, m.notes, m.version, m.title";
const VISIT_FROM: &str = "FROM meetings m JOIN meeting_structures ms ON ms.meeting_id = m.id";

const PERSON_VERSION: Versioned = Versioned {
    select: "SELECT version FROM people WHERE id = ?1",
    missing: "La personne",
    record: "la fiche de cette personne",
};

const VISIT_VERSION: Versioned =
    Versioned { select: "SELECT version FROM meetings WHERE id = ?1", missing: "La visite", record: "cette visite" };

pub(crate) fn read_person(r: &Row) -> Result<Person> {
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
        version: r.get(10)?,
        partner_id: r.get(11)?,
    })
}

/// A meeting's sides, one name per line, read as the visit form's single lines.
fn one_line(text: String) -> String {
    text.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(", ")
}

fn read_visit(r: &Row) -> Result<Visit> {
    Ok(Visit {
        id: r.get(0)?,
        structure_id: r.get(1)?,
        draft: VisitDraft {
            date: read_date(r, 2)?,
            delegate: one_line(r.get(3)?),
            met: one_line(r.get(4)?),
            notes: r.get(5)?,
        },
        version: r.get(6)?,
        title: r.get(7)?,
    })
}

pub(crate) fn person(db: &(impl Sql + ?Sized), id: PersonId) -> Result<Person> {
    let row = db.query_optional(&format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.id = ?1"), values![id])?;
    read_person(&row.ok_or(StoreError::NotFound { what: "La personne", id })?)
}

/// A structure's people, by last name then first name, accents and case ignored.
pub(crate) fn people_of(db: &(impl Sql + ?Sized), structure_id: StructureId) -> Result<Vec<Person>> {
    let rows =
        db.query(&format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.structure_id = ?1"), values![structure_id])?;
    let mut people = rows.iter().map(read_person).collect::<Result<Vec<_>>>()?;
    people.sort_by_cached_key(|p| (fold(&p.draft.last_name), fold(&p.draft.first_name), p.id));
    Ok(people)
}

/// A structure's visits (its meetings), newest first.
pub(crate) fn visits_of(db: &(impl Sql + ?Sized), structure_id: StructureId) -> Result<Vec<Visit>> {
    let sql =
        format!("SELECT {VISIT_COLUMNS} {VISIT_FROM} WHERE ms.structure_id = ?1 ORDER BY m.held_on DESC, m.id DESC");
    db.query(&sql, values![structure_id])?.iter().map(read_visit).collect()
}

/// Whom a person is a contact of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner {
    Structure(StructureId),
    Partner(PartnerId),
}

/// Inserts (id None) or updates a person; `d` is already checked.
pub(crate) fn write_person(
    db: &(impl Sql + ?Sized),
    owner: Owner,
    id: Option<PersonId>,
    d: &PersonDraft,
) -> Result<PersonId> {
    let (structure_id, partner_id) = match owner {
        Owner::Structure(s) => (Some(s), None),
        Owner::Partner(p) => (None, Some(p)),
    };
    let values = values![
        structure_id,
        partner_id,
        d.first_name,
        d.last_name,
        d.role,
        d.email,
        d.phone,
        d.collected_from,
        iso(d.collected_on),
        iso(d.reviewed_on),
    ];
    // The token that finds the person again after a restore: 32 random hexadecimal digits.
    let token = match db.engine() {
        Engine::Sqlite => "lower(hex(randomblob(16)))",
        Engine::Postgres => "replace(gen_random_uuid()::text, '-', '')",
    };
    upsert(
        db,
        id,
        values,
        &format!(
            "INSERT INTO people (structure_id, partner_id, first_name, last_name, role, email, phone, collected_from, \
             collected_on, reviewed_on, erasure_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, {token}) RETURNING id"
        ),
        "UPDATE people SET structure_id = ?1, partner_id = ?2, first_name = ?3, last_name = ?4, role = ?5, email = ?6, \
         phone = ?7, collected_from = ?8, collected_on = ?9, reviewed_on = ?10, version = version + 1 WHERE id = ?11",
        "La personne",
    )
}

/// Inserts (id None) or corrects a visit, a meeting of the structure; `d` is already checked. A
/// correction changes what the visit form shows (date, sides, notes) and keeps the rest of the
/// meeting (its title, the others it concerns, its follow-ups), who recorded it and when.
pub(crate) fn write_visit(
    db: &(impl Sql + ?Sized),
    structure_id: StructureId,
    id: Option<VisitId>,
    d: &VisitDraft,
    author: &str,
) -> Result<VisitId> {
    let id = match id {
        None => crate::sql::query_value(
            db,
            "INSERT INTO meetings (title, held_on, ours, theirs, notes, author, created_at, updated_at) \
             VALUES ('Visite', ?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
            values![iso(d.date), d.delegate, d.met, d.notes, author, crate::now()],
        )?,
        Some(id) => {
            let changed = db.execute(
                "UPDATE meetings SET held_on = ?1, ours = ?2, theirs = ?3, notes = ?4, updated_at = ?5, \
                 version = version + 1 WHERE id = ?6",
                values![iso(d.date), d.delegate, d.met, d.notes, crate::now(), id],
            )?;
            found(changed, "La visite", id)?;
            id
        }
    };
    db.execute(
        "INSERT INTO meeting_structures (meeting_id, structure_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        values![id, structure_id],
    )?;
    Ok(id)
}
