//! The configuration reference (`docs/configuration.md`) and the templates the packages ship stay true
//! to the code: every key is documented once, nothing undocumented is described, and the examples a
//! technician would copy are accepted by the checker.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_config::Key;
use std::path::PathBuf;

fn repo_file(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn every_key_has_exactly_one_section_in_the_reference() {
    let doc = repo_file("docs/configuration.md");
    let headings: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .filter_map(|l| l.strip_suffix('`'))
        .collect();
    let keys: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        headings, keys,
        "the reference's key sections, in the order of Key::ALL"
    );
}

#[test]
fn the_reference_example_is_a_valid_file_setting_every_key() {
    let doc = repo_file("docs/configuration.md");
    let start = doc.find("```toml\n").expect("an example file") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let settings = balcao_config::parse("docs/configuration.md", example)
        .unwrap_or_else(|e| panic!("the example is refused: {e:?}"));
    let set: Vec<Key> = settings.iter().map(|s| s.0).collect();
    assert_eq!(set, Key::ALL.to_vec());
}

#[test]
fn the_debian_template_is_valid_commented_and_its_examples_are_too() {
    let template = repo_file("installer/debian/config.toml");
    // As shipped, every line is a comment, so the defaults apply until a technician edits it.
    let settings = balcao_config::parse("config.toml", &template).unwrap();
    assert!(settings.is_empty(), "the template sets keys: {settings:?}");
    // Each commented example, uncommented, is accepted; together they name every key.
    let mut named = Vec::new();
    for line in template.lines() {
        let Some(example) = line.strip_prefix("# ") else {
            continue;
        };
        let Some((name, _)) = example.split_once(" = ") else {
            continue;
        };
        let Some(key) = Key::from_name(name.trim()) else {
            continue;
        };
        if let Err(e) = balcao_config::parse("config.toml", example) {
            panic!("the template's example `{example}` is refused: {e:?}");
        }
        named.push(key);
    }
    for key in Key::ALL {
        assert!(
            named.contains(&key),
            "the template has no example for `{}`",
            key.name()
        );
    }
}
