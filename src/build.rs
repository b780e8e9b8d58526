//! The build orchestration: runs the stages listed in the crate docs, in order, and times them.
//!
//! The stages are also exposed one by one ([`Prepared`] and its methods, in
//! [`crate::prepared`]) so that `serve` can keep a build's loaded and rendered state and redo
//! only what a content edit touches.

use crate::config::Config;
use crate::content::Content;
use crate::context::SiteView;
use crate::diagnostics::Diagnostics;
use crate::output::{io_error, CopiedFile, OutputFile, Staging};
use crate::output_folder::{self, Replace};
pub use crate::prepared::Prepared;
use crate::render::RenderedPage;
use crate::templates::Templates;
use crate::{collisions, offline, search};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where to write the site; `public/` under the root when `None`.
    pub output_dir: Option<PathBuf>,
    /// Replaces `base_url` from `config.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn output(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Time spent in each stage of a build. Most of `write` runs during `search`, on another thread.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    pub load: Duration,
    pub validate: Duration,
    pub render: Duration,
    pub search: Duration,
    pub write: Duration,
}

/// What a successful build reports.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub times: StageTimes,
    pub warnings: Diagnostics,
}

/// A whole site rendered in memory.
pub struct Built {
    /// Every page, by page index ([`build_keeping`] only; empty after a plain build).
    pub pages: Vec<RenderedPage>,
    /// The pages (by page index), the print page, listings and the theme's fixed files.
    pub files: Vec<OutputFile>,
    /// The search index and offline files, made from `files`.
    pub derived: Vec<OutputFile>,
    pub copies: Vec<CopiedFile>,
    pub report: BuildReport,
}

impl Built {
    /// Every generated file: `files`, then `derived`.
    pub fn all_files(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.iter().chain(&self.derived)
    }
}

/// Checks everything a build would, writing nothing near the site: it builds as [`build`]
/// does, into a folder under the system's temporary folder that is deleted afterwards, so its
/// memory is bounded by a batch of pages too (in memory, a 10,000-page check peaked at
/// 965 MiB against the build's 199 MiB, issue #19).
pub fn check(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let scratch = tempfile::tempdir().map_err(|err| io_error(&std::env::temp_dir(), &err))?;
    let options = BuildOptions {
        output_dir: Some(scratch.path().join("site")),
        ..options.clone()
    };
    let (report, _unused) = stage_site(&options)?;
    Ok(report)
}

/// Builds the site and swaps it into the output folder, if that folder may be replaced
/// ([`output_folder::check`]).
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_replacing(options, Replace::OnlyBuilt)
}

/// Builds the site like [`build`]; with [`Replace::Forced`], into any folder but the site's
/// own sources (`--force`).
pub fn build_replacing(
    options: &BuildOptions,
    replace: Replace,
) -> Result<BuildReport, Diagnostics> {
    output_folder::check(&options.output(), &options.root, replace)?;
    build_staged(options)
}

