//! The database file: upgrades from an old schema, refusals, backup and restore.

mod common;

use std::fs;

use common::{count, date, fixture, noise, person, structure};
use fabrique_core::StructureKind;
use fabrique_store::Store;

#[test]
fn a_schema_1_file_is_copied_then_upgraded_with_its_data_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let original = fs::read(fixture("schema-v1.sqlite")).unwrap();
    fs::write(&path, &original).unwrap();

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), Store::SCHEMA_VERSION);
    const { assert!(Store::SCHEMA_VERSION >= 2) };
    let bak = dir.path().join("annuaire.sqlite.avant-v1.bak");
    assert_eq!(fs::read(&bak).unwrap(), original, "the pre-upgrade copy is the file as it was");

    let list = store.list_structures().unwrap();
    assert_eq!(list.len(), 2);
    let beaudesert = &list[0];
    assert_eq!(beaudesert.id, 1);
    assert_eq!(beaudesert.draft.name, "Centre social et culturel de Beaudésert");
    assert_eq!(beaudesert.draft.kind, Some(StructureKind::CentreSocial));
    assert_eq!((beaudesert.draft.member, beaudesert.draft.member_since), (true, Some(2004)));
    assert_eq!(beaudesert.draft.caf_approval_end, date(2026, 12, 31));
    assert_eq!(beaudesert.draft.siret.as_deref(), Some("73282932000074"));
    assert_eq!(beaudesert.draft.tags, ["Numérique", "Familles"]);
    assert_eq!(beaudesert.draft.notes, "Agrément renouvelé en 2023.\nRéférente numérique arrivée en septembre.");
    assert_eq!((beaudesert.draft.employees, beaudesert.draft.volunteers), (Some(18), Some(42)));
    assert_eq!(beaudesert.updated_at, "2025-03-14T09:30:00Z");
    assert!(beaudesert.territory.metropole);
    let castillon = &list[1];
    assert_eq!(castillon.draft.kind, Some(StructureKind::Evs));
    assert_eq!(castillon.territory.epci_name.as_deref(), Some("CC Castillon/Pujols"));

    let detail = store.structure_detail(1).unwrap();
    assert_eq!(detail.people[0].draft.email, "elodie.lafargue@beaudesert.example");
    assert_eq!(detail.people[0].draft.reviewed_on, None, "column added by the upgrade");
    assert_eq!(detail.visits[0].draft.met, "Élodie Lafargue");
    assert_eq!(store.erasures().unwrap().len(), 1);

    // The new columns work on old rows.
    store.delete_structure(2).unwrap();
    store.mark_person_reviewed(1, common::today()).unwrap();
    drop(store);
    // Migration 3 gave every old person a distinct random token, and erasing one records it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tokens: Vec<String> = conn
        .prepare("SELECT erasure_token FROM people")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!tokens.is_empty());
    assert!(tokens.iter().all(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())), "{tokens:?}");
    assert_eq!(tokens.iter().collect::<std::collections::HashSet<_>>().len(), tokens.len());
    let old_trace: Option<String> = conn.query_row("SELECT person_token FROM erasures", [], |r| r.get(0)).unwrap();
    assert_eq!(old_trace, None, "an erasure made before the upgrade has no token to replay");
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store), 1);
    assert_eq!(fs::read(&bak).unwrap(), original, "reopening an up-to-date base makes no new copy");
}

#[test]
fn files_that_are_not_fabrique_bases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let random = dir.path().join("photo.sqlite");
    fs::write(&random, noise(64 * 1024, 7)).unwrap();
    let before = fs::read(&random).unwrap();
    let err = Store::open(&random).err().unwrap();
    assert_eq!(err.code(), "not_a_fabrique_database");
    assert!(err.to_string().contains("photo.sqlite"), "{err}");
    assert_eq!(fs::read(&random).unwrap(), before);

    let text = dir.path().join("notes.txt");
    fs::write(&text, "Ceci n'est pas une base de données, mais un texte assez long pour remplir un en-tête SQLite.")
        .unwrap();
    assert_eq!(Store::open(&text).err().unwrap().code(), "not_a_fabrique_database");
}

