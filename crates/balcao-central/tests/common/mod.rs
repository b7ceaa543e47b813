//! What the central server's tests share: a server on a real TCP port over a fresh database of the
//! binary's shared throwaway PostgreSQL cluster, and the admin steps every test needs.

#![allow(dead_code)]

use balcao_central::{AppState, Options, admin, api, bundle, db};
use balcao_testkit::PgCluster;
use deadpool_postgres::Pool;
use std::path::{Path, PathBuf};

pub mod web;

/// The repository's catalogue folder.
pub fn repo_catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogue")
}

/// The demo signing key.
pub fn demo_key() -> ed25519_dalek::SigningKey {
    bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap()
}

/// A running server.
pub struct Server {
    pub state: AppState,
    pub base: String,
    pub http: reqwest::Client,
    pub db_url: String,
    pub pool: Pool,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Options with a rate limit high enough never to get in a test's way.
pub fn unlimited() -> Options {
    Options {
        rate_limit: balcao_central::ratelimit::RateLimit {
            burst: 100_000,
            per_second: 100_000.0,
        },
        address_limit: balcao_central::ratelimit::RateLimit::UNLIMITED,
        ..Options::default()
    }
}

/// A minimal valid record of `spot` (a cash session opened), with a fresh id.
pub fn record(spot: &str) -> serde_json::Value {
    let id = uuid::Uuid::now_v7().to_string();
    serde_json::json!({"id": id, "kind": "cash.session-opened", "spot": spot, "group_id": id, "created_at": 1,
           "payload": {"id": id, "origin": {"spot": spot, "counter": "1", "mediator": "ana"},
                       "opened_at": 1, "opening_float": 5000, "closed_at": null, "closing_number": null}})
}

/// A server over a fresh database with the repository's catalogue and the demo key.
pub async fn start(options: Options) -> Server {
    let db_url = PgCluster::shared().create_database();
    start_on(&db_url, &repo_catalogue(), options).await
}

/// A server over the given database and catalogue folder.
pub async fn start_on(db_url: &str, catalogue: &Path, options: Options) -> Server {
    let pool = db::pool(db_url, 8).unwrap();
    let state = AppState::new(pool.clone(), catalogue, demo_key(), options)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = balcao_central::app(state.clone());
    let task = tokio::spawn(async move {
        balcao_central::serve(listener, app).await.unwrap();
    });
    Server {
        state,
        base,
        http: reqwest::Client::new(),
        db_url: db_url.to_owned(),
        pool,
        task,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates the spot (if needed) and enrolls a device in it; returns the device token.
    pub async fn device(&self, spot: &str) -> String {
        let now = api::now_ms();
        admin::create_spot(&self.pool, spot, &format!("Espaço {spot}"), now)
            .await
            .unwrap();
        let code = admin::create_enrollment_code(&self.pool, spot, now, now + 86_400_000)
            .await
            .unwrap();
        let response = self
            .http
            .post(self.url("/v1/enroll"))
            .json(&serde_json::json!({"code": code, "device_name": format!("Balcão de {spot}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["spot_code"], spot);
        body["token"].as_str().unwrap().to_owned()
    }

    /// A coordinator token.
    pub async fn coordinator(&self) -> String {
        admin::create_coordinator_token(&self.pool, "Coordenação", api::now_ms())
            .await
            .unwrap()
    }

    /// POSTs `/v1/records` with `records`; returns the status and the JSON body.
    pub async fn send(&self, token: &str, records: &[serde_json::Value]) -> (u16, serde_json::Value) {
        let response = self
            .http
            .post(self.url("/v1/records"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "records": records }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// GETs a path with a token; returns the status and the JSON body.
    pub async fn get(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        self.call(self.http.get(self.url(path)), token).await
    }

    /// POSTs `body` to a path with a token; returns the status and the JSON body.
    pub async fn post(&self, token: &str, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        self.call(self.http.post(self.url(path)).json(body), token).await
    }

    async fn call(&self, request: reqwest::RequestBuilder, token: &str) -> (u16, serde_json::Value) {
        let response = request.bearer_auth(token).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// How many records are stored.
    pub async fn record_count(&self) -> i64 {
        let client = self.pool.get().await.unwrap();
        client
            .query_one("SELECT count(*) FROM records", &[])
            .await
            .unwrap()
            .get(0)
    }
}

/// Checks that an error response has exactly the contract's body and no internal detail.
pub fn assert_error_body(body: &serde_json::Value, code: &str) {
    assert_eq!(body["error"], code, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(!message.is_empty());
    let object = body.as_object().unwrap();
    assert_eq!(object.len(), 2, "only error and message: {body}");
    for leak in [
        "SELECT", "INSERT", "postgres", "relation", "panicked", "tokio", "deadpool", "sql",
    ] {
        assert!(!message.contains(leak), "{message:?} leaks {leak:?}");
    }
}

/// SQL that undoes schema 10 (the statement-level checks of `records` become foreign keys again), for
/// tests that bring a database back to an older schema by hand before upgrading it.
pub const UNDO_SCHEMA_10: &str = "DROP TRIGGER records_references_on_insert ON records; \
     DROP TRIGGER records_references_on_update ON records; \
     DROP TRIGGER spots_keep_records ON spots; \
     DROP TRIGGER devices_keep_records ON devices; \
     DROP FUNCTION records_check_references, refuse_removing_a_spot_with_records, \
         refuse_removing_a_device_with_records; \
     ALTER TABLE records \
         ADD CONSTRAINT records_spot_code_fkey FOREIGN KEY (spot_code) REFERENCES spots (code), \
         ADD CONSTRAINT records_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices (id);";

/// An `attendance.ended` record of `spot` at `at` (ms) with one line of service `s1`.
pub fn ended(spot: &str, at: i64) -> serde_json::Value {
    let id = uuid::Uuid::now_v7().to_string();
    serde_json::json!({"id": id, "kind": "attendance.ended", "spot": spot, "group_id": id, "created_at": at,
           "payload": {"id": id, "origin": {"spot": spot, "counter": "1", "mediator": "m"},
                       "ended_at": at, "lines": [{"service_id": "s1"}]}})
}

/// A `cash.payment` record of `spot` at `at` (ms): 5 € for service `s1` of entity `irn`.
pub fn paid(spot: &str, at: i64) -> serde_json::Value {
    let id = uuid::Uuid::now_v7().to_string();
    serde_json::json!({"id": id, "kind": "cash.payment", "spot": spot, "group_id": id, "created_at": at,
           "payload": {"id": id, "origin": {"spot": spot, "counter": "1", "mediator": "m"},
                       "service_id": "s1", "entity_id": "irn", "collected": 500, "created_at": at}})
}

/// SQL that undoes schema 11 (the coordination's web side), for tests that bring a database back to an
/// older schema by hand before upgrading it. Run it before [`UNDO_SCHEMA_10`].
pub const UNDO_SCHEMA_11: &str = "DROP TRIGGER stat_attendances_roll ON stat_attendances; \
     DROP TRIGGER stat_lines_roll ON stat_lines; \
     DROP TRIGGER survey_answers_roll ON survey_answers; \
     DROP TRIGGER stat_payments_roll ON stat_payments; \
     DROP TRIGGER stat_cancellations_roll ON stat_cancellations; \
     DROP FUNCTION roll_attendances, roll_lines, roll_answers, roll_payments, roll_cancellations, balcao_ms, \
         balcao_stripe, balcao_fold_stripes; \
     DROP TABLE web_sessions, survey_answers, roll_day, roll_service, roll_net_service, roll_net_hour, \
         roll_survey, roll_month, roll_entity_month, roll_survey_month, roll_net_day, roll_net_till, \
         survey_by_entity, survey_by_service, catalogue_entities, catalogue_services; \
     DROP INDEX stat_attendances_spot_day, stat_payments_spot_day, stat_payments_service_day; \
     ALTER TABLE stat_attendances DROP COLUMN device_id, DROP COLUMN started_at, DROP COLUMN ended_at, \
         DROP COLUMN hour, DROP COLUMN mediator; \
     ALTER TABLE stat_lines DROP COLUMN outcome, DROP COLUMN duration_ms; \
     ALTER TABLE coordinators DROP COLUMN login, DROP COLUMN password_hash, DROP COLUMN failed_logins, \
         DROP COLUMN last_failed_at; \
     DELETE FROM schema_version WHERE version >= 11;";
