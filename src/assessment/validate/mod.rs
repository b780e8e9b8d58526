//! Build-time checks of an assessment definition: scales, ids, sections and score bands.
//!
//! An assessment that builds is one the browser can always score: every section has a known
//! scale or a single scored item type, and its bands cover every possible score exactly once.

mod bands;
mod gates;

use super::model::{Assessment, ItemDef, ItemType, SectionDef};
use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;
use bands::check_bands;
use std::collections::{BTreeMap, BTreeSet};

/// Every problem with `assessment`, located in its page's front matter.
pub fn check(assessment: &Assessment, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let error = |message: String, line: Option<usize>, hint: &str| {
        Diagnostic::error(origin.path, message)
            .at_line(line)
            .hint(hint)
    };
    if let Some(name) = &assessment.default_scale {
        if !assessment.scales.contains_key(name) {
            problems.push(error(
                format!("default_scale `{name}` is not one of the scales"),
                origin.line_of("default_scale"),
                "name a scale defined under `scales:`",
            ));
        }
    }
    for (name, scale) in &assessment.scales {
        problems.extend(check_scale(name, scale, origin));
    }
    // How often each id has been declared so far, sections and items alike.
    let mut seen = BTreeMap::new();
    for (index, section) in assessment.sections.iter().enumerate() {
        let path = format!("sections[{index}]");
        if count_id(&mut seen, &section.id) > 0 {
            problems.push(error(
                format!("the section id `{}` is used twice", section.id),
                origin.line_of(&format!("{path}.id")),
                "give each section its own id",
            ));
        }
        problems.extend(check_section(assessment, section, origin, path, &mut seen));
    }
    problems.extend(check_overall_bands(assessment, origin));
    problems.extend(gates::check(assessment, origin));
    problems
}

/// A scale needs two or more scored options with different values, and may end with one
/// "not applicable / don't know" option (`na: true`), which has no value.
fn check_scale(name: &str, scale: &super::model::Scale, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let line = origin.line_of(&format!("scales.{name}"));
    let error = |message: String, hint: &str| {
        Diagnostic::error(origin.path, message)
            .at_line(line)
            .hint(hint)
    };
    let scored: Vec<i64> = scale
        .iter()
        .filter(|o| !o.na)
        .filter_map(|o| o.value)
        .collect();
    let values: BTreeSet<i64> = scored.iter().copied().collect();
    let mut problems = Vec::new();
    if scored.len() < 2 || values.len() != scored.len() {
        problems.push(error(
            format!("the scale `{name}` needs at least two options with different values"),
            "list each option as {value: 1, label: ...}",
        ));
    }
    for option in scale.iter().filter(|o| o.na == o.value.is_some()) {
        problems.push(error(
            format!(
                "the option `{}` of the scale `{name}` needs a `value`, or `na: true` without one",
                option.label
            ),
            "give scored options a `value`; a \"not applicable\" option has `na: true` and no value",
        ));
    }
    if scale.iter().filter(|o| o.na).count() > 1 {
        problems.push(error(
            format!("the scale `{name}` has more than one `na: true` option"),
            "keep one \"not applicable / don't know\" option",
        ));
    }
    problems
}

/// One section under check: where its problems are reported, its path in the front matter
/// (`sections[2]`), and the line of its `id`, which section-wide problems point at.
struct SectionSite<'a> {
    assessment: &'a Assessment,
    section: &'a SectionDef,
    origin: &'a Origin<'a>,
    path: String,
    line: Option<usize>,
}

impl SectionSite<'_> {
    /// A problem in this section's page, at `line`.
    fn error(&self, message: String, line: Option<usize>, hint: &str) -> Diagnostic {
        Diagnostic::error(self.origin.path, message)
            .at_line(line)
            .hint(hint)
    }
}

/// Every problem with one section (at `path`) and its items; `seen_ids` counts the ids
/// declared so far.
fn check_section(
    assessment: &Assessment,
    section: &SectionDef,
    origin: &Origin<'_>,
    path: String,
    seen_ids: &mut BTreeMap<String, usize>,
) -> Vec<Diagnostic> {
    let site = SectionSite {
        assessment,
        section,
        origin,
        line: origin.line_of(&format!("{path}.id")),
        path,
    };
    let mut problems = Vec::new();
    problems.extend(check_has_items(&site));
    problems.extend(check_one_answer_kind(&site));
    for (index, item) in section.items.iter().enumerate() {
        let path = format!("{}.items[{index}]", site.path);
        problems.extend(check_item(&site, item, &path, seen_ids));
    }
    problems.extend(check_section_scale(&site));
    problems.extend(check_section_bands(&site));
    problems
}

/// A section needs at least one item.
fn check_has_items(site: &SectionSite<'_>) -> Option<Diagnostic> {
    let section = site.section;
    section.items.is_empty().then(|| {
        site.error(
            format!("the section `{}` has no items", section.id),
            site.line,
            "add items to the section, or remove it",
        )
    })
}

/// A section's scored items must all be of one type, since its score adds up one kind of answer.
fn check_one_answer_kind(site: &SectionSite<'_>) -> Option<Diagnostic> {
    let section = site.section;
    let scored: BTreeSet<&str> = section
        .items
        .iter()
        .filter(|i| i.item_type != ItemType::Text)
        .map(|i| type_name(i.item_type))
        .collect();
    (scored.len() > 1).then(|| {
        site.error(
            format!(
                "the section `{}` mixes {} items; a section's score needs one kind of answer",
                section.id,
                scored.into_iter().collect::<Vec<_>>().join(" and ")
            ),
            site.line,
            "split the items into one section per kind of answer",
        )
    })
}

