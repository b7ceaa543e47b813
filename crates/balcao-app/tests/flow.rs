//! The whole counter flow, driven through the mediator window's accessible labels (as a screen reader
//! or a mediator would), with the citizen window checked after every action.
//!
//! kittest runs the app headless; the citizen window, a deferred viewport, is embedded in the same
//! harness, so its labels are queryable too. After each action we assert that what the citizen window
//! shows is exactly the view derived from the state in that frame, that it never contains a value the
//! mediator typed in a private field, and at the end that the record is in SQLite.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::mirror::{MirrorPane, PauseReason};
use balcao_app::view::{CitizenView, citizen_view};
use balcao_core::attendance::Outcome;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::Store;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::sync::{Arc, Mutex};

fn app(dir: &Path, opened: Arc<Mutex<Vec<String>>>) -> BalcaoApp {
    let store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    common::app(Config::default(), store, common::ticking_effects(opened))
}

fn harness(app: BalcaoApp) -> Harness<'static, BalcaoApp> {
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();
    h
}

/// The citizen window shows exactly the view derived from the state now, and its texts are on screen.
fn assert_mirrored(h: &Harness<'_, BalcaoApp>) -> CitizenView {
    let app = h.state();
    let i18n = I18n::new(app.state().lang);
    let derived = citizen_view(app.state(), &i18n);
    let shown = app.citizen_view();
    assert_eq!(shown, derived, "the citizen window lags behind the state");
    if let CitizenView::Step { text, progress, .. } = &shown {
        assert!(
            h.query_by_label(text).is_some(),
            "the citizen window does not show the step «{text}»"
        );
        assert!(
            h.query_by_label(progress).is_some(),
            "the citizen window does not show «{progress}»"
        );
    }
    shown
}

fn assert_private(view: &CitizenView, secrets: &[&str]) {
    for text in view.texts() {
        for s in secrets {
            assert!(
                !text.contains(s),
                "the citizen window shows a private value «{s}» in «{text}»"
            );
        }
    }
}

fn click(h: &mut Harness<'_, BalcaoApp>, label_contains: &str) {
    h.get_by_label_contains(label_contains).click_accesskit();
    h.run();
}

/// A log writer that keeps every line in memory, so the test can read what the log files would hold.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every test of this file logs, at the most verbose level, into one buffer, as the log files would get
/// it with `log_level = "trace"`. The subscriber is global: a thread-scoped one misses events when other
/// tests' threads reach the same call sites first (tracing caches each call site's interest).
fn logs() -> LogBuffer {
    static LOGS: std::sync::OnceLock<LogBuffer> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = LogBuffer::default();
        let writer = logs.clone();
        // No timestamps: their digits could contain a secret's digits by chance and fail the test.
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .without_time()
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
    .clone()
}

