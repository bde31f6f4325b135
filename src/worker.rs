//! The worker: delivery → job → analysis → result → ack (or dead-letter), as in DESIGN.md §1.
//!
//! [`run`] owns the connection lifecycle. Each *session* is one connection: declare the
//! topology, consume, and hand every delivery to its own task. A task decodes the job and
//! runs the analysis on its own analysis threads (at most `concurrency` at a time, so the async
//! side never stalls), publishes the result and waits for the broker's confirm, and only
//! then acks. When anything breaks, the session ends, unacked deliveries go back to the
//! queue (the broker does that when the channel dies), and a new session starts after a
//! capped, jittered backoff. On shutdown the consumer is cancelled first and in-flight jobs
//! get `shutdown_timeout` to finish.
//!
//! No wait on the broker is unbounded except a result's confirm (which is the point): dead
//! connections are caught by the heartbeat, and a live broker that stops answering by
//! `amqp.setup_timeout_s` (setting a session up) and `amqp.answer_timeout_s` (the cancel and
//! the close on shutdown). The reliability suite's scenarios 10 and 10b build that broker.

use crate::broker::{
    self, BrokerError, ConnectionEvent, DeadNote, JobConsumer, JobDelivery, Publisher,
    ResultTarget,
    raw::{RawChannel, RawDelivery},
    topology::Topology,
};
use crate::config::Settings;
use crate::job::{self, Disposition, ErrorCode, JobError, Meta, Outcome};
use crate::pool::{AnalysisPool, Unfinished};
use crate::telemetry::Metrics;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, debug, error, info, info_span, warn};

/// Why the worker stopped with an error (it never stops for a lost connection: it
/// reconnects).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// Declaring (or, passive, checking) the topology failed: not retried, the operator must act.
    #[error(
        "the broker topology is not as kabar needs it: {0} (without --passive the worker declares it; with --passive, load deploy/rabbitmq/definitions.json first; if a queue exists with other arguments, delete it or match amqp.queue_type)"
    )]
    Topology(#[source] BrokerError),
    /// `http.listen` cannot be bound.
    #[error("cannot listen for HTTP on {addr}: {source} (change http.listen)")]
    Http {
        /// The address from `http.listen`.
        addr: String,
        /// Why it cannot be bound.
        source: std::io::Error,
    },
    /// The broker refused the login or the vhost at start; the error says what to fix.
    #[error(transparent)]
    Refused(BrokerError),
    /// The settings could not be turned into a connection (a password file, a URL).
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The analysis threads could not be started.
    #[error(
        "cannot start the analysis threads: {0} (lower worker.concurrency, or raise the process's thread limit)"
    )]
    Threads(#[source] std::io::Error),
}

