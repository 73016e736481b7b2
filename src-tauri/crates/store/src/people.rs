//! People met in structures, the visit log, and the RGPD duties on the people's data.

use chrono::NaiveDate;
use fabrique_core::privacy::{last_checked, needs_review, StalePerson};
use fabrique_core::text::fold;
use fabrique_core::validate::{clean_person, clean_visit};
use fabrique_core::{Person, PersonDraft, PersonId, StructureId, Visit, VisitDraft, VisitId};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date, upsert};
use crate::structures::live_structure;
use crate::{now, Erasure, Store};

/// What replaces an erased person's name in the visit log.
pub const ERASED_NAME: &str = "[personne effacée]";

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
        let names = name_variants(&p);
        let visits: Vec<Value> = all_visits(&self.conn)?
            .into_iter()
            .filter(|v| mentions(&v.draft.met, &names) || mentions(&v.draft.notes, &names))
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

    /// Erases a person (RGPD right to erasure), in one transaction: their record goes, their full
    /// name is replaced by "[personne effacée]" in every visit, unsaved form drafts naming them go,
    /// and an `erasures` row records that an erasure happened — when, for which structure, and the
    /// record's random token (so that a restored older backup can be erased again), nothing about whom.
    pub fn erase_person(&mut self, id: PersonId) -> Result<()> {
        let p = person(&self.conn, id)?;
        let token: Option<String> =
            self.conn.query_row("SELECT erasure_token FROM people WHERE id = ?1", [id], |r| r.get(0))?;
        let tx = self.write()?;
        erase_record(&tx, &p)?;
        tx.execute(
            "INSERT INTO erasures (erased_at, structure_id, person_token) VALUES (?1, ?2, ?3)",
            params![now(), p.structure_id, token],
        )?;
        tx.commit()?;
        self.checkpoint_erased_pages();
        Ok(())
    }

    /// secure_delete zeroes the freed pages; the checkpoint then empties the journal that still
    /// held their previous content. A busy checkpoint only delays this to the next one.
    pub(crate) fn checkpoint_erased_pages(&self) {
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    /// Erasures carried out, newest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>> {
        let mut statement =
            self.conn.prepare("SELECT erased_at, structure_id FROM erasures ORDER BY erased_at DESC, id DESC")?;
        let rows = statement.query_map([], |r| Ok(Erasure { erased_at: r.get(0)?, structure_id: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

fn person(conn: &Connection, id: PersonId) -> Result<Person> {
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

/// Every visit, binned structures' included: an erasure must reach them too.
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

/// Removes a person's record and their name from every visit; the caller records the erasure.
fn erase_record(tx: &Connection, p: &Person) -> Result<()> {
    let names = name_variants(p);
    let mut update = tx.prepare_cached("UPDATE visits SET met = ?2, notes = ?3 WHERE id = ?1")?;
    for v in all_visits(tx)? {
        let (met, notes) = (redact(&v.draft.met, &names), redact(&v.draft.notes, &names));
        if met != v.draft.met || notes != v.draft.notes {
            update.execute(params![v.id, met, notes])?;
        }
    }
    tx.execute("DELETE FROM people WHERE id = ?1", [p.id])?;
    // A form left unsaved may hold the name too: the draft goes, the saved data stays.
    let drafts: Vec<(String, String)> = tx
        .prepare("SELECT key, content FROM form_drafts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (key, content) in drafts {
        if mentions(&content, &names) {
            tx.execute("DELETE FROM form_drafts WHERE key = ?1", [key])?;
        }
    }
    Ok(())
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

/// How a person's full name may be written in a note: "Prénom Nom" and "Nom Prénom".
fn name_variants(p: &Person) -> Vec<String> {
    let (first, last) = (p.draft.first_name.trim(), p.draft.last_name.trim());
    let mut names = vec![p.full_name()];
    if !first.is_empty() && !last.is_empty() {
        names.push(format!("{last} {first}"));
    }
    names.retain(|n| !folded_letters(n).0.is_empty());
    names
}

fn mentions(text: &str, names: &[String]) -> bool {
    names.iter().any(|n| find_name(text, n).is_some())
}

fn redact(text: &str, names: &[String]) -> String {
    let mut out = text.to_string();
    for name in names {
        while let Some(range) = find_name(&out, name) {
            out.replace_range(range, ERASED_NAME);
        }
    }
    out
}

/// The byte range of the first whole-word occurrence of `name` in `text`, ignoring case, accents,
/// spaces and punctuation ("claire  DUPUY", "Claire-Dupuy" and "Dupuy Claire" all count).
fn find_name(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let (needle, _) = folded_letters(name);
    if needle.is_empty() {
        return None;
    }
    let (hay, origin) = folded_letters(text);
    let mut from = 0;
    while let Some(found) = hay[from..].find(&needle) {
        let start = from + found;
        let end = start + needle.len();
        let range = origin[start].start..origin[end - 1].end;
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(range);
        }
        from = start + 1;
    }
    None
}

/// The letters and digits of `text`, folded, with for each byte of the result the byte range of
/// the character of `text` it came from.
fn folded_letters(text: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut folded = String::new();
    let mut origin = Vec::new();
    let mut buffer = [0u8; 4];
    for (at, c) in text.char_indices() {
        let piece = fold(c.encode_utf8(&mut buffer)).replace(' ', "");
        origin.extend(std::iter::repeat_n(at..at + c.len_utf8(), piece.len()));
        folded.push_str(&piece);
    }
    (folded, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_loosely_but_only_as_whole_words() {
        let names = vec!["Élodie Lafargue".to_string(), "Lafargue Élodie".to_string()];
        assert!(mentions("Rencontre avec ELODIE LAFARGUE (direction).", &names));
        assert!(mentions("vu lafargue élodie", &names));
        assert!(!mentions("Élodie Lafarguette", &names), "another name that starts alike");
        assert!(!mentions("Élodie et M. Lafargue", &names));
        assert_eq!(
            redact("Élodie  Lafargue puis élodie lafargue, et Œuvre.", &names),
            "[personne effacée] puis [personne effacée], et Œuvre."
        );
        assert_eq!(find_name("", "x"), None);
    }
}
