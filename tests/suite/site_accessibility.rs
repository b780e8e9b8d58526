//! Accessibility of the real toolkit, built and served under `/toolkit/`, in headless Chromium:
//! axe-core finds no WCAG 2.2 AA violation on any kind of page, nor in the interactive states
//! (an assessment answered with its results showing, the search panel open with results), in
//! light and in dark mode, at 320 px and 1280 px; no page scrolls sideways (reflow); every
//! radio group sits in a fieldset whose first child is a non-empty legend (axe no longer checks
//! grouping); and screenshots of each go to `target/screenshots/`. A fixture of badly grouped
//! radios proves the grouping check can fail.

use crate::browser;
use crate::emulation;
use crate::page_probe;
use crate::served_toolkit;
use crate::site_server;
use crate::toolkit;
use crate::tools;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::{chromium_available, Browser};
use emulation::Scheme;
use served_toolkit::BASE_PATH;
use site_server::SiteServer;
use toolkit::{attribute_after, BuiltToolkit};

/// Pages every run must cover, one per kind the brief names, whatever their `data-kind`.
const REQUIRED_PAGES: &[&str] = &[
    "",
    "404.html",
    "principles/",
    "principles/why-engage/",
    "modules/module-five/",
    "strategic/competencies/",
    "readings/",
    "assessments/partnership-readiness/",
    "assessments/meeting-landscape/",
    "tags/",
    "tags/trust/",
    "roles/",
    "roles/leaders/",
    "site-index/",
];

/// The assessment answered in the interactive-state test.
const ASSESSMENT: &str = "assessments/partnership-readiness/";

/// The required pages plus one page of each other kind: the `data-kind` its template writes
/// on `<body>` and where it sits, so a new kind of page is covered without editing this test.
fn page_kind_samples(site: &BuiltToolkit) -> Vec<String> {
    let all = site.page_paths();
    let mut chosen: BTreeSet<String> = BTreeSet::new();
    for required in REQUIRED_PAGES {
        assert!(
            all.iter().any(|p| p == required),
            "the toolkit has no page {required:?}"
        );
        chosen.insert(required.to_string());
    }
    let mut shapes: BTreeSet<String> = BTreeSet::new();
    for path in &all {
        let kind = attribute_after(&site.html(path), "<body", "data-kind").unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let place = match segments.as_slice() {
            [first @ ("tags" | "roles"), rest @ ..] => format!("{first}-{}", rest.len()),
            deeper => format!("depth-{}", deeper.len()),
        };
        if shapes.insert(format!("{kind}-{place}")) {
            chosen.insert(path.clone());
        }
    }
    chosen.into_iter().collect()
}

/// A file-name-safe name for a page path: `home`, `principles-why-engage`, `404`.
fn sample_name(path: &str) -> String {
    let name = path
        .trim_end_matches(".html")
        .trim_matches('/')
        .replace('/', "-");
    if name.is_empty() {
        "home".to_string()
    } else {
        name
    }
}

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

/// In both schemes and at both widths: a screenshot, the reflow and radio checks, and axe.
/// `still_showing` (a JavaScript condition) must stay true throughout, so an interactive state
/// is really what gets checked.
async fn check_current_page(
    browser: &Browser,
    axe: &str,
    name: &str,
    still_showing: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for scheme in Scheme::BOTH {
        emulation::set_color_scheme(browser.client(), scheme)
            .await
            .unwrap();
        for width in [1280, 320] {
            let at = format!("{name} ({} mode, {width} px)", scheme.name());
            emulation::set_viewport(browser.client(), width, 900)
                .await
                .unwrap();
            let shot = screenshot_dir().join(format!("{name}-{width}-{}.png", scheme.name()));
            browser.screenshot(&shot).await.unwrap();
            let showing = browser
                .execute(&format!("return !!({still_showing});"), vec![])
                .await
                .unwrap();
            if showing != serde_json::json!(true) {
                problems.push(format!("{at}: no longer shows `{still_showing}`"));
            }
            let facts = page_probe::probe(browser, BASE_PATH).await.unwrap();
            if facts.overflows() {
                problems.push(format!(
                    "{at}: scrolls sideways (content is {} px wide)",
                    facts.scroll_width
                ));
            }
            problems.extend(facts.radio_problems.iter().map(|p| format!("{at}: {p}")));
            page_probe::inject_axe(browser, axe).await.unwrap();
            for violation in page_probe::axe_violations(browser).await.unwrap() {
                problems.push(format!("{at}: {violation}"));
            }
        }
    }
    problems
}

/// What an axe check needs: axe-core's source, the real toolkit served, and a browser.
struct AxeSession {
    axe: String,
    served: served_toolkit::ServedToolkit,
    browser: Browser,
}

