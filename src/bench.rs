//! `kabar bench`: the worker measured end to end against a real broker.
//!
//! Each mode gets a private, uniquely named topology (`kabar-bench.<tag>.*`), deleted
//! afterwards. The bench pre-loads N jobs into the jobs queue, starts the worker in this
//! process ([`crate::worker::run_with`]) and consumes every result from a private
//! queue bound to the results exchange, so a job counts as done only when its result has
//! travelled back through the broker. It reports:
//!
//! - **drain**: jobs/s from the worker being ready to the last result, CPU seconds per
//!   1,000 jobs (this process: the worker *and* the bench's own result consumer) and peak
//!   RSS (VmHWM, reset before the worker starts; it includes the bench's corpus copy);
//! - **latency**: with the queue empty, jobs published at a steady rate; end-to-end latency
//!   is from just before each publish to its result's arrival (p50/p99). Latency measured on
//!   the pre-loaded backlog would only measure the backlog, so it is not reported.
//!
//! `--mode passthrough` runs the same pipeline with [`crate::worker::Handler::Passthrough`] (decode,
//! publish with confirm, ack; no analysis): the broker-bound ceiling of this machine.
//! `--mode both` runs passthrough then analyze and reports the ratio.

use crate::broker::topology::{BindingSpec, Topology};
use crate::broker::{self, BrokerError, Message, Publisher, Reply, ReplyConsumer};
use crate::config::Settings;
use crate::telemetry::Metrics;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How long the bench waits without any progress before it gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// What the worker does with each job in a bench run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The product: full analysis.
    Analyze,
    /// Decode, publish an `"analysis": null` result with confirm, ack.
    Passthrough,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Analyze => "analyze",
            Mode::Passthrough => "passthrough",
        }
    }
}

#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Jobs pre-loaded and drained per mode.
    pub jobs: usize,
    /// Run in this order (passthrough first in `both`, so the broker is warm for analyze
    /// no more than for passthrough).
    pub modes: Vec<Mode>,
    /// A JSONL file of articles (`text`, and optionally `title`, `url`, `published_at`);
    /// `None` = built-in synthetic Indonesian text.
    pub corpus: Option<PathBuf>,
    /// Jobs of the paced latency phase (0 = skip it).
    pub latency_jobs: usize,
    /// Their publish rate, jobs per second.
    pub latency_rate: f64,
    /// Progress bars on stderr.
    pub progress: bool,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            jobs: 10_000,
            modes: vec![Mode::Passthrough, Mode::Analyze],
            corpus: None,
            latency_jobs: 500,
            latency_rate: 200.0,
            progress: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Broker(#[from] BrokerError),
    #[error(
        "cannot read the corpus {path}: {source} (pass --corpus FILE.jsonl, or leave it out for synthetic text)"
    )]
    Corpus {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the corpus {path} has no usable article on line {line}: {reason} (each line must be a JSON object with a non-empty `text`)"
    )]
    CorpusLine {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("the corpus {0} holds no article")]
    CorpusEmpty(PathBuf),
    #[error("the in-process worker stopped: {0}")]
    Worker(String),
    #[error(
        "{mode}: only {got} of {expected} results arrived, none in the last {patience_s} s (is the broker overloaded? try fewer --jobs)"
    )]
    Incomplete {
        mode: &'static str,
        got: usize,
        expected: usize,
        patience_s: u64,
    },
}

