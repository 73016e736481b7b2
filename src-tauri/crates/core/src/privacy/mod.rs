//! The RGPD rules the federation applies to the personal data it holds itself.

pub mod erasure;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{Person, PersonId, StructureId};

/// Personal data must be reviewed at least this often (the federation's retention rule).
pub const REVIEW_PERIOD_MONTHS: u32 = 36;

/// A person whose data has not been reviewed (nor collected) for three years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StalePerson {
    pub person_id: PersonId,
    pub structure_id: Option<StructureId>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// The structure's or the partner's name.
    pub organisation_name: String,
    pub full_name: String,
    pub role: String,
    /// The last review, else the collection date; None when neither is known.
    pub last_checked: Option<NaiveDate>,
}

/// The date the data was last known to be checked: reviewed, else collected.
pub fn last_checked(person: &Person) -> Option<NaiveDate> {
    person.draft.reviewed_on.max(person.draft.collected_on)
}

/// True when the person's data is due for review: never checked, or checked over three years ago.
pub fn needs_review(person: &Person, today: NaiveDate) -> bool {
    let limit = today.checked_sub_months(Months::new(REVIEW_PERIOD_MONTHS)).unwrap_or(today);
    last_checked(person).is_none_or(|d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonDraft;

    fn person(collected: Option<&str>, reviewed: Option<&str>) -> Person {
        let d = |s: Option<&str>| s.map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        Person {
            id: 1,
            structure_id: Some(1),
            partner_id: None,
            draft: PersonDraft { collected_on: d(collected), reviewed_on: d(reviewed), ..Default::default() },
            version: 1,
        }
    }

    #[test]
    fn three_years_without_review() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert!(needs_review(&person(None, None), today));
        assert!(needs_review(&person(Some("2023-11-28"), None), today), "exactly three years");
        assert!(!needs_review(&person(Some("2023-11-29"), None), today));
        assert!(!needs_review(&person(Some("2019-01-01"), Some("2025-06-01")), today), "a review resets the clock");
    }
}
