//! Template contexts: the typed, serializable values every template receives.
//!
//! Templates see `site` (settings and top navigation), `page` (the page and its kind's data),
//! `section` (the sidebar), `breadcrumbs`, and `prev`/`next` in reading order. Nothing in a
//! template needs to know how the site was loaded.

use crate::config::{Config, Role};
use crate::content::kinds::KindData;
use crate::content::{Content, Page};
use crate::markdown::TocEntry;
use crate::search;
use crate::views::{
    AssessmentView, CitationView, CompetencyView, ModuleView, PrincipleView, ReadingGroup,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A link as templates show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub current: bool,
}

/// The theme's own icon, used when config.yaml names no `favicon` or `logo`.
pub const DEFAULT_ICON: &str = "img/icon.svg";

/// Site-wide values, the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute base URL ending in `/`.
    pub base_url: String,
    /// The path every URL starts with, `/toolkit/` on GitHub Pages.
    pub base_path: String,
    pub roles: Vec<Role>,
    pub search: bool,
    pub offline: bool,
    /// The Content-Security-Policy every page declares (`security.content_security_policy`).
    pub csp: String,
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
    /// The home page and top-level sections, for the header.
    pub nav: Vec<Link>,
    pub search_filters: SearchFilters,
    /// The URL of the site's (first) reading list, where search sends a reader it found
    /// nothing for.
    pub reading_list: Option<String>,
    /// Where "Edit this page" links start (see `Config::edit_base`).
    pub edit_base: Option<String>,
    /// URLs of the site's icon (favicon, web manifest) and header logo; see [`SiteView::brand`].
    pub icon: String,
    pub logo: String,
}

/// What the search panel's filter chips offer: the kinds and role titles of the pages in the
/// search index. Known at build time, so that a first query need not fetch Pagefind's filter
/// chunks just to draw the chips (83 KB of 289 KB at 10,000 pages, benches/search_size.rs);
/// Pagefind fetches a filter's chunk only when a chip is pressed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchFilters {
    pub kind: BTreeSet<&'static str>,
    pub role: BTreeSet<String>,
}

impl SearchFilters {
    pub fn new(config: &Config, content: &Content) -> Self {
        let mut filters = SearchFilters::default();
        if !config.search.enabled {
            return filters;
        }
        let indexed = content
            .pages
            .iter()
            .filter(|page| search::is_indexed(page, &config.search.exclude));
        for page in indexed {
            filters.kind.insert(page.kind.name());
            let roles = page.meta.roles.iter();
            filters
                .role
                .extend(roles.map(|id| crate::config::role_title(&config.roles, id)));
        }
        filters
    }
}

impl SiteView {
    pub fn new(config: &Config, content: &Content) -> Self {
        let base_path = config.base_path();
        let home = &content.pages[0];
        let nav = std::iter::once(0)
            .chain(
                home.children
                    .iter()
                    .copied()
                    .filter(|&i| content.pages[i].is_section),
            )
            .map(|i| link_to(&content.pages[i], &base_path, false))
            .enumerate()
            .map(|(n, link)| {
                if n == 0 {
                    Link {
                        title: "Home".into(),
                        ..link
                    }
                } else {
                    link
                }
            })
            .collect();
        let reading_list = content
            .pages
            .iter()
            .find(|page| matches!(page.kind, KindData::Readings(_)))
            .map(|page| format!("{base_path}{}", page.url));
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_url: config.absolute_base(),
            base_path,
            roles: config.roles.clone(),
            search: config.search.enabled,
            offline: config.offline.enabled,
            csp: config.security.content_security_policy.clone(),
            extra: config.extra.clone(),
            nav,
            search_filters: SearchFilters::new(config, content),
            reading_list,
            edit_base: config.edit_base(),
            icon: String::new(),
            logo: String::new(),
        }
        .brand(config, &BTreeMap::new())
    }

    /// Sets the icon and logo URLs from config.yaml's `favicon` and `logo` (static files, by
    /// their fingerprinted names in `assets`), the theme's `img/icon.svg` otherwise.
    pub fn brand(mut self, config: &Config, assets: &BTreeMap<String, String>) -> Self {
        let url = |path: Option<&String>| {
            let path = path.map_or(DEFAULT_ICON, |p| p.trim_start_matches('/'));
            format!(
                "{}{}",
                self.base_path,
                assets.get(path).map_or(path, String::as_str)
            )
        };
        let icon = url(config.favicon.as_ref().or(config.logo.as_ref()));
        let logo = url(config.logo.as_ref().or(config.favicon.as_ref()));
        self.icon = icon;
        self.logo = logo;
        self
    }

    /// The "Edit this page" address of the file `source` (a path from the site folder).
    pub fn edit_link(&self, source: &std::path::Path) -> Option<String> {
        let path = source.to_string_lossy().replace('\\', "/");
        self.edit_base.as_ref().map(|base| format!("{base}{path}"))
    }
}

/// A link to a loaded page.
pub fn link_to(page: &Page, base_path: &str, current: bool) -> Link {
    Link {
        title: page.meta.title.clone(),
        url: format!("{base_path}{}", page.url),
        description: page.meta.description.clone(),
        current,
    }
}

