//! The patches in `vendor/pagefind/` (see its PATCHES.md) change how Pagefind's bundle is
//! compressed, never what it holds: every compressed file must still be one gzip stream of
//! `pagefind_dcd` followed by the data Pagefind's browser side decodes, fragments at a
//! middle level, and index chunks no larger than Pagefind's own best level makes them.

use crate::fixture;

use flate2::read::GzDecoder;
use std::io::Read;

/// The gzip header's XFL byte: 2 when the stream was written at one of the slowest levels
/// (zlib's 9, libdeflate's 8 and up), 0 for the middle levels.
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
            "pagefind/{name}: fragments are written at level 6, index files at a slow level"
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

/// How many pages the comparison with Pagefind's CLI indexes: more than two of the batches
/// of 512 that PATCH(merge-in-batches) merges at a time, and not a multiple of 512.
const SITE_PAGES: usize = 1_300;

/// Words for the comparison site: plain ones, ones with diacritics (Pagefind indexes those as
/// variants of the plain form), capitalised and punctuated ones.
const WORDS: &[&str] = &[
    "placement",
    "court",
    "tribe",
    "café",
    "cafe",
    "naïve",
    "Ōtautahi",
    "reunification",
    "supervisor's",
    "co-design",
    "trust",
    "Kinship",
    "field",
    "liaison",
    "résumé",
    "resume",
    "agreement",
    "ICWA",
    "partner",
    "review",
    "data-sharing",
    "well-being",
    "Māori",
    "niño",
];

/// Page `n` of the comparison site: its words drawn from [`WORDS`] and from a few thousand
/// made-up ones, so that most words occur on pages in more than one batch.
fn comparison_page(n: usize) -> String {
    let mut state = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut words = Vec::new();
    for _ in 0..60 {
        let r = next();
        words.push(if r % 3 == 0 {
            WORDS[(r / 3) as usize % WORDS.len()].to_string()
        } else {
            format!("w{}", (r / 3) % 3_000)
        });
    }
    let kind = ["guide", "principle", "reading"][n % 3];
    format!(
        r#"<!doctype html><html lang="en"><head><title>Page {n}</title></head><body><nav>Skip me</nav><main data-pagefind-body><h1 data-pagefind-meta="title">Page {n} – {first}</h1><p data-pagefind-filter="kind:{kind}" data-pagefind-sort="weight:{weight}">{body}</p><h2 id="more-{n}">More</h2><p>{tail}</p></main></body></html>"#,
        first = words[0],
        weight = n % 17,
        body = words[..40].join(" "),
        tail = words[40..].join(" "),
    )
}

/// Pagefind's data files under `dir` (index chunks, fragments, filters, metadata), each
/// decompressed: the patches may compress them differently, but their content and names
/// (which are hashes of the content) must be Pagefind's own.
fn data_files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fixture::tree(dir)
        .into_iter()
        .filter(|(name, _)| {
            [".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .map(|(name, bytes)| {
            let data = gunzip(&name, &bytes);
            (name, data)
        })
        .collect()
}

/// All the patches at once: over a site of [`SITE_PAGES`] pages, the patched crate (through
/// `into_files`, as a build uses it) writes the index unpatched Pagefind 1.6.0 writes, file
/// for file, so a browser reading it cannot tell them apart.
#[test]
fn the_patched_crate_indexes_a_site_exactly_as_pagefind_1_6_0_does() {
    let pages: Vec<(String, String)> = (0..SITE_PAGES)
        .map(|n| (format!("pages/{n}/index.html"), comparison_page(n)))
        .collect();
    let Some(both) = index_both_ways(
        "the_patched_crate_indexes_a_site_exactly_as_pagefind_1_6_0_does",
        &pages,
        Some("en"),
    ) else {
        return;
    };
    assert_eq!(
        both.cli_files_ending(".pf_fragment"),
        SITE_PAGES,
        "Pagefind's CLI wrote a fragment a page"
    );
    let (theirs, ours) = (index_bytes(&both.upstream), index_bytes(&both.patched));
    assert!(
        ours <= theirs,
        "every search fetches index chunks: the patched crate's ({ours} bytes) must be no \
         larger than Pagefind 1.6.0's ({theirs} bytes)"
    );
}

