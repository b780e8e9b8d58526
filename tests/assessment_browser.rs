//! The assessment forms in headless Chromium, against the fixture site in
//! `tests/fixtures/assessment-site/` built and served under `/toolkit/`: keyboard answering,
//! live scores and bands (with a reverse item), autosave across a reload, separate records,
//! snapshot comparison, JSON and CSV export, import (also of a hostile file), the team view,
//! an embedded check section, and no request to any other origin.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/site_server.rs"]
mod site_server;

use std::path::Path;
use std::time::Duration;

use browser::{chromium_available, Browser, Key};
use serde_json::{json, Value};
use site_server::SiteServer;

const APP: &str = "#assessment-partner-review-app";
const XSS: &str = "<img src=x onerror=window.__pwned=1>";

fn build_fixture(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-site");
    partnerkit::build(&partnerkit::BuildOptions {
        root,
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|problems| panic!("fixture does not build: {problems:?}"));
}

async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await.unwrap();
    browser
        .wait_for(".assessment-app[data-ready]", Duration::from_secs(10))
        .await
        .unwrap();
}

/// The checked value of each radio group and the text of each textarea of the fixture form.
async fn answers_in_form(browser: &Browser) -> Value {
    js(
        browser,
        "const form = document.querySelector('#assessment-partner-review');
         const out = {};
         for (const item of form.querySelectorAll('[data-item]')) {
           const checked = item.querySelector('input:checked');
           const area = item.querySelector('textarea');
           out[item.dataset.item] = area ? area.value : (checked ? checked.value : null);
         }
         out.subject = form.querySelector('input[name=subject]').value;
         return out;",
    )
    .await
}

async fn score_line(browser: &Browser, section: &str) -> String {
    browser
        .text_of(&format!(
            "{APP} .js-section-score[data-section=\"{section}\"]"
        ))
        .await
        .unwrap()
}

/// Fetches the blob behind the last export link of `kind` (json or csv).
async fn exported(browser: &Browser, kind: &str) -> String {
    browser
        .click(&format!("{APP} .js-export-{kind}"))
        .await
        .unwrap();
    let text = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const link = document.querySelector(arguments[0]);
             fetch(link.href).then((r) => r.text()).then(done, (e) => done('failed: ' + e));",
            vec![json!(format!("{APP} a.js-download-{kind}"))],
        )
        .await
        .unwrap();
    text.as_str().unwrap().to_string()
}

