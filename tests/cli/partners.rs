//! `fabrique-cli partners`, `meetings` and `dossier status / totals` on the demo: the partners with
//! when to contact them again, the meetings between two days, a meeting's minutes as a PDF read
//! back, a dossier granted from the command line and found in the year's totals, also as a
//! workbook read back by calamine.

use super::*;

#[test]
fn partners_meetings_and_a_granted_dossier_in_the_years_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("partenaires.sqlite");
    cli(&db, &["demo"]).success();
    let partners = cli(&db, &["partners", "list", "--json"]).success().json();
    let names: Vec<&str> =
        partners.as_array().unwrap().iter().map(|p| p["partner"]["name"].as_str().unwrap()).collect();
    for expected in ["CAF de la Gironde", "Département de la Gironde", "Bordeaux Métropole", "HUBIK", "Emmaüs Connect"]
    {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let caf = partners.as_array().unwrap().iter().find(|p| p["partner"]["name"] == "CAF de la Gironde").unwrap();
    assert_eq!(caf["to_contact"], true, "met long ago, to contact every three months: {caf}");

    let today = chrono::Local::now().date_naive();
    let all = cli(&db, &["meetings", "list", "--json"]).success().json();
    let recent = cli(&db, &["meetings", "list", "--json", "--from", &(today - chrono::Duration::days(60)).to_string()])
        .success()
        .json();
    assert!(recent.as_array().unwrap().len() < all.as_array().unwrap().len());
    assert!(recent
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["meeting"]["held_on"].as_str().unwrap() >= &*(today - chrono::Duration::days(60)).to_string()));
    let refused = cli(&db, &["meetings", "list", "--from", "hier"]).failure();
    assert!(refused.stderr.contains("n'est pas une date"), "{}", refused.stderr);

    let hubik = all
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["partners"].as_array().unwrap().iter().any(|p| p == "HUBIK"))
        .unwrap();
    let pdf = dir.path().join("compte rendu.pdf");
    cli(&db, &["meetings", "pdf", &hubik["meeting"]["id"].to_string(), "--out", pdf.to_str().unwrap()]).success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    #[cfg(unix)]
    {
        let text = fabrique_tests::pdf_text(&pdf);
        for expected in
            ["Inclusion numérique : feuille de route commune", "Suites à donner", "Recenser les permanences", "HUBIK"]
        {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }

    // The centre's dossier, sent and waiting, is granted from the command line.
    let dossiers = cli(&db, &["dossier", "list", "--json"]).success().json();
    let waiting = dossiers.as_array().unwrap().iter().find(|d| d["outcome"]["status"] == "envoye").unwrap();
    let (id, year) = (waiting["id"].to_string(), waiting["year"].as_i64().unwrap());
    let no_amount = cli(&db, &["dossier", "status", &id, "accorde"]).failure();
    assert!(no_amount.stderr.contains("montant accordé"), "{}", no_amount.stderr);
    cli(&db, &["dossier", "status", &id, "accorde", "--amount", "12 500,00", "--date", &today.to_string()]).success();
    let workbook = dir.path().join("totaux.xlsx");
    let totals =
        cli(&db, &["dossier", "totals", "--year", &year.to_string(), "--json", "--xlsx", workbook.to_str().unwrap()])
            .success()
            .json();
    let total = totals.as_array().unwrap().last().unwrap();
    assert_eq!(total["funder"], "");
    assert!(total["granted_cents"].as_i64().unwrap() >= 1_250_000, "{total}");
    use calamine::{open_workbook, DataType, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    let sheet = book.worksheet_range(&format!("Subventions {year}")).unwrap();
    let last = sheet.rows().next_back().unwrap();
    assert_eq!(last[0].to_string(), format!("Total {year}"));
    assert_eq!(
        last[3].get_float(),
        Some(total["granted_cents"].as_i64().unwrap() as f64 / 100.0),
        "amounts as numbers"
    );
}
