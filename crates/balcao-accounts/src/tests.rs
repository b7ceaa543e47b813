//! The accounts' rules: the role table, password and PIN policy, hashing, codes and the throttle.

use super::*;

#[test]
fn each_role_may_do_exactly_its_part() {
    use Permission::*;
    let all = [
        Attend,
        Till,
        CancelReceipt,
        CloseWithDifference,
        UnlockAccount,
        Training,
        Configure,
        Enrol,
        SelfCheck,
        CitizenRights,
    ];
    let allowed = |role: Role| all.iter().copied().filter(|p| role.may(*p)).collect::<Vec<_>>();
    assert_eq!(allowed(Role::Mediador), [Attend, Till]);
    assert_eq!(
        allowed(Role::Supervisor),
        [
            Attend,
            Till,
            CancelReceipt,
            CloseWithDifference,
            UnlockAccount,
            Training,
            CitizenRights
        ]
    );
    // A technician sees no citizen data and touches no till.
    assert_eq!(allowed(Role::Tecnico), [Configure, Enrol, SelfCheck]);
    for role in Role::ALL {
        assert_eq!(Role::parse(role.slug()), Some(role));
    }
    assert_eq!(Role::parse(" Técnico "), Some(Role::Tecnico));
    assert_eq!(Role::parse("admin"), None);
}

#[test]
fn passwords_need_length_and_must_not_be_common_or_personal() {
    let ok = |p: &str| password_problem(p, "ana.sousa", "Ana Maria Sousa");
    assert_eq!(ok("curto12"), Some(SecretProblem::TooShort));
    assert_eq!(ok(&"x".repeat(129)), Some(SecretProblem::TooLong));
    assert_eq!(ok("Benfica123"), Some(SecretProblem::Common));
    assert_eq!(ok("password"), Some(SecretProblem::Common));
    assert_eq!(ok("ana.sousa"), Some(SecretProblem::Personal));
    assert_eq!(ok("anamariasousa"), Some(SecretProblem::Personal));
    // Any characters, no composition rules: a long phrase is fine, accents included.
    assert_eq!(ok("o pão da avó é bom"), None);
    assert_eq!(ok("vinhais-montanha-7"), None);
    // Eight characters exactly, counted as characters (not bytes).
    assert_eq!(ok("ççççççç"), Some(SecretProblem::TooShort));
    assert_eq!(ok("çãoçãoçã"), None);
    // The shipped list is loaded and lower case.
    assert!(COMMON.lines().count() > 100);
    assert!(COMMON.lines().all(|l| l == l.to_lowercase() && !l.is_empty()));
}

#[test]
fn pins_are_four_to_eight_digits_and_not_trivial() {
    for bad in ["123", "123456789", "12a4", "0000", "1234", "9876", "56789"] {
        assert_eq!(pin_problem(bad), Some(SecretProblem::BadPin), "{bad}");
    }
    for good in ["2580", "1397", "04071975"] {
        assert_eq!(pin_problem(good), None, "{good}");
    }
}

#[test]
fn a_hash_verifies_its_secret_only_and_never_contains_it() {
    let phc = hash_secret("montanha-azul-42").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert!(!phc.contains("montanha"));
    assert!(verify_secret("montanha-azul-42", &phc));
    assert!(!verify_secret("montanha-azul-43", &phc));
    assert!(!verify_secret("montanha-azul-42", "not a hash"));
    // A fresh salt each time.
    assert_ne!(hash_secret("montanha-azul-42").unwrap(), phc);
}

#[test]
fn activation_codes_ignore_case_spaces_and_dashes() {
    assert_eq!(normalize_code(" abcd-efgh jkmn "), "ABCDEFGHJKMN");
    assert_eq!(normalize_code("o0-il1"), "00111");
    assert_eq!(code_hash("abcd-efgh-jkmn"), code_hash("ABCDEFGHJKMN"));
    assert_ne!(code_hash("ABCDEFGHJKMN"), code_hash("ABCDEFGHJKMP"));
    assert_eq!(code_hash("x").len(), 64);
}

#[test]
fn failures_slow_down_then_lock_at_ten() {
    let mut t = Throttle::default();
    let mut delays = Vec::new();
    for n in 0..LOCK_AFTER {
        assert!(!t.locked(), "locked after {n}");
        t = t.failed(1_000 * i64::from(n));
        delays.push(t.delay_ms() / 1000);
    }
    assert_eq!(delays, [0, 0, 2, 4, 8, 16, 32, 60, 60, 60]);
    assert!(t.locked());
    assert_eq!(t.next_try_at(), 9_000 + 60_000);
}

#[test]
fn a_login_is_decided_by_state_and_throttle_before_the_hash() {
    let phc = hash_secret("montanha-azul-42").unwrap();
    let creds = |failures: u32, disabled: bool| Credentials {
        hash: Some(&phc),
        disabled,
        throttle: Throttle {
            failures,
            last_failure_at: 100_000,
        },
    };
    assert_eq!(check_login(None, "x", 0), Err(Refusal::Unknown));
    assert_eq!(
        check_login(Some(creds(0, false)), "montanha-azul-42", 200_000),
        Ok(())
    );
    assert_eq!(
        check_login(Some(creds(0, false)), "errada", 200_000),
        Err(Refusal::Wrong)
    );
    assert_eq!(
        check_login(Some(creds(0, true)), "montanha-azul-42", 200_000),
        Err(Refusal::Disabled)
    );
    assert_eq!(
        check_login(Some(creds(10, false)), "montanha-azul-42", 999_999),
        Err(Refusal::LockedOut)
    );
    // Three failures: wait 2 s after the last one, even with the right password.
    assert_eq!(
        check_login(Some(creds(3, false)), "montanha-azul-42", 101_000),
        Err(Refusal::Wait { until: 102_000 })
    );
    assert_eq!(
        check_login(Some(creds(3, false)), "montanha-azul-42", 102_000),
        Ok(())
    );
    let new = Credentials {
        hash: None,
        disabled: false,
        throttle: Throttle::default(),
    };
    assert_eq!(check_login(Some(new), "x", 0), Err(Refusal::NotActivated));
}
