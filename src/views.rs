//! Kind views: each content kind's data as its template shows it, with reading ids turned into
//! citations, role ids into role links and assessment ids into links.

use crate::content::kinds::{KindData, Objective, TimeBlock};
use crate::content::Content;
use crate::context::{link_to, Link, PageView};
use crate::glossary::TermView;
use crate::markdown::render_fragment;
use crate::readings::ApaParts;
use crate::validate::References;
use serde::Serialize;

pub use crate::assessment::form::AssessmentView;

/// A cited reading: the short in-text form and the full reference.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    pub id: String,
    /// "National Association of Social Workers, 2018"
    pub citation: String,
    /// Link to the entry in the reading list.
    pub href: String,
    pub apa: ApaParts,
    pub url: Option<String>,
    pub note: String,
    /// Where to find the work when there is no link.
    pub find: Option<String>,
    pub reading_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleView {
    pub summary: String,
    pub questions: Vec<String>,
    pub sources: Vec<CitationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityView {
    pub number: usize,
    pub title: String,
    pub html: String,
    pub readings: Vec<CitationView>,
    pub assessment: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleView {
    pub number: u32,
    pub objectives: Vec<Objective>,
    pub time: Vec<TimeBlock>,
    pub total_hours: f64,
    pub activities: Vec<ActivityView>,
    pub assessments: Vec<Link>,
    /// The same assessments as working forms, shown after the activities.
    pub forms: Vec<AssessmentView>,
    pub prepare: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetencyView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub roles: Vec<Link>,
    /// Role ids separated by spaces, for the browser's role filter.
    pub role_ids: String,
}

/// One group of the reading list (books, articles, ...).
#[derive(Debug, Clone, Serialize)]
pub struct ReadingGroup {
    pub heading: &'static str,
    pub entries: Vec<ReadingEntryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadingEntryView {
    #[serde(flatten)]
    pub citation: CitationView,
    pub cited_by: Vec<Link>,
}

/// Builds kind views for one build: the content, its references and the base path.
pub struct Views<'a> {
    pub content: &'a Content,
    pub refs: &'a References,
    /// The shortcode calls of the page being rendered.
    pub calls: &'a [crate::shortcodes::Call],
    pub base_path: &'a str,
}

impl Views<'_> {
    /// The citation view of reading `id` (which validation has checked exists).
    pub fn citation(&self, id: &str) -> Option<CitationView> {
        let (reading, page) = self.refs.readings.get(id)?;
        Some(CitationView {
            id: id.to_string(),
            citation: reading.citation(),
            href: format!("{}{}#{}", self.base_path, self.content.pages[*page].url, id),
            apa: reading.apa(),
            url: reading.url.clone(),
            note: reading.note.clone(),
            find: reading.find.clone(),
            reading_type: reading.group_heading(),
        })
    }

    /// The view of glossary term `id` (which validation has checked exists).
    pub fn term(&self, id: &str) -> Option<TermView> {
        let (term, page) = self.refs.terms.get(id)?;
        let url = format!("{}{}", self.base_path, self.content.pages[*page].url);
        Some(TermView::new(term, &url))
    }

    fn citations(&self, ids: &[String]) -> Vec<CitationView> {
        ids.iter().filter_map(|id| self.citation(id)).collect()
    }

    /// The view of an assessment (or register, with the address of the assessment it opens).
    pub fn assessment_view(
        &self,
        assessment: &crate::assessment::model::Assessment,
        roles: &[crate::config::Role],
    ) -> AssessmentView {
        let mut view = AssessmentView::new(assessment, roles);
        let target = assessment
            .register
            .as_ref()
            .and_then(|r| r.assessment.as_deref());
        let takes_questions = assessment
            .register
            .as_ref()
            .is_some_and(|r| r.question_column.is_some());
        view.register_target = target.and_then(|id| {
            let link = self.assessment_link(id)?;
            let def = self.refs.assessment_def(self.content, id)?;
            Some(crate::assessment::form::RegisterTarget {
                id: id.to_string(),
                title: link.title,
                url: link.url,
                json: takes_questions.then(|| crate::assessment::form::script_safe_json(def)),
                subject_label: def.subject.as_ref().map(|s| s.label.clone()),
            })
        });
        view
    }

    fn assessment_link(&self, id: &str) -> Option<Link> {
        let index = *self.refs.assessments.get(id)?;
        Some(link_to(&self.content.pages[index], self.base_path, false))
    }

    fn role_link(&self, roles: &[crate::config::Role], id: &str) -> Link {
        Link {
            title: crate::config::role_title(roles, id),
            url: format!("{}roles/{id}/", self.base_path),
            description: None,
            current: false,
        }
    }

    /// Fills the kind-specific parts of `view` for page `index`.
    pub fn fill(&self, index: usize, view: &mut PageView, roles: &[crate::config::Role]) {
        let page = &self.content.pages[index];
        view.readings = self.citations(&page.meta.readings);
        view.roles = page
            .meta
            .roles
            .iter()
            .map(|r| self.role_link(roles, r))
            .collect();
        match &page.kind {
            KindData::Principle(p) => {
                view.principle = Some(PrincipleView {
                    summary: p.summary.clone(),
                    questions: p.questions.clone(),
                    sources: self.citations(&p.sources),
                })
            }
            KindData::Module(m) => view.module = Some(self.module(m, roles)),
            KindData::Competencies(list) => {
                view.competencies = Some(
                    list.iter()
                        .map(|c| CompetencyView {
                            id: c.id.clone(),
                            name: c.name.clone(),
                            description: c.description.clone(),
                            roles: c.roles.iter().map(|r| self.role_link(roles, r)).collect(),
                            role_ids: c.roles.join(" "),
                        })
                        .collect(),
                )
            }
            KindData::Readings(entries) => view.reading_groups = Some(self.reading_groups(entries)),
            KindData::Glossary(terms) => {
                let url = format!("{}{}", self.base_path, page.url);
                view.glossary = Some(terms.iter().map(|t| TermView::new(t, &url)).collect())
            }
            KindData::Assessment(a) => view.assessment = Some(self.assessment_view(a, roles)),
            KindData::Page => {}
        }
    }

    fn module(
        &self,
        m: &crate::content::kinds::Module,
        roles: &[crate::config::Role],
    ) -> ModuleView {
        // An assessment the body already embeds is not shown a second time.
        let in_body = |id: &str| {
            self.calls.iter().any(|c| {
                c.name == "assessment" && c.args.get("id").and_then(|v| v.as_text()) == Some(id)
            })
        };
        ModuleView {
            number: m.number,
            objectives: m.objectives.clone(),
            time: m.time.clone(),
            total_hours: m.total_hours,
            activities: m
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| ActivityView {
                    number: i + 1,
                    title: a.title.clone(),
                    html: render_fragment(&a.text),
                    readings: self.citations(&a.readings),
                    assessment: a
                        .assessment
                        .as_deref()
                        .and_then(|id| self.assessment_link(id)),
                })
                .collect(),
            assessments: m
                .assessments
                .iter()
                .filter_map(|id| self.assessment_link(id))
                .collect(),
            forms: m
                .assessments
                .iter()
                .filter(|id| !in_body(id))
                .filter_map(|id| self.refs.assessment_def(self.content, id))
                .map(|a| self.assessment_view(a, roles))
                .collect(),
            prepare: m.prepare.clone(),
        }
    }

    fn reading_groups(&self, entries: &[crate::readings::Reading]) -> Vec<ReadingGroup> {
        let mut sorted: Vec<&crate::readings::Reading> = entries.iter().collect();
        sorted.sort_by(|a, b| {
            // Entries without a type come last, under "Other works".
            (a.reading_type.is_none(), a.reading_type)
                .cmp(&(b.reading_type.is_none(), b.reading_type))
                .then_with(|| reference_order(a).cmp(&reference_order(b)))
                .then_with(|| a.title.cmp(&b.title))
        });
        let mut groups: Vec<ReadingGroup> = Vec::new();
        for reading in sorted {
            let Some(citation) = self.citation(&reading.id) else {
                continue;
            };
            let cited_by = self
                .refs
                .cited_by
                .get(&reading.id)
                .into_iter()
                .flatten()
                .map(|&i| link_to(&self.content.pages[i], self.base_path, false))
                .collect();
            let entry = ReadingEntryView { citation, cited_by };
            match groups.last_mut() {
                Some(group) if group.heading == reading.group_heading() => {
                    group.entries.push(entry)
                }
                _ => groups.push(ReadingGroup {
                    heading: reading.group_heading(),
                    entries: vec![entry],
                }),
            }
        }
        groups
    }
}

