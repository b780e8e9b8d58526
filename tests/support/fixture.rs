//! Fixture sites for integration tests: copy `tests/fixtures/<case>/` into a temporary folder,
//! build or check it through the library (or the `partnerkit` binary), and read the output.
//!
//! Declared once in `tests/suite/main.rs`. Not every test file uses
//! every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use partnerkit::diagnostics::{Diagnostic, Diagnostics};
use partnerkit::{BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fixture copied into its own temporary folder: `root` is the site, `out` the output folder.
pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

/// The folder of fixture `case` in the repository.
pub fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Copies fixture `case` into a fresh temporary folder (so tests never touch the repository).
pub fn copy(case: &str) -> Site {
    let source = fixture_dir(case);
    assert!(source.is_dir(), "no fixture at {}", source.display());
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("site");
    copy_tree(&source, &root);
    let out = dir.path().join("out");
    Site {
        _dir: dir,
        root,
        out,
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Site {
    /// Options building this site into `out`, with the config's own base URL.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output_dir: Some(self.out.clone()),
            base_url: None,
            drafts: false,
        }
    }

    /// Builds into `out` through the library, panicking with the diagnostics on failure.
    pub fn build(&self) -> BuildReport {
        self.build_with(&self.options())
    }

    pub fn build_with(&self, options: &BuildOptions) -> BuildReport {
        partnerkit::build(options)
            .unwrap_or_else(|problems| panic!("the build failed:\n{problems}"))
    }

    /// Checks the site, expecting it to fail; returns the diagnostics.
    pub fn errors(&self) -> Diagnostics {
        match partnerkit::check(&self.options()) {
            Ok(report) => panic!(
                "expected errors, but the check passed ({} pages)",
                report.pages
            ),
            Err(problems) => problems,
        }
    }

    /// A built file's text, by its path inside the output.
    pub fn read(&self, path: &str) -> String {
        let file = self.out.join(path);
        std::fs::read_to_string(&file)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out.join(path).exists()
    }

    /// Runs the `partnerkit` binary with `args` (the site's paths are up to the caller).
    pub fn run(&self, args: &[&str]) -> Output {
        run_binary(args)
    }

    /// `partnerkit build --root <root> --output-dir <out>` through the binary.
    pub fn run_build(&self) -> Output {
        let (root, out) = (self.root.to_str().unwrap(), self.out.to_str().unwrap());
        run_binary(&["build", "--root", root, "--output-dir", out])
    }

    /// Edits a file of the site (relative to the site root): the first `from` becomes `to`.
    /// Panics if `from` is not there, so a test never runs on a fixture it failed to change.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let file = self.root.join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{} has no `{from}`", file.display());
        std::fs::write(file, text.replacen(from, to, 1)).unwrap();
    }

    /// Replaces a file of the site (relative to the site root) with `text`.
    pub fn write(&self, path: &str, bytes: impl AsRef<[u8]>) {
        let file = self.root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
}

pub fn run_binary(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .args(args)
        .output()
        .expect("the partnerkit binary runs")
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `href="..."` and `src="..."` attribute in `html`.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for (at, m) in html.match_indices(attribute) {
            let rest = &html[at + m.len()..];
            if let Some(end) = rest.find('"') {
                found.push(unescape(&rest[..end]));
            }
        }
    }
    found
}

/// Decodes HTML entities (`&quot;`, `&#x27;`, `&amp;`, ...) as a browser would.
pub fn unescape(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// The errors (not warnings) among `problems`.
pub fn errors_of(problems: &Diagnostics) -> Vec<&Diagnostic> {
    problems.iter().filter(|d| d.is_error()).collect()
}

/// The one error of `problems`, failing with the whole list if there is not exactly one.
pub fn only_error(problems: &Diagnostics) -> &Diagnostic {
    let errors = errors_of(problems);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, got:\n{problems}"
    );
    errors[0]
}

/// Asserts `d` is at `path` (relative to the site root) and `line`, and mentions `needle`.
pub fn assert_at(d: &Diagnostic, path: &str, line: usize, needle: &str) {
    assert_eq!(d.path, Path::new(path), "wrong file for: {d}");
    assert_eq!(d.line, Some(line), "wrong line for: {d}");
    assert!(d.message.contains(needle), "expected `{needle}` in: {d}");
}
