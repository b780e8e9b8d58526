//! Stage 1, load: walk `content/`, split each Markdown file into front matter and body, and
//! build the plain list of pages and sections the later stages work on.
//!
//! A folder holding `_index.md` is a section; every other `.md` file is a page of its nearest
//! section; any other file is an asset, copied to the same place in the output.

mod address;
mod bodies;
pub mod front_matter;
pub mod kinds;
mod sections;
mod unloaded;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Positions;
use address::check_address_length;
pub use address::{is_slug, not_a_slug, slugify, url_for};
use bodies::read_text;
pub use bodies::Bodies;
use front_matter::FrontMatter;
use kinds::{KindData, Origin};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
pub use unloaded::MayDefine;

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

    /// The fields of particular kinds this page sets (`questions`, `module`, …), to report on
    /// a page that turns out to be a plain page.
    pub kind_fields: Vec<&'static str>,
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
    /// The Markdown after the front matter; empty when the content's bodies are left in their
    /// files ([`Content::body`] reads any page's).
    pub body: String,
    /// A hash of the body as loaded, to notice a file changed before its body is read again.
    pub body_fingerprint: u64,
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

    /// The file line where the front matter value at serde path `path` (`entries[2].id`,
    /// `roles[0]`) is written, for error messages.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        Positions::of(&self.front_matter, self.front_matter_line).line(path)
    }
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
    /// Content paths of Markdown files left out for errors in them: links to them are not
    /// reported as broken until they load.
    pub unloaded: Vec<String>,
    /// The kinds of id a file left out may define: ids of that kind are then not reported as
    /// unknown until it loads, so one mistake is reported once, where it is.
    pub unloaded_may_define: MayDefine,
    /// Where the pages' bodies are: in each [`Page::body`], or left in their files.
    pub bodies: Bodies,
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
    let (content, problems) = load_gathering(root, drafts);
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(content)
    }
}

/// Loads every page it can, and the problems of those it cannot: a file with a front matter
/// error is left out (its path kept in `Content::unloaded`) so the others can still be checked.
pub fn load_gathering(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    load_gathering_with(root, drafts, Bodies::InPages)
}

/// [`load_gathering`], leaving the pages' bodies where `bodies` says: with
/// [`Bodies::InFiles`] a build holds no page's Markdown but the ones it is reading (issue #19).
pub fn load_gathering_with(root: &Path, drafts: bool, bodies: Bodies) -> (Content, Diagnostics) {
    let content_root = root.join(CONTENT_DIR);
    let keep_bodies = matches!(bodies, Bodies::InPages);
    let (markdown, assets) = match walk(&content_root) {
        Ok(found) => found,
        Err(problems) => return (Content::default(), problems),
    };
    let parsed: Vec<Result<Option<Page>, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|rel| load_page(&content_root, rel, drafts, keep_bodies))
        .collect();
    let mut problems = Diagnostics::new();
    let mut pages = Vec::new();
    let mut unloaded = Vec::new();
    // Folders whose `_index.md` is a draft left out: everything under them is left out too.
    let mut draft_dirs = Vec::new();
    for (rel, result) in markdown.iter().zip(parsed) {
        match result {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => draft_dirs.extend(rel.strip_suffix("/_index.md").map(|d| format!("{d}/"))),
            Err(list) => {
                list.into_iter().for_each(|d| problems.push(d));
                unloaded.push(rel.clone());
            }
        }
    }
    let in_draft = |path: &str| draft_dirs.iter().any(|dir| path.starts_with(dir.as_str()));
    pages.retain(|page| !in_draft(&page.content_path));
    let assets = assets
        .into_iter()
        .filter(|a| !in_draft(&a.output))
        .collect();
    let mut content = Content {
        pages,
        assets,
        bodies: match bodies {
            Bodies::InPages => Bodies::InPages,
            Bodies::InFiles(_) => Bodies::InFiles(content_root.clone()),
        },
        ..Content::default()
    };
    for rel in &unloaded {
        content.note_unloaded(&content_root, rel);
    }
    // One `git log` for every file: the date of each page's last commit wins over its mtime.
    let commits = crate::dates::last_commits(root);
    for page in &mut content.pages {
        if let Some(date) = commits.get(&page.content_path) {
            page.changed = Some(date.clone());
        }
    }
    sections::link_sections(&mut content);
    if let Err(list) = sections::apply_default_kinds(&mut content, &content_root) {
        for problem in list {
            let rel = problem
                .path
                .strip_prefix(CONTENT_DIR)
                .unwrap_or(&problem.path);
            content.note_unloaded(&content_root, &rel.to_string_lossy().replace('\\', "/"));
            problems.push(problem);
        }
    }
    if let Err(list) = sections::check_unique_urls(&content) {
        problems.extend(list);
    }
    (content, problems)
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
    let Some(mut page) = load_page(&content_root, &old.content_path, drafts, true)? else {
        return Ok(None);
    };
    page.parent = old.parent;
    page.children = old.children.clone();
    if let Some(kind) = sections::inherited_kind(content, &page) {
        page.kind = sections::retype(&content_root.join(&page.content_path), &page.source, &kind)?;
    }
    let problems = sections::plain_page_problems(&page);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Some(page))
}

