//! Framaforms exports from disk, checked against the ground truth written with them.
//!
//! `tests/fixtures/framaforms/make_fixtures.py` ports webform's exporter (Drupal webform 7.x-4.23,
//! as Framaforms runs it) and writes every variant the site produces — XLSX, seven delimiters,
//! labels or form keys, option keys, 'compact' multiple choices, the legacy UTF-16 "Excel" file,
//! older submission columns, an administrator's export with real IP addresses — plus files a
//! spreadsheet re-saved, and bad files. It also writes `expected.json`, computed from its own data:
//! each fixture's questions, every submission's answers, the personal columns to drop and the
//! personal values that must never be kept. Bad files are refused in French, naming the file and
//! the line; garbage never panics.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fabrique_core::survey::parse::submission_columns::ip_address_in;
use fabrique_core::survey::parse::{parse_export, synthetic_export};
use fabrique_core::survey::{Answer, ParsedExport, QuestionDef, QuestionKind, Submission};
use fabrique_store::files::read_survey_export;
use fabrique_store::files::survey::read_rows;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/framaforms").join(name)
}

fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let text = fs::read_to_string(fixture("expected.json")).expect("expected.json (run make_fixtures.py)");
        serde_json::from_str(&text).expect("expected.json is JSON")
    })
}

fn good() -> &'static [Value] {
    expected()["fixtures"].as_array().expect("fixtures")
}

fn good_one(name: &str) -> &'static Value {
    good().iter().find(|f| f["file"] == name).unwrap_or_else(|| panic!("{name} is not in expected.json"))
}

