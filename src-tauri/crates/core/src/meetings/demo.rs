//! The demo's year of meetings with the partners and the centres, each with its follow-ups: most
//! done, some overdue, some to come.

use chrono::{Duration, NaiveDate};

use super::{FollowUp, MeetingDraft};

/// A demo meeting: who it concerns is named (partners by the start of their name, structures by
/// the end of theirs) and resolved against the base by the loader.
pub struct DemoMeeting {
    pub draft: MeetingDraft,
    pub partners: &'static [&'static str],
    pub structures: &'static [&'static str],
}

fn follow(what: &str, who: &str, due: NaiveDate, done: Option<NaiveDate>) -> FollowUp {
    FollowUp { id: None, what: what.into(), who: who.into(), due_on: Some(due), done_on: done }
}

pub fn demo_meetings(today: NaiveDate) -> Vec<DemoMeeting> {
    let ago = |days: i64| today - Duration::days(days);
    let meeting = |title: &str, days_ago: i64, place: &str, online: bool, theirs: &[&str]| MeetingDraft {
        title: title.into(),
        held_on: Some(ago(days_ago)),
        starts_at: Some("10:00".into()),
        duration_minutes: Some(90),
        place: place.into(),
        online,
        ours: vec!["Marie Dupuis".into(), "Paul Martin".into()],
        theirs: theirs.iter().map(|t| t.to_string()).collect(),
        ..MeetingDraft::default()
    };
    vec![
        DemoMeeting {
            draft: MeetingDraft {
                notes: "Bilan de l'année écoulée et perspectives : 34 structures adhérentes, deux EVS en projet."
                    .into(),
                decisions:
                    "Rencontre trimestrielle maintenue ; la CAF transmet le calendrier des renouvellements d'agrément."
                        .into(),
                follow_ups: vec![
                    follow("Envoyer le bilan des agréments 2026", "Marie Dupuis", ago(300), Some(ago(305))),
                    follow("Préparer la liste des agréments à renouveler", "Paul Martin", ago(20), None),
                ],
                ..meeting(
                    "Rencontre annuelle avec la CAF",
                    330,
                    "Bordeaux, siège de la CAF",
                    false,
                    &["Référente animation de la vie sociale"],
                )
            },
            partners: &["CAF"],
            structures: &[],
        },
        DemoMeeting {
            draft: MeetingDraft {
                notes: "Présentation de l'appel à projets AILDS et des critères de l'année.".into(),
                decisions: "La fédération accompagne trois centres dans leur dossier.".into(),
                follow_ups: vec![follow("Relire les dossiers des centres", "Paul Martin", ago(240), Some(ago(245)))],
                ..meeting(
                    "Appel à projets AILDS : réunion d'information",
                    270,
                    "",
                    true,
                    &["Chargé de mission inclusion"],
                )
            },
            partners: &["Département"],
            structures: &[],
        },
        DemoMeeting {
            draft: MeetingDraft {
                notes:
                    "Partage des ambitions sur l'inclusion numérique : permanences, formation des aidants, équipement."
                        .into(),
                decisions: "Une carte commune des permanences numériques de Gironde.".into(),
                follow_ups: vec![
                    follow("Recenser les permanences numériques des centres", "Marie Dupuis", ago(45), None),
                    follow("Proposer une date de formation des aidants", "HUBIK", ago(10), Some(ago(12))),
                ],
                ..meeting(
                    "Inclusion numérique : feuille de route commune",
                    120,
                    "Mérignac, fédération",
                    false,
                    &["Coordinatrice HUBIK"],
                )
            },
            partners: &["HUBIK", "Emmaüs"],
            structures: &[],
        },
        DemoMeeting {
            draft: MeetingDraft {
                notes: "Visite du centre : projet social en renouvellement, nouvelle directrice.".into(),
                follow_ups: vec![follow("Envoyer la trame du projet social", "Paul Martin", ago(5), None)],
                ..meeting(
                    "Visite : renouvellement du projet social",
                    30,
                    "Bordeaux, Bacalan",
                    false,
                    &["Directrice du centre"],
                )
            },
            partners: &[],
            structures: &["Bacalan"],
        },
        DemoMeeting {
            draft: MeetingDraft {
                notes: "Ordre du jour : politique de la ville, quartiers prioritaires.".into(),
                follow_ups: vec![follow(
                    "Préparer les chiffres des centres en quartier prioritaire",
                    "Marie Dupuis",
                    today + Duration::days(10),
                    None,
                )],
                ..meeting(
                    "Point politique de la ville",
                    -14,
                    "Bordeaux Métropole, Cité municipale",
                    false,
                    &["Service politique de la ville"],
                )
            },
            partners: &["Bordeaux Métropole"],
            structures: &[],
        },
    ]
}
