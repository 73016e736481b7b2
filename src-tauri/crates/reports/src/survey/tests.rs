//! Tests of the whole report, and the survey waves and readers the section tests share.

use std::process::Command;

use fabrique_core::survey::stats::question_stats;
use fabrique_core::survey::testing::submission;
use fabrique_core::survey::{Answer, QuestionKind, Submission};
use fabrique_pdf::model::plain_text;

use super::*;

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the PDF with poppler's pdftotext, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run reads it"
)]
fn the_photographie_has_every_theme_question_chart_and_prints() {
    let defs = [
        def("equipement", "Équipement informatique de la structure", QuestionKind::Single, &[]),
        def("reseaux", "Réseaux sociaux utilisés", QuestionKind::Multi, &["Facebook", "Instagram", "LinkedIn"]),
        def("salaries", "Nombre de salariés", QuestionKind::Number, &[]),
        def("usages", "Fréquence d'usage", QuestionKind::Grid, &["Ordinateur", "Téléphone"]),
        def("besoins", "Besoins exprimés", QuestionKind::Text, &[]),
    ];
    let grid = |a: &str, b: &str| Answer::Grid {
        cells: vec![("Ordinateur".into(), a.into()), ("Téléphone".into(), b.into())],
    };
    let multi = |s: &[&str], other: Option<&str>| Answer::Choices {
        selected: s.iter().map(|x| x.to_string()).collect(),
        other: other.map(str::to_string),
    };
    let subs = [
        submission(
            1,
            vec![
                ("equipement", Answer::Choice { value: "Suffisant".into() }),
                ("reseaux", multi(&["Facebook", "Instagram"], Some("Mastodon"))),
                ("salaries", Answer::Number { value: 12.0 }),
                ("usages", grid("Tous les jours", "Souvent")),
                ("besoins", Answer::Text { value: "Former l’équipe à la sécurité numérique".into() }),
            ],
        ),
        submission(
            2,
            vec![
                ("equipement", Answer::Choice { value: "Insuffisant".into() }),
                ("reseaux", multi(&["Facebook"], None)),
                ("salaries", Answer::Number { value: 3.5 }),
                ("usages", grid("Tous les jours", "Tous les jours")),
                ("besoins", Answer::Text { value: "=1+1 un ordinateur portable".into() }),
            ],
        ),
        submission(3, vec![("equipement", Answer::Choice { value: "Suffisant".into() })]),
    ];
    let refs: Vec<&Submission> = subs.iter().collect();
    let stats: Vec<QuestionStats> = defs.iter().map(|d| question_stats(d, &refs)).collect();
    let input = SurveyReportInput {
        form_title: "Enquête sur les pratiques numériques des centres sociaux",
        wave: "Printemps 2026",
        first_date: Some("02/03/2026".into()),
        last_date: Some("30/04/2026".into()),
        responses: 3,
        directory_size: 60,
        linked: 2,
        themes: vec![
            ("Équipement".into(), vec![(&defs[0], &stats[0]), (&defs[2], &stats[2])]),
            ("Réseaux sociaux".into(), vec![(&defs[1], &stats[1]), (&defs[3], &stats[3])]),
            (OTHER_QUESTIONS.into(), vec![(&defs[4], &stats[4])]),
        ],
        link_keys: vec![],
        earlier: None,
        today: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
    };
    let doc = survey_report(&input);
    let text = text_of(&doc.blocks);
    for theme in ["Méthode", "Équipement", "Réseaux sociaux", OTHER_QUESTIONS, "Paroles de structures"] {
        assert!(text.lines().any(|l| l == theme), "theme {theme} missing:\n{text}");
    }
    for d in &defs {
        assert!(text.matches(d.label.as_str()).count() >= 2, "{} in its section and the annex", d.label);
    }
    assert!(text.contains("Taux de réponse : 3\u{a0}%"), "2 ÷ 60:\n{text}");
    assert!(text.contains("= 2 ÷ 60"));
    assert!(text.contains("[Facebook=100\u{a0}%]") && text.contains("[Instagram=50\u{a0}%]"), "{text}");
    assert!(text.contains("Suffisant|2|67\u{a0}%|"), "{text}");
    assert!(text.contains("7,8|7,8|3,5|12|"), "mean, median, min, max:\n{text}");
    // « Autre » is a row of its own, after the declared options, then the typed texts.
    assert!(text.contains("LinkedIn|0|0\u{a0}%|Autre|1|50\u{a0}%|"), "{text}");
    assert!(
        text.contains("Réponses saisies pour «\u{a0}Autre\u{a0}» (1 répondant) :\n«\u{a0}Mastodon\u{a0}»"),
        "{text}"
    );
    assert!(
        text.contains("Équipement informatique de la structure — Suffisant : 67\u{a0}%"),
        "a highlight names its question:\n{text}"
    );
    assert!(text.contains("«\u{a0}Former l’équipe à la sécurité numérique\u{a0}»"));
    assert!(!text.contains("« ") && !text.contains(" »"), "no line break inside guillemets:\n{text}");
    assert!(text.contains("Fréquence d'usage|Grille|Réseaux sociaux|"), "annex:\n{text}");
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::BarChart(_))));
    let tp = doc.title_page.as_ref().unwrap();
    assert_eq!(tp.title, "Photographie des pratiques numériques");
    assert!(tp.lines.contains(&"Document établi le 4 mai 2026".to_string()), "{:?}", tp.lines);

    let pdf = fabrique_pdf::to_pdf(&doc).unwrap();
    let path = std::env::temp_dir().join(format!("fabrique-photographie-{}.pdf", std::process::id()));
    let pdf_text = pdf_text(&pdf, &path, false);
    for needle in [
        "Photographie des pratiques numériques",
        "Équipement informatique",
        "Réseaux sociaux utilisés",
        "Fréquence",
        "Téléphone",
        "67",
        "%",
        "Sommaire",
    ] {
        assert!(pdf_text.contains(needle), "{needle:?} missing from the PDF:\n{pdf_text}");
    }
}

