//! Exports: CSV and XLSX files that read back as the same directory, with formulas neutralised.

mod common;

use std::fs;

use calamine::{open_workbook_auto, Data, Reader};
use common::{date, structure};
use fabrique_core::import::{guess_mapping, ImportAction};
use fabrique_core::{Area, StructureKind};
use fabrique_store::files::{read_table, write_structures};
use fabrique_store::Store;

fn varied_directory() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = structure("Centre social \"Le Lac\"; Bordeaux-Nord", "Bordeaux");
    a.notes = "=1+1\nDeuxième ligne ; avec séparateur".into();
    a.phone = "+33 5 56 00 00 00".into();
    a.siret = Some("73282932000074".into());
    a.rna = Some("W332001234".into());
    a.caf_approval_start = date(2024, 1, 1);
    a.caf_approval_end = date(2027, 12, 31);
    a.qpv = true;
    a.employees = Some(14);
    a.volunteers = Some(0);
    store.create_structure(a).unwrap();
    let mut b = structure("@EVS Entre-Deux-Mers", "Targon");
    b.kind = Some(StructureKind::Evs);
    b.member = false;
    b.area = Some(Area::Rural);
    b.tags = vec![];
    // A cell starting with « - » (the website now refuses one: the social networks field takes it).
    b.social_networks = "-https://evs.example".into();
    store.create_structure(b).unwrap();
    // Demo structures for variety (`load_demo` itself wants an empty base).
    for demo in fabrique_core::demo::demo_directory(common::today()).into_iter().take(20) {
        store.create_structure(demo.structure).unwrap();
    }
    store
}

#[test]
fn csv_and_xlsx_exports_import_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = varied_directory();
    let before = store.list_structures().unwrap();
    for name in ["annuaire.csv", "annuaire.xlsx"] {
        let path = dir.path().join(name);
        write_structures(&path, &before).unwrap();
        let table = read_table(&path).unwrap();
        assert_eq!(table.rows.len(), before.len(), "{name}");
        let mapping = guess_mapping(&table.headers);
        assert_eq!(
            mapping.iter().filter(|f| f.is_some()).count(),
            22,
            "every exported field maps back by name ({name})"
        );
        let plan = store.plan_import(&path, &table, &mapping).unwrap();
        assert_eq!((plan.created, plan.updated, plan.refused), (0, before.len() as u32, 0), "{name}");
        for (item, original) in plan.items.iter().zip(&before) {
            assert!(matches!(item.action, ImportAction::Update { id, .. } if id == original.id), "{name}: {item:?}");
            assert_eq!(item.draft.as_ref(), Some(&original.draft), "{name}: line {}", item.line);
        }
        store.apply_import(&plan).unwrap();
        let after = store.list_structures().unwrap();
        let drafts =
            |list: &[fabrique_core::Structure]| list.iter().map(|s| (s.id, s.draft.clone())).collect::<Vec<_>>();
        assert_eq!(drafts(&after), drafts(&before), "{name}");
    }
}

#[test]
fn formulas_are_neutralised_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let structures = varied_directory().list_structures().unwrap();

    let csv = dir.path().join("export.csv");
    write_structures(&csv, &structures).unwrap();
    let bytes = fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().next().unwrap().starts_with("\u{feff}Nom;Type;Adhérente;"));
    assert!(text.contains("\"'=1+1\nDeuxième ligne ; avec séparateur\""), "{text}");
    assert!(text.contains(";'+33 5 56 00 00 00;"));
    assert!(text.contains("'@EVS Entre-Deux-Mers;"));
    assert!(text.contains("\"Centre social \"\"Le Lac\"\"; Bordeaux-Nord\""));

    let xlsx = dir.path().join("export.xlsx");
    write_structures(&xlsx, &structures).unwrap();
    let mut book = open_workbook_auto(&xlsx).unwrap();
    let sheet = book.worksheet_range("Structures").unwrap();
    let cells: Vec<&Data> = sheet.used_cells().map(|(_, _, c)| c).collect();
    assert!(cells.iter().all(|c| matches!(c, Data::String(_))), "every cell is a string");
    assert!(cells.contains(&&Data::String("'=1+1\nDeuxième ligne ; avec séparateur".into())));
    assert!(cells.contains(&&Data::String("'-https://evs.example".into())));
    let formulas = book.worksheet_formula("Structures").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");
}

#[test]
fn export_refuses_other_formats_and_never_leaves_half_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let structures = varied_directory().list_structures().unwrap();
    let err = write_structures(&dir.path().join("export.ods"), &structures).unwrap_err();
    assert_eq!(err.code(), "unsupported_format");
    assert_eq!(err.to_string(), "« export.ods » : format non pris en charge. Choisissez un fichier CSV ou XLSX.");

    let mut huge = structures[0].clone();
    huge.draft.notes = "x".repeat(40_000);
    let path = dir.path().join("trop-long.xlsx");
    fs::write(&path, b"ancien export").unwrap();
    let err = write_structures(&path, &[huge]).unwrap_err();
    assert!(err.to_string().contains("ligne 2, colonne U"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"ancien export");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");

    let missing_folder = dir.path().join("absent/export.csv");
    assert_eq!(write_structures(&missing_folder, &structures).unwrap_err().code(), "io");
}
