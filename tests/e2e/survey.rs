//! The survey in the real window: an export imported, charted and reported; two forms side by side.

use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_framaforms_export_is_imported_charted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enquete.sqlite");
    cli(&db, &["structures", "list"]).success();
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/store/tests/fixtures/framaforms");
    let export = fixtures.join("export-fr-labels.csv");
    let report = dir.path().join("photographie 2021.pdf");
    let figures = dir.path().join("chiffres.xlsx");
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, format!("{}\n{}\n{}\n", export.display(), report.display(), figures.display())).unwrap();

    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-survey]"));
    session.wait_for("[data-testid=survey-empty]");
    session.click(&session.wait_for("[data-testid=survey-import]"));
    let facts = session.wait_until("the import preview", || session.text_of("[data-testid=survey-import-facts]"));
    assert!(facts.contains("14 réponses dont 2 brouillons"), "{facts}");
    let dropped = session.text_of("[data-testid=survey-dropped]").unwrap_or_default();
    assert!(dropped.contains("IP") && dropped.contains("UID"), "{dropped}");
    let wave = session.wait_for("[data-testid=survey-wave]");
    session.clear(&wave);
    session.type_text(&wave, "2021");
    session.screenshot(&screenshots_dir().join("18-enquete-import.png"));
    session.click(&session.wait_for("[data-testid=survey-import-apply]"));

    // The figures leave the drafts out: 12 responses, 11 of which answered the question.
    let questions =
        session.wait_until("the questions", || session.texts("[data-testid=survey-question]").filter(|q| q.len() >= 8));
    let tools =
        questions.iter().position(|q| q.contains("Outils de communication")).expect("the multi-choice question");
    session.click(&session.find_all("[data-testid=survey-question]")[tools]);
    let chart = session.wait_until("the question's chart", || {
        session.text_of("[data-testid=survey-chart]").filter(|t| t.contains("Facebook"))
    });
    assert!(chart.contains("73") && chart.contains('%'), "8 of 11 respondents ticked Facebook: {chart}");
    assert!(chart.contains("11 répondants"), "{chart}");
    session.screenshot(&screenshots_dir().join("19-enquete-graphique.png"));

    session.click(&session.wait_for("[data-testid=survey-export-pdf]"));
    session.wait_until("the report written", || std::fs::metadata(&report).ok().filter(|m| m.len() > 5_000));
    let text = std::process::Command::new("pdftotext").arg(&report).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Photographie des pratiques numériques"), "{text}");
    assert!(text.contains("Outils de communication utilisés"), "{text}");
    session.click(&session.wait_for("[data-testid=survey-export-xlsx]"));
    session.wait_until("the figures written", || std::fs::metadata(&figures).ok().filter(|m| m.len() > 2_000));

    session.click(&session.wait_for("[data-testid=tab-themes]"));
    session.wait_for("[data-testid=survey-themes]");
    session.screenshot(&screenshots_dir().join("20-enquete-themes.png"));
    session.quit();
}

/// The question of the list whose text contains `label`, opened, and its detail once shown. The
/// list scrolls on its own, below the page header: a question out of its view is reached from
/// the keyboard (focus brings it into view, Enter opens it), as WebDriver cannot click it there.
fn open_question(session: &Session, label: &str) -> String {
    let questions = session
        .wait_until("the questions", || session.texts("[data-testid=survey-question]").filter(|q| !q.is_empty()));
    let index = questions.iter().position(|q| q.contains(label)).unwrap_or_else(|| panic!("{label} in {questions:?}"));
    session.type_text(&session.find_all("[data-testid=survey-question]")[index], "\u{E007}");
    session.wait_until("the question's detail", || {
        session.text_of("[data-testid=survey-detail] h2").filter(|t| t.contains(label))?;
        session.text_of("[data-testid=survey-detail]")
    })
}

