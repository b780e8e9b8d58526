//! What a supervisor meets first when using the forms in a team meeting, in headless Chromium,
//! through the page as a reader uses it: an error goes away as soon as its question is answered,
//! the reader's role applies to every form on the page, a record is named by its partner,
//! choices saved by position (before options had values) load as the same options, a long list
//! of unknown answers in an import gives a short notice, the CSV follows question order, and a
//! printed report holds only the chosen record with its version and date. The checks of issue
//! 17's list run on a phone (390×844) and on a laptop (1280×800).

use crate::assessment_page;
use crate::emulation;

use assessment_page::{Session, REVIEW, SCORED_REVIEW, SCREENS};
use serde_json::{json, Value};

const MEETING: &str = "#assessment-meeting-check-app";
const PRACTICE: &str = "#assessment-practice-review-app";

/// The ids of the questions shown (laid out) in the app `app`.
async fn shown_items(s: &Session, app: &str) -> Value {
    s.js_with(
        "return [...document.querySelectorAll(arguments[0] + ' [data-item]')]
           .filter((e) => e.offsetParent !== null).map((e) => e.dataset.item);",
        vec![json!(app)],
    )
    .await
}

async fn error_count(s: &Session, app: &str) -> Value {
    s.js_with(
        "const app = document.querySelector(arguments[0]);
         return [app.querySelectorAll('.item__error').length, app.querySelectorAll('[aria-invalid]').length];",
        vec![json!(app)],
    )
    .await
}

/// Opens `path` of the fixture on a screen of `width` × `height` (a phone or a laptop).
async fn open_on(test_name: &str, path: &str, (width, height): (u32, u32)) -> Option<Session> {
    let s = Session::start(test_name).await?;
    emulation::set_viewport(s.browser.client(), width, height)
        .await
        .unwrap();
    s.open(path).await;
    Some(s)
}

#[tokio::test]
async fn errors_clear_as_soon_as_the_answer_is_given() {
    for screen in SCREENS {
        errors_clear_as_soon_as_the_answer_is_given_on(screen).await;
    }
}

async fn errors_clear_as_soon_as_the_answer_is_given_on(screen: (u32, u32)) {
    let Some(s) = open_on(
        "errors_clear_as_soon_as_the_answer_is_given",
        "partner-review/",
        screen,
    )
    .await
    else {
        return;
    };
    s.click(&format!("{REVIEW} .js-results")).await;
    assert_eq!(
        error_count(&s, REVIEW).await,
        json!([2, 6]),
        "the subject and `meet` are flagged"
    );
    s.type_into("#partner-review-subject", "Rivière Ŝtudio 🌊")
        .await;
    assert_eq!(
        error_count(&s, REVIEW).await,
        json!([1, 5]),
        "the subject's error went as it was typed"
    );
    // The reader scrolls down to the question first.
    s.js("document.querySelector('#partner-review-meet').scrollIntoView({ block: 'center' });")
        .await;
    s.click("#partner-review-meet input[value='4']").await;
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    assert_eq!(
        error_count(&s, REVIEW).await,
        json!([0, 0]),
        "the question's error went as it was answered"
    );
    s.finish().await;
}

#[tokio::test]
async fn the_role_applies_to_every_form_on_the_page() {
    for screen in SCREENS {
        the_role_applies_to_every_form_on_the_page_on(screen).await;
    }
}

