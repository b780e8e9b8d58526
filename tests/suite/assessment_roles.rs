//! The role filter of an assessment whose items name roles (the competency self-rating's
//! "filtered to one's role"), in headless Chromium: choosing a role shows only its questions,
//! and progress and scores count only those; the choice is kept across a reload, and a
//! `?role=` in the address picks it, as on the competencies page.

use crate::assessment_page;

use assessment_page::{Session, PRACTICE};
use serde_json::{json, Value};

/// The ids of the visible items and sections of the practice review.
async fn visible(s: &Session) -> Value {
    s.js(&format!(
        "const app = document.querySelector('{PRACTICE}');
         const shown = (css) => [...app.querySelectorAll(css)].filter((e) => e.offsetParent !== null);
         return [shown('[data-item]').map((e) => e.dataset.item), shown('section[data-section]').map((e) => e.dataset.section)];"
    ))
    .await
}

async fn pick_role(s: &Session, role: &str) {
    s.js_with(
        "const select = document.querySelector(arguments[0]);
         select.value = arguments[1];
         select.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(format!("{PRACTICE} .js-role")), json!(role)],
    )
    .await;
}

async fn progress(s: &Session) -> String {
    s.text(&format!("{PRACTICE} .js-progress-text")).await
}

#[tokio::test]
async fn role_filter_shows_only_that_roles_questions_and_scores_only_them() {
    let Some(s) = Session::open_at(
        "role_filter_shows_only_that_roles_questions_and_scores_only_them",
        "practice-review/",
    )
    .await
    else {
        return;
    };
    let options = s
        .js(&format!("return [...document.querySelectorAll('{PRACTICE} .js-role option')].map((o) => o.textContent);"))
        .await;
    assert_eq!(
        options,
        json!(["Every role", "Agency leadership", "Frontline staff"])
    );
    assert_eq!(
        visible(&s).await,
        json!([
            ["explain", "budget", "visits", "delegate"],
            ["shared", "leading"]
        ])
    );
    s.choose("practice-review", &[("explain", "3"), ("visits", "1")])
        .await;
    assert_eq!(s.score_line(PRACTICE, "shared").await, "Score: 2 of 3.");

    pick_role(&s, "frontline").await;
    assert_eq!(
        visible(&s).await,
        json!([["explain", "visits"], ["shared"]]),
        "a section with no question for the role is hidden too"
    );
    assert_eq!(progress(&s).await, "2 of 2 questions answered");
    assert_eq!(
        s.status(PRACTICE).await,
        "Showing 2 questions for Frontline staff."
    );

    pick_role(&s, "leaders").await;
    assert_eq!(
        visible(&s).await,
        json!([["explain", "budget", "delegate"], ["shared", "leading"]])
    );
    assert_eq!(progress(&s).await, "1 of 3 questions answered");
    // The frontline answer stays saved but no longer counts: the score is explain's 3 alone.
    assert_eq!(s.score_line(PRACTICE, "shared").await, "Score: 3 of 3.");
    assert_eq!(s.answers("practice-review").await["visits"], json!("1"));
    s.finish().await;
}

#[tokio::test]
async fn chosen_role_is_kept_across_a_reload_and_can_come_from_the_address() {
    let Some(s) = Session::open_at(
        "chosen_role_is_kept_across_a_reload_and_can_come_from_the_address",
        "practice-review/",
    )
    .await
    else {
        return;
    };
    pick_role(&s, "frontline").await;
    s.open("practice-review/").await;
    let role = format!("return document.querySelector('{PRACTICE} .js-role').value;");
    assert_eq!(s.js(&role).await, json!("frontline"));
    assert_eq!(
        visible(&s).await,
        json!([["explain", "visits"], ["shared"]])
    );

    s.open("practice-review/?role=leaders").await;
    assert_eq!(s.js(&role).await, json!("leaders"));
    assert_eq!(
        visible(&s).await,
        json!([["explain", "budget", "delegate"], ["shared", "leading"]])
    );
    // An unknown role in the address is ignored rather than hiding every question.
    s.open("practice-review/?role=nobody").await;
    assert_eq!(s.js(&role).await, json!("frontline"));
    s.finish().await;
}
