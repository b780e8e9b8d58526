//! Stage 1, load: walk `content/`, split each Markdown file into front matter and body, and
//! build the plain list of pages and sections the later stages work on.
//!
//! A folder holding `_index.md` is a section; every other `.md` file is a page of its nearest
//! section; any other file is an asset, copied to the same place in the output.

pub mod front_matter;
pub mod kinds;
mod sections;

use crate::diagnostics::{Diagnostic, Diagnostics};
use front_matter::FrontMatter;
use kinds::{KindData, Origin};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folder under the site root that holds the Markdown content.
pub const CONTENT_DIR: &str = "content";

/// The fields every page has, whatever its kind.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub roles: Vec<String>,
    pub readings: Vec<String>,
    pub template: Option<String>,
    pub searchable: bool,
    pub source: Option<String>,
    pub default_kind: Option<String>,
    pub sort_by_title: bool,
    /// Front matter `updated:` and `reviewed:` dates, `YYYY-MM-DD`.
    pub updated: Option<String>,
    pub reviewed: Option<String>,
}

/// A page or section (an `_index.md`), loaded and typed but not yet rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path from the site root, for error messages: `content/modules/five.md`.
    pub source: PathBuf,
    /// Path inside `content/` with `/` separators: `modules/five.md`.
    pub content_path: String,
    /// URL path below the base, `modules/five/` (empty for the home page).
    pub url: String,
    pub is_section: bool,
    /// Index of the section this page belongs to (none for the home page).
    pub parent: Option<usize>,
    /// For a section: its pages and sub-sections, in reading order.
    pub children: Vec<usize>,
    pub meta: Meta,
    pub kind: KindData,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// The front matter as written, to locate errors found after parsing.
    pub front_matter: String,
    /// 1-based line of the front matter's first line.
    pub front_matter_line: usize,
    /// When the file last changed (`YYYY-MM-DD`): its last commit, else its modification time.
    pub changed: Option<String>,
}

impl Page {
    /// When the page last changed: its `updated:` date, else its file's (`YYYY-MM-DD`).
    pub fn last_updated(&self) -> Option<&str> {
        self.meta.updated.as_deref().or(self.changed.as_deref())
    }

    /// The file line where front matter `needle` first appears, for error messages.
    pub fn line_of(&self, needle: &str) -> Option<usize> {
        self.front_matter
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| self.front_matter_line + i)
    }

    /// The file line where `id` is written as a whole word (not inside a longer id or the
    /// title), looking first from the line where `key:` is written, for error messages.
    pub fn line_of_id(&self, key: &str, id: &str) -> Option<usize> {
        let lines: Vec<&str> = self.front_matter.lines().collect();
        let is_key = |line: &str| {
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        let start = lines.iter().position(|l| is_key(l)).unwrap_or(0);
        (start..lines.len())
            .chain(0..start)
            .find(|&i| has_word(lines[i], id))
            .map(|i| self.front_matter_line + i)
    }
}

/// Whether `word` appears in `line` with no id character (letter, digit, `-`, `_`) either side.
fn has_word(line: &str, word: &str) -> bool {
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        !before.is_some_and(is_id_char) && !after.is_some_and(is_id_char)
    })
}

/// A non-Markdown file to copy: from `source` (absolute) to `output` (relative URL path).
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub output: String,
}

/// Everything loaded from `content/`: pages in file order (index 0 is the home page).
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
}

/// Whether a file name is hidden or an editor's temporary or swap file.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".kate-swp",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Loads every page under `root/content`, leaving drafts out unless `drafts` is set.
pub fn load(root: &Path, drafts: bool) -> Result<Content, Diagnostics> {
    let content_root = root.join(CONTENT_DIR);
    let (markdown, assets) = walk(&content_root)?;
    let parsed: Vec<Result<Option<Page>, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|rel| load_page(&content_root, rel, drafts))
        .collect();
    let mut problems = Diagnostics::new();
    let mut pages = Vec::new();
    for result in parsed {
        match result {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => {}
            Err(list) => list.into_iter().for_each(|d| problems.push(d)),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    // One `git log` for every file: the date of each page's last commit wins over its mtime.
    let commits = crate::dates::last_commits(root);
    for page in &mut pages {
        if let Some(date) = commits.get(&page.content_path) {
            page.changed = Some(date.clone());
        }
    }
    let mut content = Content { pages, assets };
    sections::link_sections(&mut content);
    sections::apply_default_kinds(&mut content, &content_root).map_err(Diagnostics::from)?;
    sections::check_unique_urls(&content)?;
    Ok(content)
}

/// Loads page `index` of `content` again from its file (for `serve`, after an edit), keeping
/// its place among the sections; `None` if it is now a draft left out of the build.
pub fn reload_page(
    root: &Path,
    content: &Content,
    index: usize,
    drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let old = &content.pages[index];
    let content_root = root.join(CONTENT_DIR);
    let Some(mut page) = load_page(&content_root, &old.content_path, drafts)? else {
        return Ok(None);
    };
    page.parent = old.parent;
    page.children = old.children.clone();
    if let Some(kind) = sections::inherited_kind(content, &page) {
        page.kind = sections::retype(&content_root.join(&page.content_path), &page.source, &kind)?;
    }
    Ok(Some(page))
}

/// Lists the Markdown files (relative, sorted) and assets under `content_root`.
fn walk(content_root: &Path) -> Result<(Vec<String>, Vec<Asset>), Diagnostics> {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(content_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(content_root).to_path_buf();
            Diagnostics::from(
                Diagnostic::error(path, format!("cannot read: {err}"))
                    .hint("check the folder exists and can be read"),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_root)
            .unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".md") {
            markdown.push(rel);
        } else {
            assets.push(Asset {
                source: entry.path().to_path_buf(),
                output: rel,
            });
        }
    }
    Ok((markdown, assets))
}

