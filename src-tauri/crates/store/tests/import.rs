//! Reading spreadsheet files and importing them: bad files are refused with the place to fix and
//! write nothing; good ones create and update as planned, in one transaction.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{count, date, noise, structure};
use fabrique_core::import::{guess_mapping, ImportAction, ImportPlan};
use fabrique_core::StructureKind;
use fabrique_store::files::read_table;
use fabrique_store::{Store, StoreError};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// A store holding one structure, so "nothing written" is visible as an unchanged count of 1.
fn store_with_one() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.create_structure(structure("Centre social de Beaudésert", "Mérignac")).unwrap();
    store
}

fn plan_file(store: &Store, path: &Path) -> Result<ImportPlan, StoreError> {
    let table = read_table(path)?;
    store.plan_import(path, &table, &guess_mapping(&table.headers))
}

fn import_file(store: &mut Store, path: &Path) -> Result<(u32, u32), StoreError> {
    let plan = plan_file(store, path)?;
    let outcome = store.apply_import(&plan)?;
    Ok((outcome.created, outcome.updated))
}

const GOOD: &str = "Nom;Type;Commune;Adhérente;Étiquettes\n\
    Centre social de Beaudésert;Centre social;Mérignac;oui;Jeunesse\n\
    EVS La Passerelle;EVS;Libourne;non;Seniors, Numérique\n";

#[test]
fn a_good_csv_creates_and_updates_as_planned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_one();
    let path = write(dir.path(), "annuaire.csv", GOOD);
    let plan = plan_file(&store, &path).unwrap();
    assert_eq!((plan.created, plan.updated, plan.refused), (1, 1, 0));
    assert_eq!(plan.items.iter().map(|i| i.line).collect::<Vec<_>>(), [2, 3]);
    let outcome = store.apply_import(&plan).unwrap();
    assert_eq!((outcome.created, outcome.updated), (1, 1));
    let list = store.list_structures().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].draft.tags, ["Numérique", "Familles", "Jeunesse"], "imported tags add to known ones");
    assert_eq!(list[0].draft.email, "contact@exemple.fr", "unmapped fields kept");
    assert_eq!(list[1].draft.name, "EVS La Passerelle");
    assert_eq!(list[1].draft.insee.as_deref(), Some("33243"));
}

#[test]
fn windows_1252_and_utf16_files_decode_with_their_accents() {
    let dir = tempfile::tempdir().unwrap();
    let (latin, _, unmappable) = encoding_rs::WINDOWS_1252.encode(GOOD);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&latin).is_err(), "really not UTF-8");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(GOOD.replace(';', "\t").encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes) in [("ancien-excel.csv", latin.into_owned()), ("unicode.txt", utf16)] {
        let mut store = store_with_one();
        let table = read_table(&write(dir.path(), name, bytes)).unwrap();
        assert_eq!(table.headers[3], "Adhérente", "{name}");
        assert_eq!(table.headers[4], "Étiquettes", "{name}");
        assert_eq!(table.rows[0].get(0).unwrap(), "Centre social de Beaudésert", "{name}");
        assert_eq!(import_file(&mut store, &dir.path().join(name)).unwrap(), (1, 1), "{name}");
    }
}

fn assert_refused(store: &Store, err: StoreError, code: &str, wants: &[&str]) {
    let message = err.to_string();
    assert_eq!(err.code(), code, "{message}");
    for want in wants {
        assert!(message.contains(want), "« {want} » missing from: {message}");
    }
    assert_eq!(count(store), 1, "nothing written");
}

#[test]
fn bad_files_are_refused_with_the_place_to_fix_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_one();
    let d = dir.path();

    let err = import_file(&mut store, &write(d, "sans-nom.csv", "Commune;Type\nPessac;EVS\n")).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["Fichier « sans-nom.csv » : la colonne « Nom » est introuvable"]);

    let duplicates = "Nom;Type;Commune\nEVS Le Pont;EVS;Blaye\nCS Nouveau;CS;Cenon\nEVS LE PONT;EVS;blaye\n";
    let err = import_file(&mut store, &write(d, "doublons.csv", duplicates)).unwrap_err();
    assert_refused(
        &store,
        err,
        "import_refused",
        &["1 ligne refusée", "ligne 4 : doublon de la ligne 2", "rien n'a été enregistré"],
    );

    let bad_values = "Nom;Type;Commune;E-mail\nEVS A;EVS;Blaye;a@b.fr\nEVS B;EVS;Blaye;pas un mail\n";
    let err = import_file(&mut store, &write(d, "valeurs.csv", bad_values)).unwrap_err();
    assert_refused(&store, err, "import_refused", &["ligne 3 : colonne D « E-mail »"]);

    let too_many = "Nom;Type;Commune\nEVS A;EVS;Blaye\nEVS B;EVS;Bourg;en trop;encore\n";
    let err = import_file(&mut store, &write(d, "decale.csv", too_many)).unwrap_err();
    assert_refused(
        &store,
        err,
        "file_unreadable",
        &["« decale.csv », ligne 3, colonne D", "5 cellules pour 3 colonnes d'en-tête"],
    );

    let open_quote = "Nom;Type;Commune\nEVS A;EVS;Blaye\n\"EVS B;EVS;Bourg\nEVS C;EVS;Cenon\n";
    let err = import_file(&mut store, &write(d, "guillemet.csv", open_quote)).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["ligne 3, colonne A", "guillemet"]);

    let err = import_file(&mut store, &write(d, "vide.csv", "")).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["« vide.csv »", "le fichier est vide"]);

    let err = import_file(&mut store, &write(d, "blanc.csv", "\n ;; \r\n")).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["aucune ligne d'en-tête"]);

    let ten_mb = noise(10 * 1024 * 1024, 0x5EED);
    let err = import_file(&mut store, &write(d, "bruit.csv", &ten_mb)).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["« bruit.csv »", "données binaires"]);
    let err = import_file(&mut store, &write(d, "bruit.xlsx", &ten_mb)).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["« bruit.xlsx »", "classeur illisible"]);
    let mut fake_zip = b"PK\x03\x04".to_vec();
    fake_zip.extend(noise(100_000, 9));
    let err = import_file(&mut store, &write(d, "faux.ods", &fake_zip)).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["classeur illisible"]);

    let err = import_file(&mut store, &write(d, "annuaire.pdf", "%PDF-1.7")).unwrap_err();
    assert_refused(&store, err, "unsupported_format", &["« annuaire.pdf »", "CSV"]);

    let err = import_file(&mut store, &d.join("absent.csv")).unwrap_err();
    assert_refused(&store, err, "file_unreadable", &["« absent.csv »"]);
}

