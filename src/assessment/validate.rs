//! Build-time checks of an assessment definition: scales, ids, sections and score bands.
//!
//! An assessment that builds is one the browser can always score: every section has a known
//! scale or a single scored item type, and its bands cover every possible score exactly once.

use super::locate::key_value_line;
use super::model::{Assessment, Band, ItemType, SectionDef};
use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};

/// Every problem with `assessment`, located in its page's front matter.
pub fn check(assessment: &Assessment, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let locate = |needle: &str, nth: usize| find_nth_line(origin, needle, nth);
    let error = |message: String, line: Option<usize>, hint: &str| {
        Diagnostic::error(origin.path, message)
            .at_line(line)
            .hint(hint)
    };
    if let Some(name) = &assessment.default_scale {
        if !assessment.scales.contains_key(name) {
            problems.push(error(
                format!("default_scale `{name}` is not one of the scales"),
                locate("default_scale", 0),
                "name a scale defined under `scales:`",
            ));
        }
    }
    for (name, scale) in &assessment.scales {
        let values: BTreeSet<i64> = scale.iter().map(|o| o.value).collect();
        if scale.len() < 2 || values.len() != scale.len() {
            problems.push(error(
                format!("the scale `{name}` needs at least two options with different values"),
                locate(&format!("{name}:"), 0),
                "list each option as {value: 1, label: ...}",
            ));
        }
    }
    // How often each id has been declared so far, sections and items alike.
    let mut seen = BTreeMap::new();
    for section in &assessment.sections {
        let nth = count_id(&mut seen, &section.id);
        if nth > 0 {
            problems.push(error(
                format!("the section id `{}` is used twice", section.id),
                key_value_line(origin, "id", &section.id, nth, None),
                "give each section its own id",
            ));
        }
        problems.extend(check_section(assessment, section, origin, &mut seen));
    }
    problems.extend(check_overall_bands(assessment, origin));
    problems
}