/// Puts files into a file input as a reader's file picker would, and fires `change`.
async fn choose_files(browser: &Browser, selector: &str, files: &[(&str, String)]) {
    let files: Vec<Value> = files
        .iter()
        .map(|(name, text)| json!([name, text]))
        .collect();
    browser
        .execute(
            "const input = document.querySelector(arguments[0]);
             const picked = new DataTransfer();
             for (const [name, text] of arguments[1]) picked.items.add(new File([text], name, { type: 'application/json' }));
             input.files = picked.files;
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(selector), json!(files)],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Answers the whole form from the subject field on with Tab, Space, arrow keys and typing.
async fn answer_with_keyboard(browser: &Browser) {
    js(
        browser,
        "document.querySelector('#partner-review-subject').focus();",
    )
    .await;
    let (tab, space, right) = (
        Key::Tab.to_string(),
        " ".to_string(),
        Key::Right.to_string(),
    );
    browser.press("Riverside").await.unwrap();
    // meet: 1 then three steps right = 4.
    browser
        .press(&format!("{tab}{space}{right}{right}{right}"))
        .await
        .unwrap();
    // gaps (reverse): 2, which scores 4.
    browser
        .press(&format!("{tab}{space}{right}"))
        .await
        .unwrap();
    browser.press(&format!("{tab}ok")).await.unwrap();
    // listen: 3; check-back: 2.
    browser
        .press(&format!("{tab}{space}{right}{right}"))
        .await
        .unwrap();
    browser
        .press(&format!("{tab}{space}{right}"))
        .await
        .unwrap();
}

#[tokio::test]
async fn assessment_scores_saves_exports_imports_and_compares() {
    if !chromium_available("assessment_scores_saves_exports_imports_and_compares") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_fixture(&out);
    let server = SiteServer::start(&out, "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    let page = server.url("partner-review/");
    open(&browser, &page).await;

    answer_with_keyboard(&browser).await;
    let expected = json!({"meet": "4", "gaps": "2", "notes": "ok", "listen": "3", "check-back": "2", "subject": "Riverside"});
    assert_eq!(answers_in_form(&browser).await, expected);
    // contact = mean(4, reversed 2 = 4) = 4; listening = mean(3, 2) = 2.5; overall = 3.25.
    assert_eq!(
        score_line(&browser, "contact").await,
        "Score: 4 of 5: A strength. Keep it up."
    );
    assert_eq!(
        score_line(&browser, "listening").await,
        "Score: 2.5 of 5: A concern. Talk about this first."
    );
    let overall = browser
        .text_of(&format!("{APP} .js-overall"))
        .await
        .unwrap();
    assert_eq!(
        overall,
        "Overall: 3.25 of 5: Overall borderline. Keep an eye on it."
    );
    assert_eq!(
        browser
            .text_of(&format!("{APP} .js-progress-text"))
            .await
            .unwrap(),
        "4 of 4 questions answered"
    );
    let status = browser
        .text_of(&format!("{APP} .assessment-status"))
        .await
        .unwrap();
    assert!(status.starts_with("Saved."), "{status}");

    // Autosaved under the id and version, and back after a reload.
    let keys = js(&browser, "return Object.keys(localStorage);").await;
    assert_eq!(keys, json!(["partnerkit-assessment:partner-review:2"]));
    open(&browser, &page).await;
    assert_eq!(answers_in_form(&browser).await, expected);

    // Results: a labelled SVG chart and a table with the same numbers.
    browser.click(&format!("{APP} .js-results")).await.unwrap();
    let chart = js(
        &browser,
        "const svg = document.querySelector('.js-results-body svg[role=img]');
         const ids = svg.getAttribute('aria-labelledby').split(' ');
         return [document.getElementById(ids[0]).textContent, document.getElementById(ids[1]).textContent,
                 [...document.querySelectorAll('.js-results-body tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent).slice(0, 3))];",
    )
    .await;
    assert_eq!(chart[0], json!("Section scores"));
    assert_eq!(
        chart[1],
        json!("Regular contact: 4 of 5: A strength; Listening: 2.5 of 5: A concern")
    );
    assert_eq!(
        chart[2],
        json!([
            ["Regular contact", "4 (1 to 5)", "A strength"],
            ["Listening", "2.5 (1 to 5)", "A concern"],
            ["Overall", "3.25 (1 to 5)", "Overall borderline"]
        ])
    );

    check_records_and_snapshots(&browser).await;
    check_export_and_import(&browser).await;
    check_team_view(&browser).await;
    check_embedded_checks(&browser, &server.url("activity/")).await;

    assert_eq!(
        js(&browser, "return window.__pwned === undefined;").await,
        json!(true)
    );
    assert_eq!(browser.resource_hosts().await.unwrap(), [server.origin()]);
    browser.close().await.unwrap();
}

/// A second record stays apart from the first; required answers are flagged on the item; a
/// snapshot comparison shows the change per section.
async fn check_records_and_snapshots(browser: &Browser) {
    browser
        .click(&format!("{APP} .js-new-record"))
        .await
        .unwrap();
    browser.press("Hillside").await.unwrap(); // focus moved to the record name field
    assert_eq!(answers_in_form(browser).await["meet"], Value::Null);
    browser.click(&format!("{APP} .js-results")).await.unwrap();
    let flagged = js(
        browser,
        "const radio = document.querySelector('#partner-review-meet input');
         const error = document.getElementById(radio.getAttribute('aria-describedby'));
         return [radio.getAttribute('aria-invalid'), error.textContent, error.closest('fieldset').id, document.activeElement.id];",
    )
    .await;
    assert_eq!(
        flagged,
        json!([
            "true",
            "Please answer this question.",
            "partner-review-meet",
            "partner-review-subject"
        ])
    );
    browser
        .click("#partner-review-meet input[value='1']")
        .await
        .unwrap();

    let switch = "const select = document.querySelector(arguments[0]);
                  select.value = [...select.options].find((o) => o.textContent === arguments[1]).value;
                  select.dispatchEvent(new Event('change', { bubbles: true }));";
    let to = |name: &str| vec![json!(format!("{APP} .js-record")), json!(name)];
    browser.execute(switch, to("My answers")).await.unwrap();
    assert_eq!(answers_in_form(browser).await["meet"], json!("4"));
    browser.execute(switch, to("Hillside")).await.unwrap();
    assert_eq!(answers_in_form(browser).await["meet"], json!("1"));
    let landscape = js(browser, "return [...document.querySelectorAll('.js-landscape tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent));").await;
    assert_eq!(
        landscape,
        json!([
            [
                "My answers",
                "Riverside",
                "4",
                "2.5",
                "3.25",
                "Overall borderline"
            ],
            ["Hillside", "", "1", "–", "1", "Overall concern"]
        ])
    );

    browser.execute(switch, to("My answers")).await.unwrap();
    browser.click(&format!("{APP} .js-snapshot")).await.unwrap();
    browser
        .click("#partner-review-listen input[value='5']")
        .await
        .unwrap();
    let compare = js(browser, "return [...document.querySelectorAll('.js-compare tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent));").await;
    // listening: (3 + 2) / 2 = 2.5 then, (5 + 2) / 2 = 3.5 now.
    assert_eq!(
        compare,
        json!([
            ["Regular contact", "4", "4", "no change"],
            ["Listening", "2.5", "3.5", "+1"]
        ])
    );
}

/// JSON export then "Delete all" then import gives the same answers back; CSV has a row per
/// answer and defuses formulas; a hostile file's strings stay text; a wrong file is refused.
async fn check_export_and_import(browser: &Browser) {
    browser.click("#partner-review-notes").await.unwrap();
    js(browser, "const t = document.querySelector('#partner-review-notes'); t.value = '=SUM(A1)'; t.dispatchEvent(new Event('input', { bubbles: true }));").await;
    let json_text = exported(browser, "json").await;
    let file: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(
        (file["assessment"].as_str(), file["version"].as_str()),
        (Some("partner-review"), Some("2"))
    );
    let records = file["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["snapshots"].as_array().unwrap().len(), 1);

    let csv = exported(browser, "csv").await;
    let answer_count: usize = records
        .iter()
        .map(|r| r["answers"].as_object().unwrap().len())
        .sum();
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + answer_count, "{csv}");
    assert!(
        lines[0].ends_with(r#""record","subject","section","item","question","answer","points""#)
    );
    assert!(csv.contains(r#""'=SUM(A1)""#), "{csv}");
    assert!(csv.contains(r#""My answers","Riverside","Regular contact","gaps","Months pass without contact.","Disagree","4""#), "{csv}");

    let before = answers_in_form(browser).await;
    js(browser, "window.confirm = () => true;").await;
    browser
        .click(&format!("{APP} .js-delete-all"))
        .await
        .unwrap();
    let left = js(
        browser,
        "return Object.keys(localStorage).filter((k) => k.includes('partner-review')).length;",
    )
    .await;
    assert_eq!(left, json!(0));
    assert_eq!(answers_in_form(browser).await["meet"], Value::Null);

    choose_files(
        browser,
        &format!("{APP} .js-import"),
        &[("mine.json", json_text.clone())],
    )
    .await;
    assert_eq!(answers_in_form(browser).await, before);
    assert_eq!(
        js(
            browser,
            "return document.querySelector('.js-record').options.length;"
        )
        .await,
        json!(2)
    );
    assert_eq!(
        browser
            .text_of(&format!("{APP} .assessment-status"))
            .await
            .unwrap(),
        "Imported 2 records."
    );

    let hostile = json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "1",
        "records": [{"name": XSS, "subject": XSS, "answers": {"meet": "5", "notes": XSS, "retired-item": "3"}}]});
    choose_files(
        browser,
        &format!("{APP} .js-import"),
        &[("hostile.json", hostile.to_string())],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let shown = browser
        .execute(
            "return [document.querySelector('.js-record').selectedOptions[0].textContent,
                     document.querySelector('#partner-review-notes').value,
                     document.querySelector('.js-landscape').textContent.includes(arguments[0]),
                     document.querySelectorAll('.assessment-app img').length,
                     document.querySelector('.js-notice').textContent, window.__pwned === undefined];",
            vec![json!(XSS)],
        )
        .await
        .unwrap();
    assert_eq!(shown[0], json!(XSS));
    assert_eq!(shown[1], json!(XSS));
    assert_eq!(
        (&shown[2], &shown[3], &shown[5]),
        (&json!(true), &json!(0), &json!(true))
    );
    let notice = shown[4].as_str().unwrap();
    assert!(
        notice.contains("no longer in this version are kept in your exports: retired-item."),
        "{notice}"
    );
    let kept = exported(browser, "json").await;
    assert!(kept.contains("\"retired-item\": \"3\""), "{kept}");

    let wrong = json!({"format": "partnerkit-assessment", "assessment": "another", "version": "1", "records": []});
    choose_files(
        browser,
        &format!("{APP} .js-import"),
        &[("wrong.json", wrong.to_string())],
    )
    .await;
    let status = browser
        .text_of(&format!("{APP} .assessment-status"))
        .await
        .unwrap();
    assert_eq!(
        status,
        r#"Import failed: The file holds answers to "another", not to "partner-review"."#
    );
    let bad_value = json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "2",
        "records": [{"name": "x", "answers": {"meet": "9"}}]});
    choose_files(
        browser,
        &format!("{APP} .js-import"),
        &[("bad.json", bad_value.to_string())],
    )
    .await;
    let status = browser
        .text_of(&format!("{APP} .assessment-status"))
        .await
        .unwrap();
    assert_eq!(
        status,
        r#"Import failed: Record 1: "9" is not one of the options of item "meet"."#
    );
}

fn person(meet: u8, gaps: u8, listen: u8) -> String {
    json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "2",
        "records": [{"name": "me", "answers": {"meet": meet.to_string(), "gaps": gaps.to_string(), "listen": listen.to_string()}}]})
    .to_string()
}

/// Three people's files: means, lowest, highest and count per item and section; the items
/// whose answers lie 2 or more apart are flagged.
async fn check_team_view(browser: &Browser) {
    let files = [
        ("a.json", person(5, 1, 3)),
        ("b.json", person(4, 2, 3)),
        ("c.json", person(1, 2, 4)),
    ];
    choose_files(browser, &format!("{APP} .js-team-files"), &files).await;
    let tables = js(
        browser,
        "return [...document.querySelectorAll('.js-team table')].map((t) => [...t.tBodies[0].rows].map((tr) => [...tr.cells].map((c) => c.textContent)));",
    )
    .await;
    // Sections: contact per person = mean(meet, 6 - gaps) = 5, 4, 2.5; listening = 3, 3, 4.
    assert_eq!(
        tables[0],
        json!([
            ["Regular contact", "3.83", "2.5", "5", "3"],
            ["Listening", "3.33", "3", "4", "3"]
        ])
    );
    let discuss = "Talk this through: answers differ by 2 or more";
    assert_eq!(
        tables[1],
        json!([
            ["We meet regularly.", "3.33", "1", "5", "3", discuss],
            ["Months pass without contact.", "1.67", "1", "2", "3", ""]
        ])
    );
    assert_eq!(
        tables[2],
        json!([
            ["We listen before fixing.", "3.33", "3", "4", "3", ""],
            ["We check what we heard.", "–", "–", "–", "0", ""]
        ])
    );
}

/// The check section embedded with the shortcode on an ordinary page reads "N of M in place".
async fn check_embedded_checks(browser: &Browser, url: &str) {
    open(browser, url).await;
    for item in ["people", "money", "rooms"] {
        browser
            .click(&format!("#resources-check-{item} input[value='1']"))
            .await
            .unwrap();
    }
    browser
        .click("#resources-check-data input[value='0']")
        .await
        .unwrap();
    let line = browser
        .text_of("#assessment-resources-check-app .js-section-score")
        .await
        .unwrap();
    assert_eq!(line, "Score: 3 of 4 in place: Well resourced. Go ahead.");
    assert_eq!(
        js(
            browser,
            "return document.querySelectorAll('.js-overall').length;"
        )
        .await,
        json!(0)
    );
}
