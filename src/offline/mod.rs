//! Offline use: the service worker (`sw.js`), the web app manifest, the versioned list of every
//! file a reader can save (`offline-<version>.json`) and the "Save the toolkit for offline use"
//! page (`offline/`).
//!
//! The version is a content hash over every output file's path and bytes, so any change to the
//! site changes the bytes of `sw.js` and browsers install the new worker, which saves into a
//! fresh cache and drops the old one. That is why this stage runs last in a build: the list and
//! the version must cover everything, the search index included. The file list lives in its own
//! versioned JSON file so `sw.js` stays small however large the site grows.

use crate::config::Config;
use crate::content::Content;
use crate::context::{home_trail, Link, PageView, SiteView};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{CopiedFile, OutputFile};
use crate::templates::Templates;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

mod manifest;
use manifest::manifest;

/// The service worker's path in the output (and its URL under the base path).
pub const WORKER: &str = "sw.js";
/// The web app manifest's path in the output.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The "Save the toolkit for offline use" page.
pub const PAGE: &str = "offline/index.html";
/// Stands for the version in the offline page until the version is known: the page is part of
/// what the version covers, and must also name the versioned file list. It is as long as a
/// version, so the page's size in the list is its final size.
const VERSION_MARK: &str = "@@offline_ver@@@";
/// Output files a reader never needs offline.
const NOT_LISTED: &[&str] = &["sitemap.xml", "robots.txt"];

/// The context of `offline.html`.
#[derive(Serialize)]
struct OfflinePageContext<'a> {
    site: &'a SiteView,
    page: PageView,
    breadcrumbs: Vec<Link>,
    /// URL of the versioned file list, which the page reads to show the size before saving.
    list_url: String,
}

/// The context of `sw.js`.
#[derive(Serialize)]
struct WorkerContext<'a> {
    version: &'a str,
    base_path: &'a str,
    list_url: String,
    not_found_url: String,
}

/// The versioned file list: every file a reader can save, as URLs with sizes.
#[derive(Serialize)]
struct FileList<'a> {
    version: &'a str,
    count: usize,
    bytes: u64,
    /// `[url, size in bytes]` pairs, sorted by URL.
    files: Vec<(String, u64)>,
}

/// The files offline use adds to a build (none when `offline.enabled` is false), given every
/// other file of the site.
pub fn generate(
    config: &Config,
    content: &Content,
    site: &SiteView,
    templates: &Templates,
    files: &[&OutputFile],
    copies: &[CopiedFile],
) -> Result<Vec<OutputFile>, Diagnostics> {
    let entries = files.iter().map(|f| Entry::Memory(f)).collect();
    generate_from(config, content, site, templates, entries, copies)
}

/// A file of the site that the version and the list cover, wherever its bytes are.
pub enum Entry<'a> {
    Memory(&'a OutputFile),
    /// Output path `path`, already written to `file`: read back when hashed, a few at a
    /// time, so that a build need not hold every page at once.
    Disk {
        path: String,
        file: PathBuf,
    },
}

impl Entry<'_> {
    fn path(&self) -> &str {
        match self {
            Entry::Memory(file) => &file.path,
            Entry::Disk { path, .. } => path,
        }
    }

    /// The file's bytes; a large file on disk is left open to be hashed as it is read.
    fn bytes(&self) -> Result<Bytes<'_>, Diagnostic> {
        let (file, opened) = match self {
            Entry::Memory(file) => return Ok(Bytes::Whole(Cow::Borrowed(&file.bytes))),
            Entry::Disk { file, .. } => (file, std::fs::File::open(file)),
        };
        let read = opened.and_then(|mut opened| {
            let size = opened.metadata()?.len();
            if size > LARGE {
                return Ok(Bytes::Large(opened, size));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            std::io::Read::read_to_end(&mut opened, &mut bytes)?;
            Ok(Bytes::Whole(Cow::Owned(bytes)))
        });
        read.map_err(|err| unreadable(file, &err))
    }
}

/// Files on disk larger than this (the print page of a large toolkit is hundreds of
/// megabytes) are hashed as they are read rather than read whole.
const LARGE: u64 = 1 << 20;

/// A file's bytes for hashing.
enum Bytes<'a> {
    Whole(Cow<'a, [u8]>),
    /// An open file and its size.
    Large(std::fs::File, u64),
}

