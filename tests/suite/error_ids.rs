//! Ids become addresses (`roles/<id>/`), anchors and saved-answer keys, so they must be slugs:
//! lowercase letters (any script), digits and hyphens. Anything else, above all `../x`, is an
//! error at its line, and nothing is written anywhere.

use crate::failing;

use failing::{case, fails_cleanly, one_error};

const CONFIG_HEAD: &str = "title: T\nbase_url: https://example.org/toolkit/\nsearch:\n  enabled: false\noffline:\n  enabled: false\nroles:\n  - id: leaders\n    title: Leaders\n  - id: frontline\n    title: Frontline\n";

#[test]
fn a_role_id_climbing_out_of_the_output_is_refused_and_nothing_is_written_outside() {
    let config = format!("{CONFIG_HEAD}  - id: ../../escaped\n    title: Out\n");
    let site = case(&[("config.yaml", &config)]);
    let error = one_error(
        &site,
        "config.yaml",
        Some(12),
        "`../../escaped` is not a valid id",
    );
    assert!(error.hint.unwrap().contains("`escaped`"));
    fails_cleanly(&site, &["config.yaml:12"]);
    let outside = site.out.parent().unwrap().join("escaped");
    assert!(!outside.exists() && !site.root.join("escaped").exists());
}

#[test]
fn a_role_id_in_capitals_suggests_its_slug() {
    let config = format!("{CONFIG_HEAD}  - id: Field Staff\n    title: Field staff\n");
    let site = case(&[("config.yaml", &config)]);
    let error = one_error(
        &site,
        "config.yaml",
        Some(12),
        "`Field Staff` is not a valid id",
    );
    assert!(error.hint.unwrap().contains("`field-staff`"));
}

#[test]
fn an_assessment_id_with_a_path_in_it_is_refused() {
    let page = "---\nkind: assessment\ntitle: Check\nid: ../evil\nversion: 1\nscales:\n  agree:\n    - {value: 1, label: No}\n    - {value: 2, label: Yes}\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: scale, text: A}\n---\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(4),
        "`../evil` is not a valid id",
    );
    fails_cleanly(&site, &["content/guide/two.md:4"]);
}

#[test]
fn a_reading_id_with_a_space_is_refused() {
    let readings = "---\nkind: readings\ntitle: Readings\nentries:\n  - id: smith-2020\n    title: Working together\n    type: book\n  - id: lee 2019\n    title: Other\n    type: book\n---\n";
    let site = case(&[("content/readings.md", readings)]);
    one_error(
        &site,
        "content/readings.md",
        Some(8),
        "`lee 2019` is not a valid id",
    );
}

#[test]
fn a_competency_id_with_an_underscore_is_refused() {
    let page = "---\nkind: competencies\ntitle: Competencies\ncompetencies:\n  - id: listen_well\n    name: Listens\n---\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(5),
        "`listen_well` is not a valid id",
    );
}

#[test]
fn a_tag_with_no_letter_or_digit_is_refused() {
    let page = "---\ntitle: Step two\ntags:\n  - planning\n  - \"!!!\"\n---\nBody.\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(5),
        "`!!!` has no letter or digit",
    );
}

#[test]
fn two_tags_with_one_address_name_each_other() {
    let page = "---\ntitle: Step two\ntags: [Planning]\n---\nBody.\n";
    let site = case(&[("content/guide/two.md", page)]);
    let error = one_error(&site, "content/guide/two.md", Some(3), "`tags/planning/`");
    assert!(error.message.contains("content/guide/one.md"), "{error}");
    fails_cleanly(&site, &["content/guide/two.md:3"]);
}

#[test]
fn ids_in_other_scripts_are_slugs_and_build() {
    let config = format!("{CONFIG_HEAD}  - id: café-équipe\n    title: Équipe\n  - id: руководители\n    title: Руководители\n");
    let page = "---\ntitle: Step two\nroles: [café-équipe, руководители]\n---\nBody.\n";
    let site = case(&[("config.yaml", &config), ("content/guide/two.md", page)]);
    site.build();
    assert!(site.exists("roles/café-équipe/index.html"));
    assert!(site.exists("roles/руководители/index.html"));
}
