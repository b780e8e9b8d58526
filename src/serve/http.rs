//! The HTTP side of `serve`: the routes, serving files from the output folder under the base
//! path, the site's `404.html` for anything missing, and the reload script in every HTML page.
//!
//! `/` redirects to the base path when there is one. Only files inside the output folder are
//! served. A request path is percent-decoded and
//! refused (404) if any segment is `.` or `..` or holds a backslash or NUL, before
//! `tower_http`'s `ServeDir` (which checks again) ever sees it.

use crate::serve::reload::{self, Message};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// What every request handler needs.
#[derive(Clone)]
pub struct Site {
    pub output: PathBuf,
    /// Always starts and ends with `/`.
    pub base_path: String,
}

/// The server's routes: the reload socket and script, and the site's files for everything else.
pub fn router(site: Site, status: watch::Receiver<Message>) -> Router {
    let socket = Router::new()
        .route(
            &format!("{}{}", site.base_path, reload::SOCKET_PATH),
            get(reload::socket),
        )
        .with_state(status);
    Router::new()
        .route(
            &format!("{}{}", site.base_path, reload::SCRIPT_PATH),
            get(script),
        )
        .fallback(serve_file)
        .with_state(site)
        .merge(socket)
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        reload::SCRIPT,
    )
        .into_response()
}

/// Serves a file of the built site, or the site's 404 page.
async fn serve_file(State(site): State<Site>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let path = parts.uri.path().to_string();
    if path == site.base_path.trim_end_matches('/') && path.len() + 1 == site.base_path.len() {
        return redirect(StatusCode::MOVED_PERMANENTLY, &site.base_path);
    }
    // Zola and Hugo users open http://127.0.0.1:1111/ whatever the base path is. Temporary,
    // as the next site served on this port may have another base path.
    if path == "/" && site.base_path != "/" {
        return redirect(StatusCode::FOUND, &site.base_path);
    }
    let Some(rest) = path.strip_prefix(&site.base_path) else {
        return not_found(&site).await;
    };
    if !is_safe(rest) {
        return not_found(&site).await;
    }
    let query = parts.uri.query().map_or(String::new(), |q| format!("?{q}"));
    let Ok(uri) = format!("/{rest}{query}").parse::<Uri>() else {
        return not_found(&site).await;
    };
    parts.uri = uri;
    let head = parts.method == Method::HEAD;
    let response = serve_from_output(&site, parts).await;
    let response = match response.status() {
        StatusCode::NOT_FOUND => return not_found(&site).await,
        status if status.is_redirection() => fix_redirect(response, &site.base_path),
        StatusCode::OK if !head => with_reload_script(response, &site.base_path).await,
        _ => response,
    };
    no_store(response)
}

/// Asks `ServeDir` for the file. A rebuild swaps the output folder with two renames, so for an
/// instant there is no folder at all; a request that lands in that gap waits and tries again.
async fn serve_from_output(site: &Site, parts: axum::http::request::Parts) -> Response {
    for _ in 0..50 {
        let request = Request::from_parts(parts.clone(), Body::empty());
        let served = ServeDir::new(&site.output).oneshot(request).await;
        let response = match served {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        if response.status() != StatusCode::NOT_FOUND || site.output.is_dir() {
            return response;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    StatusCode::NOT_FOUND.into_response()
}

/// Whether a request path (below the base path) stays inside the output folder.
pub fn is_safe(path: &str) -> bool {
    let decoded = percent_decode(path);
    !decoded.contains(['\\', '\0'])
        && decoded
            .split('/')
            .all(|segment| segment != ".." && segment != ".")
}

/// Decodes `%XX` escapes; anything malformed is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The site's own `404.html` with status 404, or a minimal page if the site has none yet (a
/// first build that failed), so the error overlay still has a page to show on.
async fn not_found(site: &Site) -> Response {
    let page = tokio::fs::read(site.output.join("404.html"))
        .await
        .unwrap_or_else(|_| b"<!doctype html><html lang=\"en\"><title>Not found</title><body><h1>Not found</h1></body></html>".to_vec());
    let body = reload::inject(&page, &site.base_path);
    no_store(
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
    )
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// `ServeDir` redirects `dir` to `dir/` relative to the path it was given, which no longer
/// has the base path; put it back.
fn fix_redirect(mut response: Response, base_path: &str) -> Response {
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(fixed) = location.and_then(|l| {
        HeaderValue::from_str(&format!("{}{l}", base_path.trim_end_matches('/'))).ok()
    }) {
        response.headers_mut().insert(header::LOCATION, fixed);
    }
    response
}

/// An HTML response with the reload script added and its length corrected.
async fn with_reload_script(response: Response, base_path: &str) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = reload::inject(&bytes, base_path);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(html.len()));
    parts.headers.remove(header::ACCEPT_RANGES);
    Response::from_parts(parts, Body::from(html))
}

/// Pages change with every save, so the browser must never answer from its cache.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal_however_written() {
        for path in [
            "../Cargo.toml",
            "%2e%2e/config.yaml",
            "%2E%2E%2Fconfig.yaml",
            "a/%2e%2e/%2e%2e/x",
            "..%5cconfig.yaml",
            "..\\config.yaml",
            "a/./b",
            "x%00.html",
        ] {
            assert!(!is_safe(path), "{path}");
        }
        for path in ["", "principles/", "css/site.abc.css", "a..b/c", "100%25/"] {
            assert!(is_safe(path), "{path}");
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%2Fc%zz%2"), "a b/c%zz%2");
    }
}
