//! The till through the mediator window (kittest, by accessible labels): open the cash session, serve a
//! citizen with three paid services (cash with change, Multibanco, MB WAY), cancel one payment with its
//! reason, and close with a difference and a reason. The receipts and the numbered closing report are
//! real PDF files; the report of this day is read back and kept under `target/cash-review/` for review.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::banner;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::view::CitizenView;
use balcao_core::attendance::Outcome;
use balcao_core::cash::MethodKind;
use balcao_core::money::Money;
use balcao_store::Store;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

fn click(h: &mut Harness<'_, BalcaoApp>, label_contains: &str) {
    h.get_by_label_contains(label_contains).click_accesskit();
    h.run();
}

fn radio(h: &mut Harness<'_, BalcaoApp>, label: &str) {
    h.get_by_role_and_label(Role::RadioButton, label)
        .click_accesskit();
    h.run();
}

/// The citizen window's "paid" lines for the selected service.
fn paid(h: &Harness<'_, BalcaoApp>) -> Vec<String> {
    match h.state().citizen_view() {
        CitizenView::Step { paid, .. } => paid,
        other => panic!("not a step view: {other:?}"),
    }
}

fn add_service(h: &mut Harness<'_, BalcaoApp>, query: &str, name: &str) {
    common::type_into(h, "Procurar serviço", query);
    click(h, &format!("{name} (Enter)"));
}

