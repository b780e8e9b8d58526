//! Scaffolding: `partnerkit init DIR` (a new site that builds cleanly) and
//! `partnerkit new KIND PATH` (one page with a commented front matter template for its kind).
//!
//! The templates are real files under `src/scaffold/`, embedded here, so they can be read and
//! edited as the Markdown and YAML they are. Neither command ever overwrites a file.

use crate::content::kinds::KIND_NAMES;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// The files of a new site, by path inside the site folder.
const SITE: &[(&str, &str)] = &[
    ("config.yaml", include_str!("scaffold/site/config.yaml")),
    (
        "content/_index.md",
        include_str!("scaffold/site/content/_index.md"),
    ),
    (
        "content/about.md",
        include_str!("scaffold/site/content/about.md"),
    ),
    (
        "content/principles/_index.md",
        include_str!("scaffold/site/content/principles/_index.md"),
    ),
    (
        "content/principles/listen-first.md",
        include_str!("scaffold/site/content/principles/listen-first.md"),
    ),
    (
        "content/modules/_index.md",
        include_str!("scaffold/site/content/modules/_index.md"),
    ),
    (
        "content/modules/module-one.md",
        include_str!("scaffold/site/content/modules/module-one.md"),
    ),
    (
        "content/competencies.md",
        include_str!("scaffold/site/content/competencies.md"),
    ),
    (
        "content/readings.md",
        include_str!("scaffold/site/content/readings.md"),
    ),
    (
        "content/assessments/_index.md",
        include_str!("scaffold/site/content/assessments/_index.md"),
    ),
    (
        "content/assessments/partnership-check.md",
        include_str!("scaffold/site/content/assessments/partnership-check.md"),
    ),
];

/// The front matter fields every kind shares, spliced into each kind's template at `@COMMON@`.
const COMMON_FIELDS: &str = include_str!("scaffold/new/common.yaml");

/// One template per kind, in the order of [`KIND_NAMES`].
const PAGE_TEMPLATES: [(&str, &str); 7] = [
    ("page", include_str!("scaffold/new/page.md")),
    ("principle", include_str!("scaffold/new/principle.md")),
    ("module", include_str!("scaffold/new/module.md")),
    ("competencies", include_str!("scaffold/new/competencies.md")),
    ("readings", include_str!("scaffold/new/readings.md")),
    ("glossary", include_str!("scaffold/new/glossary.md")),
    ("assessment", include_str!("scaffold/new/assessment.md")),
];

/// Writes a new site into `dir`, which must be missing or empty. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let not_empty = std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if not_empty {
        return Err(Diagnostics::from(
            Diagnostic::error(
                dir,
                "the folder is not empty, so `init` will not write into it",
            )
            .hint("give `init` a new or empty folder"),
        ));
    }
    let theme = crate::theme::DEFAULT_THEME
        .iter()
        .map(|(path, bytes)| (format!("themes/default/{path}"), *bytes));
    let site = SITE
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes()));
    let mut written = Vec::new();
    for (path, bytes) in site.chain(theme) {
        let target = dir.join(&path);
        write_new(&target, bytes)?;
        written.push(target);
    }
    Ok(written)
}

/// Writes a `kind` page template to `path` (which must end in `.md` and not exist yet).
pub fn new_page(kind: &str, path: &Path) -> Result<(), Diagnostics> {
    let Some(template) = page_template(kind) else {
        return Err(Diagnostics::from(
            Diagnostic::error(path, format!("there is no kind `{kind}`"))
                .hint(format!("use one of: {}", KIND_NAMES.join(", "))),
        ));
    };
    if path.extension().is_none_or(|ext| ext != "md") {
        return Err(Diagnostics::from(
            Diagnostic::error(path, "a page's file name must end in `.md`")
                .hint("add `.md` to the path"),
        ));
    }
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let text = template
        .replace("__TITLE__", &title_from(&stem))
        .replace("__ID__", &id_from(&stem));
    write_new(path, text.as_bytes())
}

/// The template for `kind` with the shared fields in place, before names are filled in.
pub fn page_template(kind: &str) -> Option<String> {
    let (_, template) = PAGE_TEMPLATES.iter().find(|(name, _)| *name == kind)?;
    Some(template.replace("@COMMON@\n", COMMON_FIELDS))
}

/// Writes `bytes` to a file that must not exist yet (checked atomically by `create_new`).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    use std::io::Write;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|err| io_error(parent, "cannot create the folder", &err))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostics::from(
                    Diagnostic::error(path, "the file already exists; it was left as it was")
                        .hint("choose another path, or delete the file first"),
                )
            } else {
                io_error(path, "cannot create the file", &err)
            }
        })?;
    file.write_all(bytes)
        .map_err(|err| io_error(path, "cannot write the file", &err))
}

/// `working-with-courts` becomes `Working with courts`.
fn title_from(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// A lowercase, dash-separated id from a file name.
fn id_from(stem: &str) -> String {
    let id: String = stem
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let id = id
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() {
        "untitled".into()
    } else {
        id
    }
}

fn io_error(path: &Path, what: &str, err: &std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(path, format!("{what}: {err}"))
            .hint("check the folder exists and can be written to"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template() {
        for kind in KIND_NAMES {
            let template = page_template(kind).unwrap_or_else(|| panic!("no template for {kind}"));
            assert!(template.contains(&format!("kind: {kind}\n")), "{kind}");
            assert!(!template.contains("@COMMON@"), "{kind}");
        }
        assert!(page_template("lesson").is_none());
    }

    #[test]
    fn names_come_from_the_file_name() {
        assert_eq!(title_from("working-with-courts"), "Working with courts");
        assert_eq!(id_from("Working With_Courts"), "working-with-courts");
        assert_eq!(id_from("--"), "untitled");
    }
}
