//! Subsidy dossiers, their version history, their templates and the federation's record.
//!
//! Every keystroke the writer makes reaches [`Store::save_dossier_content`] (debounced by the
//! interface), so a killed app loses at most the last fraction of a second. The history keeps a
//! copy at most every [`VERSION_EVERY_MINUTES`] of writing, plus one before every restore.

use chrono::{DateTime, NaiveDate, Utc};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::placeholders::{Applicant, FederationRecord};
use fabrique_core::dossier::template::{self, Template};
use fabrique_core::dossier::{
    ContentChanges, Dossier, DossierContent, DossierFacts, DossierHeader, DossierId, DossierVersion, SectionConflict,
};
use fabrique_core::survey::FormId;
use fabrique_core::CoreError;

use crate::error::{Result, StoreError};
use crate::people::people_of;
use crate::rows::Versioned;
use crate::sql::{query_value, values, Engine, Row, Sql};
use crate::structure_rows::{any_structure, live_structure};
use crate::{now, Store};

/// A version is taken when the last one is older than this, so an afternoon of writing leaves a
/// readable history rather than thousands of copies.
pub const VERSION_EVERY_MINUTES: i64 = 10;

/// Far above any real dossier (a 100-page one is about 300 KB of text): a guard against filling the base.
const MAX_CONTENT_BYTES: usize = 4 << 20;

const FEDERATION_KEY: &str = "federation";

/// What a save of one window's changes did: when, and what it left as stored because someone
/// else changed it too (see [`DossierContent::merge_changes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedChanges {
    pub saved_at: String,
    pub conflicts: Vec<SectionConflict>,
    pub budget_conflict: bool,
}

impl Store {
    /// The latest revision of each template, by title.
    pub fn templates(&self) -> Result<Vec<Template>> {
        let rows = self.db().query(
            "SELECT content FROM dossier_templates t WHERE revision = \
             (SELECT max(revision) FROM dossier_templates WHERE name = t.name)",
            &[],
        )?;
        let mut templates = rows.iter().map(|r| parse_template(&r.get::<String>(0)?)).collect::<Result<Vec<_>>>()?;
        // A shipped template not saved in this base is in force as shipped (see `latest_template`).
        for shipped in template::shipped_templates() {
            if !templates.iter().any(|t| t.name == shipped.name) {
                templates.push(shipped);
            }
        }
        templates.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(templates)
    }

    /// A dossier with what its placeholders draw on and its template's title: all a preview or a PDF needs.
    pub fn dossier_bundle(&self, id: DossierId, today: NaiveDate) -> Result<(Dossier, DossierFacts, String)> {
        let dossier = self.dossier(id)?;
        // The figures of the survey form the dossier cites (the first form when it names none).
        let facts = self.facts_citing(&dossier.header, today, self.dossier_survey_form(id)?)?;
        let title = latest_template(self.db(), &dossier.template_name)?
            .map(|t| t.title)
            .unwrap_or_else(|| dossier.template_name.clone());
        Ok((dossier, facts, title))
    }

    pub fn template(&self, name: &str) -> Result<Template> {
        latest_template(self.db(), name)?.ok_or_else(|| {
            CoreError::invalid(
                "modèle",
                format!("le modèle « {name} » est introuvable ; choisissez-en un dans la liste."),
            )
            .into()
        })
    }

    /// Saves `template` as a new revision of its name (the first, for a new name) and returns it as
    /// stored. With `opened_revision` (the revision the editor opened), a template someone else
    /// saved since is refused (`StoreError::Conflict`); an imported file names none.
    pub fn save_template(&mut self, mut template: Template, opened_revision: Option<u32>) -> Result<Template> {
        template.validate()?;
        let tx = self.begin()?;
        // After the latest revision, saved or shipped.
        let latest = latest_template(&*tx, &template.name)?.map(|t| t.revision);
        if opened_revision.is_some_and(|opened| latest.is_some_and(|latest| latest != opened)) {
            return Err(StoreError::Conflict { what: "ce modèle" });
        }
        template.revision = latest.map_or(1, |revision| revision + 1);
        insert_template(&*tx, &template)?;
        tx.commit()?;
        Ok(template)
    }

