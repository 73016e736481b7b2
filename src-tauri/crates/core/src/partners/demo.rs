//! The demo's partners: the institutions the federation of Gironde works with.

use super::{PartnerDraft, PartnerKind};

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
