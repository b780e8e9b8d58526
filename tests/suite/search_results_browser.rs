//! What search finds, in headless Chromium against the `search-site` fixture served under
//! `/toolkit/`: a word on one page lists that page first with a highlighted excerpt and opening
//! it lands there; a word under a heading lands on that heading; words that only navigation,
//! section link lists, excluded pages or `search: false` pages hold are never found (and the
//! "no results" help points to the reading list and the tags, or to the tags alone on a site
//! without a reading list); and the index records each page's title, kind, roles and tags.

use crate::browser;
use crate::fixture;
use crate::search_ui;
use crate::site_server;

use browser::{chromium_available, Key};
use search_ui::*;
use serde_json::json;

#[tokio::test]
async fn a_word_on_one_page_lists_it_first_with_a_highlighted_excerpt_and_opens_it() {
    if !chromium_available("a_word_on_one_page_lists_it_first") {
        return;
    }
    let (_dir, server, browser) = open_site("").await;
    browser.click("#search-input").await.unwrap();
    let state = results_for(&browser, "ombudsman").await;
    assert_eq!(
        page_hrefs(&state).len(),
        1,
        "one page says ombudsman: {state}"
    );
    assert_eq!(
        first_href(&state),
        "/toolkit/principles/tribal-consultation/",
        "{state}"
    );
    let text = state["options"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("Consult tribal nations early") && text.contains("Principle"),
        "title and kind shown: {state}"
    );
    assert_eq!(
        state["options"][0]["marks"],
        json!(["ombudsman"]),
        "{state}"
    );
    assert_eq!(state["status"], json!("1 page found."));

    browser.click("#search-option-0").await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/toolkit/principles/tribal-consultation/'",
        "the ombudsman page",
    )
    .await;
    assert_eq!(
        browser.text_of("h1").await.unwrap(),
        "Consult tribal nations early"
    );
    // Everything came from the site itself.
    assert_eq!(browser.resource_hosts().await.unwrap(), [server.origin()]);
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_word_under_a_heading_lands_on_that_heading() {
    if !chromium_available("a_word_under_a_heading_lands_on_that_heading") {
        return;
    }
    let (_dir, _server, browser) = open_site("").await;
    browser.press("/").await.unwrap();
    let state = results_for(&browser, "gavel").await;
    assert_eq!(
        first_href(&state),
        "/toolkit/guides/working-with-courts/#courtroom-etiquette",
        "{state}"
    );
    assert!(
        state["options"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Working with courts"),
        "{state}"
    );
    browser.press(&Key::Enter.to_string()).await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/toolkit/guides/working-with-courts/'",
        "the courts guide",
    )
    .await;
    let landed = browser
        .execute(
            "return [location.hash, document.getElementById('courtroom-etiquette').textContent];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        landed,
        json!(["#courtroom-etiquette", "Courtroom etiquette"])
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn navigation_link_lists_and_excluded_pages_are_never_found() {
    if !chromium_available("navigation_link_lists_and_excluded_pages_are_never_found") {
        return;
    }
    let (_dir, _server, browser) = open_site("").await;
    browser.press("/").await.unwrap();
    // marmalade: a `search: false` page; persimmon: a page config.yaml excludes; tangerine: a
    // folder config.yaml excludes; quokka: only in the footer; kept: only in the title of the
    // `search: false` page, which the sidebar and its section's link list repeat.
    for word in ["marmalade", "persimmon", "tangerine", "quokka", "kept"] {
        search_for(&browser, word).await;
        wait_for_results(&browser, word).await;
        let state = panel_state(&browser).await;
        assert_eq!(
            state["status"],
            json!(format!("No results for \u{201c}{word}\u{201d}.")),
            "{state}"
        );
        assert_eq!(state["options"], json!([]), "{state}");
        assert_eq!(state["empty"], json!(false), "the help shows: {state}");
    }
    let help = help_links(&browser).await;
    assert_eq!(help, json!(["/toolkit/readings/", "/toolkit/tags/"]));
    // The word really is on the page the reader sees, in the footer: only the index skips it.
    assert!(browser
        .text_of(".site-footer")
        .await
        .unwrap()
        .contains("quokka"));
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_index_records_title_kind_roles_and_tags() {
    if !chromium_available("the_index_records_title_kind_roles_and_tags") {
        return;
    }
    let (_dir, _server, browser) = open_site("").await;
    // Pagefind's own API, as the theme's search code uses it.
    let found = run_async(
        &browser,
        "const pf = await import('/toolkit/pagefind/pagefind.js');
         await pf.options({ basePath: '/toolkit/pagefind/', baseUrl: '/toolkit/' });
         const filters = await pf.filters();
         const courts = await pf.search('rules', { filters: { tag: 'courts' } });
         const page = await courts.results[0].data();
         return { filters, count: courts.results.length, url: page.url, meta: page.meta, pageFilters: page.filters };",
    )
    .await;
    assert_eq!(
        found["filters"],
        json!({
            "kind": { "page": 4, "principle": 1 },
            "role": { "Agency leadership": 1, "Frontline staff": 1 },
            "tag": { "courts": 1, "tribes": 1 },
        }),
        "{found}"
    );
    assert_eq!(found["count"], json!(1), "{found}");
    assert_eq!(
        found["url"],
        json!("/toolkit/guides/working-with-courts/"),
        "{found}"
    );
    assert_eq!(found["meta"]["title"], json!("Working with courts"));
    assert_eq!(
        found["pageFilters"],
        json!({ "kind": ["page"], "role": ["Frontline staff"], "tag": ["courts"] }),
        "{found}"
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn without_a_reading_list_the_help_points_to_the_tag_pages_only() {
    if !chromium_available("without_a_reading_list_the_help_points_to_the_tag_pages_only") {
        return;
    }
    // The `subpath` fixture has no reading list; its search is turned on here.
    let site = fixture::copy("subpath");
    site.edit(
        "config.yaml",
        "search:\n  enabled: false",
        "search:\n  enabled: true",
    );
    site.build_with(&partnerkit::BuildOptions {
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        ..site.options()
    });
    let server = site_server::SiteServer::start(&site.out, "/toolkit/").unwrap();
    let browser = browser::Browser::start().await.unwrap();
    browser.goto(&server.url("")).await.unwrap();
    browser.press("/").await.unwrap();
    let state = results_for(&browser, "zyzzyva").await;
    assert_eq!(state["empty"], json!(false), "the help shows: {state}");
    let help = help_links(&browser).await;
    assert_eq!(help, json!(["/toolkit/tags/"]));
    browser.close().await.unwrap();
}
