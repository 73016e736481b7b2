//! A letter once a delegate writes it: stored for its month, edited entry by entry, checked
//! before it is saved, completed with what the month gathered since (« nouveautés »), marked as
//! sent, and duplicated to start another month from it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{default_title, Letter, LetterEntry, LetterSection, SECTIONS};
use crate::error::{CoreError, Result};
use crate::veille::check_link;

pub type NewsletterId = i64;

/// Longest title of the letter or of an entry.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest introduction or entry text: a letter is read in a mailbox.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Most entries in one letter.
pub const MAX_ENTRIES: usize = 100;

/// A stored letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Newsletter {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: NewsletterId,
    /// `AAAA-MM`.
    pub month: String,
    pub letter: Letter,
    /// The day it was sent (`AAAA-MM-JJ`), once a delegate said so.
    pub sent_on: Option<String>,
    /// Who started it (on a team base, the account, written by the server).
    pub author: String,
    pub updated_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

/// A stored letter in the list of past letters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewsletterSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: NewsletterId,
    pub month: String,
    pub title: String,
    pub entries: u32,
    pub sent_on: Option<String>,
}

impl Letter {
    /// The letter as it may be stored: texts trimmed, within their limits, links on the web
    /// only, every section in its place (an entry in a section this version does not know is
    /// refused rather than lost).
    pub fn cleaned(self) -> Result<Letter> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            return Err(CoreError::invalid("titre", "donnez un titre à la lettre."));
        }
        check_length("titre", &title, MAX_TITLE_CHARS)?;
        let intro = self.intro.trim().to_string();
        check_length("introduction", &intro, MAX_TEXT_CHARS)?;
        let mut sections: Vec<LetterSection> =
            SECTIONS.iter().map(|t| LetterSection { title: t.to_string(), entries: Vec::new() }).collect();
        for section in self.sections {
            let Some(place) = sections.iter_mut().find(|s| s.title == section.title) else {
                return Err(CoreError::invalid(
                    "rubrique",
                    format!("la rubrique « {} » n'existe pas : rangez ses articles dans une autre.", section.title),
                ));
            };
            for entry in section.entries {
                place.entries.push(entry.cleaned()?);
            }
        }
        let letter = Letter { title, intro, sections };
        if letter.entry_count() > MAX_ENTRIES {
            return Err(CoreError::invalid(
                "articles",
                format!("la lettre dépasse {MAX_ENTRIES} articles : gardez-en pour la suivante."),
            ));
        }
        Ok(letter)
    }
}

impl LetterEntry {
    fn cleaned(self) -> Result<LetterEntry> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            return Err(CoreError::invalid(
                "article",
                "donnez un titre à chaque article (ou retirez celui qui est vide).",
            ));
        }
        check_length("titre d'un article", &title, MAX_TITLE_CHARS)?;
        let text = self.text.trim().to_string();
        check_length(&format!("texte de « {title} »"), &text, MAX_TEXT_CHARS)?;
        let link = match self.link.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(link) => Some(check_link(link, "lien d'un article")?),
        };
        let date = self.date.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        if let Some(date) = &date {
            check_length("date d'un article", date, 60)?;
        }
        Ok(LetterEntry { title, text, link, date, origin: self.origin.trim().to_string() })
    }
}

fn check_length(field: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(CoreError::invalid("texte", format!("{field} : plus de {max} caractères, raccourcissez-le.")));
    }
    Ok(())
}

/// What `proposal` (the month composed again now) has that `letter` does not: the entries made
/// from an item or a publication not yet in the letter, each with its section. An entry the
/// delegate removed is offered again, which is why fresh entries are offered, never added by
/// themselves.
pub fn fresh_entries(letter: &Letter, proposal: &Letter) -> Vec<(String, LetterEntry)> {
    let present: HashSet<&str> =
        letter.sections.iter().flat_map(|s| &s.entries).map(|e| e.origin.as_str()).filter(|o| !o.is_empty()).collect();
    proposal
        .sections
        .iter()
        .flat_map(|s| s.entries.iter().map(move |e| (s, e)))
        .filter(|(_, e)| !e.origin.is_empty() && !present.contains(e.origin.as_str()))
        .map(|(s, e)| (s.title.clone(), e.clone()))
        .collect()
}

/// `letter` with the fresh entries of `proposal` added at the end of their sections.
pub fn with_fresh(letter: &Letter, proposal: &Letter) -> Letter {
    let mut completed = letter.clone();
    for (section, entry) in fresh_entries(letter, proposal) {
        match completed.sections.iter_mut().find(|s| s.title == section) {
            Some(place) => place.entries.push(entry),
            None => completed.sections.push(LetterSection { title: section, entries: vec![entry] }),
        }
    }
    completed
}

