//! Which browser Balcão opens, and where its executable is.
//!
//! Counters are installed by different people on different images: one has Firefox ESR (Debian's
//! default), another Chromium, a Windows counter always has Edge. The configuration says `auto` (the
//! first one found, in a fixed order), names a family, or gives an absolute path to an executable
//! (a site's own build, or a Chromium derivative under another name). The families matter because
//! they take different command-line options and keep their preferences in different files
//! ([`crate::args`], [`crate::profile`]).
//!
//! Finding is pure apart from reading file metadata: the search path is passed in (the app passes
//! `PATH`), so tests search a temporary directory holding fake executables. On Windows the usual
//! `Program Files` locations are also looked at, from the environment.

use crate::error::ChoiceError;
use serde::{Deserialize, Serialize};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A browser family: what decides the options and preference files Balcão uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrowserKind {
    /// Mozilla Firefox (and Firefox ESR).
    Firefox,
    /// Chromium, the open-source build.
    Chromium,
    /// Google Chrome.
    Chrome,
    /// Microsoft Edge.
    Edge,
}

impl BrowserKind {
    /// Every kind, in the order `auto` tries them on this platform: Firefox, Chromium, Chrome, Edge
    /// on Linux (Debian's default browser first); Edge first on Windows, where it is always present.
    #[cfg(not(windows))]
    pub const AUTO_ORDER: [BrowserKind; 4] = [
        BrowserKind::Firefox,
        BrowserKind::Chromium,
        BrowserKind::Chrome,
        BrowserKind::Edge,
    ];

    /// Every kind, in the order `auto` tries them on this platform: Edge first on Windows, where it
    /// is always present, then Firefox, Chromium and Chrome.
    #[cfg(windows)]
    pub const AUTO_ORDER: [BrowserKind; 4] = [
        BrowserKind::Edge,
        BrowserKind::Firefox,
        BrowserKind::Chromium,
        BrowserKind::Chrome,
    ];

    /// The configuration word for this kind (`firefox`, `chromium`, `chrome`, `edge`), also used in
    /// logs.
    pub fn as_str(self) -> &'static str {
        match self {
            BrowserKind::Firefox => "firefox",
            BrowserKind::Chromium => "chromium",
            BrowserKind::Chrome => "chrome",
            BrowserKind::Edge => "edge",
        }
    }

    /// Whether this kind takes Chromium's options and preference files (Chromium, Chrome, Edge).
    pub fn is_chromium_family(self) -> bool {
        !matches!(self, BrowserKind::Firefox)
    }

    /// The kind of an explicit executable, guessed from its file name: `firefox…` is Firefox,
    /// `msedge…`/`microsoft-edge…` is Edge, `chromium…` is Chromium, `chrome…`/`google-chrome…` is
    /// Chrome. Any other name is taken for Chromium, because the other browsers a site may install
    /// (Brave, Vivaldi, Opera) are Chromium derivatives that take its options.
    pub fn guess_from_file_name(exe: &Path) -> BrowserKind {
        let name = exe
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.contains("firefox") {
            BrowserKind::Firefox
        } else if name.contains("edge") {
            BrowserKind::Edge
        } else if name.contains("chromium") {
            BrowserKind::Chromium
        } else if name.contains("chrome") {
            BrowserKind::Chrome
        } else {
            BrowserKind::Chromium
        }
    }

    /// The executable names searched for on the search path, in order of preference.
    fn exe_names(self) -> &'static [&'static str] {
        #[cfg(not(windows))]
        match self {
            BrowserKind::Firefox => &["firefox-esr", "firefox"],
            BrowserKind::Chromium => &["chromium", "chromium-browser"],
            BrowserKind::Chrome => &["google-chrome", "google-chrome-stable"],
            BrowserKind::Edge => &["microsoft-edge", "microsoft-edge-stable"],
        }
        #[cfg(windows)]
        match self {
            BrowserKind::Firefox => &["firefox.exe"],
            BrowserKind::Chromium => &["chromium.exe"],
            BrowserKind::Chrome => &["chrome.exe"],
            BrowserKind::Edge => &["msedge.exe"],
        }
    }
}

impl std::fmt::Display for BrowserKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the configuration asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserChoice {
    /// The first browser found, in [`BrowserKind::AUTO_ORDER`].
    Auto,
    /// A browser of this family, found on the search path (or, on Windows, in `Program Files`).
    Kind(BrowserKind),
    /// An explicit executable; its kind is guessed from its file name
    /// ([`BrowserKind::guess_from_file_name`]).
    Command(PathBuf),
}

