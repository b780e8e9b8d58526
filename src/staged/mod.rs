//! A build whose memory is bounded by a batch of pages, not the whole site (issue #19): stages 3
//! and 4 run in parallel batches, and each page is written to the staging folder as soon as it
//! is rendered instead of every page's HTML being held to the end. What later stages need of a
//! page is kept small or written beside it:
//!
//! - its ids (for the `#anchor` check) and its stylesheets (for the print page): [`Digest`];
//! - its article rewritten for the print page, appended to a spool file in reading order
//!   (pages render in reading order for that), which becomes the print page's body;
//! - with search on, its indexable copy for Pagefind at `<url>index.html`, the full page
//!   beside it under [`PENDING`] until Pagefind has read the copies, then renamed over it.
//!
//! The offline version reads the written pages back, a few at a time. The files are byte for
//! byte those of the in-memory build in [`crate::build`], which `serve` keeps using because it
//! holds every page anyway (tests/serve_incremental.rs compares the two).

use crate::build::{Prepared, StageTimes};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::offline::Entry;
use crate::output::{io_error, OutputFile, Staging};
use crate::print::{Printer, Stylesheets};
use crate::{anchors, collisions, markdown, offline, print, render, search};

mod print_page;
use print_page::{spool_error, PrintPage};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Pages rendered at once: enough for every core to stay busy, few enough that a batch's
/// HTML is a few megabytes.
const BATCH: usize = 256;

/// With search on, a page's full HTML waits under its path plus this until Pagefind has read
/// the indexable copy at its path (Pagefind reads `**/*.html`, so it never sees these).
pub const PENDING: &str = ".partnerkit-pending";

/// Stands for the print page's body when its template is rendered: the articles are copied
/// in its place from the spool file.
const BODY_MARK: &str = "\u{fffc}partnerkit-print-body\u{fffc}";

/// What a build keeps of a rendered page.
struct Digest {
    /// The page's ids, each followed by a newline.
    ids: String,
    anchors: Vec<markdown::AnchorRef>,
}

impl Digest {
    fn has_id(&self, id: &str) -> bool {
        self.ids.split_terminator('\n').any(|have| have == id)
    }
}

/// What one page's render leaves once its files are written.
struct Done {
    digest: Digest,
    stylesheets: BTreeSet<String>,
    /// Its article for the print page, if it is printed.
    article: Option<Result<String, Diagnostic>>,
}

/// What a staged build made beside the pages it wrote: the generated files and warnings.
pub struct Staged {
    /// The search index and offline files.
    pub derived: Vec<OutputFile>,
    /// Every file written, but the output folder's marker.
    pub files: usize,
    pub warnings: Diagnostics,
}

