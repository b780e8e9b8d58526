//! Generated pages that no Markdown file writes: tag and role listings, the plain site index
//! (what the search box links to without JavaScript) and `404.html`.

use crate::config::Role;
use crate::content::kinds::KindData;
use crate::content::{slugify, Content};
use crate::context::{home_trail, link_to, Link, ListingContext, ListingGroup, PageView, SiteView};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::templates::Templates;
use crate::validate::References;
use std::collections::BTreeSet;
use std::path::Path;

/// Renders every generated listing page.
pub fn render_all(
    content: &Content,
    refs: &References,
    site: &SiteView,
    templates: &Templates,
    order: &[usize],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let listings = Listings {
        content,
        site,
        templates,
        order,
        base: site.base_path.as_str(),
    };
    let mut files = listings.tag_pages(refs)?;
    files.extend(listings.role_pages(refs)?);
    files.push(listings.site_index_page()?);
    files.push(listings.not_found_page()?);
    Ok(files)
}

/// What every listing page is rendered from.
struct Listings<'a> {
    content: &'a Content,
    site: &'a SiteView,
    templates: &'a Templates,
    /// Reading order, so that listed pages come in the order a reader meets them.
    order: &'a [usize],
    base: &'a str,
}

impl Listings<'_> {
    /// One `tags/<slug>/` page per tag, listing the pages that carry it, then `tags/`, listing
    /// every tag with its pages.
    fn tag_pages(&self, refs: &References) -> Result<Vec<OutputFile>, Diagnostic> {
        let groups: Vec<ListingGroup> = refs
            .tags
            .iter()
            .map(|(tag, pages)| ListingGroup {
                title: tag.clone(),
                url: Some(format!("{}tags/{}/", self.base, slugify(tag))),
                links: self.links(pages),
                ordered: false,
            })
            .collect();
        let mut files = groups
            .iter()
            .map(|group| self.tag_page(group))
            .collect::<Result<Vec<_>, _>>()?;
        files.push(self.render("tags/".into(), "taxonomy.html", "Tags".into(), None, groups)?);
        Ok(files)
    }

    /// One tag's page; `group` is the tag with the pages that carry it.
    fn tag_page(&self, group: &ListingGroup) -> Result<OutputFile, Diagnostic> {
        let term = Link {
            title: group.title.clone(),
            url: group.url.clone().unwrap_or_default(),
            description: None,
            current: true,
        };
        self.render(
            format!("tags/{}/", slugify(&group.title)),
            "term.html",
            format!("Tagged \u{201c}{}\u{201d}", group.title),
            Some(term),
            vec![group.clone()],
        )
    }

    /// One `roles/<id>/` page per role in the config, listing the pages and competencies that
    /// name it, then `roles/`, listing every role with its pages.
    fn role_pages(&self, refs: &References) -> Result<Vec<OutputFile>, Diagnostic> {
        let groups: Vec<ListingGroup> = self
            .site
            .roles
            .iter()
            .map(|role| ListingGroup {
                title: role.title.clone(),
                url: Some(format!("{}roles/{}/", self.base, role.id)),
                links: refs
                    .roles
                    .get(&role.id)
                    .map(|pages| self.links(pages))
                    .unwrap_or_default(),
                ordered: false,
            })
            .collect();
        let mut files = self
            .site
            .roles
            .iter()
            .zip(&groups)
            .map(|(role, group)| self.role_page(role, group, refs))
            .collect::<Result<Vec<_>, _>>()?;
        files.push(self.render(
            "roles/".into(),
            "taxonomy.html",
            "Roles".into(),
            None,
            groups,
        )?);
        Ok(files)
    }

    /// One role's page: a reading path (see [`Listings::role_path`]), then the competencies
    /// that name the role.
    fn role_page(
        &self,
        role: &Role,
        group: &ListingGroup,
        refs: &References,
    ) -> Result<OutputFile, Diagnostic> {
        let term = Link {
            title: role.title.clone(),
            url: group.url.clone().unwrap_or_default(),
            description: Some(role.responsibilities.join(" ")),
            current: true,
        };
        let competencies = competencies_for(self.content, &role.id, self.base, self.order);
        self.render(
            format!("roles/{}/", role.id),
            "term.html",
            format!("For {}", role.title.to_lowercase()),
            Some(term),
            self.role_path(role, refs)?
                .into_iter()
                .chain(competencies)
                .collect(),
        )
    }

    /// What someone in `role` reads, in order: the role's `path` from config.yaml (else the
    /// pages that name the role, in reading order), then the assessments for the role, then
    /// the role's other pages.
    fn role_path(&self, role: &Role, refs: &References) -> Result<Vec<ListingGroup>, Diagnostic> {
        let named = refs.roles.get(&role.id).cloned().unwrap_or_default();
        let mut path = Vec::new();
        for wanted in &role.path {
            let found = self
                .content
                .pages
                .iter()
                .position(|p| &p.content_path == wanted);
            let index = found.ok_or_else(|| {
                Diagnostic::error(
                    "config.yaml",
                    format!("the reading path of role `{}` names `{wanted}`, which is not a page in content/", role.id),
                )
                .hint("write the page's path inside content/, like `strategic/roles.md`")
            })?;
            path.push(index);
        }
        let is_assessment =
            |i: &usize| matches!(self.content.pages[*i].kind, KindData::Assessment(_));
        let in_order = |keep: &dyn Fn(&usize) -> bool| -> Vec<usize> {
            self.order
                .iter()
                .copied()
                .filter(|i| named.contains(i) && keep(i))
                .collect()
        };
        let configured = !path.is_empty();
        if !configured {
            path = in_order(&|i| !is_assessment(i));
        }
        let assessments = in_order(&|i| is_assessment(i) && !path.contains(i));
        let rest = in_order(&|i| !is_assessment(i) && !path.contains(i));
        let group = |title: &str, pages: &[usize], ordered: bool| ListingGroup {
            title: title.into(),
            url: None,
            links: pages
                .iter()
                .map(|&i| link_to(&self.content.pages[i], self.base, false))
                .collect(),
            ordered,
        };
        let mut groups = vec![group("Read in this order", &path, true)];
        if !assessments.is_empty() {
            groups.push(group("Then check where you stand", &assessments, true));
        }
        if configured && !rest.is_empty() {
            groups.push(group("More for this role", &rest, false));
        }
        Ok(groups)
    }

    /// `site-index/`: every page grouped by its section.
    fn site_index_page(&self) -> Result<OutputFile, Diagnostic> {
        let groups = site_index(self.content, self.base, self.order);
        self.render(
            "site-index/".into(),
            "site-index.html",
            "Site index".into(),
            None,
            groups,
        )
    }

    /// `404.html`, the page a missing path shows.
    fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        self.render(
            "404.html".into(),
            "404.html",
            "Page not found".into(),
            None,
            Vec::new(),
        )
    }

    /// Links to `pages`, in reading order.
    fn links(&self, pages: &BTreeSet<usize>) -> Vec<Link> {
        self.order
            .iter()
            .filter(|i| pages.contains(i))
            .map(|&i| link_to(&self.content.pages[i], self.base, false))
            .collect()
    }

    /// Renders `template` for the listing at `url` (relative to the base path); a `url` ending
    /// in a folder is written as that folder's `index.html`.
    fn render(
        &self,
        url: String,
        template: &str,
        title: String,
        term: Option<Link>,
        groups: Vec<ListingGroup>,
    ) -> Result<OutputFile, Diagnostic> {
        let ctx = ListingContext {
            site: self.site,
            page: PageView::generated(self.site, title, &url, "listing"),
            term,
            groups,
            breadcrumbs: home_trail(self.content, self.base),
        };
        let html = self.templates.render(template, &ctx, Path::new(template))?;
        let path = if url.ends_with(".html") {
            url
        } else {
            format!("{url}index.html")
        };
        Ok(OutputFile::new(path, html))
    }
}

