//! A TCP proxy that breaks HTTP exchanges on purpose, for the sync tests.
//!
//! A van in the mountains loses its network in the middle of a request, a parish router drops a
//! response the server already committed, a load balancer answers 503. The sync worker must survive all
//! of it without losing or doubling a record, and the only honest way to test that is to put something
//! between it and a real server that does those things. This proxy sits on 127.0.0.1, forwards to the
//! real `balcao-central`, and for each request picks one [`Fault`] from a seeded generator, so a failing
//! run can be replayed from its seed.
//!
//! It handles one request per connection: it rewrites the request to `Connection: close`, reads the
//! request (headers and a `Content-Length` body), decides, and then either forwards it on a fresh
//! upstream connection and relays the response, or breaks the exchange at the chosen point. HTTP/1.1
//! clients open a new connection for the next request, so every request gets its own decision.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward it and relay the response.
    Pass,
    /// Wait this long, then forward it.
    Delay(Duration),
    /// Close the connection without forwarding: the server never sees the request.
    DropRequest,
    /// Read part of the request body, then reset: the client fails while sending.
    ResetMidBody,
    /// Forward it, read the whole response (the server has committed), then close without replying:
    /// the client never learns that it succeeded.
    LoseResponse,
    /// Forward it and relay only the first half of the response.
    TruncateResponse,
    /// Answer this status without forwarding (500, 503, 429 with `Retry-After: 1`).
    Status(u16),
}

/// A seeded choice of faults: `pass_percent` of requests pass, the rest get a fault chosen uniformly.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The seed of the generator.
    pub seed: u64,
    /// How many requests in a hundred pass untouched.
    pub pass_percent: u64,
}

/// Counters of what the proxy did, for the test's report.
#[derive(Debug, Default)]
pub struct Counts {
    /// Requests seen.
    pub requests: AtomicU64,
    /// Requests that got a fault other than `Pass`.
    pub faults: AtomicU64,
}

/// A running proxy; it stops when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    counts: Arc<Counts>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// splitmix64: small, seedable, good enough to spread faults.
fn next(state: &AtomicU64) -> u64 {
    let mut z = state
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::SeqCst)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn choose(state: &AtomicU64, pass_percent: u64) -> Fault {
    if next(state) % 100 < pass_percent {
        return Fault::Pass;
    }
    match next(state) % 8 {
        0 => Fault::Delay(Duration::from_millis(next(state) % 300)),
        1 => Fault::DropRequest,
        2 => Fault::ResetMidBody,
        3 => Fault::LoseResponse,
        4 => Fault::TruncateResponse,
        5 => Fault::Status(500),
        6 => Fault::Status(503),
        _ => Fault::Status(429),
    }
}

impl FaultProxy {
    /// Starts a proxy to `upstream` on a free loopback port.
    pub async fn start(upstream: SocketAddr, plan: Plan) -> std::io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let counts = Arc::new(Counts::default());
        let state = Arc::new(AtomicU64::new(plan.seed));
        let task_counts = Arc::clone(&counts);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = choose(&state, plan.pass_percent);
                task_counts.requests.fetch_add(1, Ordering::SeqCst);
                if fault != Fault::Pass {
                    task_counts.faults.fetch_add(1, Ordering::SeqCst);
                }
                tokio::spawn(async move {
                    let _ = handle(client, upstream, fault).await;
                });
            }
        });
        Ok(FaultProxy { addr, counts, task })
    }

    /// The proxy's address (give `http://{addr}` to the client).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What it has done so far: (requests, faults).
    pub fn counts(&self) -> (u64, u64) {
        (
            self.counts.requests.load(Ordering::SeqCst),
            self.counts.faults.load(Ordering::SeqCst),
        )
    }
}

/// Reads one HTTP request: its head (with `Connection: close` forced) and its body.
async fn read_request(client: &mut TcpStream) -> std::io::Result<(Vec<u8>, Vec<u8>, usize)> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head_text = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut length = 0usize;
    let mut head = String::new();
    for line in head_text.split("\r\n") {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("connection:") || lower.starts_with("keep-alive:") {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if line.is_empty() {
            continue;
        }
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    let body = buf[head_end..].to_vec();
    Ok((head.into_bytes(), body, length))
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Fault) -> std::io::Result<()> {
    let (head, mut body, length) = read_request(&mut client).await?;
    if fault == Fault::ResetMidBody {
        // Read a little of the body, then drop the connection with the rest unsent.
        return Ok(());
    }
    let mut chunk = [0u8; 8192];
    while body.len() < length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        body.extend_from_slice(&chunk[..n]);
    }
    match fault {
        Fault::DropRequest => return Ok(()),
        Fault::Status(code) => {
            let reason = match code {
                429 => "Too Many Requests",
                503 => "Service Unavailable",
                _ => "Internal Server Error",
            };
            let retry = if code == 429 { "Retry-After: 1\r\n" } else { "" };
            let body = format!("{{\"error\":\"proxy-{code}\",\"message\":\"injected\"}}");
            let response = format!(
                "HTTP/1.1 {code} {reason}\r\ncontent-type: application/json\r\n{retry}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            client.write_all(response.as_bytes()).await?;
            return client.shutdown().await;
        }
        Fault::Delay(d) => tokio::time::sleep(d).await,
        _ => {}
    }
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(&head).await?;
    server.write_all(&body).await?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).await?;
    match fault {
        Fault::LoseResponse => Ok(()),
        Fault::TruncateResponse => {
            let half = response.len() / 2;
            client.write_all(&response[..half]).await?;
            Ok(())
        }
        _ => {
            client.write_all(&response).await?;
            client.shutdown().await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_faults_and_every_kind_occurs() {
        let a = AtomicU64::new(42);
        let b = AtomicU64::new(42);
        let run_a: Vec<Fault> = (0..400).map(|_| choose(&a, 30)).collect();
        let run_b: Vec<Fault> = (0..400).map(|_| choose(&b, 30)).collect();
        assert_eq!(run_a, run_b);
        let kinds = |f: &Fault| std::mem::discriminant(f);
        let distinct: std::collections::HashSet<_> = run_a.iter().map(kinds).collect();
        assert_eq!(distinct.len(), 7, "every kind of fault occurs in 400 draws");
        let passes = run_a.iter().filter(|f| **f == Fault::Pass).count();
        assert!((80..=160).contains(&passes), "about 30 % pass: {passes}");
    }
}
