//! The central API's client: `POST /v1/enroll`, `POST /v1/records` and `GET /v1/catalogue`, exactly as
//! `docs/central-api.md` describes them.
//!
//! The client only speaks; it decides nothing. Every answer becomes a value that says what the server
//! meant ([`RecordsReply`], [`CatalogueReply`]), and the worker ([`crate::drain`], [`crate::worker`])
//! decides what to do with it. A connection failure, a timeout or an unreadable answer is an `Err`
//! ([`SyncError::Offline`], [`SyncError::Protocol`]); an HTTP error status is an answer like any other.
//!
//! Three rules protect the device token:
//!
//! - The address must be `https://`, or `http://` to this very computer (tests, a local proxy): the
//!   same rule as the `central_url` configuration key ([`check_url`]).
//! - Redirects are not followed: a redirect could carry the token (or the records) elsewhere.
//! - The token is only ever put in the `Authorization` header; it is in no URL, message or log line.
//!
//! Every request has a connection timeout and a total timeout, so a half-open connection in a village
//! with a flaky link costs the worker seconds, not hours. The UI never waits on any of this: only the
//! worker thread calls the client.

use crate::SyncError;
use crate::backoff;
use crate::token::Token;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use url::Url;

/// Checks the central address against the `central_url` rule (`https://`, or `http://` to loopback
/// only; no user name or password) and parses it.
pub fn check_url(address: &str) -> Result<Url, SyncError> {
    let insecure = || SyncError::InsecureUrl {
        url: address.to_string(),
    };
    if !balcao_config::keys::is_allowed_central_url(address) {
        return Err(insecure());
    }
    let mut url = Url::parse(address).map_err(|_| insecure())?;
    // `https://host/prefix` and `https://host/prefix/` both mean the folder `prefix/`.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Timeouts of every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To establish the connection (TCP and TLS).
    pub connect: Duration,
    /// For the whole request, from sending to the last byte of the answer.
    pub total: Duration,
}

impl Default for Timeouts {
    /// 10 s to connect, 60 s in all (a 500-record batch over a slow rural link).
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
        }
    }
}

/// One record as the central receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The outbox row's UUIDv7: the agency's deduplication key.
    pub id: String,
    /// The outbox kind (`attendance.ended`, `cash.payment`, …).
    pub kind: String,
    /// The spot the record belongs to.
    pub spot: String,
    /// The attendance (or cash session) the record belongs to.
    pub group_id: String,
    /// The time of the change, UTC milliseconds.
    pub created_at: i64,
    /// The outbox row's JSON, without the citizen's direct identifiers (`balcao_privacy`).
    pub payload: serde_json::Value,
    /// For a row written before the outbox was minimised: the hex SHA-256 of the payload as written,
    /// which its audit entry holds (`None` for every row written since).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimised_from: Option<String>,
}

/// What the server did with one record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordResult {
    /// The record's id.
    pub id: String,
    /// `stored`, `duplicate` or `rejected`.
    pub status: RecordStatus,
    /// Why it was rejected (`conflict`, `invalid`).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A record's fate at the central.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    /// Stored for the first time.
    Stored,
    /// Already stored with the same content.
    Duplicate,
    /// Refused: never to be sent again.
    Rejected,
}

/// The server's answer to `POST /v1/records`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsReply {
    /// `200` or `422`: one result per record, in order.
    Results(Vec<RecordResult>),
    /// `413`: the request was too large.
    TooLarge,
    /// `400` or `403` (or a `422` without results): the request was refused as a whole.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The error code of the body (`invalid`, `forbidden`, …), when there was one.
        code: Option<String>,
    },
    /// `401`: the token is missing, unknown or revoked; the coordination's reason when the device
    /// itself was revoked.
    Unauthorized(Option<String>),
    /// `429`: wait this long.
    RateLimited(Duration),
    /// A `5xx`: the server failed; try again later.
    ServerError(u16),
    /// Any other status (a `404` from a wrong address, a redirect): not understood.
    Unexpected(u16),
}

