//! Logs and metrics.
//!
//! Logs go through `tracing` to stderr, as text for people or JSON lines for log shippers.
//! Metrics live in one [`Metrics`] value that the worker updates and `/metrics` renders:
//! in the OpenMetrics text format (what prometheus-client writes, and what Prometheus asks
//! for first), or converted to the Prometheus text format 0.0.4 for clients that do not ask
//! for OpenMetrics (curl, `promtool check metrics`). Besides kabar's own `kabar_*` metrics
//! there are `kabar_build_info{version}` and the usual `process_*` metrics, read from
//! `/proc/self` on Linux at each scrape.

use crate::config::LogSettings;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::{
    counter::ConstCounter, counter::Counter, family::Family, gauge::ConstGauge, gauge::Gauge,
    histogram::Histogram, info::Info,
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
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let _ = if log.format == crate::config::LogFormat::Json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .finish()
            .with(QuietRepeats)
            .try_init()
    } else {
        builder
            .with_target(false)
            .finish()
            .with(QuietRepeats)
            .try_init()
    };
}

/// Drops the client library's log lines that only repeat a failure kabar reports itself
/// ([`crate::broker::is_repeated_connect_failure`]): a wrong password printed one clear
/// line plus three ERROR lines of lapin's debug output. While no connection is open
/// ([`crate::broker::connecting`]), all of lapin's ERROR lines are such repeats.
struct QuietRepeats;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QuietRepeats {
    fn event_enabled(
        &self,
        event: &tracing::Event<'_>,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) -> bool {
        let meta = event.metadata();
        if *meta.level() != tracing::Level::ERROR || !meta.target().starts_with("lapin") {
            return true;
        }
        if crate::broker::connecting() {
            return false;
        }
        let mut fields = FieldsText::default();
        event.record(&mut fields);
        !crate::broker::is_repeated_connect_failure(meta.target(), &fields.message, &fields.rest)
    }
}

/// An event's message and the rest of its fields, as text.
#[derive(Default)]
struct FieldsText {
    message: String,
    rest: String,
}

impl tracing::field::Visit for FieldsText {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.rest, "{}={value:?} ", field.name());
        }
    }
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
    /// `kabar_jobs_total`: jobs finished, by outcome.
    pub jobs: Family<OutcomeLabel, Counter>,
    /// `kabar_job_duration_seconds`: from delivery to ack or dead-letter.
    pub job_duration: Histogram,
    /// `kabar_jobs_in_flight`: deliveries received and not yet settled.
    pub in_flight: Gauge,
    /// `kabar_reconnects_total`: connections re-established after a loss.
    pub reconnects: Counter,
    /// `kabar_results_published_total`: results the broker confirmed.
    pub results_published: Counter,
    /// `kabar_ready`: 1 while connected and consuming (what `/readyz` also reports).
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
    /// Registers every metric, at zero, not ready.
    pub fn new() -> Metrics {
        // kabar's own metrics under `kabar_`; the process collector's `process_*` at the top.
        let mut root = Registry::default();
        root.register_collector(Box::new(ProcessCollector));
        let registry = root.sub_registry_with_prefix("kabar");
        registry.register(
            "build",
            "The kabar version this process runs (always 1)",
            Info::new(vec![(
                "version".to_string(),
                env!("CARGO_PKG_VERSION").to_string(),
            )]),
        );
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
            registry: root,
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

    pub(crate) fn job_done(&self, outcome: &str, seconds: f64) {
        self.jobs
            .get_or_create(&OutcomeLabel {
                outcome: outcome.to_string(),
            })
            .inc();
        self.job_duration.observe(seconds);
    }

    pub(crate) fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::SeqCst);
        self.ready_gauge.set(ready as i64);
    }

    pub(crate) fn set_blocked(&self, blocked: bool) {
        self.broker_blocked.set(blocked as i64);
    }

    pub(crate) fn is_blocked(&self) -> bool {
        self.broker_blocked.get() != 0
    }

    /// Connected and consuming: what `/readyz` answers 200 for.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// The OpenMetrics text exposition (content type [`OPENMETRICS_CONTENT_TYPE`]).
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }

    /// The same metrics in the Prometheus text format 0.0.4 (content type
    /// [`PROMETHEUS_TEXT_CONTENT_TYPE`]).
    pub(crate) fn render_prometheus_text(&self) -> String {
        openmetrics_to_prometheus_text(&self.render())
    }
}

