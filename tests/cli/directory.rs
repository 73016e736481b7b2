//! The directory from the command line: listing, importing, exporting, backups, personal data.

use super::*;

#[test]
fn demo_then_list_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    let run = cli(&db, &["demo"]).success();
    assert!(run.stdout.contains("49 structures"), "{}", run.stdout);
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 49);
    for key in ["id", "name", "kind", "member", "commune", "insee", "territory"] {
        assert!(rows.iter().all(|r| r.get(key).is_some()), "every row has {key}");
    }
    assert_eq!(rows.iter().filter(|r| r["member"] == true).count(), 34);
    let merignac: Vec<&Value> = rows.iter().filter(|r| r["commune"] == "Mérignac").collect();
    assert!(merignac.iter().all(|r| r["insee"] == "33281" && r["territory"] == "Bordeaux Métropole"));

    let again = cli(&db, &["demo"]).failure();
    assert!(again.stderr.contains("déjà des structures"), "{}", again.stderr);
    assert_eq!(count(&db), 49, "a refused demo load writes nothing");

    let text = cli(&db, &["structures", "list"]).success();
    assert!(text.stdout.contains("34 adhérentes, 15 non adhérentes"), "{}", text.stdout);
}

#[test]
fn db_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite");
    let status =
        std::process::Command::new(binary("fabrique-cli")).args(["demo"]).env("FABRIQUE_DB", &db).status().unwrap();
    assert!(status.success());
    assert_eq!(count(&db), 49);
}

#[test]
fn base_names_the_file_in_use_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dossier à venir").join("base.sqlite");
    let run: fabrique_tests::Run =
        std::process::Command::new(binary("fabrique-cli")).arg("base").env("FABRIQUE_DB", &db).output().unwrap().into();
    assert_eq!(run.success().stdout.trim(), db.to_str().unwrap());
    assert!(!db.parent().unwrap().exists(), "neither the base nor its folder is created");
    assert_eq!(cli(&db, &["base"]).success().stdout.trim(), db.to_str().unwrap(), "--db wins");
}

#[test]
fn import_dry_run_then_real_then_again_updates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    let csv = dir.path().join("structures.csv");
    std::fs::write(&csv, fabrique_tests::TWO_STRUCTURES_CSV).unwrap();
    let dry = cli(&db, &["structures", "import", csv.to_str().unwrap(), "--dry-run"]).success();
    assert!(dry.stdout.contains("2 à créer, 0 à mettre à jour, 0 refusée(s)"), "{}", dry.stdout);
    assert_eq!(count(&db), 0, "--dry-run writes nothing");

    cli(&db, &["structures", "import", csv.to_str().unwrap()]).success();
    assert_eq!(count(&db), 2);
    let plan = cli(&db, &["structures", "import", csv.to_str().unwrap(), "--dry-run", "--json"]).success().json();
    assert_eq!((plan["created"].as_u64(), plan["updated"].as_u64()), (Some(0), Some(2)), "same SIRET / name + commune");
}

#[test]
fn finding_9_bad_files_are_refused_in_french_naming_the_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();

    let too_many = dir.path().join("trop.csv");
    std::fs::write(&too_many, "Nom;Type;Commune\nEVS A;EVS;Pessac\nEVS B;EVS;Pessac;en trop\n").unwrap();
    let run = cli(&db, &["structures", "import", too_many.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("trop.csv") && run.stderr.contains("ligne 3"), "{}", run.stderr);

    let duplicates = dir.path().join("doublons.csv");
    std::fs::write(&duplicates, "Nom;Type;Commune\nEVS A;EVS;Pessac\nEVS B;EVS;Talence\nEVS A;EVS;pessac\n").unwrap();
    let run = cli(&db, &["structures", "import", duplicates.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("ligne 4") && run.stderr.contains("doublon de la ligne 2"), "{}", run.stderr);

    let no_name = dir.path().join("sans-nom.csv");
    std::fs::write(&no_name, "Structure inconnue;Ville\nA;Pessac\n").unwrap();
    let run = cli(&db, &["structures", "import", no_name.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("sans-nom.csv") && run.stderr.contains("« Nom »"), "{}", run.stderr);

    let random = dir.path().join("aleatoire.csv");
    let mut state = 0x2545F4914F6CDD1Du64;
    let bytes: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(&random, bytes).unwrap();
    let run = cli(&db, &["structures", "import", random.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("aleatoire.csv"), "{}", run.stderr);

    assert_eq!(count(&db), 49, "no refused import wrote anything");
}

#[test]
fn export_neutralises_formulas_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "Nom;Type;Commune;Notes\nEVS Formule;EVS;Pessac;=HYPERLINK(\"http://exemple\")\n").unwrap();
    cli(&db, &["structures", "import", csv.to_str().unwrap()]).success();

    let out = dir.path().join("annuaire.csv");
    cli(&db, &["structures", "export", out.to_str().unwrap()]).success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM so spreadsheets read accents right");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(!text.contains(";=HYPERLINK") && !text.contains(";\"=HYPERLINK"), "{text}");

    let xlsx = dir.path().join("annuaire.xlsx");
    cli(&db, &["structures", "export", xlsx.to_str().unwrap()]).success();
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "an XLSX is a zip");
    let plan = cli(&db, &["structures", "import", xlsx.to_str().unwrap(), "--dry-run", "--json"]).success().json();
    assert_eq!((plan["created"].as_u64(), plan["updated"].as_u64()), (Some(0), Some(1)));

    let bad = dir.path().join("annuaire.pdf");
    let run = cli(&db, &["structures", "export", bad.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("annuaire.pdf") && run.stderr.contains("CSV ou XLSX"), "{}", run.stderr);
}

#[test]
fn backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let backup = dir.path().join("sauvegarde.fabrique");
    cli(&db, &["backup", backup.to_str().unwrap()]).success();

    let other = dir.path().join("autre.sqlite");
    cli(&other, &["restore", backup.to_str().unwrap()]).success();
    assert_eq!(count(&other), 49);

    let junk = dir.path().join("pas-une-base.fabrique");
    std::fs::write(&junk, "bonjour").unwrap();
    let run = cli(&db, &["restore", junk.to_str().unwrap()]).failure();
    assert!(run.stderr.contains("pas-une-base.fabrique"), "{}", run.stderr);
    assert_eq!(count(&db), 49);
}

#[test]
fn personal_data_export_and_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let stale = cli(&db, &["people", "stale", "--json"]).success().json();
    let first = stale.as_array().unwrap().first().expect("the demo has people collected over three years ago").clone();
    let id = first["person_id"].as_i64().unwrap().to_string();
    let exported = cli(&db, &["people", "export", &id]).success();
    assert!(exported.stdout.contains(first["full_name"].as_str().unwrap().split(' ').next().unwrap()));
    cli(&db, &["people", "erase", &id]).success();
    let run = cli(&db, &["people", "export", &id]).failure();
    assert!(!run.stderr.is_empty());
}
