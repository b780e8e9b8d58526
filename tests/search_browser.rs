//! Search in headless Chromium, against the `search-site` fixture built and served under
//! `/toolkit/`: results, landing on pages and headings, the kind filter, the keyboard, the
//! "no results" help, and that excluded pages are never found.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/site_server.rs"]
mod site_server;

use browser::{chromium_available, Browser, Key};
use serde_json::{json, Value};
use site_server::SiteServer;
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(15);

fn build_fixture(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-site");
    partnerkit::build(&partnerkit::BuildOptions {
        root,
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("the fixture should build: {d:?}"));
}

/// Polls the JavaScript expression `condition` until it is truthy; panics with `what` if not.
async fn wait_until(browser: &Browser, condition: &str, what: &str) {
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

/// What the results panel shows: status, each option's link, classes, text, and the combobox state.
async fn panel_state(browser: &Browser) -> Value {
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
                   href: o.querySelector('a').getAttribute('href'), sub: o.classList.contains('search-result--sub'),
                   text: o.textContent, marks: [...o.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
                   selected: o.getAttribute('aria-selected') })),
               };"#,
            vec![],
        )
        .await
        .unwrap()
}

/// Replaces the search box's text by typing `term` (the box must have focus).
async fn search_for(browser: &Browser, term: &str) {
    browser
        .execute(
            "document.getElementById('search-input').value = '';",
            vec![],
        )
        .await
        .unwrap();
    browser.press(term).await.unwrap();
}

fn first_href(state: &Value) -> &str {
    state["options"][0]["href"].as_str().unwrap_or("")
}

#[tokio::test]
async fn search_finds_lands_filters_and_excludes() {
    if !chromium_available("search_finds_lands_filters_and_excludes") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_fixture(&out);
    let server = SiteServer::start(&out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    browser.goto(&server.url("")).await.unwrap();

    // Keyboard only: "/" focuses the box, typing searches, ArrowDown and Enter open a result.
    browser.press("/").await.unwrap();
    let focused = browser
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("search-input"));
    browser.press("ombudsman").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-option-0')",
        "results for ombudsman",
    )
    .await;
    let state = panel_state(&browser).await;
    assert_eq!(
        state["options"].as_array().unwrap().len(),
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
        "{state}"
    );
    assert_eq!(
        state["options"][0]["marks"],
        json!(["ombudsman"]),
        "{state}"
    );
    assert_eq!(
        (state["expanded"].as_str(), state["hidden"].as_bool()),
        (Some("true"), Some(false)),
        "{state}"
    );
    assert_eq!(state["status"], json!("1 page found."));
    browser.press(&Key::Down.to_string()).await.unwrap();
    let state = panel_state(&browser).await;
    assert_eq!(
        (
            state["active"].as_str(),
            state["options"][0]["selected"].as_str()
        ),
        (Some("search-option-0"), Some("true")),
        "{state}"
    );
    browser.press(&Key::Enter.to_string()).await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/toolkit/principles/tribal-consultation/'",
        "the ombudsman page",
    )
    .await;

    // A word under a heading lands on that heading.
    browser.press("/").await.unwrap();
    browser.press("gavel").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-option-0')",
        "results for gavel",
    )
    .await;
    let state = panel_state(&browser).await;
    assert_eq!(
        first_href(&state),
        "/toolkit/guides/working-with-courts/#courtroom-etiquette",
        "{state}"
    );
    browser.press(&Key::Enter.to_string()).await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/toolkit/guides/working-with-courts/'",
        "the courts guide",
    )
    .await;
    assert_eq!(
        browser
            .execute("return location.hash;", vec![])
            .await
            .unwrap(),
        json!("#courtroom-etiquette")
    );
    let heading = browser
        .execute(
            "return document.getElementById('courtroom-etiquette').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(heading, json!("Courtroom etiquette"));

    // A kind filter narrows the results; Escape closes the panel.
    browser.press("/").await.unwrap();
    browser.press("tribal").await.unwrap();
    let both = "document.querySelectorAll('#search-results .search-result:not(.search-result--sub)').length === 2";
    wait_until(&browser, both, "two pages for tribal").await;
    let hrefs = |state: &Value| -> Vec<String> {
        state["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["sub"] == json!(false))
            .map(|o| o["href"].as_str().unwrap().to_string())
            .collect()
    };
    let mut unfiltered = hrefs(&panel_state(&browser).await);
    unfiltered.sort();
    assert_eq!(
        unfiltered,
        [
            "/toolkit/guides/working-with-courts/",
            "/toolkit/principles/tribal-consultation/"
        ]
    );
    let chips = browser
        .execute(
            "return [...document.querySelectorAll('.search-chip')].map((c) => c.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        chips,
        json!(["Page", "Principle", "Agency leadership", "Frontline staff"])
    );
    browser
        .click(".search-chip[data-filter=kind]:nth-child(2)")
        .await
        .unwrap();
    wait_until(&browser, "!document.querySelector('#search-results a[href*=working-with-courts]') && document.querySelector('#search-option-0')", "the principle filter").await;
    let state = panel_state(&browser).await;
    assert_eq!(
        hrefs(&state),
        ["/toolkit/principles/tribal-consultation/"],
        "{state}"
    );
    let pressed = browser.execute("return document.querySelector('.search-chip[data-filter=kind]:nth-child(2)').getAttribute('aria-pressed');", vec![]).await.unwrap();
    assert_eq!(pressed, json!("true"));
    browser
        .click(".search-chip[data-filter=kind]:nth-child(2)")
        .await
        .unwrap(); // off again
    wait_until(&browser, both, "both pages once the filter is off").await;
    browser
        .execute("document.getElementById('search-input').focus();", vec![])
        .await
        .unwrap();
    browser.press(&Key::Escape.to_string()).await.unwrap();
    let state = panel_state(&browser).await;
    assert_eq!(
        (state["expanded"].as_str(), state["hidden"].as_bool()),
        (Some("false"), Some(true)),
        "{state}"
    );
    assert_eq!(
        browser
            .execute(
                "return document.getElementById('search-input').value;",
                vec![]
            )
            .await
            .unwrap(),
        json!("tribal")
    );

    // Excluded pages (search: false, a listed file, a listed folder) are never found, and
    // "no results" points to the reading list and the tags.
    for word in ["marmalade", "persimmon", "tangerine"] {
        search_for(&browser, word).await;
        wait_until(
            &browser,
            &format!(
                "document.querySelector('.search-panel__status').textContent.includes('{word}')"
            ),
            word,
        )
        .await;
        let state = panel_state(&browser).await;
        assert_eq!(
            state["status"],
            json!(format!("No results for \u{201c}{word}\u{201d}.")),
            "{state}"
        );
        assert_eq!(state["options"], json!([]), "{state}");
        assert_eq!(state["empty"], json!(false), "{state}");
    }
    let help = browser.execute("return [...document.querySelectorAll('.search-panel__empty a')].map((a) => a.getAttribute('href'));", vec![]).await.unwrap();
    assert_eq!(help, json!(["/toolkit/readings/", "/toolkit/tags/"]));

    // Everything came from the site itself, and Pagefind's default UI was never fetched.
    assert_eq!(browser.resource_hosts().await.unwrap(), [server.origin()]);
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .any(|p| p == "/toolkit/pagefind/pagefind.js"),
        "{requests:?}"
    );
    assert!(
        !requests.iter().any(|p| p.contains("pagefind-ui")),
        "{requests:?}"
    );
    browser.close().await.unwrap();
}
