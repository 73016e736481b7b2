//! `fabrique-cli lettre`: the month's newsletter as the HTML of an e-mail or as a PDF.

use std::path::PathBuf;

use clap::Subcommand;
use fabrique_store::{files, Store};
use fabrique_usecases::lettre;

use crate::Failure;

#[derive(Subcommand)]
pub enum LettreCommand {
    /// Écrit la lettre du mois en HTML, prête à coller dans l'outil d'envoi.
    Html {
        /// Le mois, AAAA-MM.
        #[arg(long, value_name = "AAAA-MM")]
        month: String,
        /// Le fichier .html à écrire.
        #[arg(long, value_name = "FICHIER.html")]
        out: PathBuf,
    },
    /// Écrit la lettre du mois en PDF.
    Pdf {
        /// Le mois, AAAA-MM.
        #[arg(long, value_name = "AAAA-MM")]
        month: String,
        /// Le fichier .pdf à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

fn month(text: &str) -> Result<(i32, u32), Failure> {
    fabrique_core::lettre::parse_month(text).ok_or_else(|| {
        Failure::argument(format!("mois « {text} » illisible : écrivez-le AAAA-MM, par exemple 2026-12."))
    })
}

pub fn run(store: &mut Store, command: LettreCommand) -> Result<(), Failure> {
    match command {
        LettreCommand::Html { month: m, out } => {
            let (year, month) = month(&m)?;
            files::write_document(&out, lettre::html(store, year, month)?.as_bytes())?;
            out!("Lettre écrite : {}", out.display());
        }
        LettreCommand::Pdf { month: m, out } => {
            let (year, month) = month(&m)?;
            let bytes = lettre::pdf(store, year, month)?;
            files::write_document(&out, &bytes)?;
            out!("PDF écrit : {} ({} Ko)", out.display(), bytes.len().div_ceil(1024));
        }
    }
    Ok(())
}
