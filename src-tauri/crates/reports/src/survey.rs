//! The "photographie" of a survey wave: the figures of the survey of digital practices on paper.
//!
//! Title page, table of contents, method (dates, respondents, response rate and how to read the
//! percentages), one section per theme (summary, then per question a chart and a compact table),
//! the evolution since an earlier wave of the same form when there is one, quotations from the
//! free-text answers, and an annex listing every question. Questions are level 3 headings, so the
//! table of contents lists the sections and themes only; the annex lists the questions.
//!
//! A question's heading is followed by a one-line lead-in (kind, respondents) and then its chart or
//! table, so the layout keeps the three together; a chart under its question's heading prints no
//! title of its own, which would repeat the heading.

use std::collections::HashMap;

use chrono::NaiveDate;
use fabrique_core::dossier::placeholders::long_date;
use fabrique_core::survey::chart::{self, format_decimal, format_percent, format_points};
use fabrique_core::survey::stats::{compare, theme_summaries, QuestionStats, SplitGroup, ThemeSummary, WaveStats};
use fabrique_core::survey::{QuestionDef, QuestionKind};
use fabrique_core::text::fold;
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
    /// The keys of the questions that link a response to a structure (the structure's name, its
    /// commune): their answers identify the respondent, so they are never quoted.
    pub link_keys: Vec<&'a str>,
    /// An earlier wave of the same form: the report then shows the evolution since it.
    pub earlier: Option<EarlierWave<'a>>,
    pub today: NaiveDate,
}

