//! The bibliography: reading entries, their APA-style rendering, and in-text citations.
//!
//! References follow APA 7th edition: no publisher location, no publisher when it is the
//! author, up to 20 authors (then the first 19, an ellipsis and the last), and a letter after
//! the year (2018a, 2018b) when one author has several works in the same year.
//!
//! Pages cite readings by id (front matter `readings:`, a principle's `sources:`, a module
//! activity's `readings:` or the `cite` shortcode); the reading list shows, for each entry,
//! the pages that cite it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// APA 7 lists up to this many authors in a reference; longer lists are shortened.
const MAX_LISTED_AUTHORS: usize = 20;

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
    /// Accepted so that older lists still build, but never shown: APA 7 leaves it out.
    pub place: Option<String>,
    pub url: Option<String>,
    /// Where a reader can find the work when there is no link: who publishes or hosts it and
    /// what to search for.
    pub find: Option<String>,
    #[serde(rename = "type")]
    pub reading_type: Option<ReadingType>,
    #[serde(default)]
    pub note: String,
    /// "a", "b"... when the same authors have several works dated the same year; set by
    /// [`disambiguate`].
    #[serde(skip)]
    pub year_suffix: String,
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

/// The heading of the reading-list group for entries that name no `type`.
pub const UNTYPED_HEADING: &str = "Other works";

/// An entry's APA-style parts, for templates to put together with their own markup.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ApaParts {
    /// "National Association of Social Workers." or "Smith, J., & Lee, K." (may be empty).
    pub authors: String,
    /// "(2018)." "(2018a)." or "(n.d.)."
    pub date: String,
    /// The title, set in italics by the template.
    pub title: String,
    /// What closes the title: "." unless the title ends in its own "?", "!" or ".".
    pub title_stop: String,
    /// "Children's Bureau." (empty when there is no publisher or it is the author).
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

    /// "2018", "2018a", "n.d." or "n.d.-a", as APA writes them.
    fn year_text(&self) -> String {
        match (self.year, self.year_suffix.as_str()) {
            (Some(year), suffix) => format!("{year}{suffix}"),
            (None, "") => "n.d.".to_string(),
            (None, suffix) => format!("n.d.-{suffix}"),
        }
    }

    /// The heading of the reading-list group this entry belongs to.
    pub fn group_heading(&self) -> &'static str {
        self.reading_type
            .map_or(UNTYPED_HEADING, ReadingType::heading)
    }

    /// The in-text citation, e.g. "National Association of Social Workers, 2018a".
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

    /// The author list of a reference: all of up to 20, else the first 19, "..." and the last.
    fn author_list(&self) -> String {
        let authors = &self.authors;
        let list = match authors.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] if authors.len() <= MAX_LISTED_AUTHORS => {
                format!("{}, & {last}", init.join(", "))
            }
            [.., last] => format!(
                "{}, . . . {last}",
                authors[..MAX_LISTED_AUTHORS - 1].join(", ")
            ),
        };
        if list.is_empty() || list.ends_with('.') {
            list
        } else {
            format!("{list}.")
        }
    }

    /// The publisher, unless APA 7 leaves it out: none given, "Author", or the same as the
    /// (only) author.
    fn shown_publisher(&self) -> Option<&str> {
        let publisher = self.publisher.as_deref()?.trim();
        let is_author = publisher.eq_ignore_ascii_case("author")
            || self.authors.iter().any(|a| a.trim() == publisher);
        (!publisher.is_empty() && !is_author).then_some(publisher)
    }

    /// The reference-list entry in APA style, split into parts.
    pub fn apa(&self) -> ApaParts {
        ApaParts {
            authors: self.author_list(),
            date: format!("({}).", self.year_text()),
            title: self.title.clone(),
            title_stop: if self.title.ends_with(['?', '!', '.']) {
                String::new()
            } else {
                ".".into()
            },
            publication: self
                .shown_publisher()
                .map(|p| {
                    if p.ends_with('.') {
                        p.to_string()
                    } else {
                        format!("{p}.")
                    }
                })
                .unwrap_or_default(),
        }
    }
}

/// Gives works by the same authors in the same year the letters APA asks for (2018a, 2018b),
/// in order of title, so that their citations can be told apart.
pub fn disambiguate(entries: &mut [Reading]) {
    let mut groups: BTreeMap<(Vec<String>, Option<u32>), Vec<usize>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        // A work without authors is cited by its title, so it never shares a citation.
        if entry.authors.is_empty() {
            continue;
        }
        let authors = entry
            .authors
            .iter()
            .map(|a| a.trim().to_lowercase())
            .collect();
        groups.entry((authors, entry.year)).or_default().push(index);
    }
    for (_, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort_by_key(|&i| title_sort_key(&entries[i].title));
        for (n, &index) in members.iter().enumerate() {
            entries[index].year_suffix = suffix_letters(n);
        }
    }
}

