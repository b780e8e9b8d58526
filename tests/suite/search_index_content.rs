//! What the search index holds, read straight from Pagefind's page fragments of the real
//! toolkit (no browser): page furniture (tag and role chips, source credits, readings, "Cited
//! by" and "Matters for" lines, the generated "In this toolkit" / "In this section" / "Sources"
//! sections, an assessment's tools) is not in it; each assessment question is, under its own
//! anchor titled with its text, on its assessment's page only (not where it is embedded).

use crate::toolkit;

use serde_json::Value;
use std::io::Read;

/// Every page fragment of the built toolkit's index, as JSON.
fn fragments(site: &toolkit::BuiltToolkit) -> Vec<Value> {
    let folder = site.root().join("pagefind/fragment");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the index has fragments") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .expect("a fragment is gzipped text");
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("Pagefind's marker");
        pages.push(serde_json::from_str(json).expect("a fragment is JSON"));
    }
    pages
}

fn page<'a>(pages: &'a [Value], url: &str) -> &'a Value {
    pages
        .iter()
        .find(|p| p["url"] == url)
        .unwrap_or_else(|| panic!("{url} is indexed"))
}

fn anchor_titles(page: &Value) -> Vec<String> {
    page["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["title"]
                .as_str()
                .or(a["text"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn furniture_stays_out_and_every_question_is_in_under_its_anchor() {
    let site = toolkit::build("https://example.org/toolkit/");
    let pages = fragments(&site);
    assert!(pages.len() >= 20, "{} pages indexed", pages.len());
    for page in &pages {
        let url = page["url"].as_str().unwrap();
        let content = page["content"].as_str().unwrap();
        for furniture in [
            "#values",
            "#ethics",
            "Matters for:",
            "Cited by:",
            "Source:",
            "In the reading list",
            "Team view",
            "Compare with an earlier snapshot",
            "Delete this record",
        ] {
            assert!(!content.contains(furniture), "{url} indexes {furniture:?}");
        }
        for heading in ["In this toolkit", "In this section", "Sources", "Readings"] {
            assert!(
                !anchor_titles(page).iter().any(|t| t == heading),
                "{url} has a sub-result {heading:?}"
            );
        }
    }

    let assessment = page(&pages, "/assessments/how-well-are-we-partnering/");
    let question = assessment["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "how-well-are-we-partnering-power-imbalance")
        .expect("the question has its anchor");
    assert_eq!(
        question["title"],
        "Differences in power between our agencies keep the partner from speaking freely."
    );
    assert!(assessment["content"]
        .as_str()
        .unwrap()
        .contains("Differences in power between our agencies keep the partner"));
    // A text question (a label, which Pagefind skips) is indexed through its title too.
    let text_question = assessment["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "how-well-are-we-partnering-notes-item")
        .expect("the text question has its anchor");
    let title = text_question["title"].as_str().unwrap();
    assert!(
        assessment["content"].as_str().unwrap().contains(title),
        "{title:?}"
    );

    // Module Five embeds the same assessment: its questions are found on the assessment's page.
    let module = page(&pages, "/modules/module-five/");
    assert!(
        !module["content"]
            .as_str()
            .unwrap()
            .contains("Differences in power between our agencies"),
        "the embedded copy is not indexed"
    );
}

#[test]
fn every_glossary_term_is_indexed_under_its_own_entry() {
    let root = toolkit::repository_root();
    let content = partnerkit::content::load(&root, false).expect("the toolkit's content loads");
    let terms: Vec<partnerkit::glossary::Term> = content
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            partnerkit::content::kinds::KindData::Glossary(terms) => Some(terms.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(terms.len() >= 10, "the toolkit has a glossary: {terms:?}");

    let site = toolkit::build("https://example.org/toolkit/");
    let pages = fragments(&site);
    let glossary = page(&pages, "/glossary/");
    let text = glossary["content"].as_str().unwrap();
    for term in &terms {
        // A search for the term lands on its entry: an anchor at the entry, titled with it.
        let anchor = glossary["anchors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == term.id.as_str())
            .unwrap_or_else(|| panic!("no anchor for the term `{}`", term.id));
        assert_eq!(anchor["title"], term.term.as_str(), "{anchor}");
        let start = term.definition.chars().take(40).collect::<String>();
        assert!(text.contains(&start), "{start:?} is not indexed");
    }
}
