//! « Activité »: the latest changes of the base and who made them, gathered from every history
//! (RGPD ratings, dossier versions, visits, erasures, imports) and said in French. The store reads
//! each history's latest rows; this module groups, describes and orders them.
//!
//! Nothing here names a person of the directory: an erasure says that someone was erased, never
//! whom, and a visit says where, not who was met.

use serde::{Deserialize, Serialize};

use crate::model::StructureId;

/// Which history an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Rgpd,
    Dossier,
    Visit,
    Erasure,
    Import,
}

/// One change, as the « Activité » view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// The account (team base) or the computer's user (local base); empty for what was recorded
    /// before authors were (schema 10).
    pub author: String,
    pub kind: ActivityKind,
    pub structure_id: Option<StructureId>,
    /// The structure's name, when the change concerns one.
    pub structure_name: Option<String>,
    /// What changed, in French.
    pub summary: String,
}

/// Longest quoted text in a summary: a note of several paragraphs is shown by its beginning.
const QUOTE_CHARS: usize = 60;

fn quote(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= QUOTE_CHARS {
        format!("« {text} »")
    } else {
        // Cut between words.
        let cut: String = text.chars().take(QUOTE_CHARS).collect();
        let cut = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
        format!("« {}… »", cut.trim_end_matches([' ', ',', ';', ':']))
    }
}

/// One field of an RGPD rating as its history keeps it: field, before, after.
pub struct RatingChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// An RGPD rating saved: every field it changed at once makes one entry.
pub fn rating(item_title: &str, changes: &[RatingChange]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match c.field.as_str() {
            "statut" => format!("statut {} → {}", c.before, c.after),
            "pièce jointe" if c.before.is_empty() => format!("pièce jointe {} ajoutée", quote(&c.after)),
            "pièce jointe" => format!("pièce jointe {} retirée", quote(&c.before)),
            field if c.after.is_empty() => format!("{field} effacé·e"),
            field => format!("{field} {}", quote(&c.after)),
        })
        .collect();
    format!("RGPD, {} : {}", quote(item_title), parts.join(" ; "))
}

pub fn dossier_version(dossier_title: &str, label: &str) -> String {
    match label.trim() {
        "" => format!("Dossier {} : version enregistrée", quote(dossier_title)),
        label => format!("Dossier {} : version {}", quote(dossier_title), quote(label)),
    }
}

/// A meeting recorded (a visit of a structure, or another meeting): its object and date, never
/// who was met.
pub fn meeting(title: &str, date: &str) -> String {
    let what = if title.trim().is_empty() || title == "Visite" {
        "Visite".to_string()
    } else {
        format!("Rencontre « {} »", title.trim())
    };
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(date) => format!("{what} du {} enregistrée", crate::french::short_date(date)),
        Err(_) => format!("{what} enregistrée"),
    }
}

pub fn erasure() -> String {
    "Une personne effacée (droit à l'effacement)".to_string()
}

pub fn import(created: i64, updated: i64) -> String {
    let count = |n: i64, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    format!(
        "Import de l'annuaire : {}, {}",
        count(created, "structure créée", "structures créées"),
        count(updated, "mise à jour", "mises à jour")
    )
}

/// The `limit` latest entries of every history, newest first (ties: the order given).
pub fn latest(mut entries: Vec<ActivityEntry>, limit: usize) -> Vec<ActivityEntry> {
    entries.sort_by(|a, b| b.at.cmp(&a.at));
    entries.truncate(limit);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: &str, kind: ActivityKind) -> ActivityEntry {
        ActivityEntry {
            at: at.into(),
            author: "marie".into(),
            kind,
            structure_id: None,
            structure_name: None,
            summary: String::new(),
        }
    }

    #[test]
    fn the_latest_entries_of_every_history_come_newest_first() {
        let entries = vec![
            entry("2026-12-01T10:00:00Z", ActivityKind::Visit),
            entry("2026-12-03T09:00:00Z", ActivityKind::Rgpd),
            entry("2026-12-02T08:00:00Z", ActivityKind::Import),
        ];
        let kinds: Vec<_> = latest(entries, 2).into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [ActivityKind::Rgpd, ActivityKind::Import]);
    }

    #[test]
    fn a_rating_says_each_field_it_changed_and_quotes_long_notes_by_their_beginning() {
        let change = |field: &str, before: &str, after: &str| RatingChange {
            field: field.into(),
            before: before.into(),
            after: after.into(),
        };
        let long = "Registre des traitements commencé avec la directrice, à finir avant l'assemblée générale de juin.";
        let said = rating(
            "Registre des traitements",
            &[change("statut", "À faire", "En cours"), change("note", "", long), change("échéance", "01/03/2027", "")],
        );
        assert_eq!(
            said,
            "RGPD, « Registre des traitements » : statut À faire → En cours ; \
             note « Registre des traitements commencé avec la directrice, à… » ; échéance effacé·e"
        );
        let file = rating("Affichage", &[change("pièce jointe", "", "affiche.pdf")]);
        assert_eq!(file, "RGPD, « Affichage » : pièce jointe « affiche.pdf » ajoutée");
    }

    #[test]
    fn imports_visits_and_erasures_are_said_without_naming_anyone() {
        assert_eq!(import(1, 0), "Import de l'annuaire : 1 structure créée, 0 mise à jour");
        assert_eq!(import(12, 3), "Import de l'annuaire : 12 structures créées, 3 mises à jour");
        assert_eq!(meeting("Visite", "2026-11-28"), "Visite du 28/11/2026 enregistrée");
        assert_eq!(meeting("Point d'étape", "2026-11-28"), "Rencontre « Point d'étape » du 28/11/2026 enregistrée");
        assert_eq!(erasure(), "Une personne effacée (droit à l'effacement)");
        assert_eq!(dossier_version("AILDS 2027", ""), "Dossier « AILDS 2027 » : version enregistrée");
    }
}
