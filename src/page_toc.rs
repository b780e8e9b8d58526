//! "On this page" and heading anchors, from a page's rendered HTML: the level-2 and level-3
//! headings with an id inside its `<article>`, those the Markdown made and those its template
//! adds (a module's Activities, Readings, an assessment's team view), and a "#" link on each.
//!
//! Read from the final HTML rather than from the Markdown because the template's own headings
//! exist only there; the page is rendered a second time only when they change the contents.

use crate::markdown::TocEntry;
use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The headings a template shows inside the article, as a two-level table of contents. Those
/// a script moves focus to once the reader acts (`tabindex`: an assessment's "Results", a
/// register's "Add a row" editor) are left out: until then they are hidden, so a contents link
/// to them would lead nowhere.
pub fn headings(html: &str) -> Vec<TocEntry> {
    let found: RefCell<Vec<(u8, String, String)>> = RefCell::new(Vec::new());
    let selector = "article h2[id], article h3[id]";
    let skipped = Cell::new(false);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!(selector, |el| {
            skipped.set(el.get_attribute("tabindex").is_some());
            if skipped.get() {
                return Ok(());
            }
            let level = if el.tag_name() == "h2" { 2 } else { 3 };
            let id = el.get_attribute("id").unwrap_or_default();
            found.borrow_mut().push((level, id, String::new()));
            Ok(())
        }))
        .append_element_content_handler(text!(selector, |chunk| {
            if skipped.get() {
                return Ok(());
            }
            if let Some(last) = found.borrow_mut().last_mut() {
                last.2.push_str(chunk.as_str());
            }
            Ok(())
        }))
        .with_strict(false);
    // Only reading: the output is dropped. lol_html fails only when it cannot allocate, and
    // then the contents the Markdown gave stand.
    let _ = rewrite_str(html, settings);
    nest(found.into_inner())
}

/// Adds one to `depth` while element `el` is open (until its end tag), for "is this inside
/// such an element" questions. An element without an end tag (`<input hidden>`) holds nothing.
fn count_while_open(el: &mut lol_html::html_content::Element<'_, '_>, depth: &Rc<Cell<usize>>) {
    let Some(handlers) = el.end_tag_handlers() else {
        return;
    };
    depth.set(depth.get() + 1);
    let depth = depth.clone();
    let leave: lol_html::EndTagHandler<'static> = Box::new(move |_| {
        depth.set(depth.get().saturating_sub(1));
        Ok(())
    });
    handlers.push(leave);
}

/// Nests level-3 headings under the level-2 heading before them.
fn nest(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level,
            id,
            title: unescape(title.split_whitespace().collect::<Vec<_>>().join(" ")),
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if level == 3 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// Heading text as written in HTML, back to plain text (the template escapes it again).
fn unescape(text: String) -> String {
    html_escape::decode_html_entities(&text).into_owned()
}

/// Adds a link to each level-2 and level-3 heading with an id in the article, for readers to
/// copy; the CSS draws its "#", so no text of it reaches the search index. Headings inside a
/// form get none: a link between its questions would be one more Tab stop while filling it in.
/// Nor do headings a script moves focus to (`tabindex`, as an assessment's "Results"): the link
/// would be read out as part of the heading and be the next Tab stop from it.
pub fn add_anchors(html: &str) -> String {
    let forms = Rc::new(Cell::new(0usize));
    let in_form = forms.clone();
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("article form", |el| {
            count_while_open(el, &forms);
            Ok(())
        }))
        .append_element_content_handler(element!("article h2[id], article h3[id]", |el| {
            if in_form.get() > 0 || el.get_attribute("tabindex").is_some() {
                return Ok(());
            }
            let id = el
                .get_attribute("id")
                .unwrap_or_default()
                .replace('"', "&quot;");
            el.append(
                &format!(
                    r##"<a class="anchor" href="#{id}" aria-label="Link to this section"></a>"##
                ),
                ContentType::Html,
            );
            Ok(())
        }))
        .with_strict(false);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<h2 id="toc-title">On this page</h2><article><h1>Title</h1>
        <h2 id="intro">Intro &amp; “why”</h2><h3 id="detail">Detail <em>here</em></h3>
        <h3>No id</h3><h2 id="module-activities">Activities</h2><h4 id="deep">Deep</h4>
        <form><h2 id="form-title">A form</h2><h3 id="form-part">Part</h3></form><h3 id="after">After</h3>
        <h3 id="focused" tabindex="-1">Focused</h3>
        <div hidden><h3 id="editor" tabindex="-1">Add a row</h3></div><h3 id="shown">Shown</h3></article>"#;

    #[test]
    fn every_heading_with_an_id_in_the_article_nests_into_the_contents() {
        let toc = headings(PAGE);
        let titles: Vec<(&str, Vec<&str>)> = toc
            .iter()
            .map(|e| {
                let children = e.children.iter().map(|c| c.title.as_str()).collect();
                (e.title.as_str(), children)
            })
            .collect();
        assert_eq!(
            titles,
            [
                ("Intro & “why”", vec!["Detail here"]),
                ("Activities", vec![]),
                ("A form", vec!["Part", "After", "Shown"])
            ]
        );
        assert_eq!(toc[1].id, "module-activities");
    }

    #[test]
    fn anchors_go_inside_headings_of_the_article_only() {
        let html = add_anchors(PAGE);
        assert!(html.contains(r##"<h2 id="toc-title">On this page</h2>"##));
        assert!(html.contains(r##"Activities<a class="anchor" href="#module-activities""##));
        assert!(html.contains(r##"<em>here</em><a class="anchor" href="#detail""##));
        assert!(html.contains("<h3>No id</h3>"));
        assert!(html.contains(r##"After<a class="anchor" href="#after""##));
        assert!(
            html.contains(r#"<h3 id="form-part">Part</h3>"#),
            "none in a form"
        );
        assert!(
            html.contains(r#"<h3 id="focused" tabindex="-1">Focused</h3>"#),
            "none in a heading that takes focus"
        );
        assert_eq!(html.matches("class=\"anchor\"").count(), 5);
    }

    #[test]
    fn a_page_without_an_article_has_no_contents() {
        assert!(headings("<h2 id=\"a\">A</h2>").is_empty());
        assert_eq!(add_anchors("<p>plain</p>"), "<p>plain</p>");
    }
}
