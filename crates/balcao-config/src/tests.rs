//! The configuration loader's tests: layers, files, flags and their problems.
use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("balcao-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn later_layers_win_key_by_key() {
    let dir = tempdir("layers");
    let system = write(
        &dir,
        "system.toml",
        "spot_code = \"EC-0420\"\nspot_name = \"Espaço do Cidadão de Bragança\"\nlang = \"pt\"\ncitizen_monitor = 1\n",
    );
    let user = write(&dir, "user.toml", "lang = \"en\"\ncitizen_monitor = \"HDMI-2\"\n");
    let sources = Sources {
        system: system.clone(),
        user: Some(user.clone()),
    };
    let loaded = load(&sources, &[(Key::CitizenMonitor, "DP-1".into())]).unwrap();
    assert_eq!(loaded.config.spot_code, "EC-0420");
    assert_eq!(loaded.origin(Key::SpotCode), &Origin::System(system.clone()));
    assert_eq!(loaded.config.lang, Lang::En);
    assert_eq!(loaded.origin(Key::Lang), &Origin::User(user));
    assert_eq!(loaded.config.citizen_monitor.as_deref(), Some("DP-1"));
    assert_eq!(loaded.origin(Key::CitizenMonitor), &Origin::CommandLine);
    assert_eq!(loaded.config.counter, Config::default().counter);
    assert_eq!(loaded.origin(Key::Counter), &Origin::Default);
    assert_eq!(loaded.files, vec![(system, true), (dir.join("user.toml"), true)]);
}

#[test]
fn no_files_means_the_demo_defaults() {
    let dir = tempdir("none");
    let sources = Sources {
        system: dir.join("absent-system.toml"),
        user: Some(dir.join("absent-user.toml")),
    };
    let loaded = load(&sources, &[]).unwrap();
    assert_eq!(loaded.config, Config::default());
    assert!(loaded.files.iter().all(|(_, found)| !found));
}

#[test]
fn every_problem_in_every_layer_is_reported_with_its_place() {
    let dir = tempdir("problems");
    let system = write(&dir, "system.toml", "spot_code = 42\nspot_nome = \"x\"\n");
    let user = write(&dir, "user.toml", "central_url = \"http://central.example.pt\"\n");
    let sources = Sources {
        system: system.clone(),
        user: Some(user.clone()),
    };
    let errors = load(&sources, &[(Key::EndScreenSeconds, "soon".into())]).unwrap_err();
    let places: Vec<String> = errors.iter().map(ConfigError::place).collect();
    assert_eq!(
        places,
        vec![
            format!("{}:1:13", system.display()),
            format!("{}:2:1", system.display()),
            format!("{}:1:15", user.display()),
            COMMAND_LINE.to_string(),
        ]
    );
    assert_eq!(
        errors[0].problem,
        Problem::WrongType {
            key: Key::SpotCode,
            expected: Kind::Text,
            found: "integer"
        }
    );
    assert_eq!(
        errors[1].problem,
        Problem::UnknownKey {
            key: "spot_nome".into(),
            suggestion: Some(Key::SpotName)
        }
    );
    assert_eq!(
        errors[2].problem,
        Problem::Invalid {
            key: Key::CentralUrl,
            rule: Rule::CentralUrl
        }
    );
}

#[test]
fn syntax_encoding_and_permission_problems_name_the_file() {
    let e = parse("c.toml", "spot_code = \"EC-1\"\nspot_name = \"sem fim\n").unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(matches!(e[0].problem, Problem::Syntax { .. }), "{e:?}");
    assert_eq!(e[0].line_col.map(|(l, _)| l), Some(2));

    let e = parse("c.toml", "spot_code = \"EC-1\"\nspot_code = \"EC-2\"\n").unwrap_err();
    assert!(
        matches!(e[0].problem, Problem::Syntax { .. }),
        "a duplicate key: {e:?}"
    );

    let e = parse("c.toml", "[spot]\ncode = \"EC-1\"\n").unwrap_err();
    assert_eq!(e[0].problem.key(), Some("spot"), "a table is not a key: {e:?}");

    let dir = tempdir("encoding");
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"spot_name = \"Bragan\xe7a\"\n").unwrap();
    let e = read_file(&latin1).unwrap_err();
    assert_eq!(e[0].problem, Problem::NotUtf8);
    assert_eq!(e[0].path, latin1.display().to_string());

    // A folder where the file should be cannot be read.
    let e = read_file(&dir).unwrap_err();
    assert!(matches!(e[0].problem, Problem::Unreadable { .. }), "{e:?}");

    // A byte-order mark is accepted, and places still count from the real start.
    let s = parse("c.toml", "\u{feff}lang = \"en\"\n").unwrap();
    assert_eq!(s[0].0, Key::Lang);
}

