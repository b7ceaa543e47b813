//! The catalogue source files: `balcao_catalogue::check_layers` over one or more layers of files.
//!
//! The input is text holding the files of each layer (see [`crate::input::layers`]), so that seeds are
//! real catalogue files and the fuzzer mutates TOML, not an encoding of it. A catalogue that loads
//! without an error is then held to what ARCHITECTURE.md promises of it ([`assert_checked`], an
//! independent reading of each rule, not a call to the checker's own helpers), and written back as
//! catalogue files that must load again, without an error, as the same catalogue ([`assert_reloads`]).

use crate::input;
use balcao_catalogue::{Report, Severity, Source};
use balcao_core::catalogue::{Catalogue, Service};
use balcao_core::text::Text;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use toml::{Table, Value as Toml};

/// More layers than a counter ever has (the shipped catalogue and a site folder) add nothing.
const MAX_LAYERS: usize = 4;

/// Fuzz target: catalogue files in layers, checked as a counter checks its catalogue and a site folder.
pub fn catalogue_source(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut layers = input::layers(&text);
    layers.truncate(MAX_LAYERS);
    let sources: Vec<Source> = layers
        .into_iter()
        .enumerate()
        .map(|(i, files)| Source::from_files(&format!("layer{i}"), files))
        .collect();
    let refs: Vec<&Source> = sources.iter().collect();
    let report = balcao_catalogue::check_layers(&refs);
    assert_diagnostics_in_place(&sources, &report);
    if report.is_ok() {
        assert_checked(&report.catalogue);
        assert_reloads(&report.catalogue);
    }
}

/// Every diagnostic has its problem's severity and, when it names a file, a line and column inside it.
pub(crate) fn assert_diagnostics_in_place(sources: &[Source], report: &Report) {
    for d in &report.diagnostics {
        assert_eq!(d.severity, d.problem.severity(), "severity of {d:?}");
        assert!(d.line >= 1 && d.column >= 1, "a position before the file: {d:?}");
        let Some(file) = sources
            .iter()
            .flat_map(|s| s.files.iter())
            .find(|f| f.display == d.path)
        else {
            continue;
        };
        let lines: Vec<&str> = file.text.split('\n').collect();
        assert!(
            d.line <= lines.len(),
            "{}:{}:{} is past the file's {} lines",
            d.path,
            d.line,
            d.column,
            lines.len()
        );
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        assert!(
            d.column <= width + 1,
            "{}:{}:{} is past the line's {width} characters",
            d.path,
            d.line,
            d.column
        );
    }
}

/// The promise of ARCHITECTURE.md for a `Report` without errors, each rule read again here: ids
/// unique and well-formed, every service of a known entity (with its prefix) and of known categories,
/// Portuguese in every text, https addresses, non-negative fees with unique variants, at least three
/// steps each with citizen text, durations and result times in range, a dated version, and synonym
/// groups of single lower-case words.
pub(crate) fn assert_checked(c: &Catalogue) {
    let meta = &c.meta;
    assert!(!meta.version.trim().is_empty(), "a catalogue without a version");
    assert!(is_date(&meta.date), "the catalogue's date {:?}", meta.date);

    let mut entity_ids = HashSet::new();
    for e in &c.entities {
        assert!(is_slug(&e.id), "entity id {:?}", e.id);
        assert!(entity_ids.insert(e.id.as_str()), "entity {} twice", e.id);
        assert!(!e.acronym.trim().is_empty(), "entity {} without an acronym", e.id);
        assert_pt(&e.name, &e.id, "name");
        if let Some(site) = &e.website {
            assert_https(site, &e.id);
        }
    }
    let mut category_ids = HashSet::new();
    for cat in &c.categories {
        assert!(is_slug(&cat.id), "category id {:?}", cat.id);
        assert!(category_ids.insert(cat.id.as_str()), "category {} twice", cat.id);
        assert_pt(&cat.name, &cat.id, "name");
    }
    let mut service_ids = HashSet::new();
    for s in &c.services {
        assert!(is_slug(&s.id), "service id {:?}", s.id);
        assert!(service_ids.insert(s.id.as_str()), "service {} twice", s.id);
        assert_service(s, &entity_ids, &category_ids);
    }
    for group in &c.synonyms {
        assert!(group.len() >= 2, "a synonym group of one word: {group:?}");
        for word in group {
            assert!(
                !word.is_empty() && !word.chars().any(char::is_whitespace),
                "synonym {word:?} is not one word"
            );
            assert_eq!(*word, word.to_lowercase(), "synonym {word:?} is not lower case");
        }
    }
}

