//! The store's operations on a team base, with several desktops at once and each role: what the
//! other engine's tests cannot show (see also the tests run on each engine, `common::each_engine`).
#![cfg(unix)]

mod common;

use common::pg_server::{shared, Cluster, ADMINISTRATOR, DELEGATE, READER};
use common::{structure, today};
use fabrique_core::rgpd::{AssessmentChange, AssessmentDraft, Status};
use fabrique_store::{Store, TeamAddress};

/// A prepared base with one centre, and the address each desktop connects with.
fn base_with_a_centre() -> (TeamAddress, i64, String) {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let address = cluster.address(user, password, &database);
    let mut store = Store::open_team(&address).unwrap();
    let centre = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let item = store.rgpd_checklist().unwrap().items[0].id.clone();
    (address, centre.id, item)
}

#[test]
fn two_desktops_changing_two_fields_of_one_item_both_keep_their_change() {
    let (address, centre, item) = base_with_a_centre();
    // Each thread is a desktop with its own connection; they start together, many times over.
    for round in 0..20 {
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            let note = scope.spawn(|| {
                let mut store = Store::open_team(&address).unwrap();
                let change = AssessmentChange {
                    status: Status::EnCours,
                    note: Some(format!("note {round}")),
                    owner: None,
                    due: None,
                };
                barrier.wait();
                store.change_rgpd_assessment(centre, &item, &change, today()).unwrap();
            });
            let owner = scope.spawn(|| {
                let mut store = Store::open_team(&address).unwrap();
                let change = AssessmentChange {
                    status: Status::EnCours,
                    note: None,
                    owner: Some(format!("référente {round}")),
                    due: None,
                };
                barrier.wait();
                store.change_rgpd_assessment(centre, &item, &change, today()).unwrap();
            });
            note.join().unwrap();
            owner.join().unwrap();
        });
        let store = Store::open_team(&address).unwrap();
        let saved = store.rgpd_assessments(Some(centre)).unwrap().remove(0);
        assert_eq!(
            (saved.note.as_str(), saved.owner.as_str()),
            (&*format!("note {round}"), &*format!("référente {round}"))
        );
    }
}

#[test]
fn four_writers_times_two_hundred_writes_lose_nothing() {
    let (address, centre, _) = base_with_a_centre();
    std::thread::scope(|scope| {
        for writer in 0..4 {
            let address = &address;
            scope.spawn(move || {
                let mut store = Store::open_team(address).unwrap();
                for n in 0..200 {
                    let mut person = common::person("Prénom", &format!("Nom {writer}-{n}"), "");
                    person.role = format!("écrit par {writer}");
                    store.save_person(centre, None, person, None).unwrap();
                }
            });
        }
    });
    let store = Store::open_team(&address).unwrap();
    let people = store.structure_detail(centre).unwrap().people;
    assert_eq!(people.len(), 800);
    for writer in 0..4 {
        assert_eq!(people.iter().filter(|p| p.draft.role == format!("écrit par {writer}")).count(), 200);
    }
}

