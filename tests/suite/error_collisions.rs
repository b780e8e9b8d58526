//! Two things written to one file of the site: a page and a static file, a page and a page
//! partnerkit generates, a page and a file beside it in `content/`. One would silently replace
//! the other; the build instead stops with an error naming both.

use crate::failing;

use failing::{case, fails_cleanly, one_error};

#[test]
fn a_static_file_at_a_pages_address_names_both() {
    let site = case(&[("static/guide/one/index.html", "<p>old export</p>")]);
    let error = one_error(
        &site,
        "content/guide/one.md",
        None,
        "`guide/one/index.html`",
    );
    assert!(
        error.message.contains("static/guide/one/index.html"),
        "{error}"
    );
    fails_cleanly(&site, &["content/guide/one.md"]);
}

#[test]
fn a_page_at_the_tags_index_names_the_generated_index() {
    let site = case(&[("content/tags.md", "---\ntitle: Our tags\n---\nBody.\n")]);
    let error = one_error(&site, "content/tags.md", None, "the generated tags index");
    assert!(error.hint.unwrap().contains("slug"));
    fails_cleanly(&site, &["content/tags.md"]);
}

#[test]
fn a_page_at_a_tag_listing_names_it() {
    let site = case(&[(
        "content/tags/planning.md",
        "---\ntitle: Planning\n---\nBody.\n",
    )]);
    one_error(
        &site,
        "content/tags/planning.md",
        None,
        "tag listing tags/planning/index.html",
    );
}

#[test]
fn a_page_at_the_print_page_names_it() {
    let site = case(&[("content/print.md", "---\ntitle: Print\n---\nBody.\n")]);
    one_error(&site, "content/print.md", None, "the generated print page");
}

#[test]
fn a_page_whose_slug_takes_the_site_index_names_it() {
    let page = "---\ntitle: Index\nslug: site-index\n---\nBody.\n";
    let site = case(&[("content/a-to-z.md", page)]);
    one_error(&site, "content/a-to-z.md", None, "the generated site index");
}

#[test]
fn a_page_at_the_offline_page_is_refused_when_the_site_works_offline() {
    let config = "title: T\nbase_url: https://example.org/toolkit/\nsearch:\n  enabled: false\nroles:\n  - id: leaders\n    title: Leaders\n";
    let site = case(&[
        ("config.yaml", config),
        ("content/offline.md", "---\ntitle: Offline\n---\nBody.\n"),
    ]);
    one_error(
        &site,
        "content/offline.md",
        None,
        "the generated offline page",
    );
}

#[test]
fn a_content_file_at_a_pages_address_names_both() {
    let site = case(&[("content/guide/one/index.html", "<p>saved from Word</p>")]);
    let error = one_error(
        &site,
        "content/guide/one.md",
        None,
        "`guide/one/index.html`",
    );
    assert!(
        error.message.contains("content/guide/one/index.html"),
        "{error}"
    );
}

#[test]
fn a_content_file_named_like_a_generated_file_names_both() {
    let site = case(&[("content/robots.txt", "User-agent: *\n")]);
    let error = one_error(
        &site,
        "content/robots.txt",
        None,
        "the generated file robots.txt",
    );
    assert!(error.message.contains("`robots.txt`"), "{error}");
}
