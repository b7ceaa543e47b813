//! The real central server as a process of its own, for `tests/tests/sync_crash.rs` to kill with
//! SIGKILL, including at the worst moment: after it committed a request's records and before its reply
//! left.
//!
//! It is `balcao-central serve` without the signal handling: the same `AppState` (migrations, the signed
//! repository catalogue with the demo key) and the same router (`balcao_central::app`), on
//! `127.0.0.1:$BALCAO_CENTRAL_PORT` over `$BALCAO_CENTRAL_DB_URL`, with the rate limit lifted (the test's
//! counter retries within milliseconds). It prints `listening` once it accepts connections.
//!
//! With `BALCAO_CENTRAL_HOLD_AFTER=n`, the n-th `POST /v1/records` that the server answered with its
//! results (so its transaction has committed) is not replied to: the process prints `committed` and
//! holds the reply, and the test, reading that line, kills it. The counter then never learns that its
//! records were stored, which is exactly the case that must not double them.
//!
//! `BALCAO_CENTRAL_HEADER_TIMEOUT_MS` shortens the header timeout (20 s in service), for
//! `tests/tests/sick_server.rs`, whose ten thousand idle connections should not take 20 s to shed.

// A test helper: a broken setup should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::extract::Request;
use axum::middleware::{self, Next};
use balcao_central::{AppState, bundle, db};
use balcao_tests::harness::{bind, env_u64, repo_catalogue, unlimited};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

fn main() {
    let db_url = std::env::var("BALCAO_CENTRAL_DB_URL").expect("BALCAO_CENTRAL_DB_URL");
    let port = u16::try_from(env_u64("BALCAO_CENTRAL_PORT", 0)).unwrap();
    let hold_after = env_u64("BALCAO_CENTRAL_HOLD_AFTER", 0);
    let header_timeout =
        std::time::Duration::from_millis(env_u64("BALCAO_CENTRAL_HEADER_TIMEOUT_MS", 20_000));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let pool = db::pool(&db_url, 8).unwrap();
        let key = bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap();
        let state = AppState::new(pool, &repo_catalogue(), key, unlimited())
            .await
            .unwrap();
        let answered = Arc::new(AtomicU64::new(0));
        let hold = middleware::from_fn(move |request: Request, next: Next| {
            let answered = Arc::clone(&answered);
            async move {
                let records = request.uri().path() == "/v1/records";
                let response = next.run(request).await;
                // 200 and 422 carry per-record results: the request's transaction has committed.
                let committed = records && matches!(response.status().as_u16(), 200 | 422);
                if committed && answered.fetch_add(1, Ordering::SeqCst) + 1 == hold_after {
                    println!("committed");
                    std::future::pending::<()>().await;
                }
                response
            }
        });
        let listener = bind(port).await;
        println!("listening");
        balcao_central::serve_with(listener, balcao_central::app(state).layer(hold), header_timeout)
            .await
            .unwrap();
    });
}
