//! Whole-site checks on the real toolkit (this repository's content), built with a base URL
//! under `/toolkit/` and served the way GitHub Pages serves a project site:
//!
//! - every page carries its language, description, canonical URL and Open Graph tags;
//! - crawled in headless Chromium, every internal link, stylesheet, script, image, template
//!   URL and `#anchor` resolves from every page, nothing is asked of another host, every radio
//!   group sits in a fieldset with a legend, and no page scrolls sideways at 320 px;
//! - `404.html` is served, styled, at any depth;
//! - axe-core finds no WCAG 2.2 AA violation on any kind of page (and in the interactive states:
//!   an assessment with its results, the search panel open), in light and in dark mode, and
//!   screenshots at 320 px and 1280 px go to `target/screenshots/`.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/emulation.rs"]
mod emulation;
#[path = "support/page_probe.rs"]
mod page_probe;
#[path = "support/site_server.rs"]
mod site_server;
#[path = "support/toolkit.rs"]
mod toolkit;
#[path = "support/tools.rs"]
mod tools;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use browser::{chromium_available, Browser};
use emulation::Scheme;
use page_probe::PageFacts;
use site_server::SiteServer;
use toolkit::BuiltToolkit;
use url::Url;

const BASE_PATH: &str = "/toolkit/";

/// The toolkit built for, and served by, a local server under `/toolkit/`.
struct ServedToolkit {
    site: BuiltToolkit,
    server: SiteServer,
}

/// Starts a server on an empty folder, then builds into it with the server's own URL, so that
/// canonical URLs point at pages the crawler can load.
fn serve_toolkit() -> ServedToolkit {
    let dir = toolkit::temp_output();
    let server = SiteServer::start(dir.path().join("site"), BASE_PATH).expect("start the server");
    let site = toolkit::build_into(dir, &server.url(""));
    ServedToolkit { site, server }
}

/// `&#x2F;`-style escapes Tera writes into attributes, undone.
fn unescape(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of the first `attr="…"` that follows `marker` in `html`.
fn attribute_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let tag_start = html.find(marker)?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let needle = format!("{attr}=\"");
    let value_start = tag.find(&needle)? + needle.len();
    let value = &tag[value_start..value_start + tag[value_start..].find('"')?];
    Some(unescape(value))
}

