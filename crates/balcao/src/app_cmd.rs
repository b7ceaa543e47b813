//! `balcao` with no subcommand: the counter app, with its two windows.
//!
//! Start-up is deliberately forgiving: with no configuration and no data directory, it creates the
//! directory and starts in demo mode with the built-in catalogue, so the README's run command works on
//! a fresh machine. What cannot be recovered from (an unreadable store, a broken configuration file) is
//! reported once, with the file and what to do, before any window opens.

use anyhow::{Context, Result, bail};
use balcao_app::app::{BalcaoApp, CitizenPlacement, Effects, MEDIATOR_TITLE};
use balcao_app::catalogue_state::CatalogueVersion;
use balcao_app::config::Config;
use balcao_app::error_app::ErrorApp;
use balcao_app::monitor::{Monitor, citizen_monitor};
use balcao_app::state::AppState;
use balcao_config::{ConfigError, Key, Sources};
use balcao_core::text::Lang;
use balcao_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The app's command-line options.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// The configuration files.
    pub sources: Sources,
    /// Flags that override configuration keys.
    pub flags: Vec<(Key, String)>,
    /// Keep both windows ordinary windows.
    pub windowed: bool,
    /// Training mode (`balcao_app::training`).
    pub training: bool,
    /// `glow` or `wgpu`.
    pub renderer: Renderer,
    /// The language for messages shown before the configuration is read.
    pub lang: Lang,
    /// A site catalogue folder layered over the built-in one.
    pub site: Option<PathBuf>,
}

/// The renderer: glow (OpenGL) is the default, measured cheaper without a GPU (see BENCHMARKS.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    /// OpenGL through glow.
    #[default]
    Glow,
    /// wgpu (Vulkan, Metal, DX12 or GL).
    Wgpu,
}

/// The configuration, for commands that read it (the problems themselves are `balcao config check`'s).
pub fn load_config(
    sources: &balcao_config::Sources,
    flags: &[(balcao_config::Key, String)],
) -> Result<balcao_config::Config> {
    balcao_config::load(sources, flags)
        .map(|loaded| loaded.config)
        .map_err(|errors| {
            anyhow::anyhow!(
                "the configuration has {} problems; run `balcao config check`",
                errors.len()
            )
        })
}

/// The counter's database file, as the configuration places it (for commands that read it).
pub fn database_path(
    sources: &balcao_config::Sources,
    flags: &[(balcao_config::Key, String)],
) -> Result<PathBuf> {
    config_database_path(&load_config(sources, flags)?)
}

/// The database file of an already loaded configuration.
pub fn config_database_path(config: &balcao_config::Config) -> Result<PathBuf> {
    let data_dir = match config.data_dir.clone() {
        Some(d) => d,
        None => balcao_config::default_data_dir()
            .context("no home directory to keep Balcão's data in; set data_dir or pass --data-dir DIR")?,
    };
    Ok(data_dir.join("balcao.sqlite3"))
}

