//! A centre's assessment of the checklist's items: statuses, what the user changes, the history of
//! changes field by field, and what a new checklist version changes for the centre.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checklist::Checklist;
use crate::error::{CoreError, Result};
use crate::french::short_date;
use crate::model::StructureId;

/// A centre's answer to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assessment {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub structure_id: StructureId,
    pub item_id: String,
    pub status: Status,
    pub note: String,
    /// Why the item does not apply (required for « non applicable »).
    pub reason: String,
    pub evidence: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// The item revision this assessment answered.
    pub item_revision: u32,
    /// The checklist version in force when it was answered.
    pub checklist_version: u32,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What progress needs of a rating: whose, which item, where it stands, by when. A view of every
/// centre reads only this ([`RatingState`]); a centre's own screen reads whole [`Assessment`]s.
pub trait Rated {
    fn structure_id(&self) -> StructureId;
    fn item_id(&self) -> &str;
    fn status(&self) -> Status;
    fn due(&self) -> Option<NaiveDate>;
}

/// Both kinds of rating carry the same four fields under the same names.
macro_rules! rated_by_fields {
    ($($rating:ty),*) => {$(
        impl Rated for $rating {
            fn structure_id(&self) -> StructureId {
                self.structure_id
            }
            fn item_id(&self) -> &str {
                &self.item_id
            }
            fn status(&self) -> Status {
                self.status
            }
            fn due(&self) -> Option<NaiveDate> {
                self.due
            }
        }
    )*};
}
rated_by_fields!(Assessment, RatingState);

/// A rating without its texts: what the federation's dashboard reads for thousands of centres.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingState {
    pub structure_id: StructureId,
    pub item_id: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
}

/// What the user changes on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessmentDraft {
    pub status: Option<Status>,
    pub note: String,
    pub reason: String,
    pub evidence: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
}

impl AssessmentDraft {
    pub fn validate(&self) -> Result<Status> {
        let status = self.status.unwrap_or(Status::AFaire);
        if status == Status::NonApplicable && self.reason.trim().is_empty() {
            return Err(CoreError::invalid(
                "raison",
                "dites pourquoi ce point ne s'applique pas au centre (par exemple « pas de site web »).".to_string(),
            ));
        }
        Ok(status)
    }
}

/// Some fields of an item changed, the others left as they are (the command line's `rgpd set`):
/// applied to the assessment as it stands when the change is written, so that two commands
/// changing two fields of one item at once both keep their change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentChange {
    pub status: Status,
    /// The note, or the reason when the status is « non applicable ».
    pub note: Option<String>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

impl AssessmentChange {
    pub fn apply(&self, current: Option<&Assessment>) -> AssessmentDraft {
        let kept = |f: fn(&Assessment) -> &String| current.map(|a| f(a).clone()).unwrap_or_default();
        let note = self.note.clone().unwrap_or_else(|| kept(|a| &a.note));
        let not_applicable = self.status == Status::NonApplicable;
        AssessmentDraft {
            status: Some(self.status),
            reason: if not_applicable { note.clone() } else { String::new() },
            note: if not_applicable { String::new() } else { note },
            evidence: kept(|a| &a.evidence),
            owner: self.owner.clone().unwrap_or_else(|| kept(|a| &a.owner)),
            due: self.due.or_else(|| current.and_then(|a| a.due)),
        }
    }
}

impl AssessmentDraft {
    /// What a window shows of an item: its stored fields, or an unrated item's empty ones.
    pub fn of(current: Option<&Assessment>) -> AssessmentDraft {
        current.map_or_else(AssessmentDraft::default, |a| AssessmentDraft {
            status: Some(a.status),
            note: a.note.clone(),
            reason: a.reason.clone(),
            evidence: a.evidence.clone(),
            owner: a.owner.clone(),
            due: a.due,
        })
    }

