//! The citizen survey behind the QR (`/q/{ticket}`), in-process through `app()`: every answer and
//! every refusal, the security headers, and the join with an attendance that syncs later.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use balcao_audit::DeviceKey;
use balcao_central::api::now_ms;
use balcao_central::ratelimit::RateLimit;
use balcao_central::{Options, admin};
use balcao_survey::Ticket;
use common::web::{self, Reply};
use common::{Server, unlimited};
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Makes `spot` and enrolls a device in it with the audit key of `seed`; returns its token, id and key.
async fn device(server: &Server, spot: &str, seed: u8) -> (String, Uuid, DeviceKey) {
    admin::create_spot(&server.pool, spot, &format!("Espaço {spot}"), now_ms())
        .await
        .unwrap();
    web::enrolled(server, spot, seed).await
}

fn ticket(device: Uuid, ended_at: i64, key: &DeviceKey) -> String {
    Ticket { device, ended_at }.issue(key)
}

async fn get(server: &Server, path: &str) -> Reply {
    web::get(server, path, None).await
}

async fn post(server: &Server, path: &str, form: &[(&str, &str)]) -> Reply {
    web::post(server, path, None, form).await
}

const GOOD: [(&str, &str); 4] = [
    ("satisfaction", "5"),
    ("done", "yes"),
    ("alone", "unsure"),
    ("comment", ""),
];

