//! The suite's tools. [`scenario`] is the scaffold every scenario stands on: a private
//! RabbitMQ node with a private topology, the jobs published with known ids, the real
//! `kabar worker` as a child process ([`WorkerProc`]), the outside check (every id has a
//! result or a dead-queue copy with a reason, duplicates counted) and the report row. Beside
//! it: a probe for queue depths that survives broker faults, and the job builders.

use crate::common::node::{PrivateNode, free_port};
use crate::common::{Client, PATIENCE};
use crate::proxy::Proxy;
use futures_util::StreamExt;
use kabar::Settings;
use lapin::options::*;
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One scenario at a time: they measure recovery and memory, and share two CPU cores.
static SERIAL: Mutex<()> = Mutex::new(());

/// A scenario to run on its own node, named by `tag` (node, topology, job ids and worker
/// log), with the production defaults (quorum queues, delivery_limit 5) changed by `tweak`.
pub fn scenario<T: FnOnce(&mut Settings)>(tag: &str, tweak: T) -> Plan<T> {
    Plan {
        tag: tag.to_string(),
        tweak,
    }
}

/// A scenario's parameters, before it runs.
pub struct Plan<T> {
    tag: String,
    tweak: T,
}

impl<T: FnOnce(&mut Settings)> Plan<T> {
    /// Sets the stage and runs `body` on it, one scenario at a time, on a two-thread
    /// runtime. `body` publishes, starts the worker, injects the fault, reads the outcome
    /// and reports: [`Scenario`]'s methods, in that order.
    pub fn run(self, body: impl AsyncFnOnce(&mut Scenario)) {
        let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut sc = Scenario::setup(&self.tag, self.tweak).await;
            body(&mut sc).await;
        });
    }
}

/// A scenario's stage: a private node with a private topology declared on it, and what the
/// scenario has published there.
pub struct Scenario {
    /// The settings the topology was declared with; workers get the same.
    pub settings: Settings,
    /// The test's own connection (publisher confirms), for publishing and faults.
    pub client: Client,
    /// Every worker's stderr, kept after the run (target/tmp/reliability-<tag>-worker.log)
    /// for post-mortems.
    pub log: PathBuf,
    /// Every published job's id: the outcome must account for each.
    pub ids: Vec<String>,
    /// Queue depths on the node, across broker faults.
    pub probe: Probe,
    /// Dropped last: stops the node.
    pub node: PrivateNode,
}

/// What a scenario's row says; [`Scenario::report`] adds N, lost and duplicates.
pub struct Row {
    pub scenario: &'static str,
    pub faults: String,
    pub recovery: String,
    pub notes: String,
}

