//! Scaffolding: `partnerkit init DIR` (a new site that builds cleanly and publishes itself on
//! GitHub Pages), `partnerkit new KIND PATH` (one page with a commented front matter template
//! for its kind) and `partnerkit theme eject` ([`eject`]).
//!
//! The templates are real files under `src/scaffold/`, embedded here, so they can be read and
//! edited as the Markdown and YAML they are. None of these commands ever overwrites a file.
//! The theme stays built in: `init` copies none of it, so a new site gets every theme fix
//! that a newer partnerkit brings, until a designer ejects a file to change it.

mod eject;
mod warnings;

pub use eject::eject;
pub use warnings::{placeholder_warnings, PLACEHOLDER};

use crate::content::kinds::KIND_NAMES;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// The GitHub Pages workflow of a new site, with `@VERSION@` and `@REPOSITORY@` to fill in.
const PAGES_WORKFLOW: &str = include_str!("scaffold/pages.yml");

/// The new site's `.gitignore` (stored without its dot so it does not apply to this folder).
const GITIGNORE: &str = include_str!("scaffold/gitignore.txt");

/// The GitHub repository releases of partnerkit come from, `owner/name`. The release workflow
/// sets `PARTNERKIT_REPOSITORY` when it builds; a build without it falls back to Cargo.toml's
/// `repository`, and without that to a placeholder that `init` warns about.
pub fn release_repository() -> Option<&'static str> {
    let from_release = option_env!("PARTNERKIT_REPOSITORY").filter(|r| !r.is_empty());
    from_release.or_else(|| {
        let url = env!("CARGO_PKG_REPOSITORY");
        url.strip_prefix("https://github.com/")
            .map(|rest| rest.trim_end_matches('/').trim_end_matches(".git"))
            .filter(|rest| rest.contains('/'))
    })
}

/// What `init` wrote, and anything the editor should know about where it wrote it.
#[derive(Debug)]
pub struct Created {
    pub files: Vec<PathBuf>,
    pub warnings: Diagnostics,
}

/// The new site's workflow, pinned to this partnerkit's version.
pub fn pages_workflow() -> String {
    PAGES_WORKFLOW
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace(
            "@REPOSITORY@",
            release_repository().unwrap_or(warnings::UNKNOWN_REPOSITORY),
        )
}

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

/// Writes a new site into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Created, Diagnostics> {
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
    let workflow = pages_workflow();
    let publishing = [
        (".gitignore", GITIGNORE),
        (".github/workflows/pages.yml", workflow.as_str()),
    ];
    let mut files = Vec::new();
    for (path, text) in SITE.iter().chain(&publishing) {
        let target = dir.join(path);
        write_new(&target, text.as_bytes())?;
        files.push(target);
    }
    let warnings = warnings::where_the_site_is(dir);
    Ok(Created { files, warnings })
}

/// Writes a `kind` page template to `path` (which must end in `.md` and not exist yet).
/// Returns a warning if the page lands where a build will not read it: outside the `content/`
/// folder of `site` (`--root`), or, without one, outside any folder named `content`.
pub fn new_page(kind: &str, path: &Path, site: Option<&Path>) -> Result<Diagnostics, Diagnostics> {
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
    write_new(path, text.as_bytes())?;
    Ok(warnings::outside_content(path, site))
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
        Diagnostic::error(path, format!("{what}: {}", crate::fs_words::describe(err)))
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
            let body = template.rsplit("\n---\n").next().unwrap();
            assert!(body.starts_with(PLACEHOLDER), "{kind}: {body}");
        }
        assert!(page_template("lesson").is_none());
    }

    proptest::proptest! {
        /// Any file name gives a title and an id of lowercase letters, digits and dashes.
        #[test]
        fn any_file_name_gives_a_title_and_a_plain_id(stem in "\\PC{0,40}") {
            proptest::prop_assert!(!title_from(&stem).is_empty());
            let id = id_from(&stem);
            proptest::prop_assert!(!id.is_empty() && !id.starts_with('-') && !id.ends_with('-'));
            proptest::prop_assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }

    #[test]
    fn names_come_from_the_file_name() {
        assert_eq!(title_from("working-with-courts"), "Working with courts");
        assert_eq!(id_from("Working With_Courts"), "working-with-courts");
        assert_eq!(id_from("--"), "untitled");
    }
}
