//! Heading ids and the table of contents: each heading gets a unique id (its `{#id}` or its
//! text, slugified, with `-1`, `-2` added on repeats), and level-2 and level-3 headings nest
//! into a two-level table of contents.

use crate::content::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel};
use serde::Serialize;
use std::collections::BTreeSet;

/// One heading in a page's table of contents, with the headings under it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Heading ids handed out so far, and the table of contents they make.
#[derive(Default)]
pub(super) struct Headings {
    used: BTreeSet<String>,
    flat: Vec<(u8, String, String)>,
    /// Explicit `{#id}`s already taken, with the byte offset of the heading that repeats them.
    repeated: Vec<(String, usize)>,
}

impl Headings {
    /// Gives the heading at byte `offset` its id. An id made from the text gets `-1`, `-2` on
    /// repeats; an explicit `{#id}` is kept as written, and a repeat is noted, since links to it
    /// would all land on the first.
    pub(super) fn add(
        &mut self,
        level: HeadingLevel,
        explicit: Option<CowStr<'_>>,
        inner: &[Event<'_>],
        offset: usize,
    ) -> String {
        let title: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let explicit_given = explicit.is_some();
        let base = explicit.map_or_else(|| slugify(&title), |id| id.to_string());
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if explicit_given && self.used.contains(&base) {
            self.repeated.push((base.clone(), offset));
        }
        let mut id = base.clone();
        let mut n = 1;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.flat.push((level as u8, id.clone(), title));
        id
    }

    /// Each explicit id written on a second heading, with that heading's byte offset.
    pub(super) fn repeated_ids(&self) -> &[(String, usize)] {
        &self.repeated
    }

    /// The text of the heading added last, or "" before the first.
    pub(super) fn last_title(&self) -> &str {
        self.flat.last().map_or("", |(_, _, title)| title)
    }

    /// Nests level-2 and level-3 headings into a two-level table of contents.
    pub(super) fn toc(&self) -> Vec<TocEntry> {
        let mut toc: Vec<TocEntry> = Vec::new();
        for (level, id, title) in &self.flat {
            let entry = TocEntry {
                level: *level,
                id: id.clone(),
                title: title.clone(),
                children: Vec::new(),
            };
            match (*level, toc.last_mut()) {
                (2, _) => toc.push(entry),
                (3, Some(parent)) => parent.children.push(entry),
                (3, None) => toc.push(entry),
                _ => {}
            }
        }
        toc
    }
}
