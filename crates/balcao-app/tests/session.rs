//! Accounts at the counter, through the real windows (kittest): the login screen, wrong passwords
//! slowed down and then locked out, a supervisor's unlock, the idle lock that sends the citizen screen
//! back to the welcome on the same frame, a first login with the activation code, and what each role
//! is refused.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{banner, push};

use balcao_accounts::Role;
use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::session::Session;
use balcao_app::view::CitizenView;
use balcao_store::Store;
use balcao_store::accounts::PulledAccount;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

const PASSWORD: &str = "castanheiro-velho-7";
const CODE: &str = "ABCD-EFGH-JKMN";

/// One argon2id hash for every test (each costs tens of milliseconds).
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| balcao_accounts::hash_secret(PASSWORD).unwrap())
}

fn account(id: &str, login: &str, name: &str, role: Role, activated: bool) -> PulledAccount {
    PulledAccount {
        id: id.into(),
        login: login.into(),
        name: name.into(),
        role,
        password_hash: activated.then(|| password_hash().to_owned()),
        pin_hash: None,
        password_set_at: activated.then_some(1),
        activation_code_hash: (!activated).then(|| balcao_accounts::code_hash(CODE)),
        activation_expires_at: (!activated).then_some(common::T0 + 86_400_000),
        disabled: false,
        unlocked_at: None,
        version: 1,
    }
}

/// The app over a store holding three accounts, with a clock the test moves by hand.
fn rig() -> (Harness<'static, BalcaoApp>, Arc<AtomicI64>) {
    rig_with(Store::open_in_memory().unwrap(), None)
}

/// [`rig`] over `store`, with a sync worker when one is given.
fn rig_with(
    mut store: Store,
    worker: Option<balcao_sync::SyncWorker>,
) -> (Harness<'static, BalcaoApp>, Arc<AtomicI64>) {
    store
        .replace_accounts(&[
            account("id-ana", "ana.sousa", "Ana Sousa", Role::Mediador, true),
            account("id-rui", "rui.lima", "Rui Lima", Role::Supervisor, true),
            account("id-tec", "tecnico", "Tiago Técnico", Role::Tecnico, true),
            account("id-eva", "eva.neves", "Eva Neves", Role::Mediador, false),
        ])
        .unwrap();
    // A folder of its own for each rig: making one empties it, under the feet of a test running
    // beside this one that has just printed there.
    static RIGS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!("session-documents-{}", RIGS.fetch_add(1, Ordering::SeqCst));
    let (effects, clock) = common::held_clock_effects(common::T0, &name);
    let mut app = common::app(Config::default(), store, effects);
    if let Some(worker) = worker {
        app = app.with_sync(worker);
    }
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    (h, clock)
}

/// Runs frames until the verification running off the UI thread has come back.
fn settle(h: &mut Harness<'_, BalcaoApp>) {
    let start = Instant::now();
    while h.state().state().login.pending.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the login check never came back"
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run();
}

/// Types a login and password on the screen and presses the button, as a person would.
fn log_in(h: &mut Harness<'_, BalcaoApp>, login: &str, password: &str) {
    common::type_into(h, "Utilizador", login);
    common::type_into(h, "Palavra-passe (ou PIN", password);
    h.get_by_label("Entrar").click_accesskit();
    h.run();
    settle(h);
}

fn message(h: &Harness<'_, BalcaoApp>) -> String {
    h.state().state().login.message.clone().unwrap_or_default()
}

fn logged_in_as(h: &Harness<'_, BalcaoApp>) -> Option<String> {
    match &h.state().state().session {
        Session::Active(a) => Some(a.login.clone()),
        _ => None,
    }
}

