//! Every page of the real toolkit tells browsers, search engines and link previews what it is:
//! its language, a description, its canonical URL and Open Graph title, description and URL.

use crate::toolkit;

use toolkit::attribute_after;

const BASE_URL: &str = "https://org.github.io/toolkit/";

/// Problems with one meta value: missing, empty, or (if `wanted` is given) different.
fn check(
    problems: &mut Vec<String>,
    page: &str,
    what: &str,
    found: Option<String>,
    wanted: Option<&str>,
) {
    match (found, wanted) {
        (None, _) => problems.push(format!("{page}: no {what}")),
        (Some(value), None) if value.trim().is_empty() => {
            problems.push(format!("{page}: empty {what}"))
        }
        (Some(value), Some(wanted)) if value != wanted => {
            problems.push(format!("{page}: {what} is {value:?}, expected {wanted:?}"))
        }
        _ => {}
    }
}

#[test]
fn every_page_has_language_description_canonical_and_open_graph_tags() {
    let site = toolkit::build(BASE_URL);
    let pages = site.page_paths();
    assert!(pages.len() > 20, "only {} pages", pages.len());
    let mut problems = Vec::new();
    for page in &pages {
        let html = site.html(page);
        let canonical = format!("{BASE_URL}{page}");
        let found = |marker: &str, attr: &str| attribute_after(&html, marker, attr);
        let mut expect = |what, found, wanted| check(&mut problems, page, what, found, wanted);
        expect("lang", found("<html", "lang"), Some("en"));
        expect(
            "description",
            found(r#"<meta name="description""#, "content"),
            None,
        );
        expect(
            "canonical URL",
            found(r#"<link rel="canonical""#, "href"),
            Some(&canonical),
        );
        expect(
            "og:title",
            found(r#"<meta property="og:title""#, "content"),
            None,
        );
        expect(
            "og:description",
            found(r#"<meta property="og:description""#, "content"),
            None,
        );
        expect(
            "og:url",
            found(r#"<meta property="og:url""#, "content"),
            Some(&canonical),
        );
    }
    assert!(
        problems.is_empty(),
        "missing or wrong meta tags:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_meta_check_reports_a_missing_and_a_wrong_value() {
    // The check above must be able to fail: a page without a description, with the wrong lang.
    let html = r#"<html lang="fr"><head><link rel="canonical" href="/x/"></head></html>"#;
    let mut problems = Vec::new();
    check(
        &mut problems,
        "x/",
        "lang",
        attribute_after(html, "<html", "lang"),
        Some("en"),
    );
    check(
        &mut problems,
        "x/",
        "description",
        attribute_after(html, r#"<meta name="description""#, "content"),
        None,
    );
    assert_eq!(
        problems,
        [r#"x/: lang is "fr", expected "en""#, "x/: no description"]
    );
}
