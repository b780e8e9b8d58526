//! What editors write can never run as script in a reader's browser: text placed in a
//! `<script type="application/json">` element cannot end it, and links, images, reading URLs
//! and raw HTML that could run script are errors at file:line (unless `config.yaml` trusts
//! the content with `allow_unsafe_html`).

use crate::fixture;

use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use std::cell::RefCell;

/// The elements of `html` in document order, as a browser's tokenizer finds them, and the
/// text of every `<script>` element with its place in that order.
fn elements_and_scripts(html: &str) -> (Vec<String>, Vec<(usize, String)>) {
    let names = RefCell::new(Vec::new());
    let scripts = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            let mut names = names.borrow_mut();
            if el.tag_name() == "script" {
                scripts.borrow_mut().push((names.len(), String::new()));
            }
            names.push(el.tag_name());
            Ok(())
        }))
        .append_element_content_handler(text!("script", |chunk| {
            if let Some((_, last)) = scripts.borrow_mut().last_mut() {
                last.push_str(chunk.as_str());
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap();
    (names.into_inner(), scripts.into_inner())
}

#[test]
fn item_text_with_comment_and_script_tags_cannot_swallow_the_page() {
    let site = fixture::copy("security-json-in-script");
    site.build();
    let page = site.read("check/index.html");
    let (elements, scripts) = elements_and_scripts(&page);
    let (script_at, definition) = scripts
        .iter()
        .find(|(_, text)| text.contains("Pasted text"))
        .unwrap_or_else(|| panic!("no assessment definition in {scripts:?}"));
    assert!(
        !definition.contains(['<', '>', '&']),
        "the JSON holds markup characters: {definition}"
    );
    let parsed: serde_json::Value = serde_json::from_str(definition).unwrap();
    let texts = parsed.to_string();
    assert!(texts.contains("<!--<script> & “quotes” > end"), "{texts}");
    assert!(texts.contains("after </script> in"), "{texts}");
    // Everything after the definition is still markup: the form and the page's footer.
    let after = &elements[*script_at..];
    for wanted in ["form", "fieldset", "footer"] {
        assert!(
            after.iter().any(|e| e == wanted),
            "no <{wanted}> after the definition: {after:?}"
        );
    }
}

/// The (line, message) of every error a check of fixture `case` reports, in line order.
fn errors_in(site: &fixture::Site, file: &str) -> Vec<(usize, String)> {
    let problems = site.errors();
    let mut errors: Vec<(usize, String)> = fixture::errors_of(&problems)
        .into_iter()
        .map(|d| {
            assert_eq!(d.path, std::path::Path::new(file), "{d}");
            (
                d.line.unwrap_or_else(|| panic!("no line: {d}")),
                d.message.clone(),
            )
        })
        .collect();
    errors.sort();
    errors
}

#[test]
fn links_and_images_with_script_addresses_are_errors_at_their_lines() {
    let site = fixture::copy("security-script-links");
    let errors = errors_in(&site, "content/_index.md");
    let lines: Vec<usize> = errors.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [6, 8, 10, 12, 14, 16, 18, 22, 22], "{errors:#?}");
    let schemes: Vec<&str> = errors
        .iter()
        .map(|(_, message)| {
            ["javascript:", "vbscript:", "data:"]
                .into_iter()
                .find(|s| message.contains(&format!("`{s}`")))
                .unwrap_or_else(|| panic!("no scheme named in: {message}"))
        })
        .collect();
    assert_eq!(schemes.iter().filter(|s| **s == "javascript:").count(), 7);
    assert_eq!(schemes[5], "vbscript:");
    assert_eq!(schemes[6], "data:");
}

#[test]
fn scripts_handlers_and_embeds_in_raw_html_are_errors_unless_the_site_allows_them() {
    let site = fixture::copy("security-active-html");
    let errors = errors_in(&site, "content/_index.md");
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|(line, message)| {
            let what = [
                "`<script>`",
                "`onerror=`",
                "`javascript:`",
                "`<iframe>`",
                "`<style>`",
            ]
            .into_iter()
            .find(|w| message.contains(w))
            .unwrap_or_else(|| panic!("unexpected error: {message}"));
            (*line, what)
        })
        .collect();
    assert_eq!(
        found,
        [
            (11, "`<script>`"),
            (13, "`onerror=`"),
            (16, "`javascript:`"),
            (19, "`<iframe>`"),
            (21, "`<style>`"),
            (23, "`<script>`"),
        ]
    );

    site.write(
        "config.yaml",
        "title: Trusted\nbase_url: http://127.0.0.1/toolkit/\nsearch:\n  enabled: false\n\
         offline:\n  enabled: false\nsecurity:\n  allow_unsafe_html: true\n",
    );
    site.build();
    let page = site.read("index.html");
    assert!(
        page.contains("<script>alert(1)</script>"),
        "raw HTML passes as written"
    );
    assert!(page.contains("<details>"));
}

#[test]
fn a_reading_url_with_a_script_address_is_an_error_at_its_line() {
    let site = fixture::copy("security-reading-url");
    let errors = errors_in(&site, "content/readings.md");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, 14);
    assert!(
        errors[0].1.contains("`bad`") && errors[0].1.contains("`javascript:`"),
        "{errors:#?}"
    );
}

#[test]
fn a_module_activitys_text_is_checked_like_a_page_body() {
    let site = fixture::copy("security-activity-text");
    let errors = errors_in(&site, "content/module-one.md");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, 15);
    assert!(
        errors[0].1.contains("\"Plan a meeting\"") && errors[0].1.contains("`javascript:`"),
        "{errors:#?}"
    );
    // The line comes from the YAML parse, so escaped quotes no longer hide the text's own line.
    assert_eq!(errors[1].0, 17);
    assert!(errors[1].1.contains("`<iframe>`"), "{errors:#?}");
}
