//! Validators for the identifiers a mediator types at the counter: NIF, Cartão de Cidadão document
//! number, postal code, phone number and e-mail address.
//!
//! # Why validate at the counter
//!
//! At an Espaço do Cidadão the mediator types a citizen's identifiers while the citizen is sitting in
//! front of them, card in hand. A typo caught *now* costs a second: the mediator looks at the card again.
//! A typo caught later (an entity rejecting the request, a letter sent to the wrong postal code, an SMS
//! that never arrives) costs the citizen another trip. So every validator here does two things:
//!
//! - it **normalises** what was typed, because mediators copy identifiers the way they are printed or
//!   dictated (`123 456 789`, `12345678 9 zz1`, `(+351) 912-345-678`), and a stored identifier must have
//!   one spelling so that searches and comparisons work;
//! - it **says precisely what is wrong**, with a distinct error per cause, so the message (written in
//!   `balcao-i18n`, never here) can tell the mediator what to check: a letter where a digit belongs, a
//!   missing digit, a check digit that does not match (almost always a swapped or mistyped digit), an old
//!   Bilhete de Identidade number given instead of the card's document number.
//!
//! Each validator returns the [`Normalised`] string or an error enum implementing
//! [`Localized`]; [`MESSAGE_IDS`] lists every message id this module can produce.
//!
//! Everything is written by hand (no regular expressions, no external crates): the rules are short, the
//! crate must stay free of heavy dependencies, and hand-written checks let each failure map to its own
//! message.
//!
//! # Separators that are ignored
//!
//! Whitespace of any kind (including the no-break space that word processors and web pages insert) and
//! invisible characters left by copy and paste (zero-width spaces, soft hyphens, the byte-order mark) are
//! ignored wherever a separator is allowed. Typographic dashes (`‐ ‑ ‒ – — −`) count as hyphens, because a
//! number copied from a letter or a PDF often carries one instead of `-`.
//!
//! # NIF — Número de Identificação Fiscal
//!
//! The tax number issued by the Autoridade Tributária e Aduaneira (AT): nine digits, the last of which is
//! a check digit. The first digit (or first two) says what kind of taxpayer it is: 1, 2 and 3 for
//! individuals, 45 for non-resident individuals, 5 for companies, 6 for public bodies, 70–72 and 74–79 for
//! estates, non-resident entities, investment funds and similar, 8 for sole traders (a legacy range), and
//! 90, 91, 98, 99 for other bodies (condominiums, non-resident entities without a permanent
//! establishment, …). Any other prefix cannot be a NIF, which is worth its own message: it usually means
//! the first digit was mistyped.
//!
//! The check digit is the *módulo 11* rule used by AT: the first eight digits are weighted 9, 8, 7, …, 2
//! and summed; with `r` the remainder of that sum divided by 11, the check digit is 0 when `r` is 0 or 1
//! and `11 − r` otherwise. It catches every single mistyped digit except in the rare case that the
//! remainder moves between 0 and 1, and most swaps of two neighbouring digits.
//!
//! Mediators type NIFs from cards, invoices and IRS forms, where they appear as `123 456 789`,
//! `123.456.789`, `123-456-789` or, on intra-EU invoices, `PT123456789`; spaces, dots, hyphens and a
//! leading `PT` (any case) are therefore ignored. The normalised form is the nine digits.
//!
//! # Cartão de Cidadão document number
//!
//! The number of the physical card, printed as `12345678 9 ZZ1`: the eight-digit civil identification
//! number, its check digit, two characters giving the card's version (letters or digits, usually
//! letters), and a final check digit. It changes with every new card, unlike the civil identification
//! number. The check is the one published with the card's technical documentation (the "validação do
//! número de documento do Cartão de Cidadão"): each character is mapped to a value (digits 0–9, letters
//! `A` = 10 … `Z` = 35); going from the rightmost character leftwards, every second value (the 2nd, 4th,
//! … from the right) is doubled and reduced by 9 when it exceeds 9; the sum of all values must be a
//! multiple of 10. Because the last character is never doubled, exactly one final digit completes any
//! eleven characters, and any single mistyped digit is caught.
//!
//! Spaces and hyphens are ignored, letters are upper-cased (`zz1` is `ZZ1`), and the normalised form is
//! `DDDDDDDD D AAD`, as printed on the card. The first check digit (the ninth character) is not checked
//! on its own: the official algorithm above covers the whole number, and checking less common rules
//! separately would risk refusing real cards.
//!
//! Citizens still quote the number of the old *Bilhete de Identidade* (7 or 8 digits and a check digit),
//! which is also the start of the Cartão de Cidadão's number. Eight or nine digits alone therefore get a
//! specific error ([`CcError::LooksLikeBi`]) telling the mediator to ask for the letters and the last
//! digit, rather than a bare "wrong length".
//!
//! # Código postal
//!
//! Portuguese postal codes (CTT) have had the form `NNNN-NNN` since 1998: four digits for the area, a
//! hyphen, three digits for the street or building. No code starts with 0. Mediators type them as
//! `1000-001`, `1000 001` or `1000001`; all are normalised to `1000-001`.
//!
//! # Phone number
//!
//! A contact phone for the citizen. Portuguese numbers have nine digits after the country code +351:
//! landlines start with 2, mobiles with 91, 92, 93 or 96, and nomadic (internet) numbers with 30. Numbers
//! starting with 1 (short numbers such as 112 or 118), 6 (premium-rate), 7 (shared-cost, e.g. 707 and
//! 760) and 8 (freephone and shared-cost, e.g. 800 and 808) are not a personal contact and are refused as
//! such. The number may be typed with `+351`, `00351`, or `351` in front of the nine digits, with spaces,
//! dots, hyphens and parentheses anywhere.
//!
//! Foreign citizens give foreign numbers: `+` or `00`, a country code (which never starts with 0) and the
//! subscriber number, 8 to 15 digits in all, as ITU-T E.164 allows. Their national rules are not checked.
//!
//! Every number is normalised to E.164 (`+351912345678`, `+442079460958`), the form SMS gateways expect.
//!
//! # E-mail address
//!
//! A pragmatic check, not RFC 5322 in full: exactly one `@`; a local part of 1 to 64 characters with no
//! whitespace or RFC 5322 specials (`( ) < > [ ] : ; , \ "`), not starting or ending with a dot and
//! without two dots in a row; a domain of at least two dot-separated labels of 1 to 63 letters, digits or
//! hyphens (non-ASCII letters allowed, as typed: `correio.pt`, `águas.pt`), not starting or ending with a
//! hyphen, whose last label (the top-level domain) has at least two letters; at most 254 characters in
//! all. Surrounding whitespace is trimmed and the domain is lower-cased (domains are case-insensitive); the
//! local part is kept as typed, since a mail server may distinguish case there. A comma in the domain
//! (`gmail,com`), the most common slip when dictating, gets its own error with the corrected address.

use crate::message::Localized;

/// The normalised form of a valid identifier: the spelling to store, compare and display.
pub type Normalised = String;

