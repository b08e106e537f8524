//! Shared test harness: copies a fixture site into a temp dir, runs the real `sitegen` binary
//! on it, and reads what it wrote.
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>` in a fresh temp dir.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixture(name), dir.path());
        TestSite { dir }
    }

    /// An empty site with just a `sitegen.toml`.
    pub fn with_config(toml: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("sitegen.toml"), toml).unwrap();
        TestSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Runs `sitegen <args>` with the site as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(
            sitegen()
                .args(args)
                .current_dir(self.path())
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .expect("run sitegen"),
        )
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--today", "2026-11-21"])
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let p = self.path().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }
}

pub fn sitegen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
