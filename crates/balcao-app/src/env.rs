//! What applying a command needs besides the state: the store, the clock, the translations, the
//! browser, the printer and the sync worker.
//!
//! It lives apart from [`crate::command`] so that the modules commands call ([`crate::cash`],
//! [`crate::session`]) depend on it and on [`crate::state`] without depending on `command`, which
//! depends on them: the dependencies between the app's modules go one way.

use balcao_core::attendance::UtcMillis;
use balcao_i18n::I18n;
use balcao_store::Store;

/// What [`crate::command::apply`] needs besides the state: the store, the clock, the translations, the browser.
pub struct Env<'a> {
    /// The local store.
    pub store: &'a mut Store,
    /// Now, in UTC.
    pub now: UtcMillis,
    /// Translations of the state's language.
    pub i18n: &'a I18n,
    /// Opens and closes the attendance's browser (tests record it instead).
    pub browser: &'a mut dyn crate::browser::BrowserControl,
    /// Where the browser goes on the mediator's monitor (beside the docked workbench), if known.
    pub browser_placement: Option<crate::browser::Placement>,
    /// Sends a PDF to the printer (tests record it instead).
    pub print: &'a mut dyn FnMut(&std::path::Path) -> Result<(), String>,
    /// Where documents (receipts, closing reports) are written.
    pub documents: &'a std::path::Path,
    /// Where "Guardar PDF" copies a document the printer did not take (the user's documents folder).
    pub exports: &'a std::path::Path,
    /// The sync worker, when the app runs with one.
    pub sync: Option<&'a balcao_sync::SyncWorker>,
}
