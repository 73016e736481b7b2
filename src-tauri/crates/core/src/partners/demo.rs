//! The demo's partners: the institutions the federation of Gironde works with.

use chrono::{Duration, NaiveDate};

use super::{PartnerDraft, PartnerKind};
use crate::model::PersonDraft;

fn partner(
    name: &str,
    kind: PartnerKind,
    address: &str,
    website: &str,
    themes: &[&str],
    months: Option<u32>,
) -> PartnerDraft {
    PartnerDraft {
        name: name.into(),
        kind,
        address: address.into(),
        website: website.into(),
        themes: themes.iter().map(|t| t.to_string()).collect(),
        follow_up_months: months,
        notes: String::new(),
    }
}

pub fn demo_partners() -> Vec<PartnerDraft> {
    use PartnerKind::*;
    vec![
        partner(
            "CAF de la Gironde",
            Financeur,
            "Rue du Docteur Gabriel Péry, 33078 Bordeaux",
            "https://www.caf.fr",
            &["agréments centres sociaux et EVS", "parentalité", "animation de la vie sociale"],
            Some(3),
        ),
        partner(
            "Département de la Gironde",
            Collectivite,
            "1 esplanade Charles-de-Gaulle, 33074 Bordeaux",
            "https://www.gironde.fr",
            &["appel à projets AILDS", "inclusion numérique", "insertion"],
            Some(4),
        ),
        partner(
            "Bordeaux Métropole",
            Collectivite,
            "Esplanade Charles-de-Gaulle, 33045 Bordeaux",
            "https://www.bordeaux-metropole.fr",
            &["politique de la ville", "inclusion numérique"],
            Some(6),
        ),
        partner(
            "HUBIK",
            Reseau,
            "Bordeaux",
            "https://www.hubik.fr",
            &["inclusion numérique", "conseillers numériques", "formation des aidants"],
            Some(2),
        ),
        partner(
            "Emmaüs Connect",
            Association,
            "Bordeaux",
            "https://emmaus-connect.org",
            &["inclusion numérique", "équipement solidaire"],
            Some(6),
        ),
        partner(
            "Fédération des centres sociaux et socioculturels de France",
            Reseau,
            "10 rue Montcalm, 75018 Paris",
            "https://www.centres-sociaux.fr",
            &["réseau", "projet fédéral", "formation"],
            None,
        ),
    ]
}

/// The demo partners' contacts, each with the partner it belongs to (by the start of its name):
/// where their data came from and when; one collected four years ago and never checked since.
pub fn demo_contacts(today: NaiveDate) -> Vec<(&'static str, PersonDraft)> {
    let contact = |first: &str, last: &str, role: &str, email: &str, from: &str, days_ago: i64| PersonDraft {
        first_name: first.into(),
        last_name: last.into(),
        role: role.into(),
        email: email.into(),
        phone: String::new(),
        collected_from: from.into(),
        collected_on: Some(today - Duration::days(days_ago)),
        reviewed_on: None,
    };
    vec![
        (
            "CAF",
            contact(
                "Sophie",
                "Lambert",
                "Conseillère animation de la vie sociale",
                "sophie.lambert@exemple.fr",
                "Rencontre annuelle",
                330,
            ),
        ),
        (
            "Département",
            contact(
                "Karim",
                "Benali",
                "Chargé de mission inclusion numérique",
                "k.benali@exemple.fr",
                "Réunion AILDS",
                270,
            ),
        ),
        ("HUBIK", contact("Léa", "Moreau", "Coordinatrice", "lea.moreau@exemple.fr", "Carte de visite", 120)),
        (
            "Bordeaux Métropole",
            contact("Jean", "Dupré", "Service politique de la ville", "", "Annuaire de la Métropole", 1500),
        ),
    ]
}
