//! The output folder: a build replaces it only when an earlier build made it (its marker
//! file), when it is empty or missing, or with `--force`; never when it is, is inside or
//! contains the site's sources, even with `--force`. A refusal exits with code 2, names the
//! folder, and changes nothing.

use crate::failing_build;
use crate::fixture;

use failing_build::{stderr_of, Snapshot};
use fixture::{run_binary, tree, Site};
use partnerkit::output_folder::MARKER;
use std::path::Path;

/// `partnerkit build --root <site> --output-dir <out> [extra]` through the binary.
fn build_into(site: &Site, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run_binary(&args)
}

/// Asserts building into `out` (with `extra` flags) is refused with exit code 2, naming the
/// folder and `why`, and that neither the site nor `out` changed. Returns stderr.
fn refused(site: &Site, out: &Path, extra: &[&str], why: &str) -> String {
    let sources = tree(&site.root);
    // A folder holding the site sits in the shared temporary folder, whose other entries
    // change with other tests; the site's own files are what must not change there.
    let before = (!site.root.starts_with(out)).then(|| Snapshot::of(out));
    let stderr = stderr_of(&build_into(site, out, extra), 2);
    assert!(
        stderr.contains(&out.display().to_string()),
        "the folder is not named:\n{stderr}"
    );
    assert!(stderr.contains(why), "`{why}` not in:\n{stderr}");
    assert!(tree(&site.root) == sources, "the site's files changed");
    if let Some(before) = before {
        before.assert_unchanged(out);
    }
    stderr
}

fn site() -> Site {
    fixture::copy("out_site")
}

#[test]
fn the_site_folder_itself_is_refused() {
    let site = site();
    refused(&site, &site.root.clone(), &[], "is the site folder");
}

#[test]
fn a_folder_holding_the_site_is_refused() {
    let site = site();
    let parent = site.root.parent().unwrap().to_path_buf();
    refused(&site, &parent, &[], "contains the site folder");
}

#[test]
fn the_content_folder_is_refused() {
    let site = site();
    refused(
        &site,
        &site.root.join("content"),
        &[],
        "is the site's content/ folder",
    );
}

#[test]
fn a_section_folder_inside_content_is_refused() {
    let site = site();
    refused(
        &site,
        &site.root.join("content/guide"),
        &[],
        "is inside the site's content/ folder",
    );
}

#[test]
fn a_new_folder_inside_content_is_refused_and_not_made() {
    let site = site();
    let out = site.root.join("content/built");
    refused(&site, &out, &[], "inside the site's content/ folder");
    assert!(!out.exists());
}

#[test]
fn the_static_templates_and_themes_folders_are_refused() {
    let site = site();
    for name in ["static", "templates", "themes", "themes/spare"] {
        refused(
            &site,
            &site.root.join(name),
            &[],
            "would delete the site's own files",
        );
    }
}

#[test]
fn the_settings_file_is_refused() {
    let site = site();
    refused(
        &site,
        &site.root.join("config.yaml"),
        &[],
        "settings file config.yaml",
    );
}

#[test]
fn a_path_through_dot_dot_into_content_is_refused() {
    let site = site();
    refused(
        &site,
        &site.root.join("static/../content"),
        &[],
        "is the site's content/ folder",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_content_is_refused() {
    let site = site();
    let link = site.root.parent().unwrap().join("link-to-content");
    std::os::unix::fs::symlink(site.root.join("content"), &link).unwrap();
    refused(&site, &link, &[], "is the site's content/ folder");
}

#[test]
fn force_never_unlocks_the_sources() {
    let site = site();
    refused(
        &site,
        &site.root.join("content"),
        &["--force"],
        "content/ folder",
    );
    refused(
        &site,
        &site.root.clone(),
        &["--force"],
        "is the site folder",
    );
}

#[test]
fn a_folder_of_someone_elses_files_needs_force() {
    let site = site();
    std::fs::create_dir_all(&site.out).unwrap();
    std::fs::write(site.out.join("notes.txt"), "my notes").unwrap();
    let stderr = refused(&site, &site.out, &[], "partnerkit did not make");
    assert!(stderr.contains("--force"), "{stderr}");
}

#[test]
fn force_replaces_a_folder_that_is_not_a_source() {
    let site = site();
    std::fs::create_dir_all(&site.out).unwrap();
    std::fs::write(site.out.join("notes.txt"), "my notes").unwrap();
    stderr_of(&build_into(&site, &site.out, &["--force"]), 0);
    assert!(!site.out.join("notes.txt").exists());
    assert!(site.out.join(MARKER).is_file());
    assert!(site.out.join("guide/page/index.html").is_file());
}

#[test]
fn an_empty_folder_is_used() {
    let site = site();
    std::fs::create_dir_all(&site.out).unwrap();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    assert!(site.out.join("index.html").is_file());
}

#[test]
fn every_build_marks_its_output_and_may_replace_it_again() {
    let site = site();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    let marker = std::fs::read_to_string(site.out.join(MARKER)).unwrap();
    assert!(marker.contains("partnerkit build"), "{marker}");
    std::fs::write(site.out.join("stale.html"), "left from before").unwrap();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    assert!(
        !site.out.join("stale.html").exists(),
        "the build's own folder is replaced whole"
    );
    assert!(site.out.join(MARKER).is_file());
}

#[test]
fn an_output_of_an_older_partnerkit_without_marker_is_recognised() {
    let site = site();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    std::fs::remove_file(site.out.join(MARKER)).unwrap();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    assert!(site.out.join(MARKER).is_file(), "marked from now on");
}

#[test]
fn a_file_where_the_folder_should_be_is_refused() {
    let site = site();
    std::fs::write(&site.out, "a file of mine").unwrap();
    refused(&site, &site.out, &[], "partnerkit did not make");
    assert_eq!(
        std::fs::read_to_string(&site.out).unwrap(),
        "a file of mine"
    );
}

#[cfg(unix)]
#[test]
fn the_site_is_readable_and_nothing_is_left_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    stderr_of(&build_into(&site, &site.out, &[]), 0);
    let mode = std::fs::metadata(&site.out).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o055,
        0o055,
        "others can read the published folder: {mode:o}"
    );
    let mut names: Vec<_> = std::fs::read_dir(site.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out", "site"], "staging folders removed");
}

#[test]
fn serve_refuses_an_output_folder_of_someone_elses_files() {
    let site = site();
    std::fs::create_dir_all(&site.out).unwrap();
    std::fs::write(site.out.join("notes.txt"), "my notes").unwrap();
    let before = Snapshot::of(&site.out);
    let run = run_binary(&[
        "serve",
        "--root",
        site.root.to_str().unwrap(),
        "--output-dir",
        site.out.to_str().unwrap(),
        "--port",
        "0",
    ]);
    let stderr = stderr_of(&run, 1);
    assert!(stderr.contains("partnerkit did not make"), "{stderr}");
    before.assert_unchanged(&site.out);
}
