//! Importing answers files, which are untrusted, in headless Chromium: strings holding markup
//! are shown as text and run nothing; answers to items the assessment no longer has are kept
//! and named; malformed JSON, a file for another assessment and an answer outside an item's
//! options are refused with a clear message and leave the saved answers as they were.

use crate::assessment_page;

use assessment_page::{review_file, Session, REVIEW, XSS};
use serde_json::json;

#[tokio::test]
async fn imported_markup_is_shown_as_text_and_never_runs() {
    let Some(s) = Session::open_at(
        "imported_markup_is_shown_as_text_and_never_runs",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let hostile = json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "1",
        "records": [{"name": XSS, "subject": XSS, "answers": {"meet": "5", "notes": XSS, "retired-item": "3"}}]});
    s.choose_files(
        &format!("{REVIEW} .js-import"),
        &[("hostile.json", hostile.to_string())],
    )
    .await;
    assert_eq!(s.status(REVIEW).await, "Imported 1 record.");
    s.click(&format!("{REVIEW} .js-results")).await;
    let shown = s
        .js_with(
            "const app = document.querySelector(arguments[1]);
             return [app.querySelector('.js-record').selectedOptions[0].textContent,
                     app.querySelector('#partner-review-subject').value,
                     app.querySelector('#partner-review-notes').value,
                     app.querySelector('.js-landscape').textContent.includes(arguments[0]),
                     app.querySelector('.assessment-record-title').textContent.includes(arguments[0]),
                     // The header's logo is the page's one image: none inside the form, and
                     // none anywhere carrying the hostile handler.
                     document.querySelectorAll('img[onerror], ' + arguments[1] + ' img').length];",
            vec![json!(XSS), json!(REVIEW)],
        )
        .await;
    assert_eq!(shown, json!([XSS, XSS, XSS, true, true, 0]));
    let notice = s.text(&format!("{REVIEW} .js-notice")).await;
    assert!(
        notice.contains("1 answer is to a question not in this assessment (\"retired-item\")."),
        "{notice}"
    );
    assert!(
        notice.contains("Imported 1 record from hostile.json. They were saved with version 1."),
        "{notice}"
    );
    let kept = s.exported(REVIEW, "json").await;
    assert!(kept.contains("\"retired-item\": \"3\""), "{kept}");
    // `finish` checks the onerror handler never ran.
    s.finish().await;
}

#[tokio::test]
async fn files_that_do_not_match_are_refused_with_a_clear_message() {
    let Some(s) = Session::open_at(
        "files_that_do_not_match_are_refused_with_a_clear_message",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.choose("partner-review", &[("meet", "4")]).await;
    let saved = "return localStorage.getItem('partnerkit-assessment:/toolkit/:partner-review:2');";
    let before = s.js(saved).await;
    let other = json!({"format": "partnerkit-assessment", "assessment": "another", "version": "1",
        "records": [{"name": "x", "answers": {}}]});
    let cases = [
        ("broken.json", "{\"format\": \"partnerkit-ass".to_string(), "The file is not valid JSON."),
        ("list.json", "[1, 2]".to_string(), "The file is not an answers file exported from this toolkit."),
        ("other.json", other.to_string(), r#"The file holds answers to "another", not to "partner-review"."#),
        ("bad.json", review_file("2", "x", json!({"meet": "9"})), r#"Record 1: "9" is not one of the options of item "meet"."#),
        ("typed.json", review_file("2", "x", json!({"meet": 4})), r#"Record 1: the answer to "meet" should be text."#),
        ("empty.json", json!({"format": "partnerkit-assessment", "assessment": "partner-review", "version": "2", "records": []}).to_string(), "The file holds no records."),
    ];
    for (name, text, message) in cases {
        s.choose_files(&format!("{REVIEW} .js-import"), &[(name, text)])
            .await;
        assert_eq!(
            s.status(REVIEW).await,
            format!("Import failed: {message}"),
            "{name}"
        );
        assert_eq!(
            s.text(&format!("{REVIEW} .js-notice")).await,
            format!("Import failed: {message}"),
            "{name}: the message stays visible"
        );
        assert_eq!(
            s.js(saved).await,
            before,
            "{name} changed the saved answers"
        );
    }
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    s.finish().await;
}