async fn the_role_applies_to_every_form_on_the_page_on(screen: (u32, u32)) {
    let Some(s) = open_on(
        "the_role_applies_to_every_form_on_the_page",
        "role-forms/?role=leaders",
        screen,
    )
    .await
    else {
        return;
    };
    assert_eq!(
        shown_items(&s, PRACTICE).await,
        json!(["explain", "budget", "delegate"])
    );
    assert_eq!(
        shown_items(&s, MEETING).await,
        json!(["share-notes", "venue"]),
        "the meeting check hides its frontline-only question from leaders too"
    );
    // Choosing a role in one form's chooser, by keyboard, changes the other form as well.
    s.type_into("#practice-review-role", "Frontline").await;
    s.wait_until("return document.querySelector('#meeting-check-role').value === 'frontline';")
        .await;
    assert_eq!(
        shown_items(&s, PRACTICE).await,
        json!(["explain", "visits"])
    );
    assert_eq!(
        shown_items(&s, MEETING).await,
        json!(["plan-visit", "share-notes", "venue"])
    );
    assert_eq!(
        s.status(PRACTICE).await,
        "Showing 2 questions for Frontline staff."
    );
    // Kept for the next visit, page-wide.
    s.open("role-forms/").await;
    assert_eq!(
        shown_items(&s, MEETING).await,
        json!(["plan-visit", "share-notes", "venue"])
    );
    assert_eq!(
        shown_items(&s, PRACTICE).await,
        json!(["explain", "visits"])
    );
    s.finish().await;
}

