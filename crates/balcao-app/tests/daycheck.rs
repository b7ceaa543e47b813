//! The start-of-day check as the mediator meets it: asked for at the day's first start, run off the
//! UI thread with fake probes (one per kind of failure), shown as a checklist with what to do, kept
//! and queued for the coordination; run again on demand; never in the way of serving.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::daycheck::{DayChecker, Setup};
use balcao_daycheck::{
    CheckId, DiskObs, MonitorObs, PortalObs, PortalOutcome, PrinterObs, Probes, ReaderObs, Status,
};
use balcao_store::Store;
use common::{T0, banner, push};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Probes that answer what the test set: a printer out of order and no card reader until `fixed`.
#[derive(Default)]
struct FakeProbes {
    fixed: AtomicBool,
    runs: AtomicUsize,
}

impl Probes for FakeProbes {
    fn printer(&self, _name: Option<&str>) -> PrinterObs {
        self.runs.fetch_add(1, Ordering::SeqCst);
        if self.fixed.load(Ordering::SeqCst) {
            PrinterObs::Idle {
                name: "HP_Balcao".into(),
            }
        } else {
            PrinterObs::Stopped {
                name: "HP_Balcao".into(),
                reason: "media-empty-error".into(),
            }
        }
    }
    fn card_reader(&self) -> ReaderObs {
        if self.fixed.load(Ordering::SeqCst) {
            ReaderObs::Present {
                name: "ACS ACR38U".into(),
            }
        } else {
            ReaderObs::Absent
        }
    }
    fn disk(&self, _path: &Path) -> DiskObs {
        DiskObs {
            free_bytes: Some(50 << 30),
            total_bytes: Some(100 << 30),
        }
    }
    fn portals(&self, urls: &[String], _timeout: Duration) -> Vec<PortalObs> {
        balcao_daycheck::http::dedup_by_origin(urls)
            .into_iter()
            .map(|url| PortalObs {
                url,
                outcome: PortalOutcome::Reachable {
                    status: 200,
                    millis: 40,
                },
            })
            .collect()
    }
    fn central(&self, _base_url: &str, _timeout: Duration) -> (bool, Option<i64>) {
        (true, Some(0))
    }
}

/// Runs frames until the check running on its thread is in, for at most five seconds.
fn until_checked(h: &mut Harness<'_, BalcaoApp>) {
    for _ in 0..500 {
        h.run();
        let check = &h.state().state().day_check;
        if !check.running && check.requested.is_none() && check.last.is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the day check did not finish");
}

/// The app over `dir`'s store at `at` with the fake probes and `monitors` monitors (the citizen
/// window on its own when there are two), once its first check is in.
fn started(probes: &Arc<FakeProbes>, dir: &Path, monitors: usize, at: i64) -> Harness<'static, BalcaoApp> {
    started_at_size(probes, dir, monitors, at, [1400.0, 2400.0])
}

/// [`started`] in a window of `size` points.
fn started_at_size(
    probes: &Arc<FakeProbes>,
    dir: &Path,
    monitors: usize,
    at: i64,
    size: [f32; 2],
) -> Harness<'static, BalcaoApp> {
    let (effects, _clock) = common::held_clock_effects(at, &format!("daycheck-docs-{at}"));
    let setup = Setup {
        monitors: MonitorObs {
            count: monitors,
            citizen_on_own_monitor: monitors > 1,
        },
        printer: Some("HP_Balcao".into()),
        data_dir: dir.to_path_buf(),
    };
    let store = Store::open(&dir.join("balcao.db")).unwrap();
    let app = common::app(Config::default(), store, effects).with_day_check(DayChecker::new(
        Arc::clone(probes) as Arc<dyn Probes>,
        setup,
        Arc::new(|| {}),
    ));
    let mut h = Harness::builder().with_size(size).build_eframe(move |_cc| app);
    until_checked(&mut h);
    h
}

