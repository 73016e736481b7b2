//! What the commands share: the open database (or why it could not open) and the file dialogs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use fabrique_api::{ApiError, BaseShown};
use fabrique_core::search::PeopleText;
use fabrique_core::ErrorCode;
use fabrique_core::Structure;
use fabrique_store::team::choice::choice_path;
use fabrique_store::{location, ChangeStamp, Store, StoreError, TeamAddress};
use fabrique_usecases::UseCaseError;

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
    place: Mutex<Place>,
    /// The local file the window goes back to from a team base.
    local_path: PathBuf,
    dialogs: OnceLock<Arc<dyn FileDialogs>>,
    /// Set by the interface while a form holds changes not yet saved: closing the window then asks first.
    unsaved_changes: AtomicBool,
}

/// Which base the window works on: for the badge, its file or address as shown (never with a
/// password), and its file (None for a team base, and in tests that build a session themselves).
#[derive(Clone)]
struct Place {
    base: BaseShown,
    shown_path: String,
    db_path: Option<PathBuf>,
}

impl Place {
    fn local(path: &Path) -> Place {
        Place {
            base: BaseShown {
                team: false,
                name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            },
            shown_path: path.display().to_string(),
            db_path: Some(path.to_path_buf()),
        }
    }

    fn team(address: &TeamAddress) -> Place {
        Place {
            base: BaseShown { team: true, name: address.short_name() },
            shown_path: address.to_string(),
            db_path: None,
        }
    }
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
    /// Opens the base named at start (`--db` or `FABRIQUE_DB`); a failure is kept and reported by
    /// every command, so the window can still open and say what went wrong.
    /// `path` may be a team base's address (`postgresql://…`): the window then works on the
    /// federation's server.
    pub fn open(path: &Path, demo: bool) -> Self {
        let Some(text) = path.to_str().filter(|text| TeamAddress::is_team_address(text)) else {
            return Self::open_local(path, demo);
        };
        match TeamAddress::parse(text) {
            Ok(address) => Self::open_team(&address, demo),
            Err(e) => {
                let place = Place {
                    base: BaseShown { team: true, name: "adresse illisible".into() },
                    shown_path: String::new(),
                    db_path: None,
                };
                Self::at(place, Err(UseCaseError::from(e).into()))
            }
        }
    }

    /// Opens the base chosen last in the « Base d'équipe » screen: the team base, or else the
    /// local file in the user's data folder.
    pub fn open_chosen(demo: bool) -> Self {
        match fabrique_usecases::team::chosen_team_base(&choice_path()) {
            Ok(Some(address)) => Self::open_team(&address, demo),
            Ok(None) => Self::open_local(&location::default_database_path(), demo),
            Err(e) => {
                eprintln!("{e}");
                Self::open_local(&location::default_database_path(), demo)
            }
        }
    }

    fn open_local(path: &Path, demo: bool) -> Self {
        let state = Self::at(Place::local(path), with_demo(Store::open(path).map_err(UseCaseError::from), demo));
        AppState { local_path: path.to_path_buf(), ..state }
    }

    fn open_team(address: &TeamAddress, demo: bool) -> Self {
        Self::at(Place::team(address), with_demo(fabrique_usecases::team::open_store(address), demo))
    }

    fn at(place: Place, opened: Result<Store, ApiError>) -> Self {
        let state = Self::with_session(opened.map(Session::new));
        *state.place.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = place;
        state
    }

    pub fn with_session(session: Result<Session, ApiError>) -> Self {
        AppState {
            session: Arc::new(Mutex::new(session)),
            place: Mutex::new(Place {
                base: BaseShown { team: false, name: "(en mémoire)".into() },
                shown_path: "(en mémoire)".into(),
                db_path: None,
            }),
            local_path: location::default_database_path(),
            dialogs: OnceLock::new(),
            unsaved_changes: AtomicBool::new(false),
        }
    }

    fn place(&self) -> Place {
        self.place.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub fn db_path(&self) -> Option<PathBuf> {
        self.place().db_path
    }

    /// The local file the window goes back to from a team base.
    pub fn local_path(&self) -> &Path {
        &self.local_path
    }

    /// The badge's base, and its file or address as shown to the user.
    pub fn base_shown(&self) -> (BaseShown, String) {
        let place = self.place();
        (place.base, place.shown_path)
    }

    /// Why the database could not be opened, if it could not.
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

    /// Moves the window to another base (« Base d'équipe » screen): `open` runs on a blocking
    /// thread with the current session locked, so no command runs on the old base meanwhile; when
    /// it fails, the window stays on the base it was on.
    pub async fn switch<T, F>(&self, open: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> CommandResult<(Store, Option<TeamAddress>, T)> + Send + 'static,
    {
        let local_path = self.local_path.clone();
        let (place, value) = self
            .reopen(move || {
                let (store, team, value) = open()?;
                let place = match &team {
                    Some(address) => Place::team(address),
                    None => Place::local(&local_path),
                };
                Ok((store, (place, value)))
            })
            .await?;
        *self.place.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = place;
        Ok(value)
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

/// Loads the demo directory into an empty base when the app was started with `--demo`.
fn with_demo(opened: Result<Store, UseCaseError>, demo: bool) -> Result<Store, ApiError> {
    let loaded = opened.and_then(|mut store| {
        if demo && store.is_empty()? {
            store.load_demo(chrono::Local::now().date_naive())?;
        }
        Ok(store)
    });
    loaded.map_err(ApiError::from)
}
