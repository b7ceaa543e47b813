//! Where catalogue files come from: a folder on disk, or the copy embedded in the binary.
//!
//! Both are turned into a [`Source`], a list of files with the path to show in messages and their
//! text, so the checker never cares where the bytes came from. Reading a folder never stops at the
//! first unreadable file: each one becomes a diagnostic and the others are still checked.

use crate::problem::{Diagnostic, Problem};
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One catalogue file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the catalogue folder, with `/` (`entities/imt.toml`).
    pub rel: String,
    /// The path to show in messages (`catalogue/entities/imt.toml`, `/etc/balcao/site/entities/x.toml`).
    pub display: String,
    /// The file's text.
    pub text: String,
}

/// The files of one catalogue folder.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The folder as shown in messages.
    pub root: String,
    /// The files, sorted by relative path so loading order (and thus diagnostics) is stable.
    pub files: Vec<SourceFile>,
    /// Problems met while reading (unreadable files, a missing folder).
    pub read_problems: Vec<Diagnostic>,
}

impl Source {
    /// The catalogue shipped inside the binary, shown as `catalogue/…`.
    pub fn embedded() -> Source {
        let files = embedded::FILES
            .iter()
            .map(|(rel, text)| SourceFile {
                rel: (*rel).to_string(),
                display: format!("catalogue/{rel}"),
                text: (*text).to_string(),
            })
            .collect();
        Source {
            root: "catalogue".into(),
            files,
            read_problems: Vec::new(),
        }
    }

    /// Builds a source from in-memory files (tests, and callers that fetched a catalogue bundle).
    pub fn from_files(root: &str, files: impl IntoIterator<Item = (String, String)>) -> Source {
        let mut files: Vec<SourceFile> = files
            .into_iter()
            .map(|(rel, text)| SourceFile {
                display: format!("{root}/{rel}"),
                rel,
                text,
            })
            .collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Source {
            root: root.to_string(),
            files,
            read_problems: Vec::new(),
        }
    }

    /// Reads every file of a catalogue folder: `*.toml` at the top and in `entities/`. Other files in
    /// those places are reported as unexpected (a misnamed `.tml`, a stray backup).
    pub fn read_dir(dir: &Path) -> Source {
        let shown = dir.display().to_string();
        // "dir/" and "dir" name the same folder; show "dir/catalogue.toml", never "dir//catalogue.toml".
        let root = if shown.len() > 1 {
            shown.trim_end_matches('/').to_string()
        } else {
            shown
        };
        let mut source = Source {
            root: root.clone(),
            ..Source::default()
        };
        let mut pending = Vec::new();
        for (sub, required) in [("", true), ("entities", false)] {
            let folder = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            let entries = match std::fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(e) => {
                    if required || folder.exists() {
                        source.read_problems.push(at_start(
                            &folder.display().to_string(),
                            Problem::Unreadable {
                                detail: e.to_string(),
                            },
                        ));
                    }
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = if sub.is_empty() {
                    name.clone()
                } else {
                    format!("{sub}/{name}")
                };
                let display = path.display().to_string();
                let is_toml = path.extension().is_some_and(|e| e == "toml");
                if !is_toml {
                    // A README or a licence beside the data is fine; anything else is probably a mistake.
                    if !name.ends_with(".md") && !name.starts_with('.') {
                        source
                            .read_problems
                            .push(at_start(&display, Problem::UnexpectedFile));
                    }
                    continue;
                }
                pending.push((rel, display, path));
            }
        }
        pending.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, display, path) in pending {
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => source.files.push(SourceFile { rel, display, text }),
                    Err(e) => source.read_problems.push(at_start(
                        &display,
                        Problem::Unreadable {
                            detail: format!("not UTF-8 text ({e})"),
                        },
                    )),
                },
                Err(e) => source.read_problems.push(at_start(
                    &display,
                    Problem::Unreadable {
                        detail: e.to_string(),
                    },
                )),
            }
        }
        source
    }

    /// The file with the given relative path.
    pub fn file(&self, rel: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.rel == rel)
    }
}

/// A diagnostic at the start of a file.
pub(crate) fn at_start(path: &str, problem: Problem) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        line: 1,
        column: 1,
        severity: problem.severity(),
        problem,
    }
}
