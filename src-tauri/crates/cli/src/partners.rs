//! `fabrique-cli partners` and `fabrique-cli meetings`: the federation's partners, its meetings
//! between two days, and a meeting's minutes as a PDF.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use fabrique_store::Store;
use fabrique_usecases::{meetings, partners};

use crate::{to_json, today, write_pdf, Failure};

#[derive(Subcommand)]
pub enum PartnersCommand {
    /// Liste les partenaires, avec la date à laquelle les relancer.
    List {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MeetingsCommand {
    /// Liste les rencontres, les plus récentes d'abord.
    List {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// À partir de ce jour (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        from: Option<String>,
        /// Jusqu'à ce jour inclus (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        to: Option<String>,
    },
    /// Écrit le compte rendu d'une rencontre en PDF.
    Pdf {
        /// Le numéro de la rencontre (donné par `meetings list`).
        #[arg(value_name = "ID")]
        id: i64,
        /// Le fichier PDF à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

/// A day written `AAAA-MM-JJ`, or a French message saying so.
pub fn day(text: &str, what: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Failure::argument(format!("{what} « {text} » n'est pas une date : écrivez-la AAAA-MM-JJ (ex. 2026-12-31)."))
    })
}

pub fn run_partners(store: &mut Store, command: PartnersCommand) -> Result<(), Failure> {
    match command {
        PartnersCommand::List { json } => {
            let rows = partners::rows(store, today())?;
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    let due = r.contact_due.map(|d| format!("à relancer le {d}")).unwrap_or_default();
                    out!(
                        "{:>5}  {:<50}  {:<13}  {}",
                        r.partner.id,
                        r.partner.draft.name,
                        r.partner.draft.kind.label(),
                        due
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn run_meetings(store: &mut Store, command: MeetingsCommand) -> Result<(), Failure> {
    match command {
        MeetingsCommand::List { json, from, to } => {
            let from = from.as_deref().map(|d| day(d, "le début")).transpose()?;
            let to = to.as_deref().map(|d| day(d, "la fin")).transpose()?;
            let rows = meetings::rows(store, from, to, today())?;
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    let with = r.partners.iter().chain(&r.structures).cloned().collect::<Vec<_>>().join(", ");
                    out!("{:>5}  {}  {:<50}  {}", r.meeting.id, r.meeting.day(), r.meeting.draft.title, with);
                }
            }
        }
        MeetingsCommand::Pdf { id, out } => write_pdf(&out, &meetings::minutes_pdf(store, id, today())?)?,
    }
    Ok(())
}
