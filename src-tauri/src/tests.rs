//! Command tests through Tauri's IPC with a mock runtime: the same handlers the window calls,
//! with file dialogs answered by the test.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fabrique_api::ApiError;
use fabrique_store::Store;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

use crate::dialogs::{FileDialogs, FileFilter};
use crate::state::AppState;

/// Answers each dialog with the next queued path (None: the user cancelled).
#[derive(Default)]
struct ScriptedDialogs {
    answers: Mutex<Vec<Option<PathBuf>>>,
}

impl ScriptedDialogs {
    fn answer(&self, path: Option<&Path>) {
        self.answers.lock().unwrap().insert(0, path.map(Path::to_path_buf));
    }
    fn next(&self) -> Option<PathBuf> {
        self.answers.lock().unwrap().pop().expect("a dialog opened that the test did not expect")
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open_file(&self, _title: &str, _filter: &FileFilter) -> Option<PathBuf> {
        self.next()
    }
    fn save_file(&self, _title: &str, _default_name: &str, _filter: &FileFilter) -> Option<PathBuf> {
        self.next()
    }
}

struct Harness {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dialogs: Arc<ScriptedDialogs>,
    dir: tempfile::TempDir,
}

impl Harness {
    fn with_state(state: AppState) -> Self {
        let dialogs = Arc::new(ScriptedDialogs::default());
        state.set_dialogs(dialogs.clone());
        let app = crate::builder(mock_builder()).manage(state).build(mock_context(noop_assets())).unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Harness { _app: app, window, dialogs, dir: tempfile::tempdir().unwrap() }
    }

    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(&dir.path().join("fabrique.sqlite"), false);
        let mut h = Self::with_state(state);
        h.dir = dir;
        h
    }

    fn invoke(&self, cmd: &str, body: Value) -> Result<Value, ApiError> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // Linux and macOS serve the app from tauri://localhost; the docs' http URL is refused.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|b| b.deserialize::<Value>().unwrap())
            .map_err(|e| serde_json::from_value(e).expect("errors are {code, message}"))
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.invoke(cmd, body).unwrap_or_else(|e| panic!("{cmd} failed: {e:?}"))
    }

    fn search(&self, query: Value) -> Value {
        self.ok("search_structures", json!({ "query": query }))
    }
}

fn names(page: &Value) -> Vec<String> {
    page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn empty_database_then_demo_and_search_ignoring_accents() {
    let h = Harness::new();
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["empty"], true);
    assert_eq!(h.ok("load_demo", json!({})), json!(49));
    assert_eq!(h.ok("app_info", json!({}))["empty"], false);

    let all = h.search(json!({}));
    assert_eq!(all["summary"], "34 adhérentes, 15 non adhérentes");
    let merignac = h.search(json!({ "text": "merignac" }));
    let rows = merignac["rows"].as_array().unwrap();
    assert!(rows.len() >= 3);
    assert!(rows.iter().all(|r| r["commune"] == "Mérignac"), "{rows:?}");
    assert_eq!(merignac["all_counts"]["total"], 49);

    let evs_hors_metropole = h.search(json!({ "kind": "evs", "territory": "hors_metropole" }));
    assert!(evs_hors_metropole["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "evs" && r["metropole"] == false));
}

#[test]
fn create_edit_delete_and_undo() {
    let h = Harness::new();
    let draft = json!({
        "name": "EVS Le Lien", "kind": "evs", "member": true, "member_since": 2019,
        "caf_approval_start": null, "caf_approval_end": "2027-06-30", "address": "2 rue du Port",
        "postal_code": "", "commune": "pessac", "insee": null, "area": null, "qpv": false,
        "siret": "732 829 320 00074", "rna": "w332001234", "phone": "05 56 00 00 00",
        "email": "contact@lien.example", "website": "", "social_networks": "", "employees": 2,
        "volunteers": 15, "notes": "", "tags": ["Numérique"]
    });
    let created = h.ok("create_structure", json!({ "draft": draft }));
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["commune"], "Pessac");
    assert_eq!(created["insee"], "33318");
    assert_eq!(created["siret"], "73282932000074");
    assert_eq!(created["territory"]["metropole"], true);

    let mut edited = draft.clone();
    edited["phone"] = json!("05 57 11 22 33");
    h.ok("update_structure", json!({ "id": id, "draft": edited, "openedVersion": created["version"] }));
    let detail = h.ok("structure_detail", json!({ "id": id }));
    assert_eq!(detail["structure"]["phone"], "05 57 11 22 33");
    assert_eq!(detail["structure"]["version"], 2);
    // A form opened on the first version, saved after that change: refused, nothing written.
    let mut late = draft.clone();
    late["phone"] = json!("06 00 00 00 00");
    let conflict = h
        .invoke("update_structure", json!({ "id": id, "draft": late, "openedVersion": created["version"] }))
        .unwrap_err();
    assert_eq!(conflict.code, "conflict");
    assert!(conflict.message.contains("Quelqu'un d'autre a enregistré la fiche"), "{conflict:?}");
    let detail = h.ok("structure_detail", json!({ "id": id }));
    assert_eq!(detail["structure"]["phone"], "05 57 11 22 33");

    h.ok("delete_structure", json!({ "id": id }));
    assert!(names(&h.search(json!({}))).is_empty());
    h.ok("restore_structure", json!({ "id": id }));
    assert_eq!(names(&h.search(json!({}))), ["EVS Le Lien"]);
}

#[test]
fn invalid_input_gives_a_french_message_and_writes_nothing() {
    let h = Harness::new();
    let bad = json!({
        "name": "CS Test", "kind": "centre_social", "member": false, "member_since": null,
        "caf_approval_start": null, "caf_approval_end": null, "address": "", "postal_code": "",
        "commune": "Pessac", "insee": null, "area": null, "qpv": false, "siret": "12345678901234",
        "rna": null, "phone": "", "email": "", "website": "", "social_networks": "", "employees": null,
        "volunteers": null, "notes": "", "tags": []
    });
    let err = h.invoke("create_structure", json!({ "draft": bad })).unwrap_err();
    assert_eq!(err.code, "invalid_field");
    assert!(err.message.contains("SIRET") && err.message.contains("clé de contrôle"), "{}", err.message);
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 0);
}

