//! One attendance at the counter: a citizen, one or more services, and what became of each.
//!
//! An attendance is the unit the agency counts (over a million a year across the network). It has one or
//! more *service lines*; each line ends with an [`Outcome`]: the service was concluded, is pending on
//! something (a document, the entity's reply), was referred to another entity, or could not be done (and
//! why). These rules live here, not in the UI, so the counter app, the central server and the statistics
//! agree on what a finished attendance is.
//!
//! Timestamps are UTC milliseconds since the Unix epoch ([`UtcMillis`]): the core reads no clock, so
//! callers pass the time in and tests are deterministic; [`crate::time`] reads them on a spot's clock.

use crate::message::Localized;
use serde::{Deserialize, Serialize};

/// A point in time, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UtcMillis(pub i64);

/// Who made a record: every attendance carries the spot, the counter and the mediator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The Espaço do Cidadão's code.
    pub spot: String,
    /// The counter (workstation) within the spot.
    pub counter: String,
    /// The mediator on duty.
    pub mediator: String,
}

/// What became of one service line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// *Concluído*: the service was completed.
    Concluido,
    /// *Pendente*: completion awaits something (a document, the entity's decision).
    Pendente {
        /// What is awaited.
        awaiting: String,
    },
    /// *Encaminhado*: the citizen was referred to another entity.
    Encaminhado {
        /// To whom (an entity id of the catalogue, or a free description such as a local office).
        to: String,
    },
    /// *Não foi possível*: the service could not be done.
    NaoFoiPossivel {
        /// Why.
        reason: String,
    },
}

impl Outcome {
    /// The outcome's slug, stable across versions (records and statistics use it).
    pub fn slug(&self) -> &'static str {
        match self {
            Outcome::Concluido => "concluido",
            Outcome::Pendente { .. } => "pendente",
            Outcome::Encaminhado { .. } => "encaminhado",
            Outcome::NaoFoiPossivel { .. } => "nao-foi-possivel",
        }
    }

    /// Checks that an outcome that needs an explanation has one.
    pub fn validate(&self) -> Result<(), AttendanceError> {
        let missing = match self {
            Outcome::Concluido => false,
            Outcome::Pendente { awaiting } => awaiting.trim().is_empty(),
            Outcome::Encaminhado { to } => to.trim().is_empty(),
            Outcome::NaoFoiPossivel { reason } => reason.trim().is_empty(),
        };
        if missing {
            Err(AttendanceError::OutcomeNeedsDetail { outcome: self.slug() })
        } else {
            Ok(())
        }
    }
}

/// One service handled within an attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    /// The catalogue id of the service.
    pub service_id: String,
    /// When the mediator added it.
    pub started_at: UtcMillis,
    /// When its outcome was set.
    pub ended_at: Option<UtcMillis>,
    /// The step of the guião the mediator is on (0-based).
    pub current_step: usize,
    /// Indexes of the required documents checked as present.
    pub documents_checked: Vec<usize>,
    /// The outcome, once set.
    pub outcome: Option<Outcome>,
    /// Free notes of the mediator.
    pub notes: String,
}

impl ServiceLine {
    /// A new line for `service_id`, started at `now`.
    pub fn new(service_id: impl Into<String>, now: UtcMillis) -> Self {
        Self {
            service_id: service_id.into(),
            started_at: now,
            ended_at: None,
            current_step: 0,
            documents_checked: Vec::new(),
            outcome: None,
            notes: String::new(),
        }
    }
}

/// The citizen's identification, all optional: many services need none, and the citizen may decline.
///
/// Its `Debug` form says which fields are present but never their values, so an attendance printed
/// into a log line or a panic message cannot leak a name, a NIF or a card number.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citizen {
    /// Full name.
    pub name: Option<String>,
    /// Número de Identificação Fiscal.
    pub nif: Option<String>,
    /// Cartão de Cidadão document number.
    pub cc_number: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

