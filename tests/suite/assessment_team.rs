//! The team view, in headless Chromium: several people's exported files for one assessment
//! give per section and per item the mean, lowest and highest answer and how many answered,
//! flag the items whose answers lie 2 points or more apart, skip (and name) a file that does
//! not match, and upload nothing. Four files about two partners keep the partners apart, on a
//! phone (390×844) and on a laptop (1280×800).

use crate::assessment_page;
use crate::emulation;

use assessment_page::{review_file, Session, REVIEW, SCREENS};
use serde_json::{json, Value};

const DISCUSS: &str = "Talk this through";

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
    // Each person's answer has a column of its own (named as the file is), after the flag.
    assert_eq!(
        team_tables(&s).await,
        json!([
            [
                "Section scores across the team",
                [
                    ["", "Regular contact", "3.83: Borderline", "2.5", "5", "3"],
                    ["", "Listening", "3.33: Borderline", "3", "4", "3"]
                ]
            ],
            [
                "Regular contact: answers by item",
                [
                    [
                        "is-flagged",
                        "We meet regularly.",
                        DISCUSS,
                        "3.33",
                        "1",
                        "5",
                        "3",
                        "",
                        "Strongly agree",
                        "Agree",
                        "Strongly disagree"
                    ],
                    [
                        "",
                        "Months pass without contact. (reversed item: answers shown as given)",
                        "",
                        "1.67",
                        "1",
                        "2",
                        "3",
                        "",
                        "Strongly disagree",
                        "Disagree",
                        "Disagree"
                    ]
                ]
            ],
            [
                "Listening: answers by item",
                [
                    [
                        "",
                        "We listen before fixing.",
                        "",
                        "3.33",
                        "3",
                        "4",
                        "3",
                        "",
                        "Neutral",
                        "Neutral",
                        "Agree"
                    ],
                    [
                        "",
                        "We check what we heard.",
                        "",
                        "–",
                        "–",
                        "–",
                        "0",
                        "",
                        "",
                        "",
                        ""
                    ]
                ]
            ]
        ])
    );
    assert_eq!(
        s.js(&format!("return [...document.querySelectorAll('{REVIEW} .js-team table')[1].tHead.rows[0].cells].slice(7).map((c) => c.textContent);")).await,
        json!(["ana.json", "ben.json", "cy.json"])
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .team-summary")).await,
        "3 responses. 1 question to talk through."
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
        s.text(&format!("{REVIEW} .js-team-problems")).await,
        "notes.json: The file is not valid JSON."
    );
    let tables = team_tables(&s).await;
    // meet 5 and 3 lie 2 apart: flagged; listen 3 and 3: not.
    assert_eq!(
        tables[1][1][0],
        json!([
            "is-flagged",
            "We meet regularly.",
            DISCUSS,
            "4",
            "3",
            "5",
            "2",
            "",
            "Strongly agree",
            "Neutral"
        ])
    );
    assert_eq!(
        tables[2][1][0],
        json!([
            "",
            "We listen before fixing.",
            "",
            "3",
            "3",
            "3",
            "2",
            "",
            "Neutral",
            "Neutral"
        ])
    );
    s.finish().await;
}

/// The body cells of every team table of the meeting check, table by table, row by row.
async fn meeting_tables(s: &Session) -> Value {
    s.js("return [...document.querySelectorAll('#assessment-meeting-check-app .js-team table')].map((t) =>
            [...t.tBodies[0].rows].map((tr) => [...tr.cells].map((c) => c.textContent)));")
        .await
}

/// The cells `from..to` of a table row.
fn slice(row: &Value, from: usize, to: usize) -> Value {
    let cells = row.as_array().expect("a row");
    Value::Array(cells[from..to.min(cells.len())].to_vec())
}

/// A file of one person's records about several partners: `(partner, meet, venue)` each.
fn meeting_file(name: &str, records: &[(&str, &str, &str)]) -> (String, String) {
    let records: Vec<Value> = records
        .iter()
        .map(|(partner, plan, venue)| json!({"name": partner, "subject": partner, "answers": {"plan-visit": plan, "venue": venue}}))
        .collect();
    let file = json!({"format": "partnerkit-assessment", "assessment": "meeting-check", "version": "1", "answerFormat": 2, "records": records});
    (format!("{name}.json"), file.to_string())
}

#[tokio::test]
async fn team_view_of_four_files_keeps_two_partners_apart() {
    for screen in SCREENS {
        team_view_of_four_files_keeps_two_partners_apart_on(screen).await;
    }
}

async fn team_view_of_four_files_keeps_two_partners_apart_on(screen: (u32, u32)) {
    let Some(s) = open_on(
        "team_view_of_four_files_keeps_two_partners_apart",
        "meeting-check/",
        screen,
    )
    .await
    else {
        return;
    };
    let app = "#assessment-meeting-check-app";
    // Ana's file holds both partners; Ben and Cy rated Riverside, Dee rated Hillcrest.
    let files = [
        meeting_file(
            "ana",
            &[
                ("Riverside", "5", "at-our-office"),
                ("Hillcrest", "1", "at-their-office"),
            ],
        ),
        meeting_file("ben", &[("Riverside", "2", "at-our-office")]),
        meeting_file("cy", &[("Riverside", "na", "it-varies")]),
        meeting_file("dee", &[("Hillcrest", "2", "café-online")]),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    s.choose_files(&format!("{app} .js-team-files"), &files)
        .await;
    assert_eq!(
        s.status(app).await,
        "Team view: 5 responses read about 2 subjects; showing Riverside."
    );
    // Riverside: plan-visit 5, 2 and one "don't know" (left out): mean 3.5, flagged (3 apart).
    let riverside = meeting_tables(&s).await;
    assert_eq!(
        riverside[0][0],
        json!(["Home visits", "3.5: Borderline", "2", "5", "2"])
    );
    assert_eq!(
        slice(&riverside[1][0], 0, 7),
        json!([
            "We plan joint visits together.",
            DISCUSS,
            "3.5",
            "2",
            "5",
            "2 (+1 not applicable)",
            "Strongly agree: 1; Disagree: 1; Don’t know: 1"
        ])
    );
    assert_eq!(
        slice(&riverside[1][0], 7, usize::MAX),
        json!(["Strongly agree", "Disagree", "Don’t know"])
    );
    // Choice answers by option label, with how many chose each.
    assert_eq!(riverside[2][0][6], json!("At our office: 2; It varies: 1"));
    assert_eq!(
        s.text(&format!("{app} .team-summary")).await,
        "3 responses. 1 question to talk through."
    );
    // Hillcrest, chosen by keyboard: only Ana's second record and Dee's.
    s.type_into(&format!("{app} .js-team-subject"), "Hillcrest")
        .await;
    let hillcrest = meeting_tables(&s).await;
    assert_eq!(
        hillcrest[0][0],
        json!(["Home visits", "1.5: A concern", "1", "2", "2"])
    );
    assert_eq!(
        slice(&hillcrest[1][0], 7, usize::MAX),
        json!(["Strongly disagree", "Disagree"])
    );
    assert_eq!(
        hillcrest[2][0][6],
        json!("At their office: 1; Online, or in a café: 1")
    );
    assert_eq!(
        s.js(&format!("return [...document.querySelectorAll('{app} .js-team table')[1].tHead.rows[0].cells].slice(7).map((c) => c.textContent);")).await,
        json!(["ana.json (Hillcrest)", "dee.json"])
    );
    assert_eq!(
        s.text(&format!("{app} .team-summary")).await,
        "2 responses. 0 questions to talk through."
    );
    s.finish().await;
}
