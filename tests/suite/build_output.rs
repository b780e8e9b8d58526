//! Builds small fixture sites and checks what lands in the output folder: URLs under the base
//! path, section order, resolved links, shortcodes, template overrides, the site files
//! (sitemap, robots.txt, .nojekyll, 404.html), drafts and determinism.

use crate::fixture;

use fixture::{links, tree, unescape, Site};
use partnerkit::BuildOptions;

/// Internal links of `html`: everything but in-page anchors and other hosts.
fn internal_links(html: &str) -> Vec<String> {
    links(html)
        .into_iter()
        .filter(|l| {
            !l.starts_with('#')
                && !l.starts_with("http://")
                && !l.starts_with("https://")
                && !l.starts_with("mailto:")
                // `data:,` is the empty favicon that stops browsers asking for /favicon.ico.
                && !l.starts_with("data:")
        })
        .collect()
}

/// Every built HTML file, by output path.
fn html_files(site: &Site) -> Vec<(String, String)> {
    tree(&site.out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8 output")))
        .collect()
}

/// The output file a site URL (starting with `base`) is served from, and its `#fragment`.
fn target_of(url: &str, base: &str) -> (String, Option<String>) {
    let rest = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("`{url}` does not start with {base}"));
    let (path, fragment) = match rest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (rest, None),
    };
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    (file, fragment)
}

