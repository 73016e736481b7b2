//! The news watch (« veille »): feeds followed, fetched, their items read, tagged and marked « à
//! partager »; links added by hand.
//!
//! Fetching is in three steps so that the window never holds its base while waiting for a
//! server: [`to_fetch`] reads what to ask (with the base), [`fetch`] asks every server (without
//! it), [`record`] keeps the answers (with it, each feed in its own transaction).

use fabrique_api::{FetchReport, VeilleView};
use fabrique_core::veille::{Item, ItemId, ItemMarks, Source, SourceId, SUGGESTED_TAGS};
use fabrique_store::veille::{FetchOutcome, Validators};
use fabrique_store::veille_fetch::{fetch_feed, FetchLimits};
use fabrique_store::Store;

use crate::Result;

pub fn view(store: &Store) -> Result<VeilleView> {
    let items = store.veille_items()?;
    let mut tags: Vec<String> = SUGGESTED_TAGS.iter().map(|t| t.to_string()).collect();
    for tag in items.iter().flat_map(|i| &i.tags) {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    Ok(VeilleView { sources: store.veille_sources()?, items, tags })
}

pub fn add_feed(store: &mut Store, url: &str) -> Result<Source> {
    Ok(store.add_veille_source(url)?)
}

pub fn add_link(store: &mut Store, url: &str, title: &str, note: &str) -> Result<Item> {
    Ok(store.add_veille_link(url, title, note)?)
}

pub fn mark(store: &mut Store, id: ItemId, marks: ItemMarks) -> Result<Item> {
    Ok(store.mark_veille_item(id, marks)?)
}

pub fn delete_feed(store: &mut Store, id: SourceId) -> Result<()> {
    Ok(store.delete_veille_source(id)?)
}

/// Each feed to fetch, with the validators of its last answer.
pub fn to_fetch(store: &Store) -> Result<Vec<(Source, Validators)>> {
    let mut plan = Vec::new();
    for source in store.veille_sources()? {
        let validators = store.veille_validators(source.id)?;
        plan.push((source, validators));
    }
    Ok(plan)
}

/// Asks every server, one after the other, each within `limits`; touches no base.
pub fn fetch(plan: Vec<(Source, Validators)>, limits: FetchLimits) -> Vec<(Source, FetchOutcome)> {
    plan.into_iter()
        .map(|(source, validators)| {
            let outcome = fetch_feed(&source.url, &validators, limits);
            (source, outcome)
        })
        .collect()
}

/// Keeps what each feed brought; a failure is kept as that feed's error and stops nothing.
pub fn record(store: &mut Store, answers: Vec<(Source, FetchOutcome)>) -> Result<Vec<FetchReport>> {
    let mut reports = Vec::with_capacity(answers.len());
    for (source, outcome) in answers {
        let new_items = store.record_veille_fetch(source.id, &outcome)?;
        let title = match &outcome {
            FetchOutcome::Read { feed, .. } if source.title.is_empty() => feed.title.clone(),
            _ => source.title.clone(),
        };
        let error = match outcome {
            FetchOutcome::Failed(message) => Some(message),
            _ => None,
        };
        reports.push(FetchReport { source_id: source.id, url: source.url, title, new_items, error });
    }
    Ok(reports)
}

/// The three steps at once, for the command line.
pub fn fetch_all(store: &mut Store, limits: FetchLimits) -> Result<Vec<FetchReport>> {
    let plan = to_fetch(store)?;
    record(store, fetch(plan, limits))
}
