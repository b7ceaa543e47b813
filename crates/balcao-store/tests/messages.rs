//! Every error the store can give a mediator is worded in both languages.
//!
//! `balcao-i18n`'s own tests check the core's and the catalogue's messages; the store's ids live in
//! `locales/*/store.ftl`, and this test makes a missing or broken one a failing build rather than a
//! `⟨store-disk-full⟩` on the counter's screen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::AttendanceError;
use balcao_core::message::Localized;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::StoreError;
use balcao_store::error::MESSAGE_IDS;

fn every_error() -> Vec<StoreError> {
    vec![
        StoreError::Locked,
        StoreError::DiskFull,
        StoreError::Corrupt {
            detail: "quick_check: x".into(),
        },
        StoreError::Io {
            detail: "disk I/O error".into(),
        },
        StoreError::NotFound { id: "x".into() },
        StoreError::NewerSchema { found: 3, known: 2 },
        StoreError::AlreadyOpen { id: "x".into() },
        StoreError::Rule(AttendanceError::NoServices),
        StoreError::Rule(AttendanceError::LineWithoutOutcome { index: 1 }),
    ]
}

#[test]
fn every_store_error_renders_in_both_languages() {
    for lang in [Lang::Pt, Lang::En] {
        let i18n = I18n::new(lang);
        for id in MESSAGE_IDS {
            assert!(i18n.has(id), "{}: `{id}` is not translated", lang.tag());
        }
        for e in every_error() {
            let text = i18n
                .format(e.message_id(), &e.message_args())
                .unwrap_or_else(|err| panic!("{}: {err}", lang.tag()));
            assert!(!text.trim().is_empty() && !text.contains('⟨'), "{text}");
        }
    }
}

#[test]
fn the_messages_say_what_happened_and_what_to_do() {
    let pt = I18n::new(Lang::Pt);
    assert_eq!(
        pt.localize(&StoreError::DiskFull),
        "O disco está cheio: o atendimento não foi gravado. Nada do que escreveu se perdeu; chame o \
         apoio informático para libertar espaço."
    );
    let newer = pt.localize(&StoreError::NewerSchema { found: 3, known: 2 });
    assert!(newer.contains("versão 3") && newer.contains("até à 2"), "{newer}");
    // A refusal by the rules reads as the rule itself.
    assert_eq!(
        pt.localize(&StoreError::Rule(AttendanceError::LineWithoutOutcome {
            index: 1
        })),
        pt.localize(&AttendanceError::LineWithoutOutcome { index: 1 })
    );
    let en = I18n::new(Lang::En);
    assert!(
        en.localize(&StoreError::Locked)
            .contains("Nothing you typed is lost")
    );
}
