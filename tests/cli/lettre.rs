//! `fabrique-cli lettre`: the demo month's newsletter as an e-mail's HTML, read back by an HTML
//! parser of its own (libxml2's, through xmllint), and as a PDF read back by pdftotext.

use super::*;

#[test]
fn the_months_newsletter_is_valid_html_and_a_pdf_with_its_sections() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lettre.sqlite");
    cli(&db, &["demo"]).success();
    // One item shared with a text a page would take for markup.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE veille_items SET note = '<script>alert(1)</script> & « guillemets »' WHERE share <> 0", [])
        .unwrap();
    let month = chrono::Local::now().format("%Y-%m").to_string();

    let html = dir.path().join("lettre.html");
    let said = cli(&db, &["lettre", "html", "--month", &month, "--out", html.to_str().unwrap()]).success();
    assert!(said.stdout.contains("Lettre écrite"), "{}", said.stdout);
    let checked =
        std::process::Command::new("xmllint").args(["--html", "--noout", html.to_str().unwrap()]).output().unwrap();
    let complaints = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success() && complaints.trim().is_empty(), "{complaints}");
    let text = std::fs::read_to_string(&html).unwrap();
    for section in ["Numérique", "Agenda", "Lettre du réseau"] {
        assert!(text.contains(section), "{section}");
    }
    assert!(!text.contains("<script>alert"), "shared text stays text");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; « guillemets »"));

    let pdf = dir.path().join("lettre.pdf");
    cli(&db, &["lettre", "pdf", "--month", &month, "--out", pdf.to_str().unwrap()]).success();
    let read = pdf_text(&pdf);
    assert!(read.contains("Lettre du réseau") && read.contains("Agenda") && read.contains("« guillemets »"), "{read}");

    let refused = cli(&db, &["lettre", "html", "--month", "décembre", "--out", html.to_str().unwrap()]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(refused.stderr.contains("écrivez-le AAAA-MM"), "{}", refused.stderr);
}
