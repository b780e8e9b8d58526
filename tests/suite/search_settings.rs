//! What editors control about search, without a browser: `search.enabled: false` leaves out
//! the index, the search box and the search code; `search.exclude` (folders and files) and `search: false` in
//! front matter keep pages out of the index while still building them; an exclude that matches
//! nothing is a warning; and without JavaScript the search box leads to a plain site index that
//! lists every page, searchable or not, by section.

use crate::fixture;

use fixture::{links, unescape};

/// How many pages Pagefind indexed, from its entry file.
fn indexed_pages(site: &fixture::Site) -> serde_json::Value {
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    entry["languages"]["en"]["page_count"].clone()
}

#[test]
fn excluded_folders_files_and_front_matter_keep_pages_out_of_the_index_only() {
    let site = fixture::copy("search-site");
    let report = site.build();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // Home, two sections and two pages: not the `search: false` page, not the excluded ones.
    assert_eq!(indexed_pages(&site), 5);
    // Left out of the index, but built and linked like any page.
    for page in [
        "guides/quiet-page/index.html",
        "guides/private-notes/index.html",
        "hidden/index.html",
        "hidden/inner/index.html",
    ] {
        assert!(site.exists(page), "{page} is still built");
    }
    // Which pages are indexed shows in the count above, not in the pages: Pagefind's marks go
    // only into the copy it reads (src/search_copy.rs).
    for page in [
        "guides/quiet-page/index.html",
        "guides/working-with-courts/index.html",
    ] {
        assert!(!site.read(page).contains("data-pagefind-"), "{page}");
    }
}

#[test]
fn search_disabled_builds_no_index_and_no_search_box() {
    let site = fixture::copy("search-site");
    site.edit("config.yaml", "enabled: true", "enabled: false");
    site.build();
    assert!(
        !site.exists("pagefind"),
        "no pagefind/ folder when search is off"
    );
    for page in ["index.html", "guides/working-with-courts/index.html"] {
        let html = site.read(page);
        assert!(
            !html.contains("role=\"search\""),
            "{page} still has a search box"
        );
        assert!(
            !html.contains("data-pagefind"),
            "{page} still has Pagefind attributes"
        );
    }
    let search_code: Vec<String> = fixture::tree(&site.out)
        .into_keys()
        .filter(|path| path.starts_with("js/search.") || path.starts_with("css/search."))
        .collect();
    assert!(
        search_code.is_empty(),
        "search code shipped: {search_code:?}"
    );
    // The plain site index is still there, for readers without search.
    assert!(site.exists("site-index/index.html"));
}

#[test]
fn an_exclude_matching_no_page_is_a_warning() {
    let site = fixture::copy("search-site");
    site.edit("config.yaml", "    - hidden/\n", "    - hiden/\n");
    let report = site.build();
    let messages: Vec<&str> = report.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["search.exclude lists `hiden/`, which matches no page"]
    );
    // With the typo, the hidden section is indexed: two more pages than the fixture's five.
    assert_eq!(indexed_pages(&site), 7);
}

#[test]
fn without_javascript_the_search_box_leads_to_a_site_index_of_every_page() {
    let site = fixture::copy("search-site");
    site.build();
    let home = site.read("index.html");
    let form_start = home.find("<form class=\"search\"").expect("a search form");
    let form = &home[form_start..form_start + home[form_start..].find("</form>").unwrap()];
    let form = unescape(form);
    assert!(
        form.contains("action=\"/toolkit/site-index/\""),
        "submitting the box without JavaScript opens the site index: {form}"
    );
    assert!(
        form.contains("<a class=\"search__index\" href=\"/toolkit/site-index/\">Site index</a>"),
        "a plain link to the site index sits beside the box: {form}"
    );

    let index = site.read("site-index/index.html");
    let listed = links(&index);
    // Every page, searchable or not, including those search leaves out.
    for url in [
        "/toolkit/",
        "/toolkit/guides/",
        "/toolkit/guides/working-with-courts/",
        "/toolkit/guides/quiet-page/",
        "/toolkit/guides/private-notes/",
        "/toolkit/hidden/",
        "/toolkit/hidden/inner/",
        "/toolkit/principles/",
        "/toolkit/principles/tribal-consultation/",
    ] {
        assert!(
            listed.iter().any(|l| l == url),
            "the site index lacks {url}"
        );
    }
    // By section: each section is a heading, with its pages listed under it.
    let guides = index
        .find("Guides</a></h2>")
        .expect("a heading for the Guides section");
    let principles = index
        .find("Principles</a></h2>")
        .expect("a heading for the Principles section");
    let courts = index.find("Working with courts").unwrap();
    let tribal = index.find("Consult tribal nations early").unwrap();
    let (first, second) = if guides < principles {
        ((guides, courts), (principles, tribal))
    } else {
        ((principles, tribal), (guides, courts))
    };
    assert!(first.0 < first.1 && first.1 < second.0 && second.0 < second.1);
}