fn read(name: &str) -> ParsedExport {
    read_survey_export(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

/// Collects every difference instead of stopping at the first, so one run shows them all.
#[derive(Default)]
struct Report(Vec<String>);

impl Report {
    fn check<T: PartialEq + std::fmt::Debug>(&mut self, what: impl std::fmt::Display, got: T, want: T) {
        if got != want {
            self.0.push(format!("{what}:\n    got  {got:?}\n    want {want:?}"));
        }
    }

    fn fail(&mut self, what: impl std::fmt::Display) {
        self.0.push(what.to_string());
    }

    #[track_caller]
    fn finish(self) {
        assert!(self.0.is_empty(), "{} difference(s):\n{}", self.0.len(), self.0.join("\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing with the ground truth
// ---------------------------------------------------------------------------------------------

/// A text as compared: line breaks as LF (readers may turn CR LF into LF), no surrounding blanks.
fn norm(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

fn norm_answer(answer: &Answer) -> Answer {
    match answer {
        Answer::Text { value } => Answer::Text { value: norm(value) },
        Answer::Choice { value } => Answer::Choice { value: norm(value) },
        Answer::Choices { selected, other } => Answer::Choices {
            selected: selected.iter().map(|s| norm(s)).collect(),
            other: other.as_deref().map(norm).filter(|o| !o.is_empty()),
        },
        other => other.clone(),
    }
}

fn kind_code(kind: QuestionKind) -> &'static str {
    kind.as_code()
}

/// A time as written, XLSX date-times (numbers in the file) compared in ISO form either way.
fn norm_time(time: Option<&str>, xlsx: bool) -> Option<String> {
    time.map(|t| if xlsx { t.replacen(' ', "T", 1) } else { t.to_string() })
}

fn check_questions(report: &mut Report, file: &str, parsed: &[QuestionDef], want: &[Value]) {
    let got: Vec<(&str, &str)> = parsed.iter().map(|q| (q.label.as_str(), kind_code(q.kind))).collect();
    let wanted: Vec<(&str, &str)> =
        want.iter().map(|q| (q["label"].as_str().unwrap(), q["kind"].as_str().unwrap())).collect();
    report.check(format!("{file}: questions (label, kind)"), got, wanted);
    for w in want {
        let label = w["label"].as_str().unwrap();
        let Some(q) = parsed.iter().find(|q| q.label == label) else { continue };
        let kind = w["kind"].as_str().unwrap();
        let parsed_options = strings(&w["parsed_options"]);
        match kind {
            "multi" | "grid" => {
                report.check(format!("{file}: options of « {label} »"), q.options.clone(), parsed_options);
            }
            "single" => {
                // The model keeps no options for a single choice (its answers are its options); a
                // parser that lists them must list the ones the file shows, in order of appearance.
                let seen: Vec<String> =
                    w["options"].as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap().into()).collect();
                if !q.options.is_empty() && q.options != seen {
                    report.fail(format!("{file}: options of « {label} »: {:?}, want none or {seen:?}", q.options));
                }
            }
            _ => report.check(format!("{file}: options of « {label} »"), q.options.clone(), vec![]),
        }
        report.check(format!("{file}: has_other of « {label} »"), q.has_other, w["has_other"].as_bool().unwrap());
    }
}

fn check_submissions(report: &mut Report, file: &str, parsed: &ParsedExport, want: &[Value]) {
    let xlsx = file.ends_with(".xlsx");
    let got: Vec<(i64, bool)> = parsed.submissions.iter().map(|s| (s.sid, s.draft)).collect();
    let wanted: Vec<(i64, bool)> =
        want.iter().map(|s| (s["sid"].as_i64().unwrap(), s["draft"].as_bool().unwrap())).collect();
    report.check(format!("{file}: (SID, draft) of every submission"), got, wanted);
    let label_of: BTreeMap<&str, &str> = parsed.questions.iter().map(|q| (q.key.as_str(), q.label.as_str())).collect();
    for w in want {
        let sid = w["sid"].as_i64().unwrap();
        let Some(s) = parsed.submissions.iter().find(|s| s.sid == sid) else { continue };
        let at = format!("{file}: SID {sid}");
        report.check(format!("{at}: line"), s.line as u64, w["line"].as_u64().unwrap());
        report.check(format!("{at}: serial"), s.serial, w["serial"].as_i64());
        for (slot, got) in
            [("submitted_at", &s.submitted_at), ("completed_at", &s.completed_at), ("modified_at", &s.modified_at)]
        {
            report.check(
                format!("{at}: {slot}"),
                norm_time(got.as_deref(), xlsx),
                w[slot].as_str().map(|t| t.to_string()),
            );
        }
        let got: BTreeMap<String, Answer> = s
            .answers
            .iter()
            .map(|(key, a)| (label_of.get(key.as_str()).copied().unwrap_or(key).to_string(), norm_answer(a)))
            .collect();
        let mut iso: BTreeMap<String, Answer> = BTreeMap::new();
        let wanted: BTreeMap<String, Answer> = w["answers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(label, a)| {
                let mut a = a.clone();
                // A date is as written in the file; a reader may also give it in ISO form.
                if let Some(day) = a.as_object_mut().and_then(|o| o.remove("iso")) {
                    iso.insert(label.clone(), Answer::Text { value: day.as_str().unwrap().to_string() });
                }
                let answer: Answer = serde_json::from_value(a).expect("an answer of expected.json");
                (label.clone(), norm_answer(&answer))
            })
            .collect();
        for label in got.keys().chain(wanted.keys()).collect::<BTreeSet<_>>() {
            if got.contains_key(label) && got.get(label) == iso.get(label) {
                continue;
            }
            report.check(format!("{at}: « {label} »"), got.get(label), wanted.get(label));
        }
    }
}

#[test]
fn every_good_fixture_reads_to_its_ground_truth() {
    let mut report = Report::default();
    for f in good() {
        let file = f["file"].as_str().unwrap();
        let p = match read_survey_export(&fixture(file)) {
            Ok(p) => p,
            Err(e) => {
                report.fail(format!("{file}: refused: {e}"));
                continue;
            }
        };
        report.check(format!("{file}: title"), p.form_title.as_str(), f["title"].as_str().unwrap());
        report.check(format!("{file}: dropped columns"), p.dropped_columns.clone(), strings(&f["dropped_columns"]));
        check_questions(&mut report, file, &p.questions, f["questions"].as_array().unwrap());
        check_submissions(&mut report, file, &p, f["submissions"].as_array().unwrap());
    }
    report.finish();
}

#[test]
fn the_default_download_reads_as_the_questionnaire() {
    let p = read("export-fr.xlsx");
    assert_eq!(p.form_title, "Enquête sur les pratiques numériques des centres sociaux");
    let kinds: Vec<(&str, QuestionKind)> = p.questions.iter().map(|q| (q.label.as_str(), q.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Nom de la structure", QuestionKind::Text),
            ("Commune", QuestionKind::Text),
            ("Type de structure", QuestionKind::Single),
            ("Publiez-vous sur les réseaux sociaux ?", QuestionKind::Single),
            ("Outils de communication utilisés", QuestionKind::Multi),
            ("Nombre d'ordinateurs", QuestionKind::Number),
            ("Date de la dernière formation", QuestionKind::Date),
            ("Niveau d'aisance", QuestionKind::Grid),
            ("Avez-vous désigné un référent RGPD ?", QuestionKind::Single),
            ("Vos besoins", QuestionKind::Text),
        ]
    );
    assert_eq!(p.submissions.len(), 14);
    assert_eq!(p.submissions.iter().filter(|s| s.draft).count(), 2);
    let s = p.submissions.iter().find(|s| s.sid == 4131).expect("SID 4131");
    assert_eq!(
        s.answers.get("Outils de communication utilisés"),
        Some(&Answer::Choices {
            selected: vec!["Site internet".into(), "Facebook".into(), "Instagram".into()],
            other: Some("Radio locale, affichage en mairie".into()),
        })
    );
    assert_eq!(
        s.answers.get("Publiez-vous sur les réseaux sociaux ?"),
        Some(&Answer::Choice { value: "Oui, chaque semaine".into() }),
        "a label holding a comma is one option"
    );
    let zero = p.submissions.iter().find(|s| s.sid == 4138).unwrap();
    assert_eq!(zero.answers.get("Vos besoins"), None, "webform exports a textarea answer of \"0\" blank");
}

// ---------------------------------------------------------------------------------------------
// The same answers in every variant
// ---------------------------------------------------------------------------------------------

/// Form keys and option keys named with their labels, so keyed exports compare with the others.
const KEYS: &[(&str, &str)] = &[
    ("nom_structure", "Nom de la structure"),
    ("commune", "Commune"),
    ("type_structure", "Type de structure"),
    ("frequence_publication", "Publiez-vous sur les réseaux sociaux ?"),
    ("outils_communication", "Outils de communication utilisés"),
    ("nombre_ordinateurs", "Nombre d'ordinateurs"),
    ("date_formation", "Date de la dernière formation"),
    ("niveau_aisance", "Niveau d'aisance"),
    ("referent_rgpd", "Avez-vous désigné un référent RGPD ?"),
    ("besoins", "Vos besoins"),
    ("cs", "Centre social"),
    ("evs", "Espace de vie sociale"),
    ("hebdo", "Oui, chaque semaine"),
    ("parfois", "Oui, de temps en temps"),
    ("non", "Non"),
    ("oui", "Oui"),
    ("site", "Site internet"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("lettre", "Lettre d'information"),
    ("traitement", "Traitement de texte"),
    ("tableur", "Tableur"),
    ("reseaux", "Réseaux sociaux"),
    ("debutant", "Débutant"),
    ("intermediaire", "Intermédiaire"),
    ("avance", "Avancé"),
    // Headers of the submission columns and 'other' columns never name a question.
    ("outils_communication_other", "Autre..."),
    ("webform_sid", "SID"),
    ("webform_serial", "Séquentiel"),
    ("webform_time", "Heure de soumission"),
    ("webform_completed_time", "Heure de complétion"),
    ("webform_modified_time", "Heure de modification"),
    ("webform_draft", "Brouillon"),
];

fn label_for(key: &str) -> String {
    KEYS.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| l).to_string()
}

/// A text as every variant can agree on it: the delimited exporter writes `<script>` as
/// `[script]`, the XLSX exporter deletes emoji, Windows-1252 turns them into `?`.
fn canonical_text(text: &str) -> String {
    let text = text.replace("<script", "[script").replace("</script", "[/script").replace("script>", "script]");
    norm(&text.chars().filter(|c| (*c as u32) < 0x10000 && *c != '?').collect::<String>())
}

/// A date in ISO form whatever the site's format (`d/m/Y` French, `m/d/Y` English, ISO in XLSX).
fn canonical_date(text: &str, english: bool) -> String {
    let parts: Vec<&str> = text.split('/').collect();
    match parts.as_slice() {
        [a, b, y] if english => format!("{y}-{a}-{b}"),
        [d, m, y] => format!("{y}-{m}-{d}"),
        _ => text.to_string(),
    }
}

type Canonical = BTreeMap<i64, (bool, BTreeMap<String, String>)>;

/// Every submission's answers written as one comparable text per question, keys named as labels.
fn canonical(p: &ParsedExport, english: bool) -> Canonical {
    let kinds: BTreeMap<&str, (String, QuestionKind)> =
        p.questions.iter().map(|q| (q.key.as_str(), (label_for(&q.label), q.kind))).collect();
    p.submissions
        .iter()
        .map(|s: &Submission| {
            let answers = s
                .answers
                .iter()
                .map(|(key, answer)| {
                    let (label, kind) =
                        kinds.get(key.as_str()).cloned().unwrap_or((label_for(key), QuestionKind::Text));
                    let text = match answer {
                        Answer::Text { value } if kind == QuestionKind::Date => canonical_date(value.trim(), english),
                        Answer::Text { value } => canonical_text(value),
                        Answer::Choice { value } => label_for(value.trim()),
                        Answer::Number { value } => format!("{value}"),
                        Answer::Choices { selected, other } => {
                            let mut all: Vec<String> = selected.iter().map(|o| label_for(o.trim())).collect();
                            all.extend(other.iter().map(|o| canonical_text(o)).filter(|o| !o.is_empty()));
                            all.join(" | ")
                        }
                        Answer::Grid { cells } => cells
                            .iter()
                            .map(|(row, col)| format!("{} = {}", label_for(row.trim()), label_for(col.trim())))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    };
                    (label, text)
                })
                .collect();
            (s.sid, (s.draft, answers))
        })
        .collect()
}

#[test]
fn every_variant_holds_the_same_answers_once_keys_are_named() {
    let reference = canonical(&read("export-fr-labels.csv"), false);
    assert_eq!(reference.len(), 14, "the reference export reads");
    let mut report = Report::default();
    for f in good() {
        let file = f["file"].as_str().unwrap();
        if file == "export-fr-later.csv" {
            continue;
        }
        let Ok(p) = read_survey_export(&fixture(file)) else {
            report.fail(format!("{file}: refused"));
            continue;
        };
        let got = canonical(&p, file.contains("-en-"));
        for (sid, (draft, answers)) in &got {
            match reference.get(sid) {
                None => report.fail(format!("{file}: SID {sid} is not in the reference export")),
                Some((d, want)) => {
                    report.check(format!("{file}: SID {sid}: draft"), draft, d);
                    for label in answers.keys().chain(want.keys()).collect::<BTreeSet<_>>() {
                        report.check(format!("{file}: SID {sid}: « {label} »"), answers.get(label), want.get(label));
                    }
                }
            }
        }
        let sids: Vec<i64> = f["submissions"].as_array().unwrap().iter().map(|s| s["sid"].as_i64().unwrap()).collect();
        report.check(format!("{file}: SIDs"), got.keys().copied().collect::<Vec<_>>(), sids);
    }
    report.finish();
}

#[test]
fn a_later_export_repeats_sids_with_their_changes() {
    let merge = &expected()["merge"];
    let first = canonical(&read(merge["first"].as_str().unwrap()), false);
    let later = canonical(&read(merge["later"].as_str().unwrap()), false);
    let changed = merge["changed_sid"].as_i64().unwrap();
    let (mut again, mut new) = (0u64, 0u64);
    for (sid, (draft, answers)) in &later {
        match first.get(sid) {
            None => new += 1,
            Some(before) if *sid == changed => {
                again += 1;
                let differing: Vec<&String> = answers
                    .keys()
                    .chain(before.1.keys())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .filter(|k| answers.get(*k) != before.1.get(*k))
                    .collect();
                assert_eq!(differing, ["Avez-vous désigné un référent RGPD ?"], "the edited answer of SID {sid}");
            }
            Some(before) => {
                again += 1;
                assert_eq!((draft, answers), (&before.0, &before.1), "SID {sid}");
            }
        }
    }
    let imported = merge["imported"].as_u64().unwrap();
    let repeated = merge["updated"].as_u64().unwrap() + merge["unchanged"].as_u64().unwrap();
    assert_eq!((new, again), (imported, repeated));
}

/// The two exports through the store, on each engine: the same counts, the same submissions.
#[test]
fn a_later_export_merges_the_same_on_both_engines() {
    let merge = &expected()["merge"];
    let first = read(merge["first"].as_str().unwrap());
    let later = read(merge["later"].as_str().unwrap());
    let count = |key: &str| merge[key].as_u64().unwrap() as u32;
    let mut landed = Vec::new();
    for (engine, mut store) in common::each_engine() {
        eprintln!("moteur : {engine}");
        let outcome = store.import_survey(&first, "2021").unwrap();
        assert_eq!(outcome.imported as usize, first.submissions.len());
        let outcome = store.import_survey(&later, "2023").unwrap();
        assert_eq!(
            (outcome.imported, outcome.updated, outcome.unchanged),
            (count("imported"), count("updated"), count("unchanged"))
        );
        let rows: Vec<(i64, bool, BTreeMap<String, Answer>)> = store
            .form_submissions(outcome.form_id)
            .unwrap()
            .into_iter()
            .map(|r| (r.submission.sid, r.submission.draft, r.submission.answers))
            .collect();
        let waves: Vec<(String, u32, u32)> =
            store.survey_forms().unwrap()[0].waves.iter().map(|w| (w.name.clone(), w.responses, w.drafts)).collect();
        landed.push((rows, waves, store.survey_questions(outcome.form_id).unwrap()));
    }
    assert!(landed.windows(2).all(|pair| pair[0] == pair[1]), "the same on each engine");
}

// ---------------------------------------------------------------------------------------------
// Personal data
// ---------------------------------------------------------------------------------------------

fn all_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| all_strings(v, out)),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            all_strings(v, out);
        }),
        _ => {}
    }
}