/// Loads, then renders pages in batches straight into a staging folder, indexes them and
/// swaps the folder in ([`crate::staged`]): memory is bounded by a batch, not the site.
fn build_staged(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let (mut report, staging) = stage_site(options)?;
    let swap_started = Instant::now();
    staging.swap_in()?;
    report.times.write += swap_started.elapsed();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Everything [`build_staged`] does but the swap: the finished site, in its staging folder.
fn stage_site(options: &BuildOptions) -> Result<(BuildReport, Staging), Diagnostics> {
    let started = Instant::now();
    // The pages' Markdown stays in their files, read when each page is validated and rendered:
    // holding it all was most of the peak (issue #19).
    let in_files = crate::content::Bodies::InFiles(PathBuf::new());
    let (mut prepared, mut times) = Prepared::load(options, in_files)?;
    // Each page's shortcode calls are found again as it is rendered (see `References::calls`).
    prepared.refs.calls = Vec::new();
    let staging = Staging::create(&options.output())?;
    let staged = crate::staged::build(&prepared, &staging, &options.root, &mut times)?;
    let write_started = Instant::now();
    staging.write(&staged.derived, &[])?;
    times.write += write_started.elapsed();
    let mut warnings = prepared.warnings.clone();
    warnings.extend(staged.warnings);
    let report = BuildReport {
        pages: prepared.page_count(),
        sections: prepared.content.pages.len() - prepared.page_count(),
        // The last one is the output folder's marker file (`output_folder::MARKER`).
        files: staged.files + 1,
        elapsed: started.elapsed(),
        times,
        warnings,
    };
    Ok((report, staging))
}

/// Builds the site like [`build`], and also returns what it rendered, for `serve` to keep.
pub fn build_keeping(options: &BuildOptions) -> Result<(Prepared, Built), Diagnostics> {
    output_folder::check(&options.output(), &options.root, Replace::OnlyBuilt)?;
    build_and_write(options, true)
}

/// Renders, then indexes while the rendered files are written to a staging folder, then
/// swaps the staging folder in. Nothing reaches the output folder unless every stage passed.
/// The whole site is in memory: `serve` keeps it ([`build_keeping`]).
fn build_and_write(
    options: &BuildOptions,
    keep_pages: bool,
) -> Result<(Prepared, Built), Diagnostics> {
    let started = Instant::now();
    let (prepared, mut built) = render_site(options, keep_pages)?;
    let staging = Staging::create(&options.output())?;
    finish_site(&prepared, &mut built, Some(&staging))?;
    let write_started = Instant::now();
    staging.write(&built.derived, &[])?;
    staging.swap_in()?;
    built.report.times.write += write_started.elapsed();
    // The last one is the output folder's marker file (`output_folder::MARKER`).
    built.report.files = built.files.len() + built.derived.len() + built.copies.len() + 1;
    built.report.elapsed = started.elapsed();
    Ok((prepared, built))
}

/// Stages 1 to 4: the whole site in memory but its search index and offline files.
/// `Built::pages` is left empty unless `keep_pages`: the page HTML moves into `files`, as
/// holding it twice cost a 10,000-page build about a third of its peak memory
/// (benches/build.rs). Every problem of these stages is reported together.
fn render_site(options: &BuildOptions, keep_pages: bool) -> Result<(Prepared, Built), Diagnostics> {
    let (prepared, mut times) = Prepared::load(options, crate::content::Bodies::InPages)?;
    let render_started = Instant::now();
    let mut problems = Diagnostics::new();
    let pages = gather(prepared.render_pages(), &mut problems);
    let listings = gather(prepared.listings(), &mut problems).unwrap_or_default();
    let print = pages
        .as_ref()
        .and_then(|pages| gather(prepared.print_page(pages), &mut problems));
    let fixed = prepared.fixed_files();
    let copies = prepared.copies();
    let generated: Vec<OutputFile> = print
        .iter()
        .chain(&listings)
        .chain(&fixed)
        .cloned()
        .collect();
    problems.extend(collisions::of_build(
        &prepared,
        &generated,
        &copies,
        &options.root,
    ));
    let (Some(pages), Some(print)) = (pages, print) else {
        return Err(problems.sorted());
    };
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    let (mut files, pages): (Vec<OutputFile>, _) = if keep_pages {
        (pages.iter().map(|p| prepared.page_file(p)).collect(), pages)
    } else {
        let files: Vec<OutputFile> = pages
            .into_iter()
            .map(|p| OutputFile::new(prepared.page_path(p.index), p.html))
            .collect();
        (files, Vec::new())
    };
    files.push(print);
    files.extend(listings);
    files.extend(fixed);
    times.render = render_started.elapsed();
    let report = BuildReport {
        pages: prepared.page_count(),
        sections: prepared.content.pages.len() - prepared.page_count(),
        times,
        warnings: prepared.warnings.clone(),
        ..BuildReport::default()
    };
    let built = Built {
        pages,
        files,
        derived: Vec::new(),
        copies,
        report,
    };
    Ok((prepared, built))
}

/// The value of `result`, or `None` with its problems added to `problems`.
pub(crate) fn gather<T>(result: Result<T, Diagnostics>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|found| problems.extend(found)).ok()
}

/// Stage 5 and the offline files, into `built.derived`. With a `staging` folder, the rendered
/// files are written to it while Pagefind assembles its index (see [`search::index`]).
fn finish_site(
    prepared: &Prepared,
    built: &mut Built,
    staging: Option<&Staging>,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let files = &built.files;
    let copies = &built.copies;
    let write = || staging.map(|staging| timed(|| staging.write(files, copies)));
    let scratch = staging.map(Staging::dir);
    let (derived, warnings, written) = prepared.finish(files, scratch, write)?;
    if let Some((result, took)) = written {
        result?;
        built.report.times.write = took;
    }
    // Wall time of the stage; the write ran inside it, so the two overlap.
    built.report.times.search = started.elapsed();
    built.report.warnings.extend(warnings);
    built.derived = derived;
    Ok(())
}

/// Runs `job` and says how long it took.
fn timed<T>(job: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    (job(), started.elapsed())
}

/// What the search index and the offline files are made from, borrowed: [`Prepared`] lends its
/// own, and `serve`'s background refresh a snapshot of them.
pub struct SiteParts<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub site: &'a SiteView,
    pub templates: &'a Templates,
    pub copies: &'a [CopiedFile],
}

/// The search index, then the offline files (whose list and version cover every other file),
/// made from `files`, the site's other generated files; and the search warnings. `scratch` and
/// `meanwhile` are as in [`search::index`]; `meanwhile`'s result is returned last.
pub fn finish<W: Send>(
    parts: &SiteParts<'_>,
    files: &[OutputFile],
    scratch: Option<&Path>,
    meanwhile: impl FnOnce() -> W + Send,
) -> Result<(Vec<OutputFile>, Diagnostics, W), Diagnostics> {
    let SiteParts {
        config,
        content,
        site,
        templates,
        copies,
    } = *parts;
    let (mut search, other) = search::index(config, content, files, scratch, meanwhile)?;
    let everything: Vec<&OutputFile> = files.iter().chain(&search.files).collect();
    let offline = offline::generate(config, content, site, templates, &everything, copies)?;
    search.files.extend(offline);
    Ok((search.files, search.warnings, other))
}