#[test]
fn the_day_s_first_start_checks_the_equipment_and_says_what_to_do() {
    let dir = common::temp_dir("daycheck");
    let db = dir.join("balcao.db");
    let probes = Arc::new(FakeProbes::default());
    // One monitor: the citizen window is an ordinary window on the mediator's screen.
    let mut h = started(&probes, &dir, 1, T0);

    // The checklist is open, each failure with its action; the banner warns but nothing is locked.
    let report = h.state().state().day_check.last.clone().unwrap();
    assert_eq!(report.item(CheckId::CitizenMonitor).unwrap().status, Status::Fail);
    assert_eq!(report.item(CheckId::Printer).unwrap().status, Status::Fail);
    assert_eq!(report.item(CheckId::CardReader).unwrap().status, Status::Fail);
    assert_eq!(report.item(CheckId::Portals).unwrap().status, Status::Ok);
    assert!(h.query_by_label_contains("há problemas").is_some());
    assert!(h.query_by_label_contains("Ligue o segundo monitor").is_some());
    assert!(h.query_by_label_contains("Ligue a impressora").is_some());
    assert!(h.query_by_label_contains("Ligue o leitor de cartões").is_some());
    assert!(banner(&h).contains("encontrou 3 problemas"), "{}", banner(&h));
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    assert!(
        h.state().state().attendance.is_some(),
        "a failed check never stops the work"
    );
    push(
        &mut h,
        Command::SetOutcome(0, balcao_core::attendance::Outcome::Concluido),
    );
    push(&mut h, Command::EndAttendance);
    push(&mut h, Command::NextCitizen);

    // It was kept, and queued for the coordination with slugs and facts only.
    let store = Store::open(&db).unwrap();
    assert!(
        store
            .day_checked("1", balcao_core::attendance::UtcMillis(T0))
            .unwrap()
    );
    let sent: Vec<serde_json::Value> = store
        .outbox_peek(1000)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == "daycheck.ran")
        .map(|r| serde_json::from_str(&r.payload).unwrap())
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["trigger"], "day-start");
    assert_eq!(sent[0]["items"][1]["check"], "printer");
    assert_eq!(sent[0]["items"][1]["status"], "fail");
    assert!(
        !sent[0].to_string().contains("Ligue"),
        "the mediator's sentences stay on the counter"
    );
    drop(store);

    // The printer gets paper and the reader is plugged in: "Verificar equipamento" runs it again.
    probes.fixed.store(true, Ordering::SeqCst);
    h.get_by_label("Verificar equipamento").click_accesskit();
    h.run();
    until_checked(&mut h);
    let report = h.state().state().day_check.last.clone().unwrap();
    assert_eq!(report.item(CheckId::Printer).unwrap().status, Status::Ok);
    assert_eq!(report.item(CheckId::CitizenMonitor).unwrap().status, Status::Fail);
    assert_eq!(
        probes.runs.load(Ordering::SeqCst),
        2,
        "one check at start, one on demand"
    );
    let store = Store::open(&db).unwrap();
    let triggers: Vec<String> = store
        .outbox_peek(1000)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == "daycheck.ran")
        .map(|r| serde_json::from_str::<serde_json::Value>(&r.payload).unwrap()["trigger"].to_string())
        .collect();
    assert_eq!(triggers, ["\"day-start\"", "\"on-demand\""]);
}

#[test]
fn a_second_start_on_the_same_day_does_not_check_again() {
    let dir = common::temp_dir("daycheck-again");
    let probes = Arc::new(FakeProbes::default());
    probes.fixed.store(true, Ordering::SeqCst);
    for start in 0..2 {
        let h = started(&probes, &dir, 2, T0 + start * 3_600_000);
        // All good: the list is folded to one line, and the last report is shown after a restart.
        assert!(h.query_by_label_contains("está tudo pronto").is_some());
        assert!(h.query_by_label_contains("Ligue").is_none());
        assert!(h.state().state().day_check.folded);
    }
    assert_eq!(
        probes.runs.load(Ordering::SeqCst),
        1,
        "the second start found today's check"
    );
}

/// During an attendance the workbench is docked beside the browser, 420 points wide by default
/// (`dock_width`). The day check's warning stays in the banner all day, and nothing on the workbench may
/// run past its edge because of it: text there is text the mediator cannot read (the guide's step, a
/// button's label).
#[test]
fn the_docked_workbench_with_the_day_check_s_warning_fits_its_width() {
    let dir = common::temp_dir("daycheck-docked");
    let probes = Arc::new(FakeProbes::default());
    // The workbench fills its monitor until an attendance starts, then docks.
    let mut h = started_at_size(&probes, &dir, 2, T0, [1280.0, 1080.0]);
    assert!(banner(&h).contains("problemas"), "{}", banner(&h));
    // The attendance screen of the frame benchmark: the driving-licence revalidation at step 3.
    push(&mut h, Command::StartAttendance);
    push(&mut h, Command::AddService("imt-revalidar-carta-conducao".into()));
    push(&mut h, Command::NextStep);
    push(&mut h, Command::NextStep);
    common::assert_fits_the_dock_in_both_languages(&mut h, "the guide with the day check's warning");
}
