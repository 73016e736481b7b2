//! The team base on a real PostgreSQL server (started by the tests, see `common/postgres.rs`):
//! preparing it, the schema both engines share, moving a whole base there and back, the rights
//! the server enforces whoever connects, and what a stopped server leaves behind.
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pg_server::{shared, Cluster, ADMINISTRATOR, DELEGATE, READER, SUPERUSER_PASSWORD};
use fabrique_store::team::{schema, transfer, TABLES};
use fabrique_store::{Store, TeamBase};
use rusqlite::types::Value;

/// A local base holding a row in every table: the demo, plus an erasure, an attachment, a logo,
/// a form being typed and a progress log entry.
fn full_local_base(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("locale.sqlite");
    let mut store = Store::open(&path).unwrap();
    store.load_demo(common::today()).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO erasures (erased_at, structure_id, person_token) VALUES ('2026-11-02', 1, 'jeton-1');
         INSERT INTO rgpd_evidence_files (structure_id, item_id, file_name, content, size, added_at)
             VALUES (1, 'registre', 'registre « 2026 ».pdf', x'255044462D00FF10', 8, '2026-11-03');
         UPDATE dossiers SET logo = x'89504E470D0A1A0A00' WHERE id = (SELECT min(id) FROM dossiers);
         INSERT INTO form_drafts (key, content, saved_at) VALUES ('structure:1', '{\"name\":\"Centre été\"}', '2026-11-04');
         INSERT OR IGNORE INTO rgpd_progress_log (day, progress) VALUES ('2026-11-05', 42);
         INSERT INTO dossier_versions (dossier_id, saved_at, label, content)
             SELECT id, '2026-11-06T10:00:00', 'Avant relecture', content FROM dossiers ORDER BY id LIMIT 1;
         INSERT INTO meetings (title, held_on, ours, theirs, notes, author, created_at, updated_at)
             VALUES ('Visite', '2026-10-01', 'Léa', 'Direction', 'ça avance', 'lea.durand', '2026-10-01T17:00:00Z',
                     '2026-10-01T17:00:00Z');
         INSERT INTO meeting_structures (meeting_id, structure_id) SELECT max(id), 2 FROM meetings;
         INSERT INTO imports (imported_at, author, created, updated) VALUES ('2026-10-02T09:00:00Z', 'lea.durand', 3, 1);
         INSERT INTO survey_wave_questions (wave_id, key)
             SELECT w.id, q.key FROM survey_waves w JOIN survey_questions q ON q.form_id = w.form_id
             WHERE NOT EXISTS (SELECT 1 FROM survey_wave_questions) LIMIT 1;
         INSERT INTO publications (title, text, channels, planned_at, status, author, created_at, updated_at)
             VALUES ('Portes ouvertes « été »', 'Texte', 'facebook,lettre', '2026-12-10T18:00', 'a_valider', 'lea.durand',
                     '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z');
         INSERT INTO publication_structures (publication_id, structure_id) SELECT max(id), 1 FROM publications;
         INSERT INTO publication_comments (publication_id, author, written_at, text)
             SELECT max(id), 'paul', '2026-12-02T10:00:00Z', 'D''accord' FROM publications;
         INSERT INTO publication_history (publication_id, at, author, before, after)
             SELECT max(id), '2026-12-02T11:00:00Z', 'lea.durand', 'redaction', 'a_valider' FROM publications;
         INSERT INTO publication_images (publication_id, name, media_type, width, height, bytes, added_at)
             SELECT max(id), 'affiche été.png', 'image/png', 1, 1, X'89504E470D0A1A0A00', '2026-12-02T12:00:00Z' FROM publications;",
    )
    .unwrap();
    for table in TABLES {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert!(n > 0, "la base d'essai doit avoir une ligne dans {table}");
    }
    path
}

/// Every row of every table, in a stable order.
fn dump(path: &Path) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    TABLES
        .iter()
        .map(|table| {
            let stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let width = stmt.column_count();
            let order = (1..=width).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}")).unwrap();
            let rows = stmt
                .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<Vec<Vec<Value>>, _>>()
                .unwrap();
            (table.to_string(), rows)
        })
        .collect()
}

