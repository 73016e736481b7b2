//! The team base (« Base d'équipe »): preparing a PostgreSQL database for Fabrique, bringing its
//! schema up to date, putting a local base into it and taking a local copy of it. Each takes the
//! address as the user wrote it (`postgresql://utilisateur@serveur:5432/base`); the password comes
//! from the address, `PGPASSWORD` or the password file.

use std::path::Path;

use fabrique_store::team::{schema, transfer};
use fabrique_store::{TeamAddress, TeamBase, TransferReport};

use crate::Result;

/// `team init`: the tables and the roles, on an empty database. Returns the schema version.
pub fn init(address: &str) -> Result<u32> {
    let mut team = TeamBase::connect(&TeamAddress::parse(address)?)?;
    Ok(schema::init(&mut team)?.schema_version)
}

/// `team upgrade`: an older team base brought to this version's schema. Returns the versions
/// before and after.
pub fn upgrade(address: &str) -> Result<(u32, u32)> {
    let mut team = TeamBase::connect(&TeamAddress::parse(address)?)?;
    Ok(schema::upgrade(&mut team)?)
}

/// `team publish`: the local base at `source`, whole, into an empty team base.
pub fn publish(address: &str, source: &Path) -> Result<TransferReport> {
    let mut team = TeamBase::open(&TeamAddress::parse(address)?)?;
    Ok(transfer::publish(source, &mut team)?)
}

/// `team copy`: the team base, whole, into a new local file.
pub fn copy(address: &str, dest: &Path) -> Result<TransferReport> {
    let mut team = TeamBase::open(&TeamAddress::parse(address)?)?;
    Ok(transfer::copy(&mut team, dest)?)
}
