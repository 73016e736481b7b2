//! `fabrique-cli dossier status` and `dossier totals`: a dossier's life after it is sent, and the
//! year's totals per funder.

use std::path::PathBuf;

use fabrique_core::dossier::life::{DossierStatus, StatusChange};
use fabrique_core::french::{format_amount, parse_amount};
use fabrique_store::Store;
use fabrique_usecases::dossier_life;

use crate::partners::day;
use crate::{to_json, today, Failure};

#[allow(clippy::too_many_arguments)]
pub fn status(
    store: &mut Store,
    id: i64,
    status: &str,
    amount: Option<String>,
    date: Option<String>,
    reason: Option<String>,
    conditions: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    let to = DossierStatus::from_code(status).ok_or_else(|| {
        let known: Vec<&str> = DossierStatus::ALL.iter().map(|s| s.code()).collect();
        Failure::argument(format!("statut « {status} » inconnu : choisissez parmi {}.", known.join(", ")))
    })?;
    let granted_cents =
        amount.as_deref().map(parse_amount).transpose().map_err(|e| Failure::argument(e.to_string()))?;
    let date = match date {
        Some(text) => day(&text, "la date")?,
        None => today(),
    };
    let change = StatusChange {
        to,
        date: Some(date),
        granted_cents,
        conditions: conditions.unwrap_or_default(),
        reason: reason.unwrap_or_default(),
    };
    let view = dossier_life::set_status(store, id, &change, today())?;
    if json {
        out!("{}", to_json(&view));
    } else {
        let granted = view.outcome.granted_cents.map(|c| format!(" : {}", format_amount(c))).unwrap_or_default();
        out!("Dossier n° {id} : {}{granted}", view.outcome.status.label().to_lowercase());
    }
    Ok(())
}

pub fn totals(store: &mut Store, year: i32, json: bool, xlsx: Option<PathBuf>) -> Result<(), Failure> {
    let totals = dossier_life::totals(store, year, today())?;
    if let Some(path) = &xlsx {
        dossier_life::export_totals(store, year, path, today())?;
    }
    if json {
        out!("{}", to_json(&totals));
    } else {
        for t in &totals {
            let funder = if t.funder.is_empty() { format!("Total {year}") } else { t.funder.clone() };
            out!(
                "{:<45}  {:>3} dossier(s)  demandé {:>14}  accordé {:>14}  reçu {:>14}",
                funder,
                t.dossiers,
                format_amount(t.asked_cents),
                format_amount(t.granted_cents),
                format_amount(t.received_cents)
            );
        }
        if let Some(path) = xlsx {
            out!("Classeur écrit : {}", path.display());
        }
    }
    Ok(())
}
