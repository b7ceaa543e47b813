//! What the "citizen's rights" panel holds between frames: the number typed, what it found, and
//! whether the erasure waits for its confirmation.

use balcao_core::attendance::Attendance;

/// The identifier a supervisor searched by, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CitizenKey {
    /// A NIF (nine digits).
    Nif(String),
    /// A Citizen Card number (`12345678 9 ZZ1`).
    Card(String),
}

impl CitizenKey {
    /// As printed on the copy and shown in the panel (`NIF 123456789`).
    pub fn shown(&self) -> String {
        match self {
            CitizenKey::Nif(nif) => format!("NIF {nif}"),
            CitizenKey::Card(cc) => format!("CC {cc}"),
        }
    }
}

/// The panel's state (supervisors only).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RightsState {
    /// What is typed in the search field.
    pub query: String,
    /// What was searched last, and the attendances it found (oldest first).
    pub found: Option<(CitizenKey, Vec<Attendance>)>,
    /// The erasure was asked once and waits for its confirmation.
    pub confirm_erase: bool,
}
