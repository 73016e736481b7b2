//! The demo survey: a 2021 wave of the digital-practices questionnaire answered by most of the demo
//! directory's structures, so the Enquête view and the dossiers' survey figures show real numbers
//! in a fresh demo base. Deterministic: the same structures always give the same answers.

use std::collections::BTreeMap;

use super::model::{Answer, ParsedExport, QuestionDef, QuestionKind, Submission};

pub const DEMO_FORM_TITLE: &str = "Pratiques numériques des centres sociaux et EVS de Gironde";
pub const DEMO_WAVE: &str = "2021";

/// The questions, each with its theme (None: identification questions).
pub fn demo_questions() -> Vec<(QuestionDef, Option<&'static str>)> {
    let q = |key: &str, label: &str, kind, options: &[&str], has_other| QuestionDef {
        key: key.to_string(),
        label: label.to_string(),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
        has_other,
    };
    use QuestionKind::*;
    vec![
        (q("nom", "Nom de la structure", Text, &[], false), None),
        (q("commune", "Commune", Text, &[], false), None),
        (q("type", "Type de structure", Single, &[], false), None),
        (
            q(
                "outils",
                "Outils de communication utilisés",
                Multi,
                &["Site internet", "Facebook", "Instagram", "Lettre d'information", "Affichage"],
                true,
            ),
            Some("Communication"),
        ),
        (
            q("charge_com", "Une personne est-elle chargée de la communication ?", Single, &[], false),
            Some("Communication"),
        ),
        (q("ordinateurs", "Nombre d'ordinateurs à disposition du public", Number, &[], false), Some("Équipements")),
        (q("connexion", "Type de connexion internet", Single, &[], false), Some("Équipements")),
        (
            q("accompagnement", "Proposez-vous un accompagnement numérique ?", Single, &[], false),
            Some("Médiation auprès du public"),
        ),
        (
            q(
                "publics",
                "Publics accompagnés",
                Multi,
                &["Seniors", "Demandeurs d'emploi", "Familles", "Jeunes"],
                false,
            ),
            Some("Médiation auprès du public"),
        ),
        (q("referent_rgpd", "Avez-vous un référent RGPD ?", Single, &[], false), Some("Droit et licences")),
        (q("registre", "Tenez-vous un registre des traitements ?", Single, &[], false), Some("Droit et licences")),
        (
            q("aisance", "Aisance de l'équipe", Grid, &["Traitement de texte", "Tableur", "Réseaux sociaux"], false),
            Some("Faire réseau avec le numérique"),
        ),
        (
            q("wiki", "Seriez-vous intéressés par un wiki partagé entre centres ?", Single, &[], false),
            Some("Faire réseau avec le numérique"),
        ),
        (q("besoins", "Vos besoins en quelques mots", Text, &[], false), Some("Faire réseau avec le numérique")),
    ]
}

const NEEDS: [&str; 8] = [
    "Former les bénévoles de l'accueil aux démarches en ligne.",
    "Un ordinateur portable pour les ateliers hors les murs.",
    "Savoir quoi faire des fiches d'inscription papier (RGPD).",
    "Échanger avec d'autres centres sur les réseaux sociaux.",
    "Une connexion plus fiable : la 4G ne suffit plus.",
    "Des modèles de mentions d'information « RGPD » prêts à l'emploi.",
    "Un temps de formation pour l'équipe sur le tableur.",
    "Mutualiser un poste de conseiller numérique avec la commune.",
];

