//! `fabrique-cli --db postgresql://…` against a real PostgreSQL server started by the test: prepare
//! a team base, publish a local base into it, copy it back, the refusals around them, and the
//! directory's commands on the team base.

use std::path::Path;
use std::process::Command;

use fabrique_tests::{binary, cli, pdf_text, sqlite_dump, TWO_STRUCTURES_CSV};

#[path = "../../src-tauri/crates/store/tests/common/postgres.rs"]
mod postgres_cluster;

use postgres_cluster::{shared, DELEGATE, READER, SUPERUSER_PASSWORD};

#[test]
fn team_init_publish_and_copy_move_a_whole_base_through_the_server() {
    let cluster = shared();
    let database = cluster.new_database();
    let url = cluster.url("postgres", SUPERUSER_PASSWORD, &database);
    let team = Path::new(&url);

    let init = cli(team, &["team", "init"]).success();
    assert!(
        init.stdout.contains(&format!("préparée (schéma {})", fabrique_store::Store::SCHEMA_VERSION)),
        "{}",
        init.stdout
    );
    let again = cli(team, &["team", "init"]);
    assert_eq!(again.code, 3, "{}", again.stderr);
    assert!(again.stderr.contains("déjà préparée"), "{}", again.stderr);

    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("locale.sqlite");
    cli(&local, &["demo"]).success();
    let published = cli(team, &["team", "publish", local.to_str().unwrap()]).success();
    assert!(published.stdout.contains("publiée dans postgresql://postgres@127.0.0.1:"), "{}", published.stdout);
    assert!(!published.stdout.contains(SUPERUSER_PASSWORD), "the password is never printed");

    let copy = dir.path().join("copie.sqlite");
    let copied = cli(team, &["team", "copy", copy.to_str().unwrap()]).success();
    assert!(copied.stdout.contains("copiée dans"), "{}", copied.stdout);
    assert_eq!(sqlite_dump(&copy), sqlite_dump(&local));
    let listed = cli(&copy, &["structures", "list", "--json"]).success().json();
    assert!(listed.as_array().is_some_and(|a| !a.is_empty()));

    // A structure added, then the copy restored over the team base: gone again, the replaced
    // base kept in a file beside the backup.
    cluster
        .superuser(&database)
        .execute("INSERT INTO structures (name, updated_at) VALUES ('Centre ajouté après la copie', '2026-12-01')", &[])
        .unwrap();
    let restored = cli(team, &["team", "restore", copy.to_str().unwrap()]).success();
    assert!(
        restored.stdout.contains("restaurée depuis") && restored.stdout.contains("gardée dans"),
        "{}",
        restored.stdout
    );
    assert_eq!(cli(team, &["structures", "list", "--json"]).success().json(), listed);
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().contains("avant-restauration"))
        .expect("the replaced base kept")
        .path();
    let kept_list = cli(&kept, &["structures", "list", "--json"]).success().stdout;
    assert!(kept_list.contains("Centre ajouté après la copie"), "{kept_list}");

    // The password may come from PGPASSWORD rather than the address.
    let without_password = format!("postgresql://postgres@127.0.0.1:{}/{database}", cluster.port);
    let shown = Command::new(binary("fabrique-cli"))
        .args(["--db", &without_password, "team", "upgrade"])
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .env("PGPASSFILE", dir.path().join("aucun"))
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    assert!(String::from_utf8_lossy(&shown.stdout).contains("déjà au schéma"));
}

#[test]
fn team_commands_say_what_is_wrong_and_write_nothing() {
    let cluster = shared();
    let database = cluster.new_database();
    let dir = tempfile::tempdir().unwrap();

    let wrong = cli(Path::new(&cluster.url("postgres", "pas-le-bon", &database)), &["team", "init"]);
    assert_eq!(wrong.code, 8, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("a refusé l'utilisateur « postgres »"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("pas-le-bon"), "{}", wrong.stderr);

    let url = cluster.url("postgres", SUPERUSER_PASSWORD, &database);
    let not_prepared = cli(Path::new(&url), &["team", "copy", dir.path().join("c.sqlite").to_str().unwrap()]);
    assert_eq!(not_prepared.code, 7, "{}", not_prepared.stderr);
    assert!(not_prepared.stderr.contains("team init"), "{}", not_prepared.stderr);
    assert!(!dir.path().join("c.sqlite").exists());

    let on_a_file = cli(&dir.path().join("locale.sqlite"), &["team", "init"]);
    assert_eq!(on_a_file.code, 3, "{}", on_a_file.stderr);
    assert!(on_a_file.stderr.contains("--db postgresql://"), "{}", on_a_file.stderr);

    // A base that was never prepared is refused, and nothing is written beside the user (no folder
    // named « postgresql: »).
    let work = tempfile::tempdir().unwrap();
    let list = Command::new(binary("fabrique-cli"))
        .args(["--db", &url, "structures", "list"])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(7));
    let stderr = String::from_utf8_lossy(&list.stderr);
    assert!(stderr.contains("team init"), "{stderr}");
    assert!(!stderr.contains(SUPERUSER_PASSWORD), "{stderr}");
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0, "nothing written beside the user");

    let base = cli(Path::new(&url), &["base"]).success();
    assert_eq!(base.stdout.trim(), format!("postgresql://postgres@127.0.0.1:{}/{database}", cluster.port));
}

