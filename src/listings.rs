//! Generated pages that no Markdown file writes: tag and role listings, the plain site index
//! (what the search box links to without JavaScript) and `404.html`.

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
    let base = site.base_path.as_str();
    let links = |pages: &BTreeSet<usize>| -> Vec<Link> {
        order
            .iter()
            .filter(|i| pages.contains(i))
            .map(|&i| link_to(&content.pages[i], base, false))
            .collect()
    };
    let mut files = Vec::new();
    let mut render = |url: String,
                      template: &str,
                      title: String,
                      term: Option<Link>,
                      groups: Vec<ListingGroup>|
     -> Result<(), Diagnostic> {
        let ctx = ListingContext {
            site,
            page: PageView::generated(site, title, &url, "listing"),
            term,
            groups,
            breadcrumbs: home_trail(content, base),
        };
        let html = templates.render(template, &ctx, Path::new(template))?;
        let path = if url.ends_with(".html") {
            url
        } else {
            format!("{url}index.html")
        };
        files.push(OutputFile::new(path, html));
        Ok(())
    };
    let tag_groups: Vec<ListingGroup> = refs
        .tags
        .iter()
        .map(|(tag, pages)| ListingGroup {
            title: tag.clone(),
            url: Some(format!("{base}tags/{}/", slugify(tag))),
            links: links(pages),
        })
        .collect();
    for group in &tag_groups {
        let term = Link {
            title: group.title.clone(),
            url: group.url.clone().unwrap_or_default(),
            description: None,
            current: true,
        };
        render(
            format!("tags/{}/", slugify(&group.title)),
            "term.html",
            format!("Tagged \u{201c}{}\u{201d}", group.title),
            Some(term),
            vec![group.clone()],
        )?;
    }
    render(
        "tags/".into(),
        "taxonomy.html",
        "Tags".into(),
        None,
        tag_groups,
    )?;
    let role_groups: Vec<ListingGroup> = site
        .roles
        .iter()
        .map(|role| ListingGroup {
            title: role.title.clone(),
            url: Some(format!("{base}roles/{}/", role.id)),
            links: refs.roles.get(&role.id).map(links).unwrap_or_default(),
        })
        .collect();
    for (role, group) in site.roles.iter().zip(&role_groups) {
        let term = Link {
            title: role.title.clone(),
            url: group.url.clone().unwrap_or_default(),
            description: Some(role.responsibilities.join(" ")),
            current: true,
        };
        render(
            format!("roles/{}/", role.id),
            "term.html",
            format!("For {}", role.title.to_lowercase()),
            Some(term),
            [group.clone()]
                .into_iter()
                .chain(competencies_for(content, &role.id, base, order))
                .collect(),
        )?;
    }
    render(
        "roles/".into(),
        "taxonomy.html",
        "Roles".into(),
        None,
        role_groups,
    )?;
    render(
        "site-index/".into(),
        "site-index.html",
        "Site index".into(),
        None,
        site_index(content, base, order),
    )?;
    render(
        "404.html".into(),
        "404.html",
        "Page not found".into(),
        None,
        Vec::new(),
    )?;
    Ok(files)
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
            }
        })
        .collect()
}
