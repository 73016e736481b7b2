//! Two people writing one dossier at once: what one window's save does to the stored dossier.
//!
//! A window saves only the parts it changed (sections by key, the budget), with the content it
//! started from. A part nobody else touched meanwhile is written as typed. A section someone else
//! changed too is merged line by line (a paragraph is a line) when the two changed different
//! paragraphs; when they changed the same one, the stored text stays and the save reports a
//! conflict, with a merged text that holds both versions of each disputed passage between marks
//! for the writer to sort out. The budget is one value: changed on both sides, it is a conflict.

use serde::{Deserialize, Serialize};

use super::{DossierContent, DossierSection};

/// Starts the writer's version of a passage both people changed, in a merged text.
pub const TWO_VERSIONS_MARK: &str = "⟪ Votre version ⟫";
const THEIRS_MARK: &str = "⟪ Leur version ⟫";
const END_MARK: &str = "⟪ Fin des deux versions ⟫";
/// Long enough that a line of the text is never taken for one of the merge's own marks.
const MARKER_LENGTH: usize = 24;

/// The parts of a dossier's content one window changed since its last save: sections by key, and
/// the budget, with the content they were changed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContentChanges {
    pub sections: Vec<String>,
    pub budget: bool,
    /// The content as this window last saved or opened it. Without it, the parts named are
    /// written as they are, whatever was stored meanwhile.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub since: Option<DossierContent>,
}

/// A section both people changed in the same passage: left as stored until the writer chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SectionConflict {
    pub key: String,
    pub title: String,
    /// What this window wrote.
    pub mine: String,
    /// What is stored: the other person's text.
    pub theirs: String,
    /// Both texts merged, each passage changed on both sides given twice between marks.
    pub merged: String,
}

/// The stored content with one window's changes taken in, and what could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedContent {
    pub content: DossierContent,
    pub conflicts: Vec<SectionConflict>,
    /// The budget was changed here and by someone else: the stored one stays.
    pub budget_conflict: bool,
}

impl DossierContent {
    /// This content (as stored) with the parts `changes` names taken from `mine`. A section
    /// `mine` does not have is left as stored.
    pub fn merge_changes(&self, mine: &DossierContent, changes: &ContentChanges) -> MergedContent {
        let since = changes.since.as_ref();
        let mut content = self.clone();
        let mut conflicts = Vec::new();
        for stored in &mut content.sections {
            if !changes.sections.contains(&stored.key) {
                continue;
            }
            let Some(written) = mine.sections.iter().find(|s| s.key == stored.key) else { continue };
            let base = since.and_then(|c| c.sections.iter().find(|s| s.key == stored.key));
            match base {
                Some(base) if stored.body != base.body && stored.body != written.body => {
                    match merge_text(&base.body, &written.body, &stored.body) {
                        Ok(body) => *stored = DossierSection { body, ..written.clone() },
                        Err(merged) => conflicts.push(SectionConflict {
                            key: stored.key.clone(),
                            title: stored.title.clone(),
                            mine: written.body.clone(),
                            theirs: stored.body.clone(),
                            merged,
                        }),
                    }
                }
                _ => *stored = written.clone(),
            }
        }
        let mut budget_conflict = false;
        if changes.budget {
            let changed_meanwhile = since.is_some_and(|c| c.budget != self.budget && self.budget != mine.budget);
            if changed_meanwhile {
                budget_conflict = true;
            } else {
                content.budget = mine.budget.clone();
            }
        }
        MergedContent { content, conflicts, budget_conflict }
    }
}

/// Three-way merge of a section's text, a line (a paragraph) at a time: `Ok` when the two sides
/// changed different lines, `Err` with both versions of each line changed on both sides, marked.
fn merge_text(base: &str, mine: &str, theirs: &str) -> Result<String, String> {
    // The merge works on whole lines: a last line without its end would be glued to a mark.
    let whole = |text: &str| if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") };
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Merge).set_conflict_marker_length(MARKER_LENGTH);
    let as_written = |text: String| match mine.ends_with('\n') {
        true => text,
        false => text.strip_suffix('\n').map(str::to_string).unwrap_or(text),
    };
    match options.merge(&whole(base), &whole(mine), &whole(theirs)) {
        Ok(merged) => Ok(as_written(merged)),
        Err(marked) => Err(as_written(format!("{}\n", french_marks(&marked).trim_end_matches('\n')))),
    }
}

