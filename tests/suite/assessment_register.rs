//! A register (a table filled row by row, here the fixture's partner list) in headless
//! Chromium, used as a director would: adding three partners by keyboard, exporting them as
//! JSON and CSV and importing both back, printing the table without its controls, opening each
//! partner's assessment record from its row and seeing its overall reading beside the row.
//! Imported cells are untrusted and shown as text. The three-partner walk runs on a phone
//! (390×844) and on a laptop (1280×800).

use crate::assessment_page;
use crate::emulation;

use assessment_page::{Session, REVIEW, SCORED_REVIEW, SCREENS, XSS};
use serde_json::{json, Value};

const APP: &str = "#register-partners-app";

async fn wait_ready(s: &Session) {
    s.wait_until(&format!(
        "return document.querySelector('{APP}').dataset.ready === 'true';"
    ))
    .await;
}

async fn rows(s: &Session) -> Value {
    s.table_rows(&format!("{APP} .register-table")).await
}

/// Adds a row through the editor: the name typed, the rating picked by typing on the select.
async fn add_row(s: &Session, name: &str, rating: &str) {
    s.click(&format!("{APP} .js-add")).await;
    s.type_into("#register-partners-partner", name).await;
    s.type_into("#register-partners-rating", rating).await;
    s.click(&format!("{APP} .js-editor button[type=submit]"))
        .await;
}

