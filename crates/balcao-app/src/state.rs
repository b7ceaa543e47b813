//! The app's state: one value that both windows are drawn from.
//!
//! The mediator window reads it and emits [`crate::command::Command`]s; only
//! [`crate::command::apply`] changes it, in `App::logic`, so every change has one place where it is
//! persisted and mirrored. The citizen window never sees this struct: it gets a
//! [`crate::view::CitizenView`] derived from it, which has no field for what must stay private.

use crate::config::Config;
use balcao_core::attendance::Attendance;
use balcao_core::catalogue::Catalogue;
use balcao_core::text::Lang;
use balcao_search::Index;
use std::sync::Arc;

/// Which identification field a form value or error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitizenField {
    /// Full name.
    Name,
    /// NIF.
    Nif,
    /// Cartão de Cidadão number.
    CcNumber,
    /// Phone.
    Phone,
    /// E-mail.
    Email,
}

impl CitizenField {
    /// Every field, in form order.
    pub const ALL: [CitizenField; 5] = [
        CitizenField::Name,
        CitizenField::Nif,
        CitizenField::CcNumber,
        CitizenField::Phone,
        CitizenField::Email,
    ];

    /// The message id of the field's label.
    pub fn label_id(self) -> &'static str {
        match self {
            CitizenField::Name => "app-field-name",
            CitizenField::Nif => "app-field-nif",
            CitizenField::CcNumber => "app-field-cc",
            CitizenField::Phone => "app-field-phone",
            CitizenField::Email => "app-field-email",
        }
    }
}

/// The identification form as typed, with the validators' verdicts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CitizenForm {
    /// The text of each field, in [`CitizenField::ALL`] order.
    pub values: [String; 5],
    /// The translated error of each field, if its value was refused.
    pub errors: [Option<String>; 5],
    /// Whether the citizen agreed to give these data (the consent note was read to them).
    pub consent: bool,
}

impl CitizenForm {
    /// The value of a field.
    pub fn value(&self, field: CitizenField) -> &str {
        self.values.get(field as usize).map(String::as_str).unwrap_or("")
    }

    /// The error of a field.
    pub fn error(&self, field: CitizenField) -> Option<&str> {
        self.errors.get(field as usize).and_then(|e| e.as_deref())
    }
}

/// A message for the mediator at the top of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Whether it reports a failure (red) or information.
    pub error: bool,
    /// The translated text.
    pub text: String,
}

/// What the citizen screen shows after an attendance ends, until the next one starts: no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// The attendance id.
    pub attendance_id: String,
    /// The survey's token in the QR: 128 random bits made at the end, kept nowhere with the
    /// attendance and never sent with its records, so an answer cannot be linked to the citizen.
    pub survey_token: String,
    /// The services handled and their outcomes.
    pub attendance: Attendance,
}

