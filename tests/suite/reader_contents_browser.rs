//! "On this page" and heading anchors on the real toolkit, in headless Chromium: the contents
//! list every h2 of a module, the template's own (Learning objectives, Activities) as well as
//! the Markdown's; on a laptop the link of the section scrolled to is marked current; on a
//! phone the contents are a folded block under the title that opens with a tap; every h2 and
//! h3 with an id outside a form carries a visible "#" link to itself.

use crate::browser;
use crate::emulation;
use crate::served_toolkit;

use std::time::Duration;

use browser::{chromium_available, Browser};
use serde_json::{json, Value};

const MODULE: &str = "modules/module-five/";

async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

/// The current link of the wide "On this page" after scrolling heading `id` to the top.
async fn current_after_scrolling_to(browser: &Browser, id: &str) -> Value {
    js(
        browser,
        &format!("document.getElementById('{id}').scrollIntoView(); return true;"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(
        browser,
        "return [...document.querySelectorAll('.toc a[aria-current]')].map((a) => a.hash);",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_contents_list_every_h2_and_follow_the_reader() {
    if !chromium_available("contents") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 1280, 800)
        .await
        .unwrap();
    browser.goto(&served.server.url(MODULE)).await.unwrap();
    let missing = js(
        &browser,
        "const listed = new Set([...document.querySelectorAll('.toc a')].map((a) => a.hash.slice(1)));
         return [...document.querySelectorAll('article h2')].filter((h) => !listed.has(h.id))
           .map((h) => h.id + ': ' + h.textContent);",
    )
    .await;
    assert_eq!(missing, json!([]), "h2s left out of the contents");
    let listed = js(&browser, "return [...document.querySelectorAll('.toc > nav > ol > li > a')].map((a) => a.textContent);").await;
    for generated in ["Learning objectives", "Activities"] {
        assert!(
            listed.as_array().unwrap().iter().any(|t| t == generated),
            "{generated} not listed: {listed}"
        );
    }
    let unanchored = js(
        &browser,
        "return [...document.querySelectorAll('article h2[id], article h3[id]')]
           .filter((h) => h.getClientRects().length > 0) // not in a hidden panel
           .filter((h) => !h.closest('form')) // no extra Tab stops between questions
           .filter((h) => { const a = h.querySelector('a.anchor');
             return !a || a.hash !== '#' + h.id || a.getBoundingClientRect().width === 0; })
           .map((h) => h.id);",
    )
    .await;
    assert_eq!(
        unanchored,
        json!([]),
        "headings without a visible anchor link"
    );

    assert_eq!(
        current_after_scrolling_to(&browser, "module-activities").await,
        json!(["#module-activities"])
    );
    assert_eq!(
        current_after_scrolling_to(&browser, "key-practices").await,
        json!(["#key-practices"])
    );

    // A phone: no side column; the folded contents under the title open with a tap.
    emulation::set_viewport(browser.client(), 390, 844)
        .await
        .unwrap();
    browser.goto(&served.server.url(MODULE)).await.unwrap();
    let shown = "return [document.querySelector('.toc').getBoundingClientRect().height > 0,
                         document.querySelector('.toc-inline').getBoundingClientRect().top,
                         document.querySelector('.toc-inline a').checkVisibility()];";
    let folded = js(&browser, shown).await;
    assert_eq!(folded[0], json!(false), "{folded}");
    assert!(
        folded[1].as_f64().unwrap() < 844.0,
        "the contents start on screen: {folded}"
    );
    assert_eq!(folded[2], json!(false), "folded at first: {folded}");
    browser.click(".toc-inline summary").await.unwrap();
    assert_eq!(js(&browser, shown).await[2], json!(true));
    browser.close().await.unwrap();
}
