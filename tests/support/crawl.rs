//! What a crawl of a served site learns, page by page, and the problems it finds: references
//! to other hosts, resources that failed to load, requests that left the site's origin,
//! ungrouped radio buttons, sideways scrolling, and `#anchors` with no matching id.
//!
//! Declared once in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use percent_encoding::percent_decode_str;
use url::Url;

use crate::page_probe::PageFacts;

/// Each crawled page's ids, every same-origin reference with the pages it is on, and problems.
#[derive(Default)]
pub struct Crawl {
    ids: HashMap<String, BTreeSet<String>>,
    pub referrers: BTreeMap<String, BTreeSet<String>>,
    pub problems: Vec<String>,
}

impl Crawl {
    /// Records one page's facts and the problems visible on the page itself; `hosts` are the
    /// origins it has requested anything from (see `Browser::resource_hosts`).
    pub fn record(&mut self, page: &str, facts: &PageFacts, origin: &str, hosts: &[String]) {
        self.ids
            .insert(page.to_string(), facts.ids.iter().cloned().collect());
        for reference in &facts.refs {
            if ["data:", "mailto:", "tel:"]
                .iter()
                .any(|scheme| reference.url.starts_with(scheme))
            {
                continue; // no request to anyone
            }
            // A folder handed to a script (data-pagefind) is checked through what the script loads.
            if reference.kind.starts_with("data-") && reference.url.ends_with('/') {
                continue;
            }
            let same_origin = reference.url.starts_with(&format!("{origin}/"));
            // Following a link to another site is the reader's choice; loading from one is not.
            let is_request = !matches!(reference.kind.as_str(), "a" | "area");
            if same_origin {
                self.referrers
                    .entry(reference.url.clone())
                    .or_default()
                    .insert(page.to_string());
            } else if is_request {
                self.problems.push(format!(
                    "{page}: {} asks another host: {}",
                    reference.kind, reference.url
                ));
            }
        }
        for resource in facts
            .resources
            .iter()
            .filter(|r| !(200..300).contains(&r.status) && r.status != 304)
        {
            self.problems.push(format!(
                "{page}: loading {} gave status {}",
                resource.url, resource.status
            ));
        }
        if hosts != [origin] {
            self.problems.push(format!(
                "{page}: requests went to {hosts:?}, not only {origin}"
            ));
        }
        for radio in &facts.radio_problems {
            self.problems.push(format!("{page}: {radio}"));
        }
        if facts.overflows() {
            self.problems.push(format!(
                "{page}: scrolls sideways at {} px (content is {} px wide)",
                facts.client_width, facts.scroll_width
            ));
        }
    }

    /// Checks `#fragment` references against the ids of the page they point at.
    pub fn check_anchors(&mut self) {
        for (url, pages) in &self.referrers {
            let Ok(parsed) = Url::parse(url) else {
                continue;
            };
            let Some(fragment) = parsed.fragment().filter(|f| !f.is_empty()) else {
                continue;
            };
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            let mut target = parsed.clone();
            target.set_fragment(None);
            match self.ids.get(target.as_str()) {
                Some(ids) if ids.contains(fragment.as_ref()) => {}
                Some(_) => self.problems.push(format!(
                    "{url} (from {pages:?}): no id `{fragment}` on the page"
                )),
                None => self.problems.push(format!(
                    "{url} (from {pages:?}): the anchor's page was not crawled"
                )),
            }
        }
    }

    /// The distinct referenced URLs, without fragments, leaving out links within a page.
    pub fn targets(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .referrers
            .iter()
            .filter_map(|(url, pages)| {
                let mut url = Url::parse(url).ok()?;
                url.set_fragment(None);
                let url = url.to_string();
                (pages.len() != 1 || !pages.contains(&url)).then_some(url)
            })
            .collect();
        set.into_iter().collect()
    }

    /// Adds a problem for every target that does not answer 200, naming the pages linking to it.
    pub fn record_statuses(&mut self, statuses: &[(String, u16)]) {
        for (url, status) in statuses.iter().filter(|(_, status)| *status != 200) {
            let from = self.referrers.get(url).cloned().unwrap_or_default();
            self.problems
                .push(format!("{url} answers {status} (linked from {from:?})"));
        }
    }
}