/// Renders, checks, indexes and writes the whole site into `staging`, which the caller swaps
/// in. Reports every problem of stages 3 and 4 together, as the in-memory build does.
pub fn build(
    prepared: &Prepared,
    staging: &Staging,
    root: &Path,
    times: &mut StageTimes,
) -> Result<Staged, Diagnostics> {
    let render_started = Instant::now();
    let content = &prepared.content;
    let search_on = prepared.config.search.enabled;
    make_page_folders(prepared, staging.dir())?;
    let printer = Printer::new(content, &prepared.order, &prepared.site.base_path);
    let mut spool = tempfile::tempfile_in(staging.dir()).map_err(|e| spool_error(&e))?;
    let pages = render_all(prepared, staging, &printer, &mut spool)?;
    let mut problems = pages.problems;
    let listings = gather(prepared.listings(), &mut problems).unwrap_or_default();
    let stylesheets = pages.stylesheets.extra();
    let print_html = match (problems.has_errors(), pages.print_error) {
        (true, _) => None,
        (false, Some(problem)) => {
            problems.push(problem);
            None
        }
        (false, None) => gather(
            printer.page_html(
                &prepared.site,
                &prepared.templates,
                BODY_MARK.into(),
                stylesheets.clone(),
            ),
            &mut problems,
        ),
    };
    let fixed = prepared.fixed_files();
    let copies = prepared.copies();
    // Only paths matter to the collision check; the print page's bytes are still to come.
    let generated: Vec<OutputFile> = print_html
        .iter()
        .map(|_| OutputFile::new(print::PAGE, ""))
        .chain(listings.iter().cloned())
        .chain(fixed.iter().cloned())
        .collect();
    problems.extend(collisions::of_build(prepared, &generated, &copies, root));
    let Some(print_html) = print_html.filter(|_| !problems.has_errors()) else {
        return Err(problems.sorted());
    };
    times.render = render_started.elapsed();

    let search_started = Instant::now();
    let mut files = listings;
    files.extend(fixed);
    let write = || {
        timed(|| {
            if search_on {
                publish_pending(prepared, staging.dir())?;
            }
            let print = PrintPage {
                html: &print_html,
                printer: &printer,
                stylesheets: &stylesheets,
            };
            print.write(staging, &mut spool, prepared)?;
            staging.write(&files, &copies)
        })
    };
    let (search, (written, took)) = search::index_folder(
        &prepared.config,
        content,
        staging.dir(),
        pages.indexed,
        write,
    )?;
    written?;
    times.write = took;
    let mut entries: Vec<Entry<'_>> = files
        .iter()
        .chain(&search.files)
        .map(Entry::Memory)
        .collect();
    entries.extend(
        (0..content.pages.len())
            .map(|i| prepared.page_path(i))
            .chain([print::PAGE.to_string()])
            .map(|path| Entry::Disk {
                file: staging.dir().join(&path),
                path,
            }),
    );
    let p = prepared;
    let offline =
        offline::generate_from(&p.config, content, &p.site, &p.templates, entries, &copies)?;
    times.search = search_started.elapsed();
    let mut derived = search.files;
    derived.extend(offline);
    Ok(Staged {
        files: content.pages.len() + 1 + files.len() + derived.len() + copies.len(),
        derived,
        warnings: search.warnings,
    })
}

/// What rendering every page left: the problems of stages 3 and 4, what the print page and the
/// search index need.
struct Rendered {
    problems: Diagnostics,
    /// The first page (in reading order) whose article could not be rewritten for print.
    print_error: Option<Diagnostic>,
    stylesheets: Stylesheets,
    /// Pages whose indexable copy was written.
    indexed: usize,
}

/// Renders every page in batches, in reading order then the pages outside it, writing each
/// and spooling its print article; then checks the `#anchor` links against the ids kept.
fn render_all(
    prepared: &Prepared,
    staging: &Staging,
    printer: &Printer<'_>,
    spool: &mut File,
) -> Result<Rendered, Diagnostics> {
    let content = &prepared.content;
    let mut sequence = prepared.order.clone();
    let in_order: BTreeSet<usize> = sequence.iter().copied().collect();
    sequence.extend((0..content.pages.len()).filter(|i| !in_order.contains(i)));
    let mut digests: Vec<Option<Digest>> = (0..content.pages.len()).map(|_| None).collect();
    let mut failures: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
    let mut print_error = None;
    let mut stylesheets = Stylesheets::default();
    let mut out = BufWriter::new(spool);
    for batch in sequence.chunks(BATCH) {
        // Each body is read as its page is rendered, and dropped with it.
        let results: Vec<_> = batch
            .par_iter()
            .map(|&i| {
                let rendered = content
                    .body(i)
                    .map_err(|problem| vec![problem])
                    .and_then(|body| render_and_write(prepared, staging, printer, i, &body));
                (i, rendered)
            })
            .collect();
        for (i, result) in results {
            match result {
                Ok(done) => {
                    digests[i] = Some(done.digest);
                    stylesheets.add(done.stylesheets);
                    match done.article {
                        Some(Ok(article)) if print_error.is_none() => {
                            out.write_all(article.as_bytes())
                                .and_then(|()| out.write_all(b"\n"))
                                .map_err(|e| spool_error(&e))?;
                        }
                        Some(Err(problem)) => {
                            print_error.get_or_insert(problem);
                        }
                        _ => {}
                    }
                }
                Err(list) => failures.push((i, list)),
            }
        }
    }
    out.flush().map_err(|e| spool_error(&e))?;
    // A template's own problem is met on every page using it: reported once, for the first
    // page by index, as the in-memory build does.
    failures.sort_by_key(|(i, _)| *i);
    let mut problems = Diagnostics::new();
    let mut seen = BTreeSet::new();
    for d in failures.into_iter().flat_map(|(_, list)| list) {
        if seen.insert((d.path.clone(), d.line, d.message.clone())) {
            problems.push(d);
        }
    }
    let anchors = digests.iter().enumerate().flat_map(|(i, digest)| {
        digest
            .iter()
            .flat_map(move |d| d.anchors.iter().map(move |a| (i, a)))
    });
    if let Err(found) = anchors::check_anchors(content, anchors, |target, anchor| {
        digests[target].as_ref().is_none_or(|d| d.has_id(anchor))
    }) {
        problems.extend(found);
    }
    let search = &prepared.config.search;
    let indexed = content
        .pages
        .iter()
        .filter(|page| search.enabled && search::is_indexed(page, &search.exclude))
        .count();
    Ok(Rendered {
        problems,
        print_error,
        stylesheets,
        indexed,
    })
}

