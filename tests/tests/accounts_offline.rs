//! Mediator accounts, end to end with real processes' code: created at the central, pulled by a
//! counter, activated and used there for a simulated week without the network, then reconnected.
//!
//! What must hold: the person activates with the one-time code and logs in offline; every record of
//! that week carries their account; after reconnecting, the central holds the new password's hash
//! (never the password) and a second counter of the spot lets them in with it; a wrong code is refused
//! offline; a password that breaks the rules is refused; an account disabled centrally stops working
//! at the next sync.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_accounts::{Credentials, Refusal};
use balcao_core::attendance::{Origin, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_store::accounts::{Account, Activation};
use balcao_sync::{Token, TokenStore};
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{Central, DAY_MS, enroll, sync_once, unlimited};

const SPOT: &str = "EC-0700";
const PASSWORD: &str = "serra-da-estrela-1993";

/// A counter of [`SPOT`], enrolled with `central`.
fn counter(central: &Central, name: &str, dir: &TempDir) -> (Store, Token) {
    let mut store = Store::open(&dir.path().join(format!("{name}.sqlite3"))).unwrap();
    store
        .set_audit_key(Some(balcao_audit::DeviceKey::generate().unwrap()))
        .unwrap();
    let tokens = TokenStore::new("balcao-accounts-offline", name);
    let token = Token::new(enroll(central, &mut store, SPOT, &tokens, None));
    (store, token)
}

/// What the app does at a login: the throttle and state first, then the hash; the outcome noted.
fn login(store: &mut Store, login: &str, password: &str, now: UtcMillis) -> Result<Account, Refusal> {
    let account = store.account(login).unwrap();
    let decision = balcao_accounts::check_login(
        account.as_ref().map(|a| Credentials {
            hash: a.password_hash.as_deref(),
            disabled: a.disabled,
            throttle: a.throttle,
        }),
        password,
        now.0,
    );
    let account = account.ok_or(Refusal::Unknown)?;
    match decision {
        Ok(()) => {
            store.login_succeeded(&account, "session.login", now).unwrap();
            Ok(account)
        }
        Err(refusal) => {
            if refusal == Refusal::Wrong {
                store.login_failed(&account, now).unwrap();
            }
            Err(refusal)
        }
    }
}

/// What the app does at a first login: the code against its hash and expiry, the password rules,
/// the hash (off the UI thread in the app), then the store.
fn activate(
    store: &mut Store,
    login: &str,
    code: &str,
    password: &str,
    now: UtcMillis,
) -> Result<(), String> {
    let account = store.account(login).unwrap().ok_or("no such account")?;
    let pending = account
        .activation_code_hash
        .as_deref()
        .ok_or("already activated")?;
    if balcao_accounts::code_hash(code) != pending
        || account.activation_expires_at.is_none_or(|at| at <= now.0)
    {
        return Err("wrong or expired code".into());
    }
    if let Some(problem) = balcao_accounts::password_problem(password, &account.login, &account.name) {
        return Err(problem.to_string());
    }
    let activation = Activation {
        account_id: account.id.clone(),
        code: code.into(),
        password_hash: balcao_accounts::hash_secret(password).unwrap(),
        pin_hash: None,
        password_set_at: now.0,
    };
    store.activate_account(&account, &activation, now).unwrap();
    Ok(())
}

#[test]
fn an_account_made_centrally_works_a_week_offline_and_reaches_the_other_counters() {
    let db_url = PgCluster::shared().create_database();
    let mut central = Central::start(&db_url, free_port(), unlimited());
    let dir = TempDir::new("balcao-accounts-offline");
    let (mut a, token_a) = counter(&central, "counter-a", &dir);
    let pool = central.pool().clone();
    let now = balcao_sync::worker::system_now().0;
    let (ana_id, code) = central.block_on(async {
        balcao_central::accounts::create(
            &pool,
            "ana.sousa",
            "Ana Sousa",
            "mediador",
            &[SPOT.into()],
            now,
            14,
        )
        .await
        .unwrap()
    });
    let mut etag_a = None;
    central.block_on(sync_once(
        &central.base.clone(),
        &mut a,
        &token_a,
        SPOT,
        &mut etag_a,
    ));
    let held = a.account("ana.sousa").unwrap().expect("the account was pulled");
    assert_eq!(
        (held.id.as_str(), held.password_hash.as_deref()),
        (ana_id.to_string().as_str(), None)
    );

    // The network goes for a week.
    central.stop();
    let mut t = UtcMillis(now + 60_000);
    assert_eq!(
        login(&mut a, "ana.sousa", PASSWORD, t),
        Err(Refusal::NotActivated)
    );
    assert_eq!(
        activate(&mut a, "ana.sousa", "WRNG-CODE-0000", PASSWORD, t),
        Err("wrong or expired code".into())
    );
    assert!(
        activate(&mut a, "ana.sousa", &code, "benfica123", t)
            .unwrap_err()
            .contains("commonly used")
    );
    activate(&mut a, "ana.sousa", &code.to_lowercase(), PASSWORD, t).unwrap();
    let ana = login(&mut a, "ana.sousa", PASSWORD, t).unwrap();
    // Typos are throttled: the third wrong try makes the next wait.
    for _ in 0..3 {
        assert_eq!(
            login(&mut a, "ana.sousa", "serra", t).unwrap_err(),
            Refusal::Wrong
        );
    }
    assert!(matches!(
        login(&mut a, "ana.sousa", PASSWORD, t),
        Err(Refusal::Wait { .. })
    ));
    t = UtcMillis(t.0 + 5_000);
    login(&mut a, "ana.sousa", PASSWORD, t).unwrap();

    // A week of work, every record signed with her account.
    let origin = Origin {
        spot: SPOT.into(),
        counter: "1".into(),
        mediator: ana.id.clone(),
    };
    for day in 0..7 {
        for n in 0..3 {
            let at = |s: i64| UtcMillis(now + day * DAY_MS + n * 3_600_000 + s * 1000);
            let att = a.begin_attendance(origin.clone(), at(0)).unwrap();
            a.add_service(&att.id, "imt-revalidar-carta-conducao", at(1))
                .unwrap();
            a.set_outcome(&att.id, 0, Outcome::Concluido, at(2)).unwrap();
            a.end_attendance(&att.id, at(3)).unwrap();
        }
    }

    // Back online: everything goes, and the central takes the activation.
    let central = Central::start(&db_url, free_port(), unlimited());
    let base = central.base.clone();
    central.block_on(sync_once(&base, &mut a, &token_a, SPOT, &mut etag_a));
    assert_eq!(a.outbox_len().unwrap(), 0);
    let pool = central.pool().clone();
    let (mediators, stored_hash, alerts): (Vec<String>, Option<String>, i64) = central.block_on(async move {
        let client = pool.get().await.unwrap();
        let mediators = client
            .query(
                "SELECT DISTINCT payload->'origin'->>'mediator' FROM records WHERE kind LIKE 'attendance.%'",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let hash = client
            .query_one(
                "SELECT password_hash FROM accounts WHERE login = 'ana.sousa'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        let alerts = client
            .query_one("SELECT count(*) FROM audit_alerts", &[])
            .await
            .unwrap()
            .get(0);
        (mediators, hash, alerts)
    });
    assert_eq!(mediators, std::slice::from_ref(&ana.id));
    let stored_hash = stored_hash.expect("the activation reached the central");
    assert!(stored_hash.starts_with("$argon2id$") && !stored_hash.contains(PASSWORD));
    assert_eq!(alerts, 0, "the audit trail of the week verifies");

    // A second counter of the spot lets her in with the password she chose at the first.
    let (mut b, token_b) = counter(&central, "counter-b", &dir);
    let mut etag_b = None;
    central.block_on(sync_once(&base, &mut b, &token_b, SPOT, &mut etag_b));
    login(&mut b, "ana.sousa", PASSWORD, UtcMillis(t.0 + 8 * DAY_MS)).unwrap();

    // Disabled centrally: refused at the next sync, on both counters.
    let pool = central.pool().clone();
    central.block_on(async move {
        balcao_central::accounts::change(&pool, "ana.sousa", balcao_central::accounts::Change::Disable, now)
            .await
            .unwrap()
    });
    central.block_on(sync_once(&base, &mut a, &token_a, SPOT, &mut etag_a));
    central.block_on(sync_once(&base, &mut b, &token_b, SPOT, &mut etag_b));
    let later = UtcMillis(t.0 + 9 * DAY_MS);
    assert_eq!(
        login(&mut a, "ana.sousa", PASSWORD, later).unwrap_err(),
        Refusal::Disabled
    );
    assert_eq!(
        login(&mut b, "ana.sousa", PASSWORD, later).unwrap_err(),
        Refusal::Disabled
    );
}

#[test]
fn an_activation_with_a_wrong_code_is_kept_but_not_applied_and_is_flagged() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, free_port(), unlimited());
    let dir = TempDir::new("balcao-accounts-forged");
    let (mut store, token) = counter(&central, "forged", &dir);
    let pool = central.pool().clone();
    let now = balcao_sync::worker::system_now().0;
    central.block_on(async move {
        balcao_central::accounts::create(
            &pool,
            "rui.lima",
            "Rui Lima",
            "supervisor",
            &[SPOT.into()],
            now,
            14,
        )
        .await
        .unwrap()
    });
    let base = central.base.clone();
    let mut etag = None;
    central.block_on(sync_once(&base, &mut store, &token, SPOT, &mut etag));
    // A tampered counter skips the code check and sends a password of its choosing.
    let rui = store.account("rui.lima").unwrap().unwrap();
    let forged = Activation {
        account_id: rui.id.clone(),
        code: "NOPE-NOPE-NOPE".into(),
        password_hash: balcao_accounts::hash_secret("escolhida-pelo-atacante").unwrap(),
        pin_hash: None,
        password_set_at: now + 1,
    };
    store.activate_account(&rui, &forged, UtcMillis(now + 1)).unwrap();
    central.block_on(sync_once(&base, &mut store, &token, SPOT, &mut etag));
    let pool = central.pool().clone();
    let (hash, kinds): (Option<String>, Vec<String>) = central.block_on(async move {
        let client = pool.get().await.unwrap();
        let hash = client
            .query_one("SELECT password_hash FROM accounts WHERE login = 'rui.lima'", &[])
            .await
            .unwrap()
            .get(0);
        let kinds = client
            .query("SELECT kind FROM audit_alerts", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        (hash, kinds)
    });
    assert_eq!(hash, None, "the forged password was not taken");
    assert_eq!(kinds, ["activation-refused"]);
    // The next pull gives the counter the central's truth back: not activated.
    assert_eq!(store.account("rui.lima").unwrap().unwrap().password_hash, None);
}
