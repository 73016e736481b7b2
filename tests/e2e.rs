//! The real window, driven over WebDriver (tauri-driver + WebKitWebDriver) under a display such as
//! Xvfb. Run by the README's test command: `cargo test -p fabrique-tests --test e2e -- --ignored`.
//! Screenshots land in target/<profile>/e2e-screenshots for people to look at.

use std::path::PathBuf;

use fabrique_tests::webdriver::{Driver, Session};
use fabrique_tests::{binaries_dir, binary, cli, sqlite};

fn screenshots_dir() -> PathBuf {
    let dir = binaries_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rows_named(session: &Session, needle: &str) -> Option<Vec<String>> {
    let rows = session.texts("[data-testid=structure-row]")?;
    (!rows.is_empty() && rows.iter().all(|t| t.contains(needle))).then_some(rows)
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn search_open_edit_quit_restart_and_find_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.sqlite");
    cli(&db, &["demo"]).success();
    let app = binary("fabrique");
    let db_arg = db.to_str().unwrap();
    let driver = Driver::start();

    let session = driver.session(&app, &["--db", db_arg]);
    session.wait_until("the counts line", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes"))
    });
    session.screenshot(&screenshots_dir().join("01-annuaire.png"));

    let search = session.wait_for("[data-testid=search]");
    session.type_text(&search, "beaudesert");
    let rows =
        session.wait_until("one row for Beaudésert", || rows_named(&session, "Beaudésert").filter(|r| r.len() == 1));
    assert!(rows[0].contains("Mérignac"), "{rows:?}");
    session.click(&session.find_all("[data-testid=structure-row]")[0]);
    let name = session.wait_for("[data-testid=detail-name]");
    assert_eq!(session.text(&name), "Centre social et culturel de Beaudésert");
    session.screenshot(&screenshots_dir().join("02-fiche.png"));

    session.click(&session.wait_for("[data-testid=edit]"));
    let phone = session.wait_for("input[name=phone]");
    session.clear(&phone);
    session.type_text(&phone, "05 56 99 88 77");
    let notes = session.wait_for("[name=notes]");
    session.type_text(&notes, "Rencontre prévue en décembre — à préparer.");
    session.screenshot(&screenshots_dir().join("03-modification.png"));
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the saved phone in the detail", || {
        session.text_of("[data-testid=detail]").filter(|t| t.contains("05 56 99 88 77"))
    });
    session.quit();

    // The edit reached the database file, not only the window.
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    assert!(list.as_array().unwrap().iter().any(|r| r["name"] == "Centre social et culturel de Beaudésert"));

    let session = driver.session(&app, &["--db", db_arg]);
    let search = session.wait_for("[data-testid=search]");
    session.type_text(&search, "BEAUDÉSERT");
    session.wait_until("Beaudésert again", || rows_named(&session, "Beaudésert").filter(|r| r.len() == 1));
    session.click(&session.find_all("[data-testid=structure-row]")[0]);
    let text = session.wait_until("the detail after restart", || {
        session.text_of("[data-testid=detail]").filter(|t| t.contains("05 56 99 88 77"))
    });
    assert!(text.contains("Rencontre prévue en décembre — à préparer."), "{text}");
    session.screenshot(&screenshots_dir().join("04-apres-redemarrage.png"));
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn an_empty_database_offers_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vide.sqlite");
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let button = session.wait_for("[data-testid=load-demo]");
    session.screenshot(&screenshots_dir().join("00-accueil-vide.png"));
    session.click(&button);
    session.wait_until("the demo counts", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes, 15 non adhérentes"))
    });
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn create_a_structure_with_its_commune_add_a_person_delete_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("creation.sqlite");
    cli(&db, &["demo"]).success();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let counts = || session.text_of("[data-testid=counts]");
    session.wait_until("the demo counts", || counts().filter(|t| t.contains("15 non adhérentes")));

    session.click(&session.wait_for("[data-testid=new-structure]"));
    session.type_text(&session.wait_for("[data-testid=structure-form] input[name=name]"), "EVS Les Passerelles");
    session.click(&session.wait_for("input[name=kind][value=evs]"));
    session.type_text(&session.wait_for("#f-commune"), "begles");
    // The commune comes from the official list: choosing it fills the postal and INSEE codes.
    let option = session.wait_until("Bègles among the communes offered", || {
        let options = session.find_all("[data-testid=commune-options] [role=option]");
        let texts: Vec<String> = options.iter().map(|o| session.try_text(o)).collect::<Option<_>>()?;
        texts.iter().position(|t| t.contains("Bègles")).map(|i| options[i].clone())
    });
    session.click(&option);
    session.wait_until("the INSEE code filled in", || {
        session.find_all("#f-insee").first().map(|e| session.value(e)).filter(|v| v == "33039")
    });
    session.screenshot(&screenshots_dir().join("05-nouvelle-structure.png"));
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the new structure's detail", || {
        session.text_of("[data-testid=detail-name]").filter(|t| t == "EVS Les Passerelles")
    });
    let detail = session.text_of("[data-testid=detail]").unwrap();
    assert!(
        detail.contains("33130 Bègles") && detail.contains("33039") && detail.contains("Bordeaux Métropole"),
        "{detail}"
    );
    session.wait_until("the counts with one more", || counts().filter(|t| t.contains("16 non adhérentes")));

    session.click(&session.wait_for("[data-testid=add-person]"));
    session.type_text(&session.wait_for("input[name=person_first_name]"), "Nadia");
    session.type_text(&session.wait_for("input[name=person_role]"), "Référente numérique");
    // Enter in a field saves the form, as a delegate typing would (a toast may cover the button).
    session.type_text(&session.wait_for("input[name=person_last_name]"), "Ferrand\u{E007}");
    session.wait_until("the person in the detail", || {
        session
            .text_of("[data-testid=person]")
            .filter(|t| t.contains("Nadia Ferrand") && t.contains("Référente numérique"))
    });
    session.screenshot(&screenshots_dir().join("06-fiche-creee.png"));

    session.click(&session.wait_for("[data-testid=delete]"));
    session.wait_until("the structure gone from the counts", || counts().filter(|t| t.contains("15 non adhérentes")));
    let undo = session.wait_for("[data-testid=toast] button.action");
    session.screenshot(&screenshots_dir().join("07-suppression-annulable.png"));
    session.click(&undo);
    session
        .wait_until("the structure back after « Annuler »", || counts().filter(|t| t.contains("16 non adhérentes")));

    // The window wrote the same base the command line reads.
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    let created =
        list.as_array().unwrap().iter().find(|r| r["name"] == "EVS Les Passerelles").expect("created and restored");
    assert_eq!(
        (created["insee"].as_str(), created["kind"].as_str(), created["member"].as_bool()),
        (Some("33039"), Some("evs"), Some(false))
    );
    session.quit();
}

