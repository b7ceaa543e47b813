//! The tests of the postal code, phone and e-mail validators, and of the messages of every validator.

use super::tests::Rng;
use super::*;
use std::collections::{BTreeMap, BTreeSet};

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
            include_str!("../../../balcao-i18n/locales/pt-PT/validate.ftl"),
        ),
        ("en", include_str!("../../../balcao-i18n/locales/en/validate.ftl")),
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
