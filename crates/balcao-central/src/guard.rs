//! What protects every handler, whoever calls: a deadline, and a budget of failures per address.
//!
//! **Deadline.** A request that has not been answered within [`Options::request_timeout`] (default
//! 30 s: a database that stopped answering, a lock held too long) is answered `503 unavailable` with
//! `Retry-After`, and its work is dropped, so a sick database holds neither connections nor the
//! counters waiting on them; a counter retries later with its outbox intact.
//!
//! **Per-address budget.** Guessing enrolment codes or tokens costs a request each, so each source
//! address has a bucket ([`Options::address_limit`], default 10 at once, one more every 6 s) from which
//! every enrolment attempt and every `401` takes one; an address with an empty bucket is answered
//! `429` before its request reaches the database. Counters that work never touch it: a valid token
//! is never a `401`. The address is the TCP peer's (`serve` gives it); behind a reverse proxy all
//! requests share the proxy's address, so the proxy must do this job instead.
//!
//! [`Options::request_timeout`]: crate::api::Options::request_timeout
//! [`Options::address_limit`]: crate::api::Options::address_limit

use crate::error::ApiError;
use crate::ratelimit::RateLimiter;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Answers `503` when `next` takes longer than `timeout`.
pub async fn deadline(timeout: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(?timeout, "request timed out");
            ApiError::Unavailable {
                retry_after: timeout.as_secs().clamp(1, 60),
            }
            .into_response()
        }
    }
}

/// The per-address budget of enrolment attempts and failed authentications.
pub async fn address_budget(limiter: Arc<RateLimiter>, request: Request, next: Next) -> Response {
    let Some(ip) = peer(&request) else {
        return next.run(request).await;
    };
    let key = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    if let Err(retry_after) = limiter.peek(&key, Instant::now()) {
        return ApiError::RateLimited { retry_after }.into_response();
    }
    let enrolment = request.uri().path() == "/v1/enroll";
    let response = next.run(request).await;
    if enrolment || response.status() == StatusCode::UNAUTHORIZED {
        // Taken after the fact: whether a request failed is only known once it has.
        let _ = limiter.check(&key, Instant::now());
    }
    response
}

fn peer(request: &Request) -> Option<IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}
