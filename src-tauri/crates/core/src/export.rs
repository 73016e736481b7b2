//! The rows of a directory export, shared by the CSV and XLSX writers.

use crate::french::short_date;
use crate::import::Field;
use crate::model::{Structure, StructureKind};

/// Makes a cell inert in a spreadsheet: text starting with = + - @ (or a tab or carriage return,
/// which some programs skip before reading a formula) gets a leading apostrophe.
pub fn neutralise_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Columns of an export: every importable field under its import label, then the derived territory.
pub fn export_headers() -> Vec<String> {
    let mut headers: Vec<String> = Field::ALL.iter().map(|f| f.label().to_string()).collect();
    headers.push("Intercommunalité".into());
    headers
}

fn yes_no(b: bool) -> String {
    if b { "oui" } else { "non" }.to_string()
}

/// One row per structure, every cell neutralised, in the order of [`export_headers`].
pub fn export_rows(structures: &[Structure]) -> Vec<Vec<String>> {
    structures
        .iter()
        .map(|s| {
            let d = &s.draft;
            let date = |x: Option<chrono::NaiveDate>| x.map(short_date).unwrap_or_default();
            let number = |x: Option<u32>| x.map(|n| n.to_string()).unwrap_or_default();
            let mut row: Vec<String> = Field::ALL
                .iter()
                .map(|field| match field {
                    Field::Name => d.name.clone(),
                    Field::Kind => d.kind.map(StructureKind::label).unwrap_or_default().to_string(),
                    Field::Member => yes_no(d.member),
                    Field::MemberSince => d.member_since.map(|y| y.to_string()).unwrap_or_default(),
                    Field::CafApprovalStart => date(d.caf_approval_start),
                    Field::CafApprovalEnd => date(d.caf_approval_end),
                    Field::Address => d.address.clone(),
                    Field::PostalCode => d.postal_code.clone(),
                    Field::Commune => d.commune.clone(),
                    Field::Insee => d.insee.clone().unwrap_or_default(),
                    Field::Area => d.area.map(|a| a.label()).unwrap_or_default().to_string(),
                    Field::Qpv => yes_no(d.qpv),
                    Field::Siret => d.siret.clone().unwrap_or_default(),
                    Field::Rna => d.rna.clone().unwrap_or_default(),
                    Field::Phone => d.phone.clone(),
                    Field::Email => d.email.clone(),
                    Field::Website => d.website.clone(),
                    Field::SocialNetworks => d.social_networks.clone(),
                    Field::Employees => number(d.employees),
                    Field::Volunteers => number(d.volunteers),
                    Field::Notes => d.notes.clone(),
                    Field::Tags => d.tags.join(", "),
                })
                .collect();
            row.push(s.territory.label().to_string());
            row.iter().map(|c| neutralise_cell(c)).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StructureDraft, Territory};

    #[test]
    fn formulas_are_neutralised() {
        for (input, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+33 5 56", "'+33 5 56"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Mérignac", "Mérignac"),
            ("", ""),
        ] {
            assert_eq!(neutralise_cell(input), want);
        }
    }

    #[test]
    fn rows_follow_headers_and_neutralise() {
        let s = Structure {
            id: 1,
            draft: StructureDraft {
                name: "=cmd|' /C calc'!A0".into(),
                kind: Some(StructureKind::Evs),
                member: true,
                tags: vec!["a".into(), "b".into()],
                ..Default::default()
            },
            territory: Territory { metropole: true, ..Default::default() },
            updated_at: String::new(),
            version: 1,
        };
        let rows = export_rows(&[s]);
        let headers = export_headers();
        assert_eq!(rows[0].len(), headers.len());
        let col = |h: &str| rows[0][headers.iter().position(|x| x == h).unwrap()].clone();
        assert_eq!(col("Nom"), "'=cmd|' /C calc'!A0");
        assert_eq!(col("Type"), "Espace de vie sociale");
        assert_eq!(col("Adhérente"), "oui");
        assert_eq!(col("Étiquettes"), "a, b");
        assert_eq!(col("Intercommunalité"), "Bordeaux Métropole");
    }
}
