//! A citizen's RGPD requests at the store: found by NIF or card number, the copy handed over and the
//! erasure each in the audit trail under the supervisor's name, an open attendance never erased.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Citizen, Outcome};
use balcao_store::Store;
use balcao_store::rgpd::{ACCESS, ERASURE, Erasure};
use balcao_vault::{MasterKey, Vault};
use common::{origin, t};

fn identified(store: &mut Store, nif: &str, at: i64, end: bool) -> String {
    let a = store.begin_attendance(origin(), t(at)).unwrap();
    let citizen = Citizen {
        name: Some(format!("Pessoa {nif}")),
        nif: Some(nif.into()),
        cc_number: Some(format!("{}0 ZZ1", &nif[..8])),
        ..Citizen::default()
    };
    store.set_citizen(&a.id, citizen, Some(t(at)), t(at)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", t(at + 1))
        .unwrap();
    if end {
        store
            .set_outcome(&a.id, 0, Outcome::Concluido, t(at + 2))
            .unwrap();
        store.end_attendance(&a.id, t(at + 3)).unwrap();
    }
    a.id
}

#[test]
fn a_supervisor_finds_hands_over_and_erases_what_the_counter_holds() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .set_vault(Some(Vault::from_master(&MasterKey::from_bytes([3; 32])).unwrap()))
        .unwrap();
    let first = identified(&mut store, "123456789", 0, true);
    let other = identified(&mut store, "987654321", 100, true);
    let open = identified(&mut store, "123456789", 200, false);

    let found = store.citizen_attendances(Some("123456789"), None).unwrap();
    assert_eq!(
        found.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
        vec![first.clone(), open.clone()]
    );
    assert_eq!(
        found[0].citizen.as_ref().unwrap().name.as_deref(),
        Some("Pessoa 123456789")
    );
    let by_card = store.citizen_attendances(None, Some("123456780 ZZ1")).unwrap();
    assert_eq!(by_card.len(), 2);

    let ids: Vec<String> = found.iter().map(|a| a.id.clone()).collect();
    store.record_access(&ids, "sofia.supervisora", t(300)).unwrap();
    let erasure = store.erase_citizen(&ids, "sofia.supervisora", t(301)).unwrap();
    assert_eq!(erasure, Erasure { erased: 1, open: 1 });
    assert_eq!(store.load(&first).unwrap().citizen, None);
    assert!(
        store.load(&open).unwrap().citizen.is_some(),
        "the open attendance is not touched"
    );
    assert!(
        store.load(&other).unwrap().citizen.is_some(),
        "another citizen is not touched"
    );
    assert_eq!(store.purged_at(&first).unwrap(), Some(t(301)));
    assert_eq!(
        store.citizen_attendances(Some("123456789"), None).unwrap().len(),
        1,
        "only the open one is still found"
    );

    let entries = store.audit_entries(0, 1000).unwrap();
    let acts: Vec<(String, String, Vec<String>)> = entries
        .into_iter()
        .filter(|e| e.action.starts_with("privacy."))
        .map(|e| (e.action, e.mediator, e.record_ids))
        .collect();
    assert_eq!(
        acts,
        vec![
            (ACCESS.to_owned(), "sofia.supervisora".to_owned(), ids.clone()),
            (
                ERASURE.to_owned(),
                "sofia.supervisora".to_owned(),
                vec![first.clone()]
            ),
        ]
    );
    // Nothing to erase is no act at all.
    assert_eq!(
        store
            .erase_citizen(std::slice::from_ref(&open), "sofia.supervisora", t(302))
            .unwrap(),
        Erasure { erased: 0, open: 1 }
    );
    assert!(store.erase_citizen(&["nope".into()], "x", t(303)).is_err());
}
