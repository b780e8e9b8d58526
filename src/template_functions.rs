//! The `get_page(path=…)` and `get_section(path=…)` template functions, so a theme can link
//! any page by its file, as in Zola: `get_page(path="principles/listen-first.md")`,
//! `get_section(path="modules/_index.md")`. Paths are inside `content/`.
//!
//! Both return plain values made once per build (see docs/templates.md for their fields); an
//! unknown path is a template error that names the closest path there is.

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::did_you_mean;
use crate::templates::Templates;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Value;

/// What `get_page` returns, and what `get_section` lists.
#[derive(Debug, Clone, Serialize)]
struct PageSummary {
    title: String,
    description: Option<String>,
    /// The page's address from the site's root, with the base path: `/toolkit/principles/a/`.
    url: String,
    /// The full address, with the base URL.
    permalink: String,
    kind: &'static str,
    is_section: bool,
    /// The file, inside `content/`.
    path: String,
    tags: Vec<String>,
    roles: Vec<String>,
}

/// What `get_section` returns: the section's own summary and its pages and sub-sections.
#[derive(Debug, Clone, Serialize)]
struct SectionSummary {
    #[serde(flatten)]
    summary: PageSummary,
    /// The section's pages (not sub-sections), in reading order.
    pages: Vec<PageSummary>,
    subsections: Vec<PageSummary>,
}

/// What both functions look up in: every page's summary, made once per build, and the
/// sections' children. Values are made from it when a template asks, not up front: a value
/// per page (and again inside its section's) took about 1.8 KB a page (issue #19).
struct Table {
    /// Each page's summary, by page index.
    summaries: Vec<PageSummary>,
    /// For each page, by page index: its pages and its sub-sections (empty but for sections).
    children: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Table {
    fn new(content: &Content, config: &Config) -> Table {
        let base_path = config.base_path();
        let base_url = config.absolute_base();
        let summaries = content
            .pages
            .iter()
            .map(|page| PageSummary {
                title: page.meta.title.clone(),
                description: page.meta.description.clone(),
                url: format!("{base_path}{}", page.url),
                permalink: format!("{base_url}{}", page.url),
                kind: page.kind.name(),
                is_section: page.is_section,
                path: page.content_path.clone(),
                tags: page.meta.tags.clone(),
                roles: page.meta.roles.clone(),
            })
            .collect();
        let children = content
            .pages
            .iter()
            .map(|page| {
                page.children
                    .iter()
                    .partition(|&&i| !content.pages[i].is_section)
            })
            .collect();
        Table {
            summaries,
            children,
        }
    }

    /// The value `get_page` or `get_section` returns for page `index`.
    fn value(&self, index: usize) -> Value {
        let summary = self.summaries[index].clone();
        if !summary.is_section {
            return to_value(&summary);
        }
        let (pages, subsections) = &self.children[index];
        let summaries =
            |list: &Vec<usize>| list.iter().map(|&i| self.summaries[i].clone()).collect();
        to_value(&SectionSummary {
            summary,
            pages: summaries(pages),
            subsections: summaries(subsections),
        })
    }
}

/// Registers `get_page` and `get_section` for the pages of `content`.
pub fn register(templates: &mut Templates, content: &Content, config: &Config) {
    let table = Arc::new(Table::new(content, config));
    let mut pages = BTreeMap::new();
    let mut sections = BTreeMap::new();
    for (index, page) in content.pages.iter().enumerate() {
        let paths = if page.is_section {
            &mut sections
        } else {
            &mut pages
        };
        paths.insert(page.content_path.clone(), index);
    }
    let get_page = lookup("get_page", "page", Arc::new(pages), Arc::clone(&table));
    templates.register_function("get_page", get_page);
    let get_section = lookup("get_section", "section", Arc::new(sections), table);
    templates.register_function("get_section", get_section);
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A function that finds `path=` among `paths` and returns its page's value from `table`.
fn lookup(
    function: &'static str,
    what: &'static str,
    paths: Arc<BTreeMap<String, usize>>,
    table: Arc<Table>,
) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let Some(path) = args.get("path").and_then(Value::as_str) else {
            return Err(tera::Error::msg(format!(
                "{function} needs a `path` argument inside content/, like {function}(path=\"{}\")",
                if what == "page" {
                    "principles/trust.md"
                } else {
                    "principles/_index.md"
                }
            )));
        };
        let path = path.trim_start_matches("content/").trim_start_matches('/');
        let index = paths.get(path).ok_or_else(|| {
            tera::Error::msg(format!(
                "{function}: there is no {what} `{path}` in content/{}",
                did_you_mean(path, paths.keys().map(String::as_str))
            ))
        })?;
        Ok(table.value(*index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Function;

    fn summary(title: &str) -> PageSummary {
        PageSummary {
            title: title.into(),
            description: None,
            url: "/t/guide/one/".into(),
            permalink: "https://example.org/t/guide/one/".into(),
            kind: "page",
            is_section: false,
            path: "guide/one.md".into(),
            tags: Vec::new(),
            roles: Vec::new(),
        }
    }

    fn call(path: Option<&str>) -> tera::Result<Value> {
        let mut args = HashMap::new();
        if let Some(path) = path {
            args.insert("path".to_string(), Value::from(path));
        }
        let paths = Arc::new(BTreeMap::from([("guide/one.md".to_string(), 0)]));
        let table = Arc::new(Table {
            summaries: vec![summary("one")],
            children: vec![(Vec::new(), Vec::new())],
        });
        lookup("get_page", "page", paths, table).call(&args)
    }

    #[test]
    fn finds_a_page_by_its_file_with_or_without_content() {
        assert_eq!(call(Some("guide/one.md")).unwrap()["title"], "one");
        assert_eq!(
            call(Some("content/guide/one.md")).unwrap()["url"],
            "/t/guide/one/"
        );
        let missing = call(Some("guide/on.md")).unwrap_err().to_string();
        assert!(missing.contains("did you mean `guide/one.md`"), "{missing}");
        let no_path = call(None).unwrap_err().to_string();
        assert!(no_path.contains("needs a `path`"), "{no_path}");
    }

    proptest::proptest! {
        #[test]
        fn any_path_is_found_or_an_error(path in "\\PC{0,40}") {
            let _ = call(Some(&path));
        }
    }
}
