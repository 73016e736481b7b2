//! What a centre's ratings come to against one version of the checklist, whatever the day: the
//! part of its progress that only changes when a rating or the checklist does. The base keeps one
//! tally per centre beside the ratings, so the federation's dashboard reads 4,000 tallies rather
//! than 160,000 ratings; the part that moves with the calendar (overdue actions) is counted from
//! the few overdue ratings ([`overdue_count`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::assessment::{Rated, Status};
use super::checklist::{Checklist, Step};
use crate::model::StructureId;
use serde::Serialize;

/// One step's share of a centre's tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepTally {
    /// Compliant items count 2, items in progress 1.
    pub halves: u32,
    /// Active items not rated « non applicable ».
    pub applicable: u32,
    pub compliant: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreTally {
    pub structure_id: StructureId,
    /// The checklist version it was counted against: another version makes it stale.
    pub checklist_version: u32,
    /// In the order of [`Step::ALL`].
    pub steps: [StepTally; Step::ALL.len()],
    /// Ratings the centre has, retired items included: 0 means it has not started.
    pub assessed: u32,
}

impl CentreTally {
    /// Counts a centre's ratings (others in `ratings` are left out) against the checklist's active items.
    pub fn of<R: Rated>(checklist: &Checklist, structure_id: StructureId, ratings: &[R]) -> CentreTally {
        let by_item: HashMap<&str, Status> =
            ratings.iter().filter(|r| r.structure_id() == structure_id).map(|r| (r.item_id(), r.status())).collect();
        let mut steps = [StepTally::default(); Step::ALL.len()];
        for item in checklist.active() {
            let status = by_item.get(item.id.as_str()).copied().unwrap_or(Status::AFaire);
            let slot = &mut steps[Step::ALL.iter().position(|s| *s == item.step).unwrap_or(0)];
            match status {
                Status::NonApplicable => continue,
                Status::Conforme => {
                    slot.halves += 2;
                    slot.compliant += 1;
                }
                Status::EnCours => slot.halves += 1,
                Status::AFaire => {}
            }
            slot.applicable += 1;
        }
        CentreTally { structure_id, checklist_version: checklist.version, steps, assessed: by_item.len() as u32 }
    }

    /// The centre's progress in percent over every step (100 when nothing applies).
    pub fn percent(&self) -> u8 {
        let (halves, applicable) =
            self.steps.iter().fold((0, 0), |(h, a), step| (h + step.halves, a + step.applicable));
        percent(halves, applicable).unwrap_or(100)
    }

    /// The centre's progress, given how many of its actions are overdue today.
    pub fn progress(&self, overdue: u32) -> CentreProgress {
        CentreProgress {
            structure_id: self.structure_id,
            progress: self.percent(),
            steps: Step::ALL
                .iter()
                .zip(&self.steps)
                .map(|(&step, tally)| StepProgress {
                    step,
                    label: step.label().to_string(),
                    progress: percent(tally.halves, tally.applicable),
                    applicable: tally.applicable,
                    compliant: tally.compliant,
                })
                .collect(),
            overdue,
            assessed: self.assessed,
        }
    }

    /// The steps as the base keeps them: `halves/applicable/compliant` per step, in the order of
    /// [`Step::ALL`], separated by spaces.
    pub fn steps_text(&self) -> String {
        let steps: Vec<String> =
            self.steps.iter().map(|s| format!("{}/{}/{}", s.halves, s.applicable, s.compliant)).collect();
        steps.join(" ")
    }

    /// Reads back what [`CentreTally::steps_text`] wrote; None for anything else (a tally marked
    /// stale, or damaged), which the caller counts again from the ratings.
    pub fn from_text(structure_id: StructureId, checklist_version: u32, assessed: u32, text: &str) -> Option<Self> {
        let mut steps = [StepTally::default(); Step::ALL.len()];
        let mut parts = text.split(' ');
        for slot in &mut steps {
            let mut numbers = parts.next()?.split('/').map(|n| n.parse::<u32>().ok());
            *slot = StepTally { halves: numbers.next()??, applicable: numbers.next()??, compliant: numbers.next()?? };
            if numbers.next().is_some() || slot.compliant > slot.applicable || slot.halves > 2 * slot.applicable {
                return None;
            }
        }
        parts.next().is_none().then_some(CentreTally { structure_id, checklist_version, steps, assessed })
    }
}

/// A centre's overdue actions on `today`, counted as its action plan lists them: active items
/// neither compliant nor inapplicable, due before today.
pub fn overdue_count<R: Rated>(
    checklist: &Checklist,
    structure_id: StructureId,
    ratings: &[R],
    today: NaiveDate,
) -> u32 {
    let mut items: Vec<&str> = ratings
        .iter()
        .filter(|r| r.structure_id() == structure_id)
        .filter(|r| !matches!(r.status(), Status::Conforme | Status::NonApplicable))
        .filter(|r| r.due().is_some_and(|due| due < today))
        .map(|r| r.item_id())
        .filter(|id| checklist.item(id).is_some_and(|item| !item.retired))
        .collect();
    items.sort_unstable();
    items.dedup();
    items.len() as u32
}

