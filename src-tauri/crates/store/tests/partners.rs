//! Partners and the life of a dossier after it is sent, in the store, on each engine: a partner
//! written, saved against its version, one name once; a dossier sent, granted with its amount and
//! paid in instalments within that amount, its report owed; a refusal with its reason; the demo.

mod common;

use chrono::NaiveDate;
use common::{each_engine_with_colleague, each_engine_with_demo, today};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::life::{DossierStatus, StatusChange};
use fabrique_core::dossier::DossierHeader;
use fabrique_core::partners::{PartnerDraft, PartnerKind};

fn caf() -> PartnerDraft {
    PartnerDraft {
        name: "CAF de la Gironde".into(),
        kind: PartnerKind::Financeur,
        website: "https://www.caf.fr".into(),
        themes: vec!["parentalité".into(), "animation de la vie sociale".into()],
        follow_up_months: Some(3),
        ..PartnerDraft::default()
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn a_partner_is_written_once_and_saved_against_its_version() {
    for (engine, mut store, mut colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let created = store.create_partner(caf()).unwrap();
        assert_eq!((created.draft.name.as_str(), created.version), ("CAF de la Gironde", 1));
        assert_eq!(created.draft.themes, vec!["parentalité", "animation de la vie sociale"]);
        let twice = colleague.create_partner(PartnerDraft { name: "caf DE LA gironde".into(), ..caf() }).unwrap_err();
        assert_eq!(twice.code(), "invalid_field");
        assert!(twice.to_string().contains("est déjà un partenaire"), "{twice}");
        let theirs = colleague
            .save_partner(created.id, PartnerDraft { notes: "Référente : service AVS.".into(), ..caf() }, Some(1))
            .unwrap();
        assert_eq!(theirs.version, 2);
        let mine = store.save_partner(created.id, PartnerDraft { follow_up_months: Some(6), ..caf() }, Some(1));
        assert_eq!(mine.unwrap_err().code(), "conflict");
        store
            .create_partner(PartnerDraft {
                name: "Bordeaux Métropole".into(),
                kind: PartnerKind::Collectivite,
                ..caf()
            })
            .unwrap();
        let names: Vec<String> = store.partners().unwrap().into_iter().map(|p| p.draft.name).collect();
        assert_eq!(names, vec!["Bordeaux Métropole", "CAF de la Gironde"]);
        store.delete_partner(created.id).unwrap();
        assert_eq!(store.partner(created.id).unwrap_err().code(), "not_found");
    }
}

#[test]
fn a_dossier_is_sent_granted_paid_in_instalments_and_its_report_owed() {
    for (engine, mut store, mut colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let caf = store.create_partner(caf()).unwrap();
        let header = DossierHeader {
            structure_id: None,
            title: "Familles connectées".into(),
            project: String::new(),
            year: 2026,
            funder: Funder::Caf,
        };
        let id = store.create_dossier("ailds", header).unwrap().id;
        assert_eq!(store.dossier_outcome(id).unwrap().status, DossierStatus::Preparation);
        store.set_dossier_funder_partner(id, Some(caf.id)).unwrap();
        assert_eq!(store.set_dossier_funder_partner(id, Some(999_999)).unwrap_err().code(), "not_found");
        let change = |to, date| StatusChange { to, date: Some(date), ..StatusChange::default() };
        // Paid before it is granted: refused, nothing written.
        assert_eq!(store.add_dossier_payment(id, day(4, 1), 100, "").unwrap_err().code(), "invalid_field");
        store.set_dossier_status(id, &change(DossierStatus::Envoye, day(3, 15))).unwrap();
        let granted = colleague
            .set_dossier_status(
                id,
                &StatusChange { granted_cents: Some(1_800_000), ..change(DossierStatus::Accorde, day(6, 2)) },
            )
            .unwrap();
        assert_eq!(granted.report_due_on, NaiveDate::from_ymd_opt(2027, 6, 30));
        assert_eq!(granted.funder_partner_id, Some(caf.id));
        store.add_dossier_payment(id, day(7, 1), 900_000, "Premier versement").unwrap();
        let paid = colleague.add_dossier_payment(id, day(11, 20), 900_000, "Solde").unwrap();
        assert_eq!(paid.iter().map(|p| p.amount_cents).sum::<i64>(), 1_800_000);
        let beyond = store.add_dossier_payment(id, day(12, 1), 1, "").unwrap_err();
        assert!(beyond.to_string().contains("dépasserait le montant accordé"), "{beyond}");
        assert_eq!(store.dossier_received().unwrap()[&id], 1_800_000);
        let reported = store.set_dossier_report(id, NaiveDate::from_ymd_opt(2027, 5, 31), Some(today())).unwrap();
        assert_eq!(reported.report_sent_on, Some(today()));
        assert_eq!(store.delete_dossier_payment(paid[1].id).unwrap(), id);
        assert_eq!(store.dossier_payments(id).unwrap().len(), 1);
        // The partner gone, the dossier stays, without its link.
        store.delete_partner(caf.id).unwrap();
        let kept = store.dossier_outcome(id).unwrap();
        assert_eq!((kept.status, kept.funder_partner_id), (DossierStatus::Accorde, None));
    }
}

#[test]
fn the_demo_has_its_partners_and_dossiers_granted_refused_and_waiting() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let partners = store.partners().unwrap();
        assert!(partners.len() >= 6, "{}", partners.len());
        assert!(partners.iter().any(|p| p.draft.name == "HUBIK"));
        let outcomes = store.dossier_outcomes().unwrap();
        let statuses: Vec<DossierStatus> = outcomes.values().map(|o| o.status).collect();
        for status in [DossierStatus::Accorde, DossierStatus::Refuse, DossierStatus::Envoye] {
            assert!(statuses.contains(&status), "{status:?} in {statuses:?}");
        }
        let (granted, outcome) = outcomes.iter().find(|(_, o)| o.status == DossierStatus::Accorde).unwrap();
        assert_eq!(store.dossier_payments(*granted).unwrap().len(), 2, "paid in two instalments");
        assert!(outcome.report_due_on.unwrap() > today(), "its report is due soon");
    }
}

