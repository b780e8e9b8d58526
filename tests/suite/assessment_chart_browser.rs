//! The results chart of an assessment, in headless Chromium at 390×844 and 1280×800, light and
//! dark: every word on it is at least 12 px; each bar has its band's colour and the band's name
//! in words beside it (two bands, two colours); the bars share one length scale and an axis
//! under them shows the scale's values, lined up with the bars; nothing leaves the screen
//! sideways. Screenshots under `target/screenshots/assessment-chart-*.png`.

use crate::assessment_page;
use crate::emulation;

use std::path::PathBuf;

use assessment_page::{Session, REVIEW, SCORED_REVIEW};
use emulation::Scheme;
use serde_json::{json, Value};

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

/// What a reader sees of the chart: each row's words, bar share and colour; the axis ticks and
/// where they sit against the track; the smallest type used; the chart's right edge.
const CHART: &str = "
const chart = document.querySelector(arguments[0] + ' .js-results-body .assessment-chart');
chart.scrollIntoView();
const box = (e) => e.getBoundingClientRect();
const rows = [...chart.querySelectorAll('.chart-row')].map((row) => ({
  text: row.textContent,
  share: Math.round(box(row.querySelector('.chart-bar')).width / box(row.querySelector('.chart-track')).width * 1000) / 1000,
  colour: getComputedStyle(row.querySelector('.chart-bar')).backgroundColor,
}));
const track = box(chart.querySelector('.chart-track'));
const ticks = [...chart.querySelectorAll('.chart-tick')].map((t) => {
  const b = box(t);
  return [t.textContent, Math.round((b.left + b.width / 2 - track.left) / track.width * 100)];
});
const words = [...chart.querySelectorAll('.chart-label, .chart-value, .chart-band, .chart-tick, .chart-title')]
  .filter((e) => e.getClientRects().length && e.textContent.trim());
const smallest = Math.min(...words.map((e) => parseFloat(getComputedStyle(e).fontSize)));
return { rows, ticks, smallest, words: words.length, right: box(chart).right, width: innerWidth,
         overflow: document.documentElement.scrollWidth > innerWidth };
";

#[tokio::test]
async fn the_results_chart_reads_on_a_phone_with_band_colours_names_and_an_axis() {
    let Some(s) = Session::open_at(
        "the_results_chart_reads_on_a_phone_with_band_colours_names_and_an_axis",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let client = s.browser.client().clone();
    s.type_into("#partner-review-subject", "Riverside").await;
    s.choose("partner-review", SCORED_REVIEW).await;
    for (width, height) in [(390, 844), (1280, 800)] {
        emulation::set_viewport(&client, width, height)
            .await
            .unwrap();
        s.click(&format!("{REVIEW} .js-results")).await;
        assert!(
            s.wait_until(&format!(
                "return !!document.querySelector('{REVIEW} .js-results-body .assessment-chart');"
            ))
            .await,
            "the chart shows"
        );
        let state: Value = s.js_with(CHART, vec![json!(REVIEW)]).await;
        let at = format!("{width}x{height}: {state}");
        assert!(state["smallest"].as_f64().unwrap() >= 12.0, "{at}");
        assert!(state["words"].as_u64().unwrap() >= 9, "{at}");
        assert!(
            state["right"].as_f64().unwrap() <= width as f64 && state["overflow"] == json!(false),
            "{at}"
        );
        // contact 4 on 1 to 5 (A strength), listening 2.5 (A concern): shares 0.75 and 0.375.
        let rows = state["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{at}");
        assert!(
            rows[0]["text"].as_str().unwrap().contains("A strength"),
            "{at}"
        );
        assert!(
            rows[1]["text"].as_str().unwrap().contains("A concern"),
            "{at}"
        );
        assert!(
            (rows[0]["share"].as_f64().unwrap() - 0.75).abs() < 0.02,
            "{at}"
        );
        assert!(
            (rows[1]["share"].as_f64().unwrap() - 0.375).abs() < 0.02,
            "{at}"
        );
        assert_ne!(
            rows[0]["colour"], rows[1]["colour"],
            "a colour per band: {at}"
        );
        // The axis: the scale's values 1 to 5, each under its place on the bars.
        assert_eq!(
            state["ticks"],
            json!([["1", 0], ["2", 25], ["3", 50], ["4", 75], ["5", 100]]),
            "{at}"
        );
        let mut colours = Vec::new();
        for (scheme, name) in [(Scheme::Light, "light"), (Scheme::Dark, "dark")] {
            emulation::set_color_scheme(&client, scheme).await.unwrap();
            let state: Value = s.js_with(CHART, vec![json!(REVIEW)]).await;
            colours.push(state["rows"][0]["colour"].clone());
            let path =
                screenshot_dir().join(format!("assessment-chart-{width}x{height}-{name}.png"));
            s.browser.screenshot(path).await.unwrap();
        }
        assert_ne!(colours[0], colours[1], "dark mode has its own band colours");
        emulation::set_color_scheme(&client, Scheme::Light)
            .await
            .unwrap();
    }
}