#[test]
fn set_keeps_comments_and_other_keys_and_skips_empty_values() {
    let dir = tempdir("set");
    let path = write(
        &dir,
        "config.toml",
        "# Configuração do balcão (editada pelo técnico).\nspot_name = \"Espaço do Cidadão de Vinhais\"\n",
    );
    let keys = set_in_file(
        &path,
        &[
            "spot_code=EC-0123".into(),
            "central_url=https://central.ama.gov.pt".into(),
            "citizen_monitor=".into(),
            "opening_hours=Seg–Sex 9h–17h;Sáb 9h–12h".into(),
            "end_screen_seconds=90".into(),
        ],
        true,
    )
    .unwrap();
    assert_eq!(
        keys,
        vec![
            Key::SpotCode,
            Key::CentralUrl,
            Key::OpeningHours,
            Key::EndScreenSeconds
        ]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# Configuração do balcão (editada pelo técnico).\n"),
        "{text}"
    );
    let loaded = load(
        &Sources {
            system: path.clone(),
            user: None,
        },
        &[],
    )
    .unwrap();
    assert_eq!(loaded.config.spot_name, "Espaço do Cidadão de Vinhais");
    assert_eq!(loaded.config.spot_code, "EC-0123");
    assert_eq!(loaded.config.opening_hours, vec!["Seg–Sex 9h–17h", "Sáb 9h–12h"]);
    assert_eq!(loaded.config.end_screen_seconds, 90);
    assert_eq!(loaded.config.citizen_monitor, None);

    // Only empty values: the file is left exactly as it is, and an absent one is not created.
    let before = std::fs::read(&path).unwrap();
    assert_eq!(
        set_in_file(&path, &["spot_code=".into(), "lang= ".into()], true).unwrap(),
        vec![]
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let absent = dir.join("absent.toml");
    set_in_file(&absent, &["spot_code=".into()], true).unwrap();
    assert!(!absent.exists());
}

#[test]
fn set_creates_the_file_and_refuses_bad_input_without_writing() {
    let dir = tempdir("set-new");
    let path = dir.join("sub").join("config.toml");
    set_in_file(&path, &["spot_name=São Vicente".into()], false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "spot_name = \"São Vicente\"\n"
    );

    for bad in [
        "spot_code",
        "spot_cod=EC-1",
        "central_url=http://10.0.0.1",
        "spot_name=",
    ] {
        let e = set_in_file(&path, &["lang=en".into(), bad.into()], false).unwrap_err();
        assert_eq!(e[0].path, COMMAND_LINE, "{bad}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "spot_name = \"São Vicente\"\n",
            "nothing is written when {bad} is refused"
        );
    }

    // A file that is already broken is reported, not silently extended.
    std::fs::write(&path, "spot_code = 1\n").unwrap();
    let e = set_in_file(&path, &["lang=en".into()], false).unwrap_err();
    assert_eq!(e[0].line_col, Some((1, 13)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "spot_code = 1\n");
}

#[test]
fn retention_days_are_whole_days_from_1_to_3650_and_default_to_30_and_180() {
    use balcao_core::message::Localized as _;
    let defaults = Config::default();
    assert_eq!(defaults.retention_days, 30);
    assert_eq!(defaults.retention_days_pending, 180);
    assert_eq!(defaults.show(Key::RetentionDays).as_deref(), Some("30"));
    assert_eq!(defaults.show(Key::RetentionDaysPending).as_deref(), Some("180"));

    let dir = tempdir("retention");
    let cases = [
        (Key::RetentionDays, Rule::RetentionDays),
        (Key::RetentionDaysPending, Rule::RetentionDaysPending),
    ];
    for (key, rule) in cases {
        assert_eq!(Key::from_name(key.name()), Some(key));
        assert_eq!(key.kind(), Kind::Integer);
        for ok in [1, 3650] {
            let text = format!("{} = {ok}\n", key.name());
            let settings = parse("c.toml", &text).unwrap();
            assert_eq!(settings[0].0, key);
            let mut config = Config::default();
            key.assign(&mut config, &settings[0].1).unwrap();
            assert_eq!(config.show(key), Some(ok.to_string()));
        }

        // On line 2, after another key; the value starts right after `key = `.
        let column = key.name().len() + 4;
        for (bad, expected) in [
            ("0", Problem::Invalid { key, rule }),
            ("3651", Problem::Invalid { key, rule }),
            (
                "\"trinta\"",
                Problem::WrongType {
                    key,
                    expected: Kind::Integer,
                    found: "string",
                },
            ),
        ] {
            let text = format!("lang = \"pt\"\n{} = {bad}\n", key.name());
            let e = parse("/etc/balcao/config.toml", &text).unwrap_err();
            assert_eq!(e.len(), 1, "{bad}: {e:?}");
            assert_eq!(e[0].problem, expected, "{bad}");
            assert_eq!(e[0].problem.key(), Some(key.name()));
            assert_eq!(
                e[0].place(),
                format!("/etc/balcao/config.toml:2:{column}"),
                "{bad}"
            );
            for lang in [Lang::Pt, Lang::En] {
                let i18n = balcao_i18n::I18n::new(lang);
                assert!(i18n.has(e[0].problem.message_id()), "{lang:?}: {bad}");
                let message = i18n.localize(&e[0].problem);
                assert!(message.contains(key.name()), "{lang:?}: {message}");
                if matches!(expected, Problem::Invalid { .. }) {
                    assert!(message.contains("3650"), "{lang:?}: {message}");
                }
            }
        }

        // The same checks apply to a flag.
        let e = load(
            &Sources {
                system: dir.join("absent.toml"),
                user: None,
            },
            &[(key, "trinta".into())],
        )
        .unwrap_err();
        assert_eq!(e[0].path, COMMAND_LINE);
        assert_eq!(
            e[0].problem,
            Problem::WrongType {
                key,
                expected: Kind::Integer,
                found: "string"
            }
        );
    }
}

#[test]
fn receipt_paper_is_a4_or_an_80mm_roll_and_defaults_to_a4() {
    use balcao_core::message::Localized as _;
    let key = Key::ReceiptPaper;
    assert_eq!(Key::from_name("receipt_paper"), Some(key));
    assert_eq!(key.kind(), Kind::Text);
    let defaults = Config::default();
    assert_eq!(defaults.receipt_paper, ReceiptPaper::A4);
    assert_eq!(ReceiptPaper::default(), ReceiptPaper::A4);
    assert_eq!(defaults.show(key).as_deref(), Some("\"a4\""));

    for (text, paper) in [("a4", ReceiptPaper::A4), ("80mm", ReceiptPaper::Roll80)] {
        let settings = parse("c.toml", &format!("receipt_paper = \"{text}\"\n")).unwrap();
        assert_eq!(settings[0].0, key);
        let mut config = Config::default();
        key.assign(&mut config, &settings[0].1).unwrap();
        assert_eq!(config.receipt_paper, paper, "{text}");
        assert_eq!(config.show(key), Some(format!("\"{text}\"")));
    }

    // On line 2, after another key; the value starts right after `receipt_paper = `.
    let column = key.name().len() + 4;
    for (bad, expected) in [
        (
            "\"58mm\"",
            Problem::Invalid {
                key,
                rule: Rule::ReceiptPaper,
            },
        ),
        (
            "\"\"",
            Problem::Invalid {
                key,
                rule: Rule::ReceiptPaper,
            },
        ),
        (
            "80",
            Problem::WrongType {
                key,
                expected: Kind::Text,
                found: "integer",
            },
        ),
    ] {
        let text = format!("lang = \"pt\"\nreceipt_paper = {bad}\n");
        let e = parse("/etc/balcao/config.toml", &text).unwrap_err();
        assert_eq!(e.len(), 1, "{bad}: {e:?}");
        assert_eq!(e[0].problem, expected, "{bad}");
        assert_eq!(e[0].problem.key(), Some("receipt_paper"));
        assert_eq!(
            e[0].place(),
            format!("/etc/balcao/config.toml:2:{column}"),
            "{bad}"
        );
        for lang in [Lang::Pt, Lang::En] {
            let i18n = balcao_i18n::I18n::new(lang);
            assert!(i18n.has(e[0].problem.message_id()), "{lang:?}: {bad}");
            let message = i18n.localize(&e[0].problem);
            assert!(message.contains("receipt_paper"), "{lang:?}: {message}");
            if matches!(expected, Problem::Invalid { .. }) {
                assert!(
                    message.contains("\"a4\"") && message.contains("\"80mm\""),
                    "{lang:?}: {message}"
                );
            }
        }
    }

    // The same checks apply to a flag.
    let dir = tempdir("receipt-paper");
    let sources = Sources {
        system: dir.join("absent.toml"),
        user: None,
    };
    let loaded = load(&sources, &[(key, "80mm".into())]).unwrap();
    assert_eq!(loaded.config.receipt_paper, ReceiptPaper::Roll80);
    assert_eq!(loaded.origin(key), &Origin::CommandLine);
    let e = load(&sources, &[(key, "58mm".into())]).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].path, COMMAND_LINE);
    assert_eq!(
        e[0].problem,
        Problem::Invalid {
            key,
            rule: Rule::ReceiptPaper
        }
    );
}

