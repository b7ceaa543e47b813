//! Architecture invariants that code review alone would let slip, checked from `cargo metadata`.
//!
//! **Architecture invariant:** `balcao-core` depends on no UI, database, network, async or filesystem
//! crate. We check it two ways: the core's direct dependencies must be on a short allow-list, and its
//! whole resolved dependency tree must contain none of the crates that would bring those concerns in.
//! A source scan also refuses `std::fs`, `std::net` and `std::process` in the core.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cargo_metadata::{DependencyKind, Metadata, MetadataCommand, Package, PackageId};
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn metadata() -> Metadata {
    MetadataCommand::new()
        .manifest_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
        .exec()
        .expect("cargo metadata runs")
}

/// Crates whose presence means UI, database, network, async or filesystem code.
const FORBIDDEN: &[&str] = &[
    // UI
    "egui",
    "eframe",
    "winit",
    "wgpu",
    "glow",
    "glutin",
    "accesskit",
    "image",
    // database
    "rusqlite",
    "libsqlite3-sys",
    "sqlx",
    "postgres",
    "tokio-postgres",
    "diesel",
    "sled",
    "redb",
    // network
    "reqwest",
    "hyper",
    "axum",
    "ureq",
    "curl",
    "rustls",
    "native-tls",
    "socket2",
    "tonic",
    // async
    "tokio",
    "async-std",
    "smol",
    "futures",
    "futures-util",
    "mio",
    "tower",
    // filesystem
    "walkdir",
    "tempfile",
    "notify",
    "include_dir",
    "dirs",
    "directories",
    "fs-err",
    "memmap2",
    "keyring",
];

/// The only direct dependencies the core may have: serialisation, and the time zones of the spots
/// (jiff with its own copy of the tz database: no file is read).
const CORE_ALLOWED: &[&str] = &["serde", "jiff"];

/// Every package reachable from `root` through normal (non-dev, non-build) dependencies.
fn normal_closure<'a>(meta: &'a Metadata, root: &PackageId) -> Vec<&'a Package> {
    let resolve = meta.resolve.as_ref().expect("metadata has a resolve graph");
    let nodes: HashMap<&PackageId, _> = resolve.nodes.iter().map(|n| (&n.id, n)).collect();
    let packages: HashMap<&PackageId, &Package> = meta.packages.iter().map(|p| (&p.id, p)).collect();
    let mut seen: HashSet<&PackageId> = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in &nodes[id].deps {
            if dep.dep_kinds.iter().any(|k| k.kind == DependencyKind::Normal) {
                stack.push(&dep.pkg);
            }
        }
    }
    seen.into_iter()
        .filter(|id| *id != root)
        .map(|id| packages[id])
        .collect()
}

fn core(meta: &Metadata) -> &Package {
    meta.packages
        .iter()
        .find(|p| p.name.as_str() == "balcao-core")
        .expect("balcao-core is a workspace member")
}

#[test]
fn the_core_has_only_allowed_direct_dependencies() {
    let meta = metadata();
    let core = core(&meta);
    for dep in core
        .dependencies
        .iter()
        .filter(|d| d.kind == DependencyKind::Normal)
    {
        assert!(
            CORE_ALLOWED.contains(&dep.name.as_str()),
            "balcao-core may not depend on `{}`: the domain core stays free of UI, database, network, \
             async and filesystem code (see ARCHITECTURE.md)",
            dep.name
        );
    }
}

#[test]
fn the_core_pulls_in_no_forbidden_crate() {
    let meta = metadata();
    let closure = normal_closure(&meta, &core(&meta).id);
    assert!(
        closure.iter().any(|p| p.name.as_str() == "serde"),
        "the closure walk found serde"
    );
    for p in closure {
        assert!(
            !FORBIDDEN.contains(&p.name.as_str()),
            "balcao-core reaches `{}` through its dependencies",
            p.name
        );
    }
}

#[test]
fn the_closure_walk_can_see_a_forbidden_crate() {
    // Guard against a vacuous pass: the app's binary does reach crates outside the core's allow-list
    // (clap), so the same walk must find them.
    let meta = metadata();
    let app = meta
        .packages
        .iter()
        .find(|p| p.name.as_str() == "balcao")
        .expect("balcao is a member");
    let closure = normal_closure(&meta, &app.id);
    assert!(closure.iter().any(|p| p.name.as_str() == "clap"));
}

