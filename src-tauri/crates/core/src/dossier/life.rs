//! A dossier's life after its PDF is written: sent (on a date) to its funder, then granted (an
//! amount, a date, conditions), refused (a date, a reason) or left without answer; the payments
//! received, in integer cents; the financial report owed to the funder (« compte rendu
//! financier », Cerfa 15059*02) with its deadline and the reminder before it; and the totals per
//! year and per funder (asked, granted, received).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::partners::PartnerId;

/// Days before the report's deadline when it is pointed out.
pub const REPORT_REMINDER_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DossierStatus {
    #[default]
    Preparation,
    Envoye,
    Accorde,
    Refuse,
    SansSuite,
}

impl DossierStatus {
    pub const ALL: [DossierStatus; 5] = [
        DossierStatus::Preparation,
        DossierStatus::Envoye,
        DossierStatus::Accorde,
        DossierStatus::Refuse,
        DossierStatus::SansSuite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DossierStatus::Preparation => "preparation",
            DossierStatus::Envoye => "envoye",
            DossierStatus::Accorde => "accorde",
            DossierStatus::Refuse => "refuse",
            DossierStatus::SansSuite => "sans_suite",
        }
    }

    /// Also reads the command line's spellings (`accordé`, `sans-suite`).
    pub fn from_code(code: &str) -> Option<DossierStatus> {
        let folded = crate::text::fold(code).replace([' ', '-'], "_");
        DossierStatus::ALL.into_iter().find(|s| s.code() == folded)
    }

    pub fn label(self) -> &'static str {
        match self {
            DossierStatus::Preparation => "En préparation",
            DossierStatus::Envoye => "Envoyé",
            DossierStatus::Accorde => "Accordé",
            DossierStatus::Refuse => "Refusé",
            DossierStatus::SansSuite => "Sans suite",
        }
    }

    /// Where a dossier may go from here: forward, or back one step to correct a mistake.
    pub fn next(self) -> &'static [DossierStatus] {
        use DossierStatus::*;
        match self {
            Preparation => &[Envoye],
            Envoye => &[Accorde, Refuse, SansSuite, Preparation],
            Accorde | Refuse | SansSuite => &[Envoye],
        }
    }
}

/// What happened to a dossier once sent, as stored beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DossierOutcome {
    pub status: DossierStatus,
    /// The partner it is addressed to.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub funder_partner_id: Option<PartnerId>,
    pub sent_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub granted_cents: Option<i64>,
    pub conditions: String,
    pub refusal_reason: String,
    /// When the financial report is owed.
    pub report_due_on: Option<NaiveDate>,
    pub report_sent_on: Option<NaiveDate>,
}

/// A move of a dossier's status, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusChange {
    pub to: DossierStatus,
    /// The day it was sent, or decided.
    pub date: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub granted_cents: Option<i64>,
    pub conditions: String,
    pub reason: String,
}

/// The outcome after `change`, or why it cannot be made. The project's `year` sets the report's
/// default deadline: the 30th of June of the year after (six months after the usual year end).
pub fn apply_status(current: &DossierOutcome, change: &StatusChange, year: i32) -> Result<DossierOutcome> {
    use DossierStatus::*;
    if !current.status.next().contains(&change.to) {
        return Err(CoreError::invalid(
            "statut",
            format!(
                "un dossier « {} » ne peut pas passer à « {} ».",
                current.status.label().to_lowercase(),
                change.to.label().to_lowercase()
            ),
        ));
    }
    let date = |what: &str| change.date.ok_or_else(|| CoreError::invalid("date", format!("indiquez la date {what}.")));
    let mut next = DossierOutcome { status: change.to, ..current.clone() };
    match change.to {
        Preparation => next.sent_on = None,
        Envoye => {
            if current.status == Preparation {
                next.sent_on = Some(date("d'envoi")?);
            }
            (next.decided_on, next.granted_cents) = (None, None);
            next.conditions.clear();
            next.refusal_reason.clear();
        }
        Accorde => {
            let granted = change.granted_cents.filter(|c| *c > 0).ok_or_else(|| {
                CoreError::invalid("montant accordé", "indiquez le montant accordé (par exemple 18 000,00).")
            })?;
            next.decided_on = Some(date("de la décision")?);
            next.granted_cents = Some(granted);
            next.conditions = change.conditions.trim().to_string();
            next.report_due_on = current.report_due_on.or_else(|| NaiveDate::from_ymd_opt(year + 1, 6, 30));
        }
        Refuse => {
            let reason = change.reason.trim();
            if reason.is_empty() {
                return Err(CoreError::invalid("raison", "indiquez la raison du refus donnée par le financeur."));
            }
            next.decided_on = Some(date("du refus")?);
            next.refusal_reason = reason.to_string();
        }
        SansSuite => next.decided_on = change.date,
    }
    if let (Some(sent), Some(decided)) = (next.sent_on, next.decided_on) {
        if decided < sent {
            return Err(CoreError::invalid(
                "date",
                format!("la décision ({}) ne peut pas précéder l'envoi ({}).", french_date(decided), french_date(sent)),
            ));
        }
    }
    Ok(next)
}

