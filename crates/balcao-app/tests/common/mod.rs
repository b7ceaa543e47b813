//! Helpers shared by the app's kittest tests: building an app over a store with a test clock, typing
//! into a field the way a mediator does (focus, select all, type), and finding what runs past the
//! edge of the docked workbench.
//!
//! Each test binary uses only some of them, hence the `dead_code` allowance.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use balcao_app::app::{BalcaoApp, CitizenPlacement, Effects};
use balcao_app::config::Config;
use balcao_app::state::AppState;
use balcao_core::attendance::UtcMillis;
use balcao_store::Store;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

/// 2026-11-23T10:00:00Z.
pub const T0: i64 = 1_795_428_000_000;

/// A fresh folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("balcao-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A browser that records what it was asked to do: the URL of each open, `close:<attendance>` for
/// each close, into one list.
pub struct RecordingBrowser(pub Arc<Mutex<Vec<String>>>);

impl balcao_app::browser::BrowserControl for RecordingBrowser {
    fn open(
        &mut self,
        _attendance_id: &str,
        url: &str,
        _placement: Option<balcao_app::browser::Placement>,
    ) -> Result<Option<u32>, balcao_app::browser::OpenFailure> {
        self.0.lock().unwrap().push(url.to_string());
        Ok(Some(4242))
    }

    fn close(&mut self, attendance_id: &str) -> bool {
        self.0.lock().unwrap().push(format!("close:{attendance_id}"));
        true
    }
}

/// A clock that moves one second at each reading, and a browser that records what it was asked to do.
pub fn ticking_effects(opened: Arc<Mutex<Vec<String>>>) -> Effects {
    let clock = Arc::new(AtomicI64::new(T0));
    Effects {
        now: Box::new(move || UtcMillis(clock.fetch_add(1_000, Ordering::SeqCst))),
        browser: Box::new(RecordingBrowser(opened)),
        // Documents are written for real; the printer is the test's (state().cash.printed lists them).
        print: Box::new(|_| Ok(())),
        documents: {
            static N: AtomicI64 = AtomicI64::new(0);
            temp_dir(&format!("documents-{}", N.fetch_add(1, Ordering::SeqCst)))
        },
        exports: {
            static N: AtomicI64 = AtomicI64::new(0);
            temp_dir(&format!("exports-{}", N.fetch_add(1, Ordering::SeqCst)))
        },
    }
}

/// A clock that stands still at `at` until the test moves it (the returned handle), a recording
/// browser, a printer that takes everything, and a documents folder of its own named after `name`.
pub fn held_clock_effects(at: i64, name: &str) -> (Effects, Arc<AtomicI64>) {
    let clock = Arc::new(AtomicI64::new(at));
    let c = Arc::clone(&clock);
    let effects = Effects {
        now: Box::new(move || UtcMillis(c.load(Ordering::SeqCst))),
        browser: Box::new(RecordingBrowser(Arc::new(Mutex::new(Vec::new())))),
        print: Box::new(|_| Ok(())),
        documents: temp_dir(name),
        exports: temp_dir(&format!("{name}-exports")),
    };
    (effects, clock)
}

/// A PDF's text, with runs of white space (no-break spaces too) made one space.
pub fn pdf_text(path: &std::path::Path) -> String {
    let text = pdf_extract::extract_text(path).unwrap().replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The app over the shipped catalogue.
pub fn app(config: Config, store: Store, effects: Effects) -> BalcaoApp {
    let report = balcao_catalogue::load(None);
    assert!(report.is_ok());
    BalcaoApp::new(
        AppState::new(config, Arc::new(report.catalogue)),
        store,
        CitizenPlacement::Window,
        effects,
    )
}

/// The text field whose label contains `label`.
pub fn field<'h>(h: &'h Harness<'_, BalcaoApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_all_by_label_contains(label)
        .find(|n| {
            matches!(
                n.accesskit_node().role(),
                Role::TextInput | Role::MultilineTextInput | Role::PasswordInput
            )
        })
        .unwrap_or_else(|| panic!("no text field labelled «{label}»"))
}

/// Replaces a field's text as a mediator would: focus, select all, type.
pub fn type_into(h: &mut Harness<'_, BalcaoApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    field(h, label).type_text(text);
    h.run();
}

