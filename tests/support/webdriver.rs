//! A small W3C WebDriver client for driving Fabrique's real window through tauri-driver
//! (which starts WebKitWebDriver on Linux, msedgedriver on Windows). Only what the end-to-end
//! tests use.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// tauri-driver running on a free local port; stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    agent: ureq::Agent,
}

/// A port nothing listens on, below Linux's ephemeral range (32768–60999): a port the system has
/// just given to an outgoing connection can linger there in TIME_WAIT, and WebKitWebDriver, which
/// does not reuse addresses, then fails to listen ("Unable to listen for HTTP server"). Each test
/// process takes its own block of ports and never hands the same one out twice.
fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let block = 20_000 + (std::process::id() % 60) as u16 * 200;
    for _ in 0..200 {
        let port = block + NEXT.fetch_add(1, Ordering::Relaxed) % 200;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin").join(format!("tauri-driver{}", std::env::consts::EXE_SUFFIX)));
    match home_bin {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

impl Driver {
    pub fn start() -> Driver {
        Driver::start_with_env(&[])
    }

    /// Starts tauri-driver with extra environment variables, which the app it launches inherits.
    pub fn start_with_env(env: &[(&str, &Path)]) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new(tauri_driver_path());
        // Its own process group, so dropping the driver also stops the WebKitWebDriver it starts
        // (which would otherwise outlive the test, holding its output pipes open).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        // On Windows, tauri-driver drives the window through Microsoft's msedgedriver, named by
        // TAURI_NATIVE_DRIVER when it is not on the PATH.
        if let Some(native) = std::env::var_os("TAURI_NATIVE_DRIVER") {
            command.arg("--native-driver").arg(native);
        }
        let child = command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        // tauri-driver listens at once but forwards to WebKitWebDriver, which starts a moment
        // later: a session asked for before both listen is dropped ("peer disconnected").
        let deadline = Instant::now() + Duration::from_secs(20);
        for listening in [port, native_port] {
            while TcpStream::connect(("127.0.0.1", listening)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver or WebKitWebDriver did not listen on port {listening}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Driver { child, port, agent }
    }

    #[track_caller]
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The command's `value`, or what went wrong (an element replaced by a re-render answers
    /// "stale element reference").
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{method} {path} answered {status}: {value}"));
        }
        Ok(value["value"].clone())
    }

    /// Starts the app at `binary` with `args` and returns its session.
    pub fn session(&self, binary: &Path, args: &[&str]) -> Session<'_> {
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "wry",
                "tauri:options": { "application": binary, "args": args }
            }}
        });
        // Starting the app can still fail once while the drivers settle: ask again before giving up.
        let mut attempts = 0;
        let value = loop {
            attempts += 1;
            match self.try_call("POST", "/session", Some(capabilities.clone())) {
                Ok(value) => break value,
                Err(e) if attempts < 3 => eprintln!("nouvelle tentative d'ouverture de session : {e}"),
                Err(e) => panic!("{e}"),
            }
            std::thread::sleep(Duration::from_millis(500));
        };
        let id = value["sessionId"].as_str().expect("session id").to_string();
        Session { driver: self, id }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

#[derive(Clone)]
pub struct Element(String);

/// WebDriver's codes for the keys that are not characters, for [`Session::press`].
pub mod keys {
    pub const CONTROL: &str = "\u{E009}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const TAB: &str = "\u{E004}";
    pub const F1: &str = "\u{E031}";
    pub const ENTER: &str = "\u{E007}";
}