#[test]
fn no_title_is_printed_twice_and_link_questions_are_never_quoted() {
    let (defs, subs) = wave(12, 0);
    let refs: Vec<&Submission> = subs.iter().collect();
    let stats: Vec<QuestionStats> = defs.iter().map(|d| question_stats(d, &refs)).collect();
    let doc = report_of(&defs, &stats, None, 12);
    for (heading, block) in headings_then(&doc.blocks) {
        if let Block::BarChart(c) = block {
            assert_ne!(fold(&c.title), fold(&heading), "the chart repeats its heading {heading:?}");
        }
    }
    let text = text_of(&doc.blocks);
    assert!(!text.contains("Centre social Étoile"), "the names given are not quoted:\n{text}");
    assert!(!text.contains("Bègles"), "nor the communes:\n{text}");
    assert!(text.contains("«\u{a0}Former l’équipe au tableur"), "other free texts are:\n{text}");
    assert!(text.contains("rattacher les réponses aux structures"), "{text}");
    let tp = doc.title_page.as_ref().unwrap();
    assert_ne!(tp.subtitle.as_deref().map(fold), Some(fold(&tp.title)));
    // A form named like the report: its name is not printed a second time under the title.
    let mut same = SurveyReportInput {
        form_title: REPORT_TITLE,
        wave: "2025",
        first_date: None,
        last_date: None,
        responses: 0,
        directory_size: 0,
        linked: 0,
        themes: vec![],
        link_keys: vec![],
        earlier: None,
        today: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
    };
    assert_eq!(survey_report(&same).title_page.unwrap().subtitle, None);
    same.form_title = "Enquête 2025";
    assert_eq!(survey_report(&same).title_page.unwrap().subtitle.as_deref(), Some("Enquête 2025"));
}

