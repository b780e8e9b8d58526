//! A page's address: the URL path of a content file, slugs and the ids that must be slugs, and
//! the length a part of an address may have.

use super::kinds::Origin;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The longest part of a page's address, in bytes: each part is a folder name in the output,
/// and most file systems refuse names over 255 bytes.
const MAX_ADDRESS_PART: usize = 200;

/// A page's address must fit the file system: an error at its `slug:` (or its file) if not.
pub(super) fn check_address_length(url: &str, origin: &Origin<'_>) -> Result<(), Diagnostic> {
    let Some(part) = url.split('/').find(|p| p.len() > MAX_ADDRESS_PART) else {
        return Ok(());
    };
    let (shown, _) = part.split_at(part.floor_char_boundary(40));
    Err(Diagnostic::error(
        origin.path,
        format!(
            "the page's address `{shown}…` is {} bytes long; the most a part of an address can be is {MAX_ADDRESS_PART}",
            part.len()
        ),
    )
    .at_line(origin.line_of("slug"))
    .hint("give the page a shorter `slug:` (or a shorter file or folder name)"))
}

/// The URL path of a content file: `modules/Five.md` becomes `modules/five/`.
pub fn url_for(rel: &str, slug: Option<&str>) -> String {
    let without_ext = rel.trim_end_matches(".md");
    let mut parts: Vec<String> = without_ext.split('/').map(slugify).collect();
    if parts.last().is_some_and(|p| p == "_index" || p == "index") {
        parts.pop();
    } else if let (Some(slug), Some(last)) = (slug, parts.last_mut()) {
        *last = slugify(slug);
    }
    parts.retain(|p| !p.is_empty());
    parts.iter().map(|p| format!("{p}/")).collect()
}

/// Lowercases and turns anything but letters, digits, `_` and `-` into `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Whether `id` is a slug: lowercase letters (any script), digits and single hyphens inside,
/// like `child-welfare` or `café-2`. Ids of roles, tags, assessments, readings and competencies
/// must be, since they become addresses and anchors.
pub fn is_slug(id: &str) -> bool {
    let allowed =
        |c: char| (c.is_alphabetic() && !c.is_uppercase()) || c.is_ascii_digit() || c == '-';
    !id.is_empty()
        && id.chars().all(allowed)
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The error for an id that is not a slug (see [`is_slug`]); `what` names it ("role id").
pub fn not_a_slug(path: &Path, what: &str, id: &str) -> Diagnostic {
    let suggestion = slugify(id).replace('_', "-");
    let like = if is_slug(&suggestion) {
        format!(", like `{suggestion}`")
    } else {
        String::new()
    };
    Diagnostic::error(
        path,
        format!("the {what} `{id}` is not a valid id: ids may hold only lowercase letters, digits and hyphens"),
    )
    .hint(format!("write the id in lowercase with hyphens between words{like}"))
}
