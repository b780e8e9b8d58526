//! Print handouts as Chromium prints them (`page.pdf()` through WebDriver's print command),
//! served under `/toolkit/`: a module guide prints as a participant handout (objectives, time,
//! activities with space to write, readings as full citations, its embedded assessment as a
//! paper form), the "print the whole toolkit" page prints every page from a new sheet after a
//! table of contents, with links between pages printed as the page they point to, and no
//! navigation, search box or buttons reach paper. Page counts are printed (`--nocapture`).

use crate::browser;
use crate::emulation;
use crate::pdf_text;
use crate::print_site;
use crate::site_server;

use std::path::Path;

use browser::{chromium_available, Browser};
use fantoccini::wd::PrintConfiguration;
use serde_json::{json, Value};
use site_server::SiteServer;

/// Text that only site navigation and controls carry: none of it may reach paper.
const SCREEN_ONLY_TEXT: &[&str] = &[
    "Skip to main content",
    "Site index",
    "Search the toolkit",
    "Print the whole toolkit",
    "Save for offline use",
    "On this page",
    "In the reading list",
    "Show results",
    "Export answers",
    "Take a dated snapshot",
    "Delete all my answers",
    "Done: activity",
    "activities done",
];

/// Elements that must take no room on paper: the site's header (search box included),
/// navigation, footer, table of contents panel and every button.
const SCREEN_ONLY_ELEMENTS: &str =
    ".site-header, .site-nav, .sidebar, .toc, .pager, .site-footer, .skip-link, form.search, button, .breadcrumbs";

