//! The glossary: a `glossary` page's terms, their checks, and what the `term` shortcode
//! needs to link a word's first use on a page to its entry.
//!
//! A glossary page lists `terms:` in its front matter, each with an `id`, the `term` as
//! readers see it, a `definition` and, when a source document defines it, that `source`.
//! Any page then writes `{{ term(id="casa") }}` (or `{{ term(id="casa", text="CASAs") }}`)
//! at the term's first use; the link goes to the entry on the glossary page.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// Whether `id` can be an anchor and a shortcode argument: lowercase ASCII letters, digits
/// and single hyphens inside.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks one glossary page's terms: ids well formed and used once, no empty term or
/// definition. `line_of_nth_id(id, n)` gives the file line of the `n`-th entry with that id.
pub fn check_terms(
    terms: &[Term],
    path: &Path,
    line_of_nth_id: impl Fn(&str, usize) -> Option<usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for term in terms {
        let count = seen.entry(term.id.as_str()).or_insert(0);
        *count += 1;
        let line = line_of_nth_id(&term.id, *count);
        let error =
            |message: String, hint: &str| Diagnostic::error(path, message).at_line(line).hint(hint);
        if !is_valid_id(&term.id) {
            problems.push(error(
                format!("the term id `{}` cannot be used as a link", term.id),
                "use lowercase letters, digits and hyphens, such as `dependency-court`",
            ));
        }
        if *count == 2 {
            problems.push(error(
                format!("the term id `{}` is used twice in this glossary", term.id),
                "give each term one entry, or a different id",
            ));
        }
        if term.term.trim().is_empty() || term.definition.trim().is_empty() {
            problems.push(error(
                format!("the term `{}` needs a `term` and a `definition`", term.id),
                "write the word as readers see it and what it means",
            ));
        }
    }
    problems
}

/// The file line of the `n`-th (1-based) `id: ID` entry in `front_matter`, which starts at
/// file line `first_line`.
pub fn line_of_nth_id(front_matter: &str, first_line: usize, id: &str, n: usize) -> Option<usize> {
    front_matter
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix("id:")
                .is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == id)
        })
        .nth(n.saturating_sub(1))
        .map(|(i, _)| first_line + i)
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

    #[test]
    fn ids_must_be_lowercase_words_joined_by_hyphens() {
        assert!(is_valid_id("dependency-court"));
        assert!(is_valid_id("ncwwi"));
        for bad in ["", "CASA", "a b", "-x", "x-", "a--b", "café", "../x"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_duplicate_is_reported_at_its_own_line() {
        let yaml = "title: G\nterms:\n  - id: casa\n    term: CASA\n  - id: casa\n";
        let problems = check_terms(&[term("casa"), term("casa")], Path::new("g.md"), |id, n| {
            line_of_nth_id(yaml, 2, id, n)
        });
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(6));
        assert!(problems[0].message.contains("twice"));
    }

    #[test]
    fn awkward_input_never_panics() {
        let awkward = [
            "",
            "e\u{301}",
            "caf\u{e9}",
            "\u{feff}id: casa",
            "- id: casa",
            "id:",
            "id: \"casa\"",
            "\u{65e5}\u{672c}",
            "\u{1f642}-x",
            "a\r\nid: b",
            "\0",
            "-",
            "id: -",
        ];
        for id in awkward {
            for yaml in awkward {
                for n in 0..3 {
                    let _ = line_of_nth_id(yaml, 1, id, n);
                }
                let mut entry = term(id);
                entry.definition = yaml.to_string();
                let _ = check_terms(&[entry.clone(), entry], Path::new("g.md"), |i, n| {
                    line_of_nth_id(yaml, 1, i, n)
                });
            }
        }
    }

    #[test]
    fn the_view_links_to_the_entry() {
        let view = TermView::new(&term("casa"), "/kit/glossary/");
        assert_eq!(view.href, "/kit/glossary/#casa");
    }
}
