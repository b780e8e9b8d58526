//! Where the pages' Markdown bodies are kept. `serve` keeps every body in its page, since it
//! re-renders pages as they are edited. A build leaves them in their files and reads each one
//! when it needs it (validation, then rendering): holding every body from loading to rendering
//! was most of a build's peak memory (110 of 171 MB at 10,000 pages, issue #19).
//!
//! Both loading and reading again go through [`read_text`].
//!
//! A body read again must be the body that was loaded: each page keeps a fingerprint of it, and
//! a file edited in between is reported rather than built half old, half new.

use super::{front_matter, Content, Page};
use crate::diagnostics::Diagnostic;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Where the pages' bodies are.
#[derive(Debug, Clone, Default)]
pub enum Bodies {
    /// In each [`Page::body`].
    #[default]
    InPages,
    /// In their files, under this `content/` folder; [`Page::body`] is empty.
    InFiles(PathBuf),
}

/// A 64-bit hash of a body, to tell whether a file still holds the body that was loaded.
pub fn fingerprint(body: &str) -> u64 {
    let hash = blake3::hash(body.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

impl Content {
    /// The Markdown body of page `index`: its own [`Page::body`], or read again from its file.
    pub fn body(&self, index: usize) -> Result<Cow<'_, str>, Diagnostic> {
        let page = &self.pages[index];
        match &self.bodies {
            Bodies::InPages => Ok(Cow::Borrowed(page.body.as_str())),
            // An empty body (or the home page made up when there is no `_index.md`) has
            // nothing to read.
            Bodies::InFiles(_) if page.body_fingerprint == fingerprint("") => Ok(Cow::Borrowed("")),
            Bodies::InFiles(content_root) => read_body(content_root, page).map(Cow::Owned),
        }
    }
}

/// Reads `page`'s body from its file under `content_root`, as loading split it.
fn read_body(content_root: &Path, page: &Page) -> Result<String, Diagnostic> {
    let changed = || {
        Diagnostic::error(
            &page.source,
            "this file changed while the site was being built",
        )
        .hint("build again once you have saved your changes")
    };
    let text = read_text(content_root, &page.content_path, &page.source)
        .map_err(|mut problems| problems.pop().unwrap_or_else(changed))?;
    let split = front_matter::split(&text, &page.source).map_err(|_| changed())?;
    if split.body_line != page.body_line || fingerprint(split.body) != page.body_fingerprint {
        return Err(changed());
    }
    Ok(split.body.to_string())
}

/// The text of the Markdown file `rel` (shown as `source`), or why it cannot be read.
pub(super) fn read_text(
    content_root: &Path,
    rel: &str,
    source: &Path,
) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(content_root.join(rel)).map_err(|err| {
        let words = crate::fs_words::describe(&err);
        vec![Diagnostic::error(
            source,
            format!("cannot read this file: {words}"),
        )]
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let utf16 = err.as_bytes().starts_with(&[0xFF, 0xFE]) || err.as_bytes().starts_with(&[0xFE, 0xFF]);
        let message = if utf16 {
            "the file is saved as UTF-16 text; pages must be UTF-8"
        } else {
            "the file is not valid UTF-8 text"
        };
        vec![Diagnostic::error(source, message)
            .at(line, None)
            .hint("save the file as UTF-8 in your editor (in Word: Save As, Plain Text, then Unicode (UTF-8))")]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with one page, loaded with its body left in the file.
    fn site(body: &str) -> (tempfile::TempDir, Content) {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(
            root.path().join("content/_index.md"),
            format!("---\r\ntitle: Home\r\n---\r\n{body}"),
        )
        .unwrap();
        let in_files = Bodies::InFiles(PathBuf::new());
        let (content, problems) = super::super::load_gathering_with(root.path(), false, in_files);
        assert!(!problems.has_errors(), "{problems}");
        (root, content)
    }

    #[test]
    fn a_body_left_in_its_file_is_read_as_it_was_loaded() {
        let body = "\u{feff}Café – “quoted” 🌱\r\nline two\r\n";
        let (root, content) = site(body);
        assert_eq!(content.pages[0].body, "", "the body is not held");
        let (kept, _) = super::super::load_gathering(root.path(), false);
        assert_eq!(content.body(0).unwrap(), kept.pages[0].body);
        assert!(content.body(0).unwrap().contains("Café – “quoted” 🌱"));
    }

    #[test]
    fn a_file_edited_after_loading_is_reported_not_built() {
        let (root, content) = site("First text.\n");
        let file = root.path().join("content/_index.md");
        std::fs::write(&file, "---\ntitle: Home\n---\nSecond text.\n").unwrap();
        let problem = content.body(0).unwrap_err();
        assert!(problem
            .message
            .contains("changed while the site was being built"));
        std::fs::remove_file(&file).unwrap();
        assert!(content.body(0).is_err(), "a file removed since loading");
    }
}