    /// Installs the shipped templates a base lacks; a template the user already has is left as they made it.
    pub(crate) fn install_shipped_templates(&mut self) -> Result<()> {
        let tx = self.begin()?;
        for shipped in template::shipped_templates() {
            if saved_template(&*tx, &shipped.name)?.is_none() {
                insert_template(&*tx, &shipped)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn federation(&self) -> Result<FederationRecord> {
        let row = self.db().query_optional("SELECT value FROM settings WHERE key = ?1", values![FEDERATION_KEY])?;
        let json: Option<String> = row.map(|r| r.get(0)).transpose()?;
        let record =
            json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::damaged("la fiche de la fédération", e)));
        Ok(record.transpose()?.unwrap_or_default())
    }

    pub fn save_federation(&mut self, record: &FederationRecord) -> Result<()> {
        write_federation(self.db(), record)
    }

    /// What the dossier's placeholders draw on: its applicant, the federation, the directory's figures.
    pub fn dossier_facts(&self, header: &DossierHeader, today: NaiveDate) -> Result<DossierFacts> {
        self.facts_citing(header, today, None)
    }

    fn facts_citing(&self, header: &DossierHeader, today: NaiveDate, form: Option<FormId>) -> Result<DossierFacts> {
        let federation = self.federation()?;
        let applicant = match header.structure_id {
            // A binned structure still names the applicant of the dossiers written for it.
            Some(id) => Applicant::from_structure(&any_structure(self.db(), id)?, &people_of(self.db(), id)?),
            None => Applicant::from_federation(&federation),
        };
        let member_count: i64 =
            query_value(self.db(), "SELECT count(*) FROM structures WHERE member = 1 AND deleted_at IS NULL", &[])?;
        Ok(DossierFacts {
            applicant,
            federation,
            member_count: member_count as usize,
            survey: self.survey_figures(form)?,
            rgpd_progress: match header.structure_id {
                Some(id) => self.rgpd_progress_of(id, today)?,
                None => None,
            },
            today,
        })
    }

    /// A new dossier on the latest revision of `template_name`, with the template's starting text.
    pub fn create_dossier(&mut self, template_name: &str, header: DossierHeader) -> Result<Dossier> {
        let template = self.template(template_name)?;
        let content = DossierContent::from_template(&template);
        let id = insert_dossier(self.db(), &header, &template.name, template.revision, &content)?;
        self.dossier(id)
    }

    pub fn dossier(&self, id: DossierId) -> Result<Dossier> {
        let row =
            self.db().query_optional(&format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id = ?1"), values![id])?;
        read_dossier(&row.ok_or(StoreError::NotFound { what: "Le dossier", id })?)
    }

    /// Every dossier, the most recently edited first.
    pub fn dossiers(&self) -> Result<Vec<Dossier>> {
        let sql = format!("SELECT {DOSSIER_COLUMNS} FROM dossiers ORDER BY updated_at DESC, id DESC");
        self.db().query(&sql, &[])?.iter().map(read_dossier).collect()
    }

    /// Changes the header. With `opened_version` (the header version the dialog opened on), a
    /// header someone else changed since is refused (`StoreError::Conflict`), nothing written.
    pub fn update_dossier_header(
        &mut self,
        id: DossierId,
        header: DossierHeader,
        opened_version: Option<i64>,
    ) -> Result<Dossier> {
        header.validate()?;
        let tx = self.begin()?;
        if let Some(structure_id) = header.structure_id {
            live_structure(&*tx, structure_id)?;
        }
        if let Some(opened) = opened_version {
            HEADER_VERSION.check(&*tx, id, opened)?;
        }
        let changed = tx.execute(
            "UPDATE dossiers SET structure_id = ?1, title = ?2, project = ?3, year = ?4, funder = ?5, updated_at = ?6, \
             header_version = header_version + 1 WHERE id = ?7",
            values![header.structure_id, header.title.trim(), header.project.trim(), header.year, header.funder.as_code(), now(), id],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        tx.commit()?;
        self.dossier(id)
    }

    /// Saves what the writer typed, whole. Takes a version first when the last one is old enough,
    /// so the history holds the text as it was before this stretch of writing.
    pub fn save_dossier_content(&mut self, id: DossierId, content: &DossierContent) -> Result<String> {
        Ok(self.save_dossier_text(id, content, None)?.saved_at)
    }

    /// Saves only the sections and budget `changes` names, taken from `content`, over the dossier
    /// as it is stored now (read and written in one transaction that holds the dossier): what
    /// someone else wrote meanwhile stays, merged with this text where the two changed different
    /// paragraphs; a passage both changed is left as stored and reported.
    pub fn save_dossier_changes(
        &mut self,
        id: DossierId,
        content: &DossierContent,
        changes: &ContentChanges,
    ) -> Result<SavedChanges> {
        self.save_dossier_text(id, content, Some(changes))
    }

    fn save_dossier_text(
        &mut self,
        id: DossierId,
        content: &DossierContent,
        changes: Option<&ContentChanges>,
    ) -> Result<SavedChanges> {
        content.validate()?;
        let stamp = now();
        let author = self.author();
        let tx = self.begin()?;
        let (merged, conflicts, budget_conflict) = match changes {
            None => (None, Vec::new(), false),
            Some(changes) => {
                let lock = if tx.engine() == Engine::Postgres { " FOR UPDATE" } else { "" };
                let row =
                    tx.query_optional(&format!("SELECT content FROM dossiers WHERE id = ?1{lock}"), values![id])?;
                let stored: String = row.ok_or(StoreError::NotFound { what: "Le dossier", id })?.get(0)?;
                let merged = parse_content(&stored)?.merge_changes(content, changes);
                merged.content.validate()?;
                (Some(merged.content), merged.conflicts, merged.budget_conflict)
            }
        };
        let content = merged.as_ref().unwrap_or(content);
        let json = serde_json::to_string(content).expect("content serializes");
        if json.len() > MAX_CONTENT_BYTES {
            return Err(StoreError::DraftTooLarge { bytes: json.len() });
        }
        let last_version: Option<String> =
            query_value(&*tx, "SELECT max(saved_at) FROM dossier_versions WHERE dossier_id = ?1", values![id])?;
        if version_due(last_version.as_deref(), &stamp) {
            snapshot(&*tx, id, "", &stamp, &author)?;
        }
        let changed =
            tx.execute("UPDATE dossiers SET content = ?1, updated_at = ?2 WHERE id = ?3", values![json, stamp, id])?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        tx.commit()?;
        Ok(SavedChanges { saved_at: stamp, conflicts, budget_conflict })
    }

    /// Keeps the current text as a named version.
    pub fn save_dossier_version(&mut self, id: DossierId, label: &str) -> Result<DossierVersion> {
        let stamp = now();
        let version_id = snapshot(self.db(), id, label.trim(), &stamp, &self.author())?;
        Ok(DossierVersion { id: version_id, saved_at: stamp, label: label.trim().to_string() })
    }

    /// The history, newest first.
    pub fn dossier_versions(&self, id: DossierId) -> Result<Vec<DossierVersion>> {
        self.db()
            .query(
                "SELECT id, saved_at, label FROM dossier_versions WHERE dossier_id = ?1 ORDER BY saved_at DESC, id DESC",
                values![id],
            )?
            .iter()
            .map(|r| Ok(DossierVersion { id: r.get(0)?, saved_at: r.get(1)?, label: r.get(2)? }))
            .collect()
    }

    pub fn dossier_version_content(&self, version_id: i64) -> Result<DossierContent> {
        let row =
            self.db().query_optional("SELECT content FROM dossier_versions WHERE id = ?1", values![version_id])?;
        parse_content(&row.ok_or(StoreError::NotFound { what: "La version", id: version_id })?.get::<String>(0)?)
    }

    /// Brings a version back; the text it replaces is kept as a version first, so a restore can be undone.
    pub fn restore_dossier_version(&mut self, id: DossierId, version_id: i64) -> Result<Dossier> {
        let stamp = now();
        let author = self.author();
        let tx = self.begin()?;
        let row = tx.query_optional(
            "SELECT content FROM dossier_versions WHERE id = ?1 AND dossier_id = ?2",
            values![version_id, id],
        )?;
        let json: String = row.ok_or(StoreError::NotFound { what: "La version", id: version_id })?.get(0)?;
        snapshot(&*tx, id, "Avant restauration", &stamp, &author)?;
        tx.execute("UPDATE dossiers SET content = ?1, updated_at = ?2 WHERE id = ?3", values![json, stamp, id])?;
        tx.commit()?;
        self.dossier(id)
    }

    /// Starts next year's dossier from this one: same applicant, texts and budget lines.
    pub fn duplicate_dossier(&mut self, id: DossierId, year: i32) -> Result<Dossier> {
        let source = self.dossier(id)?;
        let (header, content) = fabrique_core::dossier::duplicate_for_year(&source.header, &source.content, year);
        let tx = self.begin()?;
        let new_id = insert_dossier(&*tx, &header, &source.template_name, source.template_revision, &content)?;
        // Next year's dossier keeps the partner it is addressed to; its life starts again.
        tx.execute(
            "UPDATE dossiers SET logo = (SELECT logo FROM dossiers WHERE id = ?1), \
             funder_partner_id = (SELECT funder_partner_id FROM dossiers WHERE id = ?1) WHERE id = ?2",
            values![id, new_id],
        )?;
        tx.commit()?;
        self.dossier(new_id)
    }

    /// The PNG printed on the dossier's title page, if any.
    pub fn dossier_logo(&self, id: DossierId) -> Result<Option<Vec<u8>>> {
        let row = self.db().query_optional("SELECT logo FROM dossiers WHERE id = ?1", values![id])?;
        row.ok_or(StoreError::NotFound { what: "Le dossier", id })?.get(0)
    }

    /// Sets or removes the title-page logo (bytes checked by `files::read_logo`).
    pub fn set_dossier_logo(&mut self, id: DossierId, png: Option<&[u8]>) -> Result<()> {
        let changed = self
            .db()
            .execute("UPDATE dossiers SET logo = ?1, updated_at = ?2 WHERE id = ?3", values![png, now(), id])?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        Ok(())
    }

    pub fn delete_dossier(&mut self, id: DossierId) -> Result<()> {
        if self.db().execute("DELETE FROM dossiers WHERE id = ?1", values![id])? == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        Ok(())
    }
}

/// Stores a demo dossier or a new one; checks the applicant exists.
pub(crate) fn insert_dossier(
    db: &(impl Sql + ?Sized),
    header: &DossierHeader,
    template_name: &str,
    template_revision: u32,
    content: &DossierContent,
) -> Result<DossierId> {
    header.validate()?;
    content.validate()?;
    if let Some(structure_id) = header.structure_id {
        live_structure(db, structure_id)?;
    }
    let stamp = now();
    query_value(
        db,
        "INSERT INTO dossiers (structure_id, title, project, year, funder, template_name, template_revision, content, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
        values![
            header.structure_id,
            header.title.trim(),
            header.project.trim(),
            header.year,
            header.funder.as_code(),
            template_name,
            template_revision,
            serde_json::to_string(content).expect("content serializes"),
            stamp
        ],
    )
}

pub(crate) fn write_federation(db: &(impl Sql + ?Sized), record: &FederationRecord) -> Result<()> {
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values![FEDERATION_KEY, serde_json::to_string(record).expect("record serializes")],
    )?;
    Ok(())
}

fn version_due(last: Option<&str>, now: &str) -> bool {
    let parse = |s: &str| DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc));
    match (last.and_then(parse), parse(now)) {
        (Some(last), Some(now)) => (now - last).num_minutes() >= VERSION_EVERY_MINUTES,
        _ => true,
    }
}