/// The option of the select `css` whose text contains `text`, clicked.
fn choose_option(session: &Session, css: &str, text: &str) {
    let option = session.wait_until("the option", || {
        let options = session.find_all(&format!("{css} option"));
        let texts: Vec<String> = options.iter().map(|o| session.try_text(o)).collect::<Option<_>>()?;
        texts.iter().position(|t| t.contains(text)).map(|i| options[i].clone())
    });
    session.click(&option);
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_second_form_is_imported_beside_the_demo_and_each_keeps_its_waves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deux enquêtes.sqlite");
    cli(&db, &["demo"]).success();
    let demo_stats = cli(&db, &["survey", "stats", "--wave", "2021", "--json"]).success().json();
    let demo_responses = demo_stats["responses"].as_u64().unwrap();
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../src-tauri/crates/store/tests/fixtures/framaforms/export-fr.xlsx");
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, format!("{}\n", export.display())).unwrap();

    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let app = binary("fabrique");
    let db_arg = db.to_str().unwrap();
    let session = driver.session(&app, &["--db", db_arg]);
    session.click(&session.wait_for("[data-testid=nav-survey]"));
    let summary = session.wait_until("the demo wave", || {
        session.text_of("[data-testid=survey-summary]").filter(|t| t.contains(&format!("{demo_responses} réponses")))
    });
    // The rate the photographie prints: responses linked to a structure over the directory.
    let forms = cli(&db, &["survey", "forms", "--json"]).success().json();
    let linked = forms[0]["waves"][0]["linked"].as_u64().unwrap();
    let structures = cli(&db, &["structures", "list", "--json"]).success().json().as_array().unwrap().len();
    assert!(summary.contains(&format!("({linked} sur {structures} structures)")), "{summary}");
    assert!(session.find_all("[data-testid=survey-form-select]").is_empty(), "one form: no form to choose");

    session.click(&session.wait_for("[data-testid=survey-import]"));
    let facts = session.wait_until("the import preview", || session.text_of("[data-testid=survey-import-facts]"));
    assert!(facts.contains("Enquête sur les pratiques numériques des centres sociaux"), "{facts}");
    assert!(facts.contains("14 réponses dont 2 brouillons"), "{facts}");
    let wave = session.wait_for("[data-testid=survey-wave]");
    session.clear(&wave);
    session.type_text(&wave, "2021");
    session.click(&session.wait_for("[data-testid=survey-import-apply]"));
    session.wait_until("the import dialog closed", || {
        session.find_all("[data-testid=survey-import-dialog]").is_empty().then_some(())
    });

    // Both forms are offered, each with its waves; the imported one is picked.
    let forms = session.wait_until("the form selector", || {
        session.texts("[data-testid=survey-form-select] option").filter(|o| o.len() == 2)
    });
    assert!(
        forms.iter().any(|f| f.contains("Pratiques numériques des centres sociaux et EVS") && f.contains("2021")),
        "{forms:?}"
    );
    choose_option(&session, "[data-testid=survey-form-select]", "Enquête sur les pratiques numériques");
    let summary = session.wait_until("the imported form's figures", || {
        session.text_of("[data-testid=survey-summary]").filter(|t| t.contains("12 réponses"))
    });
    assert!(!summary.contains(&format!("{demo_responses} réponses")), "{summary}");
    open_question(&session, "Type de structure");
    // The heading changes at once; the figures follow when the question's detail has loaded.
    session.wait_until("the kind question's figures", || {
        session.text_of("[data-testid=survey-detail]").filter(|t| t.contains("11 structures ont répondu"))
    });
    let cells = session.texts("[data-testid=survey-detail] table.figures tbody td").unwrap_or_default();
    let count_of = |label: &str| cells.iter().position(|c| c == label).and_then(|i| cells.get(i + 1)).cloned();
    assert_eq!(
        (count_of("Centre social").as_deref(), count_of("Espace de vie sociale").as_deref()),
        (Some("7"), Some("4")),
        "{cells:?}"
    );
    // A search typed in one question's free answers filters that question only.
    open_question(&session, "Nom de la structure");
    let search = session.wait_for("[data-testid=survey-text-search]");
    session.type_text(&search, "Beaudésert");
    session.wait_until("one name left", || session.texts("[data-testid=survey-texts] li").filter(|t| t.len() == 1));
    open_question(&session, "Vos besoins");
    let needs =
        session.wait_until("every need", || session.texts("[data-testid=survey-texts] li").filter(|t| t.len() == 9));
    assert_eq!(session.value(&session.wait_for("[data-testid=survey-text-search]")), "", "{needs:?}");
    open_question(&session, "Nom de la structure");
    assert_eq!(session.value(&session.wait_for("[data-testid=survey-text-search]")), "Beaudésert");

    open_question(&session, "Date de la dernière formation");
    let span = session.wait_until("the span of the dates", || session.text_of("[data-testid=survey-date-span]"));
    assert!(span.contains("2019") && span.contains("2021"), "{span}");
    // The heading changes at once; the figures follow when the question's detail has loaded.
    session.wait_until("the date question's figures", || {
        session.text_of("[data-testid=survey-detail]").filter(|t| t.contains("10 structures ont répondu"))
    });
    let months = session.wait_until("the months chart", || session.text_of("[data-testid=survey-chart]"));
    assert!(months.contains("septembre 2019") && months.contains("juin 2021"), "{months}");
    session.screenshot(&screenshots_dir().join("23-enquete-deux-formulaires.png"));

    // Back to the demo form: its 2021 wave is there, with its own figures.
    choose_option(&session, "[data-testid=survey-form-select]", "Pratiques numériques des centres sociaux et EVS");
    session.wait_until("the demo wave again", || {
        session.text_of("[data-testid=survey-summary]").filter(|t| t.contains(&format!("{demo_responses} réponses")))
    });
    let waves = session.texts("[data-testid=survey-wave-select] option").unwrap_or_default();
    assert_eq!(waves, [format!("2021 ({demo_responses} réponses)")], "{waves:?}");
    session.quit();

    // The choice of form survives a restart.
    let session = driver.session(&app, &["--db", db_arg]);
    session.click(&session.wait_for("[data-testid=nav-survey]"));
    session.wait_until("the demo form after a restart", || {
        session.text_of("[data-testid=survey-summary]").filter(|t| t.contains(&format!("{demo_responses} réponses")))
    });
    let chosen = session.wait_for("[data-testid=survey-form-select]");
    let value = session.value(&chosen);
    let forms = cli(&db, &["survey", "forms", "--json"]).success().json();
    let demo_id = forms.as_array().unwrap()[0]["id"].to_string();
    assert_eq!(value, demo_id, "{forms}");
    session.quit();
}
