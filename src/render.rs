//! Stages 3 and 4 for one page: shortcodes, Markdown, then the page template.
//!
//! Shortcodes are rendered first and stand in the Markdown as placeholders, so their HTML is
//! never reparsed as Markdown; the placeholders are swapped back after pulldown-cmark runs.

use crate::content::kinds::KindData;
use crate::content::{Content, Page};
use crate::context::{self, DateView, Link, PageContext, PageView, SiteView};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, AnchorRef, LinkTargets, Origin, TocEntry};
use crate::page_toc;
use crate::shortcodes::Call;
use crate::templates::Templates;
use crate::validate::References;
use crate::views::{AssessmentView, Views};
use serde::Serialize;

/// Marks a shortcode's place in the Markdown; U+FFFC is the "object replacement character".
const MARK: char = '\u{fffc}';

/// One page rendered to its final HTML.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub index: usize,
    pub html: String,
    pub anchors: Vec<AnchorRef>,
}

/// What every page render shares.
pub struct Shared<'a> {
    pub content: &'a Content,
    pub refs: &'a References,
    pub templates: &'a Templates,
    pub targets: &'a LinkTargets,
    pub site: &'a SiteView,
    pub order: &'a [usize],
    /// Where each page stands in `order`, by page index.
    pub order_positions: &'a [Option<usize>],
}

/// Renders page `index` through shortcodes, Markdown and its template.
pub fn render_page(shared: &Shared<'_>, index: usize) -> Result<RenderedPage, Vec<Diagnostic>> {
    let body = shared
        .content
        .body(index)
        .map_err(|problem| vec![problem])?;
    render_page_with(shared, index, &body)
}

/// Renders page `index` as [`render_page`], from `body`, its Markdown as loaded (the staged
/// build reads each body from its file as it renders the page).
pub fn render_page_with(
    shared: &Shared<'_>,
    index: usize,
    body: &str,
) -> Result<RenderedPage, Vec<Diagnostic>> {
    let page = &shared.content.pages[index];
    let base_path = shared.site.base_path.as_str();
    let found;
    let calls = match shared.refs.calls.get(index) {
        Some(calls) => calls.as_slice(),
        None => {
            found = crate::shortcodes::find(body, &page.source, page.body_line)?;
            found.as_slice()
        }
    };
    let views = Views {
        content: shared.content,
        refs: shared.refs,
        calls,
        base_path,
    };
    let body = render_body(shared, &views, index, body)?;
    let mut view = page_view(shared, index, body.html, body.toc);
    views.fill(index, &mut view, &shared.site.roles);
    let (prev, next) = neighbours(shared, index);
    let ctx = PageContext {
        site: shared.site,
        page: view,
        section: context::section_nav(shared.content, index, base_path),
        breadcrumbs: context::breadcrumbs(shared.content, index, base_path),
        prev,
        next,
    };
    let template = template_for(page, index, shared.templates);
    let mut ctx = ctx;
    let mut html = shared
        .templates
        .render(&template, &ctx, &page.source)
        .map_err(|d| vec![d])?;
    // "On this page" lists the template's own headings too; rendered again if they add any.
    let toc = page_toc::headings(&html);
    if toc != ctx.page.toc {
        ctx.page.toc = toc;
        html = shared
            .templates
            .render(&template, &ctx, &page.source)
            .map_err(|d| vec![d])?;
    }
    Ok(RenderedPage {
        index,
        html: crate::minify::html_indentation(&page_toc::add_anchors(&html)),
        anchors: body.anchors,
    })
}

/// Page `index`'s body in HTML: shortcodes rendered, the Markdown around them rendered, then
/// the shortcodes' HTML put back in place.
fn render_body(
    shared: &Shared<'_>,
    views: &Views<'_>,
    index: usize,
    markdown_body: &str,
) -> Result<markdown::Rendered, Vec<Diagnostic>> {
    let page = &shared.content.pages[index];
    let calls = views.calls;
    let origin = |first_line| Origin {
        source: &page.source,
        content_path: &page.content_path,
        page_index: index,
        first_line,
    };
    let mut body_anchors = Vec::new();
    let (body, pieces) =
        substitute_shortcodes(shared, views, (page, markdown_body), calls, |text, line| {
            let rendered = markdown::render(text, &origin(line), shared.targets)?;
            body_anchors.extend(rendered.anchors);
            Ok(rendered.html)
        })?;
    // A NUL (from a damaged paste) may not appear in HTML; CommonMark replaces it with U+FFFD.
    let body = if body.contains('\0') {
        body.replace('\0', "\u{fffd}")
    } else {
        body
    };
    let mut rendered = markdown::render(&body, &origin(page.body_line), shared.targets)?;
    rendered.anchors.extend(body_anchors);
    Ok(markdown::Rendered {
        html: restore_shortcodes(&rendered.html, &pieces),
        ..rendered
    })
}

