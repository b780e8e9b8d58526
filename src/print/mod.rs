//! The "print the whole toolkit" page (`print/`): every page in reading order in one document,
//! with a table of contents and a page break before each page, like mdBook's print view.
//!
//! It is built from each page's final HTML, the `<article>` the page template wrote, so it prints
//! exactly what the page prints. Each article is rewritten to live in one document: its ids (and
//! every reference to them) get a prefix of their own so they stay unique, links between pages
//! become links within the document that print as the page they point to, and what has no
//! place on paper (scripts, buttons, hidden controls, tag chips) is left out.

use crate::content::{Content, Page};
use crate::context::{home_trail, Link, PageView, SiteView};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::RenderedPage;
use crate::templates::Templates;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use rayon::prelude::*;
use rewrite::{Rewriter, Target};
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The stylesheet the build writes for paper: the toolkit's title in every sheet's footer.
pub const RUNNING_CSS: &str = "css/print-running.css";

/// The content of [`RUNNING_CSS`] for a toolkit called `title` (a CSS string, escaped).
pub fn running_css(title: &str) -> String {
    let mut quoted = String::with_capacity(title.len() + 2);
    for c in title.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            c if c.is_control() => quoted.push_str("\\A "),
            c => quoted.push(c),
        }
    }
    format!("@page {{ @bottom-left {{ content: \"{quoted}\"; font: 9pt system-ui, sans-serif; color: #444; }} }}\n")
}

mod rewrite;

/// The print page's path in the output.
pub const PAGE: &str = "print/index.html";

/// The context of `print.html`.
#[derive(Serialize)]
struct PrintContext<'a> {
    site: &'a SiteView,
    page: PageView,
    breadcrumbs: Vec<Link>,
    /// The table of contents, in reading order.
    contents: Vec<ContentsEntry>,
    /// Every page's rewritten article, in reading order.
    body: String,
    /// Stylesheets some pages add (assessment styles, say), as written in their HTML.
    stylesheets: Vec<String>,
}

/// One line of the table of contents.
#[derive(Serialize)]
struct ContentsEntry {
    title: String,
    anchor: String,
    /// 0 for the home page, 1 for a top-level section or page, and so on.
    depth: usize,
}

/// Renders the print page from the rendered pages, in reading order `order`.
pub fn render<P: Borrow<RenderedPage> + Sync>(
    content: &Content,
    pages: &[P],
    order: &[usize],
    site: &SiteView,
    templates: &Templates,
) -> Result<OutputFile, Diagnostics> {
    let by_index: HashMap<usize, &RenderedPage> = pages
        .iter()
        .map(|p| (p.borrow().index, p.borrow()))
        .collect();
    let printed: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| by_index.contains_key(i))
        .collect();
    let printer = Printer::new(content, &printed, site.base_path.as_str());
    // Articles are rewritten independently, in parallel: at 10,000 pages this is a second of
    // parsing on one core.
    let articles: Vec<String> = printed
        .par_iter()
        .filter_map(|i| printer.article(*i, &by_index[i].html))
        .collect::<Result<_, _>>()?;
    let mut body = String::with_capacity(articles.iter().map(|a| a.len() + 1).sum());
    for article in articles {
        body.push_str(&article);
        body.push('\n');
    }
    let html = printer.page_html(site, templates, body, extra_stylesheets(pages))?;
    Ok(OutputFile::new(PAGE, html))
}

/// The print page made a page at a time: each rendered page's article is rewritten by
/// [`Printer::article`] (a build does so as it renders, and keeps only the articles), and the
/// articles, joined in reading order with a newline after each, are the body of
/// [`Printer::page_html`].
pub struct Printer<'a> {
    content: &'a Content,
    /// The printed pages, in reading order.
    printed: &'a [usize],
    base: &'a str,
    /// Where each printed page, by its URL, lands in the document.
    targets: HashMap<String, Target<'a>>,
}

impl<'a> Printer<'a> {
    /// A printer for the pages `printed` (page indexes in reading order) of a site under the
    /// base path `base`: the n-th gets the prefix `pn`.
    pub fn new(content: &'a Content, printed: &'a [usize], base: &'a str) -> Printer<'a> {
        let targets = printed
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let page = &content.pages[i];
                let target = Target {
                    prefix: format!("p{}", n + 1),
                    title: &page.meta.title,
                };
                (format!("{base}{}", page.url), target)
            })
            .collect();
        Printer {
            content,
            printed,
            base,
            targets,
        }
    }

    /// Page `index`'s article rewritten for the document, from its final `html`; `None` when
    /// the page is not printed.
    pub fn article(&self, index: usize, html: &str) -> Option<Result<String, Diagnostic>> {
        let page = &self.content.pages[index];
        let target = self.targets.get(&format!("{}{}", self.base, page.url))?;
        let rewriter = Rewriter {
            prefix: &target.prefix,
            base: self.base,
            targets: &self.targets,
        };
        Some(print_article(&rewriter, page, html))
    }

    /// The print page around `body` (the articles), with the `stylesheets` some pages add.
    pub fn page_html(
        &self,
        site: &SiteView,
        templates: &Templates,
        body: String,
        stylesheets: Vec<String>,
    ) -> Result<String, Diagnostics> {
        let contents = self
            .printed
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let page = &self.content.pages[i];
                ContentsEntry {
                    title: page.meta.title.clone(),
                    anchor: format!("p{}", n + 1),
                    depth: depth_of(&page.url),
                }
            })
            .collect();
        let ctx = PrintContext {
            site,
            page: PageView::generated(
                site,
                "The whole toolkit, for printing".into(),
                "print/",
                "print",
            ),
            breadcrumbs: home_trail(self.content, self.base),
            contents,
            body,
            stylesheets,
        };
        templates
            .render("print.html", &ctx, Path::new("templates/print.html"))
            .map_err(Diagnostics::from)
    }
}

