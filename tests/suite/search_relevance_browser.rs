//! Whether search serves the toolkit's readers, in headless Chromium against the real toolkit
//! (this repository's `content/`) served under `/toolkit/`: every query of
//! `tests/fixtures/search-relevance.yaml` (what students, staff and directors type) puts the
//! page it names first, at the heading it names; no excerpt shown for any of them holds a
//! `#tag` or a list of roles (the page furniture the index leaves out); and an assessment
//! question's own words find that assessment, open at that question.

use crate::browser;
use crate::search_ui;
use crate::served_toolkit;
use crate::toolkit;

use browser::{chromium_available, Browser};
use search_ui::{panel_state, wait_until};
use serde::Deserialize;
use serde_json::{json, Value};

/// One line of the relevance file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    query: String,
    page: String,
    heading: Option<String>,
}

fn expectations() -> Vec<Expectation> {
    let path = toolkit::repository_root().join("tests/fixtures/search-relevance.yaml");
    let text = std::fs::read_to_string(&path).expect("read the relevance file");
    serde_yaml::from_str(&text).expect("the relevance file is a list of query/page/heading")
}

/// The role titles `config.yaml` declares: two of them side by side in an excerpt are a role list.
fn role_titles() -> Vec<String> {
    let config = toolkit::repository_root().join("config.yaml");
    let config: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(config).unwrap()).unwrap();
    let titles: Vec<String> = config["roles"]
        .as_sequence()
        .expect("config.yaml declares roles")
        .iter()
        .map(|role| role["title"].as_str().unwrap().to_string())
        .collect();
    assert!(titles.len() >= 2, "{titles:?}");
    titles
}

/// What is wrong with an excerpt: a `#tag`, or two role titles with only punctuation between.
fn furniture_in(excerpt: &str, roles: &[String]) -> Option<String> {
    let chars: Vec<char> = excerpt.chars().collect();
    if let Some(at) = chars
        .windows(2)
        .position(|w| w[0] == '#' && w[1].is_alphanumeric())
    {
        return Some(format!("a #tag at {at}"));
    }
    for first in roles {
        for second in roles {
            for glue in [", ", ". ", " ", "; "] {
                let pair = format!("{first}{glue}{second}");
                if excerpt.contains(&pair) {
                    return Some(format!("the role list {pair:?}"));
                }
            }
        }
    }
    None
}

/// Runs `query` as a reader who types it into the box would (the whole query at once, so no
/// intermediate search can be mistaken for its results) and returns the panel's state.
async fn results_for(browser: &Browser, query: &str) -> Value {
    let set = "const input = document.getElementById('search-input'); input.focus();
               input.value = arguments[0]; input.dispatchEvent(new Event('input', { bubbles: true }));";
    browser.execute(set, vec![json!("")]).await.unwrap();
    wait_until(
        browser,
        "(document.querySelector('.search-panel__status')?.textContent ?? '') === ''",
        "the panel to clear",
    )
    .await;
    browser.execute(set, vec![json!(query)]).await.unwrap();
    wait_until(
        browser,
        "document.querySelector('.search-panel__status')?.textContent",
        &format!("results for {query:?}"),
    )
    .await;
    panel_state(browser).await
}

#[tokio::test]
async fn every_reader_query_finds_its_page_first_with_clean_excerpts() {
    if !chromium_available("every_reader_query_finds_its_page_first_with_clean_excerpts") {
        return;
    }
    let expectations = expectations();
    assert!(expectations.len() >= 20, "at least 20 reader queries");
    let roles = role_titles();
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser.goto(&served.server.url("")).await.unwrap();
    browser.click("#search-input").await.unwrap();

    let mut problems = Vec::new();
    for expected in &expectations {
        let state = results_for(&browser, &expected.query).await;
        let want = match &expected.heading {
            Some(heading) => format!("/toolkit/{}#{heading}", expected.page),
            None => format!("/toolkit/{}", expected.page),
        };
        let first = state["options"][0]["href"].as_str().unwrap_or("(nothing)");
        let found = match expected.heading {
            Some(_) => first == want,
            None => first.split('#').next() == Some(want.as_str()),
        };
        if !found {
            problems.push(format!(
                "{:?}: first is {first}, wanted {want}",
                expected.query
            ));
        }
        for option in state["options"].as_array().unwrap() {
            let text = option["text"].as_str().unwrap();
            if let Some(problem) = furniture_in(text, &roles) {
                problems.push(format!("{:?}: {problem} in {text:?}", expected.query));
            }
        }
    }
    browser.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn a_question_finds_its_assessment_and_opens_the_form_there() {
    if !chromium_available("a_question_finds_its_assessment_and_opens_the_form_there") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    browser.goto(&served.server.url("")).await.unwrap();
    browser.click("#search-input").await.unwrap();
    let state = results_for(&browser, "Differences in power between our agencies").await;
    let target = "/toolkit/assessments/how-well-are-we-partnering/#how-well-are-we-partnering-power-imbalance";
    assert_eq!(state["options"][0]["href"], json!(target), "{state}");
    browser.click("#search-option-0").await.unwrap();
    wait_until(
        &browser,
        "location.hash === '#how-well-are-we-partnering-power-imbalance'",
        "the assessment at the question",
    )
    .await;
    // The anchor is the question itself, on the form, in view.
    let question = browser
        .execute(
            "const q = document.getElementById('how-well-are-we-partnering-power-imbalance');
             const box = q.getBoundingClientRect();
             return [q.closest('form.assessment') !== null, q.querySelector('legend').textContent.trim(),
                     box.top > -1 && box.top < innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        question,
        json!([
            true,
            "Differences in power between our agencies keep the partner from speaking freely.",
            true
        ])
    );
    browser.close().await.unwrap();
}

#[test]
fn furniture_in_finds_tags_and_role_lists_only() {
    let roles = vec![
        "Agency leadership".to_string(),
        "Frontline staff".to_string(),
    ];
    assert!(furniture_in("values. #ethics. #values.", &roles).is_some());
    assert!(furniture_in("Agency leadership, Frontline staff. Reads power", &roles).is_some());
    assert!(furniture_in("Agency leadership sets aside resources", &roles).is_none());
    assert!(furniture_in("No tag here, only a #", &roles).is_none());
}