/// The competencies that name `role`, linked to their entries on their competency pages: a
/// role's page answers "what should someone in this role be able to do?" as well as "what
/// should they read?". `None` when no competency names the role.
fn competencies_for(
    content: &Content,
    role: &str,
    base: &str,
    order: &[usize],
) -> Option<ListingGroup> {
    let links: Vec<Link> = order
        .iter()
        .map(|&i| &content.pages[i])
        .filter_map(|page| match &page.kind {
            KindData::Competencies(list) => Some((page, list)),
            _ => None,
        })
        .flat_map(|(page, list)| {
            list.iter()
                .filter(|c| c.roles.iter().any(|r| r == role))
                .map(move |c| Link {
                    title: c.name.clone(),
                    url: format!("{base}{}#{}", page.url, c.id),
                    description: (!c.description.is_empty()).then(|| c.description.clone()),
                    current: false,
                })
        })
        .collect();
    (!links.is_empty()).then(|| ListingGroup {
        title: "Competencies for this role".into(),
        url: None,
        links,
        ordered: false,
    })
}

/// Every page grouped by its section, in reading order.
fn site_index(content: &Content, base: &str, order: &[usize]) -> Vec<ListingGroup> {
    order
        .iter()
        .filter(|&&i| content.pages[i].is_section)
        .map(|&i| {
            let section = &content.pages[i];
            ListingGroup {
                title: section.meta.title.clone(),
                url: Some(format!("{base}{}", section.url)),
                links: section
                    .children
                    .iter()
                    .filter(|&&c| !content.pages[c].is_section)
                    .map(|&c| link_to(&content.pages[c], base, false))
                    .collect(),
                ordered: false,
            }
        })
        .collect()
}
