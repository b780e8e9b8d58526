//! Front matter: the YAML block between `---` lines at the top of every Markdown file.
//!
//! One flat struct holds every field of every kind, so serde can point at the exact line of
//! any typo or wrong value. [`crate::content::kinds`] then checks that a page only uses the
//! fields of its own kind and turns them into typed kind data.

use crate::assessment::model::{Band, Overall, Scale, SectionDef, Subject};
use crate::content::kinds::{self, Origin};
use crate::content::kinds::{Activity, Competency, Objective, TimeBlock};

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::glossary::Term;
use crate::readings::Reading;
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Every front matter field; which ones a page may use depends on its kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    // Fields any page may use.
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub readings: Vec<String>,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub kind: Option<String>,
    pub search: Option<bool>,
    pub source: Option<String>,
    /// `YYYY-MM-DD`: when the page was last changed, over the date git or the file gives.
    pub updated: Option<String>,
    /// `YYYY-MM-DD`: when the page was last checked to be current.
    pub reviewed: Option<String>,
    // Section (`_index.md`) fields.
    pub default_kind: Option<String>,
    pub sort_by: Option<String>,
    // principle
    pub summary: Option<String>,
    pub questions: Option<Vec<String>>,
    pub sources: Option<Vec<String>>,
    // module
    pub module: Option<u32>,
    pub objectives: Option<Vec<Objective>>,
    pub time: Option<Vec<TimeBlock>>,
    pub activities: Option<Vec<Activity>>,
    pub assessments: Option<Vec<String>>,
    pub prepare: Option<String>,
    // competencies
    pub competencies: Option<Vec<Competency>>,
    // readings
    pub entries: Option<Vec<Reading>>,
    // glossary
    pub terms: Option<Vec<Term>>,
    // assessment
    pub id: Option<String>,
    pub version: Option<serde_yaml::Value>,
    pub subject: Option<Subject>,
    pub default_scale: Option<String>,
    pub scales: Option<BTreeMap<String, Scale>>,
    pub sections: Option<Vec<SectionDef>>,
    pub bands: Option<Vec<Band>>,
    pub overall: Option<Overall>,
    pub register: Option<crate::assessment::register::RegisterDef>,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the YAML's first line (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` at its `---` fences; a file without front matter is an error.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(path, "the file has no front matter")
            .at(1, Some(1))
            .hint("start the file with a line `---`, then `title: ...`, then another `---`")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body,
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "the front matter is never closed")
        .at(1, Some(1))
        .hint("end the front matter with a line holding only `---`"))
}

/// Parses the front matter of `split`, located in `path`.
pub fn parse(split: &Split<'_>, path: &Path) -> Result<FrontMatter, Diagnostic> {
    let source = yaml::Source {
        path,
        first_line: split.yaml_line,
    };
    yaml::parse(split.yaml, source)
}

/// What a field's type cannot say: a title with words in it, a known kind, default kind and
/// sort order, dates written year-month-day.
pub fn check(fm: &FrontMatter, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if fm.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(origin.path, "the `title` is empty")
                .at_line(origin.line_of("title").or(Some(origin.yaml_line)))
                .hint("write the page's title after `title: `; readers see it in menus and search"),
        );
    }
    let kinds = [("kind", &fm.kind), ("default_kind", &fm.default_kind)];
    for (field, kind) in kinds {
        if let Some(kind) = kind {
            problems.extend(kinds::check_kind_name(kind, field, origin).err());
        }
    }
    for (field, value) in [("updated", &fm.updated), ("reviewed", &fm.reviewed)] {
        if let Some(value) = value.as_deref().filter(|v| !crate::dates::is_iso_date(v)) {
            problems.push(
                Diagnostic::error(origin.path, format!("`{field}: {value}` is not a date"))
                    .at_line(origin.line_of(field))
                    .hint(format!(
                        "write the date as year-month-day, like `{field}: 2026-05-01`"
                    )),
            );
        }
    }
    if let Some(order) = fm.sort_by.as_deref().filter(|o| !SORT_ORDERS.contains(o)) {
        let near = did_you_mean(order, SORT_ORDERS);
        problems.push(
            Diagnostic::error(
                origin.path,
                format!(
                    "`sort_by` must be one of: weight, title; `{order}` is not one of them{near}"
                ),
            )
            .at_line(origin.line_of("sort_by"))
            .hint("write `sort_by: weight` (the default) or `sort_by: title`"),
        );
    }
    problems
}

/// The orders a section may list its pages in, by `sort_by`.
const SORT_ORDERS: [&str; 2] = ["weight", "title"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let s = split("---\ntitle: A\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let err = split("# Hello\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("no front matter"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: A\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn missing_title_is_located() {
        let s = split("---\nweight: 1\n---\n", Path::new("a.md")).unwrap();
        let err = parse(&s, Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("title"), "{}", err.message);
    }
}
