//! Watching the site's sources for `serve`: which folders to watch, which file events to ignore
//! (editor temp and swap files, the output folder), and what kind of change a batch of events
//! is, so the rebuild can do only what that kind of change needs.
//!
//! Events reach the rebuild loop through an unbounded channel, already debounced by
//! notify-debouncer-full so that the burst of events one save makes arrives as one batch.

use crate::config::CONFIG_FILE;
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap, RecommendedCache,
};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// How long the debouncer waits after the last event of a burst before passing it on. Editors
/// write a save as several events within a few milliseconds; this groups them without making
/// the editor wait noticeably. It was 20 ms, most of a reload's time at 10,000 pages
/// (benches/reload.rs: median 39.5 ms, of which the server's re-render took about 10). A save
/// spread over longer than this is still safe: the first rebuild that reads it half-written
/// waits for the rest (`settle`), and the rest of the burst rebuilds once more.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often `--poll` looks at the files, for file systems that do not report changes. Each
/// look reads every watched file: notify's poll watcher keeps modification times in whole
/// seconds, so only the files' contents tell a second save within the same second.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders under the site root whose changes trigger a rebuild (with `config.yaml`).
pub const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What kind of input changed, from least to most work to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A page or a file beside it under `content/`: only pages that depend on it need work.
    Content,
    /// A theme or site static file: copied or fingerprinted, and pages link to its new name.
    Static,
    /// A template: every page is rendered again.
    Template,
    /// `config.yaml`: base URL, roles and settings, so everything is rebuilt.
    Config,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Content => "content",
            ChangeKind::Static => "static",
            ChangeKind::Template => "template",
            ChangeKind::Config => "config",
        }
    }
}

/// The changed files of one batch, by kind, as paths relative to the site root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sorted by kind first, so a batch lists its files grouped by kind.
    pub files: BTreeSet<(ChangeKind, String)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The most demanding kind in the batch, which decides how much to rebuild.
    pub fn scope(&self) -> Option<ChangeKind> {
        self.files.iter().map(|(kind, _)| *kind).max()
    }

    /// Adds a file event's path when it is one the site is built from.
    pub fn add(&mut self, root: &Path, ignored: &[PathBuf], path: &Path) {
        if ignored.iter().any(|dir| path.starts_with(dir)) {
            return;
        }
        if let Some((kind, rel)) = classify(root, path) {
            self.files.insert((kind, rel));
        }
    }

    /// Folds a later batch into this one.
    pub fn merge(&mut self, other: Changes) {
        self.files.extend(other.files);
    }
}

impl fmt::Display for Changes {
    /// `content: content/a.md, content/b.md; template: templates/page.html`, at most a few names
    /// per kind so a burst of hundreds of files stays on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 3;
        let kinds: BTreeSet<ChangeKind> = self.files.iter().map(|(k, _)| *k).collect();
        let mut first = true;
        for kind in kinds {
            let names: Vec<&str> = self
                .files
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, p)| p.as_str())
                .collect();
            let more = names.len().saturating_sub(SHOWN);
            write!(
                f,
                "{}{}: {}",
                if first { "" } else { "; " },
                kind.label(),
                names[..names.len().min(SHOWN)].join(", ")
            )?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
            first = false;
        }
        Ok(())
    }
}

/// What kind of source `path` is, and its path relative to `root`; `None` for files the build
/// never reads (editor leftovers, hidden files, anything outside the watched folders).
pub fn classify(root: &Path, path: &Path) -> Option<(ChangeKind, String)> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name = parts.last()?;
    if is_editor_leftover(name) || parts.iter().any(|p| crate::content::is_ignored_name(p)) {
        return None;
    }
    let kind = match parts[0].as_str() {
        CONFIG_FILE if parts.len() == 1 => ChangeKind::Config,
        "content" => ChangeKind::Content,
        "templates" => ChangeKind::Template,
        "static" => ChangeKind::Static,
        "themes" if parts.get(2).is_some_and(|p| p == "static") => ChangeKind::Static,
        "themes" => ChangeKind::Template,
        _ => return None,
    };
    Some((kind, parts.join("/")))
}

