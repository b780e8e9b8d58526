//! What editors write can never run as script in a reader's browser: text placed in a
//! `<script type="application/json">` element cannot end it, and links, images, reading URLs
//! and raw HTML that could run script are errors at file:line (unless `config.yaml` trusts
//! the content with `allow_unsafe_html`).

#[path = "support/fixture.rs"]
mod fixture;

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
