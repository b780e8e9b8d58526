//! The web app manifest of the offline version: its name, the short name a home screen shows,
//! and the base path the installed site opens at and stays within.

use crate::config::Config;
use crate::context::SiteView;

/// The web app manifest: the site opens at, and stays within, the base path.
pub(super) fn manifest(config: &Config, site: &SiteView) -> String {
    let manifest = serde_json::json!({
        "name": config.title,
        "short_name": short_name(&config.title),
        "description": config.description,
        "lang": config.language,
        "start_url": site.base_path,
        "scope": site.base_path,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#123f6b",
        "icons": [{ "src": site.icon, "sizes": "any", "purpose": "any" }],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// A name short enough for a home screen: the title, or its leading words up to 12 characters.
fn short_name(title: &str) -> String {
    if title.chars().count() <= 12 {
        return title.to_string();
    }
    let mut name = String::new();
    for word in title.split_whitespace() {
        let longer = if name.is_empty() {
            word.to_string()
        } else {
            format!("{name} {word}")
        };
        if longer.chars().count() > 12 {
            break;
        }
        name = longer;
    }
    if name.is_empty() {
        title.chars().take(12).collect()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn short_names_fit_a_home_screen() {
        assert_eq!(short_name("Partnership Toolkit"), "Partnership");
        assert_eq!(short_name("Toolkit"), "Toolkit");
        assert_eq!(short_name("Extraordinarily"), "Extraordinar");
    }
}
