//! Multiple choices exported in 'compact' mode, and how they are told from a single choice whose
//! option labels hold commas.
//!
//! Webform writes a compact cell as `implode(',', chosen)`, the chosen labels (or keys) in the
//! form's option order, with no space; when the question has an "other" choice the typed text is
//! appended as one more element, even when empty — so `Facebook,Instagram,` is two options and no
//! typed text, and the typed text may itself hold commas (`Facebook,Radio locale, affichage`).
//!
//! A comma in a cell is therefore not enough: « Oui, chaque semaine » is one option of a single
//! choice. Webform's separator is a comma with no space after it, while a comma inside a label or
//! a typed text is followed by a space in French (and English) writing: only such "tight" commas
//! separate labels here. A column is compact only when its cells show what only a compact export
//! shows:
//! - cells ending with the trailing comma of an empty "other" (at least two of them), or
//! - a cell combining labels of which one at least is also given alone as a whole answer,
//!
//! and the labels form a small recurring vocabulary (not free text that happens to hold commas).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// What a compact column's answers reveal.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Compact {
    /// The options seen, in the form's order as far as the answers show it.
    pub options: Vec<String>,
    /// Some answers carry an "other" element (a trailing comma, or a typed text after the options).
    pub has_other: bool,
}

/// The most distinct labels a compact question is read with.
const MAX_OPTIONS: usize = 40;

/// The pieces of a cell between tight commas, as written.
fn pieces(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // A comma followed by a space (or a no-break space, 0xC2 0xA0 in UTF-8) is writing, not a separator.
        if b == b',' && !matches!(bytes.get(i + 1), Some(b' ') | Some(0xC2)) {
            out.push(&value[start..i]);
            start = i + 1;
        }
    }
    out.push(&value[start..]);
    out
}

fn parts(value: &str) -> impl Iterator<Item = &str> {
    pieces(value).into_iter().map(crate::text::trim).filter(|p| !p.is_empty())
}

fn has_trailing_comma(value: &str) -> bool {
    value.trim_end().ends_with(',')
}

/// Whether `values` (the column's non-empty answers) are a compact multiple choice, and its options.
pub(super) fn looks_compact(values: &[&str]) -> Option<Compact> {
    // Most columns have no comma at all: decided before building anything.
    if !values.iter().any(|v| v.contains(',')) {
        return None;
    }
    let alone: HashSet<&str> = values.iter().filter(|v| pieces(v).len() == 1).map(|v| crate::text::trim(v)).collect();
    let trailing = values.iter().filter(|v| has_trailing_comma(v)).count();
    let combines_known = values.iter().any(|v| {
        let here: Vec<&str> = parts(v).collect();
        here.len() >= 2 && here.iter().any(|p| alone.contains(p))
    });
    if trailing < 2 && !combines_known {
        return None;
    }
    // With an "other" choice (trailing commas), the typed text is always the last piece of its cell
    // and never empty: a label followed by another piece, or in a cell ending with the trailing
    // comma, is an option, and the last piece of any other cell is typed text. Without one, every
    // piece is an option.
    let with_other = trailing >= 2;
    let mut uses: HashMap<&str, usize> = HashMap::default();
    let mut known: HashSet<&str> = HashSet::default();
    for value in values {
        let here: Vec<&str> = parts(value).collect();
        let closed = has_trailing_comma(value);
        for (i, part) in here.iter().enumerate() {
            if part.chars().count() > 200 {
                return None;
            }
            *uses.entry(part).or_default() += 1;
            if !with_other || closed || i + 1 < here.len() {
                known.insert(part);
            }
        }
    }
    if known.is_empty() || known.len() > MAX_OPTIONS {
        return None;
    }
    // Without trailing commas, free text with commas is told apart by its vocabulary: most of its
    // pieces are said once.
    let pieces: usize = uses.values().sum();
    let recurring: usize = uses.iter().filter(|(_, n)| **n >= 2).map(|(_, n)| n).sum();
    if trailing < 2 && recurring * 3 < pieces * 2 {
        return None;
    }
    let mut options: Vec<&str> = Vec::new();
    let mut has_other = with_other;
    for value in values {
        let (selected, other) = split_known(value, &|p| known.contains(p), true);
        has_other |= other.is_some();
        merge_in_order(&mut options, &selected);
    }
    Some(Compact { options: options.into_iter().map(str::to_string).collect(), has_other })
}

