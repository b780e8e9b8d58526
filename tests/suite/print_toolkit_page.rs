//! The "print the whole toolkit" page as HTML, without a browser: one valid document holding
//! every page in reading order with a table of contents, unique ids, links between pages kept
//! inside it (marked with the title of the page they point to, for print), and nothing
//! interactive or navigational in the printed pages. `print_pdf.rs` prints it.

use crate::print_site;

use std::collections::{BTreeSet, HashMap};

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
    let out = print_site::build(&print_site::fixture());
    let html = std::fs::read_to_string(out.path().join("site/print/index.html"))
        .expect("print/index.html is built");

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
    let link_to = |article: &str, text: &str| {
        let at = article
            .find(&format!(">{text}</a>"))
            .unwrap_or_else(|| panic!("no link {text:?}"));
        article[article[..at].rfind("<a ").unwrap()..at].to_string()
    };
    let to_visits = link_to(module, "home visits");
    assert!(to_visits.contains("href=\"#p3-before\""), "{to_visits}");
    // "(see …)" only where the link's words do not already name the page: "home visits" and
    // "the field guide" do; "the changing page" and "module one" (a part of the title) do not.
    assert!(!to_visits.contains("data-print-title"), "{to_visits}");
    let home = &articles[..articles.find("</article>").unwrap()];
    assert!(!link_to(home, "the field guide").contains("data-print-title"));
    assert!(
        link_to(home, "module one").contains("data-print-title=\"Module One: Meeting partners\"")
    );
    let visits = &articles[articles.find("<h1>Home visits</h1>").unwrap()..];
    let to_changing = link_to(visits, "the changing page");
    assert!(
        to_changing.contains("data-print-title=\"This week's notes\""),
        "{to_changing}"
    );
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