/// The server's answer to `GET /v1/catalogue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueReply {
    /// `304`: the bundle held is current.
    NotModified,
    /// `200`: a bundle, not yet verified.
    Bundle {
        /// The payload bytes (decoded from base64).
        payload: Vec<u8>,
        /// The signature bytes (decoded from base64).
        signature: Vec<u8>,
        /// The `ETag` header.
        etag: Option<String>,
    },
}

/// A successful enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Enrollment {
    /// The device id the server gave.
    pub device_id: String,
    /// The device token.
    pub token: Token,
    /// The spot the code was issued for.
    pub spot_code: String,
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Token::new)
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    message: String,
}

/// What an answer to `POST /v1/records` means, from its status, its `Retry-After` header and its body
/// (read only for `200`, `400`, `401`, `403` and `422`). Pure, so that every answer a server could give
/// is fuzzed through the drain (`balcao-fuzz`, target `counter_records_reply`).
///
/// # Errors
/// [`SyncError::Protocol`] for a `200` whose body is not the results the contract promises.
pub fn records_reply(status: u16, retry_after: Option<&str>, body: &[u8]) -> Result<RecordsReply, SyncError> {
    let error_code = || serde_json::from_slice::<ErrorBody>(body).ok().map(|b| b.error);
    Ok(match status {
        200 => RecordsReply::Results(
            serde_json::from_slice::<ResultsBody>(body)
                .map_err(|e| SyncError::Protocol {
                    detail: format!("unreadable answer: {e}"),
                })?
                .results,
        ),
        // Per-record results, or the whole request refused: `personal-data` when a record carries a
        // citizen's identifier (only a row written by an older version could). The drain then sends
        // the records one by one and quarantines the culprit under that code.
        422 => match serde_json::from_slice::<ResultsBody>(body) {
            Ok(body) => RecordsReply::Results(body.results),
            Err(_) => RecordsReply::Refused {
                status: 422,
                code: error_code(),
            },
        },
        400 | 403 => RecordsReply::Refused {
            status,
            code: error_code(),
        },
        401 => RecordsReply::Unauthorized(revocation_in(body)),
        413 => RecordsReply::TooLarge,
        429 => RecordsReply::RateLimited(backoff::retry_after(retry_after)),
        500..=599 => RecordsReply::ServerError(status),
        other => RecordsReply::Unexpected(other),
    })
}

/// The coordination's reason when a `401`'s body says the device was revoked (`device-revoked`).
fn revocation_in(body: &[u8]) -> Option<String> {
    let body = serde_json::from_slice::<ErrorBody>(body).ok()?;
    (body.error == "device-revoked").then_some(body.message)
}

/// [`revocation_in`] of a response's body.
async fn revocation(response: reqwest::Response) -> Option<String> {
    revocation_in(&response.bytes().await.ok()?)
}

/// The error of a `401`: the device revoked (with the reason), or the token refused.
async fn refused(response: reqwest::Response) -> SyncError {
    match revocation(response).await {
        Some(reason) => SyncError::DeviceRevoked { reason },
        None => SyncError::TokenRevoked,
    }
}

#[derive(Deserialize)]
struct ResultsBody {
    results: Vec<RecordResult>,
}

#[derive(Deserialize)]
struct BundleBody {
    payload: String,
    signature: String,
}

#[derive(Serialize)]
struct RecordsBody<'a> {
    records: &'a [Record],
}

#[derive(Serialize)]
struct EnrollBody<'a> {
    code: &'a str,
    device_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit_public_key: Option<&'a str>,
}

/// `POST /v1/audit`'s body.
#[derive(Debug, Serialize)]
pub struct AuditBody<'a> {
    /// The device's public key (64 hex digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// Entries, in order.
    pub entries: &'a [balcao_audit::Entry],
    /// The signed head, with the upload's last part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<balcao_audit::Checkpoint>,
}

#[derive(Deserialize)]
struct AuditAnswer {
    stored_seq: u64,
}