#[test]
fn the_directory_commands_work_on_a_team_base_within_each_role() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let delegate_url = cluster.url(user, password, &database);
    let delegate = Path::new(&delegate_url);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("structures.csv");
    std::fs::write(&csv, TWO_STRUCTURES_CSV).unwrap();

    // A délégué·e cannot load the demo: it writes the federation's record, the administrators'.
    let demo = cli(delegate, &["demo"]);
    assert_eq!(demo.code, 8, "{}", demo.stderr);
    assert!(demo.stderr.contains("n'a pas le droit"), "{}", demo.stderr);

    let dry = cli(delegate, &["structures", "import", csv.to_str().unwrap(), "--dry-run"]).success();
    assert!(dry.stdout.contains("2 à créer, 0 à mettre à jour, 0 refusée(s)"), "{}", dry.stdout);
    cli(delegate, &["structures", "import", csv.to_str().unwrap()]).success();
    let plan = cli(delegate, &["structures", "import", csv.to_str().unwrap(), "--dry-run", "--json"]).success().json();
    assert_eq!((plan["created"].as_u64(), plan["updated"].as_u64()), (Some(0), Some(2)), "same SIRET / name + commune");

    let listed = cli(delegate, &["structures", "list", "--json"]).success().json();
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Centre social du Lac", "EVS La Ruche"]);
    assert_eq!(listed[0]["insee"], "33063");

    let export = dir.path().join("annuaire.csv");
    cli(delegate, &["structures", "export", export.to_str().unwrap()]).success();
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(exported.contains("Centre social du Lac") && exported.contains("Cadillac-sur-Garonne"), "{exported}");
    cli(delegate, &["privacy", "stale", "--json"]).success();

    // The import is in the activity, signed by the server with the délégué·e's account.
    let activity = cli(delegate, &["activity", "--json"]).success().json();
    let imports: Vec<_> = activity.as_array().unwrap().iter().filter(|e| e["kind"] == "import").collect();
    assert_eq!(imports.len(), 1, "{activity}");
    assert_eq!(imports[0]["author"], user);
    assert_eq!(imports[0]["summary"], "Import de l'annuaire : 2 structures créées, 0 mise à jour");

    // A read-only account reads, and its write is refused by the server.
    let reader_url = cluster.url(READER.0, READER.1, &database);
    let reader = Path::new(&reader_url);
    assert_eq!(cli(reader, &["structures", "list", "--json"]).success().json(), listed);
    let refused = cli(reader, &["structures", "import", csv.to_str().unwrap()]);
    assert_eq!(refused.code, 8, "{}", refused.stderr);
    assert!(refused.stderr.contains("n'a pas le droit"), "{}", refused.stderr);

    // A backup of the team base is a local file holding one consistent snapshot of it, written
    // over an older backup only once complete.
    let backup = dir.path().join("b.fabrique");
    std::fs::write(&backup, "ancienne sauvegarde").unwrap();
    cli(delegate, &["backup", backup.to_str().unwrap()]).success();
    assert_eq!(fabrique_tests::count(&backup), 2);

    // Restoring replaces the whole team base: its owner's work, refused to a délégué·e.
    let restore = cli(delegate, &["restore", backup.to_str().unwrap()]);
    assert_eq!(restore.code, 8, "{}", restore.stderr);
    assert!(restore.stderr.contains("remplacer toute la base d'équipe par une sauvegarde"), "{}", restore.stderr);
    assert!(restore.stderr.contains("Rien n'a été enregistré"), "{}", restore.stderr);
}

