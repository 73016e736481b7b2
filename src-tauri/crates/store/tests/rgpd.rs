//! RGPD follow-up in the store: ratings and their history, the non-applicable rule, overdue
//! actions, new checklist versions, evidence files, the progress trend and the demo.

mod common;

use chrono::NaiveDate;
use common::{each_engine, each_engine_as_administrator, structure, today};
use fabrique_core::rgpd::{action_plan, centre_progress, changes_for_centre, AssessmentDraft, CentreTally, Status};
use fabrique_store::rgpd_tallies::Tallies;
use fabrique_store::Store;

fn draft(status: Status) -> AssessmentDraft {
    AssessmentDraft { status: Some(status), ..Default::default() }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn rating_an_item_keeps_every_change_and_moves_the_progress() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let checklist = store.rgpd_checklist().unwrap();
        let first = checklist.active().next().unwrap().id.clone();

        let before = centre_progress(&checklist, lac.id, &store.rgpd_assessments(Some(lac.id)).unwrap(), today());
        assert_eq!(before.progress, 0);
        store.set_rgpd_assessment(lac.id, &first, &draft(Status::EnCours), None, today()).unwrap();
        let done =
            AssessmentDraft { status: Some(Status::Conforme), note: "Désignée en CA".into(), ..Default::default() };
        let saved = store.set_rgpd_assessment(lac.id, &first, &done, None, today()).unwrap();
        assert_eq!(
            (saved.status, saved.note.as_str(), saved.checklist_version),
            (Status::Conforme, "Désignée en CA", 1)
        );

        let history = store.rgpd_history(lac.id).unwrap();
        let fields: Vec<(&str, &str, &str)> =
            history.iter().map(|h| (h.field.as_str(), h.before.as_str(), h.after.as_str())).collect();
        assert!(fields.contains(&("statut", "À faire", "En cours")), "{fields:?}");
        assert!(fields.contains(&("statut", "En cours", "Conforme")), "{fields:?}");
        assert!(fields.contains(&("note", "", "Désignée en CA")), "{fields:?}");
        let oldest = history.last().unwrap();
        assert_eq!((oldest.field.as_str(), oldest.after.as_str()), ("statut", "En cours"), "newest first, oldest last");

        let after = centre_progress(&checklist, lac.id, &store.rgpd_assessments(Some(lac.id)).unwrap(), today());
        assert!(after.progress > 0 && after.assessed == 1, "{after:?}");
        assert_eq!(store.rgpd_progress_log().unwrap().last().map(|(_, p)| *p), Some(after.progress));

        // Saving the same values again adds nothing to the history.
        store.set_rgpd_assessment(lac.id, &first, &done, None, today()).unwrap();
        assert_eq!(store.rgpd_history(lac.id).unwrap().len(), history.len());
    }
}

/// Two windows open the same item: each saves with what it opened, so changes to different fields
/// are both kept, and a field both changed, differently, is refused to the second with nothing
/// written; saved again on what is stored now, it goes through.
#[test]
fn two_windows_rating_one_item_keep_different_fields_and_refuse_the_same_one() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let item = store.rgpd_checklist().unwrap().active().next().unwrap().id.clone();
        let opened = AssessmentDraft::default();

        let theirs = AssessmentDraft { owner: "Karim".into(), ..draft(Status::AFaire) };
        store.set_rgpd_assessment(lac.id, &item, &theirs, Some(&opened), today()).unwrap();
        let mine = AssessmentDraft { note: "Registre commencé".into(), ..draft(Status::EnCours) };
        let saved = store.set_rgpd_assessment(lac.id, &item, &mine, Some(&opened), today()).unwrap();
        assert_eq!(
            (saved.status, saved.note.as_str(), saved.owner.as_str()),
            (Status::EnCours, "Registre commencé", "Karim"),
            "both kept"
        );

        let late = AssessmentDraft { note: "Une autre note".into(), ..draft(Status::AFaire) };
        let refused = store.set_rgpd_assessment(lac.id, &item, &late, Some(&opened), today()).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        let stored = store.rgpd_assessments(Some(lac.id)).unwrap().remove(0);
        assert_eq!((stored.status, stored.note.as_str()), (Status::EnCours, "Registre commencé"), "nothing written");
        let now = AssessmentDraft::of(Some(&stored));
        let kept = store.set_rgpd_assessment(
            lac.id,
            &item,
            &AssessmentDraft { owner: "Karim".into(), ..late },
            Some(&now),
            today(),
        );
        assert_eq!(kept.unwrap().note, "Une autre note");
    }
}

