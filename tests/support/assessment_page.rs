//! The assessment fixture site (`tests/fixtures/assessment-site/`) built, served under
//! `/toolkit/` and opened in headless Chromium, with the steps the assessment browser tests
//! share: reading the form's answers and score lines, answering by keyboard, exporting,
//! choosing files as a reader's file picker would, and switching records.
//!
//! Declared once in `tests/suite/main.rs`; a test module uses it with
//! `use crate::assessment_page;`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::browser::{chromium_available, Browser, Key};
use crate::site_server::SiteServer;

/// The partner review: subject, two scored sections (one with a reverse item and a note).
pub const REVIEW: &str = "#assessment-partner-review-app";
/// The resources check: one section of yes/no checks.
pub const CHECKS: &str = "#assessment-resources-check-app";
/// The practice review: items tagged with roles.
pub const PRACTICE: &str = "#assessment-practice-review-app";
/// Answers to the partner review's scored items: contact = mean(meet 4, gaps 2 reversed = 4)
/// = 4, listening = mean(listen 3, check-back 2) = 2.5.
pub const SCORED_REVIEW: &[(&str, &str)] = &[
    ("meet", "4"),
    ("gaps", "2"),
    ("listen", "3"),
    ("check-back", "2"),
];
/// Keeps every Blob the page offers for download in `window.__downloads`, by its `blob:` URL,
/// so a test can read an export without fetching it: the pages' Content-Security-Policy lets
/// them fetch only the site's own files, which a `blob:` URL is not.
pub const KEEP_DOWNLOADS: &str = "if (!window.__downloads) {
      window.__downloads = new Map();
      const make = URL.createObjectURL;
      URL.createObjectURL = (blob) => { const url = make.call(URL, blob); window.__downloads.set(url, blob); return url; };
    }";

/// The screens reader-facing checks run on: a phone and a laptop (width, height).
pub const SCREENS: [(u32, u32); 2] = [(390, 844), (1280, 800)];

/// A string that would run script if it ever became HTML.
pub const XSS: &str = "<img src=x onerror=window.__pwned=1>";

/// The fixture site built into a temporary folder, its server and a browser.
pub struct Session {
    pub browser: Browser,
    pub server: SiteServer,
    _out: tempfile::TempDir,
}

impl Session {
    /// Builds and serves the fixture and starts Chromium; `None` when the test is skipped.
    pub async fn start(test_name: &str) -> Option<Session> {
        if !chromium_available(test_name) {
            return None;
        }
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-site");
        partnerkit::build(&partnerkit::BuildOptions {
            root,
            output_dir: Some(site.clone()),
            base_url: Some("http://127.0.0.1/toolkit/".into()),
            drafts: false,
        })
        .unwrap_or_else(|problems| panic!("fixture does not build: {problems:?}"));
        let server = SiteServer::start(&site, "/toolkit/").unwrap();
        let browser = Browser::start().await.unwrap();
        Some(Session {
            browser,
            server,
            _out: out,
        })
    }

    /// [`Session::start`], then [`Session::open`] of `path`; `None` when the test is skipped.
    pub async fn open_at(test_name: &str, path: &str) -> Option<Session> {
        let session = Session::start(test_name).await?;
        session.open(path).await;
        Some(session)
    }

    /// Opens `path` under the mount and waits until every assessment on it is ready.
    pub async fn open(&self, path: &str) {
        self.browser.goto(&self.server.url(path)).await.unwrap();
        self.wait_until(
            "const apps = document.querySelectorAll('.assessment-app');
             return apps.length > 0 && [...apps].every((a) => a.dataset.ready);",
        )
        .await;
    }

    pub async fn js(&self, code: &str) -> Value {
        self.browser.execute(code, vec![]).await.unwrap()
    }

    pub async fn js_with(&self, code: &str, args: Vec<Value>) -> Value {
        self.browser.execute(code, args).await.unwrap()
    }

    /// Polls `condition` (a script body returning true or false) for up to five seconds.
    pub async fn wait_until(&self, condition: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.js(condition).await == json!(true) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    pub async fn text(&self, css: &str) -> String {
        self.browser.text_of(css).await.unwrap()
    }

    /// Clicks `css` as a person taps it: scrolled to the middle of the screen first, so on a
    /// phone the sticky header never covers it.
    pub async fn click(&self, css: &str) {
        self.js_with(
            "document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' });",
            vec![json!(css)],
        )
        .await;
        self.browser.click(css).await.unwrap();
    }

    /// Types `text` into the field `css`, key by key.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.browser.type_into(css, text).await.unwrap();
    }

    /// The status line of the app `app` once it says something (it is filled a frame later).
    pub async fn status(&self, app: &str) -> String {
        let css = format!("{app} .assessment-status");
        self.wait_until(&format!(
            "return document.querySelector('{css}').textContent !== '';"
        ))
        .await;
        self.text(&css).await
    }

