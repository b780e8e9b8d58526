//! The bibliography: reading entries, their APA-style rendering, and in-text citations.
//!
//! Pages cite readings by id (front matter `readings:`, a principle's `sources:`, a module
//! activity's `readings:` or the `cite` shortcode); the reading list shows, for each entry,
//! the pages that cite it.

use serde::{Deserialize, Serialize};

/// One bibliography entry, as written in a `readings` page's `entries:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub authors: Vec<String>,
    pub year: Option<u32>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    #[serde(rename = "type")]
    pub reading_type: ReadingType,
    #[serde(default)]
    pub note: String,
}

/// The kinds of work a reading can be; the reading list groups entries by these.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReadingType {
    #[serde(rename = "book")]
    Book,
    #[serde(rename = "article")]
    Article,
    #[serde(rename = "web page")]
    WebPage,
    #[serde(rename = "e-learning")]
    ELearning,
    #[serde(rename = "toolkit")]
    Toolkit,
    #[serde(rename = "policy")]
    Policy,
}

impl ReadingType {
    /// The heading of this type's group in the reading list.
    pub fn heading(self) -> &'static str {
        match self {
            ReadingType::Book => "Books",
            ReadingType::Article => "Articles",
            ReadingType::WebPage => "Web pages",
            ReadingType::ELearning => "E-learning",
            ReadingType::Toolkit => "Toolkits and tools",
            ReadingType::Policy => "Codes, policies and reports",
        }
    }
}

/// An entry's APA-style parts, for templates to put together with their own markup.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ApaParts {
    /// "National Association of Social Workers." or "Smith, J., & Lee, K." (may be empty).
    pub authors: String,
    /// "(2018)." or "(n.d.)."
    pub date: String,
    /// The title, set in italics by the template.
    pub title: String,
    /// What closes the title: "." unless the title ends in its own "?", "!" or ".".
    pub title_stop: String,
    /// "Washington, DC: Author." (may be empty).
    pub publication: String,
}

impl Reading {
    /// Whether an author string names a person ("Family, G.") rather than an organization.
    fn is_person(author: &str) -> bool {
        author.contains(',')
    }

    /// The name used in an in-text citation: a person's family name or an organization.
    fn cited_name(author: &str) -> &str {
        if Self::is_person(author) {
            author.split(',').next().unwrap_or(author).trim()
        } else {
            author.trim()
        }
    }

    fn year_text(&self) -> String {
        self.year
            .map_or_else(|| "n.d.".to_string(), |y| y.to_string())
    }

    /// The in-text citation, e.g. "National Association of Social Workers, 2018".
    pub fn citation(&self) -> String {
        let names: Vec<&str> = self.authors.iter().map(|a| Self::cited_name(a)).collect();
        let who = match names.as_slice() {
            [] => format!("\u{201c}{}\u{201d}", self.title),
            [one] => one.to_string(),
            [one, two] => format!("{one} & {two}"),
            [first, ..] => format!("{first} et al."),
        };
        format!("{who}, {}", self.year_text())
    }

    /// The reference-list entry in APA style, split into parts.
    pub fn apa(&self) -> ApaParts {
        let authors = match self.authors.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{}, & {last}", init.join(", ")),
        };
        let authors = if authors.is_empty() || authors.ends_with('.') {
            authors
        } else {
            format!("{authors}.")
        };
        let place_publisher = match (&self.place, &self.publisher) {
            (Some(place), Some(publisher)) => format!("{place}: {publisher}."),
            (None, Some(publisher)) => format!("{publisher}."),
            (Some(place), None) => format!("{place}."),
            (None, None) => String::new(),
        };
        ApaParts {
            authors,
            date: format!("({}).", self.year_text()),
            title: self.title.clone(),
            title_stop: if self.title.ends_with(['?', '!', '.']) {
                String::new()
            } else {
                ".".into()
            },
            publication: place_publisher,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(authors: &[&str], year: Option<u32>) -> Reading {
        Reading {
            id: "x".into(),
            title: "Code of ethics".into(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            year,
            publisher: Some("Author".into()),
            place: Some("Washington, DC".into()),
            url: None,
            reading_type: ReadingType::Policy,
            note: String::new(),
        }
    }

    #[test]
    fn organization_citation() {
        let r = reading(&["National Association of Social Workers"], Some(2018));
        assert_eq!(r.citation(), "National Association of Social Workers, 2018");
    }

    #[test]
    fn people_citations() {
        assert_eq!(
            reading(&["Smith, J.", "Lee, K."], Some(2020)).citation(),
            "Smith & Lee, 2020"
        );
        assert_eq!(
            reading(&["Smith, J.", "Lee, K.", "Diaz, M."], None).citation(),
            "Smith et al., n.d."
        );
    }

    #[test]
    fn apa_parts() {
        let apa = reading(&["Smith, J.", "Lee, K."], Some(2020)).apa();
        assert_eq!(apa.authors, "Smith, J., & Lee, K.");
        assert_eq!(apa.date, "(2020).");
        assert_eq!(apa.publication, "Washington, DC: Author.");
        assert_eq!(apa.title_stop, ".");
    }

    #[test]
    fn a_title_with_its_own_question_mark_gets_no_period() {
        let mut entry = reading(&["Smith, J."], Some(2020));
        entry.title = "Should we partner?".into();
        assert_eq!(entry.apa().title_stop, "");
    }
}
