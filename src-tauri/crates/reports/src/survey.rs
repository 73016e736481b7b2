//! The "photographie" of a survey wave: the figures of the survey of digital practices on paper.
//!
//! Title page, table of contents, method (dates, respondents, response rate and how to read the
//! percentages), one section per theme (summary, then per question a chart and a compact table),
//! quotations from the free-text answers, and an annex listing every question. Questions are level 3
//! headings, so the table of contents lists the sections and themes only; the annex lists the questions.

use chrono::NaiveDate;
use fabrique_core::dossier::placeholders::long_date;
use fabrique_core::survey::chart::{self, format_decimal, format_percent};
use fabrique_core::survey::stats::{theme_summaries, QuestionStats, ThemeSummary};
use fabrique_core::survey::{QuestionDef, QuestionKind};
use fabrique_pdf::{Align, Bar, BarChart, Block, Document, Span, Table, TitlePage};

/// The theme of questions that have none.
pub const OTHER_QUESTIONS: &str = "Autres questions";

/// Free-text answers quoted per question in "Paroles de structures".
const QUOTES_PER_QUESTION: usize = 5;
/// A quotation longer than this is cut (with an ellipsis).
const QUOTE_MAX_CHARS: usize = 600;
/// 'Other' answers of a multiple choice listed under its table.
const OTHERS_LISTED: usize = 8;

pub struct SurveyReportInput<'a> {
    pub form_title: &'a str,
    pub wave: &'a str,
    /// The first and last submission dates, as they should be printed.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub responses: u32,
    /// Structures in the directory, for the response rate.
    pub directory_size: u32,
    /// Responses linked to a structure of the directory.
    pub linked: u32,
    /// In theme order; questions without a theme under [`OTHER_QUESTIONS`].
    pub themes: Vec<(String, Vec<(&'a QuestionDef, &'a QuestionStats)>)>,
    pub today: NaiveDate,
}

pub const REPORT_TITLE: &str = "Photographie des pratiques numériques";

/// The report as a document, ready for `fabrique_pdf::to_pdf` or the preview.
pub fn survey_report(input: &SurveyReportInput) -> Document {
    let today = long_date(input.today);
    let summaries = theme_summaries(
        &input
            .themes
            .iter()
            .map(|(theme, questions)| (theme.clone(), questions.iter().map(|(_, s)| *s).collect()))
            .collect::<Vec<_>>(),
    );
    let mut blocks = method(input, &summaries);
    for ((theme, questions), summary) in input.themes.iter().zip(&summaries) {
        blocks.push(Block::heading(1, theme.clone()));
        blocks.extend(theme_intro(summary));
        for (def, stats) in questions {
            blocks.extend(question_blocks(def, stats));
        }
    }
    blocks.extend(quotations(input));
    blocks.extend(annex(input));
    Document {
        title: format!("{REPORT_TITLE} — {}", input.wave),
        author: "Fédération des Centres Sociaux de la Gironde".into(),
        subject: Some(input.form_title.to_string()),
        title_page: Some(TitlePage {
            title: REPORT_TITLE.into(),
            subtitle: Some(input.form_title.to_string()),
            lines: vec![
                format!("Vague : {}", input.wave),
                respondents_phrase(input.responses),
                format!("Document établi le {today}"),
            ],
            logo_png: None,
        }),
        table_of_contents: true,
        running_header: Some(format!("{REPORT_TITLE} — {}", input.wave)),
        running_footer: Some(format!("{} — {today}", input.form_title)),
        blocks,
    }
}

/// The core chart model in the PDF engine's terms.
pub fn pdf_chart(c: &chart::BarChart) -> BarChart {
    BarChart {
        title: c.title.clone(),
        subtitle: c.subtitle.clone(),
        bars: c
            .bars
            .iter()
            .map(|b| Bar { label: b.label.clone(), value: b.value as f32, display: b.display.clone() })
            .collect(),
        max: c.max as f32,
        series: c.series.clone(),
        grouped: c.grouped.iter().map(|g| g.iter().map(|v| *v as f32).collect()).collect(),
    }
}

