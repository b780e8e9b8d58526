//! Stage 3, Markdown: turn a page body into HTML with pulldown-cmark, giving every heading a
//! unique id, collecting the table of contents, and resolving links between content files.
//!
//! Links are written as relative paths to `.md` files, as editors see them in their folders;
//! here they become site URLs under the base path. A link to a missing page is an error;
//! links to `#anchors` are recorded and checked once every page is rendered.

use crate::content::Content;
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::Path;

mod headings;

use headings::Headings;
pub use headings::TocEntry;

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

/// What links may point at: pages by content path, and asset files.
pub struct LinkTargets {
    pages: HashMap<String, usize>,
    urls: Vec<String>,
    assets: HashSet<String>,
    base_path: String,
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
            base_path: base_path.to_string(),
        }
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

fn options() -> Options {
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
    let lines = LineIndex::new(text, origin.first_line);
    let mut events = Vec::new();
    let mut problems = Vec::new();
    let mut anchors = Vec::new();
    let mut headings = Headings::default();
    let mut last_heading = String::new();
    let mut parser = Parser::new_ext(text, options()).into_offset_iter();
    while let Some((mut event, range)) = parser.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                for (event, _) in parser.by_ref() {
                    if matches!(event, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(event);
                }
                let id = headings.add(level, id, &inner);
                last_heading = headings.last_title().to_string();
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
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
                let line = lines.line(range.start);
                match resolve(dest_url, origin, targets, line, &mut anchors) {
                    Ok(resolved) => *dest_url = resolved.into(),
                    Err(problem) => problems.push(problem),
                }
                events.push(event);
            }
            // A wide table scrolls sideways on a phone; the scroll box must be reachable by
            // keyboard and named for screen readers (WCAG 2.1.1, axe scrollable-region-focusable).
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(table_scroll_open(&last_heading).into()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            other => events.push(other),
        }
    }
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

/// Renders a short piece of Markdown (a module activity, say) without resolving links.
pub fn render_fragment(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
    html
}

/// Turns a link as written into the URL to emit, or an error for a missing target.
fn resolve(
    dest: &str,
    origin: &Origin<'_>,
    targets: &LinkTargets,
    line: usize,
    anchors: &mut Vec<AnchorRef>,
) -> Result<String, Diagnostic> {
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with('/')
    {
        return Ok(dest.to_string());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    if path.is_empty() {
        if let Some(anchor) = fragment {
            anchors.push(AnchorRef {
                target: origin.page_index,
                anchor: anchor.to_string(),
                line,
            });
        }
        return Ok(dest.to_string());
    }
    let joined = join(origin.content_path, path);
    let located = |message: String, hint: &str| {
        Diagnostic::error(origin.source, message)
            .at(line, None)
            .hint(hint)
    };
    if path.ends_with(".md") {
        let Some(&target) = joined.as_ref().and_then(|j| targets.pages.get(j)) else {
            return Err(located(
                format!("the link `{dest}` points to a page that does not exist"),
                "check the file name and the `../` steps; links are relative to this file (drafts are left out unless you build with --drafts)",
            ));
        };
        let url = targets.page_url(target);
        return Ok(match fragment {
            Some(anchor) => {
                anchors.push(AnchorRef {
                    target,
                    anchor: anchor.to_string(),
                    line,
                });
                format!("{url}#{anchor}")
            }
            None => url,
        });
    }
    match joined.filter(|j| targets.assets.contains(j)) {
        Some(asset) => Ok(format!("{}{asset}", targets.base_path)),
        None => Err(located(
            format!("the link `{dest}` points to a file that does not exist"),
            "put the file beside the page in content/, or link to a full https:// address",
        )),
    }
}

/// Joins a relative link onto the folder of `from`, resolving `.` and `..`.
fn join(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Maps byte offsets in a text to file lines.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line }
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dot_dot() {
        assert_eq!(join("a/b.md", "../c/d.md").as_deref(), Some("c/d.md"));
        assert_eq!(join("b.md", "c.md").as_deref(), Some("c.md"));
        assert_eq!(join("b.md", "../c.md"), None);
    }

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

    #[test]
    fn line_index_counts_lines() {
        let index = LineIndex::new("a\nb\nc", 10);
        assert_eq!(index.line(0), 10);
        assert_eq!(index.line(2), 11);
        assert_eq!(index.line(4), 12);
    }
}
