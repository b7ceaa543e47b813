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
mod contact_tests;
#[cfg(test)]
mod tests;