/// The letter `from` (of `from_month`) as the start of the letter of `year`-`month`: its
/// introduction and entries kept, its title moved to the new month when it was the default one.
/// The agenda is left out: its dates belonged to the other month.
pub fn duplicated(from: &Letter, from_month: (i32, u32), year: i32, month: u32) -> Letter {
    let title = if from.title == default_title(from_month.0, from_month.1) {
        default_title(year, month)
    } else {
        from.title.clone()
    };
    let sections = from
        .sections
        .iter()
        .map(|s| LetterSection {
            title: s.title.clone(),
            entries: if s.title == super::AGENDA { Vec::new() } else { s.entries.clone() },
        })
        .collect();
    Letter { title, intro: from.intro.clone(), sections }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, origin: &str) -> LetterEntry {
        LetterEntry { title: title.into(), text: String::new(), link: None, date: None, origin: origin.into() }
    }

    fn letter(sections: &[(&str, Vec<LetterEntry>)]) -> Letter {
        Letter {
            title: default_title(2026, 12),
            intro: "Bonjour".into(),
            sections: sections
                .iter()
                .map(|(t, e)| LetterSection { title: t.to_string(), entries: e.clone() })
                .collect(),
        }
    }

    #[test]
    fn cleaning_puts_every_section_in_its_place_and_refuses_what_cannot_be_sent() {
        let mut e = entry("  Guide CNIL ", "veille:3");
        e.link = Some(" https://www.cnil.fr/guide ".into());
        e.date = Some("  ".into());
        let cleaned = letter(&[("Agenda", vec![entry("Forum", "")]), ("Numérique", vec![e])]).cleaned().unwrap();
        let titles: Vec<&str> = cleaned.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, SECTIONS.to_vec());
        assert_eq!(cleaned.sections[1].entries[0].title, "Guide CNIL");
        assert_eq!(cleaned.sections[1].entries[0].link.as_deref(), Some("https://www.cnil.fr/guide"));
        assert_eq!(cleaned.sections[1].entries[0].date, None);
        assert_eq!(cleaned.sections[3].entries[0].title, "Forum");

        let mut hostile = entry("Piège", "");
        hostile.link = Some("javascript:alert(1)".into());
        let refused = letter(&[("Numérique", vec![hostile])]).cleaned().unwrap_err().to_string();
        assert!(refused.contains("n'est pas une adresse web"), "{refused}");
        let unknown = letter(&[("Sport", vec![entry("Match", "")])]).cleaned().unwrap_err().to_string();
        assert!(unknown.contains("« Sport » n'existe pas"), "{unknown}");
        let untitled = letter(&[("Numérique", vec![entry("  ", "")])]).cleaned().unwrap_err().to_string();
        assert!(untitled.contains("donnez un titre à chaque article"), "{untitled}");
        let mut long = letter(&[]);
        long.intro = "é".repeat(MAX_TEXT_CHARS + 1);
        assert!(long.cleaned().unwrap_err().to_string().contains("plus de 4000 caractères"));
        let many = letter(&[("Numérique", (0..=MAX_ENTRIES).map(|i| entry(&format!("n°{i}"), "")).collect())]);
        assert!(many.cleaned().unwrap_err().to_string().contains("dépasse 100 articles"));
    }

    #[test]
    fn what_the_month_gathered_since_is_offered_once() {
        let written = letter(&[
            ("Numérique", vec![entry("Guide CNIL, réécrit", "veille:3"), entry("Écrit à la main", "")]),
            ("Agenda", vec![]),
        ]);
        let proposal = letter(&[
            ("Numérique", vec![entry("Guide CNIL", "veille:3"), entry("Tutoriel", "veille:9")]),
            ("Agenda", vec![entry("Forum", "publication:2")]),
        ]);
        let fresh: Vec<(String, String)> =
            fresh_entries(&written, &proposal).into_iter().map(|(s, e)| (s, e.title)).collect();
        assert_eq!(fresh, vec![("Numérique".into(), "Tutoriel".into()), ("Agenda".into(), "Forum".into())]);
        let completed = with_fresh(&written, &proposal);
        let numerique: Vec<&str> = completed.sections[0].entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(numerique, vec!["Guide CNIL, réécrit", "Écrit à la main", "Tutoriel"], "what was written is kept");
        assert!(fresh_entries(&completed, &proposal).is_empty());
    }

    #[test]
    fn a_duplicate_starts_the_next_month_without_the_old_agenda() {
        let december = letter(&[("Numérique", vec![entry("Outils", "")]), ("Agenda", vec![entry("Forum", "")])]);
        let january = duplicated(&december, (2026, 12), 2027, 1);
        assert_eq!(january.title, "Lettre du réseau — janvier 2027");
        assert_eq!(january.intro, "Bonjour");
        assert_eq!(january.sections[0].entries[0].title, "Outils");
        assert!(january.sections[1].entries.is_empty());
        let mut named = december.clone();
        named.title = "Spécial numérique".into();
        assert_eq!(duplicated(&named, (2026, 12), 2027, 1).title, "Spécial numérique");
    }
}