fn respondents_phrase(n: u32) -> String {
    match n {
        0 => "Aucune réponse".into(),
        1 => "1 réponse".into(),
        n => format!("{} réponses", format_decimal(f64::from(n))),
    }
}

fn method(input: &SurveyReportInput, summaries: &[ThemeSummary]) -> Vec<Block> {
    let mut blocks = vec![Block::heading(1, "Méthode")];
    let mut intro = format!("Questionnaire « {} », vague « {} ». ", input.form_title, input.wave);
    match (&input.first_date, &input.last_date) {
        (Some(first), Some(last)) if first != last => {
            intro.push_str(&format!("Réponses reçues du {first} au {last}."));
        }
        (Some(date), _) | (None, Some(date)) => intro.push_str(&format!("Réponses reçues le {date}.")),
        (None, None) => {}
    }
    blocks.push(Block::paragraph(intro.trim_end()));
    let mut facts = vec![format!(
        "Nombre de répondants : {}, dont {} rattaché{} à une structure de l’annuaire.",
        input.responses,
        input.linked,
        if input.linked > 1 { "s" } else { "" }
    )];
    if input.directory_size > 0 {
        let rate = chart::format_percent(fabrique_core::survey::stats::percent(input.linked, input.directory_size));
        facts.push(format!(
            "Taux de réponse : {rate}, soit réponses rattachées à une structure ÷ structures de l’annuaire = {} ÷ {}.",
            input.linked, input.directory_size
        ));
    } else {
        facts.push("Taux de réponse non calculé : l’annuaire ne compte aucune structure.".into());
    }
    facts.push("Les brouillons (questionnaires commencés mais non envoyés) ne sont pas comptés.".into());
    facts.push(
        "Chaque pourcentage est rapporté aux répondants de la question, c’est-à-dire aux structures qui y ont \
         répondu ; le nombre de non-réponses est donné pour chaque question."
            .into(),
    );
    facts.push(
        "Pour une question à choix multiple, plusieurs réponses étaient possibles : chaque pourcentage se lit \
         « x % des répondants ont coché cette réponse », et leur total peut dépasser 100 %."
            .into(),
    );
    blocks.push(Block::bullets(facts));
    if summaries.len() > 1 {
        blocks.push(Block::BarChart(pdf_chart(&chart::theme_overview_chart(summaries))));
    }
    blocks
}

fn theme_intro(summary: &ThemeSummary) -> Vec<Block> {
    let mut blocks = vec![Block::paragraph(format!(
        "{} question{} ; en moyenne, {} des répondants y ont répondu.",
        summary.questions,
        if summary.questions > 1 { "s" } else { "" },
        format_percent(summary.answered_rate)
    ))];
    if !summary.highlights.is_empty() {
        blocks.push(Block::Paragraph { spans: vec![Span::bold("Réponses les plus fréquentes")] });
        blocks.push(Block::bullets(summary.highlights.clone()));
    }
    blocks
}

fn cell(text: impl Into<String>) -> Vec<Span> {
    vec![Span::plain(text)]
}

