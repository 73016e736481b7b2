//! RGPD duties on the federation's own data: access, erasure, review.

mod common;

use std::path::Path;

use common::{date, each_engine, person, structure, today, visit};
use fabrique_core::dossier::{budget::Funder, DossierHeader};
use fabrique_core::rgpd::{AssessmentDraft, Status};
use fabrique_core::survey::{Answer, ParsedExport, QuestionDef, QuestionKind, Submission};
use fabrique_store::Store;

/// The names of the tables, and every text value of every column of every table, read straight
/// from the file.
fn every_text(path: &Path) -> (Vec<String>, Vec<String>) {
    let conn = rusqlite::Connection::open(path).unwrap();
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
    (tables, texts)
}

#[test]
fn person_export_holds_everything_about_the_person() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
        let p = store
            .save_person(s.id, None, person("Élodie", "Lafargue", "elodie.lafargue@genicart.example"), None)
            .unwrap();
        store.save_visit(s.id, None, visit(date(2025, 4, 2), "Élodie Lafargue", "Projet social"), None).unwrap();
        store
            .save_visit(
                s.id,
                None,
                visit(date(2025, 6, 2), "L'équipe", "Suite à l'échange avec LAFARGUE Élodie, envoi du guide."),
                None,
            )
            .unwrap();
        store.save_visit(s.id, None, visit(date(2025, 7, 2), "Karim Benali", "Rien sur elle"), None).unwrap();

        let export = store.person_export(p.id).unwrap();
        assert_eq!(export["personne"]["e-mail"], "elodie.lafargue@genicart.example");
        assert_eq!(export["personne"]["prénom"], "Élodie");
        assert_eq!(export["personne"]["collectées le"], "2025-03-01");
        assert_eq!(export["structure"]["nom"], "CS Génicart");
        let visits = export["rencontres mentionnant la personne"].as_array().unwrap();
        assert_eq!(visits.len(), 2);
        assert!(serde_json::to_string_pretty(&export).unwrap().contains("Suite à l'échange avec LAFARGUE Élodie"));
        assert_eq!(store.person_export(9999).unwrap_err().code(), "not_found");
    }
}

#[test]
fn erasure_leaves_no_trace_of_the_person_but_records_that_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let p =
        store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie.lafargue@genicart.example"), None).unwrap();
    let other = store.save_person(s.id, None, person("Karim", "Benali", "karim@genicart.example"), None).unwrap();
    let v = store
        .save_visit(
            s.id,
            None,
            visit(date(2025, 4, 2), "Élodie Lafargue, Karim Benali", "Élodie Lafargue présente le projet."),
            None,
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

    let (tables, texts) = every_text(&path);
    assert!(tables.contains(&"erasures".to_string()));
    assert!(texts.iter().any(|t| t.contains("Karim")), "the search does see text");
    for needle in ["Lafargue", "lafargue", "Élodie"] {
        assert!(!texts.iter().any(|t| t.contains(needle)), "{needle} still in the base");
    }
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(8).any(|w| w == b"Lafargue"), "not even in free pages of the file");
}