#[test]
fn every_question_heading_is_on_the_page_of_its_chart_or_table() {
    // Many choice questions with more and more options: their headings fall all over the pages.
    let defs: Vec<QuestionDef> =
        (0..36).map(|i| def(&format!("q{i}"), &format!("Question numéro {i}"), QuestionKind::Single, &[])).collect();
    let subs: Vec<Submission> = (0..20)
        .map(|s| {
            submission(
                s,
                defs.iter()
                    .enumerate()
                    .map(|(i, d)| {
                        (d.key.as_str(), Answer::Choice { value: format!("Réponse {}", s % (2 + i as i64 % 7)) })
                    })
                    .collect(),
            )
        })
        .collect();
    let refs: Vec<&Submission> = subs.iter().collect();
    let stats: Vec<QuestionStats> = defs.iter().map(|d| question_stats(d, &refs)).collect();
    let pairs: Vec<(&QuestionDef, &QuestionStats)> = defs.iter().zip(&stats).collect();
    let input = SurveyReportInput {
        form_title: "Enquête",
        wave: "2025",
        first_date: None,
        last_date: None,
        responses: 20,
        directory_size: 20,
        linked: 20,
        themes: vec![("Premier thème".into(), pairs[..18].to_vec()), ("Second thème".into(), pairs[18..].to_vec())],
        link_keys: vec![],
        earlier: None,
        today: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
    };
    let l = fabrique_pdf::layout(&survey_report(&input));
    let labels: Vec<String> = defs.iter().map(|d| d.label.clone()).collect();
    let headings = question_headings(&l, &labels);
    assert_eq!(headings.len(), defs.len(), "each question heading once (the annex is in table text)");
    let mut low = 0;
    for (page, y, label) in &headings {
        // The first bar below the heading, on the same page: right under the heading and its lead-in.
        let first_bar = l.pages[*page]
            .items
            .iter()
            .filter_map(|i| match i {
                fabrique_pdf::Item::Rect { y: ry, fill, .. } if *ry > *y && *fill == fabrique_pdf::Color::BAR_TRACK => {
                    Some(*ry)
                }
                _ => None,
            })
            .fold(f32::INFINITY, f32::min);
        assert!(first_bar - y < 25.0, "{label} (page {}) is not followed by its chart on its page", page + 1);
        if *y > fabrique_pdf::layout::CONTENT_BOTTOM - 80.0 {
            low += 1;
        }
    }
    assert!(low > 3, "some headings sit in the lower part of their pages: {low}");
    // The chart does not repeat the heading: each label is printed once as bold text in the body.
    for label in &labels {
        let printed = l
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(
                |i| matches!(i, fabrique_pdf::Item::Text { text, face: fabrique_pdf::Face::Bold, .. } if text == label),
            )
            .count();
        assert_eq!(printed, 1, "{label}");
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the PDF with poppler's pdftotext, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run reads it"
)]
fn a_rendered_report_reads_back_with_its_evolution_and_no_linked_names() {
    let (defs, before_subs) = wave(8, 1);
    let (_, after_subs) = wave(12, 0);
    let before = fabrique_core::survey::stats::wave_stats(&defs, &before_subs.iter().collect::<Vec<_>>());
    let after_refs: Vec<&Submission> = after_subs.iter().collect();
    let stats: Vec<QuestionStats> = defs.iter().map(|d| question_stats(d, &after_refs)).collect();
    let doc = report_of(&defs, &stats, Some(EarlierWave { name: "2021", stats: &before }), 12);
    let pdf = fabrique_pdf::to_pdf(&doc).unwrap();
    // FABRIQUE_REPORT_PDF=/tmp/photographie.pdf keeps the file, to look at its pages.
    let kept = std::env::var_os("FABRIQUE_REPORT_PDF").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("fabrique-photographie-evolution-{}.pdf", std::process::id()))
    });
    let text = pdf_text(&pdf, &path, kept.is_some());
    for needle in [
        "Évolution depuis 2021",
        "Outils de communication utilisés — Facebook : 67",
        "Réponses saisies pour «\u{a0}Autre\u{a0}»",
        "«\u{a0}Groupe WhatsApp\u{a0}»",
        "Aisance de l’équipe",
        "pts",
        "Paroles de structures",
        "Former l’équipe au tableur",
    ] {
        // pdftotext gives no-break spaces back as spaces.
        let needle = needle.replace('\u{a0}', " ");
        assert!(text.contains(&needle.replace('’', "'")) || text.contains(&needle), "{needle:?} missing:\n{text}");
    }
    assert!(!text.contains("Étoile n°") && !text.contains("Bègles"), "the linking answers are not quoted:\n{text}");
    let heading_lines = text.lines().filter(|l| l.trim() == "Avez-vous un site internet ?").count();
    assert_eq!(heading_lines, 3, "its section, the evolution and the annex; no chart title under them:\n{text}");
}

fn def(key: &str, label: &str, kind: QuestionKind, options: &[&str]) -> QuestionDef {
    QuestionDef {
        key: key.into(),
        label: label.into(),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
        has_other: kind == QuestionKind::Multi,
    }
}

pub(super) fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::Note { spans } => {
                out.push_str(&plain_text(spans));
            }
            Block::List { items, .. } => items.iter().for_each(|i| out.push_str(&text_of(i))),
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    for c in row {
                        out.push_str(&plain_text(c));
                        out.push('|');
                    }
                }
            }
            Block::BarChart(c) => {
                out.push_str(&c.title);
                c.bars.iter().for_each(|b| out.push_str(&format!("[{}={}]", b.label, b.display)));
            }
            Block::PageBreak | Block::Rule => {}
        }
        out.push('\n');
    }
    out
}

