//! The survey ticket: who ended the attendance and when, signed by that counter's device key.
//!
//! Its text form is URL-safe base64 (no padding) of 89 bytes: a version byte (`1`), the device id
//! (16 bytes), the end time in UTC milliseconds (8 bytes, big-endian, signed) and the signature
//! (64 bytes) of the first 25 bytes as a statement of the domain [`DOMAIN`]. That is 119 characters,
//! which with the server's address fits a QR code a phone reads from across a counter.
//!
//! The server joins an answer to its attendance by `(device, ended_at)`: one counter ends at most one
//! attendance in a millisecond, and the attendance's record carries both. The pair is also what makes
//! an answer unique: a second answer to the same ticket is refused.

use balcao_audit::{DeviceKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

/// The statement domain a ticket's signature is made in (`balcao_audit::DeviceKey::sign_statement`).
pub const DOMAIN: &str = "survey-ticket";

/// The version byte of the current format.
pub const VERSION: u8 = 1;

/// The length of a ticket's text form.
pub const TEXT_LEN: usize = 119;

const SIGNED_LEN: usize = 1 + 16 + 8;
const BYTES_LEN: usize = SIGNED_LEN + 64;

/// What a ticket says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    /// The counter that ended the attendance (the device id the central server gave it).
    pub device: Uuid,
    /// When the attendance ended, in UTC milliseconds (the attendance record's `ended_at`).
    pub ended_at: i64,
}

/// A ticket read from its text, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    /// What it claims.
    pub ticket: Ticket,
    signature: [u8; 64],
}

/// Why a ticket's text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// Not a ticket at all: wrong length, not base64, or an unknown version (a mistyped address).
    #[error("the text is not a survey ticket")]
    Malformed,
    /// The signature is not the device's: forged, or changed on the way.
    #[error("the survey ticket's signature does not verify")]
    Forged,
}

impl Ticket {
    /// The bytes the signature covers.
    fn signed_bytes(&self) -> [u8; SIGNED_LEN] {
        let mut out = [0u8; SIGNED_LEN];
        out[0] = VERSION;
        out[1..17].copy_from_slice(self.device.as_bytes());
        out[17..25].copy_from_slice(&self.ended_at.to_be_bytes());
        out
    }

    /// The ticket signed with `key`, as the text to put into the survey address.
    pub fn issue(&self, key: &DeviceKey) -> String {
        let signed = self.signed_bytes();
        let signature = key.sign_statement(DOMAIN, &signed);
        let mut bytes = Vec::with_capacity(BYTES_LEN);
        bytes.extend_from_slice(&signed);
        bytes.extend_from_slice(&signature);
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

/// Reads a ticket's text without checking its signature (the server looks up the device's key by the
/// ticket's device id, then calls [`Unverified::verify`]). Surrounding spaces are ignored, so a ticket
/// copied by hand with a trailing space still reads.
pub fn read(text: &str) -> Result<Unverified, TicketError> {
    let text = text.trim();
    if text.len() != TEXT_LEN {
        return Err(TicketError::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| TicketError::Malformed)?;
    if bytes.len() != BYTES_LEN || bytes[0] != VERSION {
        return Err(TicketError::Malformed);
    }
    let mut device = [0u8; 16];
    device.copy_from_slice(&bytes[1..17]);
    let mut ended_at = [0u8; 8];
    ended_at.copy_from_slice(&bytes[17..25]);
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&bytes[SIGNED_LEN..]);
    Ok(Unverified {
        ticket: Ticket {
            device: Uuid::from_bytes(device),
            ended_at: i64::from_be_bytes(ended_at),
        },
        signature,
    })
}

impl Unverified {
    /// The ticket, if `key` (the claimed device's registered key) signed it.
    pub fn verify(&self, key: &PublicKey) -> Result<Ticket, TicketError> {
        if key.verifies_statement(DOMAIN, &self.ticket.signed_bytes(), &self.signature) {
            Ok(self.ticket)
        } else {
            Err(TicketError::Forged)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> DeviceKey {
        DeviceKey::from_seed(&[seed; 32])
    }

    fn ticket() -> Ticket {
        Ticket {
            device: Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00aa),
            ended_at: 1_796_000_000_123,
        }
    }

    #[test]
    fn an_issued_ticket_reads_back_and_verifies_with_its_key_only() {
        let text = ticket().issue(&key(1));
        assert_eq!(text.len(), TEXT_LEN);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let read = read(&format!(" {text}\n")).unwrap();
        assert_eq!(read.ticket, ticket());
        assert_eq!(read.verify(&key(1).public()), Ok(ticket()));
        assert_eq!(read.verify(&key(2).public()), Err(TicketError::Forged));
    }

    #[test]
    fn a_changed_character_is_refused() {
        let text = ticket().issue(&key(1));
        let public = key(1).public();
        for at in [0, 3, 20, 33, 60, 118] {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            let verdict = read(&changed).and_then(|u| u.verify(&public));
            assert!(verdict.is_err(), "a change at {at} was accepted");
        }
    }

    #[test]
    fn texts_that_are_not_tickets_are_malformed() {
        let text = ticket().issue(&key(1));
        for bad in [
            "",
            "abc",
            &text[1..],
            &format!("{text}A"),
            &text.replace('A', "+"),
        ] {
            if bad == text {
                continue;
            }
            assert_eq!(read(bad), Err(TicketError::Malformed), "{bad}");
        }
        // Another version byte.
        let mut bytes = URL_SAFE_NO_PAD.decode(&text).unwrap();
        bytes[0] = 2;
        assert_eq!(read(&URL_SAFE_NO_PAD.encode(bytes)), Err(TicketError::Malformed));
    }
}
