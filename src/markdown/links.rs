//! Links in a page body: written as relative paths to `.md` files or to files beside the page,
//! they become site URLs under the base path. A link to a missing file is an error; a link to
//! an `#anchor` is recorded, to check once every page is rendered.

use super::{AnchorRef, LinkTargets, Origin};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::CowStr;

/// Resolves a text's links as its events go by, keeping the anchors to check once every page
/// is rendered and the links that point nowhere.
pub(super) struct Links<'a> {
    origin: &'a Origin<'a>,
    targets: &'a LinkTargets,
    lines: LineIndex,
    anchors: Vec<AnchorRef>,
    problems: Vec<Diagnostic>,
}

impl<'a> Links<'a> {
    pub(super) fn new(text: &str, origin: &'a Origin<'a>, targets: &'a LinkTargets) -> Self {
        Links {
            origin,
            targets,
            lines: LineIndex::new(text, origin.first_line),
            anchors: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Rewrites `dest`, written at byte `offset` of the text, into the URL to emit; a link that
    /// points nowhere is kept as written, and its problem noted.
    pub(super) fn rewrite(&mut self, dest: &mut CowStr<'_>, offset: usize) {
        let link = WrittenLink {
            dest,
            origin: self.origin,
            line: self.lines.line(offset),
        };
        match link.resolve(self.targets) {
            Ok(resolved) => {
                *dest = resolved.url.into();
                self.anchors.extend(resolved.anchor);
            }
            Err(problem) => self.problems.push(problem),
        }
    }

    /// The anchors the links point at, or the problems if any link points nowhere.
    pub(super) fn into_anchors(self) -> Result<Vec<AnchorRef>, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(self.anchors)
        } else {
            Err(self.problems)
        }
    }
}

/// A link as written in a page, and where it was written.
struct WrittenLink<'a> {
    dest: &'a str,
    origin: &'a Origin<'a>,
    line: usize,
}

/// A link resolved: the URL to emit, and the anchor it points at, if any, to check once every
/// page is rendered.
struct ResolvedLink {
    url: String,
    anchor: Option<AnchorRef>,
}