fn unreadable(file: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        file,
        format!(
            "cannot read the file to hash it for offline use: {}",
            crate::fs_words::describe(err)
        ),
    )
    .hint(
        "check that the file is readable, or turn offline use off with `offline: {enabled: false}`",
    )
}

/// [`generate`] over `files` wherever their bytes are, and the content folder's `copies`.
pub fn generate_from(
    config: &Config,
    content: &Content,
    site: &SiteView,
    templates: &Templates,
    files: Vec<Entry<'_>>,
    copies: &[CopiedFile],
) -> Result<Vec<OutputFile>, Diagnostics> {
    if !config.offline.enabled {
        return Ok(Vec::new());
    }
    let base = site.base_path.as_str();
    let page = OutputFile::new(PAGE, render_page(content, site, templates)?);
    let manifest = OutputFile::new(MANIFEST, manifest(config, site));
    let mut everything: Vec<Entry<'_>> = files;
    everything.extend(copies.iter().map(|c| Entry::Disk {
        path: c.path.clone(),
        file: c.source.clone(),
    }));
    everything.extend([Entry::Memory(&page), Entry::Memory(&manifest)]);
    everything.sort_by(|a, b| a.path().cmp(b.path()));
    let (version, sizes) = hash_entries(&everything)?;
    let list_path = list_path(&version);
    let list = list_of(base, &version, &sizes);
    let worker = WorkerContext {
        version: &version,
        base_path: base,
        list_url: format!("{base}{list_path}"),
        not_found_url: format!("{base}404.html"),
    };
    let worker = templates
        .render(WORKER, &worker, Path::new("templates/sw.js"))
        .map_err(Diagnostics::from)?;
    let page_html = String::from_utf8_lossy(&page.bytes).replace(VERSION_MARK, &version);
    Ok(vec![
        OutputFile::new(PAGE, page_html),
        manifest,
        OutputFile::new(list_path, list),
        OutputFile::new(WORKER, worker),
    ])
}

/// Each file's output path and size, in path order.
type Sizes<'a> = Vec<(&'a str, u64)>;

