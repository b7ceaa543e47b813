//! End-to-end tests of the `balcao` command line: the real binary, real files, real exit codes.
//!
//! The broken-catalogue fixtures are data-driven: every folder under `tests/fixtures/catalogue/broken/`
//! is run, and the lines it prints must be exactly those of its `.expected` file, so a checker
//! regression (a wrong line, a lost column, a message that changed) fails here.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalogue")
}

fn balcao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_balcao"))
        .args(args)
        .env_remove("BALCAO_LANG")
        .output()
        .expect("the balcao binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The diagnostic lines of a check's standard error.
fn diagnostics(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_broken_fixture_reports_its_problem_at_its_place() {
    let broken = fixtures().join("broken");
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&broken)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for dir in entries.into_iter().filter(|p| p.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected_file = broken.join(format!("{name}.expected"));
        let expected = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|e| panic!("{} needs {}: {e}", dir.display(), expected_file.display()));
        let shown = dir.display().to_string();
        let expected: Vec<String> = expected.lines().map(|l| l.replace("{dir}", &shown)).collect();
        assert!(!expected.is_empty(), "{name}: the expected file is empty");

        let out = balcao(&["--lang", "en", "catalogue", "check", &shown]);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: a broken catalogue must exit 1\n{stderr}"
        );
        assert_eq!(diagnostics(&stderr), expected, "{name}: wrong diagnostics");
        assert!(
            text(&out.stdout).is_empty(),
            "{name}: nothing on stdout when the check fails"
        );
        cases += 1;
    }
    assert!(cases >= 20, "only {cases} broken fixtures ran");
}

#[test]
fn the_valid_fixture_passes_with_the_summary_line() {
    let dir = fixtures().join("valid");
    let out = balcao(&["catalogue", "check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "catalogue ok: 1 entities, 1 services, version 1.0.0 (0 unconfirmed facts)\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn messages_are_portuguese_by_default() {
    let dir = fixtures().join("broken/non-https-url");
    let out = balcao(&["catalogue", "check", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(": erro: o endereço «http://www.imt-ip.pt» tem de começar por https://"),
        "{stderr}"
    );
    assert!(stderr.contains("o catálogo tem 1 erro e 0 avisos"), "{stderr}");
}

#[test]
fn the_shipped_catalogue_passes_and_is_substantial() {
    let out = balcao(&["catalogue", "check"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // "catalogue ok: N entities, M services, version V (U unconfirmed facts)"
    let words: Vec<&str> = stdout.split_whitespace().collect();
    assert_eq!(&words[..2], ["catalogue", "ok:"], "{stdout}");
    let entities: usize = words[2].parse().unwrap();
    let services: usize = words[4].parse().unwrap();
    assert!(entities >= 18, "{entities} entities");
    assert!(services >= 150, "{services} services");
    assert!(stdout.contains("unconfirmed facts)"), "{stdout}");
}

#[test]
fn a_site_folder_adds_services_over_the_shipped_catalogue() {
    let site = fixtures().join("site");
    let out = balcao(&["catalogue", "check", "--site", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = balcao(&[
        "catalogue",
        "search",
        "--site",
        site.to_str().unwrap(),
        "--json",
        "marcar exame conducao",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["id"], "imt-marcar-exame-conducao-local");
}

#[test]
fn search_prints_json_with_id_name_and_entity() {
    let out = balcao(&[
        "catalogue",
        "search",
        "--json",
        "--limit",
        "3",
        "revalidacao",
        "carta",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert_eq!(hits[0]["id"], "imt-revalidar-carta-conducao");
    assert_eq!(hits[0]["name"], "Revalidação da carta de condução");
    assert_eq!(hits[0]["entity"], "IMT");
    for h in hits {
        for key in ["id", "name", "entity"] {
            assert!(h[key].is_string(), "{key} missing in {h}");
        }
    }
}

#[test]
fn search_prints_a_ranked_list_and_says_when_nothing_matches() {
    let out = balcao(&["catalogue", "search", "revalid"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(" 1. Revalidação da carta de condução — IMT"),
        "{stdout}"
    );
    let out = balcao(&["catalogue", "search", "zzzzqqq"]);
    assert_eq!(text(&out.stdout), "Nenhum serviço encontrado para «zzzzqqq».\n");
    let out = balcao(&["--lang", "en", "catalogue", "search", "zzzzqqq"]);
    assert_eq!(text(&out.stdout), "No service found for «zzzzqqq».\n");
}

#[test]
fn bad_usage_exits_2_and_a_missing_folder_is_reported() {
    assert_eq!(balcao(&["catalogue", "frobnicate"]).status.code(), Some(2));
    let out = balcao(&["--lang", "en", "catalogue", "check", "/nonexistent/catalogue"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/catalogue:1:1: error: could not be read:"),
        "{stderr}"
    );
}
