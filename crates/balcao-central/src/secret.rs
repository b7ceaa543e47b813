//! Tokens and enrollment codes: made from the system's random source, stored only as SHA-256 hashes.
//!
//! A token is 32 random bytes in unpadded base64url (43 characters): 256 bits, so guessing one is not a
//! strategy and a fast hash is enough (no salt or slow KDF: those protect low-entropy passwords). The
//! database keeps only the hash, so a leaked backup cannot be used to upload records or read statistics.
//!
//! An enrollment code is typed by a person, so it is short and forgiving: 12 characters of Crockford's
//! base 32 (digits and letters without `I`, `L`, `O`, `U`), shown as `7KQ2-M9XD-4TRB` (60 bits). It is
//! one-time and expires (7 days by default), which bounds what a guesser could do; it is hashed like a
//! token, after [`normalize_code`], so `7kq2 m9xd 4trb` works too, and a misread `O` or `I` counts as
//! the `0` or `1` it looks like.

use crate::error::CentralError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Crockford's base 32 alphabet: 32 characters, no look-alikes.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `n` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CentralError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| CentralError::Random(e.to_string()))?;
    Ok(bytes)
}

/// A new bearer token (device or coordinator).
pub fn new_token() -> Result<String, CentralError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// A new enrollment code, `XXXX-XXXX-XXXX`.
pub fn new_code() -> Result<String, CentralError> {
    let bytes = random_bytes::<12>()?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    let groups: Vec<String> = chars.chunks(4).map(|group| group.iter().collect()).collect();
    Ok(groups.join("-"))
}

/// The canonical form of a typed code: upper case, without spaces or dashes, `O` read as `0` and `I`
/// or `L` as `1` (as Crockford's base 32 decodes them); the counters' rule, shared.
pub fn normalize_code(code: &str) -> String {
    balcao_accounts::normalize_code(code)
}

/// The SHA-256 of a token or a normalised code: what the database stores.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn codes_have_three_groups_and_normalise() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(hash(&normalize_code(&typed)), hash(&normalize_code(&code)));
        assert!(!code.contains(['O', 'I', 'L', 'U']));
        assert_eq!(normalize_code("o1-il"), "0111");
    }
}