/// Runs the app until its windows are closed.
pub fn run(options: AppOptions) -> Result<()> {
    let mut config = match balcao_config::load(&options.sources, &options.flags) {
        Ok(loaded) => loaded.config,
        Err(errors) => return show_config_errors(options.lang, &errors),
    };
    let data_dir = match &config.data_dir {
        Some(d) => d.clone(),
        None => balcao_config::default_data_dir()
            .context("no home directory to keep Balcão's data in; set data_dir or pass --data-dir DIR")?,
    };
    // Training works in a world of its own: its database, documents and receipt series.
    let data_dir = training_data_dir(&data_dir, options.training);
    if options.training {
        balcao_app::training::prepare(&mut config);
    }
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    // Logging helps support but is never a reason not to serve citizens: a failure is said and passed.
    let log_dir = balcao_config::default_log_dir().unwrap_or_else(|| data_dir.join("logs"));
    let _log_guard = match crate::logging::init(&log_dir, config.log_level) {
        Ok(guard) => Some(guard),
        Err(e) => {
            eprintln!("balcao: {e:#}; continuing without log files");
            None
        }
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        spot = %config.spot_code,
        counter = %config.counter,
        central = config.central_url.is_some(),
        renderer = ?options.renderer,
        "Balcão starting"
    );
    let report = balcao_catalogue::load(options.site.as_deref());
    if !report.is_ok() {
        bail!(
            "the catalogue has {} errors; run `balcao catalogue check{}` to see them",
            report.error_count(),
            options
                .site
                .as_deref()
                .map(|s| format!(" --site {}", s.display()))
                .unwrap_or_default()
        );
    }
    let path = data_dir.join("balcao.sqlite3");
    let mut store = match Store::open(&path) {
        Ok(store) => store,
        Err(e) => {
            tracing::error!(error = %e, "the local record cannot be opened");
            return show_store_error(&config, &path, &e);
        }
    };
    // A build that trusts the published demo key must not serve a real central (anyone can sign it a
    // catalogue); demo mode, and a demo central on this machine, keep working.
    let trusts_demo = balcao_sync::catalogue::trusts_demo_key();
    if let Some(url) = store
        .sync_state()
        .ok()
        .and_then(|state| balcao_sync::catalogue::demo_key_refusal(&state, trusts_demo))
    {
        let app = ErrorApp::demo_key(config.lang, &url);
        eprintln!("balcao: {}: {}", app.detail, app.message);
        show_error_window(app);
        bail!("this build trusts the public demo catalogue key but is enrolled with {url}");
    }
    // A newer catalogue received from the central (signature verified) replaces the built-in one, and
    // the ones published while the app runs replace it in turn (`balcao_app::catalogue_update`); a site
    // folder given on the command line keeps the built-in catalogue under it, and follows no update.
    let cached = match options.site {
        None => balcao_sync::cached_accepted(&store),
        Some(_) => None,
    };
    let running = cached.as_ref().map(|c| CatalogueVersion {
        sequence: c.info.sequence,
        version: c.info.version.clone(),
    });
    let catalogue = cached.map_or_else(|| Arc::new(report.catalogue), |c| c.catalogue);
    let mut state = AppState::new(config.clone(), catalogue);
    state.catalogues.follows_central = options.site.is_none();
    // The central is told the catalogue this counter runs, from the first request.
    let in_use = balcao_sync::CatalogueInUse::Running(running.as_ref().map(|v| v.sequence));
    state.catalogues.running = running;
    // The device token lives in the OS keyring; without one the counter still works and the status bar
    // says why nothing is sent.
    if let Err(e) = balcao_sync::use_platform_keyring() {
        tracing::warn!(error = %e, "the OS keyring is not available");
    }
    // The device's audit key signs every entry of the audit trail; it too lives only in the keyring.
    // Without it the counter keeps working and its entries are chained but unsigned, which the central
    // reports.
    let audit_key = match balcao_sync::AuditKeyStore::default().get_or_create() {
        Ok(key) => Some(key),
        Err(e) => {
            tracing::warn!(error = %e, "no device audit key: audit entries will be unsigned");
            None
        }
    };
    if let Err(e) = store.set_audit_key(audit_key.clone()) {
        tracing::error!(error = %e, "the local record cannot be opened");
        return show_store_error(&config, &path, &e);
    }
    // The citizens' identification is sealed in the file with a key that also lives only in the
    // keyring (what was written without one is sealed now); without a keyring it is kept as typed, as
    // before, and the log says so.
    let vault = match balcao_sync::VaultKeyStore::default().get_or_create() {
        Ok(key) => balcao_vault::Vault::from_master(&key)
            .map_err(|e| tracing::warn!(error = %e, "the citizens' data key is unusable"))
            .ok(),
        Err(e) => {
            tracing::warn!(error = %e, "no key for citizens' data: it is kept unsealed on this PC");
            None
        }
    };
    match store.set_vault(vault.clone()) {
        Ok(0) => {}
        Ok(sealed) => tracing::info!(sealed, "citizens' data written without a key is now sealed"),
        Err(e) => {
            tracing::error!(error = %e, "the local record cannot be opened");
            return show_store_error(&config, &path, &e);
        }
    }
    // The citizens' identification is erased when the retention ends, in the background.
    crate::privacy_cmd::spawn(
        path.clone(),
        crate::privacy_cmd::Keys {
            audit: audit_key.clone(),
            vault,
        },
        crate::privacy_cmd::retention(&config),
    );
    // Training starts no sync worker: nothing it records can reach the central server.
    let sync_config = (!options.training).then(|| {
        balcao_sync::WorkerConfig::new(path.clone(), &config.spot_code).map(|mut c| {
            c.audit_key = audit_key;
            c.catalogue_in_use = in_use;
            c
        })
    });
    let training = options.training;

    // On a counter the workbench fills its monitor (title bar included); `--windowed` keeps a fixed size.
    let viewport = egui::ViewportBuilder::default()
        .with_title(MEDIATOR_TITLE)
        .with_app_id("balcao");
    let viewport = viewport
        .with_inner_size([1280.0, 800.0])
        .with_maximized(!options.windowed);
    let native = eframe::NativeOptions {
        viewport,
        renderer: match options.renderer {
            Renderer::Glow => eframe::Renderer::Glow,
            Renderer::Wgpu => eframe::Renderer::Wgpu,
        },
        ..Default::default()
    };
    let windowed = options.windowed;
    // Receipts and closing reports, kept beside the records they document.
    let documents = data_dir.join("documentos");
    let browsers = data_dir.join("navegador");
    let check_dir = data_dir.to_path_buf();
    // "Guardar PDF" puts a copy of a document the printer did not take where the mediator finds it:
    // the user's documents folder (beside the data when there is none).
    let exports = directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(|d| d.join("Balcão")))
        .unwrap_or_else(|| data_dir.join("pdf"));
    eframe::run_native(
        MEDIATOR_TITLE,
        native,
        Box::new(move |cc| {
            let placement = if windowed {
                CitizenPlacement::Window
            } else {
                placement(cc, &config)
            };
            if !windowed {
                // Some window managers ignore the maximised hint at creation; ask again once mapped.
                cc.egui_ctx
                    .send_viewport_cmd(egui::ViewportCommand::Maximized(true));
            }
            // Each attendance's browser profile and downloads live under the data directory, and are
            // deleted at the attendance's end (or at this start, after a crash).
            let (print_failures, refused) = std::sync::mpsc::channel();
            let ctx = cc.egui_ctx.clone();
            let effects = Effects::system(
                documents,
                exports,
                &config.browser,
                browsers,
                &config.printer,
                print_failures,
                Arc::new(move || ctx.request_repaint()),
            );
            // The start-of-day check looks at the monitors as they are now, and at the real machine.
            let monitors = balcao_daycheck::MonitorObs {
                count: cc.winit_window().map_or(0, |w| w.available_monitors().count()),
                citizen_on_own_monitor: matches!(placement, CitizenPlacement::Monitor(_)),
            };
            let setup = balcao_app::daycheck::Setup {
                monitors,
                printer: Some(config.printer.trim().to_owned()).filter(|p| !p.is_empty()),
                data_dir: check_dir,
            };
            let ctx = cc.egui_ctx.clone();
            let checker = balcao_app::daycheck::DayChecker::new(
                Arc::new(balcao_daycheck::SystemProbes),
                setup,
                Arc::new(move || ctx.request_repaint()),
            );
            let mut app = BalcaoApp::new(state, store, placement, effects)
                .with_print_failures(refused)
                .with_relaunch(Box::new(relaunch))
                .with_day_check(checker);
            if training {
                app = app.with_training();
            }
            if let Some(desk) = desk(cc) {
                app = app.with_desk(desk);
            }
            if config.mirror {
                app = app.with_mirror(Arc::new(balcao_app::picture::MirrorFeed::start(
                    &cc.egui_ctx,
                    &config,
                )));
            }
            let ctx = cc.egui_ctx.clone();
            let Some(sync_config) = sync_config else {
                tracing::info!("training mode: no sync worker");
                return Ok(Box::new(app));
            };
            let worker = sync_config
                .and_then(|c| balcao_sync::SyncWorker::start(c, Box::new(move || ctx.request_repaint())));
            Ok(Box::new(match worker {
                Ok(worker) => app.with_sync(worker),
                Err(e) => {
                    tracing::error!(error = %e, "the sync worker could not start");
                    app
                }
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the windows could not be opened: {e}"))
}

/// The configuration has problems: say which, in a window (a kiosk has no terminal) and on standard
/// error, and exit with failure. Starting with part of the configuration ignored could show the wrong
/// spot to citizens or send records nowhere.
fn show_config_errors(lang: Lang, errors: &[ConfigError]) -> Result<()> {
    crate::config_cmd::print_errors(&balcao_i18n::I18n::new(lang), errors);
    let app = ErrorApp::config_invalid(lang, errors);
    show_error_window(app);
    bail!(
        "the configuration has {} problem(s); run `balcao config check`",
        errors.len()
    )
}

fn show_error_window(app: ErrorApp) {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(MEDIATOR_TITLE)
            .with_inner_size([900.0, 360.0]),
        ..Default::default()
    };
    // If even a window cannot be opened, the message on standard error is all there is.
    let _ = eframe::run_native(MEDIATOR_TITLE, native, Box::new(move |_cc| Ok(Box::new(app))));
}

/// The local record cannot be opened: say so in a window (a kiosk has no terminal) and on standard
/// error, and exit with failure once the window is closed. Nothing starts that could lose an attendance.
fn show_store_error(config: &Config, path: &Path, error: &balcao_store::StoreError) -> Result<()> {
    let app = ErrorApp::store_unavailable(config.lang, path, error);
    eprintln!("balcao: {}: {}", app.detail, app.message);
    show_error_window(app);
    bail!("the local record {} could not be opened: {error}", path.display())
}

/// The mediator's monitor as winit reports it, for docking the workbench beside the browser.
fn desk(cc: &eframe::CreationContext<'_>) -> Option<balcao_app::app::Desk> {
    let window = cc.winit_window()?;
    let monitor = window.current_monitor()?;
    let (position, size) = (monitor.position(), monitor.size());
    Some(balcao_app::app::Desk {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
        scale: monitor.scale_factor() as f32,
    })
}

/// Picks the citizen window's monitor from the monitors winit reports.
fn placement(cc: &eframe::CreationContext<'_>, config: &Config) -> CitizenPlacement {
    let Some(window) = cc.winit_window() else {
        return CitizenPlacement::Window;
    };
    let handles: Vec<_> = window.available_monitors().collect();
    let monitors: Vec<Monitor> = handles
        .iter()
        .map(|m| Monitor {
            name: m.name(),
            position: (m.position().x, m.position().y),
        })
        .collect();
    let current = window.current_monitor();
    let mediator = current.and_then(|c| handles.iter().position(|h| *h == c));
    match citizen_monitor(&monitors, mediator, config.citizen_monitor.as_deref()) {
        Some(i) => CitizenPlacement::Monitor(i),
        None => CitizenPlacement::Window,
    }
}

/// Where the app keeps its data: the data directory, or its training folder in training mode (a
/// database, documents and browser profiles of its own).
pub fn training_data_dir(data_dir: &std::path::Path, training: bool) -> PathBuf {
    if training {
        data_dir.join(balcao_app::training::FOLDER)
    } else {
        data_dir.to_path_buf()
    }
}

/// Starts this program again, in training mode or out of it, with the same arguments otherwise; the
/// running one then closes its windows (a supervisor's "Iniciar formação" / "Sair da formação").
fn relaunch(training: bool) {
    let Ok(exe) = std::env::current_exe() else {
        tracing::error!("cannot find this program to restart it");
        return;
    };
    let mut args: Vec<std::ffi::OsString> = std::env::args_os()
        .skip(1)
        .filter(|a| a != "--training")
        .collect();
    if training {
        args.push("--training".into());
    }
    if let Err(e) = std::process::Command::new(exe).args(args).spawn() {
        tracing::error!(error = %e, "could not restart the app");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_keeps_its_data_apart() {
        let dir = std::path::Path::new("/var/lib/balcao");
        assert_eq!(training_data_dir(dir, false), dir);
        assert_eq!(training_data_dir(dir, true), dir.join("formacao"));
    }
}
