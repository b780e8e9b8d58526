//! `partnerkit init` and `partnerkit new`: a new site builds cleanly, each kind's page template
//! builds inside it, and neither command ever overwrites a file.

#[path = "support/fixture.rs"]
mod fixture;

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

/// Builds `root` into a subfolder of `dir`, failing on any error or warning.
fn build_cleanly(dir: &Path, root: &Path) -> PathBuf {
    let out = dir.join("out");
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.clone()),
        ..BuildOptions::default()
    };
    let report = partnerkit::build(&options)
        .unwrap_or_else(|problems| panic!("the site does not build:\n{problems}"));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "warnings: {warnings:#?}");
    out
}

#[test]
fn init_makes_a_site_with_every_kind_that_builds_cleanly() {
    let (dir, root) = init_site();
    assert!(root.join("config.yaml").is_file());
    assert!(root.join("themes/default/templates/page.html").is_file());
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
        let out = build_cleanly(dir.path(), &root);
        assert!(
            out.join(format!("extra/my-new-{kind}/index.html"))
                .is_file(),
            "{kind} page not built"
        );
    }
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