impl BrowserChoice {
    /// Reads a configuration value: `auto`, `firefox`, `chromium`, `chrome`, `edge` (any case,
    /// surrounding spaces ignored) or an absolute path.
    pub fn parse(value: &str) -> Result<BrowserChoice, ChoiceError> {
        let trimmed = value.trim();
        let choice = match trimmed.to_ascii_lowercase().as_str() {
            "auto" => BrowserChoice::Auto,
            "firefox" => BrowserChoice::Kind(BrowserKind::Firefox),
            "chromium" => BrowserChoice::Kind(BrowserKind::Chromium),
            "chrome" => BrowserChoice::Kind(BrowserKind::Chrome),
            "edge" => BrowserChoice::Kind(BrowserKind::Edge),
            _ if Path::new(trimmed).is_absolute() => BrowserChoice::Command(PathBuf::from(trimmed)),
            _ => {
                return Err(ChoiceError::Unknown {
                    given: value.to_string(),
                });
            }
        };
        Ok(choice)
    }
}

impl FromStr for BrowserChoice {
    type Err = ChoiceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BrowserChoice::parse(s)
    }
}

/// A browser that exists on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    /// Its family.
    pub kind: BrowserKind,
    /// Its executable.
    pub exe: PathBuf,
}

/// Finds the browser `choice` asks for, searching `path_env` (a `PATH`-style list of directories)
/// and, on Windows, the usual `Program Files` locations. `None` when there is none: the app then
/// leaves the URL for the mediator to open by hand.
pub fn find(choice: &BrowserChoice, path_env: &OsStr) -> Option<Browser> {
    match choice {
        BrowserChoice::Auto => BrowserKind::AUTO_ORDER
            .iter()
            .find_map(|&kind| find_kind(kind, path_env)),
        BrowserChoice::Kind(kind) => find_kind(*kind, path_env),
        BrowserChoice::Command(exe) => is_executable(exe).then(|| Browser {
            kind: BrowserKind::guess_from_file_name(exe),
            exe: exe.clone(),
        }),
    }
}

/// The first executable of `kind` on the search path, else in the platform's usual locations.
fn find_kind(kind: BrowserKind, path_env: &OsStr) -> Option<Browser> {
    let dirs: Vec<PathBuf> = std::env::split_paths(path_env)
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    kind.exe_names()
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .chain(usual_locations(kind))
        .find(|exe| is_executable(exe))
        .map(|exe| Browser { kind, exe })
}

/// Where the installers put each browser on Windows, read from the environment.
#[cfg(windows)]
fn usual_locations(kind: BrowserKind) -> Vec<PathBuf> {
    let bases: Vec<PathBuf> = ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .collect();
    let tail: &[&str] = match kind {
        BrowserKind::Edge => &["Microsoft", "Edge", "Application", "msedge.exe"],
        BrowserKind::Chrome => &["Google", "Chrome", "Application", "chrome.exe"],
        BrowserKind::Chromium => &["Chromium", "Application", "chrome.exe"],
        BrowserKind::Firefox => &["Mozilla Firefox", "firefox.exe"],
    };
    bases
        .into_iter()
        .map(|base| tail.iter().fold(base, |p, part| p.join(part)))
        .collect()
}

/// On Linux the search path is the only place looked at.
#[cfg(not(windows))]
fn usual_locations(_kind: BrowserKind) -> Vec<PathBuf> {
    Vec::new()
}

