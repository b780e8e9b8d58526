//! The new assessment views on a phone (390×844) and a laptop (1280×800), light and dark:
//! the team view's "Discuss" flag and the register's table fit without page-wide sideways
//! scrolling, and a gated reading shows its reason. Screenshots go to
//! `target/screenshots/assessment-*.png` for a person to look at.

use crate::assessment_page;
use crate::emulation;

use assessment_page::Session;
use emulation::Scheme;
use serde_json::json;
use std::path::PathBuf;

const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 800)];

fn shot(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("assessment-{name}.png"))
}

/// The page's own width beyond the viewport (0 when nothing scrolls the whole page sideways).
async fn page_overflow(s: &Session) -> i64 {
    s.js("return document.documentElement.scrollWidth - window.innerWidth;")
        .await
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn team_view_and_register_fit_a_phone_and_a_laptop_in_light_and_dark() {
    let Some(s) =
        Session::start("team_view_and_register_fit_a_phone_and_a_laptop_in_light_and_dark").await
    else {
        return;
    };
    let client = s.browser.client().clone();
    let app = "#assessment-meeting-check-app";
    let file = |name: &str, plan: &str| {
        let f = json!({"format": "partnerkit-assessment", "assessment": "meeting-check", "version": "1", "answerFormat": 2,
            "records": [{"name": "Riverside", "subject": "Riverside", "answers": {"plan-visit": plan, "share-notes": "3", "venue": "at-our-office"}}]});
        (format!("{name}.json"), f.to_string())
    };
    let files = [
        file("ana-ruiz-long-file-name", "5"),
        file("ben", "2"),
        file("cy", "na"),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    for scheme in Scheme::BOTH {
        emulation::set_color_scheme(&client, scheme).await.unwrap();
        for (width, height) in SIZES {
            emulation::set_viewport(&client, width, height)
                .await
                .unwrap();
            s.open("meeting-check/").await;
            s.choose_files(&format!("{app} .js-team-files"), &files)
                .await;
            s.js(&format!(
                "document.querySelector('{app} .js-team').scrollIntoView();"
            ))
            .await;
            assert_eq!(
                page_overflow(&s).await,
                0,
                "{width} px: the page scrolls sideways"
            );
            let flag_right = s
                .js(&format!(
                    "const cell = [...document.querySelectorAll('{app} .js-team tr.is-flagged td')][0];
                     return cell.getBoundingClientRect().right;"
                ))
                .await;
            assert!(
                flag_right.as_f64().unwrap() <= f64::from(width),
                "{width} px: the Discuss flag is off screen at {flag_right}"
            );
            s.browser
                .screenshot(shot(&format!("team-{width}-{}", scheme.name())))
                .await
                .unwrap();

            s.open("partners/").await;
            s.wait_until(
                "return document.querySelector('#register-partners-app').dataset.ready === 'true';",
            )
            .await;
            s.click("#register-partners-app .js-add").await;
            s.type_into("#register-partners-partner", "Ōtautahi Whānau Services 🌿")
                .await;
            s.click("#register-partners-app .js-editor button[type=submit]")
                .await;
            let wide = s.js("return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 6).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));").await;
            assert_eq!(
                page_overflow(&s).await,
                0,
                "{width} px: the register scrolls the page sideways: {wide}"
            );
            s.js("document.querySelector('#register-partners-app').scrollIntoView();")
                .await;
            s.browser
                .screenshot(shot(&format!("register-{width}-{}", scheme.name())))
                .await
                .unwrap();
            s.js("localStorage.clear();").await;
        }
    }
    s.finish().await;
}
