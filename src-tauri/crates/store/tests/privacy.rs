//! RGPD duties on the federation's own data: access, erasure, review.

mod common;

use common::{date, person, structure, today, visit};
use fabrique_store::Store;

#[test]
fn person_export_holds_everything_about_the_person() {
    let mut store = Store::open_in_memory().unwrap();
    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let p = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie.lafargue@genicart.example")).unwrap();
    store.save_visit(s.id, None, visit(date(2025, 4, 2), "Élodie Lafargue", "Projet social")).unwrap();
    store
        .save_visit(
            s.id,
            None,
            visit(date(2025, 6, 2), "L'équipe", "Suite à l'échange avec LAFARGUE Élodie, envoi du guide."),
        )
        .unwrap();
    store.save_visit(s.id, None, visit(date(2025, 7, 2), "Karim Benali", "Rien sur elle")).unwrap();

    let export = store.person_export(p.id).unwrap();
    assert_eq!(export["personne"]["e-mail"], "elodie.lafargue@genicart.example");
    assert_eq!(export["personne"]["prénom"], "Élodie");
    assert_eq!(export["personne"]["collectées le"], "2025-03-01");
    assert_eq!(export["structure"]["nom"], "CS Génicart");
    let visits = export["visites mentionnant la personne"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert!(serde_json::to_string_pretty(&export).unwrap().contains("Suite à l'échange avec LAFARGUE Élodie"));
    assert_eq!(store.person_export(9999).unwrap_err().code(), "not_found");
}

#[test]
fn erasure_leaves_no_trace_of_the_person_but_records_that_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let p = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie.lafargue@genicart.example")).unwrap();
    let other = store.save_person(s.id, None, person("Karim", "Benali", "karim@genicart.example")).unwrap();
    let v = store
        .save_visit(
            s.id,
            None,
            visit(date(2025, 4, 2), "Élodie Lafargue, Karim Benali", "Élodie Lafargue présente le projet."),
        )
        .unwrap();

    store.erase_person(p.id).unwrap();
    assert_eq!(store.person_export(p.id).unwrap_err().code(), "not_found");
    assert_eq!(store.erase_person(p.id).unwrap_err().code(), "not_found");
    let detail = store.structure_detail(s.id).unwrap();
    assert_eq!(detail.people.iter().map(|x| x.id).collect::<Vec<_>>(), [other.id]);
    let visit = detail.visits.iter().find(|x| x.id == v.id).unwrap();
    assert_eq!(visit.draft.met, "[personne effacée], Karim Benali");
    assert_eq!(visit.draft.notes, "[personne effacée] présente le projet.");

    let erasures = store.erasures().unwrap();
    assert_eq!(erasures.len(), 1);
    assert_eq!(erasures[0].structure_id, Some(s.id));
    assert!(erasures[0].erased_at.ends_with('Z'));
    drop(store);

    // Every text column of every table, read straight from the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut texts = Vec::new();
    for table in &tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                if let rusqlite::types::ValueRef::Text(t) = row.get_ref(i).unwrap() {
                    texts.push(String::from_utf8_lossy(t).into_owned());
                }
            }
        }
    }
    assert!(tables.contains(&"erasures".to_string()));
    assert!(texts.iter().any(|t| t.contains("Karim")), "the search does see text");
    for needle in ["Lafargue", "lafargue", "Élodie"] {
        assert!(!texts.iter().any(|t| t.contains(needle)), "{needle} still in the base");
    }
    drop(conn);
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(8).any(|w| w == b"Lafargue"), "not even in free pages of the file");
}

