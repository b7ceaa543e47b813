//! What the citizen screen says is true and says nothing the mediator typed: the fee is the option
//! actually charged (every option, with its price, until then), an outcome is told in plain words or
//! the catalogue's own (an entity's name), never the mediator's free text, and the attendance records
//! the language it was held in.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::view::CitizenView;
use balcao_core::attendance::Outcome;
use balcao_core::text::Lang;
use balcao_store::Store;
use common::{banner, push};
use egui_kittest::Harness;
use std::sync::{Arc, Mutex};

fn rig() -> Harness<'static, BalcaoApp> {
    let app = common::app(
        Config::default(),
        Store::open_in_memory().unwrap(),
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    );
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    h
}

fn fee_shown(h: &Harness<'_, BalcaoApp>) -> String {
    match h.state().citizen_view() {
        CitizenView::Step { fee, .. } => fee,
        other => panic!("not a step: {other:?}"),
    }
}

#[test]
fn the_fee_shown_is_the_option_charged() {
    let mut h = rig();
    let service = common::service_with_fees(&h, |n| n > 1);
    let (first, second) = (&service.fees[0], &service.fees[1]);
    assert_ne!(first.amount, second.amount, "{}", service.id);
    push(&mut h, Command::OpenCash("50,00".into()));
    push(&mut h, Command::StartAttendance);
    push(&mut h, Command::AddService(service.id.clone()));
    // Before paying: every option with its price.
    let before = fee_shown(&h);
    for fee in [first, second] {
        assert!(before.contains(&fee.amount.to_string()), "{before}");
        assert!(before.contains(fee.label.get(Lang::Pt)), "{before}");
    }
    // The second option is charged: only it is shown.
    let draft = balcao_app::cash::PaymentDraft {
        variant: second.variant.clone(),
        method: Some(balcao_core::cash::MethodKind::Card),
        reference: "T7788".into(),
        ..Default::default()
    };
    push(&mut h, Command::RecordPayment(0, draft));
    assert_eq!(h.state().state().cash.entries.len(), 1, "{}", banner(&h));
    let after = fee_shown(&h);
    assert!(after.contains(&second.amount.to_string()), "{after}");
    assert!(after.contains(second.label.get(Lang::Pt)), "{after}");
    assert!(!after.contains(&first.amount.to_string()), "{after}");
}

#[test]
fn outcomes_reach_the_citizen_in_plain_or_catalogue_words_only() {
    let mut h = rig();
    let (services, entity) = {
        let catalogue = &h.state().state().catalogue;
        let services: Vec<String> = catalogue.services.iter().take(4).map(|s| s.id.clone()).collect();
        let entity = catalogue.entities.last().unwrap().clone();
        (services, entity)
    };
    push(&mut h, Command::StartAttendance);
    for s in &services {
        push(&mut h, Command::AddService(s.clone()));
    }
    let typed = [
        "espera resposta do IRN sobre a Maria Sousa",
        "Sr. Joaquim da junta, 912 345 678",
        "sistema em baixo, volta amanhã às 9h",
    ];
    let outcomes = [
        Outcome::Pendente {
            awaiting: typed[0].into(),
        },
        Outcome::Encaminhado { to: typed[1].into() },
        Outcome::Encaminhado {
            to: entity.id.clone(),
        },
        Outcome::NaoFoiPossivel {
            reason: typed[2].into(),
        },
    ];
    for (line, outcome) in outcomes.into_iter().enumerate() {
        push(&mut h, Command::SetOutcome(line, outcome));
    }
    push(&mut h, Command::EndAttendance);
    let view = h.state().citizen_view();
    let CitizenView::Finished { items, .. } = &view else {
        panic!("not the end screen: {view:?} {}", banner(&h))
    };
    let texts = view.texts();
    for t in typed {
        assert!(
            texts.iter().all(|shown| !shown.contains(t)),
            "{t:?} reached the citizen: {texts:?}"
        );
    }
    assert!(items[0].outcome.starts_with("Pendente"), "{}", items[0].outcome);
    assert!(
        items[1].outcome.contains("outra entidade"),
        "{}",
        items[1].outcome
    );
    assert!(
        items[2].outcome.contains(entity.name.get(Lang::Pt)),
        "{} lacks {}",
        items[2].outcome,
        entity.name.get(Lang::Pt)
    );
    assert!(
        items[3].outcome.starts_with("Não foi possível"),
        "{}",
        items[3].outcome
    );
}