/// Latency of the paced phase.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Latency {
    pub samples: usize,
    /// The publish rate it was measured at.
    pub rate_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// One mode's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModeReport {
    pub mode: Mode,
    pub jobs: usize,
    /// Distinct jobs with a result, by status.
    pub results_ok: usize,
    pub results_error: usize,
    /// Second results for the same job (redeliveries).
    pub duplicates: usize,
    pub preload_s: f64,
    /// From starting the in-process worker to it consuming (connect, declare, consume).
    pub ready_ms: f64,
    /// From ready to the last result.
    pub drain_s: f64,
    pub jobs_per_s: f64,
    /// CPU (user + system) of this process during the drain, per 1,000 jobs; `None` where
    /// /proc is missing.
    pub cpu_s_per_1000: Option<f64>,
    /// CPU of this process during the drain divided by its duration (1.0 = one core busy).
    pub cores_used: Option<f64>,
    /// VmRSS just before the worker started.
    pub baseline_rss_mb: Option<f64>,
    /// VmHWM (reset just before the worker started) at the end of the drain.
    pub peak_rss_mb: Option<f64>,
    pub latency: Option<Latency>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchReport {
    pub version: &'static str,
    pub broker: String,
    pub queue_type: String,
    pub prefetch: u16,
    pub concurrency: usize,
    /// The corpus path, or "synthetic".
    pub corpus: String,
    pub articles: usize,
    pub mean_body_bytes: usize,
    pub modes: Vec<ModeReport>,
    /// analyze jobs/s ÷ passthrough jobs/s, when both ran.
    pub analyze_to_passthrough: Option<f64>,
}

/// Runs every requested mode on the broker of `settings` (only `amqp.url`, TLS and
/// password settings, `amqp.queue_type`, `amqp.prefetch` and `[worker]` are used: the
/// names are the bench's own).
pub async fn run(settings: &Settings, opts: &BenchOptions) -> Result<BenchReport, BenchError> {
    let (articles, corpus) = match &opts.corpus {
        Some(path) => (load_corpus(path)?, path.display().to_string()),
        None => (synthetic_articles(64), "synthetic".to_string()),
    };
    let jobs = opts.jobs.max(1);
    let sample = jobs.min(articles.len());
    let mean_body_bytes = (0..sample)
        .map(|i| job_body("b", i, &articles).len())
        .sum::<usize>()
        / sample.max(1);
    let mut modes = Vec::new();
    for &mode in &opts.modes {
        modes.push(run_mode(settings, mode, &articles, opts).await?);
    }
    let rate = |m: Mode| modes.iter().find(|r| r.mode == m).map(|r| r.jobs_per_s);
    let analyze_to_passthrough = match (rate(Mode::Analyze), rate(Mode::Passthrough)) {
        (Some(a), Some(p)) if p > 0.0 => Some(a / p),
        _ => None,
    };
    Ok(BenchReport {
        version: env!("CARGO_PKG_VERSION"),
        broker: settings.amqp.redacted_url(),
        queue_type: settings.amqp.queue_type.to_string(),
        prefetch: settings.amqp.prefetch,
        concurrency: settings.worker.slots(),
        corpus,
        articles: articles.len(),
        mean_body_bytes,
        modes,
        analyze_to_passthrough,
    })
}

/// The bench's private copy of the settings: unique names, no results queue
/// (the bench binds its own exclusive queue to the results exchange).
fn private_settings(base: &Settings) -> Settings {
    let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let prefix = format!("kabar-bench.{tag}");
    let mut s = base.clone();
    s.amqp.jobs_queue = format!("{prefix}.jobs");
    s.amqp.results_exchange = format!("{prefix}.results");
    s.amqp.results_queue = String::new();
    s.amqp.dead_exchange = format!("{prefix}.dead");
    s.amqp.dead_queue = format!("{prefix}.jobs.dead");
    s.amqp.passive = false;
    s.http.listen = String::new();
    s
}

async fn run_mode(
    base: &Settings,
    mode: Mode,
    articles: &[String],
    opts: &BenchOptions,
) -> Result<ModeReport, BenchError> {
    let settings = private_settings(base);
    let topology = Topology::from_settings(&settings.amqp);
    let conn = broker::connect(&settings.amqp, "kabar bench").await?;
    let result = measure(&conn, &topology, &settings, mode, articles, opts).await;
    // Delete the private topology whatever happened; a failure here is reported but does
    // not hide the measurement's own error.
    let cleanup = async {
        let channel = conn.channel().await?;
        let deleted = broker::delete(&channel, &topology).await;
        // Closed here, not by its drop racing the connection's close below (lapin then
        // logged a spurious "Connection error ... channel state: Closing").
        let _ = channel.close(200, "bench done".into()).await;
        deleted
    }
    .await;
    conn.close().await;
    let report = result?;
    if let Err(e) = cleanup {
        tracing::warn!(error = %e, "could not delete every bench queue; delete kabar-bench.* by hand");
    }
    Ok(report)
}

