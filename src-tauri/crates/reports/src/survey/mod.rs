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
//!
//! This module puts the report together and holds what its sections share; each section is written by
//! its own module: `method` (method and theme summaries), `questions`, `evolution` and `quotes`.
//! `split` makes the table of a question split by groups, shown beside the report.

mod evolution;
mod method;
mod questions;
mod quotes;
mod split;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use fabrique_core::dossier::placeholders::long_date;
use fabrique_core::survey::chart::{format_decimal, format_percent, BarChart};
use fabrique_core::survey::stats::{theme_summaries, QuestionStats, WaveStats};
use fabrique_core::survey::QuestionDef;
use fabrique_core::text::fold;
use fabrique_pdf::{Align, Block, Document, Span, Table, TitlePage};

use evolution::evolution;
use method::{method, theme_intro};
use questions::question_blocks;
use quotes::quotations;
pub use split::split_table;

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

/// The theme of questions that have none.
pub use fabrique_core::survey::NO_THEME as OTHER_QUESTIONS;

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

fn is_link(input: &SurveyReportInput, def: &QuestionDef) -> bool {
    input.link_keys.contains(&def.key.as_str())
}

/// A chart printed right under a heading: without its title when the title repeats the heading.
fn chart_under(heading: &str, mut c: BarChart) -> Block {
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

fn cell(text: impl Into<String>) -> Vec<Span> {
    vec![Span::plain(text)]
}

/// "67 % (2)": a share and its count, for tables that cross options with rows or groups.
fn share(percent: f64, count: u32) -> String {
    format!("{} ({count})", format_percent(percent))
}

/// `labels` columns on the left, the others (figures) on the right.
fn right_after(labels: usize, columns: usize) -> Vec<Align> {
    (0..columns).map(|c| if c < labels { Align::Left } else { Align::Right }).collect()
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
            fills: Vec::new(),
        }),
    ]
}