    /// This draft, typed in a window opened on `opened`, over the item as stored now
    /// (`current`): a field this window left as opened keeps the stored value (someone else's
    /// change stays); a field changed here takes this draft's value. `Err` names each field both
    /// changed, differently: the caller writes nothing.
    pub fn merged_over(
        &self,
        opened: &AssessmentDraft,
        current: &AssessmentDraft,
    ) -> std::result::Result<AssessmentDraft, Vec<&'static str>> {
        let mut both = Vec::new();
        let status = |d: &AssessmentDraft| d.status.unwrap_or(Status::AFaire);
        let text = |f: fn(&AssessmentDraft) -> &String| {
            let [o, m, c] = [opened, self, current].map(|d| f(d).trim().to_string());
            (o, m, c)
        };
        let mut merge_text = |label, f: fn(&AssessmentDraft) -> &String| {
            let (o, m, c) = text(f);
            merge_field(label, &o, &m, &c, &mut both)
        };
        let note = merge_text("note", |d| &d.note);
        let reason = merge_text("raison", |d| &d.reason);
        let evidence = merge_text("preuve", |d| &d.evidence);
        let owner = merge_text("responsable", |d| &d.owner);
        let merged = AssessmentDraft {
            status: Some(merge_field("statut", &status(opened), &status(self), &status(current), &mut both)),
            note,
            reason,
            evidence,
            owner,
            due: merge_field("échéance", &opened.due, &self.due, &current.due, &mut both),
        };
        if both.is_empty() {
            Ok(merged)
        } else {
            Err(both)
        }
    }
}

/// One field of a three-way merge: unchanged here, the stored value; changed here, mine, and
/// named in `both` when the stored value changed too, differently.
fn merge_field<T: PartialEq + Clone>(
    label: &'static str,
    opened: &T,
    mine: &T,
    stored: &T,
    both: &mut Vec<&'static str>,
) -> T {
    if mine == opened {
        return stored.clone();
    }
    if stored != opened && stored != mine {
        both.push(label);
    }
    mine.clone()
}

/// The differences between an assessment and a draft, field by field, for the history.
pub fn changes(before: Option<&Assessment>, after: &AssessmentDraft, status: Status) -> Vec<(String, String, String)> {
    let date = |d: Option<NaiveDate>| d.map(short_date).unwrap_or_default();
    let old_status = before.map(|a| a.status.label()).unwrap_or(Status::AFaire.label());
    let fields = [
        ("statut", old_status.to_string(), status.label().to_string()),
        ("note", before.map(|a| a.note.clone()).unwrap_or_default(), after.note.trim().to_string()),
        ("raison", before.map(|a| a.reason.clone()).unwrap_or_default(), after.reason.trim().to_string()),
        ("preuve", before.map(|a| a.evidence.clone()).unwrap_or_default(), after.evidence.trim().to_string()),
        ("responsable", before.map(|a| a.owner.clone()).unwrap_or_default(), after.owner.trim().to_string()),
        ("échéance", date(before.and_then(|a| a.due)), date(after.due)),
    ];
    fields.into_iter().filter(|(_, b, a)| b != a).map(|(f, b, a)| (f.to_string(), b, a)).collect()
}

/// One change kept in a centre's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub item_id: String,
    /// "statut", "note", "responsable", "échéance", "raison", "preuve", "pièce jointe".
    pub field: String,
    pub before: String,
    pub after: String,
    pub at: String,
}

/// What a new checklist version changes for a centre: items new since its answers, reworded, or
/// retired though answered. A centre that never answered sees no change.
pub fn changes_for_centre(
    checklist: &Checklist,
    structure_id: StructureId,
    assessments: &[Assessment],
) -> Vec<VersionChange> {
    let mine: Vec<&Assessment> = assessments.iter().filter(|a| a.structure_id == structure_id).collect();
    // A centre that never answered has nothing to compare with.
    let Some(seen_version) = mine.iter().map(|a| a.checklist_version).max() else { return Vec::new() };
    let by_item: HashMap<&str, &Assessment> = mine.iter().map(|a| (a.item_id.as_str(), *a)).collect();
    let mut out = Vec::new();
    for item in &checklist.items {
        let change = match (item.retired, by_item.get(item.id.as_str())) {
            (true, Some(_)) => "retiré",
            (false, Some(a)) if a.item_revision < item.revision => "modifié",
            (false, None) if item.since_version > seen_version => "nouveau",
            _ => continue,
        };
        out.push(VersionChange { item_id: item.id.clone(), title: item.title.clone(), change: change.to_string() });
    }
    out
}

