//! The real toolkit, built and served under `/toolkit/` as GitHub Pages serves a project site,
//! crawled in headless Chromium: every internal link, stylesheet, script, image, template URL
//! and `#anchor` resolves from every page; nothing is asked of another host; no page scrolls
//! sideways at 320 px; search's chunks load from the site and its results resolve; and
//! `404.html` is served, styled, at any depth. A faulty fixture proves the crawl can fail.

use crate::browser;
use crate::crawl;
use crate::emulation;
use crate::page_probe;
use crate::served_toolkit;
use crate::site_server;

use std::path::Path;

use browser::{chromium_available, Browser};
use crawl::Crawl;
use served_toolkit::BASE_PATH;
use site_server::SiteServer;

/// Loads each page at 320 px wide, records it, then fetches every distinct URL found once and
/// checks every anchor against its page.
async fn crawl_site(browser: &Browser, server: &SiteServer, pages: &[String]) -> Crawl {
    emulation::set_viewport(browser.client(), 320, 800)
        .await
        .unwrap();
    let origin = server.origin();
    let mut crawl = Crawl::default();
    for path in pages {
        let url = server.url(path);
        browser.goto(&url).await.unwrap();
        let facts = page_probe::probe(browser, BASE_PATH).await.unwrap();
        assert_eq!(
            facts.client_width, 320,
            "the viewport emulation did not take"
        );
        let hosts = browser.resource_hosts().await.unwrap();
        crawl.record(&url, &facts, &origin, &hosts);
    }
    let statuses = page_probe::fetch_statuses(browser, &crawl.targets())
        .await
        .unwrap();
    crawl.record_statuses(&statuses);
    crawl.check_anchors();
    crawl
}

#[tokio::test(flavor = "multi_thread")]
async fn every_link_resource_and_anchor_resolves_and_no_page_overflows_at_320px() {
    if !chromium_available("every_link_resource_and_anchor_resolves_and_no_page_overflows_at_320px")
    {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    let crawl = crawl_site(&browser, &served.server, &served.site.page_paths()).await;
    browser.close().await.unwrap();
    let targets = crawl.targets().len();
    assert!(targets > 50, "only {targets} distinct URLs found");
    assert!(
        crawl.problems.is_empty(),
        "{} problem(s):\n{}",
        crawl.problems.len(),
        crawl.problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_not_found_page_is_served_styled_at_any_depth() {
    if !chromium_available("the_not_found_page_is_served_styled_at_any_depth") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    let mut problems = Vec::new();
    for missing in [
        "missing",
        "a/b/c/missing",
        "a/b/c/missing/",
        "principles/nope/x.html",
    ] {
        let url = served.server.url(missing);
        browser.goto(&url).await.unwrap();
        let page = browser
            .execute(
                "return { title: document.title, rules: Array.from(document.styleSheets)
                   .filter((s) => s.href && s.href.includes('/css/site.'))
                   .map((s) => s.cssRules.length)[0] || 0 };",
                vec![],
            )
            .await
            .unwrap();
        if !page["title"]
            .as_str()
            .unwrap_or("")
            .starts_with("Page not found")
        {
            problems.push(format!("{missing}: not the 404 page: {page}"));
        }
        if page["rules"].as_u64().unwrap_or(0) < 20 {
            problems.push(format!("{missing}: the stylesheet did not load: {page}"));
        }
        // The page's own resources are read before the test fetches anything from it: the
        // fetch below adds its own (404) entry to the page's resource timeline, and whether
        // the probe saw that entry depended on how busy the machine was.
        let facts = page_probe::probe(&browser, BASE_PATH).await.unwrap();
        let status = page_probe::fetch_statuses(&browser, std::slice::from_ref(&url))
            .await
            .unwrap();
        if status[0].1 != 404 {
            problems.push(format!("{missing}: answers {} instead of 404", status[0].1));
        }
        // Its links and resources work from there too.
        let mut crawl = Crawl::default();
        let hosts = browser.resource_hosts().await.unwrap();
        crawl.record(&url, &facts, &served.server.origin(), &hosts);
        let statuses = page_probe::fetch_statuses(&browser, &crawl.targets())
            .await
            .unwrap();
        crawl.record_statuses(&statuses);
        problems.extend(crawl.problems);
    }
    browser.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn search_loads_its_chunks_from_the_site_and_its_results_resolve() {
    if !chromium_available("search_loads_its_chunks_from_the_site_and_its_results_resolve") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser.goto(&served.server.url("")).await.unwrap();
    let mut result_urls = Vec::new();
    for query in ["partner", "court", "trust"] {
        page_probe::show_search_results(&browser, query)
            .await
            .unwrap();
        let hrefs = browser
            .execute(
                "return Array.from(document.querySelectorAll('#search-results [role=option]'), (o) => o.href);",
                vec![],
            )
            .await
            .unwrap();
        result_urls.extend(serde_json::from_value::<Vec<String>>(hrefs).unwrap());
    }
    // Pagefind loads its index in a Web Worker, whose requests the page's Resource Timing does
    // not list: the server's log has them all. Fetched again, each must answer 200.
    let mut chunks: Vec<String> = served
        .server
        .requests()
        .into_iter()
        .filter(|path| path.contains("/pagefind/"))
        .map(|path| format!("{}{path}", served.server.origin()))
        .collect();
    chunks.sort();
    chunks.dedup();
    for kind in ["pagefind.js", ".pf_meta", ".pf_index", ".pf_fragment"] {
        assert!(
            chunks.iter().any(|c| c.contains(kind)),
            "no {kind} loaded: {chunks:#?}"
        );
    }
    let statuses = page_probe::fetch_statuses(&browser, &chunks).await.unwrap();
    let failed: Vec<_> = statuses
        .iter()
        .filter(|(_, status)| *status != 200)
        .collect();
    assert!(failed.is_empty(), "search chunks that failed: {failed:#?}");
    assert_eq!(
        browser.resource_hosts().await.unwrap(),
        [served.server.origin()]
    );

    result_urls.sort();
    result_urls.dedup();
    assert!(result_urls.len() > 3, "too few results: {result_urls:?}");
    let statuses = page_probe::fetch_statuses(&browser, &result_urls)
        .await
        .unwrap();
    let broken: Vec<_> = statuses
        .iter()
        .filter(|(_, status)| *status != 200)
        .collect();
    browser.close().await.unwrap();
    assert!(
        broken.is_empty(),
        "search results that do not resolve: {broken:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_crawl_reports_broken_links_missing_anchors_other_hosts_and_overflow() {
    if !chromium_available(
        "the_crawl_reports_broken_links_missing_anchors_other_hosts_and_overflow",
    ) {
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checks-faulty-site");
    let server = SiteServer::start(&fixture, BASE_PATH).unwrap();
    let browser = Browser::start().await.unwrap();
    let pages = ["".to_string(), "other.html".to_string()];
    let crawl = crawl_site(&browser, &server, &pages).await;
    browser.close().await.unwrap();
    let report = crawl.problems.join("\n");
    let expected = [
        "missing.html answers 404",
        "other.html#nowhere",
        "no id `nowhere` on the page",
        "img asks another host: http://127.0.0.2:9/pixel.png",
        "link rel=stylesheet asks another host: http://127.0.0.2:9/fonts.css",
        "scrolls sideways at 320 px",
    ];
    for problem in expected {
        assert!(
            report.contains(problem),
            "the crawl missed {problem:?}; it said:\n{report}"
        );
    }
    // The sound page and links are not reported.
    assert!(!report.contains("other.html#here"), "{report}");
    assert!(!report.contains("/other.html: "), "{report}");
}
