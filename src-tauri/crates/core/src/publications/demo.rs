//! The demo's publications: a dozen over two months around today, at every stage, one refused
//! with its reason and one waiting too long for validation.

use chrono::{Duration, NaiveDate};

use super::{Channel, PublicationDraft, PublicationStatus};

/// A demo publication as the store writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPublication {
    pub draft: PublicationDraft,
    pub status: PublicationStatus,
    pub author: &'static str,
    pub validator: &'static str,
    pub refusal_reason: &'static str,
    pub link: &'static str,
    /// Days before today it was sent for validation.
    pub asked_days_ago: Option<i64>,
    /// Comments, by author.
    pub comments: &'static [(&'static str, &'static str)],
}

pub fn demo_publications(today: NaiveDate) -> Vec<DemoPublication> {
    use Channel::*;
    use PublicationStatus::*;
    let at = |days: i64, hour: u32| (today + Duration::days(days)).and_hms_opt(hour, 0, 0);
    let draft = |title: &str, text: &str, channels: &[Channel], planned| PublicationDraft {
        title: title.into(),
        text: text.into(),
        channels: channels.to_vec(),
        structure_ids: Vec::new(),
        partners: Vec::new(),
        planned_at: planned,
    };
    let item = |draft, status, author| DemoPublication {
        draft,
        status,
        author,
        validator: "",
        refusal_reason: "",
        link: "",
        asked_days_ago: None,
        comments: &[],
    };
    vec![
        DemoPublication {
            link: "https://www.facebook.com/fcsgironde/posts/1",
            validator: "Paul Martin",
            ..item(
                draft(
                    "Retour sur la journée du réseau",
                    "Merci aux 34 centres sociaux et EVS présents à Mérignac ! Les photos et le compte rendu arrivent.",
                    &[Facebook, Linkedin],
                    at(-27, 10),
                ),
                Publiee,
                "Marie Dupuis",
            )
        },
        DemoPublication {
            link: "https://www.centres-sociaux-gironde.fr/lettre-novembre",
            validator: "Paul Martin",
            ..item(
                draft(
                    "Lettre de novembre",
                    "Au sommaire : les conseillers numériques, le RGPD dans les centres, les appels à projets.",
                    &[Lettre, Site],
                    at(-20, 9),
                ),
                Publiee,
                "Marie Dupuis",
            )
        },
        DemoPublication {
            link: "https://www.linkedin.com/posts/fcsg33-2",
            validator: "Marie Dupuis",
            ..item(
                draft(
                    "Les conseillers numériques en Gironde",
                    "Qui sont-ils, où les trouver : la carte des permanences dans les centres.",
                    &[Linkedin],
                    at(-12, 11),
                ),
                Publiee,
                "Paul Martin",
            )
        },
        DemoPublication {
            validator: "Paul Martin",
            ..item(
                draft(
                    "Atelier « Enlever les métadonnées d'une photo »",
                    "Un tutoriel pas à pas pour les animateurs et animatrices.",
                    &[Facebook, Site],
                    at(3, 18),
                ),
                Programmee,
                "Marie Dupuis",
            )
        },
        DemoPublication {
            validator: "Marie Dupuis",
            ..item(
                draft(
                    "Appel à projets AILDS : dernier rappel",
                    "Les dossiers sont à déposer avant la fin du mois : la fédération relit les vôtres.",
                    &[Facebook, Linkedin, Lettre],
                    at(8, 9),
                ),
                Programmee,
                "Paul Martin",
            )
        },
        DemoPublication {
            validator: "Paul Martin",
            ..item(
                draft(
                    "Portes ouvertes au centre social de Bacalan",
                    "Samedi, de 10 h à 17 h : ateliers, repas partagé, présentation du projet social.",
                    &[Facebook],
                    at(12, 17),
                ),
                Validee,
                "Marie Dupuis",
            )
        },
        DemoPublication {
            asked_days_ago: Some(1),
            comments: &[("Paul Martin", "Ajouter le lien vers le formulaire d'inscription ?")],
            ..item(
                draft(
                    "Formation RGPD pour les bénévoles",
                    "Deux demi-journées en janvier pour comprendre ce qu'un centre peut demander et garder.",
                    &[Lettre, Site],
                    at(15, 9),
                ),
                AValider,
                "Marie Dupuis",
            )
        },
        DemoPublication {
            asked_days_ago: Some(6),
            ..item(
                draft(
                    "Les licences Creative Commons expliquées",
                    "Quelle licence choisir pour les photos et les affiches des centres ?",
                    &[Facebook, Linkedin],
                    at(2, 12),
                ),
                AValider,
                "Paul Martin",
            )
        },
        DemoPublication {
            validator: "Marie Dupuis",
            refusal_reason: "La photo montre des enfants reconnaissables sans autorisation de leurs parents.",
            comments: &[("Marie Dupuis", "Une photo de l'atelier sans visages ferait l'affaire.")],
            ..item(
                draft(
                    "Sortie familles au bassin d'Arcachon",
                    "Retour en images sur la sortie de l'été.",
                    &[Facebook],
                    at(5, 16),
                ),
                Refusee,
                "Paul Martin",
            )
        },
        item(
            draft(
                "Conseils de la CNIL : les données qu'un centre peut demander",
                "À partir de la fiche de la CNIL, ce qu'un centre peut demander à l'inscription.",
                &[Site, Lettre],
                at(20, 9),
            ),
            Redaction,
            "Marie Dupuis",
        ),
        item(draft("Lettre de janvier", "", &[Lettre], at(33, 9)), Redaction, "Paul Martin"),
        item(draft("Vœux de la fédération", "", &[Facebook, Linkedin, Site], None), Idee, "Marie Dupuis"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publications::{flags_of, Flag, Publication, WAITING_DAYS_DEFAULT};

    #[test]
    fn the_demo_has_every_stage_a_refusal_and_an_overdue_validation() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let demo = demo_publications(today);
        assert!(demo.len() >= 12);
        for status in PublicationStatus::ALL {
            assert!(demo.iter().any(|p| p.status == status), "{status:?}");
        }
        assert!(demo.iter().all(|p| p.draft.clone().cleaned().is_ok()));
        let refused = demo.iter().find(|p| p.status == PublicationStatus::Refusee).unwrap();
        assert!(!refused.refusal_reason.is_empty());
        let now = today.and_hms_opt(12, 0, 0).unwrap();
        let overdue = demo.iter().filter(|p| {
            let stored = Publication {
                id: 1,
                draft: p.draft.clone(),
                status: p.status,
                author: p.author.into(),
                validator: p.validator.into(),
                refusal_reason: p.refusal_reason.into(),
                link: p.link.into(),
                asked_at: p.asked_days_ago.map(|d| (now - Duration::days(d)).and_utc().to_rfc3339()),
                updated_at: String::new(),
                version: 1,
            };
            flags_of(&stored, now.and_utc(), now, WAITING_DAYS_DEFAULT).contains(&Flag::WaitingTooLong)
        });
        assert_eq!(overdue.count(), 1);
    }
}
