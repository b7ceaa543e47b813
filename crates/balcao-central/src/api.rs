//! The HTTP API: the router, its shared state, and one handler per endpoint of `docs/central-api.md`.
//!
//! Handlers are thin: they authenticate, decode, call [`crate::records`], [`crate::stats`] or the
//! current [`crate::bundle::Bundle`], and turn every failure into an [`ApiError`], so every error a
//! client sees has the contract's JSON body — including the ones axum would otherwise answer itself
//! (an unknown route, a wrong method, an oversized or unreadable body), which is why bodies are taken
//! as raw bytes and decoded here rather than with axum's `Json` extractor.
//!
//! Authentication comes before the body is looked at, so an unauthenticated client learns nothing
//! about what it sent; the per-token rate limit applies right after the token is recognised.

use crate::bundle::{self, Bundle};
use crate::error::{ApiError, CentralError};
use crate::ratelimit::{RateLimit, RateLimiter};
use crate::scope::{Actor, Scope};
use crate::{audit, equipment, fleet, followups, guard, records, secret, stats};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use deadpool_postgres::Pool;
use ed25519_dalek::SigningKey;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// The committed OpenAPI description, served at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The contract's request body limit: 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The server's tunable settings; [`Options::default`] is the contract's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// How long a signed bundle is valid (`expires_at` = `issued_at` + this many days).
    pub bundle_days: u32,
    /// The per-token rate limit.
    pub rate_limit: RateLimit,
    /// The request body limit in bytes.
    pub body_limit: usize,
    /// How long any request may take before it is answered `503` ([`crate::guard`]).
    pub request_timeout: Duration,
    /// Each source address's budget of enrolment attempts and failed authentications.
    pub address_limit: RateLimit,
    /// How many days after an attendance its survey ticket may be answered.
    pub survey_days: u32,
    /// Each source address's budget of survey pages (shown and answered). Generous, because a mobile
    /// network puts many phones behind one address.
    pub survey_limit: RateLimit,
    /// How long a coordinator's dashboard session lives without a request.
    pub web_idle: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            bundle_days: 30,
            rate_limit: RateLimit::default(),
            body_limit: BODY_LIMIT,
            request_timeout: Duration::from_secs(30),
            address_limit: RateLimit {
                burst: 10,
                per_second: 1.0 / 6.0,
            },
            survey_days: 30,
            survey_limit: RateLimit {
                burst: 60,
                per_second: 1.0,
            },
            web_idle: Duration::from_secs(30 * 60),
        }
    }
}

/// What every handler shares: the pool, the bundle being served, the rate limiter.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    catalogue_dir: PathBuf,
    signing_key: SigningKey,
    options: Options,
    bundle: RwLock<Arc<Bundle>>,
    limiter: RateLimiter,
    addresses: Arc<RateLimiter>,
    survey_addresses: RateLimiter,
    heartbeats: fleet::Heartbeats,
}

/// The current time in UTC milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl AppState {
    /// Migrates the database, reads, checks and signs the catalogue folder, and returns the state.
    pub async fn new(
        pool: Pool,
        catalogue_dir: &Path,
        signing_key: SigningKey,
        options: Options,
    ) -> Result<AppState, CentralError> {
        crate::db::migrate(&pool).await?;
        let bundle =
            bundle::prepare(&pool, catalogue_dir, &signing_key, options.bundle_days, now_ms()).await?;
        Ok(AppState {
            inner: Arc::new(Inner {
                pool,
                catalogue_dir: catalogue_dir.to_path_buf(),
                signing_key,
                options,
                bundle: RwLock::new(Arc::new(bundle)),
                limiter: RateLimiter::new(options.rate_limit),
                addresses: Arc::new(RateLimiter::new(options.address_limit)),
                survey_addresses: RateLimiter::new(options.survey_limit),
                heartbeats: fleet::Heartbeats::default(),
            }),
        })
    }

    /// Reads the catalogue folder again (SIGHUP) and serves its bundle; returns its sequence. On
    /// error the bundle being served stays.
    pub async fn reload_catalogue(&self) -> Result<i64, CentralError> {
        let inner = &self.inner;
        let bundle = bundle::prepare(
            &inner.pool,
            &inner.catalogue_dir,
            &inner.signing_key,
            inner.options.bundle_days,
            now_ms(),
        )
        .await?;
        let sequence = bundle.sequence;
        *inner
            .bundle
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(bundle);
        Ok(sequence)
    }

    /// The bundle being served.
    pub fn bundle(&self) -> Arc<Bundle> {
        self.inner
            .bundle
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The database pool.
    pub fn pool(&self) -> &Pool {
        &self.inner.pool
    }

    /// The server's settings.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// The per-address budget of survey pages.
    pub fn survey_addresses(&self) -> &RateLimiter {
        &self.inner.survey_addresses
    }

    /// The per-address budget of failed authentications (failed dashboard logins take from it too).
    pub fn addresses(&self) -> &RateLimiter {
        &self.inner.addresses
    }
}

