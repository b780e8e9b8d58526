//! Content that could run code in a reader's browser: addresses with a script scheme
//! (`javascript:`, `vbscript:`, `data:`) and raw HTML that scripts, embeds or restyles a page.
//!
//! The policy (docs/content-format.md): raw HTML in Markdown is passed through, as Zola does,
//! because editors use it for the odd `<details>` or `<abbr>`; but a `<script>`, `<style>`,
//! `<iframe>`, `<object>`, `<embed>`, `<base>`, `<meta>` or `<link>` element, an `on…=` event
//! handler and a script-scheme address in raw HTML are errors, unless `config.yaml` says
//! `security: {allow_unsafe_html: true}`. Markdown links, images and reading URLs may never
//! use a script scheme. Raw HTML is read with lol_html, the tokenizer browsers' rules are
//! written for, so `<SCRIPT>`, `<svg><script>` and unquoted attributes are found like any other.

use lol_html::{element, rewrite_str, RewriteStrSettings};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::RefCell;

/// Elements that run code, load another document or restyle the whole page.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link",
];

/// Attributes whose value the browser follows as an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "codebase",
    "manifest",
];

/// The raw HTML of one text, gathered as its events go by. The lines of an HTML block are
/// joined, so an element written over several lines is read whole; each piece remembers where
/// in the text it was written, to report the line.
#[derive(Default)]
pub(super) struct RawHtml {
    fragments: Vec<Fragment>,
    in_block: bool,
}

#[derive(Default)]
struct Fragment {
    html: String,
    /// (offset in `html`, offset in the text) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl RawHtml {
    /// Notes `event`, written at byte `offset` of the text, if it is raw HTML or starts or
    /// ends an HTML block.
    pub(super) fn observe(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.fragments.push(Fragment::default());
                self.in_block = true;
            }
            Event::End(TagEnd::HtmlBlock) => self.in_block = false,
            Event::Html(html) | Event::InlineHtml(html) => self.push(html, offset),
            _ => {}
        }
    }

    /// Adds raw HTML written at byte `offset` of the text.
    fn push(&mut self, html: &str, offset: usize) {
        if !self.in_block || self.fragments.is_empty() {
            self.fragments.push(Fragment::default());
        }
        if let Some(fragment) = self.fragments.last_mut() {
            fragment.pieces.push((fragment.html.len(), offset));
            fragment.html.push_str(html);
        }
    }

    /// What could run code, with the text offset where each is written.
    pub(super) fn findings(&self) -> Vec<Finding> {
        self.fragments
            .iter()
            .flat_map(|fragment| {
                active_parts(&fragment.html)
                    .into_iter()
                    .map(move |finding| Finding {
                        offset: fragment.text_offset(finding.offset),
                        what: finding.what,
                    })
            })
            .collect()
    }
}

impl Fragment {
    fn text_offset(&self, html_offset: usize) -> usize {
        let at = self
            .pieces
            .partition_point(|&(start, _)| start <= html_offset);
        let (start, text_start) = self
            .pieces
            .get(at.wrapping_sub(1))
            .copied()
            .unwrap_or((0, 0));
        text_start + html_offset - start
    }
}

/// The scheme of `url` if it is one that runs code or hides a whole document in the address
/// (`javascript`, `vbscript`, `data`), read the way a browser reads it: surrounding spaces and
/// control characters dropped, tabs and newlines inside ignored, any letter case.
pub fn script_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let lower = scheme.to_ascii_lowercase();
    (is_scheme && matches!(lower.as_str(), "javascript" | "vbscript" | "data")).then_some(lower)
}

/// Something in raw HTML that could run code: what it is, and where in the HTML it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub offset: usize,
    pub what: String,
}

/// Every active element, event handler and script-scheme address in a piece of raw HTML.
pub fn active_parts(html: &str) -> Vec<Finding> {
    let found = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            let offset = el.source_location().bytes().start;
            let name = el.tag_name();
            let mut found = found.borrow_mut();
            if ACTIVE_ELEMENTS.contains(&name.as_str()) {
                found.push(Finding {
                    offset,
                    what: format!("a `<{name}>` element"),
                });
            }
            for attribute in el.attributes() {
                let attr = attribute.name();
                if attr.starts_with("on") {
                    found.push(Finding {
                        offset,
                        what: format!("an event handler (`{attr}=`) on `<{name}>`"),
                    });
                } else if URL_ATTRIBUTES.contains(&attr.as_str()) {
                    let value = decode_entities(&attribute.value());
                    if let Some(scheme) = attribute_scheme(&attr, &value) {
                        found.push(Finding {
                            offset,
                            what: format!("a `{scheme}:` address in `{attr}=` on `<{name}>`"),
                        });
                    }
                }
            }
            Ok(())
        }))
        // Raw HTML is a fragment, often unbalanced (`<div>` in one block, `</div>` in another).
        .with_strict(false);
    // Only reading; lol_html fails only when it cannot allocate, and then nothing is found.
    let _ = rewrite_str(html, settings);
    found.into_inner()
}