/// Reads and parses one Markdown file; `None` for a draft left out of the build.
fn load_page(
    content_root: &Path,
    rel: &str,
    drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let source = Path::new(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(content_root.join(rel))
        .map_err(|err| vec![Diagnostic::error(&source, format!("cannot read: {err}"))])?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        vec![
            Diagnostic::error(&source, "the file is not valid UTF-8 text")
                .at(line, None)
                .hint("save the file as UTF-8 in your editor"),
        ]
    })?;
    let split = front_matter::split(&text, &source).map_err(|d| vec![d])?;
    let mut fm = front_matter::parse(&split, &source).map_err(|d| vec![d])?;
    if fm.draft && !drafts {
        return Ok(None);
    }
    check_dates(&fm, &split, &source).map_err(|d| vec![d])?;
    let origin = Origin {
        path: &source,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
    };
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    if let Some(kind) = &fm.kind {
        kinds::check_kind_name(kind, "kind", &origin).map_err(|d| vec![d])?;
    }
    if let Some(kind) = &fm.default_kind {
        kinds::check_kind_name(kind, "default_kind", &origin).map_err(|d| vec![d])?;
    }
    // A page without its own `kind` is typed once its section's default is known.
    let kind = match fm.kind.clone() {
        Some(kind) => kinds::kind_data(&kind, &mut fm, &origin)?,
        None => KindData::Page,
    };
    Ok(Some(Page {
        url: url_for(rel, fm.slug.as_deref()),
        content_path: rel.to_string(),
        source,
        is_section,
        parent: None,
        children: Vec::new(),
        meta: meta_from(&fm),
        kind,
        body: split.body.to_string(),
        body_line: split.body_line,
        front_matter: split.yaml.to_string(),
        front_matter_line: split.yaml_line,
        changed: crate::dates::modified(&content_root.join(rel)),
    }))
}

fn meta_from(fm: &FrontMatter) -> Meta {
    Meta {
        title: fm.title.clone(),
        description: fm.description.clone(),
        weight: fm.weight,
        draft: fm.draft,
        tags: fm.tags.clone(),
        roles: fm.roles.clone(),
        readings: fm.readings.clone(),
        template: fm.template.clone(),
        searchable: fm.search.unwrap_or(true),
        source: fm.source.clone(),
        default_kind: fm.default_kind.clone(),
        sort_by_title: fm.sort_by.as_deref() == Some("title"),
        updated: fm.updated.clone(),
        reviewed: fm.reviewed.clone(),
    }
}

/// The URL path of a content file: `modules/Five.md` becomes `modules/five/`.
pub fn url_for(rel: &str, slug: Option<&str>) -> String {
    let without_ext = rel.trim_end_matches(".md");
    let mut parts: Vec<String> = without_ext.split('/').map(slugify).collect();
    if parts.last().is_some_and(|p| p == "_index" || p == "index") {
        parts.pop();
    } else if let (Some(slug), Some(last)) = (slug, parts.last_mut()) {
        *last = slugify(slug);
    }
    parts.retain(|p| !p.is_empty());
    parts.iter().map(|p| format!("{p}/")).collect()
}

/// Lowercases and turns anything but letters, digits, `_` and `-` into `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// `updated:` and `reviewed:` must be real dates written `YYYY-MM-DD`.
fn check_dates(
    fm: &FrontMatter,
    split: &front_matter::Split<'_>,
    source: &Path,
) -> Result<(), Diagnostic> {
    for (field, value) in [("updated", &fm.updated), ("reviewed", &fm.reviewed)] {
        let Some(value) = value else { continue };
        if crate::dates::is_iso_date(value) {
            continue;
        }
        let needle = format!("{field}:");
        let line = split
            .yaml
            .lines()
            .position(|l| l.trim_start().starts_with(&needle))
            .map_or(split.yaml_line, |i| split.yaml_line + i);
        return Err(
            Diagnostic::error(source, format!("`{field}: {value}` is not a date"))
                .at(line, Some(1))
                .hint(format!(
                    "write the date as year-month-day, like `{field}: 2026-05-01`"
                )),
        );
    }
    Ok(())
}
