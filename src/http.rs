//! The health and metrics listener: `/healthz` (the process is alive), `/readyz`
//! (connected and consuming: the one orchestrators route on), `/metrics` (Prometheus).

use crate::telemetry::{Metrics, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_TEXT_CONTENT_TYPE};
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Bounds that keep slow or idle clients from starving `/readyz`: without them, 1,100
/// connections that sent half a request line each held a socket for good, the process
/// ran out of file descriptors, and the orchestrator's probe was never answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once. A connection accepted beyond it is closed at once, so
    /// a flood neither queues up behind the limit nor uses up file descriptors.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, counted from when the
    /// server starts waiting for them (also on a kept-alive connection between requests):
    /// then the connection is closed and its slot is free again.
    pub header_read_timeout: Duration,
}

impl Default for Limits {
    /// 64 connections (a few probes and scrapers need a handful), 5 s for the headers (a
    /// probe sends its request at once; kubelet's own probe timeout defaults to 1 s).
    fn default() -> Self {
        Limits {
            max_connections: 64,
            header_read_timeout: Duration::from_secs(5),
        }
    }
}

/// Serves until `shutdown` completes, with the default [`Limits`].
pub async fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, metrics, Limits::default(), shutdown).await
}

/// [`serve`] with the given [`Limits`]. Connections are served one by one with hyper
/// rather than through `axum::serve`, which has neither bound: hyper's header read
/// timeout needs a timer, which `axum::serve` does not give it.
pub async fn serve_with(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .with_state(metrics);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let connections = TaskTracker::new();
    let closing = CancellationToken::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // The peer gave up before we took it: nothing to do.
                Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) => continue,
                // Out of file descriptors (other parts of the process): wait for some to
                // be freed rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "HTTP listener: cannot accept a connection; retrying in 1 s");
                    tokio::select! {
                        _ = &mut shutdown => break,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let closing = closing.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            let mut connection =
                std::pin::pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = closing.cancelled() => {
                    // Finish a request in progress, then close.
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(slot);
        });
    }
    closing.cancel();
    connections.close();
    connections.wait().await;
    Ok(())
}

async fn readyz(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    if m.is_ready() && m.is_blocked() {
        // Connected and consuming, but no result can be confirmed: say so, so that an
        // operator looking at a stalled fleet sees the broker's alarm, not a mystery.
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the broker is blocking publishers (memory or disk alarm); no analysis starts until it lifts\n",
        )
    } else if m.is_ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: not connected or not consuming\n",
        )
    }
}

/// `/metrics`: OpenMetrics for clients that accept it (Prometheus asks for it first),
/// else the Prometheus text format 0.0.4 (curl, `promtool check metrics`), each with the
/// content type its body is in.
async fn metrics_text(State(m): State<Arc<Metrics>>, headers: HeaderMap) -> impl IntoResponse {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accepts_openmetrics(accept) {
        (
            [(header::CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE)],
            m.render(),
        )
    } else {
        (
            [(header::CONTENT_TYPE, PROMETHEUS_TEXT_CONTENT_TYPE)],
            m.render_prometheus_text(),
        )
    }
}

/// Whether an `Accept` header lists `application/openmetrics-text` with a non-zero `q`.
fn accepts_openmetrics(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        parts
            .next()
            .is_some_and(|t| t.eq_ignore_ascii_case("application/openmetrics-text"))
            && parts.all(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_none_or(|q| q > 0.0)
            })
    })
}

/// `kabar health`: GET `url` and succeed on a 2xx, with the answer's status line
/// (`HTTP/1.1 200 OK`). A tiny client on purpose, so that the container image needs no curl
/// for its HEALTHCHECK.
pub async fn check(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("bad URL {url}: {e}"))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| format!("no host in {url}"))?;
    let port = parsed.port_or_known_default().unwrap_or(80);
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let line = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        status_line(host, port, &path),
    )
    .await
    .map_err(|_| format!("{url} did not answer within 5 s"))??;
    let status = line.split_whitespace().nth(1).unwrap_or("");
    if status.starts_with('2') {
        Ok(line)
    } else {
        Err(format!("{url} answered `{line}`"))
    }
}

