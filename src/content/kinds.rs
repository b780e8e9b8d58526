//! Content kinds: what a page *is* (principle, module guide, competency list, reading list,
//! glossary, assessment or plain page) and the typed data each kind carries.
//!
//! The kind comes from the page's `kind:` field or its section's `default_kind:`. A page may
//! only use the front matter fields of its own kind, so a module field on a principle page is
//! reported instead of silently ignored.

use crate::assessment::model::Assessment;
use crate::content::front_matter::FrontMatter;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::glossary::{check_terms, Term};
use crate::readings::Reading;
use crate::yaml::Positions;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::path::Path;

/// The kinds a page can have, as written in `kind:`.
pub const KIND_NAMES: [&str; 7] = [
    "page",
    "principle",
    "module",
    "competencies",
    "readings",
    "glossary",
    "assessment",
];

/// Which front matter fields belong to each kind (fields every page may use are not listed).
const KIND_FIELDS: [(&str, &[&str]); 7] = [
    ("page", &[]),
    ("principle", &["summary", "questions", "sources"]),
    (
        "module",
        &[
            "module",
            "objectives",
            "time",
            "activities",
            "assessments",
            "prepare",
        ],
    ),
    ("competencies", &["competencies"]),
    ("readings", &["entries"]),
    ("glossary", &["terms"]),
    (
        "assessment",
        &[
            "id",
            "version",
            "subject",
            "default_scale",
            "scales",
            "sections",
            "bands",
            "overall",
            "register",
        ],
    ),
];

/// A training objective's domain.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    Knowledge,
    Skill,
    Attitude,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub domain: Domain,
    pub text: String,
}

/// A labelled duration in a module's time plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimeBlock {
    pub label: String,
    pub hours: f64,
}

/// A numbered module activity; `text` is Markdown, rendered later.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub readings: Vec<String>,
    pub assessment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Principle {
    pub summary: String,
    pub questions: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Module {
    pub number: u32,
    pub objectives: Vec<Objective>,
    pub time: Vec<TimeBlock>,
    pub total_hours: f64,
    pub activities: Vec<Activity>,
    pub assessments: Vec<String>,
    pub prepare: Option<String>,
}

/// The typed data of a page's kind.
#[derive(Debug, Clone)]
pub enum KindData {
    Page,
    Principle(Principle),
    Module(Module),
    Competencies(Vec<Competency>),
    Readings(Vec<Reading>),
    Glossary(Vec<Term>),
    Assessment(Box<Assessment>),
}

impl KindData {
    pub fn name(&self) -> &'static str {
        match self {
            KindData::Page => "page",
            KindData::Principle(_) => "principle",
            KindData::Module(_) => "module",
            KindData::Competencies(_) => "competencies",
            KindData::Readings(_) => "readings",
            KindData::Glossary(_) => "glossary",
            KindData::Assessment(_) => "assessment",
        }
    }
}

/// Where a page's front matter came from, for locating errors.
pub struct Origin<'a> {
    pub path: &'a Path,
    pub yaml: &'a str,
    pub yaml_line: usize,
    /// Read from `yaml` the first time a problem needs a line, so a clean build never reads it.
    positions: OnceCell<Positions>,
}

impl<'a> Origin<'a> {
    pub fn new(path: &'a Path, yaml: &'a str, yaml_line: usize) -> Self {
        Origin {
            path,
            yaml,
            yaml_line,
            positions: OnceCell::new(),
        }
    }

    /// The file line where the value at serde path `path` (`sections[0].id`) is written.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        self.positions
            .get_or_init(|| Positions::of(self.yaml, self.yaml_line))
            .line(path)
    }
}

/// Checks a kind name, suggesting the closest valid one.
pub fn check_kind_name(kind: &str, field: &str, origin: &Origin<'_>) -> Result<(), Diagnostic> {
    if KIND_NAMES.contains(&kind) {
        return Ok(());
    }
    let suggestion = did_you_mean(kind, KIND_NAMES);
    Err(
        Diagnostic::error(origin.path, format!("unknown kind `{kind}`{suggestion}"))
            .at_line(origin.line_of(field))
            .hint(format!("use one of: {}", KIND_NAMES.join(", "))),
    )
}