/// A payment received for a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Payment {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub received_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount_cents: i64,
    pub note: String,
}

/// Refuses a payment that cannot be recorded: nothing granted yet, a zero or negative amount,
/// or a total received beyond what was granted.
pub fn check_payment(outcome: &DossierOutcome, received_so_far: i64, amount_cents: i64) -> Result<()> {
    let Some(granted) = outcome.granted_cents.filter(|_| outcome.status == DossierStatus::Accorde) else {
        return Err(CoreError::invalid("versement", "un versement s'enregistre sur un dossier accordé."));
    };
    if amount_cents <= 0 {
        return Err(CoreError::invalid("montant", "indiquez le montant reçu (par exemple 9 000,00)."));
    }
    if received_so_far + amount_cents > granted {
        return Err(CoreError::invalid(
            "montant",
            format!(
                "le total reçu ({}) dépasserait le montant accordé ({}) : vérifiez le montant.",
                crate::french::format_amount(received_so_far + amount_cents),
                crate::french::format_amount(granted)
            ),
        ));
    }
    Ok(())
}

/// What the financial report asks of the team today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReportReminder {
    /// Due within [`REPORT_REMINDER_DAYS`].
    DueSoon,
    Overdue,
}

pub fn report_reminder(outcome: &DossierOutcome, today: NaiveDate) -> Option<ReportReminder> {
    if outcome.status != DossierStatus::Accorde || outcome.report_sent_on.is_some() {
        return None;
    }
    let due = outcome.report_due_on?;
    if due < today {
        Some(ReportReminder::Overdue)
    } else if (due - today).num_days() <= REPORT_REMINDER_DAYS {
        Some(ReportReminder::DueSoon)
    } else {
        None
    }
}

/// One dossier as the totals count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted<'a> {
    pub year: i32,
    pub funder: &'a str,
    pub status: DossierStatus,
    pub asked_cents: i64,
    pub granted_cents: Option<i64>,
    pub received_cents: i64,
}

/// The totals of a year for one funder (or, with `funder` empty, for all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Totals {
    pub year: i32,
    pub funder: String,
    pub dossiers: u32,
    /// Asked in the dossiers sent (those still in preparation are not asked yet).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub asked_cents: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub granted_cents: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received_cents: i64,
}