#[test]
fn bad_ratings_are_refused_and_write_nothing() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let item = store.rgpd_checklist().unwrap().items[0].id.clone();
        let err = store.set_rgpd_assessment(lac.id, &item, &draft(Status::NonApplicable), None, today()).unwrap_err();
        assert!(err.to_string().contains("pourquoi"), "{err}");
        let err =
            store.set_rgpd_assessment(lac.id, "point-inconnu", &draft(Status::Conforme), None, today()).unwrap_err();
        assert!(err.to_string().contains("point-inconnu"), "{err}");
        assert!(store.set_rgpd_assessment(4242, &item, &draft(Status::Conforme), None, today()).is_err());
        assert!(store.rgpd_assessments(None).unwrap().is_empty());
        assert!(store.rgpd_history(lac.id).unwrap().is_empty());
    }
}

#[test]
fn overdue_actions_and_a_new_checklist_version() {
    for (engine, mut store) in each_engine_as_administrator() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let checklist = store.rgpd_checklist().unwrap();
        let ids: Vec<String> = checklist.active().map(|i| i.id.clone()).take(3).collect();
        let late =
            AssessmentDraft { status: Some(Status::EnCours), due: Some(day("2026-10-01")), ..Default::default() };
        store.set_rgpd_assessment(lac.id, &ids[0], &late, None, day("2026-09-01")).unwrap();
        let na = AssessmentDraft {
            status: Some(Status::NonApplicable),
            reason: "Pas de site web".into(),
            ..Default::default()
        };
        store.set_rgpd_assessment(lac.id, &ids[1], &na, None, day("2026-09-01")).unwrap();
        store.set_rgpd_assessment(lac.id, &ids[2], &draft(Status::Conforme), None, day("2026-09-01")).unwrap();

        let assessments = store.rgpd_assessments(Some(lac.id)).unwrap();
        let plan = action_plan(&checklist, lac.id, &assessments, day("2026-11-29"));
        assert_eq!(plan[0].item_id, ids[0]);
        assert!(plan[0].overdue);
        assert!(!plan.iter().any(|a| a.item_id == ids[1] || a.item_id == ids[2]), "done or not applicable");
        assert_eq!(centre_progress(&checklist, lac.id, &assessments, day("2026-11-29")).overdue, 1);

        // A new version: the first item reworded, the third removed, one added.
        let mut edited = checklist.clone();
        edited.items[0].title = format!("{} (reformulé)", edited.items[0].title);
        edited.items.retain(|i| i.id != ids[2]);
        let mut added = edited.items[0].clone();
        added.id = "securite-nouveau".into();
        added.title = "Un nouveau point".into();
        edited.items.push(added);
        let next = store.save_rgpd_checklist(edited).unwrap();
        assert_eq!(next.version, 2);
        assert_eq!(store.rgpd_checklist().unwrap().version, 2);
        let changes = changes_for_centre(&next, lac.id, &store.rgpd_assessments(Some(lac.id)).unwrap());
        let kinds: Vec<(&str, &str)> = changes.iter().map(|c| (c.item_id.as_str(), c.change.as_str())).collect();
        assert!(kinds.contains(&(ids[0].as_str(), "modifié")), "{kinds:?}");
        assert!(kinds.contains(&(ids[2].as_str(), "retiré")), "{kinds:?}");
        assert!(kinds.contains(&("securite-nouveau", "nouveau")), "{kinds:?}");
        let err = store.set_rgpd_assessment(lac.id, &ids[2], &draft(Status::Conforme), None, today()).unwrap_err();
        assert!(err.to_string().contains("n'est pas dans le référentiel"), "a retired item is not rated: {err}");

        // The centre's tally was counted against version 1: it is counted again, then kept.
        let stale = store.rgpd_tallies(&next).unwrap();
        assert_eq!(stale.recounted, 1);
        let expected = CentreTally::of(&next, lac.id, &store.rgpd_assessments(Some(lac.id)).unwrap());
        assert_eq!(stale.by_centre[&lac.id], expected);
        assert_eq!(store.refresh_rgpd_tallies(&next).unwrap(), 1);
        assert_eq!(store.rgpd_tallies(&next).unwrap(), Tallies { by_centre: stale.by_centre, recounted: 0 });
    }
}

