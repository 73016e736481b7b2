//! The monthly newsletter (« lettre ») composed from what the month gathered: the news watch's
//! items marked « à partager » (with their notes), the publications of the month, and the dates
//! to come. Grouped in sections (Actualités du réseau, Numérique, Financements, Agenda); the
//! HTML e-mail and the PDF are drawn from the same [`Letter`] by `fabrique-reports`.
//!
//! A letter is first a proposal composed here; once a delegate starts writing it, it is stored
//! and edited entry by entry ([`edit`]), and what the month gathers afterwards is offered as
//! « nouveautés » without touching what was written.

pub mod edit;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::french::MONTHS;

fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}
use crate::publications::{Publication, PublicationStatus};
use crate::veille::Item;

/// One entry of a section: a title, a text, and where to read more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterEntry {
    pub title: String,
    pub text: String,
    pub link: Option<String>,
    /// « 12 décembre », for the agenda.
    pub date: Option<String>,
    /// What the entry was made from, `veille:12` or `publication:4`; empty for one written by
    /// hand. An origin already in the letter is not offered again as new.
    #[serde(default)]
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterSection {
    /// One of [`SECTIONS`].
    pub title: String,
    pub entries: Vec<LetterEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Letter {
    /// « Lettre du réseau — décembre 2026 ».
    pub title: String,
    pub intro: String,
    /// Every section of [`SECTIONS`], in that order, even empty ones (the editor offers them
    /// all; what is drawn leaves the empty ones out).
    pub sections: Vec<LetterSection>,
}

impl Letter {
    /// The sections that have something to say, as drawn in the e-mail and the PDF.
    pub fn filled_sections(&self) -> impl Iterator<Item = &LetterSection> {
        self.sections.iter().filter(|s| !s.entries.is_empty())
    }

    pub fn entry_count(&self) -> usize {
        self.sections.iter().map(|s| s.entries.len()).sum()
    }
}

const NETWORK: &str = "Actualités du réseau";
const DIGITAL: &str = "Numérique";
const FUNDING: &str = "Financements";
const AGENDA: &str = "Agenda";

/// The letter's sections, in their order.
pub const SECTIONS: [&str; 4] = [NETWORK, DIGITAL, FUNDING, AGENDA];

/// The introduction a new letter starts with.
pub const DEFAULT_INTRO: &str =
    "Voici les nouvelles du réseau, les ressources repérées par la fédération et les dates à retenir.";

/// « Lettre du réseau — décembre 2026 ».
pub fn default_title(year: i32, month: u32) -> String {
    format!("Lettre du réseau — {} {year}", month_name(month))
}

/// The letter of `year`-`month`. An item marked « à partager » goes to Financements when tagged
/// so, to Numérique when tagged numérique, RGPD or outils, otherwise to the network's news; a
/// publication of the month that went out (or goes out) on the site or in the letter is network
/// news; the validated and planned ones still to come in the month make the agenda.
pub fn compose(year: i32, month: u32, intro: &str, items: &[Item], publications: &[Publication]) -> Letter {
    let mut network = Vec::new();
    let mut digital = Vec::new();
    let mut funding = Vec::new();
    let mut agenda = Vec::new();
    for item in items.iter().filter(|i| i.share) {
        let entry = LetterEntry {
            title: item.title.clone(),
            text: if item.note.is_empty() { item.summary.clone() } else { item.note.clone() },
            link: Some(item.link.clone()),
            date: None,
            origin: format!("veille:{}", item.id),
        };
        let tagged =
            |tags: &[&str]| item.tags.iter().any(|t| tags.iter().any(|w| crate::text::fold(t) == crate::text::fold(w)));
        if tagged(&["financements"]) {
            funding.push(entry);
        } else if tagged(&["numérique", "RGPD", "outils"]) {
            digital.push(entry);
        } else {
            network.push(entry);
        }
    }
    let in_month = |p: &&Publication| p.draft.planned_at.is_some_and(|at| at.year() == year && at.month() == month);
    let mut of_month: Vec<&Publication> = publications.iter().filter(in_month).collect();
    of_month.sort_by_key(|p| p.draft.planned_at);
    for p in of_month {
        let date = p.draft.planned_at.map(|at| format!("{} {}", at.day(), month_name(at.month())));
        match p.status {
            PublicationStatus::Publiee => network.push(LetterEntry {
                title: p.draft.title.clone(),
                text: p.draft.text.clone(),
                link: (!p.link.is_empty()).then(|| p.link.clone()),
                date: None,
                origin: format!("publication:{}", p.id),
            }),
            PublicationStatus::Validee | PublicationStatus::Programmee => agenda.push(LetterEntry {
                title: p.draft.title.clone(),
                text: p.draft.text.clone(),
                link: None,
                date,
                origin: format!("publication:{}", p.id),
            }),
            _ => {}
        }
    }
    let sections = [(NETWORK, network), (DIGITAL, digital), (FUNDING, funding), (AGENDA, agenda)]
        .into_iter()
        .map(|(title, entries)| LetterSection { title: title.to_string(), entries })
        .collect();
    Letter { title: default_title(year, month), intro: intro.trim().to_string(), sections }
}

/// The month written `AAAA-MM`.
pub fn month_code(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The month written `AAAA-MM`, read.
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let date = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()?;
    Some((date.year(), date.month()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publications::demo::demo_publications;
    use crate::publications::PublicationDraft;

    fn item(title: &str, tags: &[&str], share: bool, note: &str) -> Item {
        Item {
            id: 1,
            source_id: None,
            link: format!("https://exemple.fr/{}", title.len()),
            title: title.into(),
            summary: "Résumé du flux.".into(),
            published_at: None,
            found_at: String::new(),
            read: true,
            share,
            note: note.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn publication(title: &str, status: PublicationStatus, day: u32, month: u32) -> Publication {
        Publication {
            id: 1,
            draft: PublicationDraft {
                title: title.into(),
                text: "Texte.".into(),
                planned_at: NaiveDate::from_ymd_opt(2026, month, day).unwrap().and_hms_opt(10, 0, 0),
                ..PublicationDraft::default()
            },
            status,
            author: String::new(),
            validator: String::new(),
            refusal_reason: String::new(),
            link: "https://facebook.com/p/1".into(),
            asked_at: None,
            updated_at: String::new(),
            version: 1,
        }
    }

    #[test]
    fn shared_items_and_the_months_publications_make_the_sections() {
        let items = [
            item("Appel à projets", &["financements"], true, "Dépôt avant le 31."),
            item("Guide CNIL", &["rgpd"], true, ""),
            item("Rencontre nationale", &["réseau"], true, "Écho national."),
            item("Pas partagé", &["numérique"], false, ""),
        ];
        let publications = [
            publication("Journée du réseau", PublicationStatus::Publiee, 3, 12),
            publication("Portes ouvertes", PublicationStatus::Programmee, 19, 12),
            publication("Refusée", PublicationStatus::Refusee, 20, 12),
            publication("Mois suivant", PublicationStatus::Programmee, 5, 1),
        ];
        let letter = compose(2026, 12, " Bonne lecture ! ", &items, &publications);
        assert_eq!(letter.title, "Lettre du réseau — décembre 2026");
        assert_eq!(letter.intro, "Bonne lecture !");
        let titles: Vec<(&str, Vec<&str>)> = letter
            .filled_sections()
            .map(|s| (s.title.as_str(), s.entries.iter().map(|e| e.title.as_str()).collect()))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Actualités du réseau", vec!["Rencontre nationale", "Journée du réseau"]),
                ("Numérique", vec!["Guide CNIL"]),
                ("Financements", vec!["Appel à projets"]),
                ("Agenda", vec!["Portes ouvertes"]),
            ]
        );
        assert_eq!(letter.sections.len(), 4, "every section, for the editor");
        assert_eq!(letter.sections[2].entries[0].text, "Dépôt avant le 31.", "the note before the feed's summary");
        assert_eq!(letter.sections[2].entries[0].origin, "veille:1");
        assert_eq!(letter.sections[3].entries[0].origin, "publication:1");
        assert_eq!(letter.sections[1].entries[0].text, "Résumé du flux.");
        assert_eq!(letter.sections[3].entries[0].date.as_deref(), Some("19 décembre"));
        assert_eq!(parse_month("2026-12"), Some((2026, 12)));
        assert_eq!(parse_month("décembre"), None);
    }

    #[test]
    fn the_demo_month_has_an_agenda() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let publications: Vec<Publication> = demo_publications(today)
            .into_iter()
            .enumerate()
            .map(|(i, d)| Publication {
                id: i as i64,
                draft: d.draft,
                status: d.status,
                ..publication("", d.status, 1, 1)
            })
            .collect();
        let letter = compose(2026, 12, "", &[], &publications);
        assert!(letter.filled_sections().any(|s| s.title == "Agenda"));
    }
}
