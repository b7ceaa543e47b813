//! Which service catalogue the counter runs, and a newer one waiting for the attendance in progress to
//! end. Plain data; `crate::catalogue_update` decides when a newer catalogue is used.

use balcao_core::catalogue::Catalogue;
use balcao_search::Index;
use std::sync::Arc;

/// A catalogue bundle from the central: its sequence and version name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueVersion {
    /// Increases with every bundle the central signs; the central is told the one in use.
    pub sequence: i64,
    /// The version name the mediator reads (`2026.11.1`).
    pub version: String,
}

/// A newer catalogue, checked and indexed, ready to be used.
#[derive(Debug, Clone)]
pub struct ReadyCatalogue {
    /// Which bundle it is.
    pub version: CatalogueVersion,
    /// The catalogue.
    pub catalogue: Arc<Catalogue>,
    /// Its search index (built off the UI thread).
    pub index: Arc<Index>,
}

/// The catalogue's part of the state.
#[derive(Debug, Clone)]
pub struct CatalogueState {
    /// The bundle the counter runs; `None` for the catalogue built into the program (or a site folder).
    pub running: Option<CatalogueVersion>,
    /// Whether catalogues published by the central replace the running one (not when a site folder
    /// was given at start: the site's catalogue is the one to run).
    pub follows_central: bool,
    /// A newer catalogue that arrived during an attendance (or its end screen): used when no
    /// attendance is open any more.
    pub pending: Option<ReadyCatalogue>,
}

impl Default for CatalogueState {
    fn default() -> Self {
        CatalogueState {
            running: None,
            follows_central: true,
            pending: None,
        }
    }
}

impl CatalogueState {
    /// The sequence of the bundle in use, as the central is told (`None`: the built-in catalogue).
    pub fn running_sequence(&self) -> Option<i64> {
        self.running.as_ref().map(|v| v.sequence)
    }
}
