//! Live reload: the messages `serve` sends to open pages, the WebSocket at
//! `{base_path}__livereload` that carries them, and the script tag injected into every HTML
//! response (at serve time only; built sites never contain it).
//!
//! Messages are JSON: `{"type":"reload","build":N}` after a good build, and
//! `{"type":"errors","build":N,"errors":[{"file","line","column","message","hint"}]}` after a
//! failed one. A page that connects while the site is broken gets the errors at once.

use crate::diagnostics::Diagnostics;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use std::path::Path;
use tokio::sync::watch;

/// The WebSocket's path under the base path.
pub const SOCKET_PATH: &str = "__livereload";
/// The reload script's path under the base path.
pub const SCRIPT_PATH: &str = "__livereload.js";
/// The reload script: opens the socket, reloads the page, shows and clears the error overlay.
pub const SCRIPT: &str = include_str!("livereload.js");

/// What the last build means for open pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// The site was rebuilt: reload (which also clears an error overlay).
    Reload { build: u64 },
    /// The rebuild failed: keep the page, show these errors over it.
    Errors { build: u64, errors: Vec<ErrorView> },
}

impl Message {
    /// The message for a build that failed with `problems`; paths are shown relative to `root`.
    pub fn errors(build: u64, problems: &Diagnostics, root: &Path) -> Message {
        let errors = problems.iter().filter(|d| d.is_error()).map(|d| ErrorView {
            file: d
                .path
                .strip_prefix(root)
                .unwrap_or(&d.path)
                .to_string_lossy()
                .replace('\\', "/"),
            line: d.line,
            column: d.col,
            message: d.message.clone(),
            hint: d.hint.clone(),
        });
        Message::Errors {
            build,
            errors: errors.collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One build error as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorView {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Upgrades a request to the live-reload WebSocket.
pub async fn socket(
    upgrade: WebSocketUpgrade,
    State(status): State<watch::Receiver<Message>>,
) -> Response {
    upgrade.on_upgrade(move |socket| talk(socket, status))
}

/// Sends each new build's message until the page goes away.
async fn talk(mut socket: WebSocket, mut status: watch::Receiver<Message>) {
    let current = status.borrow_and_update().clone();
    if matches!(current, Message::Errors { .. }) && send(&mut socket, &current).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = status.changed() => {
                if changed.is_err() {
                    break;
                }
                let message = status.borrow_and_update().clone();
                if send(&mut socket, &message).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn send(socket: &mut WebSocket, message: &Message) -> Result<(), axum::Error> {
    socket.send(WsMessage::Text(message.to_json().into())).await
}

/// `html` with the reload script's tag before its last `</body>` (or at the end).
pub fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    // `data-live-reload` tells the site's own scripts they run in the preview (site.js then
    // installs no offline worker: every rebuild would be announced as a new version).
    let tag = format!(
        "<script type=\"module\" data-live-reload src=\"{base_path}{SCRIPT_PATH}\"></script>"
    );
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn injects_before_closing_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", "/toolkit/");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script type=\"module\" data-live-reload src=\"/toolkit/__livereload.js\"></script></body></html>"
        );
        assert!(String::from_utf8(inject(b"<p>x</p>", "/"))
            .unwrap()
            .ends_with("src=\"/__livereload.js\"></script>"));
    }

    #[test]
    fn errors_message_names_file_and_line() {
        let problems = Diagnostics::from(vec![
            Diagnostic::error("/site/content/a.md", "bad front matter")
                .at(3, Some(1))
                .hint("fix it"),
            Diagnostic::warning("/site/content/b.md", "only a warning"),
        ]);
        let json = Message::errors(4, &problems, Path::new("/site")).to_json();
        assert_eq!(
            json,
            r#"{"type":"errors","build":4,"errors":[{"file":"content/a.md","line":3,"column":1,"message":"bad front matter","hint":"fix it"}]}"#
        );
        assert_eq!(
            Message::Reload { build: 5 }.to_json(),
            r#"{"type":"reload","build":5}"#
        );
    }
}
