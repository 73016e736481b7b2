//! Fictional but realistic demo data: real Gironde communes, made-up structures and people.
//! Deterministic, so screenshots and tests see the same directory every time.

use chrono::{Datelike, Days, NaiveDate};

use crate::communes::gironde;
use crate::import::resolve_commune;
use crate::model::{Area, PersonDraft, StructureDraft, StructureKind, VisitDraft};

pub const DEMO_MEMBERS: usize = 34;
pub const DEMO_NON_MEMBERS: usize = 15;

pub struct DemoStructure {
    pub structure: StructureDraft,
    pub people: Vec<PersonDraft>,
    pub visits: Vec<VisitDraft>,
}

/// (name, kind is centre social, commune, qpv, rural)
const STRUCTURES: [(&str, bool, &str, bool, bool); DEMO_MEMBERS + DEMO_NON_MEMBERS] = [
    ("Centre social et culturel de Beaudésert", true, "Mérignac", true, false),
    ("Centre social Arts et Loisirs d'Arlac", true, "Mérignac", false, false),
    ("Centre social du Burck", true, "Mérignac", true, false),
    ("Centre social Bordeaux Nord", true, "Bordeaux", true, false),
    ("Centre social de Bacalan", true, "Bordeaux", true, false),
    ("Centre social Saint-Michel", true, "Bordeaux", true, false),
    ("Maison de quartier du Tauzin", true, "Bordeaux", false, false),
    ("Centre social de la Benauge", true, "Bordeaux", true, false),
    ("Centre social Alpha Bègles", true, "Bègles", true, false),
    ("Centre social L'Estey", true, "Bègles", false, false),
    ("Centre social du Haut-Floirac", true, "Floirac", true, false),
    ("Centre social de Lormont Carriet", true, "Lormont", true, false),
    ("Centre social Génicart", true, "Lormont", true, false),
    ("Centre social Les Hauts de Cenon", true, "Cenon", true, false),
    ("Centre social de Pessac Saige", true, "Pessac", true, false),
    ("Espace social Alain Coudert", true, "Pessac", false, false),
    ("Centre social de Talence Thouars", true, "Talence", true, false),
    ("Centre social de Villenave-d'Ornon", true, "Villenave-d'Ornon", false, false),
    ("Centre social d'Eysines", true, "Eysines", false, false),
    ("Centre social La Colline", true, "Bassens", false, false),
    ("Centre social Le Puzzle", true, "Saint-Médard-en-Jalles", false, false),
    ("Centre social de Blanquefort", true, "Blanquefort", false, false),
    ("Centre social du Libournais", true, "Libourne", true, false),
    ("Centre social Le Bascule", true, "Arcachon", false, false),
    ("Centre social de La Teste-de-Buch", true, "La Teste-de-Buch", false, false),
    ("Centre social du Pays Foyen", true, "Sainte-Foy-la-Grande", true, true),
    ("Centre social du Réolais", true, "La Réole", false, true),
    ("Centre social Le Lien du Créonnais", true, "Créon", false, true),
    ("Centre social du Bazadais", true, "Bazas", false, true),
    ("Espace de vie sociale La Ruche", false, "Cadillac-sur-Garonne", false, true),
    ("EVS Les Amis de Castillon", false, "Castillon-la-Bataille", false, true),
    ("EVS Médoc Solidaire", false, "Lesparre-Médoc", false, true),
    ("EVS Le Petit Pont", false, "Blaye", false, true),
    ("EVS L'Escale de Langon", false, "Langon", false, true),
    // Non-members the federation prospects.
    ("Centre social de Gradignan", true, "Gradignan", false, false),
    ("Centre social du Bouscat", true, "Le Bouscat", false, false),
    ("Centre social Mérignac Capeyron", true, "Mérignac", false, false),
    ("Centre social de Coutras", true, "Coutras", true, true),
    ("Centre social de Saint-André-de-Cubzac", true, "Saint-André-de-Cubzac", false, true),
    ("Centre social de Biganos", true, "Biganos", false, false),
    ("EVS La Cabane à Projets", false, "Saint-Symphorien", false, true),
    ("EVS Le Fil d'Ariane", false, "Pauillac", false, true),
    ("EVS Vivre à Vayres", false, "Vayres", false, true),
    ("EVS La Grange", false, "Salles", false, true),
    ("EVS Les Jardins Partagés", false, "Ambarès-et-Lagrave", false, false),
    ("EVS Entre-Deux-Mers Ensemble", false, "Targon", false, true),
    ("EVS Le Relais de Montesquieu", false, "Léognan", false, false),
    ("EVS Andernos Solidarité", false, "Andernos-les-Bains", false, false),
    ("EVS Le Pas Sage", false, "Saint-Savin", false, true),
];