#[test]
fn open_creates_missing_folders_and_an_empty_file_is_a_new_base() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("Fabrique/données/annuaire.sqlite");
    let store = Store::open(&nested).unwrap();
    assert_eq!(store.path(), Some(nested.as_path()));
    assert!(store.is_empty().unwrap());
    drop(store);

    let empty = dir.path().join("vide.sqlite");
    fs::write(&empty, b"").unwrap();
    assert_eq!(Store::open(&empty).unwrap().schema_version().unwrap(), Store::SCHEMA_VERSION);
    assert!(!dir.path().join("vide.sqlite.avant-v0.bak").exists(), "nothing to keep from an empty file");
}

#[test]
fn backup_then_restore_brings_the_data_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("annuaire.sqlite")).unwrap();
    let s = store.create_structure(structure("CS Sauvegardé", "Bègles")).unwrap();
    store.save_person(s.id, None, person("Inès", "Diallo", "ines@exemple.fr"), None).unwrap();
    let backup = dir.path().join("sauvegardes/annuaire-2026-11-28.sqlite");
    fs::create_dir_all(backup.parent().unwrap()).unwrap();
    fs::write(&backup, b"ancienne sauvegarde a remplacer").unwrap();
    store.backup_to(&backup).unwrap();
    assert!(!dir.path().join("sauvegardes/annuaire-2026-11-28.sqlite-wal").exists(), "a backup is one file");
    assert_eq!(fs::read_dir(backup.parent().unwrap()).unwrap().count(), 1, "no temporary file left");

    store.delete_structure(s.id).unwrap();
    store.create_structure(structure("CS Après la sauvegarde", "Pessac")).unwrap();
    store.restore_from(&backup).unwrap();
    let names: Vec<String> = store.list_structures().unwrap().into_iter().map(|s| s.draft.name).collect();
    assert_eq!(names, ["CS Sauvegardé"]);
    assert_eq!(store.structure_detail(s.id).unwrap().people[0].draft.email, "ines@exemple.fr");

    let safety = dir.path().join("annuaire.sqlite.avant-restauration.bak");
    let before_restore = Store::open(&safety).unwrap();
    assert_eq!(before_restore.list_structures().unwrap()[0].draft.name, "CS Après la sauvegarde");

    // The restored base is the live one: writes go on and survive reopening.
    store.create_structure(structure("CS Suite", "Cenon")).unwrap();
    drop(store);
    assert_eq!(count(&Store::open(&dir.path().join("annuaire.sqlite")).unwrap()), 2);
}

#[test]
fn restore_refuses_foreign_newer_and_missing_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("annuaire.sqlite")).unwrap();
    store.create_structure(structure("CS Intact", "Lormont")).unwrap();
    let before = store.list_structures().unwrap();

    let foreign = dir.path().join("autre.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert_eq!(store.restore_from(&foreign).unwrap_err().code(), "not_a_fabrique_database");

    let random = dir.path().join("bruit.sqlite");
    fs::write(&random, noise(10_000, 3)).unwrap();
    assert_eq!(store.restore_from(&random).unwrap_err().code(), "not_a_fabrique_database");

    let newer = dir.path().join("future.sqlite");
    store.backup_to(&newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert_eq!(store.restore_from(&newer).unwrap_err().code(), "newer_schema");

    assert_eq!(store.restore_from(&dir.path().join("absent.sqlite")).unwrap_err().code(), "file_unreadable");
    assert_eq!(
        store.restore_from(&dir.path().join("annuaire.sqlite")).unwrap_err().code(),
        "file_unreadable",
        "the live base itself"
    );

    assert_eq!(store.list_structures().unwrap(), before);
    assert!(!dir.path().join("annuaire.sqlite.avant-restauration.bak").exists(), "refused before any copy");
}

#[test]
fn restoring_an_old_backup_upgrades_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.restore_from(&fixture("schema-v1.sqlite")).unwrap();
    assert_eq!(store.schema_version().unwrap(), Store::SCHEMA_VERSION);
    assert_eq!(count(&store), 2);
    store.delete_structure(1).unwrap();
    assert_eq!(count(&store), 1);
    let copy = dir.path().join("copie.sqlite");
    store.backup_to(&copy).unwrap();
    assert_eq!(count(&Store::open(&copy).unwrap()), 1);
}

