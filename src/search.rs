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
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The output folder of Pagefind's bundle; the theme's search box points at it.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The search panel's filter chips ([`crate::context::SearchFilters`]), in the bundle folder:
/// search.js reads them when the search opens, so pages do not carry them.
pub const FILTERS_FILE: &str = "partnerkit-filters.json";

/// The theme's own search interface (before fingerprinting): shipped only with search on.
pub const THEME_ASSETS: &[&str] = &["js/search.js", "css/search.css"];

/// Pagefind's bundle files the site does not ship: its ready-made interfaces (the theme has its
/// own, smaller one), the highlighting helper and the playground. The JS API needs none of them.
const UNSHIPPED_PREFIXES: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

/// Parts of a page's main content that readers do not search for, by the theme's classes.
///
/// Lists that only point elsewhere: a section's list (or cards) of its pages and the reading list's
/// "Cited by" lines repeat other pages' titles, which would make those pages a match for every
/// word in them (and, on a large toolkit, make the reading list's search fragment hundreds of
/// kilobytes); a module activity's "Read: … Use: …" links likewise. Page furniture: the role
/// and tag chips at a page's foot, its source credit (and each glossary term's) and readings
/// list, a competency's "Matters for" roles, the role pickers; left in, they made "power" open
/// on "point of contact, Students and field instructors" and put `#tags` into excerpts. An assessment form's title (the
/// page's own title again), its record, results and team tools and its "(required)" marks,
/// and an assessment embedded in another page (its questions lead to its own page). Sections a
/// template generates around such lists ("In this toolkit", "Sources") carry
/// `data-pagefind-ignore` in the template itself.
const NOT_INDEXED: &[&str] = &[
    ".link-list",
    ".cards",
    ".bibliography__cited",
    ".activity__links",
    ".chips",
    ".source",
    ".glossary__source",
    ".readings",
    ".competency__roles",
    ".role-filter",
    ".assessment__title",
    ".assessment-tools",
    ".assessment-more",
    // The scoring guide repeats the reversed questions: a search for one would land on it.
    ".scoring-guide",
    ".required",
    // An assessment embedded in another page: its questions are found on its own page.
    ".page:not(.page--assessment) .assessment-app",
    // A page's own furniture, marked here rather than in every page readers load (issue 15):
    // its "On this page" list, its sources list and its "Last updated" line.
    ".toc-inline",
    "[aria-labelledby=\"sources-title\"]",
    ".page-meta",
];

/// What the search stage adds to a build.
#[derive(Debug, Default)]
pub struct SearchOutput {
    /// The bundle, with paths under [`BUNDLE_DIR`], sorted by path.
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
}

/// Builds the search index over the rendered HTML `files`; nothing when search is off.
///
/// Pagefind reads the pages from files: each page's indexable HTML is written to
/// `<url>index.html` in `scratch` (an empty folder; a temporary one when `None`). A build
/// passes its staging folder, and its writer later writes the full pages over these files,
/// so no page costs a second file (creating and deleting 10,000 more files slowed later
/// writes on ext4, benches/build.rs).
///
/// `meanwhile` runs on a thread of its own once Pagefind has read the pages, while it
/// assembles and compresses its bundle on one core: a build writes its files then
/// (benches/build.rs). Its result is returned beside the index.
pub fn index<W: Send>(
    config: &Config,
    content: &Content,
    files: &[OutputFile],
    scratch: Option<&Path>,
    meanwhile: impl FnOnce() -> W + Send,
) -> Result<(SearchOutput, W), Diagnostics> {
    if !config.search.enabled {
        return Ok((SearchOutput::default(), meanwhile()));
    }
    let language = language(config);
    let pages = indexed_pages(config, content, files);
    let temporary;
    let folder = match scratch {
        Some(folder) => folder,
        None => {
            temporary = tempfile::tempdir().map_err(|err| {
                bundle_error(format!(
                    "cannot make a folder for the search indexer: {err}"
                ))
            })?;
            temporary.path()
        }
    };
    write_indexable(&language, &config.roles, &pages, folder)?;
    index_folder(config, content, folder, pages.len(), meanwhile)
}

/// Builds the search index from the `pages` indexable copies already written in `folder`
/// (each at `<url>index.html`, by [`write_indexable_copy`]); otherwise as [`index`].
pub fn index_folder<W: Send>(
    config: &Config,
    content: &Content,
    folder: &Path,
    pages: usize,
    meanwhile: impl FnOnce() -> W + Send,
) -> Result<(SearchOutput, W), Diagnostics> {
    if !config.search.enabled {
        return Ok((SearchOutput::default(), meanwhile()));
    }
    let warnings = unmatched_excludes(config, content);
    let mut indexer = Indexer::new(&language(config))?;
    indexer.read(pages, folder)?;
    let (bundle, other) = std::thread::scope(|scope| {
        let other = scope.spawn(meanwhile);
        (indexer.bundle(), other.join())
    });
    let other = other.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut files: Vec<OutputFile> = bundle?
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let shipped = !UNSHIPPED_PREFIXES
                .iter()
                .any(|prefix| name.starts_with(prefix));
            shipped.then(|| OutputFile::new(format!("{BUNDLE_DIR}{name}"), file.contents))
        })
        .collect();
    let filters = crate::context::SearchFilters::new(config, content);
    files.push(OutputFile::new(
        format!("{BUNDLE_DIR}{FILTERS_FILE}"),
        serde_json::to_vec(&filters).unwrap_or_default(),
    ));
    // Pagefind gathers its files concurrently; a fixed order keeps builds reproducible.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((SearchOutput { files, warnings }, other))
}

