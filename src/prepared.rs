//! The loaded, checked site that every later stage renders from ([`Prepared`]): stages 1 and
//! 2 (load, validate) and the template compile, then the methods that render its pages, print
//! page, listings and fixed files. `build` runs them in order; `serve` keeps a `Prepared` and
//! redoes only what an edit touches.

use crate::build::{gather, BuildOptions, SiteParts, StageTimes};
use crate::config::Config;
use crate::content::{self, Content};
use crate::context::{reading_order, SiteView};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTargets;
use crate::output::{self, CopiedFile, OutputFile};
use crate::render::{self, RenderedPage, Shared};
use crate::templates::Templates;
use crate::validate::References;
use crate::{anchors, build, listings, markdown, print, search, theme, validate};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Everything a build knows before it renders pages: the loaded site, its cross-references and
/// compiled templates. Owns what [`Shared`] borrows.
pub struct Prepared {
    pub config: Config,
    pub content: Content,
    /// The theme's static files by output path, before fingerprinting.
    pub statics: BTreeMap<String, Vec<u8>>,
    pub asset_names: BTreeMap<String, String>,
    pub shortcode_names: BTreeSet<String>,
    /// Shared so `serve` can refresh the search index on another thread.
    pub templates: Arc<Templates>,
    pub refs: References,
    /// Warnings from validation (the search stage adds its own).
    pub warnings: Diagnostics,
    pub site: SiteView,
    pub order: Vec<usize>,
    /// Where each page stands in `order`, by page index (for its previous and next pages).
    pub order_positions: Vec<Option<usize>>,
    pub targets: LinkTargets,
}

impl Prepared {
    /// Stages 1 and 2 and the template compile: load, validate, compile. Every problem they
    /// find is reported together; where some fail, the links of the pages that loaded are
    /// checked too, so one mistake does not hide another.
    pub fn load(
        options: &BuildOptions,
        bodies: content::Bodies,
    ) -> Result<(Prepared, StageTimes), Diagnostics> {
        let started = Instant::now();
        let mut times = StageTimes::default();
        let mut problems = Diagnostics::new();
        if let Some(url) = &options.base_url {
            if let Err(problem) = crate::config::check_base_url(url) {
                problems.push(
                    Diagnostic::error("--base-url", problem).hint(crate::config::BASE_URL_HINT),
                );
            }
        }
        let config =
            gather(Config::load(&options.root), &mut problems).map(|config| {
                match &options.base_url {
                    Some(url) => config.with_base_url(url),
                    None => config,
                }
            });
        let (content, found) = content::load_gathering_with(&options.root, options.drafts, bodies);
        problems.extend(found);
        let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
        let theme = gather(theme::load(&options.root, theme_name), &mut problems);
        times.load = started.elapsed();
        let (Some(config), Some(theme)) = (config, theme) else {
            problems.extend(markdown::check_links(
                &content,
                &LinkTargets::new(&content, "/"),
            ));
            return Err(problems.sorted());
        };
        let validate_started = Instant::now();
        let shortcode_names = theme.shortcode_names();
        let checked = validate::validate(&content, &config, &shortcode_names);
        let (refs, mut warnings) = gather(checked, &mut problems).unwrap_or_default();
        warnings.extend(crate::scaffold::placeholder_warnings(&content));
        times.validate = validate_started.elapsed();
        let mut theme = theme;
        theme.statics.insert(
            print::RUNNING_CSS.into(),
            print::running_css(&config.title).into_bytes(),
        );
        let asset_names = theme::fingerprint(&theme.statics);
        let compiled = Templates::compile(&theme, &config.base_path(), &asset_names);
        let templates = gather(compiled, &mut problems).map(|mut templates| {
            crate::template_functions::register(&mut templates, &content, &config);
            templates
        });
        let targets = LinkTargets::new(&content, &config.base_path())
            .allowing_unsafe_html(config.security.allow_unsafe_html);
        let Some(templates) = templates.filter(|_| !problems.has_errors()) else {
            problems.extend(markdown::check_links(&content, &targets));
            return Err(problems.sorted());
        };
        // Only now: the site's view starts from its home page, which a failed load may lack.
        let site = SiteView::new(&config, &content).brand(&config, &asset_names);
        let order = reading_order(&content);
        let prepared = Prepared {
            order_positions: crate::context::positions_in(&order, content.pages.len()),
            order,
            config,
            content,
            statics: theme.statics,
            asset_names,
            shortcode_names,
            templates: Arc::new(templates),
            refs,
            warnings,
            site,
            targets,
        };
        Ok((prepared, times))
    }

