//! A dossier written in the real window, surviving a kill, exported to PDF.

use super::*;

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
    session.wait_until("the text typed before the kill", || {
        session.text_of("[data-testid=section-body]").filter(|v| v.trim() == typed)
    });
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

/// A misspelt field is named in the preview with the field the writer meant.
#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_misspelt_field_proposes_the_field_meant() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("champs.sqlite");
    cli(&db, &["demo"]).success();
    let dossier = cli(&db, &["dossier", "list", "--json"]).success().json()[0]["id"].as_i64().unwrap();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{dossier}]")));
    let body = session.wait_for("[data-testid=section-body]");
    // Typed in full, a field becomes a chip: an unknown one is marked as such.
    session.type_text(&body, "\u{E007}SIRET : {{ structure.sirt }}");
    session.wait_for(".field-chip.unknown[data-field='structure.sirt']");
    let message = session.wait_until("the misspelt field named", || {
        session.text_of("[data-testid=unresolved]").filter(|t| t.contains("structure.sirt"))
    });
    assert!(message.contains("vouliez-vous dire « structure.siret »"), "{message}");
    session.quit();
}

/// The dossier editor is a word processor: fields are chips showing their value, bold and fields
/// typed with the keyboard are stored as the same Markdown as before, and the preview follows.
#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn the_editor_writes_markdown_with_formatting_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("editeur.sqlite");
    cli(&db, &["demo"]).success();
    let list = cli(&db, &["dossier", "list", "--json"]).success().json();
    let dossier = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Inclusion numérique dans les centres sociaux de Gironde")
        .expect("the federation's dossier");
    let id = dossier["id"].as_i64().unwrap();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{id}]")));
    session.click(&session.wait_for("[data-testid=section-objectifs]"));

    // The template's `**Projet : {{ dossier.projet }}**` is a bold line holding a chip whose
    // title gives the field's value.
    let chip = session.wait_for("[data-testid=section-body] strong .field-chip[data-field='dossier.projet']");
    assert_eq!(session.text(&chip), "dossier › projet");
    let title = session.execute("return document.querySelector(\"[data-field='dossier.projet']\").title");
    assert_eq!(title.as_str(), Some("Intitulé du projet : Inclusion numérique dans les centres sociaux de Gironde"));

    let body = session.wait_for("[data-testid=section-body]");
    session.type_text(&body, "\u{E007}\u{E009}b\u{E009}Public prioritaire\u{E009}b\u{E009} : les familles de ");
    session.click(&session.wait_for("[data-testid=insert-field]"));
    let search = session.wait_for("[data-testid=field-picker-search]");
    session.type_text(&search, "commune de la fédération");
    session.wait_for("[data-testid=field-option-federation\\.commune]");
    session.press(&[fabrique_tests::webdriver::keys::ENTER]);
    session.wait_until("the picker closed", || session.find_all("[data-testid=field-picker]").is_empty().then_some(()));
    session.wait_until("the saved text", || {
        session.text_of("[data-testid=dossier-save-state]").filter(|t| t.starts_with("Enregistré "))
    });
    let stored = session.wait_until("the section stored as Markdown", || {
        let content: serde_json::Value =
            serde_json::from_str(sqlite(&db, &format!("SELECT content FROM dossiers WHERE id = {id}")).trim()).ok()?;
        let body =
            content["sections"].as_array()?.iter().find(|s| s["key"] == "objectifs")?["body"].as_str()?.to_string();
        body.contains("{{ federation.commune }}").then_some(body)
    });
    // The lines before are as the template wrote them (its no-break space before « : » included).
    assert!(stored.starts_with("**Projet\u{a0}: {{ dossier.projet }}**\n\n"), "{stored:?}");
    assert!(stored.ends_with("\n\n**Public prioritaire** : les familles de {{ federation.commune }}"), "{stored:?}");
    session.wait_until("the preview with the field's value", || {
        session.text_of("[data-testid=section-preview]").filter(|t| t.contains("les familles de Mérignac"))
    });
    session.screenshot(&screenshots_dir().join("18-dossier-editeur.png"));
    session.quit();
}
