//! Real-world text: accents, curly quotes, dashes, emoji, other scripts, CRLF, BOMs, NULs,
//! pasted Word text, non-ASCII link texts, file names and shortcode arguments. Each fixture
//! builds through the binary without a panic and its text reaches the page; each bad one fails
//! with its file, line and column, leaving a previous build untouched.

use crate::failing_build;
use crate::fixture;

use failing_build::{builds, fails_cleanly};
use fixture::{only_error, Site};

/// Builds fixture `case` with the binary and returns the page `content/page.md` became.
fn built_page(case: &str) -> (Site, String) {
    let site = fixture::copy(case);
    builds(&site);
    let page = site.read("page/index.html");
    (site, page)
}

/// Asserts `html` holds each of `texts`.
fn assert_has(html: &str, texts: &[&str]) {
    for text in texts {
        assert!(html.contains(text), "`{text}` missing from:\n{html}");
    }
}

#[test]
fn accented_letters() {
    let (_, page) = built_page("uni_accents");
    assert_has(
        &page,
        &[
            "Crème brûlée",
            "A café in São Paulo; naïve façade, Ærøskøbing, Łódź.",
        ],
    );
}

#[test]
fn curly_quotes_in_title_and_body() {
    let (_, page) = built_page("uni_curly_quotes");
    assert_has(
        &page,
        &[
            "“Partners” and ‘allies’",
            "She said “it’s ours” and ‘we’ll see’.",
        ],
    );
}

#[test]
fn em_and_en_dashes() {
    let (_, page) = built_page("uni_dashes");
    assert_has(
        &page,
        &["Before — after", "Pages 10–12 — a pause – and on."],
    );
}

#[test]
fn emoji_with_zero_width_joiners_and_skin_tones() {
    let (_, page) = built_page("uni_emoji_zwj");
    assert_has(
        &page,
        &["Families 👩‍👩‍👧", "👩‍👩‍👧‍👦, a flag 🏳️‍🌈, a skin tone 👋🏽 and 🤝."],
    );
}

#[test]
fn arabic_chinese_and_devanagari() {
    let (_, page) = built_page("uni_scripts");
    assert_has(
        &page,
        &[
            "مرحبا 你好 नमस्ते",
            "社会工作",
            "العمل الاجتماعي — सामाजिक कार्य",
        ],
    );
}

#[test]
fn crlf_line_ends() {
    let (_, page) = built_page("uni_crlf");
    assert_has(
        &page,
        &[
            "Windows “line” ends",
            "First line — café.",
            "<p>Second paragraph.</p>",
        ],
    );
}

#[test]
fn byte_order_mark_before_the_front_matter() {
    let (_, page) = built_page("uni_bom");
    assert_has(&page, &["Saved with a BOM", "Café body."]);
}

#[test]
fn non_ascii_link_texts_and_anchors() {
    let (_, page) = built_page("uni_link_text");
    assert_has(
        &page,
        &["the “café” guide — ✓</a>", "中文</a>", "/toolkit/other/"],
    );
}

#[test]
fn non_ascii_file_names_are_pages_and_link_targets() {
    let site = fixture::copy("uni_file_name");
    builds(&site);
    let page = site.read("page/index.html");
    let target = fixture::links(&page)
        .into_iter()
        .find(|href| href.contains("caf"))
        .unwrap_or_else(|| panic!("no link to the accented page in:\n{page}"));
    // An address is percent-encoded in HTML (`caf%C3%A9-…`); the server decodes it to the
    // folder's name, as a browser's request would be.
    let path = percent_encoding::percent_decode_str(target.trim_start_matches("/toolkit/"))
        .decode_utf8()
        .expect("the address decodes to UTF-8")
        .into_owned();
    assert!(site
        .read(&format!("{path}index.html"))
        .contains("Accented file name"));
}

#[test]
fn non_ascii_shortcode_arguments() {
    let (_, page) = built_page("uni_shortcode_args");
    assert_has(
        &page,
        &[
            r#"<aside class="box">Été — “ok” 🎉 مرحبا</aside>"#,
            "Before 👩‍👩‍👧",
        ],
    );
}

