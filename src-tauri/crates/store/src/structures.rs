//! Structures: the directory list, a structure and its people and visits, writing, the bin,
//! imports.

use fabrique_core::communes::gironde;
use fabrique_core::import::{ColumnMapping, ImportAction, ImportPlan, Table};
use fabrique_core::search::PeopleText;
use fabrique_core::text::fold;
use fabrique_core::{Area, CoreError, Structure, StructureDetail, StructureDraft, StructureId, StructureKind};

use crate::error::{Result, StoreError};
use crate::people::{people_of, visits_of};
use crate::rows::{found, iso, upsert};
use crate::sql::{query_value, values, Engine, Sql};
use crate::structure_rows::{live_structure, load_structures};
use crate::{now, ImportOutcome, Store};

impl Store {
    /// What each structure's people add to the directory's search: their names, e-mails and roles.
    pub fn people_search_text(&self) -> Result<PeopleText> {
        let db = self.db();
        let aggregate = match db.engine() {
            Engine::Sqlite => "group_concat",
            Engine::Postgres => "string_agg",
        };
        db.query(
            &format!(
                "SELECT structure_id, {aggregate}(first_name || ' ' || last_name || ' ' || email || ' ' || role, ' ')
                 FROM people WHERE structure_id IS NOT NULL GROUP BY structure_id"
            ),
            &[],
        )?
        .iter()
        .map(|r| Ok((r.get::<StructureId>(0)?, r.get::<String>(1)?)))
        .collect()
    }

    /// Every structure not in the bin, ordered by name as a French reader expects (accents and
    /// case ignored).
    pub fn list_structures(&self) -> Result<Vec<Structure>> {
        let mut list = load_structures(self.db(), "deleted_at IS NULL", "1 = 1", &[])?;
        list.sort_by_cached_key(|s| (fold(&s.draft.name), s.id));
        Ok(list)
    }

    /// A structure with its people (by last name) and visits (newest first).
    pub fn structure_detail(&self, id: StructureId) -> Result<StructureDetail> {
        Ok(StructureDetail {
            structure: live_structure(self.db(), id)?,
            people: people_of(self.db(), id)?,
            visits: visits_of(self.db(), id)?,
        })
    }

    pub fn create_structure(&mut self, draft: StructureDraft) -> Result<Structure> {
        let draft = prepare(draft)?;
        let tx = self.begin()?;
        let id = write_structure(&*tx, None, &draft, &now())?;
        tx.commit()?;
        live_structure(self.db(), id)
    }

    /// Saves a fiche. With `opened_version` (the version the form was opened on), a fiche changed
    /// by someone else since is refused as a [`StoreError::Conflict`], nothing written.
    pub fn update_structure(
        &mut self,
        id: StructureId,
        draft: StructureDraft,
        opened_version: Option<i64>,
    ) -> Result<Structure> {
        let draft = prepare(draft)?;
        let tx = self.begin()?;
        if let Some(opened) = opened_version {
            crate::rgpd::lock_structure(&*tx, id)?;
            let current: Option<i64> =
                query_value(&*tx, "SELECT version FROM structures WHERE id = ?1 AND deleted_at IS NULL", values![id])?;
            match current {
                None => return Err(StoreError::NotFound { what: "La structure", id }),
                Some(current) if current != opened => {
                    return Err(StoreError::Conflict { what: "la fiche de cette structure" })
                }
                Some(_) => {}
            }
        }
        write_structure(&*tx, Some(id), &draft, &now())?;
        tx.commit()?;
        live_structure(self.db(), id)
    }

    /// Moves the structure to the bin: hidden everywhere, but [`Store::restore_structure`] brings
    /// it back with its people and visits.
    pub fn delete_structure(&mut self, id: StructureId) -> Result<()> {
        let changed = self.db().execute(
            "UPDATE structures SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            values![id, now()],
        )?;
        found(changed, "La structure", id)
    }

    pub fn restore_structure(&mut self, id: StructureId) -> Result<()> {
        let changed = self.db().execute("UPDATE structures SET deleted_at = NULL WHERE id = ?1", values![id])?;
        found(changed, "La structure", id)
    }

    /// What importing `table` (read from `file`) would do, against the structures currently in
    /// the directory. A refusal of the whole file names it.
    pub fn plan_import(&self, file: &std::path::Path, table: &Table, mapping: &ColumnMapping) -> Result<ImportPlan> {
        let existing = self.list_structures()?;
        fabrique_core::import::plan_import(table, mapping, &existing, gironde()).map_err(|e| match e {
            CoreError::MissingColumn { .. } => StoreError::file(file, None, None, e.to_string()),
            other => other.into(),
        })
    }

