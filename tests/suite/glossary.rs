//! The glossary content kind: its page lists each term as a definition the search indexes,
//! the `term` shortcode links a word's first use to its entry, and wrong ids are errors at
//! their file and line.

use crate::fixture;

use fixture::{assert_at, links, only_error, unescape, Site};

fn built() -> Site {
    let site = fixture::copy("glossary");
    let report = site.build();
    assert_eq!(
        report.warnings.len(),
        0,
        "the glossary fixture builds cleanly:\n{}",
        report.warnings
    );
    site
}

/// The `<article>` of a built page, with entities decoded.
fn article(site: &Site, path: &str) -> String {
    let html = site.read(path);
    let start = html.find("<article").expect("an <article>");
    let end = html.rfind("</article>").expect("a </article>");
    unescape(&html[start..end])
}

#[test]
fn the_glossary_page_defines_each_term_at_its_own_anchor() {
    let site = built();
    let html = article(&site, "glossary/index.html");
    assert!(html.contains("class=\"page page--glossary\""), "{html}");
    assert!(
        html.contains(r#"id="casa""#) && html.contains("<dfn>CASA</dfn>"),
        "{html}"
    );
    assert!(
        html.contains("speaks up for a child\u{2019}s interests."),
        "{html}"
    );
    assert!(html.contains("Source: Module Five"), "{html}");
    assert!(html.contains(r#"id="dependency-court""#), "{html}");
    // A term with no source shows no source line.
    let court = &html[html.find(r#"id="dependency-court""#).unwrap()..];
    assert!(!court.contains("Source:"), "{court}");
}

#[test]
fn the_glossary_is_searchable() {
    let site = built();
    let html = site.read("glossary/index.html");
    let article_tag = &html[html.find("<article").unwrap()..];
    let article_tag = &article_tag[..article_tag.find('>').unwrap()];
    // Pagefind's marks go only into the copy it reads (src/search_copy.rs).
    assert!(!article_tag.contains("data-pagefind-"), "{article_tag}");
    // The definitions sit inside the indexed article, not in an ignored part.
    let indexed = article(&site, "glossary/index.html");
    assert!(indexed.contains("The court that hears cases"), "{indexed}");
    assert!(site.exists("pagefind/pagefind-entry.json"));
}

#[test]
fn a_term_links_to_its_entry_with_its_own_or_the_given_words() {
    let site = built();
    let html = article(&site, "court/index.html");
    assert!(
        html.contains(
            r#"<a class="term" href="/kit/glossary/#dependency-court">dependency courts</a>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<a class="term" href="/kit/glossary/#casa">CASA</a> volunteers"#),
        "{html}"
    );
    let to_glossary: Vec<String> = links(&html)
        .into_iter()
        .filter(|l| l.contains("glossary"))
        .collect();
    assert_eq!(
        to_glossary.len(),
        2,
        "only the first use is linked: {to_glossary:?}"
    );
}

#[test]
fn an_unknown_term_is_an_error_at_its_line_with_a_suggestion() {
    let site = fixture::copy("glossary");
    site.edit(
        "content/court.md",
        r#"term(id="casa")"#,
        r#"term(id="cassa")"#,
    );
    assert_at(
        only_error(&site.errors()),
        "content/court.md",
        6,
        "unknown glossary term id `cassa`; did you mean `casa`?",
    );
}

#[test]
fn a_term_linked_twice_on_a_page_is_an_error_at_the_second_use() {
    let site = fixture::copy("glossary");
    site.edit(
        "content/court.md",
        "A CASA may",
        r#"A {{ term(id="casa") }} may"#,
    );
    assert_at(
        only_error(&site.errors()),
        "content/court.md",
        6,
        "the term `casa` is already linked on this page (line 6)",
    );
}

#[test]
fn a_term_without_an_id_is_an_error() {
    let site = fixture::copy("glossary");
    site.edit(
        "content/court.md",
        r#"term(id="casa")"#,
        r#"term(text="CASA")"#,
    );
    assert_at(
        only_error(&site.errors()),
        "content/court.md",
        6,
        "needs an `id`",
    );
}

#[test]
fn a_term_id_used_twice_is_an_error_at_the_second_entry() {
    let site = fixture::copy("glossary");
    site.edit("content/glossary.md", "id: dependency-court", "id: casa");
    assert_at(
        only_error(&site.errors()),
        "content/glossary.md",
        9,
        "the term id `casa` is used twice in this glossary",
    );
}

#[test]
fn a_term_id_that_cannot_be_a_link_is_an_error_at_its_line() {
    let site = fixture::copy("glossary");
    site.edit(
        "content/glossary.md",
        "id: dependency-court",
        "id: Dependency Court",
    );
    let problems = site.errors();
    let error = only_error(&problems);
    assert_at(
        error,
        "content/glossary.md",
        9,
        "the term id `Dependency Court` is not a valid id",
    );
    assert!(error.to_string().contains("`dependency-court`"), "{error}");
}

#[test]
fn a_glossary_without_terms_says_what_it_needs() {
    let site = fixture::copy("glossary");
    site.write(
        "content/glossary.md",
        "---\ntitle: Words we use\nkind: glossary\n---\nNothing yet.\n",
    );
    assert_at(
        only_error(&site.errors()),
        "content/glossary.md",
        2,
        "a glossary page needs the field `terms`",
    );
}

#[test]
fn terms_belong_to_glossary_pages_only() {
    let site = fixture::copy("glossary");
    site.edit(
        "content/court.md",
        "title: Meeting the court",
        "title: Meeting the court\nkind: page\nterms: []",
    );
    assert_at(
        only_error(&site.errors()),
        "content/court.md",
        4,
        "the field `terms` belongs to glossary pages",
    );
}