const FIRST_NAMES: [&str; 24] = [
    "Claire",
    "Mathieu",
    "Sophie",
    "Karim",
    "Élodie",
    "Julien",
    "Nadia",
    "Thomas",
    "Inès",
    "François",
    "Amélie",
    "Yanis",
    "Hélène",
    "Olivier",
    "Fatou",
    "Benoît",
    "Léa",
    "Rachid",
    "Cécile",
    "Noël",
    "Maëlle",
    "Jérôme",
    "Zoé",
    "Stéphane",
];
const LAST_NAMES: [&str; 24] = [
    "Dupuy",
    "Lafargue",
    "Benali",
    "Garcia",
    "Lestrade",
    "Moreau",
    "Nguyen",
    "Castaing",
    "Diallo",
    "Roux",
    "Labat",
    "Fernandes",
    "Bordes",
    "Martin",
    "Ducasse",
    "Lefèvre",
    "Haddad",
    "Dubos",
    "Petit",
    "Larrieu",
    "Sabathé",
    "Giraud",
    "Mendès",
    "Chevalier",
];
const STREETS: [&str; 8] = [
    "rue de la République",
    "avenue Jean Jaurès",
    "place du Marché",
    "rue Victor Hugo",
    "allée des Tilleuls",
    "cours de la Libération",
    "rue des Écoles",
    "avenue de la Gare",
];
const DELEGATES: [&str; 3] = ["Anne Sarrazin", "Loïc Bertrand", "Samia Kaci"];
const VISIT_NOTES: [&str; 5] = [
    "Rencontre avec la direction : point sur le projet social et le renouvellement de l'agrément CAF.",
    "Échange sur les besoins en médiation numérique ; intérêt pour une formation des bénévoles.",
    "Présentation de la démarche RGPD fédérale ; le registre des traitements est à commencer.",
    "Visite des locaux et de l'espace numérique ; matériel vieillissant, demande d'appui pour un dossier AILDS.",
    "Réunion avec le conseil d'administration : adhésion à la fédération envisagée pour l'an prochain.",
];
const TAGS: [&str; 5] = ["Numérique", "Jeunesse", "Familles", "Accès aux droits", "Seniors"];

/// A small deterministic generator: demo data must not change between runs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A SIRET with a correct Luhn key, from 13 generated digits.
fn fake_siret(rng: &mut Lcg) -> String {
    let mut digits: String = "4".to_string();
    for _ in 0..12 {
        digits.push(char::from(b'0' + rng.below(10) as u8));
    }
    for check in 0..10u8 {
        let candidate = format!("{digits}{check}");
        if crate::validate::luhn_valid(&candidate) {
            return candidate;
        }
    }
    unreachable!("one of ten check digits satisfies Luhn")
}

fn slug(name: &str) -> String {
    crate::text::fold(name).replace(' ', "-")
}

