//! Every build-time assessment error, one fixture site per case under
//! `tests/fixtures/assessment-<case>/`: each must fail `partnerkit::check` with the file, the
//! line of the offending front matter and a message naming what is wrong.

use std::path::{Path, PathBuf};

/// The (line, message) of every diagnostic `partnerkit::check` reports for the fixture, after
/// asserting they all concern the fixture's one assessment page.
fn problems(case: &str) -> Vec<(Option<usize>, String)> {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/assessment-{case}"));
    let options = partnerkit::BuildOptions {
        root,
        output_dir: None,
        base_url: None,
        drafts: false,
    };
    let diagnostics = match partnerkit::check(&options) {
        Ok(_) => panic!("the fixture `{case}` should not pass the check"),
        Err(diagnostics) => diagnostics,
    };
    diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.path, PathBuf::from("content/broken.md"), "{case}: {d:?}");
            assert!(d.is_error(), "{case}: {d:?}");
            assert!(
                d.hint.is_some(),
                "{case}: every problem carries a hint: {d:?}"
            );
            (d.line, d.message.clone())
        })
        .collect()
}

fn expect(case: &str, expected: &[(usize, &str)]) {
    let expected: Vec<(Option<usize>, String)> = expected
        .iter()
        .map(|(line, message)| (Some(*line), message.to_string()))
        .collect();
    assert_eq!(problems(case), expected, "fixture {case}");
}

#[test]
fn unknown_scale_points_at_the_scale_line() {
    expect(
        "unknown-scale",
        &[(14, "the section `s1` uses the unknown scale `agremeent`")],
    );
}

#[test]
fn duplicate_item_id_points_at_the_second_declaration() {
    expect(
        "duplicate-id",
        &[(16, "the id `a` is used twice in this assessment")],
    );
}

#[test]
fn empty_section_points_at_the_section() {
    expect("empty-section", &[(16, "the section `s2` has no items")]);
}

#[test]
fn mixed_item_types_point_at_the_section() {
    expect("mixed-types", &[(12, "the section `s1` mixes check and scale items; a section's score needs one kind of answer")]);
}

#[test]
fn band_gap_points_at_the_band_after_the_gap() {
    expect(
        "band-gap",
        &[(18, "s1 bands: a gap between 2 and 2.5: no band covers it")],
    );
}

#[test]
fn band_overlap_points_at_the_overlapping_band() {
    expect(
        "band-overlap",
        &[(18, "s1 bands: `High` overlaps `Low` between 2 and 2.5")],
    );
}

#[test]
fn band_outside_the_scale_points_at_that_band() {
    expect(
        "band-out-of-range",
        &[
            (
                18,
                "s1 bands: `Too high` (2 to 5) lies outside the possible scores 1 to 3",
            ),
            (
                18,
                "s1 bands: the last band ends at 5, so scores up to 3 have no band",
            ),
        ],
    );
}

#[test]
fn choice_option_without_points_points_at_the_option() {
    // The label `Some` also starts the scale label `Somewhat` on line 9: the option's own line wins.
    expect(
        "choice-without-points",
        &[(20, "the option `Some` of item `a` has no points")],
    );
}

#[test]
fn reverse_on_a_check_item_points_at_the_item() {
    expect(
        "reverse-on-check",
        &[(
            15,
            "`reverse` only applies to scale items, but `a` is not one",
        )],
    );
}

#[test]
fn unknown_default_scale_points_at_its_line_once_and_its_sections_bands_say_nothing_more() {
    expect(
        "unknown-default-scale",
        &[(6, "default_scale `agremeent` is not one of the scales")],
    );
}

#[test]
fn scale_with_fewer_than_two_distinct_values_points_at_the_scale() {
    expect(
        "scale-too-small",
        &[
            (
                7,
                "the scale `agreement` needs at least two options with different values",
            ),
            (
                9,
                "the scale `other` needs at least two options with different values",
            ),
        ],
    );
}

