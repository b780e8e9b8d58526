//! Search results as a reader's hands use them, in headless Chromium against the real toolkit
//! served under `/toolkit/`: each result is a real link to its page (and heading), so a
//! middle-click opens it in a new tab and leaves the reader where they were; on a 390×844 phone
//! the search opens as a full-screen sheet whose first three results sit above the on-screen
//! keyboard (the top 480 px), with the filter chips behind one "Filter" button that counts the
//! chips pressed, and Escape or the Close button take the focus back where the reader was.
//! Screenshots of the open search at 390×844 and 1280×800, light and dark, go to
//! `target/screenshots/`.

use crate::browser;
use crate::emulation;
use crate::search_ui;
use crate::served_toolkit;

use browser::{chromium_available, Browser, Key};
use emulation::Scheme;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_MIDDLE};
use search_ui::{panel_state, search_for, wait_for_results, wait_until};
use serde_json::{json, Value};
use std::path::PathBuf;

/// The top of a 390×844 phone screen that the on-screen keyboard leaves uncovered.
const ABOVE_KEYBOARD: f64 = 480.0;

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

async fn open_toolkit(path: &str) -> (served_toolkit::ServedToolkit, Browser) {
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser.goto(&served.server.url(path)).await.unwrap();
    (served, browser)
}

