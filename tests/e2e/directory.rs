//! The directory in the real window: search, edit, create, import, export, backup, personal data, a large base.

use super::*;

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
    // The badge says the window works on a file of this computer, and which.
    let badge = session.execute("return document.querySelector('[data-testid=base-badge]').getAttribute('aria-label')");
    assert_eq!(badge.as_str(), Some("Base locale : vide.sqlite. Changer de base…"));
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
    let owners = sqlite(&db, &format!("SELECT owner FROM rgpd_assessments WHERE structure_id = {structure}"));
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

/// The structure form says everything at once: every field in error outlined with its message
/// (`aria-invalid`), checked again as the user types after a first save, the banner gone once all
/// is fixed. A website that is no web address and a phone without digits are refused at save.
#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn the_structure_form_shows_every_problem_beside_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("formulaire.sqlite");
    cli(&db, &["demo"]).success();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.wait_until("the demo counts", || session.text_of("[data-testid=counts]").filter(|t| !t.is_empty()));

    session.click(&session.wait_for("[data-testid=new-structure]"));
    let phone = session.wait_for("[data-testid=structure-form] input[name=phone]");
    session.type_text(&phone, "abc");
    let website = session.wait_for("[data-testid=structure-form] input[name=website]");
    session.type_text(&website, "javascript:alert(1)");
    session.click(&session.wait_for("[data-testid=save]"));
    let invalid = || {
        session
            .execute("return [...document.querySelectorAll('.structure-form [aria-invalid=true]')].map(e => e.getAttribute('name') || e.getAttribute('role'));")
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let banner = session.wait_until("the problems", || session.text_of("[data-testid=form-error]"));
    assert!(banner.contains("4 champs à corriger"), "{banner}");
    assert_eq!(invalid(), ["name", "radiogroup", "phone", "website"]);
    let errors = session.texts(".field-error").unwrap();
    assert!(errors.iter().any(|e| e.contains("« abc » n'est pas un numéro de téléphone")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("n'est pas l'adresse d'un site web")), "{errors:?}");
    session.screenshot(&screenshots_dir().join("05b-formulaire-erreurs.png"));

    // Fixed as the user types: each outline goes with its problem, then the banner.
    session.type_text(&session.wait_for("[data-testid=structure-form] input[name=name]"), "EVS Les Passerelles");
    session.click(&session.wait_for("input[name=kind][value=evs]"));
    session.wait_until("two problems left", || (invalid() == ["phone", "website"]).then_some(()));
    session.clear(&phone);
    session.type_text(&phone, "05 56 12 34 56");
    session.clear(&website);
    session.type_text(&website, "passerelles.example.fr");
    session.wait_until("no problem left", || session.find_all("[data-testid=form-error]").is_empty().then_some(()));
    assert!(invalid().is_empty());
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the new structure's page", || {
        session.text_of("[data-testid=detail-name]").filter(|t| t == "EVS Les Passerelles")
    });
    session.quit();
}
