//! `partnerkit serve`: build the site, serve it over HTTP, watch its sources, rebuild on each
//! change and reload the open pages (or show them the build's errors).
//!
//! The site is built with base URL `http://{bind}:{port}{base_path}` into a serve folder (a
//! `site` folder inside a fresh private temporary folder with an unpredictable name, unless
//! `--output-dir` says otherwise), never into `public/`, so `serve` cannot leave a
//! localhost-linked site where a deploy would pick it up. Because a build swaps its output in
//! whole, the folder always holds the last good site while a rebuild runs or after one fails.
//!
//! Rebuilding is [`builder`]'s work, incremental where [`incremental`] allows it; [`guard`]
//! turns away requests from pages that are not the preview's own.

mod builder;
mod guard;
mod http;
mod in_place;
pub mod incremental;
pub mod reload;
mod settle;
pub mod watch;

use crate::build::BuildOptions;
use crate::config::Config;
use builder::Builder;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use tokio::sync::oneshot;

/// What `serve` was asked to do, from the command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The path the site is served under; the path of `base_url` (this one's, or else
    /// config.yaml's) when `None`.
    pub base_path: Option<String>,
    /// The address readers reach the preview at (`--base-url`); links are built from it.
    /// `http://{addr}{base_path}` when `None`.
    pub base_url: Option<String>,
    /// Where to build; a fresh temporary folder when `None`.
    pub output_dir: Option<PathBuf>,
    pub poll: bool,
    pub drafts: bool,
    /// Host names, besides `localhost` and IP addresses, the server answers to (`--allow-host`).
    pub allowed_hosts: Vec<String>,
}

/// Why `serve` could not start (problems in the site itself are reported, not returned).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the site folder {} cannot be read: {}", .0.display(), crate::fs_words::describe(.1))]
    Root(PathBuf, std::io::Error),
    #[error("the folder {0} has no config.yaml, so it is not a partnerkit site (check --root, or make a site with `partnerkit init DIR`)")]
    NotASite(PathBuf),
    #[error("{0}")]
    Output(crate::diagnostics::Diagnostic),
    #[error("the base path `{0}` may only hold letters, digits, `-`, `_`, `.`, `~` and `/`")]
    BasePath(String),
    #[error(
        "the base URL `{0}` is not a full address; write it like http://192.168.1.20:1111/toolkit/"
    )]
    BaseUrl(String),
    #[error("cannot listen on {0}: {1} (is another server using the port? try --port)")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot watch the site for changes: {0} (try --poll)")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Io(#[from] std::io::Error),
}

/// A running server; [`Server::stop`] shuts it down.
pub struct Server {
    pub addr: SocketAddr,
    /// The site's address, `http://{addr}{base_path}`.
    pub url: String,
    pub output: PathBuf,
    /// The private temporary folder holding `output`, removed on stop; `None` for `--output-dir`.
    serve_dir: Option<tempfile::TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    http: tokio::task::JoinHandle<()>,
    rebuilds: tokio::task::JoinHandle<()>,
}

/// Builds the site, starts serving it and watching it; returns once the server listens.
pub async fn start(options: ServeOptions) -> Result<Server, ServeError> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|err| ServeError::Root(options.root.clone(), err))?;
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ServeError::NotASite(root));
    }
    if let Some(output) = &options.output_dir {
        crate::output_folder::check(output, &root, crate::output_folder::Replace::OnlyBuilt)
            .map_err(ServeError::Output)?;
    }
    let given_url = options
        .base_url
        .as_deref()
        .map(checked_base_url)
        .transpose()?;
    let base_path = normalize_base_path(match (&options.base_path, &given_url) {
        (Some(path), _) => path.clone(),
        (None, Some(url)) => url_path(url).to_string(),
        (None, None) => configured_base_path(&root),
    })?;
    let listen = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|err| ServeError::Bind(listen, err))?;
    let addr = listener.local_addr()?;
    let url = given_url.unwrap_or_else(|| format!("http://{addr}{base_path}"));
    let (output, serve_dir) = match &options.output_dir {
        Some(dir) => (absolute(dir)?, None),
        None => {
            let dir = private_temp_dir()?;
            (dir.path().join("site"), Some(dir))
        }
    };
    let build = BuildOptions {
        root: root.clone(),
        output_dir: Some(output.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
    };
    // Watch before the first build, so a save made while it runs is not missed.
    let (events_tx, events_rx) = tokio::sync::mpsc::unbounded_channel();
    let watcher = watch::watch(&root, options.poll, events_tx)?;
    let mut builder = Builder::new(build);
    builder.rebuild(None).await;
    // The host readers open a `--base-url` preview at is theirs too, without `--allow-host`.
    let mut hosts = options.allowed_hosts.clone();
    hosts.extend(options.base_url.as_deref().and_then(url_host));
    let allowed = guard::AllowedHosts::new(addr.port(), &hosts);
    let router = http::router(
        http::Site {
            output: output.clone(),
            base_path,
        },
        builder.status.subscribe(),
    )
    .layer(axum::middleware::from_fn_with_state(
        std::sync::Arc::new(allowed),
        guard::check,
    ));
    let rebuilds = tokio::spawn(builder::rebuild_loop(builder, events_rx, watcher));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let http = tokio::spawn(async move {
        let graceful = async move {
            let _ = stopped.await;
        };
        if let Err(err) = axum::serve(listener, router)
            .with_graceful_shutdown(graceful)
            .await
        {
            eprintln!("error: the server stopped: {err}");
        }
    });
    Ok(Server {
        addr,
        url,
        output,
        serve_dir,
        shutdown: Some(shutdown),
        http,
        rebuilds,
    })
}