/// Runs SQL straight on one engine's base, as someone at its prompt would.
type Outside<'a> = Box<dyn Fn(&str) + 'a>;

/// What a rating changed outside Fabrique (a base restored or published, a statement typed in
/// psql or the sqlite3 shell) does to the tallies the dashboard reads: counted again, never believed.
#[test]
fn a_rating_changed_outside_fabrique_has_its_tally_counted_again_then_kept() {
    #[cfg(unix)]
    let cluster = common::pg_server::shared();
    #[cfg(unix)]
    let database = cluster.prepared_base();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("base.sqlite");
    let on_file = |sql: &str| rusqlite::Connection::open(&file).unwrap().execute_batch(sql).unwrap();
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut engines: Vec<(&str, Store, Outside)> = vec![("SQLite", Store::open(&file).unwrap(), Box::new(on_file))];
    #[cfg(unix)]
    engines.push((
        "PostgreSQL",
        Store::open_team(&cluster.address(common::pg_server::DELEGATE.0, common::pg_server::DELEGATE.1, &database))
            .unwrap(),
        Box::new(|sql: &str| cluster.superuser(&database).batch_execute(sql).unwrap()),
    ));
    for (engine, mut store, outside) in engines {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let dune = store.create_structure(structure("EVS de la Dune", "Arcachon")).unwrap();
        let checklist = store.rgpd_checklist().unwrap();
        let item = checklist.active().next().unwrap().id.clone();
        store.set_rgpd_assessment(lac.id, &item, &draft(Status::Conforme), None, today()).unwrap();
        store.set_rgpd_assessment(dune.id, &item, &draft(Status::EnCours), None, today()).unwrap();
        let tally_of = |store: &Store, id| CentreTally::of(&checklist, id, &store.rgpd_assessments(Some(id)).unwrap());
        let kept = store.rgpd_tallies(&checklist).unwrap();
        assert_eq!(kept.recounted, 0, "each rating keeps its centre's tally");
        assert_eq!(kept.by_centre[&lac.id], tally_of(&store, lac.id));
        assert_eq!(kept.by_centre[&lac.id].steps.iter().map(|s| s.compliant).sum::<u32>(), 1);

        outside(&format!("UPDATE rgpd_assessments SET status = 'a_faire' WHERE structure_id = {}", lac.id));
        let read = store.rgpd_tallies(&checklist).unwrap();
        assert_eq!(read.recounted, 1, "only the centre changed outside");
        assert_eq!(read.by_centre[&lac.id], tally_of(&store, lac.id));
        assert_eq!(read.by_centre[&lac.id].steps.iter().map(|s| s.compliant).sum::<u32>(), 0);
        assert_eq!(read.by_centre[&dune.id], kept.by_centre[&dune.id]);

        // A text corrected or erased does not move progress: the tally stays as it is.
        outside("UPDATE rgpd_assessments SET note = 'Relu', owner = 'Accueil'");
        assert_eq!(store.rgpd_tallies(&checklist).unwrap().recounted, 1);
        // A damaged tally is not believed either.
        outside(&format!("UPDATE rgpd_tallies SET steps = 'illisible' WHERE structure_id = {}", dune.id));
        assert_eq!(store.rgpd_tallies(&checklist).unwrap().recounted, 2);

        assert_eq!(store.refresh_rgpd_tallies(&checklist).unwrap(), 2);
        assert_eq!(store.rgpd_tallies(&checklist).unwrap(), Tallies { by_centre: read.by_centre, recounted: 0 });
        // A centre in the bin is not on the dashboard.
        store.delete_structure(dune.id).unwrap();
        assert!(!store.rgpd_tallies(&checklist).unwrap().by_centre.contains_key(&dune.id));
    }
    // Whoever may only read sees the same counts, worked out each time, and keeps nothing.
    #[cfg(unix)]
    {
        let mut admin = cluster.superuser(&database);
        admin.batch_execute("UPDATE rgpd_assessments SET status = 'en_cours'").unwrap();
        let (user, password) = common::pg_server::READER;
        let mut reader = Store::open_team(&cluster.address(user, password, &database)).unwrap();
        let checklist = reader.rgpd_checklist().unwrap();
        assert_eq!(reader.rgpd_tallies(&checklist).unwrap().recounted, 1);
        assert_eq!(reader.refresh_rgpd_tallies(&checklist).unwrap(), 0);
        assert_eq!(reader.rgpd_tallies(&checklist).unwrap().recounted, 1);
    }
}

