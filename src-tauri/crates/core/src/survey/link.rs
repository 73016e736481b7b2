//! Linking survey responses to the directory: the structure a response names, found by fuzzy
//! matching on its name and commune, proposed to the user who confirms or corrects it.

use serde::{Deserialize, Serialize};

use super::model::{LinkState, QuestionKind, StoredQuestion, StoredSubmission, Submission};
use crate::model::{Structure, StructureId};
use crate::text::fold;

/// Words every structure's name shares, which say nothing about which one it is.
const GENERIC_WORDS: [&str; 16] = [
    "centre", "social", "sociale", "socio", "culturel", "espace", "vie", "evs", "cs", "de", "du", "des", "la", "le",
    "les", "et",
];

/// From this score on a match is proposed; below, the response stays unlinked until the user picks.
pub const PROPOSAL_THRESHOLD: f64 = 0.80;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkCandidate {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub structure_id: StructureId,
    pub name: String,
    pub commune: String,
    /// 0 to 1.
    pub score: f64,
}

fn distinctive(name: &str) -> String {
    fold(name).split(' ').filter(|w| !GENERIC_WORDS.contains(w) && w.len() > 1).collect::<Vec<_>>().join(" ")
}

/// A name and commune as matching compares them, folded once: a response is compared with every
/// structure, and at national scale every structure with thousands of responses.
struct Folded {
    name: String,
    distinctive: String,
    /// The words of `distinctive`.
    words: Vec<String>,
    commune: String,
}

impl Folded {
    fn new(name: &str, commune: &str) -> Folded {
        let distinctive = distinctive(name);
        let words = distinctive.split(' ').map(str::to_string).collect();
        Folded { name: fold(name), distinctive, words, commune: fold(commune) }
    }
}

/// The directory prepared for matching many responses: each structure's name and commune folded
/// once, not once per response.
pub struct Directory<'a> {
    structures: Vec<(&'a Structure, Folded)>,
}

impl<'a> Directory<'a> {
    pub fn new(structures: &'a [Structure]) -> Directory<'a> {
        Directory { structures: structures.iter().map(|s| (s, Folded::new(&s.draft.name, &s.draft.commune))).collect() }
    }

    /// As [`proposal`]: the best two are kept as the directory is gone through, rather than every
    /// structure scored, copied and sorted.
    pub fn proposal(&self, name: &str, commune: &str) -> Option<LinkCandidate> {
        if fold(name).is_empty() {
            return None;
        }
        let given = Folded::new(name, commune);
        // Best first, as `candidates` sorts: by score, then by name; the first met wins a tie.
        let before = |a: (f64, &Structure), b: (f64, &Structure)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.draft.name.cmp(&b.1.draft.name)).is_lt()
        };
        let mut best: [Option<(f64, &Structure)>; 2] = [None, None];
        for (structure, known) in &self.structures {
            let scored = (folded_score(&given, known), *structure);
            match best {
                [None, _] => best[0] = Some(scored),
                [Some(first), _] if before(scored, first) => best = [Some(scored), best[0]],
                [Some(_), None] => best[1] = Some(scored),
                [Some(_), Some(second)] if before(scored, second) => best[1] = Some(scored),
                _ => {}
            }
        }
        let (score, first) = best[0]?;
        let second = best[1].map_or(0.0, |(score, _)| score);
        (score >= PROPOSAL_THRESHOLD && score - second >= 0.03).then(|| LinkCandidate {
            structure_id: first.id,
            name: first.draft.name.clone(),
            commune: first.draft.commune.clone(),
            score,
        })
    }
}

/// How well `name` (and `commune`, when given) designates `structure`, from 0 to 1.
pub fn score(name: &str, commune: &str, structure: &Structure) -> f64 {
    folded_score(&Folded::new(name, commune), &Folded::new(&structure.draft.name, &structure.draft.commune))
}

fn folded_score(given: &Folded, known: &Folded) -> f64 {
    let name_score = if given.distinctive.is_empty() {
        // "Centre social" alone names no structure in particular.
        0.0
    } else if known.distinctive.is_empty() {
        strsim::jaro_winkler(&given.name, &known.name)
    } else {
        // The better of whole-name similarity and word overlap: "Burck" matches "Centre social du Burck".
        let whole = strsim::jaro_winkler(&given.distinctive, &known.distinctive);
        let shared =
            given.words.iter().filter(|w| known.words.iter().any(|k| strsim::jaro_winkler(w, k) > 0.92)).count();
        let overlap = shared as f64 / given.words.len().max(known.words.len()) as f64;
        whole.max(overlap)
    };
    if given.commune.is_empty() {
        return name_score * 0.95;
    }
    let same_commune = strsim::jaro_winkler(&given.commune, &known.commune) > 0.93;
    if same_commune {
        (name_score * 0.8 + 0.2).min(1.0)
    } else {
        name_score * 0.75
    }
}

