//! Stage 5, search index: feed the rendered pages to Pagefind, in process, and add its bundle
//! (the browser search API, its WebAssembly and the chunked index) under `pagefind/`.
//!
//! Which pages go in is decided here: every page unless its front matter says `search: false`
//! or `config.yaml` lists it (or a folder holding it) under `search.exclude`. Templates mark
//! what Pagefind reads inside a page: the `data-pagefind-body` article, the title as meta, and
//! kind, role and tag as filters. Pagefind is async; the build is not, so the index is built
//! on a thread of its own with its own runtime, which is safe even when the caller (the dev
//! server) is already inside a tokio runtime.

use crate::config::{Config, CONFIG_FILE};
use crate::content::{Content, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use std::collections::HashMap;

/// The output folder of Pagefind's bundle; the theme's search box points at it.
pub const BUNDLE_DIR: &str = "pagefind/";

/// Pagefind's bundle files the site does not ship: its ready-made interfaces (the theme has its
/// own, smaller one), the highlighting helper and the playground. The JS API needs none of them.
const UNSHIPPED_PREFIXES: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

/// Parts of a page's main content that only point elsewhere: a section's list of its pages and
/// the reading list's "Cited by" lines repeat other pages' titles, which would make those pages
/// a match for every word in them (and, on a large toolkit, make the reading list's search
/// fragment hundreds of kilobytes).
const NOT_INDEXED: &[&str] = &[".link-list", ".bibliography__cited"];

/// What the search stage adds to a build.
#[derive(Debug, Default)]
pub struct SearchOutput {
    /// The bundle, with paths under [`BUNDLE_DIR`], sorted by path.
    pub files: Vec<OutputFile>,
    /// How many pages went into the index.
    pub pages: usize,
    pub warnings: Diagnostics,
}

/// Builds the search index over the rendered HTML `files`; nothing when search is off.
pub fn index(
    config: &Config,
    content: &Content,
    files: &[OutputFile],
) -> Result<SearchOutput, Diagnostics> {
    if !config.search.enabled {
        return Ok(SearchOutput::default());
    }
    let warnings = unmatched_excludes(config, content);
    let html_by_path: HashMap<&str, &[u8]> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    // Borrowed, not copied: each page's indexable HTML is made just before Pagefind reads
    // it, so a 10,000-page build never holds a second copy of every page.
    let pages: Vec<(&Page, &[u8])> = content
        .pages
        .iter()
        .filter(|page| is_indexed(page, &config.search.exclude))
        .filter_map(|page| {
            let html = html_by_path.get(format!("{}index.html", page.url).as_str())?;
            Some((page, *html))
        })
        .collect();
    let language = config.language.to_lowercase();
    let bundle = run_off_thread(move || build_bundle(&language, pages))?;
    let mut files: Vec<OutputFile> = bundle
        .files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let shipped = !UNSHIPPED_PREFIXES
                .iter()
                .any(|prefix| name.starts_with(prefix));
            shipped.then(|| OutputFile::new(format!("{BUNDLE_DIR}{name}"), file.contents))
        })
        .collect();
    // Pagefind gathers its files concurrently; a fixed order keeps builds reproducible.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(SearchOutput {
        files,
        pages: bundle.pages,
        warnings,
    })
}

/// The part of a page Pagefind needs: its `<main>` (which holds the `data-pagefind-body`
/// article with the title meta and filters) in a bare document. Pagefind reads only that
/// article anyway, but parses the whole page to find it; leaving out the head, header,
/// section navigation and footer cut the search stage's CPU time by about a sixth
/// (benches/build.rs). A theme without `<main>` gets its pages indexed whole.
fn indexable_html(html: &str, language: &str) -> String {
    let main = html
        .find("<main")
        .and_then(|start| html.rfind("</main>").map(|end| &html[start..end + 7]))
        .filter(|main| main.contains("data-pagefind-body"));
    match main {
        Some(main) => format!(
            "<!doctype html><html lang=\"{}\"><body>{main}</body></html>",
            tera::escape_html(language)
        ),
        None => html.to_string(),
    }
}

