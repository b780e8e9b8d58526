//! Rewriting one page's `<article>` for the combined print document: ids (and every reference
//! to them) get the page's prefix, links to other pages become links inside the document that
//! print as the page they point to, and what has no place on paper is dropped.

use lol_html::errors::RewritingError;
use lol_html::html_content::Element;
use lol_html::{doc_comments, element, rewrite_str, text, HandlerResult, RewriteStrSettings};
use std::cell::RefCell;
use std::collections::HashMap;

/// Attributes whose value is one id.
const ID_ATTRIBUTES: &[&str] = &["id", "for", "form", "list"];
/// Attributes whose value is a space-separated list of ids.
const ID_LIST_ATTRIBUTES: &[&str] = &[
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "headers",
];
/// Elements that never print: behaviour, controls and embedded stylesheets (moved to the head).
const DROPPED_ELEMENTS: &[&str] = &["script", "button", "link", "template", "noscript"];
/// Classes of elements that are site navigation rather than content: tag chips, the page's
/// folded contents and its heading anchors (the printed document has its own contents).
const DROPPED_CLASSES: &[&str] = &["chips", "toc-inline", "anchor"];

/// A page's place in the printed document.
pub(super) struct Target<'a> {
    pub(super) prefix: String,
    pub(super) title: &'a str,
}

/// Rewrites one page's article for the combined document.
pub(super) struct Rewriter<'a> {
    pub(super) prefix: &'a str,
    pub(super) base: &'a str,
    pub(super) targets: &'a HashMap<String, Target<'a>>,
}

impl Rewriter<'_> {
    /// The article rewritten. Tags the handlers leave alone are copied as written; comments go.
    pub(super) fn article(&self, html: &str) -> Result<String, RewritingError> {
        // A start tag is written before its text is read, so the texts come from a first pass.
        let mut texts = link_texts(html)?.into_iter();
        let text = RefCell::new(String::new());
        let mut first_article = true;
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("a[href]", |_| {
                *text.borrow_mut() = texts.next().unwrap_or_default();
                Ok(())
            }))
            .append_element_content_handler(element!("*", |el| {
                if first_article && el.tag_name() == "article" {
                    first_article = false;
                    self.article_tag(el)
                } else if is_dropped(el) {
                    el.remove();
                    Ok(())
                } else {
                    self.rewrite(el, &text.borrow())
                }
            }))
            .append_document_content_handler(doc_comments!(|comment| {
                comment.remove();
                Ok(())
            }))
            // Strict mode refuses the rare markup it cannot place without a DOM (`<select><xmp>`);
            // authors' raw HTML may hold such things, and a best guess prints better than no page.
            .with_strict(false);
        rewrite_str(html, settings)
    }

    /// The page's own `<article>`: its id is the page's anchor, search markers go.
    fn article_tag(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let class = el.get_attribute("class").unwrap_or_else(|| "page".into());
        let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
        for name in &names {
            el.remove_attribute(name);
        }
        el.set_attribute("class", &format!("print-page {class}"))?;
        el.set_attribute("id", self.prefix)?;
        Ok(())
    }

    /// Prefixes ids and references to them, and points links into the document. Values are
    /// read and set as written in the source, entities and all: lol_html escapes only `"`.
    /// `link_text`: the text of the link `el` is, or is inside (for an `a` only).
    fn rewrite(&self, el: &mut Element<'_, '_>, link_text: &str) -> HandlerResult {
        let attrs: Vec<(String, String)> = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        let mut print_title = None;
        // A value-less attribute reads as "" and refers to nothing, so it is left as written.
        for (name, text) in attrs.iter().filter(|(_, text)| !text.is_empty()) {
            if ID_ATTRIBUTES.contains(&name.as_str()) {
                el.set_attribute(name, &format!("{}-{text}", self.prefix))?;
            } else if ID_LIST_ATTRIBUTES.contains(&name.as_str()) {
                let ids: Vec<String> = text
                    .split_whitespace()
                    .map(|id| format!("{}-{id}", self.prefix))
                    .collect();
                el.set_attribute(name, &ids.join(" "))?;
            } else if name == "href" {
                if let Some((href, title)) = self.link(text) {
                    el.set_attribute(name, &href)?;
                    print_title = title;
                }
            }
        }
        // "(see …)" only where the link's own words do not already name the page.
        let print_title =
            print_title.filter(|title| el.tag_name() != "a" || !names(link_text, title));
        if let Some(title) = print_title {
            el.set_attribute(
                "data-print-title",
                &html_escape::encode_double_quoted_attribute(title),
            )?;
        }
        Ok(())
    }

    /// The in-document link for `href`, with the title of the page it points to when that is
    /// another page; `None` when `href` leaves the document.
    fn link(&self, href: &str) -> Option<(String, Option<&str>)> {
        if let Some(fragment) = href.strip_prefix('#') {
            return (!fragment.is_empty()).then(|| (format!("#{}-{fragment}", self.prefix), None));
        }
        // Compare the URL as the browser reads it (`&amp;` in a query is `&`).
        let href = html_escape::decode_html_entities(href);
        if !href.starts_with(self.base) {
            return None;
        }
        let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
        let path = path.split('?').next().unwrap_or(path);
        let target = self.targets.get(path)?;
        let anchor = if fragment.is_empty() {
            target.prefix.clone()
        } else {
            format!(
                "{}-{}",
                target.prefix,
                html_escape::encode_double_quoted_attribute(fragment)
            )
        };
        let title = (target.prefix != self.prefix).then_some(target.title);
        Some((format!("#{anchor}"), title))
    }
}