impl Scenario {
    async fn setup(tag: &str, tweak: impl FnOnce(&mut Settings)) -> Scenario {
        let node = tokio::task::block_in_place(|| PrivateNode::start(tag));
        // A job returned by a fault too often may legitimately end in the dead queue for
        // `delivery_limit`, and the row says how many did.
        let mut settings = node.settings(tag);
        tweak(&mut settings);
        node.declare(&settings).await;
        let client = node.client(&settings).await;
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("reliability-{tag}-worker.log"));
        let _ = std::fs::remove_file(&log);
        Scenario {
            settings,
            client,
            log,
            ids: Vec::new(),
            probe: Probe::new(node.url()),
            node,
        }
    }

    /// Publishes `jobs` (see [`publish`]); their ids join the ones checked.
    pub async fn publish(&mut self, jobs: impl IntoIterator<Item = Job>) {
        let ids = publish(&self.client, jobs).await;
        self.ids.extend(ids);
    }

    /// Starts the real worker with the scenario's settings.
    pub fn worker(&self) -> WorkerProc {
        WorkerProc::spawn(&self.settings, &self.log)
    }

    /// A TCP proxy in front of the node, for network faults.
    pub async fn proxy(&self) -> Proxy {
        Proxy::start(self.node.port).await
    }

    /// Starts the real worker connecting through `proxy` instead of straight to the node.
    pub fn worker_via(&self, proxy: &Proxy) -> WorkerProc {
        let mut settings = self.settings.clone();
        settings.amqp.url = format!("amqp://guest:guest@127.0.0.1:{}/%2f", proxy.port);
        WorkerProc::spawn(&settings, &self.log)
    }

    /// Waits (within patience) until the results queue holds `fraction` of the published
    /// jobs' results: the worker is busy, time for a fault.
    pub async fn wait_results(&mut self, fraction: f64) {
        let depth = (self.ids.len() as f64 * fraction) as u32;
        let queue = &self.settings.amqp.results_queue;
        self.probe.wait_depth(queue, depth).await;
    }

    /// From `since`, the time until the results queue holds `by` more results than now.
    pub async fn time_to_more_results(&mut self, by: u32, since: Instant) -> Duration {
        let queue = &self.settings.amqp.results_queue;
        self.probe.time_to_grow(queue, by, since).await
    }

    /// Runs `f` (rabbitmqctl, which blocks) on the node without stalling the runtime.
    pub fn on_node<R>(&self, f: impl FnOnce(&PrivateNode) -> R) -> R {
        tokio::task::block_in_place(|| f(&self.node))
    }

    /// Sets the policy `name` with `definition` on `queue` alone.
    pub fn set_policy(&self, name: &str, queue: &str, definition: &str) {
        let pattern = format!("^{}$", regex::escape(queue));
        let args = [
            "set_policy",
            "--apply-to",
            "queues",
            name,
            &pattern,
            definition,
        ];
        self.on_node(|node| node.ctl(&args));
    }

    /// Deletes the topology's results exchange under the worker.
    pub async fn delete_results_exchange(&self) {
        self.client
            .channel
            .exchange_delete(
                self.settings.amqp.results_exchange.as_str().into(),
                ExchangeDeleteOptions::default(),
            )
            .await
            .expect("deleting the results exchange");
    }

    /// Binds the results queue to the results exchange again (`#`, as declared), or unbinds
    /// it: results are then unroutable.
    pub async fn bind_results(&self, bound: bool) {
        let a = &self.settings.amqp;
        let queue = ShortString::from(a.results_queue.as_str());
        let exchange = ShortString::from(a.results_exchange.as_str());
        let (channel, key, args) = (&self.client.channel, "#".into(), FieldTable::default());
        if bound {
            let options = QueueBindOptions::default();
            let bind = channel.queue_bind(queue, exchange, key, options, args);
            bind.await.expect("binding the results queue again");
        } else {
            let unbind = channel.queue_unbind(queue, exchange, key, args);
            unbind.await.expect("unbinding the results queue");
        }
    }

    /// Reads the outcome of every published job from the outside (see [`collect`]).
    pub async fn collect(&self, patience: Duration) -> Seen {
        collect(&self.node, &self.settings, &self.ids, patience).await
    }

    /// "dead: rejected×20" (or "dead: none"): why the published jobs in the dead queue are
    /// there, for a row's notes.
    pub fn dead(&self, seen: &Seen) -> String {
        format!("dead: {}", seen.dead_summary(&self.ids))
    }

    /// Prints the row, with N, lost and duplicates counted over every published job, then
    /// fails the test if any job is lost (so a failing scenario still leaves its row).
    pub fn report(&self, seen: &Seen, row: Row) {
        let lost = seen.lost(&self.ids);
        print_row(&format!(
            "RELIABILITY | {} | {} | {} | {} | {} | {} | {}\n",
            row.scenario,
            self.ids.len(),
            row.faults,
            lost.len(),
            seen.duplicates(&self.ids),
            row.recovery,
            row.notes
        ));
        assert!(
            lost.is_empty(),
            "{}: {} jobs lost, e.g. {:?}; worker log {:?}",
            row.scenario,
            lost.len(),
            &lost[..lost.len().min(10)],
            self.log
        );
    }
}

/// The real binary, `kabar worker`, configured through the environment like in production.
pub struct WorkerProc {
    child: Child,
    pub http: String,
    pub log: PathBuf,
    exited: Option<ExitStatus>,
}

