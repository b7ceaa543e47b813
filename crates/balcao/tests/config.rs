//! End-to-end tests of `balcao config check` and `balcao config set`: the real binary, real files in
//! a temporary folder standing for `/etc/balcao` and `~/.config/balcao`, real exit codes.
//!
//! They pin the contract a technician relies on: the system file, then the user file, then flags, key
//! by key; every kind of mistake reported as `file:line:column` with what is allowed; `set` keeping the
//! file's comments and writing nothing when refused.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Files {
    dir: PathBuf,
}

impl Files {
    fn new(name: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("balcao-cli-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Files { dir }
    }

    fn system(&self) -> PathBuf {
        self.dir.join("etc-balcao-config.toml")
    }

    fn user(&self) -> PathBuf {
        self.dir.join("home-config-balcao.toml")
    }

    fn write(&self, path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }

    /// Runs `balcao ARGS` with this folder's files as the system and user configuration.
    fn balcao(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_balcao"))
            .args(args)
            .env_remove("BALCAO_LANG")
            .env("BALCAO_SYSTEM_CONFIG", self.system())
            .env("BALCAO_USER_CONFIG", self.user())
            .output()
            .unwrap()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn with_no_files_the_demo_configuration_is_valid() {
    let f = Files::new("none");
    let o = f.balcao(&["config", "check"]);
    assert!(o.status.success(), "{}", err(&o));
    let stdout = out(&o);
    assert!(
        stdout.contains("spot_code = \"EC-DEMO\"  # predefinição"),
        "{stdout}"
    );
    assert!(stdout.ends_with("config ok: 0 file(s) read\n"), "{stdout}");
}

#[test]
fn system_then_user_then_flags_key_by_key() {
    let f = Files::new("layers");
    f.write(
        &f.system(),
        "# Instalado pelo apoio informático.\nspot_code = \"EC-0420\"\nspot_name = \"Espaço do Cidadão de Vinhais\"\n\
         lang = \"pt\"\ncitizen_monitor = 1\ncentral_url = \"https://central.ama.gov.pt\"\n",
    );
    f.write(&f.user(), "lang = \"en\"\ncitizen_monitor = \"HDMI-2\"\n");
    let o = f.balcao(&["config", "check", "--citizen-monitor", "DP-1"]);
    assert!(o.status.success(), "{}", err(&o));
    let stdout = out(&o);
    let system = f.system().display().to_string();
    let user = f.user().display().to_string();
    for line in [
        format!("spot_code = \"EC-0420\"  # {system}"),
        format!("central_url = \"https://central.ama.gov.pt\"  # {system}"),
        format!("lang = \"en\"  # {user}"),
        "citizen_monitor = \"DP-1\"  # linha de comandos".to_string(),
        "counter = \"1\"  # predefinição".to_string(),
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing `{line}` in:\n{stdout}"
        );
    }
    assert!(stdout.ends_with("config ok: 2 file(s) read\n"), "{stdout}");

    // Without the flag, the user file's monitor wins over the system file's.
    let stdout = out(&f.balcao(&["config", "check"]));
    assert!(
        stdout.contains(&format!("citizen_monitor = \"HDMI-2\"  # {user}")),
        "{stdout}"
    );
}

/// Each kind of mistake, and the place and words the technician gets for it.
#[test]
fn every_kind_of_mistake_names_the_file_line_and_what_is_allowed() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "syntax",
            b"spot_code = \"EC-0420\"\nspot_name = \"Vinhais\n",
            ":2:",
        ),
        (
            "unknown key",
            b"spot_code = \"EC-0420\"\n\nspot_nome = \"Vinhais\"\n",
            ":3:1: error: unknown key \"spot_nome\"; did you mean \"spot_name\"?",
        ),
        (
            "wrong type",
            b"end_screen_seconds = \"120\"\n",
            ":1:22: error: the key \"end_screen_seconds\" takes a whole number without quotes (for example 120), but has a text.",
        ),
        (
            "value not allowed",
            b"lang = \"fr\"\n",
            ":1:8: error: \"lang\": the allowed languages are \"pt\" (or \"pt-PT\") and \"en\".",
        ),
        (
            "a misspelt time zone",
            b"spot_code = \"EC-0420\"\ntime_zone = \"Europe/Lisboa\"\n",
            ":2:13: error: \"time_zone\": a time zone name: \"Europe/Lisbon\" (mainland), \"Atlantic/Madeira\" or \"Atlantic/Azores\".",
        ),
        (
            "a printer name with spaces",
            b"printer = \"HP LaserJet\"\n",
            ":1:11: error: \"printer\": a printer name as the system knows it",
        ),
        (
            "plain http to another machine",
            b"central_url = \"http://central.ama.gov.pt\"\n",
            ":1:15: error: \"central_url\": the central server's address must start with https://",
        ),
        (
            "a section instead of keys",
            b"[spot]\ncode = \"EC-0420\"\n",
            ":1:2: error: unknown key \"spot\"",
        ),
        (
            "not UTF-8",
            b"spot_name = \"Bragan\xe7a\"\n",
            ": error: the file is not UTF-8",
        ),
    ];
    for (what, contents, expected) in cases {
        let f = Files::new(&what.replace(' ', "-"));
        std::fs::write(f.system(), contents).unwrap();
        let o = f.balcao(&["config", "check", "--lang", "en"]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", out(&o));
        let stderr = err(&o);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("{}{expected}", f.system().display())),
            "{what}: expected `{expected}`, got:\n{stderr}"
        );
        assert!(
            stderr.contains("Balcão will not start until they are fixed"),
            "{what}: {stderr}"
        );
        assert!(
            out(&o).is_empty(),
            "{what}: no configuration is printed when it is invalid"
        );
    }

    // A folder where the file should be, and a wrong flag, are reported too.
    let f = Files::new("unreadable");
    std::fs::create_dir_all(f.user()).unwrap();
    let o = f.balcao(&["config", "check", "--lang", "en", "--log-level", "loud"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = err(&o);
    assert!(
        stderr.contains(&format!(
            "{}: error: the file could not be read",
            f.user().display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("command line: error: \"log_level\": the allowed levels are"),
        "{stderr}"
    );
}

#[test]
fn set_writes_keys_keeps_comments_and_refuses_without_writing() {
    let f = Files::new("set");
    f.write(
        &f.system(),
        "# Editado à mão: não apagar este comentário.\nmediator = \"ana\"\n",
    );
    let system = f.system().display().to_string();
    let o = f.balcao(&[
        "config",
        "set",
        "--system",
        "--skip-empty",
        "spot_code=EC-0420",
        "spot_name=Espaço do Cidadão de São Vicente",
        "central_url=https://central.ama.gov.pt",
        "citizen_monitor=",
        "opening_hours=Seg–Sex 9h00–17h00;Sáb 9h00–12h00",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        format!("{system}: 4 chaves escritas (spot_code, spot_name, central_url, opening_hours).\n")
    );
    let text = std::fs::read_to_string(f.system()).unwrap();
    assert!(
        text.starts_with("# Editado à mão: não apagar este comentário.\nmediator = \"ana\"\n"),
        "{text}"
    );
    let stdout = out(&f.balcao(&["config", "check"]));
    assert!(
        stdout.contains(&format!(
            "spot_name = \"Espaço do Cidadão de São Vicente\"  # {system}"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "opening_hours = [\"Seg–Sex 9h00–17h00\", \"Sáb 9h00–12h00\"]  # {system}"
        )),
        "{stdout}"
    );

    let before = std::fs::read_to_string(f.system()).unwrap();
    let o = f.balcao(&[
        "config",
        "set",
        "--system",
        "counter=2",
        "central_url=http://10.1.1.1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("command line: erro: «central_url»"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("nada foi escrito"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(f.system()).unwrap(), before);

    // The user file is written with --user, and a file must be named.
    let o = f.balcao(&["config", "set", "--user", "lang=en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(f.user()).unwrap(), "lang = \"en\"\n");
    let o = f.balcao(&["config", "set", "lang=en"]);
    assert_eq!(o.status.code(), Some(1));
}