/// Starts a worker with fresh metrics and runs it until `shutdown` completes.
pub async fn run(
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WorkerError> {
    run_with_metrics(settings, Arc::new(Metrics::new()), shutdown).await
}

/// [`run`] with metrics the caller keeps (tests read them).
pub async fn run_with_metrics(
    settings: Settings,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WorkerError> {
    run_with(settings, metrics, Handler::Analysis, shutdown).await
}

/// What the worker does with each delivery between receiving and publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    /// The product: decode, analyse, encode ([`job::process`]) on the analysis threads.
    Analysis,
    /// For `kabar bench` only: decode and publish a result without analysing, the same
    /// pipeline otherwise, to measure its broker-bound ceiling. Never a setting: an
    /// operator cannot switch a production worker to it.
    Passthrough,
}

/// [`run_with_metrics`] with the handler chosen by the caller (`kabar bench`).
pub async fn run_with(
    settings: Settings,
    metrics: Arc<Metrics>,
    handler: Handler,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WorkerError> {
    let stop = CancellationToken::new();
    {
        let stop = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            stop.cancel();
        });
    }
    // Stop the HTTP listener only after the drain, so /healthz answers while jobs finish.
    let http_stop = CancellationToken::new();
    let http = if settings.http.listen.is_empty() {
        None
    } else {
        let addr = settings.http.listen.clone();
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|source| WorkerError::Http {
                addr: addr.clone(),
                source,
            })?;
        info!(%addr, "HTTP listener up: /healthz /readyz /metrics");
        let (m, s) = (metrics.clone(), http_stop.clone());
        Some(tokio::spawn(async move {
            crate::http::serve(listener, m, async move { s.cancelled().await }).await
        }))
    };

    let pool = AnalysisPool::new(settings.worker.slots(), "kabar-analysis")
        .map_err(WorkerError::Threads)?;
    let ctx = Arc::new(Context {
        worker: job::worker_name(),
        slots: Arc::new(Semaphore::new(
            settings.worker.slots() * (1 + QUEUED_PER_THREAD),
        )),
        pool,
        metrics: metrics.clone(),
        settings,
        handler,
        blocked: tokio::sync::watch::Sender::new(false),
        unparsable: std::sync::atomic::AtomicBool::new(false),
    });
    info!(
        url = %ctx.settings.amqp.redacted_url(),
        queue = %ctx.settings.amqp.jobs_queue,
        slots = ctx.settings.worker.slots(),
        prefetch = ctx.settings.amqp.prefetch,
        passive = ctx.settings.amqp.passive,
        handler = ?ctx.handler,
        "kabar worker {} starting", env!("CARGO_PKG_VERSION"),
    );

    let mut backoff = Backoff::new(
        ctx.settings.amqp.reconnect_min_ms,
        ctx.settings.amqp.reconnect_max_ms,
    );
    let mut sessions = 0u64;
    // Deliveries to take through the rescue path at the start of the next session: set
    // when a session died on a message lapin could not parse.
    let mut rescue_next = 0usize;
    // Sessions in a row that died that way although a rescue ran before them.
    let mut unparsable_in_a_row = 0u32;
    let result = loop {
        if stop.is_cancelled() {
            break Ok(());
        }
        let rescue = std::mem::take(&mut rescue_next);
        let outcome = session(&ctx, &stop, sessions, rescue).await;
        metrics.set_ready(false);
        match outcome {
            Ok(()) => break Ok(()),
            Err(SessionEnd { error, consumed }) => {
                if ctx
                    .unparsable
                    .swap(false, std::sync::atomic::Ordering::SeqCst)
                    || matches!(error, BrokerError::Unparsable(_))
                {
                    unparsable_in_a_row += 1;
                    rescue_next = usize::from(ctx.settings.amqp.prefetch);
                    if unparsable_in_a_row >= 3 {
                        error!(
                            queue = %ctx.settings.amqp.jobs_queue,
                            "a message near the head of the jobs queue has AMQP properties that cannot be parsed (e.g. a message_id that is not UTF-8), and the rescue path could not take it off the queue ({unparsable_in_a_row} connections lost to it in a row). \
                             Move it by hand: `rabbitmqadmin get queue={} ackmode=reject_requeue_false count=1` dead-letters the head message, \
                             or use the management UI's Get messages with 'Reject requeue false'",
                            ctx.settings.amqp.jobs_queue
                        );
                    } else {
                        warn!(
                            "the connection died on a message whose AMQP properties cannot be parsed (not UTF-8?); the next session takes up to {rescue_next} jobs off the head of the queue on the rescue path first"
                        );
                    }
                } else {
                    unparsable_in_a_row = 0;
                }
                if consumed {
                    sessions += 1;
                    backoff.reset();
                } else if let (BrokerError::Topology { .. }, 0) = (&error, sessions) {
                    // Never started consuming because the broker refuses our topology: that
                    // needs a person, not a retry loop.
                    break Err(WorkerError::Topology(error));
                } else if let (
                    BrokerError::LoginRefused { .. }
                    | BrokerError::NoVhost { .. }
                    | BrokerError::VhostRefused { .. },
                    0,
                ) = (&error, sessions)
                {
                    // The same at start for credentials and vhosts: exit with the one line
                    // that says what to fix (an orchestrator shows it and retries), rather
                    // than log it every 30 s for ever. Once a worker has consumed, a refusal
                    // (a password rotated under it) is retried like any loss.
                    break Err(WorkerError::Refused(error));
                }
                let delay = backoff.next_delay();
                warn!(error = %error, retry_in_ms = delay.as_millis() as u64, "broker session ended; reconnecting");
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = stop.cancelled() => break Ok(()),
                }
            }
        }
    };
    http_stop.cancel();
    if let Some(h) = http {
        let _ = h.await;
    }
    info!("kabar worker stopped");
    result
}

