//! Loader behaviour that the CLI fixtures do not pin: layering of site catalogues, duplicate ids across
//! files, columns counted in characters, and the small predicates the checks rest on.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_catalogue::load::{is_iso_date, is_placeholder, is_slug, url_problem};
use balcao_catalogue::{Problem, Severity, Source, check, check_layers};
use std::path::Path;

fn valid_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalogue/valid")
}

fn valid_files() -> Vec<(String, String)> {
    let source = Source::read_dir(&valid_dir());
    assert!(source.read_problems.is_empty(), "{:?}", source.read_problems);
    source.files.into_iter().map(|f| (f.rel, f.text)).collect()
}

fn imt_text() -> String {
    valid_files()
        .into_iter()
        .find(|(rel, _)| rel == "entities/imt.toml")
        .unwrap()
        .1
}

fn service_text(id: &str, name: &str) -> String {
    let imt = imt_text();
    let start = imt.find("[[service]]").unwrap();
    imt[start..]
        .replace("id = \"imt-revalidar-carta-conducao\"", &format!("id = \"{id}\""))
        .replace(
            "name.pt = \"Revalidação da carta de condução\"",
            &format!("name.pt = \"{name}\""),
        )
}

#[test]
fn the_valid_fixture_loads_into_the_core_types() {
    let report = check(&Source::read_dir(&valid_dir()));
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    assert!(report.diagnostics.is_empty());
    let c = &report.catalogue;
    assert_eq!(c.meta.version, "1.0.0");
    let s = c.service("imt-revalidar-carta-conducao").unwrap();
    assert_eq!(s.entity, "imt");
    assert_eq!(s.steps.len(), 3);
    assert_eq!(s.base_fee().cents(), 3000);
    assert!(s.questions[0].proceed_if);
    assert_eq!(c.synonyms, vec![vec!["mudar".to_string(), "alterar".to_string()]]);
}

#[test]
fn a_site_layer_replaces_a_service_in_place_and_adds_new_ones() {
    let base = Source::from_files("base", valid_files());
    let site = Source::from_files(
        "site",
        [
            (
                "entities/imt.toml".to_string(),
                format!(
                    "extends = \"imt\"\n\n{}\n{}",
                    service_text(
                        "imt-revalidar-carta-conducao",
                        "Revalidação (versão do município)"
                    ),
                    service_text("imt-marcar-exame", "Marcação de exame")
                ),
            ),
            (
                "categories.toml".to_string(),
                "[[category]]\nid = \"conduzir\"\nname.pt = \"Carros\"\nname.en = \"Cars\"\n".into(),
            ),
        ],
    );
    let report = check_layers(&[&base, &site]);
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    let c = &report.catalogue;
    assert_eq!(c.services.len(), 2);
    assert_eq!(
        c.services[0].id, "imt-revalidar-carta-conducao",
        "a replaced service keeps its place"
    );
    assert_eq!(c.services[0].name.pt, "Revalidação (versão do município)");
    assert_eq!(c.services[1].id, "imt-marcar-exame");
    assert_eq!(c.categories.len(), 1);
    assert_eq!(c.categories[0].name.pt, "Carros");
    assert_eq!(
        c.meta.version, "1.0.0",
        "a site without catalogue.toml keeps the base version"
    );
}

#[test]
fn a_duplicate_within_one_layer_is_an_error_naming_the_first_place() {
    let mut files = valid_files();
    files.push((
        "entities/imt2.toml".into(),
        format!(
            "extends = \"imt\"\n\n{}",
            service_text("imt-revalidar-carta-conducao", "Outra")
        ),
    ));
    let report = check(&Source::from_files("cat", files));
    let dup: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::DuplicateId { .. }))
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(dup[0].path, "cat/entities/imt2.toml");
    assert_eq!((dup[0].line, dup[0].column), (4, 6));
    let Problem::DuplicateId { kind, first, .. } = &dup[0].problem else {
        unreachable!()
    };
    assert_eq!(*kind, "service");
    assert_eq!(first, "cat/entities/imt.toml:9:6");
    assert_eq!(
        report.catalogue.services[0].name.pt, "Revalidação da carta de condução",
        "the first definition stays"
    );
}

#[test]
fn a_file_may_extend_an_entity_defined_in_a_file_that_sorts_after_it() {
    let mut files = valid_files();
    // "entities/aaa.toml" is read before "entities/imt.toml".
    files.push((
        "entities/aaa.toml".into(),
        format!(
            "extends = \"imt\"\n\n{}",
            service_text("imt-segundo", "Segundo serviço")
        ),
    ));
    let report = check(&Source::from_files("cat", files));
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    assert_eq!(report.catalogue.services.len(), 2);
}

#[test]
fn columns_count_characters_not_bytes() {
    // A syntax error after accented text on the same line: "ã" and "ç" count as one column each.
    let text = "[entity]\nid = \"imt\"\nname.pt = \"Condução\" x\n";
    let report = check(&Source::from_files(
        "cat",
        vec![("entities/imt.toml".into(), text.into())],
    ));
    let d = report
        .diagnostics
        .iter()
        .find(|d| matches!(d.problem, Problem::Syntax { .. }))
        .unwrap();
    assert_eq!((d.line, d.column), (3, 22), "{d:?}");

    // A URL after accented text: its column counts "ç" and "ã" as one character each.
    let text = "[entity]\nid = \"imt\"\nacronym = \"IMT\"\nname.pt = \"Condução\"\nname.en = \"x\"\nwebsite = \"http://a.pt\"\n";
    let files = vec![("entities/imt.toml".into(), text.into())];
    let report = check(&Source::from_files("cat", files));
    let d = report
        .diagnostics
        .iter()
        .find(|d| matches!(d.problem, Problem::NotHttps { .. }))
        .unwrap();
    assert_eq!((d.line, d.column), (6, 11));
}