impl std::fmt::Debug for Citizen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |v: &Option<String>| if v.is_some() { "<given>" } else { "<none>" };
        f.debug_struct("Citizen")
            .field("name", &format_args!("{}", shown(&self.name)))
            .field("nif", &format_args!("{}", shown(&self.nif)))
            .field("cc_number", &format_args!("{}", shown(&self.cc_number)))
            .field("phone", &format_args!("{}", shown(&self.phone)))
            .field("email", &format_args!("{}", shown(&self.email)))
            .finish()
    }
}

/// How the citizen screen's live picture of the browser was used during an attendance: counts and
/// seconds, never a picture. The coordination reads it to see that the double screen is really used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorUsage {
    /// Seconds the citizen saw the browser live.
    pub live_seconds: u32,
    /// Seconds the picture was paused (a secret typed, the mediator's pause key, the browser minimised).
    pub paused_seconds: u32,
    /// How many times it was paused.
    pub pauses: u32,
}

/// One attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// A client-generated, globally unique id.
    pub id: String,
    /// Who made it.
    pub origin: Origin,
    /// When it started.
    pub started_at: UtcMillis,
    /// When it ended; `None` while open.
    pub ended_at: Option<UtcMillis>,
    /// The citizen, if identified.
    pub citizen: Option<Citizen>,
    /// The services handled, in the order they were added.
    pub lines: Vec<ServiceLine>,
    /// Free notes on the whole attendance.
    pub notes: String,
}

impl Attendance {
    /// A new open attendance.
    pub fn new(id: impl Into<String>, origin: Origin, now: UtcMillis) -> Self {
        Self {
            id: id.into(),
            origin,
            started_at: now,
            ended_at: None,
            citizen: None,
            lines: Vec::new(),
            notes: String::new(),
        }
    }

    /// Whether the attendance is still open.
    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }

    /// Adds a service line; the same service may be handled twice (two certificates, two citizens'
    /// documents), so duplicates are allowed.
    pub fn add_service(
        &mut self,
        service_id: impl Into<String>,
        now: UtcMillis,
    ) -> Result<usize, AttendanceError> {
        self.ensure_open()?;
        self.lines.push(ServiceLine::new(service_id, now));
        Ok(self.lines.len() - 1)
    }

    /// Sets the outcome of line `index`.
    pub fn set_outcome(
        &mut self,
        index: usize,
        outcome: Outcome,
        now: UtcMillis,
    ) -> Result<(), AttendanceError> {
        self.ensure_open()?;
        outcome.validate()?;
        let line = self
            .lines
            .get_mut(index)
            .ok_or(AttendanceError::NoSuchLine { index })?;
        line.outcome = Some(outcome);
        line.ended_at = Some(now);
        Ok(())
    }

    /// Ends the attendance: it needs at least one service line, and every line needs an outcome.
    pub fn end(&mut self, now: UtcMillis) -> Result<(), AttendanceError> {
        self.ensure_open()?;
        if self.lines.is_empty() {
            return Err(AttendanceError::NoServices);
        }
        if let Some(index) = self.lines.iter().position(|l| l.outcome.is_none()) {
            return Err(AttendanceError::LineWithoutOutcome { index });
        }
        if now < self.started_at {
            return Err(AttendanceError::EndsBeforeStart);
        }
        self.ended_at = Some(now);
        Ok(())
    }

    fn ensure_open(&self) -> Result<(), AttendanceError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AttendanceError::AlreadyEnded)
        }
    }
}

/// Why an attendance operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceError {
    /// The attendance has ended and can no longer change.
    AlreadyEnded,
    /// An attendance must handle at least one service before it ends.
    NoServices,
    /// A service line has no outcome yet.
    LineWithoutOutcome {
        /// The line, 0-based.
        index: usize,
    },
    /// No service line has that index.
    NoSuchLine {
        /// The index asked for.
        index: usize,
    },
    /// Pendente, encaminhado and não foi possível need what, to whom, or why.
    OutcomeNeedsDetail {
        /// The outcome's slug.
        outcome: &'static str,
    },
    /// The end time is before the start time (a clock set back).
    EndsBeforeStart,
}

