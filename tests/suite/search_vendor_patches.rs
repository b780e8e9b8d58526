//! The patches in `vendor/pagefind/` (see its PATCHES.md) change how Pagefind's bundle is
//! compressed, never what it holds: every compressed file must still be one gzip stream of
//! `pagefind_dcd` followed by the data Pagefind's browser side decodes, fragments at the
//! faster level and index chunks at the best one.

use crate::fixture;

use flate2::read::GzDecoder;
use std::io::Read;

/// The gzip header's XFL byte: 2 when the stream was written at the best level (flate2 and
/// zlib set it so), 0 for the middle levels.
fn extra_flags(gz: &[u8]) -> u8 {
    gz[8]
}

fn gunzip(name: &str, gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(gz)
        .read_to_end(&mut out)
        .unwrap_or_else(|err| panic!("pagefind/{name} is not a gzip stream: {err}"));
    out
}

#[test]
fn compressed_files_keep_pagefinds_format_and_fragments_use_the_faster_level() {
    let site = fixture::copy("search-site");
    site.build();
    let bundle = fixture::tree(&site.out.join("pagefind"));
    let mut seen = [0usize; 3];
    for (name, bytes) in &bundle {
        let kind = match name.rsplit('.').next() {
            Some("pf_fragment") => 0,
            Some("pf_index") | Some("pf_filter") => 1,
            Some("pf_meta") => 2,
            _ => continue,
        };
        seen[kind] += 1;
        let data = gunzip(name, bytes);
        assert!(
            data.starts_with(b"pagefind_dcd") && data.len() > 12,
            "pagefind/{name} lost Pagefind's marker or its data"
        );
        let expected = if kind == 0 { 0 } else { 2 };
        assert_eq!(
            extra_flags(bytes),
            expected,
            "pagefind/{name}: fragments are written at level 6, index files at the best level"
        );
        if kind == 0 {
            let json: serde_json::Value = serde_json::from_slice(&data[12..])
                .unwrap_or_else(|err| panic!("fragment {name} is not JSON: {err}"));
            assert!(json.get("url").is_some(), "fragment {name} has no url");
        }
    }
    assert!(
        seen.iter().all(|&n| n > 0),
        "the bundle lacks fragments, index chunks or metadata: {:?}",
        bundle.keys()
    );
}

/// Pages that exercise every part of the index Pagefind assembles from its fossicked pages:
/// words, a word with and without a diacritic, meta, a filter and a sort.
const PAGES: [(&str, &str); 3] = [
    (
        "one/index.html",
        r#"<html lang="en"><body><main data-pagefind-body><h1 data-pagefind-meta="title">Field placement</h1><p data-pagefind-filter="kind:guide" data-pagefind-sort="weight:2">Students and their supervisors plan the café visit.</p></main></body></html>"#,
    ),
    (
        "two/index.html",
        r#"<html lang="en"><body><main data-pagefind-body><h1 data-pagefind-meta="title">Cafe supervision</h1><p data-pagefind-filter="kind:module" data-pagefind-sort="weight:1">Supervisors meet students weekly at the cafe.</p></main></body></html>"#,
    ),
    (
        "three/index.html",
        r#"<html lang="en"><body><main data-pagefind-body><h1 data-pagefind-meta="title">Reflection</h1><p data-pagefind-filter="kind:guide" data-pagefind-sort="weight:3">Reflection after each placement visit.</p></main></body></html>"#,
    ),
];

async fn index_of_pages() -> pagefind::api::PagefindIndex {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language("en".to_string())
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options)).expect("Pagefind options");
    for (path, html) in PAGES {
        index
            .add_html_file(Some(path.into()), None, html.into())
            .await
            .unwrap_or_else(|err| panic!("Pagefind could not read {path}: {err}"));
    }
    index
}

/// Pagefind's bundle as path → bytes, in path order.
fn by_path(
    files: Vec<pagefind::api::SyntheticFile>,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().into_owned(), f.contents))
        .collect()
}

/// PATCH(move-pages): `into_files` moves the pages into the index instead of cloning them;
/// the bundle must be the one `get_files` makes, byte for byte, and `get_files` must still
/// leave the pages in place for another build (an API user may add pages and build again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_pages_into_the_index_gives_the_same_bundle_and_get_files_keeps_them() {
    let mut cloned = index_of_pages().await;
    let first = by_path(cloned.get_files().await.expect("get_files"));
    let again = by_path(cloned.get_files().await.expect("get_files, a second time"));
    let moved = by_path(
        index_of_pages()
            .await
            .into_files()
            .await
            .expect("into_files"),
    );
    let chunks = first.keys().filter(|p| p.ends_with(".pf_index")).count();
    let fragments = first.keys().filter(|p| p.ends_with(".pf_fragment")).count();
    assert!(
        chunks > 0 && fragments == PAGES.len(),
        "the bundle should hold index chunks and one fragment a page: {:?}",
        first.keys()
    );
    let differing = |other: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = first.keys().chain(other.keys()).collect();
        names
            .into_iter()
            .filter(|name| first.get(*name) != other.get(*name))
            .cloned()
            .collect()
    };
    assert_eq!(
        differing(&again),
        Vec::<String>::new(),
        "a second get_files built another bundle: it must keep the pages it read"
    );
    assert_eq!(
        differing(&moved),
        Vec::<String>::new(),
        "into_files (pages moved) and get_files (pages cloned) made different bundles"
    );
}
