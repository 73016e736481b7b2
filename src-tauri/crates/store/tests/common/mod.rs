//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fabrique_core::{PersonDraft, StructureDraft, StructureKind, VisitDraft};
use fabrique_store::Store;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn structure(name: &str, commune: &str) -> StructureDraft {
    StructureDraft {
        name: name.into(),
        kind: Some(StructureKind::CentreSocial),
        member: true,
        member_since: Some(2012),
        commune: commune.into(),
        email: "contact@exemple.fr".into(),
        tags: vec!["Numérique".into(), "Familles".into()],
        ..Default::default()
    }
}

pub fn person(first: &str, last: &str, email: &str) -> PersonDraft {
    PersonDraft {
        first_name: first.into(),
        last_name: last.into(),
        role: "Direction".into(),
        email: email.into(),
        collected_from: "Visite sur place".into(),
        collected_on: date(2025, 3, 1),
        ..Default::default()
    }
}

pub fn visit(on: Option<NaiveDate>, met: &str, notes: &str) -> VisitDraft {
    VisitDraft { date: on, delegate: "Anne Sarrazin".into(), met: met.into(), notes: notes.into() }
}

/// Structures in the directory: what "nothing was written" is checked against.
pub fn count(store: &Store) -> usize {
    store.list_structures().unwrap().len()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}