fn env_of(s: &Settings) -> Vec<(&'static str, String)> {
    let a = &s.amqp;
    let w = &s.worker;
    vec![
        ("KABAR__AMQP__URL", a.url.clone()),
        ("KABAR__AMQP__JOBS_QUEUE", a.jobs_queue.clone()),
        ("KABAR__AMQP__RESULTS_EXCHANGE", a.results_exchange.clone()),
        ("KABAR__AMQP__RESULTS_QUEUE", a.results_queue.clone()),
        ("KABAR__AMQP__DEAD_EXCHANGE", a.dead_exchange.clone()),
        ("KABAR__AMQP__DEAD_QUEUE", a.dead_queue.clone()),
        ("KABAR__AMQP__QUEUE_TYPE", a.queue_type.to_string()),
        ("KABAR__AMQP__DELIVERY_LIMIT", a.delivery_limit.to_string()),
        ("KABAR__AMQP__PREFETCH", a.prefetch.to_string()),
        ("KABAR__AMQP__HEARTBEAT_S", a.heartbeat_s.to_string()),
        (
            "KABAR__AMQP__RECONNECT_MIN_MS",
            a.reconnect_min_ms.to_string(),
        ),
        (
            "KABAR__AMQP__RECONNECT_MAX_MS",
            a.reconnect_max_ms.to_string(),
        ),
        (
            "KABAR__AMQP__SETUP_TIMEOUT_S",
            a.setup_timeout_s.to_string(),
        ),
        (
            "KABAR__AMQP__ANSWER_TIMEOUT_S",
            a.answer_timeout_s.to_string(),
        ),
        ("KABAR__WORKER__CONCURRENCY", w.concurrency.to_string()),
        (
            "KABAR__WORKER__SHUTDOWN_TIMEOUT_S",
            w.shutdown_timeout_s.to_string(),
        ),
        (
            "KABAR__WORKER__MAX_BODY_BYTES",
            w.max_body_bytes.to_string(),
        ),
        ("KABAR__WORKER__JOB_TIMEOUT_S", w.job_timeout_s.to_string()),
        (
            "KABAR__WORKER__MAX_RESULT_BYTES",
            w.max_result_bytes.to_string(),
        ),
        ("KABAR__LOG__LEVEL", "info,lapin=warn".into()),
    ]
}

impl WorkerProc {
    /// Starts `kabar worker` with `settings`, its HTTP listener on a free port, and stderr
    /// appended to `log` (a file, so a chatty worker can never block on a full pipe).
    pub fn spawn(settings: &Settings, log: &Path) -> WorkerProc {
        let port = free_port();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("worker log file");
        let child = Command::new(env!("CARGO_BIN_EXE_kabar"))
            .arg("worker")
            .arg("--http-listen")
            .arg(format!("127.0.0.1:{port}"))
            .env_remove("KABAR_AMQP_URL")
            .envs(env_of(settings))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("starting kabar worker");
        WorkerProc {
            child,
            http: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
            exited: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then waits for the exit, which must be 0; returns how long it took.
    pub async fn terminate(&mut self) -> Duration {
        let t = Instant::now();
        let ok = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM {} failed", self.pid());
        let status = self.wait_exit().await;
        let took = t.elapsed();
        assert_eq!(
            status.code(),
            Some(0),
            "exit status after SIGTERM; log {:?}",
            self.log
        );
        took
    }

    /// SIGKILL, then reap.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        self.exited = Some(self.child.wait().unwrap());
    }

    /// `Some(status)` once the process has exited.
    pub fn exit_status(&mut self) -> Option<ExitStatus> {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().unwrap();
        }
        self.exited
    }