#[test]
fn restoring_a_backup_made_before_an_erasure_erases_the_person_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("annuaire.sqlite")).unwrap();
    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let elodie = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie@genicart.example")).unwrap();
    let karim = store.save_person(s.id, None, person("Karim", "Benali", "karim@genicart.example")).unwrap();
    let v = store.save_visit(s.id, None, visit(date(2025, 4, 2), "Élodie Lafargue", "Avec Karim Benali.")).unwrap();
    let before = dir.path().join("avant-effacement.fabrique");
    store.backup_to(&before).unwrap();

    store.erase_person(elodie.id).unwrap();
    // A structure created after the backup: its erasure trace survives the restore without it.
    let later = store.create_structure(structure("EVS La Ruche", "Bègles")).unwrap();
    let newcomer = store.save_person(later.id, None, person("Inès", "Moreau", "ines@ruche.example")).unwrap();
    store.erase_person(newcomer.id).unwrap();
    // SQLite may hand the erased person's id to someone else: only the token may match.
    let reused = store.save_person(s.id, None, person("Paul", "Girard", "paul@genicart.example")).unwrap();

    let outcome = store.restore_from(&before).unwrap();
    assert_eq!(outcome.erased_again, 1);
    let detail = store.structure_detail(s.id).unwrap();
    assert_eq!(
        detail.people.iter().map(|p| p.id).collect::<Vec<_>>(),
        [karim.id],
        "Élodie is gone again, Paul was never in the backup"
    );
    assert_ne!(reused.draft.last_name, "Lafargue");
    let visit = detail.visits.iter().find(|x| x.id == v.id).unwrap();
    assert_eq!((visit.draft.met.as_str(), visit.draft.notes.as_str()), ("[personne effacée]", "Avec Karim Benali."));
    let erasures = store.erasures().unwrap();
    assert_eq!(erasures.len(), 2, "both traces carried over: {erasures:?}");
    assert!(erasures.iter().any(|e| e.structure_id == Some(s.id)));
    assert!(erasures.iter().any(|e| e.structure_id.is_none()), "La Ruche is not in the backup");

    // Restoring the same backup again neither duplicates the traces nor finds anyone to erase.
    let again = store.restore_from(&before).unwrap();
    assert_eq!(again.erased_again, 1, "the backup file itself still holds Élodie");
    assert_eq!(store.erasures().unwrap().len(), 2);
    let after = dir.path().join("après.fabrique");
    store.backup_to(&after).unwrap();
    assert_eq!(store.restore_from(&after).unwrap().erased_again, 0);
    assert_eq!(store.erasures().unwrap().len(), 2);
}

#[test]
fn stale_people_are_those_unchecked_for_three_years() {
    let mut store = Store::open_in_memory().unwrap();
    let s = store.create_structure(structure("CS du Réolais", "La Réole")).unwrap();
    let mut old = person("Noël", "Roux", "");
    old.collected_on = date(2023, 1, 10);
    let old = store.save_person(s.id, None, old).unwrap();
    let mut never = person("Zoé", "Bordes", "");
    never.collected_on = None;
    let never = store.save_person(s.id, None, never).unwrap();
    let mut fresh = person("Léa", "Labat", "");
    fresh.collected_on = date(2026, 1, 1);
    store.save_person(s.id, None, fresh).unwrap();
    let binned = store.create_structure(structure("CS Corbeille", "Cenon")).unwrap();
    store.save_person(binned.id, None, person("Hélène", "Giraud", "")).unwrap();
    store.delete_structure(binned.id).unwrap();

    let stale = store.stale_people(today()).unwrap();
    assert_eq!(stale.iter().map(|p| p.person_id).collect::<Vec<_>>(), [never.id, old.id], "never checked first");
    assert_eq!(stale[1].full_name, "Noël Roux");
    assert_eq!(stale[1].structure_name, "CS du Réolais");
    assert_eq!(stale[1].last_checked, date(2023, 1, 10));

    store.mark_person_reviewed(old.id, today()).unwrap();
    let stale = store.stale_people(today()).unwrap();
    assert_eq!(stale.iter().map(|p| p.person_id).collect::<Vec<_>>(), [never.id]);
    let detail = store.structure_detail(s.id).unwrap();
    assert_eq!(detail.people.iter().find(|p| p.id == old.id).unwrap().draft.reviewed_on, Some(today()));
    assert_eq!(store.mark_person_reviewed(9999, today()).unwrap_err().code(), "not_found");
}

#[test]
fn form_drafts_are_kept_replaced_discarded_and_erased_with_the_person_they_name() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.form_draft("structure:nouvelle").unwrap(), None);
    store.save_form_draft("structure:nouvelle", r#"{"name":"EVS La Ruche"}"#).unwrap();
    store.save_form_draft("structure:nouvelle", r#"{"name":"EVS La Ruche de Bègles"}"#).unwrap();
    let draft = store.form_draft("structure:nouvelle").unwrap().unwrap();
    assert_eq!(draft.content, r#"{"name":"EVS La Ruche de Bègles"}"#);
    assert!(draft.saved_at.ends_with('Z'));
    store.discard_form_draft("structure:nouvelle").unwrap();
    assert_eq!(store.form_draft("structure:nouvelle").unwrap(), None);
    assert_eq!(store.save_form_draft("x", &"a".repeat(2 << 20)).unwrap_err().code(), "draft_too_large");

    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let p = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie@genicart.example")).unwrap();
    let key = format!("structure:{}", s.id);
    store.save_form_draft(&key, r#"{"notes":"Rappeler Élodie Lafargue en janvier"}"#).unwrap();
    store.save_form_draft("structure:nouvelle", r#"{"notes":"Sans rapport"}"#).unwrap();
    store.erase_person(p.id).unwrap();
    assert_eq!(store.form_draft(&key).unwrap(), None, "the draft naming the person went with her");
    assert!(store.form_draft("structure:nouvelle").unwrap().is_some());
}
