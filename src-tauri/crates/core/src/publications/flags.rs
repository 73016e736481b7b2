//! What the board points out on a publication: waiting too long for validation, or its date
//! passed before it was validated.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Publication, PublicationStatus};

/// Days a publication may wait for validation before it is pointed out, until the team sets
/// its own delay.
pub const WAITING_DAYS_DEFAULT: u32 = 3;
/// The longest delay the setting accepts: a month.
pub const WAITING_DAYS_MAX: u32 = 31;

/// The delay a delegate typed, if it is one: 1 to 31 days.
pub fn checked_waiting_days(days: u32) -> crate::error::Result<u32> {
    if (1..=WAITING_DAYS_MAX).contains(&days) {
        Ok(days)
    } else {
        Err(crate::error::CoreError::invalid(
            "délai de validation",
            format!("choisissez entre 1 et {WAITING_DAYS_MAX} jours (et non {days})."),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// « À valider » for longer than the setting allows.
    WaitingTooLong,
    /// Its planned date has passed and it is not validated.
    DatePassed,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::WaitingTooLong => "attend sa validation",
            Flag::DatePassed => "date passée sans validation",
        }
    }
}

/// The flags of `p` at `now` (UTC, for the wait) and `local_now` (the planned dates are local).
pub fn flags_of(p: &Publication, now: DateTime<Utc>, local_now: NaiveDateTime, waiting_days: u32) -> Vec<Flag> {
    use PublicationStatus::*;
    let mut flags = Vec::new();
    if p.status == AValider {
        let asked = p.asked_at.as_deref().and_then(|a| DateTime::parse_from_rfc3339(a).ok());
        if asked.is_some_and(|asked| now.signed_duration_since(asked) > chrono::Duration::days(i64::from(waiting_days)))
        {
            flags.push(Flag::WaitingTooLong);
        }
    }
    let unvalidated = matches!(p.status, Idee | Redaction | AValider | Refusee);
    if unvalidated && p.draft.planned_at.is_some_and(|planned| planned < local_now) {
        flags.push(Flag::DatePassed);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publications::tests::publication;

    #[test]
    fn a_long_wait_and_a_passed_date_are_pointed_out() {
        let now = DateTime::parse_from_rfc3339("2026-12-09T12:00:00Z").unwrap().with_timezone(&Utc);
        let local_now = chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap().and_hms_opt(13, 0, 0).unwrap();
        let mut waiting = publication(PublicationStatus::AValider);
        waiting.asked_at = Some("2026-12-05T09:00:00Z".into());
        assert_eq!(flags_of(&waiting, now, local_now, 3), vec![Flag::WaitingTooLong]);
        assert_eq!(flags_of(&waiting, now, local_now, 5), vec![]);
        // Planned on the 10th at 18:00: passed on the 11th, unless it was validated.
        let later = local_now + chrono::Duration::days(2);
        assert_eq!(flags_of(&waiting, now, later, 5), vec![Flag::DatePassed]);
        assert_eq!(flags_of(&publication(PublicationStatus::Validee), now, later, 5), vec![]);
    }
}
