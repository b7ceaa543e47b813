//! The server's two kinds of error: what an HTTP client is told, and what an operator is told.
//!
//! [`ApiError`] is the contract's error (`docs/central-api.md`, "Errors"): a stable code, a status and a
//! short English message, serialised as `{"error": "...", "message": "..."}`. It never carries internal
//! detail: an [`ApiError::Internal`] keeps its cause for the log only and the client reads a generic
//! sentence, because SQL text, table names or stack traces in a response help an attacker and nobody else.
//!
//! [`CentralError`] is for everything outside a request (start-up, migrations, the catalogue bundle, the
//! admin subcommands): its messages are for the operator who runs the server, so they say exactly what is
//! wrong. A request handler turns one into an [`ApiError::Internal`].

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::fmt;

/// An error answered to an HTTP client, with the contract's code and status.
#[derive(Debug)]
pub enum ApiError {
    /// 401 `unauthorized`: no token, an unknown token, or an enrollment code that cannot be used.
    Unauthorized,
    /// 403 `forbidden`: the token is valid but may not do this.
    Forbidden(&'static str),
    /// 404 `not-found`: no such route.
    NotFound,
    /// 404 `not-found`: the route exists, the thing it names (an account) does not, or not for this
    /// caller.
    Missing(String),
    /// 403 `forbidden`: the thing named is outside the caller's spots (a host entity's token naming
    /// another entity's spot).
    OutOfScope(String),
    /// 405 `method-not-allowed`: the route exists but not with this method.
    MethodNotAllowed,
    /// 400 `malformed-json`: the body is not JSON.
    MalformedJson {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column of the first error.
        column: usize,
    },
    /// 400 `invalid`: the body is JSON but not what the endpoint takes, or a query parameter is wrong.
    Invalid(String),
    /// 413 `payload-too-large`: the body is over the limit.
    PayloadTooLarge,
    /// 429 `rate-limited`, with `Retry-After` in whole seconds.
    RateLimited {
        /// Seconds until a request will be accepted again.
        retry_after: u64,
    },
    /// 500 `internal`: the cause is logged, never answered.
    Internal(String),
    /// 401 `device-revoked`: this counter was deactivated by the coordination, with their reason.
    DeviceRevoked(String),
    /// 422 `personal-data`: a record carries a citizen's direct identifier, which counters never send
    /// (`docs/privacy.md`); the request is refused whole and nothing is stored.
    PersonalData {
        /// The record's id as sent.
        record: String,
        /// Where in the record (`payload.citizen.nif`, `payload.lines[0].notes`).
        field: String,
        /// What was seen there (`citizen data`, `free text`, `e-mail`, `number`); never the value.
        what: &'static str,
    },
    /// 503 `unavailable`, with `Retry-After`: the request did not complete in time.
    Unavailable {
        /// Seconds to wait before trying again.
        retry_after: u64,
    },
}

/// The JSON body of every error response.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
    /// The field a `personal-data` refusal is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::Missing(_) => StatusCode::NOT_FOUND,
            ApiError::OutOfScope(_) => StatusCode::FORBIDDEN,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MalformedJson { .. } | ApiError::Invalid(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::DeviceRevoked(_) => StatusCode::UNAUTHORIZED,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::PersonalData { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The contract's stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) | ApiError::OutOfScope(_) => "forbidden",
            ApiError::NotFound | ApiError::Missing(_) => "not-found",
            ApiError::MethodNotAllowed => "method-not-allowed",
            ApiError::MalformedJson { .. } => "malformed-json",
            ApiError::Invalid(_) => "invalid",
            ApiError::PayloadTooLarge => "payload-too-large",
            ApiError::RateLimited { .. } => "rate-limited",
            ApiError::Internal(_) => "internal",
            ApiError::DeviceRevoked(_) => "device-revoked",
            ApiError::Unavailable { .. } => "unavailable",
            ApiError::PersonalData { .. } => "personal-data",
        }
    }

