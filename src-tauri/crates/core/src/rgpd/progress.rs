//! A centre's progress and action plan. Progress counts a compliant item as 1 and an item in
//! progress as ½, over the applicable items of the current checklist (not applicable and retired
//! items left out), rounded down: 100 % only when everything applicable is compliant.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::assessment::{Assessment, Rated, Status};
use super::checklist::{Checklist, Step};
use super::tally::{overdue_count, CentreProgress, CentreTally};
use crate::french::short_date;
use crate::model::StructureId;

/// A centre's progress against the checklist, from its assessments (others count as « à faire »).
pub fn centre_progress<R: Rated>(
    checklist: &Checklist,
    structure_id: StructureId,
    assessments: &[R],
    today: NaiveDate,
) -> CentreProgress {
    CentreTally::of(checklist, structure_id, assessments).progress(overdue_count(
        checklist,
        structure_id,
        assessments,
        today,
    ))
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

/// The federation's progress: the mean of the centres' own, by the same rounding as theirs
/// ([`crate::french::whole_percent`]); 0 without any centre.
/// Each structure's own assessments, when `assessments` is ordered by structure (as the store
/// reads them), so that a view of every centre reads each centre's items once rather than scanning
/// all of them per centre (4,000 centres × 40 items: seconds instead of milliseconds). None when
/// they are not in that order.
pub fn assessments_by_structure<R: Rated>(assessments: &[R]) -> Option<HashMap<StructureId, &[R]>> {
    if !assessments.is_sorted_by_key(|a| a.structure_id()) {
        return None;
    }
    Some(assessments.chunk_by(|a, b| a.structure_id() == b.structure_id()).map(|c| (c[0].structure_id(), c)).collect())
}

/// A structure's assessments among `all`, through `grouped` when there is one.
pub fn assessments_of<'a, R>(
    grouped: Option<&HashMap<StructureId, &'a [R]>>,
    all: &'a [R],
    structure_id: StructureId,
) -> &'a [R] {
    match grouped {
        Some(grouped) => grouped.get(&structure_id).copied().unwrap_or(&[]),
        None => all,
    }
}

pub fn mean_progress(progresses: impl IntoIterator<Item = u8>) -> u8 {
    let (sum, count) = progresses.into_iter().fold((0u64, 0u64), |(sum, n), p| (sum + u64::from(p), n + 1));
    crate::french::whole_percent(sum, count * 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rgpd::changes_for_centre;
    use crate::rgpd::testing::{assessed, checklist, item, today};

    #[test]
    fn each_centre_reads_its_own_assessments_the_same_as_scanning_them_all() {
        let of = |id: StructureId, item: &str, status| Assessment { structure_id: id, ..assessed(item, status, None) };
        let sorted = vec![
            of(1, "g1", Status::Conforme),
            of(1, "g2", Status::EnCours),
            of(2, "g1", Status::AFaire),
            of(7, "s1", Status::NonApplicable),
            of(7, "g2", Status::Conforme),
        ];
        let grouped = assessments_by_structure(&sorted).expect("ordered by structure");
        assert_eq!(grouped.len(), 3);
        for id in [1, 2, 7, 9] {
            let own = assessments_of(Some(&grouped), &sorted, id);
            assert!(own.iter().all(|a| a.structure_id == id));
            assert_eq!(
                centre_progress(&checklist(), id, own, today()),
                centre_progress(&checklist(), id, &sorted, today())
            );
        }
        let mut unsorted = sorted.clone();
        unsorted.swap(0, 3);
        assert!(assessments_by_structure(&unsorted).is_none(), "out of order: every centre scans them all");
        assert_eq!(assessments_of(None, &unsorted, 1).len(), 5);
    }

    #[test]
    fn the_mean_rounds_like_each_centre() {
        assert_eq!(mean_progress([]), 0);
        assert_eq!(mean_progress([66, 67]), 67);
        assert_eq!(mean_progress([100, 99]), 99, "not all complete");
        assert_eq!(mean_progress([100, 100]), 100);
        assert_eq!(mean_progress([0, 1]), 1, "one has started");
    }

    #[test]
    fn progress_counts_compliant_as_one_in_progress_as_half_and_leaves_out_non_applicable() {
        let c = checklist();
        let p = centre_progress::<Assessment>(&c, 7, &[], today());
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
}