/// Found by the `config_file` fuzz target: `config check` printed `time_zone = Europe/Lisbon`, unquoted,
/// so its output (documented as TOML, and copied into files by technicians) did not parse. Every value
/// `show` prints, for the defaults and for a configuration that sets every key, must read back as the
/// same configuration.
#[test]
fn what_config_check_prints_reads_back_as_the_same_configuration() {
    let every_key = parse(
        "every-key",
        "spot_code = \"EC-0420\"\nspot_name = \"Vinhais\"\nhost_entity = \"Câmara\"\n\
         opening_hours = [\"Seg: 9h\"]\ncounter = \"2\"\nmediator = \"ana\"\n\
         central_url = \"https://central.example.gov.pt\"\ncitizen_monitor = 1\nlang = \"en\"\n\
         survey_url_template = \"https://www.gov.pt/avaliar?t={token}\"\ndata_dir = \"/var/lib/balcao\"\n\
         end_screen_seconds = 60\nlock_after_minutes = 9\ntime_zone = \"Atlantic/Azores\"\n\
         retention_days = 31\nretention_days_pending = 181\nprinter = \"HP_LaserJet\"\n\
         receipt_paper = \"80mm\"\nlog_level = \"debug\"\ncash_difference_limit_cents = 50\n\
         mirror = false\nmirror_allow = [\"firefox\"]\nmirror_max_fps = 10\nbrowser = \"firefox\"\n\
         dock_width = 500\ncitizen_large_text = true\n",
    )
    .unwrap();
    assert_eq!(every_key.len(), Key::ALL.len());
    let mut full = Config::default();
    for (key, value, _) in &every_key {
        key.assign(&mut full, value).unwrap();
    }
    for config in [Config::default(), full] {
        let mut shown = String::new();
        for key in Key::ALL {
            if let Some(value) = config.show(key) {
                shown.push_str(&format!("{} = {value}\n", key.name()));
            }
        }
        assert!(shown.contains("time_zone = \""), "{shown}");
        let mut again = Config::default();
        for (key, value, _) in parse("shown", &shown).unwrap() {
            key.assign(&mut again, &value).unwrap();
        }
        assert_eq!(again, config, "{shown}");
    }
}
