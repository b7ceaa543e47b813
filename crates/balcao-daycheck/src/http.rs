//! The network probes: the portals and the central server, over reqwest on a small runtime of their own.
//!
//! Each call builds a current-thread tokio runtime on a thread of its own, so it is safe to call from
//! anywhere except the UI thread it would hold up (for at most its timeout).

use crate::report::{PortalObs, PortalOutcome};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// At most this many portals are asked at once.
pub const MAX_CONCURRENT: usize = 16;

/// The origin (scheme, host, port) of an address, the unit a portal check is about; `None` when the
/// address cannot be parsed.
pub fn origin(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(match u.port_or_known_default() {
        Some(port) => format!("{}://{}:{}", u.scheme(), host.to_ascii_lowercase(), port),
        None => format!("{}://{}", u.scheme(), host.to_ascii_lowercase()),
    })
}

/// The first address of each distinct origin, in order. Addresses that do not parse are kept, once
/// each (they fail to connect and are reported as such).
pub fn dedup_by_origin(urls: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    urls.iter()
        .filter(|u| seen.insert(origin(u).unwrap_or_else(|| (*u).clone())))
        .cloned()
        .collect()
}

/// An HTTP answer as a portal outcome: below 500 the server is up (401, 403, 404 and 405 included).
pub fn outcome_for_status(status: u16, millis: u64) -> PortalOutcome {
    if status < 500 {
        PortalOutcome::Reachable { status, millis }
    } else {
        PortalOutcome::HttpError { status }
    }
}

/// Parses an HTTP `Date` header (`Wed, 10 Jan 2024 10:34:45 GMT`) into Unix milliseconds.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let ts = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value.trim())
        .ok()?;
    Some(ts.as_millisecond())
}

/// The central server's clock minus ours, in ms. The `Date` header is truncated to the second, so
/// half a second is added to it; `local_ms` is the middle of the request.
pub fn clock_offset(server_date_ms: i64, local_ms: i64) -> i64 {
    server_date_ms + 500 - local_ms
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The innermost cause of an error, which says what happened ("Connection refused") rather than
/// what was being done.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        // A redirect already proves the server is up; following it could lead anywhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Balcao-daycheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| root_cause(&e))
}

/// Runs `f` on a fresh current-thread runtime on a thread of its own (so that a caller already inside
/// a runtime does not make tokio panic); `None` if the runtime cannot be built.
fn on_own_runtime<T: Send>(f: impl std::future::Future<Output = T> + Send) -> Option<T> {
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()
                .map(|rt| rt.block_on(f))
        })
        .join()
        .ok()
        .flatten()
    })
}

async fn ask_portal(client: reqwest::Client, url: String) -> PortalOutcome {
    let started = Instant::now();
    let head = client.head(&url).send().await;
    let response = match head {
        Ok(r) if matches!(r.status().as_u16(), 405 | 501) => client.get(&url).send().await,
        other => other,
    };
    match response {
        Ok(r) => {
            let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            outcome_for_status(r.status().as_u16(), millis)
        }
        Err(e) if e.is_timeout() => PortalOutcome::Timeout,
        Err(e) => PortalOutcome::Unreachable {
            detail: root_cause(&e),
        },
    }
}

/// Asks each distinct origin among `urls` (HEAD, then GET if HEAD is refused), at most
/// [`MAX_CONCURRENT`] at a time, each within `timeout`.
pub fn portals(urls: &[String], timeout: Duration) -> Vec<PortalObs> {
    let urls = dedup_by_origin(urls);
    let unreachable_all = |detail: String| {
        urls.iter()
            .map(|u| PortalObs {
                url: u.clone(),
                outcome: PortalOutcome::Unreachable {
                    detail: detail.clone(),
                },
            })
            .collect::<Vec<_>>()
    };
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => return unreachable_all(e),
    };
    let work = async {
        let limit = Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT));
        let mut tasks = tokio::task::JoinSet::new();
        for (index, url) in urls.iter().cloned().enumerate() {
            let client = client.clone();
            let limit = Arc::clone(&limit);
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (index, ask_portal(client, url).await)
            });
        }
        let mut outcomes: Vec<Option<PortalOutcome>> = vec![None; urls.len()];
        while let Some(done) = tasks.join_next().await {
            if let Ok((index, outcome)) = done
                && let Some(slot) = outcomes.get_mut(index)
            {
                *slot = Some(outcome);
            }
        }
        outcomes
    };
    match on_own_runtime(work) {
        Some(outcomes) => urls
            .iter()
            .zip(outcomes)
            .map(|(url, outcome)| PortalObs {
                url: url.clone(),
                outcome: outcome.unwrap_or(PortalOutcome::Unreachable {
                    detail: "the check stopped".to_string(),
                }),
            })
            .collect(),
        None => unreachable_all("no async runtime".to_string()),
    }
}

