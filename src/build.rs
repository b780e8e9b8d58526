//! The build orchestration: runs the stages listed in the crate docs, in order, and times them.

use crate::config::Config;
use crate::content::{self, Content};
use crate::context::{reading_order, SiteView};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTargets;
use crate::output::{self, CopiedFile, OutputFile, Staging};
use crate::render::{self, RenderedPage, Shared};
use crate::templates::Templates;
use crate::{listings, offline, print, search, theme, validate};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
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

/// Time spent in each stage of a build.
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

/// The site rendered in memory: files to write and files to copy.
struct Built {
    files: Vec<OutputFile>,
    copies: Vec<CopiedFile>,
    report: BuildReport,
}

/// Checks everything a build would, writing nothing.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    Ok(render_site(options)?.report)
}

/// Builds the site and swaps it into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut built = render_site(options)?;
    let staging = Staging::create(&options.output())?;
    let write_started = Instant::now();
    staging.write(&built.files, &built.copies)?;
    built.report.times.write = write_started.elapsed();
    staging.swap_in()?;
    built.report.files = built.files.len() + built.copies.len();
    built.report.elapsed = started.elapsed();
    Ok(built.report)
}

fn render_site(options: &BuildOptions) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut times = StageTimes::default();
    // 1. load
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config = config.with_base_url(url);
    }
    let content = content::load(&options.root, options.drafts)?;
    let theme = theme::load(&options.root, &config.theme)?;
    times.load = started.elapsed();
    // 2. validate
    let validate_started = Instant::now();
    let (refs, mut warnings) = validate::validate(&content, &config, &theme.shortcode_names())?;
    times.validate = validate_started.elapsed();
    // 3 and 4. Markdown and templates
    let render_started = Instant::now();
    let asset_names = theme::fingerprint(&theme.statics);
    let templates = Templates::compile(&theme, &config.base_path(), &asset_names)?;
    let site = SiteView::new(&config, &content);
    let order = reading_order(&content);
    let targets = LinkTargets::new(&content, &site.base_path);
    let shared = Shared {
        content: &content,
        refs: &refs,
        templates: &templates,
        targets: &targets,
        site: &site,
        order: &order,
    };
    let pages = render_pages(&shared)?;
    let mut files = page_files(&content, &pages);
    files.push(print::render(&content, &pages, &order, &site, &templates)?);
    files.extend(
        listings::render_all(&content, &refs, &site, &templates, &order)
            .map_err(|d| Diagnostics::from(vec![d]))?,
    );
    files.extend(site_files(&config, &content, &theme.statics, &asset_names));
    times.render = render_started.elapsed();
    // 5. search index, over the rendered pages
    let search_started = Instant::now();
    let search = search::index(&config, &content, &files)?;
    files.extend(search.files);
    warnings.extend(search.warnings);
    times.search = search_started.elapsed();
    let copies: Vec<CopiedFile> = content
        .assets
        .iter()
        .map(|a| CopiedFile {
            source: a.source.clone(),
            path: a.output.clone(),
        })
        .collect();
    // Offline files last: their file list and version cover every other file.
    files.extend(offline::generate(
        &config, &content, &site, &templates, &files, &copies,
    )?);
    let report = BuildReport {
        pages: content.pages.iter().filter(|p| !p.is_section).count(),
        sections: content.pages.iter().filter(|p| p.is_section).count(),
        files: 0,
        elapsed: started.elapsed(),
        times,
        warnings,
    };
    Ok(Built {
        files,
        copies,
        report,
    })
}

/// Renders every page in parallel, then checks `#anchor` links against the results.
fn render_pages(shared: &Shared<'_>) -> Result<Vec<RenderedPage>, Diagnostics> {
    let results: Vec<_> = (0..shared.content.pages.len())
        .into_par_iter()
        .map(|i| render::render_page(shared, i))
        .collect();
    let mut problems = Diagnostics::new();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(list) => list.into_iter().for_each(|d| problems.push(d)),
        }
    }
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    check_anchors(shared.content, &pages)?;
    Ok(pages)
}

/// Every `#anchor` link must name an `id` present in the target page's final HTML.
fn check_anchors(content: &Content, pages: &[RenderedPage]) -> Result<(), Diagnostics> {
    let ids: HashMap<usize, HashSet<&str>> = pages
        .par_iter()
        .map(|p| (p.index, html_ids(&p.html)))
        .collect();
    let problems: Diagnostics = pages
        .iter()
        .flat_map(|page| page.anchors.iter().map(move |a| (page.index, a)))
        .filter(|(_, a)| !ids.get(&a.target).is_some_and(|set| set.contains(a.anchor.as_str())))
        .map(|(from, a)| {
            let target = &content.pages[a.target];
            Diagnostic::error(&content.pages[from].source, format!("the link to `#{}` finds no such heading or id in {}", a.anchor, target.source.display()))
                .at(a.line, None)
                .hint("link to a heading that exists; ids are the heading text in lowercase with dashes, or the {#id} you wrote")
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.sorted())
    }
}

/// The values of every `id="..."` attribute in `html`.
fn html_ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn page_files(content: &Content, pages: &[RenderedPage]) -> Vec<OutputFile> {
    pages
        .iter()
        .map(|p| {
            OutputFile::new(
                format!("{}index.html", content.pages[p.index].url),
                p.html.clone(),
            )
        })
        .collect()
}

/// The theme's static files (fingerprinted), sitemap, robots.txt and `.nojekyll`.
fn site_files(
    config: &Config,
    content: &Content,
    statics: &std::collections::BTreeMap<String, Vec<u8>>,
    names: &std::collections::BTreeMap<String, String>,
) -> Vec<OutputFile> {
    let base = config.absolute_base();
    let urls: Vec<String> = content
        .pages
        .iter()
        .map(|p| format!("{base}{}", p.url))
        .collect();
    let mut files: Vec<OutputFile> = statics
        .iter()
        .map(|(path, bytes)| OutputFile::new(names[path].clone(), bytes.clone()))
        .collect();
    files.push(OutputFile::new("sitemap.xml", output::sitemap(&urls)));
    files.push(OutputFile::new("robots.txt", output::robots(&base)));
    files.push(OutputFile::new(".nojekyll", ""));
    files
}