/// Renders page `index`, writes it (and its indexable copy), and keeps what later stages need.
fn render_and_write(
    prepared: &Prepared,
    staging: &Staging,
    printer: &Printer<'_>,
    index: usize,
    body: &str,
) -> Result<Done, Vec<Diagnostic>> {
    let page = render::render_page_with(&prepared.shared(), index, body)?;
    let mut ids: Vec<&str> = anchors::html_ids(&page.html).into_iter().collect();
    ids.sort_unstable();
    let digest = Digest {
        ids: ids.iter().flat_map(|id| [*id, "\n"]).collect(),
        anchors: page.anchors,
    };
    let search = &prepared.config.search;
    let source = &prepared.content.pages[index];
    let mut path = prepared.page_path(index);
    if search.enabled {
        if search::is_indexed(source, &search.exclude) {
            let language = search::language(&prepared.config);
            search::write_indexable_copy(
                &language,
                &prepared.config.roles,
                source,
                &page.html,
                staging.dir(),
            )
            .map_err(|d| vec![d])?;
        }
        path.push_str(PENDING);
    }
    staging
        .write_one(&path, page.html.as_bytes())
        .map_err(|d| d.iter().cloned().collect::<Vec<_>>())?;
    Ok(Done {
        digest,
        stylesheets: print::stylesheets_in(&page.html),
        article: printer.article(index, &page.html),
    })
}

/// Makes every page's folder, one after another in page order: Pagefind numbers pages in the
/// order it finds them, and some file systems list a folder's entries in the order they were
/// made, so a fixed order keeps the index byte-identical from one build to the next.
fn make_page_folders(prepared: &Prepared, dir: &Path) -> Result<(), Diagnostics> {
    for page in &prepared.content.pages {
        let folder = dir.join(&page.url);
        std::fs::create_dir_all(&folder).map_err(|err| io_error(&folder, &err))?;
    }
    Ok(())
}

/// Renames every page's full HTML over its indexable copy, in parallel, once Pagefind has read
/// the copies.
fn publish_pending(prepared: &Prepared, dir: &Path) -> Result<(), Diagnostics> {
    let failures: Vec<Diagnostics> = (0..prepared.content.pages.len())
        .into_par_iter()
        .filter_map(|i| {
            let target = dir.join(prepared.page_path(i));
            let mut pending = target.clone().into_os_string();
            pending.push(PENDING);
            std::fs::rename(&pending, &target)
                .err()
                .map(|err| io_error(&target, &err))
        })
        .collect();
    match failures.is_empty() {
        true => Ok(()),
        false => Err(failures
            .iter()
            .flat_map(Diagnostics::iter)
            .cloned()
            .collect()),
    }
}

/// The value of `result`, or `None` with its problems added to `problems`.
fn gather<T>(result: Result<T, Diagnostics>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|found| problems.extend(found)).ok()
}

/// Runs `job` and says how long it took.
fn timed<T>(job: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    (job(), started.elapsed())
}
