//! Using search with the keyboard alone and with the filter chips, in headless Chromium against
//! the `search-site` fixture served under `/toolkit/`: `/` focuses the box, the arrow keys move
//! through the results (and back to the box), Enter opens one, Escape closes the panel and keeps
//! the words; a kind chip and a role chip each narrow the results, and pressing one again
//! widens them back.

use crate::browser;
use crate::search_ui;

use browser::{chromium_available, Browser, Key};
use search_ui::*;
use serde_json::{json, Value};

async fn press(browser: &Browser, key: Key) {
    browser.press(&key.to_string()).await.unwrap();
}

fn active_and_selected(state: &Value) -> (Option<&str>, Vec<&str>) {
    let selected = state["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["selected"] == json!("true"))
        .map(|o| o["href"].as_str().unwrap())
        .collect();
    (state["active"].as_str(), selected)
}

#[tokio::test]
async fn the_keyboard_alone_searches_moves_opens_and_closes() {
    if !chromium_available("the_keyboard_alone_searches_moves_opens_and_closes") {
        return;
    }
    let (_dir, _server, browser) = open_site("guides/").await;
    browser.press("/").await.unwrap();
    let focused = browser
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("search-input"), "`/` focuses the box");
    let state = results_for(&browser, "tribal").await;
    let count = state["options"].as_array().unwrap().len();
    assert!(count >= 2, "two pages say tribal: {state}");
    assert_eq!(
        (state["expanded"].as_str(), state["hidden"].as_bool()),
        (Some("true"), Some(false)),
        "{state}"
    );

    // Down twice selects the second option; Up goes back; Up from the first returns to the box.
    press(&browser, Key::Down).await;
    press(&browser, Key::Down).await;
    let state = panel_state(&browser).await;
    let second = state["options"][1]["href"].as_str().unwrap().to_string();
    assert_eq!(
        active_and_selected(&state),
        (Some("search-option-1"), vec![second.as_str()])
    );
    press(&browser, Key::Up).await;
    press(&browser, Key::Up).await;
    let state = panel_state(&browser).await;
    assert_eq!(active_and_selected(&state), (None, vec![]), "{state}");

    // Escape closes the panel and keeps what was typed; Down opens it again.
    press(&browser, Key::Escape).await;
    let state = panel_state(&browser).await;
    assert_eq!(
        (state["expanded"].as_str(), state["hidden"].as_bool()),
        (Some("false"), Some(true)),
        "{state}"
    );
    let value = browser
        .execute(
            "return [document.getElementById('search-input').value, document.activeElement.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(value, json!(["tribal", "search-input"]));
    press(&browser, Key::Down).await;
    assert_eq!(panel_state(&browser).await["hidden"], json!(false));

    // Down to the second result and Enter opens it.
    press(&browser, Key::Down).await;
    press(&browser, Key::Down).await;
    press(&browser, Key::Enter).await;
    let target = second.split('#').next().unwrap().to_string();
    wait_until(
        &browser,
        &format!("location.pathname === {}", json!(target)),
        "the second result's page",
    )
    .await;
    browser.close().await.unwrap();
}

/// Clicks the chip labelled `label` and waits until the results are exactly `expected`.
async fn toggle_chip(browser: &Browser, label: &str, expected: &[&str]) {
    let clicked = browser
        .execute(
            "const chip = [...document.querySelectorAll('.search-chip')].find((c) => c.textContent === arguments[0]);
             chip.click(); return chip.getAttribute('aria-pressed');",
            vec![json!(label)],
        )
        .await
        .unwrap();
    let hrefs = json!(expected).to_string();
    let condition = format!(
        "JSON.stringify([...document.querySelectorAll('#search-results .search-result:not(.search-result--sub)')]
           .map((o) => o.getAttribute('href')).sort()) === {}",
        json!(hrefs)
    );
    wait_until(
        browser,
        &condition,
        &format!("{expected:?} after `{label}` ({clicked})"),
    )
    .await;
}

#[tokio::test]
async fn kind_and_role_chips_narrow_the_results() {
    if !chromium_available("kind_and_role_chips_narrow_the_results") {
        return;
    }
    let (_dir, server, browser) = open_site("guides/").await;
    browser.press("/").await.unwrap();
    browser.press("tribal").await.unwrap();
    let both = [
        "/toolkit/guides/working-with-courts/",
        "/toolkit/principles/tribal-consultation/",
    ];
    wait_for_results(&browser, "tribal").await;
    // The chips come with the page: drawing them costs no filter chunk; pressing one does.
    let filter_chunks = || {
        server
            .requests()
            .into_iter()
            .filter(|path| path.ends_with(".pf_filter"))
            .count()
    };
    assert_eq!(
        filter_chunks(),
        0,
        "filter chunks fetched for a first query"
    );
    let mut shown = page_hrefs(&panel_state(&browser).await);
    shown.sort();
    assert_eq!(shown, both);
    let chips = browser
        .execute(
            "return [...document.querySelectorAll('.search-chip')].map((c) => [c.dataset.filter, c.textContent]);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        chips,
        json!([
            ["kind", "Page"],
            ["kind", "Principle"],
            ["role", "Agency leadership"],
            ["role", "Frontline staff"]
        ])
    );

    toggle_chip(&browser, "Principle", &[both[1]]).await;
    assert!(
        filter_chunks() > 0,
        "a pressed chip fetches its filter chunk"
    );
    toggle_chip(&browser, "Principle", &both).await;
    toggle_chip(&browser, "Frontline staff", &[both[0]]).await;
    let pressed = browser
        .execute(
            "return [...document.querySelectorAll('.search-chip[aria-pressed=true]')].map((c) => c.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(pressed, json!(["Frontline staff"]));
    // A kind and a role together: no principle is for frontline staff here.
    toggle_chip(&browser, "Principle", &[]).await;
    assert_eq!(panel_state(&browser).await["empty"], json!(false));
    toggle_chip(&browser, "Frontline staff", &[both[1]]).await;
    browser.close().await.unwrap();
}
