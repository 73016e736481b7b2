//! The RGPD follow-up from the command line: status, a rating, a centre's report.

use super::*;

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

    // The federation's summary: every centre, each figure on its heatmap colour.
    let summary = dir.path().join("synthese.pdf");
    cli(&db, &["rgpd", "summary", "--out", summary.to_str().unwrap()]).success();
    let text = pdf_text(&summary);
    assert!(text.contains("Centres et étapes") && text.contains("Actions en retard"), "{text}");
    let bytes = std::fs::read(&summary).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
}