#[test]
fn each_role_does_what_it_may_through_fabrique_and_nothing_more() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let mut delegate = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    let centre = delegate.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let checklist = delegate.rgpd_checklist().unwrap();
    let item = checklist.items[0].id.clone();
    let rated = AssessmentDraft { status: Some(Status::EnCours), ..Default::default() };
    delegate.set_rgpd_assessment(centre.id, &item, &rated, None, today()).unwrap();
    delegate.add_rgpd_evidence_file(centre.id, &item, "charte.pdf", b"%PDF-1.7 charte").unwrap();

    // A délégué·e cannot change the checklist: the server refuses, in French, and nothing changes.
    let mut edited = checklist.clone();
    edited.items[0].title = "Reformulé par une déléguée".into();
    let refused = delegate.save_rgpd_checklist(edited.clone()).unwrap_err();
    assert_eq!(refused.code(), "permission_denied", "{refused}");
    assert!(refused.to_string().contains("n'a pas le droit"), "{refused}");
    assert_eq!(delegate.rgpd_checklist().unwrap(), checklist);

    // An administrator can.
    let (user, password) = ADMINISTRATOR;
    let mut administrator = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    assert_eq!(administrator.save_rgpd_checklist(edited).unwrap().version, checklist.version + 1);
    assert_eq!(delegate.rgpd_checklist().unwrap().version, checklist.version + 1, "seen by everyone");

    // A read-only account reads everything a délégué·e wrote and writes nothing.
    let (user, password) = READER;
    let mut reader = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    assert_eq!(reader.rgpd_assessments(Some(centre.id)).unwrap(), delegate.rgpd_assessments(Some(centre.id)).unwrap());
    let files = reader.rgpd_evidence_files(centre.id).unwrap();
    assert_eq!(reader.rgpd_evidence_content(files[0].id).unwrap(), ("charte.pdf".into(), b"%PDF-1.7 charte".to_vec()));
    let done = AssessmentDraft { status: Some(Status::Conforme), ..Default::default() };
    assert_eq!(
        reader.set_rgpd_assessment(centre.id, &item, &done, None, today()).unwrap_err().code(),
        "permission_denied"
    );
    assert_eq!(reader.delete_structure(centre.id).unwrap_err().code(), "permission_denied");
    // The partners, meetings and newsletters of the communication and partnership work alike.
    let partner = fabrique_core::partners::PartnerDraft { name: "HUBIK".into(), ..Default::default() };
    let hubik = delegate.create_partner(partner.clone()).unwrap();
    assert_eq!(reader.partners().unwrap(), vec![hubik.clone()]);
    let other = fabrique_core::partners::PartnerDraft { name: "Emmaüs Connect".into(), ..partner };
    assert_eq!(reader.create_partner(other).unwrap_err().code(), "permission_denied");
    let meeting = fabrique_core::meetings::MeetingDraft {
        title: "Point d'étape".into(),
        held_on: Some(today()),
        partner_ids: vec![hubik.id],
        ..Default::default()
    };
    assert_eq!(reader.create_meeting(meeting.clone()).unwrap_err().code(), "permission_denied");
    delegate.create_meeting(meeting).unwrap();
    assert_eq!(reader.meetings().unwrap().len(), 1);
    let letter = fabrique_core::lettre::compose(2026, 12, "", &[], &[]);
    assert_eq!(reader.create_newsletter("2026-12", letter).unwrap_err().code(), "permission_denied");
    assert_eq!(
        reader.rgpd_history(centre.id).unwrap(),
        delegate.rgpd_history(centre.id).unwrap(),
        "nothing half-written"
    );
    assert_eq!(reader.list_structures().unwrap().len(), 1);
}

