//! `partnerkit init` and `partnerkit new`: a new site builds cleanly with the built-in theme and
//! carries a Pages workflow that installs a released partnerkit, each kind's page template
//! builds inside it (warning while its placeholder sentence is left in), `new` warns outside
//! `content/`, and neither command ever overwrites a file.

use crate::fixture;

use fixture::run_binary;
use partnerkit::content::kinds::KIND_NAMES;
use partnerkit::BuildOptions;
use std::path::{Path, PathBuf};

/// A site made by `partnerkit init` in a fresh temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let output = run_binary(&["init", root.to_str().unwrap()]);
    assert!(output.status.success(), "init failed: {output:?}");
    (dir, root)
}

/// Builds `root` into a subfolder of `dir`, failing on any error; returns the warnings.
fn build_with_warnings(dir: &Path, root: &Path) -> (PathBuf, Vec<String>) {
    let out = dir.join("out");
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.clone()),
        ..BuildOptions::default()
    };
    let report = partnerkit::build(&options)
        .unwrap_or_else(|problems| panic!("the site does not build:\n{problems}"));
    let warnings = report.warnings.iter().map(|w| w.to_string()).collect();
    (out, warnings)
}

/// Builds `root` into a subfolder of `dir`, failing on any error or warning.
fn build_cleanly(dir: &Path, root: &Path) -> PathBuf {
    let (out, warnings) = build_with_warnings(dir, root);
    assert!(warnings.is_empty(), "warnings: {warnings:#?}");
    out
}

#[test]
fn init_makes_a_site_with_every_kind_that_builds_cleanly() {
    let (dir, root) = init_site();
    assert!(root.join("config.yaml").is_file());
    assert!(!root.join("themes").exists(), "the theme stays built in");
    let content = partnerkit::content::load(&root, false).expect("the new site loads");
    let kinds: Vec<&str> = content.pages.iter().map(|p| p.kind.name()).collect();
    for kind in [
        "principle",
        "module",
        "competencies",
        "readings",
        "assessment",
    ] {
        assert!(kinds.contains(&kind), "no {kind} page in {kinds:?}");
    }
    let out = build_cleanly(dir.path(), &root);
    assert!(out.join("index.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("notes.txt"), "mine").unwrap();
    let output = run_binary(&["init", root.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert!(!root.join("config.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(root.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_writes_a_commented_template_for_each_kind_that_builds() {
    assert_eq!(KIND_NAMES.len(), 7);
    for kind in KIND_NAMES {
        let (dir, root) = init_site();
        let file = root.join(format!("content/extra/my-new-{kind}.md"));
        let output = run_binary(&["new", kind, file.to_str().unwrap()]);
        assert!(output.status.success(), "new {kind} failed: {output:?}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("kind: {kind}\n")), "{text}");
        assert!(
            text.contains("title: My new "),
            "title from the file name: {text}"
        );
        let comments = text
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count();
        assert!(
            comments >= 5,
            "{kind}: the front matter explains its fields:\n{text}"
        );
        let (out, warnings) = build_with_warnings(dir.path(), &root);
        assert!(
            out.join(format!("extra/my-new-{kind}/index.html"))
                .is_file(),
            "{kind} page not built"
        );
        // The one warning: the template's sentence is still there, at its line.
        let line = text
            .lines()
            .position(|l| l.starts_with(partnerkit::scaffold::PLACEHOLDER))
            .unwrap()
            + 1;
        let at = format!("content/extra/my-new-{kind}.md:{line}: warning: ");
        assert!(
            warnings.len() == 1 && warnings[0].starts_with(&at),
            "{kind}: {warnings:#?}"
        );
        assert!(warnings[0].contains(partnerkit::scaffold::PLACEHOLDER));
        // Once the sentence is replaced, the page builds cleanly.
        let written = text.replace(partnerkit::scaffold::PLACEHOLDER, "Our own words.");
        std::fs::write(&file, written).unwrap();
        build_cleanly(dir.path(), &root);
    }
}

#[test]
fn new_warns_when_the_page_is_outside_content() {
    let (_dir, root) = init_site();
    let root_text = root.to_str().unwrap();
    // With --root, a relative path is taken inside the site.
    let run = run_binary(&["--root", root_text, "new", "page", "notes/plan.md"]);
    assert!(run.status.success(), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(root.join("notes/plan.md").is_file());
    assert!(
        stderr.contains("plan.md: warning: the page is outside")
            && stderr.contains("will not include it"),
        "{stderr}"
    );
    // Without --root, a path under a content/ folder is fine; one outside any is not.
    let inside = root.join("content/principles/trust.md");
    let run = run_binary(&["new", "principle", inside.to_str().unwrap()]);
    assert!(run.status.success() && run.stderr.is_empty(), "{run:?}");
    let outside = root.join("drafts/trust.md");
    let run = run_binary(&["new", "principle", outside.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("outside"),
        "{run:?}"
    );
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let (_dir, root) = init_site();
    let file = root.join("content/about.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let output = run_binary(&["new", "page", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("about.md"), "names the file: {stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn new_refuses_an_unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lesson.md");
    let output = run_binary(&["new", "lesson", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("principle"));
    assert!(!file.exists());
}
