//! Sealing round trips, refuses the wrong key, place or a tampered value, never repeats a
//! ciphertext, and looks identifiers up by keyed hash.

use super::*;

fn vault(seed: u8) -> Vault {
    Vault::from_master(&MasterKey::from_bytes([seed; 32])).unwrap()
}

#[test]
fn a_sealed_value_opens_only_with_its_key_and_place() {
    let v = vault(1);
    let sealed = v.seal("123456789", "attendances/a1/nif").unwrap();
    assert!(is_sealed(&sealed));
    assert!(!sealed.contains("123456789"));
    assert_eq!(v.open(&sealed, "attendances/a1/nif").unwrap(), "123456789");
    assert_eq!(
        v.open(&sealed, "attendances/a2/nif"),
        Err(VaultError::Open),
        "another row"
    );
    assert_eq!(
        v.open(&sealed, "attendances/a1/phone"),
        Err(VaultError::Open),
        "another column"
    );
    assert_eq!(
        vault(2).open(&sealed, "attendances/a1/nif"),
        Err(VaultError::Open),
        "another key"
    );
    let mut tampered = sealed.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(v.open(&tampered, "attendances/a1/nif"), Err(VaultError::Open));
    assert_eq!(v.open("123456789", "x"), Err(VaultError::NotSealed));
    assert_eq!(v.open("sealed:v1:AA", "x"), Err(VaultError::Open));
}

#[test]
fn the_same_value_seals_differently_each_time() {
    let v = vault(1);
    let a = v.seal("Maria", "c").unwrap();
    let b = v.seal("Maria", "c").unwrap();
    assert_ne!(a, b);
    assert_eq!(v.open(&a, "c").unwrap(), v.open(&b, "c").unwrap());
    assert_eq!(v.open(&v.seal("", "c").unwrap(), "c").unwrap(), "");
    let accents = "João Conceição Ñ 🙂";
    assert_eq!(v.open(&v.seal(accents, "c").unwrap(), "c").unwrap(), accents);
}

#[test]
fn lookups_are_stable_per_key_and_kind() {
    let v = vault(1);
    assert_eq!(
        v.lookup("nif", "123456789").unwrap(),
        vault(1).lookup("nif", "123456789").unwrap()
    );
    assert_ne!(
        v.lookup("nif", "123456789").unwrap(),
        vault(2).lookup("nif", "123456789").unwrap()
    );
    assert_ne!(
        v.lookup("nif", "123456789").unwrap(),
        v.lookup("cc", "123456789").unwrap()
    );
    assert_ne!(
        v.lookup("nif", "123456789").unwrap(),
        v.lookup("nif", "123456780").unwrap()
    );
    assert_eq!(v.lookup("nif", "1").unwrap().len(), 64);
}

#[test]
fn keys_travel_as_hex() {
    let key = MasterKey::generate().unwrap();
    assert_eq!(MasterKey::from_hex(&key.to_hex()).unwrap(), key);
    assert_eq!(MasterKey::from_hex("zz"), Err(VaultError::BadKey));
    assert_eq!(MasterKey::from_hex(&"g".repeat(64)), Err(VaultError::BadKey));
    assert!(!format!("{key:?}").contains(&key.to_hex()[..8]));
    assert_ne!(MasterKey::generate().unwrap(), key);
}
