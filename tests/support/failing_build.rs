//! What every bad-input test asserts of the `partnerkit` binary: the exit code, the file (and
//! line) named, no panic, and a previous build in the output folder left byte for byte as it
//! was, with nothing left beside it.
//!
//! Declared once in `tests/suite/main.rs`.
#![allow(dead_code)]

use crate::fixture::{self, tree, Site};
use partnerkit::BuildOptions;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::Output;

/// Fills `out` with a good build of the `subpath` fixture, plus a file of the editor's own
/// (kept only if a later build wrongly leaves the folder alone or wrongly copies it).
pub fn previous_build(out: &Path) {
    let good = BuildOptions {
        root: fixture::fixture_dir("subpath"),
        output_dir: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
    };
    partnerkit::build(&good)
        .unwrap_or_else(|problems| panic!("the good fixture failed:\n{problems}"));
    std::fs::write(out.join("sentinel.txt"), "mine").unwrap();
}

/// A snapshot of an output folder and of the names beside it.
pub struct Snapshot {
    files: BTreeMap<String, Vec<u8>>,
    beside: Vec<OsString>,
}

impl Snapshot {
    pub fn of(out: &Path) -> Snapshot {
        Snapshot {
            files: if out.exists() {
                tree(out)
            } else {
                BTreeMap::new()
            },
            beside: names_in(out.parent().unwrap()),
        }
    }

    /// Asserts the folder and its neighbours are as they were.
    pub fn assert_unchanged(&self, out: &Path) {
        assert!(
            self.files == tree_or_empty(out),
            "{} changed",
            out.display()
        );
        assert_eq!(
            self.beside,
            names_in(out.parent().unwrap()),
            "something was left beside {}",
            out.display()
        );
    }
}

fn tree_or_empty(out: &Path) -> BTreeMap<String, Vec<u8>> {
    if out.exists() {
        tree(out)
    } else {
        BTreeMap::new()
    }
}

fn names_in(dir: &Path) -> Vec<OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}

/// Stderr of `run`, after asserting its exit `code` and that nothing panicked.
pub fn stderr_of(run: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(
        run.status.code(),
        Some(code),
        "exit code; stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    assert!(
        !stderr.contains("Diagnostic {"),
        "Rust Debug output:\n{stderr}"
    );
    stderr
}

/// Builds `site` with the binary over a previous build; asserts exit code 1, that `location`
/// (`path:line` or `path:line:col`) is printed, and that the previous build is untouched.
/// Returns stderr.
pub fn fails_cleanly(site: &Site, location: &str) -> String {
    previous_build(&site.out);
    let before = Snapshot::of(&site.out);
    let stderr = stderr_of(&site.run_build(), 1);
    assert!(
        stderr.contains(&format!("{location}:")),
        "`{location}` not printed in:\n{stderr}"
    );
    before.assert_unchanged(&site.out);
    stderr
}

/// Builds `site` with the binary and asserts it succeeds without a panic; returns stderr.
pub fn builds(site: &Site) -> String {
    stderr_of(&site.run_build(), 0)
}