#[test]
fn what_is_typed_on_a_team_base_is_kept_on_this_computer_and_never_sent() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let address = cluster.address(user, password, &database);
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("brouillons").join("equipe.sqlite");
    let mut store = Store::open_team(&address).unwrap();
    assert_eq!(store.save_form_draft("structure:1", "{}").unwrap_err().code(), "not_on_team_base_yet");
    store.keep_drafts_in(&drafts).unwrap();
    store.save_form_draft("structure:1", r#"{"name":"Centre social du L"}"#).unwrap();
    drop(store);

    // Reopened (after a kill, or with the server back), the draft is there.
    let mut reopened = Store::open_team(&address).unwrap();
    reopened.keep_drafts_in(&drafts).unwrap();
    assert_eq!(reopened.form_draft("structure:1").unwrap().unwrap().content, r#"{"name":"Centre social du L"}"#);
    let on_server: i64 =
        cluster.superuser(&database).query_one("SELECT count(*) FROM form_drafts", &[]).unwrap().get(0);
    assert_eq!(on_server, 0, "half-typed text is not sent to the server");
    reopened.discard_form_draft("structure:1").unwrap();
    assert_eq!(reopened.form_draft("structure:1").unwrap(), None);
}

#[test]
fn an_administrator_erases_a_person_from_every_text_on_the_server() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = ADMINISTRATOR;
    let dir = tempfile::tempdir().unwrap();
    let mut admin = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    admin.keep_drafts_in(&dir.path().join("brouillons.sqlite")).unwrap();
    let mut lac = structure("CS du Lac", "Bordeaux");
    lac.notes = "Contact privilégié : Claire Dupuy (06 12 34 56 78).".into();
    let s = admin.create_structure(lac).unwrap();
    let mut claire = common::person("Claire", "Dupuy", "claire.dupuy@cs-lac.example");
    claire.phone = "06 12 34 56 78".into();
    let p = admin.save_person(s.id, None, claire, None).unwrap();
    admin.save_person(s.id, None, common::person("Karim", "Benali", "karim@cs-lac.example"), None).unwrap();
    admin
        .save_visit(
            s.id,
            None,
            common::visit(today().into(), "Claire Dupuy, Karim Benali", "Rappeler claire.dupuy@cs-lac.example"),
            None,
        )
        .unwrap();
    let item = admin.rgpd_checklist().unwrap().items[0].id.clone();
    let owned = AssessmentDraft { status: Some(Status::EnCours), owner: "Claire Dupuy".into(), ..Default::default() };
    admin.set_rgpd_assessment(s.id, &item, &owned, None, today()).unwrap();
    admin
        .save_form_draft(
            &format!("person:{}", p.id),
            r#"{"note":"Rappeler Claire Dupuy, claire.dupuy@cs-lac.example"}"#,
        )
        .unwrap();

    // A délégué·e is refused, in French, and nothing changes.
    let (user, password) = DELEGATE;
    let mut delegate = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    let refused = delegate.erase_person(p.id).unwrap_err();
    assert_eq!(refused.code(), "permission_denied", "{refused}");
    assert!(refused.to_string().contains("réservé aux administrateurs"), "{refused}");
    assert_eq!(admin.structure_detail(s.id).unwrap().people.len(), 2);

    let report = admin.erase_person(p.id).unwrap();
    assert!(report.places.len() >= 4, "{report:?}");
    assert_eq!(admin.form_draft(&format!("person:{}", p.id)).unwrap(), None, "this computer's draft goes too");
    assert_eq!(admin.erasures().unwrap().len(), 1);
    let detail = admin.structure_detail(s.id).unwrap();
    assert_eq!(detail.people.len(), 1);
    assert_eq!(detail.visits[0].draft.met, "[personne effacée], Karim Benali");

    // Every text column of every table on the server, read as the superuser.
    let mut server = cluster.superuser(&database);
    let columns = server
        .query(
            "SELECT table_name, column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type = 'text'",
            &[],
        )
        .unwrap();
    assert!(columns.len() > 30);
    for column in columns {
        let (table, name): (String, String) = (column.get(0), column.get(1));
        for needle in ["Dupuy", "claire.dupuy", "06 12 34 56 78"] {
            let found: i64 = server
                .query_one(&format!("SELECT count(*) FROM {table} WHERE {name} ILIKE '%' || $1 || '%'"), &[&needle])
                .unwrap()
                .get(0);
            assert_eq!(found, 0, "{needle} still in {table}.{name}");
        }
    }
}

/// The window keeps the directory between keystrokes and asks every two seconds whether the base
/// changed: on a team base, another desktop's write must move the stamp, and a read must not.
#[test]
fn the_change_stamp_moves_with_another_desktops_write_and_not_with_reads() {
    // A server of its own: the stamp moves with any write on the server, and the other tests
    // write in their own bases of the shared one meanwhile.
    let cluster = common::pg_server::Cluster::start();
    let (user, password) = DELEGATE;
    let address = cluster.address(user, password, &cluster.prepared_base());
    let centre = Store::open_team(&address).unwrap().create_structure(structure("CS du Lac", "Bordeaux")).unwrap().id;
    let window = Store::open_team(&address).unwrap();
    let before = window.change_stamp().unwrap();
    window.list_structures().unwrap();
    assert_eq!(window.change_stamp().unwrap(), before, "a read changes nothing");
    let mut other = Store::open_team(&address).unwrap();
    other.save_person(centre, None, common::person("Léa", "Martin", ""), None).unwrap();
    assert_ne!(window.change_stamp().unwrap(), before, "another desktop's write");
}

/// A window open on a team base lives through an outage: while the server is down every action
/// says so in French and nothing is written; once it is back, the same store works again, without
/// being opened anew.
#[test]
fn a_store_open_through_a_server_outage_works_again_once_the_server_is_back() {
    let cluster = Cluster::start();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let mut store = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();

    cluster.restart();
    assert_eq!(store.list_structures().unwrap().len(), 1, "read again after a restart");

    cluster.stop();
    let down = store.create_structure(structure("EVS La Ruche", "Cadillac-sur-Garonne")).unwrap_err();
    assert_eq!(down.code(), "server_unreachable", "{down}");
    assert!(down.to_string().contains("ne répond pas"), "{down}");
    assert_eq!(store.list_structures().unwrap_err().code(), "server_unreachable");

    cluster.start_again();
    store.create_structure(structure("EVS La Ruche", "Cadillac-sur-Garonne")).unwrap();
    let names: Vec<String> = store.list_structures().unwrap().into_iter().map(|s| s.draft.name).collect();
    assert_eq!(names, ["Centre social du Lac", "EVS La Ruche"]);
}
