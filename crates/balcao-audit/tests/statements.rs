//! Statements signed with the device key for other purposes than the audit trail.

use balcao_audit::DeviceKey;

#[test]
fn a_statement_verifies_only_for_its_domain_message_and_key() {
    let key = DeviceKey::from_seed(&[7; 32]);
    let other = DeviceKey::from_seed(&[8; 32]);
    let signature = key.sign_statement("survey-ticket", b"ticket bytes");
    let public = key.public();
    assert!(public.verifies_statement("survey-ticket", b"ticket bytes", &signature));
    assert!(!public.verifies_statement("survey-tickets", b"ticket bytes", &signature));
    assert!(!public.verifies_statement("survey-ticket", b"ticket byteS", &signature));
    assert!(
        !other
            .public()
            .verifies_statement("survey-ticket", b"ticket bytes", &signature)
    );
    // The domain's length is signed, so moving a byte between domain and message changes the bytes.
    assert!(!public.verifies_statement("survey-ticke", b"tticket bytes", &signature));
    let mut bent = signature;
    bent[10] ^= 1;
    assert!(!public.verifies_statement("survey-ticket", b"ticket bytes", &bent));
}
