//! The `partnerkit` binary: exit codes, the success summary, `check` writing nothing, and
//! `check` on the repository's own toolkit passing with no warnings.

use crate::fixture;

use fixture::{run_binary, tree};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_a_good_site_and_writes_nothing() {
    let site = fixture::copy("subpath");
    let before = tree(&site.root);
    let run = run_binary(&["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "stderr:\n{}", text(&run.stderr));
    assert_eq!(tree(&site.root), before, "check changed the site folder");
    assert!(!site.root.join("public").exists(), "check wrote public/");
    let beside: Vec<_> = std::fs::read_dir(site.root.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["site"], "check left something beside the site");
    // 3 pages and 2 sections: the draft is left out, the home page is a section.
    assert!(
        text(&run.stdout).starts_with("Checked: 3 pages, 2 sections in "),
        "{}",
        text(&run.stdout)
    );
}

#[test]
fn build_prints_a_summary_with_pages_sections_and_time() {
    let site = fixture::copy("subpath");
    let run = site.run_build();
    assert_eq!(run.status.code(), Some(0), "stderr:\n{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    let summary = stdout.lines().next().unwrap_or_default();
    let expected = format!("Built into {}: 3 pages, 2 sections in ", site.out.display());
    assert!(
        summary.starts_with(&expected) && summary.ends_with(" ms"),
        "{summary}"
    );
    assert!(site.exists("guide/one/index.html"));
    // --drafts counts the draft page.
    let out = site.out.to_str().unwrap();
    let run = site.run(&[
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--output-dir",
        out,
        "--drafts",
    ]);
    assert!(
        text(&run.stdout).contains(": 4 pages, 2 sections in "),
        "{}",
        text(&run.stdout)
    );
}

#[test]
fn build_base_url_flag_reaches_the_output() {
    let site = fixture::copy("subpath");
    let (root, out) = (site.root.to_str().unwrap(), site.out.to_str().unwrap());
    let run = site.run(&[
        "build",
        "--root",
        root,
        "--output-dir",
        out,
        "--base-url",
        "https://other.example/docs/",
    ]);
    assert_eq!(run.status.code(), Some(0), "stderr:\n{}", text(&run.stderr));
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://other.example/docs/guide/one/</loc>"));
}

#[test]
fn usage_errors_exit_with_code_2() {
    for args in [
        &["build", "--no-such-flag"][..],
        &["check", "--root"][..],
        &["publish"][..],
        &[][..],
    ] {
        let run = run_binary(args);
        assert_eq!(
            run.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert!(!text(&run.stderr).is_empty(), "{args:?} explains itself");
    }
}

#[test]
fn a_missing_site_is_a_content_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary(&["check", "--root", dir.path().to_str().unwrap()]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("config.yaml") && stderr.contains("hint:"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_repository_toolkit_checks_with_no_warnings() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = run_binary(&["check", "--root", root]);
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert_eq!(run.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the toolkit has warnings:\n{stderr}"
    );
    assert!(stdout.starts_with("Checked: "), "{stdout}");
    // The library agrees, and the toolkit is substantial.
    let report = partnerkit::check(&partnerkit::BuildOptions {
        root: root.into(),
        ..Default::default()
    })
    .unwrap_or_else(|problems| panic!("{problems}"));
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    assert!(
        report.pages >= 15 && report.sections >= 5,
        "{} pages, {} sections",
        report.pages,
        report.sections
    );
}
