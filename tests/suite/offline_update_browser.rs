//! Updates of a saved toolkit, in headless Chromium: the `offline-site` fixture is saved for
//! offline use under `/toolkit/`, rebuilt with a change and served again on the same origin;
//! the next visit shows the new text and search finds its words, the reader is told a new
//! version is ready, Reload switches to it, the old cache is gone and the new one holds the
//! whole new site, which is then what works offline.

use crate::browser;
use crate::offline_site;
use crate::site_server;

use browser::chromium_available;
use offline_site::*;
use serde_json::json;
use site_server::SiteServer;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_rebuilt_site_replaces_the_saved_copy_on_the_next_visit() {
    if !chromium_available("a_rebuilt_site_replaces_the_saved_copy_on_the_next_visit") {
        return;
    }
    let site = built_copy();
    let (version, _) = file_list(&site.out);
    let (mut server, browser) = serve_and_visit(&site.out).await;
    browser.goto(&server.url("offline/")).await.unwrap();
    save_for_offline(&browser).await;
    assert!(!cached_paths(&browser, &version).await.is_empty());

    // The site is rebuilt with a change while the reader is away.
    let addr = server.addr();
    server.stop();
    let changing = site.root.join("content/guide/changing.md");
    let text = std::fs::read_to_string(&changing).unwrap().replace(
        "The first edition",
        "The second edition, on zeppelin permits,",
    );
    std::fs::write(&changing, text).unwrap();
    build(&site.root, &site.out);
    let (new_version, new_list) = file_list(&site.out);
    assert_ne!(new_version, version, "a change makes a new version");
    let server = SiteServer::start_on(&site.out, "/toolkit/", addr).unwrap();

    // The next visit shows the new text at once (pages come from the network first).
    browser.goto(&server.url("guide/changing/")).await.unwrap();
    let main = browser.text_of("main").await.unwrap();
    assert!(
        main.contains("The second edition, on zeppelin permits, of this week"),
        "the old page came back: {main}\nrequests: {:?}",
        server.requests()
    );
    // Search already finds the new words, though the old worker still serves the saved files.
    browser
        .type_into("#search-input", "zeppelin")
        .await
        .unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-results [role=option][href*=\"guide/changing\"]')",
        "the rebuilt page found by search",
        Duration::from_secs(15),
    )
    .await;
    // The new version installs (saving the whole site again) and the reader is told.
    let notice = browser
        .wait_for(".update-notice button", Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        browser.text_of(".update-notice").await.unwrap(),
        "A new version of the toolkit is ready. Reload"
    );
    notice.click().await.unwrap();

    // Reload switches: only the new version's cache is left, and it holds every new file.
    let only_new = format!(
        "(await caches.keys()).filter((n) => n.startsWith('{CACHE_PREFIX}')).join() === '{CACHE_PREFIX}{new_version}'"
    );
    let code = format!("const done = arguments[0]; (async () => done({only_new}))();");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        // Reload navigates the page: a script caught by that navigation never answers and
        // ends in a script timeout, which only means "ask again on the new page".
        if let Ok(answer) = browser.execute_async(&code, vec![]).await {
            if answer == json!(true) {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the old cache was not replaced: {}",
            caches(&browser).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_until(
        &browser,
        "document.readyState === 'complete' && !document.querySelector('.update-notice button')",
        "the reload",
        Duration::from_secs(10),
    )
    .await;
    let cached = cached_paths(&browser, &new_version).await;
    for file in new_list["files"].as_array().unwrap() {
        assert!(
            cached.contains(&file[0]),
            "{} is not in the new cache",
            file[0]
        );
    }
    let mut server = server;
    server.stop();
    browser.goto(&server.url("guide/changing/")).await.unwrap();
    assert!(
        browser
            .text_of("main")
            .await
            .unwrap()
            .contains("The second edition"),
        "the new version is what works offline"
    );
    browser.close().await.unwrap();
}
