//! Half-written saves. Some editors save by truncating a file and then writing it, and a
//! rebuild can run in between and read an empty page. A rebuild that fails while a changed
//! file looks half-written (empty, or a page whose front matter is not yet complete) runs once
//! more after a short pause, before its errors are shown.

use std::path::Path;
use std::time::Duration;

/// How long to wait for the rest of a save before reading the files again.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Runs `attempt`; if it fails while one of `changed` (paths under `root`) looks half-written,
/// waits [`SETTLE`] and runs it once more.
pub fn retry_if_half_written<'a, T, E>(
    root: &Path,
    changed: impl IntoIterator<Item = &'a str>,
    mut attempt: impl FnMut() -> Result<T, E>,
) -> Result<T, E> {
    let first = attempt();
    if first.is_ok()
        || !changed
            .into_iter()
            .any(|rel| looks_half_written(&root.join(rel)))
    {
        return first;
    }
    std::thread::sleep(SETTLE);
    attempt()
}

/// Whether the file at `path` looks like a save caught half-way: empty, or a Markdown page
/// without a complete front matter (every page starts with one).
fn looks_half_written(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    if path.extension().is_none_or(|e| e != "md") {
        return false;
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    lines.next().map(str::trim_end) != Some("---") || !lines.any(|l| l.trim_end() == "---")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const PAGE: &str = "---\ntitle: Café\n---\nBody\n";

    /// A build stand-in: fails unless the page holds a whole front matter.
    fn reads_page(path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).unwrap();
        if text.starts_with("---\ntitle") && text.matches("---").count() == 2 {
            Ok(())
        } else {
            Err(format!("the file has no front matter: {text:?}"))
        }
    }

    #[test]
    fn a_truncated_page_finished_during_the_pause_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        std::fs::write(&page, "").unwrap();
        let attempts = Cell::new(0);
        let writer = {
            let page = page.clone();
            std::thread::spawn(move || {
                std::thread::sleep(SETTLE / 5);
                std::fs::write(page, PAGE).unwrap();
            })
        };
        let result = retry_if_half_written(dir.path(), ["a.md"], || {
            attempts.set(attempts.get() + 1);
            if attempts.get() == 1 {
                // The first read happens before the editor's write.
                let seen = reads_page(&page);
                assert!(seen.is_err());
                seen
            } else {
                reads_page(&page)
            }
        });
        writer.join().unwrap();
        assert_eq!(result, Ok(()));
        assert_eq!(attempts.get(), 2);
    }

    #[test]
    fn a_real_mistake_is_reported_after_one_retry_only_when_it_looks_half_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("whole.md"), PAGE).unwrap();
        std::fs::write(dir.path().join("open.md"), "---\ntitle: x\n").unwrap();
        let attempts = Cell::new(0);
        let failing = || {
            attempts.set(attempts.get() + 1);
            Err::<(), _>("broken link")
        };
        assert!(retry_if_half_written(dir.path(), ["whole.md"], failing).is_err());
        assert_eq!(attempts.get(), 1, "a complete file is not read again");
        assert!(retry_if_half_written(dir.path(), ["open.md"], failing).is_err());
        assert_eq!(
            attempts.get(),
            3,
            "an unfinished front matter is read once more"
        );
    }
}
