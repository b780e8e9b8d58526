//! The assessment as its paper form shows it: every item with its answer options spelled out,
//! so the template renders a real `<form>` that works (and prints) without JavaScript.

use super::model::{Assessment, ItemType, Subject};
use super::validate::{section_range, shared_scale};
use crate::config::Role;
use serde::Serialize;

/// The assessment a register's rows open, one record per row.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterTarget {
    pub id: String,
    pub title: String,
    pub url: String,
    /// The assessment's whole definition as JSON, when the register takes questions from its
    /// records (`question_column`): register.js scores them to find the low ones.
    pub json: Option<String>,
    /// What its records are about ("Partner agency"), to name the record chooser.
    pub subject_label: Option<String>,
}

/// One answer option of an item: a radio button or checkbox.
#[derive(Debug, Clone, Serialize)]
pub struct FormOption {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormItem {
    pub id: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub text: String,
    pub help: Option<String>,
    pub required: bool,
    pub reverse: bool,
    pub options: Vec<FormOption>,
    /// Role ids separated by spaces, for the role filter.
    pub role_ids: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormSection {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub items: Vec<FormItem>,
    /// The lowest and highest possible score, when the section is scored.
    pub range: Option<(f64, f64)>,
}

/// Everything the assessment templates need.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub id: String,
    pub version: String,
    pub title: String,
    pub subject: Option<Subject>,
    pub sections: Vec<FormSection>,
    pub has_overall: bool,
    /// The site's roles, for the role chooser, when any item names a role (empty: no chooser).
    pub roles: Vec<Role>,
    /// The register's columns, when this is a register rather than a form of questions.
    pub register: Option<super::register::RegisterDef>,
    /// The assessment each register row opens: its id, title and address.
    pub register_target: Option<RegisterTarget>,
    /// The scoring guide, for scoring on paper.
    pub guide: super::guide::ScoringGuide,
    /// The whole definition as JSON, for `assessment.js`.
    pub json: String,
}

impl AssessmentView {
    pub fn new(assessment: &Assessment, site_roles: &[Role]) -> Self {
        let used: std::collections::BTreeSet<&str> = assessment
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .flat_map(|i| i.roles.iter().map(String::as_str))
            .collect();
        let sections = assessment
            .sections
            .iter()
            .map(|section| FormSection {
                id: section.id.clone(),
                title: section.title.clone(),
                description: section.description.clone(),
                range: section_range(assessment, section),
                items: section
                    .items
                    .iter()
                    .map(|item| FormItem {
                        id: item.id.clone(),
                        item_type: item.item_type,
                        text: item.text.clone(),
                        help: item.help.clone(),
                        required: item.required,
                        reverse: item.reverse,
                        options: options_of(assessment, section, item),
                        role_ids: item.roles.join(" "),
                    })
                    .collect(),
            })
            .collect();
        AssessmentView {
            id: assessment.id.clone(),
            version: assessment.version.clone(),
            title: assessment.title.clone(),
            subject: assessment.subject.clone(),
            sections,
            has_overall: shared_scale(assessment).is_some(),
            // Every site role, not only those this form names: the role is one choice for the
            // whole page, and a role none of these questions is for hides them all.
            roles: if used.is_empty() {
                Vec::new()
            } else {
                site_roles.to_vec()
            },
            register: assessment.register.clone(),
            register_target: None,
            guide: super::guide::ScoringGuide::new(assessment),
            json: script_safe_json(assessment),
        }
    }
}

/// `value` as JSON to sit inside a `<script type="application/json">` element: every `<`, `>`
/// and `&` is written as a `\u` escape, so no text an editor wrote (`</script>`, `<!--<script>`,
/// which would swallow the rest of the page) can end or change the element; the JSON means
/// the same to `JSON.parse`.
pub fn script_safe_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            other => safe.push(other),
        }
    }
    safe
}

fn options_of(
    assessment: &Assessment,
    section: &super::model::SectionDef,
    item: &super::model::ItemDef,
) -> Vec<FormOption> {
    match item.item_type {
        ItemType::Scale => assessment
            .section_scale_name(section)
            .and_then(|name| assessment.scales.get(name))
            .map(|scale| {
                scale
                    .iter()
                    .map(|o| FormOption {
                        // The one "not applicable / don't know" option has no points.
                        value: o.value.map_or_else(|| "na".to_string(), |v| v.to_string()),
                        label: o.label.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ItemType::Choice => item
            .options
            .iter()
            .map(|o| FormOption {
                value: o.value.clone().unwrap_or_default(),
                label: o.label.clone(),
            })
            .collect(),
        ItemType::Check => vec![
            FormOption {
                value: "1".into(),
                label: "Yes".into(),
            },
            FormOption {
                value: "0".into(),
                label: "No".into(),
            },
        ],
        ItemType::Text => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::script_safe_json;

    #[test]
    fn json_for_a_script_element_has_no_markup_characters_and_means_the_same() {
        let text = "Copied: <!--<script> & </script> > “end” 😀";
        let json = script_safe_json(&serde_json::json!({ "text": text }));
        assert!(!json.contains(['<', '>', '&']), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["text"], text);
    }
}