#[test]
fn import_through_the_dialog_previews_then_applies() {
    let h = Harness::new();
    let csv = h.dir.path().join("structures.csv");
    std::fs::write(
        &csv,
        "Nom;Type;Commune;Adhérente\nCentre social du Lac;Centre social;Bordeaux;oui\nEVS La Ruche;EVS;Cadillac-sur-Garonne;non\n",
    )
    .unwrap();
    h.dialogs.answer(None);
    assert_eq!(h.ok("pick_import_file", json!({})), Value::Null, "cancelled dialog does nothing");

    h.dialogs.answer(Some(&csv));
    let preview = h.ok("pick_import_file", json!({}));
    assert_eq!(preview["file_name"], "structures.csv");
    assert_eq!(preview["plan"]["created"], 2);
    assert_eq!(preview["mapping"], json!(["name", "kind", "commune", "member"]));
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 0, "a preview writes nothing");

    let result = h.ok("apply_import", json!({ "path": csv, "mapping": preview["mapping"] }));
    assert_eq!(result, json!({ "created": 2, "updated": 0 }));
    assert_eq!(names(&h.search(json!({}))), ["Centre social du Lac", "EVS La Ruche"]);
}

#[test]
fn export_backup_and_restore_through_dialogs() {
    let h = Harness::new();
    h.ok("load_demo", json!({}));
    let xlsx = h.dir.path().join("annuaire.xlsx");
    h.dialogs.answer(Some(&xlsx));
    let written = h.ok("export_structures", json!({ "query": { "member": false } }));
    assert_eq!(written, json!(xlsx.display().to_string()));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);

    let backup = h.dir.path().join("sauvegarde.fabrique");
    h.dialogs.answer(Some(&backup));
    h.ok("backup_database", json!({}));
    let first = h.search(json!({}))["rows"][0]["id"].clone();
    let person = h.ok("structure_detail", json!({ "id": first }))["people"][0]["id"].clone();
    h.ok("erase_person", json!({ "id": person }));
    h.ok("delete_structure", json!({ "id": first }));
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 48);

    h.dialogs.answer(Some(&backup));
    let restored = h.ok("restore_database", json!({}));
    assert_eq!(restored, json!({ "path": backup.display().to_string(), "erased_again": 1, "kept": null }));
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 49);
    let people = h.ok("structure_detail", json!({ "id": first }))["people"].clone();
    assert!(people.as_array().unwrap().iter().all(|p| p["id"] != person), "the erased person stays erased");

    let not_a_db = h.dir.path().join("notes.fabrique");
    std::fs::write(&not_a_db, "ceci n'est pas une base").unwrap();
    h.dialogs.answer(Some(&not_a_db));
    let err = h.invoke("restore_database", json!({})).unwrap_err();
    assert_eq!(err.code, "not_a_fabrique_database");
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 49, "a refused restore changes nothing");
}