/// Who is calling.
pub(crate) enum Caller {
    /// A counter PC, bound to a spot.
    Device { id: Uuid, spot: String },
    /// A coordinator: reads the statistics of the spots in its scope (all of them for the network
    /// coordination, its own for a host entity), manages their accounts, uploads nothing.
    Coordinator(Actor),
}

/// Recognises the bearer token and takes one request from its rate-limit bucket.
pub(crate) async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or(ApiError::Unauthorized)?;
    let hash = secret::hash(token);
    let client = state.pool().get().await?;
    let row = client
        .query_opt(
            "SELECT id, spot_code, revoked_at, revoked_reason, NULL FROM devices WHERE token_hash = $1 \
             UNION ALL SELECT id, NULL, NULL, NULL, host_entity FROM coordinators \
             WHERE token_hash = $1 AND revoked_at IS NULL",
            &[&hash],
        )
        .await?
        .ok_or(ApiError::Unauthorized)?;
    // A host entity's spots are read at each request, so a spot moved to another entity leaves this
    // token's reach at once.
    let scope = match row.try_get::<_, Option<String>>(4)? {
        None => Scope::Network,
        Some(entity) => Scope::Spots(
            client
                .query("SELECT code FROM spots WHERE host_entity = $1", &[&entity])
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
        ),
    };
    drop(client);
    let caller = match row.try_get::<_, Option<String>>(1)? {
        Some(spot) => {
            let id: Uuid = row.try_get(0)?;
            if row.try_get::<_, Option<i64>>(2)?.is_some() {
                let reason: Option<String> = row.try_get(3)?;
                tracing::info!(device = %id, "a revoked device called");
                return Err(ApiError::DeviceRevoked(reason.unwrap_or_default()));
            }
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
            let version = header(fleet::VERSION_HEADER).map(|v| v.chars().take(40).collect::<String>());
            let catalogue = header(fleet::CATALOGUE_HEADER).and_then(|v| v.parse::<i64>().ok());
            let now = now_ms();
            let beats = &state.inner.heartbeats;
            if beats.due(id, version.as_deref(), catalogue, now)
                && fleet::heartbeat(state.pool(), id, version.as_deref(), catalogue, now).await?
            {
                beats.written(id, version.as_deref(), catalogue, now);
            }
            Caller::Device { id, spot }
        }
        None => Caller::Coordinator(Actor {
            coordinator: Some(row.try_get(0)?),
            scope,
        }),
    };
    state
        .inner
        .limiter
        .check(&hash, Instant::now())
        .map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    Ok(caller)
}

/// The body's bytes, or the contract's error for why there are none.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::Invalid("the request body could not be read".to_owned())
        }
    })
}

/// Decodes a JSON body: a syntax error is `malformed-json` (with its place), a shape error `invalid`.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|err| match err.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => ApiError::MalformedJson {
            line: err.line(),
            column: err.column(),
        },
        _ => ApiError::Invalid(format!("the body is not the expected request: {err}")),
    })
}

/// Whether an `If-None-Match` header names `etag` (or is `*`); weak forms match too.
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

async fn catalogue(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    authenticate(&state, &headers).await?;
    let bundle = state.bundle();
    let etag = (header::ETAG, bundle.etag.clone());
    let cache = (header::CACHE_CONTROL, "no-cache".to_owned());
    if etag_matches(&headers, &bundle.etag) {
        return Ok((StatusCode::NOT_MODIFIED, [etag, cache]).into_response());
    }
    let json = (header::CONTENT_TYPE, "application/json".to_owned());
    Ok(([json, etag, cache], bundle.body.clone()).into_response())
}

/// `POST /v1/records`'s answer.
#[derive(Serialize)]
struct RecordsResponse {
    results: Vec<records::RecordResult>,
}

