//! The survey from the command line: every Framaforms fixture to its expected figures, merges by SID, reports, refusals.

use super::*;

/// The ground truth `make_fixtures.py` writes beside the Framaforms fixtures.
fn framaforms_expected() -> Value {
    let text = std::fs::read_to_string(framaforms("expected.json")).expect("expected.json (run make_fixtures.py)");
    serde_json::from_str(&text).expect("expected.json is JSON")
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
    let dump = || sqlite_dump(&db);
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
