//! An action plan filled from an assessment, in headless Chromium at 390×844 and 1280×800, as
//! a supervisor would: two partners' visit reviews answered by clicks, then on the action plan
//! (a register with `question_column`) the partner chosen, its low-scoring and flagged
//! questions listed with why (a reverse question counted reversed, a gate's reason; "don't
//! know" and high answers left out), one question added with a click and finished in the row
//! editor, the rest added with one click; nothing moves under the finger; axe finds nothing.

use crate::assessment_page;
use crate::browser;
use crate::emulation;
use crate::page_probe;
use crate::served_toolkit;
use crate::tools;

use std::time::Duration;

use assessment_page::Session;
use browser::{chromium_available, Browser, Key};
use serde_json::{json, Value};

const APP: &str = "#register-action-plan-app";
const PLAN: &str = "#register-action-plan-app .js-plan";

/// Clicks `css` once scrolled to the middle of the screen, clear of the phone's sticky header.
async fn click_centered(s: &Session, css: &str) {
    s.js_with(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
        vec![json!(css)],
    )
    .await;
    s.click(css).await;
}

/// Answers the visit review for `partner` by clicking each answer.
async fn answer_visits(s: &Session, partner: &str, answers: &[(&str, &str)]) {
    s.type_into("#visit-review-subject", partner).await;
    for (item, value) in answers {
        click_centered(s, &format!("#visit-review-{item} input[value='{value}']")).await;
    }
}

/// Each listed question: its text, why it is listed, and what its action line offers.
async fn listed(s: &Session) -> Value {
    s.js(&format!(
        "return [...document.querySelectorAll('{PLAN} .js-plan-list li')].map((li) => [
           li.querySelector('.register-plan__question').textContent,
           li.querySelector('.register-plan__why').textContent,
           li.querySelector('.register-plan__action').textContent]);"
    ))
    .await
}

/// Where the first listed question sits in the page (not the viewport, which focus may scroll).
async fn first_item_top(s: &Session) -> f64 {
    s.js(&format!(
        "const r = document.querySelector('{PLAN} .js-plan-list li').getBoundingClientRect();
         return Math.round(r.top + window.scrollY);"
    ))
    .await
    .as_f64()
    .unwrap()
}

/// Riverside: plan 2 (low), late 4 on a reverse question (counts 2, low), share 5, safety 3
/// (not low, but its gate holds below 4), trust "don't know" (never listed). Hillcrest: high.
async fn answer_two_partners(s: &Session) {
    s.open("visit-review/").await;
    let riverside = [
        ("plan", "2"),
        ("late", "4"),
        ("share", "5"),
        ("safety", "3"),
        ("trust", "na"),
    ];
    answer_visits(s, "Riverside", &riverside).await;
    click_centered(s, "#assessment-visit-review-app .js-new-record").await;
    let hillcrest = [("plan", "5"), ("late", "1"), ("safety", "4")];
    answer_visits(s, "Hillcrest", &hillcrest).await;
}

/// "Add to the plan" with the question in its name, for screen readers listing the buttons.
fn add(question: &str) -> String {
    format!("Add to the plan: {question}")
}

/// The plan lists both partners, and Riverside's three questions with why.
async fn riverside_is_listed(s: &Session) {
    let options = s
        .js(&format!("return [...document.querySelectorAll('{PLAN} .js-plan-record option')].map((o) => o.textContent);"))
        .await;
    assert_eq!(options, json!(["Riverside", "Hillcrest"]));
    assert_eq!(
        s.text(&format!("{PLAN} .js-plan-summary")).await,
        "3 questions for Riverside scored low or were flagged."
    );
    assert_eq!(
        listed(s).await,
        json!([
            ["We plan joint visits together.", "Answered “Disagree”: counts 2 of 5.", add("We plan joint visits together.")],
            ["Visit notes arrive late.", "Answered “Agree”, a reverse question: counts 2 of 5.", add("Visit notes arrive late.")],
            ["We agree on safety steps before a visit.",
             "Answered “Neutral”: counts 3 of 5. Flagged: Safety steps must be agreed before anyone visits.",
             add("We agree on safety steps before a visit.")]
        ])
    );
}

