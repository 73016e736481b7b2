//! Framaforms exports from disk: every variant the site writes (seven delimiters, labels or form
//! keys in English or French, compact multiple choices, the legacy UTF-16 "Excel" export, XLSX) and
//! the files a spreadsheet re-saves read to the same questions and answers. Bad files are refused
//! in French, naming the file and the line; garbage never panics.
//!
//! The fixtures are written by `tests/fixtures/framaforms/make_fixtures.py`.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use fabrique_core::survey::parse::{parse_export, synthetic_export};
use fabrique_core::survey::{Answer, ParsedExport, QuestionKind};
use fabrique_store::files::read_survey_export;
use fabrique_store::files::survey::read_rows;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/framaforms").join(name)
}

fn read(name: &str) -> ParsedExport {
    read_survey_export(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const MULTI: &str = "Outils de communication utilisés";
const GRID: &str = "Niveau d'aisance";
const NUMBER: &str = "Nombre d'ordinateurs";

/// The questionnaire every fixture holds: (key, kind, options, has_other).
fn expected_questions() -> Vec<(String, QuestionKind, Vec<String>, bool)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        ("Nom de la structure".into(), QuestionKind::Text, vec![], false),
        ("Commune".into(), QuestionKind::Text, vec![], false),
        ("Type de structure".into(), QuestionKind::Single, vec![], false),
        (
            MULTI.into(),
            QuestionKind::Multi,
            s(&["Site internet", "Facebook", "Instagram", "Lettre d'information"]),
            true,
        ),
        (NUMBER.into(), QuestionKind::Number, vec![], false),
        ("Proposez-vous un accompagnement numérique ?".into(), QuestionKind::Single, vec![], false),
        (GRID.into(), QuestionKind::Grid, s(&["Traitement de texte", "Tableur", "Réseaux sociaux"]), false),
        ("Vos besoins".into(), QuestionKind::Text, vec![], false),
    ]
}

fn questions(p: &ParsedExport) -> Vec<(String, QuestionKind, Vec<String>, bool)> {
    p.questions.iter().map(|q| (q.key.clone(), q.kind, q.options.clone(), q.has_other)).collect()
}

/// (sid, draft, answers) of every submission, comparable across variants.
type Comparable = Vec<(i64, bool, Vec<(String, Answer)>)>;

fn comparable(p: &ParsedExport) -> Comparable {
    p.submissions.iter().map(|s| (s.sid, s.draft, s.answers.clone().into_iter().collect())).collect()
}

/// The form-key export named with the labels, to compare it with the others.
fn keys_to_labels(p: &mut ParsedExport) {
    let names: HashMap<&str, &str> = [
        ("nom_structure", "Nom de la structure"),
        ("commune", "Commune"),
        ("type_structure", "Type de structure"),
        ("outils_communication", MULTI),
        ("nombre_ordinateurs", NUMBER),
        ("accompagnement_numerique", "Proposez-vous un accompagnement numérique ?"),
        ("niveau_aisance", GRID),
        ("besoins", "Vos besoins"),
        ("traitement_texte", "Traitement de texte"),
        ("tableur", "Tableur"),
        ("reseaux_sociaux", "Réseaux sociaux"),
    ]
    .into();
    let rename = |k: &mut String| {
        if let Some(label) = names.get(k.as_str()) {
            *k = label.to_string();
        }
    };
    for q in &mut p.questions {
        rename(&mut q.key);
        q.options.iter_mut().for_each(rename);
    }
    for s in &mut p.submissions {
        let answers = std::mem::take(&mut s.answers);
        for (mut key, mut answer) in answers {
            rename(&mut key);
            if let Answer::Grid { cells } = &mut answer {
                cells.iter_mut().for_each(|(row, _)| rename(row));
            }
            s.answers.insert(key, answer);
        }
    }
}

/// A multiple choice's answer as a set of labels, 'other' text included (how 'compact' mode has it).
fn flattened(answer: &Answer) -> BTreeSet<String> {
    match answer {
        Answer::Choices { selected, other } => selected.iter().chain(other).cloned().collect(),
        other => panic!("not a multiple choice: {other:?}"),
    }
}

