//! YAML parsing that reports errors at the right line of the right file.
//!
//! Front matter sits a few lines into a Markdown file, so every parse takes the line the YAML
//! starts on and adds it to the parser's own location. Serde's "unknown field" errors are
//! rewritten to suggest the closest valid field, because a typo is the usual cause.

use crate::diagnostics::{closest, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML document lives: its file and the 1-based line of its first line.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub first_line: usize,
}

/// Parses `text` as `T`, turning any failure into a located diagnostic.
pub fn parse<T: DeserializeOwned>(text: &str, source: Source<'_>) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(&err, source))
}

fn to_diagnostic(err: &serde_yaml::Error, source: Source<'_>) -> Diagnostic {
    let message = err.to_string();
    if let Some(diagnostic) = syntax_error_with_context(&message, source) {
        return diagnostic;
    }
    // serde_yaml appends " at line L column C" to its message; we print our own location.
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    // serde_yaml prefixes errors inside nested values with their path, `sections[0].id: ...`.
    let (field_path, message) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (Some(path.to_string()), rest.to_string()),
        _ => (None, message),
    };
    let described = match &field_path {
        Some(path) => format!("in `{path}`: {}", describe(&message)),
        None => describe(&message),
    };
    let mut diagnostic = Diagnostic::error(source.path, described);
    if let Some(location) = err.location() {
        diagnostic = diagnostic.at(
            source.first_line + location.line() - 1,
            Some(location.column()),
        );
    }
    diagnostic.hint(hint_for(&message))
}

/// A syntax error that names the construct it happened in: "found unexpected end of stream at
/// line 4 column 1, while scanning a quoted scalar at line 2 column 14". The parser notices the
/// problem late (at the end of the text, for an unclosed quote); the mistake is where the
/// construct starts, so that is where the diagnostic points.
fn syntax_error_with_context(message: &str, source: Source<'_>) -> Option<Diagnostic> {
    let (problem, context) = message.split_once(", while ")?;
    let (problem, noticed, _) = located(problem)?;
    let (context, line, col) = located(context)?;
    let file_line = |line: usize| source.first_line + line - 1;
    let text = format!("{problem} on line {}, while {context}", file_line(noticed));
    Some(
        Diagnostic::error(source.path, text)
            .at(file_line(line), Some(col))
            .hint(hint_for(problem)),
    )
}

/// Splits "text at line L column C" into its parts.
fn located(part: &str) -> Option<(&str, usize, usize)> {
    let (text, at) = part.rsplit_once(" at line ")?;
    let (line, col) = at.split_once(" column ")?;
    Some((text, line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// Makes serde's wording friendlier for editors who are not programmers.
fn describe(message: &str) -> String {
    if let Some((field, expected)) = unknown_field(message) {
        return match closest(&field, expected.iter().map(String::as_str)) {
            Some(best) => format!("unknown field `{field}`; did you mean `{best}`?"),
            None => format!(
                "unknown field `{field}`; the fields allowed here are: {}",
                expected.join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("the required field {rest} is missing");
    }
    message.replace("invalid type: ", "wrong kind of value: ")
}

fn hint_for(message: &str) -> String {
    if message.starts_with("unknown field") {
        "remove the field or correct its spelling (see docs/content-format.md)".into()
    } else if message.starts_with("missing field") {
        "add the field (see docs/content-format.md)".into()
    } else if message.contains("invalid type") || message.contains("unknown variant") {
        "check the value's type and spelling against docs/content-format.md".into()
    } else {
        "check the YAML syntax: indentation, colons, and quotes around text that holds `: ` or `#`"
            .into()
    }
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field.to_string(), expected))
}

/// The 1-based line (counted from the document's first line) where top-level `key:` is written.
pub fn key_line(text: &str, key: &str, first_line: usize) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|index| first_line + index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        title: String,
        weight: Option<i64>,
    }

    fn source() -> Source<'static> {
        Source {
            path: Path::new("content/a.md"),
            first_line: 2,
        }
    }

    #[test]
    fn unknown_field_suggests_closest_and_adds_offset() {
        let err = parse::<Example>("title: A\ntitel: B\n", source()).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            err.message.contains("did you mean `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse::<Example>("title: \"unclosed\nweight: 1\n", source()).unwrap_err();
        assert!(err.line.is_some());
        assert!(err.hint.unwrap().contains("YAML syntax"));
    }

    #[test]
    fn nested_unknown_field_keeps_its_path() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Example>,
        }
        let err = parse::<Outer>("items:\n  - title: A\n    wieght: 2\n", source()).unwrap_err();
        assert!(
            err.message.contains("did you mean `weight`"),
            "{}",
            err.message
        );
        assert!(err.message.contains("items[0]"), "{}", err.message);
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn unclosed_quote_points_at_its_opening_line() {
        let err = parse::<Example>("title: \"open\nweight: 2\n", source()).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(
            err.message.contains("while scanning a quoted scalar"),
            "{}",
            err.message
        );
    }

    #[test]
    fn key_line_finds_top_level_key() {
        assert_eq!(key_line("a: 1\nbb: 2\n", "bb", 2), Some(3));
        assert_eq!(key_line("a: 1\n  bb: 2\n", "bb", 2), None);
    }
}