async fn post_records(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (device_id, spot) = match authenticate(&state, &headers).await? {
        Caller::Device { id, spot } => (id, spot),
        Caller::Coordinator(_) => {
            return Err(ApiError::Forbidden("a coordinator token cannot upload records"));
        }
    };
    let request: Value = decode(&body_bytes(body)?)?;
    let list = request
        .get("records")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::Invalid("the body must be {\"records\": [...]}".to_owned()))?;
    let entities = state.bundle();
    let results = records::ingest(
        state.pool(),
        device_id,
        &spot,
        list,
        &entities.service_entities,
        now_ms(),
    )
    .await?;
    let status = if results.iter().any(|r| r.status == "rejected") {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, axum::Json(RecordsResponse { results })).into_response())
}

async fn post_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<audit::AuditResponse>, ApiError> {
    let (device_id, spot) = match authenticate(&state, &headers).await? {
        Caller::Device { id, spot } => (id, spot),
        Caller::Coordinator(_) => {
            return Err(ApiError::Forbidden(
                "a coordinator token cannot upload an audit log",
            ));
        }
    };
    let request: audit::AuditRequest = decode(&body_bytes(body)?)?;
    Ok(axum::Json(
        audit::ingest(state.pool(), device_id, &spot, request, now_ms()).await?,
    ))
}

/// `GET /v1/audit/alerts`'s query.
#[derive(Deserialize)]
struct AlertsQuery {
    spot: Option<String>,
    limit: Option<i64>,
}

async fn get_audit_alerts(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AlertsQuery>, QueryRejection>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let Caller::Coordinator(actor) = authenticate(&state, &headers).await? else {
        return Err(ApiError::Forbidden("only a coordinator reads the audit alerts"));
    };
    let Query(query) = query.map_err(|_| ApiError::Invalid("the query string cannot be read".to_owned()))?;
    let limit = query.limit.unwrap_or(1000).clamp(1, 10_000);
    let scope = actor.scope.narrowed(query.spot.as_deref());
    let rows = audit::alerts(state.pool(), &scope, limit).await?;
    Ok(axum::Json(serde_json::json!({ "rows": rows })))
}

async fn get_accounts(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let spot = match authenticate(&state, &headers).await? {
        Caller::Device { spot, .. } => spot,
        Caller::Coordinator(actor) => {
            // The coordination's view: who works where and in what state, never a hash.
            let accounts = crate::accounts::list(state.pool(), &actor.scope)
                .await
                .map_err(ApiError::from_admin)?;
            return Ok(axum::Json(serde_json::json!({ "accounts": accounts })).into_response());
        }
    };
    let (accounts, etag) = crate::accounts::for_spot(state.pool(), &spot).await?;
    let headers_out = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    if etag_matches(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, headers_out).into_response());
    }
    Ok((
        headers_out,
        axum::Json(serde_json::json!({ "accounts": accounts })),
    )
        .into_response())
}

/// The spots a caller may see: a device only its own, a coordinator those of its scope.
fn visible_spots(caller: Caller) -> Scope {
    match caller {
        Caller::Device { spot, .. } => Scope::Spots(vec![spot]),
        Caller::Coordinator(actor) => actor.scope,
    }
}

fn query_of(query: Result<Query<stats::StatsQuery>, QueryRejection>) -> Result<stats::StatsQuery, ApiError> {
    query
        .map(|Query(query)| query)
        .map_err(|_| ApiError::Invalid("the query string cannot be read".to_owned()))
}

async fn get_stats(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<stats::StatsQuery>, QueryRejection>,
) -> Result<axum::Json<stats::Stats<stats::AttendanceRow>>, ApiError> {
    let spots = visible_spots(authenticate(&state, &headers).await?);
    let query = query_of(query)?;
    let spots = spots.only(query.spot.as_deref())?;
    Ok(axum::Json(
        stats::attendances(state.pool(), &query, &spots).await?,
    ))
}

async fn get_cash_stats(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<stats::StatsQuery>, QueryRejection>,
) -> Result<axum::Json<stats::Stats<stats::CashRow>>, ApiError> {
    let spots = visible_spots(authenticate(&state, &headers).await?);
    let query = query_of(query)?;
    let spots = spots.only(query.spot.as_deref())?;
    Ok(axum::Json(stats::cash(state.pool(), &query, &spots).await?))
}

async fn get_followups(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<followups::FollowupsQuery>, QueryRejection>,
) -> Result<axum::Json<followups::FollowupStats>, ApiError> {
    let spots = visible_spots(authenticate(&state, &headers).await?);
    let Query(query) = query.map_err(|_| {
        ApiError::Invalid("the query string cannot be read (`at` is UTC milliseconds)".to_owned())
    })?;
    let spots = spots.only(query.spot.as_deref())?;
    let at = query.at.unwrap_or_else(now_ms);
    Ok(axum::Json(followups::counts(state.pool(), at, &spots).await?))
}

