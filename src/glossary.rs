//! The glossary: a `glossary` page's terms, their checks, and what the `term` shortcode
//! needs to link a word's first use on a page to its entry.
//!
//! A glossary page lists `terms:` in its front matter, each with an `id`, the `term` as
//! readers see it, a `definition` and, when a source document defines it, that `source`.
//! Any page then writes `{{ term(id="casa") }}` (or `{{ term(id="casa", text="CASAs") }}`)
//! at the term's first use; the link goes to the entry on the glossary page.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// One glossary entry, as written in a `glossary` page's `terms:`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The anchor and the id the `term` shortcode names: lowercase letters, digits, `-`.
    pub id: String,
    /// The term as readers see it, e.g. "CASA".
    pub term: String,
    /// The meaning, in plain words.
    pub definition: String,
    /// The document the definition draws on, when one defines the term.
    pub source: Option<String>,
}

/// What a `term` shortcode and the glossary page show of an entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TermView {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub source: Option<String>,
    /// Link to the entry on the glossary page.
    pub href: String,
}

impl TermView {
    /// The view of `term`, whose glossary page is at `page_url` (with the base path).
    pub fn new(term: &Term, page_url: &str) -> TermView {
        TermView {
            id: term.id.clone(),
            term: term.term.clone(),
            definition: term.definition.clone(),
            source: term.source.clone(),
            href: format!("{page_url}#{}", term.id),
        }
    }
}

/// Checks one glossary page's terms: ids are slugs (see [`crate::content::is_slug`]) and used
/// once, no term or definition is empty. `line_of(n, field)` gives the file line of `field` in
/// the `n`-th (0-based) entry, from the YAML positions, so a duplicate is reported at itself.
pub fn check_terms(
    terms: &[Term],
    path: &Path,
    line_of: impl Fn(usize, &str) -> Option<usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (position, term) in terms.iter().enumerate() {
        let id_line = line_of(position, "id");
        if !crate::content::is_slug(&term.id) {
            problems.push(crate::content::not_a_slug(path, "term id", &term.id).at_line(id_line));
        } else if !seen.insert(term.id.as_str()) {
            problems.push(
                Diagnostic::error(
                    path,
                    format!("the term id `{}` is used twice in this glossary", term.id),
                )
                .at_line(id_line)
                .hint("give each term one entry, or a different id"),
            );
        }
        let empty = [("term", &term.term), ("definition", &term.definition)]
            .into_iter()
            .find(|(_, text)| text.trim().is_empty());
        if let Some((field, _)) = empty {
            problems.push(
                Diagnostic::error(
                    path,
                    format!("the term `{}` needs a `term` and a `definition`", term.id),
                )
                .at_line(line_of(position, field).or(id_line))
                .hint("write the word as readers see it and what it means"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str) -> Term {
        Term {
            id: id.into(),
            term: "CASA".into(),
            definition: "A volunteer who speaks up for a child in court.".into(),
            source: None,
        }
    }

    /// Entry `n`'s field sits on line 10 * (n + 1), so a line names the entry it came from.
    fn line_of(n: usize, _field: &str) -> Option<usize> {
        Some(10 * (n + 1))
    }

    #[test]
    fn ids_must_be_slugs() {
        let ok = [term("dependency-court"), term("ncwwi")];
        assert!(check_terms(&ok, Path::new("g.md"), line_of).is_empty());
        for bad in ["", "CASA", "a b", "-x", "x-", "a--b", "../x"] {
            let problems = check_terms(&[term("casa"), term(bad)], Path::new("g.md"), line_of);
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].line, Some(20), "{bad}");
            assert!(problems[0].message.contains("not a valid id"), "{bad}");
        }
    }

    #[test]
    fn a_duplicate_is_reported_at_its_own_line() {
        let problems = check_terms(&[term("casa"), term("casa")], Path::new("g.md"), line_of);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(20));
        assert!(problems[0].message.contains("twice"));
    }

    #[test]
    fn an_empty_definition_is_an_error() {
        let mut entry = term("casa");
        entry.definition = " ".into();
        let problems = check_terms(&[entry], Path::new("g.md"), line_of);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("definition"));
    }

    #[test]
    fn awkward_input_never_panics() {
        let awkward = [
            "",
            "e\u{301}",
            "caf\u{e9}",
            "\u{feff}casa",
            "\u{65e5}\u{672c}",
            "\u{1f642}-x",
            "a\r\nb",
            "\0",
            "-",
        ];
        for id in awkward {
            for text in awkward {
                let mut entry = term(id);
                entry.definition = text.to_string();
                entry.term = text.to_string();
                let _ = check_terms(&[entry.clone(), entry], Path::new("g.md"), |_, _| None);
            }
        }
    }

    #[test]
    fn the_view_links_to_the_entry() {
        let view = TermView::new(&term("casa"), "/kit/glossary/");
        assert_eq!(view.href, "/kit/glossary/#casa");
    }
}
