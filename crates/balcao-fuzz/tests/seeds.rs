//! Writes the seed corpora of the fuzz targets from the real files and the real code: the test
//! catalogues and the shipped catalogue, the configuration reference and the installer's template, and
//! request bodies made by the store and the audit trail as a counter makes them (an attendance, a cash
//! session, a follow-up, a day check, their outbox rows and audit entries).
//!
//! It is not part of the test run (`#[ignore]`): seeds are written once, kept in `fuzz/corpus/`, and
//! the fuzzer grows the corpora from them. Run it again when a format changes:
//! `cargo test -p balcao-fuzz --test seeds -- --ignored`, then `scripts/fuzz --minimize`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::{Citizen, Origin, Outcome, UtcMillis};
use balcao_core::cash::PaymentMethod;
use balcao_core::followup::{Day, Notify};
use balcao_core::money::Money;
use balcao_store::daycheck::Trigger;
use balcao_store::{NewPayment, Store};
use ed25519_dalek::Signer;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("seed-{name}")), bytes).unwrap();
}

/// The files of a catalogue folder, by path relative to it.
fn folder(dir: &Path) -> BTreeMap<String, String> {
    balcao_catalogue::Source::read_dir(dir)
        .files
        .into_iter()
        .map(|f| (f.rel, f.text))
        .collect()
}

fn t(seconds: i64) -> UtcMillis {
    UtcMillis(1_772_442_000_000 + seconds * 1000)
}

#[test]
#[ignore = "writes the seed corpora; run by hand when a format changes"]
fn write_seeds() {
    catalogue_seeds();
    config_seeds();
    counter_seeds();
    key_seeds();
    audit_chain_seeds();
}