#[test]
fn wrong_passwords_are_slowed_then_locked_out_until_a_supervisor_unlocks() {
    let (mut h, clock) = rig();
    assert_eq!(h.state().state().session, Session::LoggedOut);
    assert!(matches!(h.state().citizen_view(), CitizenView::Welcome { .. }));
    // Nothing works before a login.
    push(&mut h, Command::StartAttendance);
    assert!(banner(&h).contains("Entre primeiro"), "{}", banner(&h));
    assert!(h.state().state().attendance.is_none());

    for _ in 0..3 {
        log_in(&mut h, "ana.sousa", "errada-errada");
        assert!(message(&h).contains("errados"), "{}", message(&h));
    }
    // The third failure makes the next try wait, even with the right password.
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert!(message(&h).contains("aguarde 2 s"), "{}", message(&h));
    clock.fetch_add(2_000, Ordering::SeqCst);
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("ana.sousa"));
    push(&mut h, Command::Logout);

    // Ten failures in a row lock the account; the waits are honoured.
    for _ in 0..10 {
        clock.fetch_add(61_000, Ordering::SeqCst);
        log_in(&mut h, "ana.sousa", "errada-errada");
    }
    assert!(message(&h).contains("Conta bloqueada"), "{}", message(&h));
    clock.fetch_add(61_000, Ordering::SeqCst);
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert!(
        message(&h).contains("Conta bloqueada"),
        "the right password does not help: {}",
        message(&h)
    );
    // An unknown login says the same as a wrong password.
    log_in(&mut h, "ninguem", PASSWORD);
    assert!(message(&h).contains("errados"), "{}", message(&h));

    // A supervisor sees her among the locked-out accounts and unlocks her with the button; a
    // mediator may not unlock, and is not even offered the list.
    log_in(&mut h, "rui.lima", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("rui.lima"));
    assert!(
        h.query_by_label_contains("Contas bloqueadas neste posto")
            .is_some()
    );
    h.get_by_label("Desbloquear Ana Sousa").click_accesskit();
    h.run();
    assert!(h.query_by_label_contains("Desbloquear Ana Sousa").is_none());
    assert!(h.query_by_label_contains("Contas bloqueadas").is_none());
    push(&mut h, Command::Logout);
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("ana.sousa"));
    push(&mut h, Command::UnlockAccount("rui.lima".into()));
    assert!(banner(&h).contains("não permite"), "{}", banner(&h));

    // Every failure, the lockout, the unlock and the logins are in the audit trail.
    let actions: Vec<String> = h
        .state()
        .store()
        .audit_entries(0, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "session.login-failed",
        "session.locked-out",
        "account.unlocked",
        "session.login",
        "session.logout",
    ] {
        assert!(actions.iter().any(|a| a == action), "no {action} in {actions:?}");
    }
}

#[test]
fn an_idle_session_locks_and_the_citizen_sees_the_welcome_on_the_same_frame() {
    let (mut h, clock) = rig();
    log_in(&mut h, "ana.sousa", PASSWORD);
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    let attendance = h
        .state()
        .state()
        .attendance
        .clone()
        .expect("an attendance is open");
    assert_eq!(attendance.origin.mediator, "id-ana", "records carry the account");
    assert!(matches!(h.state().citizen_view(), CitizenView::Step { .. }));

    // Five minutes without input: one frame locks the session and sends the citizen screen home.
    clock.fetch_add(5 * 60 * 1000, Ordering::SeqCst);
    h.step();
    assert!(matches!(h.state().state().session, Session::Locked(ref a) if a.login == "ana.sousa"));
    assert!(matches!(h.state().citizen_view(), CitizenView::Welcome { .. }));
    assert!(h.state().state().attendance.is_some(), "the attendance waits");
    h.run();
    assert!(
        h.query_by_label_contains("Sessão de Ana Sousa bloqueada")
            .is_some()
    );

    // Another mediator cannot take over; Ana (or a supervisor) can.
    log_in(&mut h, "eva.neves", PASSWORD);
    assert!(message(&h).contains("só essa pessoa"), "{}", message(&h));
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("ana.sousa"));
    assert!(matches!(h.state().citizen_view(), CitizenView::Step { .. }));

    // Ctrl+L locks at once; a supervisor reopens it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run();
    assert!(matches!(h.state().state().session, Session::Locked(_)));
    log_in(&mut h, "rui.lima", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("rui.lima"));
    // With the attendance open, logging out is refused: lock instead.
    push(&mut h, Command::Logout);
    assert!(banner(&h).contains("atendimento aberto"), "{}", banner(&h));
}

