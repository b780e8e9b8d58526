//! Problems found after the YAML is parsed (an id used twice, an id nobody declared) are
//! reported at the line that has to change: the second of two duplicates, the very list entry
//! that is wrong, never a line that merely contains the same word.

use crate::failing;

use failing::{case, fails_cleanly, one_error};

#[test]
fn a_front_matter_key_written_twice_is_reported_at_the_second() {
    let site = case(&[(
        "content/guide/two.md",
        "---\ntitle: Step two\nweight: 2\ntitle: Step 2\n---\nBody.\n",
    )]);
    let error = one_error(
        &site,
        "content/guide/two.md",
        Some(4),
        "`title` is written twice",
    );
    assert_eq!(error.col, Some(1));
    fails_cleanly(&site, &["content/guide/two.md:4"]);
}

#[test]
fn a_key_written_twice_in_a_crlf_file_is_reported_at_the_second() {
    let site = case(&[(
        "content/guide/two.md",
        "---\r\ntitle: Step two\r\nweight: 2\r\nweight: 3\r\n---\r\nBody.\r\n",
    )]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(4),
        "`weight` is written twice",
    );
}

#[test]
fn a_role_id_declared_twice_is_reported_at_the_second() {
    let config = "title: T\nbase_url: https://example.org/toolkit/\nroles:\n  - id: leaders\n    title: A\n  - id: leaders\n    title: B\n  - id: frontline\n    title: C\n";
    let site = case(&[("config.yaml", config)]);
    one_error(&site, "config.yaml", Some(6), "`leaders` is declared twice");
    fails_cleanly(&site, &["config.yaml:6"]);
}

#[test]
fn a_reading_id_defined_twice_on_one_page_is_reported_at_the_second() {
    let readings = "---\nkind: readings\ntitle: Readings\nentries:\n  - id: smith-2020\n    title: Working together\n    type: book\n  - id: smith-2020\n    title: Again\n    type: book\n---\n";
    let site = case(&[("content/readings.md", readings)]);
    one_error(&site, "content/readings.md", Some(8), "`smith-2020`");
    fails_cleanly(&site, &["content/readings.md:8"]);
}

#[test]
fn an_unknown_role_is_reported_at_its_list_entry_not_at_the_title_holding_the_word() {
    let page = "---\ntitle: For leader training\nroles:\n  - leaders\n  - leader\n---\nBody.\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(5),
        "unknown role id `leader`",
    );
    fails_cleanly(&site, &["content/guide/two.md:5"]);
}

#[test]
fn an_unknown_reading_in_a_module_activity_is_reported_at_its_entry() {
    let module = "---\nkind: module\ntitle: Module\nmodule: 1\nactivities:\n  - title: Talk\n    readings: [smith-2020]\n  - title: Read\n    readings:\n      - smith-2020\n      - smith-2021\n---\n";
    let site = case(&[("content/guide/two.md", module)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(11),
        "unknown reading id `smith-2021`",
    );
    fails_cleanly(&site, &["content/guide/two.md:11"]);
}

#[test]
fn an_unknown_role_of_a_competency_is_reported_at_its_entry() {
    let page = "---\nkind: competencies\ntitle: Competencies\ncompetencies:\n  - id: listen\n    name: Listens\n    roles: [leaders]\n  - id: plan\n    name: Plans\n    roles: [frontline, managers]\n---\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(10),
        "unknown role id `managers`",
    );
}

#[test]
fn a_competency_id_used_twice_is_reported_at_the_second() {
    let page = "---\nkind: competencies\ntitle: Competencies\ncompetencies:\n  - id: listen\n    name: Listens\n  - id: listen\n    name: Listens again\n---\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(7),
        "`listen` is used twice",
    );
}

#[test]
fn an_unknown_role_of_an_assessment_item_is_reported_at_its_entry() {
    let page = "---\nkind: assessment\ntitle: Check\nid: check\nversion: 1\nscales:\n  agree:\n    - {value: 1, label: No}\n    - {value: 2, label: Yes}\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: scale, text: A, roles: [leaders]}\n      - {id: b, type: scale, text: B, roles: [frontline, staff]}\n---\n";
    let site = case(&[("content/guide/two.md", page)]);
    one_error(
        &site,
        "content/guide/two.md",
        Some(15),
        "unknown role id `staff`",
    );
}

#[test]
fn an_uncited_reading_warning_points_at_its_own_entry() {
    let readings = "---\nkind: readings\ntitle: Readings\nentries:\n  - id: smith-2020\n    title: Working together\n    type: book\n  - id: lee-2019\n    title: Not cited, though smith-2020 is\n    type: book\n---\n";
    let site = case(&[("content/readings.md", readings)]);
    let report = partnerkit::check(&site.options()).expect("warnings do not fail the build");
    let warning = report.warnings.iter().next().expect("one warning");
    assert_eq!(warning.line, Some(8), "{warning}");
    assert!(warning.message.contains("`lee-2019`"), "{warning}");
}