/// The banner's text (an error or a notice), or nothing.
pub fn banner(h: &Harness<'_, BalcaoApp>) -> String {
    h.state()
        .state()
        .banner
        .as_ref()
        .map(|b| b.text.clone())
        .unwrap_or_default()
}

/// Runs one command and the frames after it.
pub fn push(h: &mut Harness<'_, BalcaoApp>, command: balcao_app::command::Command) {
    h.state_mut().push(command);
    h.run();
}

/// An attendance with one service of one fee, paid by card through the commands (the till's own
/// kittest drives the screens), concluded and ended; returns whether the payment was taken.
pub fn paid_attendance(h: &mut Harness<'_, BalcaoApp>) -> bool {
    use balcao_app::command::Command;
    let before = h.state().state().cash.entries.len();
    let service = service_with_fees(h, |n| n == 1).id;
    push(h, Command::StartAttendance);
    push(h, Command::AddService(service));
    let draft = balcao_app::cash::PaymentDraft {
        method: Some(balcao_core::cash::MethodKind::Card),
        reference: "T7788".into(),
        ..Default::default()
    };
    push(h, Command::RecordPayment(0, draft));
    let paid = h.state().state().cash.entries.len() > before;
    push(
        h,
        Command::SetOutcome(0, balcao_core::attendance::Outcome::Concluido),
    );
    push(h, Command::EndAttendance);
    push(h, Command::NextCitizen);
    assert!(h.state().state().attendance.is_none(), "{}", banner(h));
    paid
}

/// The first service of the catalogue whose number of fee options passes `count`.
pub fn service_with_fees(
    h: &Harness<'_, BalcaoApp>,
    count: impl Fn(usize) -> bool,
) -> balcao_core::catalogue::Service {
    h.state()
        .state()
        .catalogue
        .services
        .iter()
        .find(|s| count(s.fees.len()))
        .expect("a service with that many fee options")
        .clone()
}

/// During an attendance the mediator's workbench is docked beside the browser, this many points wide
/// by default (`Config::dock_width`).
pub const DOCK: f32 = 420.0;

/// Whether `node` is drawn inside the citizen's window, which the harness embeds in the mediator's
/// (it is not the workbench).
fn in_the_citizen_window(node: &egui_kittest::Node<'_>) -> bool {
    let mut at = node.accesskit_node().parent();
    while let Some(parent) = at {
        if parent.role() == Role::Window && parent.label().is_some_and(|l| l.contains("Cidadão")) {
            return true;
        }
        at = parent.parent();
    }
    false
}

/// Narrows the window to `width` points, runs the frames after it, and lists every node of the
/// workbench with a text (a label or a value) whose rectangle ends past that width, as
/// `Role «text» to x = …`: text past the edge is text the mediator cannot read.
pub fn past_the_edge(h: &mut Harness<'_, BalcaoApp>, width: f32) -> Vec<String> {
    let height = h.ctx.content_rect().height();
    h.set_size(egui::vec2(width, height));
    h.run();
    h.get_all_by(|node| node.label().is_some() || node.value().is_some())
        .filter(|node| node.rect().max.x > width + 0.5)
        .filter(|node| !in_the_citizen_window(node) && node.accesskit_node().role() != Role::Window)
        .map(|node| {
            let n = node.accesskit_node();
            let text = n.label().or_else(|| n.value()).unwrap_or_default();
            format!("{:?} «{text}» to x = {:.0}", n.role(), node.rect().max.x)
        })
        .collect()
}

/// Fails the test with the list of what runs past the docked workbench's edge on this screen, if
/// anything does.
#[track_caller]
pub fn assert_fits_the_dock(h: &mut Harness<'_, BalcaoApp>, screen: &str) {
    let wide = past_the_edge(h, DOCK);
    assert!(
        wide.is_empty(),
        "{screen}: past the docked workbench's edge: {wide:#?}"
    );
}

/// [`assert_fits_the_dock`] in Portuguese, then in English (other words, other lengths); leaves the
/// app in Portuguese.
#[track_caller]
pub fn assert_fits_the_dock_in_both_languages(h: &mut Harness<'_, BalcaoApp>, screen: &str) {
    use balcao_app::command::Command;
    use balcao_core::text::Lang;
    assert_fits_the_dock(h, &format!("{screen} (pt-PT)"));
    push(h, Command::SetLang(Lang::En));
    assert_fits_the_dock(h, &format!("{screen} (en)"));
    push(h, Command::SetLang(Lang::Pt));
}
