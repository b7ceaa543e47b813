//! The binary's security checks on real files: `balcao audit verify` on a database intact, then
//! changed by hand; and a demo build that refuses to serve a real central server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_audit::DeviceKey;
use balcao_core::attendance::{Origin, Outcome, UtcMillis};
use balcao_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn db_with_three_entries(dir: &Path, key: &DeviceKey) -> PathBuf {
    let path = dir.join("balcao.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    let origin = Origin {
        spot: "EC-0427".into(),
        counter: "2".into(),
        mediator: "ana.sousa".into(),
    };
    let t = UtcMillis(1_767_225_600_000);
    let a = store.begin_attendance(origin, t).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", t)
        .unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t).unwrap();
    path
}

fn verify(db: &Path, key: &str, lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_balcao"))
        .args(["--lang", lang, "audit", "verify", "--db"])
        .arg(db)
        .args(["--public-key", key])
        .output()
        .expect("the balcao binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("balcao-audit-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_intact_trail_verifies_and_a_changed_entry_is_named() {
    let dir = scratch("tamper");
    let key = DeviceKey::from_seed(&[5; 32]);
    let db = db_with_three_entries(&dir, &key);
    let public = key.public().to_hex();

    let ok = verify(&db, &public, "pt");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        stdout.contains("registo de auditoria íntegro: 3 entradas verificadas"),
        "{stdout}"
    );

    // Someone with the file edits who did the second action.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET mediator = 'outra.pessoa' WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    let broken = verify(&db, &public, "en");
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert_eq!(broken.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(": error: entry 2: the signature does not match its contents"),
        "{stderr}"
    );

    // Another key (not the one the central registered) does not verify either.
    let other = DeviceKey::from_seed(&[6; 32]).public().to_hex();
    let wrong_key = verify(&db_with_three_entries(&scratch("other"), &key), &other, "pt");
    let stderr = String::from_utf8_lossy(&wrong_key.stderr);
    assert_eq!(wrong_key.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("entrada 1: a assinatura não corresponde"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_file_or_bad_key_is_said_plainly() {
    let dir = scratch("usage");
    let missing = verify(&dir.join("nao-existe.sqlite3"), &"0".repeat(64), "pt");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("esta base de dados não existe"));
    let db = db_with_three_entries(&dir, &DeviceKey::from_seed(&[5; 32]));
    let bad = verify(&db, "xyz", "en");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("64 hexadecimal digits"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_demo_build_enrolled_with_a_real_central_refuses_to_start_and_says_why() {
    let dir = scratch("demo-key");
    let path = dir.join("balcao.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let mut state = store.sync_state().unwrap();
    state.central_url = Some("https://central.ama.gov.pt".into());
    state.device_id = Some("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into());
    state.spot = Some("EC-0427".into());
    store.set_sync_state(&state).unwrap();
    drop(store);
    // No display: the error window cannot open, so standard error is all there is (as on a console).
    let output = Command::new(env!("CARGO_BIN_EXE_balcao"))
        .args(["--lang", "en", "--data-dir"])
        .arg(&dir)
        .args([
            "--user-config",
            "/nonexistent/balcao.toml",
            "--system-config",
            "/nonexistent/system.toml",
        ])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_STATE_HOME", &dir)
        .output()
        .expect("the balcao binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("https://central.ama.gov.pt: This Balcão was installed from a demo package"),
        "{stderr}"
    );
    assert!(
        stderr.contains("enrolled with https://central.ama.gov.pt"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
