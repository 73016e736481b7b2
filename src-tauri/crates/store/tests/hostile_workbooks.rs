//! Workbooks that declare or unpack to far more than they hold are refused before anything is
//! allocated for them, by both readers (the directory's and the survey's), with a French message
//! naming the file.

use std::io::Write;
use std::path::Path;

use fabrique_store::files::{read_survey_export, read_table};

fn refused_by_both(path: &Path) -> Vec<String> {
    let started = std::time::Instant::now();
    let messages = vec![
        read_table(path).expect_err("the directory reader refuses it").to_string(),
        read_survey_export(path).expect_err("the survey reader refuses it").to_string(),
    ];
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "refused in {:?}", started.elapsed());
    messages
}

#[test]
fn a_sheet_with_a_cell_at_its_far_corner_is_refused_without_building_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piège.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nom").unwrap();
    sheet.write_string(1_048_575, 16_383, "loin").unwrap();
    book.save(&path).unwrap();
    for message in refused_by_both(&path) {
        assert!(message.starts_with("Fichier « piège.xlsx », ligne 1048576, colonne XFD : la feuille s'étend sur 1048576 lignes et 16384 colonnes"), "{message}");
    }
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bombe.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..8 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 100 * 1024, "a small file");
    for message in refused_by_both(&path) {
        assert!(
            message.starts_with("Fichier « bombe.xlsx » : ce classeur se décompresserait en 8 Mo ou plus"),
            "{message}"
        );
    }
}

#[test]
fn a_broken_workbook_is_refused_in_french_without_the_librarys_english() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("entier.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "Nom").unwrap();
    book.save(&whole).unwrap();
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("coupé.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    for message in refused_by_both(&cut) {
        assert!(message.starts_with("Fichier « coupé.xlsx » : classeur illisible ("), "{message}");
        for english in ["error", "Error", "Xlsx", "Zip", "invalid", "not found"] {
            assert!(!message.contains(english), "{english:?} in {message}");
        }
    }
}
