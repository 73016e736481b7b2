//! `fabrique-cli publications`: the communication calendar for scripts (list as JSON, the planned
//! publications as iCalendar and CSV).

use std::path::PathBuf;

use clap::Subcommand;
use fabrique_store::{files, Store};
use fabrique_usecases::publications;

use crate::{to_json, Failure};

#[derive(Subcommand)]
pub enum PublicationsCommand {
    /// Liste les publications, les prochaines d'abord.
    List {
        /// Sortie JSON (id, title, status, channels, planned_at, author, flags).
        #[arg(long)]
        json: bool,
    },
    /// Écrit les publications prévues en iCalendar (.ics), pour Outlook ou Thunderbird.
    Ics {
        /// Le fichier .ics à écrire.
        #[arg(long, value_name = "FICHIER.ics")]
        out: PathBuf,
    },
    /// Écrit toutes les publications en CSV (séparateur point-virgule), pour un tableur.
    Csv {
        /// Le fichier .csv à écrire.
        #[arg(long, value_name = "FICHIER.csv")]
        out: PathBuf,
    },
}

pub fn run(store: &mut Store, command: PublicationsCommand) -> Result<(), Failure> {
    let now = chrono::Local::now().fixed_offset();
    match command {
        PublicationsCommand::List { json } => {
            let rows = publications::rows(store, now)?;
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    let planned = r.planned_at.as_deref().unwrap_or("sans date");
                    out!("{:>5}  {:<16}  {:<12}  {}", r.id, planned, r.status_label(), r.title);
                }
            }
        }
        PublicationsCommand::Ics { out } => {
            let text = publications::calendar(store, now)?;
            files::write_document(&out, text.as_bytes())?;
            out!("Calendrier écrit : {}", out.display());
        }
        PublicationsCommand::Csv { out } => {
            let bytes = publications::csv(store, now)?;
            files::write_document(&out, &bytes)?;
            out!("Tableau écrit : {}", out.display());
        }
    }
    Ok(())
}
