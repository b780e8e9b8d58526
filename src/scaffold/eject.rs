//! `partnerkit theme eject [FILE…]`: copies built-in theme files into the site's
//! `themes/default/`, where they replace the built-in ones (see [`crate::theme`]).
//!
//! Nothing is copied unless every named file exists in the theme and none is in the site yet:
//! a copy the designer already changed is never overwritten.

use super::write_new;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::theme::DEFAULT_THEME;
use std::path::{Path, PathBuf};

/// Copies the named theme files (every file when `names` is empty) into
/// `root/themes/default/`. Returns the files written.
pub fn eject(root: &Path, names: &[String]) -> Result<Vec<PathBuf>, Diagnostics> {
    if !root.join("config.yaml").is_file() {
        return Err(Diagnostics::from(
            Diagnostic::error(root, "this is not a site folder: it has no config.yaml")
                .hint("run the command in the site folder, or pass --root DIR"),
        ));
    }
    let chosen = choose(names)?;
    let folder = root.join("themes/default");
    let mut problems = Diagnostics::new();
    for (path, _) in &chosen {
        let target = folder.join(path);
        if target.exists() {
            problems.push(
                Diagnostic::error(&target, "the site already has this file; it was left as it was")
                    .hint("leave it out of the command, or delete your copy first to start again from the built-in one"),
            );
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let mut written = Vec::new();
    for (path, bytes) in chosen {
        let target = folder.join(path);
        write_new(&target, bytes)?;
        written.push(target);
    }
    Ok(written)
}

/// The theme files named (each once, in the theme's order), or every file for no names.
fn choose(names: &[String]) -> Result<Vec<(&'static str, &'static [u8])>, Diagnostics> {
    if names.is_empty() {
        return Ok(DEFAULT_THEME.to_vec());
    }
    let mut problems = Diagnostics::new();
    let wanted: Vec<String> = names.iter().map(|name| normalize(name)).collect();
    for (name, given) in wanted.iter().zip(names) {
        if !DEFAULT_THEME.iter().any(|(path, _)| path == name) {
            let known = DEFAULT_THEME.iter().map(|(path, _)| *path);
            problems.push(
                Diagnostic::error(
                    given,
                    format!(
                        "the built-in theme has no file `{given}`{}",
                        did_you_mean(name, known)
                    ),
                )
                .hint("`partnerkit theme eject --list` lists its files"),
            );
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(DEFAULT_THEME
        .iter()
        .filter(|(path, _)| wanted.iter().any(|name| name == path))
        .copied()
        .collect())
}

/// `themes/default/templates/page.html`, `./templates\page.html` → `templates/page.html`.
fn normalize(name: &str) -> String {
    let name = name.replace('\\', "/");
    let name = name.trim_start_matches("./");
    name.strip_prefix("themes/default/")
        .unwrap_or(name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_may_carry_the_theme_folder_or_backslashes() {
        assert_eq!(
            normalize("themes/default/templates/page.html"),
            "templates/page.html"
        );
        assert_eq!(normalize(".\\static\\css\\site.css"), "static/css/site.css");
    }

    proptest::proptest! {
        /// Any name typed after `theme eject` is either a theme file or an error, never a panic.
        #[test]
        fn any_name_is_a_theme_file_or_an_error(name in "\\PC{0,40}") {
            match choose(std::slice::from_ref(&name)) {
                Ok(chosen) => proptest::prop_assert_eq!(chosen.len(), 1),
                Err(problems) => proptest::prop_assert!(problems.has_errors()),
            }
        }
    }

    #[test]
    fn unknown_names_are_errors_with_a_suggestion() {
        let problems = choose(&["templates/pages.html".into()]).unwrap_err();
        let text = problems.to_string();
        assert!(text.contains("templates/page.html"), "{text}");
    }
}
