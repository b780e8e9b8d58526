//! The assessment definition: scales, sections, items and score bands, as written in YAML.
//!
//! The definition is serialized to JSON into the page, where `assessment.js` scores it; the
//! build only checks it (see [`super::validate`]) and renders the paper form.

use crate::content::front_matter::FrontMatter;
use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An answer scale: its options in the order they are shown.
pub type Scale = Vec<ScaleOption>;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleOption {
    /// The points; `None` only for a "not applicable / don't know" option.
    #[serde(default)]
    pub value: Option<i64>,
    pub label: String,
    /// "Not applicable" or "don't know": counts as answered, but is left out of every mean.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub na: bool,
}

/// What one response is about (a partner agency, say): one saved record per subject.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub label: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ItemType {
    Scale,
    Check,
    Choice,
    Text,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// What a saved answer records: stable when options are reordered or relabelled. Defaults
    /// to a slug of the label (filled in by [`from_front_matter`]).
    #[serde(default)]
    pub value: Option<String>,
    pub label: String,
    /// Optional in YAML only so that a missing value is reported clearly, with its line.
    pub points: Option<f64>,
    /// "Not applicable" or "don't know": answered, without points.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub na: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub id: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub text: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub reverse: bool,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A score range with its meaning: from `min` up to (not including) `max`; the top band
/// includes its `max`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: f64,
    pub max: f64,
    pub label: String,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub scale: Option<String>,
    #[serde(default)]
    pub items: Vec<ItemDef>,
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Caps on this section's band, e.g. "not ready while the goal is unsettled".
    #[serde(default)]
    pub gates: Vec<Gate>,
}

/// How the overall score is made from the section scores, and what may cap its band.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Overall {
    #[serde(default)]
    pub rule: OverallRule,
    /// Section id to weight, for `rule: mean` (a section not named weighs 1).
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub gates: Vec<Gate>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum OverallRule {
    /// The (weighted) mean of the answered sections.
    #[default]
    Mean,
    /// The lowest answered section: the weakest link decides.
    Lowest,
}

/// "When this condition holds, the band is at most `at_most`", with the reason shown to the
/// reader. Written under a section (caps its band) or under `overall` (caps the overall band).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub when: Condition,
    pub at_most: String,
    pub reason: String,
}

/// One of: `{section, band}` (that section reads that band), `{item, below}` (that item is
/// unanswered, not applicable or scores below the number), `{section, unanswered: true}` (some
/// question of the section is not answered yet).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unanswered: bool,
}

/// A whole assessment, ready to validate and to serialize for the browser.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub id: String,
    pub version: String,
    pub title: String,
    pub subject: Option<Subject>,
    pub default_scale: Option<String>,
    pub scales: BTreeMap<String, Scale>,
    pub sections: Vec<SectionDef>,
    pub bands: Vec<Band>,
    pub overall: Overall,
    /// Set for a register (a table filled row by row) instead of a form of questions.
    pub register: Option<super::register::RegisterDef>,
}

/// Takes the assessment fields out of a page's front matter.
pub fn from_front_matter(
    fm: &mut FrontMatter,
    origin: &Origin<'_>,
) -> Result<Assessment, Vec<Diagnostic>> {
    let require = |field: &str| {
        Diagnostic::error(
            origin.path,
            format!("an assessment needs the field `{field}`"),
        )
        .at_line(Some(origin.yaml_line))
        .hint("see the assessment example in docs/content-format.md")
    };
    let id = fm.id.take().ok_or_else(|| vec![require("id")])?;
    let version = match fm.version.take() {
        Some(serde_yaml::Value::String(s)) => s,
        Some(serde_yaml::Value::Number(n)) => n.to_string(),
        _ => return Err(vec![require("version")]),
    };
    let register = fm.register.take();
    let sections = match (fm.sections.take(), &register) {
        (Some(sections), _) => sections,
        (None, Some(_)) => Vec::new(),
        (None, None) => return Err(vec![require("sections")]),
    };
    let assessment = Assessment {
        id,
        version,
        title: fm.title.clone(),
        subject: fm.subject.take(),
        default_scale: fm.default_scale.take(),
        scales: fm.scales.take().unwrap_or_default(),
        sections,
        bands: fm.bands.take().unwrap_or_default(),
        overall: fm.overall.take().unwrap_or_default(),
        register,
    };
    let mut assessment = assessment;
    fill_option_values(&mut assessment);
    let problems = match &assessment.register {
        Some(register) => super::register::check(register, origin),
        None => super::validate::check(&assessment, origin),
    };
    if problems.is_empty() {
        Ok(assessment)
    } else {
        Err(problems)
    }
}

/// Gives every choice option without a `value` the slug of its label, so answers are saved by
/// a name that survives reordering the options.
fn fill_option_values(assessment: &mut Assessment) {
    let options = assessment
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.items)
        .flat_map(|i| &mut i.options);
    for option in options.filter(|o| o.value.is_none()) {
        option.value = Some(crate::content::slugify(&option.label));
    }
}

impl Assessment {
    /// The name of the scale a section's `scale` items use, if any.
    pub fn section_scale_name<'a>(&'a self, section: &'a SectionDef) -> Option<&'a str> {
        section
            .scale
            .as_deref()
            .or(self.default_scale.as_deref())
            .or_else(|| {
                (self.scales.len() == 1).then(|| self.scales.keys().next().map(String::as_str))?
            })
    }

    /// The scored type of a section (scale, check or choice), or `None` for notes only.
    pub fn section_type(section: &SectionDef) -> Option<ItemType> {
        section
            .items
            .iter()
            .map(|item| item.item_type)
            .find(|t| *t != ItemType::Text)
    }
}
