//! Realistic queries, as mediators type them, against the shipped catalogue.
//!
//! `testdata/queries.tsv` holds one query per line with the service that must come first. The same
//! table drives the benchmark, so what is measured is what is tested. All failures are reported
//! together, so a ranking change shows its whole effect at once.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_search::Index;

#[test]
fn realistic_queries_find_the_expected_service_first() {
    let report = balcao_catalogue::load(None);
    assert!(
        report.is_ok(),
        "the shipped catalogue has errors: {:?}",
        report.diagnostics
    );
    let catalogue = report.catalogue;
    let index = Index::new(&catalogue);
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in include_str!("../testdata/queries.tsv").lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(query), Some(expected)) = (cols.next(), cols.next()) else {
            panic!("queries.tsv:{}: expected `query<TAB>service id`", n + 1);
        };
        assert!(
            catalogue.service(expected).is_some(),
            "queries.tsv:{}: no service `{expected}`",
            n + 1
        );
        rows += 1;
        let hits = index.search(query, 5);
        let got: Vec<&str> = hits
            .iter()
            .map(|h| catalogue.services[h.service].id.as_str())
            .collect();
        if got.first() != Some(&expected) {
            failures.push(format!(
                "queries.tsv:{}: «{query}» → {got:?}, expected {expected} first",
                n + 1
            ));
        }
    }
    assert!(rows >= 40, "only {rows} queries in the table");
    assert!(
        failures.is_empty(),
        "{} of {rows} queries ranked wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
