//! Search behaviour on a small hand-made catalogue: each property the mediator relies on, in isolation.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::catalogue::{Catalogue, Category, Entity, Service};
use balcao_core::text::Text;
use balcao_search::Index;

fn service(id: &str, entity: &str, name: &str, keywords: &[&str]) -> Service {
    Service {
        id: id.into(),
        entity: entity.into(),
        name: Text::new(name, ""),
        summary: Text::new("", ""),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        categories: vec!["geral".into()],
        url: "https://example.pt".into(),
        authentication: vec![],
        documents: vec![],
        questions: vec![],
        steps: vec![],
        fees: vec![],
        duration_minutes: 10,
        result_days: None,
        mobile: true,
        unconfirmed: vec![],
    }
}

fn catalogue() -> Catalogue {
    let entity = |id: &str, acronym: &str, name: &str| Entity {
        id: id.into(),
        acronym: acronym.into(),
        name: Text::new(name, ""),
        website: None,
    };
    Catalogue {
        entities: vec![
            entity("imt", "IMT", "Instituto da Mobilidade e dos Transportes"),
            entity("irn", "IRN", "Instituto dos Registos e do Notariado"),
            entity("adse", "ADSE", "Instituto de Proteção e Assistência na Doença"),
        ],
        categories: vec![Category {
            id: "geral".into(),
            name: Text::new("Geral", "General"),
        }],
        services: vec![
            service(
                "imt-revalidar",
                "imt",
                "Revalidação da carta de condução",
                &["renovar carta", "carta caducada"],
            ),
            service(
                "imt-morada",
                "imt",
                "Alteração de morada da carta de condução",
                &["mudar morada carta"],
            ),
            service(
                "irn-morada-cc",
                "irn",
                "Alteração de morada do Cartão de Cidadão",
                &["mudar morada"],
            ),
            service(
                "irn-registo-criminal",
                "irn",
                "Pedido de registo criminal",
                &["cadastro"],
            ),
            service(
                "adse-reembolso",
                "adse",
                "Pedido de reembolso",
                &["faturas", "despesas"],
            ),
            service(
                "imt-2-via",
                "imt",
                "2.ª via da carta de condução",
                &["perdi a carta"],
            ),
        ],
        synonyms: vec![vec!["mudar".into(), "alterar".into(), "alteracao".into()]],
        ..Catalogue::default()
    }
}

fn top(index: &Index, c: &Catalogue, q: &str) -> Option<String> {
    index
        .search(q, 5)
        .first()
        .map(|h| c.services[h.service].id.clone())
}

#[test]
fn accents_and_case_do_not_matter() {
    let c = catalogue();
    let i = Index::new(&c);
    for q in [
        "revalidação carta",
        "revalidacao carta",
        "REVALIDACAO CARTA",
        "Revalidação Da Carta",
    ] {
        assert_eq!(top(&i, &c, q).as_deref(), Some("imt-revalidar"), "{q}");
    }
}

#[test]
fn one_typo_per_word_is_forgiven_but_not_more() {
    let c = catalogue();
    let i = Index::new(&c);
    assert_eq!(
        top(&i, &c, "regsito criminal").as_deref(),
        Some("irn-registo-criminal")
    );
    assert_eq!(
        top(&i, &c, "registo crimnal").as_deref(),
        Some("irn-registo-criminal")
    );
    assert_eq!(top(&i, &c, "rvalidacao").as_deref(), Some("imt-revalidar"));
    // Three edits away from every word: nothing.
    assert!(i.search("rgxtsto", 5).is_empty());
    // Short words must match exactly: "imx" is not "imt".
    assert!(i.search("imx", 5).is_empty());
}

#[test]
fn the_last_word_is_a_prefix_while_typing() {
    let c = catalogue();
    let i = Index::new(&c);
    assert_eq!(top(&i, &c, "revalid").as_deref(), Some("imt-revalidar"));
    assert_eq!(
        top(&i, &c, "registo crim").as_deref(),
        Some("irn-registo-criminal")
    );
    // A trailing space means the word is finished: "revalid " is no longer a prefix.
    assert!(i.search("revalid ", 5).is_empty());
}

#[test]
fn synonyms_keywords_and_acronyms_are_searched() {
    let c = catalogue();
    let i = Index::new(&c);
    assert_eq!(
        top(&i, &c, "alterar morada cartao").as_deref(),
        Some("irn-morada-cc")
    );
    assert_eq!(
        top(&i, &c, "mudar morada cartao cidadao").as_deref(),
        Some("irn-morada-cc")
    );
    assert_eq!(top(&i, &c, "adse reembolso").as_deref(), Some("adse-reembolso"));
    assert_eq!(top(&i, &c, "adse faturas").as_deref(), Some("adse-reembolso"));
    assert_eq!(top(&i, &c, "cadastro").as_deref(), Some("irn-registo-criminal"));
    assert_eq!(top(&i, &c, "2 via carta").as_deref(), Some("imt-2-via"));
    assert_eq!(top(&i, &c, "2ª via").as_deref(), Some("imt-2-via"));
}

#[test]
fn more_matched_words_rank_first_and_ties_are_stable() {
    let c = catalogue();
    let i = Index::new(&c);
    let hits = i.search("morada carta", 10);
    assert_eq!(c.services[hits[0].service].id, "imt-morada");
    assert!(hits.windows(2).all(|w| w[0].matched >= w[1].matched));
    // The same query twice gives the same order.
    assert_eq!(i.search("carta", 10), i.search("carta", 10));
}

#[test]
fn limits_and_empty_queries() {
    let c = catalogue();
    let i = Index::new(&c);
    assert_eq!(i.search("carta", 2).len(), 2);
    assert!(i.search("carta", 0).is_empty());
    assert!(i.search("", 5).is_empty());
    assert!(i.search("   ", 5).is_empty());
    assert!(i.search("?!", 5).is_empty());
}
