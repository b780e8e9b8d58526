//! Export of saved answers, in headless Chromium: the JSON file holds everything (assessment
//! id and version, every record with its snapshots) and importing it after "Delete all my
//! answers" restores the same answers; the CSV file has one row per answer, opens cleanly in a
//! spreadsheet (byte order mark, quoted cells) and never lets a cell run as a formula.

use crate::assessment_page;

use assessment_page::{Session, REVIEW};
use serde_json::{json, Value};

/// Two records, the first with a snapshot: Riverside (every item) and Hillside (one item).
async fn answer_two_records(s: &Session) {
    s.open("partner-review/").await;
    s.answer_review_by_keyboard().await;
    s.click(&format!("{REVIEW} .js-snapshot")).await;
    s.click(&format!("{REVIEW} .js-new-record")).await;
    s.browser.press("Hillside").await.unwrap();
    s.choose("partner-review", &[("meet", "1")]).await;
    s.switch_record(REVIEW, "Riverside").await;
}

#[tokio::test]
async fn json_export_then_import_restores_the_same_answers() {
    let Some(s) = Session::start("json_export_then_import_restores_the_same_answers").await else {
        return;
    };
    answer_two_records(&s).await;
    let text = s.exported(REVIEW, "json").await;
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (&file["format"], &file["assessment"], &file["version"]),
        (
            &json!("partnerkit-assessment"),
            &json!("partner-review"),
            &json!("2")
        )
    );
    let records = file["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]["answers"],
        json!({"meet": "4", "gaps": "2", "notes": "ok", "listen": "3", "check-back": "2"})
    );
    assert_eq!(records[0]["snapshots"].as_array().unwrap().len(), 1);
    assert_eq!(records[1]["name"], json!("Hillside"));

    let before = s.answers("partner-review").await;
    s.js("window.confirm = () => true;").await;
    s.click(&format!("{REVIEW} .js-delete-all")).await;
    assert_eq!(s.answers("partner-review").await["meet"], Value::Null);

    s.choose_files(
        &format!("{REVIEW} .js-import"),
        &[("mine.json", text.clone())],
    )
    .await;
    assert_eq!(s.status(REVIEW).await, "Imported 2 records.");
    assert_eq!(s.answers("partner-review").await, before);
    s.switch_record(REVIEW, "Hillside").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("1"));
    // Loss-free: exporting again gives the same records (the export time aside).
    let again: Value = serde_json::from_str(&s.exported(REVIEW, "json").await).unwrap();
    assert_eq!(again["records"], file["records"]);
    // The imported answers are saved, not only shown.
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("1"));
    s.finish().await;
}

#[tokio::test]
async fn csv_export_has_one_row_per_answer_and_defuses_formulas() {
    let Some(s) = Session::start("csv_export_has_one_row_per_answer_and_defuses_formulas").await
    else {
        return;
    };
    answer_two_records(&s).await;
    s.js("const t = document.querySelector('#partner-review-notes');
          t.value = '=SUM(A1)'; t.dispatchEvent(new Event('input', { bubbles: true }));")
        .await;
    let csv = s.exported(REVIEW, "csv").await;
    // Blob.text() drops a byte order mark, so look at the file's first bytes.
    let head = s
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__downloads.get(document.querySelector(arguments[0]).href).arrayBuffer()
               .then((b) => done([...new Uint8Array(b).slice(0, 3)]));",
            vec![json!(format!("{REVIEW} a.js-download-csv"))],
        )
        .await
        .unwrap();
    assert_eq!(
        head,
        json!([0xef, 0xbb, 0xbf]),
        "a byte order mark, so spreadsheets read UTF-8"
    );
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines,
        [
            r#""record","subject","section","item","question","answer","points""#,
            r#""Riverside","Riverside","Regular contact","meet","We meet regularly.","Agree","4""#,
            r#""Riverside","Riverside","Regular contact","gaps","Months pass without contact.","Disagree","4""#,
            r#""Riverside","Riverside","Regular contact","notes","Notes","'=SUM(A1)","""#,
            r#""Riverside","Riverside","Listening","listen","We listen before fixing.","Neutral","3""#,
            r#""Riverside","Riverside","Listening","check-back","We check what we heard.","Disagree","2""#,
            r#""Hillside","Hillside","Regular contact","meet","We meet regularly.","Strongly disagree","1""#,
        ],
        "a header, then one row per answer of every record"
    );
    assert_eq!(s.status(REVIEW).await, "Exported 2 records as CSV.");
    s.finish().await;
}