#[tokio::test]
async fn a_record_is_named_by_its_partner_in_the_list_and_landscape() {
    let Some(s) = Session::open_at(
        "a_record_is_named_by_its_partner_in_the_list_and_landscape",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    assert_eq!(
        s.js(&format!(
            "return document.querySelector('{REVIEW} .js-record-name');"
        ))
        .await,
        Value::Null,
        "no second name field"
    );
    s.type_into("#partner-review-subject", "Riverside").await;
    s.choose("partner-review", SCORED_REVIEW).await;
    s.click(&format!("{REVIEW} .js-new-record")).await;
    assert_eq!(
        s.js("return document.activeElement.id;").await,
        json!("partner-review-subject")
    );
    s.browser.press("Hillcrest – 山").await.unwrap();
    s.choose("partner-review", &[("meet", "2")]).await;
    let names = s.js(&format!("return [...document.querySelectorAll('{REVIEW} .js-record option')].map((o) => o.textContent);")).await;
    assert_eq!(names, json!(["Riverside", "Hillcrest – 山"]));
    let head = s.js(&format!("return [...document.querySelectorAll('{REVIEW} .js-landscape thead th')].map((t) => t.textContent);")).await;
    assert_eq!(head[0], json!("Partner agency"));
    let rows = s.table_rows(&format!("{REVIEW} .js-landscape")).await;
    assert_eq!(rows[0][0], json!("Riverside"));
    assert_eq!(rows[1][0], json!("Hillcrest – 山"));
    s.finish().await;
}

#[tokio::test]
async fn choices_saved_by_position_load_as_the_same_options() {
    for screen in SCREENS {
        choices_saved_by_position_load_as_the_same_options_on(screen).await;
    }
}

async fn choices_saved_by_position_load_as_the_same_options_on(screen: (u32, u32)) {
    let Some(s) = open_on(
        "choices_saved_by_position_load_as_the_same_options",
        "meeting-check/",
        screen,
    )
    .await
    else {
        return;
    };
    assert_eq!(
        s.js("return [...document.querySelectorAll('#meeting-check-venue input')].map((i) => i.value);").await,
        json!(["at-our-office", "at-their-office", "café-online", "it-varies"])
    );
    // What an earlier version of the site saved: the third option, by its position "2".
    let old = json!({"format": "partnerkit-assessment", "assessment": "meeting-check", "version": "1", "current": "a",
        "records": [{"id": "a", "name": "", "subject": "Riverside", "answers": {"venue": "2"}, "snapshots": []}]});
    s.js_with(
        "localStorage.setItem('partnerkit-assessment:meeting-check:1', arguments[0]);",
        vec![json!(old.to_string())],
    )
    .await;
    s.open("meeting-check/").await;
    assert_eq!(
        s.answers("meeting-check").await["venue"],
        json!("café-online")
    );
    assert_eq!(s.score_line(MEETING, "format").await, "Score: 3 of 3.");
    // An old export, also by position, imports as the same option.
    let file = json!({"format": "partnerkit-assessment", "assessment": "meeting-check", "version": "1",
        "records": [{"name": "x", "subject": "Hillcrest", "answers": {"venue": "1"}}]});
    s.choose_files(
        &format!("{MEETING} .js-import"),
        &[("old.json", file.to_string())],
    )
    .await;
    assert_eq!(
        s.answers("meeting-check").await["venue"],
        json!("at-their-office")
    );
    // The answers moved to this site's key (with its base path); the old key is gone.
    let saved = s
        .js("return [JSON.parse(localStorage.getItem('partnerkit-assessment:/toolkit/:meeting-check:1')),
                     localStorage.getItem('partnerkit-assessment:meeting-check:1')];")
        .await;
    assert_eq!(saved[1], Value::Null);
    let saved = &saved[0];
    assert_eq!(saved["answerFormat"], json!(2));
    assert_eq!(
        saved["records"][0]["answers"]["venue"],
        json!("café-online")
    );
    s.finish().await;
}

#[tokio::test]
async fn many_unknown_ids_give_a_short_notice_and_the_csv_follows_question_order() {
    let Some(s) = Session::open_at(
        "many_unknown_ids_give_a_short_notice_and_the_csv_follows_question_order",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let mut answers = serde_json::Map::new();
    for i in 0..10_000 {
        answers.insert(format!("made-up-question-{i}"), json!("3"));
    }
    answers.insert("listen".into(), json!("3"));
    answers.insert("meet".into(), json!("4"));
    let file = assessment_page::review_file("2", "Riverside", Value::Object(answers));
    s.choose_files(&format!("{REVIEW} .js-import"), &[("many.json", file)])
        .await;
    let notice = s.text(&format!("{REVIEW} .js-notice")).await;
    assert!(notice.len() < 300, "{} characters: {notice}", notice.len());
    assert!(
        notice.starts_with(
            "10000 answers are to questions not in this assessment (\"made-up-question-"
        ),
        "{notice}"
    );
    assert!(
        notice.contains("\" and 9997 more). They are kept in your exports."),
        "{notice}"
    );
    let csv = s.exported(REVIEW, "csv").await;
    let items: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split("\",\"").nth(3).unwrap())
        .collect();
    assert_eq!(
        &items[..2],
        ["meet", "listen"],
        "question order, not the order given"
    );
    assert_eq!(items.len(), 10_002);
    s.finish().await;
}

#[tokio::test]
async fn a_printed_report_holds_only_the_chosen_record_with_its_version_and_date() {
    for screen in SCREENS {
        a_printed_report_holds_only_the_chosen_record_with_its_version_and_date_on(screen).await;
    }
}

async fn a_printed_report_holds_only_the_chosen_record_with_its_version_and_date_on(
    screen: (u32, u32),
) {
    let Some(s) = open_on(
        "a_printed_report_holds_only_the_chosen_record_with_its_version_and_date",
        "partner-review/",
        screen,
    )
    .await
    else {
        return;
    };
    s.type_into("#partner-review-subject", "Riverside").await;
    s.choose("partner-review", SCORED_REVIEW).await;
    s.click(&format!("{REVIEW} .js-new-record")).await;
    s.browser.press("Hillcrest").await.unwrap();
    s.choose("partner-review", &[("meet", "2")]).await;
    emulation::emulate_print(s.browser.client(), true)
        .await
        .unwrap();
    let printed = s
        .js(&format!(
            "const shown = (css) => [...document.querySelectorAll(css)].filter((e) => e.offsetParent !== null);
             return [shown('{REVIEW} .assessment-landscape').length, shown('{REVIEW} .js-results-body')[0].innerText,
                     document.body.innerText.includes('Riverside')];"
        ))
        .await;
    assert_eq!(
        printed[0],
        json!(0),
        "the side-by-side table of other partners is not printed"
    );
    assert_eq!(
        printed[2],
        json!(false),
        "nothing on the printed page names the other partner"
    );
    let body = printed[1].as_str().unwrap();
    assert!(body.contains("Partner agency: Hillcrest"), "{body}");
    assert!(!body.contains("Riverside"), "{body}");
    assert!(body.contains("Assessment version 2."), "{body}");
    let year = s.js("return String(new Date().getFullYear());").await;
    assert!(
        body.contains("Report made on ") && body.contains(year.as_str().unwrap()),
        "{body}"
    );
    emulation::emulate_print(s.browser.client(), false)
        .await
        .unwrap();
    s.finish().await;
}