#[test]
fn the_reference_export_reads_as_the_questionnaire() {
    let p = read("export-labels-en.tsv");
    assert_eq!(p.form_title, "Enquête sur les pratiques numériques des centres sociaux");
    assert_eq!(questions(&p), expected_questions());
    assert_eq!(p.dropped_columns, ["IP Address", "UID", "Username"]);
    let sids: Vec<(i64, Option<i64>, bool, usize)> =
        p.submissions.iter().map(|s| (s.sid, s.serial, s.draft, s.line)).collect();
    assert_eq!(
        sids,
        [
            (101, Some(1), false, 4),
            (102, Some(2), false, 5),
            (104, Some(3), false, 6),
            (107, Some(4), false, 8),
            (108, Some(5), false, 9),
            (110, Some(6), true, 10)
        ],
        "the answer on two lines shifts the next line numbers; the draft is flagged"
    );
    let s104 = &p.submissions[2];
    assert_eq!(s104.submitted_at.as_deref(), Some("18/06/2021 - 11:05"));
    assert_eq!(s104.completed_at.as_deref(), Some("18/06/2021 - 11:05"));
    assert_eq!(s104.modified_at, None);
    let text = |v: &str| Answer::Text { value: v.into() };
    let choice = |v: &str| Answer::Choice { value: v.into() };
    let expected: Vec<(String, Answer)> = vec![
        ("Commune".into(), text("Bègles")),
        (
            GRID.into(),
            Answer::Grid {
                cells: vec![
                    ("Traitement de texte".into(), "Avancé".into()),
                    ("Tableur".into(), "Intermédiaire".into()),
                    ("Réseaux sociaux".into(), "Avancé".into()),
                ],
            },
        ),
        ("Nom de la structure".into(), text("Centre social L'Étoile")),
        (NUMBER.into(), Answer::Number { value: 25.0 }),
        (
            MULTI.into(),
            Answer::Choices {
                selected: vec!["Site internet".into(), "Facebook".into(), "Instagram".into()],
                other: Some("Affichage « maison » en mairie".into()),
            },
        ),
        ("Proposez-vous un accompagnement numérique ?".into(), choice("Oui")),
        ("Type de structure".into(), choice("Centre social")),
        ("Vos besoins".into(), text("Des ateliers; un accompagnement\nsur deux lignes.")),
    ];
    assert_eq!(s104.answers.clone().into_iter().collect::<Vec<_>>(), expected);
    assert_eq!(p.submissions[1].answers["Vos besoins"], text("Un ordinateur \"portable\" pour les permanences."));
    assert_eq!(p.submissions[3].answers["Vos besoins"], text("Rien de particulier [script] — merci."));
    let draft = &p.submissions[5];
    assert_eq!(draft.completed_at, None);
    assert_eq!(draft.answers.keys().collect::<Vec<_>>(), ["Commune", "Nom de la structure", "Type de structure"]);
    let all = format!("{p:?}");
    assert!(!all.contains("192.168") && !all.contains("jdupont") && !all.contains("10.0.0.7"), "personal data kept");
}

#[test]
fn every_variant_reads_to_the_same_questions_and_answers() {
    let reference = read("export-labels-en.tsv");
    let want = comparable(&reference);
    let en = ["IP Address", "UID", "Username"];
    let fr = ["Adresse IP", "UID", "Nom d'utilisateur"];
    let variants: [(&str, &[&str]); 13] = [
        ("export-labels-fr.csv", &fr),
        ("export-semicolon.csv", &fr),
        ("export-colon.csv", &en),
        ("export-pipe.csv", &["Adresse IP", "Nom d'utilisateur"]),
        ("export-dot.csv", &en),
        ("export-space.csv", &fr),
        ("export-keys.csv", &["ip_address", "uid", "username"]),
        ("export-excel.xls", &en),
        ("export.xlsx", &fr),
        ("export-resaved-cp1252.csv", &fr),
        ("export-resaved-bom.csv", &en),
        ("export-labels-en.tsv", &en),
        ("export-compact.csv", &fr),
    ];
    for (name, dropped) in variants {
        let mut p = read(name);
        if name == "export-keys.csv" {
            assert_eq!(p.questions[3].key, "outils_communication", "form keys are the question keys");
            keys_to_labels(&mut p);
        }
        assert_eq!(p.dropped_columns, dropped, "{name}");
        assert_eq!(p.form_title, reference.form_title, "{name}");
        if name == "export-compact.csv" {
            let mut want_questions = expected_questions();
            want_questions[3].2 = ["Facebook", "Site internet", "Instagram", "Lettre d'information"]
                .iter()
                .map(|o| o.to_string())
                .chain(["Affichage « maison » en mairie".to_string()])
                .collect();
            want_questions[3].3 = false;
            assert_eq!(questions(&p), want_questions, "{name}: labels joined by commas are a multiple choice");
            for (got, want) in p.submissions.iter().zip(&reference.submissions) {
                assert_eq!(got.answers.keys().collect::<Vec<_>>(), want.answers.keys().collect::<Vec<_>>());
                for (key, answer) in &got.answers {
                    if key == MULTI {
                        assert_eq!(flattened(answer), flattened(&want.answers[key]), "{name}: sid {}", got.sid);
                    } else {
                        assert_eq!(answer, &want.answers[key], "{name}: sid {}", got.sid);
                    }
                }
            }
            continue;
        }
        assert_eq!(questions(&p), expected_questions(), "{name}");
        assert_eq!(comparable(&p), want, "{name}");
        let first = &p.submissions[0];
        if name == "export.xlsx" {
            assert_eq!(first.submitted_at.as_deref(), Some("2021-06-14T09:12:00"), "{name}: ISO dates");
            assert_eq!(p.submissions.iter().map(|s| s.line).collect::<Vec<_>>(), [4, 5, 6, 7, 8, 9]);
        } else {
            assert_eq!(first.submitted_at.as_deref(), Some("14/06/2021 - 09:12"), "{name}");
            assert_eq!(p.submissions.iter().map(|s| s.line).collect::<Vec<_>>(), [4, 5, 6, 8, 9, 10], "{name}");
        }
        let serials: Vec<Option<i64>> = p.submissions.iter().map(|s| s.serial).collect();
        if name == "export-pipe.csv" {
            assert!(serials.iter().all(Option::is_none), "the pipe export leaves the serial out");
        } else {
            assert_eq!(serials, (1..=6).map(Some).collect::<Vec<_>>(), "{name}");
        }
        let all = format!("{p:?}");
        assert!(!all.contains("192.168") && !all.contains("jdupont"), "{name}: personal data kept");
    }
}

