//! A catalogue the central publishes is used by a running counter without a restart, but never in the
//! middle of an attendance: the attendance (and its end screen) keeps the catalogue it began with, and
//! the central is told the catalogue in use only once it is in use.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::catalogue_state::{CatalogueVersion, ReadyCatalogue};
use balcao_app::catalogue_update;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::state::AppState;
use balcao_core::attendance::{Outcome, UtcMillis};
use balcao_core::catalogue::Catalogue;
use balcao_core::text::{Lang, Text};
use balcao_i18n::I18n;
use balcao_search::Index;
use balcao_store::Store;
use balcao_sync::AcceptedCatalogue;
use balcao_sync::catalogue::BundleInfo;
use egui_kittest::Harness;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A service only the new catalogue has, found by a word nothing else in the catalogue holds.
const NEW_SERVICE: &str = "teste-pedir-licenca-zarabatana";
const NEW_WORD: &str = "zarabatana";
/// A service of the shipped catalogue.
const OLD_SERVICE: &str = "dgaj-pedir-certificado-registo-criminal";

/// The shipped catalogue with one more service, and without [`OLD_SERVICE`] when `drop_old`.
fn newer_catalogue(drop_old: bool) -> Catalogue {
    let mut catalogue = balcao_catalogue::load(None).catalogue;
    let mut service = catalogue
        .service(OLD_SERVICE)
        .expect("the shipped catalogue has the criminal record certificate")
        .clone();
    service.id = NEW_SERVICE.into();
    service.name = Text::new("Pedir licença de zarabatana", "Apply for a blowpipe licence");
    service.keywords = vec![NEW_WORD.into()];
    catalogue.services.push(service);
    if drop_old {
        catalogue.services.retain(|s| s.id != OLD_SERVICE);
    }
    catalogue
}

fn accepted(sequence: i64, version: &str, catalogue: Catalogue) -> AcceptedCatalogue {
    AcceptedCatalogue {
        info: BundleInfo {
            sequence,
            version: version.into(),
            issued_at: UtcMillis(common::T0),
            expires_at: UtcMillis(common::T0 + 30 * 86_400_000),
        },
        catalogue: Arc::new(catalogue),
    }
}

fn harness(app: BalcaoApp) -> Harness<'static, BalcaoApp> {
    Harness::builder()
        .with_size([1400.0, 1800.0])
        .build_eframe(move |_cc| app)
}

fn app() -> BalcaoApp {
    common::app(
        Config::default(),
        Store::open_in_memory().unwrap(),
        common::ticking_effects(Arc::new(Mutex::new(Vec::new()))),
    )
}