/// Every block that is not a heading, with the text of the last heading before it.
pub(super) fn headings_then(blocks: &[Block]) -> Vec<(String, &Block)> {
    let mut out = Vec::new();
    let mut last = String::new();
    for b in blocks {
        if let Block::Heading { spans, .. } = b {
            last = plain_text(spans);
        } else {
            out.push((last.clone(), b));
        }
    }
    out
}

/// A demo-like wave: identification questions, a multiple choice with an 'other' text, a single
/// choice, a number and a grid, over `n` submissions whose answers depend on `shift`.
pub(super) fn wave(n: i64, shift: i64) -> (Vec<QuestionDef>, Vec<Submission>) {
    let defs = vec![
        def("nom", "Nom de la structure", QuestionKind::Text, &[]),
        def("commune", "Commune", QuestionKind::Text, &[]),
        def("outils", "Outils de communication utilisés", QuestionKind::Multi, &["Site internet", "Facebook"]),
        def("site", "Avez-vous un site internet ?", QuestionKind::Single, &[]),
        def("postes", "Nombre d'ordinateurs", QuestionKind::Number, &[]),
        def("aisance", "Aisance de l'équipe", QuestionKind::Grid, &["Tableur", "Réseaux sociaux"]),
        def("besoins", "Vos besoins en quelques mots", QuestionKind::Text, &[]),
    ];
    let subs = (0..n)
        .map(|i| {
            let k = i + shift;
            submission(
                i + 1,
                vec![
                    ("nom", Answer::Text { value: format!("Centre social Étoile n° {i}") }),
                    ("commune", Answer::Text { value: "Bègles".into() }),
                    (
                        "outils",
                        Answer::Choices {
                            selected: if k % 3 == 0 { vec!["Site internet".into()] } else { vec!["Facebook".into()] },
                            other: (i == 1).then(|| "Groupe WhatsApp".to_string()),
                        },
                    ),
                    ("site", Answer::Choice { value: if k % 4 == 0 { "Non" } else { "Oui" }.into() }),
                    ("postes", Answer::Number { value: (k % 5) as f64 }),
                    (
                        "aisance",
                        Answer::Grid {
                            cells: vec![
                                ("Tableur".into(), if k % 2 == 0 { "Débutant" } else { "Avancé" }.into()),
                                ("Réseaux sociaux".into(), "Avancé".into()),
                            ],
                        },
                    ),
                    ("besoins", Answer::Text { value: format!("Former l’équipe au tableur, demande n° {i}") }),
                ],
            )
        })
        .collect();
    (defs, subs)
}

pub(super) fn report_of<'a>(
    defs: &'a [QuestionDef],
    stats: &'a [QuestionStats],
    earlier: Option<EarlierWave<'a>>,
    responses: u32,
) -> Document {
    let pairs: Vec<(&QuestionDef, &QuestionStats)> = defs.iter().zip(stats).collect();
    survey_report(&SurveyReportInput {
        form_title: "Pratiques numériques des centres sociaux et EVS de Gironde",
        wave: "2025",
        first_date: None,
        last_date: None,
        responses,
        directory_size: 40,
        linked: responses,
        themes: vec![
            ("Communication".into(), pairs[2..4].to_vec()),
            ("Équipements".into(), pairs[4..6].to_vec()),
            (OTHER_QUESTIONS.into(), vec![pairs[0], pairs[1], pairs[6]]),
        ],
        link_keys: vec!["nom", "commune"],
        earlier,
        today: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
    })
}

/// The question headings (level 3, bold, 11.5 pt) laid out: (page, y, text).
fn question_headings(l: &fabrique_pdf::Layout, labels: &[String]) -> Vec<(usize, f32, String)> {
    let mut out = Vec::new();
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            if let fabrique_pdf::Item::Text { y, text, size, face: fabrique_pdf::Face::Bold, .. } = item {
                if (*size - 11.5).abs() < 1e-3 && labels.contains(text) {
                    out.push((p, *y, text.clone()));
                }
            }
        }
    }
    out
}

/// The text of `pdf` as poppler's `pdftotext` reads it back from its standard input; the file is
/// also written at `path` when `keep`, to look at.
fn pdf_text(pdf: &[u8], path: &std::path::Path, keep: bool) -> String {
    use std::io::Write;
    use std::process::Stdio;
    if keep {
        std::fs::write(path, pdf).unwrap();
    }
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("`pdftotext` is needed for this test (apt install poppler-utils): {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = pdf.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}