/// `page`'s article, from its final `html`, rewritten to live in the print document.
fn print_article(rewriter: &Rewriter<'_>, page: &Page, html: &str) -> Result<String, Diagnostic> {
    // Not strict, lol_html fails only when it cannot allocate (or a handler sets an invalid
    // attribute name, and ours are constants). Should that ever happen, a failed build that
    // names the page beats a print page with clashing ids and live scripts.
    rewriter.article(article_of(html)).map_err(|e| {
        Diagnostic::error(
            &page.source,
            format!("cannot rewrite for the print page: {e}"),
        )
    })
}

/// How deep the page at `url` sits: 0 for the home page, 1 for a top-level page, and so on.
fn depth_of(url: &str) -> usize {
    url.trim_end_matches('/')
        .split('/')
        .filter(|part| !part.is_empty())
        .count()
}

/// The page's `<article ...>...</article>` element, or the whole HTML if it has none.
fn article_of(html: &str) -> &str {
    match (html.find("<article"), html.rfind("</article>")) {
        (Some(start), Some(end)) if end > start => &html[start..end + "</article>".len()],
        _ => html,
    }
}

/// Stylesheet hrefs that some pages have and others lack (every page has the site's own).
fn extra_stylesheets<P: Borrow<RenderedPage> + Sync>(pages: &[P]) -> Vec<String> {
    let per_page: Vec<BTreeSet<String>> = pages
        .par_iter()
        .map(|p| stylesheets_in(&p.borrow().html))
        .collect();
    let mut count = Stylesheets::default();
    per_page.into_iter().for_each(|set| count.add(set));
    count.extra()
}

/// The stylesheets of pages counted one page at a time, to find those some pages lack
/// without keeping the pages.
#[derive(Debug, Default)]
pub struct Stylesheets {
    pages: usize,
    /// On how many pages each href is.
    counts: BTreeMap<String, usize>,
}

impl Stylesheets {
    /// Counts one page's stylesheets (from [`stylesheets_in`]).
    pub fn add(&mut self, hrefs: BTreeSet<String>) {
        self.pages += 1;
        for href in hrefs {
            *self.counts.entry(href).or_default() += 1;
        }
    }

    /// The hrefs not on every page counted, sorted.
    pub fn extra(&self) -> Vec<String> {
        self.counts
            .iter()
            .filter(|(_, &n)| n < self.pages)
            .map(|(href, _)| href.clone())
            .collect()
    }
}

/// The `href`s (as written) of the page's `<link rel="stylesheet">`s.
pub fn stylesheets_in(html: &str) -> BTreeSet<String> {
    // Parsing each whole page took over a second at 10,000 pages; a `<link>` is a single void
    // tag, so lol_html reads just the tags that start with `<link` (one inside a script or a
    // comment would count too, which at worst adds a stylesheet the page already has).
    html.match_indices('<')
        .filter(|(start, _)| {
            html.as_bytes()
                .get(start + 1..start + 5)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"link"))
        })
        .filter_map(|(start, _)| {
            html[start..]
                .find('>')
                .map(|end| &html[start..=start + end])
        })
        .flat_map(link_stylesheet)
        .collect()
}

/// The `href` of `tag` when it is a stylesheet link.
fn link_stylesheet(tag: &str) -> Option<String> {
    let mut found = None;
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("link[rel~=stylesheet][href]", |el| {
            found = el.get_attribute("href");
            Ok(())
        }))
        .with_strict(false);
    // Only reading, so the output is dropped. So is an error: not strict, lol_html fails only
    // when it cannot allocate, and then missing a page's extra stylesheet costs some styling,
    // not the print page.
    let _ = rewrite_str(tag, settings);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_stylesheets_are_those_not_on_every_page() {
        let page = |index, html: &str| RenderedPage {
            index,
            html: html.to_string(),
            anchors: Vec::new(),
        };
        let pages = [
            page(0, r##"<link rel="stylesheet" href="/s.css">"##),
            page(
                1,
                r##"<link rel="stylesheet" href="/s.css"><link href="/a.css" rel="stylesheet">"##,
            ),
        ];
        assert_eq!(extra_stylesheets(&pages), vec!["/a.css".to_string()]);
    }

    #[test]
    fn stylesheet_links_are_read_as_a_browser_reads_them() {
        let html = r##"<LINK REL=stylesheet HREF=/u.css><link rel="preload" href="/p.css"><link rel="alternate stylesheet" href='/alt.css'><linkx rel="stylesheet" href="/no.css">"##;
        let found: Vec<String> = stylesheets_in(html).into_iter().collect();
        assert_eq!(found, ["/alt.css", "/u.css"]);
    }
}