/// The script scheme in an attribute value; `srcset` holds several addresses.
fn attribute_scheme(attr: &str, value: &str) -> Option<String> {
    if attr == "srcset" {
        value
            .split(',')
            .find_map(|candidate| script_scheme(candidate.trim()))
    } else {
        script_scheme(value)
    }
}

/// Decodes character references as a browser does in an attribute, including numeric ones
/// written without their `;` (`&#106avascript:`), which `html_escape` leaves alone.
fn decode_entities(value: &str) -> String {
    let mut terminated = String::with_capacity(value.len() + 4);
    let mut rest = value;
    while let Some(at) = rest.find("&#") {
        terminated.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let hex = rest.starts_with(['x', 'X']);
        let digits_start = usize::from(hex);
        let digits = rest[digits_start..]
            .find(|c: char| {
                !(if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                })
            })
            .unwrap_or(rest.len() - digits_start);
        let end = digits_start + digits;
        terminated.push_str(&rest[..end]);
        rest = &rest[end..];
        if digits > 0 && !rest.starts_with(';') {
            terminated.push(';');
        }
    }
    terminated.push_str(rest);
    html_escape::decode_html_entities(&terminated).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_found_however_disguised() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "javascript://%0aalert(1)",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert!(script_scheme(url).is_some(), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:",
            "page.md",
            "../a/b.md#javascript:x",
            "mailto:someone@example.org",
            "%6Aavascript:alert(1)",
            "",
            ":",
        ] {
            assert_eq!(script_scheme(url), None, "{url:?}");
        }
    }

    #[test]
    fn entity_encoded_addresses_are_decoded_first() {
        for written in [
            "&#106;avascript:alert(1)",
            "&#106avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#x6a&#X61vascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&#x09;script:alert(1)",
        ] {
            let decoded = decode_entities(written);
            assert_eq!(
                script_scheme(&decoded).as_deref(),
                Some("javascript"),
                "{written} → {decoded}"
            );
        }
        assert_eq!(decode_entities("a &amp; b &#"), "a & b &#");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panicking(text in "(\\PC|[<>&#;:\"'=/ \t\n\u{0}-\u{1f}]){0,200}") {
            let _ = script_scheme(&text);
            let _ = decode_entities(&text);
            for finding in active_parts(&text) {
                proptest::prop_assert!(finding.offset <= text.len());
            }
            let _ = super::super::unsafe_parts_of_fragment(&text, false);
        }
    }

    #[test]
    fn active_html_is_found_and_plain_html_is_not() {
        let found = |html: &str| {
            active_parts(html)
                .into_iter()
                .map(|f| f.what)
                .collect::<Vec<_>>()
        };
        assert!(
            found("<details><summary>More</summary><abbr title=\"x\">NASW</abbr></details>")
                .is_empty()
        );
        assert!(
            found("<a href=\"https://example.org/\">x</a><img src=\"a.png\" alt=\"\">").is_empty()
        );
        assert_eq!(found("<SCRIPT>alert(1)</SCRIPT>"), ["a `<script>` element"]);
        assert_eq!(
            found("<svg><script>alert(1)</script></svg>"),
            ["a `<script>` element"]
        );
        assert_eq!(
            found("<img src=x onerror=alert(1)>"),
            ["an event handler (`onerror=`) on `<img>`"]
        );
        assert_eq!(
            found("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            ["a `javascript:` address in `href=` on `<a>`"]
        );
        assert_eq!(
            found("<iframe src=\"https://example.org/\"></iframe>").len(),
            1
        );
        assert_eq!(
            found("<img srcset=\"a.png 1x, data:image/png;base64,AA 2x\">").len(),
            1
        );
        assert_eq!(active_parts("<p>\n<b onclick=\"x\">")[0].offset, 4);
    }
}