#[test]
fn an_entity_without_services_and_a_stray_file_are_warnings_only() {
    let mut files = valid_files();
    files.push((
        "entities/vazia.toml".into(),
        "[entity]\nid = \"vazia\"\nacronym = \"V\"\nname.pt = \"Vazia\"\nname.en = \"Empty\"\n".into(),
    ));
    files.push(("notas.toml".into(), "x = 1\n".into()));
    let report = check(&Source::from_files("cat", files));
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    assert_eq!(report.warning_count(), 2);
    assert!(report.diagnostics.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn an_authenticated_service_without_a_sensitive_step_is_warned() {
    let with_auth = imt_text().replace("authentication = []", "authentication = [\"cartao-cidadao\"]");
    let mut files = valid_files();
    files.retain(|(rel, _)| rel != "entities/imt.toml");
    files.push(("entities/imt.toml".into(), with_auth.clone()));
    let report = check(&Source::from_files("cat", files.clone()));
    assert!(report.is_ok());
    let warned: Vec<_> = report.diagnostics.iter().map(|d| &d.problem).collect();
    assert_eq!(warned, [&Problem::NoSensitiveStep]);

    // Marking the PIN step as sensitive silences it.
    let marked = with_auth.replacen(
        "citizen.en = \"We are logging in to the IMT website.\"",
        "citizen.en = \"We are logging in to the IMT website.\"\nsensitive = true",
        1,
    );
    files.retain(|(rel, _)| rel != "entities/imt.toml");
    files.push(("entities/imt.toml".into(), marked));
    let report = check(&Source::from_files("cat", files));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn predicates_behind_the_checks() {
    for ok in ["imt", "imt-revalidar-carta-conducao", "a1-2b"] {
        assert!(is_slug(ok), "{ok}");
    }
    for bad in ["", "IMT", "imt--x", "-imt", "imt-", "imt_x", "condução", "imt x"] {
        assert!(!is_slug(bad), "{bad}");
    }
    assert_eq!(url_problem("https://www.imt-ip.pt/sites/IMTT?x=1#a"), None);
    assert_eq!(url_problem("https://eportugal.gov.pt"), None);
    assert!(matches!(
        url_problem("http://www.imt-ip.pt"),
        Some(Problem::NotHttps { .. })
    ));
    assert!(matches!(
        url_problem("www.imt-ip.pt"),
        Some(Problem::NotHttps { .. })
    ));
    assert!(matches!(
        url_problem("https://localhost"),
        Some(Problem::InvalidUrl { .. })
    ));
    assert!(matches!(
        url_problem("https://a .pt"),
        Some(Problem::InvalidUrl { .. })
    ));
    assert!(matches!(
        url_problem("https://"),
        Some(Problem::InvalidUrl { .. })
    ));

    for p in [
        "TODO",
        "Pedir isto (TODO)",
        "lorem ipsum dolor",
        "Passo 1",
        "passo",
        "Texto",
        "exemplo 3",
        "XXX",
        "Step 2.",
    ] {
        assert!(is_placeholder(p), "{p}");
    }
    for real in [
        "O texto do documento",
        "Em todo o país",
        "Passo seguinte: confirme a morada",
        "Todos os passos",
    ] {
        assert!(!is_placeholder(real), "{real}");
    }

    for ok in ["2026-11-23", "2024-02-29", "2000-02-29"] {
        assert!(is_iso_date(ok), "{ok}");
    }
    for bad in [
        "2026-02-29",
        "1900-02-29",
        "2026-13-01",
        "2026-1-01",
        "23-11-2026",
        "2026-11-31",
        "",
    ] {
        assert!(!is_iso_date(bad), "{bad}");
    }
}

/// Found by the `catalogue_source` fuzz target: `is_iso_date` parsed each part with `u32::from_str`,
/// which takes a leading `+`, so a catalogue dated `2026-11-+3` loaded without an error.
#[test]
fn a_date_with_a_sign_in_it_is_not_a_date() {
    for bad in ["2026-11-+3", "2026-+1-23", "+026-11-23", "2026-11- 3"] {
        assert!(!is_iso_date(bad), "{bad}");
    }
    let mut files = valid_files();
    for (rel, text) in &mut files {
        if rel == "catalogue.toml" {
            *text = text.replacen("date = \"", "date = \"2026-11-+3\"\n# was ", 1);
        }
    }
    let report = balcao_catalogue::check(&balcao_catalogue::Source::from_files("cat", files));
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| matches!(&d.problem, Problem::BadDate { date } if date == "2026-11-+3")),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn a_result_time_is_optional_and_must_be_between_one_day_and_a_year() {
    let replace = |line: &str| {
        let text = imt_text().replacen("duration_minutes = ", &format!("{line}\nduration_minutes = "), 1);
        let mut files = valid_files();
        files.retain(|(rel, _)| rel != "entities/imt.toml");
        files.push(("entities/imt.toml".into(), text));
        check(&Source::from_files("cat", files))
    };
    let report = replace("result_days = 20");
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    let s = report.catalogue.service("imt-revalidar-carta-conducao").unwrap();
    assert_eq!(s.result_days, Some(20));
    let absent = check(&Source::read_dir(&valid_dir()));
    assert_eq!(
        absent
            .catalogue
            .service("imt-revalidar-carta-conducao")
            .unwrap()
            .result_days,
        None
    );
    for bad in [0, 366] {
        let report = replace(&format!("result_days = {bad}"));
        assert!(!report.is_ok());
        let problems: Vec<_> = report.diagnostics.iter().map(|d| &d.problem).collect();
        assert_eq!(problems, [&Problem::ResultDaysOutOfRange { days: bad }], "{bad}");
    }
}