/// The merge's marks, made paragraphs the writer can read in the editor.
fn french_marks(marked: &str) -> String {
    let open = format!("{} ours", "<".repeat(MARKER_LENGTH));
    let separator = "=".repeat(MARKER_LENGTH);
    let close = format!("{} theirs", ">".repeat(MARKER_LENGTH));
    let mut text = String::with_capacity(marked.len() + 128);
    for line in marked.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        let mark = match bare {
            _ if bare == open => Some(TWO_VERSIONS_MARK),
            _ if bare == separator => Some(THEIRS_MARK),
            _ if bare == close => Some(END_MARK),
            _ => None,
        };
        match mark {
            // Blank lines around a mark keep it a paragraph of its own in Markdown.
            Some(mark) => {
                if !text.is_empty() && !text.ends_with("\n\n") {
                    text.push('\n');
                }
                text.push_str(mark);
                text.push_str("\n\n");
            }
            None => text.push_str(line),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::budget::Budget;
    use crate::dossier::template::SectionKind;

    fn content(bodies: &[(&str, &str)]) -> DossierContent {
        DossierContent {
            sections: bodies
                .iter()
                .map(|(key, body)| DossierSection {
                    key: key.to_string(),
                    title: format!("Section {key}"),
                    guidance: String::new(),
                    required: true,
                    kind: SectionKind::Text,
                    body: body.to_string(),
                })
                .collect(),
            budget: Budget::default(),
        }
    }

    fn changes(sections: &[&str], since: &DossierContent) -> ContentChanges {
        ContentChanges {
            sections: sections.iter().map(|s| s.to_string()).collect(),
            budget: false,
            since: Some(since.clone()),
        }
    }

    fn body<'a>(content: &'a DossierContent, key: &str) -> &'a str {
        &content.sections.iter().find(|s| s.key == key).unwrap().body
    }

    #[test]
    fn a_section_nobody_else_touched_is_written_as_typed() {
        let since = content(&[("a", "Début."), ("b", "Autre.")]);
        let stored = content(&[("a", "Début."), ("b", "Autre, changé ailleurs.")]);
        let mine = content(&[("a", "Début, repris ici."), ("b", "Autre.")]);
        let merged = stored.merge_changes(&mine, &changes(&["a"], &since));
        assert!(merged.conflicts.is_empty());
        assert_eq!(body(&merged.content, "a"), "Début, repris ici.");
        assert_eq!(body(&merged.content, "b"), "Autre, changé ailleurs.");
    }

    #[test]
    fn different_paragraphs_of_one_section_both_win() {
        let since = content(&[("a", "Premier.\n\nDeuxième.\n\nTroisième.")]);
        let stored = content(&[("a", "Premier, par l'autre.\n\nDeuxième.\n\nTroisième.")]);
        let mine = content(&[("a", "Premier.\n\nDeuxième.\n\nTroisième, par moi.")]);
        let merged = stored.merge_changes(&mine, &changes(&["a"], &since));
        assert!(merged.conflicts.is_empty());
        assert_eq!(body(&merged.content, "a"), "Premier, par l'autre.\n\nDeuxième.\n\nTroisième, par moi.");
    }

    #[test]
    fn one_paragraph_changed_on_both_sides_is_a_conflict_with_both_versions_marked() {
        let since = content(&[("a", "Premier.\n\nDeuxième.")]);
        let stored = content(&[("a", "Premier.\n\nDeuxième, selon l'autre.")]);
        let mine = content(&[("a", "Premier.\n\nDeuxième, selon moi.")]);
        let merged = stored.merge_changes(&mine, &changes(&["a"], &since));
        assert_eq!(body(&merged.content, "a"), "Premier.\n\nDeuxième, selon l'autre.", "stored text stays");
        let [conflict] = merged.conflicts.as_slice() else { panic!("{:?}", merged.conflicts) };
        assert_eq!((conflict.key.as_str(), conflict.title.as_str()), ("a", "Section a"));
        assert_eq!(conflict.mine, "Premier.\n\nDeuxième, selon moi.");
        assert_eq!(conflict.theirs, "Premier.\n\nDeuxième, selon l'autre.");
        assert_eq!(
            conflict.merged,
            "Premier.\n\n⟪ Votre version ⟫\n\nDeuxième, selon moi.\n\n⟪ Leur version ⟫\n\nDeuxième, selon l'autre.\n\n⟪ Fin des deux versions ⟫"
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let since = content(&[("a", "Texte.")]);
        let both = content(&[("a", "Texte corrigé.")]);
        let merged = both.merge_changes(&both, &changes(&["a"], &since));
        assert!(merged.conflicts.is_empty());
        assert_eq!(body(&merged.content, "a"), "Texte corrigé.");
    }

    #[test]
    fn without_the_content_it_started_from_a_save_writes_its_sections_whole() {
        let stored = content(&[("a", "Changé ailleurs.")]);
        let mine = content(&[("a", "Le mien.")]);
        let changes = ContentChanges { sections: vec!["a".into()], budget: false, since: None };
        let merged = stored.merge_changes(&mine, &changes);
        assert!(merged.conflicts.is_empty());
        assert_eq!(body(&merged.content, "a"), "Le mien.");
    }

    #[test]
    fn a_budget_changed_on_both_sides_stays_as_stored() {
        use crate::dossier::budget::BudgetLine;
        let line = |label: &str, cents| BudgetLine {
            account: "60".into(),
            label: label.into(),
            amount_cents: cents,
            funder: None,
        };
        let since = content(&[("a", "")]);
        let mut stored = since.clone();
        stored.budget.lines.push(line("Fournitures", 10_000));
        let mut mine = since.clone();
        mine.budget.lines.push(line("Matériel", 20_000));
        let changes = ContentChanges { sections: vec![], budget: true, since: Some(since.clone()) };
        let merged = stored.merge_changes(&mine, &changes);
        assert!(merged.budget_conflict);
        assert_eq!(merged.content.budget, stored.budget);
        // Unchanged elsewhere since: mine is written.
        let merged = since.merge_changes(&mine, &changes);
        assert!(!merged.budget_conflict);
        assert_eq!(merged.content.budget, mine.budget);
    }
}
