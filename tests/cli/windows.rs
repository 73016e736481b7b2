//! What differs on Windows, run there (under Wine on Linux, see `.ci/windows`): the default data
//! folder, drive letters, backslashes, accents and spaces in paths, network folders, CSV for
//! Excel, and files that another program holds open, which Windows will not replace.

use std::fs::{self, File, OpenOptions};
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// Windows' FILE_SHARE_READ: what Excel grants others on the workbook it shows (no writing, no
/// deleting, hence no renaming over it).
const SHARE_READ_ONLY: u32 = 0x1;

fn held_open_like_excel(path: &Path) -> File {
    OpenOptions::new().read(true).write(true).share_mode(SHARE_READ_ONLY).open(path).unwrap()
}

fn partial_files_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partiel"))
        .collect()
}

/// A folder whose path has a drive letter, backslashes, accents, spaces and « n° ».
fn accented_folder(root: &Path) -> PathBuf {
    let folder = root.join("Été 2026").join("Fédération n°1");
    fs::create_dir_all(&folder).unwrap();
    assert!(folder.to_str().unwrap().as_bytes()[1] == b':' && folder.to_str().unwrap().contains('\\'));
    folder
}

#[test]
fn the_default_base_is_in_the_roaming_application_data_folder() {
    let run: fabrique_tests::Run =
        Command::new(binary("fabrique-cli")).arg("base").env_remove("FABRIQUE_DB").output().unwrap().into();
    let appdata = std::env::var("APPDATA").expect("APPDATA is set on Windows");
    let expected = Path::new(&appdata).join("Fabrique").join("fabrique.sqlite");
    assert_eq!(run.success().stdout.trim(), expected.to_str().unwrap());
}

#[test]
fn paths_with_a_drive_letter_accents_and_spaces_work_for_every_file_the_base_writes_or_reads() {
    let dir = tempfile::tempdir().unwrap();
    let folder = accented_folder(dir.path());
    let db = folder.join("base à jour.sqlite");
    cli(&db, &["demo"]).success();
    assert!(db.is_file());

    let backup = folder.join("sauvegarde d'été.sqlite");
    let saved = cli(&db, &["backup", backup.to_str().unwrap()]).success();
    assert_eq!(saved.stdout.trim(), format!("Sauvegarde écrite : {}", backup.display()));

    let csv = folder.join("annuaire été.csv");
    cli(&db, &["structures", "export", csv.to_str().unwrap()]).success();
    let xlsx = folder.join("annuaire été.xlsx");
    cli(&db, &["structures", "export", xlsx.to_str().unwrap()]).success();
    let listed = cli(&db, &["structures", "list", "--json"]).success().json();
    let reimported = folder.join("réimport.sqlite");
    let plan = cli(&reimported, &["structures", "import", xlsx.to_str().unwrap()]).success();
    assert!(plan.stdout.contains(&listed.as_array().unwrap().len().to_string()), "{}", plan.stdout);

    let dossiers = cli(&db, &["dossier", "list", "--json"]).success().json();
    let id = dossiers[0]["id"].as_i64().unwrap().to_string();
    let pdf = folder.join("dossier n°1 été.pdf");
    cli(&db, &["dossier", "pdf", &id, "--out", pdf.to_str().unwrap()]).success();
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(pdf_text(&pdf).contains("Fédération"), "the PDF reads back");

    let survey = folder.join("export Framaforms é.csv");
    fs::copy(framaforms("export-fr-labels.csv"), &survey).unwrap();
    cli(&db, &["survey", "import", survey.to_str().unwrap(), "--wave", "2026"]).success();

    cli(&db, &["restore", backup.to_str().unwrap()]).success();
    assert!(folder.join("base à jour.sqlite.avant-restauration.bak").is_file());
    assert_eq!(count(&db), listed.as_array().unwrap().len());
}

#[test]
fn forward_slashes_relative_paths_and_verbatim_paths_name_the_same_base() {
    let dir = tempfile::tempdir().unwrap();
    let folder = accented_folder(dir.path());
    let db = folder.join("base.sqlite");
    cli(&db, &["demo"]).success();
    let structures = count(&db);

    let slashes = PathBuf::from(db.to_str().unwrap().replace('\\', "/"));
    assert_eq!(count(&slashes), structures, "C:/…/base.sqlite");
    let verbatim = PathBuf::from(format!(r"\\?\{}", db.display()));
    assert_eq!(count(&verbatim), structures, r"\\?\C:\…\base.sqlite");
    let relative: fabrique_tests::Run = Command::new(binary("fabrique-cli"))
        .args(["--db", r"Fédération n°1\base.sqlite", "structures", "list", "--json"])
        .current_dir(folder.parent().unwrap())
        .env_remove("FABRIQUE_DB")
        .output()
        .unwrap()
        .into();
    assert_eq!(relative.success().json().as_array().unwrap().len(), structures, "relative, with a backslash");
}

