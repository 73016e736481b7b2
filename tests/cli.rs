//! The command line, run as a user or a script would: real binary, real files, real database.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fabrique_core::survey::parse::submission_columns::ip_address_in;
use fabrique_tests::{binary, cli, count, sqlite};
use serde_json::Value;

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
fn import_dry_run_then_real_then_again_updates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    let csv = dir.path().join("structures.csv");
    std::fs::write(
        &csv,
        "Nom;Type;Commune;SIRET;Adhérente;Étiquettes\n\
         Centre social du Lac;Centre social;Bordeaux;732 829 320 00074;oui;Numérique, Jeunesse\n\
         EVS La Ruche;EVS;Cadillac-sur-Garonne;;non;\n",
    )
    .unwrap();
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

/// The text of a PDF as `pdftotext` reads it (poppler-utils), page breaks included.
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn dossier_rows(db: &Path) -> Vec<Value> {
    cli(db, &["dossier", "list", "--json"]).success().json().as_array().unwrap().clone()
}

#[test]
fn demo_dossiers_list_and_a_new_one_from_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let rows = dossier_rows(&db);
    assert_eq!(rows.len(), 2);
    for key in ["id", "title", "structure_id", "template", "completeness"] {
        assert!(rows.iter().all(|r| r.get(key).is_some()), "every row has {key}: {rows:?}");
    }
    let federation = rows.iter().find(|r| r["structure_id"].is_null()).expect("the federation's dossier");
    assert_eq!(federation["title"], "Inclusion numérique dans les centres sociaux de Gironde");
    assert_eq!(federation["template"], "ailds");
    assert_eq!(federation["completeness"], 100);
    let draft = rows.iter().find(|r| r["structure_id"].is_i64()).expect("a centre's draft");
    assert!(draft["completeness"].as_u64().unwrap() < 100, "{draft}");

    let structures = cli(&db, &["structures", "list", "--json"]).success().json();
    let centre = structures.as_array().unwrap().iter().find(|s| s["kind"] == "centre_social").unwrap().clone();
    let id = centre["id"].as_i64().unwrap().to_string();
    let created = cli(&db, &["dossier", "new", "--template", "ailds", "--structure", &id, "--json"]).success().json();
    assert!(created.is_object(), "{created}");
    assert_eq!(created["structure_id"], centre["id"]);
    assert_eq!(created["template"], "ailds");
    assert!(created["title"].as_str().unwrap().contains(centre["name"].as_str().unwrap()), "{created}");
    assert!(created["completeness"].as_u64().unwrap() < 100, "a fresh template is far from complete: {created}");
    let rows = dossier_rows(&db);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| r["id"] == created["id"] && r["completeness"] == created["completeness"]));

    let run = cli(&db, &["dossier", "new", "--template", "inconnu", "--structure", &id]).failure();
    assert!(run.stderr.contains("le modèle « inconnu » est introuvable"), "{}", run.stderr);
    let run = cli(&db, &["dossier", "new", "--template", "ailds", "--structure", "99999"]).failure();
    assert!(run.stderr.contains("n° 99999 est introuvable"), "{}", run.stderr);
    let run = cli(&db, &["dossier", "new", "--template", "ailds", "--structure", "Beaudésert"]).failure();
    assert!(run.stderr.contains("n'est pas un identifiant de structure"), "{}", run.stderr);
    let run = cli(&db, &["dossier", "new", "--template", "ailds", "--structure", "federation", "--funder", "banque"])
        .failure();
    assert!(run.stderr.contains("financeur « banque » inconnu"), "{}", run.stderr);
    assert_eq!(dossier_rows(&db).len(), 3, "refused dossiers write nothing");
}