#[test]
fn a_database_that_cannot_open_is_reported_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    drop(Store::open(&path).unwrap());
    set_user_version(&path, 999);
    let h = Harness::with_state(AppState::open(&path, false));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["problem"]["code"], "newer_schema");
    assert!(info["problem"]["message"].as_str().unwrap().contains("mettez Fabrique à jour"), "{info}");
    assert_eq!(info["db_path"], path.display().to_string());
    assert_eq!(h.invoke("search_structures", json!({ "query": {} })).unwrap_err().code, "newer_schema");

    // Restoring a backup in its place: a cancelled dialog changes nothing, a chosen backup
    // replaces the base and the unreadable file is set aside.
    let backup = dir.path().join("sauvegarde.fabrique");
    let mut source = Store::open(&dir.path().join("autre.sqlite")).unwrap();
    source.load_demo(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()).unwrap();
    source.backup_to(&backup).unwrap();
    h.dialogs.answer(None);
    assert_eq!(h.ok("replace_database", json!({ "fromBackup": true })), Value::Null);
    assert_eq!(h.ok("app_info", json!({}))["problem"]["code"], "newer_schema");
    h.dialogs.answer(Some(&backup));
    let replaced = h.ok("replace_database", json!({ "fromBackup": true }));
    let aside = replaced["set_aside"].as_str().unwrap();
    assert!(Path::new(aside).exists() && aside.contains("future.sqlite.mise-de-cote-"), "{replaced}");
    assert_eq!(h.ok("app_info", json!({}))["problem"], Value::Null);
    assert_eq!(h.search(json!({}))["all_counts"]["total"], 49);
    assert_eq!(
        h.invoke("replace_database", json!({ "fromBackup": false })).unwrap_err().code,
        "database_open",
        "never on a base that opens"
    );
}

