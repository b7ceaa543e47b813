//! The counter app with its real sync worker against the real central server (over a throwaway
//! PostgreSQL): the mediator enrolls the counter from the home screen with the server's address and a
//! one-time code; an attendance made while the server is down waits, visibly, in the status bar; once
//! the server is back it reaches the central statistics, counted once. The citizen window never shows
//! any of it.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_central::{AppState, Options, admin, api, bundle, db};
use balcao_core::attendance::Outcome;
use balcao_store::Store;
use balcao_sync::{EnrollmentState, Link, SyncStatus, SyncWorker, Timing, WorkerConfig};
use balcao_testkit::PgCluster;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The central server on its own runtime; dropping it stops every connection, as a server going away.
struct Central(Option<tokio::runtime::Runtime>);

impl Central {
    fn start(db_url: &str, port: u16) -> Central {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let catalogue = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalogue");
        let key = bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap();
        let db_url = db_url.to_owned();
        runtime.block_on(async move {
            let pool = db::pool(&db_url, 4).unwrap();
            let state = AppState::new(pool, &catalogue, key, Options::default())
                .await
                .unwrap();
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
            tokio::spawn(async move {
                let _ = balcao_central::serve(listener, balcao_central::app(state)).await;
            });
        });
        Central(Some(runtime))
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

/// Runs frames until the sync status satisfies `ok` (30 s at most).
fn wait(h: &mut Harness<'_, BalcaoApp>, what: &str, ok: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.run();
        if let Some(s) = h.state().state().sync.clone().filter(|s| ok(s)) {
            return s;
        }
        assert!(Instant::now() < deadline, "{what}: {:#?}", h.state().state().sync);
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_attendance_made_offline_reaches_the_central_statistics_once_the_server_is_back() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let pg = PgCluster::start();
    let db_url = pg.url().to_string();
    let port = balcao_testkit::free_port();
    let (code, coordinator) = block_on(async {
        let pool = db::pool(&db_url, 1).unwrap();
        db::migrate(&pool).await.unwrap();
        let now = api::now_ms();
        admin::create_spot(&pool, "EC-DEMO", "Espaço do Cidadão de Demonstração", now)
            .await
            .unwrap();
        let code = admin::create_enrollment_code(&pool, "EC-DEMO", now, now + 86_400_000)
            .await
            .unwrap();
        (
            code,
            admin::create_coordinator_token(&pool, "teste", now)
                .await
                .unwrap(),
        )
    });

    // The app, over a store file, with its worker (fast sleeps, so backoffs cost no real time).
    let dir = common::temp_dir("app-sync");
    let db = dir.join("balcao.sqlite3");
    let store = Store::open(&db).unwrap();
    let mut config = WorkerConfig::new(db.clone(), "EC-DEMO").unwrap();
    let real = Timing::real();
    config.timing = Timing {
        sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d.min(Duration::from_millis(20))))),
        ..real
    };
    let worker = SyncWorker::start(config, Box::new(|| {})).unwrap();
    let app = common::app(
        Config::default(),
        store,
        common::ticking_effects(Arc::new(std::sync::Mutex::new(Vec::new()))),
    )
    .with_sync(worker);
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    wait(&mut h, "not enrolled", |s| s.link == Link::NotEnrolled);
    // In the status bar and in the home screen's sync section.
    assert!(
        h.get_all_by_label_contains("balcão não registado no servidor central")
            .count()
            >= 1
    );

    // The mediator enrolls the counter from the home screen.
    let central = Central::start(&db_url, port);
    common::type_into(
        &mut h,
        "Endereço do servidor central",
        &format!("http://127.0.0.1:{port}"),
    );
    common::type_into(&mut h, "Código de ativação", &code);
    h.get_by_label("Registar este balcão").click_accesskit();
    let s = wait(&mut h, "enrolled", |s| {
        s.enrollment != EnrollmentState::Idle && s.enrollment != EnrollmentState::InProgress
    });
    assert_eq!(
        s.enrollment,
        EnrollmentState::Succeeded {
            spot: "EC-DEMO".into()
        }
    );
    wait(&mut h, "online and drained", |s| {
        s.link == Link::Online && s.waiting == 0
    });
    // The central's signed catalogue arrives; with no attendance open the app uses it without a
    // restart.
    let s = wait(&mut h, "the central's catalogue held", |s| s.catalogue.is_some());
    let held = s.catalogue.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().state().catalogues.running_sequence() != Some(held.sequence) {
        assert!(
            Instant::now() < deadline,
            "the app never used the central's catalogue"
        );
        h.run();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        h.get_all_by_label_contains(&format!("versão {}", held.version))
            .count()
            >= 1
    );

    // The server goes away; an attendance is made anyway and waits, visibly.
    drop(central);
    for c in [
        Command::StartAttendance,
        Command::AddService("dgaj-pedir-certificado-registo-criminal".into()),
        Command::SetOutcome(0, Outcome::Concluido),
        Command::EndAttendance,
    ] {
        h.state_mut().push(c);
        h.run();
    }
    // The worker counts the outbox when it next looks, which may be between two of the commands
    // above: the figure is waited for, not the first status that has one.
    wait(&mut h, "offline with the attendance's records waiting", |s| {
        s.link == Link::Offline && s.waiting >= 4
    });
    assert!(
        h.get_all_by_label_contains("sem ligação").count() >= 1,
        "the status bar says the counter is offline"
    );
    let view = h.state().citizen_view();
    assert!(
        view.texts().iter().all(
            |t| ["Sincroniza", "servidor central", "por enviar", "sem ligação"]
                .iter()
                .all(|w| !t.contains(w))
        ),
        "the citizen window shows nothing of sync: {:?}",
        view.texts()
    );

    // The server is back: "Sincronizar agora" sends everything, and the central counts it once.
    let _central = Central::start(&db_url, port);
    h.get_by_label("Sincronizar agora").click_accesskit();
    let s = wait(&mut h, "drained after reconnection", |s| {
        s.link == Link::Online && s.waiting == 0
    });
    assert!(s.last_success_at.is_some());
    let stats: serde_json::Value = block_on(async {
        reqwest::Client::new()
            .get(format!(
                "http://127.0.0.1:{port}/v1/stats?from=2026-11-23&to=2026-11-23&by=spot"
            ))
            .bearer_auth(&coordinator)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(stats["rows"][0]["key"], "EC-DEMO", "{stats}");
    assert_eq!(stats["rows"][0]["attendances"], 1, "{stats}");
    let _ = std::fs::remove_dir_all(&dir);
}