#[test]
fn shortcodes_shown_in_code_are_not_run_even_when_unfinished() {
    let (_, page) = built_page("uni_shortcodes_in_code");
    assert_has(
        &page,
        &[
            r#"<code>{{ cite(id="x"</code>"#,
            "<code>{{ box( </code>",
            r#"<pre><code>{{ cite(id="indented""#,
            "{{ cite(id=\"fenced\"\n{% note() %}",
            "{% end %}",
        ],
    );
}

#[test]
fn body_form_renders_its_markdown_with_links_resolved() {
    let (_, page) = built_page("uni_body_form");
    assert_has(
        &page,
        &[
            r#"<aside class="note note--tip"><p>A <strong>café</strong> tip — see <a href="/toolkit/other/">the other page</a>.</p>"#,
            "<p>After.</p>",
        ],
    );
    assert!(!page.contains("{% end %}"), "{page}");
}

#[test]
fn combining_accents_are_kept_as_typed() {
    let (_, page) = built_page("uni_decomposed");
    assert_has(&page, &["Cafe\u{301} and re\u{301}sume\u{301}"]);
}

#[test]
fn text_pasted_from_word() {
    let (_, page) = built_page("uni_word_paste");
    assert_has(&page, &["Non\u{a0}breaking, soft\u{ad}hyphen, zero\u{200b}width, ellipsis… • bullet, ½ fraction, ™, «guillemets», „low“."]);
}

#[test]
fn a_nul_in_a_body_is_replaced_not_published() {
    let (_, page) = built_page("uni_nul_in_body");
    assert!(!page.contains('\0'));
    assert_has(&page, &["Before\u{fffd}after."]);
}

#[test]
fn unclosed_shortcode_is_an_error_not_text() {
    let site = fixture::copy("err_shortcode_unclosed");
    let problems = site.errors();
    let error = only_error(&problems);
    fixture::assert_at(error, "content/page.md", 6, "not closed");
    assert_eq!(error.col, Some(15));
    fails_cleanly(&site, "content/page.md:6:15");
}

/// Columns count characters (a ZWJ family emoji is five), as `line:col` has always done here.
#[test]
fn unclosed_shortcode_after_unicode_counts_columns_in_characters() {
    let site = fixture::copy("err_shortcode_unclosed_unicode");
    fails_cleanly(&site, "content/page.md:4:22");
}

#[test]
fn typographic_quotes_around_a_shortcode_argument() {
    let site = fixture::copy("err_shortcode_curly_quotes");
    let stderr = fails_cleanly(&site, "content/page.md:5:1");
    assert!(stderr.contains("straight quotes"), "{stderr}");
}

#[test]
fn body_form_without_end() {
    let stderr = fails_cleanly(
        &fixture::copy("err_body_form_no_end"),
        "content/page.md:6:1",
    );
    assert!(stderr.contains("has no `{% end %}`"), "{stderr}");
}

#[test]
fn end_without_a_body_form() {
    let stderr = fails_cleanly(
        &fixture::copy("err_body_form_stray_end"),
        "content/page.md:5:1",
    );
    assert!(stderr.contains("closes no shortcode"), "{stderr}");
}

#[test]
fn body_forms_do_not_nest() {
    let stderr = fails_cleanly(
        &fixture::copy("err_body_form_nested"),
        "content/page.md:6:1",
    );
    assert!(stderr.contains("inside another shortcode"), "{stderr}");
}

#[test]
fn a_nul_in_front_matter_is_located() {
    fails_cleanly(
        &fixture::copy("err_nul_in_front_matter"),
        "content/page.md:2",
    );
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let stderr = fails_cleanly(&fixture::copy("err_utf16"), "content/page.md:1");
    assert!(stderr.contains("UTF-16"), "{stderr}");
}

#[test]
fn a_missing_link_target_with_unicode_text_is_located() {
    let stderr = fails_cleanly(
        &fixture::copy("err_link_text_unicode_missing_page"),
        "content/page.md:6",
    );
    assert!(stderr.contains("nowhere-é.md"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_file_name_not_in_utf8_is_shown_with_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let site = fixture::copy("err_non_utf8_name");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(
        site.root.join("content").join(name),
        "---\ntitle: Latin-1 name\n---\nBody.\n",
    )
    .unwrap();
    let stderr = fails_cleanly(&site, r"content/caf\xE9.md");
    assert!(!stderr.contains('\u{fffd}'), "{stderr}");
    assert!(stderr.contains("rename the file"), "{stderr}");
}
