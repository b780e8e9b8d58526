//! What an editor reads when something is wrong: plain sentences (no Rust type names), the
//! mistakes that used to pass silently reported, template problems once at the template's own
//! file, and every problem of a build at once, in file and line order.

use crate::failing;

use failing::{case, errors, fails_cleanly, one_error};

fn page(front: &str, body: &str) -> String {
    format!("---\n{front}---\n{body}")
}

#[test]
fn a_word_for_a_number_says_what_to_write() {
    let site = case(&[(
        "content/guide/two.md",
        &page("title: Two\nweight: second\n", "Body.\n"),
    )]);
    let error = one_error(
        &site,
        "content/guide/two.md",
        Some(3),
        "`weight` must be a whole number, like 3",
    );
    assert!(error.message.contains("\"second\""), "{error}");
    fails_cleanly(&site, &["content/guide/two.md:3"]);
}

#[test]
fn a_number_too_large_is_said_in_words() {
    let site = case(&[(
        "content/guide/two.md",
        &page("title: Two\nweight: 99999999999999999999\n", ""),
    )]);
    one_error(&site, "content/guide/two.md", Some(3), "(too large)");
    fails_cleanly(&site, &["content/guide/two.md:3"]);
}

#[test]
fn front_matter_written_as_a_list_is_explained() {
    let site = case(&[("content/guide/two.md", &page("- title: Two\n", ""))]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(2),
        "must be `name: value` lines",
    );
    fails_cleanly(&site, &["content/guide/two.md:2"]);
}

#[test]
fn a_misspelt_choice_lists_the_choices_and_the_closest() {
    let readings = "---\nkind: readings\ntitle: Readings\nentries:\n  - id: smith-2020\n    title: Working together\n    type: boook\n---\n";
    let site = case(&[("content/readings.md", readings)]);
    let error = one_error(
        &site,
        "content/readings.md",
        Some(7),
        "`type` must be one of: book, article",
    );
    assert!(error.message.contains("did you mean `book`?"), "{error}");
    fails_cleanly(&site, &["content/readings.md:7"]);
}

#[test]
fn an_empty_title_is_an_error() {
    let site = case(&[(
        "content/guide/two.md",
        &page("title:   \nweight: 2\n", "Body.\n"),
    )]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(2),
        "the `title` is empty",
    );
    fails_cleanly(&site, &["content/guide/two.md:2"]);
}

#[test]
fn an_unknown_sort_order_names_the_closest() {
    let site = case(&[(
        "content/guide/_index.md",
        &page("title: Guide\nsort_by: titel\n", ""),
    )]);
    let error = one_error(
        &site,
        "content/guide/_index.md",
        Some(3),
        "`sort_by` must be one of: weight, title",
    );
    assert!(error.message.contains("did you mean `title`?"), "{error}");
}

#[test]
fn a_principles_field_on_a_plain_page_is_an_error() {
    let site = case(&[(
        "content/guide/two.md",
        &page("title: Two\nquestions:\n  - Why?\n", "Body.\n"),
    )]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(3),
        "`questions` belongs to principle pages, but this page is a plain page",
    );
    fails_cleanly(&site, &["content/guide/two.md:3"]);
}

#[test]
fn two_headings_with_one_explicit_id_is_an_error_at_the_second() {
    let body = "## Start {#begin}\n\nText.\n\n## Again {#begin}\n";
    let site = case(&[("content/guide/two.md", &page("title: Two\n", body))]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(8),
        "`{#begin}` is already used",
    );
    fails_cleanly(&site, &["content/guide/two.md:8"]);
}

#[test]
fn a_link_from_the_site_root_without_the_base_path_suggests_the_relative_link() {
    let body = "See [step one](/guide/one/).\n";
    let site = case(&[("content/guide/two.md", &page("title: Two\n", body))]);
    let error = one_error(
        &site,
        "content/guide/two.md",
        Some(4),
        "`/guide/one/` starts with `/`",
    );
    assert!(error.hint.unwrap().contains("`one.md`"));
    fails_cleanly(&site, &["content/guide/two.md:4"]);
}