/// What every job task needs.
struct Context {
    settings: Settings,
    /// Analysis, or the bench's passthrough.
    handler: Handler,
    /// `host/pid`, written into every result's `meta.worker`.
    worker: String,
    /// Analysis slots: bounds the jobs handed to the analysis threads (running or ready),
    /// independent of how many deliveries are prefetched: `QUEUED_PER_THREAD` + 1 per
    /// thread.
    slots: Arc<Semaphore>,
    /// The threads the analysis runs on, `worker.concurrency` of them.
    pool: AnalysisPool,
    metrics: Arc<Metrics>,
    /// True while the broker blocks publishing (a resource alarm). No analysis starts
    /// then: its result could not be confirmed and would only wait in memory.
    blocked: tokio::sync::watch::Sender<bool>,
    /// Set when the connection died on a frame lapin could not parse.
    unparsable: std::sync::atomic::AtomicBool,
}

/// A session that ended without a shutdown request.
struct SessionEnd {
    error: BrokerError,
    /// Whether it got as far as consuming (then the next failure is not a start-up error).
    consumed: bool,
}

fn early(error: BrokerError) -> SessionEnd {
    SessionEnd {
        error,
        consumed: false,
    }
}

/// One connection's life. `Ok` only after a requested shutdown has drained.
async fn session(
    ctx: &Arc<Context>,
    stop: &CancellationToken,
    previous_sessions: u64,
    rescue: usize,
) -> Result<(), SessionEnd> {
    let amqp = &ctx.settings.amqp;
    // The queue in the name tells several workers of one host apart in the management UI
    // (and lets tests find their own worker's connection).
    let name = format!("kabar worker {} {}", ctx.worker, amqp.jobs_queue);
    let tag = format!(
        "kabar-{}-{}",
        ctx.worker.replace('/', "-"),
        previous_sessions
    );
    let setup = async {
        let broker = broker::connect(amqp, &name).await?;
        let consume_channel = broker.channel().await?;
        let topology = Topology::from_settings(amqp);
        broker::declare(&consume_channel, &topology, amqp.passive).await?;
        if amqp.passive {
            let unchecked = broker::verify_arguments(&broker, &topology).await?;
            if !unchecked.is_empty() {
                warn!(
                    queues = ?unchecked,
                    "--passive: cannot check these queues' arguments without configure permission; make sure they match deploy/rabbitmq/definitions.json (the jobs queue needs its x-dead-letter-exchange, or jobs past the delivery limit are dropped)"
                );
            }
        }
        let publisher = Publisher::new(broker.channel().await?).await?;
        Ok::<_, BrokerError>((broker, publisher, consume_channel))
    };
    // Every step waits for the broker's answer, which a live broker can fail to send
    // (heartbeats flowing, so lapin sees nothing wrong): bounded, and given up on a
    // shutdown request, so neither a retry nor a SIGTERM can be held up for good.
    let setup = broker::answered(
        "setting up the session (connect, channels, topology)",
        Duration::from_secs(amqp.setup_timeout_s),
        setup,
    );
    let (broker, publisher, consume_channel) = tokio::select! {
        set_up = setup => set_up.map_err(early)?,
        _ = stop.cancelled() => return Ok(()),
    };
    if rescue > 0 {
        // Before the consumer starts, so that the message that killed the last connection
        // comes to the rescue path and not to lapin again.
        tokio::select! {
            rescued = rescue_head(ctx, &publisher, rescue) => match rescued {
                Ok((taken, unparsable)) => info!(taken, unparsable, "rescue path done; consuming normally"),
                Err(e) => warn!(error = %e, "the rescue path failed; consuming normally"),
            },
            _ = stop.cancelled() => return Ok(()),
        }
    }
    let start = broker::answered(
        "setting up the session (starting the consumer)",
        Duration::from_secs(amqp.setup_timeout_s),
        JobConsumer::start(consume_channel, &amqp.jobs_queue, amqp.prefetch, &tag),
    );
    let mut consumer = tokio::select! {
        started = start => started.map_err(early)?,
        _ = stop.cancelled() => return Ok(()),
    };
    if previous_sessions > 0 {
        ctx.metrics.reconnects.inc();
    }
    let events = tokio::spawn(watch_events(ctx.clone(), broker.events()));
    ctx.metrics.set_ready(true);
    info!(queue = %amqp.jobs_queue, "consuming");

    // Set by a job task that finds the connection dead while publishing or acking.
    let broken = CancellationToken::new();
    let mut tasks = JoinSet::new();
    let lost: Option<BrokerError> = loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => break None,
            _ = broken.cancelled() => break Some(BrokerError::Lost("publishing a result or settling a job")),
            Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                if let Err(e) = joined
                    && e.is_panic() {
                        // Its delivery was dropped unsettled and would hold a prefetch slot
                        // for the life of the channel: close the connection so the broker
                        // redelivers it (and every other unsettled job) now.
                        error!("a job task panicked: {e}; reconnecting so that its job is redelivered (this is a bug in kabar, please report it)");
                        break Some(BrokerError::Lost("a job task panicked"));
                    }
            }
            next = consumer.next() => match next {
                Some(Ok(delivery)) => {
                    tasks.spawn(handle(ctx.clone(), publisher.clone(), delivery, broken.clone(), stop.clone()));
                }
                Some(Err(e)) => break Some(e),
                None => break Some(BrokerError::Lost("consuming (or the broker cancelled the consumer: was the queue deleted?)")),
            },
        }
    };
    ctx.metrics.set_ready(false);
    events.abort();
    set_blocked(ctx, false);
    match lost {
        None => {
            let timeout = Duration::from_secs(ctx.settings.worker.shutdown_timeout_s);
            info!(
                in_flight = tasks.len(),
                timeout_s = timeout.as_secs(),
                "shutting down: cancelling the consumer, draining in-flight jobs"
            );
            let answer_timeout = Duration::from_secs(amqp.answer_timeout_s);
            if let Err(e) = consumer.cancel(answer_timeout).await {
                warn!(error = %e, "could not cancel the consumer; the broker will requeue prefetched jobs on close");
            }
            let drained = tokio::time::timeout(timeout, async {
                while tasks.join_next().await.is_some() {}
            })
            .await;
            if drained.is_err() {
                warn!(
                    left = tasks.len(),
                    "shutdown_timeout reached; closing anyway (the broker redelivers the unfinished jobs)"
                );
                tasks.abort_all();
            }
            broker.close().await;
            Ok(())
        }
        Some(error) => {
            // Their deliveries died with the channel; the broker redelivers them.
            tasks.abort_all();
            broker.close().await;
            Err(SessionEnd {
                error,
                consumed: true,
            })
        }
    }
}

