//! The brand slot: without `logo`/`favicon` in config.yaml the theme's own icon is the header
//! logo, the browser tab's icon and the web manifest's icon, and the file exists; with them,
//! the site's own files (fingerprinted) take every one of those places.

use crate::fixture;

/// The `href`/`src` value after `needle` in `html`.
fn value_after<'a>(html: &'a str, needle: &str) -> &'a str {
    let start = html.find(needle).unwrap_or_else(|| panic!("no {needle}")) + needle.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[test]
fn the_theme_icon_stands_in_until_the_site_names_its_own() {
    let site = fixture::copy("page-dates");
    site.edit("config.yaml", "offline:\n  enabled: false\n", "");
    site.build();
    let home = site.read("index.html");
    let icon = value_after(&home, r#"<link rel="icon" href=""#);
    assert!(
        icon.starts_with("/toolkit/img/icon.") && icon.ends_with(".svg"),
        "{icon}"
    );
    assert!(site.exists(icon.trim_start_matches("/toolkit/")));
    assert_eq!(
        value_after(&home, r#"<a class="brand" href="/toolkit/"><img src=""#),
        icon
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["icons"][0]["src"], icon);

    site.write(
        "static/img/our-logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("static/favicon.png", b"\x89PNG\r\n\x1a\n");
    site.edit(
        "config.yaml",
        "repo_url:",
        "logo: img/our-logo.svg\nfavicon: /favicon.png\nrepo_url:",
    );
    site.build();
    let home = site.read("index.html");
    let icon = value_after(&home, r#"<link rel="icon" href=""#);
    assert!(
        icon.starts_with("/toolkit/favicon.") && icon.ends_with(".png"),
        "{icon}"
    );
    let logo = value_after(&home, r#"<a class="brand" href="/toolkit/"><img src=""#);
    assert!(logo.starts_with("/toolkit/img/our-logo."), "{logo}");
    assert!(site.exists(logo.trim_start_matches("/toolkit/")));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["icons"][0]["src"], icon);
}
