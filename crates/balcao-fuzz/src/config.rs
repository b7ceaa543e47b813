//! The configuration file: `balcao_config::parse`, which reads the system file and the user file.
//!
//! Invariants: every error points inside the file; every accepted setting assigns to a configuration
//! without error (`load` assigns them again and relies on it); and the configuration they make,
//! printed key by key as `balcao config check` prints it ([`balcao_config::Config::show`], documented
//! as TOML), is itself a configuration file that reads back as the same configuration.

use balcao_config::{Config, Key};

/// The path shown in the errors.
const PATH: &str = "/etc/balcao/config.toml";

/// Fuzz target: one configuration file.
pub fn config_file(data: &[u8]) {
    // `read_file` refuses a file that is not UTF-8 before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = match balcao_config::parse(PATH, text) {
        Ok(settings) => settings,
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            for e in &errors {
                assert_eq!(e.path, PATH);
                if let Some(at) = e.line_col {
                    assert_inside(text, at, &format!("{:?}", e.problem));
                }
            }
            return;
        }
    };
    let mut config = Config::default();
    let mut seen = Vec::new();
    for (key, value, at) in &settings {
        assert!(!seen.contains(key), "{} set twice", key.name());
        seen.push(*key);
        assert_inside(text, *at, key.name());
        assert!(
            key.assign(&mut config, value).is_ok(),
            "{} = {value} was accepted by parse but not by assign",
            key.name()
        );
    }
    assert!(
        settings.windows(2).all(|w| w[0].2 <= w[1].2),
        "settings out of file order"
    );
    assert_shown_config_reads_back(&config);
}

/// `(line, column)`, both from 1, inside `text` (a column may be one past a line's last character).
fn assert_inside(text: &str, (line, column): (usize, usize), what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(line >= 1 && column >= 1, "{what} at {line}:{column}");
    assert!(line <= lines.len(), "{what} at line {line} of {}", lines.len());
    let width = lines.get(line - 1).map_or(0, |l| l.chars().count());
    assert!(
        column <= width + 1,
        "{what} at {line}:{column}, past {width} characters"
    );
}

/// Prints every key as `config check` does and reads the text back as a configuration file.
pub(crate) fn assert_shown_config_reads_back(config: &Config) {
    let mut shown = String::new();
    for key in Key::ALL {
        if let Some(value) = config.show(key) {
            shown.push_str(&format!("{} = {value}\n", key.name()));
        }
    }
    let settings = match balcao_config::parse("shown", &shown) {
        Ok(settings) => settings,
        Err(errors) => panic!("`config check`'s output is not a configuration file:\n{shown}\n{errors:?}"),
    };
    let mut again = Config::default();
    for (key, value, _) in &settings {
        assert!(
            key.assign(&mut again, value).is_ok(),
            "{} = {value} does not assign",
            key.name()
        );
    }
    assert_eq!(
        &again, config,
        "the configuration printed reads back as another:\n{shown}"
    );
}
