//! File system errors in words an editor can act on: what happened first, the system's own
//! message after it (never an "(os error 2)" up front).

use std::io::{Error, ErrorKind};
use std::path::Path;

/// What went wrong with a file or folder, in plain words, then the system's message.
pub fn describe(err: &Error) -> String {
    format!("{} (system message: {err})", plain(err.kind()))
}

/// `path` with every byte that is not UTF-8 written as `\xNN`, so a name saved in another
/// encoding (`caf\xE9.md`) can be told apart from others, where `caf\u{fffd}.md` could not.
pub fn escaped(path: &Path) -> String {
    let mut shown = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    shown
}

/// The plain-words part of [`describe`].
fn plain(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotFound => "it does not exist",
        ErrorKind::PermissionDenied => {
            "permission was refused; check who owns it and its permissions"
        }
        ErrorKind::AlreadyExists => "something with that name is already there",
        ErrorKind::IsADirectory => "it is a folder, where a file was expected",
        ErrorKind::NotADirectory => "part of its path is a file, where a folder was expected",
        ErrorKind::DirectoryNotEmpty => "the folder is not empty",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "the disk is full",
        ErrorKind::ResourceBusy => "another program is using it; close it there and try again",
        ErrorKind::InvalidData => "it is not text in UTF-8; save it as UTF-8",
        ErrorKind::CrossesDevices => "it is on another disk",
        ErrorKind::FileTooLarge => "it is too large",
        ErrorKind::InvalidFilename => "its name is not allowed here",
        _ => "the system refused",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_before_the_system_message() {
        let err = std::fs::read("/no/such/file/here").unwrap_err();
        let text = describe(&err);
        assert!(
            text.starts_with("it does not exist (system message: "),
            "{text}"
        );
        let busy = describe(&Error::from(ErrorKind::ResourceBusy));
        assert!(busy.starts_with("another program is using it"), "{busy}");
    }

    #[cfg(unix)]
    #[test]
    fn names_not_in_utf8_show_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"content/caf\xe9 \xe2\x80\x94.md");
        assert_eq!(escaped(Path::new(name)), "content/caf\\xE9 \u{2014}.md");
    }
}
