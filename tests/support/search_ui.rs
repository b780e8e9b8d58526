//! Helpers for the search browser tests: build the `search-site` fixture for `/toolkit/`, serve
//! it and open a page in a browser, wait for the results panel, and read what it shows.
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

pub const WAIT: Duration = Duration::from_secs(15);

/// The search fixture's source folder.
pub fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-site")
}

/// Builds the search fixture into `out` for `http://127.0.0.1/toolkit/`.
pub fn build_fixture(out: &Path) {
    partnerkit::build(&partnerkit::BuildOptions {
        root: fixture_root(),
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("the fixture should build: {d:?}"));
}

/// Builds the search fixture into a subfolder of a new temp dir, serves it under `/toolkit/`
/// and opens `path` (relative to the base) in a new browser. Keep the temp dir alive as long
/// as the server.
pub async fn open_site(path: &str) -> (tempfile::TempDir, SiteServer, Browser) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_fixture(&out);
    let server = SiteServer::start(&out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    browser.goto(&server.url(path)).await.unwrap();
    (dir, server, browser)
}

/// Types `term` into the focused search box, waits for its results and returns the panel's
/// state (see [`panel_state`]).
pub async fn results_for(browser: &Browser, term: &str) -> Value {
    browser.press(term).await.unwrap();
    wait_for_results(browser, term).await;
    panel_state(browser).await
}

/// Where the "no results" help sends the reader: its links' `href`s.
pub async fn help_links(browser: &Browser) -> Value {
    browser
        .execute(
            "return [...document.querySelectorAll('.search-panel__empty a')].map((a) => a.getAttribute('href'));",
            vec![],
        )
        .await
        .unwrap()
}

/// Polls the JavaScript expression `condition` until it is truthy; panics with `what` if not.
pub async fn wait_until(browser: &Browser, condition: &str, what: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = browser
            .execute(&format!("return !!({condition});"), vec![])
            .await
            .unwrap();
        if value == json!(true) {
            return;
        }
        if Instant::now() > deadline {
            let state = panel_state(browser).await;
            panic!("timed out waiting for {what}; panel: {state}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the panel shows a status that mentions `term` (the search for it has finished).
pub async fn wait_for_results(browser: &Browser, term: &str) {
    let condition = format!(
        "(document.querySelector('.search-panel__status')?.textContent || '').includes({}) \
         || document.querySelector('#search-option-0 mark')",
        json!(term)
    );
    wait_until(browser, &condition, &format!("results for {term}")).await;
}

/// What the results panel shows: status, each option's link (`href`), classes, text, marked words,
/// and the combobox state.
pub async fn panel_state(browser: &Browser) -> Value {
    browser
        .execute(
            r#"const input = document.getElementById('search-input');
               const panel = document.querySelector('.search-panel');
               return {
                 status: document.querySelector('.search-panel__status')?.textContent ?? null,
                 hidden: panel ? panel.hidden : null,
                 expanded: input.getAttribute('aria-expanded'),
                 active: input.getAttribute('aria-activedescendant'),
                 empty: document.querySelector('.search-panel__empty')?.hidden ?? null,
                 options: [...document.querySelectorAll('#search-results [role=option]')].map((o) => ({
                   href: o.getAttribute('href'), sub: o.classList.contains('search-result--sub'),
                   text: o.textContent, marks: [...o.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
                   selected: o.getAttribute('aria-selected') })),
               };"#,
            vec![],
        )
        .await
        .unwrap()
}

/// Empties the search box and types `term` into it (the box must have focus).
pub async fn search_for(browser: &Browser, term: &str) {
    browser
        .execute(
            "document.getElementById('search-input').value = '';",
            vec![],
        )
        .await
        .unwrap();
    browser.press(term).await.unwrap();
}

/// The links of the page results (not the heading sub-results), in the order shown.
pub fn page_hrefs(state: &Value) -> Vec<String> {
    state["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["sub"] == json!(false))
        .map(|o| o["href"].as_str().unwrap().to_string())
        .collect()
}

pub fn first_href(state: &Value) -> &str {
    state["options"][0]["href"].as_str().unwrap_or("")
}

/// Runs `code` (which may `await`) in the page and returns what it returns.
pub async fn run_async(browser: &Browser, code: &str) -> Value {
    let wrapped = format!(
        "const done = arguments[0]; (async () => {{ {code} }})().then(done, (e) => done('error: ' + e));"
    );
    browser.execute_async(&wrapped, vec![]).await.unwrap()
}