#[test]
fn a_first_login_activates_the_account_with_its_code() {
    let (mut h, _clock) = rig();
    log_in(&mut h, "eva.neves", PASSWORD);
    assert!(message(&h).contains("ainda não foi ativada"), "{}", message(&h));
    h.get_by_label("Primeira entrada (ativar a conta)")
        .click_accesskit();
    h.run();
    common::type_into(&mut h, "Utilizador", "eva.neves");
    common::type_into(&mut h, "Código de ativação", "abcd efgh jkmn");
    common::type_into(&mut h, "Nova palavra-passe", "benfica123");
    common::type_into(&mut h, "Repita a nova palavra-passe", "benfica123");
    h.get_by_label("Ativar a conta").click_accesskit();
    h.run();
    settle(&mut h);
    assert!(message(&h).contains("das mais usadas"), "{}", message(&h));
    // A PIN that is a run is refused too.
    common::type_into(&mut h, "Código de ativação", "abcd efgh jkmn");
    common::type_into(&mut h, "Nova palavra-passe", "ribeira-de-eva-2026");
    common::type_into(&mut h, "Repita a nova palavra-passe", "ribeira-de-eva-2026");
    common::type_into(&mut h, "PIN para desbloquear", "1234");
    h.get_by_label("Ativar a conta").click_accesskit();
    h.run();
    settle(&mut h);
    assert!(message(&h).contains("PIN tem de ter"), "{}", message(&h));
    common::type_into(&mut h, "Código de ativação", "abcd efgh jkmn");
    common::type_into(&mut h, "Nova palavra-passe", "ribeira-de-eva-2026");
    common::type_into(&mut h, "Repita a nova palavra-passe", "ribeira-de-eva-2026");
    common::type_into(&mut h, "PIN para desbloquear", "2580");
    h.get_by_label("Ativar a conta").click_accesskit();
    h.run();
    settle(&mut h);
    assert!(message(&h).contains("Conta ativada"), "{}", message(&h));
    // The PIN does not open a session: only the password does.
    log_in(&mut h, "eva.neves", "2580");
    assert!(message(&h).contains("errados"), "{}", message(&h));
    log_in(&mut h, "eva.neves", "ribeira-de-eva-2026");
    assert_eq!(logged_in_as(&h).as_deref(), Some("eva.neves"));
    // It reopens her own locked session.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run();
    log_in(&mut h, "eva.neves", "2580");
    assert_eq!(logged_in_as(&h).as_deref(), Some("eva.neves"));
    let unlocked_by_pin = h
        .state()
        .store()
        .audit_entries(0, 100)
        .unwrap()
        .iter()
        .any(|e| e.action == "session.unlock-pin");
    assert!(unlocked_by_pin);
    // The activation waits in the outbox for the central: hashes, never the password.
    let outbox = h.state().store().outbox_peek(10).unwrap();
    let activation = outbox
        .iter()
        .find(|r| r.kind == "account.activated")
        .expect("an activation record");
    assert!(!activation.payload.contains("ribeira"));
    assert!(activation.payload.contains("$argon2id$"));
    assert!(!activation.payload.contains("2580"));
}

fn close_button_disabled(h: &Harness<'_, BalcaoApp>) -> bool {
    h.get_by_label("Fechar caixa e imprimir o relatório")
        .accesskit_node()
        .is_disabled()
}

#[test]
fn each_role_is_refused_what_it_may_not_do() {
    let (mut h, _clock) = rig();
    // A technician sees no citizen data: no attendance, no till; none is even offered.
    log_in(&mut h, "tecnico", PASSWORD);
    assert!(h.query_by_label_contains("Novo atendimento").is_none());
    assert!(h.query_by_label_contains("Atendimentos de hoje").is_none());
    for command in [Command::StartAttendance, Command::OpenCash("50,00".into())] {
        push(&mut h, Command::DismissBanner);
        push(&mut h, command);
        assert!(banner(&h).contains("não permite"), "{}", banner(&h));
    }
    assert!(h.state().state().attendance.is_none());
    push(&mut h, Command::Logout);

    // A mediator may not cancel a receipt, enrol the counter, or close the till with a difference:
    // none is offered, and the command layer refuses each anyway.
    log_in(&mut h, "ana.sousa", PASSWORD);
    assert!(h.query_by_label_contains("Novo atendimento").is_some());
    // A citizen's RGPD requests are a supervisor's: not offered, and refused.
    assert!(h.query_by_label_contains("Direitos do titular").is_none());
    for command in [
        Command::CancelPayment("p".into(), "engano".into()),
        Command::Enroll("https://central.example.pt".into(), "ABCD".into()),
        Command::FindCitizen,
        Command::EraseCitizen,
    ] {
        push(&mut h, Command::DismissBanner);
        push(&mut h, command);
        assert!(banner(&h).contains("não permite"), "{}", banner(&h));
    }
    push(&mut h, Command::OpenCash("50,00".into()));
    assert!(h.state().state().cash.session.is_some(), "{}", banner(&h));
    assert!(common::paid_attendance(&mut h), "{}", banner(&h));
    assert!(h.query_by_label_contains("Anular ").is_none());
    assert!(h.query_by_label_contains("Motivo da anulação").is_none());
    // Counted short: she is told it is a supervisor's decision, and the button waits.
    common::type_into(&mut h, "Contado em Dinheiro", "49,80");
    common::type_into(&mut h, "Contado em Multibanco", "0,00");
    common::type_into(&mut h, "Contado em MB WAY", "0,00");
    assert!(h.query_by_label_contains("decisão de um supervisor").is_some());
    assert!(h.query_by_label_contains("Motivo da diferença").is_none());
    assert!(close_button_disabled(&h));
    let short = balcao_app::cash::ClosingDraft {
        cash: "49,80".into(),
        card: "0,00".into(),
        mb_way: "0,00".into(),
        reason: "faltam 20 cêntimos".into(),
    };
    push(&mut h, Command::CloseCash(short.clone()));
    assert!(banner(&h).contains("supervisor"), "{}", banner(&h));
    assert!(h.state().state().cash.session.is_some());
    // The supervisor may.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run();
    log_in(&mut h, "rui.lima", PASSWORD);
    push(&mut h, Command::DismissBanner);
    // The supervisor is offered the cancel button, the reason of a difference, and the closing.
    assert!(h.query_by_label_contains("Direitos do titular").is_some());
    assert!(h.query_by_label_contains("Motivo da anulação").is_some());
    assert!(h.query_by_label_contains("Anular ").is_some());
    assert!(h.query_by_label_contains("Motivo da diferença").is_some());
    assert!(!close_button_disabled(&h));
    push(&mut h, Command::CloseCash(short));
    assert!(h.state().state().cash.session.is_none(), "{}", banner(&h));
    // The closing report names who opened the till and who closed it.
    let report = h
        .state()
        .state()
        .cash
        .printed
        .iter()
        .find(|p| p.to_string_lossy().contains("FECHO"))
        .cloned()
        .expect("the closing report was printed");
    let text = common::pdf_text(&report);
    assert!(
        text.contains("Abertura 23/11/2026 10:00, por Ana Sousa"),
        "{text}"
    );
    assert!(text.contains("Mediador(a) Rui Lima"), "{text}");
}