async fn answers(server: &Server) -> i64 {
    let client = server.pool.get().await.unwrap();
    client
        .query_one("SELECT count(*) FROM survey_answers", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_ticket_is_answered_once_with_strict_headers_and_no_cookie() {
    let server = common::start(unlimited()).await;
    let (_, id, key) = device(&server, "EC-0100", 1).await;
    let path = format!("/q/{}", ticket(id, now_ms() - 60_000, &key));

    let form = get(&server, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"satisfaction\""), "{}", form.body);
    assert!(form.body.contains("lang=\"pt-PT\""));
    assert!(
        form.headers.get("set-cookie").is_none(),
        "answering needs no cookie"
    );
    let csp = form.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(form.headers["referrer-policy"], "no-referrer");
    assert_eq!(form.headers["x-frame-options"], "DENY");
    assert_eq!(form.headers["cache-control"], "no-store");
    assert!(!form.body.contains("<script"));

    let english = get(&server, &format!("{path}?lang=en")).await;
    assert!(english.body.contains("lang=\"en\""));

    let thanks = post(&server, &path, &GOOD).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
    assert_eq!(answers(&server).await, 1);

    let again = post(&server, &path, &GOOD).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(get(&server, &path).await.status, StatusCode::CONFLICT);
    assert_eq!(answers(&server).await, 1);
}

#[tokio::test]
async fn two_submits_at_once_store_one_answer_and_neither_fails() {
    let server = common::start(unlimited()).await;
    let (_, id, key) = device(&server, "EC-0101", 2).await;
    let path = format!("/q/{}", ticket(id, now_ms() - 1000, &key));
    let (a, b) = tokio::join!(post(&server, &path, &GOOD), post(&server, &path, &GOOD));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    assert_eq!(answers(&server).await, 1);
}

#[tokio::test]
async fn forged_mistyped_expired_and_revoked_tickets_are_refused_with_a_page() {
    let server = common::start(unlimited()).await;
    let (_, id, key) = device(&server, "EC-0102", 3).await;
    let now = now_ms();
    let other = DeviceKey::from_seed(&[99; 32]);
    let cases = [
        (ticket(id, now, &other), StatusCode::NOT_FOUND),
        (ticket(Uuid::now_v7(), now, &key), StatusCode::NOT_FOUND),
        ("not-a-ticket".to_owned(), StatusCode::NOT_FOUND),
        (ticket(id, now, &key)[..118].to_owned(), StatusCode::NOT_FOUND),
        (ticket(id, now - 31 * DAY_MS, &key), StatusCode::GONE),
    ];
    for (text, status) in cases {
        for reply in [
            get(&server, &format!("/q/{text}")).await,
            post(&server, &format!("/q/{text}"), &GOOD).await,
        ] {
            assert_eq!(reply.status, status, "{text}");
            assert!(
                reply.body.contains("<main"),
                "a page, not an error body: {}",
                reply.body
            );
            assert!(!reply.body.contains("name=\"satisfaction\""));
        }
    }
    // A ticket made before the device was revoked stays good; one made after is refused.
    let before = ticket(id, now - 1000, &key);
    balcao_central::fleet::revoke_device(&server.pool, id, "roubado", now)
        .await
        .unwrap();
    let after = ticket(id, now + 1000, &key);
    assert_eq!(get(&server, &format!("/q/{before}")).await.status, StatusCode::OK);
    assert_eq!(
        get(&server, &format!("/q/{after}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(answers(&server).await, 0);
}

#[tokio::test]
async fn the_expiry_is_configurable() {
    let server = common::start(Options {
        survey_days: 2,
        ..unlimited()
    })
    .await;
    let (_, id, key) = device(&server, "EC-0103", 4).await;
    let now = now_ms();
    assert_eq!(
        get(&server, &format!("/q/{}", ticket(id, now - DAY_MS, &key)))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get(&server, &format!("/q/{}", ticket(id, now - 3 * DAY_MS, &key)))
            .await
            .status,
        StatusCode::GONE
    );
}

#[tokio::test]
async fn a_refused_answer_names_each_problem_and_keeps_the_values() {
    let server = common::start(unlimited()).await;
    let (_, id, key) = device(&server, "EC-0104", 5).await;
    let path = format!("/q/{}", ticket(id, now_ms(), &key));

    let missing = post(
        &server,
        &path,
        &[("satisfaction", "4"), ("comment", "Obrigado à Ana")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("aria-invalid=\"true\""), "{}", missing.body);
    assert!(missing.body.contains("Obrigado à Ana"), "the comment is kept");
    assert!(
        missing.body.contains("value=\"4\" checked"),
        "the choice is kept: {}",
        missing.body
    );

    let with = |comment: &str| {
        [
            ("satisfaction", "3"),
            ("done", "no"),
            ("alone", "no"),
            ("comment", comment),
        ]
        .map(|(k, v)| (k, v.to_owned()))
    };
    let long = "a".repeat(501);
    for (comment, needle) in [
        ("Liguem-me para o 912 345 678", "telefone"),
        ("o meu email é ze@exemplo.pt", "e-mail"),
        ("NIF 123456789", "NIF"),
        (long.as_str(), "500"),
    ] {
        let fields = with(comment);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = post(&server, &path, &pairs).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{comment}");
        assert!(reply.body.contains(needle), "{comment}: {}", reply.body);
    }
    let escaped = post(
        &server,
        &path,
        &[("satisfaction", "x"), ("comment", "<script>alert(1)</script>")],
    )
    .await;
    assert!(!escaped.body.contains("<script>alert"), "escaped");
    assert_eq!(answers(&server).await, 0);
}

#[tokio::test]
async fn an_address_that_asks_too_often_is_told_to_wait() {
    let server = common::start(Options {
        survey_limit: RateLimit {
            burst: 3,
            per_second: 0.001,
        },
        ..unlimited()
    })
    .await;
    let (_, id, key) = device(&server, "EC-0105", 6).await;
    let path = format!("/q/{}", ticket(id, now_ms(), &key));
    for _ in 0..3 {
        assert_eq!(get(&server, &path).await.status, StatusCode::OK);
    }
    let refused = get(&server, &path).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn an_answer_before_its_attendance_syncs_is_joined_when_the_record_arrives() {
    let server = common::start(unlimited()).await;
    let (token, id, key) = device(&server, "EC-0106", 7).await;
    let ended_at = now_ms() - 5 * 60_000;
    let path = format!("/q/{}", ticket(id, ended_at, &key));
    assert_eq!(post(&server, &path, &GOOD).await.status, StatusCode::OK);
    let client = server.pool.get().await.unwrap();
    let joined = "SELECT count(*) FROM survey_answers s JOIN stat_attendances a \
                  ON a.device_id = s.device_id AND a.ended_at = s.ended_at";
    let count = |row: tokio_postgres::Row| row.get::<_, i64>(0);
    assert_eq!(count(client.query_one(joined, &[]).await.unwrap()), 0);
    // The survey is counted at once, on the attendance's day.
    let counted: i64 = client
        .query_one(
            "SELECT COALESCE(sum(answers), 0)::int8 FROM roll_survey WHERE spot_code = 'EC-0106'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(counted, 1);

    let (status, body) = server.send(&token, &[common::ended("EC-0106", ended_at)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(count(client.query_one(joined, &[]).await.unwrap()), 1);
}