/// The figures of an earlier wave of the same form, to compare with.
pub struct EarlierWave<'a> {
    pub name: &'a str,
    pub stats: &'a WaveStats,
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
            blocks.extend(question_blocks(def, stats, is_link(input, def)));
        }
    }
    blocks.extend(evolution(input));
    blocks.extend(quotations(input));
    blocks.extend(annex(input));
    Document {
        title: format!("{REPORT_TITLE} — {}", input.wave),
        author: "Fédération des Centres Sociaux de la Gironde".into(),
        subject: Some(input.form_title.to_string()),
        title_page: Some(TitlePage {
            title: REPORT_TITLE.into(),
            // A form named like the report would print the same title twice.
            subtitle: Some(input.form_title.to_string()).filter(|t| fold(t) != fold(REPORT_TITLE)),
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

fn is_link(input: &SurveyReportInput, def: &QuestionDef) -> bool {
    input.link_keys.contains(&def.key.as_str())
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

/// A chart printed right under a heading: without its title when the title repeats the heading.
fn chart_under(heading: &str, c: &chart::BarChart) -> Block {
    let mut c = pdf_chart(c);
    if fold(&c.title) == fold(heading) {
        c.title.clear();
    }
    Block::BarChart(c)
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
    let mut intro = format!("Questionnaire «\u{a0}{}\u{a0}», vague «\u{a0}{}\u{a0}». ", input.form_title, input.wave);
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
         «\u{a0}x\u{a0}% des répondants ont coché cette réponse\u{a0}», et leur total peut dépasser 100\u{a0}%."
            .into(),
    );
    if let Some(earlier) = &input.earlier {
        facts.push(format!(
            "Les évolutions sont mesurées depuis la vague «\u{a0}{}\u{a0}» ({}), en points de pourcentage : \
             voir «\u{a0}{}\u{a0}».",
            earlier.name,
            respondents_phrase(earlier.stats.responses).to_lowercase(),
            evolution_title(earlier.name)
        ));
    }
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

fn question_blocks(def: &QuestionDef, stats: &QuestionStats, link_question: bool) -> Vec<Block> {
    let mut blocks = vec![Block::heading(3, def.label.clone())];
    let mut lead = format!(
        "{} · {} · {} non-réponse{}",
        stats.kind.label(),
        respondents_phrase(stats.answered).to_lowercase(),
        stats.non_responses,
        if stats.non_responses > 1 { "s" } else { "" }
    );
    if let Some(d) = &stats.dates {
        let day = |iso: &str| {
            chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|_| iso.to_string())
        };
        if d.first == d.last {
            lead.push_str(&format!(" · le {}", day(&d.first)));
        } else {
            lead.push_str(&format!(" · du {} au {}", day(&d.first), day(&d.last)));
        }
    }
    blocks.push(Block::Paragraph { spans: vec![Span::italic(lead)] });
    if stats.answered == 0 {
        blocks.push(Block::paragraph("Aucune réponse à cette question."));
        return blocks;
    }
    let chart = |blocks: &mut Vec<Block>| {
        if let Some(c) = chart::question_chart(stats) {
            blocks.push(chart_under(&def.label, &c));
        }
    };
    match stats.kind {
        QuestionKind::Single | QuestionKind::Multi => {
            chart(&mut blocks);
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
            blocks.extend(other_answers(stats));
        }
        QuestionKind::Date => chart(&mut blocks),
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
            chart(&mut blocks);
            let columns: Vec<String> =
                stats.grid.first().map(|r| r.options.iter().map(|o| o.label.clone()).collect()).unwrap_or_default();
            let mut header = vec![cell("Ligne")];
            header.extend(columns.iter().map(|c| cell(c.clone())));
            let rows = stats
                .grid
                .iter()
                .map(|r| {
                    let mut row = vec![cell(r.row.clone())];
                    row.extend(r.options.iter().map(|o| cell(share(o.percent, o.count))));
                    row
                })
                .collect();
            let mut align = vec![Align::Left];
            align.extend(columns.iter().map(|_| Align::Right));
            blocks.push(Block::Table(Table { header, rows, widths: None, align, total_row: false }));
        }
        QuestionKind::Text if link_question => blocks.push(Block::paragraph(
            "Cette question sert à rattacher les réponses aux structures de l’annuaire : ses réponses ne sont pas \
             citées.",
        )),
        QuestionKind::Text => {
            blocks.push(Block::paragraph(format!(
                "{} ; des extraits figurent dans «\u{a0}Paroles de structures\u{a0}».",
                match stats.texts.len() {
                    1 => "1 réponse libre".to_string(),
                    n => format!("{n} réponses libres"),
                }
            )));
        }
    }
    blocks
}

/// "67 % (2)": a share and its count, for tables that cross options with rows or groups.
fn share(percent: f64, count: u32) -> String {
    format!("{} ({count})", format_percent(percent))
}

/// The texts typed as « Autre », listed after the table where the « Autre » row counts them.
fn other_answers(stats: &QuestionStats) -> Vec<Block> {
    if stats.other_answers.is_empty() {
        return Vec::new();
    }
    let n = stats.other_answers.len();
    let mut items: Vec<String> =
        stats.other_answers.iter().take(OTHERS_LISTED).map(|o| format!("«\u{a0}{}\u{a0}»", quote(o))).collect();
    let more = n.saturating_sub(OTHERS_LISTED);
    if more > 0 {
        items.push(format!("et {more} autre{}", if more > 1 { "s" } else { "" }));
    }
    vec![
        Block::Paragraph {
            spans: vec![Span::bold(format!(
                "Réponses saisies pour «\u{a0}Autre\u{a0}» ({n} répondant{}) :",
                if n > 1 { "s" } else { "" }
            ))],
        },
        Block::bullets(items),
    ]
}

/// The table of a split: per option (a grid: per group and row) the share of each group's
/// respondents; per group the summary of a number question. None for a free text.
pub fn split_table(groups: &[SplitGroup]) -> Option<Table> {
    let first = groups.first()?;
    let group_name = |g: &SplitGroup| format!("{} ({})", g.label, g.stats.answered);
    let table = match first.stats.kind {
        QuestionKind::Text => return None,
        QuestionKind::Number => {
            let header =
                ["Groupe", "Répondants", "Moyenne", "Médiane", "Minimum", "Maximum"].into_iter().map(cell).collect();
            let rows = groups
                .iter()
                .map(|g| {
                    let mut row = vec![cell(g.label.clone()), cell(g.stats.answered.to_string())];
                    match &g.stats.number {
                        Some(n) => row.extend([n.mean, n.median, n.min, n.max].map(|v| cell(format_decimal(v)))),
                        None => row.extend((0..4).map(|_| cell("–"))),
                    }
                    row
                })
                .collect();
            Table { header, rows, widths: None, align: right_after(1, 6), total_row: false }
        }
        QuestionKind::Grid => {
            // Every group has the whole grid's rows and columns, in its order (see `stats::split`).
            let columns: Vec<String> = first
                .stats
                .grid
                .first()
                .map(|r| r.options.iter().map(|o| o.label.clone()).collect())
                .unwrap_or_default();
            let mut header = vec![cell("Groupe"), cell("Ligne")];
            header.extend(columns.iter().map(|c| cell(c.clone())));
            let rows = groups
                .iter()
                .flat_map(|g| {
                    g.stats.grid.iter().map(move |r| {
                        let mut row = vec![cell(group_name(g)), cell(r.row.clone())];
                        row.extend(r.options.iter().map(|o| cell(share(o.percent, o.count))));
                        row
                    })
                })
                .collect();
            Table { header, rows, widths: None, align: right_after(2, columns.len() + 2), total_row: false }
        }
        QuestionKind::Single | QuestionKind::Multi | QuestionKind::Date => {
            let mut header = vec![cell("Réponse")];
            header.extend(groups.iter().map(|g| cell(group_name(g))));
            let rows = first
                .stats
                .options
                .iter()
                .map(|o| {
                    let key = fold(&o.label);
                    let mut row = vec![cell(o.label.clone())];
                    row.extend(
                        groups
                            .iter()
                            .map(|g| {
                                g.stats
                                    .options
                                    .iter()
                                    .find(|x| fold(&x.label) == key)
                                    .map_or_else(|| share(0.0, 0), |x| share(x.percent, x.count))
                            })
                            .map(cell),
                    );
                    row
                })
                .collect();
            Table { header, rows, widths: None, align: right_after(1, groups.len() + 1), total_row: false }
        }
    };
    Some(table)
}

/// `labels` columns on the left, the others (figures) on the right.
fn right_after(labels: usize, columns: usize) -> Vec<Align> {
    (0..columns).map(|c| if c < labels { Align::Left } else { Align::Right }).collect()
}

fn evolution_title(earlier: &str) -> String {
    format!("Évolution depuis {earlier}")
}

/// « Évolution depuis <vague> »: for each question asked in both waves (same key and kind, answered in
/// both), the shares of each option then and now and the change in points; for a number question, the
/// mean and the median. Dates and free texts are not compared.
fn evolution(input: &SurveyReportInput) -> Vec<Block> {
    let Some(earlier) = &input.earlier else { return Vec::new() };
    let before: HashMap<&str, &QuestionStats> = earlier.stats.questions.iter().map(|q| (q.key.as_str(), q)).collect();
    let mut blocks = Vec::new();
    for (def, after) in input.themes.iter().flat_map(|(_, questions)| questions) {
        let Some(before) = before.get(def.key.as_str()) else { continue };
        let comparable = before.kind == after.kind
            && before.answered > 0
            && after.answered > 0
            && !matches!(after.kind, QuestionKind::Text | QuestionKind::Date)
            && !is_link(input, def);
        if !comparable {
            continue;
        }
        let mut c = compare(before, after);
        // An option at 0 % in both waves (a grid's column nobody chose on a row) tells nothing: left out.
        c.options.retain(|o| o.before.unwrap_or(0.0) > 0.0 || o.after.unwrap_or(0.0) > 0.0);
        if after.kind == QuestionKind::Number {
            let (Some(b), Some(a)) = (&before.number, &after.number) else { continue };
            blocks.push(Block::heading(3, def.label.clone()));
            blocks.push(Block::Paragraph {
                spans: vec![Span::italic(format!(
                    "{} : {} · {} : {}",
                    earlier.name,
                    respondents_phrase(before.answered).to_lowercase(),
                    input.wave,
                    respondents_phrase(after.answered).to_lowercase()
                ))],
            });
            let signed = |d: f64| match format_decimal(d) {
                t if t == "0" => "0".to_string(),
                t if d > 0.0 => format!("+{t}"),
                t => t.replacen('-', "−", 1),
            };
            let row = |name: &str, b: f64, a: f64| {
                vec![cell(name), cell(format_decimal(b)), cell(format_decimal(a)), cell(signed(a - b))]
            };
            blocks.push(Block::Table(Table {
                header: vec![cell(""), cell(earlier.name), cell(input.wave), cell("Écart")],
                rows: vec![row("Moyenne", b.mean, a.mean), row("Médiane", b.median, a.median)],
                widths: Some(vec![2.0, 1.4, 1.4, 1.2]),
                align: right_after(1, 4),
                total_row: false,
            }));
            continue;
        }
        let Some(chart) = chart::comparison_chart(&c, earlier.name, input.wave) else { continue };
        blocks.push(Block::heading(3, def.label.clone()));
        blocks.push(chart_under(&def.label, &chart));
        let percent = |p: Option<f64>| p.map_or_else(|| "–".to_string(), format_percent);
        let rows = c
            .options
            .iter()
            .map(|o| {
                vec![
                    cell(o.label.clone()),
                    cell(percent(o.before)),
                    cell(percent(o.after)),
                    cell(o.change.map_or_else(|| "–".to_string(), format_points)),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: vec![cell("Réponse"), cell(earlier.name), cell(input.wave), cell("Évolution")],
            rows,
            widths: Some(vec![3.6, 1.2, 1.2, 1.2]),
            align: right_after(1, 4),
            total_row: false,
        }));
    }
    let mut out = vec![Block::heading(1, evolution_title(earlier.name))];
    if blocks.is_empty() {
        out.push(Block::paragraph(format!(
            "Aucune question n’a reçu de réponses dans les deux vagues «\u{a0}{}\u{a0}» et «\u{a0}{}\u{a0}» : \
             rien à comparer.",
            earlier.name, input.wave
        )));
        return out;
    }
    out.push(Block::paragraph(format!(
        "Pour chaque question posée dans les deux vagues, la part des répondants de la vague «\u{a0}{}\u{a0}» \
         ({}) et de la vague «\u{a0}{}\u{a0}» ({}), et l’écart en points de pourcentage. «\u{a0}–\u{a0}» : \
         réponse absente de l’une des vagues.",
        earlier.name,
        respondents_phrase(earlier.stats.responses).to_lowercase(),
        input.wave,
        respondents_phrase(input.responses).to_lowercase()
    )));
    out.extend(blocks);
    out
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
            // The name and commune given to link a response identify the structure: not quoted.
            if stats.kind != QuestionKind::Text || stats.texts.is_empty() || is_link(input, def) {
                continue;
            }
            blocks.push(Block::heading(3, def.label.clone()));
            let picked = pick_quotes(&stats.texts);
            let shown = picked.len();
            blocks.push(Block::bullets(picked.into_iter().map(|t| format!("«\u{a0}{}\u{a0}»", quote(t)))));
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
    fn long_quotes_are_cut_and_the_longest_distinct_are_picked() {
        let long = "mot ".repeat(400);
        assert!(quote(&long).ends_with('…') && quote(&long).chars().count() <= QUOTE_MAX_CHARS + 1);
        assert_eq!(quote("  deux\nlignes "), "deux lignes");
        let texts: Vec<String> =
            ["a", "bbbbbb", "Bbbbbb", "cc", "ddd", "eeee", "fffff", "g"].iter().map(|s| s.to_string()).collect();
        let picked: Vec<&str> = pick_quotes(&texts).into_iter().map(String::as_str).collect();
        assert_eq!(picked, ["bbbbbb", "cc", "ddd", "eeee", "fffff"]);
    }

    /// Every block that is not a heading, with the text of the last heading before it.
    fn headings_then(blocks: &[Block]) -> Vec<(String, &Block)> {
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
    fn wave(n: i64, shift: i64) -> (Vec<QuestionDef>, Vec<Submission>) {
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
                                selected: if k % 3 == 0 {
                                    vec!["Site internet".into()]
                                } else {
                                    vec!["Facebook".into()]
                                },
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

    fn report_of<'a>(
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
    fn the_evolution_since_an_earlier_wave_gives_the_change_in_points() {
        let (defs, before_subs) = wave(8, 1);
        let (_, after_subs) = wave(12, 0);
        let before_refs: Vec<&Submission> = before_subs.iter().collect();
        let after_refs: Vec<&Submission> = after_subs.iter().collect();
        let before = fabrique_core::survey::stats::wave_stats(&defs, &before_refs);
        let stats: Vec<QuestionStats> = defs.iter().map(|d| question_stats(d, &after_refs)).collect();
        let doc = report_of(&defs, &stats, Some(EarlierWave { name: "2021", stats: &before }), 12);
        let text = text_of(&doc.blocks);
        let section = text.split("Évolution depuis 2021\n").nth(1).expect("an evolution section");
        let section = section.split("Paroles de structures").next().unwrap();
        // « Avez-vous un site ? » : Oui 6/8 = 75 % then 9/12 = 75 % ; Non 25 % then 25 %.
        assert!(section.contains("Avez-vous un site internet ?"), "{section}");
        assert!(section.contains("Oui|75\u{a0}%|75\u{a0}%|0 pt|"), "{section}");
        // Outils : Site internet 3/8 (k = 3, 6 with shift 1) then 4/12.
        let site = question_stats(&defs[2], &before_refs).options[0].percent;
        let now = stats[2].options[0].percent;
        let expected =
            format!("Site internet|{}|{}|{}|", format_percent(site), format_percent(now), format_points(now - site));
        assert!(section.contains(&expected), "{expected} in\n{section}");
        assert!(section.contains("Autre|"), "« Autre » is compared too:\n{section}");
        assert!(section.contains("Tableur — Débutant|"), "grids by row and column:\n{section}");
        assert!(!section.contains("Réseaux sociaux — Débutant"), "nobody chose it in either wave:\n{section}");
        assert!(section.contains("Moyenne|") && section.contains("Médiane|"), "numbers by mean and median:\n{section}");
        assert!(
            !section.contains("Nom de la structure") && !section.contains("Vos besoins"),
            "no free text:\n{section}"
        );
        assert!(
            text.contains("mesurées depuis la vague «\u{a0}2021\u{a0}» (8 réponses)"),
            "the method says so:\n{text}"
        );
        let evolution = doc.blocks.iter().position(|b| text_of(std::slice::from_ref(b)) == "Évolution depuis 2021\n");
        let quotes = doc.blocks.iter().position(|b| text_of(std::slice::from_ref(b)) == "Paroles de structures\n");
        assert!(evolution.unwrap() < quotes.unwrap(), "after the themes, before the quotations");
        for (heading, block) in headings_then(&doc.blocks) {
            if let Block::BarChart(c) = block {
                assert_ne!(fold(&c.title), fold(&heading));
            }
        }
        // Without an earlier wave, no such section.
        let alone = text_of(&report_of(&defs, &stats, None, 12).blocks);
        assert!(!alone.contains("Évolution depuis"));
    }

    #[test]
    fn split_tables_cover_choices_numbers_and_grids() {
        use fabrique_core::survey::stats::split;
        let (defs, subs) = wave(12, 0);
        let refs: Vec<&Submission> = subs.iter().collect();
        let by_parity =
            |s: &Submission| (s.sid <= 8).then(|| if s.sid % 2 == 0 { "Pairs" } else { "Impairs" }.to_string());
        let site = split_table(&split(&defs[3], &refs, by_parity)).unwrap();
        let header: Vec<String> = site.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Réponse", "Impairs (4)", "Pairs (4)", "Non renseigné (4)"]);
        let rows: Vec<Vec<String>> = site.rows.iter().map(|r| r.iter().map(|c| plain_text(c)).collect()).collect();
        assert_eq!(rows[0][0], "Non", "the file's order: the first answer is « Non »");
        assert_eq!(rows[1][0], "Oui");

        let postes = split_table(&split(&defs[4], &refs, by_parity)).unwrap();
        let header: Vec<String> = postes.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Groupe", "Répondants", "Moyenne", "Médiane", "Minimum", "Maximum"]);
        // Odd sids 1, 3, 5, 7: k = 0, 2, 4, 6 → 0, 2, 4, 1 ordinateurs.
        let first: Vec<String> = postes.rows[0].iter().map(|c| plain_text(c)).collect();
        assert_eq!(first, ["Impairs", "4", "1,8", "1,5", "0", "4"]);

        let grid = split_table(&split(&defs[5], &refs, by_parity)).unwrap();
        let header: Vec<String> = grid.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Groupe", "Ligne", "Débutant", "Avancé"]);
        assert_eq!(grid.rows.len(), 6, "three groups × two rows");
        let row: Vec<String> = grid.rows[0].iter().map(|c| plain_text(c)).collect();
        assert_eq!(row, ["Impairs (4)", "Tableur", "100\u{a0}% (4)", "0\u{a0}% (0)"]);

        assert_eq!(split_table(&split(&defs[6], &refs, by_parity)), None);
        assert_eq!(split_table(&[]), None);
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

    #[test]
    fn every_question_heading_is_on_the_page_of_its_chart_or_table() {
        // Many choice questions with more and more options: their headings fall all over the pages.
        let defs: Vec<QuestionDef> = (0..36)
            .map(|i| def(&format!("q{i}"), &format!("Question numéro {i}"), QuestionKind::Single, &[]))
            .collect();
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
                    fabrique_pdf::Item::Rect { y: ry, fill, .. }
                        if *ry > *y && *fill == fabrique_pdf::Color::BAR_TRACK =>
                    {
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
                .filter(|i| {
                    matches!(i, fabrique_pdf::Item::Text { text, face: fabrique_pdf::Face::Bold, .. } if text == label)
                })
                .count();
            assert_eq!(printed, 1, "{label}");
        }
    }

    #[test]
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

    /// The text of `pdf` as poppler's `pdftotext` reads it back, the file written at `path` (and
    /// kept there when `keep`).
    fn pdf_text(pdf: &[u8], path: &std::path::Path, keep: bool) -> String {
        std::fs::write(path, pdf).unwrap();
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("`pdftotext` is needed for this test (apt install poppler-utils): {e}"));
        if !keep {
            let _ = std::fs::remove_file(path);
        }
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }
}
