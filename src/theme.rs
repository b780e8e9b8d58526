//! The theme: Tera templates and static assets, from the embedded default theme overlaid by
//! files on disk (`themes/<name>/`, then the site's own `templates/` and `static/`).
//!
//! Embedding means `partnerkit` works from any folder; the disk overlay means an editor can
//! change any template or asset without touching Rust. CSS and JS files get content hashes in
//! their names so browsers can cache them for ever.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)))),*]
    };
}

/// The default theme's files, by path inside `themes/default/`: the one table of embedded assets.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/index.html",
    "templates/section.html",
    "templates/page.html",
    "templates/principle.html",
    "templates/module.html",
    "templates/competencies.html",
    "templates/readings.html",
    "templates/glossary.html",
    "templates/assessment.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/site-index.html",
    "templates/404.html",
    "templates/partials/macros.html",
    "templates/partials/assessment-form.html",
    "templates/partials/assessment-guide.html",
    "templates/partials/register.html",
    "templates/shortcodes/cite.html",
    "templates/shortcodes/assessment.html",
    "templates/shortcodes/term.html",
    "templates/shortcodes/suggestion.html",
    "templates/offline.html",
    "templates/print.html",
    "templates/sw.js",
    "static/css/site.css",
    "static/css/pages.css",
    "static/js/site.js",
    "static/js/update-notice.js",
    "static/js/theme.js",
    "static/img/icon.svg",
    "static/js/module.js",
    "static/js/competencies.js",
    "static/js/offline.js",
    "static/css/assessment.css",
    "static/js/assessment.js",
    "static/js/assessment-score.js",
    "static/js/assessment-store.js",
    "static/js/assessment-io.js",
    "static/js/assessment-views.js",
    "static/js/assessment-team.js",
    "static/js/assessment-actions.js",
    "static/js/register.js",
    "static/js/register-plan.js",
    "static/js/search.js",
    "static/css/search.css",
];

/// A theme ready to use: template sources by name and static files by output path.
#[derive(Debug, Default, Clone)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    /// Where each template comes from, as an editor finds it: `templates/x.html` (the site's
    /// own), `themes/NAME/templates/x.html`, or "the built-in theme's templates/x.html".
    pub template_files: BTreeMap<String, String>,
    /// Static files by their path in the output, before fingerprinting.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// Loads the theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut theme = Theme::default();
    let theme_dir = root.join("themes").join(name);
    if name == "default" {
        for (path, bytes) in DEFAULT_THEME {
            let shown = format!("the built-in theme's {path}");
            theme
                .add(path, bytes.to_vec(), Path::new(&shown))
                .map_err(Diagnostics::from)?;
        }
    } else if !theme_dir.is_dir() {
        return Err(Diagnostics::from(
            Diagnostic::error(
                "config.yaml",
                format!("the theme `{name}` is not in themes/{name}/"),
            )
            .hint("set `theme: default`, or add the theme's folder"),
        ));
    }
    let mut problems = Diagnostics::new();
    overlay(&mut theme, root, &theme_dir, "", &mut problems);
    overlay(
        &mut theme,
        root,
        &root.join("templates"),
        "templates/",
        &mut problems,
    );
    let statics = root.join("static");
    overlay(&mut theme, root, &statics, "static/", &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(theme)
}

/// Adds every file under `dir` to the theme, as if it sat under `prefix` in a theme folder;
/// errors name files from the site's `root`.
fn overlay(theme: &mut Theme, root: &Path, dir: &Path, prefix: &str, problems: &mut Diagnostics) {
    if !dir.is_dir() {
        return;
    }
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| {
        e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
    }) {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let result = std::fs::read(entry.path())
            .map_err(|err| {
                Diagnostic::error(
                    &shown,
                    format!("cannot read this file: {}", crate::fs_words::describe(&err)),
                )
            })
            .and_then(|bytes| theme.add(&format!("{prefix}{rel}"), bytes, &shown));
        if let Err(d) = result {
            problems.push(d);
        }
    }
}

impl Theme {
    fn add(&mut self, path: &str, bytes: Vec<u8>, shown: &Path) -> Result<(), Diagnostic> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(shown, "the template is not valid UTF-8 text")
                    .hint("save it as UTF-8")
            })?;
            self.templates.insert(name.to_string(), text);
            let shown = shown.to_string_lossy().replace('\\', "/");
            self.template_files.insert(name.to_string(), shown);
        } else if let Some(name) = path.strip_prefix("static/") {
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(text) if name.ends_with(".css") => crate::minify::css(text).into_bytes(),
                Ok(text) if name.ends_with(".js") => crate::minify::js(text).into_bytes(),
                _ => bytes,
            };
            self.statics.insert(name.to_string(), bytes);
        }
        Ok(())
    }

    /// Names of the shortcodes the theme provides (`shortcodes/NAME.html`).
    pub fn shortcode_names(&self) -> std::collections::BTreeSet<String> {
        self.templates
            .keys()
            .filter_map(|k| k.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect()
    }
}

/// Output names of static files: CSS and JS under `css/` and `js/` get a content hash.
pub fn fingerprint(statics: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    statics
        .iter()
        .map(|(path, bytes)| {
            let hashed = (path.starts_with("css/") || path.starts_with("js/"))
                && (path.ends_with(".css") || path.ends_with(".js"));
            let name = match path.rsplit_once('.') {
                Some((stem, ext)) if hashed => {
                    let hash = blake3::hash(bytes).to_hex();
                    format!("{stem}.{}.{ext}", &hash[..10])
                }
                _ => path.clone(),
            };
            (path.clone(), name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_renames_css_and_js_only() {
        let mut statics = BTreeMap::new();
        statics.insert("css/site.css".to_string(), b"body{}".to_vec());
        statics.insert("img/logo.png".to_string(), b"png".to_vec());
        let names = fingerprint(&statics);
        assert!(names["css/site.css"].starts_with("css/site."));
        assert_ne!(names["css/site.css"], "css/site.css");
        assert_eq!(names["img/logo.png"], "img/logo.png");
    }

    #[test]
    fn every_embedded_file_is_listed_once() {
        let mut paths: Vec<&str> = DEFAULT_THEME.iter().map(|(p, _)| *p).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), DEFAULT_THEME.len());
    }
}