#[test]
fn dossier_pdfs_have_contents_page_numbers_accents_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let rows = dossier_rows(&db);
    let id_of = |federation: bool| {
        rows.iter().find(|r| r["structure_id"].is_null() == federation).unwrap()["id"].as_i64().unwrap().to_string()
    };

    let pdf = dir.path().join("fédération.pdf");
    let run = cli(&db, &["dossier", "pdf", &id_of(true), "--out", pdf.to_str().unwrap()]).success();
    assert!(run.stdout.contains("PDF écrit"), "{}", run.stdout);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    assert!(bytes.len() < 200 * 1024, "{} bytes: fonts subset, fit for an e-mail", bytes.len());
    let text = pdf_text(&pdf);
    for expected in [
        "Inclusion numérique dans les",
        "centres sociaux de Gironde",
        "Sommaire",
        "Fédération",
        "bénévoles",
        "€",
        "Le budget du projet",
        "Claire Durand, Présidente",
    ] {
        assert!(text.contains(expected), "« {expected} » missing from the PDF:\n{text}");
    }
    // The title as a running footer, unbroken.
    assert!(text.contains("Inclusion numérique dans les centres sociaux de Gironde"), "{text}");
    let numbered: Vec<&str> = text.lines().filter(|l| l.starts_with("page ") && l.contains(" / ")).collect();
    assert!(numbered.iter().any(|l| l.starts_with("page 2 / ")), "{numbered:?}");
    let total = numbered[0].rsplit(" / ").next().unwrap().trim();
    assert!(numbered.iter().all(|l| l.ends_with(&format!(" / {total}"))), "one total on every page: {numbered:?}");
    assert!(total.parse::<u32>().unwrap() >= 3, "{numbered:?}");
    assert!(!text.contains('⟦'), "a complete dossier has no unresolved placeholder");

    // The draft quotes the survey: its figures come from the demo wave.
    let draft = dir.path().join("brouillon.pdf");
    cli(&db, &["dossier", "pdf", &id_of(false), "--out", draft.to_str().unwrap()]).success();
    let text = pdf_text(&draft);
    let responses = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json()["responses"].clone();
    assert!(text.contains(&format!("{responses} structures ont répondu")), "{text}");
    assert!(text.contains("Atelier numérique itinérant"), "{text}");

    let run = cli(&db, &["dossier", "pdf", "4242", "--out", dir.path().join("x.pdf").to_str().unwrap()]).failure();
    assert!(run.stderr.contains("Le dossier n° 4242 est introuvable"), "{}", run.stderr);
    assert!(!dir.path().join("x.pdf").exists(), "no file for a refused export");
}

fn framaforms(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/store/tests/fixtures/framaforms").join(name)
}

/// The ground truth `make_fixtures.py` writes beside the Framaforms fixtures.
fn framaforms_expected() -> Value {
    let text = std::fs::read_to_string(framaforms("expected.json")).expect("expected.json (run make_fixtures.py)");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn import_survey(db: &Path, file: &Path, wave: &str) -> fabrique_tests::Run {
    cli(db, &["survey", "import", file.to_str().unwrap(), "--wave", wave, "--json"])
}

/// `survey stats` as (label → (kind, answered, option label → count)).
type Figures = BTreeMap<String, (String, u64, BTreeMap<String, u64>)>;

fn figures(questions: &Value) -> Figures {
    questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let options = q["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["label"].as_str().unwrap().to_string(), o["count"].as_u64().unwrap()))
                .collect();
            (
                q["label"].as_str().unwrap().to_string(),
                (q["kind"].as_str().unwrap().to_string(), q["answered"].as_u64().unwrap(), options),
            )
        })
        .collect()
}

/// The differences between the figures of `survey stats` and the expected ones, one line each.
fn figure_differences(file: &str, got: &Value, want_responses: u64, want_questions: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if got["responses"].as_u64() != Some(want_responses) {
        out.push(format!("{file}: {} response(s), want {want_responses}", got["responses"]));
    }
    let (got, want) = (figures(&got["questions"]), figures(want_questions));
    for label in got.keys().chain(want.keys()).collect::<BTreeSet<_>>() {
        match (got.get(label), want.get(label)) {
            (Some(g), Some(w)) if g == w => {}
            (g, w) => out.push(format!("{file}: « {label} »\n    got  {g:?}\n    want {w:?}")),
        }
    }
    out
}

