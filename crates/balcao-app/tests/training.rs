//! Training mode, as a trainee and a supervisor meet it: the band on both windows, the guided
//! exercises with the fictitious citizen, a receipt that says it is worth nothing, and the
//! supervisor's switch that restarts the app out of training.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::state::CitizenField;
use balcao_store::Store;
use common::{banner, push};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::{Arc, Mutex};

#[test]
fn a_trainee_practises_an_exercise_and_nothing_looks_real() {
    let relaunched = Arc::new(Mutex::new(Vec::<bool>::new()));
    let asked = Arc::clone(&relaunched);
    let mut config = Config::default();
    balcao_app::training::prepare(&mut config);
    let app = common::app(
        config,
        Store::open_in_memory().unwrap(),
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    )
    .with_training()
    .with_relaunch(Box::new(move |training| asked.lock().unwrap().push(training)));
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();

    // Both windows say it.
    assert!(
        h.query_by_label_contains("FORMAÇÃO — nada do que fizer aqui conta")
            .is_some()
    );
    assert!(h.query_by_label_contains("FORMAÇÃO — isto é um treino").is_some());

    // The seven exercises; the second is the driving licence's renewal.
    for n in 1..=7 {
        assert!(
            h.query_by_label_contains(&format!("Exercício {n}:")).is_some(),
            "exercise {n}"
        );
    }
    h.get_by_label_contains("Exercício 2:").click_accesskit();
    h.run();
    let state = h.state().state();
    let attendance = state
        .attendance
        .as_ref()
        .expect("the exercise started an attendance");
    assert_eq!(attendance.lines[0].service_id, "imt-revalidar-carta-conducao");
    assert_eq!(state.form.value(CitizenField::Nif), "999999990");
    assert_eq!(state.form.value(CitizenField::Name), "Maria Exemplo da Formação");
    push(
        &mut h,
        Command::SetOutcome(0, balcao_core::attendance::Outcome::Concluido),
    );
    push(&mut h, Command::EndAttendance);
    push(&mut h, Command::NextCitizen);

    // A receipt of the training series, stamped.
    push(&mut h, Command::OpenCash("50,00".into()));
    assert!(common::paid_attendance(&mut h), "{}", banner(&h));
    let receipt = h.state().state().cash.printed.last().cloned().expect("printed");
    let text = common::pdf_text(&receipt);
    assert!(text.contains("SEM VALOR — FORMAÇÃO"), "{text}");
    assert!(text.contains("-FORMACAO-"), "its own series: {text}");

    // The supervisor leaves training: the app restarts out of it.
    h.get_by_label_contains("Sair da formação").click_accesskit();
    h.run();
    assert_eq!(*relaunched.lock().unwrap(), vec![false]);
}

#[test]
fn outside_training_there_is_no_band_and_no_exercise() {
    let app = common::app(
        Config::default(),
        Store::open_in_memory().unwrap(),
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    );
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();
    assert!(h.query_by_label_contains("FORMAÇÃO").is_none());
    assert!(h.query_by_label_contains("Exercício 1:").is_none());
    // Without a way to restart, no switch is offered either.
    assert!(h.query_by_label_contains("Iniciar formação").is_none());
}
