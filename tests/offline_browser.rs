//! Offline use, end to end in headless Chromium: the fixture toolkit is served under
//! `/toolkit/`, the reader saves it from the offline page, the server goes away, and every page,
//! a search and an assessment (with its answers saved) still work; then the site is rebuilt with
//! a change, comes back on the same origin, and the next visit gets the new version.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/site_server.rs"]
mod site_server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use browser::{chromium_available, Browser};
use serde_json::{json, Value};
use site_server::SiteServer;

const CACHE_PREFIX: &str = "partnerkit:/toolkit/:";

/// Copies the fixture into a folder of its own, so the test can change a page.
fn copy_fixture(to: &Path) {
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

fn build(root: &Path, out: &Path) {
    partnerkit::build(&partnerkit::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("the fixture does not build: {d:?}"));
}

/// The built site's offline file list (there is exactly one `offline-<version>.json`).
fn file_list(out: &Path) -> (String, Value) {
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

/// Every listed URL, and the title of each listed page as the file on disk has it.
fn listed_pages(out: &Path, list: &Value) -> Vec<(String, String)> {
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

fn decode(text: &str) -> String {
    text.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

/// Polls the JavaScript expression `condition` until it is truthy.
async fn wait_until(browser: &Browser, condition: &str, what: &str, timeout: Duration) {
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

/// The names of this site's caches and the URLs in each.
async fn caches(browser: &Browser) -> Value {
    let code = "const done = arguments[0];
        caches.keys().then(async (names) => {
          const out = {};
          for (const name of names) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
          done(out);
        });";
    browser.execute_async(code, vec![]).await.unwrap()
}

async fn visit_every_page(browser: &Browser, server: &SiteServer, pages: &[(String, String)]) {
    for (url, title) in pages {
        browser
            .goto(&format!("{}{url}", server.origin()))
            .await
            .unwrap();
        assert_eq!(
            js(browser, "return document.title;").await,
            json!(title),
            "offline: {url}"
        );
    }
}

#[tokio::test]
async fn saved_toolkit_works_offline_and_updates_after_a_rebuild() {
    if !chromium_available("saved_toolkit_works_offline_and_updates_after_a_rebuild") {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (root, out) = (work.path().join("site-src"), work.path().join("public"));
    copy_fixture(&root);
    build(&root, &out);
    let (version, list) = file_list(&out);
    let pages = listed_pages(&out, &list);
    assert!(
        list["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f[0].as_str().unwrap().contains("/pagefind/")),
        "the search index is listed"
    );
    let mut server = SiteServer::start(&out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();

    // First visit: the worker installs and takes control.
    browser.goto(&server.url("")).await.unwrap();
    wait_until(
        &browser,
        "navigator.serviceWorker.controller",
        "the service worker to take control",
        Duration::from_secs(15),
    )
    .await;

    // The offline page shows what saving costs before anything is downloaded, then saves.
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
    browser.click(".js-offline-save").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('[data-offline-list][data-saved]')",
        "the save to finish",
        Duration::from_secs(60),
    )
    .await;
    let progress = js(
        &browser,
        "const p = document.querySelector('.js-offline-progress'); return [p.value, p.max];",
    )
    .await;
    assert_eq!(progress, json!([list["count"], list["count"]]));
    let status = browser.text_of(".js-offline-status").await.unwrap();
    assert!(
        status.starts_with(&format!("Saved {} files", list["count"])),
        "{status}"
    );
    let saved = caches(&browser).await;
    let cached = saved[format!("{CACHE_PREFIX}{version}")]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for file in list["files"].as_array().unwrap() {
        assert!(cached.contains(&file[0]), "{} is not cached", file[0]);
    }

    // The network goes: every page still loads, and an unknown address gets the 404 page.
    let addr = server.addr();
    server.stop();
    visit_every_page(&browser, &server, &pages).await;
    browser.goto(&server.url("no/such/page/")).await.unwrap();
    assert_eq!(browser.text_of("h1").await.unwrap(), "Page not found");

    // A search works offline.
    browser.goto(&server.url("")).await.unwrap();
    browser.type_into("#search-input", "kinship").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-results a[href*=\"guide/home-visits\"]')",
        "an offline search result",
        Duration::from_secs(15),
    )
    .await;

    // An assessment works offline, and its answers are saved in the browser.
    browser
        .goto(&server.url("assessments/quick-check/"))
        .await
        .unwrap();
    browser
        .wait_for(".assessment-app[data-ready]", Duration::from_secs(10))
        .await
        .unwrap();
    browser.click("input[name=meet][value='3']").await.unwrap();
    let stored =
        "(localStorage.getItem('partnerkit-assessment:quick-check:1') || '').includes('\"meet\"')";
    wait_until(
        &browser,
        stored,
        "the answer to be saved",
        Duration::from_secs(5),
    )
    .await;
    browser
        .goto(&server.url("assessments/quick-check/"))
        .await
        .unwrap();
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
        json!(true)
    );

    // The site is rebuilt with a change and comes back: the next visit gets the new text, the
    // reader is told an update is ready, and Reload switches to it with a fresh, full cache.
    let changing = root.join("content/guide/changing.md");
    let text = std::fs::read_to_string(&changing)
        .unwrap()
        .replace("The first edition", "The second edition");
    std::fs::write(&changing, text).unwrap();
    build(&root, &out);
    let (new_version, new_list) = file_list(&out);
    assert_ne!(new_version, version);
    let mut server = SiteServer::start_on(&out, "/toolkit/", addr).unwrap();
    browser.goto(&server.url("guide/changing/")).await.unwrap();
    let main = browser.text_of("main").await.unwrap();
    assert!(
        main.contains("The second edition of this week"),
        "the old page came back: {main}\nrequests: {:?}",
        server.requests()
    );
    let notice = browser
        .wait_for(".update-notice button", Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        browser.text_of(".update-notice").await.unwrap(),
        "A new version of the toolkit is ready. Reload"
    );
    notice.click().await.unwrap();
    let only_new = format!("(await caches.keys()).filter((n) => n.startsWith('{CACHE_PREFIX}')).join() === '{CACHE_PREFIX}{new_version}'");
    let code = format!("const done = arguments[0]; (async () => done({only_new}))();");
    let deadline = Instant::now() + Duration::from_secs(15);
    while browser.execute_async(&code, vec![]).await.unwrap() != json!(true) {
        assert!(
            Instant::now() < deadline,
            "the old cache was not replaced: {}",
            caches(&browser).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let renewed = caches(&browser).await;
    let cached = renewed[format!("{CACHE_PREFIX}{new_version}")]
        .as_array()
        .cloned()
        .unwrap();
    for file in new_list["files"].as_array().unwrap() {
        assert!(
            cached.contains(&file[0]),
            "{} is not in the new cache",
            file[0]
        );
    }
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
