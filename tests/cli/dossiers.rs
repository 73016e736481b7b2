//! Dossiers from the command line: the list, a new one from a template, its PDF and the figures it quotes.

use super::*;

fn dossier_rows(db: &Path) -> Vec<Value> {
    cli(db, &["dossier", "list", "--json"]).success().json().as_array().unwrap().clone()
}

#[test]
fn demo_dossiers_list_and_a_new_one_from_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let rows = dossier_rows(&db);
    assert_eq!(rows.len(), 3, "the federation's two (one refused) and a centre's");
    for key in ["id", "title", "structure_id", "template", "completeness"] {
        assert!(rows.iter().all(|r| r.get(key).is_some()), "every row has {key}: {rows:?}");
    }
    let federation = rows
        .iter()
        .find(|r| r["structure_id"].is_null() && r["outcome"]["status"] == "accorde")
        .expect("the federation's dossier");
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
    assert_eq!(rows.len(), 4);
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
    assert_eq!(dossier_rows(&db).len(), 4, "refused dossiers write nothing");
}

#[test]
fn dossier_pdfs_have_contents_page_numbers_accents_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    cli(&db, &["demo"]).success();
    let rows = dossier_rows(&db);
    let id_of = |federation: bool| {
        let title = if federation {
            "Inclusion numérique dans les centres sociaux de Gironde"
        } else {
            "Atelier numérique itinérant"
        };
        rows.iter().find(|r| r["title"] == title).unwrap()["id"].as_i64().unwrap().to_string()
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
