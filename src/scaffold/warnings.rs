//! Warnings about where scaffolded files land and what they still hold: a page written outside
//! `content/` (the build never reads it), a new site inside partnerkit's own checkout, and a
//! page that still holds a `new` template's placeholder sentence.

use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// The sentence every `new` template's body starts with; a build warns while a page holds it.
pub const PLACEHOLDER: &str = "Replace this paragraph with your own text.";

/// Written into a new site's workflow when this partnerkit does not know where it is released.
pub(super) const UNKNOWN_REPOSITORY: &str = "OWNER/partnerkit";

/// A warning for each page whose body still holds [`PLACEHOLDER`], at the line it is on.
pub fn placeholder_warnings(content: &Content) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for (index, page) in content.pages.iter().enumerate() {
        // A body that cannot be read again is reported by validation.
        let Ok(body) = content.body(index) else {
            continue;
        };
        let Some(at) = body.find(PLACEHOLDER) else {
            continue;
        };
        let line = page.body_line + body[..at].matches('\n').count();
        warnings.push(
            Diagnostic::warning(
                &page.source,
                format!("the page still holds the template's sentence “{PLACEHOLDER}”"),
            )
            .at(line, None)
            .hint("write the page's own text in its place"),
        );
    }
    warnings
}

/// A warning if `path` (just written) is not where a build reads pages: inside `site`'s
/// `content/` folder, or without `site`, inside some folder named `content`.
pub(super) fn outside_content(path: &Path, site: Option<&Path>) -> Diagnostics {
    let written = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let inside = match site {
        Some(root) => std::fs::canonicalize(root.join("content"))
            .is_ok_and(|content| written.starts_with(content)),
        None => written
            .ancestors()
            .skip(1)
            .any(|folder| folder.file_name().is_some_and(|name| name == "content")),
    };
    if inside {
        return Diagnostics::new();
    }
    let folder = match site {
        Some(root) => root.join("content").display().to_string(),
        None => "the site's content/ folder".to_string(),
    };
    Diagnostics::from(
        Diagnostic::warning(
            path,
            format!("the page is outside {folder}, so the build will not include it"),
        )
        .hint("move it under content/, e.g. content/principles/"),
    )
}

/// Warnings about where `init` put a site: inside partnerkit's own checkout, its files would
/// be committed with the generator (its `.gitignore` keeps `public/` out), and the release
/// repository its workflow downloads from, if this build does not know it.
pub(super) fn where_the_site_is(dir: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let checkout = absolute.ancestors().skip(1).find(|folder| {
        folder.join(".git").exists()
            && std::fs::read_to_string(folder.join("Cargo.toml"))
                .is_ok_and(|toml| toml.contains("name = \"partnerkit\""))
    });
    if let Some(checkout) = checkout {
        warnings.push(
            Diagnostic::warning(
                dir,
                format!(
                    "the new site is inside partnerkit's own repository ({}); git would commit it with the generator",
                    checkout.display()
                ),
            )
            .hint("to publish it on its own, move the folder out and make it a repository of its own (its .gitignore already leaves public/ out)"),
        );
    }
    if super::release_repository().is_none() {
        warnings.push(
            Diagnostic::warning(
                dir.join(".github/workflows/pages.yml"),
                format!("this partnerkit was not built by a release, so the workflow names {UNKNOWN_REPOSITORY} as where partnerkit is published"),
            )
            .hint("put the GitHub owner/name of partnerkit's repository in PARTNERKIT_REPOSITORY in that file"),
        );
    }
    warnings
}
