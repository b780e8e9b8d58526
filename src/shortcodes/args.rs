//! The inside of one shortcode call, `name(key="value", n=3, flag=true)`, parsed into a name
//! and its arguments. Only ASCII delimiters are searched for, so every slice falls on a
//! character boundary whatever the text around them is.

use super::ArgValue;
use std::collections::BTreeMap;

/// A shortcode's name and arguments.
pub(super) type Parsed = (String, BTreeMap<String, ArgValue>);

/// Whether `inner` (the text after `{{` or `{%`) starts like a call: a name, then `(`.
pub(super) fn looks_like_call(inner: &str) -> bool {
    let inner = inner.trim_start();
    let name_len = inner
        .find(|c: char| !is_name_char(c))
        .unwrap_or(inner.len());
    name_len > 0 && inner[name_len..].trim_start().starts_with('(')
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Parses `name(key="value", n=3, flag=true)`.
pub(super) fn parse_call(inner: &str) -> Result<Parsed, String> {
    let inner = inner.trim();
    let open = inner
        .find('(')
        .ok_or("a shortcode needs `(` after its name")?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(is_name_char) {
        return Err(format!(
            "`{name}` is not a shortcode name (use letters, digits, `-` and `_`)"
        ));
    }
    let rest = inner[open + 1..]
        .strip_suffix(')')
        .ok_or("a shortcode needs `)` at the end of its arguments")?;
    let mut args = BTreeMap::new();
    let mut chars = rest.trim();
    while !chars.is_empty() {
        let eq = chars
            .find('=')
            .ok_or("each argument needs a name and a value, like key=\"value\"")?;
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

/// One argument value and the text after it.
fn parse_value(text: &str) -> Result<(ArgValue, &str), String> {
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &text[1..];
        let end = body
            .find(quote)
            .ok_or("a text value is missing its closing quote")?;
        return Ok((ArgValue::Text(body[..end].to_string()), &body[end + 1..]));
    }
    if text.starts_with(['“', '”', '‘', '’', '«', '„']) {
        return Err(
            "its text is in typographic quotes; shortcodes need straight quotes \" or '".into(),
        );
    }
    let end = text.find(',').unwrap_or(text.len());
    let word = text[..end].trim();
    let value = match word {
        "true" => ArgValue::Bool(true),
        "false" => ArgValue::Bool(false),
        _ => match word.parse::<f64>() {
            Ok(n) if n.is_finite() => ArgValue::Number(n),
            _ => {
                return Err(format!(
                    "`{word}` is not a quoted text, a number, true or false (put text in quotes)"
                ))
            }
        },
    };
    Ok((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_arguments_are_kept_whole() {
        let (name, args) = parse_call(r#" box(title="Café “quoted” — 👩‍👩‍👧", n=2) "#).unwrap();
        assert_eq!(name, "box");
        assert_eq!(args["title"], ArgValue::Text("Café “quoted” — 👩‍👩‍👧".into()));
        assert_eq!(args["n"], ArgValue::Number(2.0));
    }

    #[test]
    fn non_ascii_names_and_bad_values_are_refused_in_words() {
        assert!(parse_call("café()")
            .unwrap_err()
            .contains("not a shortcode name"));
        assert!(parse_call("x(n=inf)").unwrap_err().contains("quoted text"));
        assert!(parse_call("x(é=1)").unwrap_err().contains("argument name"));
        assert!(parse_call("x(t=“Word”)")
            .unwrap_err()
            .contains("straight quotes"));
    }

    #[test]
    fn a_call_is_recognised_by_name_and_parenthesis() {
        assert!(looks_like_call(" cite(id="));
        assert!(!looks_like_call(" and }}"));
        assert!(!looks_like_call(""));
    }
}
