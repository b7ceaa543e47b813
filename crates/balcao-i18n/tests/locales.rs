//! The translation files are complete, consistent and well-formed.
//!
//! A missing translation at the counter would show `⟨message-id⟩` to a mediator with a citizen in
//! front of them; these tests make it a build failure instead. They check that both locales define the
//! same ids, that no id is defined twice, that every Fluent file parses, and that every message the core
//! and the catalogue checker can produce renders with its arguments in both languages.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_catalogue::problem::all_samples;
use balcao_core::attendance::AttendanceError;
use balcao_core::message::Localized;
use balcao_core::text::Lang;
use balcao_core::validate;
use balcao_i18n::{I18n, message_ids, sources};
use fluent_bundle::FluentResource;
use std::collections::{BTreeMap, BTreeSet};

const LANGS: [Lang; 2] = [Lang::Pt, Lang::En];

#[test]
fn every_fluent_file_parses() {
    for lang in LANGS {
        assert!(
            sources(lang).len() >= 4,
            "{lang:?} has only {} files",
            sources(lang).len()
        );
        for (file, text) in sources(lang) {
            if let Err((_, errors)) = FluentResource::try_new((*text).to_string()) {
                panic!("{}/{file} has Fluent syntax errors: {errors:?}", lang.tag());
            }
        }
    }
}

#[test]
fn both_locales_define_the_same_ids_once() {
    let mut sets = Vec::new();
    for lang in LANGS {
        let ids = message_ids(lang);
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, file) in &ids {
            if let Some(first) = seen.insert(id, file) {
                panic!("{}: `{id}` is defined in {first} and again in {file}", lang.tag());
            }
        }
        sets.push(ids.into_iter().map(|(id, _)| id).collect::<BTreeSet<_>>());
    }
    let only_pt: Vec<_> = sets[0].difference(&sets[1]).collect();
    let only_en: Vec<_> = sets[1].difference(&sets[0]).collect();
    assert!(
        only_pt.is_empty() && only_en.is_empty(),
        "only in pt-PT: {only_pt:?}; only in en: {only_en:?}"
    );
    assert!(sets[0].len() > 60, "suspiciously few messages: {}", sets[0].len());
}

fn renders_everywhere(values: &[&dyn Localized]) {
    for lang in LANGS {
        let i18n = I18n::new(lang);
        for v in values {
            let args = v.message_args();
            match i18n.format(v.message_id(), &args) {
                Ok(text) => {
                    assert!(
                        !text.trim().is_empty(),
                        "{}: `{}` renders empty",
                        lang.tag(),
                        v.message_id()
                    );
                    assert!(
                        !text.contains('⟨'),
                        "{}: `{}` renders a missing id",
                        lang.tag(),
                        v.message_id()
                    );
                }
                Err(e) => panic!("{}: {e}", lang.tag()),
            }
        }
    }
}

#[test]
fn every_catalogue_problem_renders_in_both_languages() {
    let samples = all_samples();
    assert!(samples.len() >= 30);
    let values: Vec<&dyn Localized> = samples.iter().map(|p| p as &dyn Localized).collect();
    renders_everywhere(&values);
}

#[test]
fn every_attendance_error_renders_in_both_languages() {
    let errors = [
        AttendanceError::AlreadyEnded,
        AttendanceError::NoServices,
        AttendanceError::LineWithoutOutcome { index: 0 },
        AttendanceError::NoSuchLine { index: 4 },
        AttendanceError::OutcomeNeedsDetail { outcome: "pendente" },
        AttendanceError::OutcomeNeedsDetail {
            outcome: "encaminhado",
        },
        AttendanceError::OutcomeNeedsDetail {
            outcome: "nao-foi-possivel",
        },
        AttendanceError::EndsBeforeStart,
    ];
    let values: Vec<&dyn Localized> = errors.iter().map(|e| e as &dyn Localized).collect();
    renders_everywhere(&values);
    // The 0-based index reaches the mediator 1-based.
    let pt = I18n::new(Lang::Pt).localize(&AttendanceError::LineWithoutOutcome { index: 0 });
    assert!(pt.starts_with("O serviço 1 ainda não tem resultado"), "{pt}");
}

#[test]
fn every_follow_up_error_renders_in_both_languages() {
    use balcao_core::followup::FollowUpError;
    let errors = [
        FollowUpError::DueInPast,
        FollowUpError::DueTooFar { days: 366 },
        FollowUpError::DueNotADate,
        FollowUpError::AlreadyClosed,
        FollowUpError::NotPending,
        FollowUpError::NotFound,
    ];
    let values: Vec<&dyn Localized> = errors.iter().map(|e| e as &dyn Localized).collect();
    renders_everywhere(&values);
    let pt = I18n::new(Lang::Pt).localize(&FollowUpError::DueTooFar { days: 366 });
    assert!(pt.contains("366 dias"), "{pt}");
}

#[test]
fn every_validator_message_is_translated() {
    for lang in LANGS {
        let i18n = I18n::new(lang);
        for id in validate::MESSAGE_IDS {
            assert!(
                i18n.has(id),
                "{}: validator message `{id}` is not translated",
                lang.tag()
            );
        }
    }
    // And real errors render with their arguments.
    let errors: Vec<Box<dyn Localized>> = vec![
        Box::new(validate::nif("12345678").unwrap_err()),
        Box::new(validate::nif("123456780").unwrap_err()),
        Box::new(validate::cc_number("12345678").unwrap_err()),
        Box::new(validate::postal_code("100-000").unwrap_err()),
        Box::new(validate::phone("94 123 4567").unwrap_err()),
        Box::new(validate::email("maria@gmail,com").unwrap_err()),
    ];
    let values: Vec<&dyn Localized> = errors.iter().map(|e| e.as_ref()).collect();
    renders_everywhere(&values);
    let pt = I18n::new(Lang::Pt).localize(&validate::nif("12345678").unwrap_err());
    assert!(
        pt.contains('8') && pt.contains('9'),
        "the length message names the length found: {pt}"
    );
}

