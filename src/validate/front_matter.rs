//! The references a page's front matter makes: readings it cites, roles it names (its own, its
//! competencies', its assessment items'), assessments a module uses, and the tags it carries.

use super::References;
use crate::config::Config;
use crate::content::kinds::{Competency, KindData, Module};
use crate::content::Content;
use crate::content::{is_slug, not_a_slug, slugify, Page};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};

/// Checks the readings, roles and assessments a page's front matter names.
pub(super) fn check_page_refs(
    page: &Page,
    index: usize,
    config: &Config,
    refs: &mut References,
    problems: &mut Diagnostics,
) {
    let front = FrontMatter {
        page,
        index,
        role_ids: config.roles.iter().map(|r| r.id.as_str()).collect(),
    };
    front.check_common_fields(refs, problems);
    let assessment_ids = match &page.kind {
        KindData::Principle(p) => {
            for (i, id) in p.sources.iter().enumerate() {
                front.cite(id, &format!("sources[{i}]"), refs, problems);
            }
            Vec::new()
        }
        KindData::Module(m) => front.check_module(m, refs, problems),
        KindData::Competencies(list) => {
            front.check_competencies(list, problems);
            Vec::new()
        }
        KindData::Assessment(a) => {
            for (s, section) in a.sections.iter().enumerate() {
                for (i, item) in section.items.iter().enumerate() {
                    for (r, role) in item.roles.iter().enumerate() {
                        let path = format!("sections[{s}].items[{i}].roles[{r}]");
                        front.role(role, &path, problems);
                    }
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    };
    front.check_assessments(&assessment_ids, refs, problems);
}

/// The front matter of page `index` under check, and the role ids config.yaml declares.
struct FrontMatter<'a> {
    page: &'a Page,
    index: usize,
    role_ids: Vec<&'a str>,
}

impl FrontMatter<'_> {
    /// The fields every kind of page has: `readings` (cited), `roles` (declared), `tags` (each
    /// needs a letter or digit, as its address `tags/<tag in lowercase with hyphens>/` is made
    /// of them).
    fn check_common_fields(&self, refs: &mut References, problems: &mut Diagnostics) {
        let meta = &self.page.meta;
        for (i, id) in meta.readings.iter().enumerate() {
            self.cite(id, &format!("readings[{i}]"), refs, problems);
        }
        for (i, id) in meta.roles.iter().enumerate() {
            self.role(id, &format!("roles[{i}]"), problems);
            refs.roles.entry(id.clone()).or_default().insert(self.index);
        }
        for (i, tag) in meta.tags.iter().enumerate() {
            if slugify(tag).is_empty() {
                let line = self.page.line_of(&format!("tags[{i}]"));
                problems.push(
                    Diagnostic::error(
                        &self.page.source,
                        format!("the tag `{tag}` has no letter or digit to make its address from"),
                    )
                    .at_line(line)
                    .hint("write the tag as a word or a few words, like `child welfare`"),
                );
            } else {
                refs.tags.entry(tag.clone()).or_default().insert(self.index);
            }
        }
    }

    /// A reading named at `path` must exist; one that does counts as cited by this page.
    fn cite(&self, id: &str, path: &str, refs: &mut References, problems: &mut Diagnostics) {
        if refs.readings.contains_key(id) {
            refs.cited_by
                .entry(id.to_string())
                .or_default()
                .insert(self.index);
        } else if !refs.ids_incomplete.readings {
            problems.push(unknown(
                "reading",
                id,
                self.page,
                path,
                refs.readings.keys().map(String::as_str),
            ));
        }
    }

    /// A role named anywhere in the front matter (at `path`) must be declared in config.yaml.
    fn role(&self, id: &str, path: &str, problems: &mut Diagnostics) {
        if !self.role_ids.contains(&id) {
            problems.push(
                unknown("role", id, self.page, path, self.role_ids.iter().copied())
                    .hint("declare the role under `roles:` in config.yaml, or correct the id"),
            );
        }
    }

    /// Cites the readings of a module's activities; returns the assessments the module and its
    /// activities name, each with its path, for `check_assessments`.
    fn check_module(
        &self,
        module: &Module,
        refs: &mut References,
        problems: &mut Diagnostics,
    ) -> Vec<(String, String)> {
        let mut assessment_ids = Vec::new();
        for (a, activity) in module.activities.iter().enumerate() {
            for (r, id) in activity.readings.iter().enumerate() {
                self.cite(
                    id,
                    &format!("activities[{a}].readings[{r}]"),
                    refs,
                    problems,
                );
            }
            if let Some(id) = &activity.assessment {
                assessment_ids.push((id.clone(), format!("activities[{a}].assessment")));
            }
        }
        for (i, id) in module.assessments.iter().enumerate() {
            assessment_ids.push((id.clone(), format!("assessments[{i}]")));
        }
        assessment_ids
    }

    /// Competency ids must be slugs, unique on the page, and their roles declared.
    fn check_competencies(&self, list: &[Competency], problems: &mut Diagnostics) {
        let page = self.page;
        let mut seen = BTreeSet::new();
        for (c, competency) in list.iter().enumerate() {
            let line = page.line_of(&format!("competencies[{c}].id"));
            if !is_slug(&competency.id) {
                let problem = not_a_slug(&page.source, "competency id", &competency.id);
                problems.push(problem.at_line(line));
            } else if !seen.insert(&competency.id) {
                problems.push(
                    Diagnostic::error(
                        &page.source,
                        format!("the competency id `{}` is used twice", competency.id),
                    )
                    .at_line(line)
                    .hint("give each competency its own id"),
                );
            }
            for (r, role) in competency.roles.iter().enumerate() {
                self.role(role, &format!("competencies[{c}].roles[{r}]"), problems);
            }
        }
    }

    /// The assessments a page names (each with its path) must exist.
    fn check_assessments(
        &self,
        ids: &[(String, String)],
        refs: &References,
        problems: &mut Diagnostics,
    ) {
        for (id, path) in ids {
            if !refs.assessments.contains_key(id) && !refs.ids_incomplete.assessments {
                problems.push(unknown(
                    "assessment",
                    id,
                    self.page,
                    path,
                    refs.assessments.keys().map(String::as_str),
                ));
            }
        }
    }
}

/// A register's `assessment:` names the assessment each of its rows opens, at the record about
/// the row's partner: it must exist, and have a `subject:` for records to be about someone.
/// Otherwise the rows would silently lose their links.
pub(super) fn check_register_target(
    page: &Page,
    content: &Content,
    refs: &References,
    problems: &mut Diagnostics,
) {
    let KindData::Assessment(assessment) = &page.kind else {
        return;
    };
    let Some(id) = assessment
        .register
        .as_ref()
        .and_then(|r| r.assessment.as_ref())
    else {
        return;
    };
    let path = "register.assessment";
    match refs.assessment_def(content, id) {
        None if !refs.ids_incomplete.assessments => problems.push(
            unknown(
                "assessment",
                id,
                page,
                path,
                refs.assessments.keys().map(String::as_str),
            )
            .hint("name the assessment each row opens (one with a `subject:`), or leave `assessment:` out"),
        ),
        Some(target) if target.subject.is_none() => problems.push(
            Diagnostic::error(
                &page.source,
                format!(
                    "the register's rows open records of the assessment `{id}`, which has no `subject:`, so its records are not about a partner"
                ),
            )
            .at_line(page.line_of(path))
            .hint(format!(
                "give `{id}` a subject, like `subject: {{label: Partner agency}}`, or name another assessment"
            )),
        ),
        _ => {}
    }
}

/// An unknown `kind` id, written at serde path `path` in the front matter.
fn unknown<'a>(
    kind: &str,
    id: &str,
    page: &Page,
    path: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let near = did_you_mean(id, known);
    Diagnostic::error(&page.source, format!("unknown {kind} id `{id}`{near}"))
        .at_line(page.line_of(path))
        .hint(format!(
            "use the id of one of the site's {kind}s, or correct the spelling"
        ))
}

/// Two different tags with one address (`Child welfare` and `child-welfare`) would share a
/// listing page: an error at the second one written, naming the first.
pub(super) fn check_tag_addresses(content: &Content, problems: &mut Diagnostics) {
    let mut first: BTreeMap<String, (&str, &Page)> = BTreeMap::new();
    for page in &content.pages {
        for (i, tag) in page.meta.tags.iter().enumerate() {
            let slug = slugify(tag);
            let (other, other_page) = *first.entry(slug.clone()).or_insert((tag, page));
            if other != tag && !slug.is_empty() {
                problems.push(
                    Diagnostic::error(
                        &page.source,
                        format!(
                            "the tag `{tag}` has the same address `tags/{slug}/` as the tag `{other}` in {}",
                            other_page.source.display()
                        ),
                    )
                    .at_line(page.line_of(&format!("tags[{i}]")))
                    .hint(format!("write both the same way, `{other}`")),
                );
            }
        }
    }
}
