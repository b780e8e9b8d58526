//! Stage 2, validate: check what pages say about each other, and index it for rendering.
//!
//! Readings cited, assessments embedded, roles named and shortcodes called must all exist;
//! ids must be unique across files. The result, [`References`], is the plain lookup table the
//! Markdown and template stages use (bibliography, assessments, tags, roles, cited-by).

use crate::assessment::model::Assessment;
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::content::{Content, Page};
use crate::diagnostics::{closest, Diagnostic, Diagnostics};
use crate::readings::Reading;
use crate::shortcodes::{self, Call};
use std::collections::{BTreeMap, BTreeSet};

/// Cross-references between pages, gathered once and shared by the later stages.
#[derive(Debug, Default)]
pub struct References {
    /// Reading id → (entry, index of the readings page defining it).
    pub readings: BTreeMap<String, (Reading, usize)>,
    /// Reading id → pages citing it, in page order.
    pub cited_by: BTreeMap<String, BTreeSet<usize>>,
    /// Assessment id → index of its page.
    pub assessments: BTreeMap<String, usize>,
    /// Tag → pages carrying it.
    pub tags: BTreeMap<String, BTreeSet<usize>>,
    /// Role id → pages naming it.
    pub roles: BTreeMap<String, BTreeSet<usize>>,
    /// Shortcode calls of each page, by page index.
    pub calls: Vec<Vec<Call>>,
}

impl References {
    pub fn assessment(&self, content: &Content, id: &str) -> Option<(usize, &'static str)> {
        let _ = content;
        self.assessments.get(id).map(|&i| (i, "assessment"))
    }

    /// The assessment definition with `id`.
    pub fn assessment_def<'a>(&self, content: &'a Content, id: &str) -> Option<&'a Assessment> {
        let index = *self.assessments.get(id)?;
        match &content.pages[index].kind {
            KindData::Assessment(a) => Some(a),
            _ => None,
        }
    }
}

/// Checks every cross-reference in `content`; `shortcode_names` are the available templates.
pub fn validate(
    content: &Content,
    config: &Config,
    shortcode_names: &BTreeSet<String>,
) -> Result<(References, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut refs = References::default();
    collect_definitions(content, &mut refs, &mut problems);
    for (index, page) in content.pages.iter().enumerate() {
        let calls =
            shortcodes::find(&page.body, &page.source, page.body_line).unwrap_or_else(|list| {
                list.into_iter().for_each(|d| problems.push(d));
                Vec::new()
            });
        check_calls(
            page,
            index,
            &calls,
            shortcode_names,
            &mut refs,
            &mut problems,
        );
        refs.calls.push(calls);
        check_page_refs(page, index, config, &mut refs, &mut problems);
    }
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    problems.extend(uncited_readings(content, &refs));
    Ok((refs, problems.sorted()))
}

/// A warning for each reading no page cites.
pub fn uncited_readings(content: &Content, refs: &References) -> Diagnostics {
    uncited_readings_among(content, refs, |_| true)
}

/// A warning for each reading no page cites, of those whose id passes `among` (`serve` warns
/// only about the readings an edit left uncited, not again about every one).
pub fn uncited_readings_among(
    content: &Content,
    refs: &References,
    among: impl Fn(&str) -> bool,
) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for (id, (_, page)) in &refs.readings {
        if among(id) && !refs.cited_by.contains_key(id) {
            let source = &content.pages[*page];
            warnings.push(
                Diagnostic::warning(&source.source, format!("no page cites the reading `{id}`"))
                    .at_line(source.line_of(&format!("id: {id}")))
                    .hint("cite it from a page (front matter `readings:` or {{ cite(id=\"...\") }}), or remove it"),
            );
        }
    }
    warnings.sorted()
}

/// Checks page `index` again after only its body changed (for `serve`): its shortcode calls and
/// the readings it cites. `refs` is updated only when there are no errors.
pub fn revalidate_body(
    content: &Content,
    config: &Config,
    shortcode_names: &BTreeSet<String>,
    refs: &mut References,
    index: usize,
) -> Result<(), Diagnostics> {
    let page = &content.pages[index];
    let mut problems = Diagnostics::new();
    let calls = shortcodes::find(&page.body, &page.source, page.body_line).unwrap_or_else(|list| {
        list.into_iter().for_each(|d| problems.push(d));
        Vec::new()
    });
    let before = refs.cited_by.clone();
    for pages in refs.cited_by.values_mut() {
        pages.remove(&index);
    }
    refs.cited_by.retain(|_, pages| !pages.is_empty());
    check_calls(page, index, &calls, shortcode_names, refs, &mut problems);
    check_page_refs(page, index, config, refs, &mut problems);
    if problems.has_errors() {
        refs.cited_by = before;
        return Err(problems.sorted());
    }
    refs.calls[index] = calls;
    Ok(())
}

/// Indexes readings and assessments, reporting ids defined twice.
fn collect_definitions(content: &Content, refs: &mut References, problems: &mut Diagnostics) {
    for (index, page) in content.pages.iter().enumerate() {
        match &page.kind {
            KindData::Readings(entries) => {
                for reading in entries {
                    if let Some((_, other)) = refs.readings.get(&reading.id) {
                        let other = &content.pages[*other];
                        problems.push(
                            Diagnostic::error(
                                &page.source,
                                format!(
                                    "the reading id `{}` is also defined in {}",
                                    reading.id,
                                    other.source.display()
                                ),
                            )
                            .at_line(page.line_of(&format!("id: {}", reading.id)))
                            .hint("give each reading one entry, or a different id"),
                        );
                    } else {
                        refs.readings
                            .insert(reading.id.clone(), (reading.clone(), index));
                    }
                }
            }
            KindData::Assessment(assessment) => {
                if let Some(&other) = refs.assessments.get(&assessment.id) {
                    problems.push(
                        Diagnostic::error(
                            &page.source,
                            format!(
                                "the assessment id `{}` is also used by {}",
                                assessment.id,
                                content.pages[other].source.display()
                            ),
                        )
                        .at_line(crate::yaml::key_line(
                            &page.front_matter,
                            "id",
                            page.front_matter_line,
                        ))
                        .hint("give each assessment its own id"),
                    );
                } else {
                    refs.assessments.insert(assessment.id.clone(), index);
                }
            }
            _ => {}
        }
    }
}