/// Whether `page` goes into the index: not `search: false`, not under a `search.exclude` path.
pub fn is_indexed(page: &Page, exclude: &[String]) -> bool {
    page.meta.searchable
        && !exclude
            .iter()
            .any(|path| excludes(path, &page.content_path))
}

/// Whether the exclude entry `entry` (a file or folder under `content/`) covers `content_path`.
fn excludes(entry: &str, content_path: &str) -> bool {
    let entry = entry
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .trim_matches('/');
    if entry.is_empty() {
        return false;
    }
    content_path == entry
        || content_path
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('/'))
        || content_path.strip_suffix(".md") == Some(entry)
}

/// A warning for each `search.exclude` entry that matches no page: most likely a typo that
/// would leave pages searchable that the editor meant to hide.
fn unmatched_excludes(config: &Config, content: &Content) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for entry in &config.search.exclude {
        if !content
            .pages
            .iter()
            .any(|page| excludes(entry, &page.content_path))
        {
            warnings.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    format!("search.exclude lists `{entry}`, which matches no page"),
                )
                .hint(
                    "write a path under content/, like `assessments/` or `planning/resources.md`",
                ),
            );
        }
    }
    warnings
}

/// Pagefind's output, before filtering.
struct Bundle {
    files: Vec<SyntheticFile>,
    pages: usize,
}

/// Runs `job` on a fresh thread with its own tokio runtime, so calling it from inside another
/// runtime (where blocking on a future would panic) is as safe as calling it from plain code.
fn run_off_thread<T: Send>(
    job: impl FnOnce() -> Result<T, Diagnostic> + Send,
) -> Result<T, Diagnostics> {
    std::thread::scope(|scope| {
        scope.spawn(job).join().unwrap_or_else(|_| {
            Err(bundle_error(
                "the search indexer stopped unexpectedly".into(),
            ))
        })
    })
    .map_err(|d| Diagnostics::from(vec![d]))
}

/// Indexes each page (its path inside the site, from `/`) and returns Pagefind's bundle.
fn build_bundle(language: &str, pages: Vec<(&Page, &[u8])>) -> Result<Bundle, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| bundle_error(format!("cannot start the search indexer: {err}")))?;
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(NOT_INDEXED.iter().map(|s| s.to_string()).collect())
        .build();
    let mut index = PagefindIndex::new(Some(options))
        .map_err(|err| bundle_error(format!("cannot set up Pagefind: {err}")))?;
    runtime.block_on(async {
        let count = pages.len();
        for (page, html) in pages {
            // URLs are relative to the site root; the browser adds the base path (`/toolkit/`).
            index
                .add_html_file(
                    None,
                    Some(format!("/{}", page.url)),
                    indexable_html(&String::from_utf8_lossy(html), language),
                )
                .await
                .map_err(|err| {
                    Diagnostic::error(
                        &page.source,
                        format!("cannot index this page for search: {err}"),
                    )
                    .hint("set `search: false` in its front matter to leave it out of the index")
                })?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|err| bundle_error(format!("cannot build the search index: {err}")))?;
        Ok(Bundle {
            files,
            pages: count,
        })
    })
}

fn bundle_error(message: String) -> Diagnostic {
    Diagnostic::error(CONFIG_FILE, message)
        .hint("set `search: {enabled: false}` in config.yaml to build without search")
}

#[cfg(test)]
mod tests {
    use super::excludes;

    #[test]
    fn exclude_matches_files_and_folders_only() {
        assert!(excludes("assessments/", "assessments/values.md"));
        assert!(excludes("assessments", "assessments/_index.md"));
        assert!(excludes(
            "content/planning/resources.md",
            "planning/resources.md"
        ));
        assert!(excludes("planning/resources", "planning/resources.md"));
        assert!(!excludes("assess", "assessments/values.md"));
        assert!(!excludes(
            "planning/resources.md",
            "planning/resources-more.md"
        ));
        assert!(!excludes("/", "readings.md"));
    }
}
