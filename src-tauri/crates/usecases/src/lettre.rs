//! The monthly newsletter (« lettre »): composed from the month's shared items and publications
//! (`fabrique_core::lettre`), exported as the HTML of an e-mail or as a PDF.

use fabrique_core::lettre::{compose, Letter};
use fabrique_store::Store;

use crate::{Result, UseCaseError};

/// The letter of `year`-`month`, with its introduction.
pub fn letter(store: &Store, year: i32, month: u32) -> Result<Letter> {
    let intro = "Voici les nouvelles du réseau, les ressources repérées par la fédération et les dates à retenir.";
    Ok(compose(year, month, intro, &store.veille_items()?, &store.publications()?))
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