/// `GET /v1/accounts`'s answer.
#[derive(Debug)]
pub enum AccountsReply {
    /// `304`: the list held is current.
    NotModified,
    /// `200`: the spot's whole list.
    Accounts {
        /// The accounts.
        accounts: Vec<balcao_store::accounts::PulledAccount>,
        /// The list's `ETag`.
        etag: Option<String>,
    },
}

#[derive(Deserialize)]
struct AccountsBody {
    accounts: Vec<balcao_store::accounts::PulledAccount>,
}

/// A client of one central server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    /// The sequence of the catalogue this counter holds, told to the server with each request.
    catalogue: Option<i64>,
}

impl Client {
    /// A client of the server at `address` (checked with [`check_url`]), with default timeouts.
    pub fn new(address: &str) -> Result<Client, SyncError> {
        Client::with_timeouts(address, Timeouts::default())
    }

    /// A client with the given timeouts.
    pub fn with_timeouts(address: &str, timeouts: Timeouts) -> Result<Client, SyncError> {
        let base = check_url(address)?;
        // The server notes what each counter runs (`device list`): the version here, the catalogue
        // with each request ([`Client::with_catalogue`]).
        let mut about = reqwest::header::HeaderMap::new();
        about.insert(
            "x-balcao-version",
            reqwest::header::HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
        );
        let http = reqwest::Client::builder()
            .user_agent(concat!("balcao/", env!("CARGO_PKG_VERSION")))
            .default_headers(about)
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SyncError::Protocol {
                detail: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Client {
            http,
            base,
            catalogue: None,
        })
    }

    /// The server's address (with a trailing `/`).
    pub fn base(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Result<Url, SyncError> {
        self.base.join(path).map_err(|e| SyncError::Protocol {
            detail: format!("bad address {path}: {e}"),
        })
    }

    /// The same client, telling the server it holds catalogue `sequence`.
    pub fn with_catalogue(mut self, sequence: Option<i64>) -> Client {
        self.catalogue = sequence;
        self
    }

    fn about(&self) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(sequence) = self.catalogue {
            headers.insert("x-balcao-catalogue", reqwest::header::HeaderValue::from(sequence));
        }
        headers
    }

    /// `POST /v1/enroll`. A refused code (`401`) is [`SyncError::EnrollCodeRefused`].
    pub async fn enroll(
        &self,
        code: &str,
        device_name: &str,
        audit_public_key: Option<&str>,
    ) -> Result<Enrollment, SyncError> {
        let response = self
            .http
            .post(self.url("v1/enroll")?)
            .json(&EnrollBody {
                code,
                device_name,
                audit_public_key,
            })
            .send()
            .await
            .map_err(offline)?;
        match response.status() {
            StatusCode::OK => response.json::<Enrollment>().await.map_err(protocol),
            StatusCode::UNAUTHORIZED => Err(SyncError::EnrollCodeRefused),
            StatusCode::TOO_MANY_REQUESTS => Err(SyncError::RateLimited {
                seconds: retry_after(&response).as_secs(),
            }),
            s if s.is_server_error() => Err(SyncError::ServerError { status: s.as_u16() }),
            s => Err(SyncError::Protocol {
                detail: format!("enroll answered {s}"),
            }),
        }
    }

    /// `POST /v1/records` with at most 500 records.
    pub async fn post_records(&self, token: &Token, records: &[Record]) -> Result<RecordsReply, SyncError> {
        let response = self
            .http
            .post(self.url("v1/records")?)
            .header(AUTHORIZATION, bearer(token))
            .headers(self.about())
            .json(&RecordsBody { records })
            .send()
            .await
            .map_err(offline)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = if matches!(status, 200 | 400 | 401 | 403 | 422) {
            response.bytes().await.map_err(protocol)?.to_vec()
        } else {
            Vec::new()
        };
        records_reply(status, retry_after.as_deref(), &body)
    }