    /// Writes a plan in one transaction: every line or none. A plan with a refused line is not
    /// applied at all, so the user fixes the file and imports it whole.
    pub fn apply_import(&mut self, plan: &ImportPlan) -> Result<ImportOutcome> {
        let any_refused = plan.items.iter().any(|i| matches!(i.action, ImportAction::Refuse { .. }));
        if plan.refused > 0 || any_refused {
            let summary = plan.refusal_summary(5).unwrap_or_else(|| {
                "Des lignes du fichier sont refusées : corrigez le fichier puis relancez l'import ; rien n'a été enregistré.".into()
            });
            return Err(StoreError::ImportRefused { summary });
        }
        let stamp = now();
        let author = self.author();
        let tx = self.begin()?;
        let mut outcome = ImportOutcome::default();
        for item in &plan.items {
            let line_refused = |reason: String| StoreError::ImportRefused {
                summary: format!(
                    "ligne {} : {reason} Relancez l'analyse du fichier : rien n'a été enregistré.",
                    item.line
                ),
            };
            // The drafts are not serialised: a plan that went through JSON comes back without them.
            let draft = item
                .draft
                .clone()
                .ok_or_else(|| line_refused("le plan d'import ne contient plus les données de cette ligne.".into()))?;
            let draft = prepare(draft).map_err(|e| line_refused(format!("{e}")))?;
            match &item.action {
                ImportAction::Create => {
                    write_structure(&*tx, None, &draft, &stamp)?;
                    outcome.created += 1;
                }
                ImportAction::Update { id, .. } => {
                    write_structure(&*tx, Some(*id), &draft, &stamp)?;
                    outcome.updated += 1;
                }
                ImportAction::Refuse { .. } => unreachable!("refused plans return above"),
            }
        }
        tx.execute(
            "INSERT INTO imports (imported_at, author, created, updated) VALUES (?1, ?2, ?3, ?4)",
            values![stamp, author, i64::from(outcome.created), i64::from(outcome.updated)],
        )?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// The checks every structure goes through before it is stored, whichever way it comes in.
pub(crate) fn prepare(mut draft: StructureDraft) -> Result<StructureDraft> {
    fabrique_core::import::resolve_commune(&mut draft, gironde()).map_err(|m| CoreError::invalid("Commune", m))?;
    Ok(fabrique_core::validate::clean_structure(draft)?)
}

/// Inserts (id None) or updates a live structure and replaces its tags. `draft` is already checked.
pub(crate) fn write_structure(
    db: &(impl Sql + ?Sized),
    id: Option<StructureId>,
    d: &StructureDraft,
    updated_at: &str,
) -> Result<StructureId> {
    let (start, end) = (iso(d.caf_approval_start), iso(d.caf_approval_end));
    let values = values![
        d.name,
        d.kind.map(StructureKind::as_code),
        d.member,
        d.member_since,
        start,
        end,
        d.address,
        d.postal_code,
        d.commune,
        d.insee,
        d.area.map(Area::as_code),
        d.qpv,
        d.siret,
        d.rna,
        d.phone,
        d.email,
        d.website,
        d.social_networks,
        d.employees,
        d.volunteers,
        d.notes,
        updated_at,
    ];
    let id = upsert(
        db,
        id,
        values,
        "INSERT INTO structures (name, kind, member, member_since, caf_approval_start, caf_approval_end, address, \
         postal_code, commune, insee, area, qpv, siret, rna, phone, email, website, social_networks, employees, \
         volunteers, notes, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) \
         RETURNING id",
        "UPDATE structures SET name = ?1, kind = ?2, member = ?3, member_since = ?4, caf_approval_start = ?5, \
         caf_approval_end = ?6, address = ?7, postal_code = ?8, commune = ?9, insee = ?10, area = ?11, qpv = ?12, \
         siret = ?13, rna = ?14, phone = ?15, email = ?16, website = ?17, social_networks = ?18, employees = ?19, \
         volunteers = ?20, notes = ?21, updated_at = ?22, version = version + 1 WHERE id = ?23 AND deleted_at IS NULL",
        "La structure",
    )?;
    db.execute("DELETE FROM structure_tags WHERE structure_id = ?1", values![id])?;
    for (position, tag) in (0_i64..).zip(&d.tags) {
        db.execute(
            "INSERT INTO structure_tags (structure_id, position, tag) VALUES (?1, ?2, ?3)",
            values![id, position, tag],
        )?;
    }
    Ok(id)
}
