//! Stage 2, validate: check what pages say about each other, and index it for rendering.
//!
//! Readings cited, assessments embedded, roles named and shortcodes called must all exist;
//! ids must be unique across files. The result, [`References`], is the plain lookup table the
//! Markdown and template stages use (bibliography, assessments, tags, roles, cited-by).

mod front_matter;
mod shortcode_calls;

use crate::assessment::model::Assessment;
use crate::config::Config;
use crate::content::kinds::KindData;
use crate::content::{is_slug, not_a_slug, Content, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::glossary::Term;
use crate::readings::Reading;
use crate::shortcodes::{self, Call};
use front_matter::{check_page_refs, check_register_target, check_tag_addresses};
use shortcode_calls::check_calls;
use std::collections::{BTreeMap, BTreeSet};

/// Cross-references between pages, gathered once and shared by the later stages.
#[derive(Debug, Default)]
pub struct References {
    /// Reading id → (entry, index of the readings page defining it).
    pub readings: BTreeMap<String, (Reading, usize)>,
    /// Reading id → pages citing it, in page order.
    pub cited_by: BTreeMap<String, BTreeSet<usize>>,
    /// Glossary term id → (entry, index of the glossary page defining it).
    pub terms: BTreeMap<String, (Term, usize)>,
    /// Assessment id → index of its page.
    pub assessments: BTreeMap<String, usize>,
    /// Tag → pages carrying it.
    pub tags: BTreeMap<String, BTreeSet<usize>>,
    /// Role id → pages naming it.
    pub roles: BTreeMap<String, BTreeSet<usize>>,
    /// Shortcode calls of each page, by page index. A build empties it once validation is
    /// done and finds each page's calls again as it renders the page (kept, they were about
    /// 1.7 KB a page of its peak memory, issue #19); `serve` keeps them.
    pub calls: Vec<Vec<Call>>,
    /// The kinds of id a file that failed to load may define: an id of that kind not found is
    /// not reported as unknown until that file loads.
    pub ids_incomplete: crate::content::MayDefine,
}

impl References {
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
    let mut refs = References {
        ids_incomplete: content.unloaded_may_define,
        ..References::default()
    };
    collect_definitions(content, &mut refs, &mut problems);
    for (index, page) in content.pages.iter().enumerate() {
        let calls = page_calls(content, index, &mut problems);
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
        check_register_target(page, content, &refs, &mut problems);
        check_activity_texts(page, config, &mut problems);
    }
    check_tag_addresses(content, &mut problems);
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    problems.extend(uncited_readings(content, &refs));
    Ok((refs, problems.sorted()))
}

/// The shortcode calls in page `index`'s body; none, with the problems added to `problems`,
/// if the body cannot be read or a call cannot be parsed.
fn page_calls(content: &Content, index: usize, problems: &mut Diagnostics) -> Vec<Call> {
    let page = &content.pages[index];
    content
        .body(index)
        .map_err(|problem| vec![problem])
        .and_then(|body| shortcodes::find(&body, &page.source, page.body_line))
        .unwrap_or_else(|list| {
            list.into_iter().for_each(|d| problems.push(d));
            Vec::new()
        })
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
                    .at_line(source.line_of(&reading_path(source, id)))
                    .hint("cite it from a page (front matter `readings:` or {{ cite(id=\"...\") }}), or remove it"),
            );
        }
    }
    warnings.sorted()
}

/// The front matter path of the reading `id` on readings page `page`: `entries[3].id`.
fn reading_path(page: &Page, id: &str) -> String {
    let position = match &page.kind {
        KindData::Readings(entries) => entries.iter().position(|r| r.id == id),
        _ => None,
    };
    format!("entries[{}].id", position.unwrap_or(0))
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
    let calls = page_calls(content, index, &mut problems);
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

/// A module activity's `text:` is Markdown shown on the module page: it may hold no script
/// address, nor (unless the site allows it) active raw HTML.
fn check_activity_texts(page: &crate::content::Page, config: &Config, problems: &mut Diagnostics) {
    let KindData::Module(module) = &page.kind else {
        return;
    };
    let allow_html = config.security.allow_unsafe_html;
    for (index, activity) in module.activities.iter().enumerate() {
        for what in crate::markdown::unsafe_parts_of_fragment(&activity.text, allow_html) {
            problems.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "the text of the activity \"{}\" holds {what}, which could run code in readers' browsers",
                        activity.title
                    ),
                )
                .at_line(page.line_of(&format!("activities[{index}].text")))
                .hint("take it out; link to pages and https:// addresses only"),
            );
        }
    }
}

/// A reading's `url:` becomes a link on every page citing it: a script address is an error.
fn check_reading_url(
    page: &crate::content::Page,
    index: usize,
    reading: &Reading,
    problems: &mut Diagnostics,
) {
    let Some(url) = &reading.url else { return };
    if let Some(scheme) = crate::markdown::script_scheme(url) {
        let line = page.line_of(&format!("entries[{index}].url"));
        problems.push(
            Diagnostic::error(
                &page.source,
                format!(
                    "the url of the reading `{}` is a `{scheme}:` address, which could run code in a reader's browser",
                    reading.id
                ),
            )
            .at_line(line)
            .hint("give the full https:// address of the work, or leave `url:` out"),
        );
    }
}

/// Indexes readings and assessments, reporting ids defined twice.
fn collect_definitions(content: &Content, refs: &mut References, problems: &mut Diagnostics) {
    for (index, page) in content.pages.iter().enumerate() {
        match &page.kind {
            KindData::Readings(entries) => {
                for (i, reading) in entries.iter().enumerate() {
                    let line = || page.line_of(&format!("entries[{i}].id"));
                    check_reading_url(page, i, reading, problems);
                    if !is_slug(&reading.id) {
                        problems.push(
                            not_a_slug(&page.source, "reading id", &reading.id).at_line(line()),
                        );
                    } else if let Some((_, other)) = refs.readings.get(&reading.id) {
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
                            .at_line(line())
                            .hint("give each reading one entry, or a different id"),
                        );
                    } else {
                        refs.readings
                            .insert(reading.id.clone(), (reading.clone(), index));
                    }
                }
            }
            KindData::Glossary(terms) => collect_terms(content, index, terms, refs, problems),
            KindData::Assessment(assessment) => {
                if !is_slug(&assessment.id) {
                    let problem = not_a_slug(&page.source, "assessment id", &assessment.id);
                    problems.push(problem.at_line(page.line_of("id")));
                } else if let Some(&other) = refs.assessments.get(&assessment.id) {
                    problems.push(
                        Diagnostic::error(
                            &page.source,
                            format!(
                                "the assessment id `{}` is also used by {}",
                                assessment.id,
                                content.pages[other].source.display()
                            ),
                        )
                        .at_line(page.line_of("id"))
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

/// Indexes the terms of glossary page `index`, reporting a term another glossary page defines.
fn collect_terms(
    content: &Content,
    index: usize,
    terms: &[Term],
    refs: &mut References,
    problems: &mut Diagnostics,
) {
    let page = &content.pages[index];
    for (position, term) in terms.iter().enumerate() {
        match refs.terms.get(&term.id) {
            Some((_, other)) if *other != index => problems.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "the term id `{}` is also defined in {}",
                        term.id,
                        content.pages[*other].source.display()
                    ),
                )
                .at_line(page.line_of(&format!("terms[{position}].id")))
                .hint("give each term one entry, in one glossary"),
            ),
            Some(_) => {}
            None => {
                refs.terms.insert(term.id.clone(), (term.clone(), index));
            }
        }
    }
}
