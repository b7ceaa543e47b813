//! What leaves a counter: nothing that names the citizen.
//!
//! A real counter (the real store with a device key, enrolled through the real enrolment, syncing
//! through the real drain and audit upload) records an attendance full of identity data: the
//! citizen's name, NIF, card number, phone and e-mail, the mediator's notes, an outcome's free text.
//! It also holds a row written the way versions before minimisation wrote them (the whole attendance,
//! with its signed audit entry over that whole payload), as a counter upgraded while offline would.
//! Every byte it sends goes through a recording proxy to the real central server over a throwaway
//! PostgreSQL. Then every request body and every row of every table of the central's database are
//! searched for each identifying value: none may appear. The statistics are complete, and the audit
//! trail verifies with no alert, the upgraded row included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_audit::Draft;
use balcao_core::attendance::{Citizen, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_sync::worker::system_now;
use balcao_sync::{Token, TokenStore};
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{Central, enroll, origin, sync_once, unlimited};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SPOT: &str = "EC-0714";

/// Every value that identifies the citizen, as typed at the counter.
const SECRETS: &[&str] = &[
    "Maria Conceição Teste",
    "123456789",
    "12345678 9 ZZ1",
    "+351 912 345 678",
    "maria.teste@exemplo.pt",
    "Rua das Flores",
    "filho Joaquim",
    "Dona Rosa",
    "esqueceu a carta",
];

fn citizen() -> Citizen {
    Citizen {
        name: Some("Maria Conceição Teste".into()),
        nif: Some("123456789".into()),
        cc_number: Some("12345678 9 ZZ1".into()),
        phone: Some("+351 912 345 678".into()),
        email: Some("maria.teste@exemplo.pt".into()),
    }
}

/// A TCP forwarder that keeps every byte the client sends.
async fn recording_proxy(upstream: std::net::SocketAddr, seen: Arc<Mutex<Vec<u8>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let server = tokio::net::TcpStream::connect(upstream).await.unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let up = async move {
                    let mut buf = vec![0; 16 * 1024];
                    loop {
                        let n = client_read.read(&mut buf).await.unwrap_or(0);
                        if n == 0 {
                            let _ = server_write.shutdown().await;
                            break;
                        }
                        seen.lock().unwrap().extend_from_slice(&buf[..n]);
                        if server_write.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                };
                let down = async move {
                    let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                };
                tokio::join!(up, down);
            });
        }
    });
    format!("http://{addr}")
}

/// Every row of every table of the central's database, as text.
async fn every_row(pool: &deadpool_postgres::Pool) -> Vec<(String, String)> {
    let client = pool.get().await.unwrap();
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(tables.len() > 10, "{tables:?}");
    let mut rows = Vec::new();
    for table in tables {
        for row in client
            .query(&format!("SELECT t::text FROM \"{table}\" t"), &[])
            .await
            .unwrap()
        {
            rows.push((table.clone(), row.get(0)));
        }
    }
    rows
}

