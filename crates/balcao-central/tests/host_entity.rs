//! A host entity (a town hall) manages its own spots' accounts with its own coordinator token, and
//! reaches nothing else: not another entity's spots, not an account shared with one, not their
//! statistics, refusals or audit alerts. The network coordination reaches everything, and every account
//! change names the token that made it. Real server, real PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{admin, api, fleet};
use common::{Server, assert_error_body, ended, paid, start, unlimited};
use serde_json::{Value, json};

const PENELA: &str = "Câmara Municipal de Penela";
const LOUSA: &str = "Câmara Municipal da Lousã";

fn account(login: &str, role: &str, spots: &[&str]) -> Value {
    json!({"login": login, "name": format!("Pessoa {login}"), "role": role, "spots": spots})
}

/// `POST /v1/accounts` with `token` for an account of `login`, `role` and `spots`.
async fn create(server: &Server, token: &str, login: &str, role: &str, spots: &[&str]) -> (u16, Value) {
    server
        .post(token, "/v1/accounts", &account(login, role, spots))
        .await
}

/// The history of `login`: (action, coordinator id or None), oldest first.
async fn history(server: &Server, login: &str) -> Vec<(String, Option<uuid::Uuid>)> {
    let client = server.pool.get().await.unwrap();
    client
        .query(
            "SELECT e.action, e.coordinator_id FROM account_events e JOIN accounts a ON a.id = e.account_id \
             WHERE a.login = $1 ORDER BY e.id",
            &[&login],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// Penela's token, and the network coordination's.
async fn tokens(server: &Server) -> (String, String) {
    let entity =
        admin::create_entity_token(&server.pool, "Informática de Penela", Some(PENELA), api::now_ms())
            .await
            .unwrap();
    (entity, server.coordinator().await)
}

async fn hosted(server: &Server, spot: &str, entity: &str) -> String {
    let token = server.device(spot).await;
    admin::create_hosted_spot(
        &server.pool,
        spot,
        &format!("Espaço {spot}"),
        Some(entity),
        api::now_ms(),
    )
    .await
    .unwrap();
    token
}

#[tokio::test]
async fn a_host_entity_manages_its_own_spots_accounts_and_nothing_else() {
    let server = start(unlimited()).await;
    let penela_1 = hosted(&server, "EC-0400", PENELA).await;
    hosted(&server, "EC-0401", PENELA).await;
    let lousa = hosted(&server, "EC-0500", LOUSA).await;
    let now = api::now_ms();
    let (entity, network) = tokens(&server).await;
    let coordinators = fleet::list_coordinators(&server.pool).await.unwrap();
    let entity_id = coordinators
        .iter()
        .find(|c| c.host_entity.as_deref() == Some(PENELA))
        .unwrap()
        .id;

    // Its own spot: created, with a one-time code that only a hash of is stored.
    let (status, body) = create(&server, &entity, "Ana.Sousa", "mediador", &["EC-0400"]).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["login"], "ana.sousa");
    let code = body["activation_code"].as_str().unwrap().to_owned();
    assert!(body["activation_expires_at"].as_i64().unwrap() > now);
    assert_eq!(
        history(&server, "ana.sousa").await,
        vec![("create".to_owned(), Some(entity_id))]
    );

    // Another entity's spot, alone or among its own: refused, naming the spot, and nothing made.
    for spots in [vec!["EC-0500"], vec!["EC-0401", "EC-0500"]] {
        let (status, body) = create(&server, &entity, "rui.lima", "mediador", &spots).await;
        assert_eq!(status, 403, "{body}");
        assert_error_body(&body, "forbidden");
        assert!(body["message"].as_str().unwrap().contains("EC-0500"), "{body}");
    }
    assert!(history(&server, "rui.lima").await.is_empty());

    // The network coordination makes one account shared by both entities and one of the Lousã only.
    let (status, _) = create(
        &server,
        &network,
        "partilhada",
        "supervisor",
        &["EC-0401", "EC-0500"],
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = create(&server, &network, "so.lousa", "mediador", &["EC-0500"]).await;
    assert_eq!(status, 201);

    // Penela may not disable the shared account (it would cut off the Lousã's counter too), and
    // does not even see the Lousã's own.
    let (status, body) = server
        .post(&entity, "/v1/accounts/partilhada/disable", &json!({}))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_error_body(&body, "forbidden");
    let (status, body) = server
        .post(&entity, "/v1/accounts/so.lousa/disable", &json!({}))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_error_body(&body, "not-found");
    let (status, _) = server
        .post(&entity, "/v1/accounts/ninguem/unlock", &json!({}))
        .await;
    assert_eq!(status, 404);

    // Its own account: disable, unlock, reset (a new code, the old one dead), enable.
    for action in ["disable", "unlock"] {
        let (status, body) = server
            .post(&entity, &format!("/v1/accounts/ana.sousa/{action}"), &json!({}))
            .await;
        assert_eq!(status, 200, "{action}: {body}");
        assert_eq!(body["action"], action);
    }
    let (status, body) = server
        .post(&entity, "/v1/accounts/Ana.Sousa/reset", &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let new_code = body["activation_code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, code);
    let (status, _) = server
        .post(&entity, "/v1/accounts/ana.sousa/enable", &json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .post(&entity, "/v1/accounts/ana.sousa/promote", &json!({}))
        .await;
    assert_eq!(status, 404);
    let actions: Vec<String> = history(&server, "ana.sousa")
        .await
        .into_iter()
        .map(|(a, by)| {
            assert_eq!(by, Some(entity_id));
            a
        })
        .collect();
    assert_eq!(actions, ["create", "disable", "unlock", "reset", "enable"]);

    // The counter of the spot pulls the new code's hash, never the code.
    let (status, pulled) = server.get(&penela_1, "/v1/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(
        pulled["accounts"][0]["activation_code_hash"],
        balcao_accounts::code_hash(&new_code)
    );
    assert_eq!(pulled["accounts"][0]["disabled"], false);

    // The entity's list: its accounts, its spots only, no hash; the network's: everyone.
    let (status, listed) = server.get(&entity, "/v1/accounts").await;
    assert_eq!(status, 200);
    let logins: Vec<&str> = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["ana.sousa", "partilhada"]);
    assert_eq!(listed["accounts"][1]["spots"], json!(["EC-0401"]));
    assert_eq!(listed["accounts"][0]["state"], "awaiting-activation");
    assert!(!listed.to_string().contains("hash"), "{listed}");
    let (_, all) = server.get(&network, "/v1/accounts").await;
    assert_eq!(all["accounts"].as_array().unwrap().len(), 3);
    assert_eq!(all["accounts"][1]["spots"], json!(["EC-0401", "EC-0500"]));

    // A counter's token makes no accounts; bad input is said plainly.
    let (status, body) = create(&server, &lousa, "x.y", "mediador", &["EC-0500"]).await;
    assert_eq!(status, 403);
    assert_error_body(&body, "forbidden");
    let (status, body) = create(&server, &entity, "x.y", "chefe", &["EC-0400"]).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("chefe"), "{body}");
    let mut days = account("x.y", "mediador", &["EC-0400"]);
    days["valid_days"] = json!(0);
    let (status, _) = server.post(&entity, "/v1/accounts", &days).await;
    assert_eq!(status, 400);
    let (status, body) = create(&server, &network, "x.y", "mediador", &["EC-9999"]).await;
    assert_eq!(status, 404, "{body}");
    assert!(body["message"].as_str().unwrap().contains("EC-9999"), "{body}");
    let (status, body) = create(&server, &entity, "ana.sousa", "mediador", &["EC-0400"]).await;
    assert_eq!(status, 400, "{body}");

    // The operator at the console is written as no token.
    balcao_central::accounts::change(
        &server.pool,
        "so.lousa",
        balcao_central::accounts::Change::Unlock,
        api::now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(history(&server, "so.lousa").await.last().unwrap().1, None);
}

/// The string `field` of each row of a listing (`{"rows": [...]}`).
fn column(body: &Value, field: &str) -> Vec<String> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_str().unwrap().to_owned())
        .collect()
}

/// A server with Penela's spot EC-0400 and the Lousã's EC-0500: their device tokens, Penela's entity
/// token and the network coordination's.
async fn two_entities() -> (Server, [String; 4]) {
    let server = start(unlimited()).await;
    let penela = hosted(&server, "EC-0400", PENELA).await;
    let lousa = hosted(&server, "EC-0500", LOUSA).await;
    let (entity, network) = tokens(&server).await;
    (server, [penela, lousa, entity, network])
}

#[tokio::test]
async fn a_host_entity_reads_only_its_spots_and_its_reach_follows_the_spots() {
    let (server, [penela, lousa, entity, network]) = two_entities().await;

    // One refused record from each spot.
    for (token, spot) in [(&penela, "EC-0400"), (&lousa, "EC-0500")] {
        let mut bad = common::record(spot);
        bad["kind"] = json!("attendance.exploded");
        let (status, _) = server.send(token, &[bad]).await;
        assert_eq!(status, 422);
    }
    let spots_of = |body: &Value| column(body, "spot");
    let (status, seen) = server.get(&entity, "/v1/rejections").await;
    assert_eq!(status, 200);
    assert_eq!(spots_of(&seen), ["EC-0400"]);
    let (_, seen) = server.get(&network, "/v1/rejections").await;
    assert_eq!(spots_of(&seen), ["EC-0400", "EC-0500"]);
    // Asking for another entity's alerts by name reads nothing.
    let client = server.pool.get().await.unwrap();
    client
        .execute(
            "INSERT INTO audit_alerts (spot_code, device_id, kind, seq, detail, created_at) \
             SELECT spot_code, id, 'missing', 1, 'test', 1 FROM devices",
            &[],
        )
        .await
        .unwrap();
    let (status, alerts) = server.get(&entity, "/v1/audit/alerts?spot=EC-0500").await;
    assert_eq!(status, 200);
    assert_eq!(spots_of(&alerts), Vec::<String>::new());
    let (_, alerts) = server.get(&entity, "/v1/audit/alerts").await;
    assert_eq!(spots_of(&alerts), ["EC-0400"]);
    let (_, alerts) = server.get(&network, "/v1/audit/alerts").await;
    assert_eq!(alerts["rows"].as_array().unwrap().len(), 2);

    // The Lousã's spot handed to Penela is in Penela's reach at the next request, without a new token.
    let (status, _) = create(&server, &entity, "nova", "mediador", &["EC-0500"]).await;
    assert_eq!(status, 403);
    admin::create_hosted_spot(
        &server.pool,
        "EC-0500",
        "Espaço EC-0500",
        Some(PENELA),
        api::now_ms(),
    )
    .await
    .unwrap();
    let (status, body) = create(&server, &entity, "nova", "mediador", &["EC-0500"]).await;
    assert_eq!(status, 201, "{body}");

    // A rotated entity token keeps its entity, not the network's reach.
    let id = fleet::list_coordinators(&server.pool)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.host_entity.is_some())
        .unwrap()
        .id;
    let rotated = fleet::rotate_coordinator(&server.pool, id, api::now_ms())
        .await
        .unwrap();
    let (status, _) = server.get(&entity, "/v1/accounts").await;
    assert_eq!(status, 401);
    admin::create_spot(&server.pool, "EC-0600", "Espaço EC-0600", api::now_ms())
        .await
        .unwrap();
    let (status, _) = create(&server, &rotated, "outra", "mediador", &["EC-0600"]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_schema_5_database_upgrades_with_its_tokens_keeping_the_network_reach() {
    // The schema as version 5 left it (the migration files are never edited once shipped), with a
    // spot, an account and a coordinator token made before host entities existed.
    let url = balcao_testkit::PgCluster::shared().create_database();
    let pool = balcao_central::db::pool(&url, 2).unwrap();
    let client = pool.get().await.unwrap();
    client
        .batch_execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, \
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .await
        .unwrap();
    for (version, sql) in [
        (1, include_str!("../migrations/0001_init.sql")),
        (2, include_str!("../migrations/0002_rejections.sql")),
        (3, include_str!("../migrations/0003_audit.sql")),
        (4, include_str!("../migrations/0004_fleet.sql")),
        (5, include_str!("../migrations/0005_accounts.sql")),
    ] {
        client.batch_execute(sql).await.unwrap();
        client
            .execute(
                "INSERT INTO schema_version (version, name) VALUES ($1, 'old')",
                &[&version],
            )
            .await
            .unwrap();
    }
    client
        .execute(
            "INSERT INTO spots (code, name, created_at) VALUES ('EC-0700', 'Espaço EC-0700', 1)",
            &[],
        )
        .await
        .unwrap();
    let token = "token-antigo-da-coordenacao";
    client
        .execute(
            "INSERT INTO coordinators (id, name, token_hash, created_at) VALUES ($1, 'Coordenação', $2, 1)",
            &[&uuid::Uuid::now_v7(), &balcao_central::secret::hash(token)],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO accounts (id, login, name, role, created_at, updated_at) \
             VALUES ($1, 'antiga', 'Conta Antiga', 'mediador', 1, 1)",
            &[&uuid::Uuid::now_v7()],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO account_spots (account_id, spot_code) SELECT id, 'EC-0700' FROM accounts",
            &[],
        )
        .await
        .unwrap();
    drop(client);

    let server = common::start_on(&url, &common::repo_catalogue(), unlimited()).await;
    assert_eq!(
        balcao_central::db::migrate(&server.pool).await.unwrap(),
        Vec::<i32>::new()
    );
    // The old token is the network's: it sees the old account and manages it.
    let (status, listed) = server.get(token, "/v1/accounts").await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["accounts"][0]["login"], "antiga");
    let (status, _) = server
        .post(token, "/v1/accounts/antiga/disable", &json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(history(&server, "antiga").await.len(), 1);
}

#[tokio::test]
async fn the_statistics_narrow_to_one_spot_of_the_callers_and_refuse_a_misspelt_filter() {
    let (server, [penela, lousa, entity, network]) = two_entities().await;
    // 2026-07-15 12:00 UTC.
    let at = 1_784_116_800_000;
    for (token, spot) in [(&penela, "EC-0400"), (&lousa, "EC-0500")] {
        let (status, body) = server.send(token, &[ended(spot, at), paid(spot, at)]).await;
        assert_eq!(status, 200, "{body}");
    }
    let keys = |body: &Value| column(body, "key");
    for path in ["/v1/stats", "/v1/stats/cash"] {
        let range = "from=2026-07-01&to=2026-07-31&by=spot";
        let (status, body) = server.get(&network, &format!("{path}?{range}")).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(keys(&body), ["EC-0400", "EC-0500"], "{path}");
        // The network narrows to any one spot.
        let (status, body) = server
            .get(&network, &format!("{path}?{range}&spot=EC-0500"))
            .await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(keys(&body), ["EC-0500"], "{path}");
        // A host entity narrows to its own, and is refused another entity's.
        let (_, body) = server.get(&entity, &format!("{path}?{range}&spot=EC-0400")).await;
        assert_eq!(keys(&body), ["EC-0400"], "{path}");
        let (status, body) = server.get(&entity, &format!("{path}?{range}&spot=EC-0500")).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert_error_body(&body, "forbidden");
        // A misspelt filter is a 400, not every spot's figures.
        let (status, body) = server
            .get(&network, &format!("{path}?{range}&sopt=EC-0400"))
            .await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_error_body(&body, "invalid");
    }
}