async fn measure(
    conn: &broker::Broker,
    topology: &Topology,
    settings: &Settings,
    mode: Mode,
    articles: &[String],
    opts: &BenchOptions,
) -> Result<ModeReport, BenchError> {
    let channel = conn.channel().await?;
    broker::declare(&channel, topology, false).await?;
    let a = &settings.amqp;
    let mut replies = ReplyConsumer::open(&channel).await?;
    let bind = Topology {
        exchanges: vec![],
        queues: vec![],
        bindings: vec![BindingSpec {
            source: a.results_exchange.clone(),
            destination: replies.queue().to_string(),
            routing_key: "#".into(),
        }],
    };
    broker::declare(&channel, &bind, false).await?;
    let publisher = Publisher::new(conn.channel().await?).await?;
    let jobs = opts.jobs.max(1);

    // 1. Pre-load the backlog.
    let bar = progress_bar(
        opts.progress,
        jobs as u64,
        &format!("{}: pre-loading", mode.as_str()),
    );
    let started = Instant::now();
    let mut stream = futures_util::stream::iter(0..jobs)
        .map(|i| {
            let publisher = &publisher;
            let body = job_body("b", i, articles);
            async move { publisher.publish(&job_message(&a.jobs_queue, &body)).await }
        })
        .buffer_unordered(256);
    while let Some(r) = stream.next().await {
        r?;
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    drop(stream);
    let preload_s = started.elapsed().as_secs_f64();

    // 2. Start the worker and drain.
    reset_peak_rss();
    let baseline_rss_mb = proc_status_kb("VmRSS:").map(kb_to_mb);
    let metrics = Arc::new(Metrics::new());
    let stop = CancellationToken::new();
    let worker = {
        let s = stop.clone();
        let handler = match mode {
            Mode::Analyze => crate::worker::Handler::Analysis,
            Mode::Passthrough => crate::worker::Handler::Passthrough,
        };
        tokio::spawn(crate::worker::run_with(
            settings.clone(),
            metrics.clone(),
            handler,
            async move { s.cancelled().await },
        ))
    };
    let result = async {
        let spawned = Instant::now();
        while !metrics.is_ready() {
            if worker.is_finished() {
                return Err(BenchError::Worker(
                    "it exited before consuming (see the log above)".into(),
                ));
            }
            if spawned.elapsed() > PATIENCE {
                return Err(BenchError::Worker(format!(
                    "not ready within {} s",
                    PATIENCE.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
        let ready_at = Instant::now();
        let ready_ms = (ready_at - spawned).as_secs_f64() * 1e3;
        let cpu0 = cpu_seconds();
        if let Some(b) = &bar {
            b.reset();
            b.set_prefix(format!("{}: draining", mode.as_str()));
        }
        let mut tally = Tally::new(jobs);
        let mut last = ready_at;
        while tally.distinct() < jobs {
            let reply = next_reply(&mut replies, mode, tally.distinct(), jobs).await?;
            last = Instant::now();
            if tally.record(&reply, "b") == Some(true)
                && let Some(b) = &bar
            {
                b.inc(1);
            }
        }
        let cpu1 = cpu_seconds();
        let peak_rss_mb = proc_status_kb("VmHWM:").map(kb_to_mb);
        let drain_s = (last - ready_at).as_secs_f64().max(1e-9);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }

        // 3. Latency at a steady rate, on an empty queue.
        let latency = if opts.latency_jobs > 0 {
            Some(
                paced_latency(
                    &publisher,
                    &mut replies,
                    &a.jobs_queue,
                    mode,
                    articles,
                    opts,
                    &mut tally,
                )
                .await?,
            )
        } else {
            None
        };
        let cpu = cpu0.zip(cpu1).map(|(c0, c1)| c1 - c0);
        Ok(ModeReport {
            mode,
            jobs,
            results_ok: tally.ok,
            results_error: tally.error,
            duplicates: tally.duplicates,
            preload_s,
            ready_ms,
            drain_s,
            jobs_per_s: jobs as f64 / drain_s,
            cpu_s_per_1000: cpu.map(|c| c * 1000.0 / jobs as f64),
            cores_used: cpu.map(|c| c / drain_s),
            baseline_rss_mb,
            peak_rss_mb,
            latency,
        })
    }
    .await;
    stop.cancel();
    match worker.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) if result.is_ok() => return Err(BenchError::Worker(e.to_string())),
        Err(e) if result.is_ok() => return Err(BenchError::Worker(e.to_string())),
        _ => {}
    }
    result
}

/// Publishes `latency_jobs` jobs at `latency_rate` and times each to its result.
async fn paced_latency(
    publisher: &Publisher,
    replies: &mut ReplyConsumer,
    queue: &str,
    mode: Mode,
    articles: &[String],
    opts: &BenchOptions,
    tally: &mut Tally,
) -> Result<Latency, BenchError> {
    let n = opts.latency_jobs;
    let rate = if opts.latency_rate > 0.0 {
        opts.latency_rate
    } else {
        100.0
    };
    let bar = progress_bar(
        opts.progress,
        n as u64,
        &format!("{}: latency at {rate}/s", mode.as_str()),
    );
    let mut sent: Vec<Option<Instant>> = vec![None; n];
    let mut took: Vec<f64> = Vec::with_capacity(n);
    let mut interval = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut confirms = FuturesUnordered::new();
    let mut next = 0;
    let mut lat_tally = Tally::new(n);
    while took.len() < n {
        tokio::select! {
            _ = interval.tick(), if next < n => {
                let body = job_body("l", next, articles);
                sent[next] = Some(Instant::now());
                let (publisher, queue) = (publisher.clone(), queue.to_string());
                confirms.push(async move { publisher.publish(&job_message(&queue, &body)).await });
                next += 1;
            }
            Some(r) = confirms.next(), if !confirms.is_empty() => r?,
            reply = next_reply(replies, mode, took.len(), n) => {
                let reply = reply?;
                let now = Instant::now();
                if lat_tally.record(&reply, "l") == Some(true)
                    && let Some(i) = index_of(&reply, "l")
                    && let Some(t) = sent[i]
                {
                    took.push((now - t).as_secs_f64() * 1e3);
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                } else if index_of(&reply, "b").is_some() {
                    tally.record(&reply, "b");
                }
            }
        }
    }
    while let Some(r) = confirms.next().await {
        r?;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    tally.error += lat_tally.error;
    tally.duplicates += lat_tally.duplicates;
    took.sort_by(f64::total_cmp);
    Ok(Latency {
        samples: took.len(),
        rate_per_s: rate,
        p50_ms: round3(percentile(&took, 0.50)),
        p99_ms: round3(percentile(&took, 0.99)),
        max_ms: round3(took.last().copied().unwrap_or(0.0)),
    })
}

/// The next result, or an error after [`PATIENCE`] without one.
async fn next_reply(
    replies: &mut ReplyConsumer,
    mode: Mode,
    got: usize,
    expected: usize,
) -> Result<Reply, BenchError> {
    match tokio::time::timeout(PATIENCE, replies.next()).await {
        Ok(Some(r)) => Ok(r?),
        Ok(None) => Err(BrokerError::Lost("consuming bench results").into()),
        Err(_) => Err(BenchError::Incomplete {
            mode: mode.as_str(),
            got,
            expected,
            patience_s: PATIENCE.as_secs(),
        }),
    }
}

/// Which jobs have a result.
struct Tally {
    seen: Vec<bool>,
    distinct: usize,
    ok: usize,
    error: usize,
    duplicates: usize,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            seen: vec![false; n],
            distinct: 0,
            ok: 0,
            error: 0,
            duplicates: 0,
        }
    }

    fn distinct(&self) -> usize {
        self.distinct
    }

    /// `Some(true)` for a first result of one of our jobs, `Some(false)` for a duplicate,
    /// `None` for something else.
    fn record(&mut self, reply: &Reply, prefix: &str) -> Option<bool> {
        let i = index_of(reply, prefix).filter(|&i| i < self.seen.len())?;
        if std::mem::replace(&mut self.seen[i], true) {
            self.duplicates += 1;
            return Some(false);
        }
        self.distinct += 1;
        if is_ok(&reply.body) {
            self.ok += 1;
        } else {
            self.error += 1;
        }
        Some(true)
    }
}

/// The job index of a result whose id is `<prefix><index>`.
fn index_of(reply: &Reply, prefix: &str) -> Option<usize> {
    reply
        .message_id
        .as_deref()?
        .strip_prefix(prefix)?
        .parse()
        .ok()
}

/// Whether a result document says `"status":"ok"`; it comes right after the id, so only
/// the head of the body is searched (results can be large).
fn is_ok(body: &[u8]) -> bool {
    let head = &body[..body.len().min(4096 + 128)];
    head.windows(13).any(|w| w == br#""status":"ok""#)
}

fn job_message<'a>(queue: &'a str, body: &'a str) -> Message<'a> {
    Message {
        exchange: "",
        routing_key: queue,
        body: body.as_bytes(),
        content_type: Some("application/json"),
        mandatory: true,
        ..Default::default()
    }
}

/// The envelope of job `index`: `{"id":"<prefix><index>", <article fields>}`, cycling
/// through the articles.
pub fn job_body(prefix: &str, index: usize, articles: &[String]) -> String {
    let rest = &articles[index % articles.len()];
    format!("{{\"id\":\"{prefix}{index}\",{rest}")
}

/// Reads a JSONL corpus into envelope tails: each article's `text`, `title`, `url` and
/// `published_at` (when the job contract accepts its shape) as JSON object members without
/// the opening brace (see [`job_body`]).
pub fn load_corpus(path: &Path) -> Result<Vec<String>, BenchError> {
    let raw = std::fs::read_to_string(path).map_err(|source| BenchError::Corpus {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| BenchError::CorpusLine {
            path: path.to_path_buf(),
            line: n + 1,
            reason,
        };
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let text = v
            .get("text")
            .and_then(|t| t.as_str())
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| bad("no `text`".into()))?;
        let mut envelope = serde_json::Map::new();
        envelope.insert("text".into(), text.into());
        for key in ["title", "url"] {
            if let Some(s) = v.get(key).and_then(|x| x.as_str()) {
                envelope.insert(key.into(), s.into());
            }
        }
        // Only dates the job contract accepts: the bench measures the ok path, not the
        // `invalid_field` one (the dev corpus has `2025-06-06T21:02`, with no offset).
        if let Some(s) = v
            .get("published_at")
            .and_then(|x| x.as_str())
            .filter(|s| crate::job::parse_date(s).is_some())
        {
            envelope.insert("published_at".into(), s.into());
        }
        out.push(tail(&envelope));
    }
    if out.is_empty() {
        return Err(BenchError::CorpusEmpty(path.to_path_buf()));
    }
    Ok(out)
}

fn tail(envelope: &serde_json::Map<String, serde_json::Value>) -> String {
    let s = serde_json::Value::Object(envelope.clone()).to_string();
    s[1..].to_string()
}

/// `n` synthetic Indonesian news articles of roughly 2 KB, written for the bench (varied
/// names, places, numbers, dates, a quote, a "Baca juga" line), deterministic.
pub fn synthetic_articles(n: usize) -> Vec<String> {
    const PEOPLE: [&str; 6] = [
        "Budi Santoso",
        "Siti Rahmawati",
        "Ahmad Fauzi",
        "Dewi Lestari",
        "Joko Prasetyo",
        "Rina Marlina",
    ];
    const ROLES: [&str; 6] = [
        "Wali Kota",
        "Kepala Dinas Perhubungan",
        "Gubernur",
        "Ketua DPRD",
        "Camat",
        "Direktur Utama PDAM",
    ];
    const PLACES: [&str; 6] = [
        "Bandung",
        "Surabaya",
        "Makassar",
        "Medan",
        "Yogyakarta",
        "Palembang",
    ];
    const ORGS: [&str; 4] = [
        "Badan Pusat Statistik",
        "Kementerian Perhubungan",
        "Bank Indonesia",
        "PT Kereta Api Indonesia",
    ];
    const DAYS: [&str; 5] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"];
    const TOPICS: [&str; 4] = [
        "banjir",
        "kemacetan lalu lintas",
        "harga beras",
        "pembangunan jalan tol",
    ];
    let mut rng = fastrand::Rng::with_seed(0x6b61626172);
    (0..n)
        .map(|i| {
            let p = PEOPLE[rng.usize(..PEOPLE.len())];
            let r = ROLES[rng.usize(..ROLES.len())];
            let c = PLACES[rng.usize(..PLACES.len())];
            let o = ORGS[rng.usize(..ORGS.len())];
            let d = DAYS[rng.usize(..DAYS.len())];
            let t = TOPICS[rng.usize(..TOPICS.len())];
            let (day, month, num) = (rng.u32(1..=28), rng.u32(1..=12), rng.u32(2..=900));
            let text = format!(
                "{c} - Pemerintah Kota {c} menggelar rapat koordinasi membahas {t} pada {d} ({day}/{month}/2024). \
                 Rapat tersebut dihadiri oleh {r} {p} beserta jajaran {o}.\n\
                 \"Kami tidak ingin masalah {t} ini terus berulang setiap tahun. Semua pihak harus bekerja sama,\" \
                 kata {p}, {r} {c}, kepada wartawan usai rapat.\n\
                 Menurut data {o}, tercatat {num} laporan warga terkait {t} sepanjang tahun ini, naik dibandingkan \
                 tahun sebelumnya. Sebagian besar laporan berasal dari kecamatan di pinggiran kota.\n\
                 Baca juga: {r} {c} Tinjau Lokasi {t} di Tiga Kecamatan\n\
                 {p} menambahkan, pemerintah akan menyiapkan anggaran tambahan sebesar Rp {num} miliar untuk \
                 menangani persoalan tersebut. Dana itu akan digunakan untuk memperbaiki saluran air, \
                 menambah petugas lapangan, dan membangun sistem pelaporan yang lebih cepat bagi warga.\n\
                 Sementara itu, sejumlah warga {c} menyambut baik langkah tersebut. Mereka berharap rencana \
                 itu tidak berhenti di atas kertas. \"Yang penting ada tindakan nyata di lapangan,\" ujar seorang \
                 warga yang tinggal di dekat pasar.\n\
                 Rapat lanjutan dijadwalkan berlangsung pekan depan dengan melibatkan perwakilan warga, \
                 akademisi, dan pelaku usaha. Hasilnya akan diumumkan secara terbuka melalui situs resmi \
                 pemerintah kota dan media sosial.\n\
                 Pengamat kebijakan publik dari Universitas Indonesia menilai persoalan {t} di {c} tidak bisa \
                 diselesaikan hanya dengan anggaran. Menurut dia, pemerintah daerah perlu memperbaiki tata kelola, \
                 memperkuat pengawasan, dan membuka data secara berkala agar warga dapat ikut memantau.\n\
                 Artikel nomor {i} ini ditulis untuk pengujian kinerja kabar."
            );
            let mut envelope = serde_json::Map::new();
            envelope.insert("text".into(), text.into());
            envelope.insert("title".into(), format!("{r} {c} Bahas {t}").into());
            envelope.insert("published_at".into(), format!("2024-{month:02}-{day:02}").into());
            tail(&envelope)
        })
        .collect()
}

fn progress_bar(enabled: bool, len: u64, prefix: &str) -> Option<indicatif::ProgressBar> {
    if !enabled {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} {wide_bar} {pos}/{len} {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_prefix(prefix.to_string());
    Some(bar)
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn kb_to_mb(kb: u64) -> f64 {
    round3(kb as f64 / 1024.0)
}

/// User + system CPU seconds of this process, from /proc/self/stat (fields 14 and 15, in
/// USER_HZ = 100 ticks a second on Linux).
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may contain spaces; fields after it are plain.
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

/// A `VmXXX:` line of /proc/self/status, in kB.
pub fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets VmHWM to the current RSS (Linux 4.0+), so each mode reports its own peak.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A human-readable summary.
pub fn to_text(r: &BenchReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "kabar bench {}: {} queue, prefetch {}, concurrency {}, corpus {} ({} articles, mean job {} B)",
        r.version, r.queue_type, r.prefetch, r.concurrency, r.corpus, r.articles, r.mean_body_bytes
    );
    let _ = writeln!(
        s,
        "| mode | jobs | jobs/s | CPU s/1k jobs | cores | peak RSS MB | ready ms | latency p50/p99 ms (rate) | ok/err/dup |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|");
    let opt = |x: Option<f64>, d: usize| x.map_or("-".to_string(), |v| format!("{v:.d$}"));
    for m in &r.modes {
        let lat = m.latency.as_ref().map_or("-".to_string(), |l| {
            format!("{:.2} / {:.2} ({}/s)", l.p50_ms, l.p99_ms, l.rate_per_s)
        });
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {} | {} | {} | {:.1} | {} | {}/{}/{} |",
            m.mode.as_str(),
            m.jobs,
            m.jobs_per_s,
            opt(m.cpu_s_per_1000, 3),
            opt(m.cores_used, 2),
            opt(m.peak_rss_mb, 1),
            m.ready_ms,
            lat,
            m.results_ok,
            m.results_error,
            m.duplicates
        );
    }
    if let Some(ratio) = r.analyze_to_passthrough {
        let _ = writeln!(s, "analyze / passthrough jobs/s: {ratio:.3}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 50.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert_eq!(percentile(&[3.0], 0.99), 3.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn job_bodies_are_envelopes_that_decode() {
        let articles = synthetic_articles(3);
        let body = job_body("b", 4, &articles);
        let incoming = crate::job::Incoming {
            body: body.as_bytes(),
            content_type: Some("application/json"),
            ..Default::default()
        };
        let (id, job) = crate::job::decode(&incoming, 1 << 20);
        assert_eq!(id, "b4");
        let job = job.unwrap();
        assert!(job.article.text.len() > 1500, "{}", job.article.text.len());
        assert!(job.article.published.is_some());
    }

    #[test]
    fn corpus_lines_become_envelopes_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("c.jsonl");
        std::fs::write(&good, "{\"id\":\"x\",\"text\":\"Halo \\\"dunia\\\".\",\"title\":\"T\",\"extra\":1,\"published_at\":\"2025-06-06T21:02\"}\n{\"text\":\"b\",\"published_at\":\"kemarin\"}\n").unwrap();
        let a = load_corpus(&good).unwrap();
        let v: serde_json::Value = serde_json::from_str(&job_body("l", 0, &a)).unwrap();
        assert_eq!(v["id"], "l0");
        assert_eq!(v["text"], "Halo \"dunia\".");
        assert_eq!(v["title"], "T");
        assert!(v.get("extra").is_none());
        assert_eq!(
            v["published_at"], "2025-06-06T21:02",
            "the contract accepts crawler dates without an offset"
        );
        let v: serde_json::Value = serde_json::from_str(&job_body("l", 1, &a)).unwrap();
        assert!(
            v.get("published_at").is_none(),
            "a date the contract rejects is left out"
        );
        let bad = dir.path().join("bad.jsonl");
        std::fs::write(&bad, "{\"text\":\"ok\"}\n{\"title\":\"no text\"}\n").unwrap();
        assert!(
            load_corpus(&bad)
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
    }

    #[test]
    fn status_is_found_in_the_head_of_a_result() {
        assert!(is_ok(
            br#"{"schema":"kabar.result/1","id":"b1","status":"ok","analysis":null}"#
        ));
        assert!(!is_ok(
            br#"{"schema":"kabar.result/1","id":"b1","status":"error"}"#
        ));
    }

    #[test]
    fn passthrough_results_carry_a_null_analysis() {
        let meta = crate::job::Meta::new("h/1", false, chrono::Utc::now(), 0.1);
        let o = crate::job::passthrough_outcome("b7", &meta);
        let v: serde_json::Value = serde_json::from_slice(&o.body).unwrap();
        assert_eq!(v["status"], "ok");
        assert_eq!(v["id"], "b7");
        assert!(v.get("analysis").is_some_and(|a| a.is_null()));
        assert_eq!(o.routing_key, "passthrough");
        assert!(is_ok(&o.body));
    }

    #[test]
    fn proc_readings_work_here() {
        if cfg!(target_os = "linux") {
            assert!(cpu_seconds().is_some());
            assert!(proc_status_kb("VmRSS:").unwrap() > 0);
        }
    }
}