/// What a new checklist version changes for a centre's assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionChange {
    pub item_id: String,
    pub title: String,
    /// "nouveau", "modifié", "retiré".
    pub change: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    AFaire,
    EnCours,
    Conforme,
    NonApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::AFaire, Status::EnCours, Status::Conforme, Status::NonApplicable];

    pub fn label(self) -> &'static str {
        match self {
            Status::AFaire => "À faire",
            Status::EnCours => "En cours",
            Status::Conforme => "Conforme",
            Status::NonApplicable => "Non applicable",
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            Status::AFaire => "a_faire",
            Status::EnCours => "en_cours",
            Status::Conforme => "conforme",
            Status::NonApplicable => "non_applicable",
        }
    }

    /// Reads a code or a label as people type it ("à faire", "non applicable", "conforme").
    pub fn parse(text: &str) -> Option<Status> {
        let folded = crate::text::fold(text).replace(' ', "_");
        Status::ALL.into_iter().find(|s| s.as_code() == folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rgpd::testing::assessed;

    #[test]
    fn a_change_keeps_the_fields_it_does_not_name() {
        let current = Assessment {
            structure_id: 1,
            note: "Modèle CNIL".into(),
            evidence: "Registre.ods".into(),
            owner: "Aline".into(),
            due: NaiveDate::from_ymd_opt(2027, 3, 31),
            ..assessed("registre", Status::EnCours, None)
        };
        let change = AssessmentChange { status: Status::Conforme, note: None, owner: Some("Karim".into()), due: None };
        let draft = change.apply(Some(&current));
        assert_eq!(
            (draft.note.as_str(), draft.owner.as_str(), draft.evidence.as_str(), draft.due),
            ("Modèle CNIL", "Karim", "Registre.ods", current.due)
        );
        let not_applicable =
            AssessmentChange { status: Status::NonApplicable, note: Some("Pas de site".into()), ..change };
        let draft = not_applicable.apply(None);
        assert_eq!((draft.reason.as_str(), draft.note.as_str()), ("Pas de site", ""));
    }

    #[test]
    fn not_applicable_needs_a_reason_and_changes_are_listed_field_by_field() {
        let draft = AssessmentDraft { status: Some(Status::NonApplicable), ..Default::default() };
        assert!(draft.validate().is_err());
        let draft = AssessmentDraft { reason: "Pas de site web".into(), ..draft };
        assert_eq!(draft.validate().unwrap(), Status::NonApplicable);
        let before = assessed("g1", Status::EnCours, Some("2026-12-15"));
        let after = AssessmentDraft {
            status: Some(Status::Conforme),
            owner: "Léa".into(),
            due: before.due,
            note: "Registre tenu".into(),
            ..Default::default()
        };
        let c = changes(Some(&before), &after, Status::Conforme);
        assert_eq!(
            c,
            [
                ("statut".to_string(), "En cours".to_string(), "Conforme".to_string()),
                ("note".to_string(), String::new(), "Registre tenu".to_string())
            ]
        );
        assert_eq!(Status::parse("à faire"), Some(Status::AFaire));
        assert_eq!(Status::parse("Non applicable"), Some(Status::NonApplicable));
        assert_eq!(Status::parse("conforme"), Some(Status::Conforme));
        assert_eq!(Status::parse("fini"), None);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    fn draft(status: Status, note: &str, owner: &str) -> AssessmentDraft {
        AssessmentDraft { status: Some(status), note: note.into(), owner: owner.into(), ..AssessmentDraft::default() }
    }

    #[test]
    fn different_fields_changed_by_two_people_are_both_kept() {
        let opened = draft(Status::AFaire, "", "");
        let theirs = draft(Status::AFaire, "", "Karim");
        let mine = draft(Status::EnCours, "Registre commencé", "");
        assert_eq!(mine.merged_over(&opened, &theirs), Ok(draft(Status::EnCours, "Registre commencé", "Karim")));
    }

    #[test]
    fn a_field_both_changed_differently_is_named_and_nothing_is_merged() {
        let opened = draft(Status::AFaire, "", "");
        let theirs = draft(Status::Conforme, "Leur note", "");
        let mine = draft(Status::EnCours, "Ma note", "Zoé");
        assert_eq!(mine.merged_over(&opened, &theirs), Err(vec!["note", "statut"]));
        // The same change on both sides is no conflict; spaces around a text do not count.
        let same = draft(Status::Conforme, "Leur note ", "");
        assert_eq!(same.merged_over(&opened, &theirs), Ok(draft(Status::Conforme, "Leur note", "")));
    }

    #[test]
    fn an_unrated_item_opens_as_an_empty_draft() {
        assert_eq!(AssessmentDraft::of(None), AssessmentDraft::default());
        let unrated = AssessmentDraft::default();
        let mine = draft(Status::AFaire, "", "Zoé");
        assert_eq!(mine.merged_over(&unrated, &unrated).unwrap().owner, "Zoé");
    }
}
