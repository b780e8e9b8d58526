//! `partnerkit theme eject [FILE…]` copies exactly the named built-in theme files into the
//! site's `themes/default/` (all of them when none is named), byte for byte, never overwrites a
//! copy, and copies nothing when a name is wrong. An ejected file then replaces the built-in.

use crate::fixture;

use fixture::{run_binary, tree};
use partnerkit::theme::DEFAULT_THEME;

fn built_in(path: &str) -> &'static [u8] {
    DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("{path} is not in the theme"))
        .1
}

#[test]
fn copies_exactly_the_named_files() {
    let site = fixture::copy("subpath");
    let root = site.root.to_str().unwrap();
    let run = run_binary(&[
        "theme",
        "eject",
        "templates/page.html",
        "static/css/site.css",
        "-r",
        root,
    ]);
    assert!(run.status.success(), "{run:?}");
    let copied = tree(&site.root.join("themes/default"));
    let names: Vec<&str> = copied.keys().map(String::as_str).collect();
    assert_eq!(names, ["static/css/site.css", "templates/page.html"]);
    for (name, bytes) in &copied {
        assert_eq!(bytes.as_slice(), built_in(name), "{name} differs");
    }
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("templates/page.html") && stdout.contains("Copied 2"),
        "{stdout}"
    );
}

#[test]
fn with_no_names_copies_the_whole_theme_and_lists_it() {
    let site = fixture::copy("subpath");
    let run = run_binary(&["--root", site.root.to_str().unwrap(), "theme", "eject"]);
    assert!(run.status.success(), "{run:?}");
    let copied = tree(&site.root.join("themes/default"));
    assert_eq!(copied.len(), DEFAULT_THEME.len());
    let stdout = String::from_utf8_lossy(&run.stdout);
    for (path, _) in DEFAULT_THEME {
        assert!(stdout.contains(path), "{path} not listed:\n{stdout}");
    }
}

#[test]
fn never_overwrites_and_copies_nothing_on_a_wrong_name() {
    let site = fixture::copy("subpath");
    let root = site.root.to_str().unwrap();
    let mine = site.root.join("themes/default/templates/page.html");
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    std::fs::write(&mine, "my page template").unwrap();
    let run = run_binary(&[
        "-r",
        root,
        "theme",
        "eject",
        "templates/page.html",
        "templates/base.html",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("page.html: error: the site already has this file"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my page template");
    assert!(!site
        .root
        .join("themes/default/templates/base.html")
        .exists());

    let elsewhere = tempfile::tempdir().unwrap();
    let run = run_binary(&["-r", elsewhere.path().to_str().unwrap(), "theme", "eject"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a site folder"));
    assert!(!elsewhere.path().join("themes").exists());

    let run = run_binary(&["-r", root, "theme", "eject", "templates/bse.html"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("did you mean `templates/base.html`"),
        "{stderr}"
    );
    assert!(!site
        .root
        .join("themes/default/templates/base.html")
        .exists());
}

#[test]
fn an_ejected_template_replaces_the_built_in_one() {
    let site = fixture::copy("subpath");
    let root = site.root.to_str().unwrap();
    assert!(
        run_binary(&["-r", root, "theme", "eject", "templates/404.html"])
            .status
            .success()
    );
    let ejected = site.root.join("themes/default/templates/404.html");
    let text = std::fs::read_to_string(&ejected).unwrap();
    let changed = text.replacen("<h1>Page not found</h1>", "<h1>Nothing here</h1>", 1);
    assert_ne!(
        changed, text,
        "the built-in 404 page changed; update this test"
    );
    std::fs::write(&ejected, changed).unwrap();
    let run = site.run_build();
    assert!(run.status.success(), "{run:?}");
    assert!(site.read("404.html").contains("<h1>Nothing here</h1>"));
}
