//! The federation's partners, on either engine: listed by name, created, saved against the
//! version the form opened, removed (their dossiers keep their other data and lose the link).

use fabrique_core::partners::{Partner, PartnerDraft, PartnerId, PartnerKind};
use fabrique_core::CoreError;

use crate::error::{Result, StoreError};
use crate::rows::{found, Versioned};
use crate::sql::{values, Row, Sql};
use crate::{now, Store};

const COLUMNS: &str = "id, name, kind, address, website, themes, follow_up_months, notes, version";

const PARTNER_VERSION: Versioned = Versioned {
    select: "SELECT version FROM partners WHERE id = ?1",
    missing: "Le partenaire",
    record: "ce partenaire",
};

impl Store {
    /// Every partner, by name.
    pub fn partners(&self) -> Result<Vec<Partner>> {
        let mut partners = self
            .db()
            .query(&format!("SELECT {COLUMNS} FROM partners"), &[])?
            .iter()
            .map(read_partner)
            .collect::<Result<Vec<_>>>()?;
        partners.sort_by_cached_key(|p| fabrique_core::text::fold(&p.draft.name));
        Ok(partners)
    }

    pub fn partner(&self, id: PartnerId) -> Result<Partner> {
        read_one(self.db(), id)
    }

    /// When each partner was recorded (`AAAA-MM-JJ`), for the rhythm of its follow-up.
    pub fn partners_recorded_on(&self) -> Result<Vec<(PartnerId, String)>> {
        self.db()
            .query("SELECT id, substr(created_at, 1, 10) FROM partners", &[])?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }

    pub fn create_partner(&mut self, draft: PartnerDraft) -> Result<Partner> {
        let draft = draft.cleaned()?;
        let tx = self.begin()?;
        refuse_same_name(&*tx, &draft.name, None)?;
        let id: i64 = crate::sql::query_value(
            &*tx,
            "INSERT INTO partners (name, kind, address, website, themes, follow_up_months, notes, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id",
            values![draft.name, draft.kind.code(), draft.address, draft.website, draft.themes.join("\n"),
                draft.follow_up_months.map(i64::from), draft.notes, now()],
        )?;
        tx.commit()?;
        self.partner(id)
    }

    /// Saves a partner's form; with `opened_version`, refused when someone else saved it since.
    pub fn save_partner(&mut self, id: PartnerId, draft: PartnerDraft, opened_version: Option<i64>) -> Result<Partner> {
        let draft = draft.cleaned()?;
        let tx = self.begin()?;
        if let Some(opened) = opened_version {
            PARTNER_VERSION.check(&*tx, id, opened)?;
        }
        refuse_same_name(&*tx, &draft.name, Some(id))?;
        let changed = tx.execute(
            "UPDATE partners SET name = ?1, kind = ?2, address = ?3, website = ?4, themes = ?5, follow_up_months = ?6, \
             notes = ?7, updated_at = ?8, version = version + 1 WHERE id = ?9",
            values![draft.name, draft.kind.code(), draft.address, draft.website, draft.themes.join("\n"),
                draft.follow_up_months.map(i64::from), draft.notes, now(), id],
        )?;
        found(changed, "Le partenaire", id)?;
        tx.commit()?;
        self.partner(id)
    }

    pub fn delete_partner(&mut self, id: PartnerId) -> Result<()> {
        found(self.db().execute("DELETE FROM partners WHERE id = ?1", values![id])?, "Le partenaire", id)
    }
}

/// Two partners of one name would be told apart by nobody.
fn refuse_same_name(db: &(impl Sql + ?Sized), name: &str, except: Option<PartnerId>) -> Result<()> {
    let same = db.query_optional(
        "SELECT id FROM partners WHERE lower(name) = lower(?1) AND id <> ?2",
        values![name, except.unwrap_or(-1)],
    )?;
    if same.is_some() {
        return Err(CoreError::invalid("nom", format!("« {name} » est déjà un partenaire : ouvrez sa fiche.")).into());
    }
    Ok(())
}

fn read_one(db: &(impl Sql + ?Sized), id: PartnerId) -> Result<Partner> {
    let row = db.query_optional(&format!("SELECT {COLUMNS} FROM partners WHERE id = ?1"), values![id])?;
    read_partner(&row.ok_or(StoreError::NotFound { what: "Le partenaire", id })?)
}

fn read_partner(r: &Row) -> Result<Partner> {
    let kind: String = r.get(2)?;
    let themes: String = r.get(5)?;
    Ok(Partner {
        id: r.get(0)?,
        draft: PartnerDraft {
            name: r.get(1)?,
            kind: PartnerKind::from_code(&kind).ok_or_else(|| StoreError::damaged("le type d'un partenaire", kind))?,
            address: r.get(3)?,
            website: r.get(4)?,
            themes: themes.lines().filter(|t| !t.is_empty()).map(str::to_string).collect(),
            follow_up_months: r.get::<Option<i64>>(6)?.and_then(|m| u32::try_from(m).ok()),
            notes: r.get(7)?,
        },
        version: r.get(8)?,
    })
}
