//! Site settings from `config.yaml`: title, base URL, language, theme, roles and search.
//!
//! Unknown keys are errors that name the closest valid key, so a typo never silently turns a
//! setting off. The base URL's path (`/toolkit/` on GitHub Pages) is the prefix of every URL
//! the site writes.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The file name of the site settings, at the site root.
pub const CONFIG_FILE: &str = "config.yaml";

/// Settings from `config.yaml`, as the editor wrote them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub offline: OfflineConfig,
    /// The site's repository, e.g. `https://github.com/org/toolkit`: pages get an "Edit this
    /// page" link to `<repo_url>/edit/main/<file>` unless `edit_url` says otherwise.
    pub repo_url: Option<String>,
    /// Where a page's file opens for editing, with its path from the site folder
    /// (`content/modules/five.md`) added, e.g. `https://github.com/org/toolkit/edit/main/`.
    pub edit_url: Option<String>,
    /// The header's logo and the browser tab's icon: paths of image files under the site's
    /// `static/` folder (`img/logo.svg`). Without them the theme's own icon is used for both.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    #[serde(default)]
    pub security: SecurityConfig,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A reader role: pages, competencies and assessment items name it by `id`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// What to read first, in order: page paths inside `content/` (`strategic/roles.md`).
    /// Without it the role's page lists the pages that name the role, in reading order.
    #[serde(default)]
    pub path: Vec<String>,
}

/// The title `config.yaml` gives the role `id`, or the id itself.
pub fn role_title(roles: &[Role], id: &str) -> String {
    roles
        .iter()
        .find(|r| r.id == id)
        .map_or(id.to_string(), |r| r.title.clone())
}

/// Whether to build the search index, and which content paths to leave out of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Content paths (files or folders, relative to `content/`) kept out of the index.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            exclude: Vec::new(),
        }
    }
}

/// Whether the site offers to work offline (a service worker and manifest).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfflineConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for OfflineConfig {
    fn default() -> Self {
        OfflineConfig { enabled: true }
    }
}

/// The Content-Security-Policy every page carries (in a `<meta http-equiv>`, since GitHub
/// Pages cannot send headers): the site's own files only, WebAssembly for search, images also
/// from `data:` (the theme's icons), and no plugins, forms or `<base>` pointing elsewhere.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// What pages may run: their Content-Security-Policy, and whether raw HTML in content may hold
/// scripts, event handlers and embedded documents (docs/content-format.md).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityConfig {
    #[serde(default = "default_csp")]
    pub content_security_policy: String,
    #[serde(default)]
    pub allow_unsafe_html: bool,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            content_security_policy: default_csp(),
            allow_unsafe_html: false,
        }
    }
}

fn default_csp() -> String {
    DEFAULT_CSP.into()
}

fn yes() -> bool {
    true
}

fn default_language() -> String {
    "en".into()
}