/// Names editors create while saving that the build's own ignore list has no reason to know:
/// Vim's `4913` write test and Chrome's `.crswap` (hidden files, `~`, `#..#`, `.swp`, `.tmp`,
/// Kate and JetBrains files are already ignored by [`crate::content::is_ignored_name`]).
fn is_editor_leftover(name: &str) -> bool {
    name == "4913" || name.ends_with(".crswap")
}

/// Whether an event can change what the build reads. Reading a file (which every build does)
/// makes access and access-time events; rebuilding on those would rebuild for ever. A new
/// modification time is a change: it is all the poll watcher reports for a saved file.
fn changes_bytes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(what)) => *what == MetadataKind::WriteTime,
        _ => true,
    }
}

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// Starts watching the site at `root`, sending each debounced batch of changed paths to `sink`.
pub fn watch(
    root: &Path,
    poll: bool,
    sink: UnboundedSender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| changes_bytes(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = sink.send(paths);
            }
        }
    };
    let mut watcher = if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Watcher::Poll(new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            FileIdMap::new(),
            config,
        )?)
    } else {
        Watcher::Native(new_debouncer(DEBOUNCE, None, handler)?)
    };
    // The root itself is watched (not recursively) so that `config.yaml` is seen even when an
    // editor saves it by renaming a new file over it.
    watcher.add(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
    {
        watcher.add(&dir, RecursiveMode::Recursive)?;
    }
    Ok(watcher)
}

impl Watcher {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    /// Starts watching a watched folder (`templates/`, say) created after `serve` started.
    pub fn follow_new_dirs(&mut self, root: &Path, paths: &[PathBuf]) {
        for path in paths {
            let is_top_dir =
                path.parent() == Some(root) && WATCHED_DIRS.iter().any(|d| path.ends_with(d));
            if is_top_dir && path.is_dir() {
                let _ = self.add(path, RecursiveMode::Recursive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(path: &str) -> Option<ChangeKind> {
        classify(Path::new("/site"), &Path::new("/site").join(path)).map(|(k, _)| k)
    }

    #[test]
    fn classifies_by_folder() {
        assert_eq!(
            kind_of("content/principles/a.md"),
            Some(ChangeKind::Content)
        );
        assert_eq!(kind_of("content/img/photo.png"), Some(ChangeKind::Content));
        assert_eq!(kind_of("templates/page.html"), Some(ChangeKind::Template));
        assert_eq!(
            kind_of("themes/default/templates/base.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            kind_of("themes/default/static/css/site.css"),
            Some(ChangeKind::Static)
        );
        assert_eq!(kind_of("static/CNAME"), Some(ChangeKind::Static));
        assert_eq!(kind_of("config.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind_of("README.md"), None);
        assert_eq!(kind_of("public/index.html"), None);
        assert_eq!(kind_of("content/config.yaml"), Some(ChangeKind::Content));
    }

    #[test]
    fn ignores_editor_files() {
        for name in [
            "4913",
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "a.md.tmp",
            "a.md.kate-swp",
            "a.md___jb_tmp___",
            "a.md.crswap",
        ] {
            assert_eq!(kind_of(&format!("content/{name}")), None, "{name}");
        }
        assert_eq!(kind_of("content/.git/HEAD"), None);
    }

    #[test]
    fn batch_scope_is_the_most_demanding_kind() {
        let root = Path::new("/site");
        let mut changes = Changes::default();
        changes.add(root, &[], &root.join("content/a.md"));
        assert_eq!(changes.scope(), Some(ChangeKind::Content));
        changes.add(root, &[], &root.join("templates/page.html"));
        changes.add(
            root,
            &[root.join("content/out")],
            &root.join("content/out/index.html"),
        );
        assert_eq!(changes.scope(), Some(ChangeKind::Template));
        assert_eq!(
            changes.to_string(),
            "content: content/a.md; template: templates/page.html"
        );
    }
}