/// The text from the first `open` to the next `close` after it.
fn block(html: &str, open: &str, close: &str) -> String {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no `{open}` in:\n{html}"));
    let end = html[start..].find(close).map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// Link titles inside `html`, in order: the text between `">` and `</a>`.
fn link_titles(html: &str) -> Vec<String> {
    html.split("</a>")
        .filter_map(|piece| piece.rfind('>').map(|i| piece[i + 1..].trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn every_internal_link_is_under_the_base_path_and_points_at_a_built_file() {
    let site = fixture::copy("subpath");
    site.build();
    let pages = html_files(&site);
    assert!(
        pages.len() >= 5,
        "expected the fixture's pages, got {}",
        pages.len()
    );
    let mut checked = 0;
    for (path, html) in &pages {
        for link in internal_links(html) {
            assert!(
                link.starts_with("/toolkit/"),
                "{path} links to `{link}`, outside /toolkit/"
            );
            let (file, fragment) = target_of(&link, "/toolkit/");
            assert!(
                site.exists(&file),
                "{path} links to `{link}`, but {file} was not built"
            );
            if let Some(anchor) = fragment {
                assert!(
                    site.read(&file).contains(&format!(" id=\"{anchor}\"")),
                    "{path} links to `{link}`: no id `{anchor}` in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} links were checked");
}

#[test]
fn stylesheet_and_scripts_are_fingerprinted_and_exist() {
    let site = fixture::copy("subpath");
    site.build();
    let html = site.read("guide/one/index.html");
    // The theme's stylesheet, and for paper the one the build writes with the running footer.
    let (css, print): (Vec<String>, Vec<String>) = links(&html)
        .into_iter()
        .filter(|l| l.ends_with(".css"))
        .partition(|l| !l.contains("/css/print-running."));
    assert_eq!(css.len(), 1, "one stylesheet: {css:?}");
    assert_eq!(print.len(), 1, "one print stylesheet: {print:?}");
    assert!(site
        .read(print[0].strip_prefix("/toolkit/").unwrap())
        .contains("@bottom-left"));
    let name = css[0]
        .strip_prefix("/toolkit/css/site.")
        .expect("fingerprinted site.css")
        .trim_end_matches(".css");
    assert_eq!(name.len(), 10, "a 10-character hash, got `{name}`");
    assert!(
        name.chars().all(|c| c.is_ascii_hexdigit()),
        "`{name}` is not a hash"
    );
    let written = site.read(css[0].strip_prefix("/toolkit/").unwrap());
    assert!(
        written.contains("prefers-color-scheme"),
        "the linked file is the theme's stylesheet"
    );
    assert!(
        !site.exists("css/site.css"),
        "the unhashed name is not written"
    );
    let script = links(&html)
        .into_iter()
        .find(|l| l.contains("/js/site."))
        .expect("site.js is loaded");
    assert!(site.exists(script.strip_prefix("/toolkit/").unwrap()));
}

#[test]
fn internal_links_resolve_to_page_urls_with_anchors() {
    let site = fixture::copy("subpath");
    site.build();
    let html = site.read("guide/one/index.html");
    assert!(
        html.contains(r#"<a href="/toolkit/other/page/#anchor">the other page</a>"#),
        "../other/page.md#anchor:\n{html}"
    );
    assert!(html.contains(r#"<a href="/toolkit/guide/two/#details">the details</a>"#));
    assert!(html.contains(r#"<a href="/toolkit/guide/handout.txt">the handout</a>"#));
    assert!(html.contains(r#"<img src="/toolkit/guide/diagram.svg" alt="A diagram" />"#));
    let home = site.read("index.html");
    assert!(
        home.contains(r#"<a href="/toolkit/guide/">the guide</a>"#),
        "a link to a section's _index.md"
    );
    assert!(site
        .read("other/page/index.html")
        .contains(r##"<h2 id="anchor">Anchor<a class="anchor" href="#anchor""##));
}

#[test]
fn assets_beside_pages_are_copied_byte_for_byte() {
    let site = fixture::copy("subpath");
    site.build();
    for asset in ["guide/diagram.svg", "guide/handout.txt"] {
        let original = std::fs::read(site.root.join("content").join(asset)).unwrap();
        assert_eq!(
            std::fs::read(site.out.join(asset)).unwrap(),
            original,
            "{asset}"
        );
    }
}

#[test]
fn headings_get_unique_ids_and_a_nested_table_of_contents() {
    let site = fixture::copy("subpath");
    site.build();
    let html = site.read("guide/one/index.html");
    assert!(html.contains(r##"<h2 id="overview">Overview<a class="anchor" href="#overview""##));
    assert!(
        html.contains(r##"<h2 id="overview-1">Overview<a class="anchor" href="#overview-1""##),
        "the repeated heading gets its own id"
    );
    assert!(
        html.contains(r##"<h3 id="fine-print">Fine print<a class="anchor" href="#fine-print""##)
    );
    let toc = block(&html, "<details class=\"toc-inline\">", "</details>");
    let toc_links: Vec<String> = links(&toc);
    assert_eq!(toc_links, ["#overview", "#overview-1", "#fine-print"]);
    let nested = block(&toc, "#overview-1", "</li>\n</ol>");
    assert!(
        nested.contains("<ol>") && nested.contains("#fine-print"),
        "the h3 nests under its h2:\n{toc}"
    );
}

#[test]
fn breadcrumbs_and_previous_next_follow_reading_order() {
    let site = fixture::copy("subpath");
    site.build();
    let html = site.read("guide/one/index.html");
    let crumbs = block(&html, "<nav class=\"breadcrumbs\"", "</nav>");
    assert_eq!(links(&crumbs), ["/toolkit/", "/toolkit/guide/"]);
    assert_eq!(link_titles(&crumbs), ["Home", "Guide"]);
    assert!(crumbs.contains(r#"<span aria-current="page">Step one</span>"#));
    let pager = block(&html, "<nav class=\"pager\"", "</nav>");
    assert_eq!(links(&pager), ["/toolkit/guide/", "/toolkit/guide/two/"]);
    assert!(pager.contains("rel=\"prev\"") && pager.contains("rel=\"next\""));
    // The last page in reading order has no next link; the home page no previous one.
    let last = site.read("other/page/index.html");
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    assert!(!site.read("index.html").contains("rel=\"prev\""));
}

#[test]
fn sections_order_pages_by_weight_then_title_or_by_title() {
    let site = fixture::copy("ordering");
    site.build();
    let weighted = site.read("weighted/index.html");
    let listed = block(&weighted, "id=\"pages-title\"", "</section>");
    assert_eq!(
        link_titles(&listed),
        ["Charlie", "Alpha", "Bravo", "Delta"],
        "weight, then title, unweighted last"
    );
    let sidebar = block(
        &site.read("weighted/alpha/index.html"),
        "<nav class=\"sidebar\"",
        "</nav>",
    );
    assert_eq!(
        link_titles(&sidebar),
        ["Weighted", "Charlie", "Alpha", "Bravo", "Delta"]
    );
    let alphabetical = site.read("alphabetical/index.html");
    let listed = block(&alphabetical, "id=\"pages-title\"", "</section>");
    assert_eq!(
        link_titles(&listed),
        ["Apple", "Kiwi", "Mango"],
        "sort_by: title ignores weight"
    );
    let nav = block(
        &site.read("index.html"),
        "<nav class=\"site-nav\"",
        "</nav>",
    );
    assert_eq!(
        link_titles(&nav),
        ["Home", "Weighted", "Alphabetical", "Roles"]
    );
    // Reading order runs through the first section, then the second.
    let pager = block(
        &site.read("weighted/delta/index.html"),
        "<nav class=\"pager\"",
        "</nav>",
    );
    assert_eq!(
        links(&pager),
        ["/toolkit/weighted/bravo/", "/toolkit/alphabetical/"]
    );
}

#[test]
fn shortcodes_render_citations_and_site_templates() {
    let site = fixture::copy("shortcodes");
    site.build();
    let html = site.read("notes/index.html");
    let cite = block(&html, "<a class=\"cite\"", "</a>");
    assert_eq!(links(&cite), ["/toolkit/readings/#nasw-2018-code"]);
    assert!(
        html.contains("National Association of Social Workers, 2018</a>)"),
        "(Author, 2018):\n{html}"
    );
    assert!(
        site.read("readings/index.html")
            .contains("<li id=\"nasw-2018-code\">"),
        "the citation's anchor exists"
    );
    assert!(
        html.contains(r#"<aside class="box box--level-2"><strong>Remember this</strong> <em>open</em></aside>"#),
        "the site's own shortcode, with its arguments:\n{html}"
    );
    assert!(
        !html.contains("<p><aside"),
        "a shortcode alone in a paragraph replaces the paragraph"
    );
    assert!(
        html.contains(r#"<code>{{ box(title="no") }}</code>"#),
        "shortcodes in code are left alone"
    );
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = fixture::copy("template_override");
    site.build();
    let about = site.read("about/index.html");
    assert!(
        about.contains(r#"<main class="site-own-page"><h1>About us</h1><p>Who we are.</p>"#),
        "{about}"
    );
    assert!(
        !about.contains("class=\"site-header\""),
        "the theme's page layout is not used"
    );
    assert!(about.contains(r#"<a href="/toolkit/">Home</a>"#), "{about}");
    // Templates the site does not override still come from the theme (index.html extends
    // page.html, so it takes the override too; 404.html extends base.html).
    assert!(site.read("index.html").contains("class=\"site-own-page\""));
    assert!(site.read("404.html").contains("class=\"site-header\""));
}

#[test]
fn sitemap_robots_and_nojekyll() {
    let site = fixture::copy("subpath");
    site.build();
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let expected = ["", "guide/", "guide/one/", "guide/two/", "other/page/"]
        .map(|p| format!("https://example.org/toolkit/{p}"));
    assert_eq!(locs, expected);
    assert!(sitemap.starts_with("<?xml"));
    let robots = site.read("robots.txt");
    assert!(robots.contains("User-agent: *"));
    assert!(
        robots.contains("Sitemap: https://example.org/toolkit/sitemap.xml"),
        "{robots}"
    );
    assert_eq!(site.read(".nojekyll"), "");
}

#[test]
fn not_found_page_uses_absolute_links_that_work_from_any_depth() {
    let site = fixture::copy("subpath");
    site.build();
    let html = site.read("404.html");
    let found = links(&html);
    assert!(
        found.iter().any(|l| l == "/toolkit/"),
        "a link home: {found:?}"
    );
    assert!(
        found.iter().any(|l| l.starts_with("/toolkit/css/site.")),
        "the stylesheet"
    );
    for link in internal_links(&html) {
        // A relative link would break when GitHub Pages serves 404.html at /toolkit/a/b/c.
        assert!(
            link.starts_with("/toolkit/") || link.starts_with("https://"),
            "relative link `{link}` in 404.html"
        );
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = fixture::copy("subpath");
    site.build();
    assert!(!site.exists("guide/unfinished/index.html"));
    assert!(!site.read("sitemap.xml").contains("unfinished"));
    assert!(!site.read("guide/index.html").contains("Unfinished draft"));
    site.build_with(&BuildOptions {
        drafts: true,
        ..site.options()
    });
    assert!(site
        .read("guide/unfinished/index.html")
        .contains("Not ready yet."));
    assert!(site.read("guide/index.html").contains("Unfinished draft"));
    assert!(site
        .read("sitemap.xml")
        .contains("https://example.org/toolkit/guide/unfinished/"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = fixture::copy("subpath");
    let first = site.build();
    let second_out = site.out.with_file_name("second");
    site.build_with(&BuildOptions {
        output_dir: Some(second_out.clone()),
        ..site.options()
    });
    let (a, b) = (tree(&site.out), tree(&second_out));
    assert_eq!(a.len(), first.files, "the report counts the files written");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn a_build_written_page_by_page_matches_the_one_serve_keeps_in_memory() {
    // `build` writes pages to disk as it renders them, in batches, and puts the print page
    // together from a spool file (src/staged/); `serve`'s full build holds every page in
    // memory (src/build.rs). Both must write the same files byte for byte: pages, print
    // page, search index, and the offline version that hashes them all. The real toolkit
    // has search, offline use, assessments and a long print page.
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let options = |name: &str| BuildOptions {
        root: root.clone(),
        output_dir: Some(dir.path().join(name)),
        ..BuildOptions::default()
    };
    let report = partnerkit::build(&options("streamed")).unwrap_or_else(|e| panic!("{e}"));
    partnerkit::build::build_keeping(&options("kept")).unwrap_or_else(|e| panic!("{e}"));
    let streamed = tree(&dir.path().join("streamed"));
    let kept = tree(&dir.path().join("kept"));
    assert_eq!(
        streamed.len(),
        report.files,
        "the report counts the files written"
    );
    assert!(streamed.keys().any(|p| p.starts_with("pagefind/fragment/")));
    assert!(streamed.keys().any(|p| p.starts_with("offline-")));
    assert_eq!(
        streamed.keys().collect::<Vec<_>>(),
        kept.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &streamed {
        assert!(
            bytes == &kept[path],
            "{path} differs between the two builds"
        );
    }
}

#[test]
fn pages_the_search_stage_read_from_staging_are_written_whole() {
    // The search stage leaves each page's bare `<main>` in the staging folder for Pagefind;
    // the writer must put the whole page over every one of them.
    let site = fixture::copy("search-site");
    site.build();
    let pages: Vec<(String, String)> = html_files(&site)
        .into_iter()
        .filter(|(_, html)| html.contains("<article"))
        .collect();
    assert!(pages.len() > 3, "the fixture's pages are indexed");
    for (path, html) in pages {
        assert!(
            html.contains("<head>") && html.contains("<header"),
            "{path} is not a whole page:\n{html}"
        );
    }
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = fixture::copy("subpath");
    site.build_with(&BuildOptions {
        base_url: Some("https://other.example/docs".into()),
        ..site.options()
    });
    let html = site.read("guide/one/index.html");
    assert!(
        html.contains(r#"<a href="/docs/other/page/#anchor">"#),
        "{html}"
    );
    for link in internal_links(&html) {
        assert!(link.starts_with("/docs/"), "`{link}` ignores --base-url");
    }
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://other.example/docs/guide/one/</loc>"));
    assert!(unescape(&html)
        .contains(r#"<link rel="canonical" href="https://other.example/docs/guide/one/">"#));
    // At a host's root, URLs start with a single slash.
    site.build_with(&BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        ..site.options()
    });
    let html = site.read("guide/one/index.html");
    assert!(html.contains(r#"<a href="/other/page/#anchor">"#));
    assert!(internal_links(&html)
        .iter()
        .all(|l| l.starts_with('/') && !l.starts_with("//")));
}