/// PATCH(word-cache) remembers each word's stems per thread: pages in two languages, read in
/// turn on the same threads, must each be stemmed in their own ("running" is "run" in English,
/// not in French), as Pagefind 1.6.0 does.
#[test]
fn pages_in_two_languages_are_stemmed_each_in_its_own_as_pagefind_1_6_0_does() {
    let page = |lang: &str, n: usize| {
        format!(
            r#"<!doctype html><html lang="{lang}"><head><title>{lang} {n}</title></head><body><main data-pagefind-body><h1>Page {n}</h1><p>running walking nationales informations généralement parlons trust court {n}</p></main></body></html>"#
        )
    };
    // Named so that the languages alternate in the order the pages are read: each thread
    // reads a run of pages in both.
    let pages: Vec<(String, String)> = (0..40)
        .map(|n| {
            let lang = if n % 2 == 0 { "en" } else { "fr" };
            (format!("{n:03}-{lang}/index.html"), page(lang, n))
        })
        .collect();
    let Some(both) = index_both_ways(
        "pages_in_two_languages_are_stemmed_each_in_its_own_as_pagefind_1_6_0_does",
        &pages,
        None,
    ) else {
        return;
    };
    assert_eq!(
        both.cli_files_ending(".pf_meta"),
        2,
        "Pagefind's CLI indexed the site as two languages"
    );
}

/// The same site indexed by Pagefind 1.6.0's CLI and by the patched crate.
struct IndexedBothWays {
    /// Holds both bundles while the test looks at them.
    _work: tempfile::TempDir,
    upstream: std::path::PathBuf,
    patched: std::path::PathBuf,
    /// The CLI's data files, decompressed, by name.
    cli_files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl IndexedBothWays {
    /// How many of the CLI's data files are named `*{ending}`.
    fn cli_files_ending(&self, ending: &str) -> usize {
        self.cli_files
            .keys()
            .filter(|n| n.ends_with(ending))
            .count()
    }
}

/// Indexes `pages` (path and HTML) with Pagefind 1.6.0's CLI and with the patched crate
/// (through `into_files`), with `language` forced or not, and asserts that both wrote the same
/// data files, by name and decompressed content. `None` when the CLI is not installed (the
/// test is then skipped, as `tools` says).
fn index_both_ways(
    test_name: &str,
    pages: &[(String, String)],
    language: Option<&str>,
) -> Option<IndexedBothWays> {
    let cli = crate::tools::pagefind_cli(test_name)?;
    let work = tempfile::tempdir().expect("temporary folder");
    let site = work.path().join("site");
    for (path, html) in pages {
        let file = site.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("page folder");
        std::fs::write(file, html).expect("page");
    }
    let upstream = work.path().join("upstream");
    let mut command = std::process::Command::new(&cli);
    command
        .arg("--site")
        .arg(&site)
        .arg("--output-path")
        .arg(&upstream);
    if let Some(language) = language {
        command.args(["--force-language", language]);
    }
    let output = command
        .arg("--silent")
        .output()
        .expect("run Pagefind's CLI");
    assert!(
        output.status.success(),
        "Pagefind's CLI failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let patched = work.path().join("patched");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let files = runtime.block_on(async {
        let builder = pagefind::options::PagefindServiceConfig::builder;
        let options = match language {
            Some(language) => builder().force_language(language.to_string()).build(),
            None => builder().build(),
        };
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).expect("options");
        let read = index
            .add_directory(site.to_string_lossy().into_owned(), None)
            .await
            .expect("read the site");
        assert_eq!(read, pages.len(), "the patched crate read every page");
        index.into_files().await.expect("into_files")
    });
    for file in files {
        let target = patched.join(&file.filename);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("folder");
        std::fs::write(target, file.contents).expect("write");
    }
    let (theirs, ours) = (data_files(&upstream), data_files(&patched));
    let only_in = |a: &std::collections::BTreeMap<String, Vec<u8>>,
                   b: &std::collections::BTreeMap<String, Vec<u8>>| {
        a.keys()
            .filter(|n| !b.contains_key(*n))
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        ours.len() == theirs.len() && only_in(&theirs, &ours).is_empty(),
        "the same files, by name (their hashes): Pagefind wrote {} and the patched crate {}; \
         first only in Pagefind's: {:?}; first only in the patched crate's: {:?}",
        theirs.len(),
        ours.len(),
        only_in(&theirs, &ours),
        only_in(&ours, &theirs)
    );
    let differing: Vec<&String> = theirs
        .iter()
        .filter(|(name, data)| ours.get(*name) != Some(data))
        .map(|(name, _)| name)
        .collect();
    assert!(
        differing.is_empty(),
        "these files differ from Pagefind 1.6.0's: {differing:?}"
    );
    Some(IndexedBothWays {
        _work: work,
        upstream,
        patched,
        cli_files: theirs,
    })
}

/// The compressed bytes of the files every search fetches (index chunks, filters, metadata).
fn index_bytes(dir: &std::path::Path) -> usize {
    fixture::tree(dir)
        .into_iter()
        .filter(|(name, _)| {
            [".pf_index", ".pf_filter", ".pf_meta"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .map(|(_, bytes)| bytes.len())
        .sum()
}
