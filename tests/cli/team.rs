//! `fabrique-cli --db postgresql://… team …` against a real PostgreSQL server started by the test:
//! prepare a team base, publish a local base into it, copy it back, and the refusals around them.

use std::path::Path;
use std::process::Command;

use fabrique_tests::{binary, cli, sqlite_dump};

#[path = "../../src-tauri/crates/store/tests/common/postgres.rs"]
mod postgres_cluster;

use postgres_cluster::{shared, SUPERUSER_PASSWORD};

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

    // The other commands do not yet work on a team base, and say so rather than creating a folder
    // named « postgresql: » beside the user.
    let work = tempfile::tempdir().unwrap();
    let list = Command::new(binary("fabrique-cli"))
        .args(["--db", &url, "structures", "list"])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&list.stderr);
    assert!(stderr.contains("team copy"), "{stderr}");
    assert!(!stderr.contains(SUPERUSER_PASSWORD), "{stderr}");
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0, "nothing written beside the user");

    let base = cli(Path::new(&url), &["base"]).success();
    assert_eq!(base.stdout.trim(), format!("postgresql://postgres@127.0.0.1:{}/{database}", cluster.port));
}
