//! Helpers that make each integration test read like a story: a private topology on the
//! real local RabbitMQ, a client that publishes jobs and collects results, and workers run
//! in-process or as the real binary.
//!
//! Broker tests never skip: when RabbitMQ is unreachable they fail and say how to start it.
#![allow(dead_code)]

pub mod node;

use futures_util::StreamExt;
use kabar::Settings;
use lapin::options::*;
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// Generous guard against a hung test; never a speed assertion.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub fn amqp_url() -> String {
    std::env::var("KABAR_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

/// Connects or fails the test with instructions.
pub async fn connect() -> Connection {
    match Connection::connect(&amqp_url(), ConnectionProperties::default()).await {
        Ok(c) => c,
        Err(e) => panic!(
            "RabbitMQ is not reachable at {} ({e}).\nStart it with `rabbitmq-server -detached && rabbitmqctl await_startup` \
             (or `docker compose up -d rabbitmq`), or point KABAR_AMQP_URL at a broker.",
            kabar::redact_url(&amqp_url())
        ),
    }
}

/// Settings for a private, uniquely named topology (`kabar-test.<test>.<random>.*`) on the
/// broker at `url`, with small prefetch and fast reconnects for tests.
pub fn test_settings(test: &str, url: &str) -> Settings {
    let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let base = format!("kabar-test.{test}.{tag}");
    let mut settings = Settings::default();
    settings.amqp.url = url.to_string();
    settings.amqp.jobs_queue = format!("{base}.jobs");
    settings.amqp.results_exchange = format!("{base}.results");
    settings.amqp.results_queue = format!("{base}.results");
    settings.amqp.dead_exchange = format!("{base}.dead");
    settings.amqp.dead_queue = format!("{base}.jobs.dead");
    settings.amqp.prefetch = 32;
    settings.amqp.reconnect_min_ms = 100;
    settings.amqp.reconnect_max_ms = 2000;
    settings.worker.concurrency = 2;
    settings.worker.shutdown_timeout_s = 30;
    settings
}

/// A private set of queues and exchanges for one test, deleted when dropped.
pub struct Scope {
    pub settings: Settings,
}

impl Scope {
    pub fn new(test: &str) -> Scope {
        Scope {
            settings: test_settings(test, &amqp_url()),
        }
    }

    /// Environment variables that point a `kabar` process at this scope.
    pub fn env(&self) -> Vec<(String, String)> {
        let a = &self.settings.amqp;
        vec![
            ("KABAR__AMQP__URL".into(), a.url.clone()),
            ("KABAR__AMQP__JOBS_QUEUE".into(), a.jobs_queue.clone()),
            (
                "KABAR__AMQP__RESULTS_EXCHANGE".into(),
                a.results_exchange.clone(),
            ),
            ("KABAR__AMQP__RESULTS_QUEUE".into(), a.results_queue.clone()),
            ("KABAR__AMQP__DEAD_EXCHANGE".into(), a.dead_exchange.clone()),
            ("KABAR__AMQP__DEAD_QUEUE".into(), a.dead_queue.clone()),
            ("KABAR__AMQP__PREFETCH".into(), a.prefetch.to_string()),
            (
                "KABAR__AMQP__RECONNECT_MIN_MS".into(),
                a.reconnect_min_ms.to_string(),
            ),
            (
                "KABAR__AMQP__RECONNECT_MAX_MS".into(),
                a.reconnect_max_ms.to_string(),
            ),
            (
                "KABAR__WORKER__CONCURRENCY".into(),
                self.settings.worker.concurrency.to_string(),
            ),
        ]
    }

    /// Declares the topology the way a worker would, so jobs can be published first.
    pub async fn declare(&self) {
        let conn = connect().await;
        let ch = conn.create_channel().await.unwrap();
        let topo = kabar::Topology::from_settings(&self.settings.amqp);
        kabar::declare(&ch, &topo, false)
            .await
            .expect("declaring the test topology");
        let _ = conn.close(200, "bye".into()).await;
    }

    pub async fn client(&self) -> Client {
        let conn = connect().await;
        let channel = conn.create_channel().await.unwrap();
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .unwrap();
        Client {
            _conn: conn,
            channel,
            settings: self.settings.clone(),
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let a = self.settings.amqp.clone();
        // Drop may run inside a tokio runtime: do the async cleanup on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let Ok(conn) =
                    Connection::connect(&amqp_url(), ConnectionProperties::default()).await
                else {
                    return;
                };
                let Ok(ch) = conn.create_channel().await else {
                    return;
                };
                for q in [&a.jobs_queue, &a.results_queue, &a.dead_queue] {
                    let _ = ch
                        .queue_delete(q.as_str().into(), QueueDeleteOptions::default())
                        .await;
                }
                for e in [&a.results_exchange, &a.dead_exchange] {
                    let _ = ch
                        .exchange_delete(e.as_str().into(), ExchangeDeleteOptions::default())
                        .await;
                }
                let _ = conn.close(200, "bye".into()).await;
            });
        })
        .join();
    }
}