/// Builds `root`, serves it under `/toolkit/` and starts a browser. Keep the build's temp dir
/// alive as long as the server.
async fn serve_built(root: &Path) -> (tempfile::TempDir, SiteServer, Browser) {
    let out = print_site::build(root);
    let server = SiteServer::start(out.path().join("site"), "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    (out, server, browser)
}

async fn print_pdf(browser: &Browser, url: &str) -> pdf_text::PdfText {
    browser.goto(url).await.unwrap();
    let pdf = browser
        .client()
        .print(PrintConfiguration::default())
        .await
        .expect("WebDriver print");
    assert!(pdf.starts_with(b"%PDF"), "a PDF comes back");
    pdf_text::read(&pdf).expect("the PDF can be read")
}

fn assert_contains_all(pdf: &pdf_text::PdfText, what: &str, texts: &[&str]) {
    for text in texts {
        assert!(
            pdf.contains(text),
            "the {what} PDF lacks `{text}`:\n{}",
            pdf.text
        );
    }
}

fn assert_no_screen_only_text(pdf: &pdf_text::PdfText, what: &str) {
    for text in SCREEN_ONLY_TEXT {
        assert!(!pdf.contains(text), "the {what} PDF prints `{text}`");
    }
}

/// With print media emulated: the screen-only elements that take room, and the heights of the
/// activities' writing spaces.
async fn printed_layout(browser: &Browser) -> Value {
    emulation::emulate_print(browser.client(), true)
        .await
        .unwrap();
    let layout = browser
        .execute(
            "const shown = (e) => e.getClientRects().length > 0;
             return {
               screenOnly: [...document.querySelectorAll(arguments[0])].filter(shown).map((e) => e.outerHTML.slice(0, 80)),
               writeSpaces: [...document.querySelectorAll('.activity .write-space')].map((e) => e.getBoundingClientRect().height),
             };",
            vec![json!(SCREEN_ONLY_ELEMENTS)],
        )
        .await
        .unwrap();
    emulation::emulate_print(browser.client(), false)
        .await
        .unwrap();
    layout
}

#[tokio::test]
async fn a_module_guide_prints_as_a_participant_handout() {
    if !chromium_available("a_module_guide_prints_as_a_participant_handout") {
        return;
    }
    let (_out, server, browser) = serve_built(&print_site::fixture()).await;
    let url = server.url("modules/module-one/");
    let handout = print_pdf(&browser, &url).await;
    println!(
        "module handout PDF (fixture Module One): {} pages",
        handout.pages
    );
    assert_contains_all(
        &handout,
        "module handout",
        &[
            "Module One: Meeting partners",
            "Learning objectives",
            "Name the partners who matter to the agency.",
            "Time",
            "Coaching",
            "Total 3",
            "Activities",
            "Activity 1: Map your partners",
            "Activity 2: Plan a first meeting",
            "Write down three questions to ask.",
            "Before the next module",
            // The reading as a full citation, not just a link.
            "Readings",
            "Example Agency. (2020). The field manual . https://example.org/manual",
            // The embedded assessment as a paper form: its items and every answer choice.
            "Quick partnership check",
            "We meet at least every quarter.",
            "Disagree Neutral Agree",
            "Notes",
        ],
    );
    assert_no_screen_only_text(&handout, "module handout");

    // Laid out for print: room to write under each activity, and no navigation or buttons.
    browser.goto(&url).await.unwrap();
    let layout = printed_layout(&browser).await;
    assert_eq!(layout["screenOnly"], json!([]), "{layout}");
    let spaces = layout["writeSpaces"].as_array().unwrap();
    assert_eq!(spaces.len(), 2, "{layout}");
    for height in spaces {
        assert!(
            height.as_f64().unwrap() >= 72.0,
            "a writing space of at least an inch: {layout}"
        );
    }
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_whole_fixture_toolkit_prints_page_by_page_with_links_as_page_titles() {
    if !chromium_available("the_whole_fixture_toolkit_prints_page_by_page") {
        return;
    }
    let (_out, server, browser) = serve_built(&print_site::fixture()).await;
    let url = server.url("print/");
    let whole = print_pdf(&browser, &url).await;
    println!("whole fixture toolkit PDF: {} pages", whole.pages);
    // The table of contents has a sheet of its own, then each page starts a new sheet.
    let titles = [
        "Home",
        "Field guide",
        "Home visits",
        "This week's notes",
        "Modules",
        "Module One: Meeting partners",
        "Assessments",
        "Quick partnership check",
        "Reading list",
    ];
    let contents = whole
        .page_texts
        .iter()
        .position(|text| text.contains("Contents"))
        .expect("a contents sheet");
    let starts: Vec<&str> = whole.page_texts[contents + 1..]
        .iter()
        .filter_map(|text| {
            let text = sheet_body(text, "Offline Fixture Toolkit");
            let starting = titles.iter().filter(|t| text.starts_with(*t));
            starting.max_by_key(|t| t.len()).copied()
        })
        .collect();
    assert_eq!(starts, titles, "each page starts a sheet, in reading order");
    for title in titles {
        assert!(
            whole.page_texts[contents].contains(title),
            "contents lists {title}"
        );
    }
    // A link to another page prints as the page it points to, unless its words name it.
    assert!(
        whole.contains("the changing page (see \u{201c}This week\u{2019}s notes\u{201d})")
            || whole.contains("the changing page (see \u{201c}This week's notes\u{201d})"),
        "{}",
        whole.text
    );
    assert!(
        whole.contains("See home visits") && !whole.contains("(see \u{201c}Home visits"),
        "{}",
        whole.text
    );
    assert_no_screen_only_text(&whole, "whole toolkit");
    browser.goto(&url).await.unwrap();
    let layout = printed_layout(&browser).await;
    assert_eq!(layout["screenOnly"], json!([]), "{layout}");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_real_toolkit_prints_a_module_handout_and_the_whole_toolkit() {
    if !chromium_available("the_real_toolkit_prints_a_module_handout_and_the_whole_toolkit") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, server, browser) = serve_built(root).await;

    let module = print_pdf(&browser, &server.url("modules/module-five/")).await;
    println!("module handout PDF (Module Five): {} pages", module.pages);
    assert_contains_all(
        &module,
        "Module Five handout",
        &[
            "Module Five: Building relationships with community providers",
            "Learning objectives",
            "Time",
            "Activities",
            "Activity 1: Review the NCWWI eLearning on community context",
            "Readings",
            "Before the next module",
        ],
    );
    assert_no_screen_only_text(&module, "Module Five handout");
    assert_numbered_sheets(&module, "Module Five handout", "Partnership Toolkit");

    let content = partnerkit::content::load(root, false).expect("the toolkit's content loads");
    let whole = print_pdf(&browser, &server.url("print/")).await;
    println!(
        "whole toolkit PDF: {} pages for {} toolkit pages",
        whole.pages,
        content.pages.len()
    );
    for page in &content.pages {
        assert!(
            whole.contains(&page.meta.title),
            "the whole-toolkit PDF lacks `{}`",
            page.meta.title
        );
    }
    assert!(whole.contains("Contents"));
    assert_numbered_sheets(&whole, "whole toolkit", "Partnership Toolkit");
    // Contents numbers in full, nested: pdftotext reads the generated "1.1" as "1 . 1".
    let contents = whole.page_texts[..2].join(" ").replace(" . ", ".");
    for number in [" 1.", " 1.1 ", " 1.2 ", " 2.", " 2.1 "] {
        assert!(
            contents.contains(number),
            "the contents lack {number}:\n{contents}"
        );
    }
    assert_no_screen_only_text(&whole, "whole toolkit");
    let sheets_starting_with_a_title = whole
        .page_texts
        .iter()
        .filter(|text| {
            let text = sheet_body(text, "Partnership Toolkit");
            content
                .pages
                .iter()
                .any(|p| text.starts_with(&p.meta.title))
        })
        .count();
    assert!(
        sheets_starting_with_a_title >= content.pages.len(),
        "each of the {} pages starts a sheet; {sheets_starting_with_a_title} sheets start with a title",
        content.pages.len()
    );
    browser.close().await.unwrap();
}

/// A sheet's text without its running footer ("Page 2 of 9" and the toolkit's `title`), which
/// pdftotext may read before the sheet's content, in either order.
fn sheet_body<'a>(text: &'a str, title: &str) -> &'a str {
    let mut text = text.trim_start();
    for _ in 0..2 {
        if let Some(rest) = text.strip_prefix(title) {
            text = rest.trim_start();
        } else if let Some(rest) = text.strip_prefix("Page ") {
            let after_of = rest.split_once(" of ").map_or(rest, |(_, r)| r);
            text = after_of
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start();
        }
    }
    text
}

