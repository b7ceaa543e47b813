//! A whole day at a counter, end to end against the real central server over a throwaway PostgreSQL:
//! the start-of-day check and a pending follow-up reach the coordination (counts and broken equipment,
//! nothing personal), and a training day beside it reaches nothing at all.
//!
//! Training mode (`balcao --training`) works in the data folder's `formacao` database with no sync
//! worker. Here that database holds a whole training day (an attendance with a payment and a pending
//! follow-up, the cash session opened and closed, a day check), and a sync is tried from it as if a
//! worker had been pointed at the server: it is not enrolled, so the server takes nothing. The real counter then syncs
//! its own day, and the central server holds its records only: no training record, no training
//! statistic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::{Citizen, Origin, UtcMillis};
use balcao_core::cash::{PaymentMethod, PerMethod};
use balcao_core::followup::{Day, Notify};
use balcao_core::money::Money;
use balcao_daycheck::{MonitorObs, Observations, PrinterObs, ReaderObs};
use balcao_store::daycheck::Trigger;
use balcao_store::{NewPayment, Store};
use balcao_sync::Token;
use balcao_sync::TokenStore;
use balcao_sync::worker::system_now;
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{Central, ClientSink, coordinator, enroll, origin, sync_once, unlimited};
use serde_json::Value;

const SPOT: &str = "EC-0816";

/// A day's work on `store` by `origin`: an attendance whose driving-licence line is paid and ends
/// pendente (the new card is posted), the till opened and closed, and a day check whose printer is out
/// of paper. Returns the follow-up's id.
fn a_day(store: &mut Store, origin: &Origin, start: i64) -> String {
    let mut now = start;
    let mut tick = || {
        now += 1_000;
        UtcMillis(now)
    };
    let observations = Observations {
        monitors: MonitorObs {
            count: 2,
            citizen_on_own_monitor: true,
        },
        printer: PrinterObs::Stopped {
            name: "HP_Balcao".into(),
            reason: "media-empty-error".into(),
        },
        card_reader: ReaderObs::Present {
            name: "ACS ACR38U".into(),
        },
        ..Observations::default()
    };
    let at = tick();
    let report = balcao_daycheck::build(&observations, at);
    store
        .record_day_check(
            &origin.counter,
            &origin.mediator,
            Trigger::DayStart,
            &serde_json::to_value(&report).unwrap(),
            &report.to_record(),
            at,
        )
        .unwrap();
    let session = store
        .begin_session(origin.clone(), Money::from_cents(5_000), tick())
        .unwrap();
    let a = store.begin_attendance(origin.clone(), tick()).unwrap();
    let t = tick();
    let citizen = Citizen {
        name: Some("Joaquim Teste".into()),
        phone: Some("+351 932 000 111".into()),
        ..Citizen::default()
    };
    store.set_citizen(&a.id, citizen, Some(t), t).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", tick())
        .unwrap();
    store
        .record_payment(
            &session.id,
            NewPayment {
                attendance_id: a.id.clone(),
                line: 0,
                service_id: "imt-revalidar-carta-conducao".into(),
                entity_id: "imt".into(),
                variant: "normal".into(),
                fee: Money::from_cents(3_000),
                method: PaymentMethod::Cash {
                    tendered: Money::from_cents(5_000),
                },
            },
            tick(),
        )
        .unwrap();
    let t = tick();
    let due = Day::at(&balcao_core::time::SpotZone::lisbon(), t).plus_days(20);
    let (_, f) = store
        .set_pending(&a.id, 0, "Carta nova pelo correio", due, Notify::Phone, t)
        .unwrap();
    store.end_attendance(&a.id, tick()).unwrap();
    let counted: PerMethod = store.session_expected(&session.id).unwrap();
    store
        .close_session(&session.id, counted, Money::ZERO, None, tick())
        .unwrap();
    f.id
}

fn get(central: &Central, token: &str, path: &str) -> Value {
    let url = format!("{}{path}", central.base);
    let token = token.to_owned();
    central.block_on(async move {
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    })
}

