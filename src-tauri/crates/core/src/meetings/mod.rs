//! Meetings with partners and structures alike: when and where (or « visio »), who took part on
//! each side, which structures and partners it concerned, the notes and decisions, and what is
//! to be done next (« suites à donner »: what, who, when, done or not). The « À venir / en
//! retard » view gathers the meetings to come and the follow-ups past their date. `demo.rs`
//! holds the demo's year of meetings.

pub mod demo;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::StructureId;
use crate::partners::PartnerId;

pub type MeetingId = i64;

/// Longest title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest notes or decisions.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most follow-ups one meeting sets.
pub const MAX_FOLLOW_UPS: usize = 50;

/// Something to do after a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUp {
    /// Set once stored.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub id: Option<i64>,
    pub what: String,
    pub who: String,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

impl FollowUp {
    /// Not done, and its date has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.due_on.is_some_and(|due| due < today)
    }
}

/// What a meeting's form holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingDraft {
    pub title: String,
    pub held_on: Option<NaiveDate>,
    /// `HH:MM`, if known.
    pub starts_at: Option<String>,
    pub duration_minutes: Option<u32>,
    pub place: String,
    /// Held by video call (« visio »).
    pub online: bool,
    /// The federation's side, one name per entry.
    pub ours: Vec<String>,
    /// The other side.
    pub theirs: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub structure_ids: Vec<StructureId>,
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub partner_ids: Vec<PartnerId>,
    pub notes: String,
    pub decisions: String,
    pub follow_ups: Vec<FollowUp>,
}

fn names(list: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in list.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !kept.iter().any(|k| k == name) {
            kept.push(name.to_string());
        }
    }
    kept
}

impl MeetingDraft {
    /// The meeting as it may be stored: a title, a day, someone it concerns, texts within their
    /// limits, each follow-up saying what is to be done.
    pub fn cleaned(mut self) -> Result<MeetingDraft> {
        self.title = self.title.trim().to_string();
        self.place = self.place.trim().to_string();
        self.notes = self.notes.trim_end().to_string();
        self.decisions = self.decisions.trim_end().to_string();
        self.ours = names(self.ours);
        self.theirs = names(self.theirs);
        self.structure_ids.sort_unstable();
        self.structure_ids.dedup();
        self.partner_ids.sort_unstable();
        self.partner_ids.dedup();
        self.starts_at = self.starts_at.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        if self.title.is_empty() {
            return Err(CoreError::invalid("objet", "donnez l'objet de la rencontre."));
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(CoreError::invalid("objet", format!("l'objet dépasse {MAX_TITLE_CHARS} caractères.")));
        }
        if self.held_on.is_none() {
            return Err(CoreError::invalid("date", "indiquez le jour de la rencontre."));
        }
        if let Some(time) = &self.starts_at {
            if chrono::NaiveTime::parse_from_str(time, "%H:%M").is_err() {
                return Err(CoreError::invalid("heure", format!("« {time} » n'est pas une heure (ex. 14:30).")));
            }
        }
        if self.duration_minutes.is_some_and(|d| d == 0 || d > 24 * 60) {
            return Err(CoreError::invalid("durée", "une rencontre dure de 1 minute à 24 heures."));
        }
        if self.structure_ids.is_empty() && self.partner_ids.is_empty() {
            return Err(CoreError::invalid(
                "concerne",
                "choisissez au moins une structure ou un partenaire que la rencontre concerne.",
            ));
        }
        for (field, text) in [("notes", &self.notes), ("décisions", &self.decisions)] {
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(CoreError::invalid(field, format!("le texte dépasse {MAX_TEXT_CHARS} caractères.")));
            }
        }
        self.follow_ups.retain(|f| !(f.what.trim().is_empty() && f.who.trim().is_empty() && f.due_on.is_none()));
        if self.follow_ups.len() > MAX_FOLLOW_UPS {
            return Err(CoreError::invalid("suites", format!("{MAX_FOLLOW_UPS} suites au plus par rencontre.")));
        }
        for f in &mut self.follow_ups {
            f.what = f.what.trim().to_string();
            f.who = f.who.trim().to_string();
            if f.what.is_empty() {
                return Err(CoreError::invalid("suites", "dites ce qui est à faire pour chaque suite à donner."));
            }
        }
        Ok(self)
    }
}

