//! The files offline use adds to a build, without a browser: a web app manifest and a service
//! worker scoped to the base URL's path, a versioned list of every file a reader can save (the
//! search index included) whose version follows the site's content, and nothing at all of it
//! when `offline.enabled` is false.

use crate::fixture;

use fixture::unescape;
use serde_json::Value;

/// The one `offline-<version>.json` of a build: its file name and JSON.
fn file_list(site: &fixture::Site) -> (String, Value) {
    let names: Vec<String> = fixture::tree(&site.out)
        .into_keys()
        .filter(|path| path.starts_with("offline-") && path.ends_with(".json"))
        .collect();
    assert_eq!(names.len(), 1, "one file list: {names:?}");
    let list = serde_json::from_str(&site.read(&names[0])).unwrap();
    (names[0].clone(), list)
}

#[test]
fn manifest_and_worker_follow_the_base_path() {
    let site = fixture::copy("offline-site");
    site.build();
    let manifest: Value = serde_json::from_str(&site.read("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "/toolkit/");
    assert_eq!(manifest["scope"], "/toolkit/");
    assert_eq!(manifest["name"], "Offline Fixture Toolkit");
    assert_eq!(manifest["display"], "standalone");

    let home = unescape(&site.read("index.html"));
    assert!(home.contains(r#"<link rel="manifest" href="/toolkit/manifest.webmanifest">"#));
    assert!(
        home.contains(r#"data-sw="/toolkit/sw.js""#),
        "pages register the worker for the sub-path"
    );
    assert!(home.contains(r#"<a href="/toolkit/offline/">Save for offline use</a>"#));

    let (list_name, list) = file_list(&site);
    let version = list["version"].as_str().unwrap();
    let worker = site.read("sw.js");
    assert!(worker.contains(&format!("const VERSION = \"{version}\";")));
    assert!(worker.contains("const BASE = \"/toolkit/\";"));
    assert!(worker.contains(&format!("const LIST_URL = \"/toolkit/{list_name}\";")));
    let offline_page = site.read("offline/index.html");
    assert!(
        unescape(&offline_page).contains(&format!("data-offline-list=\"/toolkit/{list_name}\"")),
        "the offline page reads this version's list"
    );
}

#[test]
fn the_file_list_holds_every_file_with_its_size() {
    let site = fixture::copy("offline-site");
    site.build();
    let (list_name, list) = file_list(&site);
    let mut listed: Vec<(String, u64)> = list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f[0].as_str().unwrap().to_string(), f[1].as_u64().unwrap()))
        .collect();
    let mut expected = Vec::new();
    for (path, bytes) in fixture::tree(&site.out) {
        let leaves_out = ["sw.js", "sitemap.xml", "robots.txt", list_name.as_str()];
        if leaves_out.contains(&path.as_str()) || path.starts_with('.') {
            continue;
        }
        let url = match path.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/toolkit/{dir}"),
            _ => format!("/toolkit/{path}"),
        };
        expected.push((url, bytes.len() as u64));
    }
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);
    assert!(listed
        .iter()
        .any(|(url, _)| url.starts_with("/toolkit/pagefind/fragment/")));
    assert!(listed
        .iter()
        .any(|(url, _)| url == "/toolkit/assessments/quick-check/"));
    let total: u64 = listed.iter().map(|(_, size)| size).sum();
    assert_eq!(list["bytes"], total);
    assert_eq!(list["count"], listed.len());
}

#[test]
fn the_version_changes_with_the_content_and_only_then() {
    let site = fixture::copy("offline-site");
    site.build();
    let (first, _) = file_list(&site);
    let first_worker = site.read("sw.js");
    site.build();
    let (again, _) = file_list(&site);
    assert_eq!(first, again, "an unchanged site keeps its version");
    assert_eq!(first_worker, site.read("sw.js"));

    let page = site.root.join("content/guide/changing.md");
    let text = std::fs::read_to_string(&page).unwrap();
    site.write("content/guide/changing.md", text.replace("first", "second"));
    site.build();
    let (changed, _) = file_list(&site);
    assert_ne!(first, changed, "a changed page makes a new version");
    assert_ne!(
        first_worker,
        site.read("sw.js"),
        "browsers see a new worker"
    );
}

#[test]
fn offline_disabled_emits_no_worker_manifest_list_or_page() {
    let site = fixture::copy("offline-site");
    let config = std::fs::read_to_string(site.root.join("config.yaml")).unwrap();
    let off = config.replace("offline:\n  enabled: true", "offline:\n  enabled: false");
    assert_ne!(off, config, "the fixture turns offline on explicitly");
    site.write("config.yaml", off);
    site.build();
    let files = fixture::tree(&site.out);
    let offline_files: Vec<&String> = files
        .keys()
        .filter(|p| {
            p.as_str() == "sw.js"
                || p.as_str() == "manifest.webmanifest"
                || p.starts_with("offline")
        })
        .collect();
    assert!(offline_files.is_empty(), "{offline_files:?}");
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for marker in ["data-sw", "rel=\"manifest\"", "Save for offline use"] {
            assert!(!html.contains(marker), "{path} still has `{marker}`");
        }
    }
    // The rest of the site is still there, search included.
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("pagefind/pagefind-entry.json"));
}
