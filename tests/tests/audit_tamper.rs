//! The audit trail against someone who edits a counter's database by hand.
//!
//! Each case is a real counter (the real store, with a device key, enrolled through the real
//! enrolment, syncing through the real drain and audit upload) talking to the real central server over
//! a throwaway PostgreSQL. The test changes the counter's SQLite file the way a person with the PC and
//! `sqlite3` could (dropping the triggers first), lets the counter sync, and checks that the central
//! flagged exactly that kind of change, and that nothing the counter sent was dropped: every entry is
//! either in the verified chain or kept whole in an alert.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_audit::{DeviceKey, Entry, Head};
use balcao_core::attendance::{Outcome, UtcMillis};
use balcao_core::cash::PaymentMethod;
use balcao_core::money::Money;
use balcao_store::{NewPayment, Store};
use balcao_sync::client::{AuditBody, Client};
use balcao_sync::worker::system_now;
use balcao_sync::{Token, TokenStore};
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{Central, coordinator, enroll, origin, sync_once, unlimited};
use std::collections::BTreeSet;

const SPOT: &str = "EC-0620";

/// One counter and its own central server and database.
struct Counter {
    central: Central,
    dir: TempDir,
    store: Store,
    token: Token,
    key: DeviceKey,
    now: i64,
    session: String,
}

impl Counter {
    fn new(name: &str) -> Counter {
        let central = Central::start(&PgCluster::shared().create_database(), free_port(), unlimited());
        let dir = TempDir::new(&format!("balcao-audit-{name}"));
        let mut store = Store::open(&dir.path().join("balcao.sqlite3")).unwrap();
        let key = DeviceKey::generate().unwrap();
        store.set_audit_key(Some(key.clone())).unwrap();
        let tokens = TokenStore::new("balcao-audit-tamper", name);
        let token = Token::new(enroll(&central, &mut store, SPOT, &tokens, None));
        let now = system_now().0;
        let session = store
            .begin_session(origin(SPOT), Money::from_cents(5_000), UtcMillis(now))
            .unwrap()
            .id;
        Counter {
            central,
            dir,
            store,
            token,
            key,
            now,
            session,
        }
    }

    fn tick(&mut self) -> UtcMillis {
        self.now += 1_000;
        UtcMillis(self.now)
    }

    /// `n` paid attendances: five records (and entries) each.
    fn work(&mut self, n: usize) {
        for _ in 0..n {
            let t = self.tick();
            let a = self.store.begin_attendance(origin(SPOT), t).unwrap();
            let t = self.tick();
            self.store
                .add_service(&a.id, "imt-revalidar-carta-conducao", t)
                .unwrap();
            let payment = NewPayment {
                attendance_id: a.id.clone(),
                line: 0,
                service_id: "imt-revalidar-carta-conducao".into(),
                entity_id: "imt".into(),
                variant: "normal".into(),
                fee: Money::from_cents(3_000),
                method: PaymentMethod::Cash {
                    tendered: Money::from_cents(3_000),
                },
            };
            let t = self.tick();
            let session = self.session.clone();
            self.store.record_payment(&session, payment, t).unwrap();
            let t = self.tick();
            self.store.set_outcome(&a.id, 0, Outcome::Concluido, t).unwrap();
            let t = self.tick();
            self.store.end_attendance(&a.id, t).unwrap();
        }
    }

    /// A sync as the worker does it: the outbox, then the audit entries and a checkpoint.
    fn sync(&mut self) {
        let (store, token, base) = (&mut self.store, &self.token, &self.central.base);
        self.central
            .block_on(sync_once(base, store, token, SPOT, &mut None));
    }

    /// Runs `sql` on the file as a person with `sqlite3` would, triggers dropped first.
    fn hand_edit(&self, sql: &str) {
        let conn = rusqlite::Connection::open(self.dir.path().join("balcao.sqlite3")).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; {sql}"
        ))
        .unwrap();
    }

    /// The kinds of the central's alerts for this device.
    fn alerts(&self) -> BTreeSet<String> {
        let pool = self.central.pool().clone();
        self.central.block_on(async move {
            let client = pool.get().await.unwrap();
            client
                .query("SELECT kind FROM audit_alerts", &[])
                .await
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect()
        })
    }

    /// Every entry the counter holds now is held by the central too: verified with the same hash, or
    /// kept in an alert.
    fn nothing_dropped(&self) {
        let local = self.store.audit_entries(0, 100_000).unwrap();
        let pool = self.central.pool().clone();
        let (verified, flagged): (Vec<(i64, Vec<u8>)>, Vec<serde_json::Value>) =
            self.central.block_on(async move {
                let client = pool.get().await.unwrap();
                let verified = client
                    .query("SELECT seq, hash FROM audit_entries", &[])
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| (row.get(0), row.get(1)))
                    .collect();
                let flagged = client
                    .query("SELECT entry FROM audit_alerts WHERE entry IS NOT NULL", &[])
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| row.get(0))
                    .collect();
                (verified, flagged)
            });
        let flagged: Vec<Entry> = flagged
            .into_iter()
            .map(|v| serde_json::from_value(v).unwrap())
            .collect();
        for entry in &local {
            let held = verified
                .iter()
                .any(|(seq, hash)| *seq == entry.seq as i64 && hash.as_slice() == entry.hash())
                || flagged.contains(entry);
            assert!(held, "entry {} was dropped by the central", entry.seq);
        }
    }
}

