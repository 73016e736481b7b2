//! Workbooks that declare or unpack to far more than they hold are refused before anything is
//! allocated for them, by both readers (the directory's and the survey's), with a French message
//! naming the file.

use std::io::Write;
use std::path::Path;

use fabrique_store::files::{read_survey_export, read_table};

mod common;

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
fn finding_1_a_sheet_with_a_cell_at_its_far_corner_is_refused_without_building_the_grid() {
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
fn finding_1_a_zip_bomb_is_refused_before_it_is_unpacked() {
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
fn finding_9_a_broken_workbook_is_refused_in_french_without_the_librarys_english() {
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

#[test]
fn an_ods_row_repeated_a_million_times_is_refused_before_the_grid_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("répétée.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet><table:table>\
          <table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"1024\" \
          office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
          </table:table></office:spreadsheet></office:body></office:document-content>",
    )
    .unwrap();
    zip.finish().unwrap();
    for message in refused_by_both(&path) {
        assert!(
            message.starts_with("Fichier « répétée.ods », ligne 1048576, colonne AMJ : la feuille s'étend sur 1048576 lignes et 1024 colonnes"),
            "{message}"
        );
    }
}

/// An Excel 97 workbook (a compound file holding BIFF8 records) whose one sheet declares
/// `rows` × `columns` in its DIMENSIONS record and holds a single number.
fn xls_declaring(rows: u32, columns: u16) -> Vec<u8> {
    let record = |kind: u16, data: &[u8]| {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    };
    let bof = |kind: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat());
    let mut stream = bof(0x0005);
    stream.extend(record(0x000A, &[]));
    stream.extend(bof(0x0010));
    let dimensions =
        [&0u32.to_le_bytes()[..], &rows.to_le_bytes(), &0u16.to_le_bytes(), &columns.to_le_bytes(), &[0, 0]];
    stream.extend(record(0x0200, &dimensions.concat()));
    stream.extend(record(0x0203, &[&[0u8; 6][..], &1.0f64.to_le_bytes()].concat()));
    stream.extend(record(0x000A, &[]));
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn an_xls_declaring_a_million_rows_is_refused_before_they_are_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("déclarée.xls");
    std::fs::write(&path, xls_declaring(1_000_000, 256)).unwrap();
    for message in refused_by_both(&path) {
        assert!(
            message.starts_with("Fichier « déclarée.xls », ligne 1000000, colonne IV : la feuille s'étend sur 1000000 lignes et 256 colonnes"),
            "{message}"
        );
    }
    let modest = dir.path().join("modeste.xls");
    std::fs::write(&modest, xls_declaring(100, 20)).unwrap();
    let message = read_table(&modest).unwrap_err().to_string();
    assert!(!message.contains("s'étend sur"), "a sheet of a modest size is left to the reader: {message}");
}

#[test]
fn xml_entities_are_never_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rires.xlsx");
    std::fs::write(&path, common::xml_bomb(true)).unwrap();
    for message in refused_by_both(&path) {
        assert!(message.starts_with("Fichier « rires.xlsx » : classeur illisible (contenu abîmé)"), "{message}");
        assert!(!message.contains("lol"), "{message}");
    }
}
