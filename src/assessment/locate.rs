//! Finds the front matter line an assessment problem is about, so diagnostics point at the
//! exact `id:`, `label:` or `scale:` a reader has to fix rather than at the page's start.

use crate::content::kinds::Origin;

/// The file line of the `nth` (0-based) front matter line at or after file line `from` that
/// holds `key: value` with exactly that value (`id: a` does not match `id: ab`).
pub fn key_value_line(
    origin: &Origin<'_>,
    key: &str,
    value: &str,
    nth: usize,
    from: Option<usize>,
) -> Option<usize> {
    let needle = format!("{key}: {value}");
    origin
        .yaml
        .lines()
        .enumerate()
        .map(|(index, line)| (origin.yaml_line + index, line))
        .filter(|(number, _)| from.is_none_or(|start| *number >= start))
        .filter(|(_, line)| holds_exactly(line, &needle))
        .nth(nth)
        .map(|(number, _)| number)
}

/// True if `needle` occurs in `line` as a whole `key: value` (not inside a longer word).
fn holds_exactly(line: &str, needle: &str) -> bool {
    line.match_indices(needle).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + needle.len()..].chars().next();
        let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        !before.is_some_and(word) && after.is_none_or(|c| matches!(c, ',' | '}' | ' ' | '#' | '\r'))
    })
}

#[cfg(test)]
mod tests {
    use super::holds_exactly;

    #[test]
    fn matches_whole_values_only() {
        assert!(holds_exactly("  - {id: a, type: scale}", "id: a"));
        assert!(holds_exactly("  - id: a", "id: a"));
        assert!(!holds_exactly("  - id: ab", "id: a"));
        assert!(!holds_exactly("  - grid: a", "id: a"));
        assert!(holds_exactly("    - {label: Some}", "label: Some"));
        assert!(!holds_exactly("    - {label: Somewhat}", "label: Some"));
    }
}
