//! `cargo bench --bench search_size`: builds the deterministic synthetic toolkit from
//! `corpus.rs` at 1,000 and at 10,000 pages (or the comma-separated sizes in
//! `PARTNERKIT_BENCH_SEARCH_PAGES`), each twice, and reports the build and search-stage times,
//! the search index's size on disk, whether the two builds' indexes are byte-identical, and the
//! bytes a browser fetches for a first query, for a rare word and a common one.
//!
//! The first-query figure is measured, not computed: the site is served under `/toolkit/`, a
//! headless Chromium opens the home page, focuses the search box and types the query, and once
//! results show, the bytes of every file the server was asked for since the box got the focus
//! (the search code, Pagefind's JS, WebAssembly, entry, metadata, index, filter and fragment
//! chunks) are added up; the server's request log is the count, since a worker's requests are
//! not in the page's Resource Timing. Files are counted as served (no HTTP compression;
//! Pagefind's chunks and WebAssembly are gzip files already) and as a host that gzips text
//! would send them. Each query is measured as the site ships (Pagefind on the page's thread,
//! `noWorker`) and with Pagefind's web worker, Pagefind's default, for comparison.

#[path = "../tests/support/browser.rs"]
mod browser;
#[path = "corpus.rs"]
mod corpus;
#[path = "../tests/support/emulation.rs"]
mod emulation;
#[path = "../tests/support/fixture.rs"]
mod fixture;
#[path = "../tests/support/site_server.rs"]
mod site_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A word on most pages of the corpus, and one (a page number) on very few: the two ends.
const QUERIES: &[&str] = &["court", "7777"];

/// How the theme's search code starts Pagefind, and the variant measured beside it, as the
/// build writes them (its JS minifier drops the space after the colon).
const SHIPPED: &str = "noWorker:true";
const WITH_WORKER: &str = "noWorker:false";

fn main() {
    let sizes: Vec<usize> = std::env::var("PARTNERKIT_BENCH_SEARCH_PAGES")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000]);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    for pages in sizes {
        let site = build_twice(pages);
        if !browser::chromium_available("search_size") {
            println!("first query: not measured (no Chromium)");
            continue;
        }
        for query in QUERIES {
            for (mode, setting) in [
                ("as shipped, no worker", SHIPPED),
                ("with Pagefind's worker", WITH_WORKER),
            ] {
                set_worker_mode(&site, setting);
                let files = runtime.block_on(first_query_bytes(&site, query));
                report_query(&site, pages, query, mode, &files);
            }
        }
        set_worker_mode(&site, SHIPPED);
    }
}

/// Writes the corpus at `pages` pages, builds it twice, reports times, sizes and whether the
/// two indexes are identical, and returns the first build's output folder.
fn build_twice(pages: usize) -> PathBuf {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-search-{pages}"));
    let _ = std::fs::remove_dir_all(&work);
    let root = work.join("site");
    corpus::write_partnerkit(&corpus::pages(pages), &root).expect("write the synthetic site");
    println!(
        "\nsearch benchmark: {pages} synthetic pages, {} cores",
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
    first
}

/// Switches the built site's search code between Pagefind on the page's thread and in its worker.
fn set_worker_mode(site: &Path, setting: &str) {
    let js = site.join("js");
    for entry in std::fs::read_dir(&js).expect("the site has js/") {
        let path = entry.expect("readable js/").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("search.") && name.ends_with(".js") {
            let code = std::fs::read_to_string(&path).expect("read the search code");
            let code = code.replace(SHIPPED, setting).replace(WITH_WORKER, setting);
            assert!(
                code.contains(setting),
                "{name} starts Pagefind with `{SHIPPED}`"
            );
            std::fs::write(&path, code).expect("write the search code");
        }
    }
}

fn report_query(site: &Path, pages: usize, query: &str, mode: &str, files: &[(String, usize)]) {
    let bytes: usize = files.iter().map(|(_, size)| size).sum();
    let gzipped: usize = files
        .iter()
        .map(|(path, _)| transfer_size(site, path))
        .sum();
    println!(
        "first query {query:?} at {pages} pages, {mode}: {} gzipped ({} as files) in {} files",
        kb(gzipped),
        kb(bytes),
        files.len()
    );
    for (path, size) in files {
        println!(
            "    {:>10}  {:>10} gzipped  {path}",
            kb(*size),
            kb(transfer_size(site, path))
        );
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

/// Opens the home page, types `query` in the search box, and returns the files (and their
/// sizes) the server sent from the moment the reader focused the box until the results showed.
async fn first_query_bytes(site: &Path, query: &str) -> Vec<(String, usize)> {
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
    files
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