/// The content type of [`Metrics::render`].
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// The content type of [`Metrics::render_prometheus_text`].
pub const PROMETHEUS_TEXT_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Rewrites the OpenMetrics text that prometheus-client writes into the Prometheus text
/// format 0.0.4. The two differ, for what kabar exports, only in: the `# EOF` line and
/// `# UNIT` lines (dropped), the name a counter family has in its `# HELP`/`# TYPE` lines
/// (`x` in OpenMetrics, `x_total` like its samples in 0.0.4), and the `info` type (a gauge
/// named `x_info` in 0.0.4). Samples are the same in both.
pub fn openmetrics_to_prometheus_text(openmetrics: &str) -> String {
    // Family names whose descriptor lines must be renamed, with their new name and type.
    let mut renamed: std::collections::HashMap<&str, (String, &str)> = Default::default();
    for line in openmetrics.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            match rest.split_once(' ') {
                Some((name, "counter")) => {
                    renamed.insert(name, (format!("{name}_total"), "counter"));
                }
                Some((name, "info")) => {
                    renamed.insert(name, (format!("{name}_info"), "gauge"));
                }
                _ => {}
            }
        }
    }
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let descriptor = ["# HELP ", "# TYPE "]
            .into_iter()
            .find(|p| line.starts_with(p));
        if let Some(prefix) = descriptor {
            let rest = &line[prefix.len()..];
            let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some((new_name, new_type)) = renamed.get(name) {
                out.push_str(prefix);
                out.push_str(new_name);
                out.push(' ');
                out.push_str(if prefix == "# TYPE " { new_type } else { tail });
                out.push('\n');
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The standard `process_*` metrics of the Prometheus client libraries, read from
/// `/proc/self` at each scrape (Linux only; elsewhere, or if `/proc` is unreadable, the
/// metrics that cannot be read are left out).
#[derive(Debug)]
struct ProcessCollector;

/// Clock ticks per second of the times in `/proc/<pid>/stat`: the kernel's USER_HZ, which is
/// 100 on every architecture Rust targets for Linux (x86, ARM, RISC-V, POWER, s390x).
const USER_HZ: f64 = 100.0;

impl Collector for ProcessCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let Some(p) = ProcessStats::read() else {
            return Ok(());
        };
        let counter = |encoder: &mut DescriptorEncoder, name: &str, help: &str, v: f64| {
            let c = ConstCounter::new(v);
            c.encode(encoder.encode_descriptor(name, help, None, c.metric_type())?)
        };
        let gauge = |encoder: &mut DescriptorEncoder, name: &str, help: &str, v: f64| {
            let g = ConstGauge::new(v);
            g.encode(encoder.encode_descriptor(name, help, None, g.metric_type())?)
        };
        counter(
            &mut encoder,
            "process_cpu_seconds",
            "Total user and system CPU time spent in seconds",
            p.cpu_seconds,
        )?;
        gauge(
            &mut encoder,
            "process_resident_memory_bytes",
            "Resident memory size in bytes",
            p.resident_bytes,
        )?;
        gauge(
            &mut encoder,
            "process_virtual_memory_bytes",
            "Virtual memory size in bytes",
            p.virtual_bytes,
        )?;
        if let Some(start) = p.start_time_seconds {
            gauge(
                &mut encoder,
                "process_start_time_seconds",
                "Start time of the process since the Unix epoch in seconds",
                start,
            )?;
        }
        if let Some(fds) = p.open_fds {
            gauge(
                &mut encoder,
                "process_open_fds",
                "Number of open file descriptors",
                fds,
            )?;
        }
        if let Some(max) = p.max_fds {
            gauge(
                &mut encoder,
                "process_max_fds",
                "Maximum number of open file descriptors",
                max,
            )?;
        }
        gauge(
            &mut encoder,
            "process_threads",
            "Number of OS threads in the process",
            p.threads,
        )?;
        Ok(())
    }
}

/// What [`ProcessCollector`] reports.
#[derive(Debug, PartialEq)]
struct ProcessStats {
    cpu_seconds: f64,
    resident_bytes: f64,
    virtual_bytes: f64,
    threads: f64,
    start_time_seconds: Option<f64>,
    open_fds: Option<f64>,
    max_fds: Option<f64>,
}