#[test]
fn init_prepares_an_empty_database_once_and_nothing_else() {
    let cluster = shared();
    let database = cluster.prepared_base();
    assert_eq!(schema::version(&mut cluster.team(&database)).unwrap(), Some(Store::SCHEMA_VERSION));
    TeamBase::open(&cluster.address("postgres", SUPERUSER_PASSWORD, &database)).expect("a prepared base opens");

    let again = schema::init(&mut cluster.team(&database)).unwrap_err();
    assert_eq!(again.code(), "not_empty");
    assert!(again.to_string().contains("est déjà préparée pour Fabrique"), "{again}");

    let other = cluster.new_database();
    cluster.superuser(&other).batch_execute("CREATE TABLE factures (id int)").unwrap();
    let foreign = schema::init(&mut cluster.team(&other)).unwrap_err();
    assert!(foreign.to_string().contains("contient déjà des tables"), "{foreign}");
    let not_ours = TeamBase::open(&cluster.address("postgres", SUPERUSER_PASSWORD, &other)).unwrap_err();
    assert_eq!(not_ours.code(), "not_a_fabrique_database");
    assert!(not_ours.to_string().contains("team init"), "{not_ours}");
    let tables: i64 = cluster
        .superuser(&other)
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[])
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "a refused init writes nothing");
}

#[test]
fn the_team_schema_has_every_table_and_column_of_the_local_schema() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(&dir.path().join("vide.sqlite")).unwrap());
    let local = rusqlite::Connection::open(dir.path().join("vide.sqlite")).unwrap();
    let local_tables: BTreeSet<String> = local
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let listed: BTreeSet<String> = TABLES.iter().map(|t| t.to_string()).collect();
    assert_eq!(local_tables, listed, "TABLES lists every table of the local base");

    let mut team = cluster.superuser(&database);
    let team_tables: BTreeSet<String> = team
        .query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut expected = listed.clone();
    expected.insert("fabrique_base".into());
    assert_eq!(team_tables, expected);

    for table in TABLES {
        let local_columns: Vec<(String, String, bool, bool)> = local
            .prepare(&format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid"))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? > 0)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let team_columns: Vec<(String, String, bool, bool)> = team
            .query(
                "SELECT c.column_name::text, c.data_type::text, c.is_nullable = 'NO',
                        EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                                JOIN information_schema.table_constraints t USING (constraint_name, table_name)
                                WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name
                                  AND k.column_name = c.column_name)
                 FROM information_schema.columns c
                 WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.ordinal_position",
                &[table],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        assert_eq!(local_columns.len(), team_columns.len(), "{table}");
        for (l, t) in local_columns.iter().zip(&team_columns) {
            assert_eq!(l.0, t.0, "{table} : mêmes colonnes dans le même ordre");
            let same_type =
                matches!((l.1.as_str(), t.1.as_str()), ("INTEGER", "bigint") | ("TEXT", "text") | ("BLOB", "bytea"));
            assert!(same_type, "{table}.{} : {} ≠ {}", l.0, l.1, t.1);
            // SQLite lets a non-integer primary key be NULL; PostgreSQL never does.
            assert_eq!(l.2 || l.3, t.2, "{table}.{} : NOT NULL", l.0);
            assert_eq!(l.3, t.3, "{table}.{} : clé primaire", l.0);
        }
    }
}

