//! Print handouts: the "print the whole toolkit" page is one valid document (every page in
//! reading order, unique ids, links kept inside it, nothing interactive in the printed pages),
//! and Chromium's PDF prints of a module handout and of the whole real toolkit hold the expected
//! headings and no site navigation.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/pdf_text.rs"]
mod pdf_text;
#[path = "support/site_server.rs"]
mod site_server;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use browser::{chromium_available, Browser};
use fantoccini::wd::PrintConfiguration;
use site_server::SiteServer;

/// Text that only site navigation carries: none of it may reach paper.
const NAVIGATION_TEXT: &[&str] = &[
    "Skip to main content",
    "Site index",
    "Search the toolkit",
    "Print the whole toolkit",
    "Save for offline use",
    "On this page",
    "In the reading list",
];

fn build(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    partnerkit::build(&partnerkit::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.path().join("site")),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("build of {} failed: {d:?}", root.display()));
    out
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/offline-site")
}

/// The values of every `name="..."` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let pattern = format!(" {name}=\"");
    html.match_indices(&pattern)
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The printed pages: everything from the first `print-page` article to the end of `<main>`.
fn printed_articles(html: &str) -> &str {
    let start = html
        .find("<article class=\"print-page")
        .expect("the print page holds page articles");
    let end = html
        .rfind("</main>")
        .expect("the print page has a main element");
    &html[start..end]
}

#[test]
fn print_page_holds_every_page_in_reading_order_as_one_document() {
    let out = build(&fixture());
    let html = std::fs::read_to_string(out.path().join("site/print/index.html"))
        .expect("print/index.html is built");
    // Templates escape `/` in attributes; read them as a browser does.
    let html = html.replace("&#x2F;", "/");

    // Every page's title, in reading order: sections by weight, each followed by its pages.
    let titles = [
        "Home",
        "Field guide",
        "Home visits",
        "This week&#x27;s notes",
        "Modules",
        "Module One: Meeting partners",
        "Assessments",
        "Quick partnership check",
        "Reading list",
    ];
    let articles = printed_articles(&html);
    let mut at = 0;
    for title in titles {
        let heading = format!("<h1>{title}</h1>");
        let found = articles[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("`{heading}` missing or out of reading order"));
        at += found + heading.len();
    }
    assert_eq!(
        articles.matches("<article class=\"print-page").count(),
        titles.len()
    );
    let contents = &html[html.find("class=\"print-toc\"").unwrap()
        ..html.find("<article class=\"print-page").unwrap()];
    assert_eq!(
        contents.matches("<li class=\"print-toc__depth").count(),
        titles.len(),
        "one contents line per page"
    );

    // Ids are unique, and every in-document reference finds its id.
    let ids = attribute_values(&html, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "duplicate ids: {:?}",
        duplicates(&ids)
    );
    for name in ["for", "aria-labelledby", "aria-describedby"] {
        for value in attribute_values(&html, name) {
            for id in value.split_whitespace() {
                assert!(unique.contains(id), "{name}=\"{value}\" names a missing id");
            }
        }
    }
    let fragments: Vec<&str> = attribute_values(&html, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#'))
        .collect();
    for id in &fragments {
        assert!(unique.contains(id), "href=\"#{id}\" finds no id");
    }

    // Links between pages are rewritten into the document and print as the page they name.
    let module_start = articles
        .find("<h1>Module One: Meeting partners</h1>")
        .unwrap();
    let module = &articles[module_start..];
    let module = &module[..module.find("</article>").unwrap()];
    let to_visits = module
        .find(">home visits</a>")
        .expect("the module links to home visits");
    let link = &module[module[..to_visits].rfind("<a ").unwrap()..to_visits];
    assert!(link.contains("href=\"#p3-before\""), "{link}");
    assert!(link.contains("data-print-title=\"Home visits\""), "{link}");
    assert!(
        !articles.contains("href=\"/toolkit/guide/"),
        "no link leaves the document for a printed page"
    );

    // Nothing interactive or navigational inside the printed pages.
    for absent in [
        "<button",
        "<script",
        "<nav",
        "site-nav",
        "type=\"search\"",
        "class=\"chips\"",
        " hidden",
        "data-pagefind-body",
    ] {
        assert!(
            !articles.contains(absent),
            "the printed pages hold `{absent}`"
        );
    }
    // The paper form of the assessment is kept, with its labels.
    assert!(articles.contains("We meet at least every quarter."));
    assert!(articles.contains("type=\"radio\""));
    // The stylesheet of the assessment page moved to the head.
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        head.contains("/toolkit/css/assessment."),
        "assessment styles in the head"
    );
}

fn duplicates<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut seen = HashMap::new();
    for id in ids {
        *seen.entry(*id).or_insert(0) += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
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

fn assert_no_navigation(pdf: &pdf_text::PdfText, what: &str) {
    for text in NAVIGATION_TEXT {
        assert!(
            !pdf.contains(text),
            "the {what} PDF prints navigation text `{text}`"
        );
    }
}

#[tokio::test]
async fn pdf_prints_of_a_module_handout_and_the_whole_toolkit() {
    if !chromium_available("pdf_prints_of_a_module_handout_and_the_whole_toolkit") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = build(root);
    let server = SiteServer::start(out.path().join("site"), "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();

    // A module guide prints as a participant handout.
    let module = print_pdf(&browser, &server.url("modules/module-five/")).await;
    println!("module handout PDF (Module Five): {} pages", module.pages);
    for heading in [
        "Module Five: Building relationships with community providers",
        "Learning objectives",
        "Time",
        "Key practices",
        "Activities",
        "Activity 1: Take the NCWWI eLearning on community context",
        "Readings",
        "Before the next module",
    ] {
        assert!(
            module.contains(heading),
            "the handout lacks `{heading}`:\n{}",
            module.text
        );
    }
    assert_no_navigation(&module, "module handout");
    assert!(
        module.pages >= 2,
        "a full module takes more than one sheet, got {}",
        module.pages
    );

    // The whole toolkit: every page's title, each page on its own sheets.
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
    assert_no_navigation(&whole, "whole toolkit");
    assert!(
        whole.pages > content.pages.len(),
        "each page starts a new sheet: {} sheets for {} pages",
        whole.pages,
        content.pages.len()
    );
    browser.close().await.unwrap();
}