#[test]
fn a_partners_contact_has_the_same_rgpd_duties_as_the_directorys_people() {
    use fabrique_core::PersonDraft;
    for (engine, mut store) in common::each_engine_as_administrator() {
        eprintln!("moteur : {engine}");
        let caf = store.create_partner(caf()).unwrap();
        let contact = PersonDraft {
            first_name: "Sophie".into(),
            last_name: "Lambert".into(),
            role: "Conseillère animation de la vie sociale".into(),
            email: "sophie.lambert@exemple.fr".into(),
            collected_from: "Rencontre annuelle".into(),
            collected_on: Some(today() - chrono::Duration::days(4 * 365)),
            ..PersonDraft::default()
        };
        let saved = store.save_partner_contact(caf.id, None, contact.clone(), None).unwrap();
        assert_eq!((saved.structure_id, saved.partner_id), (None, Some(caf.id)));
        assert_eq!(store.partner_contacts(caf.id).unwrap(), vec![saved.clone()]);
        assert_eq!(store.save_partner_contact(999_999, None, contact.clone(), None).unwrap_err().code(), "not_found");
        // Checked again after three years, like anyone in the directory.
        let stale = store.stale_people(today()).unwrap();
        let listed = stale.iter().find(|s| s.person_id == saved.id).expect("due for review");
        assert_eq!((listed.organisation_name.as_str(), listed.partner_id), ("CAF de la Gironde", Some(caf.id)));
        let export = store.person_export(saved.id).unwrap();
        assert_eq!(export["partenaire"]["nom"], "CAF de la Gironde");
        assert_eq!(export["personne"]["origine des données"], "Rencontre annuelle");
        store.mark_person_reviewed(saved.id, today()).unwrap();
        assert!(store.stale_people(today()).unwrap().iter().all(|s| s.person_id != saved.id));
        // A meeting's notes name her; erased, she is gone from both, and the erasure is traced.
        let meeting = store
            .create_meeting(fabrique_core::meetings::MeetingDraft {
                title: "Rencontre annuelle".into(),
                held_on: Some(today()),
                partner_ids: vec![caf.id],
                theirs: vec!["Sophie Lambert".into()],
                notes: "Sophie Lambert présente le calendrier.".into(),
                ..Default::default()
            })
            .unwrap();
        let report = store.erase_person(saved.id).unwrap();
        assert!(!report.places.is_empty(), "{report:?}");
        assert!(store.partner_contacts(caf.id).unwrap().is_empty());
        let notes = store.meeting(meeting.id).unwrap().draft;
        assert!(
            !notes.notes.contains("Sophie Lambert") && !notes.theirs.iter().any(|t| t.contains("Lambert")),
            "{notes:?}"
        );
    }
}