#[test]
fn a_base_published_then_copied_back_is_the_same_row_for_row() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let dir = tempfile::tempdir().unwrap();
    let source = full_local_base(dir.path());
    let before = dump(&source);
    let structures = Store::open(&source).unwrap().list_structures().unwrap().len();

    let address = cluster.address("postgres", SUPERUSER_PASSWORD, &database);
    let published = transfer::publish(&source, &mut TeamBase::open(&address).unwrap()).unwrap();
    for (table, rows) in &before {
        assert_eq!(published.count(table), rows.len() as u64, "{table}");
    }

    let copy = dir.path().join("copie.sqlite");
    let copied = transfer::copy(&mut TeamBase::open(&address).unwrap(), &copy).unwrap();
    assert_eq!(copied, published);
    assert_eq!(dump(&copy), before, "every row comes back as it left");
    let reopened = Store::open(&copy).unwrap();
    assert_eq!(reopened.schema_version().unwrap(), Store::SCHEMA_VERSION);
    assert_eq!(reopened.list_structures().unwrap().len(), structures);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partiel"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Ids were kept, and the next one the team base hands out follows them.
    let mut team = cluster.superuser(&database);
    let max: i64 = team.query_one("SELECT max(id) FROM structures", &[]).unwrap().get(0);
    let next: i64 = team
        .query_one("INSERT INTO structures (name, updated_at) VALUES ('Nouvelle', '2026-12-01') RETURNING id", &[])
        .unwrap()
        .get(0);
    assert_eq!(next, max + 1);

    // A copy never replaces a file, and a second publication never mixes two bases.
    let exists = transfer::copy(&mut TeamBase::open(&address).unwrap(), &copy).unwrap_err();
    assert!(exists.to_string().contains("existe déjà"), "{exists}");
    let twice = transfer::publish(&source, &mut TeamBase::open(&address).unwrap()).unwrap_err();
    assert_eq!(twice.code(), "not_empty");
    let count: i64 = team.query_one("SELECT count(*) FROM structures", &[]).unwrap().get(0);
    assert_eq!(count, max + 1);
}

