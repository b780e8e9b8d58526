//! Assessment forms under a reader's finger, in headless Chromium on the real toolkit at
//! 390×844 and 1280×800: a tap on an answer right after typing a record name selects it (the
//! answer is at the same place at mousedown and mouseup, although leaving the name field
//! announces the rename); filling in the whole form by taps causes no layout shift at all
//! (every `layout-shift` entry counted, with or without recent input); the answers are at
//! least 44 px high, stacked full-width on a phone and in one row on a laptop.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/emulation.rs"]
mod emulation;
#[path = "support/served_toolkit.rs"]
mod served_toolkit;
#[path = "support/site_server.rs"]
mod site_server;
#[path = "support/toolkit.rs"]
mod toolkit;

use std::time::Duration;

use browser::{chromium_available, Browser};
use serde_json::{json, Value};

const ASSESSMENT: &str = "assessments/partnership-readiness/";

async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

/// Opens the assessment and waits until its app is ready, then starts recording layout shifts
/// and where each pressed answer was at mousedown and mouseup.
async fn open_form(browser: &Browser, served: &served_toolkit::ServedToolkit) {
    browser.goto(&served.server.url(ASSESSMENT)).await.unwrap();
    let ready = "return !!document.querySelector('.assessment-app[data-ready]');";
    for _ in 0..100 {
        if js(browser, ready).await == json!(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    js(
        browser,
        "window.__shifts = [];
         new PerformanceObserver((list) => {
           for (const e of list.getEntries()) window.__shifts.push({ value: e.value, moved: e.sources.map((s) =>
             `${s.node?.nodeName}.${s.node?.className} ${s.previousRect.y}->${s.currentRect.y} h ${s.previousRect.height}->${s.currentRect.height}`) });
         }).observe({ type: 'layout-shift' });
         window.__presses = [];
         const where = (event) => {
           const label = event.target.closest('label.option');
           return label && Math.round(label.getBoundingClientRect().top);
         };
         document.addEventListener('mousedown', (e) => window.__presses.push({ down: where(e) }), true);
         document.addEventListener('mouseup', (e) => { window.__presses.at(-1).up = where(e); }, true);
         return true;",
    )
    .await;
}

/// The number of radio groups in the form, and how many have a checked answer.
async fn answered(browser: &Browser) -> (u64, u64) {
    let counts = js(
        browser,
        "const names = new Set([...document.querySelectorAll('form.assessment input[type=radio]')].map((r) => r.name));
         const checked = [...names].filter((n) => document.querySelector(`form.assessment input[name=\"${n}\"]:checked`));
         return [names.size, checked.length];",
    )
    .await;
    (counts[0].as_u64().unwrap(), counts[1].as_u64().unwrap())
}

async fn check_at(width: u32, height: u32) {
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), width, height)
        .await
        .unwrap();
    open_form(&browser, &served).await;

    // Type the record's name, then tap the first question's second answer straight away. An
    // assessment about a partner names its record by the partner (assess branch, #17): its
    // subject field is the name; others have a record name field.
    let name = "form.assessment input[name=subject], form.assessment .js-record-name";
    browser
        .type_into(name, "Court partnership – 2026")
        .await
        .unwrap();
    let first = "form.assessment fieldset.item label.option:nth-child(2)";
    browser.click(first).await.unwrap();
    let press = js(&browser, "return window.__presses[0];").await;
    assert_eq!(
        press["down"], press["up"],
        "{width} px: the answer moved: {press}"
    );
    assert_eq!(
        answered(&browser).await.1,
        1,
        "{width} px: the tap was lost"
    );
    let progress = js(
        &browser,
        "return document.querySelector('.js-progress-text').textContent;",
    )
    .await;
    assert!(progress.as_str().unwrap().starts_with("1 of"), "{progress}");

    // Then every other question, by tapping its last answer.
    let (groups, _) = answered(&browser).await;
    let fieldsets = browser
        .find_all("form.assessment fieldset.item")
        .await
        .unwrap();
    for fieldset in fieldsets.iter().skip(1) {
        let labels = fieldset
            .find_all(fantoccini::Locator::Css("label.option"))
            .await
            .unwrap();
        labels.last().unwrap().click().await.unwrap();
    }
    assert_eq!(
        answered(&browser).await,
        (groups, groups),
        "{width} px: every answer taken"
    );
    let shifts = js(&browser, "return window.__shifts;").await;
    assert_eq!(
        shifts,
        json!([]),
        "{width} px: layout shifts while filling the form"
    );
    let presses = js(
        &browser,
        "return window.__presses.filter((p) => p.down !== p.up);",
    )
    .await;
    assert_eq!(
        presses,
        json!([]),
        "{width} px: answers moved between press and release"
    );

    // Every answer is a target of at least 44 px, stacked on a phone, in one row when wide.
    let layout = js(
        &browser,
        "const rows = [...document.querySelectorAll('form.assessment .options')].map((o) => {
           const tops = new Set([...o.children].map((c) => Math.round(c.getBoundingClientRect().top)));
           return tops.size;
         });
         const heights = [...document.querySelectorAll('form.assessment label.option')]
           .map((l) => l.getBoundingClientRect().height);
         const widths = [...document.querySelectorAll('form.assessment label.option')]
           .map((l) => l.getBoundingClientRect().width / l.closest('.options').getBoundingClientRect().width);
         return { rows, minHeight: Math.min(...heights), minWidth: Math.min(...widths) };",
    )
    .await;
    assert!(layout["minHeight"].as_f64().unwrap() >= 44.0, "{layout}");
    let rows: Vec<u64> = serde_json::from_value(layout["rows"].clone()).unwrap();
    if width < 600 {
        assert!(
            layout["minWidth"].as_f64().unwrap() > 0.99,
            "full width: {layout}"
        );
    } else {
        assert!(rows.iter().all(|&r| r == 1), "one row each: {layout}");
    }
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    js(
        &browser,
        "document.querySelector('form.assessment fieldset.item').scrollIntoView();",
    )
    .await;
    browser
        .screenshot(dir.join(format!("form-filled-{width}.png")))
        .await
        .unwrap();
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_a_tap_after_typing_selects_the_answer_and_nothing_shifts() {
    if !chromium_available("form_phone") {
        return;
    }
    check_at(390, 844).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_laptop_answers_sit_in_one_row_and_nothing_shifts() {
    if !chromium_available("form_laptop") {
        return;
    }
    check_at(1280, 800).await;
}
