//! `fabrique-cli veille`: the news watch for scripts (follow a feed, fetch every feed, list the
//! items, add a link by hand).

use clap::Subcommand;
use fabrique_store::veille_fetch::FetchLimits;
use fabrique_store::Store;
use fabrique_usecases::veille;

use crate::{to_json, Failure};

#[derive(Subcommand)]
pub enum VeilleCommand {
    /// Suit un flux RSS ou Atom (Google Alerts, la CNIL, la Fédération nationale…).
    AddFeed {
        /// L'adresse du flux.
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Relève tous les flux : les nouveaux articles de chacun, ou son erreur.
    Fetch {
        /// Sortie JSON (source_id, url, title, new_items, error).
        #[arg(long)]
        json: bool,
    },
    /// Liste les articles, les plus récents d'abord.
    List {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ajoute un article à la main, depuis un lien (publication LinkedIn ou X).
    AddLink {
        /// Le lien de l'article ou de la publication.
        #[arg(value_name = "URL")]
        url: String,
        /// Son titre.
        #[arg(long)]
        title: String,
        /// Une note pour la lettre.
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn run(store: &mut Store, command: VeilleCommand) -> Result<(), Failure> {
    match command {
        VeilleCommand::AddFeed { url } => {
            let source = veille::add_feed(store, &url)?;
            out!("Flux suivi : {} (n° {}).", source.url, source.id);
        }
        VeilleCommand::Fetch { json } => {
            let reports = veille::fetch_all(store, FetchLimits::default())?;
            if json {
                out!("{}", to_json(&reports));
            } else {
                for r in &reports {
                    match &r.error {
                        Some(error) => out!("{:>5}  {}  erreur : {error}", r.source_id, r.url),
                        None => out!("{:>5}  {}  {} nouveaux articles", r.source_id, r.url, r.new_items),
                    }
                }
            }
        }
        VeilleCommand::List { json } => {
            let items = veille::view(store)?.items;
            if json {
                out!("{}", to_json(&items));
            } else {
                for i in &items {
                    let share = if i.share { "à partager" } else { "" };
                    out!("{:>5}  {:<10}  {}  {}", i.id, share, i.title, i.link);
                }
            }
        }
        VeilleCommand::AddLink { url, title, note } => {
            let item = veille::add_link(store, &url, &title, &note)?;
            out!("Ajouté à la veille : {} (n° {}).", item.title, item.id);
        }
    }
    Ok(())
}
