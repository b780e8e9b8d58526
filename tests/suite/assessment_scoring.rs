//! Answering an assessment in headless Chromium: the keyboard alone completes it; section and
//! overall scores follow the answers with their bands (a reverse item scored reversed); the
//! results view holds an accessible chart and a table of the same numbers; required items are
//! flagged on the item; a section of checks reads "N of M in place".

use crate::assessment_page;
use crate::browser;

use assessment_page::{Session, CHECKS, REVIEW, SCORED_REVIEW};
use browser::Key;
use serde_json::json;

#[tokio::test]
async fn keyboard_alone_completes_the_form_and_opens_the_results() {
    let Some(s) = Session::open_at(
        "keyboard_alone_completes_the_form_and_opens_the_results",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.answer_review_by_keyboard().await;
    assert_eq!(
        s.answers("partner-review").await,
        json!({"meet": "4", "gaps": "2", "notes": "ok", "listen": "3", "check-back": "2", "subject": "Riverside"})
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .js-progress-text")).await,
        "4 of 4 questions answered"
    );
    // From the last question, Tab reaches "Show results" and Enter opens them, moving focus.
    s.browser
        .press(&format!("{}{}", Key::Tab, Key::Enter))
        .await
        .unwrap();
    let focused = s
        .js("const a = document.activeElement; return [a.tagName, a.textContent, a.closest('[hidden]') === null];")
        .await;
    assert_eq!(focused, json!(["H3", "Results", true]));
    s.finish().await;
}

#[tokio::test]
async fn section_and_overall_scores_follow_the_answers_with_bands_and_a_reverse_item() {
    let Some(s) = Session::open_at(
        "section_and_overall_scores_follow_the_answers_with_bands_and_a_reverse_item",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.choose("partner-review", SCORED_REVIEW).await;
    // contact = mean(4, gaps 2 reversed = 4) = 4; listening = mean(3, 2) = 2.5.
    assert_eq!(
        s.score_line(REVIEW, "contact").await,
        "Score: 4 of 5: A strength. Keep it up."
    );
    assert_eq!(
        s.score_line(REVIEW, "listening").await,
        "Score: 2.5 of 5: A concern. Talk about this first."
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .js-overall")).await,
        "Overall: 3.25 of 5: Overall borderline. Keep an eye on it."
    );
    // Agreeing strongly with the reverse item ("months pass without contact") scores 1.
    s.choose("partner-review", &[("gaps", "5")]).await;
    assert_eq!(
        s.score_line(REVIEW, "contact").await,
        "Score: 2.5 of 5: A concern. Talk about this first."
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .js-overall")).await,
        "Overall: 2.5 of 5: Overall concern. Plan a conversation."
    );
    let status = s.status(REVIEW).await;
    assert_eq!(
        status, "Saved. Regular contact: 2.5 of 5: A concern.",
        "the live region announces the save and the new score"
    );
    assert_eq!(
        s.js(&format!(
            "return document.querySelector('{REVIEW} .assessment-status').getAttribute('role');"
        ))
        .await,
        json!("status")
    );
    s.finish().await;
}

#[tokio::test]
async fn results_view_holds_an_accessible_chart_and_a_table_of_the_same_numbers() {
    let Some(s) = Session::open_at(
        "results_view_holds_an_accessible_chart_and_a_table_of_the_same_numbers",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.type_into("#partner-review-subject", "Riverside").await;
    s.choose("partner-review", SCORED_REVIEW).await;
    s.click(&format!("{REVIEW} .js-results")).await;
    let chart = s
        .js("const svg = document.querySelector('.js-results-body .assessment-chart[role=img]');
             return svg.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id).textContent);")
        .await;
    assert_eq!(
        chart,
        json!([
            "Section scores",
            "Regular contact: 4 of 5: A strength; Listening: 2.5 of 5: A concern"
        ])
    );
    let bars = s
        .js("return [...document.querySelectorAll('.js-results-body .chart-value')].map((t) => t.textContent);")
        .await;
    assert_eq!(bars, json!(["4", "2.5"]));
    let rows = s.table_rows(&format!("{REVIEW} .js-results-body")).await;
    assert_eq!(
        rows,
        json!([
            ["Regular contact", "4 (1 to 5)", "A strength", "Keep it up."],
            [
                "Listening",
                "2.5 (1 to 5)",
                "A concern",
                "Talk about this first."
            ],
            [
                "Overall",
                "3.25 (1 to 5)",
                "Overall borderline",
                "Keep an eye on it."
            ]
        ])
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .assessment-record-title")).await,
        "Partner agency: Riverside"
    );
    s.finish().await;
}

#[tokio::test]
async fn unanswered_required_items_are_flagged_with_an_error_tied_to_the_item() {
    let Some(s) = Session::open_at(
        "unanswered_required_items_are_flagged_with_an_error_tied_to_the_item",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.choose("partner-review", &[("listen", "3")]).await;
    s.click(&format!("{REVIEW} .js-results")).await;
    let flagged = s
        .js(
            "return [...document.querySelectorAll('[aria-invalid=true]')].map((input) => {
               const error = document.getElementById(input.getAttribute('aria-describedby'));
               // The error sits in the item's fieldset, or right after the subject's paragraph.
               const item = error.closest('fieldset') || error.previousElementSibling;
               return [input.name, error.textContent, item.contains(input)];
             }).filter((row, i, all) => all.findIndex((r) => r[0] === row[0]) === i);",
        )
        .await;
    assert_eq!(
        flagged,
        json!([
            ["subject", "Please fill in: Partner agency.", true],
            ["meet", "Please answer this question.", true]
        ])
    );
    assert_eq!(
        s.js("return document.activeElement.id;").await,
        json!("partner-review-subject"),
        "focus moves to the first question to fix"
    );
    assert_eq!(
        s.status(REVIEW).await,
        "2 required questions are not answered yet."
    );
    assert!(s
        .js(&format!(
            "return document.querySelector('{REVIEW} .js-results-panel').hidden;"
        ))
        .await
        .as_bool()
        .unwrap());
    // Answering clears the flag on the next try.
    s.type_into("#partner-review-subject", "Riverside").await;
    // The reader scrolls to the question (leaving the subject field updates the status line,
    // which may move a question sitting at the window's very edge).
    s.js("document.querySelector('#partner-review-meet').scrollIntoView({ block: 'center' });")
        .await;
    s.choose("partner-review", &[("meet", "2")]).await;
    s.click(&format!("{REVIEW} .js-results")).await;
    assert_eq!(
        s.js("return document.querySelectorAll('.item__error, [aria-invalid]').length;")
            .await,
        json!(0)
    );
    s.finish().await;
}

#[tokio::test]
async fn a_section_of_checks_reads_n_of_m_in_place_with_its_band() {
    let Some(s) = Session::open_at(
        "a_section_of_checks_reads_n_of_m_in_place_with_its_band",
        "activity/",
    )
    .await
    else {
        return;
    };
    s.choose(
        "resources-check",
        &[
            ("people", "1"),
            ("money", "1"),
            ("rooms", "1"),
            ("data", "0"),
        ],
    )
    .await;
    assert_eq!(
        s.score_line(CHECKS, "resources").await,
        "Score: 3 of 4 in place: Well resourced. Go ahead."
    );
    s.choose("resources-check", &[("money", "0"), ("rooms", "0")])
        .await;
    assert_eq!(
        s.score_line(CHECKS, "resources").await,
        "Score: 1 of 4 in place: Major gaps. Fill the gaps first."
    );
    // Checks are not on a shared scale, so there is no overall score.
    assert_eq!(
        s.js("return document.querySelectorAll('.js-overall').length;")
            .await,
        json!(0)
    );
    s.finish().await;
}
