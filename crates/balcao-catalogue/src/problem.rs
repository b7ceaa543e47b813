//! What the checker can find wrong in a catalogue, and where.
//!
//! A [`Diagnostic`] is one problem at one place (`path:line:column`), either an error (the catalogue
//! must not be published, and `balcao catalogue check` exits non-zero) or a warning (worth fixing, not
//! blocking). The problem itself is a [`Problem`] value with a message id and arguments, so the editor
//! reads it in Portuguese or English through the translation layer, like every other sentence of Balcão.

use balcao_core::message::Localized;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth fixing, but the catalogue can still be used.
    Warning,
    /// The catalogue must not be published with it.
    Error,
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it (or `catalogue/…` for the embedded catalogue).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub problem: Problem,
}

/// Everything the checker knows how to complain about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file or folder could not be read.
    Unreadable {
        /// The operating system's explanation.
        detail: String,
    },
    /// A required file or folder is missing.
    MissingFile {
        /// Its name, relative to the catalogue folder.
        name: String,
    },
    /// The TOML is malformed, a key is unknown or a value has the wrong type (the TOML library's text).
    Syntax {
        /// The library's explanation (English).
        detail: String,
    },
    /// A required key is absent.
    MissingField {
        /// The key.
        field: String,
    },
    /// A text has no Portuguese version.
    MissingPortuguese {
        /// The key of the text.
        field: String,
    },
    /// A text has no English version.
    MissingEnglish {
        /// The key of the text.
        field: String,
    },
    /// An id is not a slug (lower-case letters, digits, hyphens).
    InvalidId {
        /// The id.
        id: String,
    },
    /// An id is defined twice.
    DuplicateId {
        /// `service`, `entity` or `category`.
        kind: &'static str,
        /// The id.
        id: String,
        /// Where it was first defined, `path:line:column`.
        first: String,
    },
    /// An entity file's name does not match the entity id.
    EntityFileName {
        /// The entity id.
        id: String,
    },
    /// A service id does not start with its entity's id.
    ServiceIdPrefix {
        /// The service id.
        id: String,
        /// The entity id.
        entity: String,
    },
    /// A file names an entity that no file defines.
    UnknownEntity {
        /// The entity id.
        id: String,
    },
    /// An entity file has neither `[entity]` nor `extends`.
    NoEntity,
    /// An entity file has both `[entity]` and `extends`.
    EntityAndExtends,
    /// A service names a category that `categories.toml` does not define.
    UnknownCategory {
        /// The category id.
        id: String,
    },
    /// A URL does not use https.
    NotHttps {
        /// The URL.
        url: String,
    },
    /// A URL is malformed.
    InvalidUrl {
        /// The URL.
        url: String,
    },
    /// A fee is negative.
    NegativeFee {
        /// The amount found, in cents.
        cents: i64,
    },
    /// A fee is implausibly high for a counter (over 10 000 €).
    HugeFee {
        /// The amount found, in cents.
        cents: i64,
    },
    /// Two fees of a service share a variant.
    DuplicateFeeVariant {
        /// The variant.
        variant: String,
    },
    /// A service has fewer than three steps.
    TooFewSteps {
        /// How many it has.
        count: usize,
    },
    /// A step has no mediator text.
    StepWithoutMediatorText {
        /// The step, 1-based.
        step: usize,
    },
    /// A step has no citizen text.
    StepWithoutCitizenText {
        /// The step, 1-based.
        step: usize,
    },
    /// An eligibility question has no `proceed_if`.
    QuestionWithoutAnswer,
    /// The duration is outside 1–240 minutes.
    DurationOutOfRange {
        /// The value found.
        minutes: i64,
    },
    /// The result time is outside 1–365 days.
    ResultDaysOutOfRange {
        /// The value found.
        days: i64,
    },
    /// A list that must not be empty is empty.
    EmptyList {
        /// The key.
        field: String,
    },
    /// A text is placeholder rather than content.
    Placeholder {
        /// The offending text (shortened).
        text: String,
    },
    /// A date is not `YYYY-MM-DD`.
    BadDate {
        /// The value found.
        date: String,
    },
    /// An entity has no service.
    EntityWithoutServices {
        /// The entity id.
        id: String,
    },
    /// The same fact is listed twice in `unconfirmed`.
    DuplicateUnconfirmed {
        /// The fact's slug.
        fact: &'static str,
    },
    /// A synonym entry holds more than one word.
    SynonymNotOneWord {
        /// The entry.
        word: String,
    },
    /// A file in the catalogue folder is not part of the format.
    UnexpectedFile,
    /// The service needs authentication but no step is marked `sensitive`: the step where the citizen
    /// types the PIN or password would be mirrored on the citizen window like any other.
    NoSensitiveStep,
}

