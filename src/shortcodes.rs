//! Shortcodes: `{{ name(key="value", n=3) }}` calls inside Markdown, and the body form
//! `{% name(args) %}…{% end %}`, Zola style.
//!
//! This module only finds and parses calls; the Markdown stage renders each through the theme
//! template `shortcodes/NAME.html`. Where code is (inline code spans, fenced and indented code
//! blocks) comes from pulldown-cmark's own parse of the body, so a shortcode shown as an example
//! in code is never run, and no hand-written Markdown scanner can disagree with the renderer.

mod args;
mod finder;

use crate::diagnostics::Diagnostic;
use finder::{code_ranges, Finder};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// A shortcode argument value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl ArgValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ArgValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// One shortcode call found in a page body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// Byte range of the whole call in the body: `{{ … }}`, or `{% … %}` to `{% end %}`.
    pub range: Range<usize>,
    /// 1-based line in the file.
    pub line: usize,
    /// The Markdown between `{% name(…) %}` and `{% end %}`, for the body form.
    pub body: Option<CallBody>,
}

/// The text a body-form shortcode wraps.
#[derive(Debug, Clone, PartialEq)]
pub struct CallBody {
    pub text: String,
    /// 1-based file line of the text's first line.
    pub line: usize,
}

/// Every shortcode call in `body` (whose first line is file line `first_line`).
pub fn find(body: &str, path: &Path, first_line: usize) -> Result<Vec<Call>, Vec<Diagnostic>> {
    let mut finder = Finder {
        body,
        path,
        first_line,
        code: code_ranges(body),
        calls: Vec::new(),
        problems: Vec::new(),
    };
    let mut cursor = 0;
    while let Some(start) = finder.next_tag(cursor) {
        cursor = if body[start..].starts_with("{{") {
            finder.inline_call(start)
        } else {
            finder.body_call(start)
        };
    }
    if finder.problems.is_empty() {
        Ok(finder.calls)
    } else {
        Err(finder.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(body: &str) -> Vec<Call> {
        find(body, Path::new("a.md"), 1).unwrap()
    }

    fn errors(body: &str) -> Vec<Diagnostic> {
        find(body, Path::new("a.md"), 1).unwrap_err()
    }

    #[test]
    fn finds_calls_with_lines_and_skips_code() {
        let body = "Text {{ cite(id=\"a\", page=\"p. 2\") }}\n```\n{{ cite(id=\"no\") }}\n```\n`{{ x() }}` {{ box(n=3, open=true) }}\n";
        let calls = find(body, Path::new("a.md"), 5).unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "cite");
        assert_eq!(calls[0].line, 5);
        assert_eq!(calls[0].args["page"], ArgValue::Text("p. 2".into()));
        assert_eq!(calls[1].line, 9);
        assert_eq!(calls[1].args["n"], ArgValue::Number(3.0));
        assert_eq!(
            &body[calls[0].range.clone()],
            "{{ cite(id=\"a\", page=\"p. 2\") }}"
        );
    }

    #[test]
    fn bad_argument_is_located() {
        let errors = find("\n\nSee {{ cite(id=nope) }}\n", Path::new("a.md"), 4).unwrap_err();
        assert_eq!(errors[0].line, Some(6));
        assert_eq!(errors[0].col, Some(5));
        assert!(errors[0].message.contains("nope"), "{}", errors[0].message);
    }

    #[test]
    fn any_unicode_around_and_inside_calls() {
        let body =
            "Café “quoted” — ‘x’ – 👩‍👩‍👧 مرحبا 你好 नमस्ते {{ box(title=\"Été — “ok” 🎉\") }} fin\n";
        let found = calls(body);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].args["title"],
            ArgValue::Text("Été — “ok” 🎉".into())
        );
        assert_eq!(
            &body[found[0].range.clone()],
            "{{ box(title=\"Été — “ok” 🎉\") }}"
        );
    }

    #[test]
    fn column_counts_characters_not_bytes() {
        let errors = errors("é😀 {{ cite(id=1 }}\n");
        assert_eq!((errors[0].line, errors[0].col), (Some(1), Some(4)));
    }

    #[test]
    fn indented_and_tilde_code_blocks_and_double_backtick_spans_are_skipped() {
        let body = "Para.\n\n    {{ cite(id=\"no\") }}\n\n~~~\n{{ cite(id=\"no\") }}\n~~~\n\n``a ` {{ cite(id=\"no\") }}``\n";
        assert!(calls(body).is_empty());
    }

    #[test]
    fn unclosed_call_is_an_error_at_its_column() {
        let found = errors("One.\nSee {{ cite(id=\"nasw\"\nmore }}\n");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].col), (Some(2), Some(5)));
        assert!(
            found[0].message.contains("not closed"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn braces_that_are_not_calls_are_left_as_text() {
        assert!(calls("Set {{ in the text, and { % }.\n").is_empty());
    }

    #[test]
    fn body_form_wraps_markdown_until_end() {
        let body = "Intro\n\n{% note(kind=\"tip\") %}\nCafé *au lait*.\n{% end %}\n\nAfter {{ cite(id=\"a\") }}\n";
        let found = calls(body);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "note");
        assert_eq!(found[0].line, 3);
        let inner = found[0].body.as_ref().unwrap();
        assert_eq!(inner.text, "Café *au lait*.");
        assert_eq!(inner.line, 4);
        assert_eq!(
            &body[found[0].range.clone()],
            "{% note(kind=\"tip\") %}\nCafé *au lait*.\n{% end %}"
        );
        assert_eq!(found[1].line, 7);
    }

    #[test]
    fn body_form_problems_are_located() {
        let missing_end = errors("\n{% note() %}\ntext\n");
        assert_eq!(missing_end[0].line, Some(2));
        assert!(missing_end[0].message.contains("no `{% end %}`"));
        let stray = errors("text\n{% end %}\n");
        assert!(stray[0].message.contains("closes no shortcode"));
        let nested = errors("{% a() %}\n{% b() %}\nx\n{% end %}\n");
        assert_eq!(nested[0].line, Some(2));
        assert!(nested[0].message.contains("inside another"));
    }

    #[test]
    fn an_end_in_code_does_not_close_a_body() {
        let body = "{% note() %}\n`{% end %}`\n{% end %}\n";
        let found = calls(body);
        assert_eq!(found[0].body.as_ref().unwrap().text, "`{% end %}`");
    }

    #[test]
    fn crlf_bodies_keep_lines() {
        let found = calls("a\r\n\r\n{% note() %}\r\nx\r\n{% end %}\r\n{{ b() }}\r\n");
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].body.as_ref().unwrap().text, "x");
        assert_eq!(found[1].line, 6);
    }
}
