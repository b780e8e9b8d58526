//! Printing an assessment, through Chromium's print-to-PDF: once answered it prints as a
//! report (each answered question with its chosen answer only, the section and overall
//! scores with their bands and guidance, the results chart and table) without the site's
//! navigation or the form's tools; a blank one prints as the whole paper form to fill by hand.

use crate::assessment_page;
use crate::pdf_text;

use assessment_page::Session;
use fantoccini::wd::PrintConfiguration;

/// Text that only the site's navigation or the form's on-screen tools carry.
const SCREEN_ONLY: &[&str] = &[
    "Skip to main content",
    "Search the toolkit",
    "Print the whole toolkit",
    "Show results",
    "Export answers",
    "Delete all my answers",
    "Import answers",
    "Team view",
    "Compare with an earlier snapshot",
    "Show questions for",
];

async fn print(s: &Session) -> pdf_text::PdfText {
    let pdf = s
        .browser
        .client()
        .print(PrintConfiguration::default())
        .await
        .expect("WebDriver print");
    pdf_text::read(&pdf).expect("the PDF can be read")
}

/// The printed text between two question texts.
fn between<'a>(pdf: &'a pdf_text::PdfText, from: &str, to: &str) -> &'a str {
    let start = pdf
        .text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` is not printed:\n{}", pdf.text))
        + from.len();
    let end = start
        + pdf.text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("`{to}` is not printed after `{from}`:\n{}", pdf.text));
    pdf.text[start..end].trim()
}

#[tokio::test]
async fn printed_answered_assessment_shows_answers_scores_bands_and_chart() {
    let Some(s) = Session::open_at(
        "printed_answered_assessment_shows_answers_scores_bands_and_chart",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    s.answer_review_by_keyboard().await;
    // The results were never opened on screen: the report prints them all the same.
    let pdf = print(&s).await;
    for text in SCREEN_ONLY {
        assert!(!pdf.contains(text), "`{text}` is printed:\n{}", pdf.text);
    }
    // Each answered question prints with the chosen answer only.
    assert_eq!(
        between(&pdf, "We meet regularly.", "Months pass"),
        "(required) Agree"
    );
    assert_eq!(
        between(&pdf, "Months pass without contact.", "Notes"),
        "Disagree"
    );
    assert_eq!(
        between(&pdf, "We listen before fixing.", "We check"),
        "Neutral"
    );
    for text in [
        "Score: 4 of 5: A strength. Keep it up.",
        "Score: 2.5 of 5: A concern. Talk about this first.",
        "Overall: 3.25 of 5: Overall borderline. Keep an eye on it.",
        "Partner agency: Riverside",
        "Assessment version 2.",
        "Scores by section",
        "3.25 (1 to 5) Overall borderline Keep an eye on it.",
    ] {
        assert!(pdf.contains(text), "`{text}` is not printed:\n{}", pdf.text);
    }
    // The chart: each section's label, score and band in words, before the table.
    let results = &pdf.text[pdf.text.find("Partner agency: Riverside").unwrap()..];
    let table = results.find("Scores by section").unwrap();
    assert!(
        results[..table].contains("Regular contact 4 A strength Listening 2.5 A concern"),
        "the chart is printed before the table:\n{results}"
    );
    s.finish().await;
}

#[tokio::test]
async fn printed_blank_assessment_is_the_whole_paper_form() {
    let Some(s) = Session::open_at(
        "printed_blank_assessment_is_the_whole_paper_form",
        "partner-review/",
    )
    .await
    else {
        return;
    };
    let pdf = print(&s).await;
    assert_eq!(
        between(&pdf, "We meet regularly.", "Months pass"),
        "(required) Strongly disagree Disagree Neutral Agree Strongly agree"
    );
    for text in [
        "Partner agency (required)",
        "Regular contact",
        "Listening",
        "Notes",
    ] {
        assert!(pdf.contains(text), "`{text}` is not printed:\n{}", pdf.text);
    }
    for text in SCREEN_ONLY
        .iter()
        .chain(&["Scores by section", "Score:", "Overall:"])
    {
        assert!(!pdf.contains(text), "`{text}` is printed:\n{}", pdf.text);
    }
    s.finish().await;
}