/// Every centre's progress on one day, from the tallies the base keeps and the day's overdue ratings.
pub struct Progresses<'a, R> {
    checklist: &'a Checklist,
    tallies: &'a HashMap<StructureId, CentreTally>,
    overdue: &'a [R],
    overdue_by_centre: Option<HashMap<StructureId, &'a [R]>>,
    today: NaiveDate,
}

impl<'a, R: Rated> Progresses<'a, R> {
    /// `overdue`: the ratings overdue on `today`, ideally ordered by centre (as the store reads them).
    pub fn new(
        checklist: &'a Checklist,
        tallies: &'a HashMap<StructureId, CentreTally>,
        overdue: &'a [R],
        today: NaiveDate,
    ) -> Self {
        let overdue_by_centre = super::progress::assessments_by_structure(overdue);
        Progresses { checklist, tallies, overdue, overdue_by_centre, today }
    }

    /// A centre's progress; one without a tally has rated nothing.
    pub fn of(&self, structure_id: StructureId) -> CentreProgress {
        let own_overdue = super::progress::assessments_of(self.overdue_by_centre.as_ref(), self.overdue, structure_id);
        let overdue = overdue_count(self.checklist, structure_id, own_overdue, self.today);
        match self.tallies.get(&structure_id) {
            Some(tally) => tally.progress(overdue),
            None => CentreTally::of::<R>(self.checklist, structure_id, &[]).progress(overdue),
        }
    }
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

/// Progress in percent over the applicable, active items: compliant 1, in progress ½.
pub(super) fn percent(done_halves: u32, applicable: u32) -> Option<u8> {
    (applicable > 0).then(|| crate::french::whole_percent(done_halves.into(), u64::from(applicable) * 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rgpd::testing::{assessed, checklist, today};
    use crate::rgpd::{centre_progress, Assessment};

    fn ratings() -> Vec<Assessment> {
        vec![
            assessed("g1", Status::Conforme, Some("2026-01-01")),
            assessed("g2", Status::EnCours, Some("2026-11-01")),
            assessed("s1", Status::NonApplicable, Some("2026-11-01")),
            assessed("s2", Status::AFaire, Some("2026-12-31")),
        ]
    }

    #[test]
    fn a_tally_and_the_overdue_count_give_the_progress_counted_from_the_ratings() {
        let c = checklist();
        let tally = CentreTally::of(&c, 7, &ratings());
        assert_eq!(tally.steps[0], StepTally { halves: 3, applicable: 2, compliant: 1 });
        assert_eq!(tally.steps[5], StepTally { halves: 0, applicable: 1, compliant: 0 });
        assert_eq!(tally.assessed, 4);
        // g2 is late; s1 does not apply, g1 is compliant, s2 is not due yet.
        assert_eq!(overdue_count(&c, 7, &ratings(), today()), 1);
        assert_eq!(tally.progress(1), centre_progress(&c, 7, &ratings(), today()));
        assert_eq!(CentreTally::of::<Assessment>(&c, 8, &ratings()).assessed, 0, "another centre's ratings");
    }

    #[test]
    fn a_retired_item_is_neither_counted_nor_overdue() {
        let c = checklist();
        let mut edited = c.clone();
        edited.items.retain(|i| i.id != "g2");
        let next = c.next_version(edited).unwrap();
        assert_eq!(overdue_count(&next, 7, &ratings(), today()), 0);
        let tally = CentreTally::of(&next, 7, &ratings());
        assert_eq!((tally.checklist_version, tally.steps[0].applicable), (2, 1));
        assert_eq!(tally.progress(0), centre_progress(&next, 7, &ratings(), today()));
    }

    #[test]
    fn the_text_the_base_keeps_reads_back_and_nothing_else_does() {
        let tally = CentreTally::of(&checklist(), 7, &ratings());
        assert_eq!(tally.steps_text(), "3/2/1 0/0/0 0/0/0 0/0/0 0/0/0 0/1/0");
        assert_eq!(CentreTally::from_text(7, 1, 4, &tally.steps_text()), Some(tally));
        for damaged in ["", "3/2/1", "3/2/1 0/0/0 0/0/0 0/0/0 0/0/0 0/1/0 1/1/1", "3/2 0/0/0 0/0/0 0/0/0 0/0/0 0/1/0"] {
            assert_eq!(CentreTally::from_text(7, 1, 4, damaged), None, "{damaged:?}");
        }
        assert_eq!(
            CentreTally::from_text(7, 1, 4, "9/2/1 0/0/0 0/0/0 0/0/0 0/0/0 0/1/0"),
            None,
            "more halves than items"
        );
        assert_eq!(CentreTally::from_text(7, 1, 4, "x/2/1 0/0/0 0/0/0 0/0/0 0/0/0 0/1/0"), None);
    }
}