    /// Every answer in assessment `id`'s form: the checked value of each radio group, the
    /// text of each textarea (null when unanswered), and the subject field if there is one.
    pub async fn answers(&self, id: &str) -> Value {
        self.js_with(
            "const form = document.querySelector('#assessment-' + arguments[0]);
             const out = {};
             for (const item of form.querySelectorAll('[data-item]')) {
               const checked = item.querySelector('input:checked');
               const area = item.querySelector('textarea');
               out[item.dataset.item] = area ? area.value : (checked ? checked.value : null);
             }
             const subject = form.querySelector('input[name=subject]');
             if (subject) out.subject = subject.value;
             return out;",
            vec![json!(id)],
        )
        .await
    }

    /// The live score line of `section` in the app `app`.
    pub async fn score_line(&self, app: &str, section: &str) -> String {
        self.text(&format!(
            "{app} .js-section-score[data-section=\"{section}\"]"
        ))
        .await
    }

    /// Clicks the radio button of `value` for each `(item, value)` of assessment `id`.
    pub async fn choose(&self, id: &str, answers: &[(&str, &str)]) {
        for (item, value) in answers {
            self.click(&format!("#{id}-{item} input[value='{value}']"))
                .await;
        }
    }

    /// The text of every body cell (th and td) of each table under `css`, row by row.
    pub async fn table_rows(&self, css: &str) -> Value {
        self.js_with(
            "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]
               .map((tr) => [...tr.cells].map((c) => c.textContent));",
            vec![json!(css)],
        )
        .await
    }

    /// Answers the partner review from its subject field on with Tab, Space, arrow keys and
    /// typing only: subject Riverside, meet 4, gaps 2 (reverse, so 4), notes "ok", listen 3,
    /// check-back 2.
    pub async fn answer_review_by_keyboard(&self) {
        self.js("document.querySelector('#partner-review-subject').focus();")
            .await;
        let (tab, right) = (Key::Tab.to_string(), Key::Right.to_string());
        let press = |keys: String| async move { self.browser.press(&keys).await.unwrap() };
        press("Riverside".into()).await;
        // Tab reaches a radio group; Space picks its first option, each arrow the next one.
        press(format!("{tab} {right}{right}{right}")).await;
        press(format!("{tab} {right}")).await;
        press(format!("{tab}ok")).await;
        press(format!("{tab} {right}{right}")).await;
        press(format!("{tab} {right}")).await;
    }

    /// Clicks an export button of `app` and fetches the blob behind its download link.
    pub async fn exported(&self, app: &str, kind: &str) -> String {
        self.js(KEEP_DOWNLOADS).await;
        self.click(&format!("{app} .js-export-{kind}")).await;
        let text = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const link = document.querySelector(arguments[0]);
                 window.__downloads.get(link.href).text().then(done, (e) => done('failed: ' + e));",
                vec![json!(format!("{app} a.js-download-{kind}"))],
            )
            .await
            .unwrap();
        text.as_str().unwrap().to_string()
    }

    /// Puts `(name, text)` files into the file input `selector` as a file picker would, fires
    /// `change`, and waits for the app's status line to report on them.
    pub async fn choose_files(&self, selector: &str, files: &[(&str, String)]) {
        let files: Vec<Value> = files.iter().map(|(n, t)| json!([n, t])).collect();
        self.js_with(
            "const input = document.querySelector(arguments[0]);
             const status = input.closest('.assessment-app, .register-app').querySelector('.assessment-status');
             status.textContent = '';
             const picked = new DataTransfer();
             for (const [name, text] of arguments[1]) picked.items.add(new File([text], name, { type: 'application/json' }));
             input.files = picked.files;
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(selector), json!(files)],
        )
        .await;
        self.wait_until(&format!(
            "const input = document.querySelector('{selector}');
             return input.closest('.assessment-app, .register-app').querySelector('.assessment-status').textContent !== '';"
        ))
        .await;
    }

    /// Picks the record named `name` in the record list of `app`.
    pub async fn switch_record(&self, app: &str, name: &str) {
        self.js_with(
            "const select = document.querySelector(arguments[0]);
             select.value = [...select.options].find((o) => o.textContent === arguments[1]).value;
             select.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(format!("{app} .js-record")), json!(name)],
        )
        .await;
    }

    /// Asserts nothing imported ran as script and no request left the page's origin, then
    /// closes the browser.
    pub async fn finish(self) {
        assert_eq!(
            self.js("return window.__pwned === undefined;").await,
            json!(true),
            "an imported string ran as script"
        );
        assert_eq!(
            self.browser.resource_hosts().await.unwrap(),
            [self.server.origin()]
        );
        self.browser.close().await.unwrap();
    }
}

/// An exported answers file of the partner review with one record.
pub fn review_file(version: &str, name: &str, answers: Value) -> String {
    json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": version,
        "records": [{"name": name, "answers": answers}]})
    .to_string()
}