/// The text of each `<a href>` in `html`, in document order.
fn link_texts(html: &str) -> Result<Vec<String>, RewritingError> {
    let texts = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href]", |_| {
            texts.borrow_mut().push(String::new());
            Ok(())
        }))
        .append_element_content_handler(text!("a[href]", |chunk| {
            if let Some(last) = texts.borrow_mut().last_mut() {
                last.push_str(chunk.as_str());
            }
            Ok(())
        }))
        .with_strict(false);
    rewrite_str(html, settings)?;
    Ok(texts.into_inner())
}

/// Whether a link's text (as written in HTML) names the page titled `title`: it holds the
/// whole title, ignoring case, punctuation, quotes and spacing ("the field guide" names
/// "Field guide"; "module one" does not name "Module One: Meeting partners").
fn names(link_text: &str, title: &str) -> bool {
    let title = normalised(title);
    !title.is_empty()
        && format!(
            " {} ",
            normalised(&html_escape::decode_html_entities(link_text))
        )
        .contains(&format!(" {title} "))
}

/// Lowercase words separated by single spaces, every other character a separator.
fn normalised(text: &str) -> String {
    let words: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect();
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_dropped(el: &Element<'_, '_>) -> bool {
    DROPPED_ELEMENTS.contains(&el.tag_name().as_str())
        || el.has_attribute("hidden")
        || el.get_attribute("class").is_some_and(|class| {
            class
                .split_whitespace()
                .any(|c| DROPPED_CLASSES.contains(&c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str) -> String {
        let mut targets = HashMap::new();
        targets.insert(
            "/t/a/".to_string(),
            Target {
                prefix: "p1".into(),
                title: "Page A",
            },
        );
        targets.insert(
            "/t/b/".to_string(),
            Target {
                prefix: "p2".into(),
                title: "Page \"B\"",
            },
        );
        Rewriter {
            prefix: "p1",
            base: "/t/",
            targets: &targets,
        }
        .article(html)
        .unwrap()
    }

    #[test]
    fn ids_and_references_get_the_page_prefix() {
        let html = r##"<article class="page" data-pagefind-body><h2 id="x">X</h2><label for="f">F</label><input id="f"><form aria-labelledby="x f"></form><a href="#x">up</a></article>"##;
        assert_eq!(
            rewrite(html),
            r##"<article class="print-page page" id="p1"><h2 id="p1-x">X</h2><label for="p1-f">F</label><input id="p1-f"><form aria-labelledby="p1-x p1-f"></form><a href="#p1-x">up</a></article>"##
        );
    }

    #[test]
    fn links_between_pages_stay_in_the_document() {
        let html = r##"<p><a href="/t/b/#part">B</a> <a href="/t/a/">A</a> <a href="/t/tags/x/">tag</a> <a href="https://x.org/">out</a></p>"##;
        assert_eq!(
            rewrite(html),
            r##"<p><a href="#p2-part" data-print-title="Page &quot;B&quot;">B</a> <a href="#p1">A</a> <a href="/t/tags/x/">tag</a> <a href="https://x.org/">out</a></p>"##
        );
    }

    #[test]
    fn a_link_that_names_its_page_gets_no_print_title() {
        let html = r##"<p><a href="/t/b/">the <em>page</em> &ldquo;B&rdquo;</a> <a href="/t/b/">see this</a></p>"##;
        assert_eq!(
            rewrite(html),
            r##"<p><a href="#p2">the <em>page</em> &ldquo;B&rdquo;</a> <a href="#p2" data-print-title="Page &quot;B&quot;">see this</a></p>"##
        );
        assert!(names("Field guide", "Field guide"));
        assert!(!names("module one", "Module One: Meeting partners"));
        assert!(!names("guidebook", "guide"));
    }

    #[test]
    fn behaviour_and_hidden_controls_are_dropped() {
        let html = r##"<div><script type="application/json">{"a": "<b>"}</script><div hidden><div><button>x</button></div></div><p>kept</p><input type="checkbox" hidden><ul class="chips"><li>t</li></ul><button type="button">Print</button></div>"##;
        assert_eq!(rewrite(html), "<div><p>kept</p></div>");
    }

    /// The hand-written reader this replaced found a dropped element's end by searching for
    /// `</name`: each of these swallowed the rest of the article or left part of the element.
    #[test]
    fn dropped_elements_end_where_the_browser_ends_them() {
        for dropped in [
            r#"<script>document.write("<script>")</script>"#,
            "<div hidden><div-x>a</div-x>b</div>",
            "<div hidden><!-- <div> --></div>",
            "<DIV HIDDEN>x</DIV>",
        ] {
            let html = format!(r#"<div>{dropped}<p id="a">kept</p></div>"#);
            assert_eq!(
                rewrite(&html),
                r#"<div><p id="p1-a">kept</p></div>"#,
                "{dropped}"
            );
        }
    }
}