/// Every message id the validators of this module can produce, for the translation files' tests.
pub const MESSAGE_IDS: &[&str] = &[
    "nif-empty",
    "nif-invalid-character",
    "nif-length",
    "nif-unknown-prefix",
    "nif-check-digit",
    "cc-empty",
    "cc-invalid-character",
    "cc-looks-like-bi",
    "cc-length",
    "cc-digit-expected",
    "cc-check-digits",
    "postal-code-format",
    "postal-code-first-digit-zero",
    "phone-empty",
    "phone-invalid-character",
    "phone-pt-length",
    "phone-pt-prefix",
    "phone-not-personal",
    "phone-country-code",
    "phone-foreign-length",
    "email-empty",
    "email-too-long",
    "email-missing-at",
    "email-several-at",
    "email-local-part",
    "email-domain",
    "email-comma-instead-of-dot",
];

/// Whether `c` is whitespace or an invisible character left by copy and paste.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Whether `c` is a hyphen or one of the typographic dashes that replace it in copied text.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2014}' | '\u{2212}')
}

/// A character as shown in a message: itself, or its code point when it would be invisible.
fn shown(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// The numeric value of an ASCII digit (0 for anything else; callers check first).
fn digit_value(c: char) -> u32 {
    c.to_digit(10).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------------
// NIF
// ---------------------------------------------------------------------------------------------------

/// Why a NIF was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NifError {
    /// Nothing was typed (or only separators, or only `PT`).
    Empty,
    /// A character that is neither a digit nor an ignored separator.
    InvalidCharacter {
        /// The first such character.
        character: char,
    },
    /// Not nine digits.
    Length {
        /// The number of digits typed.
        length: usize,
    },
    /// No NIF starts like this.
    UnknownPrefix {
        /// The first digit, or the first two when the first is 4, 7 or 9.
        prefix: String,
    },
    /// The ninth digit does not match the first eight.
    CheckDigit,
}

impl Localized for NifError {
    fn message_id(&self) -> &'static str {
        match self {
            NifError::Empty => "nif-empty",
            NifError::InvalidCharacter { .. } => "nif-invalid-character",
            NifError::Length { .. } => "nif-length",
            NifError::UnknownPrefix { .. } => "nif-unknown-prefix",
            NifError::CheckDigit => "nif-check-digit",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            NifError::InvalidCharacter { character } => vec![("character", shown(*character))],
            NifError::Length { length } => vec![("length", length.to_string())],
            NifError::UnknownPrefix { prefix } => vec![("prefix", prefix.clone())],
            NifError::Empty | NifError::CheckDigit => Vec::new(),
        }
    }
}

/// Whether a NIF may start with `first` followed by `second` (AT's ranges, see the module docs).
fn nif_prefix_is_known(first: u32, second: u32) -> bool {
    match first {
        1 | 2 | 3 | 5 | 6 | 8 => true,
        4 => second == 5,
        7 => matches!(second, 0 | 1 | 2 | 4 | 5 | 7 | 8 | 9),
        9 => matches!(second, 0 | 1 | 8 | 9),
        _ => false,
    }
}

/// Validates a Número de Identificação Fiscal and returns its nine digits.
///
/// Spaces, dots, hyphens and a leading `PT` are ignored: `PT 123.456.789` gives `123456789`.
pub fn nif(input: &str) -> Result<Normalised, NifError> {
    let cleaned: String = input
        .chars()
        .filter(|&c| !(is_blank(c) || is_dash(c) || c == '.'))
        .collect();
    let digits = match cleaned.get(..2) {
        Some(prefix) if prefix.eq_ignore_ascii_case("PT") => cleaned.get(2..).unwrap_or_default(),
        _ => cleaned.as_str(),
    };
    if digits.is_empty() {
        return Err(NifError::Empty);
    }
    if let Some(character) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(NifError::InvalidCharacter { character });
    }
    let d: Vec<u32> = digits.chars().map(digit_value).collect();
    if d.len() != 9 {
        return Err(NifError::Length { length: d.len() });
    }
    if !nif_prefix_is_known(d[0], d[1]) {
        let prefix_len = if matches!(d[0], 4 | 7 | 9) { 2 } else { 1 };
        return Err(NifError::UnknownPrefix {
            prefix: digits.chars().take(prefix_len).collect(),
        });
    }
    let sum: u32 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let remainder = sum % 11;
    let check = if remainder < 2 { 0 } else { 11 - remainder };
    if d[8] != check {
        return Err(NifError::CheckDigit);
    }
    Ok(digits.to_string())
}

// ---------------------------------------------------------------------------------------------------
// Cartão de Cidadão
// ---------------------------------------------------------------------------------------------------

/// Why a Cartão de Cidadão document number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CcError {
    /// Nothing was typed.
    Empty,
    /// A character that is neither a letter `A`–`Z`, a digit nor an ignored separator.
    InvalidCharacter {
        /// The first such character.
        character: char,
    },
    /// Only 8 or 9 digits: the old Bilhete de Identidade number (or the civil identification number)
    /// rather than the card's 12-character document number.
    LooksLikeBi {
        /// The number of digits typed.
        length: usize,
    },
    /// Not 12 characters.
    Length {
        /// The number of characters typed (separators not counted).
        length: usize,
    },
    /// A letter where the card has a digit (positions 1–9 and 12).
    DigitExpected {
        /// The letter found.
        character: char,
        /// Its position, 1-based, among the 12 characters.
        position: usize,
    },
    /// The check characters do not match the rest of the number.
    CheckDigits,
}

impl Localized for CcError {
    fn message_id(&self) -> &'static str {
        match self {
            CcError::Empty => "cc-empty",
            CcError::InvalidCharacter { .. } => "cc-invalid-character",
            CcError::LooksLikeBi { .. } => "cc-looks-like-bi",
            CcError::Length { .. } => "cc-length",
            CcError::DigitExpected { .. } => "cc-digit-expected",
            CcError::CheckDigits => "cc-check-digits",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            CcError::InvalidCharacter { character } => vec![("character", shown(*character))],
            CcError::LooksLikeBi { length } | CcError::Length { length } => {
                vec![("length", length.to_string())]
            }
            CcError::DigitExpected { character, position } => {
                vec![
                    ("character", shown(*character)),
                    ("position", position.to_string()),
                ]
            }
            CcError::Empty | CcError::CheckDigits => Vec::new(),
        }
    }
}

/// The value of a document-number character: digits 0–9, letters `A` = 10 … `Z` = 35.
fn cc_value(c: char) -> u32 {
    c.to_digit(36).unwrap_or(0)
}

/// Validates a Cartão de Cidadão document number and returns it as `DDDDDDDD D AAD`.
///
/// Spaces and hyphens are ignored and letters upper-cased: `123456789zz1` gives `12345678 9 ZZ1`.
pub fn cc_number(input: &str) -> Result<Normalised, CcError> {
    let chars: Vec<char> = input
        .chars()
        .filter(|&c| !(is_blank(c) || is_dash(c)))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.is_empty() {
        return Err(CcError::Empty);
    }
    if let Some(&character) = chars.iter().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(CcError::InvalidCharacter { character });
    }
    let length = chars.len();
    if (length == 8 || length == 9) && chars.iter().all(char::is_ascii_digit) {
        return Err(CcError::LooksLikeBi { length });
    }
    if length != 12 {
        return Err(CcError::Length { length });
    }
    if let Some((index, &character)) = chars
        .iter()
        .enumerate()
        .find(|&(i, c)| (i < 9 || i == 11) && !c.is_ascii_digit())
    {
        return Err(CcError::DigitExpected {
            character,
            position: index + 1,
        });
    }
    let sum: u32 = chars
        .iter()
        .rev()
        .enumerate()
        .map(|(from_right, &c)| {
            let value = cc_value(c);
            if from_right % 2 == 1 {
                let doubled = value * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                value
            }
        })
        .sum();
    if !sum.is_multiple_of(10) {
        return Err(CcError::CheckDigits);
    }
    let text: String = chars.iter().collect();
    Ok(format!("{} {} {}", &text[..8], &text[8..9], &text[9..]))
}

