//! The directory list: instant search that ignores accents and case, filters, sorting and counts.
//!
//! Folded text is computed once per structure in [`SearchIndex::new`], so a keystroke costs one pass
//! of substring tests over precomputed strings.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{Area, Structure, StructureId, StructureKind};
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Commune,
    Kind,
    MemberSince,
    CafApprovalEnd,
    UpdatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TerritoryFilter {
    Metropole,
    HorsMetropole,
}

/// What the list shows: every field is optional and they combine with AND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct StructureQuery {
    /// Words to find in the name, commune, postal code, tags, SIRET, RNA, notes, or the names,
    /// e-mails and roles of its people; every word must match.
    pub text: String,
    pub kind: Option<StructureKind>,
    pub member: Option<bool>,
    pub territory: Option<TerritoryFilter>,
    pub area: Option<Area>,
    pub qpv: Option<bool>,
    pub tag: Option<String>,
    /// Keeps structures whose CAF approval ends between today and today + N months (or has ended).
    pub caf_ending_within_months: Option<u32>,
    pub sort: SortKey,
    pub descending: bool,
}

/// The figures shown above the list ("34 adhérentes, 15 non adhérentes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DirectoryCounts {
    pub total: u32,
    pub members: u32,
    pub non_members: u32,
    pub centres_sociaux: u32,
    pub evs: u32,
}

impl DirectoryCounts {
    pub fn of<'a>(structures: impl IntoIterator<Item = &'a Structure>) -> Self {
        let mut counts = DirectoryCounts::default();
        for s in structures {
            counts.total += 1;
            if s.draft.member {
                counts.members += 1;
            } else {
                counts.non_members += 1;
            }
            match s.draft.kind {
                Some(StructureKind::CentreSocial) => counts.centres_sociaux += 1,
                Some(StructureKind::Evs) => counts.evs += 1,
                None => {}
            }
        }
        counts
    }

    /// "34 adhérentes, 15 non adhérentes", with French agreement for 0 and 1.
    pub fn summary(&self) -> String {
        let plural = |n: u32| if n > 1 { "s" } else { "" };
        format!(
            "{} adhérente{}, {} non adhérente{}",
            self.members,
            plural(self.members),
            self.non_members,
            plural(self.non_members)
        )
    }
}

struct Entry {
    haystack: String,
    name: String,
    commune: String,
    tags: Vec<String>,
}

/// What each structure's people add to its search text (names, e-mails, roles), by structure.
pub type PeopleText = HashMap<StructureId, String>;

/// Structures with their folded search text, ready to answer queries.
pub struct SearchIndex<'a> {
    structures: &'a [Structure],
    entries: Vec<Entry>,
}

impl<'a> SearchIndex<'a> {
    pub fn new(structures: &'a [Structure], people: &PeopleText) -> Self {
        let entries = structures
            .iter()
            .map(|s| {
                let d = &s.draft;
                let haystack = fold(&format!(
                    "{} {} {} {} {} {} {} {} {} {}",
                    d.name,
                    d.commune,
                    d.postal_code,
                    d.tags.join(" "),
                    d.siret.as_deref().unwrap_or(""),
                    d.rna.as_deref().unwrap_or(""),
                    d.address,
                    s.territory.label(),
                    d.notes,
                    people.get(&s.id).map_or("", String::as_str),
                ));
                Entry {
                    haystack,
                    name: fold(&d.name),
                    commune: fold(&d.commune),
                    tags: d.tags.iter().map(|t| fold(t)).collect(),
                }
            })
            .collect();
        SearchIndex { structures, entries }
    }

