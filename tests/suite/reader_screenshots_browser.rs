//! Every kind of page of the real toolkit at 390×844 and 1280×800, light and dark, in headless
//! Chromium: a screenshot of each under `target/screenshots/reader-*.png` to look at, and on
//! each the checks a reader notices first: the H1 starts within the first 200 px on a phone,
//! the content starts in the left third, nothing scrolls sideways, and the page background
//! follows the colour scheme.

use crate::browser;
use crate::emulation;
use crate::served_toolkit;
use crate::toolkit;

use std::collections::BTreeMap;
use std::path::PathBuf;

use browser::{chromium_available, Browser};
use emulation::Scheme;
use serde_json::Value;
use toolkit::attribute_after;

/// One page of each `data-kind`, the home page, a section and the print page.
fn samples(site: &toolkit::BuiltToolkit) -> BTreeMap<String, String> {
    let mut chosen = BTreeMap::new();
    for path in site.page_paths() {
        let html = site.html(&path);
        let kind = attribute_after(&html, "<body", "data-kind").unwrap_or_default();
        let name = match path.as_str() {
            "" => "home".to_string(),
            "print/" => "print".to_string(),
            "modules/" => "section".to_string(),
            _ => kind,
        };
        chosen.entry(name).or_insert(path);
    }
    chosen
}

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_at_phone_and_laptop_size_in_light_and_dark() {
    if !chromium_available("reader_screenshots") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    let mut problems = Vec::new();
    let samples = samples(&served.site);
    assert!(samples.len() >= 8, "too few page kinds: {samples:?}");
    for (name, path) in &samples {
        for scheme in Scheme::BOTH {
            emulation::set_color_scheme(browser.client(), scheme)
                .await
                .unwrap();
            for (width, height) in [(390, 844), (1280, 800)] {
                emulation::set_viewport(browser.client(), width, height)
                    .await
                    .unwrap();
                browser.goto(&served.server.url(path)).await.unwrap();
                let shot = format!("reader-{name}-{width}-{}.png", scheme.name());
                browser
                    .screenshot(screenshot_dir().join(&shot))
                    .await
                    .unwrap();
                let facts: Value = browser
                    .execute(
                        "const h1 = document.querySelector('h1');
                         return { h1: h1 && h1.getBoundingClientRect().top + scrollY,
                                  wide: document.documentElement.scrollWidth,
                                  left: document.querySelector('main').getBoundingClientRect().left,
                                  bg: getComputedStyle(document.body).backgroundColor };",
                        vec![],
                    )
                    .await
                    .unwrap();
                let at = format!("{name} ({path}) {width} px {}", scheme.name());
                if width == 390 && facts["h1"].as_f64().is_none_or(|top| top > 200.0) {
                    problems.push(format!("{at}: H1 at {}", facts["h1"]));
                }
                if facts["wide"].as_u64().unwrap_or(0) > u64::from(width) {
                    problems.push(format!("{at}: {} px wide", facts["wide"]));
                }
                if facts["left"].as_f64().unwrap_or(f64::MAX) > f64::from(width) / 3.0 {
                    problems.push(format!(
                        "{at}: the content starts {} px from the left",
                        facts["left"]
                    ));
                }
                let light = facts["bg"] == "rgb(255, 255, 255)";
                if light != (scheme == Scheme::Light) {
                    problems.push(format!("{at}: background {}", facts["bg"]));
                }
            }
        }
    }
    browser.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
