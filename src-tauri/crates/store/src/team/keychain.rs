//! The team base's password, kept in the operating system's keychain (Windows Credential Manager,
//! macOS Keychain, the kernel's key store on Linux), never in a file: one entry per user and
//! server, under the service name « Fabrique ».

use crate::error::{Result, StoreError};
use crate::TeamAddress;

const SERVICE: &str = "Fabrique";

fn entry(address: &TeamAddress, action: &'static str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &address.keychain_entry()).map_err(|e| failed(action, e))
}

fn failed(action: &'static str, e: keyring::Error) -> StoreError {
    let detail = match e {
        keyring::Error::NoStorageAccess(_) => "le trousseau est verrouillé ou absent".to_string(),
        // Writing answers « no entry » when the session has no keyring at all (Linux).
        keyring::Error::NoEntry => "aucun trousseau n'est ouvert pour cette session".to_string(),
        keyring::Error::PlatformFailure(inner) => inner.to_string(),
        other => other.to_string(),
    };
    StoreError::Keychain { action, detail }
}

/// Keeps `password` for `address`, replacing what was kept.
pub fn remember(address: &TeamAddress, password: &str) -> Result<()> {
    entry(address, "garder")?.set_password(password).map_err(|e| failed("garder", e))
}

/// The password kept for `address`, if one is.
pub fn recall(address: &TeamAddress) -> Result<Option<String>> {
    match entry(address, "retrouver")?.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(failed("retrouver", e)),
    }
}

/// Forgets the password kept for `address` (nothing to do when none is).
pub fn forget(address: &TeamAddress) -> Result<()> {
    match entry(address, "oublier")?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(failed("oublier", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TeamServer;

    fn address(user: &str) -> TeamAddress {
        let server = TeamServer {
            host: "bdd.federation.example".into(),
            port: 5432,
            database: "fabrique".into(),
            user: user.into(),
            ca_file: None,
        };
        TeamAddress::from_server(&server, None).unwrap()
    }

    /// The real keychain of the machine running the tests (on Linux, the kernel's session
    /// keyring: the test runs inside a fresh one), written, read back, replaced and forgotten.
    #[test]
    fn a_password_is_kept_given_back_replaced_and_forgotten() {
        #[cfg(target_os = "linux")]
        join_fresh_session_keyring();
        let marie = address(&format!("marie-{}", std::process::id()));
        let paul = address(&format!("paul-{}", std::process::id()));
        assert_eq!(recall(&marie).unwrap(), None);
        remember(&marie, "mot de passe accentué : é").unwrap();
        assert_eq!(recall(&marie).unwrap().as_deref(), Some("mot de passe accentué : é"));
        assert_eq!(recall(&paul).unwrap(), None, "one entry per user");
        remember(&marie, "nouveau").unwrap();
        assert_eq!(recall(&marie).unwrap().as_deref(), Some("nouveau"));
        forget(&marie).unwrap();
        assert_eq!(recall(&marie).unwrap(), None);
        forget(&marie).unwrap();
    }

    /// A Linux desktop session opens a keyring at login; a test process may have none, so it
    /// joins a new one of its own (as `keyctl session` does), which its children inherit.
    #[cfg(target_os = "linux")]
    fn join_fresh_session_keyring() {
        const KEYCTL_JOIN_SESSION_KEYRING: libc::c_long = 1;
        // SAFETY: a null name asks the kernel for a new anonymous session keyring; no memory is passed.
        let id =
            unsafe { libc::syscall(libc::SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, std::ptr::null::<libc::c_char>()) };
        assert!(id >= 0, "keyctl(JOIN_SESSION_KEYRING) a échoué : {}", std::io::Error::last_os_error());
    }
}
