//! The official list of Gironde's communes (INSEE codes, postal codes, intercommunality), shipped as
//! data extracted from Etalab's open data by `data/extract-communes.mjs`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Territory;
use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub postal_codes: Vec<String>,
    pub population: Option<u32>,
    /// For a commune déléguée, the INSEE code of the commune nouvelle it belongs to.
    pub delegated_to: Option<String>,
    pub epci_code: Option<String>,
    pub epci_name: Option<String>,
    pub metropole: bool,
}

impl Commune {
    pub fn territory(&self) -> Territory {
        Territory { epci_code: self.epci_code.clone(), epci_name: self.epci_name.clone(), metropole: self.metropole }
    }
}

#[derive(Deserialize)]
struct CommuneFile {
    communes: Vec<Commune>,
}

pub struct CommuneIndex {
    communes: Vec<Commune>,
    by_insee: HashMap<String, usize>,
    by_folded_name: HashMap<String, Vec<usize>>,
}

/// The shipped list, parsed once.
pub fn gironde() -> &'static CommuneIndex {
    static INDEX: OnceLock<CommuneIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let file: CommuneFile = serde_json::from_str(include_str!("../data/communes-gironde.json"))
            .expect("the shipped commune list is valid JSON");
        CommuneIndex::new(file.communes)
    })
}

impl CommuneIndex {
    pub fn new(communes: Vec<Commune>) -> Self {
        let mut by_insee = HashMap::new();
        let mut by_folded_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in communes.iter().enumerate() {
            // A current commune wins over a delegated one sharing its code.
            if c.delegated_to.is_none() || !by_insee.contains_key(&c.insee) {
                by_insee.insert(c.insee.clone(), i);
            }
            by_folded_name.entry(fold(&c.name)).or_default().push(i);
        }
        CommuneIndex { communes, by_insee, by_folded_name }
    }

    pub fn all(&self) -> &[Commune] {
        &self.communes
    }

    pub fn by_insee(&self, insee: &str) -> Option<&Commune> {
        self.by_insee.get(insee.trim()).map(|&i| &self.communes[i])
    }

    /// Finds a commune by name, ignoring accents, case and hyphens ("St" is read as "Saint");
    /// a postal code picks among homonyms and current communes win over delegated ones.
    pub fn resolve(&self, name: &str, postal_code: &str) -> Option<&Commune> {
        let folded = expand_saint(&fold(name));
        let candidates = self.by_folded_name.get(&folded)?;
        let postal_code = postal_code.trim();
        let pick = candidates.iter().map(|&i| &self.communes[i]).max_by_key(|c| {
            (!postal_code.is_empty() && c.postal_codes.iter().any(|p| p == postal_code), c.delegated_to.is_none())
        });
        pick
    }

    /// Communes whose folded name starts with (then contains) the folded query, for autocompletion.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let q = expand_saint(&fold(query));
        if q.is_empty() {
            return Vec::new();
        }
        let mut starts = Vec::new();
        let mut contains = Vec::new();
        for c in &self.communes {
            let name = fold(&c.name);
            if name.starts_with(&q) || c.postal_codes.iter().any(|p| p.starts_with(&q)) {
                starts.push(c);
            } else if name.contains(&q) {
                contains.push(c);
            }
        }
        starts.sort_by_key(|c| (c.delegated_to.is_some(), std::cmp::Reverse(c.population.unwrap_or(0))));
        starts.extend(contains);
        starts.truncate(limit);
        starts
    }
}

fn expand_saint(folded: &str) -> String {
    folded
        .split(' ')
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_gironde_with_bordeaux_metropole() {
        let index = gironde();
        assert!(index.all().len() >= 530, "about 535 communes expected, got {}", index.all().len());
        let metro = index.all().iter().filter(|c| c.metropole && c.delegated_to.is_none()).count();
        assert_eq!(metro, 28, "Bordeaux Métropole has 28 communes");
        assert!(index.all().iter().all(|c| c.insee.starts_with("33")));
    }

    #[test]
    fn resolves_names_loosely() {
        let index = gironde();
        let merignac = index.resolve("merignac", "").unwrap();
        assert_eq!((merignac.insee.as_str(), merignac.name.as_str()), ("33281", "Mérignac"));
        assert!(merignac.metropole);
        let smj = index.resolve("St Médard en Jalles", "33160").unwrap();
        assert_eq!(smj.name, "Saint-Médard-en-Jalles");
        let libourne = index.resolve("LIBOURNE", "33500").unwrap();
        assert!(!libourne.metropole);
        assert!(libourne.epci_name.as_deref().unwrap().contains("Libournais"));
        assert!(index.resolve("Paris", "75001").is_none());
    }

    #[test]
    fn suggests_by_prefix_then_substring() {
        let names: Vec<_> = gironde().suggest("pessa", 5).iter().map(|c| c.name.clone()).collect();
        assert_eq!(names.first().map(String::as_str), Some("Pessac"));
        assert!(gironde().suggest("", 5).is_empty());
    }
}
