//! A tiny HTTP server for integration tests that serves a built site from a directory,
//! mounted under a sub-path the way GitHub Pages serves a project site (e.g. `/toolkit/`).
//!
//! Declared once in `tests/suite/main.rs`; a test module uses it like this:
//!
//! ```ignore
//! use crate::site_server::SiteServer;
//! ```
//!
//! Behaviour:
//! - listens on `127.0.0.1` on a free port, on its own thread and tokio runtime, so it works
//!   from both sync tests and `#[tokio::test]`;
//! - `GET <mount>/<file>` is served from the directory by `tower_http::services::ServeDir`
//!   (`<mount>/dir/` serves `dir/index.html`);
//! - `<mount>` without its trailing slash, and directories without one, get a 301 redirect to
//!   the slash form (as on GitHub Pages); anything outside the mount is a 404;
//! - a missing file under the mount is a 404 whose body is the site's own `404.html` when it
//!   has one (read at request time), as GitHub Pages answers any unknown path;
//! - every request path (without the query) is recorded, see [`SiteServer::requests`];
//! - [`SiteServer::stop`] (or dropping it) closes the listener and every open connection, so
//!   later requests fail as if the site were offline.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;

/// A running test server; see the module docs.
pub struct SiteServer {
    addr: SocketAddr,
    mount: String,
    requests: Arc<Mutex<Vec<String>>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Clone)]
struct AppState {
    mount: Arc<str>,
    files: ServeDir,
    /// The site's `404.html`, served (with status 404) for missing files under the mount.
    not_found_page: Arc<Path>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl SiteServer {
    /// Serves `root` under `mount` (e.g. `"/toolkit/"`; slashes are added if missing, `"/"` mounts at the root).
    pub fn start(root: impl AsRef<Path>, mount: &str) -> std::io::Result<SiteServer> {
        Self::start_on(root, mount, SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Like [`SiteServer::start`], listening on `addr`: pass a stopped server's [`SiteServer::addr`]
    /// to bring a site back at the same origin (service workers and storage are per origin).
    pub fn start_on(
        root: impl AsRef<Path>,
        mount: &str,
        addr: SocketAddr,
    ) -> std::io::Result<SiteServer> {
        let root: PathBuf = root.as_ref().to_path_buf();
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("site root {} is not a directory", root.display()),
            ));
        }
        let mount = normalize_mount(mount);
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state = AppState {
            mount: Arc::from(mount.as_str()),
            not_found_page: Arc::from(root.join("404.html").as_path()),
            files: ServeDir::new(root),
            requests: Arc::clone(&requests),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("site-server-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("register the test server's listener with tokio");
                    let app = Router::new().fallback(handle).with_state(state);
                    tokio::spawn(async move {
                        if let Err(err) = axum::serve(listener, app).await {
                            eprintln!("site server stopped with an error: {err}");
                        }
                    });
                    // Returning drops the runtime, which cancels the server and its connections.
                    let _ = stopped.await;
                });
            })?;
        Ok(SiteServer {
            addr,
            mount,
            requests,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Full URL of `path` under the mount, e.g. `url("a/b.html")` -> `http://127.0.0.1:PORT/toolkit/a/b.html`.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.origin(),
            self.mount,
            path.trim_start_matches('/')
        )
    }

    /// The origin, e.g. `http://127.0.0.1:PORT` (what `location.origin` is in the browser).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The normalized mount path, with leading and trailing slash (e.g. `/toolkit/`).
    pub fn mount(&self) -> &str {
        &self.mount
    }

    /// Paths of all requests received so far, in order (including 404s and redirects, without the query).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Forgets the recorded request paths.
    pub fn clear_requests(&self) {
        self.requests.lock().unwrap().clear();
    }

    /// Stops the server and closes all its connections; idempotent.
    pub fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn normalize_mount(mount: &str) -> String {
    let trimmed = mount.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

async fn handle(State(state): State<AppState>, mut req: Request) -> Response {
    let path = req.uri().path().to_string();
    state.requests.lock().unwrap().push(path.clone());

    let mount = &*state.mount;
    if format!("{path}/") == mount {
        return redirect(mount);
    }
    let Some(rest) = path.strip_prefix(mount) else {
        return StatusCode::NOT_FOUND.into_response();
    };

    // Hand ServeDir the path relative to the mount, keeping the query.
    let inner = match req.uri().query() {
        Some(query) => format!("/{rest}?{query}"),
        None => format!("/{rest}"),
    };
    *req.uri_mut() = match inner.parse::<Uri>() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };

    let mut files = state.files.clone();
    // tower-http 0.7's ServeDir reports a missing file as an error of kind NotFound, where 0.6
    // answered 404: both mean "serve the site's 404 page".
    let (mut response, missing) = match files.try_call(req).await {
        Ok(response) => {
            let missing = response.status() == StatusCode::NOT_FOUND;
            (response.map(Body::new), missing)
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            (StatusCode::NOT_FOUND.into_response(), true)
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if missing {
        if let Ok(page) = tokio::fs::read(&*state.not_found_page).await {
            let html = HeaderValue::from_static("text/html; charset=utf-8");
            return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, html)], page).into_response();
        }
    }
    // ServeDir's directory redirects are relative to what it saw; put the mount back in front.
    if let Some(location) = response.headers().get(header::LOCATION) {
        if let Some(relative) = location.to_str().ok().and_then(|l| l.strip_prefix('/')) {
            if let Ok(fixed) = HeaderValue::from_str(&format!("{mount}{relative}")) {
                response.headers_mut().insert(header::LOCATION, fixed);
            }
        }
    }
    response
}

fn redirect(location: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}