/// Answers a structure's (name, commune, is a centre social) with its own deterministic choices.
/// `skip` structures (every third one from the eighth) did not answer.
pub fn demo_export(structures: &[(String, String, bool)]) -> ParsedExport {
    let mut submissions = Vec::new();
    let mut seed: u64 = 0x5EED_2021;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let pick = |i: u64, items: &[&str]| items[i as usize % items.len()].to_string();
    let mut sid = 100;
    for (i, (name, commune, centre)) in structures.iter().enumerate() {
        if i >= 8 && i % 3 == 0 {
            continue;
        }
        sid += 1;
        let mut a: BTreeMap<String, Answer> = BTreeMap::new();
        let text = |v: String| Answer::Text { value: v };
        let choice = |v: String| Answer::Choice { value: v };
        a.insert("nom".into(), text(name.clone()));
        a.insert("commune".into(), text(commune.clone()));
        a.insert("type".into(), choice(if *centre { "Centre social" } else { "Espace de vie sociale" }.into()));
        let tools = ["Site internet", "Facebook", "Instagram", "Lettre d'information", "Affichage"];
        let selected: Vec<String> = tools
            .iter()
            .enumerate()
            .filter(|(t, _)| next(100) < [70, 85, 35, 40, 60][*t])
            .map(|(_, t)| t.to_string())
            .collect();
        let other = (next(10) == 0).then(|| "Groupe WhatsApp des familles".to_string());
        a.insert("outils".into(), Answer::Choices { selected, other });
        a.insert("charge_com".into(), choice(pick(next(3), &["Oui", "Non", "Non"])));
        if next(10) > 0 {
            a.insert("ordinateurs".into(), Answer::Number { value: (next(9) + if *centre { 2 } else { 0 }) as f64 });
        }
        a.insert("connexion".into(), choice(pick(next(4), &["Fibre", "ADSL", "Fibre", "4G"])));
        a.insert("accompagnement".into(), choice(pick(next(5), &["Oui", "Non", "Oui", "En projet", "Non"])));
        let publics: Vec<String> = ["Seniors", "Demandeurs d'emploi", "Familles", "Jeunes"]
            .iter()
            .filter(|_| next(2) == 0)
            .map(|p| p.to_string())
            .collect();
        if !publics.is_empty() {
            a.insert("publics".into(), Answer::Choices { selected: publics, other: None });
        }
        a.insert("referent_rgpd".into(), choice(pick(next(3), &["Oui", "Non", "Je ne sais pas"])));
        a.insert("registre".into(), choice(pick(next(4), &["Non", "Oui", "Non", "Je ne sais pas"])));
        let levels = ["Débutant", "Intermédiaire", "Avancé"];
        let cells = ["Traitement de texte", "Tableur", "Réseaux sociaux"]
            .iter()
            .map(|row| (row.to_string(), pick(next(3), &levels)))
            .collect();
        a.insert("aisance".into(), Answer::Grid { cells });
        a.insert("wiki".into(), choice(pick(next(4), &["Oui", "Oui", "Peut-être", "Non"])));
        if next(3) > 0 {
            a.insert("besoins".into(), text(pick(next(NEEDS.len() as u64), &NEEDS)));
        }
        let day = 1 + (i % 27);
        let stamp = format!("{day:02}/06/2021 - {:02}:{:02}", 9 + i % 8, (i * 7) % 60);
        submissions.push(Submission {
            sid,
            serial: Some(sid - 100),
            submitted_at: Some(stamp.clone()),
            completed_at: Some(stamp.clone()),
            modified_at: Some(stamp),
            // Two structures started the questionnaire and never sent it.
            draft: i == 5 || i == 20,
            answers: a,
            line: 3 + submissions.len() + 1,
        });
    }
    ParsedExport {
        form_title: DEMO_FORM_TITLE.to_string(),
        questions: demo_questions().into_iter().map(|(q, _)| q).collect(),
        submissions,
        dropped_columns: vec!["IP Address".to_string(), "UID".to_string(), "Username".to_string()],
    }
}

/// The demo directory as the demo survey meets it: (name, commune, is a centre social) in the
/// order the store lists structures (by name, accents and case aside), which decides who answers.
pub fn demo_respondents(today: chrono::NaiveDate) -> Vec<(String, String, bool)> {
    let mut structures: Vec<(String, String, bool)> = crate::demo::demo_directory(today)
        .into_iter()
        .map(|d| {
            let centre = d.structure.kind == Some(crate::StructureKind::CentreSocial);
            (d.structure.name, d.structure.commune, centre)
        })
        .collect();
    // A stable sort: structures of the same folded name keep their insertion (id) order.
    structures.sort_by_cached_key(|(name, _, _)| crate::text::fold(name));
    structures
}

/// The figures a dossier quotes from the demo wave, against the whole demo directory: what a demo
/// base's dossiers print, computed without a database.
pub fn demo_figures(today: chrono::NaiveDate) -> crate::dossier::placeholders::SurveyFigures {
    let structures = demo_respondents(today);
    let export = demo_export(&structures);
    let finished: Vec<Submission> = export.submissions.into_iter().filter(|s| !s.draft).collect();
    super::figures::dossier_figures(&export.questions, &finished, structures.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_structures_answer_with_drafts_apart_and_answers_match_their_questions() {
        let structures: Vec<(String, String, bool)> =
            (0..49).map(|i| (format!("Structure {i}"), "Mérignac".to_string(), i % 3 != 0)).collect();
        let export = demo_export(&structures);
        assert!(export.submissions.len() > 30 && export.submissions.len() < 49, "{}", export.submissions.len());
        assert_eq!(export.submissions.iter().filter(|s| s.draft).count(), 2);
        let kinds: BTreeMap<_, _> = export.questions.iter().map(|q| (q.key.clone(), q.kind)).collect();
        for s in &export.submissions {
            for (key, answer) in &s.answers {
                let kind = kinds[key];
                assert_eq!(answer.as_kind(kind).as_ref(), Some(answer), "{key} holds a {kind:?} answer");
            }
        }
        assert_eq!(demo_export(&structures), export, "deterministic");
    }
}