/// Checks the readings, roles and assessments a page's front matter names.
fn check_page_refs(
    page: &Page,
    index: usize,
    config: &Config,
    refs: &mut References,
    problems: &mut Diagnostics,
) {
    let role_ids: Vec<&str> = config.roles.iter().map(|r| r.id.as_str()).collect();
    let cite = |id: &str, field: &str, refs: &mut References, problems: &mut Diagnostics| {
        if refs.readings.contains_key(id) {
            refs.cited_by
                .entry(id.to_string())
                .or_default()
                .insert(index);
        } else {
            problems.push(unknown(
                "reading",
                id,
                page,
                field,
                refs.readings.keys().map(String::as_str),
            ));
        }
    };
    let role = |id: &str, problems: &mut Diagnostics| {
        if !role_ids.contains(&id) {
            problems.push(
                unknown("role", id, page, "roles", role_ids.iter().copied())
                    .hint("declare the role under `roles:` in config.yaml, or correct the id"),
            );
        }
    };
    for id in &page.meta.readings {
        cite(id, "readings", refs, problems);
    }
    for id in &page.meta.roles {
        role(id, problems);
        refs.roles.entry(id.clone()).or_default().insert(index);
    }
    for tag in &page.meta.tags {
        refs.tags.entry(tag.clone()).or_default().insert(index);
    }
    let mut assessment_ids = Vec::new();
    match &page.kind {
        KindData::Principle(p) => p
            .sources
            .iter()
            .for_each(|id| cite(id, "sources", refs, problems)),
        KindData::Module(m) => {
            for activity in &m.activities {
                activity
                    .readings
                    .iter()
                    .for_each(|id| cite(id, "activities", refs, problems));
                assessment_ids.extend(activity.assessment.iter().cloned());
            }
            assessment_ids.extend(m.assessments.iter().cloned());
        }
        KindData::Competencies(list) => {
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
                competency.roles.iter().for_each(|r| role(r, problems));
            }
        }
        KindData::Assessment(a) => a
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .flat_map(|i| &i.roles)
            .for_each(|r| role(r, problems)),
        _ => {}
    }
    for id in assessment_ids {
        if !refs.assessments.contains_key(&id) {
            problems.push(unknown(
                "assessment",
                &id,
                page,
                "assessments",
                refs.assessments.keys().map(String::as_str),
            ));
        }
    }
}

/// Checks shortcode calls: known templates, and the ids `cite` and `assessment` name.
fn check_calls(
    page: &Page,
    index: usize,
    calls: &[Call],
    names: &BTreeSet<String>,
    refs: &mut References,
    problems: &mut Diagnostics,
) {
    // The assessments on this page so far, with their lines: a second copy of a form would
    // repeat its element ids and share its saved answers.
    let mut embedded: BTreeMap<&str, usize> = BTreeMap::new();
    let own = match &page.kind {
        KindData::Assessment(assessment) => Some(assessment.id.as_str()),
        _ => None,
    };
    for call in calls {
        let at = |message: String, hint: &str| {
            Diagnostic::error(&page.source, message)
                .at(call.line, None)
                .hint(hint)
        };
        if !names.contains(&call.name) {
            let near = closest(&call.name, names.iter().map(String::as_str))
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            problems.push(at(
                format!("unknown shortcode `{}`{near}", call.name),
                "use a shortcode from the theme, or add templates/shortcodes/NAME.html",
            ));
            continue;
        }
        let (table, kind) = match call.name.as_str() {
            "cite" => (
                refs.readings.keys().map(String::as_str).collect::<Vec<_>>(),
                "reading",
            ),
            "assessment" => (
                refs.assessments.keys().map(String::as_str).collect(),
                "assessment",
            ),
            _ => continue,
        };
        let Some(id) = call.args.get("id").and_then(|v| v.as_text()) else {
            problems.push(at(
                format!("the `{}` shortcode needs an `id` in quotes", call.name),
                r#"write it like {{ cite(id="nasw-2018-code") }}"#,
            ));
            continue;
        };
        if !table.contains(&id) {
            let near = closest(id, table.iter().copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            problems.push(at(
                format!("unknown {kind} id `{id}`{near}"),
                "use an id defined in the site's content",
            ));
        } else if kind == "reading" {
            refs.cited_by
                .entry(id.to_string())
                .or_default()
                .insert(index);
        } else if own == Some(id) {
            problems.push(at(
                format!("this page is the assessment `{id}`, and shows its form already"),
                "remove the shortcode: an assessment's own page shows its form",
            ));
        } else if let Some(first) = embedded.insert(id, call.line) {
            problems.push(at(
                format!("the assessment `{id}` is already on this page (line {first})"),
                "show each assessment once per page; elsewhere, link to its page",
            ));
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
    let near = closest(id, known).map_or(String::new(), |n| format!("; did you mean `{n}`?"));
    Diagnostic::error(&page.source, format!("unknown {kind} id `{id}`{near}"))
        .at_line(page.line_of_id(key, id))
        .hint(format!(
            "use the id of a {kind} defined in the site, or correct the spelling"
        ))
}