/// Every sheet's footer: the toolkit's title and "Page N of M", from the stylesheet's `@page`
/// margin boxes (Chromium draws them; `target-counter()` for page numbers in the contents it
/// does not support, so the contents carry section numbers instead).
fn assert_numbered_sheets(pdf: &pdf_text::PdfText, what: &str, title: &str) {
    assert!(pdf.pages > 1, "the {what} PDF has {} page(s)", pdf.pages);
    for (i, text) in pdf.page_texts.iter().enumerate() {
        let number = format!("Page {} of {}", i + 1, pdf.pages);
        assert!(
            text.contains(&number) && text.contains(title),
            "sheet {} of the {what} PDF lacks `{number}` or `{title}`:\n{text}",
            i + 1
        );
    }
}

#[tokio::test]
async fn printed_sheets_carry_the_title_and_page_numbers_and_the_contents_are_numbered() {
    if !chromium_available("printed_sheets_carry_the_title_and_page_numbers") {
        return;
    }
    let (_out, server, browser) = serve_built(&print_site::fixture()).await;
    let title = "Offline Fixture Toolkit";
    let handout = print_pdf(&browser, &server.url("modules/module-one/")).await;
    assert_numbered_sheets(&handout, "module handout", title);
    let whole = print_pdf(&browser, &server.url("print/")).await;
    assert_numbered_sheets(&whole, "whole toolkit", title);
    // The contents: sections numbered 1., 2., ... and their pages 1.1, 1.2, ... in full
    // (pdftotext reads the generated numbers as "1 . 1").
    let contents = whole.page_texts[0].replace(" . ", ".");
    for entry in [
        "1.Field guide",
        "1.1 Home visits",
        "1.2 This week",
        "2.1 Module One",
        "4.Reading list",
    ] {
        assert!(
            contents.contains(entry),
            "the contents lack `{entry}`:\n{contents}"
        );
    }
    browser.close().await.unwrap();
}