#[tokio::test]
async fn a_result_is_a_link_and_a_middle_click_opens_it_in_a_new_tab() {
    if !chromium_available("a_result_is_a_link_and_a_middle_click_opens_it_in_a_new_tab") {
        return;
    }
    let (_served, browser) = open_toolkit("").await;
    browser.click("#search-input").await.unwrap();
    search_for(&browser, "court").await;
    wait_for_results(&browser, "court").await;
    let first = browser
        .execute(
            "const o = document.getElementById('search-option-0');
             return [o.tagName, o.getAttribute('role'), o.getAttribute('href'), o.closest('[role=listbox]')?.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        first,
        json!([
            "A",
            "option",
            "/toolkit/modules/module-five/#court",
            "search-results"
        ])
    );

    let client = browser.client();
    let before = client.windows().await.unwrap().len();
    let option = browser.find("#search-option-0").await.unwrap();
    let middle_click = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveToElement {
            element: option,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_MIDDLE,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_MIDDLE,
        });
    client.perform_actions(middle_click).await.unwrap();
    let deadline = std::time::Instant::now() + search_ui::WAIT;
    let windows = loop {
        let windows = client.windows().await.unwrap();
        if windows.len() > before || std::time::Instant::now() > deadline {
            break windows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(windows.len(), before + 1, "a middle-click opens a new tab");
    // The reader stays on the page they were on, with the results still there.
    let url = browser.current_url().await.unwrap();
    assert!(url.ends_with("/toolkit/"), "{url}");
    let opened = windows.last().unwrap().clone();
    client.switch_to_window(opened).await.unwrap();
    wait_until(
        &browser,
        "location.pathname === '/toolkit/modules/module-five/' && location.hash === '#court'",
        "the new tab at the court heading",
    )
    .await;
    browser.close().await.unwrap();
}

/// Where each shown option sits on the screen, and what has the focus.
async fn layout(browser: &Browser) -> Value {
    browser
        .execute(
            "const box = (e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; };
             return {
               input: box(document.getElementById('search-input')),
               options: [...document.querySelectorAll('#search-results [role=option]')].map(box),
               form: getComputedStyle(document.querySelector('form.search')).position,
               chips: document.querySelector('.search-panel__filters').getClientRects().length > 0,
               toggle: document.querySelector('.search-panel__filter-toggle')?.textContent ?? null,
               focus: document.activeElement.id || document.activeElement.className,
             };",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn on_a_phone_search_is_a_sheet_with_three_results_above_the_keyboard() {
    if !chromium_available("on_a_phone_search_is_a_sheet_with_three_results_above_the_keyboard") {
        return;
    }
    let (_served, browser) = open_toolkit("principles/why-engage/").await;
    emulation::set_viewport(browser.client(), 390, 844)
        .await
        .unwrap();
    // On a phone the box folds behind the header's search button (the reader branch's header):
    // the reader taps that button, and closing the search takes them back to it.
    browser.click(".search-toggle").await.unwrap();
    search_for(&browser, "partnership").await;
    wait_for_results(&browser, "partnership").await;
    let state = layout(&browser).await;
    assert_eq!(
        state["form"],
        json!("fixed"),
        "a full-screen sheet: {state}"
    );
    assert!(
        state["input"][0].as_f64().unwrap() < 60.0,
        "the box at the top: {state}"
    );
    let options = state["options"].as_array().unwrap();
    assert!(options.len() >= 3, "{state}");
    for option in &options[..3] {
        let (top, bottom, left, right) = (
            option[0].as_f64().unwrap(),
            option[1].as_f64().unwrap(),
            option[2].as_f64().unwrap(),
            option[3].as_f64().unwrap(),
        );
        assert!(
            top >= 0.0 && bottom <= ABOVE_KEYBOARD && left >= 0.0 && right <= 390.0,
            "the first three results fully above the keyboard: {state}"
        );
    }
    assert_eq!(
        (&state["chips"], &state["toggle"]),
        (&json!(false), &json!("Filter")),
        "{state}"
    );

    for (scheme, name) in [(Scheme::Light, "light"), (Scheme::Dark, "dark")] {
        emulation::set_color_scheme(browser.client(), scheme)
            .await
            .unwrap();
        let path = screenshot_dir().join(format!("search-sheet-390x844-{name}.png"));
        browser.screenshot(path).await.unwrap();
    }

    // The chips wait behind "Filter", which then counts the ones pressed.
    browser.click(".search-panel__filter-toggle").await.unwrap();
    assert_eq!(layout(&browser).await["chips"], json!(true));
    browser
        .execute(
            "[...document.querySelectorAll('.search-chip')].find((c) => c.textContent === 'Principle').click();",
            vec![],
        )
        .await
        .unwrap();
    wait_until(
        &browser,
        "[...document.querySelectorAll('#search-results .search-result:not(.search-result--sub)')]
           .every((o) => o.getAttribute('href').startsWith('/toolkit/principles/'))",
        "principles only",
    )
    .await;
    assert_eq!(layout(&browser).await["toggle"], json!("Filter (1 on)"));

    // Escape leaves the sheet and puts the focus back on the search button the reader tapped.
    browser.press(&Key::Escape.to_string()).await.unwrap();
    let state = layout(&browser).await;
    assert_eq!(
        (&state["form"], &state["focus"]),
        (&json!("relative"), &json!("search-toggle")),
        "{state}"
    );
    // So does the Close button.
    browser.click("#search-input").await.unwrap();
    wait_until(
        &browser,
        "!document.querySelector('.search-panel').hidden",
        "the sheet again",
    )
    .await;
    browser.click(".search__close").await.unwrap();
    let state = layout(&browser).await;
    assert_eq!(
        (&state["form"], &state["focus"]),
        (&json!("relative"), &json!("search-toggle")),
        "{state}"
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn on_a_wide_screen_search_stays_a_dropdown_with_its_chips() {
    if !chromium_available("on_a_wide_screen_search_stays_a_dropdown_with_its_chips") {
        return;
    }
    let (_served, browser) = open_toolkit("").await;
    emulation::set_viewport(browser.client(), 1280, 800)
        .await
        .unwrap();
    browser.click("#search-input").await.unwrap();
    search_for(&browser, "partnership").await;
    wait_for_results(&browser, "partnership").await;
    let state = layout(&browser).await;
    assert_eq!(
        (&state["form"], &state["chips"]),
        (&json!("relative"), &json!(true)),
        "{state}"
    );
    assert_eq!(panel_state(&browser).await["expanded"], json!("true"));
    for (scheme, name) in [(Scheme::Light, "light"), (Scheme::Dark, "dark")] {
        emulation::set_color_scheme(browser.client(), scheme)
            .await
            .unwrap();
        let path = screenshot_dir().join(format!("search-panel-1280x800-{name}.png"));
        browser.screenshot(path).await.unwrap();
    }
    browser.close().await.unwrap();
}
