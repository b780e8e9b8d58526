//! Incremental rebuilds for `serve`: the last good build kept in memory ([`Session`]), and
//! the rules for what a content edit touches.
//!
//! A save that changes only the body of existing pages (their front matter text is as it
//! was) re-reads just those files, checks them again, and re-renders them plus the readings
//! pages whose "cited by" lists they change; the new pages are written in place and the
//! browser is told to reload. The site-wide files that depend on every page (the print page,
//! the Pagefind index and the offline file list and version) are brought up to date
//! afterwards, on another thread ([`Session::snapshot`], [`Refresh::run`], [`Session::apply`]),
//! so that the served folder ends up byte for byte what a clean build makes. Anything else (a new, deleted or renamed file, a front matter edit, an
//! asset, a template, the config) is a full build, which is always correct.

use super::in_place::OutputState;
use crate::build::{self, BuildOptions, BuildReport, Prepared};
use crate::config::Config;
use crate::content::{self, Content, Page, CONTENT_DIR};
use crate::context::SiteView;
use crate::diagnostics::Diagnostics;
use crate::output::{CopiedFile, OutputFile};
use crate::print;
use crate::render::{self, RenderedPage};
use crate::templates::Templates;
use crate::{anchors, validate};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The last good build, kept between rebuilds.
pub struct Session {
    options: BuildOptions,
    prepared: Prepared,
    /// Every rendered page, by page index; shared, so that a refresh's snapshot costs a
    /// pointer a page (a copy of every page's HTML was 430 MB at 10,000 pages, made on the
    /// server's event loop).
    pages: Vec<Arc<RenderedPage>>,
    /// The `id`s in each page's HTML, by page index, for `#anchor` checks.
    ids: Vec<HashSet<String>>,
    /// Listings and the theme's fixed files: what a body edit never changes.
    listings_and_fixed: Vec<OutputFile>,
    output: OutputState,
    /// Whether the print page, search index and offline files lag behind the pages.
    stale: bool,
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub struct Update {
    /// Content files re-read, relative to the site root.
    pub edited: Vec<String>,
    /// Pages rendered again (the edited ones and those that show them).
    pub rendered: usize,
    /// Files rewritten in the output.
    pub written: usize,
    /// Readings that the edits left with no citation (a full build warns about every
    /// uncited reading; an edit warns about those it uncited).
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

impl Session {
    /// A full build, kept for later incremental ones.
    pub fn full_build(options: &BuildOptions) -> Result<(Session, BuildReport), Diagnostics> {
        let (prepared, built) = build::build_keeping(options)?;
        let ids = built.pages.iter().map(|p| owned_ids(&p.html)).collect();
        // A build's files are the pages, the print page, then listings and fixed files: keep
        // the listings and fixed ones.
        let listings_and_fixed = built.files[built.pages.len() + 1..].to_vec();
        let session = Session {
            output: OutputState::after_full_build(&options.output(), built.all_files()),
            options: options.clone(),
            prepared,
            pages: built.pages.into_iter().map(Arc::new).collect(),
            ids,
            listings_and_fixed,
            stale: false,
        };
        Ok((session, built.report))
    }

    /// Rebuilds for the content files `changed` (paths relative to the site root) if that can
    /// be done incrementally: `Ok(None)` means it cannot and a full build is needed.
    /// On an error the session is left as it was, the last good site.
    pub fn update(&mut self, changed: &[String]) -> Result<Option<Update>, Diagnostics> {
        let started = Instant::now();
        let Some(edits) = self.reload(changed)? else {
            return Ok(None);
        };
        let old: Vec<(usize, Page)> = edits
            .into_iter()
            .map(|(index, page)| {
                let old = std::mem::replace(&mut self.prepared.content.pages[index], page);
                (index, old)
            })
            .collect();
        let before = self.prepared.refs.cited_by.clone();
        let calls_before: Vec<_> = old
            .iter()
            .map(|(i, _)| self.prepared.refs.calls[*i].clone())
            .collect();
        match self.render_edits(&old, &before) {
            Ok(rendered) => {
                let written = self.write_pages(&rendered)?;
                self.stale |= written > 0;
                let p = &self.prepared;
                let warnings = validate::uncited_readings_among(&p.content, &p.refs, |id| {
                    before.contains_key(id)
                });
                Ok(Some(Update {
                    edited: changed.to_vec(),
                    rendered: rendered.len(),
                    written,
                    warnings,
                    elapsed: started.elapsed(),
                }))
            }
            Err(problems) => {
                for ((index, page), calls) in old.into_iter().zip(calls_before) {
                    self.prepared.content.pages[index] = page;
                    self.prepared.refs.calls[index] = calls;
                }
                self.prepared.refs.cited_by = before;
                Err(problems)
            }
        }
    }

    /// Re-reads the changed pages; `None` unless each is an existing page whose front matter
    /// is exactly as it was.
    fn reload(&self, changed: &[String]) -> Result<Option<Vec<(usize, Page)>>, Diagnostics> {
        let content = &self.prepared.content;
        let mut edits = Vec::with_capacity(changed.len());
        for path in changed {
            let Some(rel) = path.strip_prefix(&format!("{CONTENT_DIR}/")) else {
                return Ok(None);
            };
            let Some(index) = content.pages.iter().position(|p| p.content_path == rel) else {
                return Ok(None);
            };
            if !self.options.root.join(path).is_file() {
                return Ok(None);
            }
            let reloaded =
                content::reload_page(&self.options.root, content, index, self.options.drafts)
                    .map_err(|list| Diagnostics::from(list).sorted())?;
            match reloaded {
                Some(page) if page.front_matter == content.pages[index].front_matter => {
                    edits.push((index, page));
                }
                _ => return Ok(None),
            }
        }
        Ok(Some(edits))
    }

    /// Checks and renders the edited pages (already swapped into the content) and the readings
    /// pages whose citations changed; the session's pages are updated only if all succeed.
    fn render_edits(
        &mut self,
        edited: &[(usize, Page)],
        citations_before: &BTreeMap<String, BTreeSet<usize>>,
    ) -> Result<Vec<usize>, Diagnostics> {
        let p = &mut self.prepared;
        for &(index, _) in edited {
            validate::revalidate_body(
                &p.content,
                &p.config,
                &p.shortcode_names,
                &mut p.refs,
                index,
            )?;
        }
        let mut targets: BTreeSet<usize> = edited.iter().map(|(i, _)| *i).collect();
        targets.extend(readings_pages_to_redo(
            &self.prepared.refs,
            citations_before,
        ));
        let shared = self.prepared.shared();
        let mut rendered = Vec::with_capacity(targets.len());
        for &index in &targets {
            rendered.push(render::render_page(&shared, index).map_err(Diagnostics::from)?);
        }
        self.check_anchors(&rendered)?;
        for page in rendered {
            let index = page.index;
            self.ids[index] = owned_ids(&page.html);
            self.pages[index] = Arc::new(page);
        }
        Ok(targets.into_iter().collect())
    }

    /// `#anchor` links from the new pages, and from every page into them, must still resolve.
    fn check_anchors(&self, rendered: &[RenderedPage]) -> Result<(), Diagnostics> {
        let new_ids: BTreeMap<usize, HashSet<&str>> = rendered
            .iter()
            .map(|p| (p.index, anchors::html_ids(&p.html)))
            .collect();
        let from_new = rendered
            .iter()
            .flat_map(|p| p.anchors.iter().map(move |a| (p.index, a)));
        let into_new = self
            .pages
            .iter()
            .filter(|p| !new_ids.contains_key(&p.index))
            .flat_map(|p| p.anchors.iter().map(move |a| (p.index, a)))
            .filter(|(_, a)| new_ids.contains_key(&a.target));
        anchors::check_anchors(
            &self.prepared.content,
            from_new.chain(into_new),
            |target, anchor| match new_ids.get(&target) {
                Some(ids) => ids.contains(anchor),
                None => self.ids[target].contains(anchor),
            },
        )
    }

    fn write_pages(&mut self, indexes: &[usize]) -> Result<usize, Diagnostics> {
        let files: Vec<_> = indexes
            .iter()
            .map(|&i| self.prepared.page_file(&self.pages[i]))
            .collect();
        self.output.write_changed(&files)
    }

    /// Whether [`Session::refresh`] has work to do.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// What [`Refresh::run`] needs to bring the print page, search index and offline files up
    /// to date, copied so it can run on another thread while later edits are rebuilt;
    /// `None` when nothing is stale.
    pub fn snapshot(&self) -> Option<Refresh> {
        let p = &self.prepared;
        self.stale.then(|| Refresh {
            config: p.config.clone(),
            content: p.content.clone(),
            site: p.site.clone(),
            templates: Arc::clone(&p.templates),
            order: p.order.clone(),
            copies: p.copies(),
            page_paths: (0..self.pages.len()).map(|i| p.page_path(i)).collect(),
            pages: self.pages.clone(),
            listings_and_fixed: self.listings_and_fixed.clone(),
        })
    }

    /// Writes a refresh's files, if no rebuild happened since its snapshot (`current` says so),
    /// and removes what the site no longer has; returns the number of files written or removed.
    pub fn apply(&mut self, refreshed: &[OutputFile]) -> Result<usize, Diagnostics> {
        let pages: HashSet<String> = (0..self.pages.len())
            .map(|i| self.prepared.page_path(i))
            .collect();
        let changed = self.output.sync(refreshed, &pages)?;
        self.stale = false;
        Ok(changed)
    }
}

/// A copy of what the site-wide files are made from (see [`Session::snapshot`]).
pub struct Refresh {
    config: Config,
    content: Content,
    site: SiteView,
    templates: Arc<Templates>,
    order: Vec<usize>,
    copies: Vec<CopiedFile>,
    page_paths: Vec<String>,
    pages: Vec<Arc<RenderedPage>>,
    listings_and_fixed: Vec<OutputFile>,
}

impl Refresh {
    /// Renders the print page, indexes the pages and makes the offline files, as a build
    /// would; returns every generated file but the pages.
    pub fn run(self) -> Result<Vec<OutputFile>, Diagnostics> {
        let print = print::render(
            &self.content,
            &self.pages,
            &self.order,
            &self.site,
            &self.templates,
        )?;
        let mut files: Vec<OutputFile> = self
            .page_paths
            .into_iter()
            .zip(&self.pages)
            .map(|(path, page)| OutputFile::new(path, page.html.clone()))
            .collect();
        files.push(print);
        files.extend(self.listings_and_fixed);
        let parts = build::SiteParts {
            config: &self.config,
            content: &self.content,
            site: &self.site,
            templates: &self.templates,
            copies: &self.copies,
        };
        let (derived, warnings, ()) = build::finish(&parts, &files, None, || ())?;
        warnings.warnings().for_each(|w| eprintln!("{w}"));
        let page_count = self.pages.len();
        Ok(files
            .split_off(page_count)
            .into_iter()
            .chain(derived)
            .collect())
    }
}

/// The ids in `html`, kept beyond the page's HTML for later `#anchor` checks.
fn owned_ids(html: &str) -> HashSet<String> {
    anchors::html_ids(html)
        .into_iter()
        .map(String::from)
        .collect()
}

/// The readings pages defining a reading whose set of citing pages changed.
fn readings_pages_to_redo(
    refs: &validate::References,
    before: &BTreeMap<String, BTreeSet<usize>>,
) -> BTreeSet<usize> {
    let ids: BTreeSet<&String> = before.keys().chain(refs.cited_by.keys()).collect();
    ids.into_iter()
        .filter(|id| before.get(*id) != refs.cited_by.get(*id))
        .filter_map(|id| refs.readings.get(id).map(|(_, page)| *page))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Session, CONTENT_DIR};
    use crate::build::BuildOptions;
    use std::sync::Arc;

    /// Appends a paragraph saying `marker` to the page at `rel` and rebuilds it.
    fn edit(session: &mut Session, root: &std::path::Path, rel: &str, marker: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n\nThe marker {marker}.\n")).unwrap();
        let update = session.update(&[rel.to_string()]).unwrap();
        assert!(update.is_some(), "a body edit is rebuilt incrementally");
    }

    #[test]
    fn a_refresh_snapshot_shares_the_pages_and_keeps_them_through_later_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        crate::scaffold::init(&root).unwrap();
        let options = BuildOptions {
            root: root.clone(),
            output_dir: Some(dir.path().join("out")),
            ..Default::default()
        };
        let (mut session, _) = Session::full_build(&options).unwrap();
        let (index, rel) = session
            .prepared
            .content
            .pages
            .iter()
            .enumerate()
            .find(|(_, p)| !p.is_section)
            .map(|(i, p)| (i, format!("{CONTENT_DIR}/{}", p.content_path)))
            .unwrap();
        edit(&mut session, &root, &rel, "Ōtautahi-one");
        let snapshot = session.snapshot().expect("an edit leaves the site stale");
        assert_eq!(snapshot.pages.len(), session.pages.len());
        for (taken, current) in snapshot.pages.iter().zip(&session.pages) {
            assert!(Arc::ptr_eq(taken, current), "a snapshot copied a page");
        }
        edit(&mut session, &root, &rel, "Ōtautahi-two");
        let (taken, current) = (&snapshot.pages[index].html, &session.pages[index].html);
        assert!(taken.contains("Ōtautahi-one") && !taken.contains("Ōtautahi-two"));
        assert!(current.contains("Ōtautahi-two"));
    }
}