/// One delivery, start to settle.
///
/// A result the broker refuses (no queue bound to the results exchange, or a full results
/// queue set to `reject-publish`) is retried with a capped backoff while the job stays
/// unacked: requeueing it would spend its delivery budget in seconds (a 4 s routing
/// outage once sent 2% of a backlog to the dead queue as `delivery_limit`, with no result),
/// while holding it pauses this worker through its prefetch, which is the back-pressure
/// wanted. On shutdown or a lost connection a held job is left unsettled: the broker
/// redelivers it.
async fn handle(
    ctx: Arc<Context>,
    publisher: Publisher,
    delivery: JobDelivery,
    broken: CancellationToken,
    stop: CancellationToken,
) {
    let received_at = chrono::Utc::now();
    let started = Instant::now();
    ctx.metrics.in_flight.inc();
    let delivery = Arc::new(delivery);
    let outcome = compute(&ctx, &delivery, received_at).await;
    let span = info_span!("job", id = %log_safe(&outcome.id));
    async {
        let reply_to = delivery.reply_to().filter(|r| {
            let allowed = ctx.settings.amqp.reply_allowed(r);
            if !allowed {
                ctx.metrics.replies_refused.inc();
                warn!(reply_to = %log_safe(r), "reply_to is outside amqp.reply_to_allowed; no reply sent (the result is on the results exchange)");
            }
            allowed
        });
        let target = ResultTarget { reply_to, correlation_id: delivery.correlation_id() };
        let label = outcome.error.map(ErrorCode::as_str).unwrap_or("ok");
        let amqp = &ctx.settings.amqp;
        let published = until_taken(&ctx, &broken, &stop, "result", || {
            publisher.publish_result(&amqp.results_exchange, &outcome, &target)
        })
        .await;
        let Some(reply_problem) = published else { return };
        ctx.metrics.results_published.inc();
        if let Some(e) = reply_problem {
            warn!(error = %e, "result could not be sent to reply_to (it is on the results exchange)");
        }
        if outcome.disposition == Disposition::DeadLetter {
            let original = delivery.original();
            let note = DeadNote {
                code: label,
                message: &outcome.error_message,
                queue: &amqp.jobs_queue,
            };
            let copied = until_taken(&ctx, &broken, &stop, "dead copy", || {
                publisher.publish_dead(&amqp.dead_exchange, &original, note)
            })
            .await;
            if copied.is_none() {
                return;
            }
        }
        match delivery.ack().await {
            Ok(()) => {
                ctx.metrics.job_done(label, started.elapsed().as_secs_f64());
                match outcome.error {
                    None => debug!(routing_key = %outcome.routing_key, "done"),
                    Some(code) => info!(%code, "job failed; error result published, original copied to the dead queue"),
                }
            }
            Err(e) => {
                warn!(error = %e, "could not settle the delivery; the broker will redeliver it");
                broken.cancel();
            }
        }
    }
    .instrument(span)
    .await;
    ctx.metrics.in_flight.dec();
}