/// A message as a test sees it.
#[derive(Debug, Clone)]
pub struct Received {
    pub routing_key: String,
    pub body: Vec<u8>,
    pub props: BasicProperties,
}

impl Received {
    /// The body as JSON. A result document (`"schema": "kabar.result/1"`) is also checked
    /// against docs/schemas/result.schema.json, so that every test that reads a result
    /// checks the published contract: a result that drifts from it panics with why.
    pub fn json(&self) -> serde_json::Value {
        use std::sync::LazyLock;
        static RESULT_SCHEMA: LazyLock<(boon::Schemas, boon::SchemaIndex)> = LazyLock::new(|| {
            let url = "file:///kabar/docs/schemas/result.schema.json";
            let text = include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/docs/schemas/result.schema.json"
            ));
            let doc = serde_json::from_str(text).expect("result.schema.json is JSON");
            let mut compiler = boon::Compiler::new();
            compiler.enable_format_assertions();
            compiler.add_resource(url, doc).expect("a schema URL");
            let mut schemas = boon::Schemas::new();
            let index = compiler
                .compile(url, &mut schemas)
                .unwrap_or_else(|e| panic!("result.schema.json does not compile: {e:#}"));
            (schemas, index)
        });
        let value: serde_json::Value =
            serde_json::from_slice(&self.body).expect("a result is JSON");
        if value.get("schema").and_then(|s| s.as_str()) == Some("kabar.result/1") {
            let (schemas, index) = &*RESULT_SCHEMA;
            if let Err(e) = schemas.validate(&value, *index) {
                let body = String::from_utf8_lossy(&self.body);
                let end = (0..=body.len().min(2000))
                    .rev()
                    .find(|&i| body.is_char_boundary(i))
                    .unwrap_or(0);
                panic!(
                    "a result (routing key {}) does not match docs/schemas/result.schema.json:\n{e}\nbody: {}",
                    self.routing_key,
                    &body[..end]
                );
            }
        }
        value
    }
    pub fn header(&self, name: &str) -> Option<String> {
        let headers = self.props.headers().as_ref()?;
        match headers.inner().get(&ShortString::from(name))? {
            AMQPValue::LongString(s) => Some(s.to_string()),
            AMQPValue::ShortString(s) => Some(s.to_string()),
            other => Some(format!("{other:?}")),
        }
    }
    pub fn message_id(&self) -> Option<String> {
        self.props.message_id().as_ref().map(|s| s.to_string())
    }
    pub fn correlation_id(&self) -> Option<String> {
        self.props.correlation_id().as_ref().map(|s| s.to_string())
    }
}

pub struct Client {
    _conn: Connection,
    pub channel: Channel,
    pub settings: Settings,
}