#[test]
fn plurals_agree_in_portuguese() {
    let pt = I18n::new(Lang::Pt);
    let one = pt.tr_args(
        "cli-check-failed",
        &[("errors", "1".into()), ("warnings", "2".into())],
    );
    assert_eq!(one, "o catálogo tem 1 erro e 2 avisos");
    let en = I18n::new(Lang::En);
    let two = en.tr_args(
        "cli-check-failed",
        &[("errors", "2".into()), ("warnings", "1".into())],
    );
    assert_eq!(two, "the catalogue has 2 errors and 1 warning");
}

#[test]
fn leading_zeros_survive_and_unknown_ids_do_not_panic() {
    let pt = I18n::new(Lang::Pt);
    let text = pt.tr_args("catalogue-invalid-id", &[("id", "007".into())]);
    assert!(text.contains("«007»"), "{text}");
    assert_eq!(pt.tr("no-such-message"), "⟨no-such-message⟩");
    assert!(pt.format("no-such-message", &[]).is_err());
}

#[test]
fn every_configuration_problem_renders_in_both_languages() {
    use balcao_config::{Key, Kind, Problem, Rule};
    let mut problems = vec![
        Problem::Unreadable {
            detail: "Permission denied".into(),
        },
        Problem::NotUtf8,
        Problem::Syntax {
            detail: "invalid string".into(),
        },
        Problem::UnknownKey {
            key: "cor".into(),
            suggestion: None,
        },
        Problem::UnknownKey {
            key: "spot_nome".into(),
            suggestion: Some(Key::SpotName),
        },
        Problem::BadAssignment {
            argument: "spot_code".into(),
        },
    ];
    for expected in [Kind::Text, Kind::Integer, Kind::TextList, Kind::TextOrInteger] {
        problems.push(Problem::WrongType {
            key: Key::SpotCode,
            expected,
            found: "table",
        });
    }
    for rule in [
        Rule::SpotCode,
        Rule::Name { max: 120 },
        Rule::Counter,
        Rule::OpeningHours,
        Rule::CentralUrl,
        Rule::CitizenMonitor,
        Rule::Lang,
        Rule::SurveyUrl,
        Rule::AbsolutePath,
        Rule::EndScreenSeconds,
        Rule::LogLevel,
        Rule::CashLimit,
    ] {
        problems.push(Problem::Invalid {
            key: Key::SpotCode,
            rule,
        });
    }
    let produced: BTreeSet<&str> = problems.iter().map(|p| p.message_id()).collect();
    for id in balcao_config::MESSAGE_IDS {
        assert!(
            produced.contains(id) || *id == "config-invalid",
            "`{id}` has no sample here"
        );
        for lang in LANGS {
            assert!(
                I18n::new(lang).has(id),
                "{}: `{id}` is not translated",
                lang.tag()
            );
        }
    }
    let values: Vec<&dyn Localized> = problems.iter().map(|p| p as &dyn Localized).collect();
    renders_everywhere(&values);
    let pt = I18n::new(Lang::Pt).localize(&Problem::WrongType {
        key: Key::EndScreenSeconds,
        expected: Kind::Integer,
        found: "string",
    });
    assert_eq!(
        pt,
        "a chave «end_screen_seconds» espera um número inteiro sem aspas (por exemplo 120), mas tem um texto."
    );
    let en = I18n::new(Lang::En).localize(&Problem::Invalid {
        key: Key::SurveyUrlTemplate,
        rule: Rule::SurveyUrl,
    });
    assert!(en.contains("{token}"), "{en}");
}

#[test]
fn every_cash_message_is_translated_and_renders() {
    use balcao_core::cash::{self, CashError};
    use balcao_core::money::Money;
    for lang in LANGS {
        for id in cash::MESSAGE_IDS {
            assert!(
                I18n::new(lang).has(id),
                "{}: `{id}` is not translated",
                lang.tag()
            );
        }
    }
    let m = Money::from_cents;
    let errors = [
        CashError::AmountNegative,
        CashError::TenderedTooLittle {
            due: m(500),
            tendered: m(200),
        },
        CashError::TerminalRef,
        CashError::MbWayRef,
        CashError::ExemptReason,
        CashError::FloatNegative,
        CashError::CountNegative,
        CashError::DifferenceNeedsReason {
            difference: m(-20),
            threshold: m(0),
        },
        CashError::CancelReason,
        CashError::Overflow,
        CashError::PersonalData,
    ];
    let ids: BTreeSet<&str> = errors.iter().map(|e| e.message_id()).collect();
    assert_eq!(
        ids,
        cash::MESSAGE_IDS.iter().copied().collect(),
        "a sample per message"
    );
    let values: Vec<&dyn Localized> = errors.iter().map(|e| e as &dyn Localized).collect();
    renders_everywhere(&values);
    let pt = I18n::new(Lang::Pt).localize(&errors[1]);
    assert_eq!(
        pt,
        "O cidadão entregou 2,00\u{a0}€, menos do que os 5,00\u{a0}€ a pagar."
    );
}

#[test]
fn every_browser_message_is_translated() {
    for lang in LANGS {
        for id in balcao_browser::error::MESSAGE_IDS {
            assert!(
                I18n::new(lang).has(id),
                "{}: `{id}` is not translated",
                lang.tag()
            );
        }
    }
}
