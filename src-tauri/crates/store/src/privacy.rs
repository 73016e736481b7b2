//! The RGPD duties on people's data: everything held about a person (the right of access), the
//! people to check again after three years, and the check itself. Erasure is in `erasure.rs`.

use chrono::NaiveDate;
use fabrique_core::privacy::erasure::Identifiers;
use fabrique_core::privacy::{last_checked, needs_review, StalePerson};
use fabrique_core::text::fold;
use fabrique_core::PersonId;
use serde_json::{json, Value};

use crate::error::Result;
use crate::people::{person, read_person, PERSON_COLUMNS};
use crate::rows::{found, iso};
use crate::sql::values;
use crate::{now, Store};

impl Store {
    /// Everything the federation holds about one person (RGPD right of access), with French keys:
    /// the person's record, their structure or partner, and the meetings (visits included) that
    /// name them.
    pub fn person_export(&self, id: PersonId) -> Result<Value> {
        let p = person(self.db(), id)?;
        let name_in = |table: &str, id: Option<i64>| -> Result<Option<String>> {
            self.db()
                .query_optional(&format!("SELECT name FROM {table} WHERE id = ?1"), values![id])?
                .map(|r| r.get(0))
                .transpose()
        };
        let organisation = match (p.structure_id, p.partner_id) {
            (_, Some(partner)) => {
                json!({ "partenaire": { "identifiant": partner, "nom": name_in("partners", Some(partner))? } })
            }
            (structure, None) => {
                json!({ "structure": { "identifiant": structure, "nom": name_in("structures", structure)? } })
            }
        };
        let who = Identifiers::of(&p);
        let meetings: Vec<Value> = self
            .meetings()?
            .into_iter()
            .filter(|m| {
                let d = &m.draft;
                [d.ours.join("\n"), d.theirs.join("\n"), d.notes.clone(), d.decisions.clone()]
                    .iter()
                    .chain(d.follow_ups.iter().flat_map(|f| [&f.what, &f.who]))
                    .any(|text| who.found_in(text))
            })
            .map(|m| {
                json!({
                    "identifiant": m.id,
                    "objet": m.draft.title,
                    "date": iso(m.draft.held_on),
                    "pour la fédération": m.draft.ours,
                    "autres participants": m.draft.theirs,
                    "notes": m.draft.notes,
                    "décisions": m.draft.decisions,
                })
            })
            .collect();
        let d = &p.draft;
        let mut export = json!({
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
            "rencontres mentionnant la personne": meetings,
        });
        if let (Some(all), Some(organisation)) = (export.as_object_mut(), organisation.as_object()) {
            all.extend(organisation.clone());
        }
        Ok(export)
    }

    /// People of structures in the directory, and partners' contacts, whose data has not been
    /// checked for three years, never-checked first, then the oldest check.
    pub fn stale_people(&self, today: NaiveDate) -> Result<Vec<StalePerson>> {
        let rows = self.db().query(
            &format!(
                "SELECT {PERSON_COLUMNS}, coalesce(s.name, pa.name, '') FROM people p \
                 LEFT JOIN structures s ON s.id = p.structure_id LEFT JOIN partners pa ON pa.id = p.partner_id \
                 WHERE s.deleted_at IS NULL"
            ),
            &[],
        )?;
        let mut stale = Vec::new();
        for row in &rows {
            let (p, organisation_name) = (read_person(row)?, row.get::<String>(12)?);
            if needs_review(&p, today) {
                stale.push(StalePerson {
                    person_id: p.id,
                    structure_id: p.structure_id,
                    partner_id: p.partner_id,
                    organisation_name,
                    full_name: p.full_name(),
                    role: p.draft.role.clone(),
                    last_checked: last_checked(&p),
                });
            }
        }
        stale.sort_by_cached_key(|s| (s.last_checked, fold(&s.organisation_name), fold(&s.full_name)));
        Ok(stale)
    }

    pub fn mark_person_reviewed(&mut self, id: PersonId, today: NaiveDate) -> Result<()> {
        let changed =
            self.db().execute("UPDATE people SET reviewed_on = ?2 WHERE id = ?1", values![id, iso(Some(today))])?;
        found(changed, "La personne", id)
    }
}
