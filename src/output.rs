//! Stage 6, write: put every built file into a fresh folder beside the output, then swap it in.
//!
//! Building beside the output and renaming at the end means a failed build (or one stopped
//! half-way) never leaves a half-written site: the previous `public/` stays byte for byte.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{fs_words, output_folder};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A file of the built site: its path inside the output and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A file copied from disk into the output as it is.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub source: PathBuf,
    pub path: String,
}

/// A staging folder beside the output, made private and under an unpredictable name (so no
/// other user can plant files in it or race its creation); removed on drop unless swapped in.
pub struct Staging {
    /// Taken by [`Staging::swap_in`]; otherwise removed when the staging is dropped.
    dir: Option<tempfile::TempDir>,
    output: PathBuf,
    /// The output's parent folders this staging made because they were missing, deepest
    /// first: a build that fails removes them again, so it leaves nothing it made behind.
    made_parents: Vec<PathBuf>,
}

impl Staging {
    /// Creates `.<name>-build-XXXXXX` beside `output`, holding the output marker file.
    pub fn create(output: &Path) -> Result<Staging, Diagnostics> {
        let parent = beside(output);
        // An output folder may be named inside folders that do not exist yet (as before
        // staging moved beside it): make them, or the staging folder has nowhere to go.
        let made_parents: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        let mut staging = Staging {
            dir: None,
            output: output.to_path_buf(),
            made_parents,
        };
        if !staging.made_parents.is_empty() {
            std::fs::create_dir_all(parent).map_err(|err| io_error(parent, &err))?;
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}-build-", output_name(output)))
            .tempdir_in(parent)
            .map_err(|err| io_error(parent, &err))?;
        let marker = dir.path().join(output_folder::MARKER);
        staging.dir = Some(dir);
        std::fs::write(&marker, output_folder::MARKER_TEXT)
            .map_err(|err| io_error(&marker, &err))?;
        Ok(staging)
    }

    pub fn dir(&self) -> &Path {
        // Only `swap_in` (which consumes the staging) and `drop` take the folder.
        self.dir
            .as_ref()
            .map_or(Path::new(""), tempfile::TempDir::path)
    }

    /// Writes generated and copied files into the staging folder, in parallel.
    pub fn write(&self, files: &[OutputFile], copies: &[CopiedFile]) -> Result<(), Diagnostics> {
        let written = files.par_iter().map(|f| self.write_one(&f.path, &f.bytes));
        let copied = copies.par_iter().map(|c| {
            let target = self.dir().join(&c.path);
            ensure_parent(&target)?;
            std::fs::copy(&c.source, &target)
                .map(|_| ())
                .map_err(|err| io_error(&c.source, &err))
        });
        let failures: Vec<Diagnostics> = written.chain(copied).filter_map(Result::err).collect();
        let problems: Diagnostics = failures
            .iter()
            .flat_map(Diagnostics::iter)
            .cloned()
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Writes one file into the staging folder at `path`, making its folders.
    pub fn write_one(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        let target = self.dir().join(path);
        ensure_parent(&target)?;
        std::fs::write(&target, bytes).map_err(|err| io_error(&target, &err))
    }

    /// Replaces the output with the staging folder: the old output is moved aside first (into
    /// a private folder of its own, removed afterwards), so the output path always holds a
    /// complete site.
    pub fn swap_in(mut self) -> Result<(), Diagnostics> {
        let parent = beside(&self.output);
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{}-old-", output_name(&self.output)))
            .tempdir_in(parent)
            .map_err(|err| io_error(parent, &err))?;
        let old = aside.path().join("site");
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old).map_err(|err| io_error(&self.output, &err))?;
        }
        // The staging folder was made private; the published site is readable as usual.
        let _ = set_readable(self.dir());
        if let Err(err) = std::fs::rename(self.dir(), &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(io_error(&self.output, &err));
        }
        // Now at the output path, the folder must not be removed with its old name.
        if let Some(dir) = self.dir.take() {
            let _ = dir.keep();
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The staging folder first (unless swapped in), then the parents made for it, each only
        // if empty: after a successful swap they hold the site and stay.
        drop(self.dir.take());
        for folder in &self.made_parents {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

/// The folder the output sits in, where staging folders are made (so renames stay on one disk).
fn beside(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The output folder's own name, for the names of the folders made beside it.
fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned())
}

/// Gives a folder the usual permissions (tempfile makes it readable by its owner only).
#[cfg(unix)]
fn set_readable(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_readable(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn ensure_parent(path: &Path) -> Result<(), Diagnostics> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|err| io_error(parent, &err)),
        None => Ok(()),
    }
}

/// A file or folder that cannot be written, in plain words.
pub(crate) fn io_error(path: &Path, err: &std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(
            path,
            format!("cannot write here: {}", fs_words::describe(err)),
        )
        .hint("check that the output folder is writable and the disk is not full"),
    )
}

/// `sitemap.xml` listing every page's absolute URL, with the date it last changed
/// (`YYYY-MM-DD`) when known, in a stable order.
pub fn sitemap(urls: &[(String, Option<&str>)]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, changed) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&html_escape::encode_text(url));
        xml.push_str("</loc>");
        if let Some(date) = changed {
            xml.push_str("<lastmod>");
            xml.push_str(&html_escape::encode_text(date));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt` allowing everything and pointing at the sitemap.
pub fn robots(absolute_base: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {absolute_base}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_output_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("old.html"), "old").unwrap();
        let staging = Staging::create(&output).unwrap();
        staging
            .write(&[OutputFile::new("a/index.html", "new")], &[])
            .unwrap();
        staging.swap_in().unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }

    #[test]
    fn a_failed_build_removes_the_parent_folders_it_made_and_a_swap_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("new/deeper/public");
        drop(Staging::create(&output).unwrap());
        assert!(
            !dir.path().join("new").exists(),
            "made for a build that failed"
        );
        let staging = Staging::create(&output).unwrap();
        staging
            .write(&[OutputFile::new("index.html", "x")], &[])
            .unwrap();
        staging.swap_in().unwrap();
        assert!(output.join("index.html").exists());
    }

    #[test]
    fn dropped_staging_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("keep.html"), "keep").unwrap();
        drop(Staging::create(&output).unwrap());
        assert_eq!(
            std::fs::read_to_string(output.join("keep.html")).unwrap(),
            "keep"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