/// Answers the app's next file dialog (see `FABRIQUE_DIALOG_ANSWERS` in src-tauri/src/dialogs.rs).
fn answer_next_dialog(answers: &std::path::Path, path: &std::path::Path) {
    std::fs::write(answers, format!("{}\n", path.display())).unwrap();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn import_export_backup_and_privacy_through_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("import.sqlite");
    cli(&db, &["demo"]).success();
    // The first person to review is also named as the owner of an RGPD point: erasing her reaches it.
    let stale = cli(&db, &["people", "stale", "--json"]).success().json();
    let (full_name, structure) = (stale[0]["full_name"].as_str().unwrap(), stale[0]["structure_id"].to_string());
    cli(&db, &["rgpd", "set", &structure, "gouv-referent", "en_cours", "--owner", full_name]).success();
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, "").unwrap();
    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let counts = || session.text_of("[data-testid=counts]");
    session.wait_until("the demo counts", || counts().filter(|t| t.contains("34 adhérentes, 15 non adhérentes")));

    // A file with one bad SIRET: the preview says which line and why, and nothing can be imported.
    let header = "Nom;Type;Adhérente;Commune;SIRET\n";
    let bad = dir.path().join("structures à vérifier.csv");
    std::fs::write(
        &bad,
        format!("{header}EVS Le Phare;EVS;non;Lormont;\nCentre social des Deux Rives;Centre social;oui;Floirac;123\n"),
    )
    .unwrap();
    answer_next_dialog(&answers, &bad);
    session.click(&session.wait_for("[data-testid=import]"));
    let items = session.wait_until("the import preview", || {
        session.text_of("[data-testid=import-items]").filter(|t| t.contains("Deux Rives"))
    });
    assert!(items.contains("l. 3") && items.contains("SIRET"), "{items}");
    let blocked = session.wait_until("the import blocked", || session.text_of("[data-testid=import-blocked]"));
    assert!(blocked.contains("tout ou rien") || blocked.contains("pas du tout"), "{blocked}");
    session.screenshot(&screenshots_dir().join("08-import-refuse.png"));
    session.click(&session.wait_for("[data-testid=import-dialog] .btn:not(.btn-primary)"));
    session
        .wait_until("the dialog closed", || session.find_all("[data-testid=import-dialog]").is_empty().then_some(()));

    let good = dir.path().join("structures.csv");
    std::fs::write(&good, format!("{header}EVS Le Phare;EVS;non;Lormont;\nCentre social des Deux Rives;Centre social;oui;Floirac;\nCentre social de Biganos;Centre social;non;Biganos;\n")).unwrap();
    answer_next_dialog(&answers, &good);
    session.click(&session.wait_for("[data-testid=import]"));
    let summary = session.wait_until("the import summary", || {
        session.text_of("[data-testid=import-summary]").filter(|t| t.contains("2 à créer"))
    });
    assert!(summary.contains("1 à mettre à jour"), "{summary}");
    session.screenshot(&screenshots_dir().join("09-import-apercu.png"));
    session.click(&session.wait_for("[data-testid=import-apply]"));
    session.wait_until("the imported structures counted", || {
        counts().filter(|t| t.contains("35 adhérentes, 16 non adhérentes"))
    });

    let export = dir.path().join("annuaire.xlsx");
    answer_next_dialog(&answers, &export);
    session.click(&session.wait_for("[data-testid=export]"));
    session.wait_until("the export written", || std::fs::metadata(&export).ok().filter(|m| m.len() > 1000));

    let backup = dir.path().join("sauvegarde.fabrique");
    answer_next_dialog(&answers, &backup);
    session.click(&session.wait_for("[data-testid=more]"));
    session.click(&session.wait_for("[data-testid=menu-backup]"));
    session.wait_until("the backup written", || std::fs::metadata(&backup).ok().filter(|m| m.len() > 4096));
    let restored = dir.path().join("restaurée.sqlite");
    cli(&restored, &["restore", backup.to_str().unwrap()]).success();
    let names = cli(&restored, &["structures", "list", "--json"]).success().json();
    assert!(names.as_array().unwrap().iter().any(|r| r["name"] == "EVS Le Phare"), "the backup holds the import");

    session.click(&session.wait_for("[data-testid=nav-privacy]"));
    session.wait_until("the personal-data view", || session.text_of("[data-testid=privacy]").filter(|t| !t.is_empty()));
    session.resize(1024, 600);
    session.screenshot(&screenshots_dir().join("10-donnees-personnelles-1024x600.png"));
    session.resize(1366, 768);
    session.screenshot(&screenshots_dir().join("10-donnees-personnelles-1366x768.png"));

    // Erasing says first what will go, place by place; then the person is gone everywhere.
    session.click(&session.wait_for("[data-testid=erase-person]"));
    let details = session.wait_until("the erasure preview", || session.text_of("[data-testid=confirm-details]"));
    assert!(details.contains("la fiche de la personne"), "{details}");
    assert!(details.contains("1 point RGPD (responsable"), "{details}");
    let title = session.text_of("[data-testid=confirm]").unwrap_or_default();
    assert!(title.contains(&format!("Effacer {full_name}")), "{title}");
    session.screenshot(&screenshots_dir().join("10b-effacement-apercu-1366x768.png"));
    session.resize(1024, 600);
    session.screenshot(&screenshots_dir().join("10b-effacement-apercu-1024x600.png"));
    session.click(&session.wait_for("[data-testid=confirm-ok]"));
    let toast = session.wait_until("the erasure done", || {
        session.texts("[data-testid=toast]").and_then(|t| t.into_iter().find(|t| t.contains("Données effacées")))
    });
    assert!(toast.contains("dont des mentions à 2 endroits de la base"), "{toast}");
    session.quit();
    let owners = sqlite(&db, &[&format!("SELECT owner FROM rgpd_assessments WHERE structure_id = {structure}")]);
    assert!(!owners.contains(full_name) && owners.contains("[personne effacée]"), "{owners}");
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_large_directory_shows_its_rows_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("grand.sqlite");
    let csv = dir.path().join("400 structures.csv");
    let mut text = String::from("Nom;Type;Commune\n");
    for i in 0..400 {
        text.push_str(&format!(
            "Centre social n° {i:03};Centre social;{}\n",
            ["Mérignac", "Cenon", "Langon", "Blaye"][i % 4]
        ));
    }
    std::fs::write(&csv, text).unwrap();
    cli(&db, &["structures", "import", csv.to_str().unwrap()]).success();

    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let rows = || session.find_all("[data-testid=structure-row]").len();
    session.wait_until("the first page", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("400 non adhérentes"))
    });
    session.wait_until("150 rows drawn", || (rows() == 150).then_some(()));
    let more = session.wait_for("[data-testid=show-more]");
    assert!(session.text(&more).contains("250 restantes"), "{}", session.text(&more));
    session.click(&more);
    session.wait_until("the next page", || (rows() >= 300).then_some(()));

    // A search narrows the list: every match is drawn, and no "more" button is left.
    session.type_text(&session.wait_for("[data-testid=search]"), "langon");
    session.wait_until("the 100 structures of Langon", || (rows() == 100).then_some(()));
    assert!(session.find_all("[data-testid=show-more]").is_empty());
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_damaged_base_is_replaced_by_a_backup_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("sauvegarde.fabrique");
    let source = dir.path().join("source.sqlite");
    cli(&source, &["demo"]).success();
    cli(&source, &["backup", backup.to_str().unwrap()]).success();
    let db = dir.path().join("abîmée.sqlite");
    std::fs::write(&db, "ceci n'est plus une base SQLite ".repeat(200)).unwrap();
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, "").unwrap();

    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let panel = session.wait_until("the recovery panel", || session.text_of("[data-testid=unavailable]"));
    assert!(panel.contains("n'est pas une base Fabrique") && panel.contains("abîmée.sqlite"), "{panel}");
    session.screenshot(&screenshots_dir().join("11-base-illisible.png"));

    answer_next_dialog(&answers, &backup);
    session.click(&session.wait_for("[data-testid=replace-from-backup]"));
    session.wait_until("the restored directory", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes, 15 non adhérentes"))
    });
    session.quit();
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("abîmée.sqlite.mise-de-cote-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is set aside, not deleted");
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn what_was_typed_survives_the_app_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("autosave.sqlite");
    cli(&db, &["demo"]).success();
    let open_beaudesert_form = |session: &Session| {
        session.type_text(&session.wait_for("[data-testid=search]"), "beaudesert");
        session.wait_until("Beaudésert", || rows_named(session, "Beaudésert").filter(|r| r.len() == 1));
        session.click(&session.find_all("[data-testid=structure-row]")[0]);
        session.click(&session.wait_for("[data-testid=edit]"));
    };
    {
        let driver = Driver::start();
        let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
        open_beaudesert_form(&session);
        session.type_text(&session.wait_for("[name=notes]"), "Projet numérique : relancer la directrice avant le 15.");
        session.wait_until("the typing kept", || {
            session.text_of("[data-testid=form-state]").filter(|t| t.contains("gardées en attendant"))
        });
        // Dropping the driver kills the app and its drivers outright, as a crash would: no save.
    }
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    assert!(!list.to_string().contains("relancer la directrice"), "nothing was saved as the structure's data");

    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    open_beaudesert_form(&session);
    session.wait_until("the restored typing", || session.text_of("[data-testid=restored-draft]"));
    let notes = session.wait_for("[name=notes]");
    session.wait_until("the notes as typed", || {
        Some(session.value(&notes)).filter(|v| v.contains("relancer la directrice"))
    });
    session.screenshot(&screenshots_dir().join("12-saisie-reprise.png"));
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the saved notes", || {
        session.text_of("[data-testid=detail-notes]").filter(|t| t.contains("relancer la directrice avant le 15"))
    });
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_dossier_is_written_survives_a_kill_and_is_exported_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dossiers.sqlite");
    cli(&db, &["demo"]).success();
    let structures = cli(&db, &["structures", "list", "--json"]).success().json();
    let burck = structures.as_array().unwrap().iter().find(|s| s["name"] == "Centre social du Burck").unwrap();
    let burck_id = burck["id"].as_i64().unwrap();
    let typed = "Nous ouvrirons un atelier numérique chaque mercredi, avec les bénévoles du quartier.";

    {
        let driver = Driver::start();
        let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
        session.click(&session.wait_for("[data-testid=nav-dossiers]"));
        session.wait_until("the demo dossiers", || {
            session.text_of("[data-testid=dossiers-list]").filter(|t| t.contains("Atelier numérique itinérant"))
        });
        session.screenshot(&screenshots_dir().join("13-dossiers.png"));
        session.click(&session.wait_for("[data-testid=new-dossier]"));
        session.click(&session.wait_for(&format!("[data-testid=dossier-applicant] option[value='{burck_id}']")));
        session.type_text(&session.wait_for("[data-testid=dossier-title-input]"), "Jardin numérique du Burck");
        session.screenshot(&screenshots_dir().join("14-nouveau-dossier.png"));
        session.click(&session.wait_for("[data-testid=dossier-header-submit]"));
        session.wait_until("the new dossier open", || {
            session.text_of("[data-testid=dossier-title]").filter(|t| t.contains("Jardin numérique du Burck"))
        });
        // The template's text is filled from the directory: the structure's name shows in the preview.
        session.wait_until("the applicant in the preview", || {
            session.text_of("[data-testid=section-preview]").filter(|t| t.contains("Centre social du Burck"))
        });
        session.click(&session.wait_for("[data-testid=section-objectifs]"));
        let body = session.wait_for("[data-testid=section-body]");
        session.clear(&body);
        session.type_text(&body, typed);
        session.wait_until("the typing saved", || {
            session.text_of("[data-testid=dossier-save-state]").filter(|t| t.starts_with("Enregistré "))
        });
        session.wait_until("the live preview", || {
            session.text_of("[data-testid=section-preview]").filter(|t| t.contains("atelier numérique chaque mercredi"))
        });
        session.screenshot(&screenshots_dir().join("15-dossier-saisie.png"));
        // Dropping the driver kills the app outright, as a crash would.
    }

    let list = cli(&db, &["dossier", "list", "--json"]).success().json();
    let created = list.as_array().unwrap().iter().find(|d| d["title"] == "Jardin numérique du Burck").expect("created");
    assert_eq!(created["structure_id"].as_i64(), Some(burck_id));
    let id = created["id"].as_i64().unwrap();

    let answers = dir.path().join("réponses.txt");
    let pdf = dir.path().join("dossier burck.pdf");
    let logo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons/128x128.png");
    std::fs::write(&answers, format!("{}\n{}\n", logo.display(), pdf.display())).unwrap();
    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{id}]")));
    session.click(&session.wait_for("[data-testid=section-objectifs]"));
    let body = session.wait_for("[data-testid=section-body]");
    session.wait_until("the text typed before the kill", || Some(session.value(&body)).filter(|v| v == typed));
    let gaps = session.wait_until("the completeness list", || session.text_of("[data-testid=dossier-gaps]"));
    assert!(gaps.contains("À compléter") || gaps.contains("budget"), "{gaps}");

    session.click(&session.wait_for("[data-testid=dossier-header-button]"));
    session.click(&session.wait_for("[data-testid=dossier-logo-choose]"));
    session.wait_until("the logo chosen", || {
        session.text_of("[data-testid=dossier-logo-state]").filter(|t| t.starts_with("Un logo"))
    });
    session.screenshot(&screenshots_dir().join("17-dossier-en-tete.png"));
    session.click(&session.wait_for("[data-testid=dossier-header-dialog] footer .btn:not(.btn-primary)"));
    session.wait_until("the dialog closed", || {
        session.find_all("[data-testid=dossier-header-dialog]").is_empty().then_some(())
    });
    session.click(&session.wait_for("[data-testid=dossier-export-pdf]"));
    session.wait_until("the PDF written", || std::fs::metadata(&pdf).ok().filter(|m| m.len() > 10_000));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Jardin numérique du Burck"), "{text}");
    assert!(text.contains("atelier numérique chaque mercredi"), "{text}");
    assert!(text.contains("Centre social du Burck"), "{text}");
    let images = std::process::Command::new("pdfimages").arg("-list").arg(&pdf).output().expect("pdfimages runs");
    assert!(String::from_utf8_lossy(&images.stdout).contains(" 128   128 "), "the logo is on the title page");
    session.click(&session.wait_for("[data-testid=section-budget]"));
    session.wait_for("[data-testid=budget-editor]");
    session.screenshot(&screenshots_dir().join("16-dossier-budget.png"));
    session.quit();
}

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

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn rating_an_item_moves_the_centres_progress_and_the_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rgpd.sqlite");
    cli(&db, &["demo"]).success();
    let status = cli(&db, &["rgpd", "status", "--json"]).success().json();
    // A member centre the demo assessed, with room to progress in security.
    let centre = status
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["progress"].as_u64().unwrap() > 0
                && r["steps"].as_array().unwrap().iter().any(|s| s["step"] == "securite" && s["progress"] == 0)
        })
        .expect("a centre with security items to do")
        .clone();
    let id = centre["structure_id"].as_i64().unwrap();
    let before = centre["progress"].as_u64().unwrap();

    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    let cell = format!("[data-testid=rgpd-progress-{id}]");
    // WebDriver gives no-break spaces back as plain spaces.
    let percent = |css: &str| {
        session.text_of(css).and_then(|t| t.replace('\u{a0}', " ").trim_end_matches(" %").trim().parse::<u64>().ok())
    };
    let shown = session.wait_until("the heatmap", || percent(&cell));
    assert_eq!(shown, before);
    session.screenshot(&screenshots_dir().join("21-rgpd-tableau.png"));

    session.click(&session.wait_for(&format!("[data-testid=rgpd-centre-{id}]")));
    session
        .wait_until("the centre's progress", || percent("[data-testid=rgpd-centre-progress]").filter(|p| *p == before));
    // Each rating is waited for before the next: the progress rises twice.
    let mut after = before;
    for item in ["securite-sauvegardes", "securite-comptes-mots-de-passe"] {
        session.click(&session.wait_for(&format!("[data-testid=rgpd-status-{item}] option[value=conforme]")));
        after = session
            .wait_until("the progress moved", || percent("[data-testid=rgpd-centre-progress]").filter(|p| *p > after));
    }
    let history = session.wait_until("the history", || session.text_of("[data-testid=rgpd-history]"));
    assert!(history.contains("Conforme"), "{history}");
    session.screenshot(&screenshots_dir().join("22-rgpd-centre.png"));

    session.click(&session.wait_for("[data-testid=rgpd-back]"));
    session.wait_until("the heatmap updated", || percent(&cell).filter(|p| *p == after));
    session.quit();

    let status = cli(&db, &["rgpd", "status", "--json"]).success().json();
    let row = status.as_array().unwrap().iter().find(|r| r["structure_id"] == id).unwrap().clone();
    assert_eq!(row["progress"].as_u64(), Some(after), "the window wrote to the base");
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
