//! `.github/workflows/pages.yml` keeps doing what the README promises: build the toolkit with
//! the Pages base URL on every push to main, upload `public/` and deploy it. GitHub never runs
//! it here, so this test reads it, and runs its base-URL script with bash.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

fn workflow() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not YAML: {err}", path.display()))
}

fn steps<'a>(workflow: &'a Value, job: &str) -> &'a [Value] {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("the job `{job}` has no steps"))
}

/// The step of `job` that uses the action `name` (any version).
fn step_using<'a>(workflow: &'a Value, job: &str, name: &str) -> &'a Value {
    steps(workflow, job)
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with(&format!("{name}@")))
        })
        .unwrap_or_else(|| panic!("the job `{job}` has no step using {name}"))
}

/// The step of `job` whose `run` script contains `text`.
fn step_running<'a>(workflow: &'a Value, job: &str, text: &str) -> &'a Value {
    steps(workflow, job)
        .iter()
        .find(|step| step["run"].as_str().is_some_and(|run| run.contains(text)))
        .unwrap_or_else(|| panic!("the job `{job}` has no step running `{text}`"))
}

#[test]
fn workflow_builds_on_push_to_main_and_deploys_with_the_official_actions() {
    let wf = workflow();
    let branches = wf["on"]["push"]["branches"]
        .as_sequence()
        .expect("on.push.branches");
    assert!(
        branches.iter().any(|b| b.as_str() == Some("main")),
        "{branches:?}"
    );
    assert!(
        wf["on"].get("workflow_dispatch").is_some(),
        "no workflow_dispatch trigger"
    );
    assert!(wf["concurrency"]["group"]
        .as_str()
        .is_some_and(|g| !g.is_empty()));

    step_using(&wf, "build", "actions/checkout");
    step_using(&wf, "build", "dtolnay/rust-toolchain");
    step_running(
        &wf,
        "build",
        r#"cargo run --locked --release -- build --base-url "$BASE_URL""#,
    );
    let base_url_step = step_running(&wf, "build", "BASE_URL=");
    assert_eq!(
        base_url_step["env"]["OVERRIDE"].as_str(),
        Some("${{ vars.PAGES_BASE_URL }}"),
        "the base URL must be overridable with the PAGES_BASE_URL variable"
    );
    let upload = step_using(&wf, "build", "actions/upload-pages-artifact");
    assert_eq!(upload["with"]["path"].as_str(), Some("public/"));

    let deploy_job = &wf["jobs"]["deploy"];
    assert_eq!(deploy_job["needs"].as_str(), Some("build"));
    assert_eq!(
        deploy_job["environment"]["name"].as_str(),
        Some("github-pages")
    );
    step_using(&wf, "deploy", "actions/deploy-pages");
}