/// Every text stored in every column of every table of the base.
fn stored_texts(db: &Path) -> Vec<(String, String)> {
    let tables = sqlite(db, &["SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"]);
    let mut out = Vec::new();
    for table in tables.lines().filter(|t| !t.is_empty()) {
        let json = sqlite(db, &["-json", &format!("SELECT * FROM \"{}\"", table.replace('"', "\"\""))]);
        if json.trim().is_empty() {
            continue;
        }
        let rows: Value = serde_json::from_str(&json).expect("sqlite3 -json");
        for row in rows.as_array().unwrap() {
            for (column, value) in row.as_object().unwrap() {
                if let Value::String(text) = value {
                    out.push((format!("{table}.{column}"), text.clone()));
                }
            }
        }
    }
    out
}

/// Where the base (its file, and any journal beside it) holds a personal value or something that
/// looks like an IP address: the raw bytes, then every text column.
fn personal_data_in_base(db: &Path, personal: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let dir = db.parent().unwrap();
    let stem = db.file_name().unwrap().to_str().unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.starts_with(stem) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for value in personal {
            if bytes.windows(value.len()).any(|w| w == value.as_bytes()) {
                found.push(format!("the bytes of {name} hold « {value} »"));
            }
        }
        // The printable stretches of the file, where stored text lives.
        let printable: String = bytes.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { ' ' }).collect();
        for word in printable.split(' ').filter(|w| w.len() >= 3) {
            if let Some(ip) = ip_address_in(word) {
                found.push(format!("the bytes of {name} hold « {ip} », which looks like an IP address"));
            }
        }
    }
    for (column, text) in stored_texts(db) {
        for value in personal {
            if text.contains(value.as_str()) {
                found.push(format!("{column} holds « {value} »"));
            }
        }
        if let Some(ip) = ip_address_in(&text) {
            found.push(format!("{column} holds « {ip} », which looks like an IP address"));
        }
    }
    found
}