    /// Waits for the process to exit, within patience.
    pub async fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(s) = self.exit_status() {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "worker {} did not exit within {PATIENCE:?}; log {:?}",
                self.pid(),
                self.log
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Injects a fault (`fault`, whose value is returned) while watching /readyz every
    /// 10 ms; returns also when /readyz went false and when it was true again. Fails the
    /// test if it never went false, never came back, or the worker exited (`what` names the
    /// fault in the message).
    pub async fn ride_out<R>(
        &mut self,
        what: &str,
        fault: impl AsyncFnOnce() -> R,
    ) -> (R, Instant, Instant) {
        let watch = tokio::spawn(watch_flap(self.http.clone()));
        let value = fault().await;
        let (down, up) = watch.await.unwrap();
        assert!(
            self.exit_status().is_none(),
            "the worker exited after {what}; log {:?}",
            self.log
        );
        (value, down, up)
    }

    /// Fails the test if the process has exited.
    pub fn assert_running(&mut self) {
        assert!(
            self.exit_status().is_none(),
            "the worker exited; log {:?}",
            self.log
        );
    }

    /// The log so far (every worker of the scenario writes to it).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Fails the test unless the log says `needle`.
    pub fn assert_log_says(&self, needle: &str) {
        assert!(
            self.log_text().contains(needle),
            "the worker log does not say {needle:?}: {:?}",
            self.log
        );
    }

    /// Waits until the log, past its first `from` bytes, holds one of `needles`, and returns
    /// the first found; `None` if none shows within `within`.
    pub async fn wait_log(
        &self,
        from: usize,
        needles: &[&'static str],
        within: Duration,
    ) -> Option<&'static str> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            let log = self.log_text();
            let fresh = log.get(from..).unwrap_or("");
            if let Some(found) = needles.iter().find(|n| fresh.contains(**n)) {
                return Some(found);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    /// GET /readyz answers 2xx.
    pub async fn ready(&self) -> bool {
        kabar::check_health(&format!("{}/readyz", self.http))
            .await
            .is_ok()
    }

    /// Waits (within patience) until /readyz says ready.
    pub async fn wait_ready(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        while !self.ready().await {
            assert!(
                self.exit_status().is_none(),
                "the worker exited before becoming ready; log {:?}",
                self.log
            );
            assert!(
                Instant::now() < deadline,
                "worker not ready within {PATIENCE:?}; log {:?}",
                self.log
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A `kabar_*` metric from /metrics.
    pub async fn metric(&self, name: &str) -> Option<f64> {
        let url = url::Url::parse(&self.http).unwrap();
        let mut s = tokio::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap()))
            .await
            .ok()?;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut buf = String::new();
        s.read_to_string(&mut buf).await.ok()?;
        buf.lines().find_map(|l| {
            l.strip_prefix(name)
                .and_then(|r| r.strip_prefix(' '))
                .and_then(|v| v.trim().parse().ok())
        })
    }

    /// Peak resident set (VmHWM) in KiB.
    pub fn vm_hwm_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// `meta.worker` of the results this process writes ends with this.
    pub fn worker_suffix(&self) -> String {
        format!("/{}", self.pid())
    }
}

impl Drop for WorkerProc {
    fn drop(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One job to publish.
pub struct Job {
    pub id: String,
    pub body: Vec<u8>,
    pub content_type: Option<&'static str>,
    pub content_encoding: Option<&'static str>,
}

impl Job {
    /// `{"id": …, "text": …}`.
    pub fn json(id: String, text: &str) -> Job {
        let doc = serde_json::json!({ "id": id, "text": text });
        Job::declared_json(id, doc.to_string().into_bytes())
    }

    /// `{"id": …, "text": …, "options": …}`.
    pub fn json_with_options(id: String, text: &str, options: serde_json::Value) -> Job {
        let doc = serde_json::json!({ "id": id, "text": text, "options": options });
        Job::declared_json(id, doc.to_string().into_bytes())
    }

    /// `body` as it is, declared `application/json`.
    pub fn declared_json(id: String, body: Vec<u8>) -> Job {
        Job {
            id,
            body,
            content_type: Some("application/json"),
            content_encoding: None,
        }
    }
}

/// Publishes persistently with confirms (a window of 500 in flight); the message id is the
/// job id, so even a body that never decodes can be traced.
pub async fn publish(client: &Client, jobs: impl IntoIterator<Item = Job>) -> Vec<String> {
    let mut ids = Vec::new();
    let mut pending = Vec::new();
    for j in jobs {
        let mut props = BasicProperties::default().with_delivery_mode(2);
        // The id in message_id too, so a body that never decodes can be traced; ids past
        // an AMQP short string (long URLs) travel in the body only.
        if j.id.len() <= 255 {
            props = props.with_message_id(j.id.as_str().into());
        }
        if let Some(ct) = j.content_type {
            props = props.with_content_type(ct.into());
        }
        if let Some(ce) = j.content_encoding {
            props = props.with_content_encoding(ce.into());
        }
        let queue = client.settings.amqp.jobs_queue.as_str();
        let confirm = client
            .channel
            .basic_publish(
                "".into(),
                queue.into(),
                BasicPublishOptions::default(),
                &j.body,
                props,
            )
            .await
            .expect("publishing a job");
        pending.push(confirm);
        ids.push(j.id);
        if pending.len() >= 500 {
            for c in pending.drain(..) {
                assert!(
                    c.await.expect("confirm").is_ack(),
                    "the broker refused a job"
                );
            }
        }
    }
    for c in pending {
        assert!(
            c.await.expect("confirm").is_ack(),
            "the broker refused a job"
        );
    }
    ids
}

/// `n` ordinary jobs `{prefix}-{i}`.
pub fn ordinary(prefix: &str, n: usize) -> impl Iterator<Item = Job> + '_ {
    (0..n).map(move |i| Job::json(format!("{prefix}-{i}"), &crate::common::article(i)))
}

/// [`ordinary`] jobs, with `trigger` (a fault-injection hook such as
/// `kabar::job::PANIC_TRIGGER`) appended to the text of those whose index is `marked`.
pub fn marked<'a>(
    prefix: &'a str,
    n: usize,
    trigger: &'a str,
    marked: impl Fn(usize) -> bool + 'a,
) -> impl Iterator<Item = Job> + 'a {
    (0..n).map(move |i| {
        let mut text = crate::common::article(i);
        if marked(i) {
            text = format!("{text} {trigger}");
        }
        Job::json(format!("{prefix}-{i}"), &text)
    })
}

/// Queue depths over a connection that reconnects by itself: usable across broker faults.
pub struct Probe {
    /// The broker's URL, to connect again after a fault.
    url: String,
    channel: Option<(Connection, Channel)>,
}

impl Probe {
    fn new(url: String) -> Probe {
        Probe { url, channel: None }
    }

    /// Ready messages in `queue`, or `None` while the broker is unreachable.
    pub async fn depth(&mut self, queue: &str) -> Option<u32> {
        if self
            .channel
            .as_ref()
            .is_none_or(|(c, ch)| !c.status().connected() || !ch.status().connected())
        {
            let conn = Connection::connect(&self.url, ConnectionProperties::default())
                .await
                .ok()?;
            let ch = conn.create_channel().await.ok()?;
            self.channel = Some((conn, ch));
        }
        let (_, ch) = self.channel.as_ref()?;
        let opts = QueueDeclareOptions {
            passive: true,
            ..Default::default()
        };
        match ch
            .queue_declare(queue.into(), opts, FieldTable::default())
            .await
        {
            Ok(q) => Some(q.message_count()),
            Err(_) => {
                self.channel = None;
                None
            }
        }
    }

    /// Waits (within patience) until `queue` holds at least `n` ready messages.
    pub async fn wait_depth(&mut self, queue: &str, n: u32) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.depth(queue).await.is_some_and(|d| d >= n) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{queue} never reached {n} messages within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// From `since`, the time until `queue` grows by `by` beyond its current depth.
    pub async fn time_to_grow(&mut self, queue: &str, by: u32, since: Instant) -> Duration {
        let base = loop {
            if let Some(d) = self.depth(queue).await {
                break d;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        self.wait_depth(queue, base + by).await;
        since.elapsed()
    }
}

/// A result seen on the results queue.
#[derive(Debug, Clone)]
pub struct ResultInfo {
    pub status: String,
    pub code: Option<String>,
    pub worker: String,
}

/// Everything seen on the results and dead queues, by job id.
#[derive(Debug, Default)]
pub struct Seen {
    pub results: HashMap<String, Vec<ResultInfo>>,
    /// Dead-letter reasons (`x-first-death-reason`), one per copy.
    pub dead: HashMap<String, Vec<String>>,
}

impl Seen {
    /// Ids with neither a result nor a dead-queue copy that states a reason.
    pub fn lost(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|id| {
                !self.results.contains_key(*id)
                    && !self
                        .dead
                        .get(*id)
                        .is_some_and(|r| r.iter().all(|r| !r.is_empty()))
            })
            .cloned()
            .collect()
    }

    /// Results beyond the first, over `ids`.
    pub fn duplicates(&self, ids: &[String]) -> usize {
        ids.iter()
            .filter_map(|id| self.results.get(id))
            .map(|r| r.len().saturating_sub(1))
            .sum()
    }

    /// Whether `id` ended as `expect` says: `None`, an `ok` result and no dead copy;
    /// `Some(code)`, an error result with that code and a dead copy for `rejected`.
    pub fn has_outcome(&self, id: &str, expect: Option<&str>) -> bool {
        let result = self.results.get(id).and_then(|r| r.first());
        let dead = self.dead.get(id);
        match expect {
            None => result.is_some_and(|r| r.status == "ok") && dead.is_none(),
            Some(code) => {
                result.is_some_and(|r| r.code.as_deref() == Some(code))
                    && dead.is_some_and(|d| d.iter().any(|x| x == "rejected"))
            }
        }
    }

    /// "reason×count" of the dead copies among `ids`, e.g. "rejected×20".
    pub fn dead_summary(&self, ids: &[String]) -> String {
        let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
        for id in ids {
            for r in self.dead.get(id).into_iter().flatten() {
                *by.entry(r.as_str()).or_default() += 1;
            }
        }
        if by.is_empty() {
            "none".into()
        } else {
            by.iter()
                .map(|(r, n)| format!("{r}×{n}"))
                .collect::<Vec<_>>()
                .join(",")
        }
    }
}

impl Seen {
    /// Records a result document.
    pub fn record_result(&mut self, body: &[u8]) -> String {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let info = ResultInfo {
            status: v["status"].as_str().unwrap_or_default().into(),
            code: v["error"]["code"].as_str().map(str::to_owned),
            worker: v["meta"]["worker"].as_str().unwrap_or_default().into(),
        };
        self.results.entry(id.clone()).or_default().push(info);
        id
    }
}

fn header_str(props: &BasicProperties, name: &str) -> Option<String> {
    match props
        .headers()
        .as_ref()?
        .inner()
        .get(&ShortString::from(name))?
    {
        AMQPValue::LongString(s) => Some(s.to_string()),
        AMQPValue::ShortString(s) => Some(s.to_string()),
        _ => None,
    }
}

/// The reason a dead-lettered message states: `x-first-death-reason` or `kabar-dead-reason`,
/// else `x-death[0].reason`.
fn death_reason(props: &BasicProperties) -> String {
    // The broker's dead-lettering (delivery limit) writes x-first-death-reason; the
    // worker's copy of a failed job writes kabar-dead-reason.
    if let Some(r) =
        header_str(props, "x-first-death-reason").or_else(|| header_str(props, "kabar-dead-reason"))
    {
        return r;
    }
    let Some(h) = props.headers().as_ref() else {
        return String::new();
    };
    if let Some(AMQPValue::FieldArray(deaths)) = h.inner().get(&ShortString::from("x-death"))
        && let Some(AMQPValue::FieldTable(first)) = deaths.as_slice().first()
    {
        match first.inner().get(&ShortString::from("reason")) {
            Some(AMQPValue::LongString(s)) => return s.to_string(),
            Some(AMQPValue::ShortString(s)) => return s.to_string(),
            _ => {}
        }
    }
    String::new()
}

/// Reads the results and dead queues from the outside until every id is accounted for, the
/// jobs queue is empty and nothing new arrived for a while (so late duplicates are counted);
/// or until `patience` runs out, returning what was seen so the caller reports the loss.
async fn collect(node: &PrivateNode, s: &Settings, ids: &[String], patience: Duration) -> Seen {
    let mut seen = Seen::default();
    let conn = node.connect().await;
    let ch = conn.create_channel().await.unwrap();
    ch.basic_qos(2000, BasicQosOptions::default())
        .await
        .unwrap();
    let consume = |q: String| {
        let ch = ch.clone();
        async move {
            ch.basic_consume(
                q.as_str().into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .expect("consuming for the check")
        }
    };
    let mut results = consume(s.amqp.results_queue.clone()).await;
    let mut dead = consume(s.amqp.dead_queue.clone()).await;
    let probe_ch = conn.create_channel().await.unwrap();
    let want: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut missing = want
        .iter()
        .filter(|id| !seen.results.contains_key(**id) && !seen.dead.contains_key(**id))
        .count();
    let deadline = Instant::now() + patience;
    let mut last = Instant::now();
    loop {
        tokio::select! {
            Some(Ok(d)) = results.next() => {
                let v: serde_json::Value = serde_json::from_slice(&d.data).unwrap_or_default();
                let id = v["id"].as_str().unwrap_or_default();
                if want.contains(id) && !seen.results.contains_key(id) && !seen.dead.contains_key(id) {
                    missing -= 1;
                }
                seen.record_result(&d.data);
                d.acker.ack(BasicAckOptions::default()).await.unwrap();
                last = Instant::now();
            }
            Some(Ok(d)) = dead.next() => {
                let id = d.properties.message_id().as_ref().map(|m| m.to_string()).unwrap_or_else(|| {
                    let v: serde_json::Value = serde_json::from_slice(&d.data).unwrap_or_default();
                    v["id"].as_str().unwrap_or_default().to_string()
                });
                if want.contains(id.as_str()) && !seen.results.contains_key(&id) && !seen.dead.contains_key(&id) {
                    missing -= 1;
                }
                seen.dead.entry(id).or_default().push(death_reason(&d.properties));
                d.acker.ack(BasicAckOptions::default()).await.unwrap();
                last = Instant::now();
            }
            _ = tokio::time::sleep(Duration::from_millis(300)) => {
                if Instant::now() > deadline {
                    return seen;
                }
                if missing == 0 && last.elapsed() > Duration::from_millis(1500) {
                    let opts = QueueDeclareOptions { passive: true, ..Default::default() };
                    let q = probe_ch.queue_declare(s.amqp.jobs_queue.as_str().into(), opts, FieldTable::default()).await.unwrap();
                    if q.message_count() == 0 {
                        let _ = conn.close(200, "bye".into()).await;
                        return seen;
                    }
                }
            }
        }
    }
}

/// Prints a report line (past the test harness's output capture, so it shows in `cargo
/// test`) and appends it to `target/tmp/reliability.txt`.
fn print_row(line: &str) {
    let _ = std::io::stdout().write_all(line.as_bytes());
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reliability.txt");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Polls /readyz every 10 ms and returns when it went false and when true again.
async fn watch_flap(http: String) -> (Instant, Instant) {
    let ready = |h: &str| {
        let url = format!("{h}/readyz");
        async move { kabar::check_health(&url).await.is_ok() }
    };
    let deadline = Instant::now() + PATIENCE;
    while ready(&http).await {
        assert!(
            Instant::now() < deadline,
            "/readyz never went false after the fault"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let down = Instant::now();
    while !ready(&http).await {
        assert!(
            Instant::now() < deadline,
            "/readyz did not come back within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    (down, Instant::now())
}

/// "1.2 s" / "max 1.2 s" formatting.
pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

pub fn max_secs(ds: &[Duration]) -> String {
    match ds.iter().max() {
        Some(d) => format!("max {}", secs(*d)),
        None => "n/a".into(),
    }
}
