//! « Voir le courriel »: the month's letter, as the HTML e-mail exported, shown in a window of
//! its own, drawn by the system's web engine as a mail client would. The page comes through the
//! `lettre` scheme with a policy of its own (inline styles of the e-mail allowed; no script, no
//! remote resource, no navigation), and that window has no access to the app's commands.

use std::borrow::Cow;
use std::sync::Mutex;

use tauri::http::{header, Request, Response};
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext, WebviewUrl, WebviewWindowBuilder};

/// The scheme the e-mail window is served from.
pub const SCHEME: &str = "lettre";
/// The e-mail window's label.
pub const LABEL: &str = "courriel";

/// What the e-mail is allowed: its own inline styles and embedded images, nothing else.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; \
                      form-action 'none'; frame-ancestors 'none'";

/// The HTML the e-mail window shows, replaced by each « Voir le courriel ».
#[derive(Default)]
pub struct EmailPage(Mutex<String>);

/// Serves the e-mail stored in [`EmailPage`], whatever the path asked.
pub fn serve<R: Runtime>(ctx: UriSchemeContext<'_, R>, _request: Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    let html = ctx
        .app_handle()
        .try_state::<EmailPage>()
        .map(|page| page.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
        .unwrap_or_default();
    Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header("Content-Security-Policy", POLICY)
        .body(Cow::Owned(html.into_bytes()))
        .expect("fixed headers are valid")
}

/// Shows `html` in the e-mail window, opened or brought forward.
pub fn show<R: Runtime>(app: &AppHandle<R>, title: &str, html: String) -> tauri::Result<()> {
    *app.state::<EmailPage>().0.lock().unwrap_or_else(|p| p.into_inner()) = html;
    if let Some(window) = app.get_webview_window(LABEL) {
        window.set_title(title)?;
        window.eval("location.reload()")?;
        window.set_focus()?;
        return Ok(());
    }
    let url = page_url();
    let own = url.clone();
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::CustomProtocol(url))
        .title(title)
        .inner_size(720.0, 760.0)
        .min_inner_size(360.0, 300.0)
        // A link of the e-mail is not followed here: the page stays the e-mail.
        .on_navigation(move |target| target.scheme() == own.scheme() && target.host_str() == own.host_str())
        .build()?;
    Ok(())
}

/// Custom schemes are reached as `lettre://localhost/` on macOS and Linux, and as
/// `http://lettre.localhost/` on Windows (WebView2).
fn page_url() -> tauri::Url {
    let url = if cfg!(windows) { format!("http://{SCHEME}.localhost/") } else { format!("{SCHEME}://localhost/") };
    url.parse().expect("a fixed address parses")
}
