//! Assessments embedded in a page with `{{ assessment(id="...") }}`, in headless Chromium: an
//! embedded form works as on its own page and shares its saved answers; two assessments on
//! one page keep their ids, answers, scores, status lines and storage apart. The real
//! toolkit's pages embed their assessments where the reference material puts them.

use crate::assessment_page;
use crate::toolkit;

use assessment_page::{Session, CHECKS, REVIEW};
use serde_json::{json, Value};

#[tokio::test]
async fn embedded_assessment_works_as_on_its_own_page_and_shares_its_answers() {
    let Some(s) = Session::open_at(
        "embedded_assessment_works_as_on_its_own_page_and_shares_its_answers",
        "two-forms/",
    )
    .await
    else {
        return;
    };
    s.answer_review_by_keyboard().await;
    let embedded = s.answers("partner-review").await;
    assert_eq!(embedded["gaps"], json!("2"));
    assert_eq!(
        s.score_line(REVIEW, "contact").await,
        "Score: 4 of 5: A strength. Keep it up."
    );
    assert_eq!(
        s.text(&format!("{REVIEW} .js-overall")).await,
        "Overall: 3.25 of 5: Overall borderline. Keep an eye on it."
    );
    s.open("partner-review/").await;
    assert_eq!(s.answers("partner-review").await, embedded);
    assert_eq!(
        s.score_line(REVIEW, "listening").await,
        "Score: 2.5 of 5: A concern. Talk about this first."
    );
    s.finish().await;
}

#[tokio::test]
async fn two_assessments_on_one_page_do_not_clash() {
    let Some(s) = Session::open_at("two_assessments_on_one_page_do_not_clash", "two-forms/").await
    else {
        return;
    };
    let duplicates = s
        .js(
            "const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
             return ids.filter((id, i) => ids.indexOf(id) !== i);",
        )
        .await;
    assert_eq!(duplicates, json!([]), "every id on the page is unique");

    s.choose("partner-review", &[("meet", "4")]).await;
    s.choose("resources-check", &[("people", "1"), ("money", "0")])
        .await;
    assert_eq!(
        s.score_line(CHECKS, "resources").await,
        "Score: 1 of 4 in place, 2 not answered yet: Well resourced. Go ahead."
    );
    assert_eq!(
        s.score_line(REVIEW, "contact").await,
        "Score: 4 of 5: A strength. Keep it up."
    );
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    assert_eq!(
        s.text(&format!("{REVIEW} .js-progress-text")).await,
        "1 of 4 questions answered"
    );
    assert_eq!(
        s.text(&format!("{CHECKS} .js-progress-text")).await,
        "2 of 4 questions answered"
    );
    // Each announces in its own live region.
    assert_eq!(
        s.status(CHECKS).await,
        "Saved. Resources in place: 1 of 4 in place, 2 not answered yet: Well resourced."
    );
    assert_eq!(
        s.status(REVIEW).await,
        "Saved. Regular contact: 4 of 5: A strength."
    );
    let stored = s
        .js("return Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('partnerkit-assessment:'))
               .map((k) => [k, Object.keys(JSON.parse(localStorage.getItem(k)).records[0].answers).sort()]));")
        .await;
    assert_eq!(
        stored,
        json!({
            "partnerkit-assessment:/toolkit/:partner-review:2": ["meet"],
            "partnerkit-assessment:/toolkit/:resources-check:1": ["money", "people"]
        })
    );
    // Deleting one assessment's answers leaves the other's.
    s.js("window.confirm = () => true;").await;
    s.click(&format!("{CHECKS} .js-delete-all")).await;
    assert_eq!(s.answers("resources-check").await["people"], Value::Null);
    assert_eq!(s.answers("partner-review").await["meet"], json!("4"));
    s.finish().await;
}

/// Where the toolkit's reference material puts each assessment: the page and the assessment.
const EMBEDS: &[(&str, &str)] = &[
    ("modules/module-five/", "how-well-are-we-partnering"),
    ("principles/influence-or-compromise/", "values-alignment"),
    ("planning/seven-questions/", "partnership-readiness"),
    ("strategic/competencies/", "competency-self-rating"),
    ("strategic/institutionalizing/", "institutionalizing-check"),
];

#[test]
fn toolkit_pages_embed_their_assessments_as_working_forms() {
    let site = toolkit::build("http://127.0.0.1/toolkit/");
    for (page, id) in EMBEDS {
        let html = site.html(page);
        assert_eq!(
            html.matches(&format!("id=\"assessment-{id}-app\"")).count(),
            1,
            "{page} embeds the assessment `{id}` once"
        );
        assert!(
            html.contains("<script type=\"module\" src=\"/toolkit/js/assessment."),
            "{page} loads assessment.js"
        );
        assert!(
            html.contains(&format!(
                "<form class=\"assessment\" id=\"assessment-{id}\""
            )),
            "{page} holds the paper form of `{id}`"
        );
    }
    // Each assessment has its own page as well.
    for id in EMBEDS.iter().map(|(_, id)| id) {
        let html = site.html(&format!("assessments/{id}/"));
        assert!(
            html.contains(&format!("id=\"assessment-{id}-app\"")),
            "{id}"
        );
    }
}

/// The form as built, before any script runs: a real form to print and fill on paper.
#[test]
fn paper_form_is_built_as_fieldsets_led_by_legends_with_labelled_radios() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    partnerkit::build(&partnerkit::BuildOptions {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/assessment-site"),
        output_dir: Some(site.clone()),
        base_url: None,
        drafts: false,
    })
    .unwrap_or_else(|problems| panic!("fixture does not build: {problems:?}"));
    for page in ["partner-review", "two-forms"] {
        let html = std::fs::read_to_string(site.join(page).join("index.html")).unwrap();
        let form = &html[html
            .find("<form class=\"assessment\" id=\"assessment-partner-review\"")
            .unwrap()..];
        let form = &form[..form.find("</form>").unwrap()];
        // meet, gaps, listen and check-back are radio groups; notes is a labelled text box.
        let fieldsets: Vec<&str> = form.split("<fieldset class=\"item").skip(1).collect();
        assert_eq!(fieldsets.len(), 4, "{page}");
        for fieldset in &fieldsets {
            let inner = &fieldset[fieldset.find('>').unwrap() + 1..];
            assert!(
                inner.trim_start().starts_with("<legend>"),
                "{page}: {fieldset}"
            );
            assert_eq!(
                inner
                    .matches("<label class=\"option\"><input type=\"radio\"")
                    .count(),
                5,
                "{page}: five labelled radio buttons"
            );
        }
        assert!(form.contains("<label for=\"partner-review-notes\">Notes</label>"));
        assert!(form.contains(
            "<legend>We meet regularly. <span class=\"required\">(required)</span></legend>"
        ));
        // The tools need JavaScript, so they start hidden; the questions never are.
        assert!(
            form.contains("<div class=\"assessment-tools\" hidden>"),
            "{page}"
        );
        for fieldset in &fieldsets {
            let tag = &fieldset[..fieldset.find('>').unwrap()];
            assert!(!tag.contains(" hidden"), "{page}: a hidden question: {tag}");
        }
    }
}