#[test]
fn survey_fixtures_import_to_their_expected_figures_and_store_no_personal_data() {
    let expected = framaforms_expected();
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for (i, f) in expected["fixtures"].as_array().unwrap().iter().enumerate() {
        let file = f["file"].as_str().unwrap();
        let base = dir.path().join(format!("base-{i}"));
        std::fs::create_dir(&base).unwrap();
        let db = base.join("enquete.sqlite");
        let run = import_survey(&db, &framaforms(file), "2021");
        if run.code != 0 {
            problems.push(format!("{file}: refused: {}", run.stderr.trim()));
            continue;
        }
        let report = run.json();
        let (responses, drafts) = (f["responses"].as_u64().unwrap(), f["drafts"].as_u64().unwrap());
        if report["imported"].as_u64() != Some(responses + drafts) || report["drafts"].as_u64() != Some(drafts) {
            problems.push(format!("{file}: imported {report}, want {} with {drafts} draft(s)", responses + drafts));
        }
        if report["dropped_columns"] != f["dropped_columns"] {
            problems.push(format!("{file}: dropped {}, want {}", report["dropped_columns"], f["dropped_columns"]));
        }
        let stats = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json();
        problems.extend(figure_differences(file, &stats, responses, &f["questions"]));
        let with_drafts = cli(&db, &["survey", "stats", "--wave", "2021", "--drafts", "--json"]).success().json();
        if with_drafts["responses"].as_u64() != Some(responses + drafts) {
            problems.push(format!("{file}: {} response(s) with drafts", with_drafts["responses"]));
        }
        let personal: Vec<String> =
            f["personal_values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        problems.extend(personal_data_in_base(&db, &personal).into_iter().map(|p| format!("{file}: {p}")));
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn survey_later_export_merges_by_sid() {
    let expected = framaforms_expected();
    let merge = &expected["merge"];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enquete.sqlite");
    let first = framaforms(merge["first"].as_str().unwrap());
    let later = framaforms(merge["later"].as_str().unwrap());
    import_survey(&db, &first, "2021").success();
    let report = import_survey(&db, &later, "2021").success().json();
    let counts = |r: &Value| (r["imported"].as_u64(), r["updated"].as_u64(), r["unchanged"].as_u64());
    assert_eq!(
        counts(&report),
        (merge["imported"].as_u64(), merge["updated"].as_u64(), merge["unchanged"].as_u64()),
        "new submissions added, the edited one updated, the others left: {report}"
    );
    let stats = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json();
    let differences =
        figure_differences("after the merge", &stats, merge["responses"].as_u64().unwrap(), &merge["questions"]);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    let with_drafts = cli(&db, &["survey", "stats", "--wave", "2021", "--drafts", "--json"]).success().json();
    let total = merge["responses"].as_u64().unwrap() + merge["drafts"].as_u64().unwrap();
    assert_eq!(with_drafts["responses"].as_u64(), Some(total), "no submission is duplicated");

    // The same file again changes nothing.
    let again = import_survey(&db, &later, "2021").success().json();
    assert_eq!(counts(&again), (Some(0), Some(0), Some(6)), "{again}");
    let after = cli(&db, &["survey", "stats", "--wave", "2021", "--drafts", "--json"]).success().json();
    assert_eq!(after, with_drafts);
}

#[test]
fn survey_import_reports_what_it_did_and_prints_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enquete.sqlite");
    let report = import_survey(&db, &framaforms("export-en-labels.tsv"), "2021").success().json();
    assert_eq!(report["imported"], 14, "{report}");
    assert_eq!(report["updated"], 0);
    assert_eq!(report["drafts"], 2);
    assert_eq!(report["dropped_columns"], serde_json::json!(["IP Address", "UID", "Username"]));

    let stats = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json();
    assert_eq!(stats["wave"], "2021");
    assert_eq!(stats["responses"], 12, "the drafts are left out: {stats}");
    let questions = stats["questions"].as_array().unwrap();
    let by_label = |label: &str| questions.iter().find(|q| q["label"] == label).unwrap_or_else(|| panic!("{label}"));
    let tools = by_label("Outils de communication utilisés");
    assert_eq!(tools["kind"], "multi");
    let options: Vec<&str> =
        tools["options"].as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap()).collect();
    assert_eq!(
        options,
        ["Site internet", "Facebook", "Instagram", "Lettre d'information", "Autre"],
        "the form's order; the 'other' column is no declared option, its typed answers count as « Autre », last"
    );
    let kind = by_label("Type de structure");
    assert_eq!(kind["kind"], "single");
    let counts: u64 = kind["options"].as_array().unwrap().iter().map(|o| o["count"].as_u64().unwrap()).sum();
    assert_eq!(counts, kind["answered"].as_u64().unwrap());
    for q in questions {
        for key in ["label", "kind", "answered", "options"] {
            assert!(q.get(key).is_some(), "{key} in {q}");
        }
    }
    let text = cli(&db, &["survey", "stats", "--wave", "2021"]).success();
    assert!(text.stdout.contains("Vague « 2021 » : 12 réponse(s)"), "{}", text.stdout);

    let pdf = dir.path().join("photographie.pdf");
    cli(&db, &["survey", "report", "--wave", "2021", "--out", pdf.to_str().unwrap()]).success();
    let text = pdf_text(&pdf);
    assert!(text.contains("Photographie des pratiques numériques"), "{text}");
    assert!(text.contains("Outils de communication utilisés") && text.contains('%'), "{text}");
}

#[test]
fn bad_survey_files_are_refused_in_french_and_leave_the_base_as_it_was() {
    let expected = framaforms_expected();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enquete.sqlite");
    import_survey(&db, &framaforms("export-fr-labels.csv"), "2021").success();
    let dump = || sqlite(&db, &[".dump"]);
    let before = (dump(), cli(&db, &["survey", "stats", "--wave", "2021", "--drafts", "--json"]).success().json());
    let mut problems = Vec::new();
    for bad in expected["bad"].as_array().unwrap() {
        let file = bad["file"].as_str().unwrap();
        let run = cli(&db, &["survey", "import", framaforms(file).to_str().unwrap(), "--wave", "2021"]);
        if run.code == 0 {
            problems.push(format!("{file}: imported instead of refused: {}", run.stdout.trim()));
            continue;
        }
        let place = match bad["line"].as_u64() {
            Some(line) => format!("Fichier « {file} », ligne {line}"),
            None => format!("Fichier « {file} »"),
        };
        if !run.stderr.contains(&place) {
            problems.push(format!("{file}: the message should name « {place} »: {}", run.stderr.trim()));
        }
        let lower = run.stderr.to_lowercase();
        if !["fichier", "ligne", "colonne", "export", "n'est", "aucune"].iter().any(|w| lower.contains(w))
            || lower.contains(" the ")
        {
            problems.push(format!("{file}: not a French message: {}", run.stderr.trim()));
        }
    }
    let after = (dump(), cli(&db, &["survey", "stats", "--wave", "2021", "--drafts", "--json"]).success().json());
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(before == after, "a refused import wrote to the base");
    let run = cli(&db, &["survey", "stats", "--wave", "1999", "--json"]).failure();
    assert!(run.stderr.contains("aucune vague « 1999 »"), "{}", run.stderr);
}

#[test]
fn rgpd_status_set_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rgpd.sqlite");
    cli(&db, &["structures", "list"]).success();
    let structures = {
        cli(&db, &["demo"]).success();
        cli(&db, &["structures", "list", "--json"]).success().json()
    };
    let status = cli(&db, &["rgpd", "status", "--json"]).success().json();
    let rows = status.as_array().unwrap();
    assert_eq!(rows.len(), structures.as_array().unwrap().len());
    for row in rows {
        for key in ["structure_id", "name", "progress", "overdue", "steps"] {
            assert!(row.get(key).is_some(), "{key} in {row}");
        }
        assert_eq!(row["steps"].as_array().unwrap().len(), 6);
        assert!(row["progress"].as_u64().unwrap() <= 100);
    }
    assert!(rows.iter().any(|r| r["overdue"].as_u64().unwrap() > 0), "the demo has overdue actions");

    // A structure the demo did not assess: rating items moves its progress.
    let fresh = rows.iter().find(|r| r["progress"] == 0 && r["overdue"] == 0).expect("an unassessed structure");
    let structure_id = fresh["structure_id"].as_i64().unwrap();
    let id = structure_id.to_string();
    let progress_of = |db: &Path| {
        let all = cli(db, &["rgpd", "status", "--json"]).success().json();
        all.as_array().unwrap().iter().find(|r| r["structure_id"].as_i64() == Some(structure_id)).unwrap().clone()
    };
    cli(&db, &["rgpd", "set", &id, "gouv-referent", "conforme", "--note", "Désignée en CA"]).success();
    cli(&db, &["rgpd", "set", &id, "transparence-cookies", "non_applicable", "--note", "Pas de site web"]).success();
    cli(&db, &["rgpd", "set", &id, "securite-sauvegardes", "en_cours", "--due", "2020-01-31"]).success();
    let row = progress_of(&db);
    assert!(row["progress"].as_u64().unwrap() > 0, "{row}");
    assert_eq!(row["overdue"], 1, "a past due date is overdue: {row}");
    let gouvernance = row["steps"].as_array().unwrap().iter().find(|s| s["step"] == "gouvernance").unwrap().clone();
    assert!(gouvernance["progress"].as_u64().unwrap() > 0, "{row}");

    let run = cli(&db, &["rgpd", "set", &id, "gouv-referent", "termine"]).failure();
    assert!(run.stderr.contains("statut « termine » inconnu"), "{}", run.stderr);
    let run = cli(&db, &["rgpd", "set", &id, "gouv-dpo", "non_applicable"]).failure();
    assert!(run.stderr.contains("pourquoi"), "{}", run.stderr);
    let run = cli(&db, &["rgpd", "set", &id, "gouv-dpo", "conforme", "--due", "31/01/2027"]).failure();
    assert!(run.stderr.contains("AAAA-MM-JJ"), "{}", run.stderr);
    assert_eq!(progress_of(&db), row, "refused changes write nothing");

    let pdf = dir.path().join("rgpd.pdf");
    cli(&db, &["rgpd", "report", &id, "--out", pdf.to_str().unwrap()]).success();
    let text = pdf_text(&pdf);
    assert!(text.contains("Conformité au RGPD"), "{text}");
    assert!(text.contains("Plan d'action") || text.contains("Plan d’action"), "{text}");
    assert!(text.contains("Pas de site web"), "the reason is printed: {text}");
    assert!(text.contains("Désignée en CA") || text.contains("Conforme"), "{text}");
}

