//! Role pages as reading paths: a role's `path` in config.yaml is listed first, numbered and in
//! its own order; the assessments for the role follow, then the role's other pages; without a
//! path the role's pages come in reading order; a path naming no page is an error.

use crate::fixture;

fn site_with_role(path: &str) -> fixture::Site {
    let site = fixture::copy("page-dates");
    site.edit(
        "config.yaml",
        "search:",
        &format!("roles:\n  - id: staff\n    title: Frontline staff\n{path}search:"),
    );
    for (file, title) in [("court.md", "Court visits"), ("notes.md", "Draft notes")] {
        site.edit(
            &format!("content/{file}"),
            &format!("title: {title}\n"),
            &format!("title: {title}\nroles: [staff]\n"),
        );
    }
    site.edit("content/liaison.md", "updated:", "roles: [staff]\nupdated:");
    site
}

/// The numbered lists of the role's page: each one's heading and link titles.
fn paths(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<h2 id=\"more-")
        .skip(1)
        .map(|part| {
            let heading =
                part[part.find('>').unwrap() + 1..part.find("</h2>").unwrap()].to_string();
            let list = &part[..part.find("</ol>").or_else(|| part.find("</ul>")).unwrap()];
            let titles = list
                .split("<a href=")
                .skip(1)
                .map(|a| a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].to_string())
                .collect();
            (heading, titles)
        })
        .collect()
}

#[test]
fn the_configured_path_comes_first_in_its_own_order() {
    let site = site_with_role("    path:\n      - notes.md\n      - court.md\n");
    site.build();
    let html = site.read("roles/staff/index.html");
    assert_eq!(
        paths(&html),
        [
            (
                "Read in this order".to_string(),
                vec!["Draft notes".to_string(), "Court visits".to_string()]
            ),
            (
                "More for this role".to_string(),
                vec!["Tribal liaison – “ICWA”".to_string()]
            ),
        ]
    );
    assert!(html.contains("<ol class=\"path\">"));
}

#[test]
fn without_a_path_the_role_pages_come_in_reading_order() {
    let site = site_with_role("");
    site.build();
    let listed = paths(&site.read("roles/staff/index.html"));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, "Read in this order");
    assert_eq!(listed[0].1.len(), 3);
}

#[test]
fn a_path_naming_no_page_is_an_error() {
    let site = site_with_role("    path:\n      - court.md\n      - cuort-visits.md\n");
    let problems = site.errors();
    let problem = fixture::only_error(&problems).to_string();
    assert!(problem.contains("config.yaml"), "{problem}");
    assert!(
        problem.contains("`cuort-visits.md`, which is not a page in content/"),
        "{problem}"
    );
}