/// Sends `GET path` to `host:port` and reads the answer to its end: its status line, empty
/// when the server closed the connection without answering. Not bounded in time: the caller
/// decides how long a probe waits.
async fn status_line(host: &str, port: u16, path: &str) -> Result<String, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect((host, port))
        .await
        .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    stream
        .read_to_end(&mut buf)
        .await
        .map_err(|e| e.to_string())?;
    let first = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    Ok(String::from_utf8_lossy(first)
        .trim_end_matches('\r')
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openmetrics_only_when_asked_for() {
        // What Prometheus 2.x and 3.x send.
        assert!(accepts_openmetrics(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        ));
        assert!(accepts_openmetrics(
            "application/openmetrics-text; version=1.0.0; q=0.5"
        ));
        assert!(!accepts_openmetrics("application/openmetrics-text;q=0"));
        assert!(!accepts_openmetrics("*/*"));
        assert!(!accepts_openmetrics("text/plain;version=0.0.4"));
        assert!(!accepts_openmetrics(""));
    }

    #[tokio::test]
    async fn metrics_are_served_with_the_content_type_of_their_body() {
        use axum::body::to_bytes;
        let m = Arc::new(Metrics::new());
        for (accept, content_type, eof) in [
            (
                "application/openmetrics-text;version=1.0.0,text/plain;q=0.5",
                OPENMETRICS_CONTENT_TYPE,
                true,
            ),
            ("*/*", PROMETHEUS_TEXT_CONTENT_TYPE, false),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT, accept.parse().unwrap());
            let response = metrics_text(State(m.clone()), headers)
                .await
                .into_response();
            assert_eq!(response.headers()[header::CONTENT_TYPE], content_type);
            let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            let body = String::from_utf8(body.to_vec()).unwrap();
            assert_eq!(body.ends_with("# EOF\n"), eof, "{accept}: {body}");
            assert!(body.contains("kabar_build_info{version="), "{body}");
        }
    }

    #[tokio::test]
    async fn readyz_says_when_the_broker_blocks_publishing() {
        use axum::body::to_bytes;
        let m = Arc::new(Metrics::new());
        let status = |r: axum::response::Response| r.status();
        assert_eq!(
            status(readyz(State(m.clone())).await.into_response()),
            StatusCode::SERVICE_UNAVAILABLE
        );
        m.set_ready(true);
        assert_eq!(
            status(readyz(State(m.clone())).await.into_response()),
            StatusCode::OK
        );
        m.set_blocked(true);
        let r = readyz(State(m.clone())).await.into_response();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = to_bytes(r.into_body(), usize::MAX).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("blocking publishers"));
        m.set_blocked(false);
        assert_eq!(
            status(readyz(State(m.clone())).await.into_response()),
            StatusCode::OK
        );
    }

    /// Starts a listener on a free port with `limits`; returns its address and the token
    /// that stops it.
    async fn listen(limits: Limits, ready: bool) -> (std::net::SocketAddr, CancellationToken) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let m = Arc::new(Metrics::new());
        m.set_ready(ready);
        let stop = CancellationToken::new();
        let s = stop.clone();
        tokio::spawn(serve_with(listener, m, limits, async move {
            s.cancelled().await
        }));
        (addr, stop)
    }

    /// Generous guard against a hung test; never a speed assertion.
    const PATIENCE: Duration = Duration::from_secs(120);

    #[tokio::test]
    async fn a_half_open_request_is_closed_after_the_header_timeout() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let limits = Limits {
            max_connections: 8,
            header_read_timeout: Duration::from_millis(300),
        };
        let (addr, stop) = listen(limits, true).await;
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /readyz HTTP/1.1\r\nHost: kabar\r\n")
            .await
            .unwrap();
        let mut rest = Vec::new();
        let closed = tokio::time::timeout(PATIENCE, slow.read_to_end(&mut rest)).await;
        assert!(
            closed.is_ok(),
            "the server still holds a connection whose headers never came"
        );
        assert!(
            !String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 200"),
            "a half request was answered: {}",
            String::from_utf8_lossy(&rest)
        );
        stop.cancel();
    }

    /// Sends a whole `GET path` and returns the status line, or `None` when the server
    /// closed the connection without an answer (the connection bound) or gave none within
    /// 10 s (a probe gives up too, and tries again).
    async fn get(addr: std::net::SocketAddr, path: &str) -> Option<String> {
        let host = addr.ip().to_string();
        let probe = status_line(&host, addr.port(), path);
        tokio::time::timeout(Duration::from_secs(10), probe)
            .await
            .ok()?
            .ok()
            .filter(|l| !l.is_empty())
    }

    #[tokio::test]
    async fn readyz_answers_while_hundreds_of_connections_hold_half_a_request() {
        use tokio::io::AsyncWriteExt;
        let limits = Limits {
            max_connections: 16,
            header_read_timeout: Duration::from_millis(500),
        };
        let (addr, stop) = listen(limits, true).await;
        let mut held = Vec::new();
        for _ in 0..250 {
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            // Written into the socket buffer even when the server has closed it already.
            let _ = s.write_all(b"GET /rea").await;
            held.push(s);
        }
        // At most `max_connections` of them are being served, each only until its header
        // timeout: a probe gets its answer once a slot is free.
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Some(status) = get(addr, "/readyz").await {
                assert_eq!(status, "HTTP/1.1 200 OK");
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "/readyz never answered within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        drop(held);
        stop.cancel();
    }
}
