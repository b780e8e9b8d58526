//! What the site checks ask of a loaded page, as small in-page scripts with typed results:
//! the URLs it refers to, its ids, the status of every resource it loaded, horizontal
//! overflow, radio grouping, and axe-core's verdict.
//!
//! Declared once in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::json;

use crate::browser::Browser;

/// A URL found in the page, with what referred to it (`a`, `link rel=stylesheet`, `data-module`…).
#[derive(Debug, Clone, Deserialize)]
pub struct Reference {
    pub url: String,
    pub kind: String,
}

/// A resource the page loaded, per the Resource Timing API.
#[derive(Debug, Clone, Deserialize)]
pub struct LoadedResource {
    pub url: String,
    /// The HTTP status (0 when the browser may not tell, e.g. another origin).
    pub status: u16,
}

/// Everything [`probe`] reads from one page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageFacts {
    pub refs: Vec<Reference>,
    /// Every `id` and `a[name]` in the page: the fragments a link may point at.
    pub ids: Vec<String>,
    pub resources: Vec<LoadedResource>,
    pub scroll_width: u32,
    pub client_width: u32,
    /// Radio buttons that are not grouped in a fieldset with a first-child legend.
    pub radio_problems: Vec<String>,
}

impl PageFacts {
    /// True if the page scrolls sideways.
    pub fn overflows(&self) -> bool {
        self.scroll_width > self.client_width
    }
}

const PROBE_JS: &str = r#"
const base = arguments[0];
const refs = [];
const add = (url, kind) => refs.push({ url: String(url), kind });
for (const el of document.querySelectorAll('a[href], area[href]')) add(el.href, el.localName);
for (const el of document.querySelectorAll('link[href]')) add(el.href, 'link rel=' + el.rel);
for (const el of document.querySelectorAll('script[src], img[src], source[src], iframe[src]')) add(el.src, el.localName);
for (const el of document.querySelectorAll('form[action]')) add(el.action, 'form action');
// URLs the templates hand to scripts (data-module, data-pagefind, data-*-module…).
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    if (attr.name.startsWith('data-') && attr.value.startsWith(base)) add(new URL(attr.value, location.href), attr.name);
  }
}
const ids = Array.from(document.querySelectorAll('[id]'), (el) => el.id)
  .concat(Array.from(document.querySelectorAll('a[name]'), (el) => el.name));
const resources = performance.getEntriesByType('resource')
  .map((entry) => ({ url: entry.name, status: entry.responseStatus || 0 }));
const radioProblems = [];
const fieldsetsByGroup = new Map();
for (const radio of document.querySelectorAll('input[type=radio]')) {
  const label = `radio name="${radio.name}" value="${radio.value}"`;
  const fieldset = radio.closest('fieldset');
  if (!fieldset) { radioProblems.push(`${label} is not inside a fieldset`); continue; }
  const first = fieldset.firstElementChild;
  if (!first || first.localName !== 'legend' || !first.textContent.trim()) {
    radioProblems.push(`${label}: its fieldset does not start with a non-empty legend`);
  }
  const group = (radio.form ? radio.form.id : '') + '\u0000' + radio.name;
  if (!fieldsetsByGroup.has(group)) fieldsetsByGroup.set(group, new Set());
  fieldsetsByGroup.get(group).add(fieldset);
}
for (const [group, fieldsets] of fieldsetsByGroup) {
  if (fieldsets.size > 1) radioProblems.push(`the radio group "${group.split('\u0000')[1]}" is split over ${fieldsets.size} fieldsets`);
}
const root = document.documentElement;
return { refs, ids, resources, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, radioProblems };
"#;

/// Reads [`PageFacts`] from the current page; `base_path` is the site's path, e.g. `/toolkit/`.
pub async fn probe(browser: &Browser, base_path: &str) -> Result<PageFacts> {
    let value = browser.execute(PROBE_JS, vec![json!(base_path)]).await?;
    serde_json::from_value(value).context("the page probe returned an unexpected shape")
}

/// Fetches each URL from the page and returns `(url, status)`; status 0 means the fetch failed.
pub async fn fetch_statuses(browser: &Browser, urls: &[String]) -> Result<Vec<(String, u16)>> {
    let mut statuses = Vec::with_capacity(urls.len());
    // In batches, to stay well inside the WebDriver script timeout.
    for batch in urls.chunks(40) {
        let value = browser
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                Promise.all(arguments[0].map((url) => fetch(url, { cache: 'no-store' })
                  .then((response) => [url, response.status], () => [url, 0]))).then(done);"#,
                vec![json!(batch)],
            )
            .await?;
        let pairs: Vec<(String, u16)> = serde_json::from_value(value).context("fetch statuses")?;
        statuses.extend(pairs);
    }
    Ok(statuses)
}

/// The WCAG 2.2 AA rule tags axe runs with.
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Injects axe-core (its source text) into the current page unless it is already there. The
/// source runs as the WebDriver script itself: an added `<script>` element would be an inline
/// script, which the pages' Content-Security-Policy refuses.
pub async fn inject_axe(browser: &Browser, axe_source: &str) -> Result<()> {
    let present = browser
        .execute(
            &format!("if (!window.axe) {{\n{axe_source}\n}}\nreturn typeof window.axe;"),
            vec![],
        )
        .await?;
    anyhow::ensure!(
        present == json!("object"),
        "axe-core did not load: {present}"
    );
    Ok(())
}

/// Runs axe on the current page (after [`inject_axe`]) and describes each violation: rule id,
/// impact, help text and the failing nodes' selectors and summaries. Empty means none.
pub async fn axe_violations(browser: &Browser) -> Result<Vec<String>> {
    let value = browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
              .then((result) => done(result.violations.map((v) =>
                `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) =>
                  `      at ${JSON.stringify(n.target)}: ${(n.failureSummary || '').replace(/\n/g, ' ')}`).join('\n'))),
                (error) => done(['axe failed to run: ' + error]));"#,
            vec![json!(WCAG_TAGS)],
        )
        .await?;
    serde_json::from_value::<Vec<String>>(value.clone())
        .with_context(|| format!("axe returned {value}"))
}

/// Polls the JavaScript expression `condition` until it is truthy, for up to `timeout`.
pub async fn wait_until(
    browser: &Browser,
    condition: &str,
    timeout: std::time::Duration,
) -> Result<()> {
    let deadline = std::time::Instant::now() + timeout;
    let script = format!("return !!({condition});");
    while browser.execute(&script, vec![]).await? != json!(true) {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "waited {timeout:?} for `{condition}`"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Focuses the search box of the current page, types `query` and waits for result options.
pub async fn show_search_results(browser: &Browser, query: &str) -> Result<()> {
    browser
        .execute(
            "const input = document.getElementById('search-input'); input.value = ''; input.focus();",
            vec![],
        )
        .await?;
    browser.press(query).await?;
    wait_until(
        browser,
        "document.querySelector('#search-results [role=option]') && !document.querySelector('.search-panel').hidden",
        std::time::Duration::from_secs(10),
    )
    .await
    .with_context(|| format!("no search results shown for {query:?}"))
}
