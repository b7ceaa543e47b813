//! The coordinators' dashboard, in-process through `app()`: login, sessions and CSRF, every page and
//! every refusal, figures checked against what was sent, CSV equal to the page, and the pages'
//! accessibility.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use balcao_audit::DeviceKey;
use balcao_central::api::now_ms;
use balcao_central::web::dashboard::days_of;
use balcao_central::web::session;
use balcao_central::{Options, admin};
use balcao_survey::Ticket;
use common::{Server, unlimited};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const MIN: i64 = 60_000;
const PASSWORD: &str = "Correto-Cavalo-Bateria-9";
const RANGE: &str = "from=2026-11-01&to=2026-11-07";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

async fn call(server: &Server, request: Request<Body>) -> Reply {
    let response = balcao_central::app(server.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(server: &Server, path: &str, cookie: Option<&str>) -> Reply {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    call(server, request.body(Body::empty()).unwrap()).await
}

async fn post(server: &Server, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    call(server, request.body(Body::from(body)).unwrap()).await
}

/// The value of `name="csrf" value="…"` in a page.
fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\"").expect("a csrf field");
    let tail = &page[at..];
    let start = tail.find("value=\"").unwrap() + 7;
    tail[start..start + tail[start..].find('"').unwrap()].to_owned()
}