fn assert_service(s: &Service, entities: &HashSet<&str>, categories: &HashSet<&str>) {
    let id = s.id.as_str();
    assert!(
        entities.contains(s.entity.as_str()),
        "{id}: unknown entity {}",
        s.entity
    );
    assert!(
        id.strip_prefix(s.entity.as_str())
            .is_some_and(|rest| rest.starts_with('-')),
        "{id} does not start with its entity {}",
        s.entity
    );
    assert!(!s.categories.is_empty(), "{id} without categories");
    for cat in &s.categories {
        assert!(
            categories.contains(cat.as_str()),
            "{id}: unknown category {cat:?}"
        );
    }
    assert!(!s.keywords.is_empty(), "{id} without keywords");
    assert_pt(&s.name, id, "name");
    assert_pt(&s.summary, id, "summary");
    assert_https(&s.url, id);
    for d in &s.documents {
        assert_pt(&d.name, id, "document");
    }
    for q in &s.questions {
        assert_pt(&q.question, id, "question");
        assert_pt(&q.otherwise, id, "otherwise");
    }
    assert!(s.steps.len() >= 3, "{id} has {} steps", s.steps.len());
    for step in &s.steps {
        assert_pt(&step.mediator, id, "step mediator");
        assert_pt(&step.citizen, id, "step citizen");
    }
    let mut variants = HashSet::new();
    for f in &s.fees {
        assert!(f.amount.cents() >= 0, "{id}: fee {} is negative", f.variant);
        assert!(is_slug(&f.variant), "{id}: fee variant {:?}", f.variant);
        assert!(
            variants.insert(f.variant.as_str()),
            "{id}: fee variant {} twice",
            f.variant
        );
        assert_pt(&f.label, id, "fee label");
    }
    assert!(
        (1..=240).contains(&s.duration_minutes),
        "{id}: {} minutes",
        s.duration_minutes
    );
    assert!(
        s.result_days.is_none_or(|d| (1..=365).contains(&d)),
        "{id}: result in {:?} days",
        s.result_days
    );
}

fn assert_pt(text: &Text, owner: &str, field: &str) {
    assert!(!text.pt.trim().is_empty(), "{owner}: {field} without Portuguese");
}

fn assert_https(url: &str, owner: &str) {
    let host = url
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    assert!(
        host.is_some_and(|h| !h.is_empty()) && !url.chars().any(char::is_whitespace),
        "{owner}: {url:?} is not an https address"
    );
}

/// Lower-case ASCII letters and digits in runs joined by single hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `YYYY-MM-DD`, a day that exists in the proleptic Gregorian calendar.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (Some(y), Some(m), Some(d)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let days_in_month = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let last = match m {
        2 if leap => 29,
        1..=12 => days_in_month[(m - 1) as usize],
        _ => return false,
    };
    (1..=last).contains(&d)
}

/// Writes the catalogue back as catalogue files (one folder, every entity in `entities/<id>.toml`)
/// and loads them: no error, and the same catalogue (in id order: files are read in name order).
pub(crate) fn assert_reloads(catalogue: &Catalogue) {
    let files = write_catalogue(catalogue);
    let source = Source::from_files("rewritten", files.clone());
    let report = balcao_catalogue::check(&source);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{}:{}: {:?}", d.path, d.line, d.column, d.problem))
        .collect();
    assert!(
        errors.is_empty(),
        "a catalogue that loaded does not load again once written back:\n{}\n\n{}",
        errors.join("\n"),
        input::write_layers(&[files])
    );
    assert_eq!(
        normalised(&report.catalogue),
        normalised(catalogue),
        "the catalogue written back loads as another catalogue"
    );
}

/// The catalogue as JSON with entities, categories and services in id order.
fn normalised(c: &Catalogue) -> Value {
    let mut value = serde_json::to_value(c).unwrap_or(Value::Null);
    for list in ["entities", "categories", "services"] {
        if let Some(items) = value.get_mut(list).and_then(Value::as_array_mut) {
            items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        }
    }
    value
}