// ---------------------------------------------------------------------------------------------------
// Código postal
// ---------------------------------------------------------------------------------------------------

/// Why a postal code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostalCodeError {
    /// Not `NNNN-NNN`, `NNNN NNN` or `NNNNNNN` (including an empty input).
    Format,
    /// Portuguese postal codes never start with 0.
    FirstDigitZero,
}

impl Localized for PostalCodeError {
    fn message_id(&self) -> &'static str {
        match self {
            PostalCodeError::Format => "postal-code-format",
            PostalCodeError::FirstDigitZero => "postal-code-first-digit-zero",
        }
    }
}

/// Validates a Portuguese postal code and returns it as `NNNN-NNN`.
///
/// Accepts `1000-001`, `1000 001` and `1000001` (whitespace is ignored, typographic dashes count as the
/// hyphen).
pub fn postal_code(input: &str) -> Result<Normalised, PostalCodeError> {
    let chars: Vec<char> = input
        .chars()
        .filter(|&c| !is_blank(c))
        .map(|c| if is_dash(c) { '-' } else { c })
        .collect();
    let digits = match *chars.as_slice() {
        [a, b, c, d, '-', e, f, g] | [a, b, c, d, e, f, g] => [a, b, c, d, e, f, g],
        _ => return Err(PostalCodeError::Format),
    };
    if !digits.iter().all(char::is_ascii_digit) {
        return Err(PostalCodeError::Format);
    }
    if digits[0] == '0' {
        return Err(PostalCodeError::FirstDigitZero);
    }
    let area: String = digits[..4].iter().collect();
    let street: String = digits[4..].iter().collect();
    Ok(format!("{area}-{street}"))
}

// ---------------------------------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------------------------------

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing was typed.
    Empty,
    /// A character other than a digit, a leading `+` or an ignored separator.
    InvalidCharacter {
        /// The first such character.
        character: char,
    },
    /// A Portuguese number without exactly nine digits after the country code.
    PtLength {
        /// The number of digits after the country code (or in all, when none was typed).
        length: usize,
    },
    /// A Portuguese number with a prefix no personal number has.
    PtPrefix {
        /// The first two digits, or only `0` when the number starts with 0 (so the translation layer,
        /// which reads numeric arguments as numbers, cannot drop the leading zero).
        prefix: String,
    },
    /// A short, premium-rate, shared-cost or freephone number (1xx, 6xx, 7xx, 8xx): not a personal
    /// contact.
    NotPersonal {
        /// The first three digits (fewer if the number is shorter).
        prefix: String,
    },
    /// After `+` or `00` there is no country code, or it starts with 0.
    CountryCode,
    /// A foreign number with fewer than 8 or more than 15 digits, country code included.
    ForeignLength {
        /// The number of digits, country code included.
        length: usize,
    },
}

impl Localized for PhoneError {
    fn message_id(&self) -> &'static str {
        match self {
            PhoneError::Empty => "phone-empty",
            PhoneError::InvalidCharacter { .. } => "phone-invalid-character",
            PhoneError::PtLength { .. } => "phone-pt-length",
            PhoneError::PtPrefix { .. } => "phone-pt-prefix",
            PhoneError::NotPersonal { .. } => "phone-not-personal",
            PhoneError::CountryCode => "phone-country-code",
            PhoneError::ForeignLength { .. } => "phone-foreign-length",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            PhoneError::InvalidCharacter { character } => vec![("character", shown(*character))],
            PhoneError::PtLength { length } | PhoneError::ForeignLength { length } => {
                vec![("length", length.to_string())]
            }
            PhoneError::PtPrefix { prefix } | PhoneError::NotPersonal { prefix } => {
                vec![("prefix", prefix.clone())]
            }
            PhoneError::Empty | PhoneError::CountryCode => Vec::new(),
        }
    }
}

/// The Portuguese country code.
const PT_COUNTRY_CODE: &str = "351";

/// Validates a contact phone number and returns it in E.164 form (`+351912345678`, `+34912345678`).
///
/// Spaces, dots, hyphens and parentheses are ignored. A number without `+` or `00` is Portuguese (nine
/// digits, optionally preceded by `351`); with `+` or `00` it is Portuguese when the country code is 351
/// and foreign otherwise.
pub fn phone(input: &str) -> Result<Normalised, PhoneError> {
    let cleaned: String = input
        .chars()
        .filter(|&c| !(is_blank(c) || is_dash(c) || matches!(c, '.' | '(' | ')')))
        .collect();
    if cleaned.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (international, digits) = match cleaned.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => match cleaned.strip_prefix("00") {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        },
    };
    if let Some(character) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(PhoneError::InvalidCharacter { character });
    }
    let national = match digits.strip_prefix(PT_COUNTRY_CODE) {
        Some(rest) if international || digits.len() == 12 => rest,
        _ if international => return foreign_phone(digits),
        _ => digits,
    };
    portuguese_phone(national)
}

/// Checks the nine digits of a Portuguese number (without the country code).
fn portuguese_phone(national: &str) -> Result<Normalised, PhoneError> {
    let prefix = |n: usize| -> String { national.chars().take(n).collect() };
    // Short numbers (112, 118xy, 16xxx…) have many lengths: say what they are whatever the length.
    if national.starts_with('1') {
        return Err(PhoneError::NotPersonal { prefix: prefix(3) });
    }
    if national.len() != 9 {
        return Err(PhoneError::PtLength {
            length: national.len(),
        });
    }
    let mut leading = national.chars().map(digit_value);
    match (leading.next(), leading.next()) {
        (Some(2), _) | (Some(3), Some(0)) | (Some(9), Some(1 | 2 | 3 | 6)) => Ok(format!("+351{national}")),
        (Some(6..=8), _) => Err(PhoneError::NotPersonal { prefix: prefix(3) }),
        (Some(0), _) => Err(PhoneError::PtPrefix { prefix: prefix(1) }),
        _ => Err(PhoneError::PtPrefix { prefix: prefix(2) }),
    }
}

/// Checks a foreign number given after `+` or `00` (country code included).
fn foreign_phone(digits: &str) -> Result<Normalised, PhoneError> {
    if digits.is_empty() || digits.starts_with('0') {
        return Err(PhoneError::CountryCode);
    }
    let length = digits.len();
    if !(8..=15).contains(&length) {
        return Err(PhoneError::ForeignLength { length });
    }
    Ok(format!("+{digits}"))
}

