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
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .with_state(metrics);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
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

/// `kabar health`: GET `url` and succeed on a 2xx. A tiny client on purpose, so that the
/// container image needs no curl for its HEALTHCHECK.
pub async fn check(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("bad URL {url}: {e}"))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| format!("no host in {url}"))?;
    let port = parsed.port_or_known_default().unwrap_or(80);
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fut = async {
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
        let head = String::from_utf8_lossy(&buf[..buf.len().min(64)]).to_string();
        let status = head.split_whitespace().nth(1).unwrap_or("");
        if status.starts_with('2') {
            Ok(())
        } else {
            Err(format!(
                "{url} answered `{}`",
                head.lines().next().unwrap_or("")
            ))
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), fut)
        .await
        .map_err(|_| format!("{url} did not answer within 5 s"))?
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
}
