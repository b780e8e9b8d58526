//! `serve`'s incremental session (`partnerkit::serve::incremental::Session`), driven directly
//! against a temporary copy of `tests/fixtures/serve-uncited/`: a body edit is rebuilt
//! incrementally and warns about what it changed, as a full build would.

use crate::fixture;

use partnerkit::serve::incremental::Session;

/// The messages of `warnings`, one per line, for assertions that name what was warned about.
fn messages(warnings: &partnerkit::diagnostics::Diagnostics) -> String {
    warnings
        .warnings()
        .map(|w| {
            format!(
                "{}:{}: {}",
                w.path.display(),
                w.line.unwrap_or(0),
                w.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_edit_that_drops_a_readings_last_citation_warns_about_that_reading_only() {
    let site = fixture::copy("serve-uncited");
    let (mut session, report) = Session::full_build(&site.options()).expect("first build");
    assert!(
        messages(&report.warnings).contains("no page cites the reading `jones-2019`"),
        "{}",
        messages(&report.warnings)
    );
    site.edit(
        "content/guide.md",
        r#"{{ cite(id="smith-2020") }}"#,
        "(no source)",
    );
    let update = session
        .update(&["content/guide.md".to_string()])
        .expect("the edit builds")
        .expect("a body edit is incremental");
    let warned = messages(&update.warnings);
    assert!(
        warned.contains("content/readings.md:5: no page cites the reading `smith-2020`"),
        "{warned}"
    );
    assert!(
        !warned.contains("jones-2019"),
        "a reading uncited before the edit is not warned about again: {warned}"
    );
    site.edit(
        "content/guide.md",
        "(no source)",
        r#"{{ cite(id="smith-2020") }}"#,
    );
    let update = session
        .update(&["content/guide.md".to_string()])
        .expect("the edit builds")
        .expect("a body edit is incremental");
    assert_eq!(messages(&update.warnings), "", "cited again: no warning");
}
