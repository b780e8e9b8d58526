//! Which folder a build may replace. A build swaps its output folder in whole, deleting what
//! was there, so it may replace only a folder an earlier build made (it holds the [`MARKER`]
//! file), an empty or missing one, or, with `--force`, any folder that is not the site's own
//! sources. The site folder, its sources, and any folder holding them are never replaced.

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// The file every build writes into its output, so the next build knows the folder is its own.
pub const MARKER: &str = ".partnerkit-output";

/// What the marker file says to whoever opens it.
pub const MARKER_TEXT: &str = "This folder was made by `partnerkit build`, which replaces it \
whole on every build. Keep nothing of your own here.\n";

/// The site folders and files a build reads and must never replace.
const SOURCES: [&str; 5] = ["content", "templates", "static", "themes", CONFIG_FILE];

/// Whether a folder that is not the build's own may be replaced (`--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Only a folder a build made, an empty one or a missing one.
    #[default]
    OnlyBuilt,
    /// Any folder but the site's sources.
    Forced,
}

/// Refuses an output folder the build must not replace, saying why and what to do.
pub fn check(output: &Path, root: &Path, replace: Replace) -> Result<(), Diagnostic> {
    let out = resolve(output);
    let site = resolve(root);
    if let Some(what) = holds_sources(&out, &site) {
        return Err(Diagnostic::error(
            output,
            format!("this output folder {what}; a build replaces its output folder whole, so it would delete the site's own files"),
        )
        .hint("choose a folder for the built site outside content/, templates/, static/ and themes/, such as public/ (the default)"));
    }
    if replace == Replace::Forced || may_replace(&out) {
        return Ok(());
    }
    Err(Diagnostic::error(
        output,
        "this output folder holds files partnerkit did not make; a build would delete them",
    )
    .hint("choose an empty or new folder with --output-dir, or pass --force to replace this one and everything in it"))
}

/// How `out` overlaps the site at `site`, in words, if it does.
fn holds_sources(out: &Path, site: &Path) -> Option<String> {
    if out == site {
        return Some("is the site folder, holding its content and settings".into());
    }
    if site.starts_with(out) {
        return Some("contains the site folder, with its content and settings".into());
    }
    SOURCES.iter().find_map(|name| {
        let source = resolve(&site.join(name));
        if out == source {
            Some(format!("is the site's {}", shown(name)))
        } else if out.starts_with(&source) {
            Some(format!("is inside the site's {}", shown(name)))
        } else {
            None
        }
    })
}

/// A source's name as an editor knows it: `content/` for a folder.
fn shown(name: &str) -> String {
    if name == CONFIG_FILE {
        format!("settings file {name}")
    } else {
        format!("{name}/ folder")
    }
}

/// Whether `out` is missing, empty, made by a build, or not a folder it could be.
fn may_replace(out: &Path) -> bool {
    if !out.exists() {
        return true;
    }
    if !out.is_dir() {
        return false;
    }
    let Ok(mut entries) = std::fs::read_dir(out) else {
        return false;
    };
    entries.next().is_none() || out.join(MARKER).is_file() || made_before_markers(out)
}

/// Whether `out` looks like the output of a partnerkit from before the marker file: it has
/// the files every such build wrote at its top (`.nojekyll`, `index.html`, `sitemap.xml`, and
/// a `robots.txt` in the words partnerkit writes). Such a folder is replaced once; the new
/// build leaves a marker in it.
fn made_before_markers(out: &Path) -> bool {
    let has = |name: &str| out.join(name).is_file();
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap_or_default();
    has(".nojekyll")
        && has("index.html")
        && has("sitemap.xml")
        && robots.starts_with("User-agent: *\nAllow: /\nSitemap: ")
}

/// `path` made absolute, with symbolic links and `..` resolved as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = PathBuf::new();
    let mut rest = Vec::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir if !rest.is_empty() => {
                rest.pop();
            }
            Component::ParentDir => {
                existing.pop();
            }
            _ if rest.is_empty() && existing.join(component).exists() => {
                existing.push(component);
                existing = existing.canonicalize().unwrap_or(existing);
            }
            _ => rest.push(component.as_os_str().to_owned()),
        }
    }
    rest.iter().fold(existing, |path, name| path.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["content", "templates", "static", "themes"] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join(CONFIG_FILE), "title: T\n").unwrap();
        dir
    }

    #[test]
    fn sources_are_refused_even_when_forced() {
        let dir = site();
        let root = dir.path();
        for out in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/section"),
            root.join("static/../content"),
            root.join(CONFIG_FILE),
            root.parent().unwrap().to_path_buf(),
            root.join("themes/default/public"),
        ] {
            let refused = check(&out, root, Replace::Forced).unwrap_err();
            assert!(
                refused.message.contains("would delete"),
                "{out:?}: {}",
                refused.message
            );
        }
    }

    #[test]
    fn a_folder_of_other_files_needs_force() {
        let dir = site();
        let out = dir.path().join("notes");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "mine").unwrap();
        let refused = check(&out, dir.path(), Replace::OnlyBuilt).unwrap_err();
        assert!(refused.hint.unwrap().contains("--force"));
        assert!(check(&out, dir.path(), Replace::Forced).is_ok());
    }

    #[test]
    fn missing_empty_marked_and_old_outputs_may_be_replaced() {
        let dir = site();
        let out = dir.path().join("public");
        assert!(check(&out, dir.path(), Replace::OnlyBuilt).is_ok());
        std::fs::create_dir(&out).unwrap();
        assert!(check(&out, dir.path(), Replace::OnlyBuilt).is_ok());
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(out.join("index.html"), "x").unwrap();
        assert!(check(&out, dir.path(), Replace::OnlyBuilt).is_ok());
        std::fs::remove_file(out.join(MARKER)).unwrap();
        assert!(check(&out, dir.path(), Replace::OnlyBuilt).is_err());
        for name in [".nojekyll", "sitemap.xml"] {
            std::fs::write(out.join(name), "").unwrap();
        }
        std::fs::write(
            out.join("robots.txt"),
            crate::output::robots("https://x.org/"),
        )
        .unwrap();
        assert!(check(&out, dir.path(), Replace::OnlyBuilt).is_ok());
    }
}
