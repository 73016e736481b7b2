//! The federation's partners: the institutions, local authorities, networks and associations it
//! works with, most of which fund it or the centres (the CAF, the Département, Bordeaux
//! Métropole, HUBIK…). A partner says what it is, where, what it works on, and how often the
//! federation means to get back to it; when that falls due is computed from the last meeting.
//!
//! `mod.rs` holds the partner and its rules, `demo.rs` the demo's partners.

pub mod demo;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::validate::check_website;

pub type PartnerId = i64;

/// Longest name.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest text (address, notes).
pub const MAX_TEXT_CHARS: usize = 4_000;
/// « Relancer tous les N mois »: at most every two years.
pub const MAX_FOLLOW_UP_MONTHS: u32 = 24;

/// What kind of body a partner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    #[default]
    Financeur,
    Institution,
    Collectivite,
    Association,
    Reseau,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Financeur,
        PartnerKind::Institution,
        PartnerKind::Collectivite,
        PartnerKind::Association,
        PartnerKind::Reseau,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Financeur => "financeur",
            PartnerKind::Institution => "institution",
            PartnerKind::Collectivite => "collectivite",
            PartnerKind::Association => "association",
            PartnerKind::Reseau => "reseau",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartnerKind::Financeur => "Financeur",
            PartnerKind::Institution => "Institution",
            PartnerKind::Collectivite => "Collectivité",
            PartnerKind::Association => "Association",
            PartnerKind::Reseau => "Réseau",
        }
    }

    pub fn from_code(code: &str) -> Option<PartnerKind> {
        PartnerKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a partner's form holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartnerDraft {
    pub name: String,
    pub kind: PartnerKind,
    pub address: String,
    pub website: String,
    /// « inclusion numérique », « parentalité »…, in the order given.
    pub themes: Vec<String>,
    /// « Relancer tous les N mois »; `None`: no rhythm set.
    pub follow_up_months: Option<u32>,
    pub notes: String,
}

impl PartnerDraft {
    /// The draft as it may be stored: trimmed, within its limits, the website one the app can open.
    pub fn cleaned(mut self) -> Result<PartnerDraft> {
        self.name = self.name.trim().to_string();
        self.address = self.address.trim().to_string();
        self.website = self.website.trim().to_string();
        self.notes = self.notes.trim_end().to_string();
        let mut themes: Vec<String> = Vec::new();
        for theme in self.themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !themes.iter().any(|kept| crate::text::fold(kept) == crate::text::fold(theme)) {
                themes.push(theme.to_string());
            }
        }
        self.themes = themes;
        if self.name.is_empty() {
            return Err(CoreError::invalid("nom", "donnez le nom du partenaire."));
        }
        if self.name.chars().count() > MAX_NAME_CHARS {
            return Err(CoreError::invalid("nom", format!("le nom dépasse {MAX_NAME_CHARS} caractères.")));
        }
        for (field, text) in [("adresse", &self.address), ("notes", &self.notes)] {
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(CoreError::invalid(field, format!("le texte dépasse {MAX_TEXT_CHARS} caractères.")));
            }
        }
        check_website(&self.website).map_err(|message| CoreError::invalid("site web", message))?;
        if let Some(months) = self.follow_up_months {
            if !(1..=MAX_FOLLOW_UP_MONTHS).contains(&months) {
                return Err(CoreError::invalid(
                    "relance",
                    format!("relancez tous les 1 à {MAX_FOLLOW_UP_MONTHS} mois (et non {months})."),
                ));
            }
        }
        Ok(self)
    }
}

/// A stored partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Partner {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: PartnerId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: PartnerDraft,
    /// Moves with each change: a form saves with the version it was opened on.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

/// When the federation should get back to a partner: `follow_up_months` after the last time it
/// met them (or, never met, after the partner was recorded). `None` without a rhythm.
pub fn contact_due(
    follow_up_months: Option<u32>,
    last_contact: Option<NaiveDate>,
    recorded: NaiveDate,
) -> Option<NaiveDate> {
    let months = follow_up_months?;
    let from = last_contact.unwrap_or(recorded);
    Some(from.checked_add_months(Months::new(months)).unwrap_or(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> PartnerDraft {
        PartnerDraft { name: name.into(), ..PartnerDraft::default() }
    }

    #[test]
    fn a_partner_is_cleaned_and_checked_before_it_is_stored() {
        let cleaned = PartnerDraft {
            website: " www.caf.fr ".into(),
            themes: vec![" Parentalité ".into(), "parentalite".into(), "".into(), "Numérique".into()],
            follow_up_months: Some(6),
            ..draft("  CAF de la Gironde ")
        }
        .cleaned()
        .unwrap();
        assert_eq!(cleaned.name, "CAF de la Gironde");
        assert_eq!(cleaned.website, "www.caf.fr");
        assert_eq!(cleaned.themes, vec!["Parentalité", "Numérique"], "a theme once, whatever its accents");
        assert!(draft(" ").cleaned().unwrap_err().to_string().contains("donnez le nom"));
        let site = PartnerDraft { website: "javascript:alert(1)".into(), ..draft("X") }.cleaned().unwrap_err();
        assert!(site.to_string().contains("n'est pas l'adresse d'un site web"), "{site}");
        for months in [0, 25] {
            let refused = PartnerDraft { follow_up_months: Some(months), ..draft("X") }.cleaned().unwrap_err();
            assert!(refused.to_string().contains("1 à 24 mois"), "{refused}");
        }
        assert_eq!(PartnerKind::from_code("collectivite"), Some(PartnerKind::Collectivite));
        assert_eq!(PartnerKind::Collectivite.label(), "Collectivité");
    }

    #[test]
    fn a_partner_is_due_a_contact_some_months_after_the_last_meeting() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(contact_due(Some(3), Some(day(9, 30)), day(1, 5)), Some(day(12, 30)));
        assert_eq!(contact_due(Some(6), None, day(1, 31)), Some(day(7, 31)), "never met: from its record");
        assert_eq!(contact_due(Some(1), Some(day(1, 31)), day(1, 1)), Some(day(2, 28)), "the month's last day");
        assert_eq!(contact_due(None, Some(day(9, 30)), day(1, 5)), None);
    }
}
