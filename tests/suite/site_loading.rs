//! What a page of the real toolkit loads on a first visit: a plain content page loads the
//! site's own stylesheet and script only, with no search code (until the reader focuses the
//! search box) and no assessment code; an assessment page loads its form code. How many bytes
//! that is lives in `benches/page_weight.rs`.

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
