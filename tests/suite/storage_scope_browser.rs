//! Saved answers belong to their own toolkit, in headless Chromium: two toolkits on one origin
//! (as every `owner.github.io/*` site is on GitHub Pages), with the same assessment, neither see
//! nor overwrite each other's answers, and nothing is left under the unscoped key another site
//! would read; answers saved under the old unscoped key move to the toolkit's key on load.

use crate::browser;
use crate::site_server;

use browser::{chromium_available, Browser};
use serde_json::{json, Value};
use site_server::SiteServer;
use std::path::Path;
use std::time::{Duration, Instant};

/// The key answers were saved under before keys held the base path.
const UNSCOPED: &str = "partnerkit-assessment:partner-review:2";
const SCOPED: &str = "partnerkit-assessment:/toolkit/:partner-review:2";

/// The assessment fixture built twice into one folder, as `/toolkit/` and `/other/`, served
/// from the origin's root, and a browser.
struct TwoToolkits {
    _dir: tempfile::TempDir,
    server: SiteServer,
    browser: Browser,
}

impl TwoToolkits {
    async fn start() -> TwoToolkits {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-site");
        for base in ["toolkit", "other"] {
            partnerkit::build(&partnerkit::BuildOptions {
                root: root.clone(),
                output_dir: Some(dir.path().join("origin").join(base)),
                base_url: Some(format!("http://127.0.0.1/{base}/")),
                drafts: false,
            })
            .unwrap_or_else(|problems| panic!("the fixture does not build: {problems}"));
        }
        let server = SiteServer::start(dir.path().join("origin"), "/").unwrap();
        let browser = Browser::start().await.unwrap();
        TwoToolkits {
            _dir: dir,
            server,
            browser,
        }
    }

    async fn js(&self, code: &str) -> Value {
        self.browser.execute(code, vec![]).await.unwrap()
    }

    /// Opens the partner review of `toolkit` and waits until its form has loaded its answers.
    async fn open_review(&self, toolkit: &str) {
        let url = self.server.url(&format!("{toolkit}/partner-review/"));
        self.browser.goto(&url).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let ready = "const apps = document.querySelectorAll('.assessment-app');
             return apps.length > 0 && [...apps].every((a) => a.dataset.ready);";
        while self.js(ready).await != json!(true) {
            assert!(
                Instant::now() < deadline,
                "the form at {url} never got ready"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Answers "meet" with `value` by clicking the option's label.
    async fn answer_meet(&self, value: &str) {
        let label = format!("#partner-review-meet label:has(input[value='{value}'])");
        self.browser.click(&label).await.unwrap();
    }

    /// The option checked for "meet" on the open page.
    async fn meet(&self) -> Value {
        self.js(
            "return document.querySelector('#partner-review-meet input:checked')?.value ?? null;",
        )
        .await
    }

    /// The keys of the origin's localStorage, sorted.
    async fn keys(&self) -> Value {
        self.js("return Object.keys(localStorage).sort();").await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn another_toolkit_on_the_same_origin_neither_sees_nor_overwrites_the_answers() {
    if !chromium_available(
        "another_toolkit_on_the_same_origin_neither_sees_nor_overwrites_the_answers",
    ) {
        return;
    }
    let t = TwoToolkits::start().await;
    t.open_review("toolkit").await;
    t.answer_meet("4").await;
    assert_eq!(t.keys().await, json!([SCOPED]));

    // The other toolkit has the same assessment, id and version: it starts empty.
    t.open_review("other").await;
    assert_eq!(t.meet().await, Value::Null);
    let unscoped = format!("return localStorage.getItem('{UNSCOPED}');");
    assert_eq!(t.js(&unscoped).await, Value::Null);
    t.answer_meet("2").await;
    assert_eq!(
        t.keys().await,
        json!(["partnerkit-assessment:/other/:partner-review:2", SCOPED])
    );

    // Back in the first toolkit its own answer is still there.
    t.open_review("toolkit").await;
    assert_eq!(t.meet().await, json!("4"));
    t.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn answers_saved_under_the_old_key_move_to_the_toolkits_key() {
    if !chromium_available("answers_saved_under_the_old_key_move_to_the_toolkits_key") {
        return;
    }
    let t = TwoToolkits::start().await;
    t.open_review("toolkit").await;
    let saved = json!({"format": "partnerkit-assessment", "assessment": "partner-review",
        "version": "2", "current": "r1", "records": [{"id": "r1", "name": "My answers",
        "subject": "Riverside", "answers": {"meet": "5"}, "updated": "2024-05-01T10:00:00Z",
        "snapshots": []}]});
    t.browser
        .execute(
            "localStorage.clear(); localStorage.setItem(arguments[0], arguments[1]);",
            vec![json!(UNSCOPED), json!(saved.to_string())],
        )
        .await
        .unwrap();
    t.open_review("toolkit").await;
    assert_eq!(t.meet().await, json!("5"), "the old answers load");
    assert_eq!(
        t.keys().await,
        json!([SCOPED]),
        "and live under the new key only"
    );
    let moved = t
        .js(&format!(
            "return JSON.parse(localStorage.getItem('{SCOPED}')).records[0].subject;"
        ))
        .await;
    assert_eq!(moved, json!("Riverside"));
    t.browser.close().await.unwrap();
}
