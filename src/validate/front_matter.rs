//! The references a page's front matter makes: readings it cites, roles it names (its own, its
//! competencies', its assessment items'), assessments a module uses, and the tags it carries.

use super::References;
use crate::config::Config;
use crate::content::kinds::{Competency, KindData, Module};
use crate::content::Page;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use std::collections::BTreeSet;

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
            p.sources
                .iter()
                .for_each(|id| front.cite(id, "sources", refs, problems));
            Vec::new()
        }
        KindData::Module(m) => front.check_module(m, refs, problems),
        KindData::Competencies(list) => {
            front.check_competencies(list, problems);
            Vec::new()
        }
        KindData::Assessment(a) => {
            a.sections
                .iter()
                .flat_map(|s| &s.items)
                .flat_map(|i| &i.roles)
                .for_each(|r| front.role(r, problems));
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
    /// The fields every kind of page has: `readings` (cited), `roles` (declared), `tags`.
    fn check_common_fields(&self, refs: &mut References, problems: &mut Diagnostics) {
        let meta = &self.page.meta;
        for id in &meta.readings {
            self.cite(id, "readings", refs, problems);
        }
        for id in &meta.roles {
            self.role(id, problems);
            refs.roles.entry(id.clone()).or_default().insert(self.index);
        }
        for tag in &meta.tags {
            refs.tags.entry(tag.clone()).or_default().insert(self.index);
        }
    }

    /// A reading named in `field` must exist; one that does counts as cited by this page.
    fn cite(&self, id: &str, field: &str, refs: &mut References, problems: &mut Diagnostics) {
        if refs.readings.contains_key(id) {
            refs.cited_by
                .entry(id.to_string())
                .or_default()
                .insert(self.index);
        } else {
            problems.push(unknown(
                "reading",
                id,
                self.page,
                field,
                refs.readings.keys().map(String::as_str),
            ));
        }
    }

    /// A role named anywhere in the front matter must be declared in config.yaml.
    fn role(&self, id: &str, problems: &mut Diagnostics) {
        if !self.role_ids.contains(&id) {
            problems.push(
                unknown(
                    "role",
                    id,
                    self.page,
                    "roles",
                    self.role_ids.iter().copied(),
                )
                .hint("declare the role under `roles:` in config.yaml, or correct the id"),
            );
        }
    }

    /// Cites the readings of a module's activities; returns the assessments the module and its
    /// activities name, for `check_assessments`.
    fn check_module(
        &self,
        module: &Module,
        refs: &mut References,
        problems: &mut Diagnostics,
    ) -> Vec<String> {
        let mut assessment_ids = Vec::new();
        for activity in &module.activities {
            activity
                .readings
                .iter()
                .for_each(|id| self.cite(id, "activities", refs, problems));
            assessment_ids.extend(activity.assessment.iter().cloned());
        }
        assessment_ids.extend(module.assessments.iter().cloned());
        assessment_ids
    }

    /// Competency ids must be unique on the page, and their roles declared.
    fn check_competencies(&self, list: &[Competency], problems: &mut Diagnostics) {
        let page = self.page;
        let mut seen = BTreeSet::new();
        for competency in list {
            if !seen.insert(&competency.id) {
                problems.push(
                    Diagnostic::error(
                        &page.source,
                        format!("the competency id `{}` is used twice", competency.id),
                    )
                    .at_line(page.line_of(&format!("id: {}", competency.id)))
                    .hint("give each competency its own id"),
                );
            }
            competency.roles.iter().for_each(|r| self.role(r, problems));
        }
    }

    /// The assessments a page names must exist.
    fn check_assessments(&self, ids: &[String], refs: &References, problems: &mut Diagnostics) {
        for id in ids {
            if !refs.assessments.contains_key(id) {
                problems.push(unknown(
                    "assessment",
                    id,
                    self.page,
                    "assessments",
                    refs.assessments.keys().map(String::as_str),
                ));
            }
        }
    }
}

/// An unknown `kind` id, located at `id` in the front matter (searching from the field `key`).
fn unknown<'a>(
    kind: &str,
    id: &str,
    page: &Page,
    key: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let near = did_you_mean(id, known);
    Diagnostic::error(&page.source, format!("unknown {kind} id `{id}`{near}"))
        .at_line(page.line_of_id(key, id))
        .hint(format!(
            "use the id of one of the site's {kind}s, or correct the spelling"
        ))
}
