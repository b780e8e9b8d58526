//! A site made by `partnerkit init` can publish itself: its `.github/workflows/pages.yml` is
//! valid YAML that installs the released partnerkit of this version, runs `check` then
//! `build`, and deploys with least-privilege permissions; its `.gitignore` keeps `public/` out
//! of git, even when the site is made inside partnerkit's own checkout; and the command
//! `init` prints to try the site runs from where `init` was run.

use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the partnerkit binary in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the partnerkit binary runs")
}

fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "my-toolkit"]);
    assert!(run.status.success(), "init failed: {run:?}");
    (dir, PathBuf::from("my-toolkit"))
}

fn workflow(root: &Path) -> Value {
    let text = std::fs::read_to_string(root.join(".github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("the workflow is not YAML: {err}"))
}

fn step_runs(wf: &Value, job: &str) -> Vec<String> {
    wf["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no steps in {job}"))
        .iter()
        .filter_map(|step| step["run"].as_str().map(str::to_string))
        .collect()
}

fn permissions(wf: &Value, job: &str) -> Vec<(String, String)> {
    let map = wf["jobs"][job]["permissions"]
        .as_mapping()
        .unwrap_or_else(|| panic!("the job `{job}` names no permissions"));
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut pairs: Vec<_> = map.iter().map(|(k, v)| (text(k), text(v))).collect();
    pairs.sort();
    pairs
}

#[test]
fn the_workflow_installs_this_version_checks_builds_and_deploys_with_least_privilege() {
    let (dir, site) = init_site();
    let wf = workflow(&dir.path().join(&site));
    assert_eq!(
        wf["env"]["PARTNERKIT_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(wf["permissions"].as_mapping().map(|m| m.len()), Some(0));
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(permissions(&wf, "build"), [pair("contents", "read")]);
    assert_eq!(
        permissions(&wf, "deploy"),
        [pair("id-token", "write"), pair("pages", "write")]
    );
    let runs = step_runs(&wf, "build");
    let position = |command: &str| {
        runs.iter()
            .position(|run| run.trim_start().starts_with(command))
            .unwrap_or_else(|| panic!("no step runs `{command}`: {runs:#?}"))
    };
    let install = runs
        .iter()
        .position(|run| run.contains("releases/download/v$PARTNERKIT_VERSION/"))
        .expect("a step downloads the pinned release");
    assert!(
        runs[install].contains("cargo install --locked"),
        "the fallback"
    );
    let check = position("partnerkit check");
    let build = position("partnerkit build --base-url \"$BASE_URL\"");
    assert!(install < check && check < build, "{runs:#?}");
    assert!(
        !runs.iter().any(|run| run.contains("cargo run")),
        "no Rust build"
    );
    let uses = |job: &str| -> Vec<String> {
        wf["jobs"][job]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_string))
            .collect()
    };
    assert!(uses("build")
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact@")));
    assert!(uses("deploy")
        .iter()
        .any(|u| u.starts_with("actions/deploy-pages@")));
    assert_eq!(wf["jobs"]["deploy"]["needs"].as_str(), Some("build"));
}

#[test]
fn the_new_site_builds_with_the_built_in_theme_and_public_is_ignored_by_git() {
    let (dir, site) = init_site();
    let root = dir.path().join(&site);
    assert!(!root.join("themes").exists());
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(
        gitignore.lines().any(|l| l.trim() == "public/"),
        "{gitignore}"
    );
    let run = run_in(dir.path(), &["build", "--root", "my-toolkit"]);
    assert!(run.status.success(), "{run:?}");
    assert!(root.join("public/index.html").is_file());
    let css = std::fs::read_dir(root.join("public/css")).unwrap().count();
    assert!(css > 0, "the built-in theme's stylesheets are published");
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "--quiet"]);
    let untracked = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(untracked.contains("config.yaml"), "{untracked}");
    assert!(
        !untracked.contains("public/"),
        "public/ is not ignored:\n{untracked}"
    );
}

/// "Start a new toolkit" followed from inside partnerkit's checkout: the site's own
/// `.gitignore` keeps its `public/` out of the checkout's git, and `init` says where it is.
#[test]
fn a_site_made_inside_partnerkits_checkout_keeps_public_out_and_says_so() {
    let checkout = tempfile::tempdir().unwrap();
    let outer = checkout.path();
    std::fs::write(
        outer.join("Cargo.toml"),
        "[package]\nname = \"partnerkit\"\n",
    )
    .unwrap();
    let status = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(outer)
        .status()
        .expect("git runs");
    assert!(status.success());
    let run = run_in(outer, &["init", "my-toolkit"]);
    assert!(run.status.success(), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("inside partnerkit's own repository"),
        "{stderr}"
    );
    // It tells the editor to run it through Cargo, as the partnerkit command is not installed.
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("cargo run -- serve --root my-toolkit"),
        "{stdout}"
    );
    std::fs::create_dir_all(outer.join("my-toolkit/public")).unwrap();
    std::fs::write(outer.join("my-toolkit/public/index.html"), "x").unwrap();
    let out = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(outer)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("my-toolkit/config.yaml"), "{listed}");
    assert!(!listed.contains("public"), "{listed}");
}

/// Outside the checkout, the printed command names this program; with `check` in place of
/// `serve`, it runs as printed.
#[test]
fn init_prints_a_command_that_runs_from_the_same_folder() {
    let (dir, _site) = init_site();
    let run = run_in(dir.path(), &["init", "second"]);
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let command = stdout.lines().last().unwrap().trim().to_string();
    assert!(command.ends_with(" serve --root second"), "{command}");
    let program = command.strip_suffix(" serve --root second").unwrap();
    let program = program.trim_matches('"');
    assert!(
        Path::new(program).is_file() || program == "partnerkit",
        "{program}"
    );
    let check = Command::new(program)
        .args(["check", "--root", "second"])
        .current_dir(dir.path())
        .output()
        .expect("the printed program runs");
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn the_settings_written_point_to_nothing_the_site_lacks() {
    let (dir, site) = init_site();
    let config = std::fs::read_to_string(dir.path().join(site).join("config.yaml")).unwrap();
    for missing in ["README", "docs/"] {
        assert!(
            !config.contains(missing),
            "config.yaml mentions {missing}:\n{config}"
        );
    }
}

/// The workflow publishes at the repository's Pages address unless PAGES_BASE_URL says
/// otherwise (its script run with bash, as GitHub would).
#[test]
fn the_workflow_builds_for_the_repositorys_pages_address() {
    let (dir, site) = init_site();
    let wf = workflow(&dir.path().join(&site));
    let script = step_runs(&wf, "build")
        .into_iter()
        .find(|run| run.contains("BASE_URL="))
        .expect("a base URL step");
    let derive = |overridden: &str| {
        let env_file = dir.path().join("github_env");
        let out = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(dir.path().join(&site))
            .env("OWNER", "Some-Org")
            .env("REPO", "toolkit")
            .env("OVERRIDE", overridden)
            .env("GITHUB_ENV", &env_file)
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{out:?}");
        let written = std::fs::read_to_string(&env_file).unwrap();
        std::fs::remove_file(&env_file).unwrap();
        written.trim().to_string()
    };
    assert_eq!(derive(""), "BASE_URL=https://some-org.github.io/toolkit/");
    assert_eq!(
        derive("https://learn.example.org/kit"),
        "BASE_URL=https://learn.example.org/kit/"
    );
}
