//! Meetings and their follow-ups, on either engine: written whole against the version the form
//! opened (the structures, partners and follow-ups it holds replaced in the same transaction),
//! listed by day, and a follow-up closed on its own.

use std::collections::HashMap;

use chrono::NaiveDate;
use fabrique_core::meetings::{FollowUp, Meeting, MeetingDraft, MeetingId};
use fabrique_core::partners::PartnerId;
use fabrique_core::StructureId;

use crate::error::{Result, StoreError};
use crate::rows::{found, iso, read_date, Versioned};
use crate::sql::{values, Row, Sql};
use crate::{now, Store};

const COLUMNS: &str =
    "id, title, held_on, starts_at, duration_minutes, place, online, ours, theirs, notes, decisions, version";

const MEETING_VERSION: Versioned = Versioned {
    select: "SELECT version FROM meetings WHERE id = ?1",
    missing: "La rencontre",
    record: "cette rencontre",
};

impl Store {
    /// Every meeting, the latest first.
    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        let db = self.db();
        let mut meetings = db
            .query(&format!("SELECT {COLUMNS} FROM meetings ORDER BY held_on DESC, starts_at DESC, id DESC"), &[])?
            .iter()
            .map(read_meeting)
            .collect::<Result<Vec<_>>>()?;
        let mut index: HashMap<MeetingId, usize> = HashMap::new();
        for (i, m) in meetings.iter().enumerate() {
            index.insert(m.id, i);
        }
        for r in &db.query("SELECT meeting_id, structure_id FROM meeting_structures ORDER BY structure_id", &[])? {
            if let Some(&i) = index.get(&r.get::<i64>(0)?) {
                meetings[i].draft.structure_ids.push(r.get(1)?);
            }
        }
        for r in &db.query("SELECT meeting_id, partner_id FROM meeting_partners ORDER BY partner_id", &[])? {
            if let Some(&i) = index.get(&r.get::<i64>(0)?) {
                meetings[i].draft.partner_ids.push(r.get(1)?);
            }
        }
        for r in
            &db.query(&format!("SELECT meeting_id, {FOLLOW_UP_COLUMNS} FROM follow_ups ORDER BY position, id"), &[])?
        {
            if let Some(&i) = index.get(&r.get::<i64>(0)?) {
                meetings[i].draft.follow_ups.push(read_follow_up(r, 1)?);
            }
        }
        Ok(meetings)
    }

    pub fn meeting(&self, id: MeetingId) -> Result<Meeting> {
        read_one(self.db(), id)
    }

    /// The last day each partner was met (meetings to come do not count).
    pub fn partners_last_met(&self, today: NaiveDate) -> Result<HashMap<PartnerId, NaiveDate>> {
        let mut last = HashMap::new();
        let rows = self.db().query(
            "SELECT mp.partner_id, max(m.held_on) FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id \
             WHERE m.held_on <= ?1 GROUP BY mp.partner_id",
            values![today.format("%Y-%m-%d").to_string()],
        )?;
        for r in &rows {
            if let Some(day) = read_date(r, 1)? {
                last.insert(r.get::<i64>(0)?, day);
            }
        }
        Ok(last)
    }

    pub fn create_meeting(&mut self, draft: MeetingDraft) -> Result<Meeting> {
        let draft = draft.cleaned()?;
        let stamp = now();
        let tx = self.begin()?;
        let id: i64 = crate::sql::query_value(
            &*tx,
            "INSERT INTO meetings (title, held_on, starts_at, duration_minutes, place, online, ours, theirs, notes, \
             decisions, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
            values![draft.title, iso(draft.held_on), draft.starts_at, draft.duration_minutes.map(i64::from), draft.place,
                draft.online, draft.ours.join("\n"), draft.theirs.join("\n"), draft.notes, draft.decisions, stamp],
        )?;
        write_links(&*tx, id, &draft)?;
        tx.commit()?;
        self.meeting(id)
    }

    /// Saves a meeting's form; with `opened_version`, refused when someone else saved it since.
    pub fn save_meeting(&mut self, id: MeetingId, draft: MeetingDraft, opened_version: Option<i64>) -> Result<Meeting> {
        let draft = draft.cleaned()?;
        let tx = self.begin()?;
        if let Some(opened) = opened_version {
            MEETING_VERSION.check(&*tx, id, opened)?;
        }
        let changed = tx.execute(
            "UPDATE meetings SET title = ?1, held_on = ?2, starts_at = ?3, duration_minutes = ?4, place = ?5, online = ?6, \
             ours = ?7, theirs = ?8, notes = ?9, decisions = ?10, updated_at = ?11, version = version + 1 WHERE id = ?12",
            values![draft.title, iso(draft.held_on), draft.starts_at, draft.duration_minutes.map(i64::from), draft.place,
                draft.online, draft.ours.join("\n"), draft.theirs.join("\n"), draft.notes, draft.decisions, now(), id],
        )?;
        found(changed, "La rencontre", id)?;
        for table in ["meeting_structures", "meeting_partners", "follow_ups"] {
            tx.execute(&format!("DELETE FROM {table} WHERE meeting_id = ?1"), values![id])?;
        }
        write_links(&*tx, id, &draft)?;
        tx.commit()?;
        self.meeting(id)
    }

    /// Marks a follow-up done on `done_on`, or not done (`None`); returns its meeting.
    pub fn set_follow_up_done(&mut self, follow_up: i64, done_on: Option<NaiveDate>) -> Result<Meeting> {
        let tx = self.begin()?;
        let meeting: MeetingId = tx
            .query_optional("SELECT meeting_id FROM follow_ups WHERE id = ?1", values![follow_up])?
            .ok_or(StoreError::NotFound { what: "La suite à donner", id: follow_up })?
            .get(0)?;
        tx.execute("UPDATE follow_ups SET done_on = ?1 WHERE id = ?2", values![iso(done_on), follow_up])?;
        // The meeting's form, opened before, must not write the follow-up back as it was.
        tx.execute(
            "UPDATE meetings SET version = version + 1, updated_at = ?1 WHERE id = ?2",
            values![now(), meeting],
        )?;
        tx.commit()?;
        self.meeting(meeting)
    }

    pub fn delete_meeting(&mut self, id: MeetingId) -> Result<()> {
        found(self.db().execute("DELETE FROM meetings WHERE id = ?1", values![id])?, "La rencontre", id)
    }
}

