//! What each command is, apart from what it does: whether it is a mere keystroke (not logged, nothing
//! to sync), which permission of the role table it needs, and its name for the log.

use super::Command;

impl Command {
    /// A keystroke in a field, or a look at the downloads folder: it changes only the state (typed
    /// text is saved later, by another command), so it writes nothing, is not logged, and gives the
    /// sync worker nothing to send.
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            Command::SetField(..)
                | Command::SetNotes(_)
                | Command::SetConfidential(_)
                | Command::SetQuery(_)
                | Command::RefreshDownloads
                | Command::NewDay
                | Command::SetLoginField(..)
                | Command::SetRightsQuery(_)
        )
    }

    /// What the person at the counter must be allowed to do for this command (`None`: anyone, even
    /// logged out: searching, the language, the banner, the login itself).
    pub fn permission(&self) -> Option<balcao_accounts::Permission> {
        use balcao_accounts::Permission as P;
        match self {
            Command::StartAttendance
            | Command::AddService(_)
            | Command::SelectLine(_)
            | Command::SetField(..)
            | Command::SetConsent(_)
            | Command::SaveCitizen
            | Command::NextStep
            | Command::PrevStep
            | Command::ToggleDocument(_)
            | Command::SetOutcome(..)
            | Command::SetPending(..)
            | Command::ReturnFor(_)
            | Command::CloseFollowUp(..)
            | Command::SetNotes(_)
            | Command::SaveNotes
            | Command::SetConfidential(_)
            | Command::EndAttendance
            | Command::NextCitizen
            | Command::OpenService(_)
            | Command::ToggleMirrorPause
            | Command::RefreshDownloads
            | Command::PrintDownload(_)
            | Command::StartExercise(_) => Some(P::Attend),
            Command::SwitchTraining => Some(P::Training),
            Command::OpenCash(_)
            | Command::RecordPayment(..)
            | Command::ReprintReceipt(_)
            | Command::PrintAgain
            | Command::SavePdf
            | Command::CloseCash(_) => Some(P::Till),
            Command::CancelPayment(..) => Some(P::CancelReceipt),
            Command::Enroll(..) => Some(P::Enrol),
            Command::UnlockAccount(_) => Some(P::UnlockAccount),
            Command::SetRightsQuery(_)
            | Command::FindCitizen
            | Command::PrintCitizenCopy
            | Command::EraseCitizen => Some(P::CitizenRights),
            Command::SetQuery(_)
            | Command::SetLang(_)
            | Command::DismissBanner
            | Command::SyncNow
            | Command::RunDayCheck
            | Command::ToggleDayCheck
            | Command::NewDay
            | Command::SetLoginField(..)
            | Command::Login
            | Command::Activate
            | Command::Lock
            | Command::Logout => None,
        }
    }

    /// The command's name without its payload, for the log.
    pub fn kind(&self) -> &'static str {
        match self {
            Command::StartAttendance => "start-attendance",
            Command::SetQuery(_) => "set-query",
            Command::AddService(_) => "add-service",
            Command::SelectLine(_) => "select-line",
            Command::SetField(..) => "set-field",
            Command::SetConsent(_) => "set-consent",
            Command::SaveCitizen => "save-citizen",
            Command::NextStep => "next-step",
            Command::PrevStep => "prev-step",
            Command::ToggleDocument(_) => "toggle-document",
            Command::SetOutcome(..) => "set-outcome",
            Command::SetPending(..) => "set-pending",
            Command::ReturnFor(_) => "return-for",
            Command::CloseFollowUp(..) => "close-follow-up",
            Command::RunDayCheck => "run-day-check",
            Command::ToggleDayCheck => "toggle-day-check",
            Command::SetNotes(_) => "set-notes",
            Command::SaveNotes => "save-notes",
            Command::SetConfidential(_) => "set-confidential",
            Command::EndAttendance => "end-attendance",
            Command::NextCitizen => "next-citizen",
            Command::SetLang(_) => "set-lang",
            Command::OpenService(_) => "open-service",
            Command::DismissBanner => "dismiss-banner",
            Command::OpenCash(_) => "open-cash",
            Command::RecordPayment(..) => "record-payment",
            Command::CancelPayment(..) => "cancel-payment",
            Command::ReprintReceipt(_) => "reprint-receipt",
            Command::CloseCash(_) => "close-cash",
            Command::Enroll(..) => "enroll",
            Command::SyncNow => "sync-now",
            Command::ToggleMirrorPause => "toggle-mirror-pause",
            Command::RefreshDownloads => "refresh-downloads",
            Command::NewDay => "new-day",
            Command::PrintAgain => "print-again",
            Command::PrintDownload(_) => "print-download",
            Command::SetLoginField(..) => "set-login-field",
            Command::Login => "login",
            Command::Activate => "activate",
            Command::Lock => "lock",
            Command::Logout => "logout",
            Command::UnlockAccount(_) => "unlock-account",
            Command::SetRightsQuery(_) => "set-rights-query",
            Command::FindCitizen => "find-citizen",
            Command::PrintCitizenCopy => "print-citizen-copy",
            Command::EraseCitizen => "erase-citizen",
            Command::SavePdf => "save-pdf",
            Command::StartExercise(_) => "start-exercise",
            Command::SwitchTraining => "switch-training",
        }
    }
}
