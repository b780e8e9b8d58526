//! Builds the real toolkit (this repository's own `config.yaml` and `content/`) into a temp
//! dir for the whole-site checks, and lists the pages of the result.
//!
//! Declared once in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// A built copy of the toolkit; the files go away when it is dropped.
pub struct BuiltToolkit {
    dir: TempDir,
    /// The base URL it was built with.
    pub base_url: String,
}

impl BuiltToolkit {
    /// The output folder (what `public/` would be).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The HTML files of the site as paths relative to the base URL, sorted: `""` for the home
    /// page, `"principles/why-engage/"` for a page, `"404.html"` for a file not called index.html.
    pub fn page_paths(&self) -> Vec<String> {
        let root = self.root();
        let mut paths: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html")
            })
            .map(|e| {
                url_path(
                    e.path()
                        .strip_prefix(&root)
                        .expect("inside the output folder"),
                )
            })
            .collect();
        paths.sort();
        paths
    }

    /// The built HTML of the page at `path` (as returned by [`Self::page_paths`]).
    pub fn html(&self, path: &str) -> String {
        let file = if path.is_empty() || path.ends_with('/') {
            self.root().join(path).join("index.html")
        } else {
            self.root().join(path)
        };
        std::fs::read_to_string(&file)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()))
    }
}

/// The repository root, which is itself the toolkit site.
pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An empty temp dir with the (not yet existing) output folder inside, for [`build_into`].
pub fn temp_output() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("partnerkit-toolkit-")
        .tempdir()
        .expect("create a temp dir");
    std::fs::create_dir(dir.path().join("site")).expect("create the output folder");
    dir
}

/// Builds the toolkit with `base_url` into `dir`'s `site/` folder; panics with the diagnostics on failure.
pub fn build_into(dir: TempDir, base_url: &str) -> BuiltToolkit {
    let options = partnerkit::BuildOptions {
        root: repository_root(),
        output_dir: Some(dir.path().join("site")),
        base_url: Some(base_url.to_string()),
        drafts: false,
    };
    if let Err(problems) = partnerkit::build(&options) {
        panic!("the toolkit does not build:\n{problems}");
    }
    BuiltToolkit {
        dir,
        base_url: base_url.to_string(),
    }
}

/// Builds the toolkit with `base_url` into a fresh temp dir.
pub fn build(base_url: &str) -> BuiltToolkit {
    build_into(temp_output(), base_url)
}

fn url_path(relative: &Path) -> String {
    let path = relative.to_string_lossy().replace('\\', "/");
    match path.strip_suffix("index.html") {
        Some(dir) => dir.to_string(),
        None => path,
    }
}

/// The value of the first `attr="…"` in the tag that starts with `marker` in `html`, decoded as
/// a browser would (`&amp;` is `&`); `None` if there is no such tag or attribute.
pub fn attribute_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let tag_start = html.find(marker)?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let needle = format!(" {attr}=\"");
    let value_start = tag.find(&needle)? + needle.len();
    let value = &tag[value_start..value_start + tag[value_start..].find('"')?];
    Some(html_escape::decode_html_entities(value).into_owned())
}
