//! The opening of the report, « Méthode » (dates, respondents, response rate, how to read the percentages),
//! and the summary that opens each theme.

use fabrique_core::survey::chart::{self, format_percent};
use fabrique_core::survey::stats::ThemeSummary;
use fabrique_pdf::{Block, Span};

use super::evolution::evolution_title;
use super::{respondents_phrase, SurveyReportInput};

pub(super) fn method(input: &SurveyReportInput, summaries: &[ThemeSummary]) -> Vec<Block> {
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
        blocks.push(Block::BarChart(chart::theme_overview_chart(summaries)));
    }
    blocks
}

pub(super) fn theme_intro(summary: &ThemeSummary) -> Vec<Block> {
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