/// An item (at `path`)'s id must be unique in the assessment, and its fields must fit its type.
fn check_item(
    site: &SectionSite<'_>,
    item: &ItemDef,
    path: &str,
    seen_ids: &mut BTreeMap<String, usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let line = site.origin.line_of(&format!("{path}.id"));
    if count_id(seen_ids, &item.id) > 0 {
        problems.push(site.error(
            format!("the id `{}` is used twice in this assessment", item.id),
            line,
            "give each item its own id",
        ));
    }
    if item.item_type == ItemType::Choice {
        problems.extend(check_choice_options(site, item, path, line));
    }
    problems.extend(check_reverse(site, item, line));
    problems
}

/// A choice item (at `path`) needs options, and every option its points. `line` is the item's.
fn check_choice_options(
    site: &SectionSite<'_>,
    item: &ItemDef,
    path: &str,
    line: Option<usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if item.options.is_empty() {
        problems.push(site.error(
            format!("the choice item `{}` has no options", item.id),
            line,
            "list its options, each as {label: ..., points: N}",
        ));
    }
    let mut values = BTreeSet::new();
    for (index, option) in item.options.iter().enumerate() {
        let label_line = site
            .origin
            .line_of(&format!("{path}.options[{index}].label"))
            .or(line);
        let value = option.value.as_deref().unwrap_or_default();
        if value.is_empty() || !values.insert(value) {
            problems.push(site.error(
                format!(
                    "the option `{}` of item `{}` has the value `{value}`, which is empty or used by another of its options",
                    option.label, item.id
                ),
                label_line,
                "give each option its own `value: ...` (saved answers record it, so keep it when you reword a label)",
            ));
        }
    }
    let mismarked = item
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.points.is_none() != o.na);
    for (index, option) in mismarked {
        problems.push(site.error(
            format!(
                "the option `{}` of item `{}` {}",
                option.label,
                item.id,
                if option.na {
                    "is marked `na: true` but has points"
                } else {
                    "has no points"
                }
            ),
            site.origin
                .line_of(&format!("{path}.options[{index}].label"))
                .or(line),
            "give every choice option its `points`, except a \"not applicable\" one (`na: true`), which has none",
        ));
    }
    problems
}

/// `reverse` flips a scale, so only scale items may have it. `line` is the item's.
fn check_reverse(
    site: &SectionSite<'_>,
    item: &ItemDef,
    line: Option<usize>,
) -> Option<Diagnostic> {
    (item.reverse && item.item_type != ItemType::Scale).then(|| {
        site.error(
            format!(
                "`reverse` only applies to scale items, but `{}` is not one",
                item.id
            ),
            line,
            "remove `reverse: true`, or make the item `type: scale`",
        )
    })
}

/// A section of scale items needs a scale, and a `scale` it names must be defined.
fn check_section_scale(site: &SectionSite<'_>) -> Option<Diagnostic> {
    let (assessment, section) = (site.assessment, site.section);
    if Assessment::section_type(section) != Some(ItemType::Scale) {
        return None;
    }
    match assessment.section_scale_name(section) {
        None => Some(site.error(
            format!("the section `{}` has scale items but no scale", section.id),
            site.line,
            "add `scale: NAME` to the section, or `default_scale: NAME` to the assessment",
        )),
        // A section without its own `scale` uses default_scale, which is checked once above.
        Some(name) if section.scale.is_some() && !assessment.scales.contains_key(name) => Some(
            site.error(
                format!(
                    "the section `{}` uses the unknown scale `{name}`",
                    section.id
                ),
                site.origin
                    .line_of(&format!("{}.scale", site.path))
                    .or(site.line),
                "name a scale defined under `scales:`",
            ),
        ),
        Some(_) => None,
    }
}

/// A section's bands must cover its possible scores, and it can only have them if it is scored.
fn check_section_bands(site: &SectionSite<'_>) -> Vec<Diagnostic> {
    let section = site.section;
    // A scored section without a range has a missing or mixed scale, which is reported already.
    let scored = section.items.iter().any(|i| i.item_type != ItemType::Text);
    if let Some(range) = section_range(site.assessment, section) {
        let owner = (section.id.as_str(), format!("{}.bands", site.path));
        check_bands(&section.bands, range, site.origin, owner, site.line)
    } else if !section.bands.is_empty() && !scored {
        vec![site.error(
            format!("the section `{}` has bands but nothing scored", section.id),
            site.line,
            "remove the bands, or add scored items",
        )]
    } else {
        Vec::new()
    }
}

/// The lowest and highest score a section can have, when it has scored items.
pub fn section_range(assessment: &Assessment, section: &SectionDef) -> Option<(f64, f64)> {
    match Assessment::section_type(section)? {
        ItemType::Scale => {
            let scale = assessment
                .scales
                .get(assessment.section_scale_name(section)?)?;
            let values = scale.iter().filter_map(|o| o.value).map(|v| v as f64);
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
        .at_line(origin.line_of("bands"))
        .hint("remove the overall `bands`, or put them on the sections instead")];
    };
    let values = scale.iter().filter_map(|o| o.value).map(|v| v as f64);
    let low = values.clone().fold(f64::MAX, f64::min);
    let high = values.fold(f64::MIN, f64::max);
    let owner = ("overall", "bands".to_string());
    let bands_line = origin.line_of("bands");
    check_bands(&assessment.bands, (low, high), origin, owner, bands_line)
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
