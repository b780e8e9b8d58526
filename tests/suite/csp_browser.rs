//! Every page declares a Content-Security-Policy, and the toolkit works under it in Chromium:
//! search, an assessment form, a module's ticks, saving for offline use and the print page
//! raise no `securitypolicyviolation`, while an inline script placed in a page is blocked.

use crate::browser;
use crate::emulation;
use crate::offline_site;
use crate::site_server;

use browser::{chromium_available, Browser};
use offline_site::{js, wait_until};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// Records every policy violation of each page in `window.__violations`, from its first byte.
const LISTEN: &str = "window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });";

/// The violations the open page has seen.
async fn violations(browser: &Browser) -> Value {
    js(
        browser,
        "return window.__violations || ['the listener did not run'];",
    )
    .await
}

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await.unwrap();
    wait_until(browser, "document.readyState === 'complete'", url, WAIT).await;
}

/// The fixture with a page holding an inline script (allowed into the build on purpose, so
/// that only the policy stands in its way), built and served; a browser listening.
async fn start() -> (tempfile::TempDir, site_server::SiteServer, Browser) {
    let work = tempfile::tempdir().unwrap();
    let (root, out) = (work.path().join("site"), work.path().join("public"));
    offline_site::copy_fixture(&root);
    let config = std::fs::read_to_string(root.join("config.yaml")).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        format!("{config}security:\n  allow_unsafe_html: true\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/injected.md"),
        "---\ntitle: Injected\n---\nText.\n\n<script>window.__ran = true;</script>\n",
    )
    .unwrap();
    offline_site::build(&root, &out);
    let server = site_server::SiteServer::start(&out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    emulation::run_on_every_page(browser.client(), LISTEN)
        .await
        .unwrap();
    (work, server, browser)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_toolkit_works_under_its_policy_and_an_inline_script_is_blocked() {
    if !chromium_available("the_toolkit_works_under_its_policy_and_an_inline_script_is_blocked") {
        return;
    }
    let (work, server, browser) = start().await;
    let home = std::fs::read_to_string(work.path().join("public/index.html")).unwrap();
    assert!(
        home.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self';"#),
        "no policy in the home page"
    );

    // Search: focus the box, type, and see results.
    offline_site::first_visit(&browser, &server.url("")).await;
    browser.click("#search-input").await.unwrap();
    browser.press("visits").await.unwrap();
    wait_until(
        &browser,
        "document.querySelector('#search-results [role=option]')",
        "search results",
        WAIT,
    )
    .await;
    assert_eq!(violations(&browser).await, json!([]), "while searching");

    // A form: answer an item by its label, see the results and the answers saved.
    open(&browser, &server.url("assessments/quick-check/")).await;
    browser
        .click("#assessment-quick-check label.option:has(input[name=meet][value='3'])")
        .await
        .unwrap();
    wait_until(
        &browser,
        "Object.keys(localStorage).some((k) => k.includes('quick-check') && localStorage.getItem(k).includes('meet'))",
        "the answer to be saved",
        WAIT,
    )
    .await;
    assert_eq!(violations(&browser).await, json!([]), "while answering");

    // A module's activities tick, and the embedded form loads.
    open(&browser, &server.url("modules/module-one/")).await;
    browser.click("input[data-activity]").await.unwrap();
    assert_eq!(violations(&browser).await, json!([]), "on a module");

    // Saving for offline use.
    open(&browser, &server.url("offline/")).await;
    offline_site::save_for_offline(&browser).await;
    assert_eq!(
        violations(&browser).await,
        json!([]),
        "while saving for offline use"
    );

    // The print page, with its stylesheets applied.
    open(&browser, &server.url("print/")).await;
    let styled = js(
        &browser,
        "return document.styleSheets.length > 0 && \
         document.styleSheets.length === document.querySelectorAll('link[rel=stylesheet]').length;",
    )
    .await;
    assert_eq!(
        styled,
        json!(true),
        "a stylesheet of the print page was refused"
    );
    assert_eq!(violations(&browser).await, json!([]), "on the print page");

    // An inline script in a page does not run, and the browser says why.
    open(&browser, &server.url("injected/")).await;
    assert_eq!(
        js(&browser, "return window.__ran === true;").await,
        json!(false)
    );
    let seen = violations(&browser).await;
    assert!(
        seen.as_array().is_some_and(|v| v.iter().any(|x| x
            .as_str()
            .unwrap_or("")
            .starts_with("script-src-elem inline"))),
        "no violation reported for the inline script: {seen}"
    );
    browser.close().await.unwrap();
    drop(server);
}
