//! The configuration keys' unit tests: each key's kinds, ranges and messages.
use super::*;

fn assign(key: Key, value: toml::Value) -> Result<Config, ValueError> {
    let mut c = Config::default();
    key.assign(&mut c, &value).map(|()| c)
}

fn s(text: &str) -> toml::Value {
    toml::Value::String(text.into())
}

#[test]
fn central_url_needs_https_except_to_this_computer() {
    for ok in [
        "https://central.ama.gov.pt/balcao",
        "http://localhost:8080",
        "http://127.0.0.1:9000/",
        "http://[::1]:9000",
    ] {
        assert!(assign(Key::CentralUrl, s(ok)).is_ok(), "{ok}");
    }
    for bad in [
        "http://central.ama.gov.pt",
        "http://192.168.1.10",
        "ftp://central",
        "central.ama.gov.pt",
        "https://user:secret@central.ama.gov.pt",
        "",
    ] {
        assert_eq!(
            assign(Key::CentralUrl, s(bad)),
            Err(ValueError::Invalid(Rule::CentralUrl)),
            "{bad}"
        );
    }
}

#[test]
fn the_mirror_keys_are_checked() {
    assert!(!assign(Key::Mirror, toml::Value::Boolean(false)).unwrap().mirror);
    assert_eq!(
        assign(Key::Mirror, s("false")),
        Err(ValueError::WrongType {
            expected: Kind::Boolean,
            found: "string"
        })
    );
    assert_eq!(
        Key::Mirror.value_from_text("off"),
        Ok(toml::Value::Boolean(false))
    );
    let list = |names: &[&str]| toml::Value::Array(names.iter().map(|n| s(n)).collect());
    assert_eq!(
        assign(Key::MirrorAllow, list(&["firefox", "msedge.exe"]))
            .unwrap()
            .mirror_allow,
        vec!["firefox".to_string(), "msedge.exe".to_string()]
    );
    for bad in [&[][..], &["Firefox"], &["fire fox"], &["thunderbird", ""]] {
        assert_eq!(
            assign(Key::MirrorAllow, list(bad)),
            Err(ValueError::Invalid(Rule::MirrorAllow)),
            "{bad:?}"
        );
    }
    assert_eq!(
        assign(Key::MirrorMaxFps, toml::Value::Integer(30))
            .unwrap()
            .mirror_max_fps,
        30
    );
    for bad in [0, 31, -1] {
        assert_eq!(
            assign(Key::MirrorMaxFps, toml::Value::Integer(bad)),
            Err(ValueError::Invalid(Rule::MirrorMaxFps))
        );
    }
    assert_eq!(
        assign(Key::DockWidth, toml::Value::Integer(280))
            .unwrap()
            .dock_width,
        280
    );
    assert_eq!(
        assign(Key::DockWidth, toml::Value::Integer(100)),
        Err(ValueError::Invalid(Rule::DockWidth))
    );
    for ok in ["auto", "firefox", "edge", "/usr/bin/firefox-esr"] {
        assert_eq!(assign(Key::Browser, s(ok)).unwrap().browser, ok);
    }
    for bad in ["opera", "bin/firefox", ""] {
        assert_eq!(
            assign(Key::Browser, s(bad)),
            Err(ValueError::Invalid(Rule::Browser)),
            "{bad}"
        );
    }
}

#[test]
fn spot_codes_and_counters_have_a_strict_shape() {
    assert!(assign(Key::SpotCode, s("EC-0420")).is_ok());
    for bad in ["ec-0420", "-EC", "EC 0420", "", &"A".repeat(33)] {
        assert_eq!(
            assign(Key::SpotCode, s(bad)),
            Err(ValueError::Invalid(Rule::SpotCode)),
            "{bad}"
        );
    }
    assert!(assign(Key::Counter, s("2B")).is_ok());
    assert_eq!(
        assign(Key::Counter, s("balcão 2")),
        Err(ValueError::Invalid(Rule::Counter))
    );
}