    /// The message the client reads.
    fn message(&self) -> String {
        match self {
            ApiError::Unauthorized => "missing, unknown or unusable credentials".to_owned(),
            ApiError::Forbidden(why) => (*why).to_owned(),
            ApiError::NotFound => "no such endpoint".to_owned(),
            ApiError::Missing(what) => format!("{what} does not exist"),
            ApiError::OutOfScope(why) => why.clone(),
            ApiError::MethodNotAllowed => "this endpoint does not take this method".to_owned(),
            ApiError::MalformedJson { line, column } => {
                format!("the body is not valid JSON (line {line}, column {column})")
            }
            ApiError::Invalid(why) => why.clone(),
            ApiError::PayloadTooLarge => "the request body is over the 1 MiB limit".to_owned(),
            ApiError::RateLimited { retry_after } => {
                format!("too many requests for this token; retry after {retry_after} s")
            }
            ApiError::Internal(_) => "the server could not complete the request".to_owned(),
            ApiError::DeviceRevoked(reason) => reason.clone(),
            ApiError::Unavailable { retry_after } => {
                format!("the server is busy; retry after {retry_after} s")
            }
            ApiError::PersonalData { record, field, what } => format!(
                "record {record} carries a citizen's direct identifier ({what}) in `{field}`; \
                 counters send no name, NIF, card number, phone, e-mail or free text (docs/privacy.md), \
                 so nothing of this request was stored"
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let body = ErrorBody {
            error: self.code(),
            message: self.message(),
            field: match &self {
                ApiError::PersonalData { field, .. } => Some(field),
                _ => None,
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::RateLimited { retry_after } | ApiError::Unavailable { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

impl ApiError {
    /// An admin action's error, as told to the coordinator who asked for it over HTTP: what was wrong
    /// with their request (a bad login, an unknown account, another entity's spot) is theirs to read;
    /// anything else stays internal.
    pub fn from_admin(err: CentralError) -> ApiError {
        match err {
            CentralError::Invalid(why) => ApiError::Invalid(why),
            CentralError::NotFound(what) => ApiError::Missing(what),
            CentralError::OutOfScope(why) => ApiError::OutOfScope(why),
            other => ApiError::from(other),
        }
    }
}

impl From<CentralError> for ApiError {
    /// The database's own failures keep their meaning (a database that is away is `503`); anything
    /// else is internal.
    fn from(err: CentralError) -> ApiError {
        match err {
            CentralError::Db(db) => ApiError::from(db),
            CentralError::DatabaseUnavailable(why) => {
                tracing::warn!(%why, "no database connection; answering 503");
                ApiError::Unavailable {
                    retry_after: DATABASE_RETRY_AFTER,
                }
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// How long a client is asked to wait when the database is away or full: long enough for an operator
/// to notice, short enough that 900 counters drain soon after it is back (they add their own jitter).
pub const DATABASE_RETRY_AFTER: u64 = 30;

/// Whether a database failure is the database being away, out of resources or shutting down (worth a
/// retry later: `503`), rather than a fault of this server or of the request (`500`).
///
/// SQLSTATE classes `08` (connection exception), `53` (insufficient resources: disk full, out of memory,
/// too many connections) and `57P` (operator intervention: shutdown, crash recovery, cannot connect
/// now), a serialisation failure or deadlock (`40001`, `40P01`), and any failure that is not a
/// PostgreSQL answer at all (the connection closed, a socket error).
pub fn transient(err: &tokio_postgres::Error) -> bool {
    match err.code() {
        Some(code) => {
            let code = code.code();
            code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P")
                || code == "40001"
                || code == "40P01"
        }
        None => {
            err.is_closed()
                || std::error::Error::source(err).is_some_and(|source| source.is::<std::io::Error>())
        }
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(err: tokio_postgres::Error) -> ApiError {
        if transient(&err) {
            tracing::warn!(error = %err, code = ?err.code(), "database unavailable; answering 503");
            return ApiError::Unavailable {
                retry_after: DATABASE_RETRY_AFTER,
            };
        }
        // PostgreSQL's own message (for the log only): `db error` alone says nothing.
        match err.as_db_error() {
            Some(db) => ApiError::Internal(format!("database: {} ({})", db.message(), db.code().code())),
            None => ApiError::Internal(format!("database: {err}")),
        }
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(err: deadpool_postgres::PoolError) -> ApiError {
        use deadpool_postgres::PoolError;
        match err {
            // No connection within the wait or create timeout, or none could be made: the database is
            // away or saturated, which a later retry can fix.
            PoolError::Timeout(_) | PoolError::Closed => {
                tracing::warn!(error = %err, "no database connection; answering 503");
                ApiError::Unavailable {
                    retry_after: DATABASE_RETRY_AFTER,
                }
            }
            PoolError::Backend(db) => ApiError::from(db),
            other => ApiError::Internal(format!("database pool: {other}")),
        }
    }
}

/// An error outside a request: start-up, migrations, the bundle, the admin subcommands.
#[derive(Debug)]
pub enum CentralError {
    /// A query failed.
    Db(tokio_postgres::Error),
    /// No connection could be had from the pool.
    Pool(String),
    /// No connection in time, or the pool is closed: the database is away or saturated.
    DatabaseUnavailable(String),
    /// The database URL does not parse.
    DatabaseUrl(String),
    /// The database was migrated by a newer server than this one.
    SchemaTooNew {
        /// The version found in the database.
        found: i32,
        /// The newest version this server knows.
        known: i32,
    },
    /// The catalogue folder has errors; each entry is one `path:line:column: problem`.
    Catalogue(Vec<String>),
    /// The signing key file cannot be read or decoded.
    SigningKey(String),
    /// A file could not be read or written.
    Io {
        /// What was being done, naming the file.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// An admin command named something that does not exist (a spot).
    NotFound(String),
    /// An admin command's argument is not acceptable.
    Invalid(String),
    /// A host entity's token named a spot (or an account of a spot) that it does not host.
    OutOfScope(String),
    /// The operating system's random source failed.
    Random(String),
}

impl fmt::Display for CentralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CentralError::Db(err) => match err.as_db_error() {
                Some(db) => write!(f, "database error: {} ({})", db.message(), db.code().code()),
                None => write!(f, "database error: {err}"),
            },
            CentralError::Pool(why) | CentralError::DatabaseUnavailable(why) => {
                write!(f, "cannot connect to the database: {why}")
            }
            CentralError::DatabaseUrl(why) => write!(f, "the database URL is not valid: {why}"),
            CentralError::SchemaTooNew { found, known } => write!(
                f,
                "the database schema is at version {found}, newer than this server's {known}: \
                 run a newer balcao-central"
            ),
            CentralError::Catalogue(problems) => {
                write!(f, "the catalogue has {} problem(s):", problems.len())?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            CentralError::SigningKey(why) => write!(f, "signing key: {why}"),
            CentralError::Io { what, source } => write!(f, "{what}: {source}"),
            CentralError::NotFound(what) => write!(f, "{what} does not exist"),
            CentralError::Invalid(why) | CentralError::OutOfScope(why) => f.write_str(why),
            CentralError::Random(why) => write!(f, "the system random source failed: {why}"),
        }
    }
}

impl std::error::Error for CentralError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CentralError::Db(err) => Some(err),
            CentralError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<tokio_postgres::Error> for CentralError {
    fn from(err: tokio_postgres::Error) -> CentralError {
        CentralError::Db(err)
    }
}

impl From<deadpool_postgres::PoolError> for CentralError {
    fn from(err: deadpool_postgres::PoolError) -> CentralError {
        use deadpool_postgres::PoolError;
        match err {
            PoolError::Timeout(_) | PoolError::Closed => CentralError::DatabaseUnavailable(err.to_string()),
            PoolError::Backend(db) => CentralError::Db(db),
            other => CentralError::Pool(other.to_string()),
        }
    }
}
