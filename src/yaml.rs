//! YAML parsing that reports errors at the right line of the right file, in plain words.
//!
//! Front matter sits a few lines into a Markdown file, so every parse takes the line the YAML
//! starts on and adds it to the parser's own location. Serde's messages ("invalid type: string,
//! expected i64", "unknown variant") are rewritten into sentences an editor can act on, and an
//! unknown field suggests the closest valid one, because a typo is the usual cause. Where a
//! problem found after parsing is written comes from [`Positions`], the one source of positions.

mod positions;

use crate::diagnostics::{closest, did_you_mean, Diagnostic};
pub use positions::Positions;
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
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(&err, text, source))
}

fn to_diagnostic(err: &serde_yaml::Error, text: &str, source: Source<'_>) -> Diagnostic {
    let message = err.to_string();
    if let Some(diagnostic) = syntax_error_with_context(&message, source) {
        return diagnostic;
    }
    if message.starts_with("duplicate ") {
        return duplicate_key(text, source);
    }
    // serde_yaml appends " at line L column C" to its message; we print our own location.
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    // serde_yaml prefixes errors inside values with their path, `sections[0].id: ...`.
    let (field_path, message) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (Some(path.to_string()), rest.to_string()),
        _ => (None, message),
    };
    let mut diagnostic = Diagnostic::error(source.path, describe(&message, field_path.as_deref()));
    if let Some(location) = err.location() {
        diagnostic = diagnostic.at(
            source.first_line + location.line() - 1,
            Some(location.column()),
        );
    }
    diagnostic.hint(hint_for(&message))
}

/// A key written twice in one mapping, reported where it is written the second time.
fn duplicate_key(text: &str, source: Source<'_>) -> Diagnostic {
    let positions = Positions::of(text, source.first_line);
    let mut diagnostic = Diagnostic::error(source.path, "a field is written twice");
    if let Some((path, place)) = positions.first_duplicate() {
        diagnostic = Diagnostic::error(
            source.path,
            format!(
                "`{}` is written twice; this is the second one",
                last_key(path)
            ),
        )
        .at(place.line, Some(place.col));
    }
    diagnostic.hint("keep one of the two lines and delete the other")
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
    let text = plain_syntax(problem, context, file_line(noticed))
        .unwrap_or_else(|| format!("{problem} on line {}, while {context}", file_line(noticed)));
    Some(
        Diagnostic::error(source.path, text)
            .at(file_line(line), Some(col))
            .hint(hint_for(problem)),
    )
}

/// A YAML syntax error in words, for the mistakes editors make: `problem` is what the parser
/// met (on file line `noticed`), `context` what it was reading ("" if it did not say).
fn plain_syntax(problem: &str, context: &str, noticed: usize) -> Option<String> {
    let text = if context.contains("quoted scalar") {
        "the quote opened here is never closed".to_string()
    } else if problem.contains("tab character") {
        format!("line {noticed} is indented with a tab; YAML needs spaces")
    } else if context.contains("flow sequence") {
        "the list opened with `[` here is never closed with `]`".to_string()
    } else if context.contains("flow mapping") {
        "the `{` opened here is never closed with `}`".to_string()
    } else if problem.starts_with("mapping values are not allowed") {
        "a second `: ` on this line: put the value in quotes if it holds `: `, or check the line's indentation".to_string()
    } else if problem.starts_with("found character that cannot start any token") {
        "a value cannot start with this character (`, @ or %): put the value in quotes".to_string()
    } else if problem.starts_with("did not find expected key")
        || problem.starts_with("did not find expected '-'")
    {
        "this line does not fit the lines above it: check its indentation, and that it reads `name: value`".to_string()
    } else {
        return None;
    };
    Some(text)
}