#[test]
fn the_attendance_records_the_language_it_was_held_in() {
    let mut h = rig();
    let service = h.state().state().catalogue.services[0].id.clone();
    // Begun with the screens in English.
    push(&mut h, Command::SetLang(Lang::En));
    push(&mut h, Command::StartAttendance);
    let id = h.state().state().attendance.as_ref().unwrap().id.clone();
    assert_eq!(h.state().store().load_snapshot(&id).unwrap().lang, Lang::En);
    // Switched to Portuguese during it, and back: the last one counts.
    push(&mut h, Command::SetLang(Lang::Pt));
    assert_eq!(h.state().store().load_snapshot(&id).unwrap().lang, Lang::Pt);
    push(&mut h, Command::SetLang(Lang::En));
    push(&mut h, Command::AddService(service));
    push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    push(&mut h, Command::EndAttendance);
    assert_eq!(h.state().store().load_snapshot(&id).unwrap().lang, Lang::En);
    // The ended record the central receives says so too.
    let ended = h
        .state()
        .store()
        .outbox_batch(1000)
        .unwrap()
        .into_iter()
        .rfind(|e| e.kind == "attendance.ended")
        .expect("an ended record");
    assert!(ended.payload.contains("\"lang\":\"en\""), "{}", ended.payload);
}

#[test]
fn each_end_gets_its_own_survey_token_and_no_attendance_id() {
    let mut h = rig();
    let service = h.state().state().catalogue.services[0].id.clone();
    let mut urls = Vec::new();
    for _ in 0..2 {
        push(&mut h, Command::StartAttendance);
        let id = h.state().state().attendance.as_ref().unwrap().id.clone();
        push(&mut h, Command::AddService(service.clone()));
        push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
        push(&mut h, Command::EndAttendance);
        let CitizenView::Finished { survey_url, .. } = h.state().citizen_view() else {
            panic!("not the end screen: {}", banner(&h))
        };
        assert!(!survey_url.contains(&id), "{survey_url}");
        urls.push(survey_url);
        push(&mut h, Command::NextCitizen);
    }
    assert_ne!(urls[0], urls[1]);
}

#[test]
fn an_enrolled_counter_signs_the_survey_ticket_with_its_device_key() {
    let key = balcao_audit::DeviceKey::from_seed(&[3; 32]);
    let device = uuid::Uuid::now_v7();
    let mut store = Store::open_in_memory().unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    store
        .set_sync_state(&balcao_store::SyncState {
            central_url: Some("https://central.example".into()),
            device_id: Some(device.to_string()),
            spot: Some("EC-0001".into()),
            ..Default::default()
        })
        .unwrap();
    let config = Config {
        survey_url_template: "https://central.example/q/{token}".into(),
        ..Config::default()
    };
    let app = common::app(
        config,
        store,
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    );
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    let service = h.state().state().catalogue.services[0].id.clone();
    push(&mut h, Command::StartAttendance);
    push(&mut h, Command::AddService(service));
    push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    push(&mut h, Command::EndAttendance);
    let CitizenView::Finished { survey_url, .. } = h.state().citizen_view() else {
        panic!("not the end screen: {}", banner(&h))
    };
    let text = survey_url
        .strip_prefix("https://central.example/q/")
        .expect(&survey_url);
    let ticket = balcao_survey::ticket::read(text)
        .unwrap()
        .verify(&key.public())
        .expect("signed by the device key");
    assert_eq!(ticket.device, device);
    let ended = h
        .state()
        .state()
        .finished
        .as_ref()
        .unwrap()
        .attendance
        .ended_at
        .unwrap();
    assert_eq!(ticket.ended_at, ended.0, "the ticket names the record's end time");
    let other = balcao_audit::DeviceKey::from_seed(&[4; 32]);
    assert!(
        balcao_survey::ticket::read(text)
            .unwrap()
            .verify(&other.public())
            .is_err()
    );
}