impl Problem {
    /// The severity this problem always has.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::MissingEnglish { .. }
            | Problem::HugeFee { .. }
            | Problem::EntityWithoutServices { .. }
            | Problem::DuplicateUnconfirmed { .. }
            | Problem::SynonymNotOneWord { .. }
            | Problem::UnexpectedFile
            | Problem::NoSensitiveStep => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Localized for Problem {
    fn message_id(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "catalogue-unreadable",
            Problem::MissingFile { .. } => "catalogue-missing-file",
            Problem::Syntax { .. } => "catalogue-syntax",
            Problem::MissingField { .. } => "catalogue-missing-field",
            Problem::MissingPortuguese { .. } => "catalogue-missing-pt",
            Problem::MissingEnglish { .. } => "catalogue-missing-en",
            Problem::InvalidId { .. } => "catalogue-invalid-id",
            Problem::DuplicateId { .. } => "catalogue-duplicate-id",
            Problem::EntityFileName { .. } => "catalogue-entity-file-name",
            Problem::ServiceIdPrefix { .. } => "catalogue-service-id-prefix",
            Problem::UnknownEntity { .. } => "catalogue-unknown-entity",
            Problem::NoEntity => "catalogue-no-entity",
            Problem::EntityAndExtends => "catalogue-entity-and-extends",
            Problem::UnknownCategory { .. } => "catalogue-unknown-category",
            Problem::NotHttps { .. } => "catalogue-not-https",
            Problem::InvalidUrl { .. } => "catalogue-invalid-url",
            Problem::NegativeFee { .. } => "catalogue-negative-fee",
            Problem::HugeFee { .. } => "catalogue-huge-fee",
            Problem::DuplicateFeeVariant { .. } => "catalogue-duplicate-fee-variant",
            Problem::TooFewSteps { .. } => "catalogue-too-few-steps",
            Problem::StepWithoutMediatorText { .. } => "catalogue-step-without-mediator-text",
            Problem::StepWithoutCitizenText { .. } => "catalogue-step-without-citizen-text",
            Problem::QuestionWithoutAnswer => "catalogue-question-without-answer",
            Problem::DurationOutOfRange { .. } => "catalogue-duration-out-of-range",
            Problem::ResultDaysOutOfRange { .. } => "catalogue-result-days-out-of-range",
            Problem::EmptyList { .. } => "catalogue-empty-list",
            Problem::Placeholder { .. } => "catalogue-placeholder",
            Problem::BadDate { .. } => "catalogue-bad-date",
            Problem::EntityWithoutServices { .. } => "catalogue-entity-without-services",
            Problem::DuplicateUnconfirmed { .. } => "catalogue-duplicate-unconfirmed",
            Problem::SynonymNotOneWord { .. } => "catalogue-synonym-not-one-word",
            Problem::UnexpectedFile => "catalogue-unexpected-file",
            Problem::NoSensitiveStep => "catalogue-no-sensitive-step",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::Unreadable { detail } | Problem::Syntax { detail } => vec![("detail", detail.clone())],
            Problem::MissingFile { name } => vec![("name", name.clone())],
            Problem::MissingField { field }
            | Problem::MissingPortuguese { field }
            | Problem::MissingEnglish { field }
            | Problem::EmptyList { field } => vec![("field", field.clone())],
            Problem::InvalidId { id }
            | Problem::EntityFileName { id }
            | Problem::UnknownEntity { id }
            | Problem::UnknownCategory { id }
            | Problem::EntityWithoutServices { id } => vec![("id", id.clone())],
            Problem::DuplicateId { kind, id, first } => {
                vec![
                    ("kind", (*kind).to_string()),
                    ("id", id.clone()),
                    ("first", first.clone()),
                ]
            }
            Problem::ServiceIdPrefix { id, entity } => vec![("id", id.clone()), ("entity", entity.clone())],
            Problem::NotHttps { url } | Problem::InvalidUrl { url } => vec![("url", url.clone())],
            Problem::NegativeFee { cents } | Problem::HugeFee { cents } => vec![("cents", cents.to_string())],
            Problem::DuplicateFeeVariant { variant } => vec![("variant", variant.clone())],
            Problem::TooFewSteps { count } => vec![("count", count.to_string())],
            Problem::StepWithoutMediatorText { step } | Problem::StepWithoutCitizenText { step } => {
                vec![("step", step.to_string())]
            }
            Problem::DurationOutOfRange { minutes } => vec![("minutes", minutes.to_string())],
            Problem::ResultDaysOutOfRange { days } => vec![("days", days.to_string())],
            Problem::Placeholder { text } => vec![("text", text.clone())],
            Problem::BadDate { date } => vec![("date", date.clone())],
            Problem::DuplicateUnconfirmed { fact } => vec![("fact", (*fact).to_string())],
            Problem::SynonymNotOneWord { word } => vec![("word", word.clone())],
            Problem::NoEntity
            | Problem::EntityAndExtends
            | Problem::QuestionWithoutAnswer
            | Problem::UnexpectedFile
            | Problem::NoSensitiveStep => Vec::new(),
        }
    }
}

