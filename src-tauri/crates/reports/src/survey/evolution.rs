//! « Évolution depuis <vague> »: what changed since an earlier wave of the same form.

use std::collections::HashMap;

use fabrique_core::survey::chart::{self, format_decimal, format_percent, format_points};
use fabrique_core::survey::stats::{compare, QuestionStats};
use fabrique_core::survey::QuestionKind;
use fabrique_pdf::{Block, Span, Table};

use super::{cell, chart_under, is_link, respondents_phrase, right_after, SurveyReportInput};

/// « Évolution depuis <vague> »: for each question asked in both waves (same key and kind, answered in
/// both), the shares of each option then and now and the change in points; for a number question, the
/// mean and the median. Dates and free texts are not compared.
pub(super) fn evolution(input: &SurveyReportInput) -> Vec<Block> {
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
                fills: Vec::new(),
            }));
            continue;
        }
        let Some(chart) = chart::comparison_chart(&c, earlier.name, input.wave) else { continue };
        blocks.push(Block::heading(3, def.label.clone()));
        blocks.push(chart_under(&def.label, chart));
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
            fills: Vec::new(),
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

pub(super) fn evolution_title(earlier: &str) -> String {
    format!("Évolution depuis {earlier}")
}

#[cfg(test)]
mod tests {
    use fabrique_core::survey::stats::question_stats;
    use fabrique_core::survey::Submission;
    use fabrique_core::text::fold;

    use super::super::tests::{headings_then, report_of, text_of, wave};
    use super::super::EarlierWave;
    use super::*;

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
}
