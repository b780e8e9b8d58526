//! Where and when the search code loads, in headless Chromium: a page asks for none of it (no
//! search module, no Pagefind JS, WebAssembly or index) until the reader first focuses the box,
//! then loads it from under the site's sub-path; and search works the same on the dev server
//! (`partnerkit serve`) under a sub-path.

use crate::browser;
use crate::search_ui;

use browser::{chromium_available, Browser, Key};
use partnerkit::serve::{self, ServeOptions};
use search_ui::*;
use std::time::Duration;

fn is_search_code(path: &str) -> bool {
    path.starts_with("/toolkit/js/search.")
        || path.starts_with("/toolkit/css/search.")
        || path.starts_with("/toolkit/pagefind/")
}

#[tokio::test]
async fn search_code_loads_only_when_the_box_is_first_focused() {
    if !chromium_available("search_code_loads_only_when_the_box_is_first_focused") {
        return;
    }
    let (_dir, server, browser) = open_site("guides/working-with-courts/").await;
    // Give the page (and its service worker) time to fetch everything it would fetch unasked.
    wait_until(&browser, "document.readyState === 'complete'", "the page").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    browser
        .execute("window.scrollTo(0, 500);", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = server.requests();
    assert!(
        before.iter().any(|p| p.starts_with("/toolkit/js/site.")),
        "the page's own script loads: {before:?}"
    );
    let early: Vec<&String> = before.iter().filter(|p| is_search_code(p)).collect();
    assert!(
        early.is_empty(),
        "search code fetched before focus: {early:?}"
    );

    browser.click("#search-input").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('.search-panel')",
        "the search panel to be set up",
    )
    .await;
    // The index itself (pagefind-entry.json and its chunks) loads with the first query. The
    // stylesheet is asked for as the panel is set up, so the server may see it a moment later.
    let wanted = [
        "/toolkit/js/search.",
        "/toolkit/css/search.",
        "/toolkit/pagefind/pagefind.js",
    ];
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let after = loop {
        let seen = server.requests();
        let all = wanted.iter().all(|w| seen.iter().any(|p| p.starts_with(w)));
        if all || std::time::Instant::now() > deadline {
            break seen;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for wanted in wanted {
        assert!(
            after.iter().any(|p| p.starts_with(wanted)),
            "{wanted}* is loaded on focus: {after:?}"
        );
    }
    // Only from under the sub-path: nothing asked of the host's root.
    let outside: Vec<&String> = after
        .iter()
        .filter(|p| !p.starts_with("/toolkit/"))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside /toolkit/: {outside:?}"
    );
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_works_on_the_dev_server_under_a_sub_path() {
    if !chromium_available("search_works_on_the_dev_server_under_a_sub_path") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for entry in walkdir::WalkDir::new(fixture_root()) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(fixture_root()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let server = serve::start(ServeOptions {
        root,
        bind: [127, 0, 0, 1].into(),
        port: 0,
        base_path: Some("/docs/".into()),
        base_url: None,
        output_dir: Some(dir.path().join("serve")),
        poll: true,
        drafts: false,
        allowed_hosts: Vec::new(),
    })
    .await
    .expect("the dev server starts");
    let browser = Browser::start().await.unwrap();
    browser.goto(&server.url).await.unwrap();
    browser.press("/").await.unwrap();
    let state = results_for(&browser, "ombudsman").await;
    assert_eq!(
        page_hrefs(&state),
        ["/docs/principles/tribal-consultation/"],
        "{state}"
    );
    browser.press(&Key::Enter.to_string()).await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/docs/principles/tribal-consultation/'",
        "the result's page on the dev server",
    )
    .await;
    browser.close().await.unwrap();
    server.stop().await;
}
