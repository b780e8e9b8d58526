//! The scoring guide printed with each assessment, for scoring on paper: which items are
//! reversed, how section and overall scores are computed, the bands and the gates, in words.

use super::model::{Assessment, Band, Condition, Gate, ItemType, OverallRule, SectionDef};
use super::validate::{section_range, shared_scale};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct GuideGate {
    /// The condition in words, e.g. "“Risk” reads “Serious”".
    pub when: String,
    pub at_most: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideSection {
    pub title: String,
    /// How this section's score is computed, in a sentence.
    pub method: String,
    /// The texts of its reversed items.
    pub reversed: Vec<String>,
    pub bands: Vec<Band>,
    pub gates: Vec<GuideGate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoringGuide {
    pub sections: Vec<GuideSection>,
    /// How the overall score is computed, when there is one.
    pub overall: Option<String>,
    pub bands: Vec<Band>,
    pub gates: Vec<GuideGate>,
    /// The labels of "not applicable / don't know" options, if any are offered.
    pub not_applicable: Vec<String>,
}

impl ScoringGuide {
    pub fn new(assessment: &Assessment) -> Self {
        let sections = assessment
            .sections
            .iter()
            .filter(|s| Assessment::section_type(s).is_some())
            .map(|s| GuideSection {
                title: s.title.clone(),
                method: method(assessment, s),
                reversed: s
                    .items
                    .iter()
                    .filter(|i| i.reverse)
                    .map(|i| i.text.clone())
                    .collect(),
                bands: s.bands.clone(),
                gates: gates(assessment, &s.gates),
            })
            .collect();
        let mut not_applicable: Vec<String> = assessment
            .scales
            .values()
            .flatten()
            .filter(|o| o.na)
            .map(|o| o.label.clone())
            .chain(
                assessment
                    .sections
                    .iter()
                    .flat_map(|s| &s.items)
                    .flat_map(|i| &i.options)
                    .filter(|o| o.na)
                    .map(|o| o.label.clone()),
            )
            .collect();
        not_applicable.dedup();
        ScoringGuide {
            sections,
            overall: shared_scale(assessment).map(|_| overall_method(assessment)),
            bands: assessment.bands.clone(),
            gates: gates(assessment, &assessment.overall.gates),
            not_applicable,
        }
    }
}

fn method(assessment: &Assessment, section: &SectionDef) -> String {
    let range = section_range(assessment, section)
        .map(|(low, high)| format!(" Scores run from {low} to {high}."))
        .unwrap_or_default();
    match Assessment::section_type(section) {
        Some(ItemType::Check) => format!(
            "Count the ticks: the score is the share of answered checks that are in place (yes counts 1, no 0).{range}"
        ),
        Some(ItemType::Choice) => format!(
            "Each chosen option earns its points; the score is the mean of the answered questions.{range}"
        ),
        _ => format!(
            "Add up the answers (reversed items turned round: on a scale from low to high, an answer counts as low + high − answer) and divide by the number of questions answered.{range}"
        ),
    }
}

fn overall_method(assessment: &Assessment) -> String {
    let overall = &assessment.overall;
    match overall.rule {
        OverallRule::Lowest => "The overall score is the lowest of the section scores.".into(),
        OverallRule::Mean if overall.weights.is_empty() => {
            "The overall score is the mean of the answered section scores.".into()
        }
        OverallRule::Mean => {
            let weights: Vec<String> = overall
                .weights
                .iter()
                .map(|(id, w)| format!("“{}” counts {w} times", section_title(assessment, id)))
                .collect();
            format!(
                "The overall score is the weighted mean of the answered section scores: {}; every other section counts once.",
                weights.join(", ")
            )
        }
    }
}

fn section_title<'a>(assessment: &'a Assessment, id: &'a str) -> &'a str {
    assessment
        .sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

fn gates(assessment: &Assessment, gates: &[Gate]) -> Vec<GuideGate> {
    gates
        .iter()
        .map(|gate| GuideGate {
            when: condition(assessment, &gate.when),
            at_most: gate.at_most.clone(),
            reason: gate.reason.clone(),
        })
        .collect()
}

fn condition(assessment: &Assessment, when: &Condition) -> String {
    let item_text = |id: &str| {
        assessment
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.id == id)
            .map_or(id.to_string(), |i| i.text.clone())
    };
    match (&when.section, &when.band, &when.item, when.below) {
        (Some(section), Some(band), _, _) => {
            format!("“{}” reads “{band}”", section_title(assessment, section))
        }
        (_, _, Some(item), Some(below)) => format!(
            "the answer to “{}” scores below {below}, is not applicable or is missing",
            item_text(item)
        ),
        (Some(section), _, _, _) => format!(
            "a question in “{}” is not answered yet",
            section_title(assessment, section)
        ),
        _ => String::new(),
    }
}
