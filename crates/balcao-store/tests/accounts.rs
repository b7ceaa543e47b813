//! Accounts on the counter: the pulled list, the throttle that survives restarts, unlocks, and an
//! activation that reaches the outbox with its audit entry and is not undone by an older pull.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_accounts::{Role, Throttle};
use balcao_store::Store;
use balcao_store::accounts::{Activation, PulledAccount};
use balcao_store::outbox::kind;
use common::{TempDir, t};

fn pulled(id: &str, login: &str, role: Role, version: i64) -> PulledAccount {
    PulledAccount {
        id: id.into(),
        login: login.into(),
        name: format!("Nome de {login}"),
        role,
        password_hash: None,
        pin_hash: None,
        password_set_at: None,
        activation_code_hash: Some(balcao_accounts::code_hash("ABCD-EFGH-JKMN")),
        activation_expires_at: Some(t(86_400).0),
        disabled: false,
        unlocked_at: None,
        version,
    }
}

#[test]
fn the_pulled_list_replaces_the_held_one() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(!store.has_accounts().unwrap());
    store
        .replace_accounts(&[
            pulled("a1", "ana.sousa", Role::Mediador, 1),
            pulled("a2", "rui.lima", Role::Supervisor, 2),
        ])
        .unwrap();
    assert!(store.has_accounts().unwrap());
    let ana = store.account("Ana.Sousa").unwrap().unwrap();
    assert_eq!((ana.id.as_str(), ana.role), ("a1", Role::Mediador));
    // Rui leaves the spot, Ana is disabled centrally.
    let mut disabled = pulled("a1", "ana.sousa", Role::Mediador, 3);
    disabled.disabled = true;
    store.replace_accounts(&[disabled]).unwrap();
    assert_eq!(store.account("rui.lima").unwrap(), None);
    assert!(store.account("ana.sousa").unwrap().unwrap().disabled);
}

#[test]
fn failures_survive_a_restart_and_a_supervisor_or_the_central_unlocks() {
    let dir = TempDir::new("accounts-throttle");
    let mut store = Store::open(&dir.db()).unwrap();
    store
        .replace_accounts(&[
            pulled("a1", "ana.sousa", Role::Mediador, 1),
            pulled("a2", "rui.lima", Role::Supervisor, 2),
        ])
        .unwrap();
    let mut ana = store.account("ana.sousa").unwrap().unwrap();
    for n in 0..10 {
        ana.throttle = store.login_failed(&ana, t(n)).unwrap();
    }
    assert!(ana.throttle.locked());
    drop(store);
    let mut store = Store::open(&dir.db()).unwrap();
    let ana = store.account("ana.sousa").unwrap().unwrap();
    assert_eq!(
        ana.throttle,
        Throttle {
            failures: 10,
            last_failure_at: t(9).0
        }
    );
    // One person's typos touch only their account.
    assert_eq!(
        store.account("rui.lima").unwrap().unwrap().throttle,
        Throttle::default()
    );
    let rui = store.account("rui.lima").unwrap().unwrap();
    store.unlock_account(&ana, &rui, t(20)).unwrap();
    assert_eq!(store.account("ana.sousa").unwrap().unwrap().throttle.failures, 0);

    // Locked again, then unlocked centrally (an unlock newer than the last failure).
    let mut ana = store.account("ana.sousa").unwrap().unwrap();
    for n in 30..40 {
        ana.throttle = store.login_failed(&ana, t(n)).unwrap();
    }
    let mut unlocked = pulled("a1", "ana.sousa", Role::Mediador, 5);
    unlocked.unlocked_at = Some(t(10).0);
    store
        .replace_accounts(&[unlocked.clone(), pulled("a2", "rui.lima", Role::Supervisor, 2)])
        .unwrap();
    assert!(
        store.account("ana.sousa").unwrap().unwrap().throttle.locked(),
        "an older unlock does not count"
    );
    unlocked.unlocked_at = Some(t(50).0);
    store
        .replace_accounts(&[unlocked, pulled("a2", "rui.lima", Role::Supervisor, 2)])
        .unwrap();
    assert_eq!(store.account("ana.sousa").unwrap().unwrap().throttle.failures, 0);

    // Every failure, the lockout and the unlock are in the audit trail.
    let actions: Vec<String> = store
        .audit_entries(0, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "session.login-failed").count(),
        18
    );
    assert_eq!(actions.iter().filter(|a| *a == "session.locked-out").count(), 2);
    assert!(actions.contains(&"account.unlocked".to_string()));
}

#[test]
fn an_activation_goes_to_the_outbox_and_an_older_pull_does_not_undo_it() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .replace_accounts(&[pulled("a1", "ana.sousa", Role::Mediador, 1)])
        .unwrap();
    let ana = store.account("ana.sousa").unwrap().unwrap();
    let activation = Activation {
        account_id: ana.id.clone(),
        code: "ABCD-EFGH-JKMN".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        pin_hash: None,
        password_set_at: t(100).0,
    };
    store.activate_account(&ana, &activation, t(100)).unwrap();
    let ana = store.account("ana.sousa").unwrap().unwrap();
    assert_eq!(
        ana.password_hash.as_deref(),
        Some(activation.password_hash.as_str())
    );
    assert_eq!(ana.activation_code_hash, None);
    let outbox = store.outbox_peek(10).unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        (outbox[0].kind.as_str(), outbox[0].attendance_id.as_str()),
        (kind::ACCOUNT_ACTIVATED, "a1")
    );
    let sent: Activation = serde_json::from_str(&outbox[0].payload).unwrap();
    assert_eq!(sent, activation);
    let audit = store.audit_entries(0, 10).unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].mediator.as_str()),
        (kind::ACCOUNT_ACTIVATED, "a1")
    );

    // The central has not seen it yet: its list still says "not activated".
    store
        .replace_accounts(&[pulled("a1", "ana.sousa", Role::Mediador, 2)])
        .unwrap();
    let still = store.account("ana.sousa").unwrap().unwrap();
    assert_eq!(still.password_hash, ana.password_hash);
    assert_eq!(still.activation_code_hash, None);
    // A later reset at the central (a forgotten password) wins.
    let mut reset = pulled("a1", "ana.sousa", Role::Mediador, 3);
    reset.password_set_at = Some(t(200).0);
    store.replace_accounts(&[reset]).unwrap();
    let after = store.account("ana.sousa").unwrap().unwrap();
    assert_eq!(after.password_hash, None);
    assert!(after.activation_code_hash.is_some());
}
