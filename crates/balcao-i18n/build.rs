//! Embeds every Fluent file under `locales/<lang>/` so adding a file needs no code change.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::new();
    for lang in ["pt-PT", "en"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(lang))
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let name = lang.replace('-', "_").to_uppercase();
        let _ = writeln!(out, "/// The Fluent files of `{lang}`: file name and contents.");
        let _ = writeln!(out, "pub static {name}: &[(&str, &str)] = &[");
        for f in files {
            let file = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    ({file:?}, include_str!({:?})),",
                f.display().to_string()
            );
        }
        out.push_str("];\n");
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("locales.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
