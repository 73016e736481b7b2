//! « Paroles de structures »: a few free-text answers per question, quoted as written.

use fabrique_core::survey::QuestionKind;
use fabrique_pdf::{Block, Span};

use super::{is_link, SurveyReportInput};

/// Free-text answers quoted per question in "Paroles de structures".
const QUOTES_PER_QUESTION: usize = 5;
/// A quotation longer than this is cut (with an ellipsis).
const QUOTE_MAX_CHARS: usize = 600;

pub(super) fn quotations(input: &SurveyReportInput) -> Vec<Block> {
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

/// A free text for quotation marks: trimmed, on one line, cut when very long.
pub(super) fn quote(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