#[test]
fn a_base_in_a_network_folder_is_refused_before_anything_is_written() {
    for path in [r"\\serveur\partage\Fabrique\fabrique.sqlite", r"\\?\UNC\serveur\partage\fabrique.sqlite"] {
        let run = cli(Path::new(path), &["structures", "list"]).failure();
        assert_eq!(run.code, 4, "a refused file: {}", run.stderr);
        let folder = Path::new(path).parent().unwrap().display().to_string();
        assert!(run.stderr.contains(&format!("dans un dossier réseau ({folder})")), "{}", run.stderr);
    }
}

#[test]
fn a_csv_export_opens_in_excel_with_its_accents_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    let csv = dir.path().join("annuaire.csv");
    cli(&db, &["structures", "export", csv.to_str().unwrap()]).success();
    let bytes = fs::read(&csv).unwrap();
    // Excel reads a CSV as the system's code page unless it starts with a UTF-8 BOM, and splits
    // columns on the French list separator, « ; ».
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.split(';').count() > 5, "{header}");
    assert!(text.contains("Mérignac"), "accents in UTF-8");
}

#[test]
fn a_file_open_in_another_program_is_not_replaced_and_the_message_says_to_close_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    let csv = dir.path().join("annuaire.csv");
    fs::write(&csv, "ancien").unwrap();
    let backup = dir.path().join("sauvegarde.sqlite");
    fs::write(&backup, "ancienne").unwrap();

    {
        let _excel = held_open_like_excel(&csv);
        let _other = held_open_like_excel(&backup);
        let export = cli(&db, &["structures", "export", csv.to_str().unwrap()]).failure();
        assert!(export.stderr.contains("ouvert dans un autre programme"), "{}", export.stderr);
        assert_eq!(export.code, 6);
        let saved = cli(&db, &["backup", backup.to_str().unwrap()]).failure();
        assert!(saved.stderr.contains("ouvert dans un autre programme"), "{}", saved.stderr);
    }
    assert_eq!(fs::read_to_string(&csv).unwrap(), "ancien", "kept whole");
    assert_eq!(fs::read_to_string(&backup).unwrap(), "ancienne");
    assert_eq!(partial_files_in(dir.path()), Vec::<String>::new(), "no temporary file left");

    // Closed in the other program, the same commands replace it.
    cli(&db, &["structures", "export", csv.to_str().unwrap()]).success();
    assert!(fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
    cli(&db, &["backup", backup.to_str().unwrap()]).success();
    assert_eq!(count(&backup), count(&db));
}

#[test]
fn backup_and_restore_work_while_the_window_holds_the_base_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    // The window keeps its connection for as long as it runs.
    let window = rusqlite::Connection::open(&db).unwrap();
    let structures = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM structures WHERE deleted_at IS NULL", [], |r| r.get(0)).unwrap()
    };
    let before = structures(&window);

    let backup = dir.path().join("sauvegarde.sqlite");
    cli(&db, &["backup", backup.to_str().unwrap()]).success();
    let csv = dir.path().join("nouvelles.csv");
    fs::write(&csv, "Nom;Type;Commune\nEVS du Port;EVS;Bordeaux\n").unwrap();
    cli(&db, &["structures", "import", csv.to_str().unwrap()]).success();
    assert_eq!(structures(&window), before + 1);

    let restored = cli(&db, &["restore", backup.to_str().unwrap()]).success();
    assert!(restored.stdout.contains("Base restaurée"), "{}", restored.stdout);
    assert_eq!(structures(&window), before, "the open connection sees the restored base");
    assert!(dir.path().join("base.sqlite.avant-restauration.bak").is_file());
    assert_eq!(sqlite(&db, "PRAGMA integrity_check").trim(), "ok");
}

#[test]
fn an_old_base_is_upgraded_in_place_while_another_program_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ancienne base.sqlite");
    let frozen =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/store/tests/fixtures/schema-v1.sqlite");
    fs::copy(frozen, &db).unwrap();
    let reader = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let version = |c: &rusqlite::Connection| -> i64 { c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap() };
    assert_eq!(version(&reader), 1);

    cli(&db, &["structures", "list"]).success();
    assert!(version(&reader) > 1, "upgraded in place, seen by the open reader");
    assert!(dir.path().join("ancienne base.sqlite.avant-v1.bak").is_file(), "the copy kept before the upgrade");
    assert_eq!(sqlite(&db, "PRAGMA integrity_check").trim(), "ok");
}
