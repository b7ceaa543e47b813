//! The citizen survey's inputs: the ticket in the QR's address and the answer form a phone posts.

use crate::audit::test_device_key;
use balcao_survey::answer::{self, COMMENT_MAX_CHARS};
use balcao_survey::ticket;

/// Fuzz target: `ticket text NUL form body`.
///
/// - **A ticket verifies only if it is the very text the key issues**: any text that reads and
///   verifies with the test device key is, trimmed, exactly `Ticket::issue` of what it says (Ed25519
///   signatures are deterministic and the base64 is canonical), so no second spelling of a ticket can
///   be answered twice.
/// - **An accepted answer keeps the rules**: satisfaction 1 to 5, a comment of at most
///   [`COMMENT_MAX_CHARS`] characters with no control character and no personal data by the server's
///   own test, and posted again as a form it parses to the same answer.
pub fn survey_form(data: &[u8]) {
    let split = data.iter().position(|b| *b == 0).unwrap_or(data.len());
    let (text, form) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let key = test_device_key();
    if let Ok(text) = std::str::from_utf8(text)
        && let Ok(unverified) = ticket::read(text)
        && let Ok(found) = unverified.verify(&key.public())
    {
        assert_eq!(
            found.issue(&key),
            text.trim(),
            "a second spelling of a ticket verifies"
        );
    }
    // Decoded exactly as the server decodes a form body.
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(form).into_owned().collect();
    let values = answer::values(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Ok(answer) = answer::parse(&values) {
        assert!((1..=5).contains(&answer.satisfaction));
        if let Some(comment) = &answer.comment {
            assert!(
                comment.chars().count() <= COMMENT_MAX_CHARS,
                "{comment:?} is too long"
            );
            assert!(
                !comment.chars().any(char::is_control),
                "{comment:?} keeps a control character"
            );
            assert_eq!(
                answer::personal_data(comment),
                None,
                "{comment:?} keeps personal data"
            );
            assert_eq!(comment.trim(), comment, "{comment:?} is not trimmed");
        }
        let satisfaction = answer.satisfaction.to_string();
        let again = answer::values([
            ("satisfaction", satisfaction.as_str()),
            ("done", answer.done.as_str()),
            ("alone", answer.alone.as_str()),
            ("comment", answer.comment.as_deref().unwrap_or("")),
        ]);
        assert_eq!(
            answer::parse(&again).as_ref(),
            Ok(&answer),
            "the answer does not post again as itself"
        );
    }
}
