//! The team view, in headless Chromium: several people's exported files for one assessment
//! give per section and per item the mean, lowest and highest answer and how many answered,
//! flag the items whose answers lie 2 points or more apart, skip (and name) a file that does
//! not match, and upload nothing.

#[path = "support/assessment_page.rs"]
mod assessment_page;
#[path = "support/browser.rs"]
mod browser;
#[path = "support/site_server.rs"]
mod site_server;

use assessment_page::{review_file, Session, REVIEW};
use serde_json::{json, Value};

const DISCUSS: &str = "Talk this through: answers differ by 2 or more";

fn person(name: &str, meet: u8, gaps: u8, listen: u8) -> (String, String) {
    let answers =
        json!({"meet": meet.to_string(), "gaps": gaps.to_string(), "listen": listen.to_string()});
    (format!("{name}.json"), review_file("2", name, answers))
}

async fn team_tables(s: &Session) -> Value {
    s.js(&format!(
        "return [...document.querySelectorAll('{REVIEW} .js-team table')].map((t) =>
           [t.caption.textContent, [...t.tBodies[0].rows].map((tr) => [tr.className, ...[...tr.cells].map((c) => c.textContent)])]);"
    ))
    .await
}

#[tokio::test]
async fn team_view_of_three_files_shows_means_ranges_and_flags_items_to_discuss() {
    let Some(s) = Session::open_at(
        "team_view_of_three_files_shows_means_ranges_and_flags_items_to_discuss",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let files = [
        person("ana", 5, 1, 3),
        person("ben", 4, 2, 3),
        person("cy", 1, 2, 4),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    s.choose_files(&format!("{REVIEW} .js-team-files"), &files)
        .await;
    assert_eq!(s.status(REVIEW).await, "Team view: 3 responses read.");
    // Section scores per person: contact = mean(meet, 6 - gaps) = 5, 4, 2.5; listening = 3, 3, 4.
    // Item figures are the answers as given (a reverse item is not reversed).
    assert_eq!(
        team_tables(&s).await,
        json!([
            [
                "Section scores across the team",
                [
                    ["", "Regular contact", "3.83", "2.5", "5", "3"],
                    ["", "Listening", "3.33", "3", "4", "3"]
                ]
            ],
            [
                "Regular contact: answers by item",
                [
                    [
                        "is-flagged",
                        "We meet regularly.",
                        "3.33",
                        "1",
                        "5",
                        "3",
                        DISCUSS
                    ],
                    [
                        "",
                        "Months pass without contact.",
                        "1.67",
                        "1",
                        "2",
                        "3",
                        ""
                    ]
                ]
            ],
            [
                "Listening: answers by item",
                [
                    ["", "We listen before fixing.", "3.33", "3", "4", "3", ""],
                    ["", "We check what we heard.", "–", "–", "–", "0", ""]
                ]
            ]
        ])
    );
    // The team's files are only read: the reader's own saved answers are untouched.
    assert_eq!(
        s.js("return Object.keys(localStorage).filter((k) => k.startsWith('partnerkit-assessment')).length;").await,
        json!(0)
    );
    s.finish().await;
}

#[tokio::test]
async fn team_view_skips_a_file_that_does_not_match_and_names_it() {
    let Some(s) = Session::open_at(
        "team_view_skips_a_file_that_does_not_match_and_names_it",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let (a, b) = (person("ana", 5, 1, 3), person("ben", 3, 2, 3));
    let files = [
        (a.0.as_str(), a.1.clone()),
        ("notes.json", "not json".to_string()),
        (b.0.as_str(), b.1.clone()),
    ];
    s.choose_files(&format!("{REVIEW} .js-team-files"), &files)
        .await;
    assert_eq!(
        s.status(REVIEW).await,
        "Team view: 2 responses read, 1 file skipped."
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .js-team .assessment-problems"))
            .await,
        "notes.json: The file is not valid JSON."
    );
    let tables = team_tables(&s).await;
    // meet 5 and 3 lie 2 apart: flagged; listen 3 and 3: not.
    assert_eq!(
        tables[1][1][0],
        json!([
            "is-flagged",
            "We meet regularly.",
            "4",
            "3",
            "5",
            "2",
            DISCUSS
        ])
    );
    assert_eq!(
        tables[2][1][0],
        json!(["", "We listen before fixing.", "3", "3", "3", "2", ""])
    );
    s.finish().await;
}