/// Runs `publish` until the broker takes the message. A refusal (unroutable, negative
/// confirm) is retried with a capped backoff while the job stays unacked and counted in
/// `kabar_results_held`; `None` when the connection is lost (the session reconnects and
/// the broker redelivers the job) or on shutdown.
async fn until_taken<T, F, Fut>(
    ctx: &Context,
    broken: &CancellationToken,
    stop: &CancellationToken,
    what: &'static str,
    mut publish: F,
) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, BrokerError>>,
{
    let mut retry = Backoff::new(500, 30_000);
    let mut held = false;
    let taken = loop {
        match publish().await {
            Ok(t) => break Some(t),
            Err(e) if e.is_connection_lost() => {
                warn!(error = %e, what, "not confirmed; the job stays unacked and will be redelivered");
                broken.cancel();
                break None;
            }
            Err(e) => {
                ctx.metrics.results_refused.inc();
                if !held {
                    held = true;
                    ctx.metrics.results_held.inc();
                }
                let delay = retry.next_delay();
                warn!(error = %e, what, retry_in_ms = delay.as_millis() as u64, "refused by the broker; holding the job unacked and retrying (is the queue full or unbound?)");
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = broken.cancelled() => break None,
                    _ = stop.cancelled() => {
                        info!(what, "shutting down while the broker refuses; the broker redelivers the job");
                        break None;
                    }
                }
            }
        }
    };
    if held {
        ctx.metrics.results_held.dec();
    }
    taken
}