#[test]
fn a_whole_attendance_through_the_mediator_window() {
    let logs = logs();
    let dir = common::temp_dir("whole");
    let opened = Arc::new(Mutex::new(Vec::new()));
    let mut h = harness(app(&dir, opened.clone()));
    assert!(matches!(assert_mirrored(&h), CitizenView::Welcome { .. }));

    // Start; the citizen window greets.
    click(&mut h, "Novo atendimento");
    assert!(h.state().state().attendance.is_some());
    assert!(matches!(assert_mirrored(&h), CitizenView::Started { .. }));

    // An invalid NIF shows its error; nothing is saved.
    common::type_into(&mut h, "Nome", "Maria Gonçalves");
    common::type_into(&mut h, "NIF", "123456780");
    click(&mut h, "Guardar identificação");
    let error = h
        .state()
        .state()
        .form
        .error(balcao_app::state::CitizenField::Nif)
        .map(str::to_string);
    let error = error.expect("the NIF error is shown");
    assert!(
        h.query_by_label(&error).is_some(),
        "the error «{error}» is on screen"
    );
    assert!(h.state().state().attendance.as_ref().unwrap().citizen.is_none());

    // Fixed, with consent: saved.
    common::type_into(&mut h, "NIF", "123456789");
    h.get_by_role_and_label(Role::CheckBox, "O cidadão aceitou dar estes dados")
        .click_accesskit();
    h.run();
    click(&mut h, "Guardar identificação");
    let citizen = h
        .state()
        .state()
        .attendance
        .as_ref()
        .unwrap()
        .citizen
        .clone()
        .expect("saved");
    assert_eq!(citizen.nif.as_deref(), Some("123456789"));
    assert_eq!(citizen.name.as_deref(), Some("Maria Gonçalves"));

    // Two services, found as a mediator types them.
    common::type_into(&mut h, "Procurar serviço", "revalidacao carta");
    click(&mut h, "Revalidação da carta de condução (Enter)");
    common::type_into(&mut h, "Procurar serviço", "mudar morada cartao");
    click(&mut h, "Alteração de morada do Cartão de Cidadão (Enter)");
    let lines: Vec<String> = h
        .state()
        .state()
        .attendance
        .as_ref()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.service_id.clone())
        .collect();
    assert_eq!(
        lines,
        [
            "imt-revalidar-carta-conducao",
            "irn-alterar-morada-cartao-cidadao"
        ]
    );

    // A private code typed by the mediator.
    common::type_into(&mut h, "Código confidencial", "PIN-4321");
    let secrets = ["PIN-4321", "123456789", "Maria", "Gonçalves"];

    // Walk the first service's guide; the citizen sees each step in the same frame.
    click(&mut h, "1. Revalidação da carta de condução");
    let steps = h
        .state()
        .state()
        .catalogue
        .service("imt-revalidar-carta-conducao")
        .unwrap()
        .steps
        .clone();
    for expected in 1..steps.len() {
        click(&mut h, "Passo seguinte");
        let view = assert_mirrored(&h);
        assert_private(&view, &secrets);
        let CitizenView::Step {
            step,
            text,
            private_notice,
            ..
        } = view
        else {
            panic!("not a step view")
        };
        assert_eq!(step, (expected, steps.len()));
        assert_eq!(text, steps[expected].citizen.pt);
        assert_eq!(private_notice.is_some(), steps[expected].sensitive);
    }
    click(&mut h, "Passo anterior");
    let CitizenView::Step { step, .. } = assert_mirrored(&h) else {
        panic!()
    };
    assert_eq!(step.0, steps.len() - 2);

    // A document checked shows as done on the citizen window.
    h.get_by_role_and_label(Role::CheckBox, "Carta de condução atual")
        .click_accesskit();
    h.run();
    let CitizenView::Step { documents, .. } = assert_mirrored(&h) else {
        panic!()
    };
    assert!(
        documents
            .iter()
            .any(|(d, done)| d == "Carta de condução atual" && *done)
    );

    // Open the online service in the (recorded) browser.
    click(&mut h, "Abrir serviço");
    assert_eq!(opened.lock().unwrap().as_slice(), ["https://www.imt-ip.pt"]);
    assert_eq!(
        h.state().state().browser_pid,
        Some(4242),
        "the browser Balcão started is the one to mirror"
    );

    // The pause key (printed on its button) pauses the citizen's picture until pressed again.
    click(&mut h, "Pausar ecrã do cidadão (F9)");
    let CitizenView::Step {
        mirror, mirror_note, ..
    } = assert_mirrored(&h)
    else {
        panic!("not a step")
    };
    assert_eq!(mirror, MirrorPane::Paused(PauseReason::Manual));
    assert!(mirror_note.unwrap().contains("pausa"));
    assert!(h.query_by_label_contains("O cidadão vê: ecrã em pausa").is_some());
    h.key_press(egui::Key::F9);
    h.run();
    let CitizenView::Step { mirror, .. } = assert_mirrored(&h) else {
        panic!("not a step")
    };
    // No capture worker in this test: resumed, the picture waits for the browser.
    assert_eq!(mirror, MirrorPane::Waiting);

    // Outcomes: concluded, then pending with what is awaited.
    click(&mut h, "Registar resultado");
    click(&mut h, "2. Alteração de morada do Cartão de Cidadão");
    assert_private(&assert_mirrored(&h), &secrets);
    click(&mut h, "Pendente");
    common::type_into(
        &mut h,
        "O que fica pendente?",
        "Código de confirmação enviado por carta",
    );
    click(&mut h, "Registar resultado");
    let a = h.state().state().attendance.clone().unwrap();
    assert_eq!(a.lines[0].outcome, Some(Outcome::Concluido));
    assert_eq!(
        a.lines[1].outcome,
        Some(Outcome::Pendente {
            awaiting: "Código de confirmação enviado por carta".into()
        })
    );

    // Notes, then end: the end screen says what was done and what is pending, and nothing personal.
    common::type_into(
        &mut h,
        "Notas do mediador",
        "Cidadã com dificuldade em ler; explicado duas vezes.",
    );
    click(&mut h, "Terminar atendimento");
    let id = a.id.clone();
    assert!(h.state().state().attendance.is_none());
    assert_eq!(
        opened.lock().unwrap().last().map(String::as_str),
        Some(format!("close:{id}").as_str()),
        "the attendance's browser is closed when it ends"
    );
    let view = assert_mirrored(&h);
    assert_private(&view, &secrets);
    let CitizenView::Finished {
        items, survey_url, ..
    } = &view
    else {
        panic!("not the end screen: {view:?}")
    };
    assert_eq!(items.len(), 2);
    assert!(items[0].done && !items[1].done);
    // Pending, in plain words; what the mediator typed about it stays on the workbench.
    assert!(items[1].outcome.starts_with("Pendente"), "{}", items[1].outcome);
    assert!(
        view.texts()
            .iter()
            .all(|t| !t.contains("Código de confirmação enviado por carta")),
        "the mediator's own words never reach the citizen screen"
    );
    // The survey's address carries a random token, never the attendance's id (which the central
    // holds with the attendance's record).
    let token = survey_url
        .strip_prefix("https://www.gov.pt/avaliar?t=")
        .expect("the default template");
    assert_eq!(token.len(), 32, "{survey_url}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{survey_url}");
    assert!(!survey_url.contains(&id), "{survey_url}");
    let token = token.to_owned();
    let stored = h.state().store().outbox_batch(10_000).unwrap();
    assert!(
        stored.iter().all(|e| !e.payload.contains(&token)),
        "the token is in no record the counter sends"
    );

    // The record is in SQLite, ended, with its notes; the confidential code is nowhere in the files.
    let store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    let saved = store.load(&id).unwrap();
    assert!(saved.ended_at.is_some());
    assert_eq!(saved.lines.len(), 2);
    assert_eq!(
        saved.notes,
        "Cidadã com dificuldade em ler; explicado duas vezes."
    );
    assert_eq!(saved.origin.spot, "EC-DEMO");
    // The pauses were counted with the attendance: the sensitive step walked through, then the key
    // (seconds depend on the test clock: at least one).
    let usage = store.load_snapshot(&id).unwrap().mirror;
    assert_eq!(usage.pauses, 2, "{usage:?}");
    assert!(usage.paused_seconds >= 1 && usage.live_seconds == 0, "{usage:?}");
    assert!(store.outbox_len().unwrap() >= 10);
    drop(store);
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(f.path()).unwrap();
        assert!(
            !bytes.windows(8).any(|w| w == b"PIN-4321"),
            "{} holds the confidential code",
            f.path().display()
        );
    }

    // Next citizen: nothing of the previous one remains on the citizen window.
    click(&mut h, "Próximo cidadão");
    let view = assert_mirrored(&h);
    assert!(matches!(view, CitizenView::Welcome { .. }));
    assert_private(&view, &["Revalidação", "Pendente", &id]);
    assert!(h.state().state().confidential.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();

    // The log tells support what happened to which record, and nothing about the citizen.
    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    for expected in [
        format!("attendance started attendance={id} spot=EC-DEMO counter=1"),
        format!("identification saved attendance={id} fields=2 consent=true"),
        format!("service added attendance={id} service=imt-revalidar-carta-conducao line=0"),
        format!("outcome recorded attendance={id} line=1 outcome=\"pendente\""),
        format!("attendance ended attendance={id} services=2"),
        "command refused; the banner says why command=\"save-citizen\"".to_string(),
    ] {
        assert!(
            log.lines().any(|l| l.contains(&expected)),
            "the log lacks `{expected}`:\n{log}"
        );
    }
    for private in [
        "Maria",
        "Gonçalves",
        "123456789",
        "123456780",
        // The whole code: its four digits alone may occur in a hexadecimal attendance id.
        "PIN-4321",
        "dificuldade",
        "enviado por carta",
        "revalidacao carta",
    ] {
        assert!(!log.contains(private), "the log holds «{private}»:\n{log}");
    }
}

