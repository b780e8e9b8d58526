//! The references a page's body makes through shortcodes: each call must name a template that
//! exists, and `cite`, `term` and `assessment` an id that does.

use super::References;
use crate::content::kinds::KindData;
use crate::content::Page;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::shortcodes::Call;
use std::collections::{BTreeMap, BTreeSet};

/// Checks shortcode calls: known templates, and the ids `cite` and `assessment` name.
pub(super) fn check_calls(
    page: &Page,
    index: usize,
    calls: &[Call],
    names: &BTreeSet<String>,
    refs: &mut References,
    problems: &mut Diagnostics,
) {
    let mut body = Body {
        page,
        index,
        own_assessment: match &page.kind {
            KindData::Assessment(assessment) => Some(assessment.id.as_str()),
            _ => None,
        },
        embedded: BTreeMap::new(),
        terms: BTreeMap::new(),
    };
    for call in calls {
        if let Some(problem) = body.check_call(call, names, refs) {
            problems.push(problem);
        }
    }
}

/// The body of page `index` under check, call by call.
struct Body<'a> {
    page: &'a Page,
    index: usize,
    /// The id of the assessment this page defines, if it is one.
    own_assessment: Option<&'a str>,
    /// The assessments on this page so far, with their lines: a second copy of a form would
    /// repeat its element ids and share its saved answers.
    embedded: BTreeMap<&'a str, usize>,
    /// The glossary terms linked on this page so far, with their lines: only a term's first
    /// use is linked, so that a page is not a sea of links.
    terms: BTreeMap<&'a str, usize>,
}

impl<'a> Body<'a> {
    /// The problem with `call`, if any (there is at most one); a good `cite` is recorded.
    fn check_call(
        &mut self,
        call: &'a Call,
        names: &BTreeSet<String>,
        refs: &mut References,
    ) -> Option<Diagnostic> {
        if !names.contains(&call.name) {
            let near = did_you_mean(&call.name, names.iter().map(String::as_str));
            return Some(self.error(
                call,
                format!("unknown shortcode `{}`{near}", call.name),
                "use a shortcode from the theme, or add templates/shortcodes/NAME.html",
            ));
        }
        match call.name.as_str() {
            "cite" => self.check_cite(call, refs).err(),
            "assessment" => self.check_embed(call, refs).err(),
            "term" => self.check_term(call, refs).err(),
            _ => None,
        }
    }

    /// A `cite` must name a known reading; one that does counts as cited by this page.
    fn check_cite(&self, call: &Call, refs: &mut References) -> Result<(), Diagnostic> {
        let id = self.id_argument(call)?;
        if !refs.readings.contains_key(id) {
            if refs.ids_incomplete.readings {
                return Ok(());
            }
            return Err(self.unknown_id(call, "reading", id, refs.readings.keys()));
        }
        refs.cited_by
            .entry(id.to_string())
            .or_default()
            .insert(self.index);
        Ok(())
    }

    /// An `assessment` must name a known assessment, other than the page's own, once per page.
    fn check_embed(&mut self, call: &'a Call, refs: &References) -> Result<(), Diagnostic> {
        let id = self.id_argument(call)?;
        if !refs.assessments.contains_key(id) {
            if refs.ids_incomplete.assessments {
                return Ok(());
            }
            return Err(self.unknown_id(call, "assessment", id, refs.assessments.keys()));
        }
        if self.own_assessment == Some(id) {
            return Err(self.error(
                call,
                format!("this page is the assessment `{id}`, and shows its form already"),
                "remove the shortcode: an assessment's own page shows its form",
            ));
        }
        if let Some(first) = self.embedded.insert(id, call.line) {
            return Err(self.error(
                call,
                format!("the assessment `{id}` is already on this page (line {first})"),
                "show each assessment once per page; elsewhere, link to its page",
            ));
        }
        Ok(())
    }

    /// A `term` must name a glossary term, and link it once per page (at its first use).
    fn check_term(&mut self, call: &'a Call, refs: &References) -> Result<(), Diagnostic> {
        let id = self.id_argument(call)?;
        if !refs.terms.contains_key(id) {
            if refs.ids_incomplete.terms {
                return Ok(());
            }
            return Err(self.unknown_id(call, "glossary term", id, refs.terms.keys()));
        }
        if let Some(first) = self.terms.insert(id, call.line) {
            return Err(self.error(
                call,
                format!("the term `{id}` is already linked on this page (line {first})"),
                "link a term only where it is first used; write it as plain text after that",
            ));
        }
        Ok(())
    }

    /// The quoted `id` argument that `cite`, `term` and `assessment` need.
    fn id_argument<'c>(&self, call: &'c Call) -> Result<&'c str, Diagnostic> {
        call.args
            .get("id")
            .and_then(|v| v.as_text())
            .ok_or_else(|| {
                self.error(
                    call,
                    format!("the `{}` shortcode needs an `id` in quotes", call.name),
                    r#"write it like {{ cite(id="nasw-2018-code") }}"#,
                )
            })
    }

    /// An unknown `kind` id in `call`, with the closest of the `known` ids.
    fn unknown_id<'k>(
        &self,
        call: &Call,
        kind: &str,
        id: &str,
        known: impl Iterator<Item = &'k String>,
    ) -> Diagnostic {
        let near = did_you_mean(id, known.map(String::as_str));
        self.error(
            call,
            format!("unknown {kind} id `{id}`{near}"),
            "use an id defined in the site's content",
        )
    }

    /// A problem with `call`, at its line.
    fn error(&self, call: &Call, message: String, hint: &str) -> Diagnostic {
        Diagnostic::error(&self.page.source, message)
            .at(call.line, None)
            .hint(hint)
    }
}
