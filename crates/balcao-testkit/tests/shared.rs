//! The shared cluster: one per test binary, used by several tests at once, each with its own database.
//! Nothing drops a `static`, so its cleanup is the watchdog's job once this process exits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_testkit::PgCluster;

#[test]
fn two_tests_share_one_cluster_with_separate_databases_a() {
    let cluster = PgCluster::shared();
    let url = cluster.create_database();
    assert!(url.starts_with(&format!("postgres://postgres@127.0.0.1:{}/test_", cluster.port())));
}

#[test]
fn two_tests_share_one_cluster_with_separate_databases_b() {
    let cluster = PgCluster::shared();
    let first = cluster.create_database();
    let second = cluster.create_database();
    assert_ne!(first, second);
    std::net::TcpStream::connect(("127.0.0.1", cluster.port())).unwrap();
}
