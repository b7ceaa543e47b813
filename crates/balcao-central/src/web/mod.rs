//! The coordination's web side: the citizen survey behind the QR, and the coordinators' dashboard.
//!
//! Server-rendered HTML from `balcao-web` (no JavaScript, nothing loaded from elsewhere), so it works
//! on an intranet and on an old phone. The JSON API of the counters is untouched: these routes are
//! merged into [`crate::api::app`] under `/q/` (survey), `/painel` (dashboard) and `/static/`.
//!
//! Every HTML answer carries strict security headers ([`security_headers`]): a Content-Security-Policy
//! that allows only this server's stylesheet and forms, no framing, no referrer (the survey's address
//! holds its ticket), no caching (the dashboard's pages hold figures a shared PC should not keep).
//! Errors are pages that say what to do in the reader's language ([`WebError`]); a database error is
//! a generic "try again" page, its text only in the log.
//!
//! - [`survey`]: `GET`/`POST /q/{ticket}`.
//! - [`session`]: coordinators' logins, session cookies and CSRF tokens.
//! - [`dashboard`]: the login, logout and the pages, with filters and CSV downloads.
//! - [`pages`]: what each page reads and how it is put together; `sections` draws its sections.
//! - [`queries`]: what the pages read from the rollup tables.

pub mod dashboard;
pub mod pages;
pub mod queries;
mod sections;
pub mod session;
pub mod survey;

use crate::api::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use balcao_core::text::Lang;
use balcao_web::LangLinks;
use std::net::{IpAddr, SocketAddr};

/// The Content-Security-Policy of every page: this server's stylesheet and forms, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The web routes, merged into the API's router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/balcao.css", get(stylesheet))
        .route("/q/{ticket}", get(survey::show).post(survey::answer))
        .route("/painel", get(dashboard::overview))
        .route(
            "/painel/entrar",
            get(dashboard::login_form).post(dashboard::login),
        )
        .route("/painel/sair", post(dashboard::logout))
        .route("/painel/espacos/{spot}", get(dashboard::spot))
        .route("/painel/servicos/{service}", get(dashboard::service))
        .layer(middleware::map_response(security_headers))
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        balcao_web::STYLESHEET,
    )
        .into_response()
}

/// Adds the security headers to every answer of the web routes.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let keep_cache = headers.contains_key(header::CACHE_CONTROL);
    let mut set = |name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set("content-security-policy", CSP);
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    set("referrer-policy", "no-referrer");
    set("cross-origin-opener-policy", "same-origin");
    set("cross-origin-resource-policy", "same-origin");
    set(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    if !keep_cache {
        set("cache-control", "no-store");
    }
    response
}

/// The language a request asks for: `lang=en` in the query or the form, else European Portuguese.
pub fn lang_of(value: Option<&str>) -> Lang {
    match value {
        Some("en") => Lang::En,
        _ => Lang::Pt,
    }
}

/// The pairs of a query string or a form body, decoded.
pub fn pairs(text: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text).into_owned().collect()
}

/// The first value of `name` in `pairs`.
pub fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The request's peer address, when `serve` gave it (tests in-process have none).
pub fn peer(request: &Request) -> Option<IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// The address as a rate-limiter key.
pub fn address_key(ip: Option<IpAddr>) -> Vec<u8> {
    match ip {
        Some(IpAddr::V4(v4)) => v4.octets().to_vec(),
        Some(IpAddr::V6(v6)) => v6.octets().to_vec(),
        None => Vec::new(),
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// An HTML page with `status`.
pub fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// A failure shown as a page: its status, the sentence to show (already translated), where "back"
/// goes, and the language.
#[derive(Debug)]
pub struct WebError {
    /// The status.
    pub status: StatusCode,
    /// The sentence.
    pub message: String,
    /// The link back.
    pub back: String,
    /// The reader's language.
    pub lang: Lang,
    /// `Retry-After` seconds, for 429 and 503.
    pub retry_after: Option<u64>,
}

impl WebError {
    /// A failure with a translated message id and arguments.
    pub fn new(status: StatusCode, lang: Lang, id: &str, args: &[(&str, String)], back: &str) -> WebError {
        let i18n = balcao_i18n::I18n::new(lang);
        WebError {
            status,
            message: i18n.tr_args(id, args),
            back: back.to_owned(),
            lang,
            retry_after: None,
        }
    }

    /// The page for an error of the database or the server: nothing of its text reaches the page.
    pub fn from_api(error: ApiError, lang: Lang, back: &str) -> WebError {
        let (status, id, retry_after) = match &error {
            ApiError::Unavailable { retry_after } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "dash-error-unavailable",
                Some(*retry_after),
            ),
            ApiError::RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "dash-error-too-many",
                Some(*retry_after),
            ),
            _ => {
                tracing::error!(error = ?error, "a web page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "dash-error-internal", None)
            }
        };
        WebError {
            retry_after,
            ..WebError::new(status, lang, id, &[], back)
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let page = balcao_web::error_page(
            self.lang,
            self.status.as_u16(),
            &self.message,
            &self.back,
            &LangLinks::new(self.back.clone()),
        );
        let mut response = html(self.status, page);
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