/// The chosen options of a compact cell and, when the question has an "other" choice, the typed
/// text after them (`None` when empty). Without an "other" choice every label is an option.
pub(super) fn split_compact(
    value: &str,
    is_option: &dyn Fn(&str) -> bool,
    has_other: bool,
) -> (Vec<String>, Option<String>) {
    let (selected, other) = split_known(value, is_option, has_other);
    (selected.into_iter().map(str::to_string).collect(), other)
}

fn split_known<'a>(
    value: &'a str,
    is_option: &dyn Fn(&str) -> bool,
    has_other: bool,
) -> (Vec<&'a str>, Option<String>) {
    if !has_other {
        return (parts(value).collect(), None);
    }
    let raw: Vec<&str> = pieces(value);
    let mut selected = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let part = crate::text::trim(raw[i]);
        if part.is_empty() && i + 1 < raw.len() {
            i += 1;
            continue;
        }
        if part.is_empty() || !is_option(part) {
            break;
        }
        selected.push(part);
        i += 1;
    }
    let rest = raw.get(i..).map(|r| r.join(",")).unwrap_or_default();
    let rest = crate::text::trim(&rest);
    (selected, (!rest.is_empty()).then(|| rest.to_string()))
}

/// Adds a cell's labels to the options, keeping the cell's order: webform writes chosen options in
/// the form's order, so a label new to the list goes just before the next label of the same cell
/// already listed.
fn merge_in_order<'a>(options: &mut Vec<&'a str>, cell: &[&'a str]) {
    for (i, label) in cell.iter().enumerate() {
        if options.contains(label) {
            continue;
        }
        // Otherwise it goes last: with nothing to order it, first seen is first listed.
        let next_known = cell[i + 1..].iter().find_map(|l| options.iter().position(|o| o == l));
        options.insert(next_known.unwrap_or(options.len()), label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_in_a_label_is_not_a_list() {
        let single = ["Oui, chaque semaine", "Oui, de temps en temps", "Non", "Oui, chaque semaine", "Non"];
        assert_eq!(looks_compact(&single), None);
        let text = ["Des ordinateurs, une imprimante", "Former, accompagner", "Rien", "Un local, du temps"];
        assert_eq!(looks_compact(&text), None);
        assert_eq!(looks_compact(&["Oui, souvent", "Oui", "Non", "Oui, souvent"]), None);
    }

    #[test]
    fn labels_also_given_alone_or_trailing_commas_make_a_compact_list() {
        let c = looks_compact(&["Facebook", "Site internet,Facebook", "Instagram", "Site internet,Instagram"]).unwrap();
        assert_eq!(c.options, ["Site internet", "Facebook", "Instagram"], "the form's order, as the cells show it");
        assert!(!c.has_other);
        let c = looks_compact(&[
            "Site internet,Facebook,",
            "Facebook,",
            "Facebook,Radio locale, affichage en mairie",
            "Instagram,",
        ])
        .unwrap();
        assert_eq!(c.options, ["Site internet", "Facebook", "Instagram"]);
        assert!(c.has_other);
        let known = |p: &str| c.options.iter().any(|o| o == p);
        assert_eq!(
            split_compact("Facebook,Radio locale, affichage en mairie", &known, true),
            (vec!["Facebook".to_string()], Some("Radio locale, affichage en mairie".to_string()))
        );
        assert_eq!(
            split_compact("Site internet,Facebook,", &known, true),
            (vec!["Site internet".into(), "Facebook".into()], None)
        );
        assert_eq!(split_compact(",Affiches", &known, true), (vec![], Some("Affiches".into())));
    }
}
