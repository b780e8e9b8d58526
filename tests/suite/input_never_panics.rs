//! Property tests: whatever Unicode an editor's page holds, in its body or in a front matter
//! value, `check` answers with a report or with located errors, and never panics.

use crate::fixture;

use proptest::prelude::*;

/// Pieces that mean something to the Markdown, shortcode or YAML readers, mixed with arbitrary
/// text, so generated pages reach the awkward places often.
fn fragment() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "{{",
        "}}",
        "{%",
        "%}",
        "{% end %}",
        " cite(",
        "box(",
        "id=\"",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        ")",
        "=",
        ",",
        "`",
        "```",
        "~~~",
        "\n",
        "\r\n",
        "\n\n",
        "    ",
        "\t",
        "\u{feff}",
        "\0",
        "é",
        "e\u{301}",
        "👩‍👩‍👧",
        "🏳️‍🌈",
        "—",
        "–",
        "…",
        "\u{a0}",
        "\u{200b}",
        "\u{ad}",
        "مرحبا",
        "你好",
        "नमस्ते",
        "[",
        "](",
        "](page.md)",
        "](#",
        "#",
        "## ",
        "> ",
        "- ",
        "1. ",
        "|",
        "---",
        "<",
        ">",
        "&",
        "\\",
        "*",
        "_",
        "![",
        "{#",
        "}",
        "\u{fffc}",
        "\u{fffc}0\u{fffc}",
    ]);
    prop_oneof![
        3 => special.prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// Checks the fixture site with `content/page.md` holding `page`; it must not panic.
fn check_with_page(site: &fixture::Site, page: &str) {
    site.write("content/page.md", page);
    if let Err(problems) = partnerkit::check(&site.options()) {
        assert!(problems.has_errors() && problems.iter().all(|d| !d.message.is_empty()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_body_is_checked_without_a_panic(body in text()) {
        let site = fixture::copy("plain_site");
        check_with_page(&site, &format!("---\ntitle: Page\n---\n{body}"));
    }

    #[test]
    fn any_front_matter_value_is_checked_without_a_panic(value in text(), tag in text()) {
        let site = fixture::copy("plain_site");
        // As typed (often not valid YAML), then quoted as JSON (always valid YAML).
        check_with_page(&site, &format!("---\ntitle: {value}\ndescription: {tag}\n---\nBody\n"));
        let quoted = serde_json::to_string(&value).unwrap();
        let tag = serde_json::to_string(&tag).unwrap();
        check_with_page(&site, &format!("---\ntitle: {quoted}\ntags: [{tag}]\n---\nBody {{{{ box(title={quoted}) }}}}\n"));
    }
}
