//! The `offline-site` fixture built for `http://127.0.0.1/toolkit/`, as the print tests read it
//! (the "print the whole toolkit" page as HTML, and the handouts Chromium prints).
//!
//! Declared once in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Builds `root` into the `site` subfolder of a new temp dir (never the temp dir root: the
/// atomic swap renames the output folder), which is dropped with the returned handle.
pub fn build(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    partnerkit::build(&partnerkit::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.path().join("site")),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("build of {} failed: {d:?}", root.display()));
    out
}

/// The fixture every print test builds: a small toolkit with a module guide and an assessment.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/offline-site")
}
