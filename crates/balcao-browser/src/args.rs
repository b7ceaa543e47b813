//! The command lines Balcão starts a browser with, as pure functions.
//!
//! Every option here exists for the citizen's privacy or for the mediator's time: the profile is the
//! attendance's own directory (so no cookie, login or form data of another citizen is there); first-run
//! pages, default-browser questions, sync and password saving are off (nothing to dismiss, nothing
//! kept); the window opens where the app wants it. Keeping the lists pure lets the tests pin them
//! exactly, option by option.
//!
//! # Firefox and window placement
//!
//! Firefox takes `-width` and `-height` but has no option for the window's position; the app moves
//! the window itself (through X11) once it appears. Chromium, Chrome and Edge take both.
//!
//! # Opening another URL in the running browser
//!
//! Chromium-family browsers hand a command line naming a running profile (`--user-data-dir`) to the
//! process that owns it, which opens the URL in a new tab; the second process exits at once. Firefox
//! is started with `-no-remote`, which means "do not accept or send remote commands": that is what
//! keeps a citizen's URL from ever landing in another Firefox on the machine (the mediator's own, say)
//! and keeps other programs from driving the citizen's window, but it also means nothing can open a
//! URL in it from outside. [`reuse_args`] says so with [`BrowserError::ReuseUnsupported`], and the
//! app leaves the URL for the mediator to paste.

use crate::error::BrowserError;
use crate::kind::BrowserKind;
use std::ffi::OsString;
use std::path::Path;

/// Where the browser window should appear, in virtual-desktop pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The arguments that start `kind` with its own profile in `profile_dir`, showing `url`.
///
/// Chromium, Chrome and Edge: `--user-data-dir=<dir> --no-first-run --no-default-browser-check
/// --disable-sync --password-store=basic [--window-position=x,y --window-size=w,h] --new-window
/// <url>`. Firefox: `-profile <dir> -no-remote -new-instance [-width w -height h] <url>` (no position:
/// see the module documentation).
pub fn launch_args(
    kind: BrowserKind,
    profile_dir: &Path,
    url: &str,
    placement: Option<Placement>,
) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if kind.is_chromium_family() {
        args.push(user_data_dir(profile_dir));
        args.extend(
            [
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--password-store=basic",
            ]
            .map(OsString::from),
        );
        if let Some(p) = placement {
            args.push(format!("--window-position={},{}", p.x, p.y).into());
            args.push(format!("--window-size={},{}", p.width, p.height).into());
        }
        args.push("--new-window".into());
    } else {
        args.push("-profile".into());
        args.push(profile_dir.as_os_str().to_owned());
        args.push("-no-remote".into());
        args.push("-new-instance".into());
        if let Some(p) = placement {
            args.push("-width".into());
            args.push(p.width.to_string().into());
            args.push("-height".into());
            args.push(p.height.to_string().into());
        }
    }
    args.push(url.into());
    args
}

/// The arguments that open `url` in the browser already running on `profile_dir`:
/// `--user-data-dir=<dir> <url>` for the Chromium family; Firefox cannot
/// ([`BrowserError::ReuseUnsupported`], see the module documentation).
pub fn reuse_args(kind: BrowserKind, profile_dir: &Path, url: &str) -> Result<Vec<OsString>, BrowserError> {
    if kind.is_chromium_family() {
        Ok(vec![user_data_dir(profile_dir), url.into()])
    } else {
        Err(BrowserError::ReuseUnsupported { kind })
    }
}

/// `--user-data-dir=<dir>`, without losing a path that is not UTF-8.
fn user_data_dir(profile_dir: &Path) -> OsString {
    let mut arg = OsString::from("--user-data-dir=");
    arg.push(profile_dir.as_os_str());
    arg
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const URL: &str = "https://www.portaldasfinancas.gov.pt/at/html/index.html";
    const PLACE: Placement = Placement {
        x: 1920,
        y: -10,
        width: 1280,
        height: 1024,
    };

    fn strs(args: &[OsString]) -> Vec<&str> {
        args.iter().map(|a| a.to_str().unwrap()).collect()
    }

    #[test]
    fn chromium_family_with_placement() {
        for kind in [BrowserKind::Chromium, BrowserKind::Chrome, BrowserKind::Edge] {
            let args = launch_args(kind, Path::new("/d/perfil"), URL, Some(PLACE));
            assert_eq!(
                strs(&args),
                [
                    "--user-data-dir=/d/perfil",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-sync",
                    "--password-store=basic",
                    "--window-position=1920,-10",
                    "--window-size=1280,1024",
                    "--new-window",
                    URL,
                ],
                "{kind}"
            );
        }
    }

    #[test]
    fn chromium_without_placement() {
        let args = launch_args(BrowserKind::Chromium, Path::new("/d/perfil"), URL, None);
        assert_eq!(
            strs(&args),
            [
                "--user-data-dir=/d/perfil",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--password-store=basic",
                "--new-window",
                URL,
            ]
        );
    }

    #[test]
    fn firefox_with_and_without_placement() {
        let args = launch_args(BrowserKind::Firefox, Path::new("/d/perfil"), URL, Some(PLACE));
        assert_eq!(
            strs(&args),
            [
                "-profile",
                "/d/perfil",
                "-no-remote",
                "-new-instance",
                "-width",
                "1280",
                "-height",
                "1024",
                URL,
            ]
        );
        let args = launch_args(BrowserKind::Firefox, Path::new("/d/perfil"), URL, None);
        assert_eq!(
            strs(&args),
            ["-profile", "/d/perfil", "-no-remote", "-new-instance", URL]
        );
    }

    #[test]
    fn a_profile_path_with_spaces_stays_one_argument() {
        let args = launch_args(BrowserKind::Edge, Path::new("/a b/perfil"), URL, None);
        assert_eq!(args[0], OsString::from("--user-data-dir=/a b/perfil"));
        let args = launch_args(BrowserKind::Firefox, Path::new("/a b/perfil"), URL, None);
        assert_eq!(args[1], OsString::from("/a b/perfil"));
    }

    #[test]
    fn reuse_opens_a_tab_in_chromium_and_is_refused_for_firefox() {
        for kind in [BrowserKind::Chromium, BrowserKind::Chrome, BrowserKind::Edge] {
            let args = reuse_args(kind, Path::new("/d/perfil"), URL).unwrap();
            assert_eq!(strs(&args), ["--user-data-dir=/d/perfil", URL]);
        }
        let err = reuse_args(BrowserKind::Firefox, Path::new("/d/perfil"), URL).unwrap_err();
        assert!(matches!(
            err,
            BrowserError::ReuseUnsupported {
                kind: BrowserKind::Firefox
            }
        ));
    }
}