/// Lists the Markdown files (relative, sorted) and assets under `content_root`.
fn walk(content_root: &Path) -> Result<(Vec<String>, Vec<Asset>), Diagnostics> {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut bad_names = Diagnostics::new();
    let walker = walkdir::WalkDir::new(content_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(content_root).to_path_buf();
            let words = err
                .io_error()
                .map_or(err.to_string(), crate::fs_words::describe);
            Diagnostics::from(
                Diagnostic::error(path, format!("cannot read this folder: {words}"))
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
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            bad_names.push(not_utf8_name(entry.path(), content_root));
            continue;
        };
        if rel.ends_with(".md") {
            markdown.push(rel);
        } else {
            assets.push(Asset {
                source: entry.path().to_path_buf(),
                output: rel,
            });
        }
    }
    if bad_names.is_empty() {
        Ok((markdown, assets))
    } else {
        Err(bad_names)
    }
}

/// A file whose name is not UTF-8 (saved by a system using another encoding): it could not be
/// linked to or published under its name, so it is reported with its odd bytes shown.
fn not_utf8_name(path: &Path, content_root: &Path) -> Diagnostic {
    let rel = path.strip_prefix(content_root).unwrap_or(path);
    let shown = crate::fs_words::escaped(&Path::new(CONTENT_DIR).join(rel));
    Diagnostic::error(
        &shown,
        "this file's name is not UTF-8 text (each \\x.. is a byte of another encoding)",
    )
    .hint("rename the file, retyping its accented letters, or use plain letters (cafe.md)")
}

/// Reads and parses one Markdown file; `None` for a draft left out of the build. With
/// `keep_body` false the body is left in the file ([`Bodies::InFiles`]): only its fingerprint
/// is kept.
fn load_page(
    content_root: &Path,
    rel: &str,
    drafts: bool,
    keep_body: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let source = Path::new(CONTENT_DIR).join(rel);
    let text = read_text(content_root, rel, &source)?;
    let split = front_matter::split(&text, &source).map_err(|d| vec![d])?;
    let mut fm = front_matter::parse(&split, &source).map_err(|d| vec![d])?;
    if fm.draft && !drafts {
        return Ok(None);
    }

    let origin = Origin::new(&source, split.yaml, split.yaml_line);
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let problems = front_matter::check(&fm, &origin);
    if !problems.is_empty() {
        return Err(problems);
    }
    // A page without its own `kind` is typed once its section's default is known.
    let kind = match fm.kind.clone() {
        Some(kind) => kinds::kind_data(&kind, &mut fm, &origin)?,
        None => KindData::Page,
    };
    let url = url_for(rel, fm.slug.as_deref());
    check_address_length(&url, &origin).map_err(|d| vec![d])?;
    Ok(Some(Page {
        url,
        content_path: rel.to_string(),
        source,
        is_section,
        parent: None,
        children: Vec::new(),
        meta: meta_from(&fm),
        kind,
        body: if keep_body {
            split.body.to_string()
        } else {
            String::new()
        },
        body_fingerprint: bodies::fingerprint(split.body),
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

        kind_fields: kinds::set_kind_fields(fm),
        updated: fm.updated.clone(),
        reviewed: fm.reviewed.clone(),
    }
}