/// Runs frames until `done` holds (the index is built on a thread of its own), 30 s at most.
fn run_until(h: &mut Harness<'_, BalcaoApp>, what: &str, done: impl Fn(&AppState) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.run();
        if done(h.state().state()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {:?}",
            h.state().state().catalogues
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The ids of what the search box shows for `query`.
fn search(h: &mut Harness<'_, BalcaoApp>, query: &str) -> Vec<String> {
    common::push(h, Command::SetQuery(query.into()));
    let state = h.state().state();
    state
        .results
        .iter()
        .map(|&i| state.catalogue.services[i].id.clone())
        .collect()
}

fn running(h: &Harness<'_, BalcaoApp>) -> Option<i64> {
    h.state().state().catalogues.running_sequence()
}

#[test]
fn a_catalogue_published_while_no_attendance_is_open_is_used_at_once() {
    let mut h = harness(app());
    h.run();
    assert_eq!(search(&mut h, NEW_WORD), Vec::<String>::new());
    assert_eq!(running(&h), None);
    assert_eq!(h.state_mut().catalogue_follower().reported(), None);

    // The mediator had typed the word already: the results follow the new catalogue.
    h.state_mut()
        .catalogue_follower()
        .accept(accepted(8, "2027.1.1", newer_catalogue(false)));
    run_until(&mut h, "the new catalogue in use", |s| {
        s.catalogues.running_sequence() == Some(8)
    });
    let state = h.state().state();
    assert_eq!(
        state
            .results
            .iter()
            .map(|&i| state.catalogue.services[i].id.as_str())
            .collect::<Vec<_>>(),
        [NEW_SERVICE]
    );
    assert_eq!(
        state.catalogues.running,
        Some(CatalogueVersion {
            sequence: 8,
            version: "2027.1.1".into()
        })
    );
    assert!(state.catalogues.pending.is_none());
    assert!(
        common::banner(&h).contains("atualizado para a versão 2027.1.1"),
        "{}",
        common::banner(&h)
    );
    assert_eq!(h.state_mut().catalogue_follower().reported(), Some(8));
    assert_eq!(search(&mut h, NEW_WORD), [NEW_SERVICE]);

    // And the next attendance works in it.
    common::push(&mut h, Command::AddService(NEW_SERVICE.into()));
    let step = h
        .state()
        .state()
        .current_step()
        .expect("the new service's first step");
    assert!(!step.citizen.pt.is_empty());
}

#[test]
fn an_open_attendance_keeps_its_catalogue_until_it_ends_and_its_end_screen_is_gone() {
    let mut h = harness(app());
    common::push(&mut h, Command::StartAttendance);
    common::push(&mut h, Command::AddService(OLD_SERVICE.into()));
    let before = Arc::clone(&h.state().state().catalogue);

    h.state_mut()
        .catalogue_follower()
        .accept(accepted(8, "2027.1.1", newer_catalogue(false)));
    run_until(&mut h, "the new catalogue waiting", |s| {
        s.catalogues.pending.is_some()
    });
    // Still the old one, in the catalogue, the search and what the central is told.
    assert!(Arc::ptr_eq(&h.state().state().catalogue, &before));
    assert_eq!(running(&h), None);
    assert_eq!(h.state_mut().catalogue_follower().reported(), None);
    assert!(
        common::banner(&h).contains("próximo atendimento"),
        "{}",
        common::banner(&h)
    );
    assert_eq!(search(&mut h, NEW_WORD), Vec::<String>::new());
    // Frames go by, the mediator works: nothing changes under the attendance.
    common::push(&mut h, Command::NextStep);
    for _ in 0..5 {
        h.run();
    }
    assert!(Arc::ptr_eq(&h.state().state().catalogue, &before));

    // The attendance ends: its end screen still names its services from its catalogue.
    common::push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    common::push(&mut h, Command::EndAttendance);
    assert!(h.state().state().finished.is_some(), "{}", common::banner(&h));
    for _ in 0..5 {
        h.run();
    }
    assert!(Arc::ptr_eq(&h.state().state().catalogue, &before));
    assert_eq!(h.state_mut().catalogue_follower().reported(), None);

    // The next citizen: the new catalogue is used, and only now reported.
    common::push(&mut h, Command::NextCitizen);
    assert_eq!(running(&h), Some(8));
    assert!(h.state().state().catalogues.pending.is_none());
    assert_eq!(h.state_mut().catalogue_follower().reported(), Some(8));
    assert_eq!(search(&mut h, NEW_WORD), [NEW_SERVICE]);
}

#[test]
fn the_next_attendance_begun_from_the_end_screen_uses_the_waiting_catalogue() {
    let mut h = harness(app());
    common::push(&mut h, Command::AddService(OLD_SERVICE.into()));
    // The new version retires the service this attendance is about.
    h.state_mut()
        .catalogue_follower()
        .accept(accepted(9, "2027.2.0", newer_catalogue(true)));
    run_until(&mut h, "the new catalogue waiting", |s| {
        s.catalogues.pending.is_some()
    });
    assert!(
        h.state().state().current_step().is_some(),
        "the attendance keeps its steps"
    );
    common::push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    common::push(&mut h, Command::EndAttendance);
    let ended = h.state().state().today.len();

    // From the end screen the mediator picks the retired service from results of the old catalogue:
    // the new one is used from this citizen, and says the service is gone instead of starting an
    // attendance about a service it no longer has.
    common::push(&mut h, Command::AddService(OLD_SERVICE.into()));
    assert_eq!(running(&h), Some(9));
    assert!(h.state().state().attendance.is_none());
    assert!(
        common::banner(&h).contains("já não existe"),
        "{}",
        common::banner(&h)
    );
    assert_eq!(h.state().state().today.len(), ended);

    // Starting the attendance directly works, in the new catalogue.
    common::push(&mut h, Command::StartAttendance);
    common::push(&mut h, Command::AddService(NEW_SERVICE.into()));
    assert!(h.state().state().current_step().is_some());
    assert_eq!(h.state_mut().catalogue_follower().reported(), Some(9));
}

fn ready(sequence: i64) -> ReadyCatalogue {
    let catalogue = Arc::new(newer_catalogue(false));
    ReadyCatalogue {
        version: CatalogueVersion {
            sequence,
            version: format!("v{sequence}"),
        },
        index: Arc::new(Index::new(&catalogue)),
        catalogue,
    }
}

#[test]
fn an_older_catalogue_or_one_for_a_counter_on_a_site_folder_is_not_used() {
    let pt = I18n::new(Lang::Pt);
    let shipped = Arc::new(balcao_catalogue::load(None).catalogue);
    let mut state = AppState::new(Config::default(), Arc::clone(&shipped));
    state.catalogues.running = Some(CatalogueVersion {
        sequence: 8,
        version: "v8".into(),
    });
    for sequence in [7, 8] {
        catalogue_update::offer(&mut state, ready(sequence), &pt);
        assert!(Arc::ptr_eq(&state.catalogue, &shipped), "sequence {sequence}");
        assert_eq!(state.catalogues.running_sequence(), Some(8));
        assert!(state.catalogues.pending.is_none());
    }
    catalogue_update::offer(&mut state, ready(9), &pt);
    assert_eq!(state.catalogues.running_sequence(), Some(9));

    // A site folder's catalogue is the one to run.
    let mut site = AppState::new(Config::default(), Arc::clone(&shipped));
    site.catalogues.follows_central = false;
    catalogue_update::offer(&mut site, ready(9), &pt);
    assert!(Arc::ptr_eq(&site.catalogue, &shipped));
    assert_eq!(site.catalogues.running_sequence(), None);

    // A failure in the banner is not hidden by the notice.
    let mut failed = AppState::new(Config::default(), shipped);
    failed.banner = Some(balcao_app::state::Banner {
        error: true,
        text: "A impressora recusou o recibo.".into(),
    });
    catalogue_update::offer(&mut failed, ready(3), &pt);
    assert_eq!(failed.catalogues.running_sequence(), Some(3));
    assert_eq!(failed.banner.unwrap().text, "A impressora recusou o recibo.");
}