    /// `POST /v1/audit`; returns the highest `seq` the server now holds.
    pub async fn post_audit(&self, token: &Token, body: &AuditBody<'_>) -> Result<u64, SyncError> {
        let response = self
            .http
            .post(self.url("v1/audit")?)
            .header(AUTHORIZATION, bearer(token))
            .headers(self.about())
            .json(body)
            .send()
            .await
            .map_err(offline)?;
        match response.status().as_u16() {
            200 => Ok(response.json::<AuditAnswer>().await.map_err(protocol)?.stored_seq),
            _ => Err(failure(response, "audit upload").await),
        }
    }

    /// A device's `GET` of `path`, with `If-None-Match: etag` when something is held.
    async fn get_unless(
        &self,
        token: &Token,
        path: &str,
        etag: Option<&str>,
    ) -> Result<reqwest::Response, SyncError> {
        let mut request = self
            .http
            .get(self.url(path)?)
            .header(AUTHORIZATION, bearer(token))
            .headers(self.about());
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        request.send().await.map_err(offline)
    }

    /// `GET /v1/accounts`, with `If-None-Match: etag` when a list is held.
    pub async fn accounts(&self, token: &Token, etag: Option<&str>) -> Result<AccountsReply, SyncError> {
        let response = self.get_unless(token, "v1/accounts", etag).await?;
        match response.status().as_u16() {
            304 => Ok(AccountsReply::NotModified),
            200 => {
                let etag = response
                    .headers()
                    .get(ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let body = response.json::<AccountsBody>().await.map_err(protocol)?;
                Ok(AccountsReply::Accounts {
                    accounts: body.accounts,
                    etag,
                })
            }
            _ => Err(failure(response, "accounts").await),
        }
    }

    /// `GET /v1/catalogue`, with `If-None-Match: etag` when a bundle is held.
    pub async fn catalogue(&self, token: &Token, etag: Option<&str>) -> Result<CatalogueReply, SyncError> {
        let response = self.get_unless(token, "v1/catalogue", etag).await?;
        match response.status() {
            StatusCode::NOT_MODIFIED => Ok(CatalogueReply::NotModified),
            StatusCode::OK => {
                let etag = response
                    .headers()
                    .get(ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let body = response.json::<BundleBody>().await.map_err(protocol)?;
                use base64::Engine as _;
                let decode = |s: &str| {
                    base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| {
                        SyncError::CatalogueMalformed {
                            detail: format!("base64: {e}"),
                        }
                    })
                };
                Ok(CatalogueReply::Bundle {
                    payload: decode(&body.payload)?,
                    signature: decode(&body.signature)?,
                    etag,
                })
            }
            _ => Err(failure(response, "catalogue").await),
        }
    }
}

/// What an answer other than the endpoint's own successes means, the same for every device request:
/// `401` refused (revoked or unknown token), `403`, `429` with its wait, `5xx`, or something the
/// contract does not have, named by `what` for the log.
async fn failure(response: reqwest::Response, what: &str) -> SyncError {
    match response.status().as_u16() {
        401 => refused(response).await,
        403 => SyncError::Forbidden,
        429 => SyncError::RateLimited {
            seconds: retry_after(&response).as_secs(),
        },
        s @ 500..=599 => SyncError::ServerError { status: s },
        s => SyncError::Protocol {
            detail: format!("{what} answered {s}"),
        },
    }
}

fn bearer(token: &Token) -> String {
    format!("Bearer {}", token.expose())
}

fn retry_after(response: &reqwest::Response) -> Duration {
    backoff::retry_after(response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()))
}

/// A failure to get an answer: the network, DNS, TLS or a timeout. reqwest's text names the URL, which
/// never holds the token.
fn offline(e: reqwest::Error) -> SyncError {
    SyncError::Offline {
        detail: if e.is_timeout() {
            format!("timeout: {e}")
        } else {
            e.to_string()
        },
    }
}