/// A PDF's text on one line, spaces of every kind made plain, so a sentence broken across lines
/// still reads whole.
fn flat_pdf_text(pdf: &Path) -> String {
    pdf_text(pdf).replace(['\u{a0}', '\u{202f}'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "67,3 %": a share in thousandths, as dossiers print it.
fn permille_text(part: u64, whole: u64) -> String {
    let permille = (part * 1000 + whole / 2) / whole;
    if permille.is_multiple_of(10) {
        format!("{} %", permille / 10)
    } else {
        format!("{},{} %", permille / 10, permille % 10)
    }
}

fn form_id(db: &Path, title_part: &str) -> String {
    let forms = cli(db, &["survey", "forms", "--json"]).success().json();
    forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().contains(title_part))
        .unwrap_or_else(|| panic!("{title_part} in {forms}"))["id"]
        .to_string()
}

#[test]
fn several_forms_keep_their_waves_and_commands_name_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deux enquêtes.sqlite");
    cli(&db, &["demo"]).success();
    let demo_responses =
        cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json()["responses"].clone();
    cli(&db, &["survey", "import", framaforms("export-fr.xlsx").to_str().unwrap(), "--wave", "2021"]).success();

    let forms = cli(&db, &["survey", "forms", "--json"]).success().json();
    let forms = forms.as_array().unwrap();
    assert_eq!(forms.len(), 2, "{forms:?}");
    assert_eq!(forms[0]["title"], "Pratiques numériques des centres sociaux et EVS de Gironde", "the demo's first");
    assert_eq!(forms[1]["title"], "Enquête sur les pratiques numériques des centres sociaux");
    for form in forms {
        let waves: Vec<&str> = form["waves"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
        assert_eq!(waves, ["2021"], "{form}");
    }
    let text = cli(&db, &["survey", "forms"]).success().stdout;
    assert!(
        text.contains("Enquête sur les pratiques numériques des centres sociaux") && text.contains("2 formulaire(s)"),
        "{text}"
    );

    let demo = form_id(&db, "EVS de Gironde");
    let other = form_id(&db, "Enquête sur les pratiques");
    let stats =
        |form: &str| cli(&db, &["survey", "stats", "--wave", "2021", "--form", form, "--json"]).success().json();
    assert_eq!(stats(&demo)["responses"], demo_responses, "the demo wave is still reachable");
    let imported = stats(&other);
    assert_eq!(imported["responses"], 12, "drafts left out");
    let dates = imported["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "date")
        .unwrap_or_else(|| panic!("a date question in {imported}"))
        .clone();
    assert!(dates["dates"]["first"].as_str().unwrap() <= dates["dates"]["last"].as_str().unwrap(), "{dates}");
    assert!(dates["options"].as_array().unwrap().iter().any(|o| o["label"] == "juin 2021"), "{dates}");

    let run = cli(&db, &["survey", "stats", "--wave", "2021", "--form", "4242"]).failure();
    assert!(run.stderr.contains("aucun formulaire n° 4242"), "{}", run.stderr);
    let run = cli(&db, &["survey", "stats", "--wave", "2023", "--form", &demo]).failure();
    assert!(run.stderr.contains("n'a pas de vague « 2023 »"), "{}", run.stderr);
    let pdf = dir.path().join("photographie démo.pdf");
    cli(&db, &["survey", "report", "--wave", "2021", "--form", &demo, "--out", pdf.to_str().unwrap()]).success();
    assert!(flat_pdf_text(&pdf).contains("Pratiques numériques des centres sociaux et EVS de Gironde"));
}

#[test]
fn the_demo_dossier_quotes_the_demo_waves_own_figures_whatever_is_imported_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let stats = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json();
    let responses = stats["responses"].as_u64().unwrap();
    let directory = cli(&db, &["structures", "list", "--json"]).success().json().as_array().unwrap().len() as u64;
    let support = stats["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["label"] == "Proposez-vous un accompagnement numérique ?")
        .expect("the support question")
        .clone();
    let yes =
        support["options"].as_array().unwrap().iter().find(|o| o["label"] == "Oui").unwrap()["count"].as_u64().unwrap();
    let expected = format!(
        "{responses} structures ont répondu, soit un taux de réponse de {}.",
        permille_text(responses, directory)
    );
    let share = format!("montrent que {} des centres", permille_text(yes, support["answered"].as_u64().unwrap()));

    let federation = dossier_rows(&db).iter().find(|r| r["structure_id"].is_null()).unwrap()["id"].to_string();
    let pdf = dir.path().join("fédération.pdf");
    let print = |out: &Path, id: &str| {
        cli(&db, &["dossier", "pdf", id, "--out", out.to_str().unwrap()]).success();
        flat_pdf_text(out)
    };
    let text = print(&pdf, &federation);
    assert!(text.contains(&expected), "« {expected} » missing:\n{text}");
    assert!(text.contains(&share), "« {share} » missing:\n{text}");

    // Importing another survey changes nothing in what the dossier says.
    cli(&db, &["survey", "import", framaforms("export-fr.xlsx").to_str().unwrap(), "--wave", "2022"]).success();
    assert!(print(&pdf, &federation).contains(&expected));

    // A dossier citing the other survey quotes its figures.
    let other = form_id(&db, "Enquête sur les pratiques");
    let created =
        cli(&db, &["dossier", "new", "--template", "ailds", "--structure", "federation", "--form", &other, "--json"])
            .success()
            .json();
    let cited = print(&dir.path().join("autre.pdf"), &created["id"].to_string());
    assert!(cited.contains("12 structures ont répondu"), "{cited}");
    let run =
        cli(&db, &["dossier", "new", "--template", "ailds", "--structure", "federation", "--form", "4242"]).failure();
    assert!(run.stderr.contains("aucun formulaire n° 4242"), "{}", run.stderr);
}

#[test]
fn finding_2_four_commands_writing_at_once_all_succeed_and_keep_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    let rows = cli(&db, &["rgpd", "status", "--json"]).success().json();
    let fresh = rows.as_array().unwrap().iter().find(|r| r["progress"] == 0 && r["overdue"] == 0).unwrap();
    let id = fresh["structure_id"].as_i64().unwrap().to_string();
    let export = framaforms("export-fr-labels.csv");
    for round in 0..3 {
        let owner = format!("Aline {round}");
        let note = format!("Désignée en CA ({round})");
        let due = format!("2027-01-{:02}", round + 10);
        let wave = format!("vague {round}");
        let commands: [Vec<&str>; 4] = [
            vec!["rgpd", "set", &id, "gouv-referent", "en_cours", "--note", &note],
            vec!["rgpd", "set", &id, "gouv-referent", "en_cours", "--owner", &owner],
            vec!["rgpd", "set", &id, "securite-sauvegardes", "en_cours", "--due", &due],
            vec!["survey", "import", export.to_str().unwrap(), "--wave", &wave],
        ];
        let running: Vec<_> = commands.iter().map(|args| fabrique_tests::spawn_cli(&db, args)).collect();
        for (child, args) in running.into_iter().zip(&commands) {
            let run: fabrique_tests::Run = child.wait_with_output().unwrap().into();
            assert_eq!(run.code, 0, "{args:?} failed while the others wrote: {}", run.stderr);
        }
        let item = |item: &str, columns: &str| {
            sqlite(
                &db,
                &[&format!("SELECT {columns} FROM rgpd_assessments WHERE structure_id = {id} AND item_id = '{item}'")],
            )
        };
        assert_eq!(item("gouv-referent", "note, owner").trim(), format!("{note}|{owner}"), "neither change lost");
        assert_eq!(item("securite-sauvegardes", "due").trim(), due);
    }
    let forms = cli(&db, &["survey", "forms", "--json"]).success().json();
    let waves: usize = forms.as_array().unwrap().iter().map(|f| f["waves"].as_array().unwrap().len()).sum();
    assert_eq!(waves, 4, "the demo wave and the three imported");
}

/// Runs the command line with its standard output closed before it writes a line (the reader of
/// `fabrique-cli … | head -1` gone).
fn with_stdout_closed(db: &Path, args: &[&str]) -> fabrique_tests::Run {
    let mut child = fabrique_tests::spawn_cli(db, args);
    drop(child.stdout.take());
    child.wait_with_output().unwrap().into()
}

#[test]
fn finding_8_a_closed_pipe_ends_the_output_quietly_and_the_work_is_still_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    let listed = with_stdout_closed(&db, &["structures", "list", "--json"]);
    assert_eq!((listed.code, listed.stderr.as_str()), (0, ""), "no panic, no message");

    let csv = dir.path().join("nouvelles.csv");
    std::fs::write(&csv, "Nom;Type;Commune\nEVS du Tube;EVS;Pessac\nCentre social de la Pipe;CS;Talence\n").unwrap();
    let before = count(&db);
    let imported = with_stdout_closed(&db, &["structures", "import", csv.to_str().unwrap()]);
    assert_eq!((imported.code, imported.stderr.as_str()), (0, ""));
    assert_eq!(count(&db), before + 2, "the import is applied though its report could not be read");
}

#[test]
fn finding_3_the_apps_own_export_with_one_bad_byte_is_refused_at_that_line_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    cli(&db, &["demo"]).success();
    let export = dir.path().join("annuaire.csv");
    cli(&db, &["structures", "export", export.to_str().unwrap()]).success();
    let mut bytes = std::fs::read(&export).unwrap();
    let third_line = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1;
    bytes.insert(third_line + 3, 0xFF);
    std::fs::write(&export, &bytes).unwrap();

    let other = dir.path().join("autre.sqlite");
    let refused = cli(&other, &["structures", "import", export.to_str().unwrap()]).failure();
    assert!(
        refused
            .stderr
            .contains("Fichier « annuaire.csv », ligne 3 : le caractère n° 4 de la ligne n'est pas de l'UTF-8"),
        "{}",
        refused.stderr
    );
    assert_eq!(count(&other), 0, "nothing imported, no mojibake stored");
}