    /// Indexes into the slice given to [`SearchIndex::new`], filtered and sorted.
    pub fn query(&self, query: &StructureQuery, today: NaiveDate) -> Vec<usize> {
        let words: Vec<String> = fold(&query.text).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        let tag = query.tag.as_deref().map(fold).filter(|t| !t.is_empty());
        let caf_limit =
            query.caf_ending_within_months.map(|n| today.checked_add_months(Months::new(n)).unwrap_or(today));
        let mut hits: Vec<usize> = (0..self.structures.len())
            .filter(|&i| {
                let s = &self.structures[i];
                let e = &self.entries[i];
                words.iter().all(|w| e.haystack.contains(w.as_str()))
                    && query.kind.is_none_or(|k| s.draft.kind == Some(k))
                    && query.member.is_none_or(|m| s.draft.member == m)
                    && query.territory.is_none_or(|t| s.territory.metropole == (t == TerritoryFilter::Metropole))
                    && query.area.is_none_or(|a| s.draft.area == Some(a))
                    && query.qpv.is_none_or(|q| s.draft.qpv == q)
                    && tag.as_ref().is_none_or(|t| e.tags.iter().any(|x| x == t))
                    && caf_limit.is_none_or(|limit| s.draft.caf_approval_end.is_some_and(|end| end <= limit))
            })
            .collect();
        let by_name = |a: &usize, b: &usize| self.entries[*a].name.cmp(&self.entries[*b].name);
        let direction = |o: Ordering| if query.descending { o.reverse() } else { o };
        // A structure without the date sorted on comes after every dated one, whichever the direction.
        fn empty_last<T: Ord>(x: Option<T>, y: Option<T>, direction: impl Fn(Ordering) -> Ordering) -> Ordering {
            match (x, y) {
                (Some(x), Some(y)) => direction(x.cmp(&y)),
                (x, y) => x.is_none().cmp(&y.is_none()),
            }
        }
        hits.sort_by(|a, b| {
            let (sa, sb) = (&self.structures[*a], &self.structures[*b]);
            let primary = match query.sort {
                SortKey::Name => Ordering::Equal,
                SortKey::Commune => direction(self.entries[*a].commune.cmp(&self.entries[*b].commune)),
                SortKey::Kind => direction(sa.draft.kind.cmp(&sb.draft.kind)),
                SortKey::MemberSince => empty_last(sa.draft.member_since, sb.draft.member_since, direction),
                SortKey::CafApprovalEnd => empty_last(sa.draft.caf_approval_end, sb.draft.caf_approval_end, direction),
                SortKey::UpdatedAt => direction(sa.updated_at.cmp(&sb.updated_at)),
            };
            primary.then_with(|| direction(by_name(a, b)))
        });
        hits
    }
}

