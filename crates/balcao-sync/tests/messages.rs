//! Every message the sync worker can show renders in both languages, with its arguments, and the
//! Portuguese says what a mediator needs to hear: that nothing is lost.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::message::Localized;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::StoreError;
use balcao_sync::SyncError;
use balcao_sync::error::MESSAGE_IDS;
use balcao_sync::worker::{Link, STATUS_MESSAGE_IDS};

fn every_error() -> Vec<SyncError> {
    vec![
        SyncError::InsecureUrl {
            url: "http://central.example.pt".into(),
        },
        SyncError::KeyringUnavailable {
            detail: "no session bus".into(),
        },
        SyncError::NotEnrolled,
        SyncError::TokenRevoked,
        SyncError::DeviceRevoked {
            reason: "PC substituído; contacte a coordenação".into(),
        },
        SyncError::EnrollCodeRefused,
        SyncError::SpotMismatch {
            code_spot: "EC-0420".into(),
            configured: "EC-0427".into(),
        },
        SyncError::Offline {
            detail: "connection refused".into(),
        },
        SyncError::ServerError { status: 503 },
        SyncError::RateLimited { seconds: 1 },
        SyncError::RateLimited { seconds: 30 },
        SyncError::Forbidden,
        SyncError::Protocol { detail: "x".into() },
        SyncError::CatalogueSignature,
        SyncError::CatalogueRollback {
            held: 12,
            offered: 11,
        },
        SyncError::CatalogueMalformed { detail: "x".into() },
        SyncError::CatalogueInvalid { errors: 1 },
        SyncError::CatalogueInvalid { errors: 3 },
        SyncError::PublicKeyInvalid,
        SyncError::from(StoreError::DiskFull),
    ]
}

#[test]
fn every_sync_error_renders_in_both_languages() {
    let errors = every_error();
    for e in &errors {
        assert!(
            MESSAGE_IDS.contains(&e.message_id()) || e.message_id().starts_with("store-"),
            "{} is not listed",
            e.message_id()
        );
        assert!(!e.to_string().is_empty());
    }
    for id in MESSAGE_IDS {
        assert!(errors.iter().any(|e| e.message_id() == *id), "no sample of {id}");
    }
    for lang in [Lang::Pt, Lang::En] {
        let i18n = I18n::new(lang);
        for e in &errors {
            let text = i18n.format(e.message_id(), &e.message_args()).unwrap();
            assert!(
                !text.contains('⟨') && !text.contains("{ $"),
                "{}: {text}",
                e.message_id()
            );
            for (_, value) in e.message_args() {
                assert!(text.contains(&value), "{}: {text} lacks {value}", e.message_id());
            }
        }
    }
}

#[test]
fn every_status_message_renders_in_both_languages() {
    let args: Vec<(&str, String)> = vec![
        ("count", "2".into()),
        ("time", "02/03/2026 09:00".into()),
        ("version", "2026.11.1".into()),
        ("date", "02/03/2026".into()),
        ("spot", "EC-0420".into()),
    ];
    for lang in [Lang::Pt, Lang::En] {
        let i18n = I18n::new(lang);
        for id in STATUS_MESSAGE_IDS {
            let text = i18n.format(id, &args).unwrap();
            assert!(!text.trim().is_empty() && !text.contains('⟨'), "{id}: {text}");
        }
        for link in [
            Link::Unknown,
            Link::Online,
            Link::Offline,
            Link::NotEnrolled,
            Link::Refused,
        ] {
            assert!(STATUS_MESSAGE_IDS.contains(&link.message_id()));
        }
    }
}

#[test]
fn the_portuguese_reassures_and_agrees_in_number() {
    let pt = I18n::new(Lang::Pt);
    let offline = pt.localize(&SyncError::Offline {
        detail: String::new(),
    });
    assert!(offline.contains("ficam guardados neste computador"), "{offline}");
    let count = |n: &str| pt.tr_args("sync-status-waiting", &[("count", n.to_string())]);
    assert_eq!(count("0"), "Nenhum registo por enviar");
    assert_eq!(count("1"), "1 registo por enviar");
    assert_eq!(count("2"), "2 registos por enviar");
    let mismatch = pt.localize(&SyncError::SpotMismatch {
        code_spot: "EC-0420".into(),
        configured: "EC-0427".into(),
    });
    assert!(
        mismatch.contains("EC-0420") && mismatch.contains("EC-0427"),
        "{mismatch}"
    );
}
