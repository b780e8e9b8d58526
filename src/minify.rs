//! Smaller theme files: CSS without comments and layout whitespace, JS without its comments,
//! indentation and the spaces beside punctuation (lines stay lines), so a content page comes closer to its 30 KB budget (HTML + CSS + JS) while the
//! theme's source stays commented. Strings are copied as written; nothing is reordered.
//! Rendered pages lose the indentation and blank lines of their templates.

/// `css` without comments and without the whitespace that carries no meaning.
pub fn css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                skip_block_comment(&mut chars);
                space = true;
            }
            c if c.is_whitespace() => space = true,
            _ => {
                // A space after a declaration's colon means nothing (a selector's colon is never
                // followed by one); nor does the last declaration's semicolon.
                let after_punctuation = matches!(
                    out.chars().last(),
                    None | Some('{' | '}' | ';' | ',' | '>' | ':')
                );
                if space && !after_punctuation && !matches!(c, '{' | '}' | ';' | ',' | '>') {
                    out.push(' ');
                }
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                space = false;
                // `0.5rem` is `.5rem`: a number's leading zero, where a value starts.
                let starts_value = matches!(out.chars().last(), Some(':' | ' ' | '(' | ','));
                let mut ahead = chars.clone();
                if c == '0'
                    && starts_value
                    && ahead.next() == Some('.')
                    && ahead.next().is_some_and(|d| d.is_ascii_digit())
                {
                    continue;
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    copy_string(c, &mut chars, &mut out);
                }
            }
        }
    }
    out
}

/// `js` without its whole-line comments (`// ...` lines and `/* ... */` blocks that start a
/// line): the theme's scripts are commented for their readers, not for the browser. Code and
/// comments after code are left alone, so nothing inside a string can be cut.
pub fn js(js: &str) -> String {
    squeeze_js(&js_lines(js))
}