fn snapshot(db: &(impl Sql + ?Sized), id: DossierId, label: &str, stamp: &str, author: &str) -> Result<i64> {
    let inserted = db.query_optional(
        "INSERT INTO dossier_versions (dossier_id, saved_at, label, content, author) \
         SELECT id, ?2, ?3, content, ?4 FROM dossiers WHERE id = ?1 RETURNING id",
        values![id, stamp, label, author],
    )?;
    inserted.ok_or(StoreError::NotFound { what: "Le dossier", id })?.get(0)
}

/// The latest revision saved of `name`; a shipped template never saved in this base (a team base
/// just prepared; a local base installs them when it opens) is in force as shipped.
fn latest_template(db: &(impl Sql + ?Sized), name: &str) -> Result<Option<Template>> {
    match saved_template(db, name)? {
        Some(saved) => Ok(Some(saved)),
        None => Ok(template::shipped_templates().into_iter().find(|t| t.name == name)),
    }
}

/// The latest revision of `name` saved in this base, if any.
fn saved_template(db: &(impl Sql + ?Sized), name: &str) -> Result<Option<Template>> {
    let row = db.query_optional(
        "SELECT content FROM dossier_templates WHERE name = ?1 ORDER BY revision DESC LIMIT 1",
        values![name],
    )?;
    row.map(|row| parse_template(&row.get::<String>(0)?)).transpose()
}