#[test]
fn a_link_from_the_site_root_with_the_base_path_to_a_page_builds() {
    let body = "See [step one](/toolkit/guide/one/#getting-started) and [tags](/toolkit/tags/).\n";
    let site = case(&[("content/guide/two.md", &page("title: Two\n", body))]);
    site.build();
    assert!(site
        .read("guide/two/index.html")
        .contains("href=\"/toolkit/guide/one/#getting-started\""));
}

#[test]
fn a_link_from_the_site_root_to_a_missing_anchor_is_an_error() {
    let body = "See [step one](/toolkit/guide/one/#nowhere).\n";
    let site = case(&[("content/guide/two.md", &page("title: Two\n", body))]);
    one_error(&site, "content/guide/two.md", Some(4), "`#nowhere`");
}

#[test]
fn a_draft_section_keeps_its_pages_out_too() {
    let site = case(&[(
        "content/guide/_index.md",
        &page("title: Guide\ndraft: true\n", ""),
    )]);
    site.write("content/_index.md", page("title: Home\n", "Welcome.\n"));
    site.build();
    assert!(!site.exists("guide/index.html"));
    assert!(
        !site.exists("guide/one/index.html"),
        "a draft section's page was published"
    );
    assert!(!site.read("index.html").contains("Step one"));
}

#[test]
fn a_template_missing_a_variable_is_reported_once_at_the_template() {
    let template =
        "{% extends \"base.html\" %}\n{% block content %}{{ page.no_such_thing }}{% endblock %}\n";
    let site = case(&[("templates/page.html", template)]);
    let error = one_error(
        &site,
        "templates/page.html",
        Some(2),
        "`page.no_such_thing` not found",
    );
    assert!(error.hint.unwrap().contains("first met on content/"));
    fails_cleanly(&site, &["templates/page.html:2"]);
}

#[test]
fn a_theme_template_syntax_error_names_the_themes_file_and_line() {
    let config = "title: T\nbase_url: https://example.org/toolkit/\ntheme: plain\nsearch:\n  enabled: false\noffline:\n  enabled: false\nroles:\n  - id: leaders\n    title: Leaders\n";
    let site = case(&[
        ("config.yaml", config),
        (
            "themes/plain/templates/page.html",
            "<p>\n{{ page.title \n</p>\n",
        ),
        ("themes/plain/templates/shortcodes/cite.html", "({{ id }})"),
    ]);
    let error = one_error(
        &site,
        "themes/plain/templates/page.html",
        Some(3),
        "cannot be read",
    );
    assert!(error.col.is_some(), "{error}");
    fails_cleanly(&site, &["themes/plain/templates/page.html:3"]);
}

#[test]
fn a_page_naming_a_missing_template_is_told_at_the_page() {
    let site = case(&[(
        "content/guide/two.md",
        &page("title: Two\ntemplate: fancy.html\n", ""),
    )]);
    one_error(
        &site,
        "content/guide/two.md",
        None,
        "there is no template `fancy.html`",
    );
}

#[test]
fn problems_of_every_stage_are_reported_together_in_file_order() {
    let site = case(&[
        (
            "content/a.md",
            &page("title: A\nweight: first\n", "Fine.\n"),
        ),
        (
            "content/b.md",
            &page("title: B\n", "Read {{ cite(id=\"nobody-1999\") }}.\n"),
        ),
        (
            "content/c.md",
            &page("title: C\n", "Go [nowhere](missing.md).\n"),
        ),
    ]);
    let errors = errors(&site);
    let places: Vec<(String, Option<usize>)> = errors
        .iter()
        .map(|e| (e.path.display().to_string(), e.line))
        .collect();
    assert_eq!(
        places,
        [
            ("content/a.md".to_string(), Some(3)),
            ("content/b.md".to_string(), Some(4)),
            ("content/c.md".to_string(), Some(4)),
        ],
        "{errors:#?}"
    );
    let stderr = fails_cleanly(
        &site,
        &["content/a.md:3", "content/b.md:4", "content/c.md:4"],
    );
    assert!(stderr.contains("3 error(s)"), "{stderr}");
}

#[test]
fn a_broken_readings_page_does_not_make_every_citation_unknown() {
    let readings = "---\nkind: readings\ntitle: Readings\nentries:\n  - id: smith-2020\n    title: Working together\n    type: book\n    year: last year\n---\n";
    let site = case(&[("content/readings.md", readings)]);
    one_error(
        &site,
        "content/readings.md",
        Some(8),
        "`year` must be a whole number",
    );
}

