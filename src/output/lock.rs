//! One build at a time per output folder.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// Held while a build writes its output: an advisory lock (`flock`) on `.<name>.sitegen-lock`
/// beside the output folder, which holds the pid of the build that has it. Two builds into one
/// output would otherwise each take the other's temporary folder for a killed build's and
/// remove it. The file goes when the build is done; the kernel frees the lock of a killed one.
pub(super) struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

impl OutputLock {
    pub(super) fn take(output: &Path) -> Result<OutputLock, Diagnostic> {
        use std::io::{Read, Write};
        let name = output.file_name().unwrap_or_default().to_string_lossy();
        let path = output.with_file_name(format!(".{name}.sitegen-lock"));
        let fail = |e: std::io::Error| {
            Diagnostic::error("write", format!("cannot lock {}: {e}", path.display()))
        };
        // Again if the build before removed the file between our open and our lock.
        for _ in 0..100 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(fail)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    let pid = pid.trim();
                    let who = if pid.is_empty() {
                        String::new()
                    } else {
                        format!(" (pid {pid})")
                    };
                    return Err(Diagnostic::error(
                        "output-locked",
                        format!(
                            "another build is writing {}{who}: wait for it to finish",
                            output.display()
                        ),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            file.set_len(0).map_err(fail)?;
            write!(file, "{}", std::process::id()).map_err(fail)?;
            return Ok(OutputLock { file, path });
        }
        Err(fail(std::io::Error::other("it keeps being replaced")))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while held; the lock goes with the file handle right after.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether `path` is still the file `file` has open.
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    path.exists()
}