/// A backup restored over a team base: the base is copied to a new file first, then replaced
/// whole; a person erased since the backup is erased again; only the base's owner may do it.
#[test]
fn a_backup_restored_over_a_team_base_replaces_it_after_a_copy_and_erases_again() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let dir = tempfile::tempdir().unwrap();
    let source = full_local_base(dir.path());
    let owner = cluster.address("postgres", SUPERUSER_PASSWORD, &database);
    transfer::publish(&source, &mut TeamBase::open(&owner).unwrap()).unwrap();
    let backup = dir.path().join("sauvegarde.sqlite");
    transfer::copy(&mut TeamBase::open(&owner).unwrap(), &backup).unwrap();

    // After the backup: a structure created, a person erased.
    let mut store = Store::open_team(&owner).unwrap();
    let created = store.create_structure(common::structure("Centre créé après", "Bordeaux")).unwrap();
    let (structure_id, person) = store
        .list_structures()
        .unwrap()
        .iter()
        .find_map(|s| store.structure_detail(s.id).unwrap().people.first().map(|p| (s.id, p.clone())))
        .expect("a person in the demo");
    store.erase_person(person.id).unwrap();
    let people_before = store.structure_detail(structure_id).unwrap().people.len();

    let delegate = cluster.address(DELEGATE.0, DELEGATE.1, &database);
    let refused = Store::open_team(&delegate).unwrap().restore_from(&backup).unwrap_err();
    assert_eq!(refused.code(), "permission_denied", "{refused}");

    let outcome = store.restore_from(&backup).unwrap();
    assert_eq!(outcome.erased_again, 1);
    let kept = outcome.kept.expect("the replaced base kept");
    assert!(Store::open(&kept).unwrap().structure_detail(created.id).is_ok(), "the copy holds the replaced base");
    assert!(store.structure_detail(created.id).is_err(), "the base is the backup's");
    let people = store.structure_detail(structure_id).unwrap().people;
    assert_eq!(people.len(), people_before, "the erased person did not come back");
    assert!(people.iter().all(|p| p.draft.email != person.draft.email || person.draft.email.is_empty()));
    assert!(store.erasures().unwrap().len() >= 2, "the erasure is recorded in the restored base");
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partiel"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn the_server_enforces_each_role_whoever_connects() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let mut admin = cluster.superuser(&database);
    admin
        .batch_execute(
            "INSERT INTO settings (key, value) VALUES ('federation', '{}');
             INSERT INTO rgpd_checklists (version, content, saved_at) VALUES (1, '{}', '2026-01-01');",
        )
        .unwrap();
    let insert_structure = "INSERT INTO structures (name, updated_at) VALUES ('Centre', '2026-12-01')";

    let (ok, out) = cluster.psql(READER.0, READER.1, &database, insert_structure);
    assert!(!ok && out.contains("permission denied"), "{out}");
    let (ok, out) = cluster.psql(READER.0, READER.1, &database, "SELECT count(*) FROM rgpd_checklists");
    assert!(ok, "{out}");

    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, insert_structure);
    assert!(ok, "{out}");
    let (ok, out) = cluster.psql(
        DELEGATE.0,
        DELEGATE.1,
        &database,
        "UPDATE rgpd_checklists SET content = '{\"x\":1}' WHERE version = 1",
    );
    assert!(!ok && out.contains("permission denied"), "{out}");
    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, "INSERT INTO settings VALUES ('federation2', 'x')");
    assert!(ok, "a delegate keeps the other settings: {out}");
    let (ok, out) =
        cluster.psql(DELEGATE.0, DELEGATE.1, &database, "UPDATE settings SET value = 'pris' WHERE key = 'federation'");
    assert!(ok && out.contains("UPDATE 0"), "the federation record is out of a delegate's reach: {out}");
    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, "DELETE FROM settings WHERE key = 'federation'");
    assert!(ok && out.contains("DELETE 0"), "{out}");
    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, "CREATE TABLE a_moi (x int)");
    assert!(!ok && out.contains("permission denied"), "{out}");

    let (ok, out) = cluster.psql(
        ADMINISTRATOR.0,
        ADMINISTRATOR.1,
        &database,
        "UPDATE settings SET value = '{\"nom\":1}' WHERE key = 'federation'",
    );
    assert!(ok && out.contains("UPDATE 1"), "{out}");
    let (ok, out) = cluster.psql(
        ADMINISTRATOR.0,
        ADMINISTRATOR.1,
        &database,
        "UPDATE rgpd_checklists SET content = '{}' WHERE version = 1",
    );
    assert!(ok && out.contains("UPDATE 1"), "{out}");

    // Through Fabrique, a refusal says which right is missing, in French.
    let dir = tempfile::tempdir().unwrap();
    let source = full_local_base(dir.path());
    let empty = cluster.prepared_base();
    let mut reader = TeamBase::open(&cluster.address(READER.0, READER.1, &empty)).unwrap();
    let refused = transfer::publish(&source, &mut reader).unwrap_err();
    assert_eq!(refused.code(), "permission_denied");
    assert!(refused.to_string().contains("n'a pas le droit"), "{refused}");
    let copy = dir.path().join("copie-lecteur.sqlite");
    transfer::copy(&mut TeamBase::open(&cluster.address(READER.0, READER.1, &database)).unwrap(), &copy)
        .expect("a reader may take a copy");

    // A publication is validated by someone other than its author, whoever connects; the server
    // writes who validated.
    let (ok, out) = cluster.psql(
        DELEGATE.0,
        DELEGATE.1,
        &database,
        "INSERT INTO publications (title, status, author, created_at, updated_at) \
         VALUES ('Portes ouvertes', 'a_valider', 'quelqu''un d''autre', '2026-12-01', '2026-12-01')",
    );
    assert!(ok, "{out}");
    let validate =
        "UPDATE publications SET status = 'validee', validator = 'un nom inventé' WHERE title = 'Portes ouvertes'";
    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, validate);
    assert!(!ok && out.contains("autre que son auteur"), "the server wrote the author, the delegate: {out}");
    let (ok, out) = cluster.psql(READER.0, READER.1, &database, validate);
    assert!(!ok && out.contains("permission denied"), "{out}");
    let (ok, out) = cluster.psql(ADMINISTRATOR.0, ADMINISTRATOR.1, &database, validate);
    assert!(ok && out.contains("UPDATE 1"), "{out}");
    let validator: String =
        admin.query_one("SELECT validator FROM publications WHERE title = 'Portes ouvertes'", &[]).unwrap().get(0);
    assert_eq!(validator, ADMINISTRATOR.0);
}

