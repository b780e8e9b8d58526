//! Offline use in headless Chromium, with the `offline-site` fixture served under `/toolkit/`:
//! the service worker's scope is the sub-path; pages a reader has opened keep working when the
//! network goes, without saving anything; and after "Save the toolkit for offline use" (which
//! shows the total size before anything downloads, then a progress bar) every page, a search
//! and an assessment (with its answers saved) work with the server stopped.

use crate::browser;
use crate::offline_site;

use browser::chromium_available;
use offline_site::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn pages_a_reader_opened_work_offline_without_saving() {
    if !chromium_available("pages_a_reader_opened_work_offline_without_saving") {
        return;
    }
    let site = built_copy();
    let (mut server, browser) = serve_and_visit(&site.out).await;
    let scope = browser
        .execute_async(
            "const done = arguments[0]; navigator.serviceWorker.getRegistration().then((r) => done(r.scope));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        scope,
        json!(server.url("")),
        "the worker's scope is the sub-path"
    );

    browser
        .goto(&server.url("guide/home-visits/"))
        .await
        .unwrap();
    server.stop();
    browser
        .goto(&server.url("guide/home-visits/"))
        .await
        .unwrap();
    assert_eq!(browser.text_of("h1").await.unwrap(), "Home visits");
    let styled = js(
        &browser,
        "return getComputedStyle(document.querySelector('.site-header')).display !== 'inline';",
    )
    .await;
    assert_eq!(styled, json!(true), "the page keeps its stylesheet offline");
    // A page never opened (nor saved) is not there: the reader gets the site's own 404 page.
    browser.goto(&server.url("guide/changing/")).await.unwrap();
    assert_eq!(browser.text_of("h1").await.unwrap(), "Page not found");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_saved_toolkit_works_offline_pages_search_and_assessments() {
    if !chromium_available("a_saved_toolkit_works_offline_pages_search_and_assessments") {
        return;
    }
    let site = built_copy();
    let (version, list) = file_list(&site.out);
    let pages = listed_pages(&site.out, &list);
    let (mut server, browser) = serve_and_visit(&site.out).await;

    // The offline page shows what saving costs before anything is downloaded.
    server.clear_requests();
    browser.goto(&server.url("offline/")).await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('.js-offline-size[data-bytes]')",
        "the size",
        Duration::from_secs(10),
    )
    .await;
    let size = browser.text_of(".js-offline-size").await.unwrap();
    assert_eq!(
        js(
            &browser,
            "return Number(document.querySelector('.js-offline-size').dataset.bytes);"
        )
        .await,
        list["bytes"]
    );
    assert!(size.contains(&format!("{} files", list["count"])), "{size}");
    assert!(size.contains("KB") || size.contains("MB"), "{size}");
    let fetched = server.requests();
    assert!(
        !fetched.iter().any(|p| p.contains("/pagefind/fragment/")),
        "nothing is downloaded before the reader asks: {fetched:?}"
    );
    assert_eq!(
        js(
            &browser,
            "return document.querySelector('.js-offline-progress-row').hidden;"
        )
        .await,
        json!(true)
    );

    // Saving shows its progress, and ends with every listed file in this version's cache.
    save_for_offline(&browser).await;
    let progress = js(
        &browser,
        "const p = document.querySelector('.js-offline-progress'); return [p.value, p.max, p.closest('[hidden]') === null];",
    )
    .await;
    assert_eq!(progress, json!([list["count"], list["count"], true]));
    let status = browser.text_of(".js-offline-status").await.unwrap();
    assert!(
        status.starts_with(&format!("Saved {} files", list["count"])),
        "{status}"
    );
    let cached = cached_paths(&browser, &version).await;
    for file in list["files"].as_array().unwrap() {
        assert!(cached.contains(&file[0]), "{} is not cached", file[0]);
    }

    // The network goes: every page still loads, and an unknown address gets the 404 page.
    server.stop();
    for (url, title) in &pages {
        browser
            .goto(&format!("{}{url}", server.origin()))
            .await
            .unwrap();
        assert_eq!(
            js(&browser, "return document.title;").await,
            json!(title),
            "offline: {url}"
        );
    }
    browser.goto(&server.url("no/such/page/")).await.unwrap();
    assert_eq!(browser.text_of("h1").await.unwrap(), "Page not found");

    // A search works offline.
    browser.goto(&server.url("")).await.unwrap();
    browser.type_into("#search-input", "kinship").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-results [role=option][href*=\"guide/home-visits\"]')",
        "an offline search result",
        Duration::from_secs(15),
    )
    .await;

    // An assessment works offline, and its answers are saved in the browser.
    let assessment = server.url("assessments/quick-check/");
    browser.goto(&assessment).await.unwrap();
    browser
        .wait_for(".assessment-app[data-ready]", Duration::from_secs(10))
        .await
        .unwrap();
    browser.click("input[name=meet][value='3']").await.unwrap();
    let stored =
        "(localStorage.getItem('partnerkit-assessment:/toolkit/:quick-check:1') || '').includes('\"meet\"')";
    wait_until(
        &browser,
        stored,
        "the answer to be saved",
        Duration::from_secs(5),
    )
    .await;
    browser.goto(&assessment).await.unwrap();
    browser
        .wait_for(".assessment-app[data-ready]", Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        js(
            &browser,
            "return document.querySelector('input[name=meet][value=\"3\"]').checked;"
        )
        .await,
        json!(true),
        "the saved answer comes back offline"
    );
    browser.close().await.unwrap();
}
