//! Stage 3, Markdown: turn a page body into HTML with pulldown-cmark, giving every heading a
//! unique id, collecting the table of contents, and resolving links between content files.
//!
//! Links are written as relative paths to `.md` files, as editors see them in their folders;
//! here they become site URLs under the base path. A link to a missing page is an error;
//! links to `#anchors` are recorded and checked once every page is rendered.

use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

mod active;
mod headings;
mod links;

pub use active::script_scheme;
use active::RawHtml;
use headings::Headings;
pub use headings::TocEntry;
use links::{LineIndex, Links};

/// A link to an anchor on another page (or this one), checked after all pages are rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorRef {
    pub target: usize,
    pub anchor: String,
    pub line: usize,
}

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<AnchorRef>,
}

/// What links may point at: pages by content path, and asset files; and whether raw HTML may
/// hold scripts (`security.allow_unsafe_html` in config.yaml).
pub struct LinkTargets {
    pages: HashMap<String, usize>,
    urls: Vec<String>,
    assets: HashSet<String>,
    /// Pages whose files failed to load: links to them are not reported as broken.
    unloaded: HashSet<String>,
    base_path: String,
    allow_unsafe_html: bool,
}

impl LinkTargets {
    pub fn new(content: &Content, base_path: &str) -> Self {
        LinkTargets {
            pages: content
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.content_path.clone(), i))
                .collect(),
            urls: content.pages.iter().map(|p| p.url.clone()).collect(),
            assets: content.assets.iter().map(|a| a.output.clone()).collect(),
            unloaded: content.unloaded.iter().cloned().collect(),
            base_path: base_path.to_string(),
            allow_unsafe_html: false,
        }
    }

    /// Lets raw HTML hold scripts, event handlers and embedded documents.
    pub fn allowing_unsafe_html(mut self, allow: bool) -> Self {
        self.allow_unsafe_html = allow;
        self
    }

    /// The full URL path of page `index`.
    pub fn page_url(&self, index: usize) -> String {
        format!("{}{}", self.base_path, self.urls[index])
    }
}

/// Where the text being rendered comes from.
pub struct Origin<'a> {
    pub source: &'a Path,
    /// The page's path inside `content/`, to resolve relative links against.
    pub content_path: &'a str,
    pub page_index: usize,
    /// File line of the text's first line.
    pub first_line: usize,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `text` to HTML, resolving its links against `targets`.
pub fn render(
    text: &str,
    origin: &Origin<'_>,
    targets: &LinkTargets,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut links = Links::new(text, origin, targets);
    let mut headings = Headings::default();
    let mut raw_html = RawHtml::default();
    let events = rewrite_events(text, &mut links, &mut headings, &mut raw_html);
    let mut problems = if targets.allow_unsafe_html {
        Vec::new()
    } else {
        active_html_problems(&raw_html, text, origin)
    };
    problems.extend(repeated_heading_ids(text, origin, &headings));
    let anchors = links.into_anchors().unwrap_or_else(|found| {
        problems.extend(found);
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered {
        html,
        toc: headings.toc(),
        anchors,
    })
}

/// The broken links (and repeated heading ids) of every page, without rendering them: for a
/// build whose other problems stop it before rendering, so these are reported too.
pub fn check_links(content: &Content, targets: &LinkTargets) -> Diagnostics {
    let pages = content.pages.par_iter().enumerate();
    let problems: Vec<Vec<Diagnostic>> = pages
        .filter_map(|(index, page)| {
            let origin = Origin {
                source: &page.source,
                content_path: &page.content_path,
                page_index: index,
                first_line: page.body_line,
            };
            match content.body(index) {
                Ok(body) => render(&body, &origin, targets).err(),
                Err(problem) => Some(vec![problem]),
            }
        })
        .collect();
    problems.into_iter().flatten().collect()
}

/// The Markdown's events, with an id on every heading, links resolved and each table in a
/// scroll box.
fn rewrite_events<'t>(
    text: &'t str,
    links: &mut Links<'_>,
    headings: &mut Headings,
    raw_html: &mut RawHtml,
) -> Vec<Event<'t>> {
    let mut events = Vec::new();
    let mut parser = Parser::new_ext(text, options()).into_offset_iter();
    while let Some((mut event, range)) = parser.next() {
        raw_html.observe(&event, range.start);
        match event {
            Event::Start(Tag::Heading {
                level, ref mut id, ..
            }) => {
                let inner = heading_content(
                    parser
                        .by_ref()
                        .inspect(|(e, r)| raw_html.observe(e, r.start)),
                );
                *id = Some(headings.add(level, id.take(), &inner, range.start).into());
                events.push(event);
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(
                Tag::Link {
                    ref mut dest_url, ..
                }
                | Tag::Image {
                    ref mut dest_url, ..
                },
            ) => {
                links.rewrite(dest_url, range.start);
                events.push(event);
            }
            // A wide table scrolls sideways on a phone; the scroll box must be reachable by
            // keyboard and named for screen readers (WCAG 2.1.1, axe scrollable-region-focusable).
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(table_scroll_open(headings.last_title()).into()));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html("</div>\n".into()));
            }
            other => events.push(other),
        }
    }
    events
}

