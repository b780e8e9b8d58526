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
use std::collections::{BTreeSet, HashMap};
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
pub fn render(
    content: &Content,
    pages: &[RenderedPage],
    order: &[usize],
    site: &SiteView,
    templates: &Templates,
) -> Result<OutputFile, Diagnostics> {
    let base = site.base_path.as_str();
    let printed = printed_pages(content, pages, order);
    let targets = print_targets(&printed, base);
    let (body, contents) = print_body(&printed, &targets, base)?;
    let ctx = PrintContext {
        site,
        page: PageView::generated(
            site,
            "The whole toolkit, for printing".into(),
            "print/",
            "print",
        ),
        breadcrumbs: home_trail(content, base),
        contents,
        body,
        stylesheets: extra_stylesheets(pages),
    };
    let html = templates
        .render("print.html", &ctx, Path::new("templates/print.html"))
        .map_err(Diagnostics::from)?;
    Ok(OutputFile::new(PAGE, html))
}

/// Each rendered page with its HTML, in reading order `order`.
fn printed_pages<'a>(
    content: &'a Content,
    pages: &'a [RenderedPage],
    order: &[usize],
) -> Vec<(&'a Page, &'a str)> {
    let by_index: HashMap<usize, &RenderedPage> = pages.iter().map(|p| (p.index, p)).collect();
    order
        .iter()
        .filter_map(|i| Some((&content.pages[*i], by_index.get(i)?.html.as_str())))
        .collect()
}

/// Where each printed page, by its URL, lands in the document: the n-th gets the prefix `pn`.
fn print_targets<'a>(printed: &[(&'a Page, &str)], base: &str) -> HashMap<String, Target<'a>> {
    printed
        .iter()
        .enumerate()
        .map(|(n, (page, _))| {
            (
                format!("{base}{}", page.url),
                Target {
                    prefix: format!("p{}", n + 1),
                    title: &page.meta.title,
                },
            )
        })
        .collect()
}

/// The document's body, every page's article rewritten, and its table of contents.
fn print_body(
    printed: &[(&Page, &str)],
    targets: &HashMap<String, Target<'_>>,
    base: &str,
) -> Result<(String, Vec<ContentsEntry>), Diagnostic> {
    let prefixes: Vec<&str> = printed
        .iter()
        .map(|(page, _)| targets[&format!("{base}{}", page.url)].prefix.as_str())
        .collect();
    // Articles are rewritten independently, in parallel: at 10,000 pages this is a second of
    // parsing on one core.
    let articles: Vec<String> = printed
        .par_iter()
        .zip(&prefixes)
        .map(|(&(page, html), prefix)| {
            let rewriter = Rewriter {
                prefix,
                base,
                targets,
            };
            print_article(&rewriter, page, html)
        })
        .collect::<Result<_, _>>()?;
    let mut body = String::with_capacity(articles.iter().map(|a| a.len() + 1).sum());
    for article in articles {
        body.push_str(&article);
        body.push('\n');
    }
    let contents = printed
        .iter()
        .zip(prefixes)
        .map(|(&(page, _), prefix)| ContentsEntry {
            title: page.meta.title.clone(),
            anchor: prefix.to_string(),
            depth: depth_of(&page.url),
        })
        .collect();
    Ok((body, contents))
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
fn extra_stylesheets(pages: &[RenderedPage]) -> Vec<String> {
    let per_page: Vec<BTreeSet<String>> =
        pages.par_iter().map(|p| stylesheets_in(&p.html)).collect();
    let all: BTreeSet<String> = per_page.iter().flatten().cloned().collect();
    all.into_iter()
        .filter(|href| !per_page.iter().all(|set| set.contains(href)))
        .collect()
}

/// The `href`s (as written) of the page's `<link rel="stylesheet">`s.
fn stylesheets_in(html: &str) -> BTreeSet<String> {
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