#[test]
fn a_slug_too_long_for_the_file_system_is_refused_at_the_slug() {
    let slug = "a-very-long-address-".repeat(12);
    let front = format!("title: Two\nslug: {slug}\n");
    let site = case(&[("content/guide/two.md", &page(&front, ""))]);
    let error = one_error(&site, "content/guide/two.md", Some(3), "bytes long");
    assert!(!error.to_string().contains("config.yaml") && !error.to_string().contains("-build-"));
    fails_cleanly(&site, &["content/guide/two.md:3"]);
}

#[test]
fn a_config_error_does_not_hide_a_broken_link() {
    let config = "title: T\nbase_url: https://example.org/toolkit/\nlanguag: en\n";
    let body = "Go [nowhere](missing.md).\n";
    let site = case(&[
        ("config.yaml", config),
        ("content/guide/two.md", &page("title: Two\n", body)),
    ]);
    let places: Vec<String> = errors(&site).iter().map(|e| e.to_string()).collect();
    assert_eq!(places.len(), 2, "{places:#?}");
    assert!(places[0].starts_with("config.yaml:3:"), "{places:#?}");
    assert!(
        places[1].starts_with("content/guide/two.md:4:"),
        "{places:#?}"
    );
    fails_cleanly(&site, &["config.yaml:3", "content/guide/two.md:4"]);
}

/// `content/guide/two.md` with front matter `front` fails at `line` with `needle`, cleanly.
fn syntax_case(front: &str, line: usize, needle: &str) {
    let site = case(&[("content/guide/two.md", &page(front, "Body.\n"))]);
    one_error(&site, "content/guide/two.md", Some(line), needle);
    fails_cleanly(&site, &[&format!("content/guide/two.md:{line}")]);
}

#[test]
fn a_tab_used_for_indentation_is_named() {
    syntax_case(
        "title: A\n\tweight: 2\n",
        2,
        "line 3 is indented with a tab",
    );
}

#[test]
fn an_unclosed_list_points_at_its_bracket() {
    syntax_case("title: A\ntags: [one, two\n", 3, "never closed with `]`");
}

#[test]
fn a_colon_inside_a_value_says_to_quote_it() {
    syntax_case("title: Partners: why\n", 2, "put the value in quotes");
}

#[test]
fn a_value_starting_with_a_backtick_says_to_quote_it() {
    syntax_case(
        "title: `code` first\n",
        2,
        "cannot start with this character",
    );
}

#[test]
fn yes_for_a_switch_says_true_or_false() {
    syntax_case(
        "title: A\ndraft: yes\n",
        3,
        "`draft` must be `true` or `false`, not \"yes\"",
    );
}

#[test]
fn a_single_word_for_a_list_says_to_write_a_list() {
    syntax_case(
        "title: A\ntags: planning\n",
        3,
        "`tags` must be a list, one `- ` line per entry",
    );
}

#[test]
fn a_misspelt_kind_names_the_closest() {
    syntax_case(
        "title: A\nkind: pirnciple\n",
        3,
        "unknown kind `pirnciple`; did you mean `principle`?",
    );
}

#[test]
fn a_number_below_zero_for_a_module_number_says_so() {
    syntax_case(
        "title: A\nkind: module\nmodule: -1\n",
        4,
        "`module` must be a whole number of 0 or more",
    );
}

#[test]
fn a_broken_link_does_not_hide_a_missing_anchor_on_another_page() {
    let site = case(&[
        (
            "content/a.md",
            &page("title: A\n", "Go [nowhere](missing.md).\n"),
        ),
        (
            "content/b.md",
            &page("title: B\n", "See [it](guide/one.md#no-such-part).\n"),
        ),
    ]);
    let places: Vec<String> = errors(&site).iter().map(|e| e.to_string()).collect();
    assert_eq!(places.len(), 2, "{places:#?}");
    assert!(places[0].starts_with("content/a.md:4:"), "{places:#?}");
    assert!(
        places[1].starts_with("content/b.md:4:") && places[1].contains("#no-such-part"),
        "{places:#?}"
    );
    fails_cleanly(&site, &["content/a.md:4", "content/b.md:4"]);
}
