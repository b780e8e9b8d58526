//! Scoring that follows the sources, in headless Chromium through the form as a reader fills
//! it: gates cap a band and say why (the toolkit's values alignment, where core values at
//! serious risk must not read "Go ahead"; its partnership readiness, where the goal and the
//! duration come first), and "not applicable / don't know" answers count as answered but are
//! left out of every mean, in the score line, results and CSV. The values-alignment gate and
//! the not-applicable answers are checked on a phone (390×844) and on a laptop (1280×800).

use crate::assessment_page;
use crate::browser;
use crate::emulation;
use crate::served_toolkit;

use std::time::{Duration, Instant};

use assessment_page::{Session, SCREENS};
use browser::{chromium_available, Browser};
use serde_json::{json, Value};

/// The real toolkit, served, with Chromium on one of its assessment pages.
struct Toolkit {
    browser: Browser,
    _served: served_toolkit::ServedToolkit,
}

impl Toolkit {
    /// Opens `path` on a screen of `width` × `height` (a phone or a laptop).
    async fn open(test_name: &str, path: &str, (width, height): (u32, u32)) -> Option<Toolkit> {
        if !chromium_available(test_name) {
            return None;
        }
        let served = served_toolkit::serve();
        let browser = Browser::start().await.unwrap();
        emulation::set_viewport(browser.client(), width, height)
            .await
            .unwrap();
        browser.goto(&served.server.url(path)).await.unwrap();
        let page = Toolkit {
            browser,
            _served: served,
        };
        page.wait("return [...document.querySelectorAll('.assessment-app')].every((a) => a.dataset.ready);").await;
        Some(page)
    }

    async fn js(&self, code: &str) -> Value {
        self.browser.execute(code, vec![]).await.unwrap()
    }

