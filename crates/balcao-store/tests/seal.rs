//! A copy of the database file alone reveals no citizen's identification: with the counter's key the
//! store seals it as it writes, seals what was written before the key, reads it back whole, finds a
//! citizen by keyed hash, and without the key reads everything but the identification.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Citizen, Outcome};
use balcao_store::Store;
use balcao_store::purge::Retention;
use balcao_vault::{MasterKey, Vault};
use common::{TempDir, origin, t};

const SECRETS: [&str; 7] = [
    "Maria Conceição",
    "123456789",
    "12345678 9 ZZ1",
    "912345678",
    "maria@exemplo.pt",
    "Mora na Rua das Flores",
    "filho Joaquim",
];

fn vault(seed: u8) -> Vault {
    Vault::from_master(&MasterKey::from_bytes([seed; 32])).unwrap()
}

fn citizen() -> Citizen {
    Citizen {
        name: Some(SECRETS[0].into()),
        nif: Some(SECRETS[1].into()),
        cc_number: Some(SECRETS[2].into()),
        phone: Some(SECRETS[3].into()),
        email: Some(SECRETS[4].into()),
    }
}

/// An ended attendance full of identity data.
fn record(store: &mut Store, at: i64) -> String {
    let a = store.begin_attendance(origin(), t(at)).unwrap();
    store
        .set_citizen(&a.id, citizen(), Some(t(at + 1)), t(at + 1))
        .unwrap();
    store.set_notes(&a.id, SECRETS[5], t(at + 2)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", t(at + 3))
        .unwrap();
    store
        .add_service(&a.id, "irn-alterar-morada-cartao-cidadao", t(at + 3))
        .unwrap();
    store.set_line_notes(&a.id, 0, SECRETS[6], t(at + 4)).unwrap();
    store
        .set_outcome(&a.id, 0, Outcome::Encaminhado { to: "imt".into() }, t(at + 5))
        .unwrap();
    let reason = Outcome::NaoFoiPossivel {
        reason: "Sem o PIN da Maria Conceição".into(),
    };
    store.set_outcome(&a.id, 1, reason, t(at + 5)).unwrap();
    store.end_attendance(&a.id, t(at + 6)).unwrap();
    a.id
}

/// Which of the secrets the database file and its log contain.
fn readable(dir: &TempDir) -> Vec<&'static str> {
    let mut bytes = std::fs::read(dir.db()).unwrap();
    bytes.extend(std::fs::read(dir.path().join("balcao.sqlite3-wal")).unwrap_or_default());
    SECRETS
        .into_iter()
        .filter(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()))
        .collect()
}

#[test]
fn with_the_key_nothing_identifying_is_readable_in_the_file() {
    let dir = TempDir::new("seal-write");
    let mut store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.set_vault(Some(vault(1))).unwrap(), 0);
    let id = record(&mut store, 0);
    let read = store.load(&id).unwrap();
    assert_eq!(read.citizen, Some(citizen()));
    assert_eq!(read.notes, SECRETS[5]);
    assert_eq!(read.lines[0].notes, SECRETS[6]);
    assert_eq!(
        read.lines[0].outcome,
        Some(Outcome::Encaminhado { to: "imt".into() })
    );
    assert_eq!(
        store.find_citizen(Some("123456789"), None).unwrap(),
        vec![id.clone()]
    );
    assert_eq!(
        store.find_citizen(None, Some("12345678 9 ZZ1")).unwrap(),
        vec![id.clone()]
    );
    assert!(store.find_citizen(Some("123456780"), None).unwrap().is_empty());
    drop(store);
    assert_eq!(readable(&dir), Vec::<&str>::new());

    // Another key (or none) opens nothing, and everything else still reads.
    for other in [Some(vault(2)), None] {
        let mut store = Store::open(&dir.db()).unwrap();
        store.set_vault(other).unwrap();
        let seen = store.load(&id).unwrap();
        assert_eq!(seen.citizen, None);
        assert_eq!((seen.notes.as_str(), seen.lines[0].notes.as_str()), ("", ""));
        assert_eq!(seen.lines.len(), 2);
        assert_eq!(seen.ended_at, read.ended_at);
        assert!(store.find_citizen(Some("123456789"), None).unwrap().is_empty());
    }
}

#[test]
fn what_was_written_without_a_key_is_sealed_when_the_key_comes() {
    let dir = TempDir::new("seal-later");
    let mut store = Store::open(&dir.db()).unwrap();
    let first = record(&mut store, 0);
    let second = record(&mut store, 100);
    assert_eq!(
        store.find_citizen(Some("123456789"), None).unwrap().len(),
        2,
        "found as written"
    );
    assert_eq!(
        readable(&dir).len(),
        SECRETS.len(),
        "without a key the values are as typed"
    );

    assert_eq!(store.set_vault(Some(vault(1))).unwrap(), 2);
    assert_eq!(
        store.set_vault(Some(vault(1))).unwrap(),
        0,
        "sealing twice changes nothing"
    );
    assert_eq!(store.load(&first).unwrap().citizen, Some(citizen()));
    assert_eq!(store.load(&second).unwrap().lines[0].notes, SECRETS[6]);
    assert_eq!(
        store.find_citizen(Some("123456789"), None).unwrap(),
        vec![first.clone(), second.clone()]
    );
    drop(store);
    assert_eq!(readable(&dir), Vec::<&str>::new());
}

#[test]
fn the_purge_erases_sealed_values_and_their_lookup() {
    let dir = TempDir::new("seal-purge");
    let mut store = Store::open(&dir.db()).unwrap();
    store.set_vault(Some(vault(1))).unwrap();
    let id = record(&mut store, 0);
    assert_eq!(
        store
            .purge(t(31 * 86_400), Retention::default())
            .unwrap()
            .attendances,
        1
    );
    let erased = store.load(&id).unwrap();
    assert_eq!(erased.citizen, None);
    assert_eq!(
        erased.lines[0].outcome,
        Some(Outcome::Encaminhado { to: "imt".into() }),
        "a sealed referral to a catalogue entity is opened, recognised and kept"
    );
    assert_eq!(
        erased.lines[1].outcome,
        Some(Outcome::NaoFoiPossivel { reason: "".into() })
    );
    assert!(store.find_citizen(Some("123456789"), None).unwrap().is_empty());
}
