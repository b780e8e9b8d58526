//! The toolkit's own content says where it comes from: every page names its source document in
//! its front matter (`source:`), and docs/sources.md maps every page's claims to a source.

use std::path::Path;

fn toolkit_pages() -> Vec<partnerkit::content::Page> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    partnerkit::content::load(root, false)
        .expect("the toolkit's content loads")
        .pages
}

#[test]
fn every_content_page_names_its_source() {
    let pages = toolkit_pages();
    assert!(
        pages.len() > 10,
        "the toolkit has its pages: {}",
        pages.len()
    );
    let missing: Vec<&str> = pages
        .iter()
        .filter(|p| p.meta.source.as_deref().is_none_or(|s| s.trim().is_empty()))
        .map(|p| p.content_path.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "these pages do not say which source they draw on (add `source:`): {missing:?}"
    );
}

#[test]
fn docs_sources_maps_every_content_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(root.join("docs/sources.md")).unwrap();
    let missing: Vec<String> = toolkit_pages()
        .iter()
        .map(|p| p.content_path.clone())
        .filter(|path| !table.contains(&format!("`{path}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/sources.md has no row for: {missing:?}"
    );
}