#[test]
fn the_frozen_fixture_has_exactly_the_schema_migration_1_creates() {
    // The fixture's SQL is a deliberate copy: if migration 1 were edited after release, files
    // written by that release would no longer match it, and this test says so.
    let schema = |conn: &rusqlite::Connection| -> Vec<(String, String)> {
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let fresh = rusqlite::Connection::open_in_memory().unwrap();
    fresh.execute_batch(fabrique_store::migrations::MIGRATIONS[0].sql).unwrap();
    let frozen =
        rusqlite::Connection::open_with_flags(fixture("schema-v1.sqlite"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    assert_eq!(schema(&frozen), schema(&fresh));
    let version: u32 = frozen.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
}

#[test]
fn an_unopenable_base_is_set_aside_and_replaced_from_a_backup_or_empty() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("sauvegarde.fabrique");
    let mut source = Store::open(&dir.path().join("ancienne.sqlite")).unwrap();
    source.create_structure(structure("EVS La Ruche", "Bègles")).unwrap();
    source.backup_to(&good).unwrap();

    let path = dir.path().join("annuaire.sqlite");
    let damaged = noise(32 * 1024, 11);
    fs::write(&path, &damaged).unwrap();
    assert_eq!(Store::open(&path).err().unwrap().code(), "not_a_fabrique_database");

    // A wrong choice of backup changes nothing.
    let not_a_backup = dir.path().join("notes.fabrique");
    fs::write(&not_a_backup, "des notes").unwrap();
    let err = Store::replace_unopenable(&path, Some(&not_a_backup)).unwrap_err();
    assert_eq!(err.code(), "not_a_fabrique_database");
    assert_eq!(fs::read(&path).unwrap(), damaged);

    let replaced = Store::replace_unopenable(&path, Some(&good)).unwrap();
    let aside = replaced.set_aside.clone().expect("the damaged file was there");
    assert_eq!(fs::read(&aside).unwrap(), damaged, "set aside untouched, not deleted");
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with("annuaire.sqlite.mise-de-cote-"), "{aside:?}");
    assert_eq!(replaced.store.list_structures().unwrap()[0].draft.name, "EVS La Ruche");
    drop(replaced);
    assert_eq!(count(&Store::open(&path).unwrap()), 1, "the new base is the one that opens next time");

    fs::write(&path, &damaged).unwrap();
    let empty = Store::replace_unopenable(&path, None).unwrap();
    assert!(empty.store.is_empty().unwrap());
    let second = empty.set_aside.unwrap();
    assert_ne!(second, aside, "a second file set aside in the same second keeps the first");
    assert_eq!(fs::read(&aside).unwrap(), damaged);
}

#[test]
fn a_schema_4_file_gets_dossiers_with_its_data_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let original = fs::read(fixture("schema-v4.sqlite")).unwrap();
    fs::write(&path, &original).unwrap();

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), Store::SCHEMA_VERSION);
    const { assert!(Store::SCHEMA_VERSION >= 5) };
    let bak = dir.path().join("annuaire.sqlite.avant-v4.bak");
    assert_eq!(fs::read(&bak).unwrap(), original, "the pre-upgrade copy is the file as it was");

    // The directory as schema 4 left it: binned structure hidden, people, visits, erasures, drafts.
    let list = store.list_structures().unwrap();
    assert_eq!(
        list.iter().map(|s| s.draft.name.as_str()).collect::<Vec<_>>(),
        ["Centre social et culturel de Beaudésert", "EVS Les Amis de Castillon"]
    );
    assert_eq!(list[0].draft.tags, ["Numérique", "Familles"]);
    assert_eq!(list[0].updated_at, "2025-03-14T09:30:00Z");
    assert_eq!((list[1].draft.member, list[1].draft.member_since), (true, Some(2019)));
    assert_eq!(store.structure_detail(3).unwrap_err().code(), "not_found", "still in the bin");
    store.restore_structure(3).unwrap();
    store.delete_structure(3).unwrap();
    let detail = store.structure_detail(1).unwrap();
    let people: Vec<(&str, &str)> =
        detail.people.iter().map(|p| (p.draft.last_name.as_str(), p.draft.role.as_str())).collect();
    assert_eq!(people, [("Arnaud", "Président"), ("Lafargue", "Directrice")]);
    assert_eq!(detail.people[1].draft.reviewed_on, date(2025, 9, 20));
    assert_eq!(detail.visits[0].draft.met, "Élodie Lafargue");
    assert_eq!(store.erasures().unwrap().len(), 1);
    let draft = store.form_draft("structure:1").unwrap().expect("the unsaved form survives the upgrade");
    assert!(draft.content.contains("05 56 12 34 57"), "{}", draft.content);

    // What schema 5 adds: the shipped templates, no dossier yet, a blank federation record.
    let mut names: Vec<String> = store.templates().unwrap().into_iter().map(|t| t.name).collect();
    names.sort();
    assert_eq!(names, ["ailds", "cerfa-12156"]);
    assert!(store.dossiers().unwrap().is_empty());
    assert_eq!(store.federation().unwrap(), Default::default());

    // A dossier for one of the old structures, drawing on its old people.
    let header = fabrique_core::dossier::DossierHeader {
        structure_id: Some(1),
        title: "AILDS 2027 — Beaudésert".into(),
        project: "Numérique pour tous".into(),
        year: 2027,
        funder: fabrique_core::dossier::budget::Funder::Departement,
    };
    let dossier = store.create_dossier("ailds", header).unwrap();
    assert_eq!(dossier.template_revision, 1);
    let (_, facts, _) = store.dossier_bundle(dossier.id, common::today()).unwrap();
    assert_eq!(facts.applicant.name, "Centre social et culturel de Beaudésert");
    assert_eq!(facts.applicant.siret, "73282932000074");
    assert_eq!(facts.applicant.representative, "Bernard Arnaud");
    assert_eq!(facts.member_count, 2);
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.dossiers().unwrap().len(), 1);
    assert_eq!(fs::read(&bak).unwrap(), original, "reopening an up-to-date base makes no new copy");
    assert!(!dir.path().join("annuaire.sqlite.avant-v5.bak").exists());
}

