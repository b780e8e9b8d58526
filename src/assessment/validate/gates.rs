//! Checks of the overall rule (`mean`, `lowest`, weights) and of gates: every section, item
//! and band a gate names exists, so the browser can always tell whether a gate holds and which
//! band it caps to.

use super::shared_scale;
use crate::assessment::model::{Assessment, Band, Condition, Gate, ItemType, OverallRule};
use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;

/// Every problem with `overall` and with the gates of the sections and the whole assessment.
pub(super) fn check(assessment: &Assessment, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = check_overall(assessment, origin);
    for (s, section) in assessment.sections.iter().enumerate() {
        for (g, gate) in section.gates.iter().enumerate() {
            let owner = format!("the section `{}`", section.id);
            let path = format!("sections[{s}].gates[{g}]");
            problems.extend(check_gate(
                assessment,
                origin,
                (gate, &path),
                (&owner, &section.bands),
            ));
        }
    }
    for (g, gate) in assessment.overall.gates.iter().enumerate() {
        let path = format!("overall.gates[{g}]");
        problems.extend(check_gate(
            assessment,
            origin,
            (gate, &path),
            ("the overall score", &assessment.bands),
        ));
    }
    problems
}

fn error(origin: &Origin<'_>, message: String, line: Option<usize>, hint: &str) -> Diagnostic {
    Diagnostic::error(origin.path, message)
        .at_line(line)
        .hint(hint)
}

/// `overall` needs an overall score (one shared scale), and weights name scored sections.
fn check_overall(assessment: &Assessment, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let overall = &assessment.overall;
    let line = origin.line_of("overall");
    let mut problems = Vec::new();
    let used = overall.rule != OverallRule::Mean
        || !overall.weights.is_empty()
        || !overall.gates.is_empty();
    if used && shared_scale(assessment).is_none() {
        problems.push(error(
            origin,
            "`overall` needs an overall score, and there is none: the scored sections do not all use one scale".into(),
            line,
            "remove `overall`, or give every scored section the same scale",
        ));
    }
    if overall.rule == OverallRule::Lowest && !overall.weights.is_empty() {
        problems.push(error(
            origin,
            "`weights` only apply to `rule: mean`".into(),
            line,
            "remove the weights, or use `rule: mean`",
        ));
    }
    for (id, weight) in &overall.weights {
        let scored = assessment
            .sections
            .iter()
            .any(|s| &s.id == id && Assessment::section_type(s).is_some());
        if !scored {
            problems.push(error(
                origin,
                format!("`weights` names `{id}`, which is not a scored section"),
                origin.line_of(&format!("overall.weights.{id}")).or(line),
                "name the id of a section with scored questions",
            ));
        }
        if !(weight.is_finite() && *weight > 0.0) {
            problems.push(error(
                origin,
                format!("the weight of `{id}` is {weight}; weights must be above 0"),
                origin.line_of(&format!("overall.weights.{id}")).or(line),
                "use a number such as 1 or 2",
            ));
        }
    }
    problems
}

/// One gate (at front matter `path`): its condition names real sections, bands and items, and
/// `at_most` is one of the owner's bands.
fn check_gate(
    assessment: &Assessment,
    origin: &Origin<'_>,
    (gate, path): (&Gate, &str),
    (owner, bands): (&str, &[Band]),
) -> Vec<Diagnostic> {
    let line = origin
        .line_of(&format!("{path}.at_most"))
        .or_else(|| origin.line_of(path));
    let mut problems = Vec::new();
    if !bands.iter().any(|b| b.label == gate.at_most) {
        let labels: Vec<&str> = bands.iter().map(|b| b.label.as_str()).collect();
        problems.push(error(
            origin,
            format!(
                "a gate of {owner} caps it at `{}`, which is not one of its bands",
                gate.at_most
            ),
            line,
            &if labels.is_empty() {
                "give it bands first, then name one of their labels in `at_most`".to_string()
            } else {
                format!("`at_most` must be one of: {}", labels.join("; "))
            },
        ));
    }
    if gate.reason.trim().is_empty() {
        problems.push(error(
            origin,
            format!("a gate of {owner} has no `reason`"),
            line,
            "say in a sentence why the band is capped; readers see it",
        ));
    }
    if let Err(message) = check_condition(assessment, &gate.when) {
        problems.push(error(
            origin,
            format!("a gate of {owner}: {message}"),
            line,
            "write `when:` as {section: ID, band: LABEL}, {item: ID, below: N} or {section: ID, unanswered: true}",
        ));
    }
    problems
}

/// Whether a condition is one of the three forms, naming what exists.
fn check_condition(assessment: &Assessment, when: &Condition) -> Result<(), String> {
    let section = |id: &str| assessment.sections.iter().find(|s| s.id == id);
    match (
        &when.section,
        &when.band,
        &when.item,
        when.below,
        when.unanswered,
    ) {
        (Some(id), Some(band), None, None, false) => {
            let found = section(id).ok_or_else(|| format!("there is no section `{id}`"))?;
            if found.bands.iter().any(|b| &b.label == band) {
                Ok(())
            } else {
                Err(format!("the section `{id}` has no band `{band}`"))
            }
        }
        (Some(id), None, None, None, true) => section(id)
            .map(|_| ())
            .ok_or_else(|| format!("there is no section `{id}`")),
        (None, None, Some(id), Some(_), false) => {
            let scored = assessment
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .any(|i| &i.id == id && i.item_type != ItemType::Text);
            if scored {
                Ok(())
            } else {
                Err(format!("there is no scored question `{id}`"))
            }
        }
        _ => Err("`when` is not one of the three forms a gate understands".into()),
    }
}
