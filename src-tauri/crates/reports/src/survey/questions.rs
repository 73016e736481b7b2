//! One question in its theme: its heading, a lead-in (kind, respondents, non-responses), then its chart
//! and a compact table, or what stands for them when the question has no figures.

use fabrique_core::survey::chart::{self, format_decimal, format_percent};
use fabrique_core::survey::stats::QuestionStats;
use fabrique_core::survey::{QuestionDef, QuestionKind};
use fabrique_pdf::{Align, Block, Span, Table};

use super::quotes::quote;
use super::{cell, chart_under, respondents_phrase, share};

/// 'Other' answers of a multiple choice listed under its table.
const OTHERS_LISTED: usize = 8;

pub(super) fn question_blocks(def: &QuestionDef, stats: &QuestionStats, link_question: bool) -> Vec<Block> {
    let mut blocks = vec![Block::heading(3, def.label.clone())];
    let mut lead = format!(
        "{} · {} · {} non-réponse{}",
        stats.kind.label(),
        respondents_phrase(stats.answered).to_lowercase(),
        stats.non_responses,
        if stats.non_responses > 1 { "s" } else { "" }
    );
    if let Some(d) = &stats.dates {
        let day = fabrique_core::french::short_date_of_iso;
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
            blocks.push(chart_under(&def.label, c));
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
                fills: Vec::new(),
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
                    fills: Vec::new(),
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
            blocks.push(Block::Table(Table { header, rows, widths: None, align, total_row: false, fills: Vec::new() }));
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