#[test]
fn the_frozen_schema_4_fixture_has_exactly_the_schema_migrations_1_to_4_create() {
    let schema = |conn: &rusqlite::Connection| -> Vec<(String, String)> {
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let fresh = rusqlite::Connection::open_in_memory().unwrap();
    for migration in &fabrique_store::migrations::MIGRATIONS[..4] {
        fresh.execute_batch(migration.sql).unwrap();
        fresh.pragma_update(None, "user_version", migration.version).unwrap();
    }
    let frozen =
        rusqlite::Connection::open_with_flags(fixture("schema-v4.sqlite"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    assert_eq!(schema(&frozen), schema(&fresh));
    let header = |conn: &rusqlite::Connection| -> (i32, u32) {
        (
            conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap(),
            conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap(),
        )
    };
    assert_eq!(header(&frozen), (fabrique_store::migrations::APPLICATION_ID, 4));
    assert_eq!(header(&frozen), header(&fresh));
}

#[test]
fn finding_5_a_backup_with_damaged_pages_is_refused_before_anything_is_copied() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("annuaire.sqlite")).unwrap();
    store.load_demo(common::today()).unwrap();
    let backup = dir.path().join("sauvegarde.fabrique");
    store.backup_to(&backup).unwrap();
    // The header (page 1) intact, the b-tree header of every later page broken.
    let mut bytes = std::fs::read(&backup).unwrap();
    let page = 4096;
    for start in (2 * page..bytes.len()).step_by(page) {
        bytes[start..start + 8].copy_from_slice(&[0x0D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);
    }
    std::fs::write(&backup, &bytes).unwrap();

    let before = store.list_structures().unwrap();
    let err = store.restore_from(&backup).unwrap_err();
    assert_eq!(err.code(), "file_unreadable");
    assert!(err.to_string().starts_with("Fichier « sauvegarde.fabrique » : cette sauvegarde est abîmée"), "{err}");
    assert!(err.to_string().contains("la base actuelle est intacte"), "{err}");
    assert_eq!(store.list_structures().unwrap(), before, "nothing restored");
    assert!(!dir.path().join("annuaire.sqlite.avant-restauration.bak").exists(), "refused before any copy");

    // The schema readable, only the last pages (rows) broken: found by the integrity check.
    store.backup_to(&backup).unwrap();
    let mut bytes = std::fs::read(&backup).unwrap();
    let last = bytes.len() - page;
    for start in [last, last - page, last - 2 * page] {
        bytes[start..start + 8].copy_from_slice(&[0x0D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);
    }
    std::fs::write(&backup, &bytes).unwrap();
    let err = store.restore_from(&backup).unwrap_err();
    assert!(err.to_string().starts_with("Fichier « sauvegarde.fabrique » : cette sauvegarde est abîmée"), "{err}");
    assert_eq!(store.list_structures().unwrap(), before);
}
