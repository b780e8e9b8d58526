//! Output collisions: two things the build would write to the same file of the site.
//!
//! Pages, the files beside them in `content/`, the theme's and the site's static files and the
//! pages partnerkit generates (tag and role listings, the print page, the offline page) all
//! land in one folder. Were two of them to share a path, one would silently replace the other;
//! instead the build stops with an error naming both.

use crate::build::Prepared;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{CopiedFile, OutputFile};
use crate::{offline, print};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Who writes a file of the output, most editable first, so the error lands on a file the
/// editor can rename.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Writer {
    /// A Markdown page, by its source (`content/tags.md`).
    Page(PathBuf),
    /// A file copied from `content/`, by its source.
    Asset(PathBuf),
    /// A static file, as the editor finds it (`static/x.css`, `themes/t/static/x.css`, or the
    /// built-in theme's).
    Static(String),
    /// A page partnerkit makes, described (`the generated tags index`).
    Generated(String),
}

impl Writer {
    /// The file an error is reported in.
    fn path(&self) -> PathBuf {
        match self {
            Writer::Page(path) | Writer::Asset(path) => path.clone(),
            Writer::Static(shown) | Writer::Generated(shown) => PathBuf::from(shown),
        }
    }

    fn describe(&self) -> String {
        match self {
            Writer::Page(path) => format!("the page {}", path.display()),
            Writer::Asset(path) => format!("the file {}", path.display()),
            Writer::Static(shown) => format!("the static file {shown}"),
            Writer::Generated(what) => what.clone(),
        }
    }
}

/// What a build writes, in the groups `check` tells apart.
pub struct Written<'a> {
    /// The output path of each page, by page index.
    pub pages: &'a [String],
    /// Every other generated file: listings, the print page, sitemap and the theme's statics.
    pub generated: &'a [OutputFile],
    /// The theme's static files: their path inside `static/` and their output name.
    pub asset_names: &'a BTreeMap<String, String>,
    pub copies: &'a [CopiedFile],
    /// Whether the offline files (made later, from the others) will be written.
    pub offline: bool,
}

/// The collisions of a build: `generated` are the files other than pages (listings, print
/// page, statics), `copies` the content folder's files.
pub fn of_build(
    prepared: &Prepared,
    generated: &[OutputFile],
    copies: &[CopiedFile],
    root: &Path,
) -> Diagnostics {
    let content = &prepared.content;
    let pages: Vec<String> = (0..content.pages.len())
        .map(|i| prepared.page_path(i))
        .collect();
    let written = Written {
        pages: &pages,
        generated,
        asset_names: &prepared.asset_names,
        copies,
        offline: prepared.config.offline.enabled,
    };
    check(content, &written, root, &prepared.config.theme)
}

/// An error for every output path written by more than one thing, naming all of them.
pub fn check(content: &Content, written: &Written<'_>, root: &Path, theme: &str) -> Diagnostics {
    let statics: BTreeMap<&str, &str> = written
        .asset_names
        .iter()
        .map(|(source, output)| (output.as_str(), source.as_str()))
        .collect();
    let mut writers: BTreeMap<&str, Vec<Writer>> = BTreeMap::new();
    for (page, path) in content.pages.iter().zip(written.pages) {
        writers
            .entry(path)
            .or_default()
            .push(Writer::Page(page.source.clone()));
    }
    for file in written.generated {
        let writer = match statics.get(file.path.as_str()) {
            Some(source) => Writer::Static(static_source(root, theme, source)),
            None => Writer::Generated(generated_name(&file.path)),
        };
        writers.entry(&file.path).or_default().push(writer);
    }
    for copy in written.copies {
        let shown = copy.source.strip_prefix(root).unwrap_or(&copy.source);
        let writer = Writer::Asset(shown.to_path_buf());
        writers.entry(&copy.path).or_default().push(writer);
    }
    // Made after the search index, from the other files; reserved here so no page takes them.
    let reserved = [offline::PAGE, offline::WORKER, offline::MANIFEST];
    for reserved in reserved.into_iter().filter(|_| written.offline) {
        if let Some(list) = writers.get_mut(reserved) {
            list.push(Writer::Generated(generated_name(reserved)));
        }
    }
    writers
        .into_iter()
        .filter(|(_, list)| list.len() > 1)
        .map(|(path, mut list)| collision(path, &mut list))
        .collect()
}

/// The error for `list` (two or more writers) all writing output file `path`.
fn collision(path: &str, list: &mut [Writer]) -> Diagnostic {
    list.sort();
    let others: Vec<String> = list[1..].iter().map(Writer::describe).collect();
    let hint = match (&list[0], &list[1]) {
        (Writer::Page(_), Writer::Generated(_)) => format!(
            "rename the page's file, or give it another `slug:`; partnerkit makes `{path}` itself"
        ),
        (Writer::Page(_), other) => format!(
            "move or remove {}, or give the page another `slug:`",
            other.describe()
        ),
        _ => "rename or remove one of the files".to_string(),
    };
    Diagnostic::error(
        list[0].path(),
        format!(
            "{} and {} would both be written to `{path}` in the site, and one would replace the other",
            list[0].describe(),
            others.join(" and ")
        ),
    )
    .hint(hint)
}

/// Words for a generated file, by its output path.
fn generated_name(path: &str) -> String {
    let what = match path {
        "tags/index.html" => "the generated tags index (tags/)".to_string(),
        "roles/index.html" => "the generated roles index (roles/)".to_string(),
        "404.html" => "the generated page-not-found page".to_string(),
        "site-index/index.html" => "the generated site index (site-index/)".to_string(),
        p if p == print::PAGE => "the generated print page (print/)".to_string(),
        p if p == offline::PAGE => "the generated offline page (offline/)".to_string(),
        p if p.starts_with("tags/") => format!("the generated tag listing {p}"),
        p if p.starts_with("roles/") => format!("the generated role listing {p}"),
        p => format!("the generated file {p}"),
    };
    what
}

/// Where static file `path` (inside a theme's `static/`) comes from, as the editor sees it.
fn static_source(root: &Path, theme: &str, path: &str) -> String {
    let own = Path::new("static").join(path);
    let themed = Path::new("themes").join(theme).join("static").join(path);
    if root.join(&own).is_file() {
        own.display().to_string()
    } else if root.join(&themed).is_file() {
        themed.display().to_string()
    } else {
        format!("static/{path} of the built-in theme")
    }
}