fn check_section(
    assessment: &Assessment,
    section: &SectionDef,
    origin: &Origin<'_>,
    seen_ids: &mut BTreeMap<String, usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let section_line = key_value_line(origin, "id", &section.id, 0, None);
    let error = |message: String, line: Option<usize>, hint: &str| {
        Diagnostic::error(origin.path, message)
            .at_line(line)
            .hint(hint)
    };
    if section.items.is_empty() {
        problems.push(error(
            format!("the section `{}` has no items", section.id),
            section_line,
            "add items to the section, or remove it",
        ));
    }
    let scored: BTreeSet<&str> = section
        .items
        .iter()
        .filter(|i| i.item_type != ItemType::Text)
        .map(|i| type_name(i.item_type))
        .collect();
    if scored.len() > 1 {
        problems.push(error(
            format!(
                "the section `{}` mixes {} items; a section's score needs one kind of answer",
                section.id,
                scored.into_iter().collect::<Vec<_>>().join(" and ")
            ),
            section_line,
            "split the items into one section per kind of answer",
        ));
    }
    for item in &section.items {
        let nth = count_id(seen_ids, &item.id);
        if nth > 0 {
            problems.push(error(
                format!("the id `{}` is used twice in this assessment", item.id),
                key_value_line(origin, "id", &item.id, nth, None),
                "give each item its own id",
            ));
        }
        let line = key_value_line(origin, "id", &item.id, 0, section_line);
        if item.item_type == ItemType::Choice {
            if item.options.is_empty() {
                problems.push(error(
                    format!("the choice item `{}` has no options", item.id),
                    line,
                    "list its options, each as {label: ..., points: N}",
                ));
            }
            for option in item.options.iter().filter(|o| o.points.is_none()) {
                problems.push(error(
                    format!(
                        "the option `{}` of item `{}` has no points",
                        option.label, item.id
                    ),
                    key_value_line(origin, "label", &option.label, 0, line).or(line),
                    "give every choice option its `points`",
                ));
            }
        }
        if item.reverse && item.item_type != ItemType::Scale {
            problems.push(error(
                format!(
                    "`reverse` only applies to scale items, but `{}` is not one",
                    item.id
                ),
                line,
                "remove `reverse: true`, or make the item `type: scale`",
            ));
        }
    }
    if Assessment::section_type(section) == Some(ItemType::Scale) {
        match assessment.section_scale_name(section) {
            None => problems.push(error(
                format!("the section `{}` has scale items but no scale", section.id),
                section_line,
                "add `scale: NAME` to the section, or `default_scale: NAME` to the assessment",
            )),
            // A section without its own `scale` uses default_scale, which is checked once above.
            Some(name) if section.scale.is_some() && !assessment.scales.contains_key(name) => {
                problems.push(error(
                    format!(
                        "the section `{}` uses the unknown scale `{name}`",
                        section.id
                    ),
                    key_value_line(origin, "scale", name, 0, section_line).or(section_line),
                    "name a scale defined under `scales:`",
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(range) = section_range(assessment, section) {
        problems.extend(check_bands(
            &section.bands,
            range,
            origin,
            (&section.id, section_line),
        ));
    } else if !section.bands.is_empty() {
        problems.push(error(
            format!("the section `{}` has bands but nothing scored", section.id),
            section_line,
            "remove the bands, or add scored items",
        ));
    }
    problems
}

/// The lowest and highest score a section can have, when it has scored items.
pub fn section_range(assessment: &Assessment, section: &SectionDef) -> Option<(f64, f64)> {
    match Assessment::section_type(section)? {
        ItemType::Scale => {
            let scale = assessment
                .scales
                .get(assessment.section_scale_name(section)?)?;
            let values = scale.iter().map(|o| o.value as f64);
            Some((
                values.clone().fold(f64::MAX, f64::min),
                values.fold(f64::MIN, f64::max),
            ))
        }
        ItemType::Check => Some((0.0, 1.0)),
        ItemType::Choice => {
            let points: Vec<f64> = section
                .items
                .iter()
                .flat_map(|i| i.options.iter().filter_map(|o| o.points))
                .collect();
            let low = points.iter().copied().fold(f64::MAX, f64::min);
            let high = points.iter().copied().fold(f64::MIN, f64::max);
            (!points.is_empty()).then_some((low, high))
        }
        ItemType::Text => None,
    }
}

/// The one scale all scored sections share, which the overall score needs.
pub fn shared_scale(assessment: &Assessment) -> Option<&str> {
    let mut names = assessment
        .sections
        .iter()
        .filter(|s| Assessment::section_type(s).is_some())
        .map(|s| match Assessment::section_type(s) {
            Some(ItemType::Scale) => assessment.section_scale_name(s),
            _ => None,
        });
    let first = names.next()??;
    names.all(|n| n == Some(first)).then_some(first)
}

fn check_overall_bands(assessment: &Assessment, origin: &Origin<'_>) -> Vec<Diagnostic> {
    if assessment.bands.is_empty() {
        return Vec::new();
    }
    let scale = shared_scale(assessment).and_then(|name| assessment.scales.get(name));
    let Some(scale) = scale else {
        return vec![Diagnostic::error(
            origin.path,
            "overall bands need every scored section to use the same scale",
        )
        .at_line(crate::yaml::key_line(
            origin.yaml,
            "bands",
            origin.yaml_line,
        ))
        .hint("remove the overall `bands`, or put them on the sections instead")];
    };
    let low = scale
        .iter()
        .map(|o| o.value as f64)
        .fold(f64::MAX, f64::min);
    let high = scale
        .iter()
        .map(|o| o.value as f64)
        .fold(f64::MIN, f64::max);
    let bands_line = crate::yaml::key_line(origin.yaml, "bands", origin.yaml_line);
    check_bands(
        &assessment.bands,
        (low, high),
        origin,
        ("overall", bands_line),
    )
}

/// Bands must run in order from the lowest to the highest score, each starting where the last
/// one ended. `owner` names the section (or "overall") and the line the bands follow.
fn check_bands(
    bands: &[Band],
    (low, high): (f64, f64),
    origin: &Origin<'_>,
    (owner, owner_line): (&str, Option<usize>),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(first) = bands.first() else {
        return problems;
    };
    let line =
        |band: &Band| key_value_line(origin, "label", &band.label, 0, owner_line).or(owner_line);
    let error = |band: &Band, message: String| {
        Diagnostic::error(origin.path, format!("{owner} bands: {message}"))
            .at_line(line(band))
            .hint(format!(
                "bands must run from {low} to {high}, each `min` equal to the previous `max`"
            ))
    };
    for band in bands {
        if band.min >= band.max {
            problems.push(error(
                band,
                format!(
                    "`{}` has min {} not below max {}",
                    band.label, band.min, band.max
                ),
            ));
        }
        if band.min < low || band.max > high {
            problems.push(error(
                band,
                format!(
                    "`{}` ({} to {}) lies outside the possible scores {low} to {high}",
                    band.label, band.min, band.max
                ),
            ));
        }
    }
    if first.min != low {
        problems.push(error(
            first,
            format!(
                "the first band starts at {}, so scores from {low} have no band",
                first.min
            ),
        ));
    }
    let last = &bands[bands.len() - 1];
    if last.max != high {
        problems.push(error(
            last,
            format!(
                "the last band ends at {}, so scores up to {high} have no band",
                last.max
            ),
        ));
    }
    for pair in bands.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if after.min > before.max {
            problems.push(error(
                after,
                format!(
                    "a gap between {} and {}: no band covers it",
                    before.max, after.min
                ),
            ));
        } else if after.min < before.max {
            problems.push(error(
                after,
                format!(
                    "`{}` overlaps `{}` between {} and {}",
                    after.label, before.label, after.min, before.max
                ),
            ));
        }
    }
    problems
}

/// Counts one more declaration of `id`; returns how many came before it.
fn count_id(seen: &mut BTreeMap<String, usize>, id: &str) -> usize {
    let count = seen.entry(id.to_string()).or_insert(0);
    *count += 1;
    *count - 1
}

fn type_name(t: ItemType) -> &'static str {
    match t {
        ItemType::Scale => "scale",
        ItemType::Check => "check",
        ItemType::Choice => "choice",
        ItemType::Text => "text",
    }
}

/// The file line of the `nth` (0-based) front matter line containing `needle`.
fn find_nth_line(origin: &Origin<'_>, needle: &str, nth: usize) -> Option<usize> {
    origin
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .nth(nth)
        .map(|(index, _)| origin.yaml_line + index)
}
