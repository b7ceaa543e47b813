//! The tests of the NIF and Cartão de Cidadão validators, with oracles written apart from them.

use super::*;
use std::collections::BTreeSet;

/// A small deterministic pseudo-random generator (xorshift64), so the property loops are
/// reproducible without a dependency.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn digit(&mut self) -> char {
        char::from(b'0' + (self.next() % 10) as u8)
    }

    pub(super) fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| self.digit()).collect()
    }

    pub(super) fn alphanumeric(&mut self) -> char {
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
        10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 36, 37, 38, 39, 45, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
        69, 70, 71, 72, 74, 75, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 98, 99,
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
        "1", "2", "3", "45", "5", "6", "70", "71", "72", "74", "75", "77", "78", "79", "8", "90", "91", "98",
        "99",
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