/// A producer's string made safe for a text log line: control characters (newlines that
/// would forge log lines, ANSI escapes that rewrite a terminal) escaped, and cut to 300
/// bytes.
pub fn log_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(300));
    for c in s.chars() {
        if out.len() >= 300 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Follows the connection's events for the life of a session: a resource alarm pauses new
/// analyses (and shows on `/readyz` and `kabar_broker_blocked`).
async fn watch_events(
    ctx: Arc<Context>,
    events: impl futures_util::Stream<Item = ConnectionEvent> + Send + 'static,
) {
    use futures_util::StreamExt;
    let mut events = std::pin::pin!(events);
    while let Some(event) = events.next().await {
        match event {
            ConnectionEvent::Blocked(reason) => {
                warn!(%reason, "the broker blocks publishing (resource alarm); no new analysis starts until it lifts");
                set_blocked(&ctx, true);
            }
            ConnectionEvent::Unblocked => {
                info!("the broker unblocked publishing; resuming");
                set_blocked(&ctx, false);
            }
            ConnectionEvent::Unparsable(what) => {
                warn!(error = %what, "a frame from the broker could not be parsed; the connection drops");
                ctx.unparsable
                    .store(true, std::sync::atomic::Ordering::SeqCst);
            }
            ConnectionEvent::Other => {}
        }
    }
}

fn set_blocked(ctx: &Context, blocked: bool) {
    ctx.blocked.send_replace(blocked);
    ctx.metrics.set_blocked(blocked);
}

/// Jobs kept ready for each analysis thread beside the one it runs, so that a thread that
/// finishes a job starts the next at once instead of going idle until the async side hands
/// it one. Without it every job put each analysis thread to sleep and woke it again (on a
/// VM an idle vCPU may be descheduled by the host; the wake-up costs that and cold caches).
/// Two ready jobs per thread gave no more than one (docs/performance.md). A ready job waits
/// for the first thread to come free, and its time limit starts when it runs
/// ([`AnalysisPool::run_within`]), so waiting never times it out.
pub const QUEUED_PER_THREAD: usize = 1;

/// Decode, analyse and serialise the result on the analysis threads ([`AnalysisPool`]),
/// within an analysis slot and the job timeout. One hand-off per job: profiling showed each
/// hand-off costing a thread wake-up (~7% of the process's CPU in passthrough), and
/// serialising a large analysis is CPU work that belongs off the async threads too.
async fn compute<S: Source>(
    ctx: &Arc<Context>,
    delivery: &Arc<S>,
    received_at: chrono::DateTime<chrono::Utc>,
) -> Outcome {
    let started = Instant::now();
    let redelivered = delivery.incoming().redelivered;
    let max_body = ctx.settings.worker.max_body_bytes;
    let max_result = ctx.settings.worker.max_result_bytes;
    if ctx.handler == Handler::Passthrough {
        // Benchmarking aid: the same pipeline without the analysis (the broker-bound
        // ceiling). Decoding an envelope is microseconds, so it runs here: the hop to the
        // analysis threads exists for the analysis, and in passthrough its thread wake-ups
        // were the largest cost of the process (perf: ~30% of its samples in the
        // scheduler), which would understate the ceiling.
        let (id, decoded) = job::decode(&delivery.incoming(), max_body);
        let meta = Meta::new(
            &ctx.worker,
            redelivered,
            received_at,
            started.elapsed().as_secs_f64() * 1e3,
        );
        return match decoded {
            Ok(_) => job::passthrough_outcome(&id, &meta),
            Err(err) => job::error_outcome(&id, &err, &meta),
        };
    }
    // While the broker blocks publishers, a finished result could only wait in memory:
    // start no analysis until the alarm lifts (a delivery waits here holding only its body).
    let _ = ctx.blocked.subscribe().wait_for(|blocked| !*blocked).await;
    let permit = ctx
        .slots
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    // The job id, once decoded, so that a timed-out or crashed analysis still reports it.
    let (id_tx, mut id_rx) = tokio::sync::oneshot::channel::<String>();
    let (c, d) = (ctx.clone(), delivery.clone());
    let limit = Duration::from_secs(ctx.settings.worker.job_timeout_s);
    // The permit moves into the closure: a timed-out analysis keeps its slot until its
    // thread really finishes, so timeouts cannot oversubscribe the CPU.
    let limits = job::Limits {
        max_body_bytes: max_body,
        max_result_bytes: max_result,
    };
    let work = ctx.pool.run_within(limit, move || {
        let _slot = permit;
        job::process(
            &d.incoming(),
            limits,
            &c.worker,
            received_at,
            started,
            |id| {
                let _ = id_tx.send(id.to_owned());
            },
        )
    });
    let error = match work.await {
        Ok(outcome) => return outcome,
        Err(Unfinished::Crashed(crashed)) => JobError::new(
            ErrorCode::AnalysisFailed,
            format!("the analysis crashed: {crashed}"),
        ),
        Err(Unfinished::TimedOut(_)) => JobError::new(
            ErrorCode::Timeout,
            format!(
                "the analysis took longer than {} s (worker.job_timeout_s)",
                limit.as_secs()
            ),
        ),
    };
    let id = id_rx
        .try_recv()
        .unwrap_or_else(|_| uuid::Uuid::new_v4().to_string());
    job::error_outcome(
        &id,
        &error,
        &Meta::new(
            &ctx.worker,
            redelivered,
            received_at,
            started.elapsed().as_secs_f64() * 1e3,
        ),
    )
}

/// Where a job's bytes and properties come from: a consumer delivery, or a message taken on
/// the rescue path.
trait Source: Send + Sync + 'static {
    fn incoming(&self) -> job::Incoming<'_>;
}

impl Source for JobDelivery {
    fn incoming(&self) -> job::Incoming<'_> {
        JobDelivery::incoming(self)
    }
}

impl Source for RawDelivery {
    fn incoming(&self) -> job::Incoming<'_> {
        RawDelivery::incoming(self)
    }
}