async fn get_equipment(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<equipment::EquipmentQuery>, QueryRejection>,
) -> Result<axum::Json<equipment::Equipment>, ApiError> {
    let spots = visible_spots(authenticate(&state, &headers).await?);
    let Query(query) = query.map_err(|_| ApiError::Invalid("the query string cannot be read".to_owned()))?;
    let spots = spots.only(query.spot.as_deref())?;
    Ok(axum::Json(equipment::latest(state.pool(), &spots).await?))
}

async fn get_rejections(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<stats::RejectionsQuery>, QueryRejection>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let spots = visible_spots(authenticate(&state, &headers).await?);
    let Query(query) = query.map_err(|_| ApiError::Invalid("the query string cannot be read".to_owned()))?;
    let rows = stats::rejections(state.pool(), &query, &spots).await?;
    Ok(axum::Json(serde_json::json!({ "rows": rows })))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Logs each request's method, path, status and duration (never its body or headers: they may hold
/// tokens and personal data).
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// Every route, with its method; the router is built from this list, so it is the whole truth.
fn route_table() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::POST, "/v1/enroll", post(crate::enrollment::enroll)),
        (Method::GET, "/v1/catalogue", get(catalogue)),
        (Method::POST, "/v1/records", post(post_records)),
        (Method::GET, "/v1/stats", get(get_stats)),
        (Method::GET, "/v1/stats/cash", get(get_cash_stats)),
        (Method::GET, "/v1/stats/followups", get(get_followups)),
        (Method::GET, "/v1/stats/equipment", get(get_equipment)),
        (Method::GET, "/v1/rejections", get(get_rejections)),
        (Method::POST, "/v1/audit", post(post_audit)),
        (Method::GET, "/v1/audit/alerts", get(get_audit_alerts)),
        (Method::GET, "/v1/accounts", get(get_accounts)),
        (Method::POST, "/v1/accounts", post(crate::accounts_api::create)),
        (
            Method::POST,
            "/v1/accounts/{login}/{action}",
            post(crate::accounts_api::act),
        ),
        (Method::GET, "/openapi.json", get(openapi)),
    ]
}

/// The method and path of every route [`app`] serves.
pub fn routes() -> Vec<(Method, &'static str)> {
    route_table()
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect()
}

/// The whole API as an axum router over `state`.
pub fn app(state: AppState) -> Router {
    let body_limit = state.inner.options.body_limit;
    let router = route_table()
        .into_iter()
        .fold(Router::new(), |router, (_, path, handler)| {
            router.route(path, handler)
        });
    let timeout = state.inner.options.request_timeout;
    let addresses = Arc::clone(&state.inner.addresses);
    router
        .merge(crate::web::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(move |request, next| {
            guard::deadline(timeout, request, next)
        }))
        .layer(middleware::from_fn(move |request, next| {
            guard::address_budget(Arc::clone(&addresses), request, next)
        }))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Serves [`app`] on `listener` until the future is dropped, with each request's peer address (for
/// the per-address budget, [`crate::guard`]).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    serve_with(listener, router, HEADER_TIMEOUT).await
}

/// How long a client has to send its whole request headers before the connection is closed.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// [`serve`] with another header timeout (tests use a short one).
///
/// `axum::serve` gives hyper no timer, so hyper applies no header timeout at all: a client that
/// trickles its headers a byte at a time (slowloris) holds a connection and its task for ever, and
/// a few thousand of them starve 900 counters. This loop is `axum::serve`'s, with hyper's
/// `header_read_timeout` armed; the request deadline of `guard` then covers the body and the work.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: std::time::Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt as _;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors, or a connection reset before it was accepted: wait a little
            // and go on serving the others.
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = router.clone().map_request(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                request.map(axum::body::Body::new)
            },
        );
        let service = hyper_util::service::TowerToHyperService::new(service);
        tokio::spawn(async move {
            // hyper arms its header timeout at the first byte of a request, so a client that
            // connects and sends nothing would hold its connection for ever: wait for that byte here.
            let mut first = [0_u8; 1];
            match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => {
                    tracing::debug!(%peer, "connection closed: nothing sent in time");
                    return;
                }
            }
            // HTTP/1 only: the automatic version detection of `auto::Builder` reads the first bytes
            // with no timer at all, so a client that connects and sends nothing was never cut off.
            // Counters speak HTTP/1.1; a proxy in front may speak HTTP/2 to the browsers.
            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new()).http1_only();
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            if let Err(e) = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
        });
    }
}
