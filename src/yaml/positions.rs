//! Where each key, id and list entry of a YAML document is written, from the YAML parse itself.
//!
//! serde_yaml turns YAML into values and forgets where they were; errors found after that
//! (an unknown role id, an id used twice) still have to point at the right line. This is the
//! one place that knows: it reads the document's events with `saphyr-parser`, whose events
//! carry their spans, and records the place of every node under its path, written as serde
//! writes paths in its own errors: `roles[1].id`, `sections[0].items[2].roles[0]`, `title`.

use saphyr_parser::{Event, Marker, Parser};
use std::collections::{HashMap, HashSet};

/// A 1-based line and column in the file (not in the YAML text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub col: usize,
}

/// Where one node is written: its key (for a mapping entry) and its value.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Option<Place>,
    value: Place,
}

/// The places of every node of one YAML document, by path.
#[derive(Debug, Default)]
pub struct Positions {
    entries: HashMap<String, Entry>,
    /// Keys written a second time in the same mapping: the path and the second key's place.
    duplicates: Vec<(String, Place)>,
}

/// A mapping or sequence being read, with its path.
enum Frame {
    Map {
        path: String,
        /// The key just read, waiting for its value.
        key: Option<(String, Place)>,
        seen: HashSet<String>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

impl Positions {
    /// Reads `text`, whose first line is line `first_line` of its file. A syntax error ends the
    /// reading; what came before it is kept (serde reports the error itself).
    pub fn of(text: &str, first_line: usize) -> Positions {
        let mut positions = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        let place = |mark: Marker| Place {
            line: first_line + mark.line().saturating_sub(1),
            col: mark.col() + 1,
        };
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let at = place(span.start);
            match event {
                Event::Scalar(value, ..) if positions.key_read(&mut stack, &value, at) => {}
                Event::Scalar(..) => {
                    positions.node(&mut stack, at);
                }
                Event::Alias(_) => {
                    positions.node(&mut stack, at);
                }
                Event::MappingStart(..) => {
                    let path = positions.node(&mut stack, at);
                    stack.push(Frame::Map {
                        path,
                        key: None,
                        seen: HashSet::new(),
                    });
                }
                Event::SequenceStart(..) => {
                    let path = positions.node(&mut stack, at);
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        positions
    }

    /// If the top of `stack` is a mapping waiting for a key, takes `value` as that key.
    fn key_read(&mut self, stack: &mut [Frame], value: &str, at: Place) -> bool {
        let Some(Frame::Map { path, key, seen }) = stack.last_mut() else {
            return false;
        };
        if key.is_some() {
            return false;
        }
        if !seen.insert(value.to_string()) {
            self.duplicates.push((join(path, value), at));
        }
        *key = Some((value.to_string(), at));
        true
    }

    /// Records a value node starting at `at` under the path its place gives it; returns it.
    fn node(&mut self, stack: &mut [Frame], at: Place) -> String {
        let (path, key) = match stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                (format!("{path}[{}]", *next - 1), None)
            }
            Some(Frame::Map { path, key, .. }) => match key.take() {
                Some((name, key_at)) => (join(path, &name), Some(key_at)),
                // A mapping or sequence used as a key: rare, and nothing points into it.
                None => {
                    *key = Some(("?".into(), at));
                    (join(path, "?"), None)
                }
            },
        };
        self.entries
            .entry(path.clone())
            .or_insert(Entry { key, value: at });
        path
    }

    /// Where `path` is written: its key for a mapping entry, its value for a list entry.
    pub fn place(&self, path: &str) -> Option<Place> {
        self.entries.get(path).map(|e| e.key.unwrap_or(e.value))
    }

    /// The file line where `path` is written.
    pub fn line(&self, path: &str) -> Option<usize> {
        self.place(path).map(|p| p.line)
    }

    /// The first key written twice in one mapping: its path and where the second one is.
    pub fn first_duplicate(&self) -> Option<&(String, Place)> {
        self.duplicates.first()
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: A\nroles:\n  - lead\n  - staff\nsections:\n  - id: one\n    items:\n      - {id: a, type: scale}\n      - id: b\n        roles: [x, y]\n";

    #[test]
    fn keys_and_list_entries_are_placed() {
        let p = Positions::of(DOC, 2);
        assert_eq!(p.place("title"), Some(Place { line: 2, col: 1 }));
        assert_eq!(p.place("roles[1]"), Some(Place { line: 5, col: 5 }));
        assert_eq!(p.line("sections[0].id"), Some(7));
        assert_eq!(
            p.place("sections[0].items[0].id"),
            Some(Place { line: 9, col: 10 })
        );
        assert_eq!(p.line("sections[0].items[1].id"), Some(10));
        assert_eq!(
            p.place("sections[0].items[1].roles[1]"),
            Some(Place { line: 11, col: 20 })
        );
    }

    #[test]
    fn the_second_of_two_equal_keys_is_the_duplicate() {
        let p = Positions::of("title: A\nweight: 1\ntitle: B\n", 1);
        assert_eq!(
            p.first_duplicate(),
            Some(&("title".to_string(), Place { line: 3, col: 1 }))
        );
    }

    #[test]
    fn unicode_crlf_and_broken_text_do_not_panic() {
        let p = Positions::of("title: café “x”\r\ntags: [é, 😀]\r\n", 1);
        assert_eq!(p.place("tags[1]"), Some(Place { line: 2, col: 11 }));
        let broken = Positions::of("title: A\nweight: [1\n", 1);
        assert_eq!(broken.line("title"), Some(1));
    }

    #[test]
    fn awkward_yaml_never_panics_and_keeps_what_it_can() {
        let corpus = [
            "? [complex, key]\n: value\ntitle: A\n",
            "base: &a {x: 1}\ncopy: *a\ntitle: A\n",
            "title: A\n---\ntitle: B\n",
            "\u{feff}title: A\n",
            "title: \"tab\there\"\n\ttags: [x]\n",
            "title: nul\u{0}byte\n",
            "[1, 2, {a: [3, {b: 4}]}]\n",
            "title: |\n  folded\n  text\nweight: 2\n",
            "",
            ":\n",
            "- - - deep\n",
        ];
        for text in corpus {
            let positions = Positions::of(text, 7);
            if text.starts_with('?') || text.starts_with("base") || text.starts_with("title: |") {
                assert!(positions.line("title").is_some_and(|l| l >= 7), "{text:?}");
            }
        }
        assert_eq!(
            Positions::of("[1, {a: [3, {b: 4}]}]\n", 1).line("[1].a[1].b"),
            Some(1)
        );
    }
}
