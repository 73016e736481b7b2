//! The reference checklist: the CNIL's six steps, the items, their revisions and versions. An
//! edit makes a new version; an item reworded gets a new revision, an item removed is retired.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// The checklist shipped with the app.
pub fn shipped_checklist() -> Checklist {
    let file: ChecklistFile =
        serde_json::from_str(include_str!("checklist.json")).expect("the shipped checklist is valid");
    debug_assert_eq!(file.format, "fabrique-referentiel-rgpd");
    file.checklist
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checklist {
    pub version: u32,
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn active(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items.iter().filter(|i| !i.retired)
    }

    pub fn validate(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for item in &self.items {
            if item.id.trim().is_empty() || item.title.trim().is_empty() {
                return Err(CoreError::invalid(
                    "référentiel",
                    "chaque point a un identifiant et un intitulé.".to_string(),
                ));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(CoreError::invalid("référentiel", format!("l'identifiant « {} » est en double.", item.id)));
            }
        }
        Ok(())
    }

    /// The next version after an edit: items whose text changed get a new revision.
    pub fn next_version(&self, mut edited: Checklist) -> Result<Checklist> {
        edited.validate()?;
        edited.version = self.version + 1;
        let version = edited.version;
        for item in &mut edited.items {
            item.since_version = self.item(&item.id).map_or(version, |old| old.since_version);
            item.revision = match self.item(&item.id) {
                None => 1,
                Some(old) if old.title != item.title || old.explanation != item.explanation || old.how != item.how => {
                    old.revision + 1
                }
                Some(old) => old.revision,
            };
        }
        // An item removed from the edit is retired, never dropped.
        for old in &self.items {
            if edited.item(&old.id).is_none() {
                edited.items.push(ChecklistItem { retired: true, ..old.clone() });
            }
        }
        Ok(edited)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistItem {
    /// Stable across versions ("gouv-referent").
    pub id: String,
    pub step: Step,
    /// Raised when the item is reworded: an assessment answered an older revision.
    pub revision: u32,
    pub title: String,
    pub explanation: String,
    pub why: String,
    pub how: String,
    pub reference: String,
    /// Words that, in a survey question's label, make its answer a hint for this item.
    #[serde(default)]
    pub survey_keywords: Vec<String>,
    /// Retired items stay in the checklist so old assessments keep their meaning.
    #[serde(default)]
    pub retired: bool,
    /// The checklist version that introduced the item.
    #[serde(default = "first_version")]
    pub since_version: u32,
}

fn first_version() -> u32 {
    1
}

/// The six steps of the CNIL's guidance for associations, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Gouvernance,
    Recenser,
    Trier,
    Transparence,
    Droits,
    Securite,
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Gouvernance, Step::Recenser, Step::Trier, Step::Transparence, Step::Droits, Step::Securite];

    pub fn label(self) -> &'static str {
        match self {
            Step::Gouvernance => "Gouvernance",
            Step::Recenser => "Recenser les traitements",
            Step::Trier => "Trier les données",
            Step::Transparence => "Être transparent",
            Step::Droits => "Faciliter l'exercice des droits",
            Step::Securite => "Sécuriser les données",
        }
    }
}

#[derive(Deserialize)]
struct ChecklistFile {
    format: String,
    #[serde(flatten)]
    checklist: Checklist,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_checklist_covers_every_step() {
        let c = shipped_checklist();
        c.validate().unwrap();
        for step in Step::ALL {
            assert!(c.active().any(|i| i.step == step), "{step:?}");
        }
        assert!(c.items.len() >= 20);
    }
}