/// `None` (the test skips) when Chromium or axe-core is not available outside CI.
async fn axe_session(test_name: &str) -> Option<AxeSession> {
    if !chromium_available(test_name) {
        return None;
    }
    let axe = tools::axe_source(test_name)?;
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    Some(AxeSession {
        axe,
        served,
        browser,
    })
}

fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_passes_axe_and_reflows_in_light_and_dark_mode_at_320_and_1280px() {
    let test_name =
        "every_page_kind_passes_axe_and_reflows_in_light_and_dark_mode_at_320_and_1280px";
    let Some(session) = axe_session(test_name).await else {
        return;
    };
    let (browser, axe) = (&session.browser, &session.axe);
    let mut problems = Vec::new();
    for path in page_kind_samples(&session.served.site) {
        browser
            .goto(&session.served.server.url(&path))
            .await
            .unwrap();
        problems
            .extend(check_current_page(browser, axe, &sample_name(&path), "document.body").await);
    }
    session.browser.close().await.unwrap();
    assert_no_problems(&problems);
}

/// Answers every question of the assessment on the current page (radios spread over their
/// range, text in every text box), then asks for the results and waits for the chart.
async fn answer_and_show_results(browser: &Browser) {
    page_probe::wait_until(
        browser,
        "document.querySelector('.assessment-app[data-ready]')",
        Duration::from_secs(10),
    )
    .await
    .unwrap();
    browser
        .execute(
            "const groups = new Map();
             for (const radio of document.querySelectorAll('form.assessment input[type=radio]')) {
               if (!groups.has(radio.name)) groups.set(radio.name, []);
               groups.get(radio.name).push(radio);
             }
             let i = 0;
             for (const radios of groups.values()) radios[i++ % radios.length].click();
             for (const area of document.querySelectorAll('form.assessment textarea')) {
               area.value = 'We meet every month.';
               area.dispatchEvent(new Event('input', { bubbles: true }));
             }",
            vec![],
        )
        .await
        .unwrap();
    browser.click(".assessment-app .js-results").await.unwrap();
    page_probe::wait_until(browser, RESULTS_SHOWING, Duration::from_secs(10))
        .await
        .unwrap();
}

const RESULTS_SHOWING: &str =
    "document.querySelector('.js-results-panel:not([hidden]) .js-results-body .assessment-chart')";
const SEARCH_SHOWING: &str =
    "document.querySelector('.search-panel:not([hidden]) #search-results [role=option]')";

/// Opens `path` in a fresh browser, brings it into an interactive state with `prepare`, and
/// checks it (see [`check_current_page`]) while `showing` holds.
async fn check_interactive_state<F, Fut>(
    test_name: &str,
    path: &str,
    name: &str,
    showing: &str,
    prepare: F,
) where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = Browser>,
{
    let Some(session) = axe_session(test_name).await else {
        return;
    };
    let url = session.served.server.url(path);
    session.browser.goto(&url).await.unwrap();
    let browser = prepare(session.browser).await;
    let problems = check_current_page(&browser, &session.axe, name, showing).await;
    browser.close().await.unwrap();
    assert_no_problems(&problems);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answered_assessment_with_its_results_showing_passes_axe_and_reflows() {
    check_interactive_state(
        "an_answered_assessment_with_its_results_showing_passes_axe_and_reflows",
        ASSESSMENT,
        "assessment-results",
        RESULTS_SHOWING,
        |browser| async {
            answer_and_show_results(&browser).await;
            browser
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_panel_open_with_results_passes_axe_and_reflows() {
    check_interactive_state(
        "the_search_panel_open_with_results_passes_axe_and_reflows",
        "principles/",
        "search-open",
        SEARCH_SHOWING,
        |browser| async {
            page_probe::show_search_results(&browser, "partner")
                .await
                .unwrap();
            browser
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_radio_check_reports_every_badly_grouped_radio() {
    if !chromium_available("the_radio_check_reports_every_badly_grouped_radio") {
        return;
    }
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checks-radio-grouping");
    let server = SiteServer::start(&fixture, BASE_PATH).unwrap();
    let browser = Browser::start().await.unwrap();
    browser.goto(&server.url("")).await.unwrap();
    let facts = page_probe::probe(&browser, BASE_PATH).await.unwrap();
    browser.close().await.unwrap();
    assert_eq!(
        facts.radio_problems,
        [
            r#"radio name="loose" value="a" is not inside a fieldset"#,
            r#"radio name="legend-second" value="a": its fieldset does not start with a non-empty legend"#,
            r#"radio name="empty-legend" value="a": its fieldset does not start with a non-empty legend"#,
            r#"radio name="no-legend" value="a": its fieldset does not start with a non-empty legend"#,
            r#"the radio group "split" is split over 2 fieldsets"#,
        ]
    );
}