#[test]
fn no_identifying_value_reaches_the_central_server() {
    let central = Central::start(&PgCluster::shared().create_database(), free_port(), unlimited());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = central.block_on(recording_proxy(central.addr, seen.clone()));

    let dir = TempDir::new("balcao-privacy");
    let path = dir.path().join("balcao.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let key = balcao_audit::DeviceKey::generate().unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    let token = Token::new(enroll(
        &central,
        &mut store,
        SPOT,
        &TokenStore::new("balcao-privacy", "counter"),
        None,
    ));

    let mut now = system_now().0;
    let mut tick = || {
        now += 1_000;
        UtcMillis(now)
    };
    let a = store.begin_attendance(origin(SPOT), tick()).unwrap();
    let t = tick();
    store.set_citizen(&a.id, citizen(), Some(t), t).unwrap();
    store
        .set_notes(&a.id, "Mora na Rua das Flores, 12", tick())
        .unwrap();
    for service in [
        "imt-revalidar-carta-conducao",
        "irn-alterar-morada-cartao-cidadao",
        "irn-alterar-morada-cartao-cidadao",
    ] {
        store.add_service(&a.id, service, tick()).unwrap();
    }
    store
        .set_line_notes(&a.id, 0, "Veio com o filho Joaquim", tick())
        .unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, tick()).unwrap();
    let awaiting = Outcome::Pendente {
        awaiting: "Código por carta para a Rua das Flores (ligar +351 912 345 678)".into(),
    };
    store.set_outcome(&a.id, 1, awaiting, tick()).unwrap();
    let to = Outcome::Encaminhado {
        to: "Dona Rosa, da junta".into(),
    };
    store.set_outcome(&a.id, 2, to, tick()).unwrap();

    // A row as a version before minimisation wrote it: the whole attendance, identity included, with
    // its signed audit entry over that payload.
    let mut legacy = store.load_snapshot(&a.id).unwrap();
    legacy.attendance.notes.push_str(" (esqueceu a carta)");
    let legacy_payload = serde_json::to_string(&legacy).unwrap();
    let legacy_id = uuid::Uuid::now_v7().to_string();
    let head = store.audit_head().unwrap();
    let entry = head.append(
        Draft {
            at: tick().0,
            mediator: "ana.sousa".into(),
            action: "attendance.notes".into(),
            record_ids: vec![legacy_id.clone(), a.id.clone()],
            payload_hash: balcao_audit::payload_hash(&legacy_payload).unwrap(),
        },
        Some(&key),
    );
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![legacy_id, "attendance.notes", a.id, legacy_payload, entry.at],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit_log (seq, prev_hash, at, mediator, action, record_ids, payload_hash, signature, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                entry.seq as i64,
                entry.prev_hash.as_slice(),
                entry.at,
                entry.mediator,
                entry.action,
                serde_json::to_string(&entry.record_ids).unwrap(),
                entry.payload_hash.as_slice(),
                entry.signature.as_ref().map(|s| s.as_slice()),
                entry.hash().as_slice(),
            ],
        )
        .unwrap();
    }
    store.end_attendance(&a.id, tick()).unwrap();
    // The counter keeps everything the citizen in front of the mediator needs.
    assert_eq!(store.load(&a.id).unwrap().citizen, Some(citizen()));

    central.block_on(sync_once(&base, &mut store, &token, SPOT, &mut None));
    assert_eq!(store.outbox_len().unwrap(), 0, "everything was sent");

    let sent = String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    assert!(
        sent.contains("/v1/records") && sent.contains("/v1/audit"),
        "the proxy saw the sync"
    );
    assert!(
        sent.contains("minimised_from"),
        "the upgraded row says what it was"
    );
    let rows = central.block_on(every_row(central.pool()));
    for secret in SECRETS {
        assert!(
            !sent.contains(secret),
            "{secret:?} was sent to the central server"
        );
        for (table, row) in &rows {
            assert!(
                !row.contains(secret),
                "{secret:?} is in the central's table {table}: {row}"
            );
        }
    }

    // The statistics are whole and the audit trail holds, the upgraded row included.
    let pool = central.pool().clone();
    let (records, lines, alerts, verified): (i64, i64, Vec<String>, i64) = central.block_on(async move {
        let client = pool.get().await.unwrap();
        let count = |sql: &'static str| {
            let client = &client;
            async move { client.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
        };
        let alerts = client
            .query("SELECT kind || ': ' || detail FROM audit_alerts", &[])
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        (
            count("SELECT count(*) FROM records").await,
            count("SELECT count(*) FROM stat_lines").await,
            alerts,
            count("SELECT count(*) FROM audit_entries").await,
        )
    });
    assert_eq!(alerts, Vec::<String>::new());
    assert_eq!(lines, 3);
    assert_eq!(verified as u64, store.audit_head().unwrap().seq);
    assert!(records >= 12, "{records} records");
}