    async fn wait(&self, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && self.js(condition).await != json!(true) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the option with `value` of each item of assessment `id`, scrolled to first.
    async fn choose(&self, id: &str, answers: &[(&str, &str)]) {
        for (item, value) in answers {
            let css = format!("#{id}-{item} input[value='{value}']");
            self.browser
                .execute(
                    "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
                    vec![json!(css)],
                )
                .await
                .unwrap();
            self.browser.click(&css).await.unwrap();
        }
    }

    async fn text(&self, css: &str) -> String {
        self.browser.text_of(css).await.unwrap()
    }
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
async fn core_values_at_serious_risk_hold_values_alignment_back_whatever_the_mean() {
    for screen in SCREENS {
        core_values_at_serious_risk_hold_values_alignment_back_whatever_the_mean_on(screen).await;
    }
}

async fn core_values_at_serious_risk_hold_values_alignment_back_whatever_the_mean_on(
    screen: (u32, u32),
) {
    let Some(t) = Toolkit::open(
        "core_values_at_serious_risk_hold_values_alignment_back_whatever_the_mean",
        "assessments/values-alignment/",
        screen,
    )
    .await
    else {
        return;
    };
    // Core values 1.8: the three problem statements fully agreed (reversed: 1 each), the two
    // hopeful ones neutral (3 each): (1 + 1 + 1 + 3 + 3) / 5 = 1.8.
    t.choose(
        "values-alignment",
        &[
            ("unfair-policies", "5"),
            ("looks-like-endorsement", "5"),
            ("pressure-to-comply", "5"),
            ("keep-our-ethics", "3"),
            ("real-good", "3"),
        ],
    )
    .await;
    // Every other section at 5 (the reversed `cornered` answered 1).
    let fives = [
        "open-to-views",
        "path-to-policy",
        "advocacy",
        "quality-service",
        "intern-influence",
        "time-limited",
        "depth-fits",
        "can-step-back",
        "field-team",
        "staff-carry-change",
        "clear-student-role",
    ];
    let mut answers: Vec<(&str, &str)> = fives.iter().map(|id| (*id, "5")).collect();
    answers.push(("cornered", "1"));
    t.choose("values-alignment", &answers).await;
    let overall = t.text("#assessment-values-alignment .js-overall").await;
    assert!(
        overall.starts_with(
            "Overall: 4.2 of 5: Keep communication open, without a partnership for now."
        ),
        "{overall}"
    );
    assert!(!overall.contains("Go ahead"), "{overall}");
    assert!(
        overall.contains("Held at this reading: The risk to our core values reads as serious."),
        "{overall}"
    );
    assert!(
        overall.contains("consider not entering the partnership, or ending it"),
        "{overall}"
    );

    // Core values at "some risk" (3.4) allow at best "Go ahead with safeguards".
    t.choose(
        "values-alignment",
        &[
            ("keep-our-ethics", "5"),
            ("real-good", "5"),
            ("unfair-policies", "3"),
            ("looks-like-endorsement", "3"),
        ],
    )
    .await;
    let overall = t.text("#assessment-values-alignment .js-overall").await;
    assert!(
        overall.starts_with("Overall: 4.6 of 5: Go ahead with safeguards."),
        "{overall}"
    );
    // With no risk left, the mean speaks for itself.
    t.choose(
        "values-alignment",
        &[
            ("unfair-policies", "1"),
            ("looks-like-endorsement", "1"),
            ("pressure-to-comply", "1"),
        ],
    )
    .await;
    let overall = t.text("#assessment-values-alignment .js-overall").await;
    assert!(
        overall.starts_with("Overall: 5 of 5: Go ahead."),
        "{overall}"
    );
    assert!(!overall.contains("Held at"), "{overall}");
    t.browser.close().await.unwrap();
}

#[tokio::test]
async fn readiness_waits_for_the_goal_then_the_duration_then_every_answer() {
    let Some(t) = Toolkit::open(
        "readiness_waits_for_the_goal_then_the_duration_then_every_answer",
        "assessments/partnership-readiness/",
        (1280, 800),
    )
    .await
    else {
        return;
    };
    let line =
        "#assessment-partnership-readiness .js-section-score[data-section='seven-questions']";
    t.choose("partnership-readiness", &[("goal", "3")]).await;
    let one = t.text(line).await;
    assert!(
        one.starts_with("Score: 3 of 3: Getting there."),
        "one answer is not ready: {one}"
    );
    assert!(
        one.contains("Members need to know this before recruitment begins."),
        "{one}"
    );
    let rest = [
        "why",
        "conveners",
        "duration",
        "capacity",
        "members",
        "sharing-results",
    ];
    t.choose("partnership-readiness", &rest.map(|id| (id, "3")))
        .await;
    assert!(t
        .text(line)
        .await
        .starts_with("Score: 3 of 3: Ready to invite members."));
    t.choose("partnership-readiness", &[("goal", "2")]).await;
    let unsettled = t.text(line).await;
    assert!(
        unsettled.starts_with("Score: 2.86 of 3: Too early to invite anyone."),
        "{unsettled}"
    );
    assert!(
        unsettled.contains("It needs a clear answer before anything else."),
        "{unsettled}"
    );
    t.browser.close().await.unwrap();
}

#[tokio::test]
async fn not_applicable_answers_count_as_answered_and_stay_out_of_means() {
    for screen in SCREENS {
        not_applicable_answers_count_as_answered_and_stay_out_of_means_on(screen).await;
    }
}

async fn not_applicable_answers_count_as_answered_and_stay_out_of_means_on(screen: (u32, u32)) {
    let Some(s) = open_on(
        "not_applicable_answers_count_as_answered_and_stay_out_of_means",
        "meeting-check/",
        screen,
    )
    .await
    else {
        return;
    };
    let app = "#assessment-meeting-check-app";
    s.choose(
        "meeting-check",
        &[
            ("plan-visit", "4"),
            ("share-notes", "na"),
            ("venue", "it-varies"),
        ],
    )
    .await;
    assert_eq!(
        s.text(&format!("{app} .js-progress-text")).await,
        "3 of 3 questions answered"
    );
    assert_eq!(
        s.score_line(app, "visits").await,
        "Score: 4 of 5, 1 not applicable: A strength."
    );
    assert_eq!(
        s.score_line(app, "format").await,
        "Score: every answer not applicable."
    );
    s.click(&format!("{app} .js-results")).await;
    let rows = s.table_rows(&format!("{app} .js-results-body")).await;
    assert_eq!(rows[0][1], json!("4 (1 to 5); 1 not applicable, left out"));
    assert_eq!(rows[1][1], json!("not applicable"));
    let csv = s.exported(app, "csv").await;
    assert!(
        csv.contains(r#""share-notes","We share visit notes the same week.","Don’t know","""#),
        "{csv}"
    );
    assert!(
        csv.contains(r#""venue","Where do we usually meet?","It varies","""#),
        "{csv}"
    );
    s.finish().await;
}
