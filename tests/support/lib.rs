//! Helpers shared by the cross-crate tests: finding the built binaries and running the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder holding the workspace's binaries (target/debug or target/release), found from the
/// running test executable (target/<profile>/deps/<test>).
pub fn binaries_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf()
}

pub fn binary(name: &str) -> PathBuf {
    let path = binaries_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is missing: build the workspace first (cargo build --workspace)", path.display());
    path
}

/// The result of one `fabrique-cli` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "fabrique-cli failed: {}", self.stderr);
        self
    }

    #[track_caller]
    pub fn failure(self) -> Self {
        assert_ne!(self.code, 0, "fabrique-cli should have failed; stdout: {}", self.stdout);
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `fabrique-cli --db DB ARGS…` with no FABRIQUE_DB in the environment.
pub fn cli(db: &Path, args: &[&str]) -> Run {
    Command::new(binary("fabrique-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FABRIQUE_DB")
        .output()
        .expect("fabrique-cli runs")
        .into()
}

/// Starts `fabrique-cli --db DB ARGS…` without waiting for it, its output captured.
pub fn spawn_cli(db: &Path, args: &[&str]) -> std::process::Child {
    Command::new(binary("fabrique-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FABRIQUE_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("fabrique-cli starts")
}

/// How many structures the directory lists (opening the base first, as any command does).
pub fn count(db: &Path) -> usize {
    cli(db, &["structures", "list", "--json"]).success().json().as_array().unwrap().len()
}

/// Runs the `sqlite3` shell on a base, read-only: `args` are its options, then one SQL text.
pub fn sqlite(db: &Path, args: &[&str]) -> String {
    let out = Command::new("sqlite3")
        .arg("-readonly")
        .args(args[..args.len() - 1].iter())
        .arg(db)
        .arg(args[args.len() - 1])
        .output()
        .expect("sqlite3 runs (install the sqlite3 command-line shell)");
    assert!(out.status.success(), "sqlite3: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("sqlite3 writes UTF-8")
}

pub mod webdriver;
