//! "Last updated" from git history, in a fixture site made a git repository in a temp dir: a
//! page shows the date of its file's last commit (also the sitemap's `<lastmod>`), a page's
//! own `updated:` date wins over git, a file never committed shows its modification date,
//! `repo_url` adds "Edit this page", and an `updated:` that is not a date is an error naming
//! the file and line.

use crate::fixture;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Runs git in `dir` with a fixed author and `date` as author and committer date.
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.org")
        .env("GIT_COMMITTER_NAME", "Editor")
        .env("GIT_COMMITTER_EMAIL", "editor@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// The fixture as a repository: the home page and court.md committed in March 2021, the
/// liaison page in May 2022, and court.md's file touched since (its mtime must not win).
fn dated_site() -> fixture::Site {
    let site = fixture::copy("page-dates");
    let root = &site.root;
    git(
        root,
        &["init", "--quiet", "--initial-branch=main"],
        "2021-03-04T12:00:00Z",
    );
    git(
        root,
        &[
            "add",
            "config.yaml",
            "content/_index.md",
            "content/court.md",
        ],
        "2021-03-04T12:00:00Z",
    );
    git(
        root,
        &["commit", "--quiet", "-m", "First pages"],
        "2021-03-04T12:00:00Z",
    );
    git(
        root,
        &["add", "content/liaison.md"],
        "2022-05-06T08:30:00+02:00",
    );
    git(
        root,
        &["commit", "--quiet", "-m", "Liaison"],
        "2022-05-06T08:30:00+02:00",
    );
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_546_430_400); // 2019-01-02
    let notes = std::fs::File::options()
        .write(true)
        .open(root.join("content/notes.md"))
        .unwrap();
    notes.set_modified(long_ago).unwrap();
    site
}

fn last_updated(html: &str) -> &str {
    let start = html
        .find("Last updated <time")
        .expect("a Last updated line");
    &html[start..start + html[start..].find("</time>").unwrap()]
}

#[test]
fn last_updated_comes_from_the_last_commit_of_the_file() {
    let site = dated_site();
    site.build();
    assert_eq!(
        last_updated(&site.read("court/index.html")),
        r#"Last updated <time datetime="2021-03-04">4 March 2021"#
    );
    let liaison = site.read("liaison/index.html");
    assert_eq!(
        last_updated(&liaison),
        r#"Last updated <time datetime="2020-02-02">2 February 2020"#,
        "the front matter's own date wins"
    );
    assert!(liaison.contains(r#"Reviewed <time datetime="2026-01-15">15 January 2026</time>"#));
    assert_eq!(
        last_updated(&site.read("notes/index.html")),
        r#"Last updated <time datetime="2019-01-02">2 January 2019"#,
        "never committed: the file's date"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://example.org/toolkit/court/</loc><lastmod>2021-03-04</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap
        .contains("<loc>https://example.org/toolkit/liaison/</loc><lastmod>2020-02-02</lastmod>"));
    assert!(site.read("court/index.html").contains(
        r#"<a href="https://github.com/org/toolkit/edit/main/content/court.md" rel="external">Edit this page</a>"#
    ));
}

#[test]
fn a_newer_commit_moves_the_date_on() {
    let site = dated_site();
    site.edit("content/court.md", "Committed once", "Committed twice");
    git(
        &site.root,
        &["commit", "--quiet", "-am", "Court again"],
        "2023-07-08T23:30:00-04:00",
    );
    site.build();
    assert_eq!(
        last_updated(&site.read("court/index.html")),
        r#"Last updated <time datetime="2023-07-08">8 July 2023"#,
        "the committer's own calendar date"
    );
}

#[test]
fn an_updated_field_that_is_not_a_date_is_an_error_at_its_line() {
    let site = fixture::copy("page-dates");
    site.edit(
        "content/liaison.md",
        "updated: 2020-02-02",
        "updated: May 2020",
    );
    let problems = site.errors();
    let problem = fixture::only_error(&problems);
    fixture::assert_at(problem, "content/liaison.md", 3, "not a date");
    let shown = problem.to_string();
    assert!(
        shown.contains("year-month-day, like `updated: 2026-05-01`"),
        "{shown}"
    );
}