fn protocol(e: reqwest::Error) -> SyncError {
    if e.is_timeout() {
        return offline(e);
    }
    SyncError::Protocol {
        detail: format!("unreadable answer: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_to_this_computer() {
        for ok in [
            "https://central.ama.gov.pt",
            "https://central.ama.gov.pt/balcao",
            "http://localhost:8080",
            "http://LOCALHOST:8080",
            "http://127.0.0.1:9000/",
            "http://127.8.9.10:9000/",
            "http://[::1]:9000",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
            assert!(Client::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://central.ama.gov.pt",
            "http://192.168.1.10",
            "http://10.0.0.1:8080",
            "http://[::2]:9000",
            "http://localhost.evil.pt",
            "ftp://central",
            "central.ama.gov.pt",
            "https://user:secret@central.ama.gov.pt",
            "",
        ] {
            assert_eq!(
                check_url(bad).unwrap_err(),
                SyncError::InsecureUrl { url: bad.into() },
                "{bad}"
            );
            assert!(Client::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints_are_joined_under_the_address_s_path() {
        let c = Client::new("https://central.ama.gov.pt/balcao").unwrap();
        assert_eq!(
            c.url("v1/records").unwrap().as_str(),
            "https://central.ama.gov.pt/balcao/v1/records"
        );
        let c = Client::new("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            c.url("v1/enroll").unwrap().as_str(),
            "http://127.0.0.1:8080/v1/enroll"
        );
    }

    #[test]
    fn results_and_enrollments_decode_as_the_contract_writes_them() {
        let body: ResultsBody = serde_json::from_str(
            r#"{"results": [{"id": "a", "status": "stored"}, {"id": "b", "status": "duplicate"},
                {"id": "c", "status": "rejected", "reason": "conflict"}]}"#,
        )
        .unwrap();
        assert_eq!(
            body.results.iter().map(|r| r.status).collect::<Vec<_>>(),
            [
                RecordStatus::Stored,
                RecordStatus::Duplicate,
                RecordStatus::Rejected
            ]
        );
        assert_eq!(body.results[2].reason.as_deref(), Some("conflict"));
        let e: Enrollment = serde_json::from_str(
            r#"{"device_id": "d", "token": "tok-123", "spot_code": "EC-0420", "extra": 1}"#,
        )
        .unwrap();
        assert_eq!((e.token.expose(), e.spot_code.as_str()), ("tok-123", "EC-0420"));
        assert!(!format!("{e:?}").contains("tok-123"));
    }

    #[test]
    fn every_answer_to_records_means_what_the_contract_says() {
        let results = br#"{"results": [{"id": "a", "status": "stored"}]}"#;
        let stored = vec![RecordResult {
            id: "a".into(),
            status: RecordStatus::Stored,
            reason: None,
        }];
        let error = |code: &str| format!(r#"{{"error": "{code}", "message": "porque sim"}}"#).into_bytes();
        let reply = |status: u16, header: Option<&str>, body: &[u8]| records_reply(status, header, body);
        assert_eq!(
            reply(200, None, results),
            Ok(RecordsReply::Results(stored.clone()))
        );
        assert!(matches!(
            reply(200, None, b"<html>"),
            Err(SyncError::Protocol { .. })
        ));
        assert_eq!(reply(422, None, results), Ok(RecordsReply::Results(stored)));
        let refused = |status: u16, code: Option<&str>| {
            Ok(RecordsReply::Refused {
                status,
                code: code.map(str::to_owned),
            })
        };
        assert_eq!(
            reply(422, None, &error("personal-data")),
            refused(422, Some("personal-data"))
        );
        assert_eq!(reply(400, None, &error("invalid")), refused(400, Some("invalid")));
        assert_eq!(reply(403, None, b""), refused(403, None));
        assert_eq!(
            reply(401, None, &error("device-revoked")),
            Ok(RecordsReply::Unauthorized(Some("porque sim".into())))
        );
        assert_eq!(
            reply(401, None, &error("unauthorized")),
            Ok(RecordsReply::Unauthorized(None))
        );
        assert_eq!(reply(413, None, b""), Ok(RecordsReply::TooLarge));
        assert_eq!(
            reply(429, Some("7"), b""),
            Ok(RecordsReply::RateLimited(Duration::from_secs(7)))
        );
        assert_eq!(reply(503, None, b""), Ok(RecordsReply::ServerError(503)));
        assert_eq!(reply(302, None, b""), Ok(RecordsReply::Unexpected(302)));
    }
}