impl Localized for AttendanceError {
    fn message_id(&self) -> &'static str {
        match self {
            AttendanceError::AlreadyEnded => "attendance-already-ended",
            AttendanceError::NoServices => "attendance-no-services",
            AttendanceError::LineWithoutOutcome { .. } => "attendance-line-without-outcome",
            AttendanceError::NoSuchLine { .. } => "attendance-no-such-line",
            AttendanceError::OutcomeNeedsDetail { .. } => "attendance-outcome-needs-detail",
            AttendanceError::EndsBeforeStart => "attendance-ends-before-start",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            AttendanceError::LineWithoutOutcome { index } | AttendanceError::NoSuchLine { index } => {
                vec![("line", (index + 1).to_string())]
            }
            AttendanceError::OutcomeNeedsDetail { outcome } => vec![("outcome", (*outcome).to_string())],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            spot: "EC-0001".into(),
            counter: "1".into(),
            mediator: "ana".into(),
        }
    }

    #[test]
    fn a_citizen_debug_form_never_shows_the_values() {
        let c = Citizen {
            name: Some("Maria Gonçalves".into()),
            nif: Some("123456789".into()),
            ..Citizen::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("Maria") && !shown.contains("123456789"),
            "{shown}"
        );
        assert!(
            shown.contains("nif: <given>") && shown.contains("email: <none>"),
            "{shown}"
        );
    }

    #[test]
    fn an_attendance_ends_only_when_every_line_has_an_outcome() {
        let mut a = Attendance::new("a1", origin(), UtcMillis(1_000));
        assert_eq!(a.end(UtcMillis(2_000)), Err(AttendanceError::NoServices));
        a.add_service("imt-revalidar-carta-conducao", UtcMillis(1_100))
            .unwrap();
        a.add_service("irn-alterar-morada-cartao-cidadao", UtcMillis(1_200))
            .unwrap();
        a.set_outcome(0, Outcome::Concluido, UtcMillis(1_500)).unwrap();
        assert_eq!(
            a.end(UtcMillis(2_000)),
            Err(AttendanceError::LineWithoutOutcome { index: 1 })
        );
        a.set_outcome(
            1,
            Outcome::Pendente {
                awaiting: "Código de alteração de morada".into(),
            },
            UtcMillis(1_600),
        )
        .unwrap();
        a.end(UtcMillis(2_000)).unwrap();
        assert!(!a.is_open());
        assert_eq!(
            a.add_service("x", UtcMillis(3_000)),
            Err(AttendanceError::AlreadyEnded)
        );
    }

    #[test]
    fn outcomes_that_need_a_detail_refuse_blank_ones() {
        let mut a = Attendance::new("a1", origin(), UtcMillis(0));
        a.add_service("s", UtcMillis(0)).unwrap();
        for outcome in [
            Outcome::Pendente { awaiting: " ".into() },
            Outcome::Encaminhado { to: String::new() },
            Outcome::NaoFoiPossivel { reason: "\t".into() },
        ] {
            let slug = outcome.slug();
            assert_eq!(
                a.set_outcome(0, outcome, UtcMillis(1)),
                Err(AttendanceError::OutcomeNeedsDetail { outcome: slug })
            );
        }
        assert_eq!(
            a.set_outcome(3, Outcome::Concluido, UtcMillis(1)),
            Err(AttendanceError::NoSuchLine { index: 3 })
        );
    }

    #[test]
    fn a_clock_set_back_cannot_end_before_the_start() {
        let mut a = Attendance::new("a1", origin(), UtcMillis(5_000));
        a.add_service("s", UtcMillis(5_000)).unwrap();
        a.set_outcome(0, Outcome::Concluido, UtcMillis(5_001)).unwrap();
        assert_eq!(a.end(UtcMillis(4_000)), Err(AttendanceError::EndsBeforeStart));
    }
}