#[test]
fn the_core_source_does_no_io() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/balcao-core/src");
    let mut files = 0;
    // Every `.rs` file, in subfolders too (a module's tests live in `module/tests.rs`).
    let mut paths = Vec::new();
    let mut folders = vec![src];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            if entry.path().is_dir() {
                folders.push(entry.path());
            } else if entry.path().extension().is_some_and(|e| e == "rs") {
                paths.push(entry.path());
            }
        }
    }
    for path in paths {
        let entry = &path;
        let text = std::fs::read_to_string(entry).unwrap();
        for banned in [
            "std::fs",
            "std::net",
            "std::process",
            "std::env",
            "std::time::SystemTime",
        ] {
            assert!(!text.contains(banned), "{} uses {banned}", entry.display());
        }
        files += 1;
    }
    assert!(files >= 5, "read {files} core files");
}

#[test]
fn every_workspace_crate_opts_into_the_workspace_lints() {
    let meta = metadata();
    for p in meta.workspace_packages() {
        let manifest = std::fs::read_to_string(&p.manifest_path).unwrap();
        assert!(
            manifest.contains("[lints]\nworkspace = true"),
            "{} must say `[lints] workspace = true`",
            p.manifest_path
        );
    }
}

#[test]
fn third_party_versions_are_pinned_once_in_the_workspace() {
    let meta = metadata();
    for p in meta.workspace_packages() {
        let manifest = std::fs::read_to_string(&p.manifest_path).unwrap();
        let table: toml_like::Doc = toml_like::parse(&manifest);
        for (section, name, line) in table.dependency_lines() {
            assert!(
                line.contains("workspace = true") || line.contains("path ="),
                "{}: [{section}] {name} must use `{{ workspace = true }}` (versions are pinned in the root Cargo.toml)",
                p.manifest_path
            );
        }
    }
}

/// Just enough manifest reading for the pinning rule, without a TOML dependency in this test crate.
mod toml_like {
    pub struct Doc {
        lines: Vec<(String, String)>,
    }

    pub fn parse(text: &str) -> Doc {
        let mut section = String::new();
        let mut lines = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                section = t.trim_matches(['[', ']']).to_string();
            } else if !t.is_empty() && !t.starts_with('#') {
                lines.push((section.clone(), t.to_string()));
            }
        }
        Doc { lines }
    }

    impl Doc {
        pub fn dependency_lines(&self) -> impl Iterator<Item = (&str, &str, &str)> {
            self.lines
                .iter()
                .filter(|(s, _)| s.ends_with("dependencies"))
                .map(|(s, l)| {
                    let name = l.split('=').next().unwrap_or("").trim();
                    (s.as_str(), name, l.as_str())
                })
        }
    }
}

/// The modules of `balcao-app` that hold the state and the code that changes it, and which of them
/// each one names in code (comments aside).
fn app_state_modules() -> std::collections::BTreeMap<String, Vec<String>> {
    const MODULES: [&str; 14] = [
        "state",
        "catalogue_state",
        "catalogue_update",
        "daycheck_state",
        "daycheck",
        "followup",
        "cash_state",
        "session_state",
        "rights_state",
        "rights",
        "env",
        "cash",
        "session",
        "command",
    ];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/balcao-app/src");
    MODULES
        .iter()
        .map(|module| {
            let text = std::fs::read_to_string(src.join(format!("{module}.rs"))).unwrap();
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let uses = MODULES
                .iter()
                .filter(|other| *other != module)
                .filter(|other| {
                    let needle = format!("crate::{other}");
                    code.match_indices(&needle).any(|(i, _)| {
                        // `crate::cash` must not match `crate::cash_state`.
                        !code[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
                })
                .map(|other| (*other).to_owned())
                .collect();
            ((*module).to_owned(), uses)
        })
        .collect()
}

#[test]
fn the_app_s_state_and_the_code_that_changes_it_depend_one_way() {
    let graph = app_state_modules();
    // Depth-first search for a cycle, naming it when there is one.
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut HashSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(start) = path.iter().position(|n| n == node) {
            panic!(
                "the modules import each other in a circle: {} -> {node}",
                path[start..].join(" -> ")
            );
        }
        path.push(node.to_owned());
        for next in &graph[node] {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = HashSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
    // The state itself names none of the modules that change it.
    assert!(
        graph["state"].iter().all(|m| m.ends_with("_state")),
        "state uses {:?}",
        graph["state"]
    );
}
