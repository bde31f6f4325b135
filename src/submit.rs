//! The client side: `kabar submit` publishes jobs (persistent, with publisher confirms) and,
//! with `--wait`, collects each job's result through `reply_to`.

use crate::broker::{self, BrokerError, Message, Publisher, ReplyConsumer, topology::Topology};
use crate::config::AmqpSettings;
use crate::input::JobInput;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct SubmitOptions {
    /// Collect results through `reply_to` and write them as JSON lines.
    pub wait: bool,
    /// With `wait`: how long to wait for results after the last publish.
    pub timeout: Duration,
    /// Publishes awaiting their confirm at once; more is faster, to a point.
    pub window: usize,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

impl Default for SubmitOptions {
    fn default() -> Self {
        SubmitOptions {
            wait: false,
            timeout: Duration::from_secs(300),
            window: 256,
            progress: false,
        }
    }
}

/// What happened to the submitted jobs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmitReport {
    pub published: usize,
    /// With `wait`: results received, by status.
    pub ok: usize,
    pub failed: usize,
    /// With `wait`: ids with no result before the timeout.
    pub missing: Vec<String>,
    /// With `wait`: one line per error result, naming where the job came from:
    /// `path:line (id): code: message`.
    pub failures: Vec<String>,
}

impl SubmitReport {
    /// Whether every job was published and (with `wait`) came back ok.
    pub fn success(&self) -> bool {
        self.failed == 0 && self.missing.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error(transparent)]
    Broker(#[from] BrokerError),
    #[error("writing results: {0}")]
    Output(#[from] std::io::Error),
    #[error("publishing {source_name} failed: {error}")]
    Publish {
        source_name: String,
        error: BrokerError,
    },
}

/// Publishes `jobs` to the jobs queue (declaring the topology first unless `passive`, so
/// that submitting before any worker has started loses nothing), then optionally waits.
pub async fn submit(
    settings: &AmqpSettings,
    jobs: Vec<JobInput>,
    opts: &SubmitOptions,
    out: &mut (dyn Write + Send),
) -> Result<SubmitReport, SubmitError> {
    let conn = broker::connect(settings, "kabar submit").await?;
    let channel = conn.channel().await?;
    let publisher = Publisher::new(conn.channel().await?).await?;
    let result = submit_on(&channel, &publisher, settings, jobs, opts, out).await;
    // Close while the channels are still alive: dropping them first starts their own
    // close, which races this one and makes lapin log a spurious connection error.
    conn.close().await;
    result
}

async fn submit_on(
    channel: &broker::Channel,
    publisher: &Publisher,
    settings: &AmqpSettings,
    jobs: Vec<JobInput>,
    opts: &SubmitOptions,
    out: &mut (dyn Write + Send),
) -> Result<SubmitReport, SubmitError> {
    broker::declare(
        channel,
        &Topology::from_settings(settings),
        settings.passive,
    )
    .await?;
    let mut replies = if opts.wait {
        Some(ReplyConsumer::open(channel).await?)
    } else {
        None
    };
    let reply_to = replies.as_ref().map(|r| r.queue().to_string());

    let bar = if opts.progress {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix} {wide_bar} {pos}/{len} {per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_prefix("publishing");
        Some(bar)
    } else {
        None
    };
    // Every job gets an id before it leaves, so that results can be matched to it: the
    // envelope's, else one derived from where the job came from (`path` or `path:line`),
    // so that a result can be traced back to its file and a resubmission gets the same id.
    let ids: Vec<String> = jobs
        .iter()
        .map(|j| crate::input::envelope_id(j).unwrap_or_else(|| j.source.clone()))
        .collect();
    let queue = settings.jobs_queue.as_str();
    let mut stream = futures_util::stream::iter(jobs.iter().zip(&ids))
        .map(|(job, id)| {
            let reply_to = reply_to.as_deref();
            async move {
                let m = Message {
                    exchange: "",
                    routing_key: queue,
                    body: &job.body,
                    content_type: Some(job.content_type),
                    message_id: Some(id),
                    correlation_id: Some(id),
                    reply_to,
                    mandatory: true,
                    ..Default::default()
                };
                publisher
                    .publish(&m)
                    .await
                    .map_err(|error| SubmitError::Publish {
                        source_name: job.source.clone(),
                        error,
                    })
            }
        })
        .buffer_unordered(opts.window.max(1));
    let mut report = SubmitReport::default();
    while let Some(r) = stream.next().await {
        r?;
        report.published += 1;
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    drop(stream);
    let Some(replies) = replies.as_mut() else {
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        return Ok(report);
    };
    if let Some(b) = &bar {
        b.set_position(0);
        b.set_prefix("waiting for results");
    }
    // Results come back with the id as it travels in AMQP properties (a digest for ids
    // longer than 255 bytes), and several jobs may share an id: count each.
    let mut pending: HashMap<String, usize> = HashMap::new();
    // Where each id came from, for the failure lines (several sources when ids repeat).
    let mut sources: HashMap<String, Vec<&str>> = HashMap::new();
    for (id, job) in ids.iter().zip(&jobs) {
        let key = broker::amqp_id(id).into_owned();
        *pending.entry(key.clone()).or_default() += 1;
        sources.entry(key).or_default().push(job.source.as_str());
    }
    let deadline = tokio::time::Instant::now() + opts.timeout;
    while !pending.is_empty() {
        let reply = match tokio::time::timeout_at(deadline, replies.next()).await {
            Err(_) => break,
            Ok(None) => return Err(BrokerError::Lost("waiting for results").into()),
            Ok(Some(r)) => r?,
        };
        let Some(id) = reply.correlation_id.or(reply.message_id) else {
            continue;
        };
        // A redelivered job can produce a second result: keep as many as were sent.
        match pending.get_mut(id.as_str()) {
            Some(n) if *n > 1 => *n -= 1,
            Some(_) => {
                pending.remove(id.as_str());
            }
            None => continue,
        }
        let doc = serde_json::from_slice::<serde_json::Value>(&reply.body).unwrap_or_default();
        if doc["status"] == "ok" {
            report.ok += 1;
        } else {
            report.failed += 1;
            let source = sources
                .get_mut(id.as_str())
                .and_then(|s| (!s.is_empty()).then(|| s.remove(0)))
                .unwrap_or("?");
            report.failures.push(format!(
                "{source} ({}): {}: {}",
                crate::worker::log_safe(doc["id"].as_str().unwrap_or(id.as_str())),
                doc["error"]["code"].as_str().unwrap_or("?"),
                crate::worker::log_safe(doc["error"]["message"].as_str().unwrap_or("")),
            ));
        }
        out.write_all(&reply.body)?;
        out.write_all(b"\n")?;
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    out.flush()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    report.missing = ids
        .iter()
        .filter(|id| pending.contains_key(broker::amqp_id(id).as_ref()))
        .cloned()
        .collect();
    Ok(report)
}
