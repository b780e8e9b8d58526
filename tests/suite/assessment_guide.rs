//! The scoring guide printed with each assessment: the real toolkit's values-alignment page
//! names its reversed items, how scores are computed, its bands and the core-values gate; the
//! readiness page names its gates on the goal and the duration.

use crate::toolkit;

/// The text of the page's scoring guide, tags removed and spaces collapsed.
fn guide_text(html: &str) -> String {
    let start = html
        .find("<details class=\"scoring-guide\"")
        .expect("a scoring guide");
    let end = start + html[start..].find("</details>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_assessment_page_has_a_scoring_guide_with_reversed_items_bands_and_gates() {
    let site = toolkit::build("http://127.0.0.1/toolkit/");
    let values = guide_text(&site.html("assessments/values-alignment/"));
    assert!(values.contains("Assessment version 1."), "{values}");
    assert!(
        values.contains(
            "Reversed items (score them the other way round): Some of the organization’s rules"
        ),
        "{values}"
    );
    assert!(
        values.contains("1 up to, not including, 3: Values at serious risk"),
        "{values}"
    );
    assert!(
        values.contains("The overall score is the mean of the answered section scores."),
        "{values}"
    );
    assert!(values.contains(
        "When “Risk to our core values” reads “Values at serious risk”, the overall reading is at best “Keep communication open, without a partnership for now”"
    ), "{values}");
    let readiness = guide_text(&site.html("assessments/partnership-readiness/"));
    assert!(
        readiness.contains("When the answer to “What is the partnership for?"),
        "{readiness}"
    );
    assert!(
        readiness.contains("this section reads at best “Too early to invite anyone”"),
        "{readiness}"
    );
    assert!(readiness.contains("Count the ticks"), "{readiness}");
}
