//! The `get_page(path=…)` and `get_section(path=…)` template functions, so a theme can link
//! any page by its file, as in Zola: `get_page(path="principles/listen-first.md")`,
//! `get_section(path="modules/_index.md")`. Paths are inside `content/`.
//!
//! Both return plain values made once per build (see docs/templates.md for their fields); an
//! unknown path is a template error that names the closest path there is.

use crate::config::Config;
use crate::content::{Content, Page};
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

/// Registers `get_page` and `get_section` for the pages of `content`.
pub fn register(templates: &mut Templates, content: &Content, config: &Config) {
    let base_path = config.base_path();
    let base_url = config.absolute_base();
    let summary = |page: &Page| PageSummary {
        title: page.meta.title.clone(),
        description: page.meta.description.clone(),
        url: format!("{base_path}{}", page.url),
        permalink: format!("{base_url}{}", page.url),
        kind: page.kind.name(),
        is_section: page.is_section,
        path: page.content_path.clone(),
        tags: page.meta.tags.clone(),
        roles: page.meta.roles.clone(),
    };
    let mut pages = BTreeMap::new();
    let mut sections = BTreeMap::new();
    for page in &content.pages {
        let value = if page.is_section {
            let children = page.children.iter().map(|&i| &content.pages[i]);
            let (subsections, leaves): (Vec<&Page>, Vec<&Page>) =
                children.partition(|child| child.is_section);
            to_value(&SectionSummary {
                summary: summary(page),
                pages: leaves.into_iter().map(summary).collect(),
                subsections: subsections.into_iter().map(summary).collect(),
            })
        } else {
            to_value(&summary(page))
        };
        let table = if page.is_section {
            &mut sections
        } else {
            &mut pages
        };
        table.insert(page.content_path.clone(), value);
    }
    templates.register_function("get_page", lookup("get_page", "page", Arc::new(pages)));
    templates.register_function(
        "get_section",
        lookup("get_section", "section", Arc::new(sections)),
    );
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A function that finds `path=` in `table`.
fn lookup(
    function: &'static str,
    what: &'static str,
    table: Arc<BTreeMap<String, Value>>,
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
        table.get(path).cloned().ok_or_else(|| {
            tera::Error::msg(format!(
                "{function}: there is no {what} `{path}` in content/{}",
                did_you_mean(path, table.keys().map(String::as_str))
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Function;

    fn table() -> Arc<BTreeMap<String, Value>> {
        let mut pages = BTreeMap::new();
        pages.insert("guide/one.md".to_string(), Value::from("one"));
        Arc::new(pages)
    }

    fn call(path: Option<&str>) -> tera::Result<Value> {
        let mut args = HashMap::new();
        if let Some(path) = path {
            args.insert("path".to_string(), Value::from(path));
        }
        lookup("get_page", "page", table()).call(&args)
    }

    #[test]
    fn finds_a_page_by_its_file_with_or_without_content() {
        assert_eq!(call(Some("guide/one.md")).unwrap(), Value::from("one"));
        assert_eq!(
            call(Some("content/guide/one.md")).unwrap(),
            Value::from("one")
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