/// Everything the app knows.
#[derive(Debug)]
pub struct AppState {
    /// The counter's configuration.
    pub config: Config,
    /// The language of both windows (the mediator switches it for a foreign citizen).
    pub lang: Lang,
    /// The catalogue in use.
    pub catalogue: Arc<Catalogue>,
    /// Its search index.
    pub index: Arc<Index>,
    /// Which bundle the catalogue in use is, and a newer one waiting for the attendance to end.
    pub catalogues: crate::catalogue_state::CatalogueState,
    /// The search box's text.
    pub query: String,
    /// Indexes into `catalogue.services` of the current results.
    pub results: Vec<usize>,
    /// The attendance in progress, if any.
    pub attendance: Option<Attendance>,
    /// The service line the mediator is working on.
    pub selected_line: usize,
    /// The identification form.
    pub form: CitizenForm,
    /// The attendance's free notes, as typed (saved when the mediator moves on).
    pub notes: String,
    /// A confidential code the mediator may need to type (an SMS code, a certificate access code). It
    /// is never saved, never mirrored, and cleared when the attendance ends.
    pub confidential: String,
    /// Today's attendances, most recent first.
    pub today: Vec<Attendance>,
    /// The last attendance's end screen for the citizen.
    pub finished: Option<Finished>,
    /// A message for the mediator.
    pub banner: Option<Banner>,
    /// The counter's cash session and its payments.
    pub cash: crate::cash_state::CashState,
    /// The sync worker's last status (`None` when the app runs without one, as in tests and demos
    /// without a store file). Shown in the mediator's status bar only, never on the citizen window.
    pub sync: Option<balcao_sync::SyncStatus>,
    /// The records the central refused, as kept in the local quarantine (kind, id, reason: no payload).
    pub quarantine: Vec<balcao_store::sync::QuarantinedRecord>,
    /// The live mirror of the browser: the pause key, and what the capture worker sees.
    pub mirror: crate::mirror::MirrorState,
    /// How long the mirror was live and paused in the attendance in progress.
    pub mirror_tally: crate::mirror::MirrorTally,
    /// The browser Balcão started for the attendance in progress, by process id (its windows are the
    /// ones to mirror first).
    pub browser_pid: Option<u32>,
    /// The finished downloads of the attendance's browser, to print or hand over before they are
    /// deleted with its profile at the end.
    pub downloads: Vec<Download>,
    /// The mediator was told that ending deletes downloads never printed; the next end goes ahead.
    pub end_warned: bool,
    /// Who is working at the counter (`crate::session`).
    pub session: crate::session_state::Session,
    /// The login screen as typed.
    pub login: crate::session_state::LoginForm,
    /// The accounts locked out on this counter by failed logins, as (login, name), offered to a
    /// supervisor to unlock; read again after every login verdict and every unlock.
    pub locked_out: Vec<(String, String)>,
    /// The citizen's-rights panel (supervisors).
    pub rights: crate::rights_state::RightsState,
    /// Training mode (`crate::training`): nothing done here counts.
    pub training: bool,
    /// A supervisor asked to switch into (or out of) training mode; the app restarts so.
    pub switch_training: bool,
    /// Whether this program can restart itself into (or out of) training mode.
    pub can_switch_training: bool,
    /// A document the printer refused after it was sent (the banner says why and offers to send it
    /// again); the file itself is kept in the documents folder.
    pub print_failed: Option<std::path::PathBuf>,
    /// The follow-ups still awaited (`crate::followup`), earliest due first.
    pub followups: Vec<balcao_store::followup::FollowUpItem>,
    /// The spot's day when the lists were last read (the follow-ups' due days are against it).
    pub day: Option<balcao_core::followup::Day>,
    /// The start-of-day check (`crate::daycheck`): the last report, and whether one is running.
    pub day_check: crate::daycheck_state::DayCheckState,
}

/// A file the mediator downloaded in the attendance's browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// Where it is (in the attendance's own downloads folder).
    pub path: std::path::PathBuf,
    /// Whether it was sent to the printer in this attendance.
    pub printed: bool,
}

impl Download {
    /// The file's name, for people.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

impl AppState {
    /// Who and where records are made: the configured spot and counter, and the account working
    /// (the configured mediator's name only on a counter without accounts, in demo mode).
    pub fn origin(&self) -> balcao_core::attendance::Origin {
        balcao_core::attendance::Origin {
            spot: self.config.spot_code.clone(),
            counter: self.config.counter.clone(),
            mediator: self
                .session
                .account()
                .map_or_else(|| self.config.mediator.clone(), |a| a.id.clone()),
        }
    }

    /// The step the mediator is on in the selected service line, if a service is being handled.
    pub fn current_step(&self) -> Option<&balcao_core::catalogue::Step> {
        let line = self.attendance.as_ref()?.lines.get(self.selected_line)?;
        let steps = &self.catalogue.service(&line.service_id)?.steps;
        steps.get(line.current_step.min(steps.len().checked_sub(1)?))
    }

    /// Forgets the attendance in progress and everything typed for it.
    pub fn clear_attendance(&mut self) {
        self.attendance = None;
        self.downloads.clear();
        self.end_warned = false;
        self.mirror_tally = Default::default();
        self.mirror.paused_by_mediator = false;
        self.browser_pid = None;
        self.selected_line = 0;
        self.form = Default::default();
        self.notes.clear();
        self.confidential.clear();
    }

    /// A state with nothing in progress.
    pub fn new(config: Config, catalogue: Arc<Catalogue>) -> Self {
        let index = Arc::new(Index::new(&catalogue));
        AppState {
            lang: config.lang,
            config,
            catalogue,
            index,
            catalogues: Default::default(),
            query: String::new(),
            results: Vec::new(),
            attendance: None,
            selected_line: 0,
            form: CitizenForm::default(),
            notes: String::new(),
            confidential: String::new(),
            today: Vec::new(),
            finished: None,
            banner: None,
            cash: crate::cash_state::CashState::default(),
            sync: None,
            quarantine: Vec::new(),
            mirror: Default::default(),
            mirror_tally: Default::default(),
            browser_pid: None,
            downloads: Vec::new(),
            end_warned: false,
            session: crate::session_state::Session::Open,
            login: crate::session_state::LoginForm::default(),
            locked_out: Vec::new(),
            rights: Default::default(),
            training: false,
            switch_training: false,
            can_switch_training: false,
            print_failed: None,
            followups: Vec::new(),
            day: None,
            day_check: Default::default(),
        }
    }
}