/// The demo directory as of `today`: 34 members, 15 non-members, people and a few visits.
pub fn demo_directory(today: NaiveDate) -> Vec<DemoStructure> {
    let mut rng = Lcg(0x005E_ED33);
    STRUCTURES
        .iter()
        .enumerate()
        .map(|(i, &(name, centre, commune, qpv, rural))| {
            let member = i < DEMO_MEMBERS;
            let kind = if centre { StructureKind::CentreSocial } else { StructureKind::Evs };
            let start_year = today.year() - 1 - rng.below(3) as i32;
            let approval_start = NaiveDate::from_ymd_opt(start_year, 1 + rng.below(12) as u32, 1);
            // Approvals last four years; a few end within months so the filter has something to show.
            let approval_end = approval_start.and_then(|s| s.with_year(s.year() + 4)).map(|e| {
                if i % 7 == 3 {
                    today.checked_add_days(Days::new(30 + 20 * (i as u64 % 5))).unwrap_or(e)
                } else {
                    e
                }
            });
            let site = slug(name);
            let mut structure = StructureDraft {
                name: name.to_string(),
                kind: Some(kind),
                member,
                member_since: member.then(|| 1995 + rng.below(29) as i32),
                caf_approval_start: approval_start,
                caf_approval_end: approval_end,
                address: format!("{} {}", 1 + rng.below(120), STREETS[rng.below(STREETS.len())]),
                commune: commune.to_string(),
                area: Some(if rural { Area::Rural } else { Area::Urbain }),
                qpv,
                siret: (i % 5 != 4).then(|| fake_siret(&mut rng)),
                rna: (i % 3 != 2).then(|| format!("W33{:07}", 1000 + rng.below(9_000_000))),
                phone: format!("05 56 {:02} {:02} {:02}", rng.below(100), rng.below(100), rng.below(100)),
                email: format!("contact@{site}.example"),
                website: format!("https://{site}.example"),
                social_networks: if i % 2 == 0 { format!("facebook.com/{site}") } else { String::new() },
                employees: Some(if centre { 6 + rng.below(30) as u32 } else { rng.below(4) as u32 }),
                volunteers: Some(5 + rng.below(60) as u32),
                notes: if member {
                    String::new()
                } else {
                    "Structure prospectée : premier contact à confirmer.".into()
                },
                tags: (0..1 + rng.below(2)).map(|_| TAGS[rng.below(TAGS.len())].to_string()).collect(),
                ..Default::default()
            };
            resolve_commune(&mut structure, gironde()).expect("demo communes exist in Gironde");
            let structure = crate::validate::clean_structure(structure).expect("demo structures are valid");

            let roles = ["Direction", "Présidence", "Référent·e numérique", "Référent·e RGPD", "Accueil"];
            let people = (0..2 + rng.below(3))
                .map(|p| {
                    let first = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
                    let last = LAST_NAMES[rng.below(LAST_NAMES.len())];
                    let collected = today.checked_sub_days(Days::new(30 + rng.below(1800) as u64));
                    PersonDraft {
                        first_name: first.to_string(),
                        last_name: last.to_string(),
                        role: roles[p % roles.len()].to_string(),
                        email: format!("{}.{}@{site}.example", slug(first), slug(last)),
                        phone: format!(
                            "06 {:02} {:02} {:02} {:02}",
                            rng.below(100),
                            rng.below(100),
                            rng.below(100),
                            rng.below(100)
                        ),
                        collected_from: ["Visite sur place", "Formulaire d'adhésion", "Échange par e-mail"]
                            [rng.below(3)]
                        .to_string(),
                        collected_on: collected,
                        reviewed_on: None,
                    }
                })
                .collect();
            let visits = if i % 3 == 0 || i == DEMO_MEMBERS {
                (0..1 + rng.below(2))
                    .map(|_| VisitDraft {
                        date: today.checked_sub_days(Days::new(7 + rng.below(400) as u64)),
                        delegate: DELEGATES[rng.below(DELEGATES.len())].to_string(),
                        met: "L'équipe de direction".to_string(),
                        notes: VISIT_NOTES[rng.below(VISIT_NOTES.len())].to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            DemoStructure { structure, people, visits }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_valid_realistic_and_stable() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let demo = demo_directory(today);
        assert_eq!(demo.len(), 49);
        assert_eq!(demo.iter().filter(|d| d.structure.member).count(), 34);
        assert!(demo.iter().all(|d| d.structure.insee.as_deref().is_some_and(|c| c.starts_with("33"))));
        assert!(demo.iter().any(|d| !d.visits.is_empty()));
        assert!(demo.iter().all(|d| d.people.len() >= 2));
        let again = demo_directory(today);
        assert_eq!(demo[10].structure, again[10].structure);
        assert!(demo.iter().filter_map(|d| d.structure.siret.as_deref()).all(crate::validate::luhn_valid));
    }
}
