//! Subsidy dossiers, their version history, their templates and the federation's record.
//!
//! Every keystroke the writer makes reaches [`Store::save_dossier_content`] (debounced by the
//! interface), so a killed app loses at most the last fraction of a second. The history keeps a
//! copy at most every [`VERSION_EVERY_MINUTES`] of writing, plus one before every restore.

use chrono::{DateTime, NaiveDate, Utc};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::placeholders::{Applicant, FederationRecord};
use fabrique_core::dossier::template::{self, Template};
use fabrique_core::dossier::{Dossier, DossierContent, DossierFacts, DossierHeader, DossierId, DossierVersion};
use fabrique_core::survey::FormId;
use fabrique_core::CoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Result, StoreError};
use crate::people::people_of;
use crate::structure_rows::{any_structure, live_structure};
use crate::{now, Store};

/// A version is taken when the last one is older than this, so an afternoon of writing leaves a
/// readable history rather than thousands of copies.
pub const VERSION_EVERY_MINUTES: i64 = 10;

/// Far above any real dossier (a 100-page one is about 300 KB of text): a guard against filling the base.
const MAX_CONTENT_BYTES: usize = 4 << 20;

const FEDERATION_KEY: &str = "federation";

impl Store {
    /// The latest revision of each template, by title.
    pub fn templates(&self) -> Result<Vec<Template>> {
        let mut stmt = self.local()?.prepare(
            "SELECT content FROM dossier_templates t WHERE revision = \
             (SELECT max(revision) FROM dossier_templates WHERE name = t.name)",
        )?;
        let mut templates = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|json| parse_template(&json?))
            .collect::<Result<Vec<_>>>()?;
        templates.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(templates)
    }

    /// A dossier with what its placeholders draw on and its template's title: all a preview or a PDF needs.
    pub fn dossier_bundle(&self, id: DossierId, today: NaiveDate) -> Result<(Dossier, DossierFacts, String)> {
        let dossier = self.dossier(id)?;
        // The figures of the survey form the dossier cites (the first form when it names none).
        let facts = self.facts_citing(&dossier.header, today, self.dossier_survey_form(id)?)?;
        let title = latest_template(self.local()?, &dossier.template_name)?
            .map(|t| t.title)
            .unwrap_or_else(|| dossier.template_name.clone());
        Ok((dossier, facts, title))
    }

    pub fn template(&self, name: &str) -> Result<Template> {
        latest_template(self.local()?, name)?.ok_or_else(|| {
            CoreError::invalid(
                "modèle",
                format!("le modèle « {name} » est introuvable ; choisissez-en un dans la liste."),
            )
            .into()
        })
    }

    /// Saves `template` as a new revision of its name (the first, for a new name) and returns it as stored.
    pub fn save_template(&mut self, mut template: Template) -> Result<Template> {
        template.validate()?;
        let tx = self.write()?;
        let latest: Option<u32> =
            tx.query_row("SELECT max(revision) FROM dossier_templates WHERE name = ?1", [&template.name], |r| {
                r.get(0)
            })?;
        template.revision = latest.map_or(1, |r| r + 1);
        insert_template(&tx, &template)?;
        tx.commit()?;
        Ok(template)
    }

    /// Installs the shipped templates a base lacks; a template the user already has is left as they made it.
    pub(crate) fn install_shipped_templates(&mut self) -> Result<()> {
        let tx = self.write()?;
        for shipped in template::shipped_templates() {
            if latest_template(&tx, &shipped.name)?.is_none() {
                insert_template(&tx, &shipped)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn federation(&self) -> Result<FederationRecord> {
        let json: Option<String> = self
            .local()?
            .query_row("SELECT value FROM settings WHERE key = ?1", [FEDERATION_KEY], |r| r.get(0))
            .optional()?;
        let record =
            json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::damaged("la fiche de la fédération", e)));
        Ok(record.transpose()?.unwrap_or_default())
    }

    pub fn save_federation(&mut self, record: &FederationRecord) -> Result<()> {
        write_federation(self.local()?, record)
    }

    /// What the dossier's placeholders draw on: its applicant, the federation, the directory's figures.
    pub fn dossier_facts(&self, header: &DossierHeader, today: NaiveDate) -> Result<DossierFacts> {
        self.facts_citing(header, today, None)
    }

    fn facts_citing(&self, header: &DossierHeader, today: NaiveDate, form: Option<FormId>) -> Result<DossierFacts> {
        let federation = self.federation()?;
        let applicant = match header.structure_id {
            // A binned structure still names the applicant of the dossiers written for it.
            Some(id) => Applicant::from_structure(&any_structure(self.local()?, id)?, &people_of(self.local()?, id)?),
            None => Applicant::from_federation(&federation),
        };
        let member_count: i64 = self.local()?.query_row(
            "SELECT count(*) FROM structures WHERE member = 1 AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
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
        let id = insert_dossier(self.local()?, &header, &template.name, template.revision, &content)?;
        self.dossier(id)
    }

    pub fn dossier(&self, id: DossierId) -> Result<Dossier> {
        self.local()?
            .query_row(&format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id = ?1"), [id], read_dossier)
            .optional()?
            .ok_or(StoreError::NotFound { what: "Le dossier", id })?
    }

    /// Every dossier, the most recently edited first.
    pub fn dossiers(&self) -> Result<Vec<Dossier>> {
        let mut stmt = self
            .local()?
            .prepare(&format!("SELECT {DOSSIER_COLUMNS} FROM dossiers ORDER BY updated_at DESC, id DESC"))?;
        let rows = stmt.query_map([], read_dossier)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().collect()
    }

    pub fn update_dossier_header(&mut self, id: DossierId, header: DossierHeader) -> Result<Dossier> {
        header.validate()?;
        if let Some(structure_id) = header.structure_id {
            live_structure(self.local()?, structure_id)?;
        }
        let changed = self.local()?.execute(
            "UPDATE dossiers SET structure_id = ?1, title = ?2, project = ?3, year = ?4, funder = ?5, updated_at = ?6 WHERE id = ?7",
            params![header.structure_id, header.title.trim(), header.project.trim(), header.year, header.funder.as_code(), now(), id],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        self.dossier(id)
    }

    /// Saves what the writer typed. Takes a version first when the last one is old enough, so the
    /// history holds the text as it was before this stretch of writing.
    pub fn save_dossier_content(&mut self, id: DossierId, content: &DossierContent) -> Result<String> {
        content.validate()?;
        let json = serde_json::to_string(content).expect("content serializes");
        if json.len() > MAX_CONTENT_BYTES {
            return Err(StoreError::DraftTooLarge { bytes: json.len() });
        }
        let stamp = now();
        let tx = self.write()?;
        let last_version: Option<String> =
            tx.query_row("SELECT max(saved_at) FROM dossier_versions WHERE dossier_id = ?1", [id], |r| r.get(0))?;
        if version_due(last_version.as_deref(), &stamp) {
            snapshot(&tx, id, "", &stamp)?;
        }
        let changed =
            tx.execute("UPDATE dossiers SET content = ?1, updated_at = ?2 WHERE id = ?3", params![json, stamp, id])?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        tx.commit()?;
        Ok(stamp)
    }

    /// Keeps the current text as a named version.
    pub fn save_dossier_version(&mut self, id: DossierId, label: &str) -> Result<DossierVersion> {
        let stamp = now();
        let version_id = snapshot(self.local()?, id, label.trim(), &stamp)?;
        Ok(DossierVersion { id: version_id, saved_at: stamp, label: label.trim().to_string() })
    }

    /// The history, newest first.
    pub fn dossier_versions(&self, id: DossierId) -> Result<Vec<DossierVersion>> {
        let mut stmt = self.local()?.prepare(
            "SELECT id, saved_at, label FROM dossier_versions WHERE dossier_id = ?1 ORDER BY saved_at DESC, id DESC",
        )?;
        let versions = stmt
            .query_map([id], |r| Ok(DossierVersion { id: r.get(0)?, saved_at: r.get(1)?, label: r.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(versions)
    }

    pub fn dossier_version_content(&self, version_id: i64) -> Result<DossierContent> {
        let json: String = self
            .local()?
            .query_row("SELECT content FROM dossier_versions WHERE id = ?1", [version_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { what: "La version", id: version_id })?;
        parse_content(&json)
    }

    /// Brings a version back; the text it replaces is kept as a version first, so a restore can be undone.
    pub fn restore_dossier_version(&mut self, id: DossierId, version_id: i64) -> Result<Dossier> {
        let stamp = now();
        let tx = self.write()?;
        let json: String = tx
            .query_row(
                "SELECT content FROM dossier_versions WHERE id = ?1 AND dossier_id = ?2",
                [version_id, id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "La version", id: version_id })?;
        snapshot(&tx, id, "Avant restauration", &stamp)?;
        tx.execute("UPDATE dossiers SET content = ?1, updated_at = ?2 WHERE id = ?3", params![json, stamp, id])?;
        tx.commit()?;
        self.dossier(id)
    }

    /// Starts next year's dossier from this one: same applicant, texts and budget lines.
    pub fn duplicate_dossier(&mut self, id: DossierId, year: i32) -> Result<Dossier> {
        let source = self.dossier(id)?;
        let (header, content) = fabrique_core::dossier::duplicate_for_year(&source.header, &source.content, year);
        let tx = self.write()?;
        let new_id = insert_dossier(&tx, &header, &source.template_name, source.template_revision, &content)?;
        tx.execute("UPDATE dossiers SET logo = (SELECT logo FROM dossiers WHERE id = ?1) WHERE id = ?2", [id, new_id])?;
        tx.commit()?;
        self.dossier(new_id)
    }

    /// The PNG printed on the dossier's title page, if any.
    pub fn dossier_logo(&self, id: DossierId) -> Result<Option<Vec<u8>>> {
        let logo: Option<Option<Vec<u8>>> =
            self.local()?.query_row("SELECT logo FROM dossiers WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        logo.ok_or(StoreError::NotFound { what: "Le dossier", id })
    }

    /// Sets or removes the title-page logo (bytes checked by `files::read_logo`).
    pub fn set_dossier_logo(&mut self, id: DossierId, png: Option<&[u8]>) -> Result<()> {
        let changed = self
            .local()?
            .execute("UPDATE dossiers SET logo = ?1, updated_at = ?2 WHERE id = ?3", params![png, now(), id])?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        Ok(())
    }

    pub fn delete_dossier(&mut self, id: DossierId) -> Result<()> {
        if self.local()?.execute("DELETE FROM dossiers WHERE id = ?1", [id])? == 0 {
            return Err(StoreError::NotFound { what: "Le dossier", id });
        }
        Ok(())
    }
}

/// Stores a demo dossier or a new one; checks the applicant exists.
pub(crate) fn insert_dossier(
    conn: &Connection,
    header: &DossierHeader,
    template_name: &str,
    template_revision: u32,
    content: &DossierContent,
) -> Result<DossierId> {
    header.validate()?;
    content.validate()?;
    if let Some(structure_id) = header.structure_id {
        live_structure(conn, structure_id)?;
    }
    let stamp = now();
    conn.execute(
        "INSERT INTO dossiers (structure_id, title, project, year, funder, template_name, template_revision, content, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
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
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn write_federation(conn: &Connection, record: &FederationRecord) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![FEDERATION_KEY, serde_json::to_string(record).expect("record serializes")],
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

fn snapshot(conn: &Connection, id: DossierId, label: &str, stamp: &str) -> Result<i64> {
    let inserted = conn.execute(
        "INSERT INTO dossier_versions (dossier_id, saved_at, label, content) SELECT id, ?2, ?3, content FROM dossiers WHERE id = ?1",
        params![id, stamp, label],
    )?;
    if inserted == 0 {
        return Err(StoreError::NotFound { what: "Le dossier", id });
    }
    Ok(conn.last_insert_rowid())
}

fn latest_template(conn: &Connection, name: &str) -> Result<Option<Template>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT content FROM dossier_templates WHERE name = ?1 ORDER BY revision DESC LIMIT 1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| parse_template(&j)).transpose()
}

fn insert_template(conn: &Connection, template: &Template) -> Result<()> {
    conn.execute(
        "INSERT INTO dossier_templates (name, revision, content, saved_at) VALUES (?1, ?2, ?3, ?4)",
        params![template.name, template.revision, serde_json::to_string(template).expect("template serializes"), now()],
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

const DOSSIER_COLUMNS: &str = "id, structure_id, title, project, year, funder, template_name, template_revision, \
    content, created_at, updated_at, logo IS NOT NULL";

fn read_dossier(r: &Row) -> rusqlite::Result<Result<Dossier>> {
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
    Ok(parse_content(&content).map(|content| Dossier {
        id,
        header,
        template_name,
        template_revision,
        content,
        has_logo,
        created_at,
        updated_at,
    }))
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