const FOLLOW_UP_COLUMNS: &str = "id, what, who, due_on, done_on";

fn write_links(db: &(impl Sql + ?Sized), id: MeetingId, draft: &MeetingDraft) -> Result<()> {
    for structure in &draft.structure_ids {
        crate::structure_rows::live_structure(db, *structure)?;
        db.execute(
            "INSERT INTO meeting_structures (meeting_id, structure_id) VALUES (?1, ?2)",
            values![id, *structure],
        )?;
    }
    for partner in &draft.partner_ids {
        found(
            db.query_optional("SELECT id FROM partners WHERE id = ?1", values![*partner])?.map_or(0, |_| 1),
            "Le partenaire",
            *partner,
        )?;
        db.execute("INSERT INTO meeting_partners (meeting_id, partner_id) VALUES (?1, ?2)", values![id, *partner])?;
    }
    for (position, f) in draft.follow_ups.iter().enumerate() {
        db.execute(
            "INSERT INTO follow_ups (meeting_id, position, what, who, due_on, done_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            values![id, position as i64, f.what, f.who, iso(f.due_on), iso(f.done_on)],
        )?;
    }
    Ok(())
}

fn read_one(db: &(impl Sql + ?Sized), id: MeetingId) -> Result<Meeting> {
    let row = db
        .query_optional(&format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1"), values![id])?
        .ok_or(StoreError::NotFound { what: "La rencontre", id })?;
    let mut meeting = read_meeting(&row)?;
    let ids = |sql: &str| -> Result<Vec<i64>> { db.query(sql, values![id])?.iter().map(|r| r.get(0)).collect() };
    meeting.draft.structure_ids =
        ids("SELECT structure_id FROM meeting_structures WHERE meeting_id = ?1 ORDER BY structure_id")?;
    meeting.draft.partner_ids =
        ids("SELECT partner_id FROM meeting_partners WHERE meeting_id = ?1 ORDER BY partner_id")?;
    meeting.draft.follow_ups = db
        .query(
            &format!("SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE meeting_id = ?1 ORDER BY position, id"),
            values![id],
        )?
        .iter()
        .map(|r| read_follow_up(r, 0))
        .collect::<Result<_>>()?;
    Ok(meeting)
}

fn lines(text: String) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn read_meeting(r: &Row) -> Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        draft: MeetingDraft {
            title: r.get(1)?,
            held_on: read_date(r, 2)?,
            starts_at: r.get(3)?,
            duration_minutes: r.get::<Option<i64>>(4)?.and_then(|m| u32::try_from(m).ok()),
            place: r.get(5)?,
            online: r.get::<i64>(6)? != 0,
            ours: lines(r.get(7)?),
            theirs: lines(r.get(8)?),
            structure_ids: Vec::<StructureId>::new(),
            partner_ids: Vec::new(),
            notes: r.get(9)?,
            decisions: r.get(10)?,
            follow_ups: Vec::new(),
        },
        version: r.get(11)?,
    })
}

fn read_follow_up(r: &Row, at: usize) -> Result<FollowUp> {
    Ok(FollowUp {
        id: Some(r.get(at)?),
        what: r.get(at + 1)?,
        who: r.get(at + 2)?,
        due_on: read_date(r, at + 3)?,
        done_on: read_date(r, at + 4)?,
    })
}
