//! The print page of a staged build: its template output with a mark in the body's place,
//! written with the articles spooled to a file (in reading order) copied in at the mark.

use super::BODY_MARK;
use crate::build::Prepared;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{io_error, Staging};
use crate::print::{self, Printer};
use std::fs::File;
use std::io::{BufWriter, Seek, Write};

/// The print page's template output, with [`BODY_MARK`] in the body's place.
pub(super) struct PrintPage<'a> {
    pub(super) html: &'a str,
    pub(super) printer: &'a Printer<'a>,
    /// The stylesheets it was rendered with.
    pub(super) stylesheets: &'a [String],
}

impl PrintPage<'_> {
    /// Writes the print page, the spooled articles in the body's place. A theme whose
    /// `print.html` does not show the body exactly once, as it is, gets it rendered again with
    /// the body in memory, so any template renders as in the in-memory build.
    pub(super) fn write(
        &self,
        staging: &Staging,
        spool: &mut File,
        prepared: &Prepared,
    ) -> Result<(), Diagnostics> {
        let target = staging.dir().join(print::PAGE);
        spool.rewind().map_err(|e| spool_error(&e))?;
        if let (Some((head, tail)), 1) = (
            self.html.split_once(BODY_MARK),
            self.html.matches(BODY_MARK).count(),
        ) {
            let folder = target.parent().unwrap_or(staging.dir());
            std::fs::create_dir_all(folder).map_err(|e| io_error(folder, &e))?;
            let file = File::create(&target).map_err(|e| io_error(&target, &e))?;
            let mut out = BufWriter::new(file);
            return out
                .write_all(head.as_bytes())
                .and_then(|()| std::io::copy(spool, &mut out).map(|_| ()))
                .and_then(|()| out.write_all(tail.as_bytes()))
                .and_then(|()| out.flush())
                .map_err(|e| io_error(&target, &e));
        }
        let mut body = String::new();
        std::io::Read::read_to_string(spool, &mut body).map_err(|e| spool_error(&e))?;
        let (site, templates) = (&prepared.site, &prepared.templates);
        let html = self
            .printer
            .page_html(site, templates, body, self.stylesheets.to_vec())?;
        staging.write_one(print::PAGE, html.as_bytes())
    }
}

pub(super) fn spool_error(err: &std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!(
                "cannot keep the print page's text while building: {}",
                crate::fs_words::describe(err)
            ),
        )
        .hint("check there is free disk space beside the output folder"),
    )
}