#[test]
fn the_monitor_may_be_an_index_or_a_name() {
    let c = assign(Key::CitizenMonitor, toml::Value::Integer(1)).unwrap();
    assert_eq!(c.citizen_monitor.as_deref(), Some("1"));
    let c = assign(Key::CitizenMonitor, s("HDMI-1")).unwrap();
    assert_eq!(c.citizen_monitor.as_deref(), Some("HDMI-1"));
    assert_eq!(
        assign(Key::CitizenMonitor, toml::Value::Integer(99)),
        Err(ValueError::Invalid(Rule::CitizenMonitor))
    );
    assert_eq!(
        assign(Key::CitizenMonitor, toml::Value::Boolean(true)),
        Err(ValueError::WrongType {
            expected: Kind::TextOrInteger,
            found: "boolean"
        })
    );
}

#[test]
fn numbers_languages_levels_paths_and_surveys() {
    assert_eq!(
        assign(Key::LockAfterMinutes, toml::Value::Integer(15))
            .unwrap()
            .lock_after_minutes,
        15
    );
    for bad in [0, 61, -5] {
        assert_eq!(
            assign(Key::LockAfterMinutes, toml::Value::Integer(bad)),
            Err(ValueError::Invalid(Rule::LockAfterMinutes)),
            "{bad}"
        );
    }
    assert_eq!(
        assign(Key::EndScreenSeconds, toml::Value::Integer(60))
            .unwrap()
            .end_screen_seconds,
        60
    );
    assert_eq!(
        assign(Key::EndScreenSeconds, toml::Value::Integer(5)),
        Err(ValueError::Invalid(Rule::EndScreenSeconds))
    );
    assert_eq!(
        assign(Key::EndScreenSeconds, s("60")),
        Err(ValueError::WrongType {
            expected: Kind::Integer,
            found: "string"
        })
    );
    assert_eq!(assign(Key::Lang, s("pt-PT")).unwrap().lang, Lang::Pt);
    assert_eq!(assign(Key::Lang, s("en")).unwrap().lang, Lang::En);
    assert_eq!(assign(Key::Lang, s("fr")), Err(ValueError::Invalid(Rule::Lang)));
    assert_eq!(
        assign(Key::LogLevel, s("debug")).unwrap().log_level,
        LogLevel::Debug
    );
    assert_eq!(
        assign(Key::LogLevel, s("verbose")),
        Err(ValueError::Invalid(Rule::LogLevel))
    );
    assert_eq!(
        assign(Key::DataDir, s("dados")),
        Err(ValueError::Invalid(Rule::AbsolutePath))
    );
    assert_eq!(
        assign(Key::SurveyUrlTemplate, s("https://inquerito.gov.pt/?a=")),
        Err(ValueError::Invalid(Rule::SurveyUrl))
    );
    for template in [
        "https://inquerito.gov.pt/?t={token}",
        "https://inquerito.gov.pt/?a={attendance}",
    ] {
        assert!(assign(Key::SurveyUrlTemplate, s(template)).is_ok(), "{template}");
    }
}

#[test]
fn opening_hours_are_a_short_list_of_lines() {
    let c = assign(
        Key::OpeningHours,
        Key::OpeningHours
            .value_from_text("Seg–Sex 9h–17h; Sáb 9h–12h")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(c.opening_hours, vec!["Seg–Sex 9h–17h", "Sáb 9h–12h"]);
    assert_eq!(
        assign(Key::OpeningHours, s("9h-17h")),
        Err(ValueError::WrongType {
            expected: Kind::TextList,
            found: "string"
        })
    );
    let eight = toml::Value::Array((0..8).map(|i| s(&format!("linha {i}"))).collect());
    assert_eq!(
        assign(Key::OpeningHours, eight),
        Err(ValueError::Invalid(Rule::OpeningHours))
    );
}

#[test]
fn a_misspelt_key_gets_a_suggestion() {
    assert_eq!(Key::suggest("spot_nome"), Some(Key::SpotName));
    assert_eq!(Key::suggest("central-url"), Some(Key::CentralUrl));
    assert_eq!(Key::suggest("favourite_colour"), None);
}
