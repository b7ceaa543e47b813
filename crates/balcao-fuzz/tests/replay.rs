//! Replays every fuzz corpus once: each file of `fuzz/corpus/<target>/` through its target's function.
//!
//! This is how CI runs the fuzzers' findings without running a fuzzer: every input the fuzzer kept
//! (seeds, inputs that reached new code, and the crashes found and fixed, which are added to the
//! corpus) must still pass every invariant. It takes seconds. The fuzzing itself, for minutes per
//! target, is `scripts/fuzz`, run by hand. A second test keeps `TARGETS`, the corpora and the
//! cargo-fuzz binaries in step, so a target cannot be added to one and forgotten in another.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_fuzz::TARGETS;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A corpus stays small enough to keep in the repository: `scripts/fuzz --minimize` shrinks one.
const MAX_FILES: usize = 200;
const MAX_BYTES: u64 = 512 * 1024;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn corpus(target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join("corpus").join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_input_keeps_its_target_s_invariants() {
    let mut failed = Vec::new();
    let mut replayed = 0;
    for target in TARGETS {
        for file in corpus(target.name) {
            let data = std::fs::read(&file).unwrap();
            if std::panic::catch_unwind(|| (target.run)(&data)).is_err() {
                failed.push(format!("{}: {}", target.name, file.display()));
            }
            replayed += 1;
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {replayed} corpus inputs break an invariant (each one's panic is printed above; \
         reproduce one with `scripts/fuzz --replay <file>`):\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert!(replayed >= TARGETS.len(), "only {replayed} inputs replayed");
}

#[test]
fn every_target_has_a_corpus_and_a_fuzzer_binary_and_nothing_else_does() {
    let names: BTreeSet<&str> = TARGETS.iter().map(|t| t.name).collect();
    assert_eq!(names.len(), TARGETS.len(), "a target name is used twice");
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    for name in &names {
        assert!(balcao_fuzz::target(name).is_some());
        let files = corpus(name);
        assert!(!files.is_empty(), "fuzz/corpus/{name}/ has no seed input");
        assert!(
            files.len() <= MAX_FILES,
            "fuzz/corpus/{name}/ has {} files",
            files.len()
        );
        let bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
        assert!(bytes <= MAX_BYTES, "fuzz/corpus/{name}/ holds {bytes} bytes");
        let entry = std::fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("fuzz/fuzz_targets/{name}.rs is missing"));
        assert!(
            entry.contains(&format!("balcao_fuzz::{name}(data)")),
            "fuzz/fuzz_targets/{name}.rs does not call balcao_fuzz::{name}"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"\npath = \"fuzz_targets/{name}.rs\"")),
            "fuzz/Cargo.toml has no [[bin]] for {name}"
        );
    }
    let listed = |dir: &str, strip: &str| -> BTreeSet<String> {
        std::fs::read_dir(fuzz_dir().join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().trim_end_matches(strip).to_owned())
            .collect()
    };
    let names: BTreeSet<String> = names.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(
        listed("fuzz_targets", ".rs"),
        names,
        "fuzz/fuzz_targets/ and TARGETS differ"
    );
    assert_eq!(listed("corpus", ""), names, "fuzz/corpus/ and TARGETS differ");
}
