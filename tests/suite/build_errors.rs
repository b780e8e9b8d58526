//! Broken fixture sites: every mistake an editor can make is reported with its file and exact
//! line, the binary exits with code 1 and prints `path:line`, and a previous build in the
//! output folder is left byte for byte as it was.

use crate::fixture;

use fixture::{assert_at, errors_of, only_error, tree, Site};
use partnerkit::BuildOptions;

/// Fills `site.out` with a previous, good build plus a file of the user's own.
fn previous_build(site: &Site) {
    let good = BuildOptions {
        root: fixture::fixture_dir("subpath"),
        output_dir: Some(site.out.clone()),
        base_url: None,
        drafts: false,
    };
    partnerkit::build(&good)
        .unwrap_or_else(|problems| panic!("the good fixture failed:\n{problems}"));
    std::fs::write(site.out.join("sentinel.txt"), "mine").unwrap();
}

/// Builds `site` with the binary over a previous build; asserts exit code 1, the printed
/// `location`, and an untouched output folder (and nothing left beside it).
fn assert_cli_fails_cleanly(site: &Site, location: &str) {
    previous_build(site);
    let before = tree(&site.out);
    let beside: Vec<_> = std::fs::read_dir(site.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(before.len() > 10 && before.contains_key("sentinel.txt"));
    let run = site.run_build();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    assert!(
        stderr.contains(&format!("{location}:")),
        "`{location}` not printed in:\n{stderr}"
    );
    assert!(
        !stderr.contains("Diagnostic {"),
        "no Rust Debug output:\n{stderr}"
    );
    assert!(tree(&site.out) == before, "the previous build changed");
    let after: Vec<_> = std::fs::read_dir(site.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, after, "a staging folder was left beside the output");
}

/// The one error of fixture `case` is at `path:line` and mentions `needle`; the CLI agrees.
fn expect_error(case: &str, path: &str, line: usize, needle: &str) {
    let site = fixture::copy(case);
    let problems = site.errors();
    assert_at(only_error(&problems), path, line, needle);
    assert!(
        only_error(&problems).hint.is_some(),
        "every error has a hint"
    );
    assert_cli_fails_cleanly(&site, &format!("{path}:{line}"));
}

#[test]
fn malformed_yaml_points_at_the_unclosed_quote() {
    expect_error(
        "err_malformed_yaml",
        "content/bad.md",
        3,
        "the quote opened here is never closed",
    );
}

#[test]
fn missing_title() {
    expect_error("err_missing_title", "content/untitled.md", 2, "`title`");
}

#[test]
fn unknown_front_matter_key_names_the_closest() {
    expect_error(
        "err_unknown_field",
        "content/typo.md",
        4,
        "unknown field `wieght`; did you mean `weight`?",
    );
}

#[test]
fn link_to_a_missing_page() {
    expect_error(
        "err_link_missing_page",
        "content/links.md",
        6,
        "`guide/nowhere.md` points to a page that does not exist",
    );
}

#[test]
fn link_to_a_missing_anchor() {
    expect_error(
        "err_link_missing_anchor",
        "content/links.md",
        6,
        "`#no-such-heading`",
    );
}

#[test]
fn unknown_shortcode_names_the_closest() {
    expect_error(
        "err_unknown_shortcode",
        "content/box.md",
        6,
        "unknown shortcode `boxx`; did you mean `box`?",
    );
}

#[test]
fn shortcode_with_a_bad_argument() {
    expect_error(
        "err_shortcode_bad_argument",
        "content/box.md",
        6,
        "`unquoted text` is not a quoted text",
    );
}

#[test]
fn unknown_config_key_names_the_closest() {
    expect_error(
        "err_unknown_config_key",
        "config.yaml",
        3,
        "unknown field `desciption`; did you mean `description`?",
    );
}

#[test]
fn non_utf8_file_is_located_at_the_bad_byte() {
    expect_error("err_non_utf8", "content/latin1.md", 5, "not valid UTF-8");
}

#[test]
fn field_of_another_kind() {
    expect_error(
        "err_field_of_other_kind",
        "content/principle.md",
        5,
        "`objectives` belongs to module pages, but this page is a principle",
    );
}

#[test]
fn several_front_matter_errors_are_reported_together() {
    let site = fixture::copy("err_several");
    let problems = site.errors();
    let errors = errors_of(&problems);
    assert_eq!(errors.len(), 3, "{problems}");
    assert_at(errors[0], "content/a.md", 3, "did you mean `title`?");
    assert_at(errors[1], "content/b.md", 2, "`title`");
    assert_at(errors[2], "content/c.md", 3, "draft");
    let run = site.run_build();
    let stderr = String::from_utf8_lossy(&run.stderr);
    for location in ["content/a.md:3:", "content/b.md:2:", "content/c.md:3:"] {
        assert!(
            stderr.contains(location),
            "{location} missing from:\n{stderr}"
        );
    }
    assert!(stderr.contains("3 error(s)"), "{stderr}");
    assert!(
        !site.out.exists(),
        "a failed first build creates no output folder"
    );
}

#[test]
fn several_broken_links_are_reported_together() {
    let site = fixture::copy("err_several_links");
    let problems = site.errors();
    let errors = errors_of(&problems);
    assert_eq!(errors.len(), 4, "{problems}");
    assert_at(errors[0], "content/_index.md", 4, "`gone.md`");
    assert_at(errors[1], "content/page.md", 4, "`missing-one.md`");
    assert_at(errors[2], "content/page.md", 6, "`../outside.md`");
    assert_at(
        errors[3],
        "content/page.md",
        6,
        "`pics/missing.png` points to a file",
    );
    assert_cli_fails_cleanly(&site, "content/page.md:6");
}
