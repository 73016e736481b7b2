//! Meetings in the store, on each engine: written with the structures and partners they concern
//! and their follow-ups, saved against their version, a follow-up closed on its own (which moves
//! the meeting's version), the last time each partner was met, and the demo's year.

mod common;

use chrono::NaiveDate;
use common::{each_engine_with_colleague, each_engine_with_demo, structure, today};
use fabrique_core::meetings::{FollowUp, MeetingDraft};
use fabrique_core::partners::PartnerDraft;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn a_meeting_keeps_whom_it_concerned_and_its_follow_ups() {
    for (engine, mut store, mut colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let hubik = store.create_partner(PartnerDraft { name: "HUBIK".into(), ..PartnerDraft::default() }).unwrap();
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let draft = MeetingDraft {
            title: "Feuille de route numérique".into(),
            held_on: Some(day(10, 2)),
            starts_at: Some("14:30".into()),
            duration_minutes: Some(90),
            online: true,
            ours: vec!["Marie Dupuis".into()],
            theirs: vec!["Coordinatrice HUBIK".into()],
            partner_ids: vec![hubik.id],
            structure_ids: vec![lac.id],
            notes: "Échanges « francs ».".into(),
            follow_ups: vec![
                FollowUp {
                    what: "Recenser les permanences".into(),
                    who: "Marie".into(),
                    due_on: Some(day(11, 1)),
                    ..FollowUp::default()
                },
                FollowUp { what: "Envoyer le compte rendu".into(), due_on: Some(day(10, 5)), ..FollowUp::default() },
            ],
            ..MeetingDraft::default()
        };
        let created = store.create_meeting(draft.clone()).unwrap();
        assert_eq!(
            (created.draft.partner_ids.clone(), created.draft.structure_ids.clone()),
            (vec![hubik.id], vec![lac.id])
        );
        assert_eq!(created.draft.follow_ups.len(), 2);
        assert!(created.draft.follow_ups.iter().all(|f| f.id.is_some()));
        assert!(created.draft.online);
        assert_eq!(colleague.meeting(created.id).unwrap(), created, "read back alike by the colleague");

        // Closed by the colleague: the form opened before is refused rather than reopening it.
        let first = created.draft.follow_ups[0].id.unwrap();
        let closed = colleague.set_follow_up_done(first, Some(day(10, 20))).unwrap();
        assert_eq!(closed.draft.follow_ups[0].done_on, Some(day(10, 20)));
        assert_eq!(closed.version, 2);
        let stale = store.save_meeting(created.id, draft.clone(), Some(created.version)).unwrap_err();
        assert_eq!(stale.code(), "conflict");
        let saved = store
            .save_meeting(
                created.id,
                MeetingDraft { title: "Feuille de route commune".into(), ..closed.draft.clone() },
                Some(2),
            )
            .unwrap();
        assert_eq!(
            (saved.draft.title.as_str(), saved.draft.follow_ups[0].done_on),
            ("Feuille de route commune", Some(day(10, 20)))
        );

        assert_eq!(store.partners_last_met(today()).unwrap()[&hubik.id], day(10, 2));
        let nobody = MeetingDraft { partner_ids: vec![], structure_ids: vec![], ..draft.clone() };
        assert_eq!(store.create_meeting(nobody).unwrap_err().code(), "invalid_field");
        let ghost = MeetingDraft { partner_ids: vec![999_999], ..draft };
        assert_eq!(store.create_meeting(ghost).unwrap_err().code(), "not_found");
        store.delete_meeting(created.id).unwrap();
        assert!(store.meetings().unwrap().is_empty());
        assert_eq!(store.set_follow_up_done(first, None).unwrap_err().code(), "not_found");
    }
}

#[test]
fn the_demo_has_a_year_of_meetings_some_follow_ups_overdue() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let meetings = store.meetings().unwrap();
        assert!(meetings.len() >= 5, "{}", meetings.len());
        assert!(meetings.iter().any(|m| m.day() > today()), "one to come");
        let overdue = meetings.iter().flat_map(|m| &m.draft.follow_ups).filter(|f| f.is_overdue(today())).count();
        assert!(overdue >= 2, "{overdue}");
        assert!(meetings.iter().any(|m| !m.draft.structure_ids.is_empty()), "one with a centre");
    }
}
