//! Builders shared by the RGPD tests: an item, a four-item checklist, an assessment, a fixed today.

use chrono::NaiveDate;

use super::{Assessment, Checklist, ChecklistItem, Status, Step};

pub(crate) fn item(id: &str, step: Step) -> ChecklistItem {
    ChecklistItem {
        id: id.into(),
        step,
        revision: 1,
        title: format!("Point {id}"),
        explanation: String::new(),
        why: String::new(),
        how: String::new(),
        reference: String::new(),
        survey_keywords: vec![],
        retired: false,
        since_version: 1,
    }
}

/// Two items in Gouvernance, two in Sécurité.
pub(crate) fn checklist() -> Checklist {
    Checklist {
        version: 1,
        title: "Test".into(),
        items: vec![
            item("g1", Step::Gouvernance),
            item("g2", Step::Gouvernance),
            item("s1", Step::Securite),
            item("s2", Step::Securite),
        ],
    }
}

/// Centre 7's assessment, owned by Léa; `due` as `AAAA-MM-JJ`.
pub(crate) fn assessed(item: &str, status: Status, due: Option<&str>) -> Assessment {
    Assessment {
        structure_id: 7,
        item_id: item.into(),
        status,
        note: String::new(),
        reason: String::new(),
        evidence: String::new(),
        owner: "Léa".into(),
        due: due.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        item_revision: 1,
        checklist_version: 1,
        updated_at: String::new(),
    }
}

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}
