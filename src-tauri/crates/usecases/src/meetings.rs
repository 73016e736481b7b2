//! Meetings with partners and structures: the list (between two days), the form, a follow-up
//! closed, the minutes as a PDF, and « À venir / en retard »: the meetings to come, the
//! follow-ups past their date, the partners to contact again and the reports owed soon.

use std::collections::HashMap;

use chrono::NaiveDate;
use fabrique_api::{Agenda, MeetingRow, OverdueFollowUp};
use fabrique_core::meetings::{when_and_where, Meeting, MeetingDraft, MeetingId};
use fabrique_reports::meeting::{minutes_document, MinutesContext};
use fabrique_store::Store;

use crate::Result;

/// The names the rows show: structures and partners by id.
struct Names {
    structures: HashMap<i64, String>,
    partners: HashMap<i64, String>,
}

impl Names {
    fn of(store: &Store) -> Result<Names> {
        Ok(Names {
            structures: store.list_structures()?.into_iter().map(|s| (s.id, s.draft.name)).collect(),
            partners: store.partners()?.into_iter().map(|p| (p.id, p.draft.name)).collect(),
        })
    }

    fn row(&self, meeting: Meeting, today: NaiveDate) -> MeetingRow {
        let d = &meeting.draft;
        let name =
            |names: &HashMap<i64, String>, id: &i64| names.get(id).cloned().unwrap_or_else(|| format!("n° {id}"));
        MeetingRow {
            structures: d.structure_ids.iter().map(|id| name(&self.structures, id)).collect(),
            partners: d.partner_ids.iter().map(|id| name(&self.partners, id)).collect(),
            when_and_where: when_and_where(d),
            open_follow_ups: d.follow_ups.iter().filter(|f| f.done_on.is_none()).count() as u32,
            overdue_follow_ups: d.follow_ups.iter().filter(|f| f.is_overdue(today)).count() as u32,
            meeting,
        }
    }
}

/// The meetings held between `from` and `to` (each included when given), the latest first.
pub fn rows(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<MeetingRow>> {
    let names = Names::of(store)?;
    Ok(store
        .meetings()?
        .into_iter()
        .filter(|m| from.is_none_or(|f| m.day() >= f) && to.is_none_or(|t| m.day() <= t))
        .map(|m| names.row(m, today))
        .collect())
}

pub fn row(store: &Store, id: MeetingId, today: NaiveDate) -> Result<MeetingRow> {
    Ok(Names::of(store)?.row(store.meeting(id)?, today))
}

pub fn create(store: &mut Store, draft: MeetingDraft, today: NaiveDate) -> Result<MeetingRow> {
    let id = store.create_meeting(draft)?.id;
    row(store, id, today)
}

pub fn save(
    store: &mut Store,
    id: MeetingId,
    draft: MeetingDraft,
    opened_version: Option<i64>,
    today: NaiveDate,
) -> Result<MeetingRow> {
    store.save_meeting(id, draft, opened_version)?;
    row(store, id, today)
}

/// Closes a follow-up today (`done`), or opens it again.
pub fn set_follow_up_done(store: &mut Store, follow_up: i64, done: bool, today: NaiveDate) -> Result<MeetingRow> {
    let id = store.set_follow_up_done(follow_up, done.then_some(today))?.id;
    row(store, id, today)
}

/// « À venir / en retard ».
pub fn agenda(store: &Store, today: NaiveDate) -> Result<Agenda> {
    let names = Names::of(store)?;
    let meetings = store.meetings()?;
    let mut overdue: Vec<OverdueFollowUp> = meetings
        .iter()
        .flat_map(|m| {
            m.draft.follow_ups.iter().filter(|f| f.is_overdue(today)).map(|f| OverdueFollowUp {
                follow_up: f.clone(),
                meeting_id: m.id,
                meeting_title: m.draft.title.clone(),
                held_on: m.draft.held_on,
            })
        })
        .collect();
    overdue.sort_by_key(|o| o.follow_up.due_on);
    let mut upcoming: Vec<MeetingRow> =
        meetings.into_iter().filter(|m| m.day() >= today).map(|m| names.row(m, today)).collect();
    upcoming.sort_by(|a, b| {
        (a.meeting.day(), &a.meeting.draft.starts_at).cmp(&(b.meeting.day(), &b.meeting.draft.starts_at))
    });
    let to_contact = crate::partners::rows(store, today)?.into_iter().filter(|p| p.to_contact).collect();
    let reports = crate::dossiers::rows(store, today)?.into_iter().filter(|d| d.reminder.is_some()).collect();
    Ok(Agenda { upcoming, overdue, to_contact, reports })
}

/// The minutes of a meeting, as a PDF.
pub fn minutes_pdf(store: &Store, id: MeetingId, today: NaiveDate) -> Result<Vec<u8>> {
    let row = row(store, id, today)?;
    let name = store.federation()?.name;
    let federation =
        if name.trim().is_empty() { "Fédération des Centres Sociaux de la Gironde".to_string() } else { name };
    let concerned = row.partners.iter().chain(&row.structures).cloned().collect();
    let document = minutes_document(&row.meeting, &MinutesContext { federation: &federation, concerned });
    Ok(fabrique_pdf::to_pdf(&document)?)
}
