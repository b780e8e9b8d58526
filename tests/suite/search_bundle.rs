//! The search stage's output, without a browser: Pagefind's bundle (its JS API, WebAssembly
//! and chunked index) is written under `pagefind/` without Pagefind's own UIs, pages carry the
//! markers that tell Pagefind what to index, builds are byte-for-byte reproducible, and
//! building from inside a tokio runtime (as the dev server does) works.

use crate::fixture;

use fixture::{tree, Site};
use partnerkit::BuildOptions;
use std::path::Path;

fn copy_fixture() -> Site {
    fixture::copy("search-site")
}

/// Builds `site` into `out` under the sub-path the search tests serve it from.
fn build(site: &Site, out: &Path) -> partnerkit::BuildReport {
    site.build_with(&BuildOptions {
        output_dir: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1/toolkit/".into()),
        ..site.options()
    })
}

#[test]
fn index_ships_the_js_api_and_chunks_but_no_default_ui() {
    let site = copy_fixture();
    let report = build(&site, &site.out);
    let files = tree(&site.out.join("pagefind"));
    for needed in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
    ] {
        assert!(
            files.contains_key(needed),
            "pagefind/{needed} missing from {:?}",
            files.keys()
        );
    }
    for (dir, ext) in [
        ("index/", ".pf_index"),
        ("fragment/", ".pf_fragment"),
        ("filter/", ".pf_filter"),
    ] {
        assert!(
            files.keys().any(|f| f.starts_with(dir) && f.ends_with(ext)),
            "no {dir}*{ext} in {:?}",
            files.keys()
        );
    }
    let unwanted: Vec<&String> = files
        .keys()
        .filter(|f| f.contains("-ui") || f.contains("highlight") || f.starts_with("playground"))
        .collect();
    assert!(
        unwanted.is_empty(),
        "Pagefind's own UI files were shipped: {unwanted:?}"
    );

    // Home, two sections and two pages: not the `search: false` page, not the excluded ones.
    let entry: serde_json::Value = serde_json::from_slice(&files["pagefind-entry.json"]).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 5, "{entry}");
    assert_eq!(
        files.keys().filter(|f| f.starts_with("fragment/")).count(),
        5
    );
    // The excluded pages are still built; they are just not searchable.
    for page in [
        "guides/quiet-page/index.html",
        "guides/private-notes/index.html",
        "hidden/inner/index.html",
    ] {
        assert!(
            site.out.join(page).is_file(),
            "{page} should still be built"
        );
    }
    assert!(report.times.search > std::time::Duration::ZERO);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    // The search box knows where the bundle, the site root and its code are.
    let home = std::fs::read_to_string(site.out.join("index.html")).unwrap();
    assert!(
        home.contains(r#"data-pagefind="/toolkit/pagefind/""#),
        "{home}"
    );
    assert!(home.contains("data-module=\"/toolkit/js/search."), "{home}");
    let principle =
        std::fs::read_to_string(site.out.join("principles/tribal-consultation/index.html"))
            .unwrap();
    // Pagefind's marks (body, kind, title, roles, tags) go only into the copy it reads
    // (issue 15: a page stays light); the role and kind filters still work
    // (search_keyboard_and_filters_browser), and the index holds filter files.
    assert!(!principle.contains("data-pagefind-"), "{principle}");
    let filters = std::fs::read_dir(site.out.join("pagefind/filter")).unwrap();
    assert!(filters.count() > 0, "Pagefind wrote no filter files");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_fixture();
    let second = site.out.with_file_name("out-again");
    build(&site, &site.out);
    build(&site, &second);
    let (first, again) = (tree(&site.out), tree(&second));
    assert!(first.keys().any(|f| f.starts_with("pagefind/index/")));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    let differing: Vec<&String> = first
        .iter()
        .filter(|(path, bytes)| again[*path] != **bytes)
        .map(|(p, _)| p)
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between two builds: {differing:?}"
    );
}

/// The dev server builds from inside its tokio runtime; the search stage must not try to
/// block that runtime's threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn builds_from_inside_a_tokio_runtime() {
    let site = copy_fixture();
    build(&site, &site.out);
    assert!(site.out.join("pagefind/pagefind-entry.json").is_file());
}

#[tokio::test(flavor = "current_thread")]
async fn builds_from_inside_a_single_threaded_runtime() {
    let site = copy_fixture();
    build(&site, &site.out);
    assert!(site.out.join("pagefind/pagefind-entry.json").is_file());
}