/// The author of every history is written by the server: the account connected, whatever the
/// program (or psql) sends, and kept when the row is corrected later.
#[test]
fn the_server_signs_every_history_with_the_account_connected() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let mut store = Store::open_team(&cluster.address(DELEGATE.0, DELEGATE.1, &database)).unwrap();
    let lac = store.create_structure(common::structure("Centre social du Lac", "Bordeaux")).unwrap();
    store.save_visit(lac.id, None, common::visit(common::date(2026, 11, 28), "Direction", ""), None).unwrap();

    let forged = format!(
        "INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at, author) \
         VALUES ({}, 'registre', 'statut', 'À faire', 'Conforme', '2026-12-01T10:00:00Z', 'directrice')",
        lac.id
    );
    let (ok, out) = cluster.psql(DELEGATE.0, DELEGATE.1, &database, &forged);
    assert!(ok, "{out}");
    let (ok, out) = cluster.psql(
        ADMINISTRATOR.0,
        ADMINISTRATOR.1,
        &database,
        "UPDATE meetings SET author = 'autre', notes = 'corrigée'",
    );
    assert!(ok && out.contains("UPDATE 1"), "{out}");

    let mut admin = cluster.superuser(&database);
    let authors: Vec<String> = admin
        .query("SELECT author FROM rgpd_history UNION ALL SELECT author FROM meetings", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(authors, [DELEGATE.0, DELEGATE.0]);
    let listed: Vec<String> = store.activity(10).unwrap().into_iter().map(|e| e.author).collect();
    assert_eq!(listed, [DELEGATE.0, DELEGATE.0]);
}

/// A team base prepared by an earlier release (schema 9) is brought to the latest schema by `team
/// upgrade`, its histories kept (with no author), its centres' RGPD tallies counted at first
/// reading, and what is written afterwards is signed.
#[test]
fn a_schema_9_team_base_is_upgraded_keeping_its_histories() {
    let cluster = shared();
    let database = cluster.prepared_base_up_to(9);
    let mut owner = cluster.team(&database);
    let mut admin = cluster.superuser(&database);
    admin
        .batch_execute(
            "INSERT INTO structures (id, name, updated_at) VALUES (7, 'Centre social des Aubiers', '2026-01-01');
             INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at)
                 VALUES (7, 'registre', 'statut', 'À faire', 'Conforme', '2026-03-01T10:00:00Z');
             INSERT INTO erasures (erased_at, structure_id, person_token) VALUES ('2026-03-02T10:00:00Z', 7, 'jeton');
             INSERT INTO rgpd_assessments (structure_id, item_id, status, item_revision, checklist_version, updated_at)
                 VALUES (7, 'registre', 'conforme', 1, 1, '2026-03-01T10:00:00Z');",
        )
        .unwrap();
    let refused = Store::open_team(&cluster.address("postgres", SUPERUSER_PASSWORD, &database)).unwrap_err();
    assert_eq!(refused.code(), "older_schema");

    assert_eq!(schema::upgrade(&mut owner).unwrap(), (9, Store::SCHEMA_VERSION));
    let store = Store::open_team(&cluster.address("postgres", SUPERUSER_PASSWORD, &database)).unwrap();
    let entries = store.activity(10).unwrap();
    let listed: Vec<(&str, Option<&str>)> =
        entries.iter().map(|e| (e.author.as_str(), e.structure_name.as_deref())).collect();
    assert_eq!(listed, [("", Some("Centre social des Aubiers")), ("", Some("Centre social des Aubiers"))]);
    let imports: i64 = admin.query_one("SELECT count(*) FROM imports", &[]).unwrap().get(0);
    assert_eq!(imports, 0);
    // The centre's RGPD tally (schema 11) is counted from its rating, then kept.
    let mut store = store;
    let checklist = store.rgpd_checklist().unwrap();
    let stale = store.rgpd_tallies(&checklist).unwrap();
    assert_eq!((stale.recounted, stale.by_centre[&7].assessed), (1, 1));
    assert_eq!(store.refresh_rgpd_tallies(&checklist).unwrap(), 1);
    assert_eq!(store.rgpd_tallies(&checklist).unwrap().recounted, 0);
}