/// Makes a coordinator (for `entity`, or the network) with a login; returns the session cookie.
async fn signed_in(server: &Server, name: &str, login: &str, entity: Option<&str>) -> String {
    admin::create_entity_token(&server.pool, name, entity, now_ms())
        .await
        .unwrap();
    session::set_password(&server.pool, name, login, PASSWORD, now_ms())
        .await
        .unwrap();
    let form = get(server, "/painel/entrar", None).await;
    let login_cookie = form.cookie(session::LOGIN_COOKIE).unwrap();
    let pair = login_cookie.split(';').next().unwrap().to_owned();
    let reply = post(
        server,
        "/painel/entrar",
        Some(&pair),
        &[
            ("login", login),
            ("password", PASSWORD),
            ("csrf", &csrf_of(&form.body)),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .cookie(session::COOKIE)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

fn at(day: &str, hour: i64, minute: i64) -> i64 {
    days_of(day).unwrap() * DAY_MS + hour * 60 * MIN + minute * MIN
}

/// An `attendance.ended` record with its lines: `(service, outcome, minutes)`.
fn attendance(spot: &str, start: i64, end: i64, mediator: &str, lines: &[(&str, &str, i64)]) -> Value {
    let id = Uuid::now_v7().to_string();
    let lines: Vec<Value> = lines
        .iter()
        .map(|(service, outcome, minutes)| {
            json!({"service_id": service, "started_at": start, "ended_at": start + minutes * MIN,
                   "current_step": 0, "documents_checked": [], "outcome": {"kind": outcome}, "notes": ""})
        })
        .collect();
    json!({"id": id, "kind": "attendance.ended", "spot": spot, "group_id": id, "created_at": end,
           "payload": {"id": id, "origin": {"spot": spot, "counter": "1", "mediator": mediator},
                       "started_at": start, "ended_at": end, "citizen": null, "lines": lines, "notes": ""}})
}

const IRN: &str = "irn-alterar-morada-cartao-cidadao";
const IMT: &str = "imt-revalidar-carta-conducao";

/// Two spots (EC-0200 hosted by `cm-braga`), three attendances, two survey answers.
async fn network(server: &Server) {
    let now = now_ms();
    admin::create_hosted_spot(&server.pool, "EC-0200", "Braga", Some("cm-braga"), now)
        .await
        .unwrap();
    let braga = device(server, "EC-0200", 1).await;
    let faro = {
        admin::create_spot(&server.pool, "EC-0201", "Faro", now)
            .await
            .unwrap();
        device(server, "EC-0201", 2).await
    };
    let a = attendance(
        "EC-0200",
        at("2026-11-02", 10, 0),
        at("2026-11-02", 10, 30),
        "ana",
        &[(IRN, "concluido", 12), (IMT, "pendente", 18)],
    );
    let b = attendance(
        "EC-0200",
        at("2026-11-02", 11, 0),
        at("2026-11-02", 11, 20),
        "rui",
        &[(IMT, "concluido", 20)],
    );
    let c = attendance(
        "EC-0201",
        at("2026-11-03", 15, 0),
        at("2026-11-03", 15, 10),
        "eva",
        &[(IRN, "nao-foi-possivel", 10)],
    );
    // The survey of A is answered before its record syncs; C's after.
    answer(server, &braga, at("2026-11-02", 10, 30), "5", "yes").await;
    let (status, body) = server.send(&braga.0, &[a, b]).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.send(&faro.0, &[c]).await;
    assert_eq!(status, 200, "{body}");
    // Two payments at Braga, one of them cancelled.
    let paid = common::paid("EC-0200", at("2026-11-02", 10, 20));
    let payment_id = paid["payload"]["id"].as_str().unwrap().to_owned();
    let id = Uuid::now_v7().to_string();
    let cancelled = json!({"id": id, "kind": "cash.cancellation", "spot": "EC-0200", "group_id": id,
        "created_at": at("2026-11-02", 10, 25),
        "payload": {"id": id, "payment_id": payment_id, "session_id": "s", "reason": "engano no serviço",
                    "receipt_number": "EC-0200-1-2026/000002", "created_at": at("2026-11-02", 10, 25)}});
    let (status, body) = server
        .send(
            &braga.0,
            &[paid, common::paid("EC-0200", at("2026-11-02", 11, 15)), cancelled],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    answer(server, &faro, at("2026-11-03", 15, 10), "2", "no").await;
}

async fn device(server: &Server, spot: &str, seed: u8) -> (String, Uuid, DeviceKey) {
    let now = now_ms();
    let code = admin::create_enrollment_code(&server.pool, spot, now, now + DAY_MS)
        .await
        .unwrap();
    let key = DeviceKey::from_seed(&[seed; 32]);
    let (status, body) = server
        .post(
            "",
            "/v1/enroll",
            &json!({"code": code, "device_name": format!("Posto {seed}"),
                                        "audit_public_key": key.public().to_hex()}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    (
        body["token"].as_str().unwrap().to_owned(),
        body["device_id"].as_str().unwrap().parse().unwrap(),
        key,
    )
}

async fn answer(
    server: &Server,
    device: &(String, Uuid, DeviceKey),
    ended_at: i64,
    satisfaction: &str,
    alone: &str,
) {
    let text = Ticket {
        device: device.1,
        ended_at,
    }
    .issue(&device.2);
    let reply = post(
        server,
        &format!("/q/{text}"),
        None,
        &[("satisfaction", satisfaction), ("done", "yes"), ("alone", alone)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

fn start_options() -> Options {
    Options {
        survey_days: 3650,
        ..unlimited()
    }
}

/// The rows of a CSV body, without the header.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| c.trim_matches('"').to_owned()).collect())
        .collect()
}

#[tokio::test]
async fn without_a_session_every_page_sends_the_browser_to_the_login() {
    let server = common::start(start_options()).await;
    for path in [
        "/painel",
        "/painel/espacos/EC-1",
        "/painel/servicos/x",
        "/painel?csv=spots",
    ] {
        let reply = get(&server, path, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            reply.headers["location"]
                .to_str()
                .unwrap()
                .starts_with("/painel/entrar")
        );
    }
    let forged = get(&server, "/painel", Some("__Host-balcao-sessao=made-up")).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_needs_the_form_token_and_the_password_and_logout_needs_the_session_token() {
    let server = common::start(start_options()).await;
    admin::create_coordinator_token(&server.pool, "Coordenação", now_ms())
        .await
        .unwrap();
    session::set_password(&server.pool, "Coordenação", "coord", PASSWORD, now_ms())
        .await
        .unwrap();
    let form = get(&server, "/painel/entrar", None).await;
    assert_eq!(form.status, StatusCode::OK);
    let login_cookie = form.cookie(session::LOGIN_COOKIE).unwrap();
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(login_cookie.contains(attribute), "{login_cookie}");
    }
    let pair = login_cookie.split(';').next().unwrap().to_owned();
    let csrf = csrf_of(&form.body);

    let no_token = post(
        &server,
        "/painel/entrar",
        Some(&pair),
        &[("login", "coord"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(no_token.cookie(session::COOKIE).is_none());
    let no_cookie = post(
        &server,
        "/painel/entrar",
        None,
        &[("login", "coord"), ("password", PASSWORD), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
    let wrong = post(
        &server,
        "/painel/entrar",
        Some(&pair),
        &[("login", "coord"), ("password", "nope"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.body.contains("value=\"coord\""),
        "the login is kept, never the password"
    );
    let unknown = post(
        &server,
        "/painel/entrar",
        Some(&pair),
        &[("login", "ninguem"), ("password", PASSWORD), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    let ok = post(
        &server,
        "/painel/entrar",
        Some(&pair),
        &[("login", "coord"), ("password", PASSWORD), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let cookie = ok.cookie(session::COOKIE).unwrap();
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let page = get(&server, "/painel", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Coordenação"));

    let logout_without = post(&server, "/painel/sair", Some(&cookie), &[]).await;
    assert_eq!(logout_without.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::OK
    );
    let logout = post(
        &server,
        "/painel/sair",
        Some(&cookie),
        &[("csrf", &csrf_of(&page.body))],
    )
    .await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn failed_logins_slow_down_and_lock_the_account_until_the_console_sets_a_password() {
    let server = common::start(start_options()).await;
    admin::create_coordinator_token(&server.pool, "Coordenação", now_ms())
        .await
        .unwrap();
    session::set_password(&server.pool, "Coordenação", "coord", PASSWORD, now_ms())
        .await
        .unwrap();
    let client = server.pool.get().await.unwrap();
    client
        .execute(
            "UPDATE coordinators SET failed_logins = 10, last_failed_at = 1 WHERE login = 'coord'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        session::login(&server.pool, "coord", PASSWORD, now_ms())
            .await
            .unwrap(),
        Err(session::LoginRefusal::Locked)
    );
    client
        .execute(
            "UPDATE coordinators SET failed_logins = 5, last_failed_at = $1 WHERE login = 'coord'",
            &[&now_ms()],
        )
        .await
        .unwrap();
    assert!(matches!(
        session::login(&server.pool, "coord", PASSWORD, now_ms())
            .await
            .unwrap(),
        Err(session::LoginRefusal::Wait(_))
    ));
    session::set_password(&server.pool, "Coordenação", "coord", PASSWORD, now_ms())
        .await
        .unwrap();
    assert!(
        session::login(&server.pool, "coord", PASSWORD, now_ms())
            .await
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn an_idle_session_expires() {
    let server = common::start(Options {
        web_idle: std::time::Duration::from_millis(300),
        ..start_options()
    })
    .await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_overview_counts_what_the_counters_sent_and_each_csv_equals_its_table() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let page = get(&server, &format!("/painel?{RANGE}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Braga") && page.body.contains("Faro"));
    assert!(page.body.contains("<svg"), "charts are drawn on the server");

    let csv = |table: &'static str| {
        let path = format!("/painel?{RANGE}&csv={table}");
        let server = &server;
        let cookie = cookie.clone();
        async move {
            let reply = get(server, &path, Some(&cookie)).await;
            assert_eq!(reply.status, StatusCode::OK, "{table}: {}", reply.body);
            assert!(
                reply.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            assert!(
                reply.headers["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains("attachment")
            );
            reply.body
        }
    };
    // Spots: attendances, average minutes, answers, satisfaction.
    let spots = csv_rows(&csv("spots").await);
    assert_eq!(
        spots,
        vec![
            vec![
                "Braga".to_owned(),
                "2".into(),
                "25.0".into(),
                "1".into(),
                "5.0".into()
            ],
            vec![
                "Faro".to_owned(),
                "1".into(),
                "10.0".into(),
                "1".into(),
                "2.0".into()
            ],
        ]
    );
    let outcomes = csv_rows(&csv("outcomes").await);
    let counts: Vec<&str> = outcomes.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(counts, ["2", "1", "0", "1", "0"], "{outcomes:?}");
    let hours = csv_rows(&csv("hours").await);
    assert_eq!(
        hours
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect::<Vec<_>>(),
        [("10h", "1"), ("11h", "1"), ("15h", "1")]
    );
    let services = csv_rows(&csv("services").await);
    let imt = services.iter().find(|r| r[0].contains("carta")).unwrap();
    assert_eq!(
        &imt[1..6],
        ["2", "0.5000", "19.0", "20.0", "0.95"],
        "{services:?}"
    );
    let per_period = csv_rows(&csv("per-period").await);
    assert_eq!(per_period.len(), 7, "every day of the range, empty days as zeros");
    assert_eq!(per_period[1][1], "2");

    // Every row of every CSV appears on the page (the page formats numbers for people).
    let page_text = page.body.replace('\u{a0}', " ");
    for row in &spots {
        assert!(page_text.contains(&row[0]));
    }
    // The page's spots table has a header row and exactly the CSV's rows.
    let table = &page.body[page.body.find("id=\"spots\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr").count(), spots.len() + 1, "{table}");

    let till = csv_rows(&csv("till").await);
    assert_eq!(
        till,
        vec![vec!["IRN".to_owned(), "1".into(), "5.00".into()]],
        "the cancelled payment is not counted"
    );
    // An entity filter counts that entity's lines.
    let imt_only = csv_rows(
        &get(
            &server,
            &format!("/painel?{RANGE}&entity=imt&csv=entities"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(imt_only.len(), 1);
    assert_eq!(imt_only[0][1], "2");
}

#[tokio::test]
async fn spot_and_service_pages_show_their_own_figures() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let spot = get(
        &server,
        &format!("/painel/espacos/EC-0200?{RANGE}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(spot.status, StatusCode::OK, "{}", spot.body);
    assert!(spot.body.contains("Posto 1"), "its counters");
    let mediators = csv_rows(
        &get(
            &server,
            &format!("/painel/espacos/EC-0200?{RANGE}&csv=mediators"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(
        mediators,
        vec![
            vec![
                "ana".to_owned(),
                "1".into(),
                "30.0".into(),
                "1".into(),
                "5.0".into()
            ],
            vec!["rui".to_owned(), "1".into(), "20.0".into(), "0".into(), "".into()],
        ]
    );
    let service = get(&server, &format!("/painel/servicos/{IRN}?{RANGE}"), Some(&cookie)).await;
    assert_eq!(service.status, StatusCode::OK);
    let by_spot = csv_rows(
        &get(
            &server,
            &format!("/painel/servicos/{IRN}?{RANGE}&csv=spots"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(by_spot.len(), 2, "{by_spot:?}");
}

#[tokio::test]
async fn a_host_entity_sees_only_its_spots_and_is_told_so() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Câmara de Braga", "braga", Some("cm-braga")).await;
    let spots = csv_rows(
        &get(&server, &format!("/painel?{RANGE}&csv=spots"), Some(&cookie))
            .await
            .body,
    );
    assert_eq!(spots.len(), 1);
    assert_eq!(spots[0][0], "Braga");
    for path in [
        format!("/painel/espacos/EC-0201?{RANGE}"),
        format!("/painel?{RANGE}&spot=EC-0201"),
    ] {
        let reply = get(&server, &path, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(reply.body.contains("EC-0201"));
    }
}

#[tokio::test]
async fn bad_filters_are_clear_400_pages_never_500() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    for (query, needle) in [
        ("from=2026-13-01", "from"),
        ("from=ontem", "ontem"),
        ("from=2026-11-07&to=2026-11-01", "posterior"),
        ("from=2020-01-01&to=2026-11-01", "1098"),
        ("entity=nada", "nada"),
        ("service=nada", "nada"),
        ("spot=EC-9999", "EC-9999"),
        ("colour=red", "colour"),
        ("csv=nada", "nada"),
        ("from=%27%3B%20DROP%20TABLE%20spots", "DROP"),
    ] {
        let reply = get(&server, &format!("/painel?{query}"), Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", reply.body);
        assert!(reply.body.contains(needle), "{query}: {}", reply.body);
        assert!(!reply.body.contains("SELECT") && !reply.body.contains("postgres"));
    }
    assert_eq!(
        get(&server, "/painel/espacos/EC-9999", Some(&cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&server, "/painel/servicos/nada", Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_page_passes_the_accessibility_check_in_both_languages() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let braga = device(&server, "EC-0200", 3).await;
    let ticket = Ticket {
        device: braga.1,
        ended_at: now_ms(),
    }
    .issue(&braga.2);
    for lang in ["pt", "en"] {
        let pages = [
            get(&server, &format!("/painel/entrar?lang={lang}"), None).await,
            get(&server, &format!("/painel?{RANGE}&lang={lang}"), Some(&cookie)).await,
            get(
                &server,
                &format!("/painel/espacos/EC-0200?{RANGE}&lang={lang}"),
                Some(&cookie),
            )
            .await,
            get(
                &server,
                &format!("/painel/servicos/{IRN}?{RANGE}&lang={lang}"),
                Some(&cookie),
            )
            .await,
            get(&server, &format!("/painel?from=nada&lang={lang}"), Some(&cookie)).await,
            get(&server, &format!("/q/{ticket}?lang={lang}"), None).await,
            post(
                &server,
                &format!("/q/{ticket}?lang={lang}"),
                None,
                &[("comment", "912345678"), ("lang", lang)],
            )
            .await,
            get(&server, &format!("/q/nada?lang={lang}"), None).await,
        ];
        for page in pages {
            let problems = balcao_web::a11y::check(&page.body);
            assert!(problems.is_empty(), "{lang} {}: {problems:?}", page.status);
            assert_eq!(page.headers["content-security-policy"], balcao_central::web::CSP);
        }
    }
}

#[tokio::test]
async fn the_rollups_equal_the_statistics_rows_they_summarise() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let client = server.pool.get().await.unwrap();
    let pairs = [
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_net_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines WHERE outcome = 'concluido'",
            "SELECT sum(concluido)::int8 FROM roll_net_service",
        ),
        (
            "SELECT sum(duration_ms)::int8 FROM stat_lines",
            "SELECT sum(line_ms_sum)::int8 FROM roll_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_net_hour",
        ),
        (
            "SELECT count(*)::int8 FROM survey_answers",
            "SELECT sum(answers)::int8 FROM roll_survey",
        ),
        (
            "SELECT sum(satisfaction)::int8 FROM survey_answers",
            "SELECT sum(satisfaction)::int8 FROM roll_survey",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_month",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_net_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_month",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_net_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_entity_month",
        ),
        (
            "SELECT count(*)::int8 FROM survey_answers",
            "SELECT sum(answers)::int8 FROM roll_survey_month",
        ),
        (
            "SELECT count(DISTINCT (s.device_id, s.ended_at, l.entity_id))::int8 FROM survey_answers s \
             JOIN stat_attendances a USING (device_id, ended_at) JOIN stat_lines l USING (attendance_id)",
            "SELECT count(*)::int8 FROM survey_by_entity",
        ),
        (
            "SELECT count(DISTINCT (s.device_id, s.ended_at, l.service_id))::int8 FROM survey_answers s \
             JOIN stat_attendances a USING (device_id, ended_at) JOIN stat_lines l USING (attendance_id)",
            "SELECT count(*)::int8 FROM survey_by_service",
        ),
        (
            "SELECT sum(collected_cents)::int8 FROM stat_payments p \
             WHERE NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = p.payment_id)",
            "SELECT sum(cents)::int8 FROM roll_net_till",
        ),
    ];
    for (raw, rolled) in pairs {
        let a: Option<i64> = client.query_one(raw, &[]).await.unwrap().get(0);
        let b: Option<i64> = client.query_one(rolled, &[]).await.unwrap().get(0);
        assert_eq!(a, b, "{raw} vs {rolled}");
        assert!(a.unwrap_or(0) > 0, "{raw} counts something");
    }
}

#[tokio::test]
async fn a_schema_10_database_upgrades_with_its_attendances_rolled_up() {
    let url = balcao_testkit::PgCluster::shared().create_database();
    {
        let server = common::start_on(&url, &common::repo_catalogue(), start_options()).await;
        network(&server).await;
        let client = server.pool.get().await.unwrap();
        client.batch_execute(common::UNDO_SCHEMA_11).await.unwrap();
    }
    let pool = balcao_central::db::pool(&url, 2).unwrap();
    assert_eq!(balcao_central::db::migrate(&pool).await.unwrap(), vec![11]);
    let client = pool.get().await.unwrap();
    let row = client
        .query_one(
            "SELECT string_agg(mediator || ':' || hour || ':' || ((ended_at - started_at) / 60000), ',' ORDER BY mediator) \
             FROM stat_attendances",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "ana:10:30,eva:15:10,rui:11:20");
    let row = client
        .query_one(
            "SELECT string_agg(outcome || ':' || (duration_ms / 60000), ',' ORDER BY outcome, duration_ms) FROM stat_lines",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        row.get::<_, String>(0),
        "concluido:12,concluido:20,nao-foi-possivel:10,pendente:18"
    );
    let rolled: (i64, i64, i64) = {
        let r = client
            .query_one(
                "SELECT (SELECT sum(attendances) FROM roll_day)::int8, (SELECT sum(concluido) FROM roll_net_service)::int8, \
                 (SELECT sum(line_ms_sum) FROM roll_service)::int8 / 60000",
                &[],
            )
            .await
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!(rolled, (3, 2, 60));
    // And the upgraded server keeps rolling up what arrives next.
    let server = common::start_on(&url, &common::repo_catalogue(), start_options()).await;
    let braga = device(&server, "EC-0200", 4).await;
    let d = attendance(
        "EC-0200",
        at("2026-11-04", 9, 0),
        at("2026-11-04", 9, 5),
        "ana",
        &[(IRN, "concluido", 5)],
    );
    assert_eq!(server.send(&braga.0, &[d]).await.0, 200);
    let total: i64 = client
        .query_one("SELECT sum(attendances)::int8 FROM roll_day", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(total, 4);
}

#[tokio::test]
async fn rotating_the_api_token_keeps_the_dashboard_login_and_its_sessions() {
    let server = common::start(start_options()).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let client = server.pool.get().await.unwrap();
    let old: Uuid = client
        .query_one("SELECT id FROM coordinators WHERE login = 'coord'", &[])
        .await
        .unwrap()
        .get(0);
    balcao_central::fleet::rotate_coordinator(&server.pool, old, now_ms())
        .await
        .unwrap();
    let new: Uuid = client
        .query_one(
            "SELECT id FROM coordinators WHERE login = 'coord' AND revoked_at IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_ne!(old, new);
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::OK
    );
    assert!(
        session::login(&server.pool, "coord", PASSWORD, now_ms())
            .await
            .unwrap()
            .is_ok()
    );
    // Revoking the token (not rotating it) ends the web access too.
    balcao_central::fleet::revoke_coordinator(&server.pool, new, now_ms())
        .await
        .unwrap();
    assert_eq!(
        get(&server, "/painel", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_ne!(
        session::login(&server.pool, "coord", PASSWORD, now_ms())
            .await
            .unwrap()
            .map(|_| ()),
        Ok(())
    );
}