/// The page itself, with its rendered body and its kind's data.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageView {
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    pub kind: &'static str,
    pub is_section: bool,
    pub is_home: bool,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub tags: Vec<Link>,
    pub roles: Vec<Link>,
    pub readings: Vec<CitationView>,
    pub source: Option<String>,
    /// When the page last changed (front matter `updated:`, else git or the file) and when it
    /// was last reviewed, if it says.
    pub updated: Option<DateView>,
    pub reviewed: Option<DateView>,
    /// "Edit this page", when config.yaml names the repository.
    pub edit_url: Option<String>,
    pub searchable: bool,
    /// A section's pages, in reading order.
    pub pages: Vec<Link>,
    pub principle: Option<PrincipleView>,
    pub module: Option<ModuleView>,
    pub competencies: Option<Vec<CompetencyView>>,
    pub reading_groups: Option<Vec<ReadingGroup>>,
    pub glossary: Option<Vec<crate::glossary::TermView>>,
    pub assessment: Option<AssessmentView>,
}

/// A date as `<time datetime>` wants it and as readers read it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-12-04`
    pub iso: String,
    /// `4 December 2026`
    pub label: String,
}

impl DateView {
    pub fn new(iso: &str) -> Self {
        DateView {
            iso: iso.to_string(),
            label: crate::dates::label(iso),
        }
    }
}

/// The sidebar: the section the page sits in, and its pages.
#[derive(Debug, Clone, Serialize)]
pub struct SectionNav {
    pub title: String,
    pub url: String,
    pub pages: Vec<Link>,
}

/// Everything a page template gets.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub site: &'a SiteView,
    pub page: PageView,
    pub section: Option<SectionNav>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// A generated listing page (tags, roles, the site index, 404).
#[derive(Debug, Serialize)]
pub struct ListingContext<'a> {
    pub site: &'a SiteView,
    pub page: PageView,
    /// For a tag or role page: the term; for the tag list: empty.
    pub term: Option<Link>,
    pub groups: Vec<ListingGroup>,
    pub breadcrumbs: Vec<Link>,
}

/// A titled group of links on a listing page.
#[derive(Debug, Clone, Serialize)]
pub struct ListingGroup {
    pub title: String,
    pub url: Option<String>,
    pub links: Vec<Link>,
    /// A reading path: shown as a numbered list under its own heading.
    pub ordered: bool,
}

/// Pages in reading order: depth-first through sections from the home page.
pub fn reading_order(content: &Content) -> Vec<usize> {
    fn visit(content: &Content, index: usize, order: &mut Vec<usize>) {
        order.push(index);
        for &child in &content.pages[index].children {
            visit(content, child, order);
        }
    }
    let mut order = Vec::with_capacity(content.pages.len());
    if !content.pages.is_empty() {
        visit(content, 0, &mut order);
    }
    order
}

/// Where each of `pages` pages stands in `order` (`None` for a page not in it), by page index.
pub fn positions_in(order: &[usize], pages: usize) -> Vec<Option<usize>> {
    let mut positions = vec![None; pages];
    for (position, &index) in order.iter().enumerate() {
        if let Some(slot) = positions.get_mut(index) {
            *slot = Some(position);
        }
    }
    positions
}

/// Links from the home page down to (not including) page `index`.
pub fn breadcrumbs(content: &Content, index: usize, base_path: &str) -> Vec<Link> {
    let mut trail = Vec::new();
    let mut at = content.pages[index].parent;
    while let Some(parent) = at {
        trail.push(link_to(&content.pages[parent], base_path, false));
        at = content.pages[parent].parent;
    }
    trail.reverse();
    trail
}

/// The trail above a page the build makes itself (a listing, the print or offline page): home.
pub fn home_trail(content: &Content, base_path: &str) -> Vec<Link> {
    content
        .pages
        .first()
        .map(|home| link_to(home, base_path, false))
        .into_iter()
        .collect()
}

impl PageView {
    /// The view of a page the build makes itself at `path` (under the base, like `print/`):
    /// no body of its own, never in the search index.
    pub fn generated(site: &SiteView, title: String, path: &str, kind: &'static str) -> PageView {
        PageView {
            title,
            url: format!("{}{path}", site.base_path),
            permalink: format!("{}{path}", site.base_url),
            kind,
            searchable: false,
            ..PageView::default()
        }
    }
}

/// The sidebar for page `index`: its own pages for a section, else its section's pages.
pub fn section_nav(content: &Content, index: usize, base_path: &str) -> Option<SectionNav> {
    let page = &content.pages[index];
    let section = if page.is_section && !page.children.is_empty() {
        index
    } else {
        page.parent?
    };
    let owner = &content.pages[section];
    Some(SectionNav {
        title: owner.meta.title.clone(),
        url: format!("{base_path}{}", owner.url),
        pages: owner
            .children
            .iter()
            .map(|&c| link_to(&content.pages[c], base_path, c == index))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::positions_in;

    #[test]
    fn each_page_knows_its_place_in_the_reading_order() {
        // Pages 0..5 read as 0, 3, 1, 4; page 2 is in no order (a draft's child, say).
        let positions = positions_in(&[0, 3, 1, 4], 5);
        assert_eq!(positions, [Some(0), Some(2), None, Some(1), Some(3)]);
    }
}
