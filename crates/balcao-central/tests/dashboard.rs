//! The coordinators' dashboard, in-process through `app()`: login, sessions and CSRF, who may see
//! what, and every refusal of a bad filter (never a 500).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use balcao_central::api::now_ms;
use balcao_central::web::session;
use balcao_central::{Options, admin};
use common::web::*;
use uuid::Uuid;

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
