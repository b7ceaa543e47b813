//! A client that does not finish sending its request headers in time (slowloris: a byte now and then,
//! or nothing at all after the first line) is disconnected, and the server keeps answering the others.
//! Real PostgreSQL, real TCP on loopback; the header timeout is one second here (twenty in service).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{AppState, db};
use common::{demo_key, repo_catalogue, unlimited};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TIMEOUT: Duration = Duration::from_secs(1);

async fn server() -> String {
    let url = balcao_testkit::PgCluster::shared().create_database();
    let pool = db::pool(&url, 4).unwrap();
    let state = AppState::new(pool, &repo_catalogue(), demo_key(), unlimited())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(balcao_central::serve_with(
        listener,
        balcao_central::app(state),
        TIMEOUT,
    ));
    addr
}

/// Reads until the server closes the connection (or 10 s pass); returns what came and when it closed.
async fn until_closed(stream: &mut tokio::net::TcpStream) -> (Vec<u8>, Option<Instant>) {
    let mut got = Vec::new();
    let mut buf = [0; 1024];
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (got, Some(Instant::now())),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    (got, None)
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let addr = server().await;
    let start = Instant::now();
    let mut idle = tokio::net::TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: central\r\n")
        .await
        .unwrap();

    // A trickler: one header byte every 200 ms, which never ends the headers in time.
    let mut trickler = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let trickle = tokio::spawn(async move {
        let started = Instant::now();
        for byte in b"GET /openapi.json HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
            if trickler.write_all(&[*byte]).await.is_err() {
                return started.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Duration::MAX
    });

    let (_, closed) = until_closed(&mut idle).await;
    let closed = closed.expect("the idle client was disconnected");
    let took = closed - start;
    assert!(took >= TIMEOUT, "not before the timeout: {took:?}");
    assert!(took < TIMEOUT * 4, "soon after it: {took:?}");
    let trickled = trickle.await.unwrap();
    assert!(
        trickled < Duration::from_secs(5),
        "the trickler was cut off too: {trickled:?}"
    );

    // Meanwhile and after, a whole request is answered.
    let mut honest = tokio::net::TcpStream::connect(&addr).await.unwrap();
    honest
        .write_all(b"GET /openapi.json HTTP/1.1\r\nHost: central\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = until_closed(&mut honest).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..answer.len().min(200)]
    );
}

#[tokio::test]
async fn a_client_that_connects_and_sends_nothing_is_cut_off() {
    let addr = server().await;
    let start = Instant::now();
    let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (got, closed) = until_closed(&mut silent).await;
    let closed = closed.expect("a silent client was disconnected");
    let took = closed - start;
    assert!(took >= TIMEOUT, "not before the timeout: {took:?}");
    assert!(took < TIMEOUT * 4, "soon after it: {took:?}");
    // Nothing to answer: no request came.
    assert!(got.is_empty() || got.starts_with(b"HTTP/1.1 408"), "{got:?}");
}

/// Sends `request` whole and returns the answer (until the server closes).
async fn exchange(addr: &str, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may close before reading it all: a write error is part of the answer.
    let _ = stream.write_all(request).await;
    let (answer, closed) = until_closed(&mut stream).await;
    assert!(closed.is_some(), "the server closed the connection");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn oversize_headers_are_refused_with_431_and_the_server_goes_on() {
    let addr = server().await;
    // One header line of 1 MiB.
    let mut huge = b"GET /openapi.json HTTP/1.1\r\nHost: central\r\nX-Big: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 1 << 20));
    huge.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    let answer = exchange(&addr, &huge).await;
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );

    // A thousand small headers.
    let mut many = b"GET /openapi.json HTTP/1.1\r\nHost: central\r\n".to_vec();
    for n in 0..1000 {
        many.extend_from_slice(format!("X-H{n}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"Connection: close\r\n\r\n");
    let answer = exchange(&addr, &many).await;
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );

    let answer = exchange(
        &addr,
        b"GET /openapi.json HTTP/1.1\r\nHost: central\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..answer.len().min(200)]
    );
}

#[tokio::test]
async fn a_kept_alive_connection_that_goes_silent_is_cut_off() {
    let addr = server().await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /openapi.json HTTP/1.1\r\nHost: central\r\n\r\n")
        .await
        .unwrap();
    let answered = Instant::now();
    let (got, closed) = until_closed(&mut stream).await;
    assert!(got.starts_with(b"HTTP/1.1 200"), "answered first");
    let took = closed.expect("the idle kept-alive connection was closed") - answered;
    assert!(took < TIMEOUT * 4, "soon after the timeout: {took:?}");
}