/// Whether `path` is a file this user could execute (following symbolic links, as `exec` does).
fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use std::ffi::OsString;

    #[cfg(unix)]
    fn fake_exe(dir: &Path, name: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    fn path_of(dirs: &[&Path]) -> OsString {
        std::env::join_paths(dirs).unwrap()
    }

    #[test]
    fn parses_the_configuration_words() {
        assert_eq!(BrowserChoice::parse("auto").unwrap(), BrowserChoice::Auto);
        assert_eq!(
            BrowserChoice::parse(" Firefox ").unwrap(),
            BrowserChoice::Kind(BrowserKind::Firefox)
        );
        assert_eq!(
            "chromium".parse::<BrowserChoice>().unwrap(),
            BrowserChoice::Kind(BrowserKind::Chromium)
        );
        assert_eq!(
            BrowserChoice::parse("CHROME").unwrap(),
            BrowserChoice::Kind(BrowserKind::Chrome)
        );
        assert_eq!(
            BrowserChoice::parse("edge").unwrap(),
            BrowserChoice::Kind(BrowserKind::Edge)
        );
    }

    #[cfg(unix)]
    #[test]
    fn parses_an_absolute_path_and_refuses_anything_else() {
        assert_eq!(
            BrowserChoice::parse("/opt/brave/brave").unwrap(),
            BrowserChoice::Command(PathBuf::from("/opt/brave/brave"))
        );
        for bad in ["safari", "bin/firefox", "", "firefox-esr"] {
            let err = BrowserChoice::parse(bad).unwrap_err();
            assert_eq!(
                err,
                ChoiceError::Unknown {
                    given: bad.to_string()
                }
            );
            assert!(err.to_string().contains("auto, firefox, chromium, chrome, edge"));
        }
    }

    #[test]
    fn guesses_the_kind_from_the_file_name() {
        let cases = [
            ("/usr/bin/firefox-esr", BrowserKind::Firefox),
            ("/opt/firefox/firefox", BrowserKind::Firefox),
            ("/usr/bin/chromium-browser", BrowserKind::Chromium),
            ("/usr/bin/google-chrome-stable", BrowserKind::Chrome),
            ("/usr/bin/microsoft-edge", BrowserKind::Edge),
            (
                "C:/Program Files/Microsoft/Edge/Application/msedge.exe",
                BrowserKind::Edge,
            ),
            ("/usr/bin/brave-browser", BrowserKind::Chromium),
        ];
        for (path, kind) in cases {
            assert_eq!(BrowserKind::guess_from_file_name(Path::new(path)), kind, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn auto_prefers_firefox_then_chromium_then_chrome_then_edge() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let path = path_of(&[a.path(), b.path()]);
        assert_eq!(find(&BrowserChoice::Auto, &path), None);

        let edge = fake_exe(a.path(), "microsoft-edge-stable");
        assert_eq!(
            find(&BrowserChoice::Auto, &path),
            Some(Browser {
                kind: BrowserKind::Edge,
                exe: edge
            })
        );
        let chrome = fake_exe(b.path(), "google-chrome");
        assert_eq!(
            find(&BrowserChoice::Auto, &path),
            Some(Browser {
                kind: BrowserKind::Chrome,
                exe: chrome
            })
        );
        let chromium = fake_exe(b.path(), "chromium-browser");
        assert_eq!(
            find(&BrowserChoice::Auto, &path),
            Some(Browser {
                kind: BrowserKind::Chromium,
                exe: chromium
            })
        );
        let firefox = fake_exe(b.path(), "firefox");
        assert_eq!(
            find(&BrowserChoice::Auto, &path),
            Some(Browser {
                kind: BrowserKind::Firefox,
                exe: firefox
            })
        );
        // Within a kind the preferred name wins even in a later directory of the path.
        let esr = fake_exe(b.path(), "firefox-esr");
        fake_exe(a.path(), "firefox");
        assert_eq!(
            find(&BrowserChoice::Auto, &path),
            Some(Browser {
                kind: BrowserKind::Firefox,
                exe: esr
            })
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_kind_finds_only_that_kind() {
        let d = tempfile::tempdir().unwrap();
        let path = path_of(&[d.path()]);
        fake_exe(d.path(), "firefox-esr");
        let choice = BrowserChoice::Kind(BrowserKind::Chromium);
        assert_eq!(find(&choice, &path), None);
        let chromium = fake_exe(d.path(), "chromium");
        assert_eq!(
            find(&choice, &path),
            Some(Browser {
                kind: BrowserKind::Chromium,
                exe: chromium
            })
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_is_not_executable_or_a_directory_is_not_a_browser() {
        let d = tempfile::tempdir().unwrap();
        let path = path_of(&[d.path()]);
        std::fs::write(d.path().join("firefox"), "not executable").unwrap();
        std::fs::create_dir(d.path().join("chromium")).unwrap();
        assert_eq!(find(&BrowserChoice::Auto, &path), None);
        assert_eq!(
            find(&BrowserChoice::Command(d.path().join("firefox")), &path),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_explicit_command_is_used_as_given_with_a_guessed_kind() {
        let d = tempfile::tempdir().unwrap();
        let exe = fake_exe(d.path(), "brave-browser");
        let got = find(&BrowserChoice::Command(exe.clone()), OsStr::new("")).unwrap();
        assert_eq!(
            got,
            Browser {
                kind: BrowserKind::Chromium,
                exe
            }
        );
        assert_eq!(
            find(&BrowserChoice::Command(d.path().join("missing")), OsStr::new("")),
            None
        );
    }
}