/// The register's status line once it says something.
async fn status(s: &Session) -> String {
    s.wait_until(&format!(
        "return document.querySelector('{APP} .assessment-status').textContent !== '';"
    ))
    .await;
    s.text(&format!("{APP} .assessment-status")).await
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
async fn a_register_of_three_partners_exports_imports_prints_and_opens_their_records() {
    for screen in SCREENS {
        a_register_of_three_partners_exports_imports_prints_and_opens_their_records_on(screen)
            .await;
    }
}

async fn a_register_of_three_partners_exports_imports_prints_and_opens_their_records_on(
    screen: (u32, u32),
) {
    let Some(s) = open_on(
        "a_register_of_three_partners_exports_imports_prints_and_opens_their_records",
        "partner-review/",
        screen,
    )
    .await
    else {
        return;
    };
    s.browser.goto(&s.server.url("partners/")).await.unwrap();
    wait_ready(&s).await;
    assert_eq!(
        rows(&s).await,
        json!([["No rows yet. Use “Add a row” to start."]])
    );

    // A required name: saving without it flags the field, typing clears the flag.
    s.click(&format!("{APP} .js-add")).await;
    s.click(&format!("{APP} .js-editor button[type=submit]"))
        .await;
    assert_eq!(
        s.text("#register-partners-partner-error").await,
        "Please fill in: Partner agency."
    );
    s.type_into("#register-partners-partner", "Riverside").await;
    assert_eq!(
        s.js(&format!(
            "return document.querySelectorAll('{APP} .item__error').length;"
        ))
        .await,
        json!(0)
    );
    s.type_into("#register-partners-rating", "2").await;
    s.click(&format!("{APP} .js-editor button[type=submit]"))
        .await;
    add_row(&s, "Hillcrest – 山", "3").await;
    add_row(&s, "Ōtautahi Whānau 🌿", "1").await;
    assert_eq!(status(&s).await, "Saved the row Ōtautahi Whānau 🌿.");
    let three = rows(&s).await;
    assert_eq!(three.as_array().unwrap().len(), 3);
    assert_eq!(three[0][0], json!("Riverside"));
    assert_eq!(three[0][1], json!("2"));
    assert_eq!(three[1][0], json!("Hillcrest – 山"));
    assert_eq!(three[0][4], json!("Start “Partner review” for Riverside"));

    // Export both ways, delete everything, import each back.
    let json_text = s.exported(APP, "json").await;
    let csv = s.exported(APP, "csv").await;
    assert!(csv.starts_with("\"Partner agency\",\"Rating\",\"Last met\",\"Notes\"\r\n\"Riverside\",\"2\",\"\",\"\"\r\n"), "{csv}");
    s.js("window.confirm = () => true;").await;
    s.click(&format!("{APP} .js-delete-all")).await;
    assert_eq!(
        rows(&s).await.as_array().unwrap().len(),
        1,
        "only the 'no rows yet' line"
    );
    s.choose_files(
        &format!("{APP} .js-import"),
        &[("partners.json", json_text)],
    )
    .await;
    assert_eq!(status(&s).await, "Imported 3 rows from partners.json.");
    assert_eq!(rows(&s).await, three);
    s.click(&format!("{APP} .js-delete-all")).await;
    s.choose_files(&format!("{APP} .js-import"), &[("partners.csv", csv)])
        .await;
    assert_eq!(rows(&s).await, three);

    // Printed: the table, without the editor, buttons or import.
    emulation::emulate_print(s.browser.client(), true)
        .await
        .unwrap();
    let printed = s
        .js(&format!(
            "const shown = (css) => [...document.querySelectorAll(css)].filter((e) => e.offsetParent !== null).length;
             return [shown('{APP} .register-table'), shown('{APP} .js-add'), shown('{APP} .js-import'), shown('{APP} .js-edit')];"
        ))
        .await;
    assert_eq!(printed, json!([1, 0, 0, 0]));
    emulation::emulate_print(s.browser.client(), false)
        .await
        .unwrap();

    // The row opens Riverside's record in the partner review; its reading comes back beside it.
    s.js(&format!(
        "document.querySelector('{APP} tbody tr a').scrollIntoView({{ block: 'center' }});"
    ))
    .await;
    s.click(&format!("{APP} tbody tr a")).await;
    s.wait_until("return document.querySelector('#assessment-partner-review-app')?.dataset.ready === 'true';").await;
    assert_eq!(
        s.answers("partner-review").await["subject"],
        json!("Riverside")
    );
    s.choose("partner-review", SCORED_REVIEW).await;
    s.browser.goto(&s.server.url("partners/")).await.unwrap();
    wait_ready(&s).await;
    let rows_now = rows(&s).await;
    assert_eq!(
        rows_now[0][4],
        json!("Open the record for Riverside Overall 3.25: Overall borderline")
    );
    // A second partner's row starts a record of its own, named after it.
    s.click(&format!("{APP} tbody tr:nth-child(2) a")).await;
    s.wait_until("return document.querySelector('#assessment-partner-review-app')?.dataset.ready === 'true';").await;
    let names = s.js(&format!("return [...document.querySelectorAll('{REVIEW} .js-record option')].map((o) => o.textContent);")).await;
    assert_eq!(names, json!(["Riverside", "Hillcrest – 山"]));
    s.finish().await;
}

#[tokio::test]
async fn imported_register_cells_are_checked_and_shown_as_text() {
    let Some(s) = Session::open_at(
        "imported_register_cells_are_checked_and_shown_as_text",
        "two-forms/",
    )
    .await
    else {
        return;
    };
    s.browser.goto(&s.server.url("partners/")).await.unwrap();
    wait_ready(&s).await;
    let hostile = json!({"format": "partnerkit-register", "register": "partners", "version": "1",
        "rows": [{"id": "a", "cells": {"partner": XSS, "notes": XSS, "met": "2026-12-04"}}]});
    s.choose_files(
        &format!("{APP} .js-import"),
        &[("hostile.json", hostile.to_string())],
    )
    .await;
    let shown = rows(&s).await;
    assert_eq!(shown[0][0], json!(XSS));
    assert_eq!(shown[0][2], json!("2026-12-04"));
    assert_eq!(shown[0][3], json!(XSS));
    let bad = json!({"format": "partnerkit-register", "register": "partners", "version": "1",
        "rows": [{"cells": {"partner": "x", "rating": "7"}}]});
    s.choose_files(
        &format!("{APP} .js-import"),
        &[("bad.json", bad.to_string())],
    )
    .await;
    assert_eq!(
        s.text(&format!("{APP} .js-notice")).await,
        "Import failed: Row 1: “7” is not one of the choices for “Rating”."
    );
    s.finish().await;
}