/// GET `{base_url}/openapi.json`: whether the central server answers (below 500), and its clock
/// minus ours from the `Date` header, in ms.
pub fn central(base_url: &str, timeout: Duration) -> (bool, Option<i64>) {
    let Ok(client) = client(timeout) else {
        return (false, None);
    };
    let url = format!("{}/openapi.json", base_url.trim_end_matches('/'));
    let work = async {
        let before = now_ms();
        let response = client.get(&url).send().await.ok()?;
        let after = now_ms();
        let reachable = response.status().as_u16() < 500;
        let offset = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date)
            .map(|server| clock_offset(server, before + (after - before) / 2));
        Some((reachable, offset))
    };
    on_own_runtime(work).flatten().unwrap_or((false, None))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};

    /// A tiny HTTP server on 127.0.0.1 answering every request with `respond(method, path)`.
    fn serve(respond: fn(&str, &str) -> String) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || answer(stream, respond));
            }
        });
        format!("http://{addr}")
    }

    fn answer(mut stream: TcpStream, respond: fn(&str, &str) -> String) {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1024];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf).into_owned();
        let mut parts = head.split_whitespace();
        let method = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("");
        let _ = stream.write_all(respond(method, path).as_bytes());
    }

    fn reply(status: &str, extra: &str) -> String {
        format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n")
    }

    fn ok(_: &str, _: &str) -> String {
        reply("200 OK", "")
    }

    fn no_head(method: &str, _: &str) -> String {
        if method == "HEAD" {
            reply("405 Method Not Allowed", "Allow: GET\r\n")
        } else {
            reply("200 OK", "")
        }
    }

    fn down(_: &str, _: &str) -> String {
        reply("503 Service Unavailable", "")
    }

    fn forbidden(_: &str, _: &str) -> String {
        reply("403 Forbidden", "")
    }

    fn late_clock(_: &str, path: &str) -> String {
        if path != "/openapi.json" {
            return reply("404 Not Found", "");
        }
        let past = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(10);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&past)
            .unwrap();
        reply("200 OK", &format!("Date: {date}\r\n"))
    }

    /// Accepts connections (the kernel does) and never answers.
    fn silent() -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        (listener, url)
    }

    fn closed_port() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        url
    }

    #[test]
    fn origins_dedup_keeps_the_first_address() {
        let urls: Vec<String> = [
            "https://www.portaldocidadao.pt/servicos/a",
            "https://WWW.portaldocidadao.pt:443/outro",
            "http://www.portaldocidadao.pt/a",
            "https://eportugal.gov.pt/x",
            "not a url",
            "not a url",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            dedup_by_origin(&urls),
            [
                "https://www.portaldocidadao.pt/servicos/a",
                "http://www.portaldocidadao.pt/a",
                "https://eportugal.gov.pt/x",
                "not a url"
            ]
        );
        assert_eq!(
            origin("https://a.gov.pt/x?y").as_deref(),
            Some("https://a.gov.pt:443")
        );
    }

    #[test]
    fn http_dates_parse_and_offsets_round_to_the_half_second() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1000));
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(clock_offset(10_000, 10_500), 0);
        assert_eq!(clock_offset(10_000, 610_500), -600_000);
    }

    #[test]
    fn portals_up_refusing_head_down_silent_and_closed() {
        let up = serve(ok);
        let head_refused = serve(no_head);
        let failing = serve(down);
        let auth = serve(forbidden);
        let (_keep, hanging) = silent();
        let closed = closed_port();
        let urls = vec![
            format!("{up}/a"),
            format!("{up}/b"),
            format!("{head_refused}/x"),
            format!("{failing}/"),
            format!("{auth}/login"),
            format!("{hanging}/"),
            format!("{closed}/"),
        ];
        let started = Instant::now();
        let obs = portals(&urls, Duration::from_millis(800));
        // In parallel: one timeout's worth, not several.
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        let got: Vec<(&str, &PortalOutcome)> = obs.iter().map(|o| (o.url.as_str(), &o.outcome)).collect();
        assert_eq!(got.len(), 6, "one per origin: {got:?}");
        assert_eq!(got[0].0, urls[0]);
        assert!(
            matches!(got[0].1, PortalOutcome::Reachable { status: 200, .. }),
            "{got:?}"
        );
        assert!(
            matches!(got[1].1, PortalOutcome::Reachable { status: 200, .. }),
            "{got:?}"
        );
        assert_eq!(got[2].1, &PortalOutcome::HttpError { status: 503 });
        assert!(
            matches!(got[3].1, PortalOutcome::Reachable { status: 403, .. }),
            "{got:?}"
        );
        assert_eq!(got[4].1, &PortalOutcome::Timeout);
        assert!(matches!(got[5].1, PortalOutcome::Unreachable { .. }), "{got:?}");
    }

    #[test]
    fn the_central_clock_ten_minutes_behind() {
        let base = serve(late_clock);
        let (reachable, offset) = central(&format!("{base}/"), Duration::from_secs(3));
        assert!(reachable);
        let offset = offset.unwrap();
        assert!((offset + 600_000).abs() < 2_000, "{offset}");
    }

    #[test]
    fn the_central_server_down_or_silent() {
        assert_eq!(central(&closed_port(), Duration::from_secs(2)), (false, None));
        let (_keep, hanging) = silent();
        let started = Instant::now();
        assert_eq!(central(&hanging, Duration::from_millis(500)), (false, None));
        assert!(started.elapsed() < Duration::from_secs(3));
        let failing = serve(down);
        assert!(!central(&failing, Duration::from_secs(2)).0);
    }

    #[test]
    fn works_when_called_from_inside_a_runtime() {
        let up = serve(ok);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let obs = rt.block_on(async { portals(&[up], Duration::from_secs(2)) });
        assert!(obs[0].outcome.is_up(), "{obs:?}");
    }
}