#[test]
fn duplicate_section_id_and_its_problems_point_at_the_second_section() {
    expect(
        "duplicate-section-id",
        &[
            (11, "the section `s1` has no items"),
            (11, "the section id `s1` is used twice"),
        ],
    );
}

#[test]
fn choice_without_options_points_at_the_item() {
    expect(
        "choice-without-options",
        &[(10, "the choice item `a` has no options")],
    );
}

#[test]
fn scale_items_without_a_scale_point_at_the_section() {
    expect(
        "no-scale",
        &[(14, "the section `s1` has scale items but no scale")],
    );
}

#[test]
fn bands_on_a_notes_only_section_point_at_the_section() {
    expect(
        "bands-on-notes",
        &[(7, "the section `s1` has bands but nothing scored")],
    );
}

#[test]
fn overall_bands_without_a_shared_scale_point_at_the_bands() {
    expect(
        "overall-bands-mixed",
        &[(
            19,
            "overall bands need every scored section to use the same scale",
        )],
    );
}

#[test]
fn empty_band_points_at_that_band() {
    expect(
        "band-empty",
        &[(18, "s1 bands: `Middle` has min 2 not below max 2")],
    );
}

#[test]
fn bands_starting_above_the_lowest_score_point_at_the_first_band() {
    expect(
        "band-starts-late",
        &[(
            17,
            "s1 bands: the first band starts at 1.5, so scores from 1 have no band",
        )],
    );
}

#[test]
fn missing_version_points_at_the_front_matter() {
    expect(
        "missing-version",
        &[(2, "an assessment needs the field `version`")],
    );
}

#[test]
fn unknown_role_on_an_item_points_at_the_item() {
    expect(
        "unknown-role",
        &[(11, "unknown role id `leaderz`; did you mean `leaders`?")],
    );
}

#[test]
fn an_assessment_embedded_twice_on_a_page_points_at_the_second() {
    expect(
        "embedded-twice",
        &[(
            10,
            "the assessment `check` is already on this page (line 6)",
        )],
    );
}

#[test]
fn an_assessment_embedding_itself_points_at_the_shortcode() {
    expect(
        "embeds-itself",
        &[(
            19,
            "this page is the assessment `broken`, and shows its form already",
        )],
    );
}

#[test]
fn two_choice_options_with_one_value_point_at_the_second() {
    expect(
        "duplicate-option-value",
        &[(15, "the option `Coffee shop` of item `venue` has the value `café`, which is empty or used by another of its options")],
    );
}

#[test]
fn gates_and_weights_name_only_real_sections_items_and_bands() {
    expect(
        "bad-gates",
        &[
            (
                21,
                "a gate of the section `risk`: there is no scored question `nothing`",
            ),
            (25, "`weights` names `riks`, which is not a scored section"),
            (
                28,
                "a gate of the overall score caps it at `Stop`, which is not one of its bands",
            ),
            (28, "a gate of the overall score has no `reason`"),
            (
                28,
                "a gate of the overall score: the section `risk` has no band `Srious`",
            ),
        ],
    );
}

#[test]
fn a_register_naming_an_unknown_assessment_points_at_it_and_suggests_the_id() {
    expect(
        "register-unknown-assessment",
        &[(
            8,
            "unknown assessment id `how-well-are-we-partnerng`; did you mean `how-well-are-we-partnering`?",
        )],
    );
}

#[test]
fn a_register_opening_an_assessment_without_a_subject_points_at_it() {
    expect(
        "register-target-without-subject",
        &[(
            8,
            "the register's rows open records of the assessment `how-well-are-we-partnering`, which has no `subject:`, so its records are not about a partner",
        )],
    );
}

#[test]
fn a_register_question_column_must_be_one_of_its_columns() {
    expect(
        "register-bad-question-column",
        &[(
            9,
            "`question_column: questoin` is not one of the register's columns; did you mean `question`?",
        )],
    );
}

#[test]
fn a_register_question_column_needs_an_assessment() {
    expect(
        "register-question-column-alone",
        &[(
            8,
            "`question_column: question` needs `assessment:`, the assessment the questions come from",
        )],
    );
}
