//! `cargo bench --bench search_size`: builds the deterministic synthetic toolkit from
//! `corpus.rs` (10,000 pages, or `PARTNERKIT_BENCH_SEARCH_PAGES`) twice, and reports the build
//! and search-stage times, the search index's size on disk, whether the two builds' indexes are
//! byte-identical, and the bytes a browser fetches for a first query.
//!
//! The first-query figure is measured, not computed: the site is served under `/toolkit/`, a
//! headless Chromium opens the home page, focuses the search box and types the query, and once
//! results show, the bytes of every file the server was asked for since the page loaded (the
//! search code, Pagefind's JS, WebAssembly, entry, metadata, index, filter and fragment chunks)
//! are added up. Pagefind fetches from a worker, whose requests the page's Resource Timing does
//! not see, so the server's request log is the reliable count. Files are counted as served
//! (no HTTP compression; Pagefind's chunks and WebAssembly are gzip files already).

#[path = "../tests/support/browser.rs"]
mod browser;
#[path = "corpus.rs"]
mod corpus;
#[path = "../tests/support/fixture.rs"]
mod fixture;
#[path = "../tests/support/site_server.rs"]
mod site_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A word on most pages of the corpus, and one (a page number) on very few: the two ends.
const QUERIES: &[&str] = &["court", "7777"];

fn main() {
    let pages: usize = std::env::var("PARTNERKIT_BENCH_SEARCH_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-search");
    let _ = std::fs::remove_dir_all(&work);
    let root = work.join("site");
    corpus::write_partnerkit(&corpus::pages(pages), &root).expect("write the synthetic site");
    println!(
        "search benchmark: {pages} synthetic pages, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let first = work.join("out-1");
    let second = work.join("out-2");
    for out in [&first, &second] {
        let started = Instant::now();
        let report = partnerkit::build(&partnerkit::BuildOptions {
            root: root.clone(),
            output_dir: Some(out.clone()),
            base_url: Some("http://127.0.0.1/toolkit/".into()),
            drafts: false,
        })
        .unwrap_or_else(|d| panic!("the synthetic site should build: {d:?}"));
        println!(
            "build: {:.2} s in all, search index stage {:.2} s ({} pages, {} files)",
            started.elapsed().as_secs_f64(),
            report.times.search.as_secs_f64(),
            report.pages + report.sections,
            report.files
        );
    }
    let bundle = fixture::tree(&first.join("pagefind"));
    let identical = bundle == fixture::tree(&second.join("pagefind"));
    println!("two builds' pagefind/ folders byte-identical: {identical}");
    report_sizes(&bundle);

    if !browser::chromium_available("search_size") {
        println!("first query: not measured (no Chromium)");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    for query in QUERIES {
        let (bytes, files) = runtime.block_on(first_query_bytes(&first, query));
        let gzipped: usize = files
            .iter()
            .map(|(path, _)| transfer_size(&first, path))
            .sum();
        println!(
            "first query {query:?}: {} fetched in {} files ({} with the gzip a host like GitHub Pages applies to JS and JSON)",
            kb(bytes),
            files.len(),
            kb(gzipped)
        );
        for (path, size) in files {
            println!(
                "    {:>10}  {:>10} gzipped  {path}",
                kb(size),
                kb(transfer_size(&first, &path))
            );
        }
    }
}

fn report_sizes(bundle: &BTreeMap<String, Vec<u8>>) {
    let mut groups: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (path, bytes) in bundle {
        let group = path
            .split_once('/')
            .map_or("top level (JS, WebAssembly, entry, meta)", |(dir, _)| dir);
        let entry = groups.entry(group).or_default();
        entry.0 += 1;
        entry.1 += bytes.len();
    }
    let total: usize = groups.values().map(|(_, bytes)| bytes).sum();
    println!("index on disk: {} in {} files", kb(total), bundle.len());
    for (group, (count, bytes)) in groups {
        println!("    {:>10}  {count:>6} files  {group}", kb(bytes));
    }
}

/// Opens the home page, types `query` in the search box, and returns the bytes (and files) the
/// server sent from the moment the reader focused the box until the results showed.
async fn first_query_bytes(site: &Path, query: &str) -> (usize, Vec<(String, usize)>) {
    let server = site_server::SiteServer::start(site, "/toolkit/").expect("serve the site");
    let browser = browser::Browser::start().await.expect("start Chromium");
    browser
        .goto(&server.url(""))
        .await
        .expect("open the home page");
    // The service worker saves the page shell when it installs; that is the page's cost, not
    // the query's, so wait for it to finish before counting.
    let ready = "const done = arguments[0]; navigator.serviceWorker.ready.then(() => done(true), () => done(false));";
    let _ = browser.execute_async(ready, vec![]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.clear_requests();
    browser.press("/").await.expect("focus the search box");
    browser.press(query).await.expect("type the query");
    browser
        .wait_for("#search-option-0", Duration::from_secs(60))
        .await
        .expect("results");
    // Let the remaining result fragments arrive (the panel renders after all of them).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let files: Vec<(String, usize)> = server
        .requests()
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix("/toolkit/")?.to_string();
            let size = std::fs::metadata(site.join(&relative)).ok()?.len() as usize;
            Some((relative, size))
        })
        .collect();
    browser.close().await.expect("close Chromium");
    (files.iter().map(|(_, size)| size).sum(), files)
}

/// The bytes `path` takes on the wire from a host that gzips text: Pagefind's chunks and
/// WebAssembly are gzip files already and go as they are; JS, CSS, JSON and HTML are gzipped.
fn transfer_size(site: &Path, path: &str) -> usize {
    let bytes = std::fs::read(site.join(path)).unwrap_or_default();
    let text = [".js", ".css", ".json", ".html", ".pf_meta"]
        .iter()
        .any(|ext| path.ends_with(ext))
        && !bytes.starts_with(&[0x1f, 0x8b]);
    if !text {
        return bytes.len();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