/// A disk of `size` of its own: a tmpfs mounted for the test, which takes the rights of the system's
/// administrator (as in CI); elsewhere the test says it did not run.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("NON EXÉCUTÉ : monter un petit disque (tmpfs) demande les droits d'administrateur.");
        }
        mounted.then_some(SmallDisk(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0.path()).status();
    }
}

/// Findings 4 and 9 of the robustness review: the demo on a full disk left a part of itself, and a
/// workbook export to a full disk printed the zip library's English complaint.
#[test]
fn finding_4_and_9_a_full_disk_leaves_the_base_whole_and_is_named_in_french() {
    let Some(disk) = SmallDisk::mount("400k") else { return };
    let db = disk.path().join("base.sqlite");
    cli(&db, &["structures", "list"]).success();
    let demo = cli(&db, &["demo"]).failure();
    assert!(
        demo.stderr.contains("Le disque est plein : rien n'a été enregistré pendant le chargement de la démonstration"),
        "{}",
        demo.stderr
    );
    assert_eq!(count(&db), 0, "nothing of the demo is left");
    assert_eq!(sqlite(&db, &["PRAGMA integrity_check"]).trim(), "ok");

    let elsewhere = tempfile::tempdir().unwrap();
    let full = elsewhere.path().join("base.sqlite");
    cli(&full, &["demo"]).success();
    let room = fs_available(disk.path());
    std::fs::write(disk.path().join("remplissage"), vec![0u8; room.saturating_sub(4096) as usize]).unwrap();
    for name in ["annuaire.xlsx", "annuaire.csv"] {
        let out = disk.path().join(name);
        let run = cli(&full, &["structures", "export", out.to_str().unwrap()]).failure();
        assert!(
            run.stderr.contains(&format!("« {} » : le disque est plein. Libérez de la place", out.display())),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("ZipWriter") && !run.stderr.contains("No space"), "{}", run.stderr);
        assert!(!out.exists(), "no partial {name}");
    }
    let left: Vec<_> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with("base.sqlite"))
        .collect();
    assert_eq!(left, ["remplissage"], "no temporary file left");
}

/// Free bytes on the file system holding `path`, as `df` reports them.
fn fs_available(path: &Path) -> u64 {
    let out = std::process::Command::new("df").args(["--output=avail", "-B1"]).arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().nth(1).unwrap().trim().parse().unwrap()
}