#[test]
fn a_later_export_repeats_sids_with_their_changes() {
    let first = read("export-labels-en.tsv");
    let later = read("export-later.tsv");
    assert_eq!(questions(&later), expected_questions());
    assert_eq!(later.submissions.iter().map(|s| s.sid).collect::<Vec<_>>(), [104, 107, 108, 110, 112, 115]);
    for s in &later.submissions {
        let Some(before) = first.submissions.iter().find(|b| b.sid == s.sid) else { continue };
        if s.sid == 107 {
            assert_eq!(before.answers[NUMBER], Answer::Number { value: 0.0 });
            assert_eq!(s.answers[NUMBER], Answer::Number { value: 2.0 }, "the changed answer");
            let (mut a, mut b) = (s.answers.clone(), before.answers.clone());
            a.remove(NUMBER);
            b.remove(NUMBER);
            assert_eq!(a, b);
        } else {
            assert_eq!((s.draft, &s.answers), (before.draft, &before.answers), "sid {}", s.sid);
        }
    }
    assert_eq!(
        later.submissions[5].answers[MULTI],
        Answer::Choices { selected: vec!["Facebook".into()], other: Some("Radio locale".into()) }
    );
}

#[test]
fn bad_files_are_refused_in_french_naming_file_and_line() {
    let cases = [
        ("bad-no-headers.csv", ", ligne 1 : ce fichier n'a pas de lignes d'en-tête (format d'en-tête « Aucun »)"),
        ("bad-directory.csv", " : ce fichier n'est pas un export des résultats de Framaforms"),
        ("bad-truncated.csv", ", ligne 8, colonne W : un guillemet ouvre cette cellule mais n'est jamais refermé"),
        ("bad-header-only.tsv", ", ligne 3 : le fichier ne contient que les lignes d'en-tête, aucune réponse"),
        ("bad-binary.csv", " : ce fichier n'est pas un tableau au format texte (il contient des données binaires)"),
        ("bad-empty.csv", " : le fichier est vide"),
        ("bad-duplicate-sid.csv", ", ligne 11, colonne B : le SID 104 figure déjà ligne 6"),
        ("bad-no-sid.csv", ", ligne 3 : la colonne « SID » (le numéro de chaque soumission) est absente"),
    ];
    for (name, message) in cases {
        let err = read_survey_export(&fixture(name)).expect_err(name).to_string();
        let want = format!("Fichier « {name} »{message}");
        assert!(err.starts_with(&want), "{name}:\n  got  {err}\n  want {want}…");
    }
    assert!(read_survey_export(&fixture("bad-truncated.csv")).unwrap_err().to_string().contains("tronqué"));
    let code = |name: &str| read_survey_export(&fixture(name)).unwrap_err().code();
    assert_eq!(code("bad-duplicate-sid.csv"), "survey_file");
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
    let sources: Vec<Vec<u8>> =
        ["export-labels-fr.csv", "export-excel.xls", "export.xlsx", "export-resaved-cp1252.csv"]
            .iter()
            .map(|n| fs::read(fixture(n)).unwrap())
            .collect();
    for i in 0..400 {
        let mut bytes = sources[i % sources.len()].clone();
        match next() % 4 {
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

#[test]
fn a_large_export_round_trips_through_a_file() {
    let rows = synthetic_export(2_000, 150);
    let direct = parse_export(&rows, "grand.csv").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grand.csv");
    let quote = |c: &String| format!("\"{}\"", c.replace('"', "\"\""));
    let text: String =
        rows.iter().map(|r| r.cells.iter().map(quote).collect::<Vec<_>>().join(".") + "\n").collect::<String>();
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
    assert_eq!(p.questions.iter().filter(|q| q.kind == QuestionKind::Grid).count(), 11);
    assert!(p.questions.iter().filter(|q| q.kind == QuestionKind::Multi).all(|q| q.has_other && q.options.len() == 4));
}
