//! What a page of the real toolkit loads on a first visit: a plain content page loads the
//! site's own stylesheet and script only, with no search code (until the reader focuses the
//! search box) and no assessment code; an assessment page loads its form code; and a content
//! page's HTML, CSS and JS stay within the 30 KB budget (`benches/page_weight.rs` reports the
//! figures for more kinds of page).

use crate::browser;
use crate::page_probe;
use crate::served_toolkit;

use std::time::Duration;

use browser::{chromium_available, Browser};
use served_toolkit::BASE_PATH;

/// The file names (last path segment) of the CSS and JS the current page has loaded so far.
async fn loaded_code(browser: &Browser) -> Vec<String> {
    let facts = page_probe::probe(browser, BASE_PATH).await.unwrap();
    facts
        .resources
        .iter()
        .map(|r| r.url.rsplit('/').next().unwrap_or("").to_string())
        .filter(|name| name.ends_with(".js") || name.ends_with(".css"))
        .collect()
}

fn any_starts_with(names: &[String], prefixes: &[&str]) -> bool {
    names
        .iter()
        .any(|name| prefixes.iter().any(|p| name.starts_with(p)))
}

const SEARCH_CODE: &[&str] = &["search.", "pagefind"];
const FORM_CODE: &[&str] = &["assessment"];

#[tokio::test(flavor = "multi_thread")]
async fn a_content_page_loads_no_search_or_form_code_until_it_is_used() {
    if !chromium_available("a_content_page_loads_no_search_or_form_code_until_it_is_used") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser
        .goto(&served.server.url("principles/why-engage/"))
        .await
        .unwrap();
    let first_visit = loaded_code(&browser).await;
    assert!(
        any_starts_with(&first_visit, &["site."]),
        "the site's own CSS and JS are missing: {first_visit:?}"
    );
    assert!(
        !any_starts_with(&first_visit, SEARCH_CODE) && !any_starts_with(&first_visit, FORM_CODE),
        "a content page loads search or form code on a first visit: {first_visit:?}"
    );

    // Focusing the search box is what loads the search code.
    browser.click("#search-input").await.unwrap();
    page_probe::wait_until(
        &browser,
        "performance.getEntriesByType('resource').some((e) => /\\/js\\/search\\./.test(e.name))",
        Duration::from_secs(10),
    )
    .await
    .unwrap();
    assert!(!any_starts_with(&loaded_code(&browser).await, FORM_CODE));

    browser
        .goto(&served.server.url("assessments/partnership-readiness/"))
        .await
        .unwrap();
    let assessment = loaded_code(&browser).await;
    browser.close().await.unwrap();
    assert!(
        any_starts_with(&assessment, FORM_CODE),
        "the assessment page does not load its form code: {assessment:?}"
    );
    assert!(
        !any_starts_with(&assessment, SEARCH_CODE),
        "the assessment page loads search code before it is used: {assessment:?}"
    );
}

/// Issue 15's budget for a content page's HTML, CSS and JS on a first visit, uncompressed
/// (README, "Page weight" says where it goes).
const CONTENT_PAGE_BUDGET: u64 = 30 * 1024;

/// Every file the page fetched (the document too) with its decoded size, once the page and its
/// service worker have settled: what a first visit costs, print stylesheet included.
const FETCHED_JS: &str = r#"
const done = arguments[arguments.length - 1];
const list = () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map((e) => [new URL(e.name).pathname, e.decodedBodySize]);
const ready = 'serviceWorker' in navigator && document.body.dataset.sw
  ? Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))])
  : Promise.resolve();
ready.then(() => setTimeout(() => done(list()), 500));
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_content_page_stays_within_its_30_kb_weight_budget() {
    if !chromium_available("a_content_page_stays_within_its_30_kb_weight_budget") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser
        .goto(&served.server.url("principles/why-engage/"))
        .await
        .unwrap();
    let fetched: Vec<(String, u64)> =
        serde_json::from_value(browser.execute_async(FETCHED_JS, vec![]).await.unwrap()).unwrap();
    browser.close().await.unwrap();
    let code: Vec<&(String, u64)> = fetched
        .iter()
        .filter(|(path, _)| {
            path.ends_with('/') || [".html", ".css", ".js"].iter().any(|e| path.ends_with(e))
        })
        .collect();
    let total: u64 = code.iter().map(|(_, bytes)| bytes).sum();
    assert!(
        code.iter().any(|(path, _)| path.ends_with("/why-engage/"))
            && code.iter().any(|(path, _)| path.ends_with(".css")),
        "the page and its stylesheet are counted: {code:?}"
    );
    assert!(
        total <= CONTENT_PAGE_BUDGET,
        "a content page loads {total} bytes of HTML, CSS and JS, over the {CONTENT_PAGE_BUDGET}: {code:?}"
    );
    println!("content page HTML+CSS+JS: {total} bytes (budget {CONTENT_PAGE_BUDGET}): {code:?}");
}