/// The permissions `job` is granted, as `name: access` pairs.
fn permissions_of(job: &Value) -> Vec<(String, String)> {
    let map = job["permissions"]
        .as_mapping()
        .unwrap_or_else(|| panic!("a job without its own permissions: {job:?}"));
    map.iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn only_the_deploy_job_may_write_to_pages_or_ask_for_a_token() {
    let wf = workflow();
    let top = wf["permissions"]
        .as_mapping()
        .expect("top-level permissions");
    assert!(
        top.is_empty(),
        "the workflow grants {top:?} to every job; grant per job instead"
    );
    assert_eq!(
        permissions_of(&wf["jobs"]["build"]),
        [("contents".to_string(), "read".to_string())]
    );
    let mut deploy = permissions_of(&wf["jobs"]["deploy"]);
    deploy.sort();
    assert_eq!(
        deploy,
        [
            ("id-token".to_string(), "write".to_string()),
            ("pages".to_string(), "write".to_string())
        ]
    );
    let checkout = step_using(&wf, "build", "actions/checkout");
    assert_eq!(
        checkout["with"]["persist-credentials"].as_bool(),
        Some(false),
        "the build keeps no git credentials on disk"
    );
}

/// The major version `job`'s step using `action` names (`actions/checkout@v7` → 7).
fn major_version(wf: &Value, job: &str, action: &str) -> u32 {
    let uses = step_using(wf, job, action)["uses"].as_str().unwrap();
    let version = uses.rsplit_once('@').unwrap().1;
    version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or_else(|| panic!("`{uses}` does not name a version like v5"))
}

#[test]
fn the_official_actions_are_at_their_current_major_versions() {
    // The newest releases when this was written: checkout v7.0.1, configure-pages v5.0.0,
    // upload-pages-artifact v5.0.0, deploy-pages v5.0.0, rust-cache v2.9.2.
    let wf = workflow();
    for (job, action, current) in [
        ("build", "actions/checkout", 7),
        ("build", "actions/upload-pages-artifact", 5),
        ("build", "Swatinem/rust-cache", 2),
        ("deploy", "actions/configure-pages", 5),
        ("deploy", "actions/deploy-pages", 5),
    ] {
        let used = major_version(&wf, job, action);
        assert!(used >= current, "{action}@v{used} is older than v{current}");
    }
    // upload-pages-artifact v4 and later leave out dot-files unless asked: .nojekyll must go.
    let upload = step_using(&wf, "build", "actions/upload-pages-artifact");
    assert_eq!(upload["with"]["include-hidden-files"].as_bool(), Some(true));
}

#[test]
fn nothing_is_published_before_the_checks_and_tests_pass() {
    let wf = workflow();
    let position = |text: &str| {
        let wanted = step_running(&wf, "build", text);
        steps(&wf, "build")
            .iter()
            .position(|s| s == wanted)
            .unwrap()
    };
    let upload = steps(&wf, "build")
        .iter()
        .position(|s| s == step_using(&wf, "build", "actions/upload-pages-artifact"))
        .unwrap();
    for text in ["-- check", "cargo test --locked"] {
        assert!(position(text) < upload, "`{text}` runs after the upload");
    }
    for step in steps(&wf, "build") {
        if let Some(run) = step["run"].as_str().filter(|r| r.contains("cargo ")) {
            assert!(run.contains("--locked"), "`{run}` may change Cargo.lock");
        }
    }
}

/// Runs the workflow's base-URL script in a fresh folder (with `static/CNAME` if given) and
/// returns the `BASE_URL` it writes to `$GITHUB_ENV`.
fn derived_base_url(
    script: &str,
    owner: &str,
    repo: &str,
    overridden: &str,
    cname: Option<&str>,
) -> String {
    let dir = tempfile::tempdir().unwrap();
    if let Some(domain) = cname {
        std::fs::create_dir(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/CNAME"), domain).unwrap();
    }
    let env_file: PathBuf = dir.path().join("github_env");
    let output = Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir.path())
        .env("OWNER", owner)
        .env("REPO", repo)
        .env("OVERRIDE", overridden)
        .env("GITHUB_ENV", &env_file)
        .output()
        .expect("run bash");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(&env_file).unwrap();
    written
        .lines()
        .find_map(|line| line.strip_prefix("BASE_URL="))
        .unwrap_or_else(|| panic!("no BASE_URL line in {written:?}"))
        .to_string()
}

#[test]
fn workflow_derives_the_pages_url_from_the_repository_unless_overridden() {
    let wf = workflow();
    let script = step_running(&wf, "build", "BASE_URL=")["run"]
        .as_str()
        .unwrap();
    let derive =
        |owner, repo, overridden, cname| derived_base_url(script, owner, repo, overridden, cname);

    assert_eq!(
        derive("org", "toolkit", "", None),
        "https://org.github.io/toolkit/"
    );
    assert_eq!(
        derive("Some-Org", "Toolkit", "", None),
        "https://some-org.github.io/Toolkit/"
    );
    assert_eq!(
        derive("Some-Org", "some-org.github.io", "", None),
        "https://some-org.github.io/"
    );
    assert_eq!(
        derive("org", "toolkit", "", Some("toolkit.example.org\n")),
        "https://toolkit.example.org/"
    );
    assert_eq!(
        derive(
            "org",
            "toolkit",
            "https://learn.example.org/toolkit",
            Some("toolkit.example.org")
        ),
        "https://learn.example.org/toolkit/"
    );
}

#[test]
fn a_cname_in_static_is_published_at_the_site_root() {
    // The README tells editors to put their custom domain in static/CNAME.
    let site = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages_cname");
    let out = site.path().join("public");
    let options = partnerkit::BuildOptions {
        root: fixture,
        output_dir: Some(out.clone()),
        base_url: Some("https://toolkit.example.org/".into()),
        drafts: false,
    };
    if let Err(problems) = partnerkit::build(&options) {
        panic!("the fixture does not build:\n{problems}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap().trim(),
        "toolkit.example.org"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains(r#"<link rel="canonical" href="https://toolkit.example.org/">"#),
        "the home page's canonical URL does not use the custom domain"
    );
}