/// The fields of `/proc/<pid>/stat` that [`ProcessStats`] needs.
#[derive(Debug, PartialEq)]
struct Stat {
    /// utime + stime, in clock ticks.
    cpu_ticks: u64,
    threads: u64,
    /// Clock ticks after boot.
    start_ticks: u64,
    vsize_bytes: u64,
}

impl ProcessStats {
    fn read() -> Option<ProcessStats> {
        let stat = parse_stat(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
        // VmRSS in kB from status rather than statm's pages: no page size to know.
        let resident_kb =
            parse_status_kb(&std::fs::read_to_string("/proc/self/status").ok()?, "VmRSS")?;
        let boot_time = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|s| parse_boot_time(&s));
        let open_fds = std::fs::read_dir("/proc/self/fd")
            .ok()
            .map(|dir| dir.count() as f64);
        let max_fds = std::fs::read_to_string("/proc/self/limits")
            .ok()
            .and_then(|s| parse_max_open_files(&s));
        Some(ProcessStats {
            cpu_seconds: stat.cpu_ticks as f64 / USER_HZ,
            resident_bytes: resident_kb as f64 * 1024.0,
            virtual_bytes: stat.vsize_bytes as f64,
            threads: stat.threads as f64,
            start_time_seconds: boot_time.map(|b| b as f64 + stat.start_ticks as f64 / USER_HZ),
            open_fds,
            max_fds,
        })
    }
}

/// Parses `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may itself
/// hold spaces and parentheses, so fields are counted from the last `)`.
fn parse_stat(text: &str) -> Option<Stat> {
    let after = &text[text.rfind(')')? + 1..];
    // after[0] is field 3 (state): field n is after[n - 3].
    let f: Vec<&str> = after.split_whitespace().collect();
    let field = |n: usize| -> Option<u64> { f.get(n - 3)?.parse().ok() };
    Some(Stat {
        cpu_ticks: field(14)? + field(15)?,
        threads: field(20)?,
        start_ticks: field(22)?,
        vsize_bytes: field(23)?,
    })
}

