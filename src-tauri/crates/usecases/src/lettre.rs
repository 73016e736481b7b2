//! The monthly newsletter (« lettre »): proposed from the month's shared items and publications
//! (`fabrique_core::lettre`), written and kept per month, duplicated to start another, exported
//! as the HTML of an e-mail or as a PDF. A month with a written letter exports what was written;
//! otherwise the proposal.

use chrono::NaiveDate;
use fabrique_api::LetterMonth;
use fabrique_core::lettre::edit::{duplicated, fresh_entries, with_fresh, Newsletter, NewsletterId};
use fabrique_core::lettre::{compose, month_code, parse_month, Letter, DEFAULT_INTRO};
use fabrique_core::CoreError;
use fabrique_store::Store;

use crate::{Result, UseCaseError};

/// The month composed now from what it gathered: the shared items not already in the letter
/// of another month, and the month's publications.
pub fn proposal(store: &Store, year: i32, month: u32) -> Result<Letter> {
    let elsewhere = store.newsletter_origins_besides(&month_code(year, month))?;
    let mut items = store.veille_items()?;
    items.retain(|i| !elsewhere.contains(&format!("veille:{}", i.id)));
    Ok(compose(year, month, DEFAULT_INTRO, &items, &store.publications()?))
}

/// The letter of `year`-`month` as it would be sent: the one written, or the proposal.
pub fn letter(store: &Store, year: i32, month: u32) -> Result<Letter> {
    match store.newsletter_of_month(&month_code(year, month))? {
        Some(written) => Ok(written.letter),
        None => proposal(store, year, month),
    }
}

/// What the « Lettre » tab shows for a month.
pub fn month(store: &Store, year: i32, month: u32) -> Result<LetterMonth> {
    let code = month_code(year, month);
    let proposal = proposal(store, year, month)?;
    let written = store.newsletter_of_month(&code)?;
    let fresh = written
        .as_ref()
        .map(|w| fresh_entries(&w.letter, &proposal).into_iter().map(|(_, e)| e.title).collect())
        .unwrap_or_default();
    Ok(LetterMonth { month: code, written, proposal, fresh, past: store.newsletters()? })
}

/// Starts writing the month's letter from its proposal.
pub fn start(store: &mut Store, year: i32, month: u32) -> Result<LetterMonth> {
    let letter = proposal(store, year, month)?;
    store.create_newsletter(&month_code(year, month), letter)?;
    self::month(store, year, month)
}

/// Starts the month's letter from the letter `from` of another month (without its agenda).
pub fn duplicate(store: &mut Store, from: NewsletterId, year: i32, month: u32) -> Result<LetterMonth> {
    let source = store.newsletter(from)?;
    let from_month = parse_month(&source.month).ok_or_else(|| {
        CoreError::invalid("mois", format!("le mois « {} » de la lettre est illisible.", source.month))
    })?;
    store.create_newsletter(&month_code(year, month), duplicated(&source.letter, from_month, year, month))?;
    self::month(store, year, month)
}

/// Saves the letter as edited, against the version the editor opened.
pub fn save(store: &mut Store, id: NewsletterId, letter: Letter, opened_version: Option<i64>) -> Result<Newsletter> {
    Ok(store.save_newsletter(id, letter, opened_version)?)
}

/// Adds to the written letter what its month gathered since (« nouveautés »).
pub fn add_fresh(store: &mut Store, id: NewsletterId, opened_version: i64) -> Result<LetterMonth> {
    let written = store.newsletter(id)?;
    let (year, month) = year_month(&written)?;
    let completed = with_fresh(&written.letter, &proposal(store, year, month)?);
    store.save_newsletter(id, completed, Some(opened_version))?;
    self::month(store, year, month)
}

/// Marks the letter as sent on `sent_on`, or as not sent (`None`).
pub fn mark_sent(store: &mut Store, id: NewsletterId, sent_on: Option<NaiveDate>) -> Result<LetterMonth> {
    let written = store.mark_newsletter_sent(id, sent_on)?;
    let (year, month) = year_month(&written)?;
    self::month(store, year, month)
}

/// Forgets what was written: the month shows its proposal again.
pub fn discard(store: &mut Store, id: NewsletterId) -> Result<LetterMonth> {
    let written = store.newsletter(id)?;
    let (year, month) = year_month(&written)?;
    store.delete_newsletter(id)?;
    self::month(store, year, month)
}

fn year_month(written: &Newsletter) -> Result<(i32, u32)> {
    Ok(parse_month(&written.month).ok_or_else(|| {
        CoreError::invalid("mois", format!("le mois « {} » de la lettre est illisible.", written.month))
    })?)
}

fn federation(store: &Store) -> Result<String> {
    let name = store.federation()?.name;
    Ok(if name.trim().is_empty() { "Fédération des Centres Sociaux de la Gironde".to_string() } else { name })
}

/// The HTML of the e-mail, ready to paste into the mailing tool.
pub fn html(store: &Store, year: i32, month: u32) -> Result<String> {
    let letter = letter(store, year, month)?;
    fabrique_reports::lettre::letter_html(&letter, &federation(store)?).map_err(|e| {
        UseCaseError::refused(
            fabrique_core::ErrorCode::Internal,
            format!("La lettre n'a pas pu être mise en page ({e}) : signalez-le au service informatique."),
        )
    })
}

pub fn pdf(store: &Store, year: i32, month: u32) -> Result<Vec<u8>> {
    let letter = letter(store, year, month)?;
    Ok(fabrique_pdf::to_pdf(&fabrique_reports::lettre::letter_document(&letter, &federation(store)?))?)
}