impl WrittenLink<'_> {
    /// Turns the link into the URL to emit, or an error for a missing target.
    fn resolve(&self, targets: &LinkTargets) -> Result<ResolvedLink, Diagnostic> {
        let dest = self.dest;
        if let Some(scheme) = super::active::script_scheme(dest) {
            return Err(self.script_scheme(&scheme));
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            return self.resolve_site_absolute(targets);
        }
        if dest.contains("://")
            || dest.starts_with("mailto:")
            || dest.starts_with("tel:")
            || dest.starts_with('/')
        {
            return Ok(self.as_written(None));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        if path.is_empty() {
            let anchor = fragment.map(|anchor| self.anchor(self.origin.page_index, anchor));
            return Ok(self.as_written(anchor));
        }
        let joined = join(self.origin.content_path, path);
        if path.ends_with(".md") {
            self.resolve_page(joined, fragment, targets)
        } else {
            self.resolve_asset(joined, targets)
        }
    }

    /// A link to the page at content path `joined`, and to `fragment` on it if given.
    fn resolve_page(
        &self,
        joined: Option<String>,
        fragment: Option<&str>,
        targets: &LinkTargets,
    ) -> Result<ResolvedLink, Diagnostic> {
        if joined
            .as_ref()
            .is_some_and(|j| targets.unloaded.contains(j))
        {
            return Ok(self.as_written(None));
        }
        let Some(&target) = joined.as_ref().and_then(|j| targets.pages.get(j)) else {
            return Err(self.missing(
                "a page",
                "check the file name and the `../` steps; links are relative to this file (drafts are left out unless you build with --drafts)",
            ));
        };
        let url = targets.page_url(target);
        Ok(match fragment {
            Some(anchor) => ResolvedLink {
                url: format!("{url}#{anchor}"),
                anchor: Some(self.anchor(target, anchor)),
            },
            None => ResolvedLink { url, anchor: None },
        })
    }

    /// A link to the asset file at content path `joined`.
    fn resolve_asset(
        &self,
        joined: Option<String>,
        targets: &LinkTargets,
    ) -> Result<ResolvedLink, Diagnostic> {
        match joined.filter(|j| targets.assets.contains(j)) {
            Some(asset) => Ok(ResolvedLink {
                url: format!("{}{asset}", targets.base_path),
                anchor: None,
            }),
            None => Err(self.missing(
                "a file",
                "put the file beside the page in content/, or link to a full https:// address",
            )),
        }
    }

    /// A link written from the site's root, `/toolkit/principles/x/`: kept only if it starts
    /// with the base path and names a page, a file or a listing. One without the base path
    /// (`/principles/x/`) would work in `serve` and 404 once published under a sub-path.
    fn resolve_site_absolute(&self, targets: &LinkTargets) -> Result<ResolvedLink, Diagnostic> {
        let path = self.dest.split(['#', '?']).next().unwrap_or_default();
        let fragment = self.dest.split_once('#').map(|(_, f)| f);
        let under_base = path.strip_prefix(targets.base_path.as_str());
        let page = under_base.and_then(|rest| targets.urls.iter().position(|u| u == rest));
        let known = under_base.is_some_and(|rest| {
            targets.assets.contains(rest) || rest.starts_with("tags/") || rest.starts_with("roles/")
        });
        match (page, known) {
            (Some(target), _) => Ok(self.as_written(fragment.map(|a| self.anchor(target, a)))),
            (None, true) => Ok(self.as_written(None)),
            (None, false) => Err(self.site_absolute_error(path, targets)),
        }
    }

    /// The error for a site-absolute link that names nothing under the base path, suggesting
    /// the relative link to the page it seems to mean.
    fn site_absolute_error(&self, path: &str, targets: &LinkTargets) -> Diagnostic {
        let without_base = path.trim_start_matches('/');
        let meant = targets.urls.iter().position(|u| u == without_base);
        let suggestion = meant
            .and_then(|i| targets.pages.iter().find(|(_, &index)| index == i))
            .map(|(content_path, _)| relative(self.origin.content_path, content_path));
        let hint = match suggestion {
            Some(link) => format!("link to the page's file instead, relative to this one: `{link}`"),
            None => "link to the page's .md file, relative to this one (like `../principles/x.md`), so the link works under any base path".into(),
        };
        Diagnostic::error(
            self.origin.source,
            format!(
                "the link `{}` starts with `/` but is not under the site's base path `{}`, so it would not be found once published",
                self.dest, targets.base_path
            ),
        )
        .at(self.line, None)
        .hint(hint)
    }

    /// The link emitted as written.
    fn as_written(&self, anchor: Option<AnchorRef>) -> ResolvedLink {
        ResolvedLink {
            url: self.dest.to_string(),
            anchor,
        }
    }

    /// `anchor` on page `target`, to check once that page is rendered.
    fn anchor(&self, target: usize, anchor: &str) -> AnchorRef {
        AnchorRef {
            target,
            anchor: anchor.to_string(),
            line: self.line,
        }
    }

    /// The error for a link or image whose address could run code or hide a document.
    fn script_scheme(&self, scheme: &str) -> Diagnostic {
        let shown: String = self.dest.chars().take(40).collect();
        let cut = if shown.len() < self.dest.len() {
            "…"
        } else {
            ""
        };
        Diagnostic::error(
            self.origin.source,
            format!("the link `{shown}{cut}` is a `{scheme}:` address, which could run code in a reader's browser"),
        )
        .at(self.line, None)
        .hint("link to a page (`other-page.md`), a file saved beside the page, or a full https:// address")
    }

    /// The error for a link to `what` (a page, a file) that does not exist.
    fn missing(&self, what: &str, hint: &str) -> Diagnostic {
        Diagnostic::error(
            self.origin.source,
            format!(
                "the link `{}` points to {what} that does not exist",
                self.dest
            ),
        )
        .at(self.line, None)
        .hint(hint)
    }
}

/// Joins a relative link onto the folder of `from`, resolving `.` and `..`.
fn join(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The link from content file `from` to content file `to`: `a/b.md` to `c/d.md` is `../c/d.md`.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let shared = from_dir
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let ups = "../".repeat(from_dir.len() - shared);
    format!("{ups}{}", to_parts[shared..].join("/"))
}

/// Maps byte offsets in a text to file lines.
pub(super) struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    pub(super) fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line }
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dot_dot() {
        assert_eq!(join("a/b.md", "../c/d.md").as_deref(), Some("c/d.md"));
        assert_eq!(join("b.md", "c.md").as_deref(), Some("c.md"));
        assert_eq!(join("b.md", "../c.md"), None);
    }

    #[test]
    fn relative_links_climb_to_the_shared_folder() {
        assert_eq!(relative("a/b.md", "c/d.md"), "../c/d.md");
        assert_eq!(relative("a/b.md", "a/c.md"), "c.md");
        assert_eq!(relative("b.md", "p/x.md"), "p/x.md");
        assert_eq!(relative("a/b/c.md", "a/_index.md"), "../_index.md");
    }

    #[test]
    fn line_index_counts_lines() {
        let index = LineIndex::new("a\nb\nc", 10);
        assert_eq!(index.line(0), 10);
        assert_eq!(index.line(2), 11);
        assert_eq!(index.line(4), 12);
    }
}