#[test]
fn an_import_is_one_transaction() {
    let mut store = store_with_one();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.csv", GOOD);
    let plan = plan_file(&store, &path).unwrap();
    // The structure the plan updates goes to the bin before the plan is applied: the creation
    // planned on the other line must not be kept either.
    let existing = store.list_structures().unwrap()[0].id;
    store.delete_structure(existing).unwrap();
    let err = store.apply_import(&plan).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(count(&store), 0);
    assert_eq!(store.list_structures().unwrap().len(), 0);

    // A plan that lost its rows (sent through JSON) is refused, not half-applied.
    store.restore_structure(existing).unwrap();
    let plan = plan_file(&store, &path).unwrap();
    let through_json: ImportPlan = serde_json::from_value(serde_json::to_value(&plan).unwrap()).unwrap();
    assert_eq!(store.apply_import(&through_json).unwrap_err().code(), "import_refused");
    assert_eq!(count(&store), 1);
}

#[test]
fn a_good_xlsx_with_numbers_dates_and_booleans_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "Nom de la structure",
        "Type",
        "Ville",
        "CP",
        "Adhérente",
        "Adhérente depuis",
        "Fin agrément",
        "Salariés",
        "SIRET",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16 + 1, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(3, 1, "EVS Le Pas Sage").unwrap();
    sheet.write_string(3, 2, "EVS").unwrap();
    sheet.write_string(3, 3, "St Savin").unwrap();
    sheet.write_number(3, 4, 33920).unwrap();
    sheet.write_boolean(3, 5, true).unwrap();
    sheet.write_number(3, 6, 2015).unwrap();
    sheet.write_datetime_with_format(3, 7, ExcelDateTime::from_ymd(2027, 6, 30).unwrap(), &date_format).unwrap();
    sheet.write_number(3, 8, 3.0).unwrap();
    sheet.write_number(3, 9, 73282932000074_f64).unwrap();
    sheet.write_string(4, 1, "Centre social de Beaudésert").unwrap();
    sheet.write_string(4, 3, "Mérignac").unwrap();
    sheet.write_number(4, 8, 21).unwrap();
    sheet.write_string(5, 1, "Mauvais type").unwrap();
    sheet.write_string(5, 2, "Association").unwrap();
    sheet.write_string(5, 3, "Pessac").unwrap();
    book.save(&path).unwrap();

    let table = read_table(&path).unwrap();
    assert_eq!(table.headers[1], "Nom de la structure", "leading empty column kept, so letters match the sheet");
    assert_eq!(table.rows[0].line, 4, "row numbers are the sheet's");
    assert_eq!(table.rows[0].to_vec()[4..10], ["33920", "oui", "2015", "2027-06-30", "3", "73282932000074"]);

    let mut store = store_with_one();
    let plan = store.plan_import(&path, &table, &guess_mapping(&table.headers)).unwrap();
    assert_eq!((plan.created, plan.updated, plan.refused), (1, 1, 1));
    match &plan.items[2].action {
        ImportAction::Refuse { reason } => assert!(reason.starts_with("colonne C « Type »"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let err = store.apply_import(&plan).unwrap_err();
    assert!(err.to_string().contains("ligne 6 : colonne C « Type »"), "{err}");
    assert_eq!(count(&store), 1);

    let mut fixed = plan.clone();
    fixed.items.truncate(2);
    fixed.refused = 0;
    let outcome = store.apply_import(&fixed).unwrap();
    assert_eq!((outcome.created, outcome.updated), (1, 1));
    let list = store.list_structures().unwrap();
    let evs = list.iter().find(|s| s.draft.name == "EVS Le Pas Sage").unwrap();
    assert_eq!(evs.draft.kind, Some(StructureKind::Evs));
    assert_eq!((evs.draft.commune.as_str(), evs.draft.postal_code.as_str()), ("Saint-Savin", "33920"));
    assert_eq!((evs.draft.member, evs.draft.member_since), (true, Some(2015)));
    assert_eq!(evs.draft.caf_approval_end, date(2027, 6, 30));
    assert_eq!(evs.draft.employees, Some(3));
    assert_eq!(evs.draft.siret.as_deref(), Some("73282932000074"));
    assert_eq!(list.iter().find(|s| s.draft.name.contains("Beaudésert")).unwrap().draft.employees, Some(21));
}