fn catalogue_seeds() {
    let fixtures = root().join("tests/fixtures/catalogue");
    let valid = folder(&fixtures.join("valid"));
    let site = folder(&fixtures.join("site"));
    write(
        "catalogue_source",
        "valid",
        balcao_fuzz::write_layers(std::slice::from_ref(&valid)).as_bytes(),
    );
    write(
        "catalogue_source",
        "valid-and-site",
        balcao_fuzz::write_layers(&[valid.clone(), site]).as_bytes(),
    );
    let mut broken: Vec<_> = std::fs::read_dir(fixtures.join("broken"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    broken.sort();
    for dir in broken {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        write(
            "catalogue_source",
            &format!("broken-{name}"),
            balcao_fuzz::write_layers(&[folder(&dir)]).as_bytes(),
        );
    }
    // A real entity of the shipped catalogue, with the real categories and synonyms.
    let shipped = folder(&root().join("catalogue"));
    let mut small: BTreeMap<String, String> = shipped
        .iter()
        .filter(|(rel, _)| !rel.starts_with("entities/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    small.insert(
        "entities/sgmai.toml".into(),
        shipped["entities/sgmai.toml"].clone(),
    );
    write(
        "catalogue_source",
        "shipped-sgmai",
        balcao_fuzz::write_layers(&[small]).as_bytes(),
    );

    // Bundles of the valid catalogue: signed by the harness (mode 0), unchanged, with a bundle held,
    // with a payload byte changed; and one signed in advance, given whole (mode 1).
    let payload = serde_json::to_vec(&json!({
        "sequence": 7,
        "version": "2026.11.1",
        "issued_at": t(0).0,
        "expires_at": t(30 * 86_400).0,
        "files": valid,
    }))
    .unwrap();
    let with = |header: [u8; 8], rest: &[u8]| [header.as_slice(), rest].concat();
    write(
        "catalogue_bundle",
        "signed",
        &with([0, 0, 0, 0, 0, 0, 0, 0], &payload),
    );
    write(
        "catalogue_bundle",
        "signed-held",
        &with([0, 0, 0, 0, 0, 1, 0, 7], &payload),
    );
    write(
        "catalogue_bundle",
        "signed-rollback",
        &with([0, 0, 0, 0, 0, 1, 0, 9], &payload),
    );
    write(
        "catalogue_bundle",
        "tampered",
        &with([0, 1, 0, 200, 1, 0, 0, 0], &payload),
    );
    write(
        "catalogue_bundle",
        "other-key",
        &with([0, 5, 0, 0, 0, 0, 0, 0], &payload),
    );
    let signature = balcao_fuzz::test_signing_key().sign(&payload).to_bytes();
    write(
        "catalogue_bundle",
        "presigned",
        &with(
            [1, 0, 0, 0, 0, 0, 0, 0],
            &[signature.as_slice(), &payload].concat(),
        ),
    );
    write(
        "catalogue_bundle",
        "not-json",
        &with([0, 0, 0, 0, 0, 0, 0, 0], b"{\"sequence\": 1, \"files\": "),
    );
}

fn config_seeds() {
    let reference = std::fs::read_to_string(root().join("docs/configuration.md")).unwrap();
    let example = reference
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    write("config_file", "reference-example", example.as_bytes());
    write(
        "config_file",
        "debian-template",
        &std::fs::read(root().join("installer/debian/config.toml")).unwrap(),
    );
    for (name, text) in [
        ("empty", ""),
        ("bom", "\u{feff}spot_code = \"EC-0420\"\n"),
        ("zone", "time_zone = \"Atlantic/Azores\"\nlang = \"en\"\n"),
        ("monitor-index", "citizen_monitor = 1\nmirror = false\n"),
        (
            "lists",
            "opening_hours = [\"Seg: 9h–12h\", \"Sáb: fechado\"]\nmirror_allow = [\"firefox\", \"msedge.exe\"]\n",
        ),
        ("unknown-key", "spot_cod = \"EC-0420\"\n"),
        ("wrong-type", "end_screen_seconds = \"120\"\n"),
        ("bad-url", "central_url = \"http://user:pw@example.org\"\n"),
        ("syntax", "spot_code = \"EC-0420\nlang = pt\n"),
        ("table", "[spot]\ncode = \"EC-1\"\n"),
    ] {
        write("config_file", name, text.as_bytes());
    }
}

/// Records and audit uploads as a counter makes them.
fn counter_seeds() {
    let key = balcao_fuzz::test_device_key();
    let mut store = Store::open_in_memory().unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    let origin = Origin {
        spot: "EC-0427".into(),
        counter: "2".into(),
        mediator: "ana.sousa".into(),
    };
    let a = store.begin_attendance(origin.clone(), t(0)).unwrap();
    store
        .set_citizen(
            &a.id,
            Citizen {
                name: Some("Maria da Conceição Antunes".into()),
                nif: Some("123456789".into()),
                cc_number: None,
                phone: Some("+351912345678".into()),
                email: None,
            },
            Some(t(1)),
            t(1),
        )
        .unwrap();
    store.add_service(&a.id, "irn-registo-criminal", t(2)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", t(3))
        .unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(4)).unwrap();
    store
        .set_pending(
            &a.id,
            1,
            "Atestado médico",
            Day::parse("2026-03-12").unwrap(),
            Notify::Phone,
            t(5),
        )
        .unwrap();
    let session = store
        .begin_session(origin.clone(), Money::from_cents(5000), t(6))
        .unwrap();
    let payment = store
        .record_payment(
            &session.id,
            NewPayment {
                attendance_id: a.id.clone(),
                line: 0,
                service_id: "irn-registo-criminal".into(),
                entity_id: "irn".into(),
                variant: "normal".into(),
                fee: Money::from_cents(500),
                method: PaymentMethod::Cash {
                    tendered: Money::from_cents(1000),
                },
            },
            t(7),
        )
        .unwrap();
    store.cancel_payment(&payment.id, "Valor errado", t(8)).unwrap();
    store.end_attendance(&a.id, t(9)).unwrap();
    let expected = store.session_expected(&session.id).unwrap();
    store
        .close_session(&session.id, expected, Money::from_cents(0), None, t(10))
        .unwrap();
    let report = json!({"items": [{"check": "printer", "status": "ok"}]});
    let sent = json!({"items": [{"check": "printer", "status": "ok", "message": "daycheck-printer-ok"}]});
    store
        .record_day_check("2", "ana.sousa", Trigger::DayStart, &report, &sent, t(11))
        .unwrap();

    let records: Vec<Value> = store
        .outbox_peek(100)
        .unwrap()
        .into_iter()
        .map(|e| {
            let payload: Value = serde_json::from_str(&e.payload).unwrap();
            let spot = [&payload["origin"]["spot"], &payload["session"]["origin"]["spot"]]
                .into_iter()
                .find_map(Value::as_str)
                .unwrap_or("EC-0427")
                .to_owned();
            json!({
                "id": e.record_id,
                "kind": e.kind,
                "spot": spot,
                "group_id": e.attendance_id,
                "created_at": e.created_at.0,
                "payload": payload,
            })
        })
        .collect();
    let mut kinds_written = std::collections::BTreeSet::new();
    for record in &records {
        let kind = record["kind"].as_str().unwrap().to_owned();
        if kinds_written.insert(kind.clone()) {
            let body = serde_json::to_vec(&json!({ "records": [record] })).unwrap();
            write("central_records", &kind, &body);
        }
    }
    // An attendance written before the outbox was minimised: the server refuses it.
    let mut legacy = records[1].clone();
    legacy["payload"]["citizen"] = json!({"name": "Maria", "nif": "123456789", "email": "maria@exemplo.pt"});
    legacy["payload"]["notes"] = json!("ligar para 912 345 678");
    write(
        "central_records",
        "legacy-identified",
        &serde_json::to_vec(&json!({ "records": [legacy] })).unwrap(),
    );
    write(
        "central_records",
        "account-activated",
        &serde_json::to_vec(&json!({ "records": [{
            "id": "01951f7e-8a8c-7c8e-9d3f-0a1b2c3d4e5f",
            "kind": "account.activated",
            "spot": "EC-0427",
            "group_id": "01951f7e-8a8c-7c8e-9d3f-0a1b2c3d4e60",
            "created_at": t(12).0,
            "payload": {
                "account_id": "01951f7e-8a8c-7c8e-9d3f-0a1b2c3d4e60",
                "code": "7KQ2-M9XD-4TRB",
                "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                "pin_hash": null,
                "password_set_at": t(12).0
            }
        }]}))
        .unwrap(),
    );

    // The audit upload of the same actions.
    let entries = store.audit_entries(0, 100).unwrap();
    let checkpoint = store.audit_checkpoint().unwrap();
    let upload = json!({
        "public_key": key.public().to_hex(),
        "entries": entries,
        "checkpoint": checkpoint,
    });
    write("central_audit", "day", &serde_json::to_vec(&upload).unwrap());
    let first = json!({ "entries": &entries[..2], "checkpoint": null });
    write("central_audit", "first-two", &serde_json::to_vec(&first).unwrap());

    for (name, body) in [
        (
            "with-key",
            json!({"code": "7KQ2-M9XD-4TRB", "device_name": "Balcão 2 — Junta de Vinhais",
                   "audit_public_key": key.public().to_hex()}),
        ),
        (
            "typed-code",
            json!({"code": "7kq2 m9xd 4trb", "device_name": "Balcão de EC-0427"}),
        ),
        (
            "bad-key",
            json!({"code": "O1IL", "device_name": " ", "audit_public_key": "zz"}),
        ),
        (
            "untrimmed-upper-key",
            json!({"code": "7KQ2-M9XD-4TRB", "device_name": "  Balcão 3  ",
                   "audit_public_key": key.public().to_hex().to_ascii_uppercase()}),
        ),
    ] {
        write("central_enroll", name, &serde_json::to_vec(&body).unwrap());
    }

    // The coordination's account creation (`POST /v1/accounts`).
    for (name, body) in [
        (
            "mediator",
            json!({"login": " Ana.Silva ", "name": "Ana Silva", "role": "mediador", "spots": ["EC-0427"]}),
        ),
        (
            "two-spots",
            json!({"login": "rui_t", "name": "Rui Teixeira", "role": "tecnico",
                   "spots": ["EC-0427", "EC-0428"], "valid_days": 90}),
        ),
        (
            "refused",
            json!({"login": "a!", "name": " ", "role": "chefe", "spots": [], "valid_days": 0, "admin": true}),
        ),
    ] {
        write("central_accounts", name, &serde_json::to_vec(&body).unwrap());
    }
}

fn key_seeds() {
    write(
        "central_signing_key",
        "demo-hex",
        balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes(),
    );
    write("central_signing_key", "raw", &[7u8; 32]);
    write(
        "central_signing_key",
        "base64",
        b"  BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
    );
    write(
        "central_signing_key",
        "base64url",
        b"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
    );
    write("central_signing_key", "short", b"0123abcd");
}

/// Structured inputs of `audit_chain` (see its module): each change, on chains of a few entries.
fn audit_chain_seeds() {
    let entry = |flags: u8, who: &str| -> Vec<u8> {
        let mut out = vec![flags];
        out.extend_from_slice(&1_772_442_000_000i64.to_be_bytes());
        out.push(who.len() as u8);
        out.extend_from_slice(who.as_bytes());
        out.push(18);
        out.extend_from_slice(b"attendance.started");
        for _ in 0..flags % 3 {
            out.push(36);
            out.extend_from_slice(b"01951f7e-8a8c-7c8e-9d3f-0a1b2c3d4e5f");
        }
        if flags & 4 != 0 {
            out.extend_from_slice(&[0xab; 32]);
        }
        out
    };
    for (name, change) in [
        ("flip", vec![0u8, 1, 40, 0x20]),
        ("drop", vec![1, 1]),
        ("swap", vec![2, 0, 2]),
        ("cut", vec![3, 2]),
        ("repeat", vec![4, 1]),
        ("rollback", vec![5, 1]),
    ] {
        let mut data = vec![2u8];
        data.extend(entry(5, "ana.sousa"));
        data.extend(entry(1, "ana.sousa"));
        data.extend(entry(6, "rui"));
        data.extend(change);
        write("audit_chain", name, &data);
    }
    let mut unsigned = vec![1u8];
    unsigned.extend(entry(0x84, "ana.sousa"));
    unsigned.extend(entry(0, "ana.sousa"));
    unsigned.extend([1u8, 1]);
    write("audit_chain", "unsigned", &unsigned);
}

/// The survey: a ticket the test key issued, then a form (a good answer, one with missing fields and
/// personal data, one percent-encoded with accents).
#[test]
#[ignore = "writes the survey_form seeds; run by hand after a format change"]
fn survey_seeds() {
    let ticket = balcao_survey::Ticket {
        device: uuid::Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001),
        ended_at: 1_796_000_000_000,
    }
    .issue(&balcao_fuzz::test_device_key());
    for (name, form) in [
        (
            "good",
            "satisfaction=5&done=yes&alone=unsure&comment=Muito+bem&lang=pt",
        ),
        ("missing", "satisfaction=9&comment=ligue+912+345+678"),
        (
            "accents",
            "satisfaction=3&done=partly&alone=no&comment=Atendimento+r%C3%A1pido%2C+obrigada%21",
        ),
    ] {
        let mut data = ticket.clone().into_bytes();
        data.push(0);
        data.extend(form.as_bytes());
        write("survey_form", name, &data);
    }
    write(
        "survey_form",
        "no-ticket",
        b"not-a-ticket\0satisfaction=1&done=no&alone=yes",
    );
}
