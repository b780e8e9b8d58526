//! Functions and filters a theme can call: `get_page(path=…)` and `get_section(path=…)` link
//! any page by its file, and Tera's built-in filters and functions (`slugify`, `urlencode`,
//! `filesizeformat`, `date`, `now`) work, on `tests/fixtures/template-functions/` whose
//! `templates/page.html` uses each of them.

use crate::fixture;

/// The text of the element with `id` on a built page (the fixture puts each on one line).
fn element(html: &str, id: &str) -> String {
    let start = format!("id=\"{id}\">");
    let line = html
        .lines()
        .find(|line| line.contains(&start))
        .unwrap_or_else(|| panic!("no #{id} in:\n{html}"));
    let text = &line[line.find(&start).unwrap() + start.len()..];
    text.trim_end_matches("</p>").to_string()
}

#[test]
fn get_page_and_get_section_link_any_page() {
    let site = fixture::copy("template-functions");
    let report = site.build();
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    let html = site.read("guide/one/index.html");
    assert_eq!(
        element(&html, "link"),
        "<a href=\"/toolkit/guide/two/\">“Second” step</a> page What comes next."
    );
    assert_eq!(
        element(&html, "section"),
        "The guide: /toolkit/guide/one/ /toolkit/guide/two/"
    );
}

#[test]
fn teras_builtin_filters_and_functions_work() {
    let site = fixture::copy("template-functions");
    let report = site.build();
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    let html = site.read("guide/one/index.html");
    assert_eq!(element(&html, "slug"), "cafe-premiere-etape");
    assert_eq!(element(&html, "urlencode"), "a%20b%26c");
    assert_eq!(element(&html, "size"), "1.50 kB");
    assert_eq!(element(&html, "date"), "05 March 2024");
    let year: i32 = element(&html, "year").parse().expect("a year");
    assert!(year >= 2024, "{year}");
}

#[test]
fn an_unknown_path_is_an_error_naming_the_closest_page() {
    let site = fixture::copy("template-functions");
    site.edit("templates/page.html", "guide/two.md", "guide/tow.md");
    let problems = site.errors();
    let text = problems.to_string();
    assert!(
        text.contains("there is no page `guide/tow.md`") && text.contains("`guide/two.md`"),
        "{text}"
    );
}
