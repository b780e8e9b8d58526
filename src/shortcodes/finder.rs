//! The search for shortcode calls in one page body: `{{ … }}` and `{% … %}…{% end %}` tags
//! outside code, where code is what pulldown-cmark's parse of the body says it is.

use super::{args, Call, CallBody};
use crate::diagnostics::{line_col, Diagnostic};
use std::ops::Range;
use std::path::Path;

const HINT: &str = r#"write shortcodes like {{ cite(id="nasw-2018-code") }}"#;

/// The byte ranges of `body` that pulldown-cmark reads as code, in order.
pub(super) fn code_ranges(body: &str) -> Vec<Range<usize>> {
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
pub(super) struct Finder<'a> {
    pub body: &'a str,
    pub path: &'a Path,
    pub first_line: usize,
    pub code: Vec<Range<usize>>,
    pub calls: Vec<Call>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Finder<'a> {
    /// The code range holding byte `at`, if any.
    fn code_at(&self, at: usize) -> Option<&Range<usize>> {
        let after = self.code.partition_point(|r| r.end <= at);
        self.code.get(after).filter(|r| r.start <= at)
    }

    /// The next `{{` or `{%` at or after `from` that is not in code.
    pub fn next_tag(&self, mut from: usize) -> Option<usize> {
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
    pub fn inline_call(&mut self, start: usize) -> usize {
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
    pub fn body_call(&mut self, start: usize) -> usize {
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
