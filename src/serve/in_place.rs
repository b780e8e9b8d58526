//! Writing the served site in place: after an incremental rebuild only the files whose bytes
//! changed are rewritten, each one atomically (a hidden temporary file renamed over it), so
//! the server never sends a half-written page; files a rebuild no longer makes are removed.
//!
//! What is on disk is remembered as a hash per path, not as bytes, to keep the memory of a
//! large site's second copy small.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The generated files in the output folder, by path, with a hash of their bytes.
pub struct OutputState {
    dir: PathBuf,
    hashes: HashMap<String, blake3::Hash>,
}

impl OutputState {
    /// The state right after a full build wrote `files` into `dir`.
    pub fn after_full_build<'a>(
        dir: &Path,
        files: impl Iterator<Item = &'a OutputFile>,
    ) -> OutputState {
        let files: Vec<&OutputFile> = files.collect();
        let hashes = files
            .par_iter()
            .map(|f| (f.path.clone(), blake3::hash(&f.bytes)))
            .collect();
        OutputState {
            dir: dir.to_path_buf(),
            hashes,
        }
    }

    /// Writes those of `files` whose bytes differ from what is on disk; returns how many.
    pub fn write_changed(&mut self, files: &[OutputFile]) -> Result<usize, Diagnostics> {
        let changed: Vec<(&OutputFile, blake3::Hash)> = files
            .par_iter()
            .map(|f| (f, blake3::hash(&f.bytes)))
            .filter(|(f, hash)| self.hashes.get(&f.path) != Some(hash))
            .collect();
        changed
            .par_iter()
            .map(|(file, _)| write_atomically(&self.dir, file))
            .collect::<Result<Vec<()>, Diagnostics>>()?;
        for (file, hash) in &changed {
            self.hashes.insert(file.path.clone(), *hash);
        }
        Ok(changed.len())
    }

    /// Makes the generated files exactly `files` plus the paths in `also_kept` (left as they
    /// are): writes what changed and removes files no longer generated (the old search index
    /// chunks and offline file list, say). Returns how many files were written or removed.
    pub fn sync(
        &mut self,
        files: &[OutputFile],
        also_kept: &HashSet<String>,
    ) -> Result<usize, Diagnostics> {
        let written = self.write_changed(files)?;
        let listed: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = self
            .hashes
            .keys()
            .filter(|path| !listed.contains(path.as_str()) && !also_kept.contains(*path))
            .cloned()
            .collect();
        for path in &gone {
            let target = self.dir.join(path);
            match std::fs::remove_file(&target) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(io_error(&target, &err)),
            }
            self.hashes.remove(path);
        }
        Ok(written + gone.len())
    }
}

/// Writes `file` under `dir` through a temporary file renamed into place.
fn write_atomically(dir: &Path, file: &OutputFile) -> Result<(), Diagnostics> {
    let target = dir.join(&file.path);
    let parent = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|err| io_error(parent, &err))?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.partnerkit-new"));
    std::fs::write(&temporary, &file.bytes).map_err(|err| io_error(&temporary, &err))?;
    std::fs::rename(&temporary, &target).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        io_error(&target, &err)
    })
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(
            path,
            format!("cannot write here: {}", crate::fs_words::describe(err)),
        )
        .hint("check that the serve folder is writable and the disk is not full"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = vec![
            OutputFile::new("a/index.html", "a"),
            OutputFile::new("old.json", "old"),
        ];
        std::fs::create_dir_all(out.join("a")).unwrap();
        for f in &first {
            std::fs::write(out.join(&f.path), &f.bytes).unwrap();
        }
        let mut state = OutputState::after_full_build(&out, first.iter());
        let next = vec![OutputFile::new("new.json", "new")];
        let pages = HashSet::from(["a/index.html".to_string()]);
        assert_eq!(
            state.sync(&next, &pages).unwrap(),
            2,
            "one written, one removed"
        );
        assert!(out.join("a/index.html").exists(), "kept");
        assert!(!out.join("old.json").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("new.json")).unwrap(),
            "new"
        );
        assert_eq!(state.write_changed(&next).unwrap(), 0);
        let names: Vec<_> = std::fs::read_dir(out.join("a")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }
}
