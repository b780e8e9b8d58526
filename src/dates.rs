//! When each page last changed, for "Last updated" and the sitemap's `<lastmod>`: the date of
//! the file's last commit when the site is a git checkout (one `git log` for the whole
//! `content/` folder), else the file's modification time. A page's own `updated:` front
//! matter date wins over both (see `PageView`).
//!
//! Dates are ISO `YYYY-MM-DD` strings, the form front matter and sitemaps use; [`label`]
//! writes them out for readers ("4 December 2026").

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::UNIX_EPOCH;

/// The date a file was last modified, from the file system; `None` if it cannot be read.
pub fn modified(path: &Path) -> Option<String> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// The date of the last commit of every file under `content/` that git knows, by path inside
/// `content/` (`modules/five.md`); empty when `root` is not a git checkout or git is missing.
pub fn last_commits(root: &Path) -> HashMap<String, String> {
    // --relative: paths relative to `root`, even when the repository starts higher up.
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x1e%cI",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            crate::content::CONTENT_DIR,
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        _ => HashMap::new(),
    }
}

/// Reads `git log --format=%x1e%cI --name-only` output, newest commit first: each file keeps
/// the date of the first (newest) commit that names it.
fn parse_log(log: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let prefix = format!("{}/", crate::content::CONTENT_DIR);
    for commit in log.split('\u{1e}').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = lines.next().and_then(|d| d.get(..10)) else {
            continue;
        };
        for file in lines.filter_map(|l| l.trim().strip_prefix(&prefix)) {
            dates
                .entry(unquote(file))
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

/// git quotes paths with unusual characters (`"caf\303\251.md"`) unless core.quotePath is off;
/// such a path is decoded back to UTF-8.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some(d @ '0'..='7') => {
                let mut value = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    if let Some(next) = chars.peek().and_then(|n| n.to_digit(8)) {
                        value = value * 8 + next;
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some('n') => bytes.push(b'\n'),
            Some('t') => bytes.push(b'\t'),
            Some(other) => bytes.push(other as u8),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// True for a real calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let (year, month, day): (i64, u32, u32) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return false,
    };
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An ISO date for readers: `2026-12-04` → `4 December 2026`; other text as it is.
pub fn label(iso: &str) -> String {
    if !is_iso_date(iso) {
        return iso.to_string();
    }
    let month: usize = iso[5..7].parse().unwrap_or(1);
    let day: u32 = iso[8..10].parse().unwrap_or(1);
    format!("{day} {} {}", MONTHS[month - 1], &iso[..4])
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_newest_commit_naming_a_file_gives_its_date() {
        let log = "\u{1e}2026-03-02T10:00:00+01:00\n\ncontent/a.md\ncontent/\"caf\\303\\251.md\"\n\
                   \u{1e}2025-01-01T09:00:00+00:00\n\ncontent/a.md\ncontent/b.md\nREADME.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["a.md"], "2026-03-02");
        assert_eq!(dates["café.md"], "2026-03-02");
        assert_eq!(dates["b.md"], "2025-01-01");
        assert_eq!(dates.len(), 3, "README.md is not content");
    }

    #[test]
    fn dates_are_checked_and_written_out() {
        assert!(is_iso_date("2024-02-29"));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-05",
            "May 2026",
            "",
            "2026-05-01T10",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        assert_eq!(label("2026-12-04"), "4 December 2026");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    proptest! {
        #[test]
        fn reading_any_log_or_date_never_panics(log in "\\PC*", date in "\\PC{0,12}") {
            let _ = parse_log(&log);
            let _ = unquote(&log);
            let _ = label(&date);
        }
    }
}
