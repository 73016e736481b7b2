//! What happens to a dossier once sent, on either engine: its status and decision (the rules are
//! `fabrique_core::dossier::life`'s), the partner it is addressed to, the financial report owed,
//! and the payments received. Each change holds the dossier's row while it is made.

use std::collections::HashMap;

use chrono::NaiveDate;
use fabrique_core::dossier::life::{apply_status, check_payment, DossierOutcome, DossierStatus, Payment, StatusChange};
use fabrique_core::dossier::DossierId;
use fabrique_core::partners::PartnerId;

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date};
use crate::sql::{values, Engine, Row, Sql};
use crate::{now, Store};

const COLUMNS: &str = "status, funder_partner_id, sent_on, decided_on, granted_cents, conditions, refusal_reason, \
                       report_due_on, report_sent_on, year, id";

impl Store {
    pub fn dossier_outcome(&self, id: DossierId) -> Result<DossierOutcome> {
        Ok(read_one(self.db(), id, false)?.0)
    }

    /// Every dossier's outcome, by dossier.
    pub fn dossier_outcomes(&self) -> Result<HashMap<DossierId, DossierOutcome>> {
        self.db()
            .query(&format!("SELECT {COLUMNS} FROM dossiers"), &[])?
            .iter()
            .map(|r| Ok((r.get(10)?, read_outcome(r)?)))
            .collect()
    }

    /// Moves a dossier's status (sent, granted, refused…), with what that move needs.
    pub fn set_dossier_status(&mut self, id: DossierId, change: &StatusChange) -> Result<DossierOutcome> {
        let tx = self.begin()?;
        let (current, year) = read_one(&*tx, id, true)?;
        let next = apply_status(&current, change, year)?;
        write_outcome(&*tx, id, &next)?;
        tx.commit()?;
        Ok(next)
    }

    /// The partner a dossier is addressed to, or none.
    pub fn set_dossier_funder_partner(&mut self, id: DossierId, partner: Option<PartnerId>) -> Result<DossierOutcome> {
        let tx = self.begin()?;
        if let Some(partner) = partner {
            found(
                tx.query_optional("SELECT id FROM partners WHERE id = ?1", values![partner])?.map_or(0, |_| 1),
                "Le partenaire",
                partner,
            )?;
        }
        let changed = tx.execute(
            "UPDATE dossiers SET funder_partner_id = ?1, updated_at = ?2 WHERE id = ?3",
            values![partner, now(), id],
        )?;
        found(changed, "Le dossier", id)?;
        let (outcome, _) = read_one(&*tx, id, false)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// When the financial report is owed, and when it was sent.
    pub fn set_dossier_report(
        &mut self,
        id: DossierId,
        due_on: Option<NaiveDate>,
        sent_on: Option<NaiveDate>,
    ) -> Result<DossierOutcome> {
        let changed = self.db().execute(
            "UPDATE dossiers SET report_due_on = ?1, report_sent_on = ?2, updated_at = ?3 WHERE id = ?4",
            values![iso(due_on), iso(sent_on), now(), id],
        )?;
        found(changed, "Le dossier", id)?;
        self.dossier_outcome(id)
    }

    /// A dossier's payments, the first received first.
    pub fn dossier_payments(&self, id: DossierId) -> Result<Vec<Payment>> {
        payments(self.db(), id)
    }

    /// What each dossier has received, in cents.
    pub fn dossier_received(&self) -> Result<HashMap<DossierId, i64>> {
        self.db()
            .query(
                "SELECT dossier_id, CAST(sum(amount_cents) AS BIGINT) FROM dossier_payments GROUP BY dossier_id",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }

    /// Records a payment received; refused beyond what was granted.
    pub fn add_dossier_payment(
        &mut self,
        id: DossierId,
        received_on: NaiveDate,
        amount_cents: i64,
        note: &str,
    ) -> Result<Vec<Payment>> {
        let tx = self.begin()?;
        let (outcome, _) = read_one(&*tx, id, true)?;
        let so_far: i64 = payments(&*tx, id)?.iter().map(|p| p.amount_cents).sum();
        check_payment(&outcome, so_far, amount_cents)?;
        tx.execute(
            "INSERT INTO dossier_payments (dossier_id, received_on, amount_cents, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, received_on.format("%Y-%m-%d").to_string(), amount_cents, note.trim(), now()],
        )?;
        let all = payments(&*tx, id)?;
        tx.commit()?;
        Ok(all)
    }

    /// Removes a payment recorded by mistake; returns its dossier.
    pub fn delete_dossier_payment(&mut self, payment: i64) -> Result<DossierId> {
        let dossier: DossierId = self
            .db()
            .query_optional("SELECT dossier_id FROM dossier_payments WHERE id = ?1", values![payment])?
            .ok_or(StoreError::NotFound { what: "Le versement", id: payment })?
            .get(0)?;
        found(
            self.db().execute("DELETE FROM dossier_payments WHERE id = ?1", values![payment])?,
            "Le versement",
            payment,
        )?;
        Ok(dossier)
    }
}

fn payments(db: &(impl Sql + ?Sized), id: DossierId) -> Result<Vec<Payment>> {
    db.query(
        "SELECT id, received_on, amount_cents, note FROM dossier_payments WHERE dossier_id = ?1 ORDER BY received_on, id",
        values![id],
    )?
    .iter()
    .map(|r| {
        Ok(Payment {
            id: r.get(0)?,
            received_on: read_date(r, 1)?.ok_or_else(|| StoreError::damaged("la date d'un versement", r.get::<String>(1).unwrap_or_default()))?,
            amount_cents: r.get(2)?,
            note: r.get(3)?,
        })
    })
    .collect()
}

/// The outcome and the project's year; `lock` holds the row on PostgreSQL (a SQLite write
/// transaction holds the whole base).
fn read_one(db: &(impl Sql + ?Sized), id: DossierId, lock: bool) -> Result<(DossierOutcome, i32)> {
    let lock = if lock && db.engine() == Engine::Postgres { " FOR UPDATE" } else { "" };
    let row = db
        .query_optional(&format!("SELECT {COLUMNS} FROM dossiers WHERE id = ?1{lock}"), values![id])?
        .ok_or(StoreError::NotFound { what: "Le dossier", id })?;
    Ok((read_outcome(&row)?, row.get::<i64>(9)? as i32))
}

fn read_outcome(r: &Row) -> Result<DossierOutcome> {
    let status: String = r.get(0)?;
    Ok(DossierOutcome {
        status: DossierStatus::from_code(&status)
            .ok_or_else(|| StoreError::damaged("le statut d'un dossier", status))?,
        funder_partner_id: r.get(1)?,
        sent_on: read_date(r, 2)?,
        decided_on: read_date(r, 3)?,
        granted_cents: r.get(4)?,
        conditions: r.get(5)?,
        refusal_reason: r.get(6)?,
        report_due_on: read_date(r, 7)?,
        report_sent_on: read_date(r, 8)?,
    })
}

fn write_outcome(db: &(impl Sql + ?Sized), id: DossierId, o: &DossierOutcome) -> Result<()> {
    db.execute(
        "UPDATE dossiers SET status = ?1, sent_on = ?2, decided_on = ?3, granted_cents = ?4, conditions = ?5, \
         refusal_reason = ?6, report_due_on = ?7, updated_at = ?8 WHERE id = ?9",
        values![
            o.status.code(),
            iso(o.sent_on),
            iso(o.decided_on),
            o.granted_cents,
            o.conditions,
            o.refusal_reason,
            iso(o.report_due_on),
            now(),
            id
        ],
    )?;
    Ok(())
}
