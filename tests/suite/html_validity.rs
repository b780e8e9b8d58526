//! Every page the real toolkit builds passes the Nu HTML checker (vnu, from the npm registry,
//! run on the machine's Java), and so does its CSS.

use crate::toolkit;
use crate::tools;

use std::process::{Command, Stdio};

use serde_json::Value;

/// One message of `vnu --format json`, shortened to what a reader needs to find the problem.
fn describe(message: &Value, site_root: &str) -> String {
    let text = |key: &str| message.get(key).and_then(Value::as_str).unwrap_or("");
    let file = text("url").trim_start_matches("file:");
    let file = file.strip_prefix(site_root).unwrap_or(file);
    let line = message.get("lastLine").and_then(Value::as_u64).unwrap_or(0);
    format!(
        "{file}:{line}: {}: {}\n    near: {}",
        text("type"),
        text("message"),
        text("extract").replace('\n', "⏎")
    )
}

#[test]
fn every_built_page_and_stylesheet_is_valid() {
    let Some(jar) = tools::vnu_jar("every_built_page_and_stylesheet_is_valid") else {
        return;
    };
    let site = toolkit::build("http://127.0.0.1/toolkit/");
    let root = site.root();
    let pages = site.page_paths();
    assert!(
        pages.len() > 20,
        "the toolkit has only {} pages",
        pages.len()
    );

    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args([
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            "--also-check-css",
        ])
        .arg(&root)
        .stdin(Stdio::null())
        .output()
        .expect("run java -jar vnu.jar");
    // vnu writes its JSON report to stderr and exits 1 when it found errors.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|err| {
        panic!(
            "vnu printed no JSON report ({err}); it said:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"]
        .as_array()
        .expect("the vnu report has a messages list");
    let site_root = format!("{}/", root.display());
    let problems: Vec<String> = messages.iter().map(|m| describe(m, &site_root)).collect();
    assert!(
        problems.is_empty(),
        "the Nu HTML checker found {} problem(s) in the built toolkit:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        output.status.success(),
        "vnu exited with {} but reported no errors",
        output.status
    );
}