    /// What every page render borrows.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            content: &self.content,
            refs: &self.refs,
            templates: &self.templates,
            targets: &self.targets,
            site: &self.site,
            order: &self.order,
            order_positions: &self.order_positions,
        }
    }

    /// Pages that are not sections.
    pub fn page_count(&self) -> usize {
        self.content.pages.iter().filter(|p| !p.is_section).count()
    }

    /// Stages 3 and 4 for every page, in parallel, then the `#anchor` check.
    pub fn render_pages(&self) -> Result<Vec<RenderedPage>, Diagnostics> {
        let shared = self.shared();
        let results: Vec<_> = (0..self.content.pages.len())
            .into_par_iter()
            .map(|i| render::render_page(&shared, i))
            .collect();
        let mut problems = Diagnostics::new();
        let mut pages = Vec::with_capacity(results.len());
        // A template's own problem is met on every page using it: reported once, for the first.
        let mut seen = BTreeSet::new();
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(list) => list
                    .into_iter()
                    .filter(|d| seen.insert((d.path.clone(), d.line, d.message.clone())))
                    .for_each(|d| problems.push(d)),
            }
        }
        if let Err(found) = anchors::check_site(&self.content, &pages) {
            problems.extend(found);
        }
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        Ok(pages)
    }

    /// The output file of a rendered page.
    pub fn page_file(&self, page: &RenderedPage) -> OutputFile {
        OutputFile::new(self.page_path(page.index), page.html.clone())
    }

    /// The print page: every page's article in reading order.
    pub fn print_page(&self, pages: &[RenderedPage]) -> Result<OutputFile, Diagnostics> {
        print::render(
            &self.content,
            pages,
            &self.order,
            &self.site,
            &self.templates,
        )
    }

    /// Tag and role listings, the site index and `404.html`.
    pub fn listings(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        listings::render_all(
            &self.content,
            &self.refs,
            &self.site,
            &self.templates,
            &self.order,
        )
        .map_err(Diagnostics::from)
    }

    /// Stage 5 and the offline files: see [`build::finish`].
    pub fn finish<W: Send>(
        &self,
        files: &[OutputFile],
        scratch: Option<&Path>,
        meanwhile: impl FnOnce() -> W + Send,
    ) -> Result<(Vec<OutputFile>, Diagnostics, W), Diagnostics> {
        let parts = SiteParts {
            config: &self.config,
            content: &self.content,
            site: &self.site,
            templates: &self.templates,
            copies: &self.copies(),
        };
        build::finish(&parts, files, scratch, meanwhile)
    }

    /// The output path of page `index`.
    pub fn page_path(&self, index: usize) -> String {
        format!("{}index.html", self.content.pages[index].url)
    }

    /// The content folder's non-Markdown files, copied as they are.
    pub fn copies(&self) -> Vec<CopiedFile> {
        self.content
            .assets
            .iter()
            .map(|a| CopiedFile {
                source: a.source.clone(),
                path: a.output.clone(),
            })
            .collect()
    }

    /// The theme's static files (fingerprinted; its search interface only with search on),
    /// sitemap, robots.txt and `.nojekyll`.
    pub fn fixed_files(&self) -> Vec<OutputFile> {
        let base = self.config.absolute_base();
        let urls: Vec<(String, Option<&str>)> = self
            .content
            .pages
            .iter()
            .map(|p| (format!("{base}{}", p.url), p.last_updated()))
            .collect();
        let search = self.config.search.enabled;
        let mut files: Vec<OutputFile> = self
            .statics
            .iter()
            .filter(|(path, _)| search || !search::THEME_ASSETS.contains(&path.as_str()))
            .map(|(path, bytes)| OutputFile::new(self.asset_names[path].clone(), bytes.clone()))
            .collect();
        files.push(OutputFile::new("sitemap.xml", output::sitemap(&urls)));
        files.push(OutputFile::new("robots.txt", output::robots(&base)));
        files.push(OutputFile::new(".nojekyll", ""));
        files
    }
}
