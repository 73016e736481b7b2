//! The team base (« Base d'équipe »): preparing a PostgreSQL database for Fabrique, bringing its
//! schema up to date, putting a local base into it, taking a local copy of it and restoring a
//! backup over it. Each takes the
//! address as the user wrote it (`postgresql://utilisateur@serveur:5432/base`); the password comes
//! from the address, `PGPASSWORD` or the password file.
//!
//! And the window's side of it: connecting from the « Base d'équipe » screen (the password kept in
//! the system's keychain, never in a file), remembering which base the window opens, and going
//! back to the local base.

use std::path::Path;

use fabrique_store::team::{keychain, schema, transfer};
use fabrique_store::{BaseChoice, RestoreOutcome, Store, TeamAddress, TeamBase, TeamServer, TransferReport};

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

/// `team restore`: the whole team base replaced by a backup (a local base file), after a copy of
/// it is written beside the backup; erasures made since the backup are applied again.
pub fn restore(address: &str, backup: &Path) -> Result<RestoreOutcome> {
    let mut store = Store::open_team(&TeamAddress::parse(address)?)?;
    Ok(store.restore_from(backup)?)
}

/// A team base opened for the window, and what the keychain said along the way (the base is open
/// even when the keychain could not keep its password).
pub struct TeamOpened {
    pub store: Store,
    pub address: TeamAddress,
    /// True when the password is in the system's keychain for the next start.
    pub password_kept: bool,
    /// What could not be done beside opening (keychain, remembering the choice), in French.
    pub warnings: Vec<String>,
}

/// The window on a team base: its store, with form drafts kept in a file on this computer
/// (without it the forms still save, and say beside them that their content is not set aside).
pub fn open_store(address: &TeamAddress) -> Result<Store> {
    let mut store = Store::open_team(address)?;
    if let Err(e) = store.keep_drafts_in(&fabrique_store::location::team_drafts_path(address)) {
        eprintln!("{e}");
    }
    Ok(store)
}

/// « Se connecter » in the « Base d'équipe » screen: opens the team base described by `server`
/// with the password typed (or, when none is typed, the one kept in the keychain); once it is
/// open, keeps the password in the keychain (`remember`) or forgets it, and records that the window
/// now opens this base. Nothing is kept when the connection fails.
pub fn connect(server: &TeamServer, typed_password: &str, remember: bool, choice_path: &Path) -> Result<TeamOpened> {
    let entry = TeamAddress::from_server(server, None)?;
    let mut warnings = Vec::new();
    let recalled = if typed_password.is_empty() {
        keychain::recall(&entry).unwrap_or_else(|e| {
            warnings.push(e.to_string());
            None
        })
    } else {
        None
    };
    let password = if typed_password.is_empty() { recalled.as_deref() } else { Some(typed_password) };
    let address = TeamAddress::from_server(server, password)?;
    let store = open_store(&address)?;
    let password_kept = match (remember, typed_password.is_empty()) {
        (true, false) => keychain::remember(&address, typed_password).map_err(|e| warnings.push(e.to_string())).is_ok(),
        (true, true) => recalled.is_some(),
        (false, _) => {
            if let Err(e) = keychain::forget(&address) {
                warnings.push(e.to_string());
            }
            false
        }
    };
    let choice = BaseChoice { use_team: true, team: Some(address.server_fields()) };
    if let Err(e) = choice.save(choice_path) {
        warnings.push(e.to_string());
    }
    Ok(TeamOpened { store, address, password_kept, warnings })
}

/// What the window opens at start without `--db`: the team base chosen last (its password from
/// the keychain, else `PGPASSWORD` or the password file), or None for the local base.
pub fn chosen_team_base(choice_path: &Path) -> Result<Option<TeamAddress>> {
    let choice = BaseChoice::load(choice_path)?;
    let Some(server) = choice.team.filter(|_| choice.use_team) else { return Ok(None) };
    let entry = TeamAddress::from_server(&server, None)?;
    // A keychain that cannot answer leaves the password to the other sources; the server then
    // says whether it is missing.
    let password = keychain::recall(&entry).unwrap_or_else(|e| {
        eprintln!("{e}");
        None
    });
    Ok(Some(TeamAddress::from_server(&server, password.as_deref())?))
}

/// « Revenir à la base locale »: the window opens the local file from now on; the team base's
/// fields stay known, for coming back to it without retyping.
pub fn choose_local_base(choice_path: &Path) -> Result<()> {
    let mut choice = BaseChoice::load(choice_path).unwrap_or_default();
    choice.use_team = false;
    Ok(choice.save(choice_path)?)
}

/// The team base the « Base d'équipe » screen shows: the one `open` in the window, else the last
/// connected to (its fields, never its password); and whether its password is in the keychain.
pub fn known_team_base(open: Option<TeamServer>, choice_path: &Path) -> Result<(Option<TeamServer>, bool)> {
    let server = match open {
        Some(server) => Some(server),
        None => BaseChoice::load(choice_path)?.team,
    };
    let kept = match &server {
        Some(server) => keychain::recall(&TeamAddress::from_server(server, None)?)?.is_some(),
        None => false,
    };
    Ok((server, kept))
}

/// « Oublier le mot de passe »: the keychain no longer holds this base's password.
pub fn forget_password(server: &TeamServer) -> Result<()> {
    Ok(keychain::forget(&TeamAddress::from_server(server, None)?)?)
}