#[test]
fn an_honest_counter_raises_no_alert_even_when_it_sends_everything_twice() {
    let mut c = Counter::new("honest");
    c.work(2);
    c.sync();
    c.work(1);
    c.sync();
    // A lost answer: the counter sends its whole log again.
    c.hand_edit("UPDATE audit_state SET sent_seq = 0");
    c.sync();
    assert_eq!(c.alerts(), BTreeSet::new());
    c.nothing_dropped();
    // The key was registered at enrolment.
    let pool = c.central.pool().clone();
    let registered: Option<String> = c.central.block_on(async move {
        let client = pool.get().await.unwrap();
        client
            .query_one("SELECT audit_public_key FROM devices", &[])
            .await
            .unwrap()
            .get(0)
    });
    assert_eq!(registered, Some(c.key.public().to_hex()));
    assert_eq!(
        c.store.audit_sent_seq().unwrap(),
        c.store.audit_head().unwrap().seq
    );
}

/// Each case: the work done, the change made before the next sync, and the alert expected.
#[test]
fn every_kind_of_hand_edit_is_flagged_and_nothing_is_dropped() {
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "edit",
            "UPDATE audit_log SET mediator = 'outra.pessoa' WHERE seq = 8",
            &["signature"],
        ),
        ("delete", "DELETE FROM audit_log WHERE seq = 8", &["gap"]),
        (
            "reorder",
            "UPDATE audit_log SET seq = 100 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = 9; \
             UPDATE audit_log SET seq = 9 WHERE seq = 100",
            &["link"],
        ),
        (
            "record",
            "UPDATE outbox SET payload = json_set(payload, '$.origin.counter', '9') \
             WHERE seq = (SELECT min(seq) FROM outbox WHERE kind = 'attendance.ended')",
            &["record-changed"],
        ),
        (
            // Hiding a payment: its record never leaves, so the receipt series has a hole too.
            "receipt",
            "DELETE FROM outbox WHERE seq = (SELECT min(seq) FROM outbox WHERE kind = 'cash.payment')",
            &["record-missing", "receipt-gap"],
        ),
        (
            "truncate",
            "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log); \
             UPDATE audit_state SET sent_seq = (SELECT max(seq) FROM audit_log)",
            &["rollback"],
        ),
    ];
    for (name, sql, expected) in cases {
        let mut c = Counter::new(name);
        // Entries 1 (the cash session) to 6 are synced and verified first.
        c.work(1);
        c.sync();
        assert_eq!(c.alerts(), BTreeSet::new(), "{name}: before the change");
        c.work(2);
        if name == "truncate" {
            // Truncation after the central saw the tail.
            c.sync();
        }
        c.hand_edit(sql);
        if name != "truncate" {
            // The counter goes on working; a truncated log just syncs (its head is now behind).
            c.work(1);
        }
        c.sync();
        let alerts = c.alerts();
        for kind in expected {
            assert!(alerts.contains(*kind), "{name}: no {kind} alert in {alerts:?}");
        }
        if name != "truncate" {
            c.nothing_dropped();
        }
    }
}

#[test]
fn a_chain_re_signed_with_another_key_is_flagged() {
    let mut c = Counter::new("forge");
    c.work(2);
    // Someone rewrites entries 2 onwards with a key of their own, consistently chained.
    let entries = c.store.audit_entries(0, 100).unwrap();
    let forger = DeviceKey::generate().unwrap();
    let mut head = Head {
        seq: 1,
        hash: entries[0].hash(),
    };
    let mut sql = String::new();
    for old in &entries[1..] {
        let draft = balcao_audit::Draft {
            at: old.at,
            mediator: "outra.pessoa".into(),
            action: old.action.clone(),
            record_ids: old.record_ids.clone(),
            payload_hash: old.payload_hash,
        };
        let forged = head.append(draft, Some(&forger));
        let hex = balcao_audit::to_hex;
        sql += &format!(
            "UPDATE audit_log SET prev_hash = x'{}', mediator = 'outra.pessoa', signature = x'{}', hash = x'{}' \
             WHERE seq = {};",
            hex(&forged.prev_hash),
            hex(&forged.signature.unwrap()),
            hex(&forged.hash()),
            forged.seq
        );
        head = Head {
            seq: forged.seq,
            hash: forged.hash(),
        };
    }
    c.hand_edit(&sql);
    c.sync();
    assert!(c.alerts().contains("signature"), "{:?}", c.alerts());
    c.nothing_dropped();
}

#[test]
fn an_old_checkpoint_replayed_is_a_rollback_and_only_coordinators_read_the_alerts() {
    let mut c = Counter::new("replay");
    c.work(1);
    c.sync();
    let old = c.store.audit_checkpoint().unwrap().unwrap();
    c.work(1);
    c.sync();
    assert_eq!(c.alerts(), BTreeSet::new());
    // Someone replays the first checkpoint with the device's token (as a restored old copy would).
    let client = Client::new(&c.central.base).unwrap();
    let body = AuditBody {
        public_key: None,
        entries: &[],
        checkpoint: Some(old),
    };
    c.central.block_on(client.post_audit(&c.token, &body)).unwrap();
    assert!(c.alerts().contains("rollback"), "{:?}", c.alerts());

    // The coordination lists it; a device token may not.
    let pool = c.central.pool().clone();
    let coordinator_token = c.central.block_on(async move { coordinator(&pool).await });
    let url = format!("{}/v1/audit/alerts?spot={SPOT}", c.central.base);
    let (listed, refused) = c.central.block_on(async {
        let http = reqwest::Client::new();
        let listed: serde_json::Value = http
            .get(&url)
            .bearer_auth(&coordinator_token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let refused = http
            .get(&url)
            .bearer_auth(c.token.expose())
            .send()
            .await
            .unwrap()
            .status();
        (listed, refused)
    });
    let rows = listed["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["kind"], "rollback");
    assert_eq!(rows[0]["spot"], SPOT);
    assert!(
        rows[0]["detail"].as_str().unwrap().contains("rolled back"),
        "{listed}"
    );
    assert_eq!(refused, 403);
}