#[test]
fn every_page_has_language_description_canonical_and_open_graph_tags() {
    let site = toolkit::build("https://org.github.io/toolkit/");
    let pages = site.page_paths();
    assert!(pages.len() > 20, "only {} pages", pages.len());
    let mut problems = Vec::new();
    for path in &pages {
        let html = site.html(path);
        let mut expect =
            |what: &str, found: Option<String>, wanted: Option<&str>| match (found, wanted) {
                (None, _) => problems.push(format!("{path}: no {what}")),
                (Some(value), None) if value.trim().is_empty() => {
                    problems.push(format!("{path}: empty {what}"))
                }
                (Some(value), Some(wanted)) if value != wanted => {
                    problems.push(format!("{path}: {what} is {value:?}, expected {wanted:?}"))
                }
                _ => {}
            };
        expect("lang", attribute_after(&html, "<html", "lang"), Some("en"));
        expect(
            "description",
            attribute_after(&html, r#"<meta name="description""#, "content"),
            None,
        );
        let canonical = format!("https://org.github.io/toolkit/{path}");
        expect(
            "canonical URL",
            attribute_after(&html, r#"<link rel="canonical""#, "href"),
            Some(&canonical),
        );
        expect(
            "og:title",
            attribute_after(&html, r#"<meta property="og:title""#, "content"),
            None,
        );
        expect(
            "og:description",
            attribute_after(&html, r#"<meta property="og:description""#, "content"),
            None,
        );
        expect(
            "og:url",
            attribute_after(&html, r#"<meta property="og:url""#, "content"),
            Some(&canonical),
        );
    }
    assert!(
        problems.is_empty(),
        "missing or wrong meta tags:\n{}",
        problems.join("\n")
    );
}

/// What the crawl learned: each page's ids, and every reference with the pages it is on.
#[derive(Default)]
struct Crawl {
    ids: HashMap<String, BTreeSet<String>>,
    referrers: BTreeMap<String, BTreeSet<String>>,
    problems: Vec<String>,
}

impl Crawl {
    /// Records one page's facts and the problems visible on the page itself.
    fn record(&mut self, page: &str, facts: &PageFacts, origin: &str, hosts: &[String]) {
        self.ids
            .insert(page.to_string(), facts.ids.iter().cloned().collect());
        for reference in &facts.refs {
            if ["data:", "mailto:", "tel:"]
                .iter()
                .any(|scheme| reference.url.starts_with(scheme))
            {
                continue; // no request to anyone
            }
            // A folder handed to a script (data-pagefind) is checked through what the script loads.
            if reference.kind.starts_with("data-") && reference.url.ends_with('/') {
                continue;
            }
            let same_origin = reference.url.starts_with(&format!("{origin}/"));
            let is_request = !matches!(reference.kind.as_str(), "a" | "area");
            if same_origin {
                self.referrers
                    .entry(reference.url.clone())
                    .or_default()
                    .insert(page.to_string());
            } else if is_request {
                self.problems.push(format!(
                    "{page}: {} asks another host: {}",
                    reference.kind, reference.url
                ));
            }
        }
        for resource in facts
            .resources
            .iter()
            .filter(|r| !(200..300).contains(&r.status) && r.status != 304)
        {
            self.problems.push(format!(
                "{page}: loading {} gave status {}",
                resource.url, resource.status
            ));
        }
        if hosts != [origin] {
            self.problems.push(format!(
                "{page}: requests went to {hosts:?}, not only {origin}"
            ));
        }
        for radio in &facts.radio_problems {
            self.problems.push(format!("{page}: {radio}"));
        }
        if facts.overflows() {
            self.problems.push(format!(
                "{page}: scrolls sideways at {} px (content is {} px wide)",
                facts.client_width, facts.scroll_width
            ));
        }
    }

    /// Checks `#fragment` references against the ids of the page they point at.
    fn check_anchors(&mut self) {
        for (url, pages) in &self.referrers {
            let Ok(parsed) = Url::parse(url) else {
                continue;
            };
            let Some(fragment) = parsed.fragment().filter(|f| !f.is_empty()) else {
                continue;
            };
            let fragment = percent_decode(fragment);
            let mut target = parsed.clone();
            target.set_fragment(None);
            match self.ids.get(target.as_str()) {
                Some(ids) if ids.contains(&fragment) => {}
                Some(_) => self.problems.push(format!(
                    "{url} (from {pages:?}): no id `{fragment}` on the page"
                )),
                None => self.problems.push(format!(
                    "{url} (from {pages:?}): the anchor's page was not crawled"
                )),
            }
        }
    }

    /// The distinct referenced URLs, without fragments, leaving out links within a page.
    fn targets(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .referrers
            .iter()
            .filter_map(|(url, pages)| {
                let mut url = Url::parse(url).ok()?;
                url.set_fragment(None);
                let url = url.to_string();
                (pages.len() != 1 || !pages.contains(&url)).then_some(url)
            })
            .collect();
        set.into_iter().collect()
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|digits| u8::from_str_radix(digits, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_link_resource_and_anchor_resolves_and_no_page_overflows_at_320px() {
    if !chromium_available("every_link_resource_and_anchor_resolves_and_no_page_overflows_at_320px")
    {
        return;
    }
    let served = serve_toolkit();
    let origin = served.server.origin();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 320, 800)
        .await
        .unwrap();

    let mut crawl = Crawl::default();
    for path in served.site.page_paths() {
        let url = served.server.url(&path);
        browser.goto(&url).await.unwrap();
        let facts = page_probe::probe(&browser, BASE_PATH).await.unwrap();
        assert_eq!(
            facts.client_width, 320,
            "the viewport emulation did not take"
        );
        let hosts = browser.resource_hosts().await.unwrap();
        crawl.record(&url, &facts, &origin, &hosts);
    }

    // A missing page at any depth gets the styled 404 page, whose links work from there.
    let missing = served.server.url("a/b/c/missing/");
    browser.goto(&missing).await.unwrap();
    let styled = browser
        .execute(
            "return [document.title, Array.from(document.styleSheets)
               .filter((s) => s.href && s.href.includes('/css/site.')).map((s) => s.cssRules.length)];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        styled[0]
            .as_str()
            .unwrap_or("")
            .starts_with("Page not found"),
        "{styled}"
    );
    assert!(
        styled[1][0].as_u64().unwrap_or(0) > 20,
        "the 404 page's stylesheet did not load: {styled}"
    );
    let facts = page_probe::probe(&browser, BASE_PATH).await.unwrap();
    crawl.record(
        &missing,
        &facts,
        &origin,
        &browser.resource_hosts().await.unwrap(),
    );
    let statuses = page_probe::fetch_statuses(&browser, std::slice::from_ref(&missing))
        .await
        .unwrap();
    assert_eq!(statuses[0].1, 404, "a missing page must answer 404");

    // Every distinct URL, once; then every anchor against its page's ids.
    let targets = crawl.targets();
    assert!(
        targets.len() > 50,
        "only {} distinct URLs found",
        targets.len()
    );
    for (url, status) in page_probe::fetch_statuses(&browser, &targets)
        .await
        .unwrap()
    {
        if status != 200 {
            let from = &crawl.referrers.get(&url).cloned().unwrap_or_default();
            crawl
                .problems
                .push(format!("{url} answers {status} (linked from {from:?})"));
        }
    }
    crawl.check_anchors();
    browser.close().await.unwrap();
    assert!(
        crawl.problems.is_empty(),
        "{} problem(s):\n{}",
        crawl.problems.len(),
        crawl.problems.join("\n")
    );
}

/// A page to check in every colour scheme and width: its name (for screenshots) and path.
struct Sample {
    name: String,
    path: String,
}

/// Pages every run must cover, one per kind the brief names, whatever their `data-kind`.
const REQUIRED_PAGES: &[&str] = &[
    "",
    "404.html",
    "principles/",
    "principles/why-engage/",
    "modules/module-five/",
    "strategic/competencies/",
    "readings/",
    "assessments/partnership-readiness/",
    "tags/",
    "tags/trust/",
    "roles/",
    "roles/leaders/",
    "site-index/",
];

/// The required pages plus one page of each other kind: the `data-kind` its template writes
/// on `<body>` and where it sits, so a new kind of page is covered without editing this test.
fn page_kind_samples(site: &BuiltToolkit) -> Vec<Sample> {
    let all = site.page_paths();
    let mut chosen: BTreeSet<String> = BTreeSet::new();
    for required in REQUIRED_PAGES {
        assert!(
            all.iter().any(|p| p == required),
            "the toolkit has no page {required:?}"
        );
        chosen.insert(required.to_string());
    }
    let mut shapes: BTreeSet<String> = BTreeSet::new();
    for path in &all {
        let kind = attribute_after(&site.html(path), "<body", "data-kind").unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let place = match segments.as_slice() {
            [first @ ("tags" | "roles"), rest @ ..] => format!("{first}-{}", rest.len()),
            deeper => format!("depth-{}", deeper.len()),
        };
        if shapes.insert(format!("{kind}-{place}")) {
            chosen.insert(path.clone());
        }
    }
    chosen
        .into_iter()
        .map(|path| Sample {
            name: sample_name(&path),
            path,
        })
        .collect()
}

/// A file-name-safe name for a page path: `home`, `principles-why-engage`, `404`.
fn sample_name(path: &str) -> String {
    let name = path
        .trim_end_matches(".html")
        .trim_matches('/')
        .replace('/', "-");
    if name.is_empty() {
        "home".to_string()
    } else {
        name
    }
}

fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("screenshots")
}

/// Runs axe in both schemes and screenshots at both widths; returns the problems found.
async fn check_current_page(browser: &Browser, axe: &str, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for scheme in Scheme::BOTH {
        emulation::set_color_scheme(browser.client(), scheme)
            .await
            .unwrap();
        for width in [1280, 320] {
            emulation::set_viewport(browser.client(), width, 900)
                .await
                .unwrap();
            let shot = screenshot_dir().join(format!("{name}-{width}-{}.png", scheme.name()));
            browser.screenshot(&shot).await.unwrap();
            let facts = page_probe::probe(browser, BASE_PATH).await.unwrap();
            if facts.overflows() {
                problems.push(format!(
                    "{name}: scrolls sideways at {width} px in {} mode",
                    scheme.name()
                ));
            }
            problems.extend(facts.radio_problems.iter().map(|p| format!("{name}: {p}")));
            page_probe::inject_axe(browser, axe).await.unwrap();
            for violation in page_probe::axe_violations(browser).await.unwrap() {
                problems.push(format!(
                    "{name} ({} mode, {width} px): {violation}",
                    scheme.name()
                ));
            }
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_passes_axe_in_light_and_dark_mode_at_320_and_1280px() {
    let test_name = "every_page_kind_passes_axe_in_light_and_dark_mode_at_320_and_1280px";
    if !chromium_available(test_name) {
        return;
    }
    let Some(axe) = tools::axe_source(test_name) else {
        return;
    };
    let served = serve_toolkit();
    let samples = page_kind_samples(&served.site);
    let browser = Browser::start().await.unwrap();
    let mut problems = Vec::new();
    for sample in &samples {
        browser
            .goto(&served.server.url(&sample.path))
            .await
            .unwrap();
        problems.extend(check_current_page(&browser, &axe, &sample.name).await);
    }
    browser.close().await.unwrap();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