#[test]
fn finding_5_restoring_a_backup_made_before_an_erasure_erases_the_person_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("annuaire.sqlite")).unwrap();
    let s = store.create_structure(structure("CS Génicart", "Lormont")).unwrap();
    let elodie = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie@genicart.example"), None).unwrap();
    let karim = store.save_person(s.id, None, person("Karim", "Benali", "karim@genicart.example"), None).unwrap();
    let v =
        store.save_visit(s.id, None, visit(date(2025, 4, 2), "Élodie Lafargue", "Avec Karim Benali."), None).unwrap();
    let before = dir.path().join("avant-effacement.fabrique");
    store.backup_to(&before).unwrap();

    store.erase_person(elodie.id).unwrap();
    // A structure created after the backup: its erasure trace survives the restore without it.
    let later = store.create_structure(structure("EVS La Ruche", "Bègles")).unwrap();
    let newcomer = store.save_person(later.id, None, person("Inès", "Moreau", "ines@ruche.example"), None).unwrap();
    store.erase_person(newcomer.id).unwrap();
    // SQLite may hand the erased person's id to someone else: only the token may match.
    let reused = store.save_person(s.id, None, person("Paul", "Girard", "paul@genicart.example"), None).unwrap();

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
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let s = store.create_structure(structure("CS du Réolais", "La Réole")).unwrap();
        let mut old = person("Noël", "Roux", "");
        old.collected_on = date(2023, 1, 10);
        let old = store.save_person(s.id, None, old, None).unwrap();
        let mut never = person("Zoé", "Bordes", "");
        never.collected_on = None;
        let never = store.save_person(s.id, None, never, None).unwrap();
        let mut fresh = person("Léa", "Labat", "");
        fresh.collected_on = date(2026, 1, 1);
        store.save_person(s.id, None, fresh, None).unwrap();
        let binned = store.create_structure(structure("CS Corbeille", "Cenon")).unwrap();
        store.save_person(binned.id, None, person("Hélène", "Giraud", ""), None).unwrap();
        store.delete_structure(binned.id).unwrap();

        let stale = store.stale_people(today()).unwrap();
        assert_eq!(stale.iter().map(|p| p.person_id).collect::<Vec<_>>(), [never.id, old.id], "never checked first");
        assert_eq!(stale[1].full_name, "Noël Roux");
        assert_eq!(stale[1].organisation_name, "CS du Réolais");
        assert_eq!(stale[1].last_checked, date(2023, 1, 10));

        store.mark_person_reviewed(old.id, today()).unwrap();
        let stale = store.stale_people(today()).unwrap();
        assert_eq!(stale.iter().map(|p| p.person_id).collect::<Vec<_>>(), [never.id]);
        let detail = store.structure_detail(s.id).unwrap();
        assert_eq!(detail.people.iter().find(|p| p.id == old.id).unwrap().draft.reviewed_on, Some(today()));
        assert_eq!(store.mark_person_reviewed(9999, today()).unwrap_err().code(), "not_found");
    }
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
    let p = store.save_person(s.id, None, person("Élodie", "Lafargue", "elodie@genicart.example"), None).unwrap();
    let key = format!("structure:{}", s.id);
    store.save_form_draft(&key, r#"{"notes":"Rappeler Élodie Lafargue en janvier"}"#).unwrap();
    store.save_form_draft("structure:nouvelle", r#"{"notes":"Sans rapport"}"#).unwrap();
    store.erase_person(p.id).unwrap();
    assert_eq!(store.form_draft(&key).unwrap(), None, "the draft naming the person went with her");
    assert!(store.form_draft("structure:nouvelle").unwrap().is_some());
}

/// Finding 7 of the hostile-use review: after an erasure, the name and phone were still in the
/// file, as the owner and in notes of RGPD actions, in the RGPD history, in visit notes.
#[test]
fn finding_7_erasure_removes_name_email_and_phone_from_every_place_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let mut lac = structure("CS du Lac", "Bordeaux");
    lac.notes = "Contact privilégié : Claire Dupuy (06 12 34 56 78).".into();
    let s = store.create_structure(lac).unwrap();
    let mut claire = person("Claire", "Dupuy", "claire.dupuy@cs-lac.example");
    claire.phone = "06 12 34 56 78".into();
    let p = store.save_person(s.id, None, claire, None).unwrap();
    let karim = store.save_person(s.id, None, person("Karim", "Benali", "karim@cs-lac.example"), None).unwrap();
    store
        .save_visit(s.id, None, visit(date(2025, 4, 2), "Karim Benali", "Rappeler claire.dupuy@cs-lac.example"), None)
        .unwrap();

    let item = store.rgpd_checklist().unwrap().items[0].id.clone();
    let owned = AssessmentDraft {
        status: Some(Status::EnCours),
        owner: "Claire Dupuy".into(),
        note: "Voir avec Dupuy Claire au 0612345678".into(),
        ..Default::default()
    };
    store.set_rgpd_assessment(s.id, &item, &owned, None, today()).unwrap();
    let reassigned = AssessmentDraft { owner: "Karim Benali".into(), ..owned.clone() };
    store.set_rgpd_assessment(s.id, &item, &reassigned, None, today()).unwrap();

    let header = DossierHeader {
        structure_id: Some(s.id),
        title: "AILDS 2027 — Lac".into(),
        project: "Ateliers".into(),
        year: 2027,
        funder: Funder::Departement,
    };
    let dossier = store.create_dossier("ailds", header).unwrap();
    let mut content = dossier.content.clone();
    content.sections[0].body = "Référente du projet : **Claire Dupuy**, +33 6 12 34 56 78.".into();
    store.save_dossier_content(dossier.id, &content).unwrap();
    store.save_dossier_version(dossier.id, "avant envoi").unwrap();

    let answers = [("contact".to_string(), Answer::Text { value: "Claire DUPUY, directrice".into() })];
    let survey = ParsedExport {
        form_title: "Pratiques numériques".into(),
        questions: vec![QuestionDef {
            key: "contact".into(),
            label: "Qui répond ?".into(),
            kind: QuestionKind::Text,
            options: vec![],
            has_other: false,
        }],
        submissions: vec![Submission {
            sid: 1,
            serial: Some(1),
            submitted_at: None,
            completed_at: None,
            modified_at: None,
            draft: false,
            answers: answers.into_iter().collect(),
            line: 4,
        }],
        dropped_columns: vec![],
    };
    store.import_survey(&survey, "2026").unwrap();

    let preview = store.erasure_preview(p.id).unwrap();
    let lines = preview.lines();
    assert_eq!(preview.full_name, "Claire Dupuy");
    assert_eq!(
        lines,
        [
            "la fiche de la personne (nom, fonction, e-mail, téléphone, origine)",
            "1 rencontre (participants, notes, suites)",
            "1 point RGPD (responsable, note, justification, preuve)",
            "3 lignes de l'historique RGPD",
            "1 dossier de subvention",
            "1 version enregistrée d'un dossier",
            "1 réponse d'enquête",
            "1 note de structure",
        ],
        "{lines:#?}"
    );
    assert!(store.person_export(p.id).is_ok(), "a preview changes nothing");

    let done = store.erase_person(p.id).unwrap();
    assert_eq!(done, preview, "the erasure removes what the preview announced");
    drop(store);

    let (_, texts) = every_text(&path);
    assert!(texts.iter().any(|t| t.contains("Karim Benali")), "other people stay");
    for needle in ["Dupuy", "DUPUY", "claire.dupuy", "06 12 34 56 78", "0612345678", "6 12 34 56 78"] {
        let left: Vec<&String> = texts.iter().filter(|t| t.contains(needle)).collect();
        assert!(left.is_empty(), "{needle} still in the base: {left:?}");
    }
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(5).any(|w| w == b"Dupuy" || w == b"DUPUY"), "not even in free pages of the file");

    let store = Store::open(&path).unwrap();
    let saved = store.dossier(dossier.id).unwrap();
    assert_eq!(saved.content.sections[0].body, "Référente du projet : **[personne effacée]**, [téléphone effacé].");
    let detail = store.structure_detail(s.id).unwrap();
    assert_eq!(detail.structure.draft.notes, "Contact privilégié : [personne effacée] ([téléphone effacé]).");
    assert_eq!(detail.people.iter().map(|x| x.id).collect::<Vec<_>>(), [karim.id]);
    let assessment = &store.rgpd_assessments(Some(s.id)).unwrap()[0];
    assert_eq!(assessment.note, "Voir avec [personne effacée] au [téléphone effacé]");
}
