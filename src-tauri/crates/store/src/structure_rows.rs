//! Reading structures from their rows: the one place that knows the table's columns, below every
//! module that needs a structure (people, dossiers, RGPD), so none of them depends on another.

use std::collections::HashMap;

use fabrique_core::communes::gironde;
use fabrique_core::{Area, Structure, StructureDraft, StructureId, StructureKind};

use crate::error::{Result, StoreError};
use crate::rows::read_date;
use crate::sql::{values, Row, Sql, Value};

pub(crate) fn live_structure(db: &(impl Sql + ?Sized), id: StructureId) -> Result<Structure> {
    load_structures(db, "id = ?1 AND deleted_at IS NULL", "structure_id = ?1", values![id])?
        .pop()
        .ok_or(StoreError::NotFound { what: "La structure", id })
}

/// A structure whether or not it is in the bin: a dossier keeps the applicant it was written for.
pub(crate) fn any_structure(db: &(impl Sql + ?Sized), id: StructureId) -> Result<Structure> {
    load_structures(db, "id = ?1", "structure_id = ?1", values![id])?
        .pop()
        .ok_or(StoreError::NotFound { what: "La structure", id })
}

const COLUMNS: &str = "id, name, kind, member, member_since, caf_approval_start, caf_approval_end, address, \
    postal_code, commune, insee, area, qpv, siret, rna, phone, email, website, social_networks, employees, \
    volunteers, notes, updated_at, version";

/// Structures matching `filter` (an SQL condition) with their tags, read with `tags_filter` on
/// the same parameters: two queries whatever the count, so listing thousands of structures stays
/// in the milliseconds. Tags of rows `filter` leaves out are read and dropped, which costs less
/// than asking SQLite to match them.
pub(crate) fn load_structures(
    db: &(impl Sql + ?Sized),
    filter: &str,
    tags_filter: &str,
    params: &[Value],
) -> Result<Vec<Structure>> {
    let mut tags: HashMap<StructureId, Vec<String>> = HashMap::new();
    let sql =
        format!("SELECT structure_id, tag FROM structure_tags WHERE {tags_filter} ORDER BY structure_id, position");
    for row in db.query(&sql, params)? {
        tags.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    db.query(&format!("SELECT {COLUMNS} FROM structures WHERE {filter}"), params)?
        .iter()
        .map(|row| {
            let mut structure = read_structure(row)?;
            structure.draft.tags = tags.remove(&structure.id).unwrap_or_default();
            Ok(structure)
        })
        .collect()
}

fn read_structure(r: &Row) -> Result<Structure> {
    let insee: Option<String> = r.get(10)?;
    let territory =
        insee.as_deref().and_then(|code| gironde().by_insee(code)).map(|c| c.territory()).unwrap_or_default();
    Ok(Structure {
        id: r.get(0)?,
        draft: StructureDraft {
            name: r.get(1)?,
            kind: r.get::<Option<String>>(2)?.as_deref().and_then(StructureKind::from_code),
            member: r.get(3)?,
            member_since: r.get(4)?,
            caf_approval_start: read_date(r, 5)?,
            caf_approval_end: read_date(r, 6)?,
            address: r.get(7)?,
            postal_code: r.get(8)?,
            commune: r.get(9)?,
            insee,
            area: r.get::<Option<String>>(11)?.as_deref().and_then(Area::from_code),
            qpv: r.get(12)?,
            siret: r.get(13)?,
            rna: r.get(14)?,
            phone: r.get(15)?,
            email: r.get(16)?,
            website: r.get(17)?,
            social_networks: r.get(18)?,
            employees: r.get(19)?,
            volunteers: r.get(20)?,
            notes: r.get(21)?,
            tags: Vec::new(),
        },
        territory,
        updated_at: r.get(22)?,
        version: r.get(23)?,
    })
}
