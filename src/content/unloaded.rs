//! What a build remembers of the content files it had to leave out for errors in them: their
//! paths, so links to them are not reported as broken, and the kinds of id they may define, so
//! a reference to one of those ids is not reported as unknown while the file is broken. One
//! mistake is then reported once, in the file that holds it.

use super::Content;
use std::path::Path;

/// The kinds of id the files left out of a build may define, judged from their text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MayDefine {
    /// It has `entries` (a reading list).
    pub readings: bool,
    /// It has `sections` (an assessment).
    pub assessments: bool,
    /// It has `terms` or names the glossary kind (a glossary, perhaps without its terms yet).
    pub terms: bool,
}

impl Content {
    /// Records that the file at content path `rel` failed to load, and what it may define.
    pub(super) fn note_unloaded(&mut self, content_root: &Path, rel: &str) {
        let text = std::fs::read(content_root.join(rel)).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let may = &mut self.unloaded_may_define;
        may.readings |= text.contains("entries");
        may.assessments |= text.contains("sections");
        may.terms |= text.contains("terms") || text.contains("glossary");
        self.unloaded.push(rel.to_string());
    }
}
