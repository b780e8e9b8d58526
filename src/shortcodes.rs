//! Shortcodes: `{{ name(key="value", n=3) }}` calls inside Markdown, and the body form
//! `{% name(args) %}…{% end %}`, Zola style.
//!
//! This module only finds and parses calls; the Markdown stage renders each through the theme
//! template `shortcodes/NAME.html`. Where code is (inline code spans, fenced and indented code
//! blocks) comes from pulldown-cmark's own parse of the body, so a shortcode shown as an example
//! in code is never run, and no hand-written Markdown scanner can disagree with the renderer.

mod args;

use crate::diagnostics::{line_col, Diagnostic};
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

const HINT: &str = r#"write shortcodes on one line, like {{ cite(id="nasw-2018-code") }}"#;

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

/// The byte ranges of `body` that pulldown-cmark reads as code, in order.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let is_code = matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_)));
        // Text inside a code block lies within the block's own range, already recorded.
        if is_code && ranges.last().is_none_or(|last| range.start >= last.end) {
            ranges.push(range);
        }
    }
    ranges
}

/// The state of one search through a body.
struct Finder<'a> {
    body: &'a str,
    path: &'a Path,
    first_line: usize,
    code: Vec<Range<usize>>,
    calls: Vec<Call>,
    problems: Vec<Diagnostic>,
}

impl<'a> Finder<'a> {
    /// The code range holding byte `at`, if any.
    fn code_at(&self, at: usize) -> Option<&Range<usize>> {
        let after = self.code.partition_point(|r| r.end <= at);
        self.code.get(after).filter(|r| r.start <= at)
    }

    /// The next `{{` or `{%` at or after `from` that is not in code.
    fn next_tag(&self, mut from: usize) -> Option<usize> {
        loop {
            let at = from + self.body.get(from..)?.find('{')?;
            if let Some(code) = self.code_at(at) {
                from = code.end;
            } else if self.body[at + 1..].starts_with(['{', '%']) {
                return Some(at);
            } else {
                from = at + 1;
            }
        }
    }

    /// Where the text a tag at `start` may close in ends: its line's end, or the next code.
    fn segment_end(&self, start: usize) -> usize {
        let line_end = self.body[start..]
            .find('\n')
            .map_or(self.body.len(), |i| start + i);
        let next_code = self.code.iter().map(|r| r.start).find(|&s| s > start);
        next_code.map_or(line_end, |s| s.min(line_end))
    }

    /// The tag at `start`, `{{`/`}}` or `{%`/`%}`: its inside and where it ends, if closed.
    fn tag(&self, start: usize, close: &str) -> Option<(&'a str, usize)> {
        let end = self.segment_end(start);
        let inner_start = start + 2;
        let close_at = self.body[inner_start..end].find(close)? + inner_start;
        Some((&self.body[inner_start..close_at], close_at + 2))
    }

    /// Handles `{{ … }}` at `start`; returns where to search on.
    fn inline_call(&mut self, start: usize) -> usize {
        let Some((inner, end)) = self.tag(start, "}}") else {
            self.unclosed(start, "}}");
            return start + 2;
        };
        if let Some((name, args)) = self.parsed(inner, start, "{{", "}}") {
            let line = self.line(start);
            self.calls.push(Call {
                name,
                args,
                range: start..end,
                line,
                body: None,
            });
        }
        end
    }

    /// Handles `{% … %}` at `start`, up to its `{% end %}`; returns where to search on.
    fn body_call(&mut self, start: usize) -> usize {
        let Some((inner, open_end)) = self.tag(start, "%}") else {
            self.unclosed(start, "%}");
            return start + 2;
        };
        if inner.trim() == "end" {
            self.problem(
                start,
                "this `{% end %}` closes no shortcode".into(),
                "remove it, or open a shortcode with a body before it, like {% note() %}",
            );
            return open_end;
        }
        let Some((name, args)) = self.parsed(inner, start, "{%", "%}") else {
            return open_end;
        };
        let Some((end_start, end)) = self.end_tag(open_end) else {
            self.problem(
                start,
                format!("the shortcode `{name}` has no `{{% end %}}`"),
                "close it with {% end %} on a line after its text",
            );
            return open_end;
        };
        let text = self.body[open_end..end_start].to_string();
        let text_line = self.line(open_end) + usize::from(text.starts_with(['\n', '\r']));
        let call = Call {
            name,
            args,
            range: start..end,
            line: self.line(start),
            body: Some(CallBody {
                text: trim_one_newline(&text).to_string(),
                line: text_line,
            }),
        };
        self.calls.push(call);
        end
    }

    /// The `{% end %}` after `from` (its start and end). A shortcode opened before it is
    /// reported: shortcodes do not nest.
    fn end_tag(&mut self, from: usize) -> Option<(usize, usize)> {
        let mut cursor = from;
        while let Some(at) = self.next_tag(cursor) {
            let is_block = self.body[at + 1..].starts_with('%');
            let closed = self.tag(at, if is_block { "%}" } else { "}}" });
            match closed {
                Some((inner, end)) if is_block && inner.trim() == "end" => return Some((at, end)),
                _ if args::looks_like_call(&self.body[at + 2..]) => self.problem(
                    at,
                    "a shortcode cannot be inside another shortcode's body".into(),
                    "close the first one with {% end %} before this one",
                ),
                _ => {}
            }
            cursor = closed.map_or(at + 2, |(_, end)| end);
        }
        None
    }

    /// The name and arguments of the tag at `start` with inside `inner`, or a reported problem.
    fn parsed(
        &mut self,
        inner: &str,
        start: usize,
        open: &str,
        close: &str,
    ) -> Option<args::Parsed> {
        match args::parse_call(inner) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                let shown = format!("{open}{inner}{close}");
                self.problem(
                    start,
                    format!("cannot read the shortcode `{shown}`: {message}"),
                    HINT,
                );
                None
            }
        }
    }

    /// A call opened at `start` whose `close` is missing on its line.
    fn unclosed(&mut self, start: usize, close: &str) {
        let rest = &self.body[start + 2..self.segment_end(start)];
        if !args::looks_like_call(rest) {
            return;
        }
        let opened = &self.body[start..start + 2];
        self.problem(
            start,
            format!("this shortcode is not closed: `{opened}` has no `{close}` on its line"),
            format!("end it with `{close}` on the same line, or put it in `backticks` to show it as text"),
        );
    }

    /// Records an error at byte `at` of the body.
    fn problem(&mut self, at: usize, message: String, hint: impl Into<String>) {
        let (line, col) = line_col(self.body, at);
        self.problems.push(
            Diagnostic::error(self.path, message)
                .at(self.first_line + line - 1, Some(col))
                .hint(hint),
        );
    }

    /// The file line of byte `at`.
    fn line(&self, at: usize) -> usize {
        self.first_line + self.body[..at].matches('\n').count()
    }
}

/// `text` without one newline at its start and end (those of the lines the tags stand on).
fn trim_one_newline(text: &str) -> &str {
    let text = text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
        .unwrap_or(text);
    text.strip_suffix('\n')
        .map_or(text, |t| t.strip_suffix('\r').unwrap_or(t))
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