/// Splits "text at line L column C" into its parts.
fn located(part: &str) -> Option<(&str, usize, usize)> {
    let (text, at) = part.rsplit_once(" at line ")?;
    let (line, col) = at.split_once(" column ")?;
    Some((text, line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// Rewrites serde's wording into a sentence for editors who are not programmers; `field` is
/// serde's path to the value, when it gave one.
fn describe(message: &str, field: Option<&str>) -> String {
    let within = field.map_or(String::new(), |f| format!("in `{f}`: "));
    if let Some((field_name, expected)) = unknown_field(message) {
        return match closest(&field_name, expected.iter().map(String::as_str)) {
            Some(best) => format!("{within}unknown field `{field_name}`; did you mean `{best}`?"),
            None => format!(
                "{within}unknown field `{field_name}`; the fields allowed here are: {}",
                expected.join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("{within}the required field {rest} is missing");
    }
    let what = field.map_or_else(|| "this".to_string(), |f| format!("`{}`", last_key(f)));
    if let Some((word, allowed)) = unknown_variant(message) {
        let near = did_you_mean(&word, allowed.iter().map(String::as_str));
        return format!(
            "{what} must be one of: {}; `{word}` is not one of them{near}",
            allowed.join(", ")
        );
    }
    let wrong = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    match wrong.and_then(|rest| rest.rsplit_once(", expected ")) {
        Some((found, expected)) if field.is_none() && expected.starts_with("struct ") => {
            format!(
                "this must be `name: value` lines, like `title: My page`, not {}",
                found_words(found)
            )
        }
        Some((found, expected)) => format!(
            "{what} must be {}, not {}",
            expected_words(expected),
            found_words(found)
        ),
        None => plain_syntax(message, "", 0).unwrap_or_else(|| message.to_string()),
    }
}

/// The last key of a serde path: `sections[0].items[1].type` → `type`.
fn last_key(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[')
        .next()
        .filter(|k| !k.is_empty())
        .unwrap_or(tail)
}

/// Serde's name of the type it wanted, in words: `i64` → "a whole number, like 3".
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number, like 3",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more, like 3",
        "f32" | "f64" => "a number, like 1.5",
        "a boolean" => "`true` or `false`",
        "a string" | "a borrowed string" | "a character" => "text",
        "a sequence" => "a list, one `- ` line per entry",
        other if other.starts_with("struct ") || other == "a map" => {
            "a group of `name: value` lines"
        }
        other => other,
    };
    words.to_string()
}

/// Serde's description of the value it found, in words: `string "abc"` → `"abc"`.
fn found_words(found: &str) -> String {
    let quoted = |text: &str| text.trim_matches('`').to_string();
    if let Some(text) = found.strip_prefix("string ") {
        return text.to_string();
    }
    if let Some(number) = found.strip_prefix("integer ") {
        return match number.split_once(" as ") {
            Some((number, _)) => format!("{} (too large)", quoted(number)),
            None => quoted(number),
        };
    }
    if let Some(number) = found.strip_prefix("floating point ") {
        return quoted(number);
    }
    if let Some(value) = found.strip_prefix("boolean ") {
        return quoted(value);
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a group of fields".into(),
        "unit" => "empty".into(),
        other => other.to_string(),
    }
}

fn hint_for(message: &str) -> String {
    if message.starts_with("unknown field") {
        "remove the field or correct its spelling (see docs/content-format.md)".into()
    } else if message.starts_with("missing field") {
        "add the field (see docs/content-format.md)".into()
    } else if message.contains("invalid type")
        || message.contains("invalid value")
        || message.contains("unknown variant")
    {
        "correct the value (see docs/content-format.md for what each field takes)".into()
    } else {
        "check the YAML syntax: indentation, colons, and quotes around text that holds `: ` or `#`"
            .into()
    }
}

/// Splits serde's "unknown variant `x`, expected one of `a`, `b`" (or "expected `a` or `b`")
/// into `x` and `[a, b]`.
fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (word, rest) = rest.split_once('`')?;
    let allowed = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((word.to_string(), allowed))
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
        assert_eq!(err.message, "the quote opened here is never closed");
    }

    #[test]
    fn wrong_values_are_described_in_words() {
        let cases = [
            (
                "title: A\nweight: abc\n",
                "`weight` must be a whole number, like 3, not \"abc\"",
            ),
            ("title: A\nweight: 99999999999999999999\n", "(too large)"),
            ("- a\n", "this must be `name: value` lines"),
        ];
        for (text, expected) in cases {
            let err = parse::<Example>(text, source()).unwrap_err();
            assert!(err.message.contains(expected), "{}", err.message);
            for jargon in ["i64", "u128", "struct", "invalid type"] {
                assert!(!err.message.contains(jargon), "{}", err.message);
            }
        }
    }

    #[test]
    fn unknown_variant_lists_the_choices_and_the_closest() {
        #[derive(Deserialize, Debug)]
        #[serde(rename_all = "lowercase")]
        #[allow(dead_code)]
        enum Domain {
            Knowledge,
            Skill,
        }
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct WithDomain {
            domain: Domain,
        }
        let err = parse::<WithDomain>("domain: skil\n", source()).unwrap_err();
        assert_eq!(
            err.message,
            "`domain` must be one of: knowledge, skill; `skil` is not one of them; did you mean `skill`?"
        );
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_line() {
        let err = parse::<Example>("title: A\nweight: 1\ntitle: B\n", source()).unwrap_err();
        assert_eq!((err.line, err.col), (Some(4), Some(1)), "{err}");
        assert!(err.message.contains("`title` is written twice"), "{err}");
    }
}
