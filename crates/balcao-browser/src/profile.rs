//! The preferences written into a fresh profile before the browser first starts.
//!
//! A throwaway profile starts with the browser's defaults, and two of those defaults work against the
//! counter. Downloads would ask where to save (or go to the mediator's own `~/Downloads`, which
//! outlives the attendance and mixes citizens' documents); here they go, without a question, to the
//! attendance's `transferencias` folder, which Balcão lists and deletes with the profile. And the
//! browser would offer to remember the citizen's portal password; here it never offers. The rest
//! (welcome pages, default-browser checks, telemetry prompts) only cost the mediator clicks.
//!
//! Firefox reads `user.js` in the profile at every start and applies it over its own preferences;
//! Chromium, Chrome and Edge read `Default/Preferences`, a JSON file they then own and rewrite.

use crate::error::BrowserError;
use crate::kind::BrowserKind;
use serde_json::json;
use std::path::Path;

/// The name of Firefox's user preferences file inside the profile.
pub const FIREFOX_USER_JS: &str = "user.js";

/// The Chromium family's preferences file, relative to the user data directory.
pub const CHROMIUM_PREFERENCES: &[&str] = &["Default", "Preferences"];

/// Writes the preferences of `kind` into the profile `dir` (which must exist), sending downloads to
/// `downloads_dir` without asking.
pub fn prepare_profile(kind: BrowserKind, dir: &Path, downloads_dir: &Path) -> Result<(), BrowserError> {
    let downloads = downloads_dir.to_str().ok_or(BrowserError::Io {
        step: "write-prefs",
        detail: "the downloads directory is not valid UTF-8".to_string(),
    })?;
    if kind.is_chromium_family() {
        let default = dir.join(CHROMIUM_PREFERENCES[0]);
        std::fs::create_dir_all(&default).map_err(|e| BrowserError::io("write-prefs", &e))?;
        let text = chromium_preferences(downloads).to_string();
        std::fs::write(default.join(CHROMIUM_PREFERENCES[1]), text)
            .map_err(|e| BrowserError::io("write-prefs", &e))
    } else {
        std::fs::write(dir.join(FIREFOX_USER_JS), firefox_user_js(downloads))
            .map_err(|e| BrowserError::io("write-prefs", &e))
    }
}

/// The Chromium family's `Default/Preferences`.
fn chromium_preferences(downloads: &str) -> serde_json::Value {
    json!({
        "download": {
            "default_directory": downloads,
            "prompt_for_download": false,
            "directory_upgrade": true,
        },
        "savefile": { "default_directory": downloads },
        "credentials_enable_service": false,
        "profile": { "password_manager_enabled": false },
        "browser": { "check_default_browser": false },
    })
}

/// Firefox's `user.js`. String values are written as JSON strings, whose escapes (`\\`, `\"`,
/// `\uXXXX`) Firefox's preference parser reads the same way, so a Windows path survives.
fn firefox_user_js(downloads: &str) -> String {
    let prefs: [(&str, serde_json::Value); 11] = [
        ("browser.download.dir", json!(downloads)),
        ("browser.download.folderList", json!(2)),
        ("browser.download.useDownloadDir", json!(true)),
        // Since Firefox 98 an unknown file type asks what to do unless this is off.
        (
            "browser.download.always_ask_before_handling_new_types",
            json!(false),
        ),
        ("browser.shell.checkDefaultBrowser", json!(false)),
        ("browser.aboutwelcome.enabled", json!(false)),
        ("datareporting.policy.dataSubmissionEnabled", json!(false)),
        ("toolkit.telemetry.reportingpolicy.firstRun", json!(false)),
        ("signon.rememberSignons", json!(false)),
        ("browser.startup.homepage_override.mstone", json!("ignore")),
        ("browser.formfill.enable", json!(false)),
    ];
    let mut text = String::from("// Written by Balcão for one attendance; deleted with it.\n");
    for (name, value) in prefs {
        text.push_str(&format!("user_pref({}, {value});\n", json!(name)));
    }
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn firefox_gets_a_user_js_with_every_preference() {
        let d = tempfile::tempdir().unwrap();
        let downloads = d.path().join("transferências \"x\"");
        prepare_profile(BrowserKind::Firefox, d.path(), &downloads).unwrap();
        let text = std::fs::read_to_string(d.path().join("user.js")).unwrap();
        let dir_json = serde_json::to_string(downloads.to_str().unwrap()).unwrap();
        for line in [
            format!("user_pref(\"browser.download.dir\", {dir_json});"),
            "user_pref(\"browser.download.folderList\", 2);".to_string(),
            "user_pref(\"browser.download.useDownloadDir\", true);".to_string(),
            "user_pref(\"browser.download.always_ask_before_handling_new_types\", false);".to_string(),
            "user_pref(\"browser.shell.checkDefaultBrowser\", false);".to_string(),
            "user_pref(\"browser.aboutwelcome.enabled\", false);".to_string(),
            "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);".to_string(),
            "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);".to_string(),
            "user_pref(\"signon.rememberSignons\", false);".to_string(),
            "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");".to_string(),
            "user_pref(\"browser.formfill.enable\", false);".to_string(),
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
        // The quote in the folder name is escaped, so the line still parses.
        assert!(text.contains(r#"\"x\""#));
        assert!(!d.path().join("Default").exists());
    }

    #[test]
    fn chromium_family_gets_default_preferences() {
        for kind in [BrowserKind::Chromium, BrowserKind::Chrome, BrowserKind::Edge] {
            let d = tempfile::tempdir().unwrap();
            let downloads = d.path().join("transferencias");
            prepare_profile(kind, d.path(), &downloads).unwrap();
            let text = std::fs::read_to_string(d.path().join("Default/Preferences")).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["download"]["default_directory"], downloads.to_str().unwrap());
            assert_eq!(v["download"]["prompt_for_download"], false);
            assert_eq!(v["credentials_enable_service"], false);
            assert_eq!(v["profile"]["password_manager_enabled"], false);
            assert!(!d.path().join("user.js").exists());
        }
    }

    #[test]
    fn a_missing_profile_dir_is_an_io_error() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("nope");
        let err = prepare_profile(BrowserKind::Firefox, &missing, d.path()).unwrap_err();
        assert!(matches!(
            err,
            BrowserError::Io {
                step: "write-prefs",
                ..
            }
        ));
    }
}