/// Every label a submission column has: webform's English labels, the French site's, older
/// versions', form keys.
const SUBMISSION_COLUMNS: &[&str] = &[
    "Serial",
    "SID",
    "Submitted Time",
    "Completed Time",
    "Modified Time",
    "Draft",
    "IP Address",
    "UID",
    "Username",
    "Time",
    "Séquentiel",
    "Heure de soumission",
    "Heure de complétion",
    "Heure de modification",
    "Brouillon",
    "Adresse IP",
    "Nom d'utilisateur",
    "Heure",
    "webform_serial",
    "webform_sid",
    "webform_time",
    "webform_completed_time",
    "webform_modified_time",
    "webform_draft",
    "webform_ip_address",
    "webform_uid",
    "webform_username",
    "serial",
    "sid",
    "ip_address",
    "uid",
    "username",
    "Submission Details",
    "Détails de la soumission",
    "submission_details",
];

#[test]
fn no_personal_value_is_kept_and_no_submission_column_becomes_a_question() {
    let mut report = Report::default();
    for f in good() {
        let file = f["file"].as_str().unwrap();
        let Ok(p) = read_survey_export(&fixture(file)) else {
            report.fail(format!("{file}: refused"));
            continue;
        };
        report.check(format!("{file}: dropped columns"), p.dropped_columns.clone(), strings(&f["dropped_columns"]));
        // Only the dropped headers may name personal columns; everything else is data.
        let kept = ParsedExport { dropped_columns: vec![], ..p.clone() };
        let mut texts = Vec::new();
        all_strings(&serde_json::to_value(&kept).unwrap(), &mut texts);
        for personal in strings(&f["personal_values"]) {
            if let Some(t) = texts.iter().find(|t| t.contains(&personal)) {
                report.fail(format!("{file}: the personal value « {personal} » is kept in « {t} »"));
            }
        }
        for t in texts.iter().filter(|t| ip_address_in(t).is_some()) {
            report.fail(format!("{file}: « {t} » looks like an IP address"));
        }
        for q in &p.questions {
            for name in [&q.key, &q.label] {
                if SUBMISSION_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name.trim())) {
                    report.fail(format!("{file}: the submission column « {name} » was read as a question"));
                }
            }
        }
    }
    report.finish();
}