#[test]
fn evidence_files_are_kept_in_the_base_with_a_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let mut store = Store::open(&path).unwrap();
    let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let item = store.rgpd_checklist().unwrap().items[0].id.clone();
    let file = store.add_rgpd_evidence_file(lac.id, &item, "charte signée.pdf", b"%PDF-1.7 charte").unwrap();
    let too_big = vec![0u8; fabrique_store::rgpd::MAX_EVIDENCE_BYTES + 1];
    let err = store.add_rgpd_evidence_file(lac.id, &item, "scan.tiff", &too_big).unwrap_err();
    assert!(err.to_string().contains("scan.tiff") && err.to_string().contains("Mo"), "{err}");
    drop(store);

    let mut store = Store::open(&path).unwrap();
    let files = store.rgpd_evidence_files(lac.id).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        store.rgpd_evidence_content(file.id).unwrap(),
        ("charte signée.pdf".to_string(), b"%PDF-1.7 charte".to_vec())
    );
    store.delete_rgpd_evidence_file(file.id).unwrap();
    assert!(store.rgpd_evidence_files(lac.id).unwrap().is_empty());
    let history = store.rgpd_history(lac.id).unwrap();
    assert_eq!(history.iter().filter(|h| h.field == "pièce jointe").count(), 2, "added, then removed");
}

#[test]
fn the_demo_has_assessments_at_varied_stages_some_overdue() {
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(today()).unwrap();
    let checklist = store.rgpd_checklist().unwrap();
    let all = store.rgpd_assessments(None).unwrap();
    let mut centres: Vec<i64> = all.iter().map(|a| a.structure_id).collect();
    centres.dedup();
    assert!(centres.len() >= 20, "{}", centres.len());
    let progress: Vec<u8> = centres.iter().map(|&id| centre_progress(&checklist, id, &all, today()).progress).collect();
    let (min, max) = (progress.iter().min().unwrap(), progress.iter().max().unwrap());
    assert!(*min < 25 && *max > 60, "varied stages: {progress:?}");
    let overdue: u32 = centres.iter().map(|&id| centre_progress(&checklist, id, &all, today()).overdue).sum();
    assert!(overdue > 0);
    assert!(all.iter().any(|a| a.status == Status::NonApplicable && !a.reason.is_empty()));
    assert!(store.rgpd_progress_log().unwrap().len() >= 6, "a trend over several months");
}