#[test]
fn the_demo_reads_and_prints_the_same_on_a_team_base_as_in_a_file() {
    let cluster = shared();
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("locale.sqlite");
    cli(&local, &["demo"]).success();
    // The owner loads the demo into an empty team base, whole.
    let owner_url = cluster.url("postgres", SUPERUSER_PASSWORD, &cluster.prepared_base());
    let owner = Path::new(&owner_url);
    assert!(cli(owner, &["demo"]).success().stdout.contains("49 structures"));

    let commands = [
        &["structures", "list", "--json"][..],
        &["rgpd", "status", "--json"],
        &["privacy", "stale", "--json"],
        &["dossier", "list", "--json"],
    ];
    // The same but for when each was written (the two demos were loaded a moment apart).
    let written_at_removed = |mut json: serde_json::Value| {
        for record in json.as_array_mut().unwrap() {
            record.as_object_mut().unwrap().remove("updated_at");
        }
        json
    };
    for command in commands {
        let (on_team, on_file) = (cli(owner, command).success().json(), cli(&local, command).success().json());
        assert!(!on_file.as_array().unwrap().is_empty(), "{command:?}");
        assert_eq!(written_at_removed(on_team), written_at_removed(on_file), "{command:?}");
    }
    // The survey's figures, read from the server, are the file's.
    let stats = ["survey", "stats", "--wave", "2021", "--json"];
    let (on_team, on_file) = (cli(owner, &stats).success().json(), cli(&local, &stats).success().json());
    assert!(on_file["responses"].as_u64().unwrap() > 0, "{on_file}");
    assert_eq!(on_team, on_file);
    for (command, expected) in [
        (&["survey", "report", "--wave", "2021"][..], "2021"),
        (&["rgpd", "summary"][..], "Avancement moyen"),
        (&["dossier", "pdf", "1"], "Sommaire"),
        (&["dossier", "pdf", "2"], "Sommaire"),
    ] {
        let (from_team, from_file) = (dir.path().join("equipe.pdf"), dir.path().join("fichier.pdf"));
        cli(owner, &[command, &["--out", from_team.to_str().unwrap()]].concat()).success();
        cli(&local, &[command, &["--out", from_file.to_str().unwrap()]].concat()).success();
        let text = pdf_text(&from_team);
        assert!(text.contains(expected), "{command:?}: {text}");
        assert_eq!(text, pdf_text(&from_file), "{command:?}");
    }

    // A délégué·e rates an item from the command line; a second change of another field keeps the first.
    let (user, password) = DELEGATE;
    let delegate_url = owner_url.replace(&format!("postgres:{SUPERUSER_PASSWORD}"), &format!("{user}:{password}"));
    let delegate = Path::new(&delegate_url);
    let centre = cli(delegate, &["rgpd", "status", "--json"]).success().json()[0]["structure_id"].as_i64().unwrap();
    let centre = centre.to_string();
    cli(delegate, &["rgpd", "set", &centre, "gouv-referent", "en_cours", "--note", "Désignée en CA"]).success();
    cli(delegate, &["rgpd", "set", &centre, "gouv-referent", "en_cours", "--due", "2027-03-31"]).success();
    let copy = dir.path().join("copie.sqlite");
    cli(owner, &["team", "copy", copy.to_str().unwrap()]).success();
    let row = fabrique_tests::sqlite(
        &copy,
        &format!("SELECT note || ' / ' || due FROM rgpd_assessments WHERE structure_id = {centre} AND item_id = 'gouv-referent'"),
    );
    assert_eq!(row.trim(), "Désignée en CA / 2027-03-31");
}

/// The README's section for the IT service, step by step, on a server of its own (as on a fresh
/// machine): the base and its owner created with psql, `team init` as that owner, an account
/// added, the federation's local base published, then a délégué·e working on it.
#[test]
fn the_readme_it_section_gives_a_working_team_base() {
    let cluster = postgres_cluster::Cluster::start();
    let mut superuser = cluster.superuser("postgres");
    for sql in [
        "CREATE ROLE fabrique_admin LOGIN CREATEROLE PASSWORD 'un-mot-de-passe-long'",
        "CREATE DATABASE fabrique OWNER fabrique_admin",
    ] {
        superuser.batch_execute(sql).unwrap();
    }
    let owner_url = cluster.url("fabrique_admin", "un-mot-de-passe-long", "fabrique");
    let owner = Path::new(&owner_url);
    let init = cli(owner, &["team", "init"]).success();
    assert!(init.stdout.contains("fabrique_lecture, fabrique_delegation, fabrique_administration"), "{}", init.stdout);

    superuser
        .batch_execute("CREATE ROLE marie LOGIN PASSWORD 'mot-de-passe-de-marie' IN ROLE fabrique_delegation")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("annuaire.sqlite");
    cli(&local, &["demo"]).success();
    cli(owner, &["team", "publish", local.to_str().unwrap()]).success();

    let marie = format!("postgresql://marie@127.0.0.1:{}/fabrique", cluster.port);
    let listed = Command::new(binary("fabrique-cli"))
        .args(["--db", &marie, "structures", "list", "--json"])
        .env("PGPASSWORD", "mot-de-passe-de-marie")
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 49);
    let copy = dir.path().join("copie.sqlite");
    let copied = Command::new(binary("fabrique-cli"))
        .args(["--db", &marie, "team", "copy", copy.to_str().unwrap()])
        .env("PGPASSWORD", "mot-de-passe-de-marie")
        .output()
        .unwrap();
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    assert_eq!(sqlite_dump(&copy), sqlite_dump(&local));

    // An owner without CREATEROLE is told what it lacks.
    for sql in ["CREATE ROLE sans_droit LOGIN PASSWORD 's'", "CREATE DATABASE autre OWNER sans_droit"] {
        superuser.batch_execute(sql).unwrap();
    }
    let refused = cli(Path::new(&cluster.url("sans_droit", "s", "autre")), &["team", "init"]);
    assert_eq!(refused.code, 8, "{}", refused.stderr);
    assert!(refused.stderr.contains("CREATEROLE"), "{}", refused.stderr);
}
