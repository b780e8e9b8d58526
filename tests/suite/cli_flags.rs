//! Command-line flags checked before anything is built: `--base-url` as strictly as
//! `base_url` in config.yaml (a usage error, exit 2), `--root` at a folder that is not a site
//! named as such, and file system errors told in plain words before the system's own.

use crate::failing_build;
use crate::fixture;

use failing_build::{previous_build, stderr_of, Snapshot};
use fixture::run_binary;
use std::time::{Duration, Instant};

/// Builds the plain fixture over a previous build with `--base-url url`; returns stderr after
/// asserting exit code 2 and an untouched output.
fn base_url_refused(url: &str) -> String {
    let site = fixture::copy("plain_site");
    previous_build(&site.out);
    let before = Snapshot::of(&site.out);
    let (root, out) = (site.root.to_str().unwrap(), site.out.to_str().unwrap());
    let run = run_binary(&[
        "build",
        "--root",
        root,
        "--output-dir",
        out,
        "--base-url",
        url,
    ]);
    let stderr = stderr_of(&run, 2);
    before.assert_unchanged(&site.out);
    assert!(stderr.contains("--base-url"), "{stderr}");
    assert!(stderr.contains("is not a full URL"), "{stderr}");
    assert!(
        stderr.contains("https://org.github.io/toolkit/"),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_base_url_without_its_scheme_is_a_usage_error() {
    base_url_refused("org.github.io/toolkit/");
}

#[test]
fn an_empty_base_url_is_a_usage_error() {
    base_url_refused("");
}

#[test]
fn a_base_url_that_is_only_a_path_is_a_usage_error() {
    base_url_refused("/toolkit/");
}

#[test]
fn a_good_base_url_is_used() {
    let site = fixture::copy("plain_site");
    let (root, out) = (site.root.to_str().unwrap(), site.out.to_str().unwrap());
    let url = "https://org.github.io/other/";
    stderr_of(
        &run_binary(&[
            "build",
            "--root",
            root,
            "--output-dir",
            out,
            "--base-url",
            url,
        ]),
        0,
    );
    assert!(site
        .read("sitemap.xml")
        .contains("https://org.github.io/other/page/"));
}

/// A folder with no config.yaml, as a mistyped `--root` names.
fn not_a_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

#[test]
fn root_without_settings_names_the_folder_without_suggesting_root() {
    let dir = not_a_site();
    let root = dir.path().to_str().unwrap();
    for command in ["build", "check"] {
        let stderr = stderr_of(&run_binary(&[command, "--root", root]), 1);
        assert!(
            stderr.contains(&format!("the folder {root} has no config.yaml")),
            "{stderr}"
        );
        assert!(!stderr.contains("pass --root"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    assert!(!dir.path().join("public").exists(), "nothing written");
}

#[test]
fn root_that_does_not_exist_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("typo");
    let stderr = stderr_of(&run_binary(&["check", "--root", root.to_str().unwrap()]), 1);
    assert!(
        stderr.contains(&format!("the folder {} does not exist", root.display())),
        "{stderr}"
    );
}

#[test]
fn no_root_given_in_a_folder_without_settings_suggests_root() {
    let dir = not_a_site();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = stderr_of(&run, 1);
    assert!(
        stderr.starts_with("config.yaml: error: the folder "),
        "{stderr}"
    );
    assert!(stderr.contains("--root DIR"), "{stderr}");
}

#[test]
fn serve_at_a_folder_without_settings_stops_and_says_why() {
    let dir = not_a_site();
    let root = dir.path().to_str().unwrap();
    let started = Instant::now();
    let run = run_binary(&["serve", "--root", root, "--port", "0"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    let stderr = stderr_of(&run, 1);
    assert!(
        stderr.contains(&format!("{root} has no config.yaml")),
        "{stderr}"
    );
    assert!(!stderr.contains("still serving"), "{stderr}");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_told_in_plain_words() {
    let site = fixture::copy("plain_site");
    let blocker = site.root.parent().unwrap().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("public");
    let (root, out) = (site.root.to_str().unwrap(), out.to_str().unwrap());
    let stderr = stderr_of(
        &run_binary(&["build", "--root", root, "--output-dir", out]),
        1,
    );
    let first = stderr.lines().next().unwrap();
    assert!(
        first.contains("a-file: error: cannot write here: part of its path is a file, where a folder was expected"),
        "{stderr}"
    );
    let plain = first.find("part of its path").unwrap();
    assert!(
        first.find("os error").is_none_or(|at| at > plain),
        "{first}"
    );
}

#[test]
fn serve_whose_first_build_fails_does_not_claim_a_last_good_site() {
    use std::io::{BufRead, BufReader};
    let site = fixture::copy("err_shortcode_unclosed");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .arg("--output-dir")
        .arg(&site.out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("partnerkit serve starts");
    let mut seen = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.starts_with("The build failed");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = seen.join("\n");
    assert!(text.contains("content/page.md:6:15"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    let last = seen.last().unwrap();
    assert!(last.contains("no site to serve yet"), "{text}");
    assert!(!last.contains("still serving"), "{text}");
}
