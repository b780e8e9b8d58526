//! The `#anchor` check: every link to `page#id` must find that `id` in the target page's
//! final HTML. Runs after rendering (ids come from headings, shortcodes and templates alike),
//! on a full build and on each incremental rebuild in `serve`.

use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::AnchorRef;
use crate::render::RenderedPage;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Checks every `#anchor` link of a whole rendered site (`pages`, each with its index). A link
/// to a page missing from `pages` (one that failed to render) is left until it renders.
pub fn check_site(content: &Content, pages: &[RenderedPage]) -> Result<(), Diagnostics> {
    let ids: HashMap<usize, HashSet<&str>> = pages
        .par_iter()
        .map(|p| (p.index, html_ids(&p.html)))
        .collect();
    let anchors = pages
        .iter()
        .flat_map(|page| page.anchors.iter().map(move |a| (page.index, a)));
    check_anchors(content, anchors, |target, anchor| {
        ids.get(&target).is_none_or(|set| set.contains(anchor))
    })
}

/// Every `#anchor` link `(from page, link)` must name an `id` present in the target page's
/// final HTML; `has_id(target, anchor)` says whether it does.
pub fn check_anchors<'a>(
    content: &Content,
    anchors: impl Iterator<Item = (usize, &'a AnchorRef)>,
    has_id: impl Fn(usize, &str) -> bool,
) -> Result<(), Diagnostics> {
    let problems: Diagnostics = anchors
        .filter(|(_, a)| !has_id(a.target, &a.anchor))
        .map(|(from, a)| {
            let target = &content.pages[a.target];
            Diagnostic::error(&content.pages[from].source, format!("the link to `#{}` finds no such heading or id in {}", a.anchor, target.source.display()))
                .at(a.line, None)
                .hint("link to a heading that exists; ids are the heading text in lowercase with dashes, or the {#id} you wrote")
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.sorted())
    }
}

/// The values of every `id="..."` attribute in `html`.
pub fn html_ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}