#[test]
fn only_a_technician_is_offered_the_enrolment() {
    // A counter not yet enrolled, with its sync worker, as after installation.
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let dir = common::temp_dir("session-enrol");
    let db = dir.join("balcao.sqlite3");
    let store = Store::open(&db).unwrap();
    let config = balcao_sync::WorkerConfig::new(db, "EC-DEMO").unwrap();
    let worker = balcao_sync::SyncWorker::start(config, Box::new(|| {})).unwrap();
    let (mut h, _clock) = rig_with(store, Some(worker));
    let start = Instant::now();
    while h.state().state().sync.as_ref().map(|s| s.link) != Some(balcao_sync::Link::NotEnrolled) {
        assert!(start.elapsed() < Duration::from_secs(20), "the worker never said");
        std::thread::sleep(Duration::from_millis(10));
        h.run();
    }

    for login in ["ana.sousa", "rui.lima"] {
        log_in(&mut h, login, PASSWORD);
        assert_eq!(logged_in_as(&h).as_deref(), Some(login));
        assert!(
            h.query_by_label_contains("Registar este balcão").is_none(),
            "{login}"
        );
        assert!(
            h.query_by_label_contains("O registo é feito por um técnico")
                .is_some(),
            "{login}"
        );
        push(&mut h, Command::Logout);
    }
    log_in(&mut h, "tecnico", PASSWORD);
    assert!(h.query_by_label_contains("Registar este balcão").is_some());
    assert!(
        h.query_by_label_contains("O registo é feito por um técnico")
            .is_none()
    );
}

/// A Portuguese name can be long, and the session's line in the status bar stays on the docked
/// workbench during the attendance, as does the lock screen when the session locks in the middle of it.
#[test]
fn a_long_name_s_session_line_and_lock_screen_fit_the_docked_workbench() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .replace_accounts(&[account(
            "id-mca",
            "maria.albuquerque",
            "Maria da Conceição de Albuquerque Figueiredo Rodrigues",
            Role::Supervisor,
            true,
        )])
        .unwrap();
    let (effects, _clock) = common::held_clock_effects(common::T0, "session-docked-documents");
    let app = common::app(Config::default(), store, effects);
    let mut h = Harness::builder()
        .with_size([1280.0, 1080.0])
        .build_eframe(move |_cc| app);
    h.run();
    log_in(&mut h, "maria.albuquerque", PASSWORD);
    assert_eq!(logged_in_as(&h).as_deref(), Some("maria.albuquerque"));
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    common::assert_fits_the_dock_in_both_languages(&mut h, "the session's line");
    push(&mut h, Command::Lock);
    assert!(h.query_by_label_contains("bloqueada").is_some());
    common::assert_fits_the_dock_in_both_languages(&mut h, "the lock screen");
}