/// The year's totals per funder, by name, then the year's total (funder empty).
pub fn totals(year: i32, dossiers: &[Counted<'_>]) -> Vec<Totals> {
    let mut per_funder: Vec<Totals> = Vec::new();
    let mut all = Totals { year, ..Totals::default() };
    for d in dossiers.iter().filter(|d| d.year == year && d.status != DossierStatus::Preparation) {
        let row = match per_funder.iter_mut().position(|t| t.funder == d.funder) {
            Some(i) => &mut per_funder[i],
            None => {
                per_funder.push(Totals { year, funder: d.funder.to_string(), ..Totals::default() });
                per_funder.last_mut().expect("just pushed")
            }
        };
        for t in [row, &mut all] {
            t.dossiers += 1;
            t.asked_cents += d.asked_cents;
            t.granted_cents += if d.status == DossierStatus::Accorde { d.granted_cents.unwrap_or(0) } else { 0 };
            t.received_cents += d.received_cents;
        }
    }
    per_funder.sort_by_key(|t| crate::text::fold(&t.funder));
    per_funder.push(all);
    per_funder
}

/// « 30 juin 2027 ».
pub fn french_date(day: NaiveDate) -> String {
    format!("{} {} {}", day.day(), crate::french::MONTHS[day.month0() as usize], day.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DossierStatus::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn to(status: DossierStatus, date: Option<NaiveDate>) -> StatusChange {
        StatusChange { to: status, date, ..StatusChange::default() }
    }

    #[test]
    fn a_dossier_is_sent_then_granted_with_its_amount_and_its_report_due() {
        let fresh = DossierOutcome::default();
        assert!(apply_status(&fresh, &to(Accorde, Some(day(2026, 5, 1))), 2026).is_err(), "not sent yet");
        assert!(apply_status(&fresh, &to(Envoye, None), 2026).unwrap_err().to_string().contains("date d'envoi"));
        let sent = apply_status(&fresh, &to(Envoye, Some(day(2026, 3, 15))), 2026).unwrap();
        assert_eq!((sent.status, sent.sent_on), (Envoye, Some(day(2026, 3, 15))));
        let no_amount = apply_status(&sent, &to(Accorde, Some(day(2026, 6, 2))), 2026).unwrap_err();
        assert!(no_amount.to_string().contains("montant accordé"), "{no_amount}");
        let before = StatusChange { granted_cents: Some(1_800_000), ..to(Accorde, Some(day(2026, 3, 1))) };
        assert!(apply_status(&sent, &before, 2026).unwrap_err().to_string().contains("ne peut pas précéder"));
        let granted = apply_status(
            &sent,
            &StatusChange {
                granted_cents: Some(1_800_000),
                conditions: " Bilan à mi-parcours ".into(),
                ..to(Accorde, Some(day(2026, 6, 2)))
            },
            2026,
        )
        .unwrap();
        assert_eq!(granted.granted_cents, Some(1_800_000));
        assert_eq!(granted.conditions, "Bilan à mi-parcours");
        assert_eq!(granted.report_due_on, Some(day(2027, 6, 30)), "six months after the project's year");
        // A mistake is corrected by going back to « envoyé »: the decision is forgotten.
        let back = apply_status(&granted, &to(Envoye, None), 2026).unwrap();
        assert_eq!((back.status, back.granted_cents, back.sent_on), (Envoye, None, Some(day(2026, 3, 15))));
    }

    #[test]
    fn a_refusal_needs_its_reason_and_a_dossier_may_stay_without_answer() {
        let sent = DossierOutcome { status: Envoye, sent_on: Some(day(2026, 3, 15)), ..DossierOutcome::default() };
        let bare = apply_status(&sent, &to(Refuse, Some(day(2026, 7, 1))), 2026).unwrap_err();
        assert!(bare.to_string().contains("raison du refus"));
        let refused = apply_status(
            &sent,
            &StatusChange { reason: "Enveloppe épuisée".into(), ..to(Refuse, Some(day(2026, 7, 1))) },
            2026,
        )
        .unwrap();
        assert_eq!(refused.refusal_reason, "Enveloppe épuisée");
        assert_eq!(apply_status(&sent, &to(SansSuite, None), 2026).unwrap().status, SansSuite);
        assert_eq!(DossierStatus::from_code("accordé"), Some(Accorde));
        assert_eq!(DossierStatus::from_code("sans-suite"), Some(SansSuite));
        assert_eq!(DossierStatus::from_code("perdu"), None);
    }

    #[test]
    fn payments_stay_within_what_was_granted() {
        let granted = DossierOutcome { status: Accorde, granted_cents: Some(1_800_000), ..DossierOutcome::default() };
        assert!(check_payment(&granted, 0, 900_000).is_ok());
        assert!(check_payment(&granted, 900_000, 900_000).is_ok());
        let beyond = check_payment(&granted, 900_000, 900_001).unwrap_err().to_string();
        assert!(beyond.contains("dépasserait le montant accordé (18\u{202f}000,00\u{a0}€)"), "{beyond}");
        assert!(check_payment(&granted, 0, 0).is_err());
        assert!(check_payment(&DossierOutcome::default(), 0, 100).unwrap_err().to_string().contains("dossier accordé"));
    }

    #[test]
    fn the_report_is_pointed_out_a_month_before_it_is_due() {
        let owed =
            DossierOutcome { status: Accorde, report_due_on: Some(day(2027, 6, 30)), ..DossierOutcome::default() };
        assert_eq!(report_reminder(&owed, day(2027, 5, 30)), None);
        assert_eq!(report_reminder(&owed, day(2027, 5, 31)), Some(ReportReminder::DueSoon));
        assert_eq!(report_reminder(&owed, day(2027, 7, 1)), Some(ReportReminder::Overdue));
        let sent = DossierOutcome { report_sent_on: Some(day(2027, 6, 1)), ..owed.clone() };
        assert_eq!(report_reminder(&sent, day(2027, 7, 1)), None);
    }

    #[test]
    fn totals_count_what_was_asked_granted_and_received_per_funder() {
        let d = |funder, status, asked, granted, received| Counted {
            year: 2026,
            funder,
            status,
            asked_cents: asked,
            granted_cents: granted,
            received_cents: received,
        };
        let dossiers = [
            d("Département de la Gironde", Accorde, 2_000_000, Some(1_800_000), 900_000),
            d("CAF de la Gironde", Refuse, 500_000, None, 0),
            d("Département de la Gironde", Envoye, 300_000, None, 0),
            d("CAF de la Gironde", Preparation, 999_999, None, 0),
            Counted { year: 2025, ..d("CAF de la Gironde", Accorde, 100, Some(100), 100) },
        ];
        let t = totals(2026, &dossiers);
        let rows: Vec<(&str, u32, i64, i64, i64)> = t
            .iter()
            .map(|t| (t.funder.as_str(), t.dossiers, t.asked_cents, t.granted_cents, t.received_cents))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("CAF de la Gironde", 1, 500_000, 0, 0),
                ("Département de la Gironde", 2, 2_300_000, 1_800_000, 900_000),
                ("", 3, 2_800_000, 1_800_000, 900_000),
            ]
        );
    }
}
