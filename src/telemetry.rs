//! Logs and metrics.
//!
//! Logs go through `tracing` to stderr, as text for people or JSON lines for log shippers.
//! Metrics live in one [`Metrics`] value that the worker updates and `/metrics` renders in
//! the Prometheus text format.

use crate::config::LogSettings;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::{
    counter::Counter, family::Family, gauge::Gauge, histogram::Histogram,
};
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicBool, Ordering};

/// Installs the global tracing subscriber. Safe to call more than once (later calls are
/// ignored), so tests that start several workers in one process do not fail.
pub fn init(log: &LogSettings) {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_new(&log.level).unwrap_or_else(|_| EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if log.format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init()
    } else {
        builder.with_target(false).try_init()
    };
}

/// Labels of `kabar_jobs_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    /// `ok`, or the error code.
    pub outcome: String,
}

/// The worker's counters and gauges, plus the readiness flag `/readyz` reports.
pub struct Metrics {
    registry: Registry,
    pub jobs: Family<OutcomeLabel, Counter>,
    pub job_duration: Histogram,
    pub in_flight: Gauge,
    pub reconnects: Counter,
    pub results_published: Counter,
    pub ready_gauge: Gauge,
    /// 1 while the broker blocks this worker's publishers (a memory or disk alarm):
    /// results cannot be confirmed, so the worker stops starting analyses.
    pub broker_blocked: Gauge,
    /// Results the broker refused (no queue bound, or the results queue full and set to
    /// `reject-publish`): each such job is held unacked and its result retried.
    pub results_refused: Counter,
    /// Jobs whose result is waiting for a retry after a refusal (back-pressure in effect).
    pub results_held: Gauge,
    /// Replies not sent because `reply_to` is outside `amqp.reply_to_allowed`.
    pub replies_refused: Counter,
    /// Deliveries whose AMQP properties the client could not parse (not UTF-8), handled
    /// one by one on the rescue path.
    pub rescued: Counter,
    ready: AtomicBool,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("kabar");
        let jobs = Family::<OutcomeLabel, Counter>::default();
        // 0.5 ms .. ~16 s: analysis of a typical article takes well under a millisecond,
        // while a job waiting on a slow broker confirm can take seconds.
        let job_duration = Histogram::new(
            prometheus_client::metrics::histogram::exponential_buckets(0.0005, 2.0, 16),
        );
        let in_flight = Gauge::default();
        let reconnects = Counter::default();
        let results_published = Counter::default();
        let ready_gauge = Gauge::default();
        let broker_blocked = Gauge::default();
        let results_refused = Counter::default();
        let results_held = Gauge::default();
        let replies_refused = Counter::default();
        let rescued = Counter::default();
        registry.register(
            "broker_blocked",
            "1 while the broker blocks publishing (memory or disk alarm)",
            broker_blocked.clone(),
        );
        registry.register(
            "results_refused",
            "Results the broker refused (unroutable, or the results queue full); the job is held and retried",
            results_refused.clone(),
        );
        registry.register(
            "results_held",
            "Jobs held unacked while their refused result waits for a retry",
            results_held.clone(),
        );
        registry.register(
            "replies_refused",
            "Replies not sent because reply_to is outside amqp.reply_to_allowed",
            replies_refused.clone(),
        );
        registry.register(
            "rescued",
            "Deliveries with unparsable AMQP properties handled on the rescue path",
            rescued.clone(),
        );
        registry.register(
            "jobs",
            "Jobs finished, by outcome (ok or error code)",
            jobs.clone(),
        );
        registry.register(
            "job_duration_seconds",
            "Time from delivery to ack or dead-letter",
            job_duration.clone(),
        );
        registry.register(
            "jobs_in_flight",
            "Deliveries received and not yet settled",
            in_flight.clone(),
        );
        registry.register(
            "reconnects",
            "Connections to the broker re-established after a loss",
            reconnects.clone(),
        );
        registry.register(
            "results_published",
            "Result documents confirmed by the broker",
            results_published.clone(),
        );
        registry.register(
            "ready",
            "1 while connected and consuming",
            ready_gauge.clone(),
        );
        Metrics {
            registry,
            jobs,
            job_duration,
            in_flight,
            reconnects,
            results_published,
            ready_gauge,
            broker_blocked,
            results_refused,
            results_held,
            replies_refused,
            rescued,
            ready: AtomicBool::new(false),
        }
    }

    pub fn job_done(&self, outcome: &str, seconds: f64) {
        self.jobs
            .get_or_create(&OutcomeLabel {
                outcome: outcome.to_string(),
            })
            .inc();
        self.job_duration.observe(seconds);
    }

    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::SeqCst);
        self.ready_gauge.set(ready as i64);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_render_with_their_documented_names() {
        let m = Metrics::new();
        m.job_done("ok", 0.001);
        m.job_done("invalid_json", 0.002);
        m.set_ready(true);
        let text = m.render();
        for name in [
            "kabar_jobs_total{outcome=\"ok\"} 1",
            "kabar_jobs_total{outcome=\"invalid_json\"} 1",
            "kabar_job_duration_seconds_count 2",
            "kabar_jobs_in_flight 0",
            "kabar_reconnects_total 0",
            "kabar_results_published_total 0",
            "kabar_ready 1",
        ] {
            assert!(text.contains(name), "missing {name} in\n{text}");
        }
    }
}