/// The rescue path: takes up to `limit` messages off the head of the jobs queue over a
/// connection of its own ([`crate::broker::raw`]), which reads properties lapin cannot,
/// and gives each its result like any job (published with confirm, then settled by tag).
/// The messages in flight when a connection died come back first, so the one that killed
/// it is among them. Returns how many were taken and how many of those lapin could not
/// have read.
async fn rescue_head(
    ctx: &Arc<Context>,
    publisher: &Publisher,
    limit: usize,
) -> Result<(usize, usize), BrokerError> {
    let amqp = &ctx.settings.amqp;
    let mut raw = RawChannel::open(amqp).await?;
    let (mut taken, mut unparsable) = (0, 0);
    while taken < limit {
        let Some(d) = raw.get(&amqp.jobs_queue).await? else {
            break;
        };
        let d = Arc::new(d);
        let outcome = compute(ctx, &d, chrono::Utc::now()).await;
        if !d.parsable {
            unparsable += 1;
            ctx.metrics.rescued.inc();
            warn!(
                id = %log_safe(&outcome.id),
                message_id = %log_safe(d.message_id.as_deref().unwrap_or("")),
                "took a message whose AMQP properties are not valid UTF-8 off the queue on the rescue path (invalid bytes shown as U+FFFD)"
            );
        }
        let reply_to = d
            .reply_to
            .as_deref()
            .filter(|r| !r.is_empty() && amqp.reply_allowed(r));
        let target = ResultTarget {
            reply_to,
            correlation_id: d.correlation_id.as_deref().filter(|c| !c.is_empty()),
        };
        if let Err(e) = publisher
            .publish_result(&amqp.results_exchange, &outcome, &target)
            .await
        {
            let _ = raw.requeue(d.delivery_tag).await;
            return Err(e);
        }
        ctx.metrics.results_published.inc();
        if outcome.disposition == Disposition::DeadLetter {
            let note = DeadNote {
                code: outcome.error.map(ErrorCode::as_str).unwrap_or("ok"),
                message: &outcome.error_message,
                queue: &amqp.jobs_queue,
            };
            if let Err(e) = publisher
                .publish_dead(&amqp.dead_exchange, &d.original(), note)
                .await
            {
                let _ = raw.requeue(d.delivery_tag).await;
                return Err(e);
            }
        }
        raw.ack(d.delivery_tag).await?;
        ctx.metrics
            .job_done(outcome.error.map(ErrorCode::as_str).unwrap_or("ok"), 0.0);
        taken += 1;
    }
    raw.close().await?;
    Ok((taken, unparsable))
}

/// Capped exponential backoff with jitter: each delay is drawn from [d/2, d], and d doubles
/// up to the cap, so that a fleet of workers does not reconnect in lockstep after a broker
/// restart.
#[derive(Debug, Clone)]
pub struct Backoff {
    min_ms: u64,
    max_ms: u64,
    current_ms: u64,
}

impl Backoff {
    pub fn new(min_ms: u64, max_ms: u64) -> Backoff {
        Backoff {
            min_ms,
            max_ms,
            current_ms: min_ms,
        }
    }

    pub fn next_delay(&mut self) -> Duration {
        let d = self.current_ms;
        self.current_ms = (self.current_ms.saturating_mul(2)).min(self.max_ms);
        Duration::from_millis(fastrand::u64(d / 2..=d))
    }

    pub fn reset(&mut self) {
        self.current_ms = self.min_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_strings_cannot_forge_log_lines_or_drive_a_terminal() {
        let forged = "job-1\n2026-12-02T00:00:00Z  INFO fake line\u{1b}[2J";
        let safe = log_safe(forged);
        assert!(!safe.contains('\n') && !safe.contains('\u{1b}'), "{safe}");
        assert!(safe.starts_with("job-1\\n2026"), "{safe}");
        assert!(log_safe(&"x".repeat(10_000)).len() < 320);
        assert_eq!(log_safe("https://example.com/ä"), "https://example.com/ä");
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let mut b = Backoff::new(100, 1000);
        let delays: Vec<u64> = (0..8).map(|_| b.next_delay().as_millis() as u64).collect();
        assert!((50..=100).contains(&delays[0]));
        assert!((100..=200).contains(&delays[1]));
        assert!(delays.iter().all(|d| *d <= 1000));
        assert!((500..=1000).contains(&delays[7]), "{delays:?}");
        b.reset();
        assert!(b.next_delay().as_millis() <= 100);
    }
}