#[test]
fn a_day_at_the_till_from_opening_to_the_closing_report() {
    let dir = common::temp_dir("cash-day");
    let store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    let app = common::app(
        Config::default(),
        store,
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    );
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();

    // No session: a payment is impossible; the status bar says the till is closed.
    assert!(h.query_by_label("Caixa fechada").is_some());
    common::type_into(&mut h, "Fundo de caixa", "50,00");
    click(&mut h, "Abrir caixa");
    let session = h
        .state()
        .state()
        .cash
        .session
        .clone()
        .expect("the session is open");
    assert_eq!(session.opening_float, Money::from_cents(5000));

    // A citizen with three paid services.
    click(&mut h, "Novo atendimento");
    add_service(
        &mut h,
        "registo criminal",
        "Pedido de certificado de registo criminal",
    );
    assert!(h.query_by_label("A pagar: 5,00\u{a0}€").is_some());
    radio(&mut h, "Dinheiro");
    common::type_into(&mut h, "Valor entregue pelo cidadão", "4");
    click(&mut h, "Registar pagamento e imprimir recibo");
    assert!(banner(&h).contains("menos do que os 5,00"), "{}", banner(&h));
    assert!(
        h.state().state().cash.entries.is_empty(),
        "a refused payment takes no number"
    );
    common::type_into(&mut h, "Valor entregue pelo cidadão", "20");
    assert!(
        h.query_by_label("Troco: 15,00\u{a0}€").is_some(),
        "the change is shown as typed"
    );
    click(&mut h, "Registar pagamento e imprimir recibo");
    let entries = h.state().state().cash.entries.clone();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].payment.receipt_number, "EC-DEMO-1-2026/000001");
    assert_eq!(paid(&h), ["Pago: 5,00\u{a0}€ em dinheiro · troco 15,00\u{a0}€"]);

    add_service(&mut h, "revalidacao carta", "Revalidação da carta de condução");
    radio(&mut h, "Multibanco");
    common::type_into(&mut h, "Referência do talão do terminal", "T7788");
    click(&mut h, "Registar pagamento e imprimir recibo");
    assert_eq!(paid(&h), ["Pago: 27,00\u{a0}€ com cartão Multibanco"]);
    let view = h.state().citizen_view();
    assert!(
        view.texts().iter().all(|t| !t.contains("T7788")),
        "the terminal's reference is never on the citizen window"
    );

    add_service(
        &mut h,
        "registo criminal menores",
        "Certificado de registo criminal para funções com menores",
    );
    radio(&mut h, "MB WAY");
    common::type_into(&mut h, "Referência MB WAY", "MBW445566");
    click(&mut h, "Registar pagamento e imprimir recibo");
    let numbers: Vec<String> = h
        .state()
        .state()
        .cash
        .entries
        .iter()
        .map(|e| e.payment.receipt_number.clone())
        .collect();
    assert_eq!(
        numbers,
        [
            "EC-DEMO-1-2026/000001",
            "EC-DEMO-1-2026/000002",
            "EC-DEMO-1-2026/000003"
        ]
    );
    let printed = h.state().state().cash.printed.clone();
    assert_eq!(printed.len(), 3, "each receipt was printed: {printed:?}");
    for p in &printed {
        assert!(std::fs::read(p).unwrap().starts_with(b"%PDF-"), "{}", p.display());
    }

    // Outcomes, end, next citizen.
    for line in 0..3 {
        h.state_mut().push(Command::SetOutcome(line, Outcome::Concluido));
    }
    h.run();
    click(&mut h, "Terminar atendimento");
    assert!(h.state().state().attendance.is_none(), "{}", banner(&h));
    click(&mut h, "Próximo cidadão");

    // The card payment was charged twice on the terminal's side: cancel it, with the reason; reprint one.
    click(&mut h, "Reimprimir EC-DEMO-1-2026/000001");
    let copy = h.state().state().cash.printed.last().cloned().unwrap();
    assert!(
        copy.display()
            .to_string()
            .ends_with("EC-DEMO-1-2026-000001-copia.pdf"),
        "{}",
        copy.display()
    );
    click(&mut h, "Anular EC-DEMO-1-2026/000002");
    assert!(
        banner(&h).contains("motivo da anulação"),
        "a reason is required: {}",
        banner(&h)
    );
    // The reason goes to the agency: a phone number in it is refused at once, with why.
    common::type_into(&mut h, "Motivo da anulação", "Cobrado 2x, ligar 912 345 678");
    click(&mut h, "Anular EC-DEMO-1-2026/000002");
    assert!(banner(&h).contains("dados pessoais"), "{}", banner(&h));
    assert!(h.state().state().cash.entries[1].cancellation.is_none());
    common::type_into(&mut h, "Motivo da anulação", "Cobrado duas vezes no terminal");
    click(&mut h, "Anular EC-DEMO-1-2026/000002");
    let entries = h.state().state().cash.entries.clone();
    let cancellation = entries[1].cancellation.clone().expect("cancelled");
    assert_eq!(cancellation.receipt_number, "EC-DEMO-1-2026/000004");
    assert!(
        h.query_by_label_contains("anulado por EC-DEMO-1-2026/000004")
            .is_some()
    );

    // Closing: 20 cents short in cash. Without a reason it is refused; with one it closes.
    let expected = h.state().state().cash.expected;
    assert_eq!(
        (expected.cash, expected.card, expected.mb_way),
        (Money::from_cents(5500), Money::ZERO, Money::from_cents(500))
    );
    common::type_into(&mut h, "Contado em Dinheiro", "54,80");
    common::type_into(&mut h, "Contado em Multibanco", "0");
    common::type_into(&mut h, "Contado em MB WAY", "5");
    assert!(
        h.query_by_label_contains("Diferença (contado − previsto): -0,20")
            .is_some()
    );
    click(&mut h, "Fechar caixa e imprimir o relatório");
    assert!(banner(&h).contains("indique o motivo"), "{}", banner(&h));
    assert!(h.state().state().cash.session.is_some());
    common::type_into(&mut h, "Motivo da diferença", "Troco a mais dado a um cidadão");
    click(&mut h, "Fechar caixa e imprimir o relatório");
    let (record, report) = h.state().state().cash.last_closing.clone().expect("closed");
    assert_eq!(record.number, "FECHO-EC-DEMO-1-2026/0001");
    assert_eq!(record.difference.get(MethodKind::Cash), Money::from_cents(-20));
    assert!(h.state().state().cash.session.is_none());
    assert!(
        h.query_by_label_contains("relatório FECHO-EC-DEMO-1-2026/0001 guardado")
            .is_some()
    );

    // The report, read back: its number, the amounts in pt-PT form, the entities, the reason.
    let text = pdf_extract::extract_text(&report).unwrap().replace('\u{a0}', " ");
    for expected in [
        "FECHO-EC-DEMO-1-2026/0001",
        "54,80 €",
        "-0,20 €",
        "Troco a mais dado a um cidadão",
        "Direção-Geral da Administração da Justiça",
        "Instituto da Mobilidade e dos Transportes",
        "EC-DEMO-1-2026/000004",
        "Cobrado duas vezes no terminal",
    ] {
        assert!(text.contains(expected), "the report lacks «{expected}»:\n{text}");
    }
    let review = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/cash-review");
    std::fs::create_dir_all(&review).unwrap();
    std::fs::copy(&report, review.join("fecho-do-dia.pdf")).unwrap();
    std::fs::copy(&printed[0], review.join("recibo-dinheiro.pdf")).unwrap();
    std::fs::copy(&copy, review.join("recibo-2a-via.pdf")).unwrap();

    // A closed session's payments can no longer be cancelled, even by a command sent directly.
    let outbox = h.state().store().outbox_len().unwrap();
    h.state_mut().push(Command::CancelPayment(
        entries[0].payment.id.clone(),
        "Depois do fecho".into(),
    ));
    h.run();
    assert!(banner(&h).contains("já foi fechada"), "{}", banner(&h));
    assert_eq!(h.state().store().outbox_len().unwrap(), outbox);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_left_open_yesterday_is_shown_and_must_be_closed_first() {
    let dir = common::temp_dir("cash-stale");
    let mut store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    let origin = balcao_core::attendance::Origin {
        spot: "EC-DEMO".into(),
        counter: "1".into(),
        mediator: "mediador-demo".into(),
    };
    let yesterday = balcao_core::attendance::UtcMillis(common::T0 - 86_400_000);
    store
        .begin_session(origin, Money::from_cents(2000), yesterday)
        .unwrap();
    let app = common::app(
        Config::default(),
        store,
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    );
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();
    assert!(
        h.query_by_label_contains("A caixa ficou aberta desde 22/11/2026 10:00")
            .is_some(),
        "the stale session is shown on the home screen"
    );
    // A payment is refused until it is closed.
    click(&mut h, "Novo atendimento");
    add_service(
        &mut h,
        "registo criminal",
        "Pedido de certificado de registo criminal",
    );
    radio(&mut h, "Dinheiro");
    click(&mut h, "Registar pagamento e imprimir recibo");
    assert!(banner(&h).contains("aberta desde outro dia"), "{}", banner(&h));
    assert!(h.state().state().cash.entries.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