// ---------------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------------

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailError {
    /// Nothing was typed.
    Empty,
    /// More than 254 characters.
    TooLong {
        /// The number of characters typed.
        length: usize,
    },
    /// No `@`.
    MissingAt,
    /// More than one `@` (two addresses typed together, or a doubled `@`).
    SeveralAt {
        /// How many `@` were typed.
        count: usize,
    },
    /// The part before the `@` is empty, longer than 64 characters, contains whitespace or a forbidden
    /// sign, starts or ends with a dot, or has two dots in a row.
    LocalPart {
        /// The part before the `@`, as typed.
        local: String,
    },
    /// The part after the `@` is not a domain name.
    Domain {
        /// The part after the `@`, as typed.
        domain: String,
    },
    /// The domain has a comma where a dot belongs (`gmail,com`); with dots it would be valid.
    CommaInsteadOfDot {
        /// The whole address with the commas of the domain replaced by dots, domain lower-cased.
        suggestion: String,
    },
}

impl Localized for EmailError {
    fn message_id(&self) -> &'static str {
        match self {
            EmailError::Empty => "email-empty",
            EmailError::TooLong { .. } => "email-too-long",
            EmailError::MissingAt => "email-missing-at",
            EmailError::SeveralAt { .. } => "email-several-at",
            EmailError::LocalPart { .. } => "email-local-part",
            EmailError::Domain { .. } => "email-domain",
            EmailError::CommaInsteadOfDot { .. } => "email-comma-instead-of-dot",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            EmailError::TooLong { length } => vec![("length", length.to_string())],
            EmailError::SeveralAt { count } => vec![("count", count.to_string())],
            EmailError::LocalPart { local } => vec![("local", local.clone())],
            EmailError::Domain { domain } => vec![("domain", domain.clone())],
            EmailError::CommaInsteadOfDot { suggestion } => vec![("suggestion", suggestion.clone())],
            EmailError::Empty | EmailError::MissingAt => Vec::new(),
        }
    }
}

/// The longest address accepted (RFC 5321's path limit less its angle brackets).
const EMAIL_MAX: usize = 254;
/// The longest local part (RFC 5321).
const LOCAL_MAX: usize = 64;
/// The longest domain label (RFC 1035).
const LABEL_MAX: usize = 63;

/// Whether the part before the `@` is acceptable.
fn local_part_is_valid(local: &str) -> bool {
    let length = local.chars().count();
    (1..=LOCAL_MAX).contains(&length)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !(c.is_whitespace() || c.is_control() || is_blank(c) || "()<>[]:;,\\\"".contains(c)))
}

