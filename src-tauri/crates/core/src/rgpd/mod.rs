//! RGPD compliance, centre by centre: the reference checklist (versioned), each centre's
//! assessment of its items, progress, the action plan and what changed with a new checklist.
//!
//! Progress counts a compliant item as 1 and an item in progress as ½, over the applicable items
//! of the current checklist (not applicable and retired items left out), rounded down: 100 % only
//! when everything applicable is compliant.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::french::short_date;
use crate::model::StructureId;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checklist {
    pub version: u32,
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Deserialize)]
struct ChecklistFile {
    format: String,
    #[serde(flatten)]
    checklist: Checklist,
}

/// The checklist shipped with the app.
pub fn shipped_checklist() -> Checklist {
    let file: ChecklistFile =
        serde_json::from_str(include_str!("checklist.json")).expect("the shipped checklist is valid");
    debug_assert_eq!(file.format, "fabrique-referentiel-rgpd");
    file.checklist
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

/// Progress in percent over the applicable, active items: compliant 1, in progress ½.
fn percent(done_halves: u32, applicable: u32) -> Option<u8> {
    (applicable > 0).then(|| (done_halves * 100 / (applicable * 2)) as u8)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepProgress {
    pub step: Step,
    pub label: String,
    /// None when no item of the step applies.
    pub progress: Option<u8>,
    pub applicable: u32,
    pub compliant: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CentreProgress {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub structure_id: StructureId,
    pub progress: u8,
    pub steps: Vec<StepProgress>,
    pub overdue: u32,
    pub assessed: u32,
}

/// A centre's progress against the checklist, from its assessments (others count as « à faire »).
pub fn centre_progress(
    checklist: &Checklist,
    structure_id: StructureId,
    assessments: &[Assessment],
    today: NaiveDate,
) -> CentreProgress {
    let by_item: HashMap<&str, &Assessment> =
        assessments.iter().filter(|a| a.structure_id == structure_id).map(|a| (a.item_id.as_str(), a)).collect();
    let mut totals = (0u32, 0u32);
    let mut steps = Vec::new();
    for step in Step::ALL {
        let (mut halves, mut applicable, mut compliant) = (0, 0, 0);
        for item in checklist.active().filter(|i| i.step == step) {
            match by_item.get(item.id.as_str()).map(|a| a.status) {
                Some(Status::NonApplicable) => continue,
                Some(Status::Conforme) => {
                    halves += 2;
                    compliant += 1;
                }
                Some(Status::EnCours) => halves += 1,
                _ => {}
            }
            applicable += 1;
        }
        totals.0 += halves;
        totals.1 += applicable;
        steps.push(StepProgress {
            step,
            label: step.label().to_string(),
            progress: percent(halves, applicable),
            applicable,
            compliant,
        });
    }
    let overdue = action_plan(checklist, structure_id, assessments, today).iter().filter(|a| a.overdue).count() as u32;
    CentreProgress {
        structure_id,
        progress: percent(totals.0, totals.1).unwrap_or(100),
        steps,
        overdue,
        assessed: by_item.len() as u32,
    }
}

/// An item not yet compliant, with who does it and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Action {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub structure_id: StructureId,
    pub item_id: String,
    pub step: Step,
    pub title: String,
    pub status: Status,
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// Past its due date and still not compliant.
    pub overdue: bool,
    pub note: String,
}

/// The action plan of a centre: active items neither compliant nor inapplicable, overdue first,
/// then by due date (undated last), then in checklist order.
pub fn action_plan(
    checklist: &Checklist,
    structure_id: StructureId,
    assessments: &[Assessment],
    today: NaiveDate,
) -> Vec<Action> {
    let by_item: HashMap<&str, &Assessment> =
        assessments.iter().filter(|a| a.structure_id == structure_id).map(|a| (a.item_id.as_str(), a)).collect();
    let mut plan: Vec<(usize, Action)> = checklist
        .active()
        .enumerate()
        .filter_map(|(position, item)| {
            let a = by_item.get(item.id.as_str());
            let status = a.map(|a| a.status).unwrap_or(Status::AFaire);
            if matches!(status, Status::Conforme | Status::NonApplicable) {
                return None;
            }
            let due = a.and_then(|a| a.due);
            Some((
                position,
                Action {
                    structure_id,
                    item_id: item.id.clone(),
                    step: item.step,
                    title: item.title.clone(),
                    status,
                    owner: a.map(|a| a.owner.clone()).unwrap_or_default(),
                    due,
                    overdue: due.is_some_and(|d| d < today),
                    note: a.map(|a| a.note.clone()).unwrap_or_default(),
                },
            ))
        })
        .collect();
    plan.sort_by_key(|(position, a)| (!a.overdue, a.due.is_none(), a.due, *position));
    plan.into_iter().map(|(_, a)| a).collect()
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

/// A survey answer that bears on an item: shown beside it, never changing its rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SurveyHint {
    pub item_id: String,
    pub wave: String,
    pub question: String,
    pub answer: String,
}

/// The centre's survey answers (question label, answer as text) that match an item's keywords.
pub fn survey_hints(checklist: &Checklist, wave: &str, answers: &[(String, String)]) -> Vec<SurveyHint> {
    let folded: Vec<(String, &String, &String)> = answers.iter().map(|(q, a)| (crate::text::fold(q), q, a)).collect();
    let mut hints = Vec::new();
    for item in checklist.active() {
        for keyword in &item.survey_keywords {
            let key = crate::text::fold(keyword);
            if key.is_empty() {
                continue;
            }
            for (label, question, answer) in &folded {
                if label.contains(&key)
                    && !hints.iter().any(|h: &SurveyHint| h.item_id == item.id && &h.question == *question)
                {
                    hints.push(SurveyHint {
                        item_id: item.id.clone(),
                        wave: wave.to_string(),
                        question: (*question).clone(),
                        answer: (*answer).clone(),
                    });
                }
            }
        }
    }
    hints
}

/// The action plan as spreadsheet rows (cells neutralised against formulas).
pub fn action_plan_rows(plan: &[(String, Action)]) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = ["Structure", "Étape", "Point", "Statut", "Responsable", "Échéance", "En retard", "Note"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let rows = plan
        .iter()
        .map(|(centre, a)| {
            [
                centre.clone(),
                a.step.label().to_string(),
                a.title.clone(),
                a.status.label().to_string(),
                a.owner.clone(),
                a.due.map(short_date).unwrap_or_default(),
                if a.overdue { "oui".to_string() } else { String::new() },
                a.note.clone(),
            ]
            .iter()
            .map(|c| crate::export::neutralise_cell(c))
            .collect()
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod change_tests {
    use super::*;

    #[test]
    fn a_change_keeps_the_fields_it_does_not_name() {
        let current = Assessment {
            structure_id: 1,
            item_id: "registre".into(),
            status: Status::EnCours,
            note: "Modèle CNIL".into(),
            reason: String::new(),
            evidence: "Registre.ods".into(),
            owner: "Aline".into(),
            due: NaiveDate::from_ymd_opt(2027, 3, 31),
            item_revision: 1,
            checklist_version: 1,
            updated_at: String::new(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, step: Step) -> ChecklistItem {
        ChecklistItem {
            id: id.into(),
            step,
            revision: 1,
            title: format!("Point {id}"),
            explanation: String::new(),
            why: String::new(),
            how: String::new(),
            reference: String::new(),
            survey_keywords: vec![],
            retired: false,
            since_version: 1,
        }
    }

    fn checklist() -> Checklist {
        Checklist {
            version: 1,
            title: "Test".into(),
            items: vec![
                item("g1", Step::Gouvernance),
                item("g2", Step::Gouvernance),
                item("s1", Step::Securite),
                item("s2", Step::Securite),
            ],
        }
    }

    fn assessed(item: &str, status: Status, due: Option<&str>) -> Assessment {
        Assessment {
            structure_id: 7,
            item_id: item.into(),
            status,
            note: String::new(),
            reason: String::new(),
            evidence: String::new(),
            owner: "Léa".into(),
            due: due.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            item_revision: 1,
            checklist_version: 1,
            updated_at: String::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn progress_counts_compliant_as_one_in_progress_as_half_and_leaves_out_non_applicable() {
        let c = checklist();
        let p = centre_progress(&c, 7, &[], today());
        assert_eq!(p.progress, 0);
        let a = [
            assessed("g1", Status::Conforme, None),
            assessed("g2", Status::EnCours, None),
            assessed("s1", Status::NonApplicable, None),
        ];
        let p = centre_progress(&c, 7, &a, today());
        // Gouvernance: (2 + 1) / 4 halves = 75 %; Sécurité: s2 only, à faire: 0 %; overall 3 / 6 halves.
        assert_eq!(p.steps[0].progress, Some(75));
        assert_eq!(p.steps[5].progress, Some(0));
        assert_eq!(p.steps[5].applicable, 1);
        assert_eq!(p.steps[1].progress, None, "no item in that step");
        assert_eq!(p.progress, 50);
        let all = [
            assessed("g1", Status::Conforme, None),
            assessed("g2", Status::Conforme, None),
            assessed("s1", Status::NonApplicable, None),
            assessed("s2", Status::Conforme, None),
        ];
        assert_eq!(centre_progress(&c, 7, &all, today()).progress, 100);
        assert_eq!(centre_progress(&c, 8, &all, today()).progress, 0, "another centre's assessments do not count");
    }

    #[test]
    fn retired_items_leave_progress_and_new_versions_show_what_changed() {
        let c = checklist();
        let a = [assessed("g1", Status::Conforme, None), assessed("s1", Status::EnCours, None)];
        let mut edited = c.clone();
        edited.items.retain(|i| i.id != "s1");
        edited.items[0].title = "Point g1, reformulé".into();
        edited.items.push(item("t1", Step::Transparence));
        let next = c.next_version(edited).unwrap();
        assert_eq!(next.version, 2);
        assert_eq!(next.item("g1").unwrap().revision, 2);
        assert!(next.item("s1").unwrap().retired, "kept, retired");
        let changes: Vec<(String, String)> =
            changes_for_centre(&next, 7, &a).into_iter().map(|c| (c.item_id, c.change)).collect();
        assert!(changes.contains(&("g1".into(), "modifié".into())), "{changes:?}");
        assert!(changes.contains(&("s1".into(), "retiré".into())), "{changes:?}");
        assert!(changes.contains(&("t1".into(), "nouveau".into())), "{changes:?}");
        // s1 (in progress) no longer counts; g1 compliant: 2 halves of g1, g2, s2, t1 → 2 / 8.
        assert_eq!(centre_progress(&next, 7, &a, today()).progress, 25);
    }

    #[test]
    fn the_action_plan_puts_overdue_first_then_by_due_date() {
        let c = checklist();
        let a = [
            assessed("g1", Status::EnCours, Some("2026-12-15")),
            assessed("g2", Status::AFaire, Some("2026-11-01")),
            assessed("s1", Status::Conforme, Some("2026-01-01")),
        ];
        let plan = action_plan(&c, 7, &a, today());
        let ids: Vec<(&str, bool)> = plan.iter().map(|a| (a.item_id.as_str(), a.overdue)).collect();
        assert_eq!(ids, [("g2", true), ("g1", false), ("s2", false)], "compliant items are not in the plan");
        assert_eq!(centre_progress(&c, 7, &a, today()).overdue, 1);
        let due_today = [assessed("g2", Status::AFaire, Some("2026-11-29"))];
        assert!(!action_plan(&c, 7, &due_today, today())[0].overdue, "due today is not overdue yet");
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

    #[test]
    fn survey_answers_matching_an_items_keywords_are_hints() {
        let mut c = checklist();
        c.items[0].survey_keywords = vec!["référent RGPD".into()];
        let answers = vec![
            ("Avez-vous un référent RGPD ?".to_string(), "Oui".to_string()),
            ("Nombre d'ordinateurs".to_string(), "4".to_string()),
        ];
        let hints = survey_hints(&c, "2021", &answers);
        assert_eq!(hints.len(), 1);
        assert_eq!((hints[0].item_id.as_str(), hints[0].answer.as_str()), ("g1", "Oui"));
    }

    #[test]
    fn action_plan_rows_neutralise_formulas() {
        let c = checklist();
        let mut a = assessed("g1", Status::EnCours, Some("2026-12-15"));
        a.note = "=HYPERLINK(\"x\")".into();
        let plan: Vec<(String, Action)> =
            action_plan(&c, 7, &[a], today()).into_iter().map(|x| ("Centre".to_string(), x)).collect();
        let (headers, rows) = action_plan_rows(&plan);
        assert_eq!(headers.len(), rows[0].len());
        assert!(rows[0][7].starts_with('\''), "{:?}", rows[0]);
        assert_eq!(rows[0][5], "15/12/2026");
    }

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
