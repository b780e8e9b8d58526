//! `cargo bench --bench page_weight`: what a first visit to the real toolkit costs. Builds this
//! repository's toolkit, serves it under `/toolkit/`, and for a typical content page (a
//! principle), a module, an assessment and the home page opens a fresh headless Chromium (new
//! profile, empty cache) and adds up the bytes of HTML, CSS, JS and other files the page
//! fetched, per the browser's Resource Timing (decoded sizes: what the server sends, which
//! does not compress). Then, from the server's request log, it lists what the service worker
//! fetched on top while installing. The goal for a content page is at most 30 KB.

#[path = "../tests/support/browser.rs"]
mod browser;
#[path = "../tests/support/emulation.rs"]
mod emulation;
#[path = "../tests/support/served_toolkit.rs"]
mod served_toolkit;
#[path = "../tests/support/site_server.rs"]
mod site_server;
#[path = "../tests/support/toolkit.rs"]
mod toolkit;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use browser::Browser;
use serde::Deserialize;
use serde_json::Value;

/// The goal for the HTML, CSS and JS of a content page, uncompressed.
const CONTENT_PAGE_TARGET: u64 = 30 * 1024;

/// The pages measured: a name for the report and the path under the base URL.
const PAGES: &[(&str, &str)] = &[
    ("content page (principle)", "principles/why-engage/"),
    ("module", "modules/module-five/"),
    ("assessment", "assessments/partnership-readiness/"),
    ("home", ""),
];

/// One file the page fetched: its path and uncompressed size.
#[derive(Debug, Deserialize)]
struct Fetched {
    path: String,
    bytes: u64,
}

/// The document and every resource it fetched, once the page has loaded and the service
/// worker (if any) is ready; Resource Timing gives each file's decoded body size.
const FETCHED_JS: &str = r#"
const done = arguments[arguments.length - 1];
const list = () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map((e) => ({ path: new URL(e.name).pathname, bytes: e.decodedBodySize }));
const ready = 'serviceWorker' in navigator && document.body.dataset.sw
  ? Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))])
  : Promise.resolve();
ready.then(() => setTimeout(() => done(list()), 500));
"#;

fn kind_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        _ if path.ends_with('/') => "HTML",
        Some("html") => "HTML",
        Some("css") => "CSS",
        Some("js") => "JS",
        _ => "other",
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Measures one page in a fresh browser; prints the report and returns its HTML+CSS+JS bytes.
async fn measure(served: &served_toolkit::ServedToolkit, name: &str, path: &str) -> u64 {
    served.server.clear_requests();
    let browser = Browser::start().await.expect("start Chromium");
    browser
        .goto(&served.server.url(path))
        .await
        .expect("load the page");
    let value: Value = browser
        .execute_async(FETCHED_JS, vec![])
        .await
        .expect("read Resource Timing");
    browser.close().await.expect("close Chromium");
    let fetched: Vec<Fetched> = serde_json::from_value(value).expect("a list of fetched files");

    let mut by_kind: BTreeMap<&str, u64> = BTreeMap::new();
    for file in &fetched {
        *by_kind.entry(kind_of(&file.path)).or_default() += file.bytes;
    }
    let code = ["HTML", "CSS", "JS"]
        .iter()
        .map(|k| by_kind.get(k).copied().unwrap_or(0))
        .sum();
    println!("\n{name}: /toolkit/{path}");
    for kind in ["HTML", "CSS", "JS", "other"] {
        println!(
            "  {kind:<6} {:>9}",
            kb(by_kind.get(kind).copied().unwrap_or(0))
        );
    }
    println!("  HTML+CSS+JS {:>9}", kb(code));
    for file in &fetched {
        println!("    {:>9}  {}", kb(file.bytes), file.path);
    }
    let seen: BTreeSet<&str> = fetched.iter().map(|f| f.path.as_str()).collect();
    let extra: BTreeSet<String> = served
        .server
        .requests()
        .into_iter()
        .filter(|p| !seen.contains(p.as_str()))
        .collect();
    if !extra.is_empty() {
        let sizes: u64 = extra.iter().map(|p| file_size(served, p)).sum();
        println!(
            "  service worker install, new files ({} on disk): {extra:?}",
            kb(sizes)
        );
    }
    code
}

/// The size on disk of the file a request path names (`dir/` means `dir/index.html`).
fn file_size(served: &served_toolkit::ServedToolkit, request: &str) -> u64 {
    let relative = request
        .strip_prefix(served_toolkit::BASE_PATH)
        .unwrap_or(request);
    let mut file = served.site.root().join(relative);
    if request.ends_with('/') {
        file = file.join("index.html");
    }
    std::fs::metadata(file).map_or(0, |m| m.len())
}

fn main() {
    if browser::locate_browser().is_none() {
        println!("page weight benchmark skipped: Chromium not found (apt-get install chromium chromium-driver)");
        return;
    }
    println!(
        "page weight benchmark: the real toolkit, first visit, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let served = served_toolkit::serve();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let mut content_page = 0;
    for (index, (name, path)) in PAGES.iter().enumerate() {
        let bytes = runtime.block_on(measure(&served, name, path));
        if index == 0 {
            content_page = bytes;
        }
        // Let the previous browser's processes go before the next fresh one starts.
        std::thread::sleep(Duration::from_millis(200));
    }
    let verdict = if content_page <= CONTENT_PAGE_TARGET {
        "within"
    } else {
        "OVER"
    };
    println!(
        "\ncontent page HTML+CSS+JS: {} ({verdict} the {} target)",
        kb(content_page),
        kb(CONTENT_PAGE_TARGET)
    );
}