/// Every problem kind with sample arguments, so the translation layer's tests can check that each
/// message id is translated and renders its arguments.
pub fn all_samples() -> Vec<Problem> {
    let s = || "x".to_string();
    vec![
        Problem::Unreadable { detail: s() },
        Problem::MissingFile { name: s() },
        Problem::Syntax { detail: s() },
        Problem::MissingField { field: s() },
        Problem::MissingPortuguese { field: s() },
        Problem::MissingEnglish { field: s() },
        Problem::InvalidId { id: s() },
        Problem::DuplicateId {
            kind: "service",
            id: s(),
            first: s(),
        },
        Problem::EntityFileName { id: s() },
        Problem::ServiceIdPrefix { id: s(), entity: s() },
        Problem::UnknownEntity { id: s() },
        Problem::NoEntity,
        Problem::EntityAndExtends,
        Problem::UnknownCategory { id: s() },
        Problem::NotHttps { url: s() },
        Problem::InvalidUrl { url: s() },
        Problem::NegativeFee { cents: -1 },
        Problem::HugeFee { cents: 1 },
        Problem::DuplicateFeeVariant { variant: s() },
        Problem::TooFewSteps { count: 2 },
        Problem::StepWithoutMediatorText { step: 1 },
        Problem::StepWithoutCitizenText { step: 1 },
        Problem::QuestionWithoutAnswer,
        Problem::DurationOutOfRange { minutes: 0 },
        Problem::ResultDaysOutOfRange { days: 0 },
        Problem::EmptyList { field: s() },
        Problem::Placeholder { text: s() },
        Problem::BadDate { date: s() },
        Problem::EntityWithoutServices { id: s() },
        Problem::DuplicateUnconfirmed { fact: "url" },
        Problem::SynonymNotOneWord { word: s() },
        Problem::UnexpectedFile,
        Problem::NoSensitiveStep,
    ]
}