/// `js` without its whole-line comments and (where no template literal spans lines) indentation.
fn js_lines(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    // Indentation goes too, unless a template literal may run over lines (a line with an odd
    // number of backticks): there it is part of a string.
    let indent_is_code = js.lines().all(|line| line.matches('`').count() % 2 == 0);
    for line in js.split_inclusive('\n') {
        let code = line.trim_start();
        if in_block {
            in_block = !code.contains("*/");
        } else if code.starts_with("//") {
        } else if code.starts_with("/*") {
            in_block = !code.contains("*/");
        } else if indent_is_code {
            out.push_str(code);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Elements whose text keeps its whitespace (or is code): their lines are copied as written.
const RAW_ELEMENTS: &[&str] = &["pre", "textarea", "script", "style"];

/// Characters a space beside which means nothing in JS: `a = b` is `a=b`. Not `+ - . /`
/// (`a + +b`, `1 .x`, comments and regular expressions need theirs).
const JS_PUNCTUATION: &str = "{}()[],;:=?<>&|!";

/// Words after which a `/` starts a regular expression, not a division.
const BEFORE_REGEX: &[&str] = &[
    "return", "typeof", "case", "do", "else", "in", "of", "void", "throw", "delete", "new",
];

/// `js` without trailing comments and the spaces beside punctuation. Lines stay lines (automatic
/// semicolon insertion depends on them); strings, template literals and regular expressions are
/// copied as written.
fn squeeze_js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut chars = js.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => space = true,
            '/' if chars.peek() == Some(&'/') => {
                while chars.next_if(|&next| next != '\n').is_some() {}
                space = true;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                skip_block_comment(&mut chars);
                space = true;
            }
            _ => {
                let last = out.chars().last();
                let drop = c == '\n'
                    || JS_PUNCTUATION.contains(c)
                    || last.is_none_or(|last| last == '\n' || JS_PUNCTUATION.contains(last));
                if space && !drop {
                    out.push(' ');
                }
                space = false;
                let regex = c == '/' && starts_regex(&out);
                out.push(c);
                match c {
                    '"' | '\'' => copy_string(c, &mut chars, &mut out),
                    '`' => copy_template(&mut chars, &mut out),
                    '/' if regex => copy_regex(&mut chars, &mut out),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Whether a `/` after `code` opens a regular expression: after an operator, an opening
/// bracket or a keyword such as `return`, rather than after a value.
fn starts_regex(code: &str) -> bool {
    let code = code.trim_end();
    match code.chars().last() {
        None => true,
        Some(c) if "(,=:[!&|?{};+-*%<>~^".contains(c) => true,
        Some(_) => BEFORE_REGEX.iter().any(|word| {
            code.strip_suffix(word).is_some_and(|before| {
                !before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
            })
        }),
    }
}

/// Copies a regular expression's body and closing `/` (a `/` inside `[...]` does not close it).
fn copy_regex(chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let (mut escaped, mut class) = (false, false);
    for c in chars {
        out.push(c);
        match c {
            '\\' if !escaped => escaped = true,
            '[' if !escaped => class = true,
            ']' if !escaped => class = false,
            '/' | '\n' if !escaped && !class => return,
            _ => escaped = false,
        }
    }
}

/// Copies a template literal after its opening backtick, with the code of its `${...}` parts
/// (which may hold strings and templates of their own) as written.
fn copy_template(chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut escaped = false;
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '\\' if !escaped => escaped = true,
            '`' if !escaped => return,
            '{' if !escaped && out.ends_with("${") => copy_expression(chars, out),
            _ => escaped = false,
        }
    }
}

/// Copies a template literal's `${...}` code up to and including its closing brace.
fn copy_expression(chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut depth = 1;
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '"' | '\'' => copy_string(c, chars, out),
            '`' => copy_template(chars, out),
            '{' => depth += 1,
            '}' if depth == 1 => return,
            '}' => depth -= 1,
            _ => {}
        }
    }
}

/// `html` without the indentation and blank lines its templates carry: outside the
/// [`RAW_ELEMENTS`], whitespace at the start of a line collapses into the line break before it,
/// so the page reads the same.
pub fn html_indentation(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut raw = 0usize;
    for line in html.split_inclusive('\n') {
        if raw > 0 {
            out.push_str(line);
        } else {
            let text = line.trim_start();
            if !text.is_empty() {
                out.push_str(text);
            } else if !out.ends_with('\n') && line.ends_with('\n') {
                out.push('\n');
            }
        }
        raw = (raw + raw_opened(line, "<")).saturating_sub(raw_opened(line, "</"));
    }
    out
}

/// How many [`RAW_ELEMENTS`] tags beginning with `start` (`<` or `</`) are on `line`, in any
/// case. It runs on every line of every page, so it looks only where a tag starts, without
/// copying the line (lowercasing each line and searching it once per element took 3% of a
/// 10,000-page build, benches/build.rs).
fn raw_opened(line: &str, start: &str) -> usize {
    let closing = start == "</";
    let bytes = line.as_bytes();
    // A `char` pattern is a memchr; a `&str` one builds a substring searcher per call.
    line.match_indices('<')
        .filter(|(at, _)| {
            let rest = &bytes[at + 1..];
            let rest = match (closing, rest.first()) {
                (true, Some(b'/')) => &rest[1..],
                (true, _) => return false,
                (false, _) => rest,
            };
            RAW_ELEMENTS.iter().any(|name| {
                rest.len() > name.len()
                    && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                    && (rest[name.len()] == b'>' || rest[name.len()].is_ascii_whitespace())
            })
        })
        .count()
}

/// Copies a quoted string up to and including its closing `quote`, escapes and all.
/// Skips a `/* … */` comment whose `/*` was just read, up to and including its `*/`.
fn skip_block_comment(chars: &mut impl Iterator<Item = char>) {
    let mut last = ' ';
    for next in chars {
        if last == '*' && next == '/' {
            break;
        }
        last = next;
    }
}

fn copy_string(quote: char, chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut escaped = false;
    for c in chars {
        out.push(c);
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return,
            _ => escaped = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn comments_and_layout_whitespace_go_meaning_stays() {
        let source = "/* tokens */\n:root {\n  --bar: 3.5rem; /* the header */ --s: 0 0.25rem 10.5px rgb(0 0 0 / 0.2);\n}\n\
                      .a :hover, .b > .c { margin: calc(var(--bar) + 1rem) 0 !important; }\n\
                      @media (min-width: 56rem) and (max-width: 71rem) { .d::after { content: \" /* kept */ \\\" \"; } }\n";
        assert_eq!(
            css(source),
            ":root{--bar:3.5rem;--s:0 .25rem 10.5px rgb(0 0 0 / .2)}.a :hover,.b>.c{margin:calc(var(--bar) + 1rem) 0 !important}\
             @media (min-width:56rem) and (max-width:71rem){.d::after{content:\" /* kept */ \\\" \"}}"
        );
    }

    #[test]
    fn whole_line_comments_go_code_stays() {
        let source = "// about\n/** Doc\n * more */\nconst a = 1; // kept\nconst url = \"http://x\";\n  /* one */\n  f(`${a}`);\n";
        assert_eq!(
            js(source),
            "const a=1;\nconst url=\"http://x\";\nf(`${a}`);\n"
        );
        // Inside a template literal over lines, indentation is text.
        let literal = "const t = `a\n  b`;\n  f();\n";
        assert_eq!(js(literal), "const t=`a\n  b`;\nf();\n");
    }

    #[test]
    fn spaces_beside_punctuation_go_strings_templates_and_regexes_stay() {
        let source = "if (a && !b) { x = y / 2 / z; } // why\nreturn /a = [/ ]b/g.test(s) ? \"a = b\" : `c = ${f(\"}\", `d = e`)} = g`;\nn = a + +b - -c;\nv = o.x / 2;\n";
        assert_eq!(
            js(source),
            "if(a&&!b){x=y / 2 / z;}\nreturn /a = [/ ]b/g.test(s)?\"a = b\":`c = ${f(\"}\", `d = e`)} = g`;\nn=a + +b - -c;\nv=o.x / 2;\n"
        );
    }

    #[test]
    fn html_loses_indentation_but_not_inside_pre_textarea_or_script() {
        let page = "<ul>\n  <li>a</li>\n\n\n  <li>b</li>\n</ul>\n<pre><code>x\n    y\n</code></pre>\n  <p>t</p>\n<TEXTAREA>\n  kept</TEXTAREA>\n<pre-x>\n  cut</pre-x>\n";
        assert_eq!(
            html_indentation(page),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<pre><code>x\n    y\n</code></pre>\n<p>t</p>\n<TEXTAREA>\n  kept</TEXTAREA>\n<pre-x>\ncut</pre-x>\n"
        );
    }

    /// The first, simpler way of counting raw tags: lowercase the line, search it per element.
    fn raw_opened_by_lowercasing(line: &str, start: &str) -> usize {
        let lower = line.to_ascii_lowercase();
        RAW_ELEMENTS
            .iter()
            .map(|name| {
                let tag = format!("{start}{name}");
                lower
                    .match_indices(&tag)
                    .filter(|(at, _)| {
                        lower[at + tag.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
                    })
                    .count()
            })
            .sum()
    }

    proptest! {
        #[test]
        fn raw_tags_are_counted_as_the_lowercasing_search_counts_them(
            line in "(<|</|>| |\\t|x|é|pre|PRE|Script|style|textarea|<pre|</pRe|<script|<STYLE|<textarea|pre-x)*"
        ) {
            for start in ["<", "</"] {
                prop_assert_eq!(raw_opened(&line, start), raw_opened_by_lowercasing(&line, start));
            }
        }

        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC*") {
            let _ = css(&text);
            let _ = js(&text);
            let _ = html_indentation(&text);
        }
    }
}
