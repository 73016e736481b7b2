//! What the commands share: the open database (or why it could not open) and the file dialogs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use fabrique_api::{ApiError, BaseShown};
use fabrique_core::search::PeopleText;
use fabrique_core::ErrorCode;
use fabrique_core::Structure;
use fabrique_store::{ChangeStamp, Store, StoreError, TeamAddress};

use crate::dialogs::FileDialogs;
use crate::error::{CommandError, CommandResult};

/// The store and the directory it last returned (the structures, and what their people add to the
/// search), kept to answer keystrokes without a query. The directory is read again whenever the base has changed since, whoever changed it (this window,
/// a command line, a restore): no command has to say it wrote.
pub struct Session {
    pub store: Store,
    directory: Option<(ChangeStamp, Vec<Structure>, PeopleText)>,
}

impl Session {
    pub fn new(store: Store) -> Self {
        Session { store, directory: None }
    }

    /// Every structure, and what their people add to the search.
    pub fn directory(&mut self) -> Result<(&[Structure], &PeopleText), StoreError> {
        let stamp = self.store.change_stamp()?;
        if self.directory.as_ref().is_none_or(|(seen, _, _)| *seen != stamp) {
            self.directory = Some((stamp, self.store.list_structures()?, self.store.people_search_text()?));
        }
        let (_, structures, people) = self.directory.as_ref().expect("just read");
        Ok((structures, people))
    }
}

pub struct AppState {
    session: Arc<Mutex<Result<Session, ApiError>>>,
    /// The database file (None for a team base, and in tests that build a session themselves).
    db_path: Option<PathBuf>,
    /// Which base is open, for the badge, and its file or address (never with a password).
    base: BaseShown,
    shown_path: String,
    dialogs: OnceLock<Arc<dyn FileDialogs>>,
    /// Set by the interface while a form holds changes not yet saved: closing the window then asks first.
    unsaved_changes: AtomicBool,
}

/// Runs `work` on a blocking thread (file dialogs, SQLite), never on the async runtime.
pub async fn on_blocking_thread<T, F>(work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Une tâche interne a échoué ({e}) : réessayez.")))?
}

impl AppState {
    /// Opens the database; a failure is kept and reported by every command, so the window can
    /// still open and say what went wrong.
    /// `path` may be a team base's address (`postgresql://…`): the window then works on the
    /// federation's server.
    pub fn open(path: &Path, demo: bool) -> Self {
        let team = path.to_str().filter(|text| TeamAddress::is_team_address(text)).map(TeamAddress::parse);
        let (base, shown_path) = match &team {
            Some(Ok(address)) => (BaseShown { team: true, name: address.short_name() }, address.to_string()),
            Some(Err(_)) => (BaseShown { team: true, name: "adresse illisible".into() }, String::new()),
            None => (
                BaseShown {
                    team: false,
                    name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                },
                path.display().to_string(),
            ),
        };
        let opened = match team {
            Some(address) => address.and_then(|address| {
                let mut store = Store::open_team(&address)?;
                // What is typed stays on this computer; without it the forms still save, and say
                // beside them that their content is not set aside.
                if let Err(e) = store.keep_drafts_in(&fabrique_store::location::team_drafts_path(&address)) {
                    eprintln!("{e}");
                }
                Ok(store)
            }),
            None => Store::open(path),
        };
        let session = opened
            .and_then(|mut store| {
                if demo && store.is_empty()? {
                    store.load_demo(chrono::Local::now().date_naive())?;
                }
                Ok(store)
            })
            .map(Session::new)
            .map_err(|e| ApiError::new(e.code(), e.to_string()));
        let db_path = (!base.team).then(|| path.to_path_buf());
        AppState { db_path, base, shown_path, ..Self::with_session(session) }
    }

    pub fn with_session(session: Result<Session, ApiError>) -> Self {
        AppState {
            session: Arc::new(Mutex::new(session)),
            db_path: None,
            base: BaseShown { team: false, name: "(en mémoire)".into() },
            shown_path: "(en mémoire)".into(),
            dialogs: OnceLock::new(),
            unsaved_changes: AtomicBool::new(false),
        }
    }

    pub fn db_path(&self) -> Option<&Path> {
        self.db_path.as_deref()
    }

    /// The badge's base, and its file or address as shown to the user.
    pub fn base_shown(&self) -> (BaseShown, String) {
        (self.base.clone(), self.shown_path.clone())
    }

    /// Why the database could not be opened at start, if it could not.
    pub fn open_problem(&self) -> Option<ApiError> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref().err().cloned()
    }

    /// Runs `open` on a blocking thread and, when it succeeds, makes its store the session.
    pub async fn reopen<T, F>(&self, open: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> CommandResult<(Store, T)> + Send + 'static,
    {
        let session = Arc::clone(&self.session);
        on_blocking_thread(move || {
            let mut guard = session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let (store, value) = open()?;
            *guard = Ok(Session::new(store));
            Ok(value)
        })
        .await
    }

    pub fn set_unsaved_changes(&self, unsaved: bool) {
        self.unsaved_changes.store(unsaved, Ordering::SeqCst);
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved_changes.load(Ordering::SeqCst)
    }

    pub fn set_dialogs(&self, dialogs: Arc<dyn FileDialogs>) {
        let _ = self.dialogs.set(dialogs);
    }

    pub fn dialogs(&self) -> CommandResult<Arc<dyn FileDialogs>> {
        self.dialogs.get().cloned().ok_or_else(|| {
            CommandError::new(ErrorCode::Internal, "Les fenêtres de choix de fichier ne sont pas prêtes : réessayez.")
        })
    }

    /// Runs `work` on a blocking thread with the session locked: SQLite calls never block the
    /// async runtime, and no lock is held across an await.
    pub async fn run<T, F>(&self, work: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session) -> CommandResult<T> + Send + 'static,
    {
        let session = Arc::clone(&self.session);
        on_blocking_thread(move || {
            let mut guard = session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match guard.as_mut() {
                Ok(session) => work(session),
                Err(open_error) => Err(CommandError(open_error.clone())),
            }
        })
        .await
    }
}