fn question_blocks(def: &QuestionDef, stats: &QuestionStats) -> Vec<Block> {
    let mut blocks = vec![Block::heading(3, def.label.clone())];
    blocks.push(Block::Paragraph {
        spans: vec![Span::italic(format!(
            "{} · {} · {} non-réponse{}",
            stats.kind.label(),
            respondents_phrase(stats.answered).to_lowercase(),
            stats.non_responses,
            if stats.non_responses > 1 { "s" } else { "" }
        ))],
    });
    if stats.answered == 0 {
        blocks.push(Block::paragraph("Aucune réponse à cette question."));
        return blocks;
    }
    match stats.kind {
        QuestionKind::Single | QuestionKind::Multi => {
            if let Some(c) = chart::question_chart(stats) {
                blocks.push(Block::BarChart(pdf_chart(&c)));
            }
            let rows = stats
                .options
                .iter()
                .map(|o| vec![cell(o.label.clone()), cell(o.count.to_string()), cell(format_percent(o.percent))])
                .collect();
            blocks.push(Block::Table(Table {
                header: vec![cell("Réponse"), cell("Nombre"), cell("% des répondants")],
                rows,
                widths: Some(vec![4.0, 1.0, 1.4]),
                align: vec![Align::Left, Align::Right, Align::Right],
                total_row: false,
            }));
            if !stats.other_answers.is_empty() {
                let mut text: Vec<String> =
                    stats.other_answers.iter().take(OTHERS_LISTED).map(|o| format!("« {} »", quote(o))).collect();
                let more = stats.other_answers.len().saturating_sub(OTHERS_LISTED);
                if more > 0 {
                    text.push(format!("et {more} autre{}", if more > 1 { "s" } else { "" }));
                }
                blocks.push(Block::Paragraph {
                    spans: vec![
                        Span::bold(format!("Autres réponses ({}) : ", stats.other_answers.len())),
                        Span::plain(text.join(", ")),
                    ],
                });
            }
        }
        QuestionKind::Date => {
            if let Some(d) = &stats.dates {
                let day = |iso: &str| {
                    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_else(|_| iso.to_string())
                };
                blocks.push(Block::paragraph(format!("Du {} au {}.", day(&d.first), day(&d.last))));
            }
            if let Some(c) = chart::question_chart(stats) {
                blocks.push(Block::BarChart(pdf_chart(&c)));
            }
        }
        QuestionKind::Number => {
            if let Some(n) = &stats.number {
                blocks.push(Block::Table(Table {
                    header: vec![cell("Moyenne"), cell("Médiane"), cell("Minimum"), cell("Maximum")],
                    rows: vec![[n.mean, n.median, n.min, n.max].iter().map(|v| cell(format_decimal(*v))).collect()],
                    widths: None,
                    align: vec![Align::Right; 4],
                    total_row: false,
                }));
            }
        }
        QuestionKind::Grid => {
            if let Some(c) = chart::question_chart(stats) {
                blocks.push(Block::BarChart(pdf_chart(&c)));
            }
            let columns: Vec<String> =
                stats.grid.first().map(|r| r.options.iter().map(|o| o.label.clone()).collect()).unwrap_or_default();
            let mut header = vec![cell("Ligne")];
            header.extend(columns.iter().map(|c| cell(c.clone())));
            let rows = stats
                .grid
                .iter()
                .map(|r| {
                    let mut row = vec![cell(r.row.clone())];
                    row.extend(r.options.iter().map(|o| cell(format!("{} ({})", format_percent(o.percent), o.count))));
                    row
                })
                .collect();
            let mut align = vec![Align::Left];
            align.extend(columns.iter().map(|_| Align::Right));
            blocks.push(Block::Table(Table { header, rows, widths: None, align, total_row: false }));
        }
        QuestionKind::Text => {
            blocks.push(Block::paragraph(format!(
                "{} ; des extraits figurent dans « Paroles de structures ».",
                match stats.texts.len() {
                    1 => "1 réponse libre".to_string(),
                    n => format!("{n} réponses libres"),
                }
            )));
        }
    }
    blocks
}

/// A free text for quotation marks: trimmed, on one line, cut when very long.
fn quote(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= QUOTE_MAX_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(QUOTE_MAX_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_string();
    format!("{cut}…")
}

/// A few answers per text question: the most developed ones (distinct), in submission order.
fn pick_quotes(texts: &[String]) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    let mut candidates: Vec<(usize, &String)> =
        texts.iter().enumerate().filter(|(_, t)| seen.insert(fabrique_core::text::fold(t))).collect();
    candidates.sort_by(|a, b| b.1.chars().count().cmp(&a.1.chars().count()).then(a.0.cmp(&b.0)));
    candidates.truncate(QUOTES_PER_QUESTION);
    candidates.sort_by_key(|(i, _)| *i);
    candidates.into_iter().map(|(_, t)| t).collect()
}