/// The structures `name`/`commune` may designate, best first.
pub fn candidates(name: &str, commune: &str, structures: &[Structure], limit: usize) -> Vec<LinkCandidate> {
    if fold(name).is_empty() {
        return Vec::new();
    }
    let given = Folded::new(name, commune);
    let mut scored: Vec<LinkCandidate> = structures
        .iter()
        .map(|s| LinkCandidate {
            structure_id: s.id,
            name: s.draft.name.clone(),
            commune: s.draft.commune.clone(),
            score: folded_score(&given, &Folded::new(&s.draft.name, &s.draft.commune)),
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    scored.truncate(limit);
    scored
}

/// The structure to propose, if one is clearly designated: above the threshold and ahead of the next.
/// To match many responses, prepare the directory once ([`Directory::proposal`]).
pub fn proposal(name: &str, commune: &str, structures: &[Structure]) -> Option<LinkCandidate> {
    Directory::new(structures).proposal(name, commune)
}

/// The answers of the designated name and commune questions, as text.
pub fn given_name_and_commune(s: &Submission, name_key: Option<&str>, commune_key: Option<&str>) -> (String, String) {
    let text = |key: Option<&str>| key.and_then(|k| s.answers.get(k)).map(|a| a.as_text()).unwrap_or_default();
    (text(name_key), text(commune_key))
}

/// The link the matching pass proposes for each response not yet decided by the user.
pub fn link_proposals(
    rows: &[StoredSubmission],
    structures: &[Structure],
    name_key: Option<&str>,
    commune_key: Option<&str>,
) -> Vec<(i64, Option<StructureId>)> {
    let directory = Directory::new(structures);
    rows.iter()
        .filter(|r| matches!(r.link_state, LinkState::None | LinkState::Proposed))
        .map(|r| {
            let (name, commune) = given_name_and_commune(&r.submission, name_key, commune_key);
            let proposal = directory.proposal(&name, &commune);
            (r.id, proposal.map(|p| p.structure_id))
        })
        .collect()
}

/// The questions most likely to hold the structure's name and its commune, by their labels.
pub fn guess_link_questions(questions: &[StoredQuestion]) -> (Option<String>, Option<String>) {
    let texts: Vec<&StoredQuestion> =
        questions.iter().filter(|q| matches!(q.def.kind, QuestionKind::Text | QuestionKind::Single)).collect();
    let find = |words: &[&str]| {
        texts
            .iter()
            .find(|q| {
                let label = fold(&q.def.label);
                words.iter().any(|w| label.contains(w))
            })
            .map(|q| q.def.key.clone())
    };
    (
        find(&["nom de la structure", "nom de votre structure", "structure", "nom du centre", "nom"]),
        find(&["commune", "ville"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StructureDraft, Territory};

    fn structure(id: i64, name: &str, commune: &str) -> Structure {
        Structure {
            id,
            draft: StructureDraft { name: name.into(), commune: commune.into(), ..Default::default() },
            territory: Territory::default(),
            updated_at: String::new(),
            version: 1,
        }
    }

    fn directory() -> Vec<Structure> {
        vec![
            structure(1, "Centre social du Burck", "Mérignac"),
            structure(2, "Centre social et culturel de Beaudésert", "Mérignac"),
            structure(3, "EVS Le Phare", "Lormont"),
            structure(4, "Centre social de Biganos", "Biganos"),
            structure(5, "Espace de vie sociale La Passerelle", "Langon"),
        ]
    }

    #[test]
    fn the_way_respondents_write_names_still_finds_the_structure() {
        let d = directory();
        for (name, commune, expected) in [
            ("Centre social du Burck", "Mérignac", 1),
            ("CS du Burck", "merignac", 1),
            ("centre social beaudesert", "Mérignac", 2),
            ("Le Phare", "", 3),
            ("EVS le phare", "Lormont", 3),
            ("la passerelle", "LANGON", 5),
            ("Centre Social Biganos", "Biganos", 4),
        ] {
            let p = proposal(name, commune, &d).unwrap_or_else(|| panic!("{name} found nothing"));
            assert_eq!(p.structure_id, expected, "{name} → {}", p.name);
        }
    }

    #[test]
    fn nothing_is_proposed_for_an_unknown_or_ambiguous_name() {
        let d = directory();
        assert_eq!(proposal("Maison des jeunes de Pessac", "Pessac", &d), None);
        assert_eq!(proposal("", "Mérignac", &d), None);
        assert_eq!(proposal("Centre social", "Mérignac", &d), None, "two centres in Mérignac: ambiguous");
    }

    #[test]
    fn the_prepared_directory_proposes_what_scoring_and_sorting_every_structure_gives() {
        // Ties on purpose: two structures of the same name, and names scoring alike.
        let mut d = directory();
        d.push(structure(6, "EVS Le Phare", "Lormont"));
        d.push(structure(7, "Centre social du Burk", "Mérignac"));
        d.push(structure(8, "Centre social", "Cenon"));
        let prepared = Directory::new(&d);
        let names =
            ["Burck", "CS du Burck", "le phare", "Phare", "Centre social", "Beaudésert", "", "Cenon", "Passerel"];
        for name in names {
            for commune in ["", "Mérignac", "Lormont", "Cenon"] {
                let sorted = candidates(name, commune, &d, 2);
                let expected = sorted.first().filter(|first| {
                    let second = sorted.get(1).map_or(0.0, |c| c.score);
                    first.score >= PROPOSAL_THRESHOLD && first.score - second >= 0.03
                });
                assert_eq!(prepared.proposal(name, commune).as_ref(), expected, "{name} / {commune}");
            }
        }
    }

    #[test]
    fn a_different_commune_lowers_the_score() {
        let d = directory();
        let same = score("Le Phare", "Lormont", &d[2]);
        let other = score("Le Phare", "Cenon", &d[2]);
        assert!(same > other, "{same} vs {other}");
    }
}
