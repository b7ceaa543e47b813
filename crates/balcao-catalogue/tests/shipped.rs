//! The catalogue we ship: it passes its own check without a single warning, it covers every entity the
//! seed documents name, and the services the network is most asked for are complete.
//!
//! "Most requested" comes from AMA's own figures (the seed documents): ADSE document delivery, driving
//! licence revalidation, criminal record, address change on the driving licence and on the Citizen Card,
//! the ADSE current account, and the European Health Insurance Card. Those, and the services the seeds
//! mention by name, are held to a higher bar than the checker's minimum.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_catalogue::load;
use balcao_core::catalogue::{Catalogue, Service};

fn shipped() -> Catalogue {
    let report = load(None);
    assert!(
        report.is_ok(),
        "the shipped catalogue has errors: {:#?}",
        report.diagnostics
    );
    assert!(
        report.diagnostics.is_empty(),
        "the shipped catalogue has warnings: {:#?}",
        report.diagnostics
    );
    report.catalogue
}

/// The entities the seed documents name (SEF is now AIMA; criminal records are DGAJ's; taxes AT's).
const SEED_ENTITIES: &[&str] = &[
    "adse", "ama", "act", "cga", "dgc", "dglab", "igac", "ihru", "imt", "iss", "iefp", "irn", "aima", "spms",
    "dgaj", "at",
];

/// The network's most requested services, in the seeds' order.
use balcao_catalogue::MOST_REQUESTED;

/// Services the seeds mention by name.
const NAMED_IN_SEEDS: &[&str] = &[
    "irn-certidao-nascimento",
    "irn-certidao-casamento",
    "irn-certidao-permanente-predial",
    "irn-certidao-permanente-comercial",
    "igac-registo-obra",
    "dgc-rede-apoio-consumidor-endividado",
    "aima-renovar-autorizacao-residencia",
    "iss-pensao-velhice",
    "iss-reembolso-despesas-funeral",
    "iss-complemento-solidario-idosos",
    "cga-pedir-aposentacao",
    "ama-cmd-ativar",
];

#[test]
fn the_shipped_catalogue_is_large_and_covers_the_seed_entities() {
    let c = shipped();
    assert!(c.entities.len() >= 18, "{} entities", c.entities.len());
    assert!(c.services.len() >= 150, "{} services", c.services.len());
    for id in SEED_ENTITIES {
        assert!(c.entity(id).is_some(), "entity `{id}` is missing");
        let n = c.services.iter().filter(|s| &s.entity == id).count();
        assert!(n >= 3, "entity `{id}` has only {n} services");
    }
    assert!(!c.meta.version.is_empty() && !c.meta.date.is_empty());
}

#[test]
fn every_text_is_bilingual_and_every_guide_has_real_steps() {
    let c = shipped();
    for s in &c.services {
        for (what, t) in [("name", &s.name), ("summary", &s.summary)] {
            assert!(
                !t.pt.is_empty() && !t.en.is_empty(),
                "{}: {what} lacks a language",
                s.id
            );
        }
        assert!(s.steps.len() >= 3, "{}: {} steps", s.id, s.steps.len());
        for (i, step) in s.steps.iter().enumerate() {
            for t in [&step.mediator, &step.citizen] {
                assert!(
                    t.pt.len() >= 20 && !t.en.is_empty(),
                    "{} step {}: too thin",
                    s.id,
                    i + 1
                );
            }
        }
        assert!(!s.keywords.is_empty(), "{}: no keywords", s.id);
    }
}

fn assert_complete(s: &Service) {
    assert!(
        s.steps.len() >= 5,
        "{}: a most-requested service needs a full guide ({} steps)",
        s.id,
        s.steps.len()
    );
    assert!(!s.documents.is_empty(), "{}: no required documents", s.id);
    assert!(!s.questions.is_empty(), "{}: no eligibility question", s.id);
    assert!(
        s.keywords.len() >= 4,
        "{}: only {} keywords",
        s.id,
        s.keywords.len()
    );
    assert!(s.summary.pt.chars().count() >= 60, "{}: summary too short", s.id);
    assert!(s.url.starts_with("https://"), "{}", s.id);
}

#[test]
fn the_most_requested_services_are_complete() {
    let c = shipped();
    for id in &MOST_REQUESTED {
        let s = c
            .service(id)
            .unwrap_or_else(|| panic!("most requested service `{id}` is missing"));
        assert_complete(s);
    }
}

#[test]
fn the_services_named_in_the_seeds_exist_and_are_substantial() {
    let c = shipped();
    for id in NAMED_IN_SEEDS {
        let s = c
            .service(id)
            .unwrap_or_else(|| panic!("service `{id}` named in the seeds is missing"));
        assert!(s.steps.len() >= 4, "{id}: {} steps", s.steps.len());
        assert!(!s.documents.is_empty(), "{id}: no documents");
    }
}

#[test]
fn a_service_with_authentication_hides_the_secret_step() {
    let c = shipped();
    for s in c.services.iter().filter(|s| !s.authentication.is_empty()) {
        let sensitive = s.steps.iter().filter(|st| st.sensitive).count();
        assert!(
            sensitive >= 1,
            "{}: authentication without a sensitive step",
            s.id
        );
    }
    // And the flag is used, not left at its default everywhere.
    assert!(
        c.services
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|st| st.sensitive)
            .count()
            >= 50
    );
}

#[test]
fn fees_are_plausible_and_free_services_say_so() {
    let c = shipped();
    let paid = c.services.iter().filter(|s| !s.fees.is_empty()).count();
    assert!(paid >= 10, "only {paid} services have a fee");
    for s in &c.services {
        for f in &s.fees {
            assert!(
                f.amount.cents() >= 0 && f.amount.cents() <= 100_000,
                "{}: fee {}",
                s.id,
                f.amount
            );
        }
    }
    let revalidation = c.service("imt-revalidar-carta-conducao").unwrap();
    assert_eq!(revalidation.base_fee().to_plain_string(), "27,00 €");
}
