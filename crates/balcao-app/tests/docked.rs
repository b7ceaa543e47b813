//! The docked workbench, screen by screen. During an attendance the mediator's window is docked beside
//! the browser, 420 points wide by default (`dock_width`), and nothing on it may run past its right
//! edge: text there is text the mediator cannot read. Each test brings one part of the attendance
//! screen up at full width, as the mediator works, then narrows the window to the dock and lists what
//! still ends past the edge (`common::past_the_edge`).

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::state::CitizenField;
use balcao_core::attendance::Outcome;
use balcao_store::Store;
use common::{T0, assert_fits_the_dock_in_both_languages, banner, push};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app at the size of a mediator's monitor, before it docks.
fn harness(name: &str) -> Harness<'static, BalcaoApp> {
    harness_of(name, |app| app)
}

/// [`harness`], with `adapt` applied to the app first (training mode, for one).
fn harness_of(name: &str, adapt: impl FnOnce(BalcaoApp) -> BalcaoApp) -> Harness<'static, BalcaoApp> {
    let dir = common::temp_dir(name);
    let (effects, _clock) = common::held_clock_effects(T0, &format!("{name}-docs"));
    let app = adapt(common::app(
        Config::default(),
        Store::open(&dir.join("balcao.db")).unwrap(),
        effects,
    ));
    let mut h = Harness::builder()
        .with_size([1280.0, 1080.0])
        .build_eframe(move |_cc| app);
    h.run();
    h
}

fn radio(h: &mut Harness<'_, BalcaoApp>, label: &str) {
    h.get_by_role_and_label(Role::RadioButton, label)
        .click_accesskit();
    h.run();
}

/// The citizen's identification, unfolded by its header, with a NIF typed wrong so that its error
/// line shows too.
///
/// The header folds only when the attendance starts with a service already chosen (here, added from
/// the search with no attendance open). Started empty (`Ctrl+N`), it opens, and egui keeps it open
/// once a service is added: clicking it then folds the form away.
#[test]
fn the_citizen_identification_form_fits_the_dock() {
    let mut h = harness("docked-citizen");
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    assert!(
        h.query_by_label("N.º do Cartão de Cidadão").is_none(),
        "with a service chosen, the identification starts folded"
    );
    h.get_by_label("Identificação do cidadão (opcional)")
        .click_accesskit();
    h.run();
    assert!(
        h.query_by_label("N.º do Cartão de Cidadão").is_some(),
        "the header unfolds the form"
    );
    push(&mut h, Command::SetField(CitizenField::Nif, "123".into()));
    push(
        &mut h,
        Command::SetField(CitizenField::Email, "maria.alves.de.sousa@exemplo.pt".into()),
    );
    push(&mut h, Command::SetConsent(true));
    push(&mut h, Command::SaveCitizen);
    assert!(
        h.state().state().form.error(CitizenField::Nif).is_some(),
        "{}",
        banner(&h)
    );
    assert_fits_the_dock_in_both_languages(&mut h, "the identification form");
}

/// The till's payment of a service with a fee, with each method's own field, the change, and the
/// paid line; then a service with several fee options.
#[test]
fn the_payment_of_a_service_fits_the_dock() {
    let mut h = harness("docked-till");
    push(&mut h, Command::OpenCash("50,00".into()));
    assert!(h.state().state().cash.session.is_some(), "{}", banner(&h));
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    assert!(h.query_by_label_contains("A pagar:").is_some());
    assert_fits_the_dock_in_both_languages(&mut h, "the payment, no method chosen");
    for method in ["Multibanco", "MB WAY", "Isento", "Dinheiro"] {
        radio(&mut h, method);
        assert_fits_the_dock_in_both_languages(&mut h, method);
    }
    common::type_into(&mut h, "Valor entregue pelo cidadão", "50");
    assert!(h.query_by_label_contains("Troco:").is_some());
    assert_fits_the_dock_in_both_languages(&mut h, "the change");
    h.get_by_label("Registar pagamento e imprimir recibo")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().state().cash.entries.len(), 1, "{}", banner(&h));
    assert_fits_the_dock_in_both_languages(&mut h, "the paid line");

    let several = common::service_with_fees(&h, |n| n > 1).id;
    push(&mut h, Command::AddService(several));
    assert_fits_the_dock_in_both_languages(&mut h, "a service with several fee options");
}

/// The outcome's choices, and the *pendente* form with its due day and how to tell the citizen.
#[test]
fn the_follow_up_form_fits_the_dock() {
    let mut h = harness("docked-followup");
    push(
        &mut h,
        Command::AddService("irn-alterar-morada-cartao-cidadao".into()),
    );
    radio(&mut h, "Pendente");
    assert!(h.query_by_label("Resultado previsto a").is_some());
    assert_fits_the_dock_in_both_languages(&mut h, "the pending form");
}

/// The outcome part with the other choices (a referral names an entity of the catalogue), the
/// outcome once recorded, and the end of the attendance below it.
#[test]
fn the_outcome_and_the_end_of_the_attendance_fit_the_dock() {
    let mut h = harness("docked-outcome");
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    assert_fits_the_dock_in_both_languages(&mut h, "the outcome's choices");
    radio(&mut h, "Encaminhado");
    assert_fits_the_dock_in_both_languages(&mut h, "a referral");
    radio(&mut h, "Não foi possível");
    assert_fits_the_dock_in_both_languages(&mut h, "not possible");
    push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    assert!(h.query_by_label_contains("Resultado registado").is_some());
    assert!(h.query_by_label_contains("Terminar atendimento").is_some());
    assert_fits_the_dock_in_both_languages(&mut h, "the outcome recorded");
}

/// The search during an attendance, with a long query whose results have long names.
#[test]
fn the_search_results_fit_the_dock() {
    let mut h = harness("docked-search");
    push(&mut h, Command::StartAttendance);
    common::type_into(
        &mut h,
        "Procurar serviço",
        "certidão de documento de arquivo, registo paroquial, escritura ou processo antigo",
    );
    assert!(
        h.state().state().results.len() > 1,
        "{:?}",
        h.state().state().results
    );
    assert_fits_the_dock_in_both_languages(&mut h, "the search results");
}

/// The guide of a service with a long name and a long portal address.
#[test]
fn a_guide_with_a_long_name_and_address_fits_the_dock() {
    let mut h = harness("docked-guide");
    push(&mut h, Command::AddService("ihru-primeiro-direito".into()));
    assert_fits_the_dock_in_both_languages(&mut h, "a long name");
    // The catalogue's longest portal address.
    push(
        &mut h,
        Command::AddService("igac-averbamento-registo-obra".into()),
    );
    assert_fits_the_dock_in_both_languages(&mut h, "a long address");
}

/// In training mode the band across the top says so in large type, during the attendance too.
#[test]
fn the_training_band_fits_the_dock() {
    let mut h = harness_of("docked-training", BalcaoApp::with_training);
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    assert!(h.query_all_by_label_contains("FORMAÇÃO").next().is_some());
    assert_fits_the_dock_in_both_languages(&mut h, "the training band");
}