/// The catalogue as the files an editor would write (the format of `catalogue/README.md`).
pub(crate) fn write_catalogue(c: &Catalogue) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut meta = Table::new();
    meta.insert("version".into(), c.meta.version.clone().into());
    meta.insert("date".into(), c.meta.date.clone().into());
    files.insert("catalogue.toml".to_owned(), to_text(meta));

    let categories = c
        .categories
        .iter()
        .map(|cat| {
            let mut t = Table::new();
            t.insert("id".into(), cat.id.clone().into());
            t.insert("name".into(), text(&cat.name));
            Toml::Table(t)
        })
        .collect();
    let mut t = Table::new();
    t.insert("category".into(), Toml::Array(categories));
    files.insert("categories.toml".to_owned(), to_text(t));

    let groups = c
        .synonyms
        .iter()
        .map(|g| strings(g.iter().map(String::as_str)))
        .collect();
    let mut t = Table::new();
    t.insert("groups".into(), Toml::Array(groups));
    files.insert("synonyms.toml".to_owned(), to_text(t));

    for e in &c.entities {
        let mut entity = Table::new();
        entity.insert("id".into(), e.id.clone().into());
        entity.insert("acronym".into(), e.acronym.clone().into());
        entity.insert("name".into(), text(&e.name));
        if let Some(site) = &e.website {
            entity.insert("website".into(), site.clone().into());
        }
        let services = c
            .services
            .iter()
            .filter(|s| s.entity == e.id)
            .map(|s| Toml::Table(service(s)))
            .collect();
        let mut t = Table::new();
        t.insert("entity".into(), Toml::Table(entity));
        t.insert("service".into(), Toml::Array(services));
        files.insert(format!("entities/{}.toml", e.id), to_text(t));
    }
    files
}

fn service(s: &Service) -> Table {
    let mut t = Table::new();
    t.insert("id".into(), s.id.clone().into());
    t.insert("name".into(), text(&s.name));
    t.insert("summary".into(), text(&s.summary));
    t.insert("keywords".into(), strings(s.keywords.iter().map(String::as_str)));
    t.insert(
        "categories".into(),
        strings(s.categories.iter().map(String::as_str)),
    );
    t.insert("url".into(), s.url.clone().into());
    t.insert(
        "authentication".into(),
        strings(s.authentication.iter().map(|a| a.slug())),
    );
    t.insert("duration_minutes".into(), i64::from(s.duration_minutes).into());
    if let Some(days) = s.result_days {
        t.insert("result_days".into(), i64::from(days).into());
    }
    t.insert("mobile".into(), s.mobile.into());
    t.insert(
        "unconfirmed".into(),
        strings(s.unconfirmed.iter().map(|f| f.slug())),
    );
    let documents = s
        .documents
        .iter()
        .map(|d| {
            let mut t = pt_en(&d.name);
            t.insert("optional".into(), d.optional.into());
            Toml::Table(t)
        })
        .collect();
    t.insert("document".into(), Toml::Array(documents));
    let questions = s
        .questions
        .iter()
        .map(|q| {
            let mut t = pt_en(&q.question);
            t.insert("proceed_if".into(), q.proceed_if.into());
            t.insert("otherwise".into(), text(&q.otherwise));
            Toml::Table(t)
        })
        .collect();
    t.insert("question".into(), Toml::Array(questions));
    let steps = s
        .steps
        .iter()
        .map(|step| {
            let mut t = Table::new();
            t.insert("mediator".into(), text(&step.mediator));
            t.insert("citizen".into(), text(&step.citizen));
            t.insert("sensitive".into(), step.sensitive.into());
            Toml::Table(t)
        })
        .collect();
    t.insert("step".into(), Toml::Array(steps));
    let fees = s
        .fees
        .iter()
        .map(|f| {
            let mut t = Table::new();
            t.insert("variant".into(), f.variant.clone().into());
            t.insert("label".into(), text(&f.label));
            t.insert("cents".into(), f.amount.cents().into());
            Toml::Table(t)
        })
        .collect();
    t.insert("fee".into(), Toml::Array(fees));
    t
}

fn pt_en(text: &Text) -> Table {
    let mut t = Table::new();
    t.insert("pt".into(), text.pt.clone().into());
    t.insert("en".into(), text.en.clone().into());
    t
}

fn text(text: &Text) -> Toml {
    Toml::Table(pt_en(text))
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Toml {
    Toml::Array(items.map(|s| Toml::String(s.to_owned())).collect())
}

fn to_text(table: Table) -> String {
    // Serialising a table of strings, numbers, booleans and arrays cannot fail; if the library ever
    // did, the reload would report the missing file, so nothing is hidden.
    toml::to_string(&table).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_date_rule_knows_the_calendar() {
        for good in ["2026-01-31", "2024-02-29", "2000-02-29", "1999-12-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-1-01",
            "+026-01-01",
            "2026-00-10",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn the_shipped_catalogue_passes_its_own_check_and_reloads() {
        let report = balcao_catalogue::load(None);
        assert!(report.is_ok());
        assert_checked(&report.catalogue);
        assert_reloads(&report.catalogue);
    }
}