/// What every page's template sees of page `index`, `content` being its body in HTML; the
/// parts only some kinds have are left for `Views::fill`.
fn page_view(shared: &Shared<'_>, index: usize, content: String, toc: Vec<TocEntry>) -> PageView {
    let page = &shared.content.pages[index];
    let base_path = shared.site.base_path.as_str();
    PageView {
        title: page.meta.title.clone(),
        description: page.meta.description.clone(),
        url: format!("{base_path}{}", page.url),
        permalink: format!("{}{}", shared.site.base_url, page.url),
        kind: page.kind.name(),
        is_section: page.is_section,
        is_home: index == 0,
        content,
        toc,
        tags: page
            .meta
            .tags
            .iter()
            .map(|t| tag_link(base_path, t))
            .collect(),
        source: page.meta.source.clone(),
        updated: page.last_updated().map(DateView::new),
        reviewed: page.meta.reviewed.as_deref().map(DateView::new),
        edit_url: shared.site.edit_link(&page.source),
        searchable: page.meta.searchable,
        pages: page
            .children
            .iter()
            .map(|&c| context::link_to(&shared.content.pages[c], base_path, false))
            .collect(),
        ..PageView::default()
    }
}

/// Links to the pages before and after page `index` in reading order, where there are such.
fn neighbours(shared: &Shared<'_>, index: usize) -> (Option<Link>, Option<Link>) {
    let base_path = shared.site.base_path.as_str();
    // A lookup, not a search of the order: that made the pages' neighbours cost n² at 20,000.
    let position = shared.order_positions.get(index).copied().flatten();
    let neighbour = |offset: isize| {
        let at = position? as isize + offset;
        let &i = shared.order.get(usize::try_from(at).ok()?)?;
        Some(context::link_to(&shared.content.pages[i], base_path, false))
    };
    (neighbour(-1), neighbour(1))
}

/// The template for a page: its own `template:`, else one named after its kind.
fn template_for(page: &Page, index: usize, templates: &Templates) -> String {
    if let Some(name) = &page.meta.template {
        return name.clone();
    }
    let by_kind = format!("{}.html", page.kind.name());
    match (&page.kind, index) {
        (_, 0) => "index.html".into(),
        (KindData::Page, _) if page.is_section => "section.html".into(),
        (KindData::Page, _) => "page.html".into(),
        _ if templates.has(&by_kind) => by_kind,
        _ => "page.html".into(),
    }
}

/// A link to the listing page of `tag`.
pub fn tag_link(base_path: &str, tag: &str) -> context::Link {
    context::Link {
        title: tag.to_string(),
        url: format!("{base_path}tags/{}/", crate::content::slugify(tag)),
        description: None,
        current: false,
    }
}

/// Context of a shortcode template: its arguments, plus data the built-in ones need.
#[derive(Serialize)]
struct ShortcodeContext<'a> {
    #[serde(flatten)]
    args: &'a std::collections::BTreeMap<String, crate::shortcodes::ArgValue>,
    citation: Option<crate::views::CitationView>,
    assessment: Option<AssessmentView>,

    /// The body of `{% name() %}…{% end %}`, rendered from Markdown to HTML.
    body: Option<String>,
    term: Option<crate::glossary::TermView>,
    site: &'a SiteView,
}

/// Replaces each shortcode call with a placeholder, returning the rendered pieces;
/// `render_markdown(text, first_line)` renders the body of a body-form call.
fn substitute_shortcodes(
    shared: &Shared<'_>,
    views: &Views<'_>,
    (page, markdown): (&Page, &str),
    calls: &[Call],
    mut render_markdown: impl FnMut(&str, usize) -> Result<String, Vec<Diagnostic>>,
) -> Result<(String, Vec<String>), Vec<Diagnostic>> {
    let mut body = String::with_capacity(markdown.len());
    let mut pieces = Vec::with_capacity(calls.len());
    let mut last = 0;
    for call in calls {
        let id = call.args.get("id").and_then(|v| v.as_text());
        let ctx = ShortcodeContext {
            args: &call.args,
            citation: id
                .filter(|_| call.name == "cite")
                .and_then(|id| views.citation(id)),
            assessment: id
                .filter(|_| call.name == "assessment")
                .and_then(|id| shared.refs.assessment_def(shared.content, id))
                .map(|a| views.assessment_view(a, &shared.site.roles)),
            body: match &call.body {
                Some(body) => Some(render_markdown(&body.text, body.line)?),
                None => None,
            },
            term: id
                .filter(|_| call.name == "term")
                .and_then(|id| views.term(id)),
            site: shared.site,
        };
        let html = shared
            .templates
            .render(
                &format!("shortcodes/{}.html", call.name),
                &ctx,
                &page.source,
            )
            // A problem in the page (no such template) is at the call; one in the template
            // is at the template.
            .map_err(|d| match d.path == page.source {
                true => vec![d.at(call.line, None)],
                false => vec![d],
            })?;
        body.push_str(&markdown[last..call.range.start]);
        body.push(MARK);
        body.push_str(&pieces.len().to_string());
        body.push(MARK);
        pieces.push(html.trim().to_string());
        last = call.range.end;
    }
    body.push_str(&markdown[last..]);
    Ok((body, pieces))
}

/// Puts the rendered shortcodes back; one standing alone in a paragraph replaces the paragraph.
fn restore_shortcodes(html: &str, pieces: &[String]) -> String {
    let mut out = html.to_string();
    for (n, piece) in pieces.iter().enumerate() {
        let mark = format!("{MARK}{n}{MARK}");
        let alone = format!("<p>{mark}</p>");
        out = if out.contains(&alone) {
            out.replace(&alone, piece)
        } else {
            out.replace(&mark, piece)
        };
    }
    out
}