/// [`version_of`] over `entries` (in path order), and each one's path and size; files on disk
/// are read in parallel a chunk at a time. Every file that cannot be read is reported.
fn hash_entries<'e>(entries: &'e [Entry<'_>]) -> Result<(String, Sizes<'e>), Diagnostics> {
    let mut hasher = blake3::Hasher::new();
    let mut sizes = Vec::with_capacity(entries.len());
    let mut problems = Diagnostics::new();
    for chunk in entries.chunks(64) {
        let read: Vec<_> = chunk.par_iter().map(Entry::bytes).collect();
        for (entry, bytes) in chunk.iter().zip(read) {
            match bytes {
                Ok(Bytes::Whole(bytes)) => {
                    hash_file(&mut hasher, entry.path(), &bytes);
                    sizes.push((entry.path(), bytes.len() as u64));
                }
                Ok(Bytes::Large(mut file, size)) => {
                    hash_header(&mut hasher, entry.path(), size);
                    match std::io::copy(&mut file, &mut hasher) {
                        Ok(read) if read == size => sizes.push((entry.path(), size)),
                        Ok(_) => problems.push(unreadable(
                            Path::new(entry.path()),
                            &std::io::Error::other("it changed while it was read"),
                        )),
                        Err(err) => problems.push(unreadable(Path::new(entry.path()), &err)),
                    }
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((hasher.finalize().to_hex()[..16].to_string(), sizes))
}

/// The file list's path in the output for `version`.
pub fn list_path(version: &str) -> String {
    format!("offline-{version}.json")
}

fn render_page(
    content: &Content,
    site: &SiteView,
    templates: &Templates,
) -> Result<String, Diagnostics> {
    let base = site.base_path.as_str();
    let page = PageView::generated(
        site,
        "Save the toolkit for offline use".into(),
        "offline/",
        "offline",
    );
    let breadcrumbs = home_trail(content, base);
    let list_url = format!("{base}{}", list_path(VERSION_MARK));
    let ctx = OfflinePageContext {
        site,
        page,
        breadcrumbs,
        list_url,
    };
    templates
        .render("offline.html", &ctx, Path::new("templates/offline.html"))
        .map_err(Diagnostics::from)
}

/// 16 hex digits of a BLAKE3 hash over every file's path, length and bytes, in path order.
pub fn version_of(files: &[&OutputFile]) -> String {
    let mut hasher = blake3::Hasher::new();
    for file in files {
        hash_file(&mut hasher, &file.path, &file.bytes);
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// Adds one file to the version: its path, length and bytes.
fn hash_file(hasher: &mut blake3::Hasher, path: &str, bytes: &[u8]) {
    hash_header(hasher, path, bytes.len() as u64);
    hasher.update(bytes);
}

/// What the version hashes of a file before its bytes: its path and its length.
fn hash_header(hasher: &mut blake3::Hasher, path: &str, len: u64) {
    hasher.update(path.as_bytes());
    hasher.update(&[0]);
    hasher.update(&len.to_le_bytes());
}

/// [`list_of`] the files in memory.
#[cfg(test)]
fn file_list(base: &str, version: &str, files: &[&OutputFile]) -> String {
    let sizes: Vec<(&str, u64)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.len() as u64))
        .collect();
    list_of(base, version, &sizes)
}

/// The JSON file list: every file but hidden files, the sitemap and robots.txt, from each
/// file's path and size, in path order.
fn list_of(base: &str, version: &str, sizes: &[(&str, u64)]) -> String {
    let listed: Vec<(String, u64)> = sizes
        .iter()
        .filter(|(path, _)| is_listed(path))
        .map(|(path, size)| (url_of(base, path), *size))
        .collect();
    let list = FileList {
        version,
        count: listed.len(),
        bytes: listed.iter().map(|(_, size)| size).sum(),
        files: listed,
    };
    serde_json::to_string(&list).unwrap_or_default()
}

fn is_listed(path: &str) -> bool {
    !NOT_LISTED.contains(&path) && !path.split('/').any(|part| part.starts_with('.'))
}

/// The URL a browser requests for the output file `path`: `dir/index.html` is `dir/`.
pub fn url_of(base: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .map_or(path, |dir| &path[..dir.len() + 1])
    };
    let mut url = String::from(base);
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_what_browsers_request() {
        assert_eq!(url_of("/toolkit/", "index.html"), "/toolkit/");
        assert_eq!(
            url_of("/toolkit/", "guide/one/index.html"),
            "/toolkit/guide/one/"
        );
        assert_eq!(url_of("/toolkit/", "404.html"), "/toolkit/404.html");
        assert_eq!(
            url_of("/", "files/my plan é.pdf"),
            "/files/my%20plan%20%C3%A9.pdf"
        );
    }

    #[test]
    fn version_follows_paths_and_bytes() {
        let a = OutputFile::new("a.html", "one");
        let b = OutputFile::new("b.html", "two");
        let base = version_of(&[&a, &b]);
        assert_eq!(base.len(), VERSION_MARK.len());
        assert_eq!(base, version_of(&[&a, &b]));
        assert_ne!(base, version_of(&[&a, &OutputFile::new("b.html", "twO")]));
        assert_ne!(base, version_of(&[&a, &OutputFile::new("c.html", "two")]));
    }

    #[test]
    fn files_read_back_from_disk_hash_as_in_memory_however_large() {
        let dir = tempfile::tempdir().unwrap();
        let big = OutputFile::new("print/index.html", vec![b'x'; LARGE as usize + 5]);
        let small = OutputFile::new("a/index.html", "page");
        let disk = |f: &OutputFile| {
            let file = dir.path().join(f.path.replace('/', "_"));
            std::fs::write(&file, &f.bytes).unwrap();
            Entry::Disk {
                path: f.path.clone(),
                file,
            }
        };
        let entries = [disk(&small), disk(&big)];
        let (version, sizes) = hash_entries(&entries).unwrap();
        assert_eq!(version, version_of(&[&small, &big]));
        assert_eq!(
            sizes,
            [("a/index.html", 4), ("print/index.html", LARGE + 5)]
        );
    }

    #[test]
    fn list_leaves_out_hidden_files_sitemap_and_robots() {
        let files = [
            OutputFile::new(".nojekyll", ""),
            OutputFile::new("robots.txt", "x"),
            OutputFile::new("index.html", "home"),
            OutputFile::new("pagefind/pagefind.js", "js"),
        ];
        let refs: Vec<&OutputFile> = files.iter().collect();
        let list: serde_json::Value = serde_json::from_str(&file_list("/t/", "v1", &refs)).unwrap();
        assert_eq!(
            list["files"],
            serde_json::json!([["/t/", 4], ["/t/pagefind/pagefind.js", 2]])
        );
        assert_eq!(list["bytes"], 6);
        assert_eq!(list["count"], 2);
    }
}