#[test]
fn an_unreachable_server_and_a_wrong_password_are_told_apart_in_french() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let wrong = TeamBase::connect(&cluster.address("postgres", "pas-le-bon", &database)).unwrap_err();
    assert_eq!(wrong.code(), "authentication_failed");
    assert!(wrong.to_string().contains("a refusé l'utilisateur « postgres »"), "{wrong}");
    assert!(!wrong.to_string().contains("pas-le-bon"), "{wrong}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgresql://postgres:x@127.0.0.1:{closed}/fabrique");
    let unreachable = TeamBase::connect(&fabrique_store::TeamAddress::parse(&url).unwrap()).unwrap_err();
    assert_eq!(unreachable.code(), "server_unreachable");
    assert!(unreachable.to_string().contains("aucun serveur n'écoute"), "{unreachable}");

    let missing = TeamBase::connect(&cluster.address("postgres", SUPERUSER_PASSWORD, "absente")).unwrap_err();
    assert_eq!(missing.code(), "not_a_fabrique_database", "{missing}");

    let mut team = cluster.superuser(&database);
    team.batch_execute("UPDATE fabrique_base SET schema_version = 99").unwrap();
    let newer = TeamBase::open(&cluster.address("postgres", SUPERUSER_PASSWORD, &database)).unwrap_err();
    assert_eq!(newer.code(), "newer_schema");
    team.batch_execute("UPDATE fabrique_base SET schema_version = 8").unwrap();
    let older = TeamBase::open(&cluster.address("postgres", SUPERUSER_PASSWORD, &database)).unwrap_err();
    assert_eq!(older.code(), "older_schema");
    assert!(older.to_string().contains("team upgrade"), "{older}");
}

/// Waits until a connection of `database` other than the holder is blocked on a lock.
fn wait_until_blocked(cluster: &Cluster, database: &str) {
    let mut watcher = cluster.superuser("postgres");
    let started = Instant::now();
    loop {
        let waiting: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
                &[&database],
            )
            .unwrap()
            .get(0);
        if waiting > 0 {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the transfer never reached the locked table");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_restarted_during_publish_or_copy_leaves_nothing_half_done() {
    let cluster = Cluster::start();
    let database = cluster.new_database();
    schema::init(&mut cluster.team(&database)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = full_local_base(dir.path());

    // The publication is held at its last tables, after the first ones were sent, then the server
    // restarts under it.
    let mut holder = cluster.superuser(&database);
    holder.batch_execute("BEGIN; LOCK TABLE rgpd_history IN SHARE MODE").unwrap();
    let address = cluster.address("postgres", SUPERUSER_PASSWORD, &database);
    let publishing = {
        let (source, address) = (source.clone(), address.clone());
        std::thread::spawn(move || transfer::publish(&source, &mut TeamBase::open(&address).unwrap()))
    };
    wait_until_blocked(&cluster, &database);
    cluster.restart();
    let cut = publishing.join().unwrap().unwrap_err();
    assert_eq!(cut.code(), "server_unreachable", "{cut}");
    let mut team = cluster.superuser(&database);
    for table in TABLES {
        let n: i64 = team.query_one(&format!("SELECT count(*) FROM {table}"), &[]).unwrap().get(0);
        assert_eq!(n, 0, "{table} : a cut publication leaves the team base empty");
    }

    // Published for good, then a copy cut the same way leaves no file.
    transfer::publish(&source, &mut TeamBase::open(&address).unwrap()).unwrap();
    let mut holder = cluster.superuser(&database);
    holder.batch_execute("BEGIN; LOCK TABLE rgpd_history IN ACCESS EXCLUSIVE MODE").unwrap();
    let copy = dir.path().join("copie.sqlite");
    let copying = {
        let (copy, address) = (copy.clone(), address.clone());
        std::thread::spawn(move || transfer::copy(&mut TeamBase::open(&address).unwrap(), &copy))
    };
    wait_until_blocked(&cluster, &database);
    cluster.restart();
    let cut = copying.join().unwrap().unwrap_err();
    assert_eq!(cut.code(), "server_unreachable", "{cut}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.iter().filter(|n| n.contains("copie")).count(), 0, "{names:?}");
    drop(holder);
}