impl Server {
    /// Stops watching and serving, and removes the temporary serve folder.
    pub async fn stop(mut self) {
        self.rebuilds.abort();
        let _ = (&mut self.rebuilds).await;
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        // Open WebSockets keep a graceful shutdown waiting; do not wait for them for long.
        if tokio::time::timeout(std::time::Duration::from_secs(1), &mut self.http)
            .await
            .is_err()
        {
            self.http.abort();
        }
        // Dropping the temporary folder removes it with the site inside.
        drop(self.serve_dir.take());
    }
}

/// `partnerkit serve` from the command line: serves until Ctrl-C.
pub fn run(options: ServeOptions, open: bool) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = start(options).await?;
        println!("Serving {} from {}", server.url, server.output.display());
        println!("Watching for changes; press Ctrl-C to stop.");
        if open {
            open_browser(&server.url);
        }
        stop_requested().await;
        println!("Stopping.");
        server.stop().await;
        Ok(())
    })
}

/// Waits for Ctrl-C, or on Unix also for SIGTERM, so the temporary serve folder is removed
/// however the server is told to stop.
async fn stop_requested() {
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn configured_base_path(root: &Path) -> String {
    Config::load(root).map_or_else(|_| "/".to_string(), |config| config.base_path())
}

/// `url` if it is an http(s) address, with a trailing `/`.
fn checked_base_url(url: &str) -> Result<String, ServeError> {
    let host = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or("");
    if host.is_empty() || host.starts_with('/') || url.contains(char::is_whitespace) {
        return Err(ServeError::BaseUrl(url.to_string()));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

/// The host name of an http(s) URL: `preview.local` of `http://preview.local:1111/toolkit/`.
fn url_host(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://")?.1;
    let authority = after_scheme.split('/').next()?;
    let name = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    (!name.is_empty()).then(|| name.to_string())
}

/// The path of an http(s) URL: `/toolkit/` of `http://host:1111/toolkit/`.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// `toolkit` or `/toolkit` becomes `/toolkit/`; anything that is not a plain URL path is refused.
fn normalize_base_path(path: String) -> Result<String, ServeError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.~/".contains(c);
    let trimmed = path.trim_matches('/');
    if !trimmed.chars().all(allowed) || trimmed.split('/').any(|s| s == ".." || s == ".") {
        return Err(ServeError::BasePath(path));
    }
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    })
}

/// A new temporary folder with a random name that only this user may open, so no other user
/// of the machine can read the preview (drafts included) or put files into it. (`tempfile`
/// makes folders with the default permissions unless told.)
fn private_temp_dir() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("partnerkit-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder.tempdir()
}

fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

/// Opens `url` in the desktop's browser, if there is one; `serve` works without it.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(err) = opener {
        eprintln!("Could not open a browser ({err}); open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_normalized_and_checked() {
        assert_eq!(normalize_base_path("toolkit".into()).unwrap(), "/toolkit/");
        assert_eq!(normalize_base_path("/a/b/".into()).unwrap(), "/a/b/");
        assert_eq!(normalize_base_path("/".into()).unwrap(), "/");
        assert!(normalize_base_path("/{x}/".into()).is_err());
        assert!(normalize_base_path("/../".into()).is_err());
    }

    proptest::proptest! {
        /// Whatever `--base-url` or `--base-path` says, serve either refuses it or ends up
        /// with a plain path between two slashes that cannot climb out of the site.
        #[test]
        fn any_base_url_is_refused_or_gives_a_plain_path(url in "(https?://)?\\PC{0,40}") {
            if let Ok(url) = checked_base_url(&url) {
                proptest::prop_assert!(url.ends_with('/'));
                if let Ok(path) = normalize_base_path(url_path(&url).to_string()) {
                    proptest::prop_assert!(path.starts_with('/') && path.ends_with('/'));
                    proptest::prop_assert!(!path.split('/').any(|s| s == ".."));
                }
            }
        }
    }

    #[test]
    fn base_url_gives_the_base_path() {
        let url = checked_base_url("http://192.168.1.20:1111/toolkit").unwrap();
        assert_eq!(url, "http://192.168.1.20:1111/toolkit/");
        assert_eq!(url_path(&url), "/toolkit/");
        assert_eq!(url_path("http://localhost:1111/"), "/");
        assert_eq!(url_path("http://localhost:1111"), "/");
        for bad in [
            "192.168.1.20/toolkit/",
            "http:///x",
            "https://",
            "http://a b/",
        ] {
            assert!(checked_base_url(bad).is_err(), "{bad}");
        }
    }
}