fn quotations(input: &SurveyReportInput) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (_, questions) in &input.themes {
        for (def, stats) in questions {
            if stats.kind != QuestionKind::Text || stats.texts.is_empty() {
                continue;
            }
            blocks.push(Block::heading(3, def.label.clone()));
            let picked = pick_quotes(&stats.texts);
            let shown = picked.len();
            blocks.push(Block::bullets(picked.into_iter().map(|t| format!("« {} »", quote(t)))));
            if stats.texts.len() > shown {
                blocks.push(Block::Paragraph {
                    spans: vec![Span::italic(format!("{} réponses en tout, {shown} citées.", stats.texts.len()))],
                });
            }
        }
    }
    if blocks.is_empty() {
        return blocks;
    }
    let mut out = vec![
        Block::heading(1, "Paroles de structures"),
        Block::paragraph(
            "Quelques réponses libres, citées telles qu’écrites : pour chaque question, les plus développées.",
        ),
    ];
    out.extend(blocks);
    out
}

fn annex(input: &SurveyReportInput) -> Vec<Block> {
    let rows: Vec<Vec<Vec<Span>>> = input
        .themes
        .iter()
        .flat_map(|(theme, questions)| {
            questions
                .iter()
                .map(move |(def, _)| vec![cell(def.label.clone()), cell(def.kind.label()), cell(theme.clone())])
        })
        .collect();
    vec![
        Block::heading(1, "Annexe : liste des questions"),
        Block::Table(Table {
            header: vec![cell("Question"), cell("Type"), cell("Thème")],
            rows,
            widths: Some(vec![5.0, 1.6, 2.2]),
            align: vec![],
            total_row: false,
        }),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::process::Command;

    use fabrique_core::survey::stats::question_stats;
    use fabrique_core::survey::{Answer, Submission};
    use fabrique_pdf::model::plain_text;

    use super::*;

    fn def(key: &str, label: &str, kind: QuestionKind, options: &[&str]) -> QuestionDef {
        QuestionDef {
            key: key.into(),
            label: label.into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            has_other: kind == QuestionKind::Multi,
        }
    }

    fn submission(sid: i64, answers: Vec<(&str, Answer)>) -> Submission {
        Submission {
            sid,
            serial: Some(sid),
            submitted_at: None,
            completed_at: None,
            modified_at: None,
            draft: false,
            answers: answers.into_iter().map(|(k, a)| (k.to_string(), a)).collect::<BTreeMap<_, _>>(),
            line: sid as usize + 1,
        }
    }

    fn text_of(blocks: &[Block]) -> String {
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

    #[test]
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
        assert!(text.contains("« Mastodon »"));
        assert!(text.contains("« Former l’équipe à la sécurité numérique »"));
        assert!(text.contains("Fréquence d'usage|Grille|Réseaux sociaux|"), "annex:\n{text}");
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::BarChart(_))));
        let tp = doc.title_page.as_ref().unwrap();
        assert_eq!(tp.title, "Photographie des pratiques numériques");
        assert!(tp.lines.contains(&"Document établi le 4 mai 2026".to_string()), "{:?}", tp.lines);

        let pdf = fabrique_pdf::to_pdf(&doc).unwrap();
        let path = std::env::temp_dir().join(format!("fabrique-photographie-{}.pdf", std::process::id()));
        std::fs::write(&path, &pdf).unwrap();
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("`pdftotext` is needed for this test (apt install poppler-utils): {e}"));
        let _ = std::fs::remove_file(&path);
        assert!(out.status.success());
        let pdf_text = String::from_utf8(out.stdout).unwrap();
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
    fn long_quotes_are_cut_and_the_longest_distinct_are_picked() {
        let long = "mot ".repeat(400);
        assert!(quote(&long).ends_with('…') && quote(&long).chars().count() <= QUOTE_MAX_CHARS + 1);
        assert_eq!(quote("  deux\nlignes "), "deux lignes");
        let texts: Vec<String> =
            ["a", "bbbbbb", "Bbbbbb", "cc", "ddd", "eeee", "fffff", "g"].iter().map(|s| s.to_string()).collect();
        let picked: Vec<&str> = pick_quotes(&texts).into_iter().map(String::as_str).collect();
        assert_eq!(picked, ["bbbbbb", "cc", "ddd", "eeee", "fffff"]);
    }
}