impl Session<'_> {
    #[track_caller]
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver.call(method, &format!("/session/{}{path}", self.id), body)
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.driver.try_call(method, &format!("/session/{}{path}", self.id), body)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        found
            .as_array()
            .map(|a| a.iter().filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_string()))).collect())
            .unwrap_or_default()
    }

    /// Waits up to 15 s for an element matching `css` (the interface answers asynchronously).
    #[track_caller]
    pub fn wait_for(&self, css: &str) -> Element {
        self.wait_until(&format!("an element matching {css}"), || self.find_all(css).into_iter().next())
    }

    #[track_caller]
    pub fn wait_until<T>(&self, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(found) = probe() {
                return found;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, e: &Element) {
        self.call("POST", &format!("/element/{}/click", e.0), Some(json!({})));
    }

    pub fn clear(&self, e: &Element) {
        self.call("POST", &format!("/element/{}/clear", e.0), Some(json!({})));
    }

    pub fn type_text(&self, e: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/value", e.0), Some(json!({ "text": text })));
    }

    #[track_caller]
    pub fn text(&self, e: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", e.0), None).as_str().unwrap_or_default().to_string()
    }

    /// The element's text, or None when it is gone (replaced by a re-render): for polling.
    pub fn try_text(&self, e: &Element) -> Option<String> {
        self.try_call("GET", &format!("/element/{}/text", e.0), None)
            .ok()
            .map(|v| v.as_str().unwrap_or_default().to_string())
    }

    /// The text of the first element matching `css`, found afresh: for polling.
    pub fn text_of(&self, css: &str) -> Option<String> {
        self.find_all(css).first().and_then(|e| self.try_text(e))
    }

    /// The text of every element matching `css`, or None if one vanished while being read.
    pub fn texts(&self, css: &str) -> Option<Vec<String>> {
        self.find_all(css).iter().map(|e| self.try_text(e)).collect()
    }

    pub fn value(&self, e: &Element) -> String {
        self.call("GET", &format!("/element/{}/property/value", e.0), None).as_str().unwrap_or_default().to_string()
    }

    /// Presses a combination as the keyboard would: every key down in order, then up in reverse.
    /// Keys are characters or WebDriver's codes ([`keys`]).
    pub fn press(&self, combo: &[&str]) {
        let mut actions: Vec<Value> = combo.iter().map(|k| json!({ "type": "keyDown", "value": k })).collect();
        actions.extend(combo.iter().rev().map(|k| json!({ "type": "keyUp", "value": k })));
        self.perform_keys(actions);
    }

    /// Sends a sequence of key actions (`keyDown`, `keyUp`) in one request: fast, for long walks.
    pub fn perform_keys(&self, actions: Vec<Value>) {
        let sequence = json!({ "actions": [{ "type": "key", "id": "clavier", "actions": actions }] });
        self.call("POST", "/actions", Some(sequence));
        std::thread::sleep(Duration::from_millis(100));
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    #[track_caller]
    pub fn execute(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Runs `script` in the page with a callback as its last argument, and returns what it is
    /// called with (for promises: `arguments[0]` is the callback).
    #[track_caller]
    pub fn execute_async(&self, script: &str) -> Value {
        self.call("POST", "/execute/async", Some(json!({ "script": script, "args": [] })))
    }

    /// Waits for two animation frames, then captures the window: the last change is painted.
    pub fn screenshot(&self, path: &Path) {
        let settle = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = self.try_call("POST", "/execute/async", Some(json!({ "script": settle, "args": [] })));
        std::thread::sleep(Duration::from_millis(150));
        let b64 = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .expect("screenshot in base64");
        std::fs::write(path, bytes).expect("write screenshot");
    }

    /// Resizes the window, as a user dragging its corner would: for screenshots at each size.
    pub fn resize(&self, width: u32, height: u32) {
        self.call("POST", "/window/rect", Some(json!({ "width": width, "height": height })));
        std::thread::sleep(Duration::from_millis(200));
    }

    /// The app's windows, as WebDriver names them.
    pub fn window_handles(&self) -> Vec<String> {
        let handles = self.call("GET", "/window/handles", None);
        handles
            .as_array()
            .map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// Drives the window named `handle` from now on.
    pub fn switch_to_window(&self, handle: &str) {
        self.call("POST", "/window", Some(json!({ "handle": handle })));
    }

    /// Ends the session: tauri-driver closes the app.
    pub fn quit(self) {
        self.call("DELETE", "", None);
    }
}