/// An error for each explicit heading id written a second time on the page.
fn repeated_heading_ids(text: &str, origin: &Origin<'_>, headings: &Headings) -> Vec<Diagnostic> {
    let repeated = headings.repeated_ids().iter();
    repeated
        .map(|(id, offset)| {
            let (line, _) = crate::diagnostics::line_col(text, *offset);
            Diagnostic::error(
                origin.source,
                format!("the heading id `{{#{id}}}` is already used by a heading above"),
            )
            .at(origin.first_line + line - 1, None)
            .hint("give each heading its own id; links to `#id` go to the first one")
        })
        .collect()
}

/// An error for each script, event handler, embedded document or script address in the raw
/// HTML of `text`.
fn active_html_problems(raw_html: &RawHtml, text: &str, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text, origin.first_line);
    raw_html
        .findings()
        .into_iter()
        .map(|finding| {
            Diagnostic::error(
                origin.source,
                format!(
                    "the HTML here holds {}, which could run code in readers' browsers or change the page around it",
                    finding.what
                ),
            )
            .at(lines.line(finding.offset), None)
            .hint("take it out and write the text in Markdown; a site whose editors are all trusted may allow it with `security: {allow_unsafe_html: true}` in config.yaml (docs/content-format.md)")
        })
        .collect()
}

/// The events inside a heading whose start `events` has just given, consuming its end.
fn heading_content<'a>(events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    events
        .map(|(event, _)| event)
        .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))))
        .collect()
}

/// The focusable, labelled box a table scrolls in, named after the heading it sits under.
fn table_scroll_open(heading: &str) -> String {
    let label = if heading.is_empty() {
        "Table".to_string()
    } else {
        format!("Table: {heading}")
    };
    format!(
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
        tera::escape_html(&label)
    )
}

/// What in a short piece of Markdown (a module activity's text) could run code: script
/// addresses in links and images always, active raw HTML unless `allow_unsafe_html`.
pub fn unsafe_parts_of_fragment(text: &str, allow_unsafe_html: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut raw_html = RawHtml::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        raw_html.observe(&event, range.start);
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
            found.extend(script_scheme(dest_url).map(|s| format!("a `{s}:` address")));
        }
    }
    if !allow_unsafe_html {
        found.extend(raw_html.findings().into_iter().map(|f| f.what));
    }
    found
}

/// Renders a short piece of Markdown (a module activity, say) without resolving links.
pub fn render_fragment(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `text` as the only page of an empty site.
    fn render_alone(text: &str) -> Rendered {
        let content = Content::default();
        let targets = LinkTargets::new(&content, "/");
        let origin = Origin {
            source: Path::new("a.md"),
            content_path: "a.md",
            page_index: 0,
            first_line: 1,
        };
        render(text, &origin, &targets).unwrap()
    }

    #[test]
    fn raw_html_is_checked_wherever_it_is_written() {
        let content = Content::default();
        let targets = LinkTargets::new(&content, "/");
        let origin = Origin {
            source: Path::new("a.md"),
            content_path: "a.md",
            page_index: 0,
            first_line: 5,
        };
        for text in [
            "## Title <img src=x onerror=alert(1)>\n",
            "| a |\n|---|\n| <script>x</script> |\n",
            "> quoted\n> <iframe src=\"https://example.org/\"></iframe>\n",
            "- item <b onclick=\"x\">bold</b>\n",
        ] {
            let problems = render(text, &origin, &targets).expect_err(text);
            assert_eq!(problems.len(), 1, "{text}: {problems:?}");
        }
        let allowed = LinkTargets::new(&content, "/").allowing_unsafe_html(true);
        assert!(render("## Title <img src=x onerror=alert(1)>\n", &origin, &allowed).is_ok());
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let out = render_alone("## Intro\n### Detail\n## Intro\n## Custom {#mine}\n");
        assert!(out.html.contains(r#"<h2 id="intro">"#));
        assert!(out.html.contains(r#"<h2 id="intro-1">"#));
        assert!(out.html.contains(r#"<h2 id="mine">"#));
        assert_eq!(out.toc.len(), 3);
        assert_eq!(out.toc[0].children[0].id, "detail");
    }

    #[test]
    fn tables_scroll_in_a_focusable_region_named_after_their_heading() {
        let out = render_alone("## Roles & tasks\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            out.html.contains(
                r#"<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Roles &amp; tasks">"#
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("</table>\n</div>"), "{}", out.html);
    }
}
