//! Data the base holds that cannot be read back (a damaged file, or one edited by hand) is reported,
//! naming what is damaged and saying to restore a backup, never read as empty or as a default.

mod common;

use common::today;
use fabrique_store::Store;

fn damaged(db: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    assert!(conn.execute(sql, []).unwrap() > 0, "{sql} changed nothing");
}

#[test]
fn damaged_answers_questions_and_federation_record_are_reported_not_defaulted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    Store::open(&db).unwrap().load_demo(today()).unwrap();
    let (form_id, wave_id) = {
        let store = Store::open(&db).unwrap();
        let form = store.survey_forms().unwrap().remove(0);
        (form.id, form.waves[0].id)
    };

    damaged(
        &db,
        "UPDATE survey_submissions SET answers = '{\"1\": [oops' WHERE id = (SELECT min(id) FROM survey_submissions)",
    );
    let err = Store::open(&db).unwrap().wave_submissions(wave_id).unwrap_err();
    assert_eq!(err.code(), "damaged_data");
    let message = err.to_string();
    assert!(message.contains("les réponses de la soumission n°"), "{message}");
    assert!(message.contains("Restaurez la dernière sauvegarde"), "{message}");

    damaged(
        &db,
        "UPDATE survey_questions SET options = '[\"Oui\", ' WHERE rowid = (SELECT min(rowid) FROM survey_questions)",
    );
    let err = Store::open(&db).unwrap().survey_questions(form_id).unwrap_err();
    assert_eq!(err.code(), "damaged_data");
    assert!(err.to_string().contains("la question « "), "{err}");

    let store = Store::open(&db).unwrap();
    let record = store.federation().unwrap();
    drop(store);
    assert!(!record.name.is_empty(), "the demo has the federation's record");
    damaged(&db, "UPDATE settings SET value = '{\"name\": ' WHERE key = 'federation'");
    let err = Store::open(&db).unwrap().federation().unwrap_err();
    assert_eq!(err.code(), "damaged_data");
    assert!(err.to_string().contains("la fiche de la fédération"), "{err}");
}

/// What damages a base's answers, on one engine.
type Damage<'a> = Box<dyn Fn() + 'a>;

/// A later export repairs damaged answers: they count as changed and the export's replace them,
/// rather than the import being refused. On both engines: on a team base, whoever holds the
/// owner's password may write anything with psql.
#[test]
fn importing_the_export_again_replaces_damaged_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let spoil = "UPDATE survey_submissions SET answers = '{oops' WHERE id = (SELECT min(id) FROM survey_submissions)";
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut engines: Vec<(&str, Store, Damage)> =
        vec![("SQLite", Store::open(&db).unwrap(), Box::new(|| damaged(&db, spoil)))];
    #[cfg(unix)]
    {
        let cluster = common::pg_server::shared();
        let database = cluster.prepared_base();
        let (user, password) = common::pg_server::DELEGATE;
        let store = Store::open_team(&cluster.address(user, password, &database)).unwrap();
        let damage = move || assert_eq!(cluster.superuser(&database).execute(spoil, &[]).unwrap(), 1);
        engines.push(("PostgreSQL", store, Box::new(damage)));
    }
    let list: Vec<(String, String, bool)> =
        (0..5).map(|i| (format!("Maison de quartier n° {i}"), "Cenon".to_string(), true)).collect();
    let export = fabrique_core::survey::demo::demo_export(&list);
    for (engine, mut store, damage) in engines {
        eprintln!("moteur : {engine}");
        let wave = store.import_survey(&export, "2021").unwrap().wave_id;
        let before = store.wave_submissions(wave).unwrap();
        damage();

        assert_eq!(store.wave_submissions(wave).unwrap_err().code(), "damaged_data");
        let again = store.import_survey(&export, "2021").unwrap();
        assert_eq!(again.updated, 1, "the damaged submission is written again");
        assert_eq!(store.wave_submissions(wave).unwrap(), before, "every answer back as imported");
    }
}
