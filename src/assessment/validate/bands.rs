//! Checks of score bands, for a section or the whole assessment: in order, and covering every
//! possible score exactly once, so the browser can always name the band a score falls in.

use crate::assessment::model::Band;
use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;

/// Bands must run in order from the lowest to the highest score, each starting where the last
/// one ended. `owner` names the section (or "overall") and the bands' path in the front matter;
/// `owner_line` is the line problems point at when a band's own line is unknown.
pub(super) fn check_bands(
    bands: &[Band],
    (low, high): (f64, f64),
    origin: &Origin<'_>,
    (owner, path): (&str, String),
    owner_line: Option<usize>,
) -> Vec<Diagnostic> {
    let (Some(first), Some(last)) = (bands.first(), bands.last()) else {
        return Vec::new();
    };
    let site = BandSite {
        origin,
        bands,
        path,
        owner,
        owner_line,
        low,
        high,
    };
    let mut problems: Vec<Diagnostic> = bands
        .iter()
        .flat_map(|band| check_band(&site, band))
        .collect();
    problems.extend(check_band_ends(&site, first, last));
    problems.extend(
        bands
            .windows(2)
            .filter_map(|pair| check_band_seam(&site, &pair[0], &pair[1])),
    );
    problems
}

/// One list of bands under check: who owns it, where, and the scores it must cover.
struct BandSite<'a> {
    origin: &'a Origin<'a>,
    bands: &'a [Band],
    path: String,
    owner: &'a str,
    owner_line: Option<usize>,
    low: f64,
    high: f64,
}

impl BandSite<'_> {
    /// A problem with `band`, at its label's line, or else the owner's.
    fn error(&self, band: &Band, message: String) -> Diagnostic {
        let (low, high) = (self.low, self.high);
        let index = self.bands.iter().position(|b| std::ptr::eq(b, band));
        let line = index
            .and_then(|i| self.origin.line_of(&format!("{}[{i}].label", self.path)))
            .or(self.owner_line);
        Diagnostic::error(self.origin.path, format!("{} bands: {message}", self.owner))
            .at_line(line)
            .hint(format!(
                "bands must run from {low} to {high}, each `min` equal to the previous `max`"
            ))
    }
}

/// A band must be non-empty and lie within the possible scores.
fn check_band(site: &BandSite<'_>, band: &Band) -> Vec<Diagnostic> {
    let (low, high) = (site.low, site.high);
    let mut problems = Vec::new();
    if band.min >= band.max {
        problems.push(site.error(
            band,
            format!(
                "`{}` has min {} not below max {}",
                band.label, band.min, band.max
            ),
        ));
    }
    if band.min < low || band.max > high {
        problems.push(site.error(
            band,
            format!(
                "`{}` ({} to {}) lies outside the possible scores {low} to {high}",
                band.label, band.min, band.max
            ),
        ));
    }
    problems
}

/// The first band must start at the lowest score and the last end at the highest.
fn check_band_ends(site: &BandSite<'_>, first: &Band, last: &Band) -> Vec<Diagnostic> {
    let (low, high) = (site.low, site.high);
    let mut problems = Vec::new();
    if first.min != low {
        problems.push(site.error(
            first,
            format!(
                "the first band starts at {}, so scores from {low} have no band",
                first.min
            ),
        ));
    }
    if last.max != high {
        problems.push(site.error(
            last,
            format!(
                "the last band ends at {}, so scores up to {high} have no band",
                last.max
            ),
        ));
    }
    problems
}

/// Each band must start exactly where the one before it ends: no gap, no overlap.
fn check_band_seam(site: &BandSite<'_>, before: &Band, after: &Band) -> Option<Diagnostic> {
    if after.min > before.max {
        Some(site.error(
            after,
            format!(
                "a gap between {} and {}: no band covers it",
                before.max, after.min
            ),
        ))
    } else if after.min < before.max {
        Some(site.error(
            after,
            format!(
                "`{}` overlaps `{}` between {} and {}",
                after.label, before.label, after.min, before.max
            ),
        ))
    } else {
        None
    }
}