/// Every tag in use, sorted and without duplicates, for the tag filter.
pub fn all_tags(structures: &[Structure]) -> Vec<String> {
    let mut tags: Vec<(String, String)> = Vec::new();
    for t in structures.iter().flat_map(|s| s.draft.tags.iter()) {
        let folded = fold(t);
        if !tags.iter().any(|(f, _)| *f == folded) {
            tags.push((folded, t.clone()));
        }
    }
    tags.sort();
    tags.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StructureDraft, Territory};

    fn structure(id: i64, name: &str, commune: &str, kind: StructureKind, member: bool, metropole: bool) -> Structure {
        Structure {
            id,
            draft: StructureDraft {
                name: name.into(),
                commune: commune.into(),
                kind: Some(kind),
                member,
                ..Default::default()
            },
            territory: Territory { metropole, ..Default::default() },
            updated_at: format!("2026-01-{id:02}T00:00:00Z"),
            version: 1,
        }
    }

    fn sample() -> Vec<Structure> {
        let mut v = vec![
            structure(1, "Centre social de Beaudésert", "Mérignac", StructureKind::CentreSocial, true, true),
            structure(2, "EVS Les Coteaux", "Libourne", StructureKind::Evs, false, false),
            structure(3, "Amicale Laïque", "Mérignac", StructureKind::Evs, true, true),
            structure(4, "Centre social du Lac", "Bordeaux", StructureKind::CentreSocial, false, true),
        ];
        v[0].draft.tags = vec!["Numérique".into()];
        v[1].draft.qpv = true;
        v[1].draft.caf_approval_end = NaiveDate::from_ymd_opt(2027, 2, 1);
        v[3].draft.caf_approval_end = NaiveDate::from_ymd_opt(2029, 1, 1);
        v
    }

    fn names(structures: &[Structure], q: &StructureQuery) -> Vec<String> {
        names_with_people(structures, &PeopleText::new(), q)
    }

    fn names_with_people(structures: &[Structure], people: &PeopleText, q: &StructureQuery) -> Vec<String> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        SearchIndex::new(structures, people)
            .query(q, today)
            .into_iter()
            .map(|i| structures[i].draft.name.clone())
            .collect()
    }

    #[test]
    fn people_are_found_by_name_email_and_role() {
        let s = sample();
        let people = PeopleText::from([(3, "Élodie Martin directrice e.martin@amicale.fr".to_string())]);
        let q = |text: &str| StructureQuery { text: text.into(), ..Default::default() };
        assert_eq!(names_with_people(&s, &people, &q("elodie")), ["Amicale Laïque"]);
        assert_eq!(names_with_people(&s, &people, &q("martin directrice")), ["Amicale Laïque"]);
        assert_eq!(names_with_people(&s, &people, &q("e.martin@amicale")), ["Amicale Laïque"]);
        assert!(names(&s, &q("elodie")).is_empty(), "only through the people");
    }

    #[test]
    fn structures_without_the_date_come_last_both_ways() {
        let s = sample();
        let q = StructureQuery { sort: SortKey::CafApprovalEnd, ..Default::default() };
        assert_eq!(&names(&s, &q)[..2], ["EVS Les Coteaux", "Centre social du Lac"]);
        let q = StructureQuery { sort: SortKey::CafApprovalEnd, descending: true, ..Default::default() };
        assert_eq!(&names(&s, &q)[..2], ["Centre social du Lac", "EVS Les Coteaux"]);
        let q = StructureQuery { sort: SortKey::MemberSince, descending: true, ..Default::default() };
        let mut with_year = s.clone();
        with_year[2].draft.member_since = Some(2015);
        assert_eq!(names(&with_year, &q)[0], "Amicale Laïque");
    }

    #[test]
    fn search_ignores_accents_and_case_and_needs_every_word() {
        let s = sample();
        let q = |text: &str| StructureQuery { text: text.into(), ..Default::default() };
        assert_eq!(names(&s, &q("merignac")), ["Amicale Laïque", "Centre social de Beaudésert"]);
        assert_eq!(names(&s, &q("BEAUDESERT")), ["Centre social de Beaudésert"]);
        assert_eq!(names(&s, &q("centre lac")), ["Centre social du Lac"]);
        assert_eq!(names(&s, &q("numerique")), ["Centre social de Beaudésert"]);
        assert!(names(&s, &q("introuvable")).is_empty());
    }

    #[test]
    fn filters_combine() {
        let s = sample();
        let q = StructureQuery { kind: Some(StructureKind::CentreSocial), member: Some(false), ..Default::default() };
        assert_eq!(names(&s, &q), ["Centre social du Lac"]);
        let q = StructureQuery { territory: Some(TerritoryFilter::HorsMetropole), ..Default::default() };
        assert_eq!(names(&s, &q), ["EVS Les Coteaux"]);
        let q = StructureQuery { qpv: Some(true), ..Default::default() };
        assert_eq!(names(&s, &q), ["EVS Les Coteaux"]);
        let q = StructureQuery { tag: Some("numerique".into()), ..Default::default() };
        assert_eq!(names(&s, &q), ["Centre social de Beaudésert"]);
        let q = StructureQuery { caf_ending_within_months: Some(6), ..Default::default() };
        assert_eq!(names(&s, &q), ["EVS Les Coteaux"], "Feb 2027 is within 6 months of Nov 2026, 2029 is not");
    }

    #[test]
    fn sorts_by_key_then_name() {
        let s = sample();
        let q = StructureQuery { sort: SortKey::Commune, ..Default::default() };
        assert_eq!(
            names(&s, &q),
            ["Centre social du Lac", "EVS Les Coteaux", "Amicale Laïque", "Centre social de Beaudésert"]
        );
        let q = StructureQuery { descending: true, ..Default::default() };
        assert_eq!(names(&s, &q)[0], "EVS Les Coteaux");
    }

    #[test]
    fn counts_agree_in_french() {
        let counts = DirectoryCounts::of(&sample());
        assert_eq!((counts.total, counts.members, counts.evs), (4, 2, 2));
        assert_eq!(counts.summary(), "2 adhérentes, 2 non adhérentes");
        let one = DirectoryCounts { members: 1, non_members: 0, ..Default::default() };
        assert_eq!(one.summary(), "1 adhérente, 0 non adhérente");
    }
}