#[test]
fn the_coordination_sees_the_day_s_equipment_and_pendings_and_nothing_of_a_training_day() {
    let central = Central::start(&PgCluster::shared().create_database(), free_port(), unlimited());
    let dir = TempDir::new("balcao-day");
    let start = system_now().0;

    // The training database beside the real one, as `balcao --training` makes it.
    let training_dir = dir.path().join("formacao");
    std::fs::create_dir_all(&training_dir).unwrap();
    let mut training = Store::open(&training_dir.join("balcao.sqlite3")).unwrap();
    let mut trainee = origin(SPOT);
    trainee.counter.push_str("-FORMACAO");
    a_day(&mut training, &trainee, start);
    let waiting_in_training = training.outbox_len().unwrap();
    assert!(waiting_in_training >= 10, "a whole training day was recorded");
    // The training database has no enrolment: no server address for a worker to use, and no token.
    // Even pointed at the server by hand, its upload is refused, and every record stays where it was.
    let client = balcao_sync::Client::new(&central.base).unwrap();
    let sink = ClientSink {
        client: &client,
        token: &Token::new("not-a-device-token".into()),
    };
    let report = central.block_on(balcao_sync::drain::drain(
        &mut training,
        &sink,
        SPOT,
        &system_now,
        500,
    ));
    assert!(
        !matches!(report, Ok(ref r) if matches!(r.stop, balcao_sync::drain::Stop::Drained)),
        "{report:?}"
    );
    assert!(training.sync_state().unwrap().central_url.is_none());
    assert_eq!(training.outbox_len().unwrap(), waiting_in_training);

    // The real counter's day, synced.
    let mut store = Store::open(&dir.path().join("balcao.sqlite3")).unwrap();
    store
        .set_audit_key(Some(balcao_audit::DeviceKey::generate().unwrap()))
        .unwrap();
    let token = Token::new(enroll(
        &central,
        &mut store,
        SPOT,
        &TokenStore::new("balcao-day", "counter"),
        None,
    ));
    let real = origin(SPOT);
    let followup = a_day(&mut store, &real, start + 60_000);
    let sent = store.outbox_len().unwrap();
    central.block_on(sync_once(&central.base, &mut store, &token, SPOT, &mut None));
    assert_eq!(store.outbox_len().unwrap(), 0);

    // The coordination sees one open follow-up and the counter whose printer needs paper.
    let coordination = central.block_on(coordinator(central.pool()));
    let followups = get(&central, &coordination, "/v1/stats/followups");
    assert_eq!(
        followups["spots"],
        serde_json::json!([{"spot": SPOT, "open": 1, "overdue": 0, "closed": 0}])
    );
    let equipment = get(&central, &coordination, "/v1/stats/equipment");
    let counters = equipment["counters"].as_array().unwrap();
    assert_eq!(counters.len(), 1, "{equipment}");
    assert_eq!(counters[0]["counter"], real.counter.as_str());
    assert_eq!(counters[0]["worst"], "fail");
    assert_eq!(
        counters[0]["failing"],
        serde_json::json!([{"check": "printer", "status": "fail"}])
    );

    // Exactly the real day's records, and the statistics count one attendance and one payment.
    let pool = central.pool().clone();
    let followup_id = followup.clone();
    let (records, trainee_rows, payments, lines, followup_rows) = central.block_on(async move {
        let client = pool.get().await.unwrap();
        let one = |sql: &'static str| {
            let client = &client;
            async move { client.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
        };
        let followup_rows: i64 = client
            .query_one(
                "SELECT count(*) FROM records WHERE group_id = $1",
                &[&followup_id],
            )
            .await
            .unwrap()
            .get(0);
        (
            one("SELECT count(*) FROM records").await,
            one("SELECT count(*) FROM records WHERE payload::text LIKE '%FORMACAO%'").await,
            one("SELECT count(*) FROM stat_payments").await,
            one("SELECT count(*) FROM stat_lines").await,
            followup_rows,
        )
    });
    assert_eq!(u64::try_from(records).unwrap(), sent);
    assert_eq!(trainee_rows, 0, "no training record reached the central server");
    assert_eq!(
        (payments, lines),
        (1, 1),
        "one real payment, one real service line"
    );
    assert_eq!(followup_rows, 1, "the follow-up's opening record");
}