/// Whether the part after the `@` is an acceptable domain name.
fn domain_is_valid(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_is_valid = |label: &&str| {
        (1..=LABEL_MAX).contains(&label.chars().count())
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    labels.len() >= 2
        && labels.iter().all(label_is_valid)
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// Validates an e-mail address and returns it trimmed, with the domain lower-cased.
///
/// `  Ana.Silva@Gmail.COM ` gives `Ana.Silva@gmail.com`.
pub fn email(input: &str) -> Result<Normalised, EmailError> {
    let address = input.trim_matches(is_blank);
    if address.is_empty() {
        return Err(EmailError::Empty);
    }
    let length = address.chars().count();
    if length > EMAIL_MAX {
        return Err(EmailError::TooLong { length });
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Err(EmailError::MissingAt);
    };
    if domain.contains('@') {
        return Err(EmailError::SeveralAt {
            count: address.matches('@').count(),
        });
    }
    if !local_part_is_valid(local) {
        return Err(EmailError::LocalPart {
            local: local.to_string(),
        });
    }
    if !domain_is_valid(domain) {
        let with_dots = domain.replace(',', ".");
        if domain.contains(',') && domain_is_valid(&with_dots) {
            return Err(EmailError::CommaInsteadOfDot {
                suggestion: format!("{local}@{}", with_dots.to_lowercase()),
            });
        }
        return Err(EmailError::Domain {
            domain: domain.to_string(),
        });
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A small deterministic pseudo-random generator (xorshift64), so the property loops are
    /// reproducible without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn digit(&mut self) -> char {
            char::from(b'0' + (self.next() % 10) as u8)
        }

        fn digits(&mut self, n: usize) -> String {
            (0..n).map(|_| self.digit()).collect()
        }

        fn alphanumeric(&mut self) -> char {
            char::from_digit((self.next() % 36) as u32, 36)
                .unwrap()
                .to_ascii_uppercase()
        }
    }

    // ----- independent oracles -------------------------------------------------------------------

    /// NIF oracle, written differently from the validator: all nine digits weighted 9 … 1 must sum to
    /// a multiple of 11, except that a check digit of 0 also stands for 10 (remainder 1).
    fn nif_oracle(nine: &str) -> bool {
        let d: Vec<u32> = nine.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let total: u32 = d
            .iter()
            .zip([9, 8, 7, 6, 5, 4, 3, 2, 1])
            .map(|(a, b)| a * b)
            .sum();
        total.is_multiple_of(11) || (total % 11 == 1 && d[8] == 0)
    }

    /// CC oracle: the final digit that completes eleven characters, computed left to right (indexes 0,
    /// 2, 4, 6, 8 and 10 are the doubled ones, the 2nd, 4th, … from the right of a 12-character number).
    fn cc_final_digit(eleven: &str) -> u32 {
        let mut sum = 0;
        for (i, c) in eleven.chars().enumerate() {
            let v = c.to_digit(36).unwrap();
            sum += if i % 2 == 0 {
                let d = 2 * v;
                if d > 9 { d - 9 } else { d }
            } else {
                v
            };
        }
        (10 - sum % 10) % 10
    }

    fn cc_oracle(twelve: &str) -> bool {
        let (eleven, last) = twelve.split_at(11);
        last.chars().next().and_then(|c| c.to_digit(10)) == Some(cc_final_digit(eleven))
    }

    // ----- NIF -----------------------------------------------------------------------------------

    /// Valid NIFs, one or more per prefix range; each is checked against the oracle first.
    const VALID_NIFS: &[&str] = &[
        "123456789",
        "501442600",
        "100000002",
        "200000004",
        "212345672",
        "222222220",
        "300000014",
        "451234561",
        "512345678",
        "612345670",
        "701234563",
        "710000006",
        "720000009",
        "740000004",
        "750000007",
        "770000002",
        "780000005",
        "790000008",
        "812345673",
        "900000007",
        "910000000",
        "980000009",
        "990000001",
    ];

    #[test]
    fn valid_nifs_are_accepted_unchanged() {
        for &n in VALID_NIFS {
            assert!(nif_oracle(n), "example {n} is not valid by the oracle");
            assert_eq!(nif(n).as_deref(), Ok(n), "{n}");
        }
    }

    #[test]
    fn nif_separators_and_pt_prefix_are_ignored() {
        for typed in [
            "123 456 789",
            " 123456789 ",
            "123.456.789",
            "123-456-789",
            "PT123456789",
            "pt 123 456 789",
            "Pt-123.456.789",
            "123\u{a0}456\u{a0}789",
            "\t123456789\n",
            "123\u{200b}456789",
            "123–456–789",
        ] {
            assert_eq!(nif(typed).as_deref(), Ok("123456789"), "{typed:?}");
        }
    }

    #[test]
    fn invalid_nifs_give_the_exact_error() {
        let cases: &[(&str, NifError)] = &[
            ("", NifError::Empty),
            ("   ", NifError::Empty),
            (" - . ", NifError::Empty),
            ("PT", NifError::Empty),
            ("12345678A", NifError::InvalidCharacter { character: 'A' }),
            ("I23456789", NifError::InvalidCharacter { character: 'I' }),
            ("123/456/789", NifError::InvalidCharacter { character: '/' }),
            ("123,456,789", NifError::InvalidCharacter { character: ',' }),
            ("PTPT123456789", NifError::InvalidCharacter { character: 'P' }),
            ("ES123456789", NifError::InvalidCharacter { character: 'E' }),
            ("1234567", NifError::Length { length: 7 }),
            ("12345678", NifError::Length { length: 8 }),
            ("1234567890", NifError::Length { length: 10 }),
            ("PT 12345678", NifError::Length { length: 8 }),
            ("4", NifError::Length { length: 1 }),
            // Correct check digits, impossible prefixes (check digits computed and verified below).
            ("012345679", NifError::UnknownPrefix { prefix: "0".into() }),
            ("400000008", NifError::UnknownPrefix { prefix: "40".into() }),
            ("440000009", NifError::UnknownPrefix { prefix: "44".into() }),
            ("460000004", NifError::UnknownPrefix { prefix: "46".into() }),
            ("730000001", NifError::UnknownPrefix { prefix: "73".into() }),
            ("760000000", NifError::UnknownPrefix { prefix: "76".into() }),
            ("920000002", NifError::UnknownPrefix { prefix: "92".into() }),
            ("970000006", NifError::UnknownPrefix { prefix: "97".into() }),
            ("123456780", NifError::CheckDigit),
            ("123456798", NifError::CheckDigit),
            ("501442601", NifError::CheckDigit),
        ];
        for (typed, expected) in cases {
            assert_eq!(nif(typed).as_ref(), Err(expected), "{typed:?}");
        }
        for typed in [
            "012345679",
            "400000008",
            "440000009",
            "460000004",
            "730000001",
            "970000006",
        ] {
            assert!(nif_oracle(typed), "{typed} should have a correct check digit");
        }
    }

    #[test]
    fn nif_prefixes_are_exactly_the_known_ranges() {
        let known: BTreeSet<u32> = [
            10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
            34, 35, 36, 37, 38, 39, 45, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
            67, 68, 69, 70, 71, 72, 74, 75, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 98,
            99,
        ]
        .into_iter()
        .collect();
        for two in 0..100u32 {
            let stem = format!("{two:02}123456");
            let full = (0..10)
                .map(|d| format!("{stem}{d}"))
                .find(|n| nif_oracle(n))
                .unwrap();
            let result = nif(&full);
            if known.contains(&two) {
                assert_eq!(result.as_ref(), Ok(&full), "{full}");
            } else {
                assert!(
                    matches!(result, Err(NifError::UnknownPrefix { .. })),
                    "{full}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn exactly_one_final_digit_completes_a_nif() {
        let prefixes = [
            "1", "2", "3", "45", "5", "6", "70", "71", "72", "74", "75", "77", "78", "79", "8", "90", "91",
            "98", "99",
        ];
        let mut rng = Rng(0x5eed_0001);
        let mut checked = 0;
        for prefix in prefixes {
            for _ in 0..300 {
                let stem = format!("{prefix}{}", rng.digits(8 - prefix.len()));
                let mut valid = 0;
                for d in 0..10 {
                    let candidate = format!("{stem}{d}");
                    if nif_oracle(&candidate) {
                        valid += 1;
                        assert_eq!(nif(&candidate).as_ref(), Ok(&candidate));
                    } else {
                        assert_eq!(nif(&candidate), Err(NifError::CheckDigit), "{candidate}");
                    }
                    checked += 1;
                }
                assert_eq!(valid, 1, "{stem}");
            }
        }
        assert_eq!(checked, 19 * 300 * 10);
    }

    #[test]
    fn a_swap_of_two_different_neighbouring_digits_is_usually_caught() {
        // The módulo-11 weights differ by 1 between neighbours, so a swap changes the sum by the
        // difference of the digits, which 11 never divides; only the 0/1 remainder collapse can hide
        // it, and then the validator must agree with the oracle.
        let mut rng = Rng(0x5eed_0002);
        let mut caught = 0;
        let mut total = 0;
        for _ in 0..2_000 {
            let stem = format!("2{}", rng.digits(7));
            let Some(valid) = (0..10).map(|d| format!("{stem}{d}")).find(|n| nif_oracle(n)) else {
                continue;
            };
            let bytes = valid.as_bytes();
            for i in 1..7 {
                if bytes[i] == bytes[i + 1] {
                    continue;
                }
                let mut swapped = bytes.to_vec();
                swapped.swap(i, i + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                total += 1;
                assert_eq!(nif(&swapped).is_ok(), nif_oracle(&swapped), "{swapped}");
                if nif(&swapped).is_err() {
                    caught += 1;
                }
            }
        }
        assert!(caught * 10 >= total * 9, "only {caught} of {total} swaps caught");
    }

    // ----- Cartão de Cidadão -----------------------------------------------------------------------

    /// Valid document numbers (12 characters, no spaces); each is checked against the oracle first.
    const VALID_CC: &[&str] = &[
        "123456789ZZ1",
        "000000000ZZ4",
        "154240650ZX5",
        "112233445ZY5",
        "099999990AA6",
        "123456780A06",
        "987654321ZZ1",
        "111111111ZW6",
        "100000000ZZ2",
        "145671230ZZ8",
    ];

    fn spaced(twelve: &str) -> String {
        format!("{} {} {}", &twelve[..8], &twelve[8..9], &twelve[9..])
    }

    #[test]
    fn valid_cc_numbers_are_accepted_and_spaced_as_on_the_card() {
        for &n in VALID_CC {
            assert!(cc_oracle(n), "example {n} is not valid by the oracle");
            assert_eq!(cc_number(n), Ok(spaced(n)), "{n}");
            assert_eq!(cc_number(&spaced(n)), Ok(spaced(n)), "{n}");
            assert_eq!(cc_number(&n.to_lowercase()), Ok(spaced(n)), "{n}");
        }
    }

    #[test]
    fn cc_normalisation() {
        for typed in [
            "12345678 9 ZZ1",
            "123456789ZZ1",
            "123456789zz1",
            "  12345678 9 zZ1 ",
            "1234 5678 9 Z Z 1",
            "12345678-9-ZZ1",
            "12345678\u{a0}9\u{a0}ZZ1",
        ] {
            assert_eq!(cc_number(typed).as_deref(), Ok("12345678 9 ZZ1"), "{typed:?}");
        }
    }

    #[test]
    fn invalid_cc_numbers_give_the_exact_error() {
        let cases: &[(&str, CcError)] = &[
            ("", CcError::Empty),
            ("  ", CcError::Empty),
            ("12345678/9ZZ1", CcError::InvalidCharacter { character: '/' }),
            ("12345678.9.ZZ1", CcError::InvalidCharacter { character: '.' }),
            ("12345678 9 ÇZ1", CcError::InvalidCharacter { character: 'Ç' }),
            (
                "12345678 9 Z\u{7}1",
                CcError::InvalidCharacter { character: '\u{7}' },
            ),
            ("12345678", CcError::LooksLikeBi { length: 8 }),
            ("1234567 8", CcError::LooksLikeBi { length: 8 }),
            ("12345678 9", CcError::LooksLikeBi { length: 9 }),
            ("1234567", CcError::Length { length: 7 }),
            ("1234567890", CcError::Length { length: 10 }),
            ("12345678 9 ZZ", CcError::Length { length: 11 }),
            ("12345678 9 ZZ12", CcError::Length { length: 13 }),
            ("12345678 Z", CcError::Length { length: 9 }),
            ("ZZ1", CcError::Length { length: 3 }),
            (
                "1234567O 9 ZZ1",
                CcError::DigitExpected {
                    character: 'O',
                    position: 8,
                },
            ),
            (
                "I2345678 9 ZZ1",
                CcError::DigitExpected {
                    character: 'I',
                    position: 1,
                },
            ),
            (
                "12345678 S ZZ1",
                CcError::DigitExpected {
                    character: 'S',
                    position: 9,
                },
            ),
            (
                "12345678 9 ZZI",
                CcError::DigitExpected {
                    character: 'I',
                    position: 12,
                },
            ),
            ("12345678 9 ZZ0", CcError::CheckDigits),
            ("12345678 9 ZZ2", CcError::CheckDigits),
            ("12345678 9 ZY1", CcError::CheckDigits),
            ("21345678 9 ZZ1", CcError::CheckDigits),
        ];
        for (typed, expected) in cases {
            assert_eq!(cc_number(typed).as_ref(), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn exactly_one_final_digit_completes_a_cc_number() {
        let mut rng = Rng(0x5eed_0003);
        for _ in 0..2_000 {
            let eleven = format!("{}{}{}", rng.digits(9), rng.alphanumeric(), rng.alphanumeric());
            let mut valid = 0;
            for d in 0..10 {
                let candidate = format!("{eleven}{d}");
                if cc_oracle(&candidate) {
                    valid += 1;
                    assert_eq!(cc_number(&candidate), Ok(spaced(&candidate)));
                } else {
                    assert_eq!(cc_number(&candidate), Err(CcError::CheckDigits), "{candidate}");
                }
            }
            assert_eq!(valid, 1, "{eleven}");
        }
    }

    #[test]
    fn every_single_mistyped_digit_of_a_cc_number_is_caught() {
        let mut rng = Rng(0x5eed_0004);
        for _ in 0..300 {
            let eleven = format!("{}{}{}", rng.digits(9), rng.alphanumeric(), rng.alphanumeric());
            let valid = format!("{eleven}{}", cc_final_digit(&eleven));
            assert!(cc_number(&valid).is_ok(), "{valid}");
            for position in (0..9).chain([11]) {
                for d in '0'..='9' {
                    let mut chars: Vec<char> = valid.chars().collect();
                    if chars[position] == d {
                        continue;
                    }
                    chars[position] = d;
                    let typo: String = chars.into_iter().collect();
                    assert_eq!(cc_number(&typo), Err(CcError::CheckDigits), "{typo}");
                }
            }
        }
    }

    // ----- Código postal ---------------------------------------------------------------------------

    #[test]
    fn postal_codes_are_normalised() {
        let cases = [
            ("1000-001", "1000-001"),
            ("1000 001", "1000-001"),
            ("1000001", "1000-001"),
            ("  4000-123 ", "4000-123"),
            ("9950-302", "9950-302"),
            ("9000-018", "9000-018"),
            ("2750 - 642", "2750-642"),
            ("8000–001", "8000-001"),
            ("3000\u{a0}456", "3000-456"),
        ];
        for (typed, expected) in cases {
            assert_eq!(postal_code(typed).as_deref(), Ok(expected), "{typed:?}");
        }
    }

    #[test]
    fn invalid_postal_codes_give_the_exact_error() {
        let cases = [
            ("", PostalCodeError::Format),
            ("   ", PostalCodeError::Format),
            ("1000", PostalCodeError::Format),
            ("1000-01", PostalCodeError::Format),
            ("1000-0011", PostalCodeError::Format),
            ("10000-01", PostalCodeError::Format),
            ("100-0001", PostalCodeError::Format),
            ("1000_001", PostalCodeError::Format),
            ("1000--001", PostalCodeError::Format),
            ("1000.001", PostalCodeError::Format),
            ("1ooo-001", PostalCodeError::Format),
            ("1000-001 Lisboa", PostalCodeError::Format),
            ("10000001", PostalCodeError::Format),
            ("0123-456", PostalCodeError::FirstDigitZero),
            ("0123456", PostalCodeError::FirstDigitZero),
            ("0000 000", PostalCodeError::FirstDigitZero),
        ];
        for (typed, expected) in cases {
            assert_eq!(postal_code(typed), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn every_seven_digit_code_is_accepted_unless_it_starts_with_zero() {
        let mut rng = Rng(0x5eed_0005);
        for _ in 0..3_000 {
            let seven = rng.digits(7);
            let expected = format!("{}-{}", &seven[..4], &seven[4..]);
            let result = if seven.starts_with('0') {
                Err(PostalCodeError::FirstDigitZero)
            } else {
                Ok(expected.clone())
            };
            for typed in [
                seven.clone(),
                expected.clone(),
                format!("{} {}", &seven[..4], &seven[4..]),
            ] {
                assert_eq!(postal_code(&typed), result, "{typed}");
            }
        }
    }

    // ----- Phone -----------------------------------------------------------------------------------

    #[test]
    fn phones_are_normalised_to_e164() {
        let cases = [
            ("912345678", "+351912345678"),
            ("912 345 678", "+351912345678"),
            ("+351 912 345 678", "+351912345678"),
            ("+351912345678", "+351912345678"),
            ("00351 912 345 678", "+351912345678"),
            ("351 912 345 678", "+351912345678"),
            ("(+351) 21 234 5678", "+351212345678"),
            ("21-234-5678", "+351212345678"),
            ("21.234.56.78", "+351212345678"),
            ("253 123 456", "+351253123456"),
            ("289 000 000", "+351289000000"),
            ("300 123 456", "+351300123456"),
            ("921 234 567", "+351921234567"),
            ("931 234 567", "+351931234567"),
            ("961 234 567", "+351961234567"),
            ("+44 20 7946 0958", "+442079460958"),
            ("0034 912 345 678", "+34912345678"),
            ("+1 (202) 555-0143", "+12025550143"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+55 11 91234 5678", "+5511912345678"),
            ("+238 991 23 45", "+2389912345"),
            ("+49 30 12345", "+493012345"),
            ("+123456789012345", "+123456789012345"),
        ];
        for (typed, expected) in cases {
            assert_eq!(phone(typed).as_deref(), Ok(expected), "{typed:?}");
        }
    }

    #[test]
    fn invalid_phones_give_the_exact_error() {
        let pt_prefix = |p: &str| PhoneError::PtPrefix { prefix: p.into() };
        let not_personal = |p: &str| PhoneError::NotPersonal { prefix: p.into() };
        let cases = [
            ("", PhoneError::Empty),
            (" ( ) - ", PhoneError::Empty),
            ("91234567a", PhoneError::InvalidCharacter { character: 'a' }),
            (
                "912 345 678 ext 2",
                PhoneError::InvalidCharacter { character: 'e' },
            ),
            ("91234+5678", PhoneError::InvalidCharacter { character: '+' }),
            ("++351912345678", PhoneError::InvalidCharacter { character: '+' }),
            ("912/345/678", PhoneError::InvalidCharacter { character: '/' }),
            ("91234567", PhoneError::PtLength { length: 8 }),
            ("9123456789", PhoneError::PtLength { length: 10 }),
            ("+351 91234567", PhoneError::PtLength { length: 8 }),
            ("00351 9123456789", PhoneError::PtLength { length: 10 }),
            ("+351", PhoneError::PtLength { length: 0 }),
            ("35191234567", PhoneError::PtLength { length: 11 }),
            ("941 234 567", pt_prefix("94")),
            ("951 234 567", pt_prefix("95")),
            ("971 234 567", pt_prefix("97")),
            ("901 234 567", pt_prefix("90")),
            ("412 345 678", pt_prefix("41")),
            ("512 345 678", pt_prefix("51")),
            ("312 345 678", pt_prefix("31")),
            ("012 345 678", pt_prefix("0")),
            ("091 234 567", pt_prefix("0")),
            ("+351 941 234 567", pt_prefix("94")),
            ("112", not_personal("112")),
            ("118 18", not_personal("118")),
            ("+351 144", not_personal("144")),
            ("16 000", not_personal("160")),
            ("1", not_personal("1")),
            ("707 200 000", not_personal("707")),
            ("760 100 100", not_personal("760")),
            ("800 200 200", not_personal("800")),
            ("808 200 200", not_personal("808")),
            ("601 234 567", not_personal("601")),
            ("+", PhoneError::CountryCode),
            ("00", PhoneError::CountryCode),
            ("+0 123 456 789", PhoneError::CountryCode),
            ("000 34 912 345 678", PhoneError::CountryCode),
            ("+44 1234", PhoneError::ForeignLength { length: 6 }),
            ("+34 91234", PhoneError::ForeignLength { length: 7 }),
            ("+1234567890123456", PhoneError::ForeignLength { length: 16 }),
        ];
        for (typed, expected) in cases {
            assert_eq!(phone(typed), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn portuguese_prefixes_are_classified_exactly() {
        let mut rng = Rng(0x5eed_0006);
        for two in 0..100u32 {
            let (first, second) = (two / 10, two % 10);
            let personal =
                first == 2 || (first == 3 && second == 0) || (first == 9 && [1, 2, 3, 6].contains(&second));
            let special = [1, 6, 7, 8].contains(&first);
            for _ in 0..20 {
                let national = format!("{two:02}{}", rng.digits(7));
                let forms = [
                    national.clone(),
                    format!("+351{national}"),
                    format!("00351 {national}"),
                    format!("351{national}"),
                ];
                for typed in forms {
                    if typed.starts_with("00") && !typed.starts_with("00351") {
                        continue; // a bare national number starting 00 reads as an international prefix
                    }
                    let result = phone(&typed);
                    if personal {
                        assert_eq!(result, Ok(format!("+351{national}")), "{typed}");
                    } else if special {
                        assert_eq!(
                            result,
                            Err(PhoneError::NotPersonal {
                                prefix: national[..3].to_string()
                            }),
                            "{typed}"
                        );
                    } else {
                        assert_eq!(
                            result,
                            Err(PhoneError::PtPrefix {
                                prefix: if first == 0 {
                                    "0".to_string()
                                } else {
                                    format!("{two:02}")
                                }
                            }),
                            "{typed}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn foreign_numbers_accept_8_to_15_digits() {
        let mut rng = Rng(0x5eed_0007);
        for length in 1..=18 {
            for _ in 0..20 {
                let digits = format!("{}{}", 1 + rng.next() % 9, rng.digits(length - 1));
                if digits.starts_with("351") {
                    continue;
                }
                let expected = if (8..=15).contains(&length) {
                    Ok(format!("+{digits}"))
                } else {
                    Err(PhoneError::ForeignLength { length })
                };
                assert_eq!(phone(&format!("+{digits}")), expected, "+{digits}");
                assert_eq!(phone(&format!("00{digits}")), expected, "00{digits}");
            }
        }
    }

    // ----- E-mail ----------------------------------------------------------------------------------

    #[test]
    fn emails_are_trimmed_and_the_domain_lower_cased() {
        let cases = [
            ("ana.silva@gmail.com", "ana.silva@gmail.com"),
            ("  Ana.Silva@Gmail.COM ", "Ana.Silva@gmail.com"),
            ("joao+balcao@sapo.pt", "joao+balcao@sapo.pt"),
            ("maria@correio.gov.pt", "maria@correio.gov.pt"),
            ("x@a-b.pt", "x@a-b.pt"),
            ("a@b.co", "a@b.co"),
            ("joão@correio.pt", "joão@correio.pt"),
            ("rui@ÁGUAS.pt", "rui@águas.pt"),
            ("o'neill@example.ie", "o'neill@example.ie"),
            (
                "first_last-1@mail.example.co.uk",
                "first_last-1@mail.example.co.uk",
            ),
            ("123@456.pt", "123@456.pt"),
            ("\u{a0}ana@sapo.pt\u{200b}", "ana@sapo.pt"),
        ];
        for (typed, expected) in cases {
            assert_eq!(email(typed).as_deref(), Ok(expected), "{typed:?}");
        }
    }

    #[test]
    fn invalid_emails_give_the_exact_error() {
        let local = |l: &str| EmailError::LocalPart { local: l.into() };
        let domain = |d: &str| EmailError::Domain { domain: d.into() };
        let cases = [
            ("", EmailError::Empty),
            ("   ", EmailError::Empty),
            ("ana.gmail.com", EmailError::MissingAt),
            ("ana", EmailError::MissingAt),
            ("ana@@gmail.com", EmailError::SeveralAt { count: 2 }),
            ("a@b@c.pt", EmailError::SeveralAt { count: 2 }),
            ("ana@sapo.pt rui@sapo.pt", EmailError::SeveralAt { count: 2 }),
            (
                "ana@gmail,com",
                EmailError::CommaInsteadOfDot {
                    suggestion: "ana@gmail.com".into(),
                },
            ),
            (
                "Ana@Gmail,COM",
                EmailError::CommaInsteadOfDot {
                    suggestion: "Ana@gmail.com".into(),
                },
            ),
            (
                "rui@sapo,pt",
                EmailError::CommaInsteadOfDot {
                    suggestion: "rui@sapo.pt".into(),
                },
            ),
            (
                "rui@mail,sapo.pt",
                EmailError::CommaInsteadOfDot {
                    suggestion: "rui@mail.sapo.pt".into(),
                },
            ),
            ("ana@gmail.com,", domain("gmail.com,")),
            ("ana@gmail,,com", domain("gmail,,com")),
            ("@gmail.com", local("")),
            (".ana@gmail.com", local(".ana")),
            ("ana.@gmail.com", local("ana.")),
            ("ana..silva@gmail.com", local("ana..silva")),
            ("ana silva@gmail.com", local("ana silva")),
            ("ana,silva@gmail.com", local("ana,silva")),
            ("<ana@gmail.com>", local("<ana")),
            ("ana@", domain("")),
            ("ana@gmail", domain("gmail")),
            ("ana@gmail.", domain("gmail.")),
            ("ana@.gmail.com", domain(".gmail.com")),
            ("ana@gmail..com", domain("gmail..com")),
            ("ana@-gmail.com", domain("-gmail.com")),
            ("ana@gmail-.com", domain("gmail-.com")),
            ("ana@gma_il.com", domain("gma_il.com")),
            ("ana@gmail .com", domain("gmail .com")),
            ("ana@gmail.c", domain("gmail.c")),
            ("ana@gmail.c0m", domain("gmail.c0m")),
            ("ana@gmail.com.", domain("gmail.com.")),
            ("ana@[127.0.0.1]", domain("[127.0.0.1]")),
        ];
        for (typed, expected) in cases {
            assert_eq!(email(typed), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn email_length_limits() {
        let local64 = "a".repeat(64);
        assert!(email(&format!("{local64}@sapo.pt")).is_ok());
        let local65 = "a".repeat(65);
        assert_eq!(
            email(&format!("{local65}@sapo.pt")),
            Err(EmailError::LocalPart { local: local65 })
        );

        let label63 = "b".repeat(63);
        assert!(email(&format!("ana@{label63}.pt")).is_ok());
        let label64 = "b".repeat(64);
        assert_eq!(
            email(&format!("ana@{label64}.pt")),
            Err(EmailError::Domain {
                domain: format!("{label64}.pt")
            })
        );

        // 64 + 1 + (3 × 63 dotted labels = 191) = 256 > 254; trim labels to reach exactly 254 and 255.
        let domain_254 = format!("{}.{}.{}.pt", "c".repeat(63), "d".repeat(63), "e".repeat(58));
        let at_254 = format!("{local64}@{domain_254}");
        assert_eq!(at_254.chars().count(), 254);
        assert_eq!(email(&at_254).as_deref(), Ok(at_254.as_str()));
        let at_255 = format!("{local64}@c{domain_254}");
        assert_eq!(email(&at_255), Err(EmailError::TooLong { length: 255 }));
    }

    // ----- Messages --------------------------------------------------------------------------------

    /// One value of every error variant, with its message id and arguments.
    fn every_error() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
        fn entry(e: &dyn Localized) -> (&'static str, Vec<(&'static str, String)>) {
            (e.message_id(), e.message_args())
        }
        vec![
            entry(&NifError::Empty),
            entry(&NifError::InvalidCharacter { character: 'A' }),
            entry(&NifError::Length { length: 8 }),
            entry(&NifError::UnknownPrefix { prefix: "40".into() }),
            entry(&NifError::CheckDigit),
            entry(&CcError::Empty),
            entry(&CcError::InvalidCharacter { character: '/' }),
            entry(&CcError::LooksLikeBi { length: 8 }),
            entry(&CcError::Length { length: 11 }),
            entry(&CcError::DigitExpected {
                character: 'O',
                position: 8,
            }),
            entry(&CcError::CheckDigits),
            entry(&PostalCodeError::Format),
            entry(&PostalCodeError::FirstDigitZero),
            entry(&PhoneError::Empty),
            entry(&PhoneError::InvalidCharacter { character: 'a' }),
            entry(&PhoneError::PtLength { length: 8 }),
            entry(&PhoneError::PtPrefix { prefix: "94".into() }),
            entry(&PhoneError::NotPersonal { prefix: "707".into() }),
            entry(&PhoneError::CountryCode),
            entry(&PhoneError::ForeignLength { length: 6 }),
            entry(&EmailError::Empty),
            entry(&EmailError::TooLong { length: 300 }),
            entry(&EmailError::MissingAt),
            entry(&EmailError::SeveralAt { count: 2 }),
            entry(&EmailError::LocalPart {
                local: "ana silva".into(),
            }),
            entry(&EmailError::Domain {
                domain: "gmail".into(),
            }),
            entry(&EmailError::CommaInsteadOfDot {
                suggestion: "ana@gmail.com".into(),
            }),
        ]
    }

    #[test]
    fn message_ids_are_listed_once_and_prefixed_by_their_validator() {
        let listed: BTreeSet<&str> = MESSAGE_IDS.iter().copied().collect();
        assert_eq!(listed.len(), MESSAGE_IDS.len(), "duplicate id in MESSAGE_IDS");
        let produced: BTreeSet<&str> = every_error().into_iter().map(|(id, _)| id).collect();
        assert_eq!(produced, listed);
        for id in MESSAGE_IDS {
            assert!(
                ["nif-", "cc-", "postal-code-", "phone-", "email-"]
                    .iter()
                    .any(|p| id.starts_with(p)),
                "{id}"
            );
        }
    }

    #[test]
    fn invisible_characters_are_shown_by_code_point() {
        assert_eq!(
            CcError::InvalidCharacter { character: '\u{7}' }.message_args(),
            vec![("character", "U+0007".to_string())]
        );
        assert_eq!(
            NifError::InvalidCharacter { character: 'º' }.message_args(),
            vec![("character", "º".to_string())]
        );
    }

    /// The messages of a Fluent file, by id (single-line messages with indented continuation lines).
    fn fluent_messages(source: &str) -> BTreeMap<String, String> {
        let mut messages = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                current = None;
            } else if line.starts_with(' ') {
                let id = current.clone().unwrap();
                messages
                    .entry(id)
                    .and_modify(|text: &mut String| text.push_str(line));
            } else {
                let (id, text) = line.split_once(" = ").unwrap();
                assert!(
                    messages.insert(id.to_string(), text.to_string()).is_none(),
                    "{id} twice"
                );
                current = Some(id.to_string());
            }
        }
        messages
    }

    /// The `{ $name }` placeables of a message.
    fn placeables(text: &str) -> BTreeSet<String> {
        text.split("{ $")
            .skip(1)
            .map(|rest| rest.split_once(" }").unwrap().0.to_string())
            .collect()
    }

    #[test]
    fn both_locales_translate_every_id_with_the_arguments_it_receives() {
        let locales = [
            (
                "pt-PT",
                include_str!("../../balcao-i18n/locales/pt-PT/validate.ftl"),
            ),
            ("en", include_str!("../../balcao-i18n/locales/en/validate.ftl")),
        ];
        for (locale, source) in locales {
            assert!(
                source.starts_with("### "),
                "{locale}: the file starts with a resource comment"
            );
            let messages = fluent_messages(source);
            let ids: BTreeSet<&str> = messages.keys().map(String::as_str).collect();
            assert_eq!(ids, MESSAGE_IDS.iter().copied().collect(), "{locale}");
            for (id, args) in every_error() {
                let given: BTreeSet<String> = args.iter().map(|(name, _)| name.to_string()).collect();
                assert_eq!(
                    placeables(&messages[id]),
                    given,
                    "{locale} {id}: placeables differ from the arguments"
                );
            }
        }
    }
}
