//! `.github/workflows/release.yml` keeps its promise: on a `v*` tag it builds partnerkit with
//! `cargo build --release --locked --target …` for Linux, macOS and Windows, and attaches the
//! archives to the tag's GitHub release, with write access only in the job that uploads.
//! GitHub never runs it here, so this test reads it (and runs its tag check with bash).

use serde_yaml::Value;
use std::path::Path;
use std::process::Command;

fn workflow() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("not YAML: {err}"))
}

fn steps<'a>(wf: &'a Value, job: &str) -> &'a [Value] {
    wf["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("the job `{job}` has no steps"))
}

fn runs<'a>(wf: &'a Value, job: &str) -> Vec<&'a str> {
    steps(wf, job)
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect()
}

/// The job's permissions as `name: level` pairs.
fn permissions(wf: &Value, job: &str) -> Vec<(String, String)> {
    let map = wf["jobs"][job]["permissions"]
        .as_mapping()
        .unwrap_or_else(|| panic!("the job `{job}` names no permissions"));
    map.iter()
        .map(|(k, v)| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (text(k), text(v))
        })
        .collect()
}

#[test]
fn a_version_tag_builds_linux_macos_and_windows_with_the_lock_file() {
    let wf = workflow();
    let tags = wf["on"]["push"]["tags"]
        .as_sequence()
        .expect("on.push.tags");
    assert_eq!(tags, &[Value::from("v*")]);
    let matrix = wf["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a build matrix");
    let targets: Vec<&str> = matrix.iter().filter_map(|m| m["target"].as_str()).collect();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.contains(&target),
            "{target} missing from {targets:?}"
        );
    }
    let build = runs(&wf, "build")
        .into_iter()
        .find(|run| run.contains("cargo build"))
        .expect("a cargo build step");
    assert_eq!(
        build.trim(),
        "cargo build --release --locked --target ${{ matrix.target }}"
    );
    let uploads = steps(&wf, "build").iter().any(|step| {
        step["uses"]
            .as_str()
            .is_some_and(|uses| uses.starts_with("actions/upload-artifact@"))
    });
    assert!(
        uploads,
        "the build job keeps its archive for the release job"
    );
}

#[test]
fn only_the_release_job_may_write_and_it_uploads_every_archive() {
    let wf = workflow();
    assert_eq!(
        wf["permissions"].as_mapping().map(|m| m.len()),
        Some(0),
        "no permissions by default"
    );
    assert_eq!(
        permissions(&wf, "build"),
        [("contents".to_string(), "read".to_string())]
    );
    assert_eq!(
        permissions(&wf, "release"),
        [("contents".to_string(), "write".to_string())]
    );
    assert_eq!(wf["jobs"]["release"]["needs"].as_str(), Some("build"));
    let upload = runs(&wf, "release").join("\n");
    assert!(
        upload.contains("gh release upload \"$GITHUB_REF_NAME\" dist/*"),
        "{upload}"
    );
    let download = steps(&wf, "release")
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/download-artifact@"))
        })
        .expect("the release job fetches the build jobs' archives");
    assert_eq!(download["with"]["pattern"].as_str(), Some("partnerkit-*"));
}

/// The archive a site's Pages workflow downloads is the one the release makes.
#[test]
fn the_linux_archive_has_the_name_sites_download() {
    let wf = workflow();
    let pack = runs(&wf, "build")
        .into_iter()
        .find(|run| run.contains("tar -czf"))
        .expect("a packing step");
    assert!(
        pack.contains("name=\"partnerkit-${{ matrix.target }}\""),
        "{pack}"
    );
    assert!(pack.contains("\"dist/$name.tar.gz\""), "{pack}");
    let site_workflow = partnerkit::scaffold::pages_workflow();
    assert!(
        site_workflow.contains("partnerkit-x86_64-unknown-linux-gnu.tar.gz"),
        "{site_workflow}"
    );
}

/// Runs the tag check with `GITHUB_REF_NAME` set to `tag`, in the repository.
fn tag_check_passes(tag: &str) -> bool {
    let wf = workflow();
    let script = runs(&wf, "build")
        .into_iter()
        .find(|run| run.contains("GITHUB_REF_NAME"))
        .expect("a tag check step")
        .to_string();
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GITHUB_REF_NAME", tag)
        .output()
        .expect("run bash")
        .status
        .success()
}

#[test]
fn the_tag_must_match_the_crate_version() {
    assert!(tag_check_passes(&format!("v{}", env!("CARGO_PKG_VERSION"))));
    assert!(!tag_check_passes("v999.0.0"));
}