/// Properties of a job to publish.
#[derive(Debug, Clone, Default)]
pub struct JobProps<'a> {
    pub content_type: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    pub reply_to: Option<&'a str>,
}

impl Client {
    /// Publishes one job to the scope's jobs queue and waits for the confirm.
    pub async fn publish(&self, body: &[u8], p: JobProps<'_>) {
        let mut props = BasicProperties::default().with_delivery_mode(2);
        if let Some(v) = p.content_type {
            props = props.with_content_type(v.into());
        }
        if let Some(v) = p.message_id {
            props = props.with_message_id(v.into());
        }
        if let Some(v) = p.correlation_id {
            props = props.with_correlation_id(v.into());
        }
        if let Some(v) = p.reply_to {
            props = props.with_reply_to(v.into());
        }
        let confirm = self
            .channel
            .basic_publish(
                "".into(),
                self.settings.amqp.jobs_queue.as_str().into(),
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                body,
                props,
            )
            .await
            .unwrap()
            .await
            .unwrap();
        assert!(confirm.is_ack());
        assert!(
            confirm.take_message().is_none(),
            "job was unroutable: is the jobs queue declared?"
        );
    }

    /// Publishes `n` JSON jobs with ids `{prefix}-{i}` and returns the ids.
    pub async fn publish_many(&self, prefix: &str, n: usize) -> Vec<String> {
        let mut ids = Vec::with_capacity(n);
        let mut pending = Vec::new();
        for i in 0..n {
            let id = format!("{prefix}-{i}");
            let body = serde_json::json!({"id": id, "text": article(i)}).to_string();
            let confirm = self
                .channel
                .basic_publish(
                    "".into(),
                    self.settings.amqp.jobs_queue.as_str().into(),
                    BasicPublishOptions::default(),
                    body.as_bytes(),
                    BasicProperties::default()
                        .with_delivery_mode(2)
                        .with_content_type("application/json".into()),
                )
                .await
                .unwrap();
            pending.push(confirm);
            ids.push(id);
            if pending.len() >= 200 {
                for c in pending.drain(..) {
                    assert!(c.await.unwrap().is_ack());
                }
            }
        }
        for c in pending {
            assert!(c.await.unwrap().is_ack());
        }
        ids
    }

