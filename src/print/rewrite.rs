//! Rewriting one page's `<article>` for the combined print document: ids (and every reference
//! to them) get the page's prefix, links to other pages become links inside the document that
//! print as the page they point to, and what has no place on paper is dropped.

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
/// Classes of elements that are site navigation rather than content.
const DROPPED_CLASSES: &[&str] = &["chips"];
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

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
    pub(super) fn article(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut at = 0;
        let mut first_tag = true;
        while let Some(offset) = html[at..].find('<') {
            let start = at + offset;
            out.push_str(&html[at..start]);
            let rest = &html[start..];
            if rest.starts_with("<!--") {
                at = start + rest.find("-->").map_or(rest.len(), |end| end + 3);
                continue;
            }
            let Some(mut tag) = Tag::parse(rest) else {
                out.push('<');
                at = start + 1;
                continue;
            };
            if tag.is_end || tag.name.is_empty() {
                out.push_str(&rest[..tag.len]);
                at = start + tag.len;
            } else if first_tag && tag.name == "article" {
                first_tag = false;
                out.push_str(&self.article_tag(&tag));
                at = start + tag.len;
            } else if is_dropped(&tag) {
                at = start + element_len(rest, &tag);
            } else {
                self.rewrite(&mut tag);
                out.push_str(&tag.to_html());
                at = start + tag.len;
            }
        }
        out.push_str(&html[at..]);
        out
    }

    /// The page's own `<article>`: its id is the page's anchor, search markers go.
    fn article_tag(&self, tag: &Tag) -> String {
        let class = tag.attr("class").unwrap_or("page");
        format!(
            "<article class=\"print-page {class}\" id=\"{}\">",
            self.prefix
        )
    }

    fn rewrite(&self, tag: &mut Tag) {
        let mut print_title = None;
        for (name, value) in &mut tag.attrs {
            let Some(text) = value.as_mut() else { continue };
            if ID_ATTRIBUTES.contains(&name.as_str()) {
                *text = format!("{}-{text}", self.prefix);
            } else if ID_LIST_ATTRIBUTES.contains(&name.as_str()) {
                *text = text
                    .split_whitespace()
                    .map(|id| format!("{}-{id}", self.prefix))
                    .collect::<Vec<_>>()
                    .join(" ");
            } else if name == "href" {
                if let Some((href, title)) = self.link(text) {
                    *text = href;
                    print_title = title;
                }
            }
        }
        if let Some(title) = print_title {
            tag.attrs
                .push(("data-print-title".into(), Some(escape_attribute(title))));
        }
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
            format!("{}-{}", target.prefix, escape_attribute(fragment))
        };
        let title = (target.prefix != self.prefix).then_some(target.title);
        Some((format!("#{anchor}"), title))
    }
}

fn is_dropped(tag: &Tag) -> bool {
    DROPPED_ELEMENTS.contains(&tag.name.as_str())
        || tag.attrs.iter().any(|(name, _)| name == "hidden")
        || tag.attr("class").is_some_and(|class| {
            class
                .split_whitespace()
                .any(|c| DROPPED_CLASSES.contains(&c))
        })
}

/// The length of the element starting with `tag` at the start of `html`, end tag included.
fn element_len(html: &str, tag: &Tag) -> usize {
    if VOID_ELEMENTS.contains(&tag.name.as_str()) || tag.self_closing {
        return tag.len;
    }
    let open = format!("<{}", tag.name);
    let close = format!("</{}", tag.name);
    let mut depth = 1;
    let mut at = tag.len;
    while depth > 0 {
        let next_open = html[at..].find(&open).filter(|&i| {
            html[at + i + open.len()..]
                .starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        });
        let Some(next_close) = html[at..].find(&close) else {
            return html.len();
        };
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at += o + open.len();
            }
            _ => {
                depth -= 1;
                at += next_close + close.len();
            }
        }
    }
    at + html[at..].find('>').map_or(0, |i| i + 1)
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A start or end tag as written: its name, its attributes (values kept as escaped in the
/// source) and its length in the source.
#[derive(Debug)]
pub(super) struct Tag {
    name: String,
    attrs: Vec<(String, Option<String>)>,
    is_end: bool,
    self_closing: bool,
    pub(super) len: usize,
}

impl Tag {
    /// Parses the tag at the start of `html` (which starts with `<`); `None` if it is not one.
    pub(super) fn parse(html: &str) -> Option<Tag> {
        let bytes = html.as_bytes();
        let is_end = bytes.get(1) == Some(&b'/');
        let mut at = if is_end { 2 } else { 1 };
        let name_len = html[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(0);
        if name_len == 0 && !is_end {
            return None;
        }
        let name = html[at..at + name_len].to_ascii_lowercase();
        at += name_len;
        let mut tag = Tag {
            name,
            attrs: Vec::new(),
            is_end,
            self_closing: false,
            len: 0,
        };
        loop {
            at += html[at..].find(|c: char| !c.is_whitespace())?;
            match bytes[at] {
                b'>' => break,
                b'/' => {
                    tag.self_closing = true;
                    at += 1;
                    continue;
                }
                _ => {}
            }
            let attr_len = html[at..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(html.len() - at);
            let attr = html[at..at + attr_len].to_ascii_lowercase();
            at += attr_len;
            let value = if html[at..].starts_with('=') {
                at += 1;
                let (value, used) = attribute_value(&html[at..])?;
                at += used;
                Some(value)
            } else {
                None
            };
            tag.attrs.push((attr, value));
        }
        tag.len = at + 1;
        Some(tag)
    }

    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn to_html(&self) -> String {
        let mut html = format!("<{}", self.name);
        for (name, value) in &self.attrs {
            match value {
                Some(v) => html.push_str(&format!(" {name}=\"{}\"", v.replace('"', "&quot;"))),
                None => html.push_str(&format!(" {name}")),
            }
        }
        html.push_str(if self.self_closing { " />" } else { ">" });
        html
    }
}

/// An attribute value (quoted or not) at the start of `text`, and how many bytes it used.
fn attribute_value(text: &str) -> Option<(String, usize)> {
    match text.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = text[1..].find(quote)?;
            Some((text[1..1 + end].to_string(), end + 2))
        }
        _ => {
            let end = text
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(text.len());
            Some((text[..end].to_string(), end))
        }
    }
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
    fn behaviour_and_hidden_controls_are_dropped() {
        let html = r##"<div><script type="application/json">{"a": "<b>"}</script><div hidden><div><button>x</button></div></div><p>kept</p><input type="checkbox" hidden><ul class="chips"><li>t</li></ul><button type="button">Print</button></div>"##;
        assert_eq!(rewrite(html), "<div><p>kept</p></div>");
    }
}