/// Where a reading files in an APA reference list: by its authors, or, for a work without
/// one, by its title moved into the author's place, leaving out a leading "A", "An" or "The"
/// (APA 7, 9.44 and 9.46), so works without authors do not all gather at the top.
fn reference_order(reading: &crate::readings::Reading) -> String {
    let authors = reading.apa().authors;
    let key = if authors.trim().is_empty() {
        let title = reading.title.trim_start_matches(['[', '“', '"']);
        let lower = title.to_lowercase();
        ["a ", "an ", "the "]
            .iter()
            .find_map(|article| lower.strip_prefix(article).map(str::to_string))
            .unwrap_or(lower)
    } else {
        authors.to_lowercase()
    };
    key.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::reference_order;
    use crate::readings::Reading;

    fn reading(authors: &[&str], title: &str) -> Reading {
        serde_yaml::from_str(&format!("id: x\ntitle: {title:?}\nauthors: {authors:?}\n")).unwrap()
    }

    #[test]
    fn a_work_without_authors_files_under_its_title_without_its_article() {
        let mut works = [
            reading(&[], "The detente handbook"),
            reading(
                &["Centers for Disease Control and Prevention"],
                "[Definition]",
            ),
            reading(&[], "Lists of key partners"),
            reading(&["Association of Social Work Boards"], "[Data]"),
        ];
        works.sort_by_key(reference_order);
        let order: Vec<&str> = works.iter().map(|w| w.title.as_str()).collect();
        assert_eq!(
            order,
            [
                "[Data]",
                "[Definition]",
                "The detente handbook",
                "Lists of key partners"
            ]
        );
    }
}