#[test]
fn an_administrators_export_is_read_without_its_ips_uids_and_usernames() {
    let f = good_one("export-fr-admin.csv");
    let personal = strings(&f["personal_values"]);
    assert!(personal.iter().any(|v| v == "2a01:cb00::1") && personal.iter().any(|v| v == "jdupont"), "{personal:?}");
    let p = read("export-fr-admin.csv");
    assert_eq!(p.dropped_columns, ["Adresse IP", "UID", "Nom d'utilisateur"]);
    let all = format!("{p:?}");
    for value in personal {
        assert!(!all.contains(&value), "« {value} » kept");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad files
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_files_are_refused_in_french_naming_file_and_line() {
    let mut report = Report::default();
    for bad in expected()["bad"].as_array().unwrap() {
        let name = bad["file"].as_str().unwrap();
        let err = match read_survey_export(&fixture(name)) {
            Ok(p) => {
                report.fail(format!("{name}: read, with {} submission(s), instead of refused", p.submissions.len()));
                continue;
            }
            Err(e) => e.to_string(),
        };
        let place = match bad["line"].as_u64() {
            Some(line) => format!("Fichier « {name} », ligne {line}"),
            None => format!("Fichier « {name} »"),
        };
        if !err.starts_with(&place) {
            report.fail(format!("{name}: the message should start with « {place} »: {err}"));
        }
        let words = ["le ", "la ", "les ", "fichier", "colonne", "ligne", "export", "aucune", "n'est"];
        if !words.iter().any(|w| err.to_lowercase().contains(w)) || err.contains(" the ") {
            report.fail(format!("{name}: not a French message: {err}"));
        }
        if let Some(sid) = bad["sid"].as_i64() {
            if !err.contains(&sid.to_string()) {
                report.fail(format!("{name}: the message should name the SID {sid}: {err}"));
            }
        }
    }
    report.finish();
    let truncated = read_survey_export(&fixture("bad-truncated.csv")).unwrap_err().to_string();
    assert!(truncated.contains("tronqué"), "{truncated}");
    let code = |name: &str| read_survey_export(&fixture(name)).unwrap_err().code();
    assert_eq!(code("bad-binary.csv"), "file_unreadable");
    let err = read_survey_export(Path::new("résultats.pdf")).unwrap_err();
    assert_eq!(err.code(), "unsupported_format");
}

#[test]
fn garbage_and_damaged_exports_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let sources: Vec<Vec<u8>> = [
        "export-fr-labels.csv",
        "export-en-excel.xls",
        "export-fr.xlsx",
        "export-fr-resaved-cp1252.csv",
        "export-fr-compact.csv",
        "export-fr-keys.csv",
    ]
    .iter()
    .map(|n| fs::read(fixture(n)).unwrap())
    .collect();
    for i in 0..600 {
        let mut bytes = sources[i % sources.len()].clone();
        match next() % 5 {
            0 => bytes.truncate((next() as usize) % bytes.len()),
            1 => {
                for _ in 0..8 {
                    let at = next() as usize % bytes.len();
                    bytes[at] = next() as u8;
                }
            }
            2 => {
                let at = next() as usize % bytes.len();
                bytes.insert(at, b"\"\t;,\n\0"[next() as usize % 6]);
            }
            3 => {
                // A line (or a stretch of the file) removed.
                let at = next() as usize % bytes.len();
                let len = (next() as usize % 400).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
            _ => bytes = (0..next() % 3000).map(|_| next() as u8).collect(),
        }
        let name = ["x.csv", "x.tsv", "x.xls", "x.xlsx", "x.txt"][i % 5];
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        if let Err(e) = read_survey_export(&path) {
            assert!(e.to_string().starts_with(&format!("Fichier « {name} »")), "{e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Large exports
// ---------------------------------------------------------------------------------------------

#[test]
fn a_large_export_round_trips_through_a_file() {
    let rows = synthetic_export(2_000, 150);
    let direct = parse_export(&rows, "grand.csv").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grand.csv");
    let quote = |c: &str| format!("\"{}\"", c.replace('"', "\"\""));
    let text: String =
        rows.iter().map(|r| r.cells().map(quote).collect::<Vec<_>>().join(".") + "\n").collect::<String>();
    fs::write(&path, text).unwrap();
    assert_eq!(read_rows(&path).unwrap(), rows, "'.' delimited, answers full of dots and commas");
    let read = read_survey_export(&path).unwrap();
    assert_eq!(read, direct);
    assert_eq!(read.submissions.len(), 2_000);
}

/// `python3 tests/fixtures/framaforms/make_fixtures.py --large /tmp/large.tsv`, then
/// `FRAMAFORMS_LARGE=/tmp/large.tsv cargo test -p fabrique-store --test survey_files -- --ignored`.
#[test]
#[ignore = "needs the large export written by make_fixtures.py --large"]
fn the_large_generated_export_reads() {
    let path = std::env::var("FRAMAFORMS_LARGE").expect("FRAMAFORMS_LARGE: path of the large export");
    let started = std::time::Instant::now();
    let p = read_survey_export(Path::new(&path)).unwrap();
    eprintln!("{} submissions, {} questions in {:?}", p.submissions.len(), p.questions.len(), started.elapsed());
    assert_eq!(p.submissions.len(), 10_000);
    assert_eq!(p.dropped_columns, ["IP Address", "UID", "Username"]);
    assert_eq!(p.questions.iter().filter(|q| q.kind == QuestionKind::Grid).count(), 11);
    assert_eq!(p.questions.iter().filter(|q| q.kind == QuestionKind::Multi).count(), 12);
    assert!(p.questions.iter().filter(|q| q.kind == QuestionKind::Multi).all(|q| q.has_other && q.options.len() == 4));
}
