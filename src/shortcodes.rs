//! Shortcodes: `{{ name(key="value", n=3) }}` calls inside Markdown, Zola style.
//!
//! This module only finds and parses calls (skipping fenced and inline code); the Markdown
//! stage renders each through the theme template `shortcodes/NAME.html`.

use crate::diagnostics::Diagnostic;
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
    /// Byte range of the whole `{{ ... }}` in the body.
    pub range: Range<usize>,
    /// 1-based line in the file.
    pub line: usize,
}

/// Every shortcode call in `body` (whose first line is file line `first_line`).
pub fn find(body: &str, path: &Path, first_line: usize) -> Result<Vec<Call>, Vec<Diagnostic>> {
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let mut offset = 0;
    let mut fence: Option<&str> = None;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => scan_line(
                line,
                offset,
                first_line + index,
                path,
                &mut calls,
                &mut problems,
            ),
            _ => {}
        }
        offset += line.len();
    }
    if problems.is_empty() {
        Ok(calls)
    } else {
        Err(problems)
    }
}

fn scan_line(
    line: &str,
    offset: usize,
    line_no: usize,
    path: &Path,
    calls: &mut Vec<Call>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut in_code = false;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b'`' {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if !in_code && line[i..].starts_with("{{") {
            if let Some(end) = line[i..].find("}}") {
                let inner = &line[i + 2..i + end];
                let col = line[..i].chars().count() + 1;
                match parse_call(inner) {
                    Ok((name, args)) => calls.push(Call {
                        name,
                        args,
                        range: offset + i..offset + i + end + 2,
                        line: line_no,
                    }),
                    Err(message) => problems.push(
                        Diagnostic::error(
                            path,
                            format!("cannot read the shortcode `{{{{{inner}}}}}`: {message}"),
                        )
                        .at(line_no, Some(col))
                        .hint(r#"write shortcodes like {{ cite(id="nasw-2018-code") }}"#),
                    ),
                }
                i += end + 2;
                continue;
            }
        }
        i += 1;
    }
}

/// Parses `name(key="value", n=3, flag=true)`.
fn parse_call(inner: &str) -> Result<(String, BTreeMap<String, ArgValue>), String> {
    let inner = inner.trim();
    let open = inner.find('(').ok_or("missing `(`")?;
    let name = inner[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!("`{name}` is not a shortcode name"));
    }
    let rest = inner[open + 1..]
        .strip_suffix(')')
        .ok_or("missing `)` at the end")?;
    let mut args = BTreeMap::new();
    let mut chars = rest.trim();
    while !chars.is_empty() {
        let eq = chars.find('=').ok_or("each argument needs `key=value`")?;
        let key = chars[..eq].trim().to_string();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{key}` is not an argument name"));
        }
        let (value, after) = parse_value(chars[eq + 1..].trim_start())?;
        if args.insert(key.clone(), value).is_some() {
            return Err(format!("the argument `{key}` is given twice"));
        }
        chars = after.trim_start();
        chars = match chars.strip_prefix(',') {
            Some(next) => next.trim_start(),
            None if chars.is_empty() => chars,
            None => return Err("separate arguments with commas".into()),
        };
    }
    Ok((name.to_string(), args))
}

fn parse_value(text: &str) -> Result<(ArgValue, &str), String> {
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &text[1..];
        let end = body
            .find(quote)
            .ok_or("a text value is missing its closing quote")?;
        return Ok((ArgValue::Text(body[..end].to_string()), &body[end + 1..]));
    }
    let end = text.find(',').unwrap_or(text.len());
    let word = text[..end].trim();
    let value = match word {
        "true" => ArgValue::Bool(true),
        "false" => ArgValue::Bool(false),
        _ => ArgValue::Number(
            word.parse()
                .map_err(|_| format!("`{word}` is not a quoted text, a number, true or false"))?,
        ),
    };
    Ok((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(errors[0].message.contains("nope"), "{}", errors[0].message);
    }
}
