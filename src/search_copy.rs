//! The copy of a page that Pagefind reads, and the only place that carries what Pagefind needs
//! to know about the page as a whole: the `data-pagefind-body` mark on its article, its kind as
//! a filter, and a hidden list of its title (as meta), roles and tags (as filters). Readers'
//! pages do not carry these (about 0.6 KB a page, issue 15: a content page stays within 30 KB);
//! marks a theme sets inside the page (`data-pagefind-ignore`, `data-pagefind-title`) stay.

use crate::config::{role_title, Role};
use crate::content::Page;

/// The part of a page Pagefind needs: its `<main>` in a bare document, its first `<article>`
/// marked as the body with the page's filters and meta. Pagefind reads only that article
/// anyway, but parses the whole page to find it; leaving out the head, header, section
/// navigation and footer cut the search stage's CPU time by about a sixth (benches/build.rs).
/// A theme without `<main>` and `<article>` gets its pages indexed whole.
pub fn indexable_html(html: &str, language: &str, page: &Page, roles: &[Role]) -> String {
    let main = html
        .find("<main")
        .and_then(|start| html.rfind("</main>").map(|end| &html[start..end + 7]));
    let marked = main.and_then(|main| mark_article(main, page, roles));
    match marked {
        Some(main) => format!(
            "<!doctype html><html lang=\"{}\"><body>{}</body></html>",
            tera::escape_html(language),
            forms_as_blocks(&main)
        ),
        None => forms_as_blocks(html),
    }
}

/// `main` with its first article marked for Pagefind, unless the theme marked it itself.
fn mark_article(main: &str, page: &Page, roles: &[Role]) -> Option<String> {
    if main.contains("data-pagefind-body") {
        return Some(main.to_string());
    }
    let start = main.find("<article")? + "<article".len();
    let end = start + main[start..].find('>')? + 1;
    let escape = tera::escape_html;
    let mut meta = format!(
        "<div hidden data-pagefind-ignore><span data-pagefind-meta=\"title\">{}</span>",
        escape(&page.meta.title)
    );
    for role in &page.meta.roles {
        let title = escape(&role_title(roles, role));
        meta.push_str(&format!(
            "<span data-pagefind-filter=\"role\">{title}</span>"
        ));
    }
    for tag in &page.meta.tags {
        meta.push_str(&format!(
            "<span data-pagefind-filter=\"tag\">{}</span>",
            escape(tag)
        ));
    }
    meta.push_str("</div>");
    Some(format!(
        "{} data-pagefind-body data-pagefind-filter=\"kind:{}\"{}{meta}{}",
        &main[..start],
        page.kind.name(),
        &main[start..end],
        &main[end..]
    ))
}

/// `html` with every `<form>` turned into a `<div>`: Pagefind drops forms and all they hold,
/// and an assessment's questions (each a fieldset with its own id) live in one. Only the copy
/// Pagefind reads is changed; the form's controls' labels stay out (Pagefind drops `<label>`),
/// its legends (the questions) go in.
fn forms_as_blocks(html: &str) -> String {
    html.replace("<form ", "<div data-form ")
        .replace("<form>", "<div data-form>")
        .replace("</form>", "</div>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::KindData;
    use crate::content::Meta;

    fn page() -> Page {
        Page {
            source: "content/a.md".into(),
            content_path: "a.md".into(),
            url: "a/".into(),
            is_section: false,
            parent: None,
            children: Vec::new(),
            meta: Meta {
                title: "Trust & time".into(),
                roles: vec!["leaders".into(), "unknown".into()],
                tags: vec!["ethics".into()],
                ..Default::default()
            },
            kind: KindData::Page,
            body: String::new(),
            body_fingerprint: 0,
            body_line: 1,
            front_matter: String::new(),
            front_matter_line: 1,
            changed: None,
        }
    }

    #[test]
    fn the_copy_marks_the_article_with_the_pages_kind_title_roles_and_tags() {
        let roles = vec![Role {
            id: "leaders".into(),
            title: "Agency leadership".into(),
            responsibilities: Vec::new(),
            path: Vec::new(),
        }];
        let html = "<head><title>x</title></head><main><nav>crumbs</nav><article class=\"page\"><p>Text</p><form action=\"x\">Q</form></article></main><footer>f</footer>";
        assert_eq!(
            indexable_html(html, "en", &page(), &roles),
            "<!doctype html><html lang=\"en\"><body><main><nav>crumbs</nav><article \
             data-pagefind-body data-pagefind-filter=\"kind:page\" class=\"page\"><div hidden data-pagefind-ignore>\
             <span data-pagefind-meta=\"title\">Trust &amp; time</span>\
             <span data-pagefind-filter=\"role\">Agency leadership</span>\
             <span data-pagefind-filter=\"role\">unknown</span>\
             <span data-pagefind-filter=\"tag\">ethics</span></div><p>Text</p>\
             <div data-form action=\"x\">Q</div></article></main></body></html>"
        );
    }

    #[test]
    fn a_theme_that_marks_its_own_pages_or_has_no_main_is_left_alone() {
        let own = "<main><article data-pagefind-body>T</article></main>";
        assert!(indexable_html(own, "en", &page(), &[]).contains("<body>"));
        assert!(!indexable_html(own, "en", &page(), &[]).contains("data-pagefind-meta"));
        let bare = "<body><div>T</div></body>";
        assert_eq!(indexable_html(bare, "en", &page(), &[]), bare);
    }
}
