//! Stage 4, templates: compile the theme's Tera templates once, and render pages with them.
//!
//! Templates get typed contexts (see [`crate::context`]) and one function, `get_url(path=...)`,
//! which prefixes the base path and maps static files to their fingerprinted names, so no
//! template ever hard-codes `/`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use tera::{Context, Tera, Value};

/// The compiled templates of one build.
pub struct Templates {
    tera: Tera,
    /// Where each template comes from (see [`Theme::template_files`]), for error messages.
    files: BTreeMap<String, String>,
    /// Each template's text, to find the line of a variable an error names.
    sources: BTreeMap<String, String>,
}

impl Templates {
    /// Compiles every template of `theme`; `asset_names` maps static paths to output names.
    pub fn compile(
        theme: &Theme,
        base_path: &str,
        asset_names: &BTreeMap<String, String>,
    ) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        tera.add_raw_templates(sources).map_err(|err| {
            let text = describe(&err);
            let (line, col) = parse_position(&text).unzip();
            let expected = text.lines().find_map(|l| l.trim().strip_prefix("= "));
            let message = match expected {
                Some(what) => format!("this template cannot be read: {what}"),
                None => format!("this template cannot be read: {text}"),
            };
            Diagnostics::from(
                Diagnostic::error(template_file(&text, &theme.template_files), message)
                    .at_line(line)
                    .at_col(col)
                    .hint("fix the template syntax (see https://keats.github.io/tera/docs/)"),
            )
        })?;
        tera.register_function(
            "get_url",
            get_url(base_path.to_string(), asset_names.clone()),
        );
        Ok(Templates {
            tera,
            files: theme.template_files.clone(),
            sources: theme.templates.clone(),
        })
    }

    /// Adds a template function (the page lookups of [`crate::template_functions`]).
    pub fn register_function(&mut self, name: &str, function: impl tera::Function + 'static) {
        self.tera.register_function(name, function);
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders template `name` with a typed context. A failure is the template's: the error
    /// names its file (the same for every page, so the build reports it once) and the page
    /// it was first met on.
    pub fn render<T: Serialize>(
        &self,
        name: &str,
        context: &T,
        page: &std::path::Path,
    ) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(context).map_err(|err| {
            Diagnostic::error(
                page,
                format!("cannot prepare the page for its template: {err}"),
            )
        })?;
        self.tera.render(name, &context).map_err(|err| {
            let text = describe(&err);
            if !self.tera.get_template_names().any(|n| n == name) {
                return Diagnostic::error(page, format!("there is no template `{name}`"))
                    .hint("correct `template:`, or add the file under templates/");
            }
            let (file, line) = self.locate_failure(name, &text);
            Diagnostic::error(file, format!("the template failed: {}", innermost(&err)))
                .at_line(line)
                .hint(format!(
                    "fix the variable or filter named above in the template (first met on {})",
                    page.display()
                ))
        })
    }

    /// The file (and line, when found) of a render failure of template `name`: Tera names
    /// the page's template even when the failure is in a template it extends, so a missing
    /// variable is looked for in `name` and its parents, and the first holding it is blamed.
    fn locate_failure(&self, name: &str, text: &str) -> (PathBuf, Option<usize>) {
        let fallback = (template_file(text, &self.files), None);
        let Some(variable) = text
            .split('`')
            .nth(1)
            .filter(|_| text.contains("Variable `"))
        else {
            return fallback;
        };
        let parents = self.tera.get_template(name).map(|t| t.parents.clone());
        let chain = std::iter::once(name.to_string()).chain(parents.unwrap_or_default());
        chain
            .filter_map(|template| {
                let source = self.sources.get(&template)?;
                let line = source.lines().position(|l| l.contains(variable))?;
                Some((PathBuf::from(self.files.get(&template)?), Some(line + 1)))
            })
            .next()
            .unwrap_or(fallback)
    }
}

/// Escapes what HTML needs escaped in text and quoted attributes: `&`, `<`, `>`, `"` and `'`.
///
/// Tera's default also writes `/` as `&#x2F;`, which is harmless to browsers but turns every
/// URL in the built pages into `&#x2F;toolkit&#x2F;…`, hard to read and to search for.
fn escape_html(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// The `get_url(path="...")` template function.
fn get_url(base_path: String, assets: BTreeMap<String, String>) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("get_url needs a `path` argument, like get_url(path=\"css/site.css\")")
        })?;
        let path = path.trim_start_matches('/');
        let mapped = assets.get(path).map_or(path, String::as_str);
        Ok(Value::String(format!("{base_path}{mapped}")))
    }
}

/// Tera errors nest their causes; editors need all of them on one line.
fn describe(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The innermost cause of a render error, the same whichever page or child template met it:
/// "Variable `page.x` not found in context".
fn innermost(err: &tera::Error) -> String {
    let mut cause: &dyn std::error::Error = err;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let text = cause.to_string();
    match text.split_once(" while rendering '") {
        Some((before, _)) => before.to_string(),
        None => text,
    }
}

/// The file of the innermost template an error names (the last `'name'` that is a template).
fn template_file(text: &str, files: &BTreeMap<String, String>) -> PathBuf {
    let quoted = text.split('\'').skip(1).step_by(2);
    let file = quoted.filter_map(|name| files.get(name)).last();
    PathBuf::from(file.map_or("templates", String::as_str))
}

/// The `--> line:col` a Tera syntax error points at.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let (_, after) = text.split_once("--> ")?;
    let (line, rest) = after.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoescape_keeps_slashes_and_escapes_markup_and_quotes() {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_template("t.html", r#"<a href="{{ url }}">{{ text }}</a>"#)
            .unwrap();
        let mut context = Context::new();
        context.insert("url", "/toolkit/a/?x=1&y='2'");
        context.insert("text", r#"<b> "quoted" & more"#);
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            r#"<a href="/toolkit/a/?x=1&amp;y=&#x27;2&#x27;">&lt;b&gt; &quot;quoted&quot; &amp; more</a>"#
        );
    }
}