#[test]
fn dropping_the_app_mid_attendance_and_starting_again_restores_it() {
    let dir = common::temp_dir("restore");
    let opened = Arc::new(Mutex::new(Vec::new()));
    let mut h = harness(app(&dir, opened.clone()));
    click(&mut h, "Novo atendimento");
    common::type_into(&mut h, "Procurar serviço", "registo criminal");
    click(&mut h, "Pedido de certificado de registo criminal (Enter)");
    click(&mut h, "Passo seguinte");
    click(&mut h, "Passo seguinte");
    let before = h.state().state().attendance.clone().unwrap();
    let view_before = assert_mirrored(&h);
    // A power cut: the app is gone without ending anything.
    drop(h);

    let h = harness(app(&dir, opened));
    let after = h
        .state()
        .state()
        .attendance
        .clone()
        .expect("the open attendance is restored");
    assert_eq!(after, before);
    assert_eq!(after.lines[0].current_step, 2);
    assert_eq!(
        assert_mirrored(&h),
        view_before,
        "the citizen window is back on the same step"
    );
    assert!(h.query_by_label_contains("reaberto onde ficou").is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_language_switch_changes_both_windows() {
    let dir = common::temp_dir("lang");
    let mut h = harness(app(&dir, Arc::new(Mutex::new(Vec::new()))));
    click(&mut h, "English");
    assert_eq!(h.state().state().lang, Lang::En);
    assert!(h.query_by_label_contains("New attendance").is_some());
    let CitizenView::Welcome { title, .. } = assert_mirrored(&h) else {
        panic!()
    };
    assert!(title.starts_with("Welcome to"), "{title}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every filled rectangle of the frame, nested shapes included.
fn filled_rects(shapes: &[egui::epaint::ClippedShape]) -> Vec<(egui::Rect, egui::Color32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(egui::Rect, egui::Color32)>) {
        match shape {
            egui::Shape::Rect(r) if r.fill != egui::Color32::TRANSPARENT => out.push((r.rect, r.fill)),
            egui::Shape::Vec(all) => all.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    shapes.iter().for_each(|c| walk(&c.shape, &mut out));
    out
}

/// Under software rendering each pixel a mesh covers is shaded on the CPU, so the mediator window's
/// panels are not filled on top of the clear: the frame starts from their colour instead
/// (`theme::unfilled_panels_ui`). Their pixels must stay the same: the clear colour is the panels' own.
#[test]
fn the_mediator_s_panels_are_drawn_by_the_clear_not_by_a_fill() {
    let dir = common::temp_dir("clear");
    let mut h = harness(app(&dir, Arc::new(Mutex::new(Vec::new()))));
    let visuals = h.ctx.global_style().visuals.clone();
    let clear = eframe::App::clear_color(h.state(), &visuals);
    assert_eq!(clear, visuals.panel_fill.to_normalized_gamma_f32());
    for screen in ["welcome", "attendance"] {
        if screen == "attendance" {
            common::push(&mut h, Command::StartAttendance);
            common::push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
        }
        let panels: Vec<_> = filled_rects(&h.output().shapes)
            .into_iter()
            // A panel spans the window from its left edge; the citizen's viewport, which kittest embeds
            // in a window of the same grey, does not.
            .filter(|(rect, fill)| *fill == visuals.panel_fill && rect.min.x <= 0.0)
            .collect();
        assert!(
            panels.is_empty(),
            "{screen}: panels filled over the clear: {panels:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The citizen's identification opens by itself on an attendance started empty, the next citizen's
/// included, whatever the mediator did with it for the last one; and switching the language keeps it
/// as the mediator left it.
#[test]
fn each_attendance_starts_with_the_identification_in_its_own_default_state() {
    let dir = common::temp_dir("identification");
    let mut h = harness(app(&dir, Arc::new(Mutex::new(Vec::new()))));
    let form = |h: &Harness<'_, BalcaoApp>| h.query_by_label("N.º do Cartão de Cidadão").is_some();
    common::push(&mut h, Command::StartAttendance);
    assert!(form(&h), "an attendance started empty shows the identification");
    h.get_by_label("Identificação do cidadão (opcional)")
        .click_accesskit();
    h.run();
    assert!(!form(&h), "the header folds the form");
    common::push(&mut h, Command::SetLang(Lang::En));
    common::push(&mut h, Command::SetLang(Lang::Pt));
    assert!(!form(&h), "a language switch leaves it folded");
    common::push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    common::push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    common::push(&mut h, Command::EndAttendance);
    common::push(&mut h, Command::NextCitizen);
    common::push(&mut h, Command::StartAttendance);
    assert!(
        h.state()
            .state()
            .attendance
            .as_ref()
            .is_some_and(|a| a.lines.is_empty()),
        "{}",
        common::banner(&h)
    );
    assert!(form(&h), "the next citizen's attendance shows it again");
    std::fs::remove_dir_all(&dir).unwrap();
}