/// Sets SQLite's user_version by patching the header (bytes 60..64), as a newer app would leave it.
fn set_user_version(path: &Path, version: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&version.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn the_interface_arms_and_disarms_the_close_guard() {
    let h = Harness::new();
    let state = || h.window.state::<AppState>();
    assert!(!state().has_unsaved_changes());
    h.ok("set_unsaved_changes", json!({ "unsaved": true }));
    assert!(state().has_unsaved_changes());
    h.ok("set_unsaved_changes", json!({ "unsaved": false }));
    assert!(!state().has_unsaved_changes());
}

#[test]
fn only_websites_and_e_mails_are_opened() {
    let h = Harness::new();
    for target in ["file:///etc/passwd", "/usr/bin/xterm", "javascript:alert(1)", ""] {
        let err = h.invoke("open_link", json!({ "target": target })).unwrap_err();
        assert_eq!(err.code, "invalid_link", "{target}");
        assert!(err.message.contains("corrigez-la dans la fiche"), "{}", err.message);
    }
}

#[test]
fn form_drafts_survive_the_window() {
    let h = Harness::new();
    assert_eq!(h.ok("form_draft", json!({ "key": "structure:nouvelle" })), Value::Null);
    h.ok("save_form_draft", json!({ "key": "structure:nouvelle", "content": "{\"name\":\"EVS Les Passerelles\"}" }));
    let draft = h.ok("form_draft", json!({ "key": "structure:nouvelle" }));
    assert_eq!(draft["content"], "{\"name\":\"EVS Les Passerelles\"}");
    h.ok("discard_form_draft", json!({ "key": "structure:nouvelle" }));
    assert_eq!(h.ok("form_draft", json!({ "key": "structure:nouvelle" })), Value::Null);
}

/// A dossier for the first structure of the demo directory, as the Dossiers view creates it.
fn new_dossier(h: &Harness, title: &str) -> Value {
    h.ok("load_demo", json!({}));
    let structure = h.search(json!({}))["rows"][0].clone();
    let header = json!({
        "structure_id": structure["id"], "title": title, "project": "Ateliers numériques",
        "year": 2027, "funder": "departement"
    });
    let view = h.ok("create_dossier", json!({ "new": { "template": "ailds", "header": header } }));
    assert_eq!(view["applicant"], structure["name"]);
    view
}

#[test]
fn a_dossier_is_created_written_and_reopened_with_its_completeness() {
    let h = Harness::new();
    let created = new_dossier(&h, "AILDS 2027 — premier centre");
    let id = created["dossier"]["id"].clone();
    assert_eq!(created["dossier"]["template_name"], "ailds");
    assert_eq!(created["dossier"]["template_revision"], 1);
    let before = created["completeness"]["percent"].as_u64().unwrap();
    assert!(before < 50, "an untouched template: {before}");
    assert!(created["completeness"]["gaps"].as_array().unwrap().iter().any(|g| g["kind"] == "budget_empty"));

    // The writer fills every section and a balanced budget; the autosave returns the new view.
    let mut content = created["dossier"]["content"].clone();
    for section in content["sections"].as_array_mut().unwrap() {
        section["body"] = json!(format!("Texte rédigé pour « {} ».", section["title"].as_str().unwrap()));
    }
    content["budget"] = json!({ "lines": [
        { "account": "64", "label": "Animatrice", "amount_cents": 1_000_000, "funder": null },
        { "account": "74", "label": "Département", "amount_cents": 600_000, "funder": "departement" },
        { "account": "74", "label": "CAF", "amount_cents": 400_000, "funder": "caf" }
    ] });
    let saved = h.ok("save_dossier_content", json!({ "id": id, "content": content }));
    assert_eq!(saved["view"]["completeness"], json!({ "percent": 100, "gaps": [] }));
    assert_eq!((&saved["conflicts"], &saved["budget_conflict"]), (&json!([]), &json!(false)));

    // A window that opened the text before that save and changed the same section gets it back
    // as a conflict, both versions given; the stored text stays.
    let opened_before = created["dossier"]["content"].clone();
    let mut late = opened_before.clone();
    late["sections"][0]["body"] = json!("Écrit dans une autre fenêtre.");
    let key = late["sections"][0]["key"].clone();
    let changed = json!({ "sections": [key], "budget": false, "since": opened_before });
    let saved = h.ok("save_dossier_content", json!({ "id": id, "content": late, "changed": changed }));
    assert_eq!(saved["conflicts"][0]["key"], key);
    assert_eq!(saved["conflicts"][0]["mine"], "Écrit dans une autre fenêtre.");
    assert_eq!(saved["conflicts"][0]["theirs"], content["sections"][0]["body"]);
    assert_eq!(saved["view"]["dossier"]["content"], content);

    let opened = h.ok("open_dossier", json!({ "id": id }));
    assert_eq!(opened["dossier"]["content"], content, "what the editor sent is what it reads back");
    assert_eq!(opened["completeness"]["percent"], 100);
    assert_eq!(opened["summary"]["requested_cents"], 600_000);
    assert_eq!(opened["summary"]["balanced"], true);
    let first = &opened["preview"][0];
    assert_eq!(first["key"], content["sections"][0]["key"]);
    assert!(first["blocks"].to_string().contains("Texte rédigé pour"), "{first}");
    let rows = h.ok("list_dossiers", json!({}));
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(row["completeness"], 100);
    assert_eq!(h.ok("dossier_versions", json!({ "id": id })).as_array().unwrap().len(), 1);

    // A refused save says why in French and keeps the text.
    let mut bad = content.clone();
    bad["sections"][0]["body"] = json!("Ne doit pas rester.");
    bad["budget"]["lines"][0]["account"] = json!("99");
    let err = h.invoke("save_dossier_content", json!({ "id": id, "content": bad })).unwrap_err();
    assert_eq!(err.code, "invalid_field");
    assert!(err.message.contains("le compte « 99 » n'existe pas"), "{}", err.message);
    assert_eq!(h.ok("open_dossier", json!({ "id": id }))["dossier"]["content"], content);
    assert_eq!(h.invoke("open_dossier", json!({ "id": 4242 })).unwrap_err().code, "not_found");
}

#[test]
fn a_dossier_is_exported_as_pdf_through_the_dialog() {
    let h = Harness::new();
    let id = new_dossier(&h, "AILDS 2027 — export")["dossier"]["id"].clone();

    h.dialogs.answer(None);
    assert_eq!(h.ok("export_dossier_pdf", json!({ "id": id })), Value::Null, "cancelled: nothing written");
    assert_eq!(
        std::fs::read_dir(h.dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension() == Some("pdf".as_ref()))
            .count(),
        0
    );

    let pdf = h.dir.path().join("exports/dossier AILDS.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    h.dialogs.answer(Some(&pdf));
    assert_eq!(h.ok("export_dossier_pdf", json!({ "id": id })), json!(pdf.display().to_string()));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 5_000, "{} bytes", bytes.len());
    assert_eq!(std::fs::read_dir(pdf.parent().unwrap()).unwrap().count(), 1, "no temporary file left");

    assert_eq!(h.invoke("export_dossier_pdf", json!({ "id": 4242 })).unwrap_err().code, "not_found");
}

#[test]
fn importing_a_json_file_that_is_not_a_template_names_it_in_french() {
    let h = Harness::new();
    let before = h.ok("dossier_options", json!({}))["templates"].clone();
    assert_eq!(before.as_array().unwrap().len(), 2);

    let other = h.dir.path().join("structures-export.json");
    std::fs::write(&other, r#"[{ "name": "Centre social du Lac", "commune": "Bordeaux" }]"#).unwrap();
    h.dialogs.answer(Some(&other));
    let err = h.invoke("import_template", json!({})).unwrap_err();
    assert_eq!(err.code, "invalid_field");
    assert!(err.message.contains("structures-export.json"), "{}", err.message);
    assert!(err.message.contains("n'est pas un modèle de dossier Fabrique"), "{}", err.message);

    let broken = h.dir.path().join("modèle coupé.json");
    std::fs::write(&broken, "{\n  \"format\": \"fabrique-modele-dossier\",\n  \"name\": ").unwrap();
    h.dialogs.answer(Some(&broken));
    let err = h.invoke("import_template", json!({})).unwrap_err();
    assert_eq!(err.code, "file_unreadable");
    assert!(err.message.starts_with("Fichier « modèle coupé.json », ligne 3"), "{}", err.message);

    h.dialogs.answer(None);
    assert_eq!(h.ok("import_template", json!({})), Value::Null);
    assert_eq!(h.ok("dossier_options", json!({}))["templates"], before, "a refused import adds no template");

    // A template Fabrique exported comes back as a new revision.
    let exported = h.dir.path().join("modele-ailds.json");
    h.dialogs.answer(Some(&exported));
    h.ok("export_template", json!({ "name": "ailds" }));
    h.dialogs.answer(Some(&exported));
    let imported = h.ok("import_template", json!({}));
    assert_eq!((imported["name"].clone(), imported["revision"].clone()), (json!("ailds"), json!(2)));
}

#[test]
fn a_survey_export_is_previewed_imported_and_analysed_through_the_commands() {
    let h = Harness::new();
    assert_eq!(h.ok("survey_view", json!({ "formId": null, "waveId": null, "includeDrafts": false })), Value::Null);

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/store/tests/fixtures/framaforms/export-en-labels.tsv");
    h.dialogs.answer(Some(&fixture));
    let preview = h.ok("pick_survey_file", json!({}));
    assert_eq!((preview["submissions"].as_u64(), preview["drafts"].as_u64()), (Some(14), Some(2)), "{preview}");
    assert_eq!(preview["dropped_columns"], json!(["IP Address", "UID", "Username"]));
    assert_eq!(preview["known_form"], false);

    let bad = h.invoke("import_survey", json!({ "path": preview["path"], "wave": "  " })).unwrap_err();
    assert!(bad.message.contains("vague"), "{}", bad.message);
    let result = h.ok("import_survey", json!({ "path": preview["path"], "wave": "2021" }));
    assert_eq!(result["imported"], 14);

    let view = h.ok("survey_view", json!({ "formId": null, "waveId": null, "includeDrafts": false }));
    assert_eq!(view["responses"], 12, "drafts left out");
    let with_drafts =
        h.ok("survey_view", json!({ "formId": view["form_id"], "waveId": view["wave_id"], "includeDrafts": true }));
    assert_eq!(with_drafts["responses"], 14);
    let key = view["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "multi")
        .map(|q| q["key"].clone())
        .expect("a multi-choice question");
    let args = |split: Value| json!({ "formId": view["form_id"], "waveId": view["wave_id"], "key": key, "includeDrafts": false, "splitBy": split, "compareWaveId": null });
    let detail = h.ok("question_detail", args(Value::Null));
    assert_eq!(detail["stats"]["answered"], 11);
    assert!(detail["chart"]["bars"].as_array().unwrap().len() >= 4, "{detail}");
    let split = h.ok("question_detail", args(json!({ "by": "question", "key": "Type de structure" })));
    let groups: Vec<&str> = split["split"].as_array().unwrap().iter().map(|g| g["label"].as_str().unwrap()).collect();
    assert_eq!(groups, ["Centre social", "Espace de vie sociale", "Non renseigné"], "{split}");

    h.ok("set_question_theme", json!({ "formId": view["form_id"], "key": key, "theme": "Communication" }));
    let view =
        h.ok("survey_view", json!({ "formId": view["form_id"], "waveId": view["wave_id"], "includeDrafts": false }));
    let themed = view["questions"].as_array().unwrap().iter().find(|q| q["key"] == key).unwrap()["theme"].clone();
    assert_eq!(themed, "Communication");

    let xlsx = h.dir.path().join("chiffres.xlsx");
    h.dialogs.answer(Some(&xlsx));
    h.ok(
        "export_survey_figures",
        json!({ "formId": view["form_id"], "waveId": view["wave_id"], "includeDrafts": false }),
    );
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 2_000);
}

#[test]
fn rgpd_ratings_evidence_reports_and_a_new_checklist_version_through_the_commands() {
    let h = Harness::new();
    h.ok("load_demo", json!({}));
    let dashboard = h.ok("rgpd_dashboard", json!({}));
    assert!(dashboard["overall"].as_u64().unwrap() > 0, "{}", dashboard["overall"]);
    assert!(!dashboard["overdue"].as_array().unwrap().is_empty());
    let fresh = dashboard["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["progress"]["assessed"] == 0)
        .expect("a structure not yet assessed")
        .clone();
    let id = fresh["structure_id"].clone();

    let no_reason =
        json!({ "status": "non_applicable", "note": "", "reason": "", "evidence": "", "owner": "", "due": null });
    let err = h
        .invoke(
            "set_rgpd_assessment",
            json!({ "structureId": id, "itemId": "transparence-cookies", "draft": no_reason }),
        )
        .unwrap_err();
    assert!(err.message.contains("pourquoi"), "{}", err.message);
    let done = json!({ "status": "conforme", "note": "Désigné en CA", "reason": "", "evidence": "Compte rendu du 3 mars", "owner": "Direction", "due": null });
    let centre = h.ok("set_rgpd_assessment", json!({ "structureId": id, "itemId": "gouv-referent", "draft": done }));
    assert!(centre["progress"]["progress"].as_u64().unwrap() > 0, "{}", centre["progress"]);
    assert_eq!(centre["history"].as_array().unwrap().len(), 4, "statut, note, preuve, responsable");

    let charter = h.dir.path().join("charte informatique.pdf");
    std::fs::write(&charter, b"%PDF-1.4 charte").unwrap();
    h.dialogs.answer(Some(&charter));
    let centre = h.ok("add_rgpd_evidence", json!({ "structureId": id, "itemId": "gouv-sensibilisation" }));
    assert_eq!(centre["evidence"][0]["file_name"], "charte informatique.pdf");

    let plan = h.dir.path().join("plan.csv");
    h.dialogs.answer(Some(&plan));
    h.ok("export_action_plan", json!({ "structureId": id }));
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("Structure;Étape;Point;Statut"), "{text}");
    assert!(!text.contains("Un référent RGPD est désigné"), "a compliant item is not in the plan");

    let summary = h.dir.path().join("synthèse.pdf");
    h.dialogs.answer(Some(&summary));
    h.ok("export_rgpd_summary", json!({}));
    assert!(std::fs::read(&summary).unwrap().starts_with(b"%PDF-"));

    let mut checklist = h.ok("rgpd_checklist", json!({}));
    assert_eq!(checklist["version"], 1);
    checklist["items"][0]["title"] = json!("Un référent RGPD est désigné et connu de tous");
    let next = h.ok("save_rgpd_checklist", json!({ "checklist": checklist }));
    assert_eq!(next["version"], 2);
    let centre = h.ok("rgpd_centre", json!({ "structureId": id }));
    let changes: Vec<(&str, &str)> = centre["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["item_id"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert!(changes.contains(&("gouv-referent", "modifié")), "{changes:?}");
}

/// A publication from the idea to the calendar through the window's commands: written, asked for
/// validation, refused with its reason, revised, validated, planned, and exported as iCalendar.
#[test]
fn a_publication_goes_through_the_board_and_into_the_calendar() {
    let h = Harness::new();
    let draft = json!({
        "title": "Portes ouvertes", "text": "Samedi, de 10 h à 17 h.", "channels": ["facebook", "site"],
        "structure_ids": [], "partners": ["CAF de la Gironde"], "planned_at": "2027-01-16T10:00:00"
    });
    let created = h.ok("create_publication", json!({ "draft": draft }));
    let id = created["card"]["publication"]["id"].clone();
    assert_eq!(created["card"]["publication"]["status"], "idee");
    let step = |to: &str, extra: Value| {
        let mut step = json!({ "to": to, "reason": "", "link": "", "validator": "" });
        step.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        h.invoke("move_publication", json!({ "id": id, "step": step }))
    };
    step("redaction", json!({})).unwrap();
    step("a_valider", json!({})).unwrap();
    let refused = step("refusee", json!({ "validator": "Paul" })).unwrap_err();
    assert_eq!(refused.code, "invalid_field");
    assert!(refused.message.contains("pourquoi"), "{}", refused.message);
    let after = step("refusee", json!({ "validator": "Paul", "reason": "Photo floue" })).unwrap();
    assert_eq!(after["card"]["publication"]["refusal_reason"], "Photo floue");
    assert_eq!(after["history"][0]["after"], "refusee");
    step("redaction", json!({})).unwrap();
    let saved = h.ok(
        "save_publication",
        json!({ "id": id, "draft": draft, "openedVersion": after["card"]["publication"]["version"].as_i64().unwrap() + 1 }),
    );
    assert_eq!(saved["card"]["publication"]["draft"], Value::Null, "the draft's fields are flattened");
    step("a_valider", json!({})).unwrap();
    step("validee", json!({ "validator": "Paul" })).unwrap();
    step("programmee", json!({})).unwrap();
    let commented = h.ok("comment_publication", json!({ "id": id, "text": "Parfait." }));
    assert_eq!(commented["comments"][0]["text"], "Parfait.");
    let board = h.ok("publication_board", json!({}));
    assert_eq!(board["cards"][0]["publication"]["status"], "programmee");
    assert_eq!(board["team"], false);
    assert_eq!(board["waiting_days"], 3);
    assert_eq!(h.ok("set_publication_waiting_days", json!({ "days": 5 }))["waiting_days"], 5);
    assert_eq!(h.invoke("set_publication_waiting_days", json!({ "days": 0 })).unwrap_err().code, "invalid_field");
    assert_eq!(h.ok("publication_board", json!({}))["waiting_days"], 5);

    // A picture: chosen, shown, saved back to a file to post, removed.
    let photo = h.dir.path().join("affiche.jpg");
    image::RgbImage::from_pixel(300, 200, image::Rgb([200, 80, 40])).save(&photo).unwrap();
    h.dialogs.answer(Some(&photo));
    let with_image = h.ok("add_publication_image", json!({ "id": id }));
    let picture = &with_image["images"][0];
    assert_eq!((picture["name"].as_str(), picture["width"].as_u64()), (Some("affiche.jpg"), Some(300)));
    let data = h.ok("publication_image_data", json!({ "image": picture["id"] }));
    assert!(data.as_str().unwrap().starts_with("data:image/jpeg;base64,/9j/"), "{data}");
    let saved = h.dir.path().join("à publier.jpg");
    h.dialogs.answer(Some(&saved));
    h.ok("export_publication_image", json!({ "image": picture["id"], "name": "affiche.jpg" }));
    assert!(std::fs::read(&saved).unwrap().starts_with(&[0xFF, 0xD8, 0xFF]));
    let not_an_image = h.dir.path().join("notes.png");
    std::fs::write(&not_an_image, "pas une image").unwrap();
    h.dialogs.answer(Some(&not_an_image));
    let refused = h.invoke("add_publication_image", json!({ "id": id })).unwrap_err();
    assert!(
        refused.message.contains("notes.png") && refused.message.contains("pas une image lisible"),
        "{}",
        refused.message
    );
    let without = h.ok("delete_publication_image", json!({ "image": picture["id"] }));
    assert_eq!(without["images"], json!([]));

    let ics = h.dir.path().join("publications.ics");
    h.dialogs.answer(Some(&ics));
    assert_eq!(h.ok("export_publications_ics", json!({})), json!(ics.display().to_string()));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("SUMMARY:Portes ouvertes (Page Facebook\\, Site)"), "{text}");
    assert!(text.contains("DTSTART:20270116T100000"), "{text}");

    // The month's newsletter holds it in its agenda, in the proposal and in the files.
    let month = h.ok("lettre_month", json!({ "year": 2027, "month": 1 }));
    assert_eq!(month["written"], json!(null));
    let preview = &month["proposal"];
    assert_eq!(preview["title"], "Lettre du réseau — janvier 2027");
    assert_eq!(preview["sections"][3]["title"], "Agenda");
    assert_eq!(preview["sections"][3]["entries"][0]["date"], "16 janvier");
    let html = h.dir.path().join("lettre.html");
    h.dialogs.answer(Some(&html));
    h.ok("export_lettre_html", json!({ "year": 2027, "month": 1 }));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("16 janvier — Portes ouvertes"), "{text}");
    let pdf = h.dir.path().join("lettre.pdf");
    h.dialogs.answer(Some(&pdf));
    h.ok("export_lettre_pdf", json!({ "year": 2027, "month": 1 }));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // Written, the letter is what is exported; saved against the version the editor opened.
    let started = h.ok("start_lettre", json!({ "year": 2027, "month": 1 }));
    let written = &started["written"];
    let mut letter = written["letter"].clone();
    letter["intro"] = json!("Meilleurs vœux à tout le réseau !");
    let saved =
        h.ok("save_lettre", json!({ "id": written["id"], "letter": letter, "openedVersion": written["version"] }));
    assert_eq!(saved["version"], json!(written["version"].as_i64().unwrap() + 1));
    let stale =
        h.invoke("save_lettre", json!({ "id": written["id"], "letter": letter, "openedVersion": written["version"] }));
    assert_eq!(stale.unwrap_err().code, "conflict");
    h.dialogs.answer(Some(&html));
    h.ok("export_lettre_html", json!({ "year": 2027, "month": 1 }));
    assert!(std::fs::read_to_string(&html).unwrap().contains("Meilleurs vœux à tout le réseau !"));
    let sent = h.ok("mark_lettre_sent", json!({ "id": written["id"], "sent": true }));
    assert!(sent["written"]["sent_on"].is_string());
    assert_eq!(sent["past"][0]["month"], "2027-01");
    let february = h.ok("duplicate_lettre", json!({ "from": written["id"], "year": 2027, "month": 2 }));
    assert_eq!(february["written"]["letter"]["intro"], "Meilleurs vœux à tout le réseau !");
    assert_eq!(february["written"]["letter"]["title"], "Lettre du réseau — février 2027");
    let forgotten = h.ok("discard_lettre", json!({ "id": february["written"]["id"] }));
    assert_eq!(forgotten["written"], json!(null));

    h.ok("delete_publication", json!({ "id": id }));
    assert_eq!(h.invoke("publication_detail", json!({ "id": id })).unwrap_err().code, "not_found");
}

/// The news watch through the window's commands: a link added by hand, marked « à partager » with
/// a note and a tag; a feed that is not a web address refused in French.
#[test]
fn the_news_watch_keeps_a_link_added_by_hand_and_its_marks() {
    let h = Harness::new();
    assert_eq!(h.ok("veille_view", json!({}))["items"], json!([]));
    let refused = h.invoke("add_veille_feed", json!({ "url": "file:///etc/passwd" })).unwrap_err();
    assert_eq!(refused.code, "invalid_field");
    assert!(refused.message.contains("n'est pas une adresse web"), "{}", refused.message);
    let item = h.ok(
        "add_veille_link",
        json!({ "url": "https://www.linkedin.com/posts/hubik-1", "title": "HUBIK recrute", "note": "" }),
    );
    let marks = json!({ "read": true, "share": true, "note": "Pour la lettre.", "tags": ["numérique"] });
    let marked = h.ok("mark_veille_item", json!({ "id": item["id"], "marks": marks }));
    assert_eq!(
        (&marked["share"], &marked["note"], &marked["tags"]),
        (&json!(true), &json!("Pour la lettre."), &json!(["numérique"]))
    );
    let view = h.ok("veille_view", json!({}));
    assert_eq!(view["items"][0]["title"], "HUBIK recrute");
    assert_eq!(h.ok("fetch_veille", json!({})), json!([]), "no feed followed: nothing fetched");
}

/// Partners, meetings and a dossier's life through the window's commands: a meeting with a
/// follow-up past its date shows in « À venir / en retard » until it is closed; its minutes are
/// written as a PDF; the demo's dossier waiting for an answer is granted and paid, and found in
/// the year's totals, also as a workbook.
#[test]
fn partners_meetings_and_the_life_of_a_dossier_through_the_commands() {
    let h = Harness::new();
    h.ok("load_demo", json!({}));
    let partner = h.ok(
        "create_partner",
        json!({ "draft": {
        "name": "Médiathèque départementale", "kind": "institution", "address": "", "website": "",
        "themes": ["lecture"], "follow_up_months": 6, "notes": "" } }),
    );
    let partner_id = partner["row"]["partner"]["id"].clone();
    let twice = h.invoke("create_partner", json!({ "draft": partner["row"]["partner"] })).unwrap_err();
    assert!(twice.message.contains("est déjà un partenaire"), "{}", twice.message);
    let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string();
    let meeting = h.ok("create_meeting", json!({ "draft": {
        "title": "Premier contact", "held_on": yesterday, "starts_at": null, "duration_minutes": 60, "place": "",
        "online": true, "ours": ["Paul Martin"], "theirs": [], "structure_ids": [], "partner_ids": [partner_id],
        "notes": "", "decisions": "",
        "follow_ups": [{ "id": null, "what": "Envoyer la plaquette", "who": "Paul", "due_on": yesterday, "done_on": null }] } }));
    assert_eq!(meeting["overdue_follow_ups"], 1);
    let agenda = h.ok("agenda", json!({}));
    let late = agenda["overdue"].as_array().unwrap().iter().find(|o| o["meeting_title"] == "Premier contact").unwrap();
    let closed = h.ok("set_follow_up_done", json!({ "id": late["follow_up"]["id"], "done": true }));
    assert_eq!(closed["overdue_follow_ups"], 0);
    let agenda = h.ok("agenda", json!({}));
    assert!(agenda["overdue"].as_array().unwrap().iter().all(|o| o["meeting_title"] != "Premier contact"));
    assert!(!agenda["to_contact"].as_array().unwrap().is_empty(), "the demo's CAF is to contact again");
    let pdf = h.dir.path().join("compte rendu.pdf");
    h.dialogs.answer(Some(&pdf));
    h.ok("export_meeting_pdf", json!({ "id": meeting["meeting"]["id"] }));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let detail = h.ok("partner_detail", json!({ "id": partner_id }));
    assert_eq!(detail["row"]["last_contact"], json!(yesterday));

    let rows = h.ok("list_dossiers", json!({}));
    let waiting = rows.as_array().unwrap().iter().find(|d| d["outcome"]["status"] == "envoye").unwrap();
    let (id, year) = (waiting["id"].clone(), waiting["year"].as_i64().unwrap());
    let today = chrono::Local::now().date_naive().to_string();
    let refused = h.invoke(
        "set_dossier_status",
        json!({ "id": id, "change": {
        "to": "accorde", "date": today, "granted_cents": null, "conditions": "", "reason": "" } }),
    );
    assert!(refused.unwrap_err().message.contains("montant accordé"));
    let granted = h.ok(
        "set_dossier_status",
        json!({ "id": id, "change": {
        "to": "accorde", "date": today, "granted_cents": 1_250_000, "conditions": "", "reason": "" } }),
    );
    assert_eq!(granted["moves"], json!(["envoye"]));
    let paid = h
        .ok("add_dossier_payment", json!({ "id": id, "receivedOn": today, "amountCents": 625_000, "note": "Acompte" }));
    assert_eq!(paid["received_cents"], 625_000);
    let totals = h.ok("dossier_totals", json!({ "year": year }));
    let total = totals.as_array().unwrap().last().unwrap().clone();
    assert!(total["granted_cents"].as_i64().unwrap() >= 1_250_000, "{total}");
    let xlsx = h.dir.path().join("totaux.xlsx");
    h.dialogs.answer(Some(&xlsx));
    h.ok("export_dossier_totals", json!({ "year": year }));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}