    /// Takes `n` messages from `queue`, waiting as needed (up to [`PATIENCE`] in all).
    pub async fn take(&self, queue: &str, n: usize) -> Vec<Received> {
        let mut out = Vec::new();
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while out.len() < n {
            match self
                .channel
                .basic_get(queue.into(), BasicGetOptions { no_ack: true })
                .await
                .unwrap()
            {
                Some(m) => out.push(Received {
                    routing_key: m.delivery.routing_key.to_string(),
                    body: m.delivery.data.clone(),
                    props: m.delivery.properties.clone(),
                }),
                None => {
                    if tokio::time::Instant::now() > deadline {
                        panic!(
                            "only {} of {n} messages arrived on {queue} within {PATIENCE:?}",
                            out.len()
                        );
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        out
    }

    /// Takes results from `queue` until every id in `ids` has been seen (duplicates from
    /// redelivery are counted, not dropped), up to [`PATIENCE`]. Returns id → count.
    pub async fn collect_ids(&self, queue: &str, ids: &[String]) -> BTreeMap<String, usize> {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if ids.iter().all(|id| seen.contains_key(id)) {
                return seen;
            }
            match self
                .channel
                .basic_get(queue.into(), BasicGetOptions { no_ack: true })
                .await
                .unwrap()
            {
                Some(m) => {
                    let v: serde_json::Value = serde_json::from_slice(&m.delivery.data).unwrap();
                    *seen
                        .entry(v["id"].as_str().unwrap_or_default().to_string())
                        .or_default() += 1;
                }
                None => {
                    if tokio::time::Instant::now() > deadline {
                        let missing: Vec<_> = ids
                            .iter()
                            .filter(|id| !seen.contains_key(*id))
                            .take(10)
                            .collect();
                        panic!(
                            "{} ids have no result within {PATIENCE:?}, e.g. {missing:?}",
                            ids.iter().filter(|id| !seen.contains_key(*id)).count()
                        );
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    }

    /// How many messages sit in `queue` right now.
    pub async fn depth(&self, queue: &str) -> u32 {
        self.channel
            .queue_declare(
                queue.into(),
                QueueDeclareOptions {
                    passive: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap()
            .message_count()
    }

    /// Waits (up to [`PATIENCE`]) until `queue` holds at least `n` messages, taking none.
    pub async fn wait_depth(&self, queue: &str, n: u32) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while self.depth(queue).await < n {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{queue} never reached {n} messages"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Takes everything currently in `queue`.
    pub async fn drain(&self, queue: &str) -> Vec<Received> {
        let n = self.depth(queue).await as usize;
        self.take(queue, n).await
    }

    /// A private reply queue, for `reply_to` tests.
    pub async fn reply_queue(&self) -> (String, lapin::Consumer) {
        let q = self
            .channel
            .queue_declare(
                "".into(),
                QueueDeclareOptions {
                    exclusive: true,
                    auto_delete: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        let name = q.name().to_string();
        let consumer = self
            .channel
            .basic_consume(
                name.as_str().into(),
                "".into(),
                BasicConsumeOptions {
                    no_ack: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        (name, consumer)
    }
}

/// Waits for the next message of a consumer (up to [`PATIENCE`]).
pub async fn next_message(consumer: &mut lapin::Consumer) -> Received {
    let d = tokio::time::timeout(PATIENCE, consumer.next())
        .await
        .expect("no reply within patience")
        .unwrap()
        .unwrap();
    Received {
        routing_key: d.routing_key.to_string(),
        body: d.data,
        props: d.properties,
    }
}

/// Indonesian text, varied by `i`, written for these tests.
pub fn article(i: usize) -> String {
    format!(
        "Pemerintah Kota Bandung meresmikan taman baru nomor {i} pada Senin (28/9/2020).\n\
         \"Taman ini untuk semua warga,\" kata Wali Kota Oded M Danial, di Bandung.\n\
         Warga menyambut baik pembangunan taman tersebut dan berharap ada lebih banyak ruang hijau."
    )
}

/// A worker running in this process, stopped by [`InProcessWorker::stop`].
pub struct InProcessWorker {
    pub metrics: Arc<kabar::Metrics>,
    stop: tokio_util::sync::CancellationToken,
    handle: tokio::task::JoinHandle<Result<(), kabar::WorkerError>>,
}

impl InProcessWorker {
    pub fn start(settings: Settings) -> InProcessWorker {
        let metrics = Arc::new(kabar::Metrics::new());
        let stop = tokio_util::sync::CancellationToken::new();
        let s = stop.clone();
        let handle = tokio::spawn(kabar::run_worker_with_metrics(
            settings,
            metrics.clone(),
            async move { s.cancelled().await },
        ));
        InProcessWorker {
            metrics,
            stop,
            handle,
        }
    }

    /// Waits until the worker is consuming.
    pub async fn ready(self) -> Self {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !self.metrics.is_ready() {
            assert!(
                !self.handle.is_finished(),
                "the worker stopped before becoming ready"
            );
            assert!(
                tokio::time::Instant::now() < deadline,
                "worker not ready within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self
    }

    pub async fn stop(self) -> Result<(), kabar::WorkerError> {
        self.stop.cancel();
        self.handle.await.expect("worker task")
    }

    pub fn is_running(&self) -> bool {
        !self.handle.is_finished()
    }
}

/// The ids in a set of results, with how many times each occurred.
pub fn ids_of(results: &[Received]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in results {
        *m.entry(r.json()["id"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    m
}

/// The `kabar` binary built for these tests.
pub fn kabar_bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_kabar"))
}

/// `kabar submit` of one article with `url` as amqp.url (and no password file, so that the
/// URL's password is the one used): its exit code and stderr.
pub fn submit_to(url: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("a.txt");
    std::fs::write(&job, "Teks.").unwrap();
    let out = kabar_bin()
        .args(["submit"])
        .arg(&job)
        .env("KABAR__AMQP__URL", url)
        .env_remove("KABAR__AMQP__PASSWORD_FILE")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What [`publish_with_invalid_message_id`] puts in `message_id` before the proxy corrupts it.
const MARKER: &[u8] = b"kabar-marker-7f3c-to-be-corrupted";

/// Publishes `body` to the jobs queue with a `message_id` that is not UTF-8, which RabbitMQ
/// accepts but lapin (like any client that checks) cannot publish itself: the message goes
/// through a loopback proxy that swaps a marker for bytes that are not UTF-8, same length.
pub async fn publish_with_invalid_message_id(settings: &Settings, body: &[u8]) {
    publish_with_invalid_message_id_to(&settings.amqp.jobs_queue, body).await
}

/// [`publish_with_invalid_message_id`] to any queue (through the default exchange).
pub async fn publish_with_invalid_message_id_to(queue: &str, body: &[u8]) {
    publish_with_invalid_message_id_at(&amqp_url(), queue, body).await
}

/// [`publish_with_invalid_message_id_to`] on the broker at `broker_url`.
pub async fn publish_with_invalid_message_id_at(broker_url: &str, queue: &str, body: &[u8]) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = url::Url::parse(broker_url).unwrap();
    let (host, up_port) = (
        upstream.host_str().unwrap().to_string(),
        upstream.port().unwrap_or(5672),
    );
    let proxy = tokio::spawn(async move {
        let (down, _) = listener.accept().await.unwrap();
        let up = tokio::net::TcpStream::connect((host.as_str(), up_port))
            .await
            .unwrap();
        let (mut dr, mut dw) = down.into_split();
        let (mut ur, mut uw) = up.into_split();
        let back = tokio::spawn(async move {
            let _ = tokio::io::copy(&mut ur, &mut dw).await;
        });
        // Client to broker: replace the marker, holding back a tail that may be the start
        // of one, so that a marker split across two reads is still found.
        let mut pending: Vec<u8> = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = dr.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                let _ = uw.write_all(&pending).await;
                break;
            }
            pending.extend_from_slice(&buf[..n]);
            while let Some(at) = pending.windows(MARKER.len()).position(|w| w == MARKER) {
                for (i, b) in pending[at..at + MARKER.len()].iter_mut().enumerate() {
                    *b = if i % 2 == 0 { 0xFF } else { 0xFE };
                }
            }
            // Hold back only a tail that could be the start of a marker.
            let keep = (1..MARKER.len().min(pending.len() + 1))
                .rev()
                .find(|&k| pending.ends_with(&MARKER[..k]))
                .unwrap_or(0);
            let send: Vec<u8> = pending.drain(..pending.len() - keep).collect();
            if uw.write_all(&send).await.is_err() {
                break;
            }
        }
        back.abort();
    });
    let mut url = upstream.clone();
    url.set_port(Some(port)).unwrap();
    let conn = Connection::connect(url.as_str(), ConnectionProperties::default())
        .await
        .expect("connecting through the corrupting proxy");
    let ch = conn.create_channel().await.unwrap();
    ch.confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let marker = std::str::from_utf8(MARKER).unwrap();
    let confirm = ch
        .basic_publish(
            "".into(),
            queue.into(),
            BasicPublishOptions::default(),
            body,
            BasicProperties::default()
                .with_delivery_mode(2)
                .with_content_type("application/json".into())
                .with_message_id(marker.into()),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(confirm.is_ack(), "the broker took the message");
    let _ = conn.close(200, "bye".into()).await;
    proxy.abort();
}
