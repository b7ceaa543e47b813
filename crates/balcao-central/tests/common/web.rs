//! What the web side's tests share: requests through `app()` in-process (`oneshot`), a counter
//! enrolled with an audit key, a signed-in coordinator, and a small network of attendances, survey
//! answers and payments whose figures the dashboard tests check.

use super::{Server, unlimited};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use balcao_audit::DeviceKey;
use balcao_central::api::now_ms;
use balcao_central::web::dashboard::days_of;
use balcao_central::web::session;
use balcao_central::{Options, admin};
use balcao_survey::Ticket;
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
pub const MIN: i64 = 60_000;
pub const PASSWORD: &str = "Correto-Cavalo-Bateria-9";
pub const RANGE: &str = "from=2026-11-01&to=2026-11-07";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

pub async fn call(server: &Server, request: Request<Body>) -> Reply {
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

pub async fn get(server: &Server, path: &str, cookie: Option<&str>) -> Reply {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    call(server, request.body(Body::empty()).unwrap()).await
}

pub async fn post(server: &Server, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
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
pub fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\"").expect("a csrf field");
    let tail = &page[at..];
    let start = tail.find("value=\"").unwrap() + 7;
    tail[start..start + tail[start..].find('"').unwrap()].to_owned()
}

/// Makes a coordinator (for `entity`, or the network) with a login; returns the session cookie.
pub async fn signed_in(server: &Server, name: &str, login: &str, entity: Option<&str>) -> String {
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

pub fn at(day: &str, hour: i64, minute: i64) -> i64 {
    days_of(day).unwrap() * DAY_MS + hour * 60 * MIN + minute * MIN
}

/// An `attendance.ended` record with its lines: `(service, outcome, minutes)`.
pub fn attendance(spot: &str, start: i64, end: i64, mediator: &str, lines: &[(&str, &str, i64)]) -> Value {
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

pub const IRN: &str = "irn-alterar-morada-cartao-cidadao";
pub const IMT: &str = "imt-revalidar-carta-conducao";

/// Two spots (EC-0200 hosted by `cm-braga`), three attendances, two survey answers.
pub async fn network(server: &Server) {
    let now = now_ms();
    admin::create_hosted_spot(&server.pool, "EC-0200", "Braga", Some("cm-braga"), now)
        .await
        .unwrap();
    let braga = enrolled(server, "EC-0200", 1).await;
    let faro = {
        admin::create_spot(&server.pool, "EC-0201", "Faro", now)
            .await
            .unwrap();
        enrolled(server, "EC-0201", 2).await
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
    let paid = super::paid("EC-0200", at("2026-11-02", 10, 20));
    let payment_id = paid["payload"]["id"].as_str().unwrap().to_owned();
    let id = Uuid::now_v7().to_string();
    let cancelled = json!({"id": id, "kind": "cash.cancellation", "spot": "EC-0200", "group_id": id,
        "created_at": at("2026-11-02", 10, 25),
        "payload": {"id": id, "payment_id": payment_id, "session_id": "s", "reason": "engano no serviço",
                    "receipt_number": "EC-0200-1-2026/000002", "created_at": at("2026-11-02", 10, 25)}});
    let (status, body) = server
        .send(
            &braga.0,
            &[paid, super::paid("EC-0200", at("2026-11-02", 11, 15)), cancelled],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    answer(server, &faro, at("2026-11-03", 15, 10), "2", "no").await;
}

pub async fn enrolled(server: &Server, spot: &str, seed: u8) -> (String, Uuid, DeviceKey) {
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

pub async fn answer(
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

pub fn start_options() -> Options {
    Options {
        survey_days: 3650,
        ..unlimited()
    }
}

/// The rows of a CSV body, without the header.
pub fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| c.trim_matches('"').to_owned()).collect())
        .collect()
}