/// The YAML hints point to docs/content-format.md, which documents front matter; the settings
/// are documented in the README, and a site made by `init` has neither file, so say where.
fn settings_hint(mut problem: Diagnostic) -> Diagnostics {
    problem.hint = problem.hint.map(|hint| {
        hint.replace(
            "docs/content-format.md",
            "the settings in partnerkit's README, under “Settings (config.yaml)”",
        )
    });
    Diagnostics::from(problem)
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Where "Edit this page" links start, ending in `/`, if `edit_url` or `repo_url` is set.
    pub fn edit_base(&self) -> Option<String> {
        let base = match (&self.edit_url, &self.repo_url) {
            (Some(edit), _) => edit.clone(),
            (None, Some(repo)) => format!("{}/edit/main", repo.trim_end_matches('/')),
            (None, None) => return None,
        };
        Some(format!("{}/", base.trim_end_matches('/')))
    }

    /// Reads and checks `config.yaml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = Path::new(CONFIG_FILE);
        let text = std::fs::read_to_string(root.join(path))
            .map_err(|err| Diagnostics::from(unreadable(root, &err)))?;
        let source = yaml::Source {
            path,
            first_line: 1,
        };
        let config: Config = yaml::parse(&text, source).map_err(settings_hint)?;
        let problems = config.check(&text);
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(config)
    }

    fn check(&self, text: &str) -> Diagnostics {
        let mut problems = Diagnostics::new();
        let path = Path::new(CONFIG_FILE);
        let positions = yaml::Positions::of(text, 1);
        if let Err(problem) = check_base_url(&self.base_url) {
            problems.push(
                Diagnostic::error(path, format!("base_url {problem}"))
                    .at_line(positions.line("base_url"))
                    .hint(BASE_URL_HINT),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, role) in self.roles.iter().enumerate() {
            let line = positions.line(&format!("roles[{i}].id"));
            if !crate::content::is_slug(&role.id) {
                problems.push(crate::content::not_a_slug(path, "role id", &role.id).at_line(line));
            } else if !seen.insert(role.id.as_str()) {
                problems.push(
                    Diagnostic::error(path, format!("the role id `{}` is declared twice", role.id))
                        .at_line(line)
                        .hint("give each role its own id"),
                );
            }
        }
        problems
    }

    /// Replaces the base URL (from `--base-url` or the dev server).
    pub fn with_base_url(mut self, base_url: &str) -> Config {
        self.base_url = base_url.to_string();
        self
    }

    /// The path every site URL starts with, always with a leading and trailing `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The base URL with exactly one trailing slash, for absolute links (sitemap, canonical).
    pub fn absolute_base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
}

/// How a base URL is written, for messages about one that is not.
pub const BASE_URL_HINT: &str = "write it like https://org.github.io/toolkit/";

/// Whether `url` can be the site's base URL (in config.yaml or from `--base-url`): a full URL.
pub fn check_base_url(url: &str) -> Result<(), String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(format!("`{url}` is not a full URL"))
    }
}

/// Why `config.yaml` under `root` cannot be read, naming the folder; `--root` is suggested
/// only to someone who did not point it somewhere (the default root is `.`).
fn unreadable(root: &Path, err: &std::io::Error) -> Diagnostic {
    let here = root == Path::new(".");
    let file = if here {
        Path::new(CONFIG_FILE).to_path_buf()
    } else {
        root.join(CONFIG_FILE)
    };
    let folder = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if err.kind() != std::io::ErrorKind::NotFound {
        return Diagnostic::error(
            &file,
            format!(
                "cannot read the site settings: {}",
                crate::fs_words::describe(err)
            ),
        );
    }
    let hint = if here {
        "run partnerkit in the site folder (the one holding config.yaml and content/), or name it with --root DIR; `partnerkit init DIR` makes a new site"
    } else {
        "check the folder given to --root: it should be the one holding config.yaml and content/; `partnerkit init DIR` makes a new site"
    };
    let problem = if folder.is_dir() {
        format!("has no {CONFIG_FILE}, so it is not a partnerkit site")
    } else {
        "does not exist".to_string()
    };
    Diagnostic::error(&file, format!("the folder {} {problem}", folder.display())).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        serde_yaml::from_str(&format!("title: T\nbase_url: {base_url}\n")).unwrap()
    }

    #[test]
    fn base_path_keeps_sub_path() {
        assert_eq!(
            config("https://org.github.io/toolkit").base_path(),
            "/toolkit/"
        );
        assert_eq!(
            config("https://org.github.io/toolkit/").base_path(),
            "/toolkit/"
        );
        assert_eq!(config("http://127.0.0.1:1111").base_path(), "/");
    }

    #[test]
    fn unknown_key_names_closest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "title: T\nbase_url: https://x.org/\nlanguag: en\n",
        )
        .unwrap();
        let errors = Config::load(dir.path()).unwrap_err();
        let first = errors.iter().next().unwrap();
        assert_eq!(first.line, Some(3));
        assert!(first.message.contains("`language`"), "{}", first.message);
        // Settings are documented in the README, not in the front matter reference.
        let hint = first.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("README") && !hint.contains("content-format"),
            "{hint}"
        );
    }
}
