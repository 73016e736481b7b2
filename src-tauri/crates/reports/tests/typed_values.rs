//! Values from the directory, the survey or the federation's record print exactly as typed in a
//! dossier: filled into a section's Markdown, they never become a link, emphasis, a heading, a
//! list or a table, and never eat the template's own formatting.

use std::collections::BTreeMap;

use fabrique_core::dossier::placeholders::fill;
use fabrique_pdf::markdown::{french_typography, to_blocks};
use fabrique_pdf::model::{plain_text, Span};
use fabrique_pdf::Block;

/// The spans of a one-paragraph section whose structure is named `name`.
fn section_with(name: &str, template: &str) -> Vec<Span> {
    let values = BTreeMap::from([("structure.nom", name.to_string())]);
    let filled = fill(template, &values).expect("a valid template");
    let blocks = to_blocks(&filled.text);
    match blocks.as_slice() {
        [Block::Paragraph { spans }] => spans.clone(),
        other => panic!("{name:?} made {other:?} out of {:?}", filled.text),
    }
}

#[test]
fn finding_6_a_name_holding_markdown_prints_as_typed_and_the_templates_own_emphasis_stays() {
    let hostile =
        "CS [Cliquez ici](https://evil.example) **GRAS** *un* `code` <b>html</b> &amp; ![i](x.png) | a | ~b~ \\ _c_";
    let spans = section_with(hostile, "Structure : {{ structure.nom }}, *projet en italique*.");
    assert_eq!(plain_text(&spans), french_typography(&format!("Structure : {hostile}, projet en italique.")));
    assert!(spans.iter().all(|s| s.link.is_none()), "no link: {spans:?}");
    let italic: String = spans.iter().filter(|s| s.italic).map(|s| s.text.as_str()).collect();
    assert_eq!(italic, "projet en italique", "only the template's asterisks make italics");
    assert!(spans.iter().all(|s| !s.bold), "{spans:?}");
}

#[test]
fn finding_6_every_commonmark_special_character_prints_as_typed_wherever_it_stands() {
    let specials = "\\`*_{}[]()#+-.!<>|~&\"'=:;%$@^";
    for (i, c) in specials.chars().enumerate() {
        for value in [format!("{c}"), format!("{c}{c}{c}"), format!("{c} Centre {c}x{c}"), format!("A{c}B{c}")] {
            let spans = section_with(&value, "{{ structure.nom }}");
            assert_eq!(plain_text(&spans), french_typography(&value), "character {i} ({c:?}) in {value:?}");
            assert!(spans.iter().all(|s| !s.bold && !s.italic && s.link.is_none()), "{value:?}: {spans:?}");
        }
    }
    // What would start a block at the start of a line: a heading, a list, a quote, a rule.
    for value in ["# Titre", "- tiret", "+ plus", "1. premier", "12) douze", "> cité", "***", "---", "==="] {
        let spans = section_with(value, "{{ structure.nom }}");
        assert_eq!(plain_text(&spans), french_typography(value), "{value:?}");
    }
}
