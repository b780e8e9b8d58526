//! Saving in the reader's browser, in headless Chromium: answers autosave under the
//! assessment id and version and survive a reload; records are kept apart (and can be renamed
//! and deleted) and shown side by side; a snapshot comparison shows the change per section;
//! answers saved under an older version still load, with retired items named and kept; and
//! "Delete all my answers" really deletes.

use crate::assessment_page;

use assessment_page::{Session, REVIEW, SCORED_REVIEW};
use serde_json::{json, Value};

const KEYS: &str =
    "return Object.keys(localStorage).filter((k) => k.includes('partner-review')).sort();";

#[tokio::test]
async fn answers_survive_a_reload_under_the_id_and_version_key() {
    let Some(s) = Session::open_at(
        "answers_survive_a_reload_under_the_id_and_version_key",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.answer_review_by_keyboard().await;
    let before = s.answers("partner-review").await;
    assert_eq!(before["notes"], json!("ok"));
    assert_eq!(
        s.js(KEYS).await,
        json!(["partnerkit-assessment:/toolkit/:partner-review:2"])
    );
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await, before);
    assert_eq!(
        s.score_line(REVIEW, "contact").await,
        "Score: 4 of 5: A strength. Keep it up."
    );
    s.finish().await;
}

#[tokio::test]
async fn two_records_are_kept_apart_and_shown_side_by_side() {
    let Some(s) = Session::open_at(
        "two_records_are_kept_apart_and_shown_side_by_side",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.type_into("#partner-review-subject", "Riverside").await;
    s.choose(
        "partner-review",
        &[("meet", "4"), ("gaps", "2"), ("listen", "3")],
    )
    .await;
    s.click(&format!("{REVIEW} .js-new-record")).await;
    // Focus moved to the new record's name: its partner agency.
    s.browser.press("Hillside").await.unwrap();
    assert_eq!(s.answers("partner-review").await["meet"], Value::Null);
    s.choose("partner-review", &[("meet", "1")]).await;

    s.switch_record(REVIEW, "Riverside").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    assert_eq!(
        s.answers("partner-review").await["subject"],
        json!("Riverside")
    );
    s.switch_record(REVIEW, "Hillside").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("1"));
    assert_eq!(
        s.table_rows(&format!("{REVIEW} .js-landscape")).await,
        json!([
            ["Riverside", "4", "3", "3.5", "Overall borderline"],
            ["Hillside", "1", "–", "1", "Overall concern"]
        ])
    );

    // Both records survive a reload; deleting one leaves the other untouched.
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("1"));
    s.js("window.confirm = () => true;").await;
    s.click(&format!("{REVIEW} .js-delete-record")).await;
    let names = s
        .js(&format!("return [...document.querySelectorAll('{REVIEW} .js-record option')].map((o) => o.textContent);"))
        .await;
    assert_eq!(names, json!(["Riverside"]));
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    s.finish().await;
}

#[tokio::test]
async fn a_snapshot_comparison_shows_the_change_per_section() {
    let Some(s) = Session::open_at(
        "a_snapshot_comparison_shows_the_change_per_section",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.choose("partner-review", SCORED_REVIEW).await;
    s.click(&format!("{REVIEW} .js-snapshot")).await;
    assert!(s.status(REVIEW).await.starts_with("Snapshot taken on "));
    s.choose("partner-review", &[("listen", "5")]).await;
    // listening: (3 + 2) / 2 = 2.5 then, (5 + 2) / 2 = 3.5 now.
    assert_eq!(
        s.table_rows(&format!("{REVIEW} .js-compare")).await,
        json!([
            ["Regular contact", "4", "4", "no change"],
            ["Listening", "2.5", "3.5", "+1"]
        ])
    );
    // The snapshot is kept with the record across a reload.
    s.open("partner-review/").await;
    assert_eq!(
        s.table_rows(&format!("{REVIEW} .js-compare")).await[1],
        json!(["Listening", "2.5", "3.5", "+1"])
    );
    s.finish().await;
}

#[tokio::test]
async fn answers_saved_under_an_older_version_still_load_and_retired_items_are_named() {
    let Some(s) = Session::open_at(
        "answers_saved_under_an_older_version_still_load_and_retired_items_are_named",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let old = json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "1",
        "current": "r1", "records": [{"id": "r1", "name": "Last year", "subject": "Riverside",
        "answers": {"meet": "5", "trust": "2"}, "updated": "2023-05-01T10:00:00Z", "snapshots": []}]});
    s.js_with(
        "localStorage.clear(); localStorage.setItem('partnerkit-assessment:/toolkit/:partner-review:1', arguments[0]);",
        vec![json!(old.to_string())],
    )
    .await;
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("5"));
    let notice = s.text(&format!("{REVIEW} .js-notice")).await;
    assert_eq!(
        notice,
        "These answers were saved with version 1 of this assessment. \
         1 answer is to a question not in this assessment (\"trust\"). They are kept in your exports."
    );
    let exported: Value = serde_json::from_str(&s.exported(REVIEW, "json").await).unwrap();
    assert_eq!(exported["version"], json!("2"));
    assert_eq!(exported["records"][0]["answers"]["trust"], json!("2"));
    let csv = s.exported(REVIEW, "csv").await;
    assert!(
        csv.contains(r#""Riverside","Riverside","(not in this assessment)","trust","","2","""#),
        "{csv}"
    );
    s.finish().await;
}

#[tokio::test]
async fn delete_all_my_answers_removes_every_saved_version() {
    let Some(s) = Session::open_at(
        "delete_all_my_answers_removes_every_saved_version",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.js(
        "localStorage.setItem('partnerkit-assessment:/toolkit/:partner-review:1', '{\"records\": []}');
          localStorage.setItem('partnerkit-assessment:/toolkit/:resources-check:1', '{\"records\": []}');",
    )
    .await;
    s.choose("partner-review", &[("meet", "4")]).await;
    s.click(&format!("{REVIEW} .js-snapshot")).await;
    assert_eq!(
        s.js(KEYS).await,
        json!([
            "partnerkit-assessment:/toolkit/:partner-review:1",
            "partnerkit-assessment:/toolkit/:partner-review:2"
        ])
    );
    s.js("window.confirm = () => true;").await;
    s.click(&format!("{REVIEW} .js-delete-all")).await;
    assert_eq!(s.js(KEYS).await, json!([]));
    assert_eq!(s.answers("partner-review").await["meet"], Value::Null);
    assert_eq!(
        s.status(REVIEW).await,
        "All your answers to this assessment were deleted from this browser."
    );
    // Another assessment's answers are not this one's to delete; a reload finds nothing.
    let others = s
        .js("return localStorage.getItem('partnerkit-assessment:/toolkit/:resources-check:1') !== null;")
        .await;
    assert_eq!(others, json!(true));
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await["meet"], Value::Null);
    assert_eq!(
        s.js(KEYS).await,
        json!([]),
        "opening the page saves nothing"
    );
    s.finish().await;
}
