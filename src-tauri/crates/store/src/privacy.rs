//! The RGPD duties on people's data: everything held about a person (the right of access), the
//! people to check again after three years, and the check itself. Erasure is in `erasure.rs`.

use chrono::NaiveDate;
use fabrique_core::privacy::erasure::Identifiers;
use fabrique_core::privacy::{last_checked, needs_review, StalePerson};
use fabrique_core::text::fold;
use fabrique_core::PersonId;
use serde_json::{json, Value};

use crate::error::Result;
use crate::people::{all_visits, person, read_person, PERSON_COLUMNS};
use crate::rows::{found, iso};
use crate::sql::values;
use crate::{now, Store};

impl Store {
    /// Everything the federation holds about one person (RGPD right of access), with French keys:
    /// the person's record, their structure, and the visits whose notes mention their full name.
    pub fn person_export(&self, id: PersonId) -> Result<Value> {
        let p = person(self.db(), id)?;
        let structure_name: Option<String> = self
            .db()
            .query_optional("SELECT name FROM structures WHERE id = ?1", values![p.structure_id])?
            .map(|r| r.get(0))
            .transpose()?;
        let who = Identifiers::of(&p);
        let visits: Vec<Value> = all_visits(self.db())?
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
        let rows = self.db().query(
            &format!(
                "SELECT {PERSON_COLUMNS}, s.name FROM people p JOIN structures s ON s.id = p.structure_id \
                 WHERE s.deleted_at IS NULL"
            ),
            &[],
        )?;
        let mut stale = Vec::new();
        for row in &rows {
            let (p, structure_name) = (read_person(row)?, row.get::<String>(11)?);
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
            self.db().execute("UPDATE people SET reviewed_on = ?2 WHERE id = ?1", values![id, iso(Some(today))])?;
        found(changed, "La personne", id)
    }
}
