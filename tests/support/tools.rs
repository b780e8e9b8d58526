//! The npm test tools of `tests/tools/` (axe-core, vnu-jar, Pagefind's CLI) and the programs that run them.
//!
//! Declared once in `tests/suite/main.rs`; a test module uses it like this:
//!
//! ```ignore
//! use crate::tools;
//!
//! let Some(axe_js) = tools::axe_source("my_test") else { return };
//! ```
//!
//! The tools are pinned in `tests/tools/package.json` and `package-lock.json`. When
//! `tests/tools/node_modules` lacks them, the first call installs them with
//! `npm ci --prefix tests/tools --ignore-scripts` (the scripts would only download a Java the
//! machine already has). A missing `npm` (or `java`, for vnu) prints `SKIPPED <test>` with the
//! install command; under CI (`CI` set) it panics instead, as a missing Chromium does.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// The Debian packages that provide the programs, for the install hints.
const NODE_PACKAGES: &str = "nodejs npm";
const JAVA_PACKAGE: &str = "default-jre-headless";

/// Serializes installs between tests of one test binary (they run on parallel threads).
static INSTALL_LOCK: Mutex<()> = Mutex::new(());

/// `tests/tools/` in this checkout.
pub fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools")
}

/// The minified axe-core script, once installed.
pub fn axe_path() -> PathBuf {
    tools_dir().join("node_modules/axe-core/axe.min.js")
}

/// The Nu HTML checker's jar, once installed.
pub fn vnu_path() -> PathBuf {
    tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// Pagefind's own command-line program, unpatched, from npm's `pagefind` package (its
/// launcher picks the binary for this platform).
pub fn pagefind_cli_path() -> PathBuf {
    tools_dir().join("node_modules/.bin/pagefind")
}

/// Pagefind's CLI (see [`pagefind_cli_path`]), installing the tools if needed; `None` means
/// skipped.
pub fn pagefind_cli(test_name: &str) -> Option<PathBuf> {
    ensure_installed(test_name).then(pagefind_cli_path)
}

/// The source of axe-core, installing the tools first if needed; `None` means skipped.
pub fn axe_source(test_name: &str) -> Option<String> {
    if !ensure_installed(test_name) {
        return None;
    }
    let path = axe_path();
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{test_name}: cannot read {}: {err}", path.display()));
    Some(source)
}

/// The vnu jar and a `java` to run it with, installing the tools if needed; `None` means skipped.
pub fn vnu_jar(test_name: &str) -> Option<PathBuf> {
    if !program_works("java", &["-version"]) {
        skip_or_fail(test_name, "java", JAVA_PACKAGE);
        return None;
    }
    ensure_installed(test_name).then(vnu_path)
}

/// True if the tools are installed (now or before); false if npm is missing outside CI.
fn ensure_installed(test_name: &str) -> bool {
    let _guard = INSTALL_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let installed = || axe_path().is_file() && vnu_path().is_file() && pagefind_cli_path().exists();
    if installed() {
        return true;
    }
    if !program_works("npm", &["--version"]) {
        skip_or_fail(test_name, "npm", NODE_PACKAGES);
        return false;
    }
    let dir = tools_dir();
    let output = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("{test_name}: cannot run npm: {err}"));
    assert!(
        output.status.success() && installed(),
        "{test_name}: `npm ci --prefix {} --ignore-scripts` failed ({}):\n{}{}",
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    true
}

/// True if `program args` runs and exits successfully.
fn program_works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Panics under CI; elsewhere prints a SKIPPED line with the install command.
fn skip_or_fail(test_name: &str, program: &str, packages: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    if ci {
        panic!("{test_name}: `{program}` is required under CI but was not found; install it with: apt-get install {packages}");
    }
    // The real stderr: libtest hides `eprintln!` output of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test_name}: `{program}` not found; install it with: sudo apt-get install {packages}"
    );
}