/// Turns the front matter into the typed data of `kind`, rejecting other kinds' fields.
pub fn kind_data(
    kind: &str,
    fm: &mut FrontMatter,
    origin: &Origin<'_>,
) -> Result<KindData, Vec<Diagnostic>> {
    let misplaced = misplaced_fields(kind, fm, origin);
    if !misplaced.is_empty() {
        return Err(misplaced);
    }
    let require = |field: &str| {
        Diagnostic::error(
            origin.path,
            format!("{} {kind} page needs the field `{field}`", article(kind)),
        )
        .at_line(Some(origin.yaml_line))
        .hint("see docs/content-format.md for a complete example")
    };
    Ok(match kind {
        "principle" => KindData::Principle(Principle {
            summary: fm.summary.take().ok_or_else(|| vec![require("summary")])?,
            questions: fm.questions.take().unwrap_or_default(),
            sources: fm.sources.take().unwrap_or_default(),
        }),
        "module" => {
            let time = fm.time.take().unwrap_or_default();
            KindData::Module(Module {
                number: fm.module.take().ok_or_else(|| vec![require("module")])?,
                objectives: fm.objectives.take().unwrap_or_default(),
                total_hours: time.iter().map(|t| t.hours).sum(),
                time,
                activities: fm.activities.take().unwrap_or_default(),
                assessments: fm.assessments.take().unwrap_or_default(),
                prepare: fm.prepare.take(),
            })
        }
        "competencies" => KindData::Competencies(
            fm.competencies
                .take()
                .ok_or_else(|| vec![require("competencies")])?,
        ),
        "readings" => {
            let mut entries = fm.entries.take().ok_or_else(|| vec![require("entries")])?;
            crate::readings::disambiguate(&mut entries);
            KindData::Readings(entries)
        }
        "glossary" => glossary(fm, origin)?,
        "assessment" => KindData::Assessment(Box::new(
            crate::assessment::model::from_front_matter(fm, origin)?,
        )),
        _ => KindData::Page,
    })
}

/// A glossary page's terms, checked: each id well formed and used once.
fn glossary(fm: &mut FrontMatter, origin: &Origin<'_>) -> Result<KindData, Vec<Diagnostic>> {
    let terms = fm.terms.take().ok_or_else(|| {
        vec![
            Diagnostic::error(origin.path, "a glossary page needs the field `terms`")
                .at_line(Some(origin.yaml_line))
                .hint("see docs/content-format.md for a complete example"),
        ]
    })?;
    let problems = check_terms(&terms, origin.path, |n, field| {
        origin.line_of(&format!("terms[{n}].{field}"))
    });
    if problems.is_empty() {
        Ok(KindData::Glossary(terms))
    } else {
        Err(problems)
    }
}

/// Fields that are set but belong to a kind other than `kind`.
fn misplaced_fields(kind: &str, fm: &FrontMatter, origin: &Origin<'_>) -> Vec<Diagnostic> {
    misplaced(kind, &set_kind_fields(fm), origin)
}

/// Of the kind-specific `fields` a page sets, those that do not belong to `kind`, as errors.
pub fn misplaced(kind: &str, fields: &[&'static str], origin: &Origin<'_>) -> Vec<Diagnostic> {
    let own = KIND_FIELDS
        .iter()
        .find(|(name, _)| *name == kind)
        .map_or(&[][..], |(_, fields)| *fields);
    fields
        .iter()
        .copied()
        .filter(|field| !own.contains(field))
        .map(|field| {
            let owner = KIND_FIELDS
                .iter()
                .find(|(_, fields)| fields.contains(&field))
                .map_or("another kind", |(name, _)| *name);
            Diagnostic::error(
                origin.path,
                format!(
                    "the field `{field}` belongs to {owner} pages, but this page is {}",
                    kind_phrase(kind)
                ),
            )
            .at_line(origin.line_of(field))
            .hint(format!("remove `{field}`, or set `kind: {owner}`"))
        })
        .collect()
}

/// The kind-specific fields this front matter sets.
pub fn set_kind_fields(fm: &FrontMatter) -> Vec<&'static str> {
    let set = [
        ("summary", fm.summary.is_some()),
        ("questions", fm.questions.is_some()),
        ("sources", fm.sources.is_some()),
        ("module", fm.module.is_some()),
        ("objectives", fm.objectives.is_some()),
        ("time", fm.time.is_some()),
        ("activities", fm.activities.is_some()),
        ("assessments", fm.assessments.is_some()),
        ("prepare", fm.prepare.is_some()),
        ("competencies", fm.competencies.is_some()),
        ("entries", fm.entries.is_some()),
        ("terms", fm.terms.is_some()),
        ("id", fm.id.is_some()),
        ("version", fm.version.is_some()),
        ("subject", fm.subject.is_some()),
        ("default_scale", fm.default_scale.is_some()),
        ("scales", fm.scales.is_some()),
        ("sections", fm.sections.is_some()),
        ("bands", fm.bands.is_some()),
        ("overall", fm.overall.is_some()),
        ("register", fm.register.is_some()),
    ];
    set.into_iter()
        .filter(|(_, is_set)| *is_set)
        .map(|(name, _)| name)
        .collect()
}

/// "a principle", "an assessment", "a plain page".
fn kind_phrase(kind: &str) -> String {
    if kind == "page" {
        "a plain page".into()
    } else {
        format!("{} {kind}", article(kind))
    }
}

/// "a" or "an" before `word`, so that messages about an assessment read right.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_say_an_assessment_and_a_principle() {
        assert_eq!(super::article("assessment"), "an");
        assert_eq!(super::article("principle"), "a");
    }
}
