//! The content kinds (principle, module, competencies, readings), citations, and the tag and
//! role listing pages, built from fixture sites; and each kind's errors, with file and line.

use crate::fixture;

use fixture::{assert_at, links, only_error, unescape, Site};

fn kinds_site() -> Site {
    let site = fixture::copy("kinds");
    let report = site.build();
    assert_eq!(
        report.warnings.len(),
        0,
        "the kinds fixture builds cleanly:\n{}",
        report.warnings
    );
    site
}

/// The `<article>` of a built page, with entities decoded.
fn article(site: &Site, path: &str) -> String {
    let html = site.read(path);
    let start = html
        .find("<article")
        .unwrap_or_else(|| panic!("no <article> in {path}"));
    let end = html.rfind("</article>").unwrap();
    unescape(&html[start..end])
}

#[test]
fn principle_shows_summary_questions_and_sources() {
    let site = kinds_site();
    let html = article(&site, "values/index.html");
    assert!(html.contains("class=\"page page--principle\""));
    assert!(html.contains("<strong>The principle:</strong> When a full partnership is not right now, stay in touch.</p>"), "{html}");
    assert!(html.contains(
        "<li>What would we lose by walking away?</li><li>Who else should be at the table?</li>"
    ));
    // APA 7: no publisher location, and no publisher when it is the author.
    assert!(html.contains("National Association of Social Workers. (2018). <cite>Code of ethics</cite>. <a href=\"https://example.org/code\""), "APA source:\n{html}");
    assert!(
        !html.contains("Washington") && !html.contains("Author."),
        "{html}"
    );
    assert!(links(&html).contains(&"/toolkit/readings/#nasw-2018-code".to_string()));
    // The inline citation of a two-author work, with its page number.
    assert!(html.contains(r#"(<a class="cite" href="/toolkit/readings/#smith-lee-2020">Smith & Lee, 2020, p. 12</a>)"#), "{html}");
}

#[test]
fn module_shows_objectives_time_activities_and_preparation() {
    let site = kinds_site();
    let html = article(&site, "module-five/index.html");
    let domains: Vec<&str> = html
        .split("<dt>")
        .skip(1)
        .map(|s| s.split("</dt>").next().unwrap())
        .collect();
    assert_eq!(domains, ["Knowledge", "Skill", "Attitude"]);
    assert!(html.contains("<dd>Describe the agency's key partners.</dd>"));
    assert!(html.contains("<th scope=\"row\">Reading</th><td>1.5</td>"));
    assert!(
        html.contains("<th scope=\"row\">Total</th><td>3.5</td>"),
        "the total of 1.5 and 2 hours:\n{html}"
    );
    // The module's assessment is a working form after the activities, not above them.
    let activities_at = html.find(r#"<section class="activities""#).unwrap();
    let form_at = html
        .find(r#"id="assessment-team-check-app""#)
        .expect("the module's form");
    assert!(activities_at < form_at, "activities come before the form");
    let activities = &html[activities_at..form_at];
    let titles: Vec<&str> = activities
        .split("<h3>")
        .skip(1)
        .map(|s| s.split("</h3>").next().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Activity 1: Map your partners",
            "Activity 2: Talk to a court"
        ]
    );
    assert!(
        html.contains("<p>List <strong>every</strong> partner.</p>"),
        "activity text is Markdown"
    );
    assert!(html.contains(
        r#"Read: <a href="/toolkit/readings/#cdc-partnership">What is a partnership?</a>"#
    ));
    assert!(html.contains(r#"Use: <a href="/toolkit/team-check/">Team check</a>"#));
    assert!(
        html.contains(r#"data-activity="2""#),
        "activities can be ticked off"
    );
    assert!(
        html.contains("<p>Read the strategic partnerships guide.</p>"),
        "prepare"
    );
    assert!(html.contains("Smith, J., & Lee, K. (2020). <cite>Working across systems</cite>. Child Welfare Press."), "module readings");
    assert!(site.read("team-check/index.html").contains("Team check"));
}

#[test]
fn competencies_link_their_roles_and_carry_data_roles() {
    let site = kinds_site();
    let html = article(&site, "competencies/index.html");
    assert!(
        html.contains(
            r#"<li class="competency" id="shared-vision" data-roles="leaders frontline">"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"<li class="competency" id="follow-through" data-roles="frontline">"#));
    assert!(html.contains(r#"Matters for: <a href="/toolkit/roles/leaders/">Agency leadership</a>, <a href="/toolkit/roles/frontline/">Frontline staff</a>"#));
    assert!(html.contains("<p>Agrees goals with partners.</p>"));
    assert!(
        html.contains(r#"<option value="frontline">Frontline staff</option>"#),
        "the role filter lists every role"
    );
}

#[test]
fn readings_are_grouped_by_type_in_apa_style_with_cited_by_links() {
    let site = kinds_site();
    let html = article(&site, "readings/index.html");
    let headings: Vec<&str> = html
        .split("<h2 id=\"group-")
        .skip(1)
        .map(|s| {
            let inner = s.split("</h2>").next().unwrap().split('>').nth(1).unwrap();
            // The heading's "#" anchor link follows its text.
            inner.split("<a class=\"anchor\"").next().unwrap()
        })
        .collect();
    assert_eq!(
        headings,
        ["Books", "Web pages", "Codes, policies and reports"]
    );
    let entry = |id: &str| {
        let start = html
            .find(&format!("<li id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no entry {id}"));
        html[start..].split("</li>").next().unwrap().to_string()
    };
    let smith = entry("smith-lee-2020");
    assert!(smith.contains("Smith, J., & Lee, K. (2020). <cite>Working across systems</cite>. Child Welfare Press."), "{smith}");
    assert_eq!(
        links(&smith),
        ["/toolkit/module-five/", "/toolkit/values/"],
        "cited by the module (front matter) and the principle (shortcode)"
    );
    let cdc = entry("cdc-partnership");
    assert!(cdc.contains("Centers for Disease Control and Prevention. (n.d.). <cite>What is a partnership?</cite>"), "no year is n.d.");
    assert_eq!(
        links(&cdc),
        ["/toolkit/module-five/"],
        "cited by a module activity"
    );
    let nasw = entry("nasw-2018-code");
    assert!(nasw.contains(r#"<a href="https://example.org/code" rel="external">"#));
    assert!(nasw.contains("The profession's values."), "the note");
    assert_eq!(
        links(&nasw)[1..],
        ["/toolkit/values/".to_string()],
        "cited by the principle's sources"
    );
}

#[test]
fn tags_and_roles_get_listing_pages() {
    let site = kinds_site();
    let ethics = article(&site, "tags/ethics/index.html");
    assert_eq!(
        links(&ethics),
        ["/toolkit/module-five/", "/toolkit/values/"]
    );
    assert_eq!(
        links(&article(&site, "tags/practice/index.html")),
        ["/toolkit/module-five/"]
    );
    let tags = article(&site, "tags/index.html");
    assert!(tags.contains("ethics") && tags.contains("practice"));
    let frontline = article(&site, "roles/frontline/index.html");
    assert!(
        frontline.contains("<h1>For frontline staff</h1>"),
        "{frontline}"
    );
    assert!(
        frontline.contains("Work with partners every day."),
        "the role's responsibilities"
    );
    // The pages for the role, then the competencies that name it, each at its own entry.
    assert_eq!(
        links(&frontline),
        [
            "/toolkit/values/",
            "/toolkit/competencies/#shared-vision",
            "/toolkit/competencies/#follow-through"
        ]
    );
    assert!(frontline.contains("Competencies for this role"));
    assert_eq!(
        links(&article(&site, "roles/leaders/index.html")),
        [
            "/toolkit/competencies/",
            "/toolkit/competencies/#shared-vision"
        ]
    );
    let roles = article(&site, "roles/index.html");
    assert!(roles.contains("Agency leadership") && roles.contains("Frontline staff"));
    // Each page's own chips link to its listings.
    let values = article(&site, "values/index.html");
    assert!(values.contains(r#"href="/toolkit/roles/frontline/">Frontline staff</a>"#));
    assert!(values.contains(r#"href="/toolkit/tags/ethics/">#ethics</a>"#));
}

/// The one error of fixture `case` is at `path:line` and mentions `needle`.
fn expect_error(case: &str, path: &str, line: usize, needle: &str) {
    let site = fixture::copy(case);
    assert_at(only_error(&site.errors()), path, line, needle);
}

#[test]
fn unknown_reading_in_front_matter() {
    // The title mentions the id too; the error points at the list item.
    expect_error(
        "err_unknown_reading",
        "content/page.md",
        6,
        "unknown reading id `nasw-2018-cod`; did you mean `nasw-2018-code`?",
    );
}

#[test]
fn unknown_reading_in_a_cite_shortcode() {
    expect_error(
        "err_unknown_reading_cite",
        "content/page.md",
        6,
        "unknown reading id `nasw-2018`; did you mean `nasw-2018-code`?",
    );
}

#[test]
fn duplicate_reading_id_names_both_files() {
    let site = fixture::copy("err_duplicate_reading");
    let problems = site.errors();
    let error = only_error(&problems);
    let shown = error.to_string();
    assert!(
        shown.contains("content/readings.md") && shown.contains("content/more-readings.md"),
        "{shown}"
    );
    assert!(error.message.contains("`nasw-2018-code`"));
    assert_eq!(
        error.line,
        Some(5),
        "the `id:` line in {}",
        error.path.display()
    );
}

#[test]
fn unknown_role_on_a_page() {
    expect_error(
        "err_unknown_role",
        "content/page.md",
        4,
        "unknown role id `supervisors`",
    );
}

#[test]
fn unknown_role_in_a_competency() {
    // `front` is part of `frontline` on earlier lines; the error points at `front` itself.
    expect_error(
        "err_unknown_competency_role",
        "content/competencies.md",
        10,
        "unknown role id `front`; did you mean `frontline`?",
    );
}

#[test]
fn bad_objective_domain() {
    expect_error(
        "err_bad_objective_domain",
        "content/module.md",
        8,
        "`knowlege` is not one of them; did you mean `knowledge`?",
    );
}

#[test]
fn duplicate_assessment_id() {
    // The second file writes `id:` last, after the section ids.
    expect_error(
        "err_duplicate_assessment",
        "content/second.md",
        15,
        "the assessment id `team-check` is also used by content/first.md",
    );
}

#[test]
fn an_uncited_reading_is_a_warning_not_an_error() {
    let site = fixture::copy("warn_uncited_reading");
    let report = site.build();
    let warnings: Vec<_> = report.warnings.warnings().collect();
    assert_eq!(warnings.len(), 1, "{}", report.warnings);
    assert_at(
        warnings[0],
        "content/more-readings.md",
        5,
        "no page cites the reading `smith-2020`",
    );
    assert!(
        site.exists("readings/index.html"),
        "the build still writes the site"
    );
    let run = fixture::run_binary(&["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stderr).contains("content/more-readings.md:5: warning:"));
}
