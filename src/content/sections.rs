//! Section structure: which section each page belongs to, the order of each section's
//! children, the kinds pages inherit from their section, and one URL per page.

use super::kinds::{self, KindData, Origin};
use super::{front_matter, Content, Page, CONTENT_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

/// Gives every page its parent section and every section its ordered children.
pub(super) fn link_sections(content: &mut Content) {
    ensure_home(content);
    let section_dirs: BTreeMap<String, usize> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, p)| (dir_of(&p.content_path).to_string(), i))
        .collect();
    for index in 0..content.pages.len() {
        let page = &content.pages[index];
        let mut dir = dir_of(&page.content_path).to_string();
        if page.is_section {
            if dir.is_empty() {
                continue; // the home page has no parent
            }
            dir = parent_dir(&dir).to_string();
        }
        let parent = loop {
            if let Some(&section) = section_dirs.get(&dir) {
                break section;
            }
            dir = parent_dir(&dir).to_string();
        };
        content.pages[index].parent = Some(parent);
        content.pages[parent].children.push(index);
    }
    for index in 0..content.pages.len() {
        let mut children = std::mem::take(&mut content.pages[index].children);
        let by_title = content.pages[index].meta.sort_by_title;
        children.sort_by(|a, b| {
            let (a, b) = (&content.pages[*a], &content.pages[*b]);
            let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
            let primary = if by_title {
                std::cmp::Ordering::Equal
            } else {
                weight(a).cmp(&weight(b))
            };
            primary
                .then_with(|| a.meta.title.cmp(&b.meta.title))
                .then_with(|| a.content_path.cmp(&b.content_path))
        });
        content.pages[index].children = children;
    }
}

/// Puts the home page first, making an empty one if `content/_index.md` is missing.
fn ensure_home(content: &mut Content) {
    let home = content
        .pages
        .iter()
        .position(|p| p.content_path == "_index.md");
    match home {
        Some(index) => {
            let page = content.pages.remove(index);
            content.pages.insert(0, page);
        }
        None => content.pages.insert(
            0,
            Page {
                source: Path::new(CONTENT_DIR).join("_index.md"),
                content_path: "_index.md".into(),
                url: String::new(),
                is_section: true,
                parent: None,
                children: Vec::new(),
                meta: super::Meta {
                    searchable: true,
                    ..Default::default()
                },
                kind: KindData::Page,
                body: String::new(),
                // No file: its body is empty wherever bodies are kept.
                body_fingerprint: super::bodies::fingerprint(""),
                body_line: 1,
                front_matter: String::new(),
                front_matter_line: 1,
                changed: None,
            },
        ),
    }
}

/// Types pages that have no `kind:` of their own by their section's `default_kind`.
pub(super) fn apply_default_kinds(
    content: &mut Content,
    content_root: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for index in 0..content.pages.len() {
        let page = &content.pages[index];
        let Some(kind) = inherited_kind(content, page) else {
            problems.extend(plain_page_problems(page));
            continue;
        };
        // Re-read the front matter: the typed kind data was not built on the first pass.
        match retype(&content_root.join(&page.content_path), &page.source, &kind) {
            Ok(data) => content.pages[index].kind = data,
            Err(list) => problems.extend(list),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A page that stays a plain page may not set another kind's fields (`questions:`, say).
pub(super) fn plain_page_problems(page: &Page) -> Vec<Diagnostic> {
    if !matches!(page.kind, KindData::Page) || page.meta.kind_fields.is_empty() {
        return Vec::new();
    }
    let origin = Origin::new(&page.source, &page.front_matter, page.front_matter_line);
    kinds::misplaced("page", &page.meta.kind_fields, &origin)
}

/// The kind `page` takes from its section's `default_kind`, if it has no kind of its own.
pub(super) fn inherited_kind(content: &Content, page: &Page) -> Option<String> {
    if !matches!(page.kind, KindData::Page) || page.is_section {
        return None;
    }
    page.parent
        .and_then(|p| content.pages[p].meta.default_kind.clone())
        .filter(|k| k != "page")
}

pub(super) fn retype(file: &Path, source: &Path, kind: &str) -> Result<KindData, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| vec![Diagnostic::error(source, e.to_string())])?;
    let split = front_matter::split(&text, source).map_err(|d| vec![d])?;
    let mut fm = front_matter::parse(&split, source).map_err(|d| vec![d])?;
    let origin = Origin::new(source, split.yaml, split.yaml_line);
    kinds::kind_data(kind, &mut fm, &origin)
}

/// Two files that would be written to the same URL is an error naming both.
pub(super) fn check_unique_urls(content: &Content) -> Result<(), Diagnostics> {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for page in &content.pages {
        if let Some(other) = seen.insert(&page.url, page) {
            problems.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "this page has the same address `/{}` as {}",
                        page.url,
                        other.source.display()
                    ),
                )
                .hint("rename one of the files or give it a different `slug`"),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The folder part of a content path (`a/b.md` → `a`, `b.md` → ``).
fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn parent_dir(dir: &str) -> &str {
    dir_of(dir)
}
