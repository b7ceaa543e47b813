//! How the core hands a sentence to the translation layer without writing it.
//!
//! The core decides *what* went wrong (a NIF's check digit, an outcome without a reason); the
//! translation layer (`balcao-i18n`, Fluent files in pt-PT and English) decides *how to say it*. Each
//! error type implements [`Localized`]: a stable message id, which must exist in every locale file, and
//! named arguments. Tests in `balcao-i18n` check that every id the core can produce is translated.

/// A value that can be shown to a person through the translation layer.
pub trait Localized {
    /// The Fluent message id, e.g. `nif-check-digit`.
    fn message_id(&self) -> &'static str;

    /// Named arguments for the message (`{ $length }`); empty by default.
    fn message_args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}
