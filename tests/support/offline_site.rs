//! Helpers for the offline browser tests: the `offline-site` fixture copied, built for
//! `http://127.0.0.1/toolkit/`, served and first visited, its versioned file list read, the
//! browser's caches listed, and "Save the toolkit for offline use" pressed and waited for.
//!
//! Declared once, with every helper,
//! in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use crate::browser::Browser;
use crate::site_server::SiteServer;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The prefix of every cache the fixture's service worker keeps under `/toolkit/`.
pub const CACHE_PREFIX: &str = "partnerkit:/toolkit/:";

/// Copies the fixture into `to`, so a test can change a page.
pub fn copy_fixture(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/offline-site");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn build(root: &Path, out: &Path) {
    partnerkit::build(&partnerkit::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("the fixture does not build: {d:?}"));
}

/// A copy of the fixture (`root`, which a test may change and rebuild) and its build (`out`),
/// both inside a temp dir that goes away when this is dropped.
pub struct BuiltCopy {
    _work: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

/// Copies the fixture into a new temp dir and builds it into a subfolder of that dir (never
/// the temp dir root: the atomic swap renames the output folder).
pub fn built_copy() -> BuiltCopy {
    let work = tempfile::tempdir().unwrap();
    let (root, out) = (work.path().join("site-src"), work.path().join("public"));
    copy_fixture(&root);
    build(&root, &out);
    BuiltCopy {
        _work: work,
        root,
        out,
    }
}

/// Serves `out` under `/toolkit/`, starts a browser and makes its first visit to the home
/// page, so the service worker is in control before the test goes on.
pub async fn serve_and_visit(out: &Path) -> (SiteServer, Browser) {
    let server = SiteServer::start(out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    first_visit(&browser, &server.url("")).await;
    (server, browser)
}

/// The built site's offline file list (there is exactly one `offline-<version>.json`): its
/// version and its JSON.
pub fn file_list(out: &Path) -> (String, Value) {
    let lists: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("offline-")
        })
        .collect();
    assert_eq!(lists.len(), 1, "one file list: {lists:?}");
    let list: Value = serde_json::from_str(&std::fs::read_to_string(&lists[0]).unwrap()).unwrap();
    (list["version"].as_str().unwrap().to_string(), list)
}

/// Every listed page URL, with the title the page's file on disk has.
pub fn listed_pages(out: &Path, list: &Value) -> Vec<(String, String)> {
    list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap().to_string())
        .filter(|url| url.ends_with('/') || url.ends_with(".html"))
        .map(|url| {
            let rel = url.strip_prefix("/toolkit/").unwrap();
            let file = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            let html = std::fs::read_to_string(out.join(&file)).unwrap();
            let title = &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()];
            (url, decode(title))
        })
        .collect()
}

/// Decodes HTML entities as a browser would.
fn decode(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

pub async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

/// Polls the JavaScript expression `condition` until it is truthy.
pub async fn wait_until(browser: &Browser, condition: &str, what: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    let code = format!("return Boolean({condition});");
    while js(browser, &code).await != json!(true) {
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The names of the origin's caches and the paths stored in each.
pub async fn caches(browser: &Browser) -> Value {
    let code = "const done = arguments[0];
        caches.keys().then(async (names) => {
          const out = {};
          for (const name of names) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
          done(out);
        });";
    browser.execute_async(code, vec![]).await.unwrap()
}

/// The paths in the cache of `version` (empty when there is no such cache).
pub async fn cached_paths(browser: &Browser, version: &str) -> Vec<Value> {
    caches(browser).await[format!("{CACHE_PREFIX}{version}")]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Opens the site's home page and waits until the service worker controls it.
pub async fn first_visit(browser: &Browser, home: &str) {
    browser.goto(home).await.unwrap();
    wait_until(
        browser,
        "navigator.serviceWorker.controller",
        "the service worker to take control",
        Duration::from_secs(15),
    )
    .await;
}

/// On the offline page (already open), presses "Save the toolkit for offline use" and waits
/// until the worker reports the save done.
pub async fn save_for_offline(browser: &Browser) {
    wait_until(
        browser,
        "!document.querySelector('.js-offline-save').disabled",
        "the save button to be ready",
        Duration::from_secs(10),
    )
    .await;
    browser.click(".js-offline-save").await.unwrap();
    wait_until(
        browser,
        "document.querySelector('[data-offline-list][data-saved]')",
        "the save to finish",
        Duration::from_secs(60),
    )
    .await;
}
