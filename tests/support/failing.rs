//! Broken variants of the small `err_base` fixture site: each test writes the one or two files
//! of its case over it, then checks that the build fails the way an editor needs it to.
//!
//! Declared once, with every helper,
//! in `tests/suite/main.rs`.
#![allow(dead_code)]

use crate::fixture::{self, tree, Site};
use partnerkit::diagnostics::{Diagnostic, Diagnostics};
use partnerkit::BuildOptions;

/// The `err_base` fixture, copied, with `files` (path from the site root, text) written over it.
pub fn case(files: &[(&str, &str)]) -> Site {
    let site = fixture::copy("err_base");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// The problems of checking `site` through the library (errors and warnings).
pub fn check(site: &Site) -> Diagnostics {
    match partnerkit::check(&site.options()) {
        Ok(report) => panic!(
            "expected errors, but the check passed ({} pages)",
            report.pages
        ),
        Err(problems) => problems,
    }
}

/// The errors of checking `site`.
pub fn errors(site: &Site) -> Vec<Diagnostic> {
    check(site)
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// The one error of checking `site`: at `path`, `line`, mentioning `needle`, with a hint.
pub fn one_error(site: &Site, path: &str, line: Option<usize>, needle: &str) -> Diagnostic {
    let problems = check(site);
    let errors: Vec<&Diagnostic> = problems.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "expected one error, got:\n{problems}");
    let error = errors[0].clone();
    assert_eq!(
        error.path.to_string_lossy(),
        path,
        "wrong file for: {error}"
    );
    assert_eq!(error.line, line, "wrong line for: {error}");
    assert!(
        error.message.contains(needle),
        "expected `{needle}` in: {error}"
    );
    assert!(error.hint.is_some(), "every error has a hint: {error}");
    error
}

/// Builds `site` with the binary over a previous good build (plus a file of the editor's own):
/// asserts exit code 1, no panic, no Rust jargon, every `location` (`path:line`) printed, the
/// output folder byte for byte as it was, and nothing left beside it. Returns what it printed.
pub fn fails_cleanly(site: &Site, locations: &[&str]) -> String {
    let good = BuildOptions {
        root: fixture::fixture_dir("err_base"),
        output_dir: Some(site.out.clone()),
        base_url: None,
        drafts: false,
    };
    partnerkit::build(&good)
        .unwrap_or_else(|problems| panic!("the base fixture failed:\n{problems}"));
    std::fs::write(site.out.join("mine.txt"), "the editor's own file").unwrap();
    let before = tree(&site.out);
    let beside = listing(site);
    let run = site.run_build();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    for jargon in [
        "Diagnostic {",
        "expected struct",
        "as u128",
        "expected i64",
        "unknown variant",
        "invalid type",
    ] {
        assert!(!stderr.contains(jargon), "`{jargon}` printed:\n{stderr}");
    }
    for location in locations {
        assert!(
            stderr.contains(&format!("{location}:")),
            "`{location}` not printed in:\n{stderr}"
        );
    }
    assert!(tree(&site.out) == before, "the previous build changed");
    assert_eq!(
        beside,
        listing(site),
        "something was left beside the output"
    );
    stderr
}

/// The names in the folder holding the site and its output.
fn listing(site: &Site) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(site.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}