/// APA orders same-year works by title, ignoring a leading "A", "An" or "The".
fn title_sort_key(title: &str) -> String {
    let lower = title.trim().to_lowercase();
    ["a ", "an ", "the "]
        .iter()
        .find_map(|article| lower.strip_prefix(article))
        .map_or(lower.clone(), str::to_string)
}

/// "a" for 0, ..., "z" for 25, then "aa", "ab"...
fn suffix_letters(n: usize) -> String {
    let letter = |k: usize| char::from(b'a' + (k % 26) as u8);
    if n < 26 {
        letter(n).to_string()
    } else {
        format!("{}{}", letter(n / 26 - 1), letter(n))
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
            publisher: None,
            place: None,
            url: None,
            find: None,
            reading_type: Some(ReadingType::Policy),
            note: String::new(),
            year_suffix: String::new(),
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
        assert_eq!(apa.publication, "");
        assert_eq!(apa.title_stop, ".");
    }

    #[test]
    fn a_title_with_its_own_question_mark_gets_no_period() {
        let mut entry = reading(&["Smith, J."], Some(2020));
        entry.title = "Should we partner?".into();
        assert_eq!(entry.apa().title_stop, "");
    }

    #[test]
    fn the_place_is_never_shown_and_a_publisher_is() {
        let mut entry = reading(&["National Technical Assistance Center"], Some(2010));
        entry.place = Some("Washington, DC".into());
        entry.publisher = Some("Children\u{2019}s Bureau".into());
        assert_eq!(entry.apa().publication, "Children\u{2019}s Bureau.");
    }

    #[test]
    fn a_publisher_that_is_the_author_is_left_out() {
        let org = "National Association of Social Workers";
        let mut entry = reading(&[org], Some(2018));
        entry.publisher = Some("Author".into());
        assert_eq!(entry.apa().publication, "");
        entry.publisher = Some(org.into());
        assert_eq!(entry.apa().publication, "");
    }

    fn people(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Person{i}, A.")).collect()
    }

    #[test]
    fn twenty_authors_are_all_listed() {
        let names = people(20);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let list = reading(&refs, Some(2020)).apa().authors;
        assert!(list.starts_with("Person1, A., Person2, A.,"), "{list}");
        assert!(list.ends_with("Person19, A., & Person20, A."), "{list}");
    }

    #[test]
    fn more_than_twenty_authors_list_nineteen_an_ellipsis_and_the_last() {
        let names = people(25);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let list = reading(&refs, Some(2020)).apa().authors;
        assert!(list.contains("Person19, A., . . . Person25, A."), "{list}");
        assert!(!list.contains("Person20,"), "{list}");
        assert!(!list.contains('&'), "{list}");
    }

    #[test]
    fn same_author_and_year_get_letters_in_title_order() {
        let nasw = "National Association of Social Workers";
        let mut speaks = reading(&[nasw], Some(2018));
        speaks.title = "Social work speaks".into();
        let mut code = reading(&[nasw], Some(2018));
        code.title = "The code of ethics".into();
        let other_year = reading(&[nasw], Some(2017));
        let mut entries = vec![speaks, code, other_year];
        disambiguate(&mut entries);
        assert_eq!(entries[1].citation(), format!("{nasw}, 2018a"));
        assert_eq!(entries[0].citation(), format!("{nasw}, 2018b"));
        assert_eq!(entries[0].apa().date, "(2018b).");
        assert_eq!(entries[2].citation(), format!("{nasw}, 2017"));
    }

    #[test]
    fn undated_works_by_one_author_get_lettered_n_d() {
        let mut entries = vec![reading(&["CDC"], None), reading(&["CDC"], None)];
        entries[1].title = "Another".into();
        disambiguate(&mut entries);
        assert_eq!(entries[1].citation(), "CDC, n.d.-a");
        assert_eq!(entries[0].apa().date, "(n.d.-b).");
    }

    #[test]
    fn works_without_authors_get_no_letters() {
        let mut entries = vec![reading(&[], None), reading(&[], None)];
        entries[1].title = "Another".into();
        disambiguate(&mut entries);
        assert_eq!(entries[0].apa().date, "(n.d.).");
        assert_eq!(entries[1].citation(), "\u{201c}Another\u{201d}, n.d.");
    }

    #[test]
    fn awkward_entries_never_panic() {
        let awkward = [
            "",
            ",",
            "\u{e9}, \u{c9}.",
            "\u{1f642}",
            "Author",
            " ",
            "?",
            "a\r\nb",
        ];
        let mut entries = Vec::new();
        for author in awkward {
            for title in awkward {
                let mut entry = reading(&[author, author], None);
                entry.title = title.to_string();
                entry.publisher = Some(author.to_string());
                entries.push(entry);
            }
        }
        disambiguate(&mut entries);
        for entry in &entries {
            let _ = (entry.citation(), entry.apa());
        }
    }

    #[test]
    fn an_entry_without_a_type_goes_under_other_works() {
        let mut entry = reading(&["CDC"], None);
        entry.reading_type = None;
        assert_eq!(entry.group_heading(), UNTYPED_HEADING);
        assert_eq!(suffix_letters(26), "aa");
    }
}