/// A `Key:   N kB` line of `/proc/<pid>/status`, in kB.
fn parse_status_kb(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// `btime` of `/proc/stat`: the boot time, in seconds since the Unix epoch.
fn parse_boot_time(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()
}

/// The soft limit on open files of `/proc/<pid>/limits` (None if unlimited).
fn parse_max_open_files(text: &str) -> Option<f64> {
    let rest = text
        .lines()
        .find_map(|l| l.strip_prefix("Max open files"))?;
    rest.split_whitespace()
        .next()?
        .parse::<u64>()
        .ok()
        .map(|n| n as f64)
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

    /// Families of an exposition: name from each `# TYPE` line, with whether a non-empty
    /// `# HELP` line for the same name came before it.
    fn families(text: &str) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        let mut helped = std::collections::HashSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                if let Some((name, help)) = rest.split_once(' ')
                    && !help.trim().is_empty()
                {
                    helped.insert(name.to_string());
                }
            } else if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap();
                out.push((name.to_string(), kind.to_string(), helped.contains(name)));
            }
        }
        out
    }

    #[test]
    fn every_metric_has_help_text_in_both_formats() {
        let m = Metrics::new();
        m.job_done("ok", 0.001);
        for text in [m.render(), m.render_prometheus_text()] {
            let families = families(&text);
            assert!(families.len() >= 15, "{families:?}");
            for (name, _, helped) in &families {
                assert!(helped, "{name} has no HELP in\n{text}");
            }
            // Every sample line belongs to a family declared above it.
            let mut declared: Vec<&str> = Vec::new();
            for line in text.lines() {
                if let Some(rest) = line.strip_prefix("# TYPE ") {
                    declared.push(rest.split_once(' ').unwrap().0);
                } else if !line.starts_with('#') {
                    let name = line.split(['{', ' ']).next().unwrap();
                    assert!(
                        declared.iter().any(|f| name.starts_with(f)),
                        "{name} before its TYPE line"
                    );
                }
            }
        }
    }

    #[test]
    fn build_info_and_process_metrics_are_exported() {
        let m = Metrics::new();
        let om = m.render();
        let version = env!("CARGO_PKG_VERSION");
        assert!(om.contains("# TYPE kabar_build info\n"), "{om}");
        assert!(
            om.contains(&format!("kabar_build_info{{version=\"{version}\"}} 1\n")),
            "{om}"
        );
        assert!(om.ends_with("# EOF\n"));
        let text = m.render_prometheus_text();
        assert!(text.contains("# TYPE kabar_build_info gauge\n"), "{text}");
        assert!(text.contains(&format!("kabar_build_info{{version=\"{version}\"}} 1\n")));
        assert!(!text.contains("# EOF"));
        if cfg!(target_os = "linux") {
            let value = |name: &str| -> f64 {
                let line = om
                    .lines()
                    .find(|l| l.starts_with(&format!("{name} ")))
                    .unwrap_or_else(|| panic!("no {name} in\n{om}"));
                line.rsplit(' ').next().unwrap().parse().unwrap()
            };
            assert!(value("process_resident_memory_bytes") > 1e5);
            assert!(
                value("process_virtual_memory_bytes") >= value("process_resident_memory_bytes")
            );
            assert!(value("process_cpu_seconds_total") >= 0.0);
            assert!(value("process_open_fds") >= 3.0);
            assert!(value("process_max_fds") >= value("process_open_fds"));
            assert!(value("process_threads") >= 1.0);
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs_f64();
            let start = value("process_start_time_seconds");
            // Started after 2020 and not in the future (one tick of rounding allowed).
            assert!(
                start > 1.5e9 && start <= now + 1.0,
                "start {start}, now {now}"
            );
            assert!(om.contains("# TYPE process_cpu_seconds counter\n"));
            assert!(text.contains("# TYPE process_cpu_seconds_total counter\n"));
        }
    }

    #[test]
    fn counters_and_infos_are_renamed_for_the_prometheus_text_format() {
        let om = "# HELP kabar_jobs Jobs finished.\n# TYPE kabar_jobs counter\n\
                  kabar_jobs_total{outcome=\"ok\"} 3\n\
                  # HELP kabar_build Version.\n# TYPE kabar_build info\n\
                  kabar_build_info{version=\"1.2.3\"} 1\n\
                  # HELP x_seconds A histogram.\n# TYPE x_seconds histogram\n# UNIT x_seconds seconds\n\
                  x_seconds_sum 0.5\nx_seconds_count 1\nx_seconds_bucket{le=\"+Inf\"} 1\n\
                  # HELP kabar_ready Ready.\n# TYPE kabar_ready gauge\nkabar_ready 1\n# EOF\n";
        assert_eq!(
            openmetrics_to_prometheus_text(om),
            "# HELP kabar_jobs_total Jobs finished.\n# TYPE kabar_jobs_total counter\n\
             kabar_jobs_total{outcome=\"ok\"} 3\n\
             # HELP kabar_build_info Version.\n# TYPE kabar_build_info gauge\n\
             kabar_build_info{version=\"1.2.3\"} 1\n\
             # HELP x_seconds A histogram.\n# TYPE x_seconds histogram\n\
             x_seconds_sum 0.5\nx_seconds_count 1\nx_seconds_bucket{le=\"+Inf\"} 1\n\
             # HELP kabar_ready Ready.\n# TYPE kabar_ready gauge\nkabar_ready 1\n"
        );
    }

    #[test]
    fn proc_files_parse() {
        // A command name with spaces and parentheses; fields from the kernel's proc(5).
        let stat = "4242 (kabar (w) x) S 1 4242 4242 0 -1 4194560 1200 0 0 0 \
                    250 75 0 0 20 0 9 0 123456 987654321 2048 18446744073709551615 \
                    1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";
        assert_eq!(
            parse_stat(stat),
            Some(Stat {
                cpu_ticks: 325,
                threads: 9,
                start_ticks: 123456,
                vsize_bytes: 987654321,
            })
        );
        assert_eq!(parse_stat("garbage"), None);
        let status = "Name:\tkabar\nVmPeak:\t  20000 kB\nVmRSS:\t   12345 kB\nThreads:\t9\n";
        assert_eq!(parse_status_kb(status, "VmRSS"), Some(12345));
        assert_eq!(parse_status_kb(status, "VmSwap"), None);
        assert_eq!(
            parse_boot_time("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"),
            Some(1700000000)
        );
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max open files            1024                 524288               files     \n";
        assert_eq!(parse_max_open_files(limits), Some(1024.0));
        let unlimited =
            "Max open files            unlimited            unlimited            files     \n";
        assert_eq!(parse_max_open_files(unlimited), None);
    }
}