/// Records layout shifts of the plan or above it, and any without the reader's input. Adding
/// rows grows the table below the list: the content under it moves as the reader asked.
async fn watch_shifts(s: &Session) {
    s.js(&format!("const plan = document.querySelector('{PLAN}');
          window.__shifts = [];
          new PerformanceObserver((list) => {{ for (const e of list.getEntries()) for (const src of e.sources)
            if (!e.hadRecentInput || (src.node && src.node.nodeType === 1 && plan.compareDocumentPosition(src.node) & Node.DOCUMENT_POSITION_PRECEDING) || (src.node && plan.contains(src.node)))
              window.__shifts.push(`${{src.node?.nodeName}}.${{src.node?.className}} ${{src.previousRect.y}}->${{src.currentRect.y}} recent ${{e.hadRecentInput}}`); }})
            .observe({{ type: 'layout-shift' }});")).await;
}

/// One click adds the first question's row and opens it at "What we will do"; the reader types
/// what, who and when, and saves.
async fn add_one_and_finish_it(s: &Session) {
    let before = first_item_top(s).await;
    click_centered(s, &format!("{PLAN} .js-plan-list li button.js-plan-add")).await;
    assert_eq!(first_item_top(s).await, before, "the question moved");
    assert_eq!(
        s.js("return document.activeElement.id;").await,
        json!("register-action-plan-action")
    );
    let (tab, what) = (Key::Tab, "Agree a visit calendar");
    s.browser
        .press(&format!("{what}{tab}Sam{tab}"))
        .await
        .unwrap();
    // A date field takes the month, day and year typed in the browser's (US English) order.
    s.browser.press("01152027").await.unwrap();
    click_centered(s, &format!("{APP} .js-editor button[type=submit]")).await;
    let rows = s.table_rows(&format!("{APP} .register-table")).await;
    assert_eq!(
        rows[0].as_array().unwrap()[..5],
        [
            json!("Riverside"),
            json!("We plan joint visits together."),
            json!(what),
            json!("Sam"),
            json!("2027-01-15")
        ]
    );
    let now = listed(s).await;
    assert_eq!(now[0][2], json!("In the plan"));
    assert_eq!(now[1][2], json!(add("Visit notes arrive late.")));
}

/// One click adds a row for each question not yet in the plan; its line stays put.
async fn add_the_rest(s: &Session) {
    let line_top = format!("return Math.round(document.querySelector('{PLAN} .js-plan-all-line').getBoundingClientRect().top);");
    let all = format!("{PLAN} .js-plan-all");
    s.js_with(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
        vec![json!(all)],
    )
    .await;
    let before = s.js(&line_top).await;
    s.click(&all).await;
    assert_eq!(
        s.js(&line_top).await,
        before,
        "the line under the finger moved"
    );
    assert_eq!(
        s.text(&format!("{PLAN} .js-plan-all-line")).await,
        "Every question here is in the plan."
    );
    let rows = s.table_rows(&format!("{APP} .register-table")).await;
    let planned: Vec<(Value, Value)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let riverside = |q: &str| (json!("Riverside"), json!(q));
    assert_eq!(
        planned,
        [
            riverside("We plan joint visits together."),
            riverside("Visit notes arrive late."),
            riverside("We agree on safety steps before a visit.")
        ]
    );
}

async fn assert_axe_finds_nothing(s: &Session, axe: &str, when: &str) {
    page_probe::inject_axe(&s.browser, axe).await.unwrap();
    let violations = page_probe::axe_violations(&s.browser).await.unwrap();
    assert!(violations.is_empty(), "{when}: {violations:#?}");
}

async fn screenshot(s: &Session, name: &str) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    s.js(&format!(
        "document.querySelector('{PLAN}').scrollIntoView();"
    ))
    .await;
    s.browser
        .screenshot(dir.join(format!("{name}.png")))
        .await
        .unwrap();
}

async fn plan_at(width: u32, height: u32) {
    let name = format!("action_plan_{width}");
    let Some(s) = Session::start(&name).await else {
        return;
    };
    let Some(axe) = tools::axe_source(&name) else {
        return;
    };
    emulation::set_viewport(s.browser.client(), width, height)
        .await
        .unwrap();
    answer_two_partners(&s).await;
    s.browser.goto(&s.server.url("action-plan/")).await.unwrap();
    s.wait_until(&format!(
        "return document.querySelector('{APP}').dataset.ready === 'true';"
    ))
    .await;
    riverside_is_listed(&s).await;
    screenshot(&s, &format!("action-plan-listed-{width}")).await;
    assert_axe_finds_nothing(&s, &axe, &format!("{width} px, listed")).await;
    watch_shifts(&s).await;
    add_one_and_finish_it(&s).await;
    add_the_rest(&s).await;
    assert_eq!(
        s.js("return window.__shifts;").await,
        json!([]),
        "{width} px: layout shifts above the list, in it, or without input"
    );
    screenshot(&s, &format!("action-plan-planned-{width}")).await;
    // The other partner, chosen by keyboard: nothing low, nothing to add.
    s.type_into(&format!("{PLAN} .js-plan-record"), "Hillcrest")
        .await;
    assert_eq!(
        s.text(&format!("{PLAN} .js-plan-summary")).await,
        "No question for Hillcrest scored low or was flagged."
    );
    assert_eq!(listed(&s).await, json!([]));
    assert_axe_finds_nothing(&s, &axe, &format!("{width} px, planned")).await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_action_plan_takes_a_records_low_and_flagged_questions() {
    plan_at(390, 844).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_laptop_the_action_plan_takes_a_records_low_and_flagged_questions() {
    plan_at(1280, 800).await;
}

/// Polls `condition` (a script body) for up to five seconds.
async fn wait(browser: &Browser, condition: &str) {
    for _ in 0..100 {
        if browser.execute(condition, vec![]).await.unwrap() == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Riverside in "How well are we partnering?": meets regularly, Agree (not low); months pass
/// without contact, Agree on a reverse question (low).
async fn fill_in_for_riverside(browser: &Browser, served: &served_toolkit::ServedToolkit) {
    let form = "assessments/how-well-are-we-partnering/";
    browser.goto(&served.server.url(form)).await.unwrap();
    wait(
        browser,
        "return !!document.querySelector('.assessment-app[data-ready]');",
    )
    .await;
    browser
        .type_into("#how-well-are-we-partnering-subject", "Riverside")
        .await
        .unwrap();
    for css in [
        "#how-well-are-we-partnering-meet-regularly input[value='4']",
        "#how-well-are-we-partnering-months-without-contact input[value='4']",
    ] {
        browser
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
                vec![json!(css)],
            )
            .await
            .unwrap();
        browser.click(css).await.unwrap();
    }
}

/// The toolkit's own action plan takes its questions from "How well are we partnering?".
#[tokio::test(flavor = "multi_thread")]
async fn the_toolkits_action_plan_takes_questions_from_how_well_are_we_partnering() {
    if !chromium_available("toolkit_action_plan") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 390, 844)
        .await
        .unwrap();
    fill_in_for_riverside(&browser, &served).await;
    browser
        .goto(&served.server.url("assessments/action-plan/"))
        .await
        .unwrap();
    wait(
        &browser,
        "return document.querySelector('.register-app')?.dataset.ready === 'true';",
    )
    .await;
    let plan = "#register-action-plan-app .js-plan";
    let listed = browser
        .execute(
            "const plan = document.querySelector(arguments[0]);
             return [plan.querySelector('label').textContent, plan.querySelector('.js-plan-summary').textContent,
                     [...plan.querySelectorAll('.register-plan__why')].map((w) => w.textContent)];",
            vec![json!(plan)],
        )
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!([
            "Partner agency to plan for",
            "1 question for Riverside scored low or was flagged.",
            ["Answered “Agree”, a reverse question: counts 2 of 5."]
        ])
    );
    let button = format!("{plan} button.js-plan-add");
    browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
            vec![json!(button)],
        )
        .await
        .unwrap();
    browser.click(&button).await.unwrap();
    let row = browser
        .execute(
            "return [[...document.querySelectorAll('#register-action-plan-app tbody tr:first-child > *')].slice(0, 2).map((c) => c.textContent),
                     document.activeElement.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        row,
        json!([
            [
                "Riverside",
                "Months can go by without any contact between us."
            ],
            "register-action-plan-action"
        ])
    );
    browser.close().await.unwrap();
}