/// A stored meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Meeting {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: MeetingId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: MeetingDraft,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

impl Meeting {
    pub fn day(&self) -> NaiveDate {
        self.draft.held_on.unwrap_or_default()
    }
}

/// « 14:30, 1 h 30, visio » or « Mérignac » : where and how long, in a few words.
pub fn when_and_where(draft: &MeetingDraft) -> String {
    let mut parts = Vec::new();
    if let Some(time) = &draft.starts_at {
        parts.push(match time.split_once(':') {
            Some((hours, "00")) => format!("{} h", hours.trim_start_matches('0').max("0")),
            Some((hours, minutes)) => format!("{} h {minutes}", hours.trim_start_matches('0').max("0")),
            None => time.clone(),
        });
    }
    if let Some(minutes) = draft.duration_minutes {
        parts.push(match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m:02}"),
        });
    }
    if draft.online {
        parts.push("visio".to_string());
    }
    if !draft.place.is_empty() {
        parts.push(draft.place.clone());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn draft() -> MeetingDraft {
        MeetingDraft {
            title: " Point inclusion numérique ".into(),
            held_on: Some(day(12, 3)),
            partner_ids: vec![4, 4],
            ours: vec![" Marie Dupuis".into(), "".into(), "Marie Dupuis".into()],
            ..MeetingDraft::default()
        }
    }

    #[test]
    fn a_meeting_needs_a_title_a_day_and_someone_it_concerns() {
        let cleaned = draft().cleaned().unwrap();
        assert_eq!(cleaned.title, "Point inclusion numérique");
        assert_eq!(cleaned.partner_ids, vec![4]);
        assert_eq!(cleaned.ours, vec!["Marie Dupuis"]);
        let nobody = MeetingDraft { partner_ids: vec![], ..draft() }.cleaned().unwrap_err();
        assert!(nobody.to_string().contains("au moins une structure ou un partenaire"), "{nobody}");
        assert!(MeetingDraft { held_on: None, ..draft() }.cleaned().unwrap_err().to_string().contains("jour"));
        let time = MeetingDraft { starts_at: Some("25h".into()), ..draft() }.cleaned().unwrap_err();
        assert!(time.to_string().contains("n'est pas une heure"));
        assert!(MeetingDraft { duration_minutes: Some(0), ..draft() }.cleaned().is_err());
    }

    #[test]
    fn follow_ups_say_what_is_to_be_done_and_blank_ones_are_dropped() {
        let with = |f: Vec<FollowUp>| MeetingDraft { follow_ups: f, ..draft() }.cleaned();
        let blank = FollowUp::default();
        let todo =
            FollowUp { what: " Envoyer le compte rendu ".into(), due_on: Some(day(12, 10)), ..FollowUp::default() };
        let cleaned = with(vec![blank, todo.clone()]).unwrap();
        assert_eq!(cleaned.follow_ups.len(), 1);
        assert_eq!(cleaned.follow_ups[0].what, "Envoyer le compte rendu");
        let nameless = FollowUp { who: "Paul".into(), ..FollowUp::default() };
        assert!(with(vec![nameless]).unwrap_err().to_string().contains("ce qui est à faire"));
        assert!(todo.is_overdue(day(12, 11)));
        assert!(!todo.is_overdue(day(12, 10)), "due today is not late yet");
        assert!(!FollowUp { done_on: Some(day(12, 9)), ..todo }.is_overdue(day(12, 11)));
    }

    #[test]
    fn when_and_where_reads_as_a_french_line() {
        let d = MeetingDraft {
            starts_at: Some("14:30".into()),
            duration_minutes: Some(90),
            online: true,
            ..MeetingDraft::default()
        };
        assert_eq!(when_and_where(&d), "14 h 30, 1 h 30, visio");
        let there = MeetingDraft { place: "Mérignac".into(), duration_minutes: Some(45), ..MeetingDraft::default() };
        assert_eq!(when_and_where(&there), "45 min, Mérignac");
        let morning = MeetingDraft { starts_at: Some("09:00".into()), ..MeetingDraft::default() };
        assert_eq!(when_and_where(&morning), "9 h");
    }
}