fn insert_template(db: &(impl Sql + ?Sized), template: &Template) -> Result<()> {
    db.execute(
        "INSERT INTO dossier_templates (name, revision, content, saved_at) VALUES (?1, ?2, ?3, ?4)",
        values![template.name, template.revision, serde_json::to_string(template).expect("template serializes"), now()],
    )?;
    Ok(())
}

fn parse_template(json: &str) -> Result<Template> {
    serde_json::from_str(json).map_err(|e| damaged("un modèle de dossier", e))
}

fn parse_content(json: &str) -> Result<DossierContent> {
    serde_json::from_str(json).map_err(|e| damaged("le contenu d'un dossier", e))
}

fn damaged(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::damaged(what, e)
}

const HEADER_VERSION: Versioned = Versioned {
    select: "SELECT header_version FROM dossiers WHERE id = ?1",
    missing: "Le dossier",
    record: "l'en-tête de ce dossier",
};

// `CASE` rather than a bare `logo IS NOT NULL`: an integer 0/1 on both engines.
const DOSSIER_COLUMNS: &str = "id, structure_id, title, project, year, funder, template_name, template_revision, \
    content, created_at, updated_at, CASE WHEN logo IS NULL THEN 0 ELSE 1 END, header_version";

fn read_dossier(r: &Row) -> Result<Dossier> {
    let funder: String = r.get(5)?;
    let content: String = r.get(8)?;
    let id: DossierId = r.get(0)?;
    let header = DossierHeader {
        structure_id: r.get(1)?,
        title: r.get(2)?,
        project: r.get(3)?,
        year: r.get(4)?,
        funder: Funder::from_code(&funder).unwrap_or(Funder::Departement),
    };
    let template_name = r.get(6)?;
    let template_revision = r.get(7)?;
    let created_at = r.get(9)?;
    let updated_at = r.get(10)?;
    let has_logo = r.get(11)?;
    let header_version = r.get(12)?;
    parse_content(&content).map(|content| Dossier {
        id,
        header,
        template_name,
        template_revision,
        content,
        has_logo,
        created_at,
        updated_at,
        header_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_due_after_the_interval_or_when_there_is_none() {
        assert!(version_due(None, "2026-11-29T10:00:00Z"));
        assert!(!version_due(Some("2026-11-29T10:00:00Z"), "2026-11-29T10:09:59Z"));
        assert!(version_due(Some("2026-11-29T10:00:00Z"), "2026-11-29T10:10:00Z"));
    }
}