/// The language Pagefind is told the pages are in.
pub fn language(config: &Config) -> String {
    config.language.to_lowercase()
}

/// The pages that go into the index, each with its rendered HTML (borrowed from `files`).
fn indexed_pages<'a>(
    config: &Config,
    content: &'a Content,
    files: &'a [OutputFile],
) -> Vec<(&'a Page, &'a [u8])> {
    let html_by_path: HashMap<&str, &[u8]> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    content
        .pages
        .iter()
        .filter(|page| is_indexed(page, &config.search.exclude))
        .filter_map(|page| {
            let html = html_by_path.get(format!("{}index.html", page.url).as_str())?;
            Some((page, *html))
        })
        .collect()
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

/// Runs `job` on a fresh thread, so that the tokio runtime it blocks on may be entered even
/// when the caller (the dev server) is already inside another runtime, where that would panic.
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
    .map_err(Diagnostics::from)
}

/// Pagefind's index and the async runtime its API needs.
struct Indexer {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
}

impl Indexer {
    fn new(language: &str) -> Result<Indexer, Diagnostics> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|err| bundle_error(format!("cannot start the search indexer: {err}")))?;
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .exclude_selectors(NOT_INDEXED.iter().map(|s| s.to_string()).collect())
            .build();
        let index = PagefindIndex::new(Some(options))
            .map_err(|err| bundle_error(format!("cannot set up Pagefind: {err}")))?;
        Ok(Indexer { runtime, index })
    }

    /// Has Pagefind read `pages`, through files in `folder`.
    ///
    /// Files, read in one call, because Pagefind then parses them on all cores, where
    /// `add_html_file` parses one page at a time under a lock (the search stage took half the
    /// time at 10,000 pages, benches/build.rs).
    fn read(&mut self, pages: usize, folder: &Path) -> Result<(), Diagnostics> {
        let path = folder.to_string_lossy().into_owned();
        let Indexer { runtime, index } = self;
        let read = run_off_thread(move || {
            runtime
                .block_on(index.add_directory(path, Some("**/*.html".into())))
                .map_err(|err| bundle_error(format!("cannot index the pages for search: {err}")))
        })?;
        // Pagefind skips a file it cannot read (and only logs it): say so rather than ship an
        // index that silently lacks pages.
        if read < pages {
            let message = format!("Pagefind read only {read} of the {pages} pages");
            return Err(bundle_error(message).into());
        }
        Ok(())
    }

    /// Builds the index and returns Pagefind's bundle, paths relative to [`BUNDLE_DIR`].
    fn bundle(self) -> Result<Vec<SyntheticFile>, Diagnostics> {
        run_off_thread(move || {
            let Indexer { runtime, index } = self;
            // Moves Pagefind's pages into its index rather than cloning them (a patch,
            // vendor/pagefind/PATCHES.md): one copy of the site's words instead of two.
            runtime
                .block_on(index.into_files())
                .map_err(|err| bundle_error(format!("cannot build the search index: {err}")))
        })
    }
}

/// Writes each page's indexable HTML to `<url>index.html` in `folder`, so that Pagefind's
/// walk turns the file paths back into the pages' URLs.
fn write_indexable(
    language: &str,
    roles: &[crate::config::Role],
    pages: &[(&Page, &[u8])],
    folder: &Path,
) -> Result<(), Diagnostic> {
    // Folders first, one after another: some file systems list a folder's entries in the
    // order they were made, and Pagefind numbers pages in the order it finds them, so a
    // fixed order here keeps the index byte-identical from one build to the next.
    for (page, _) in pages {
        let dir = folder.join(&page.url);
        std::fs::create_dir_all(&dir).map_err(|err| copy_error(page, &err))?;
    }
    pages.par_iter().try_for_each(|(page, html)| {
        write_indexable_copy(
            language,
            roles,
            page,
            &String::from_utf8_lossy(html),
            folder,
        )
    })
}

/// Writes `page`'s indexable copy, made from its final `html`, to `<url>index.html` in
/// `folder` (which must exist). Pages are numbered in the order Pagefind finds them: see
/// [`write_indexable`] for why their folders are made one after another first.
pub fn write_indexable_copy(
    language: &str,
    roles: &[crate::config::Role],
    page: &Page,
    html: &str,
    folder: &Path,
) -> Result<(), Diagnostic> {
    let target = folder.join(&page.url).join("index.html");
    std::fs::write(
        &target,
        crate::search_copy::indexable_html(html, language, page, roles),
    )
    .map_err(|err| copy_error(page, &err))
}

/// A page whose copy for the indexer cannot be written: reported at the page, without the
/// scratch folder's path, which is the build's own business.
fn copy_error(page: &Page, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        &page.source,
        format!(
            "cannot write this page's copy for the search index: {}",
            crate::fs_words::describe(err)
        ),
    )
    .hint("check there is free disk space, and that the folder beside the output can be written")
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
