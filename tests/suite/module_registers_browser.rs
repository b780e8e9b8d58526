//! Module Five of the real toolkit, in headless Chromium at 390×844 and 1280×800, used as a
//! director would: the two registers the module asks for (the meeting landscape and the key
//! partners) sit at the end of "Before you start the activities", before the activities, as the
//! page says; activity 6 takes the reader to them; a key partner added there with the keyboard
//! is on the register's own page too. Screenshots: `target/screenshots/module-five-registers-*`.

use crate::browser;
use crate::emulation;
use crate::served_toolkit;

use browser::{chromium_available, Browser};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

const KEY_PARTNERS: &str = "#register-key-partners-app";

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

/// Waits until `js` (a function body) returns true.
async fn wait_until(browser: &Browser, js: &str) {
    for _ in 0..200 {
        if browser.execute(js, vec![]).await.unwrap() == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {js}");
}

async fn registers_ready(browser: &Browser) {
    wait_until(
        browser,
        "return ['meeting-landscape', 'key-partners'].every((id) =>
           document.querySelector(`#register-${id}-app`)?.dataset.ready === 'true');",
    )
    .await;
}

/// The page's landmarks in document order: the section heading, the two registers, the
/// activities heading and the embedded self-assessment.
const ORDER: &str = "const at = (css) => document.querySelector(css);
    const parts = [['before', at('h2#activities')], ['landscape', at('#register-meeting-landscape-app')],
      ['key-partners', at('#register-key-partners-app')], ['activities', at('h2#module-activities')],
      ['partnering', at('#assessment-how-well-are-we-partnering-app')]];
    return parts.filter(([, e]) => e).sort(([, a], [, b]) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1).map(([name]) => name);";

#[tokio::test(flavor = "multi_thread")]
async fn module_five_holds_its_registers_before_the_activities_that_use_them() {
    if !chromium_available("module_registers_browser") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    let page = served.server.url("modules/module-five/");
    for (width, height) in [(390, 844), (1280, 800)] {
        emulation::set_viewport(browser.client(), width, height)
            .await
            .unwrap();
        browser.goto(&page).await.unwrap();
        registers_ready(&browser).await;
        assert_eq!(
            browser.execute(ORDER, vec![]).await.unwrap(),
            json!([
                "before",
                "landscape",
                "key-partners",
                "activities",
                "partnering"
            ]),
            "at {width}px"
        );
        let intro = browser.text_of("h2#activities + p").await.unwrap();
        assert!(
            intro.contains("The six activities come after this section"),
            "{intro}"
        );

        // Activity 6 points to the key-partners register, and its link goes to that section.
        let six = browser.text_of("#activity-6").await.unwrap();
        assert!(six.contains("Key partners in your county"), "{six}");
        browser
            .execute(
                "document.querySelector('#activity-6 a[href=\"#activities\"]').scrollIntoView({ block: 'center' });",
                vec![],
            )
            .await
            .unwrap();
        browser
            .click("#activity-6 a[href=\"#activities\"]")
            .await
            .unwrap();
        wait_until(&browser, "return location.hash === '#activities';").await;

        browser
            .execute(
                "document.querySelector('#register-meeting-landscape-app').scrollIntoView();",
                vec![],
            )
            .await
            .unwrap();
        let shot = format!("module-five-registers-{width}.png");
        browser
            .screenshot(screenshot_dir().join(shot))
            .await
            .unwrap();
        let wide: Value = browser
            .execute(
                "return document.documentElement.scrollWidth > innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(wide, json!(false), "the page scrolls sideways at {width}px");
    }

    // A key partner added on the module page, by keyboard, is on the register's own page too.
    browser.goto(&page).await.unwrap();
    registers_ready(&browser).await;
    browser
        .execute(
            &format!("document.querySelector('{KEY_PARTNERS}').scrollIntoView();"),
            vec![],
        )
        .await
        .unwrap();
    browser
        .click(&format!("{KEY_PARTNERS} .js-add"))
        .await
        .unwrap();
    browser
        .type_into("#register-key-partners-name", "Juvenile Court – Dept. 3")
        .await
        .unwrap();
    browser
        .type_into("#register-key-partners-type", "Court")
        .await
        .unwrap();
    browser
        .click(&format!("{KEY_PARTNERS} .js-editor button[type=submit]"))
        .await
        .unwrap();
    let first_row = format!(
        "return [...document.querySelector('{KEY_PARTNERS} tbody tr:first-child').cells].map((cell) => cell.textContent.trim());"
    );
    wait_until(
        &browser,
        &format!("return document.querySelector('{KEY_PARTNERS} tbody tr:first-child')?.cells[0].textContent.trim() === 'Juvenile Court – Dept. 3';"),
    )
    .await;
    let row = browser.execute(&first_row, vec![]).await.unwrap();
    assert_eq!(row[1], json!("Court"), "{row}");
    browser
        .goto(&served.server.url("assessments/key-partners/"))
        .await
        .unwrap();
    wait_until(
        &browser,
        &format!("return document.querySelector('{KEY_PARTNERS}')?.dataset.ready === 'true';"),
    )
    .await;
    assert_eq!(browser.execute(&first_row, vec![]).await.unwrap(), row);
    browser.close().await.unwrap();
}
