//! Settings: built-in defaults < `--config FILE` (TOML) < environment `KABAR__SECTION__KEY`
//! < command-line flags, validated once at start.
//!
//! Every key keeps the meaning DESIGN.md section 8 gives it, because deploy files, docs and
//! outside scripts rely on those names. Validation happens here, before anything connects,
//! so that a typo fails the process at once with the key named, instead of at 3 a.m. when
//! the broker first reconnects.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The environment prefix: `KABAR__AMQP__URL` sets `amqp.url`.
pub const ENV_PREFIX: &str = "KABAR";

/// Why the settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file or the environment could not be read or parsed.
    #[error("cannot load configuration: {0} (check the --config file and the KABAR__* variables)")]
    Load(#[from] config::ConfigError),
    /// A value out of range or of the wrong shape.
    #[error("invalid setting `{key}`: {message}")]
    Invalid {
        /// The key, as in the TOML file (`amqp.prefetch`).
        key: &'static str,
        /// What is wrong with its value.
        message: String,
    },
    /// `amqp.password_file` is set and cannot be read.
    #[error(
        "cannot read amqp.password_file {path}: {source} (mount the secret there or unset the key)"
    )]
    PasswordFile {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

/// `amqp.queue_type`: the kind of the jobs and results queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum QueueType {
    /// Replicated, with a delivery limit: the default.
    Quorum,
    /// A single node's queue, no delivery limit.
    Classic,
}

impl QueueType {
    /// The `x-queue-type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueType::Quorum => "quorum",
            QueueType::Classic => "classic",
        }
    }
}

impl std::fmt::Display for QueueType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `amqp.results_overflow`: what a full results queue does (`x-overflow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "String")]
pub enum Overflow {
    /// Refuse new results: the worker holds their jobs and retries (back-pressure).
    RejectPublish,
    /// Drop the oldest result: opt in only when results reach consumers another way.
    DropHead,
}

impl Overflow {
    /// The `x-overflow` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Overflow::RejectPublish => "reject-publish",
            Overflow::DropHead => "drop-head",
        }
    }
}

/// `log.format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum LogFormat {
    /// Lines for people.
    Text,
    /// One JSON object a line, for log shippers.
    Json,
}

/// Implements `TryFrom<String>` for a settings enum, so that a wrong value is refused with
/// the values that would do (serde's own message names only the enum's Rust name).
macro_rules! named_values {
    ($ty:ident { $($name:literal => $variant:ident),+ $(,)? }) => {
        impl TryFrom<String> for $ty {
            type Error = String;
            fn try_from(value: String) -> Result<Self, String> {
                match value.as_str() {
                    $($name => Ok($ty::$variant),)+
                    other => Err(format!(
                        "`{other}` is not one of: {}",
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}

named_values!(QueueType { "quorum" => Quorum, "classic" => Classic });
named_values!(Overflow { "reject-publish" => RejectPublish, "drop-head" => DropHead });
named_values!(LogFormat { "text" => Text, "json" => Json });

/// All settings, one struct per TOML section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `[amqp]`
    pub amqp: AmqpSettings,
    /// `[worker]`
    pub worker: WorkerSettings,
    /// `[http]`
    pub http: HttpSettings,
    /// `[log]`
    pub log: LogSettings,
}

/// `[amqp]`: where the broker is and what the worker declares on it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AmqpSettings {
    /// `amqp://user:pass@host:port/vhost`; `amqps://` for TLS.
    pub url: String,
    /// More addresses of the same cluster (same scheme, user and vhost as `url`), tried in
    /// turn when one cannot be connected to, so that a worker whose node dies moves to
    /// another at once instead of waiting for that node. `password_file` and the TLS
    /// settings apply to each. Empty = `url` only.
    pub fallback_urls: Vec<String>,
    /// When set, the password is read from this file (a Kubernetes secret) and replaces the
    /// URL's, so the URL in a ConfigMap can stay free of secrets.
    pub password_file: String,
    /// CA bundle (PEM) to verify the broker's certificate with `amqps://`; "" = system roots.
    pub tls_ca_file: String,
    /// Client certificate (PEM, the chain leaf first) for brokers that verify clients
    /// (`ssl_options.verify = verify_peer`); needs `tls_key_file`. "" = none.
    pub tls_cert_file: String,
    /// The client certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1, unencrypted).
    pub tls_key_file: String,
    /// The queue jobs are consumed from.
    pub jobs_queue: String,
    /// The topic exchange results are published to (`analyzed.<lang>`, `failed.<code>`).
    pub results_exchange: String,
    /// "" = declare and bind no results queue (a consumer binds its own).
    pub results_queue: String,
    /// Where the jobs queue dead-letters to, and where a failed job's copy is published.
    pub dead_exchange: String,
    /// The queue bound to `dead_exchange`: what `kabar dead` reads.
    pub dead_queue: String,
    /// The kind of the jobs and results queues (the dead queue is always classic).
    pub queue_type: QueueType,
    /// Quorum queues only: deliveries after which a job that keeps failing is dead-lettered.
    pub delivery_limit: u32,
    /// Unacknowledged deliveries the broker may push to one worker: bounds memory.
    ///
    /// Default 200: each job waits a broker round trip for its result's confirm before the
    /// ack, so the window must cover many round trips (the comparison with 16, 64 and 500
    /// is in docs/performance.md). Memory is bounded by prefetch x job size: lower it for
    /// very large articles.
    pub prefetch: u16,
    /// Only check that the topology exists; for users without configure permission.
    pub passive: bool,
    /// AMQP heartbeat in seconds: how soon a dead connection is noticed.
    pub heartbeat_s: u16,
    /// Reconnect backoff starts at `reconnect_min_ms`, doubles, and is capped here.
    pub reconnect_max_ms: u64,
    /// The first reconnect delay.
    pub reconnect_min_ms: u64,
    /// How long a session may take to connect, declare and start consuming before it is
    /// given up and retried. Normally milliseconds; declaring quorum queues on a busy
    /// cluster can take seconds, hence the margin. Without a bound, a broker that is alive
    /// (heartbeats flow) but never answers one request held the worker unready for good.
    pub setup_timeout_s: u64,
    /// How long one connection attempt to one address (TCP, TLS, AMQP handshake) may take
    /// before the next address is tried. A node that is down but not refusing (its host
    /// gone, packets dropped) would otherwise hold the attempt for the OS's TCP timeout.
    pub connect_timeout_s: u64,
    /// The catch-all results queue's bound in messages (`x-max-length`); 0 = none.
    pub results_max_length: u64,
    /// The catch-all results queue's bound in bytes of bodies (`x-max-length-bytes`);
    /// 0 = none. Without a bound it grows until the broker's disk alarm blocks every
    /// publisher, producers included.
    pub results_max_bytes: u64,
    /// What a full results queue does (`x-overflow`): "reject-publish" (default) refuses
    /// new results, so the worker holds their jobs unacked and retries: back-pressure, no
    /// loss. "drop-head" drops the oldest result instead: opt in only when another consumer
    /// (reply_to, your own bound queue) has the results anyway.
    pub results_overflow: Overflow,
    /// Queues a result may be replied to through `reply_to` (prefixes; a name matches when
    /// it starts with one). Any other `reply_to` gets no reply (its result is on the results
    /// exchange), so that a producer cannot make the worker write into other queues of the
    /// vhost. The defaults cover RabbitMQ's direct reply-to, server-named queues and the
    /// `kabar.reply.` names of `kabar submit`-style clients.
    pub reply_to_allowed: Vec<String>,
    /// How long shutdown waits for the broker to answer `basic.cancel` and
    /// `connection.close`, whose answers only confirm what happens anyway. A SIGTERM
    /// can take `worker.shutdown_timeout_s` plus twice this ([`Settings::stop_budget_s`]).
    pub answer_timeout_s: u64,
}

impl Default for AmqpSettings {
    fn default() -> Self {
        AmqpSettings {
            url: "amqp://guest:guest@127.0.0.1:5672/%2f".into(),
            fallback_urls: Vec::new(),
            password_file: String::new(),
            tls_ca_file: String::new(),
            tls_cert_file: String::new(),
            tls_key_file: String::new(),
            jobs_queue: "kabar.jobs".into(),
            results_exchange: "kabar.results".into(),
            results_queue: "kabar.results".into(),
            dead_exchange: "kabar.dead".into(),
            dead_queue: "kabar.jobs.dead".into(),
            queue_type: QueueType::Quorum,
            delivery_limit: 5,
            prefetch: 200,
            passive: false,
            heartbeat_s: 20,
            reconnect_min_ms: 200,
            reconnect_max_ms: 30_000,
            setup_timeout_s: 30,
            connect_timeout_s: 10,
            answer_timeout_s: 5,
            results_max_length: 1_000_000,
            results_max_bytes: 1 << 30,
            results_overflow: Overflow::RejectPublish,
            reply_to_allowed: vec![
                "amq.rabbitmq.reply-to".into(),
                "amq.gen-".into(),
                "kabar.reply.".into(),
            ],
        }
    }
}

/// The URL is printed with its password masked: settings get logged at start.
impl std::fmt::Debug for AmqpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmqpSettings")
            .field("url", &redact_url(&self.url))
            .field(
                "fallback_urls",
                &self
                    .fallback_urls
                    .iter()
                    .map(|u| redact_url(u))
                    .collect::<Vec<_>>(),
            )
            .field("password_file", &self.password_file)
            .field("tls_ca_file", &self.tls_ca_file)
            .field("tls_cert_file", &self.tls_cert_file)
            .field("tls_key_file", &self.tls_key_file)
            .field("jobs_queue", &self.jobs_queue)
            .field("results_exchange", &self.results_exchange)
            .field("results_queue", &self.results_queue)
            .field("dead_exchange", &self.dead_exchange)
            .field("dead_queue", &self.dead_queue)
            .field("queue_type", &self.queue_type)
            .field("delivery_limit", &self.delivery_limit)
            .field("prefetch", &self.prefetch)
            .field("passive", &self.passive)
            .field("heartbeat_s", &self.heartbeat_s)
            .finish_non_exhaustive()
    }
}

impl AmqpSettings {
    /// Every broker address, `url` first, then `fallback_urls` in order.
    pub(crate) fn addresses(&self) -> Vec<&str> {
        std::iter::once(self.url.as_str())
            .chain(self.fallback_urls.iter().map(String::as_str))
            .collect()
    }

    /// The URL to connect with: the password from `password_file` when set, and the
    /// heartbeat and [`FRAME_MAX`] as query parameters unless the URL already names them.
    #[cfg(test)]
    pub(crate) fn connection_url(&self) -> Result<String, ConfigError> {
        self.connection_url_of(&self.url)
    }

    /// [`AmqpSettings::connection_url`] for one of [`AmqpSettings::addresses`].
    pub(crate) fn connection_url_of(&self, address: &str) -> Result<String, ConfigError> {
        let mut url = url::Url::parse(address).map_err(|e| invalid("amqp.url", e.to_string()))?;
        if !self.password_file.is_empty() {
            let path = Path::new(&self.password_file);
            let password =
                std::fs::read_to_string(path).map_err(|source| ConfigError::PasswordFile {
                    path: path.to_path_buf(),
                    source,
                })?;
            // `set_password` leaves `%` alone (it takes the text as already encoded), and the
            // client decodes the URL: a password `abc%41def` logged in as `abcAdef`.
            // Encode every byte that is not alphanumeric, so the file's text arrives as is.
            let password = password.trim_end_matches(['\r', '\n']);
            let encoded =
                percent_encoding::utf8_percent_encode(password, percent_encoding::NON_ALPHANUMERIC)
                    .to_string();
            url.set_password(Some(&encoded)).map_err(|_| {
                invalid(
                    "amqp.url",
                    "the URL cannot carry a password (does it have a host?)",
                )
            })?;
        }
        for (key, value) in [
            ("heartbeat", self.heartbeat_s.to_string()),
            ("frame_max", FRAME_MAX.to_string()),
        ] {
            if !url.query_pairs().any(|(k, _)| k == key) {
                url.query_pairs_mut().append_pair(key, &value);
            }
        }
        Ok(url.to_string())
    }

    /// The URL with any password replaced by `***`, for logs and errors.
    pub(crate) fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }

    pub(crate) fn is_quorum(&self) -> bool {
        self.queue_type == QueueType::Quorum
    }

    /// Whether a result may be sent to this `reply_to` ([`AmqpSettings::reply_to_allowed`]).
    pub(crate) fn reply_allowed(&self, reply_to: &str) -> bool {
        self.reply_to_allowed
            .iter()
            .any(|p| !p.is_empty() && reply_to.starts_with(p.as_str()))
    }
}

/// Parses one broker address and checks what [`Settings::validate`] needs of it.
fn check_amqp_url(key: &'static str, raw: &str) -> Result<url::Url, ConfigError> {
    let url = url::Url::parse(raw)
        .map_err(|e| invalid(key, format!("{e}: expected amqp://user:pass@host:5672/%2f")))?;
    if !matches!(url.scheme(), "amqp" | "amqps") {
        return Err(invalid(
            key,
            format!("scheme `{}` is not amqp or amqps", url.scheme()),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(key, format!("{} has no host", redact_url(raw))));
    }
    Ok(url)
}

/// The largest AMQP frame the worker asks for: RabbitMQ's default `frame_max`, so on a
/// broker left at its defaults the negotiated frame size is what it would be anyway (the
/// smaller of the two sides wins). Asking for it up front matters for memory: lapin sizes
/// its two I/O buffers (32 frames each) from the URL's `frame_max` before connecting,
/// allocated zeroed, which costs no memory until used; without it they start small and are
/// grown with a memset once the broker's 128 KiB is negotiated, which made a large part of
/// an idle worker's memory (docs/performance.md). A `frame_max` in `amqp.url` wins.
pub const FRAME_MAX: u32 = 131_072;

/// Masks the password of an AMQP URL; an unparsable URL is hidden whole, since it might
/// still contain one.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "<unparsable URL>".into(),
    }
}

/// `[worker]`: how much work runs at once and how it stops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerSettings {
    /// Analysis threads, the jobs analysed in parallel (src/pool.rs); 0 = number of CPUs.
    /// Each thread also has one job ready to start (`worker::QUEUED_PER_THREAD`).
    ///
    /// Default: the CPU count: the analysis is CPU-bound (one slot keeps about a core busy)
    /// and the broker needs the rest of a small box; twice the CPU count was sometimes
    /// faster on 2 shared cores, not consistently enough to oversubscribe by default
    /// (docs/performance.md).
    pub concurrency: usize,
    /// How long SIGTERM waits for in-flight jobs before closing anyway (they are redelivered).
    pub shutdown_timeout_s: u64,
    /// Larger bodies fail with `too_large` before any parsing.
    pub max_body_bytes: usize,
    /// A job whose analysis runs longer fails with `timeout`.
    pub job_timeout_s: u64,
    /// Largest result document in bytes. A larger one first loses its optional bulk
    /// (`tokens`, sentence texts; the result then lists them in `omitted`), and if still
    /// too large becomes a `too_large` error result. Bounds the memory a finished job holds
    /// while it waits for the broker (during a resource alarm: prefetch x this).
    pub max_result_bytes: usize,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            concurrency: 0,
            shutdown_timeout_s: 30,
            max_body_bytes: 1 << 20,
            job_timeout_s: 60,
            max_result_bytes: 4 << 20,
        }
    }
}

impl WorkerSettings {
    /// `concurrency` with 0 resolved to the CPU count.
    pub(crate) fn slots(&self) -> usize {
        if self.concurrency > 0 {
            self.concurrency
        } else {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }
    }
}

/// `[http]`: the health and metrics listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    /// e.g. "0.0.0.0:9464"; "" = no listener.
    pub listen: String,
}

/// `[log]`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// Text for people, JSON for log shippers.
    pub format: LogFormat,
    /// A tracing filter: "info", "kabar=debug,lapin=warn", ...
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            level: "info".into(),
        }
    }
}

/// Command-line overrides, highest precedence: `(key, value)` pairs such as
/// `("amqp.prefetch", "10")`.
pub type Overrides = Vec<(&'static str, String)>;

impl Settings {
    /// The longest a SIGTERM can take the worker, in seconds: the consumer's cancel, the
    /// drain, the connection's close, each at its bound. Orchestrators must wait longer
    /// before they SIGKILL (the deploy files' grace periods are checked against it).
    pub fn stop_budget_s(&self) -> u64 {
        self.worker.shutdown_timeout_s + 2 * self.amqp.answer_timeout_s
    }

    /// Loads defaults < `file` < environment < `overrides`, then validates.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Settings, ConfigError> {
        Self::load_from_env(file, overrides, std::env::vars())
    }

    /// [`Settings::load`] with the environment given explicitly, so tests need not mutate
    /// the process environment.
    pub fn load_from_env(
        file: Option<&Path>,
        overrides: &Overrides,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, ConfigError> {
        let defaults = config::Config::try_from(&Settings::default())?;
        let mut builder = config::Config::builder().add_source(defaults);
        if let Some(path) = file {
            if !path.exists() {
                return Err(invalid(
                    "--config",
                    format!("{} does not exist", path.display()),
                ));
            }
            builder = builder.add_source(
                config::File::from(path)
                    .format(config::FileFormat::Toml)
                    .required(true),
            );
        }
        let env: config::Map<String, String> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("KABAR__"))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix(ENV_PREFIX)
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("amqp.reply_to_allowed")
                .with_list_parse_key("amqp.fallback_urls")
                .source(Some(env)),
        );
        for (key, value) in overrides {
            builder = builder.set_override(*key, value.as_str())?;
        }
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        // `KABAR__AMQP__FALLBACK_URLS=""` means none, not one empty address.
        settings.amqp.fallback_urls.retain(|u| !u.trim().is_empty());
        settings.validate()?;
        Ok(settings)
    }

    /// Checks every value a typo could break; errors name the key.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let a = &self.amqp;
        let url = check_amqp_url("amqp.url", &a.url)?;
        for (i, fallback) in a.fallback_urls.iter().enumerate() {
            let other = check_amqp_url("amqp.fallback_urls", fallback)?;
            if other.scheme() != url.scheme() {
                return Err(invalid(
                    "amqp.fallback_urls",
                    format!(
                        "address {} ({}) is {}:// but amqp.url is {}://: every address must use the same scheme \
                         (a plain fallback would send the password in clear)",
                        i + 1,
                        redact_url(fallback),
                        other.scheme(),
                        url.scheme()
                    ),
                ));
            }
        }
        for (key, value) in [
            ("amqp.jobs_queue", &a.jobs_queue),
            ("amqp.results_exchange", &a.results_exchange),
            ("amqp.dead_exchange", &a.dead_exchange),
            ("amqp.dead_queue", &a.dead_queue),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(key, "must not be empty"));
            }
            if value.len() > 255 {
                return Err(invalid(key, "AMQP names are at most 255 bytes"));
            }
        }
        if a.prefetch == 0 {
            return Err(invalid(
                "amqp.prefetch",
                "must be at least 1 (0 would mean unlimited and unbounded memory)",
            ));
        }
        if a.is_quorum() && a.delivery_limit == 0 {
            return Err(invalid(
                "amqp.delivery_limit",
                "must be at least 1 with quorum queues",
            ));
        }
        if a.setup_timeout_s == 0 {
            return Err(invalid(
                "amqp.setup_timeout_s",
                "must be at least 1 (seconds to connect and start consuming)",
            ));
        }
        if a.connect_timeout_s == 0 {
            return Err(invalid(
                "amqp.connect_timeout_s",
                "must be at least 1 (seconds for one connection attempt to one address)",
            ));
        }
        if a.answer_timeout_s == 0 {
            return Err(invalid(
                "amqp.answer_timeout_s",
                "must be at least 1 (seconds to wait for the broker's answer on shutdown)",
            ));
        }
        if a.reconnect_min_ms == 0 || a.reconnect_min_ms > a.reconnect_max_ms {
            return Err(invalid(
                "amqp.reconnect_min_ms",
                "must be at least 1 and at most amqp.reconnect_max_ms",
            ));
        }
        if !a.password_file.is_empty() && !Path::new(&a.password_file).is_file() {
            return Err(invalid(
                "amqp.password_file",
                format!("{} is not a readable file", a.password_file),
            ));
        }
        if !a.tls_ca_file.is_empty() && !Path::new(&a.tls_ca_file).is_file() {
            return Err(invalid(
                "amqp.tls_ca_file",
                format!("{} is not a readable file", a.tls_ca_file),
            ));
        }
        for (key, value) in [
            ("amqp.tls_cert_file", &a.tls_cert_file),
            ("amqp.tls_key_file", &a.tls_key_file),
        ] {
            if !value.is_empty() && !Path::new(value).is_file() {
                return Err(invalid(key, format!("{value} is not a readable file")));
            }
        }
        if a.tls_cert_file.is_empty() != a.tls_key_file.is_empty() {
            return Err(invalid(
                "amqp.tls_cert_file",
                "a client certificate needs both amqp.tls_cert_file and amqp.tls_key_file",
            ));
        }
        if url.scheme() == "amqp" {
            // Without TLS these would be ignored, and the operator would believe the
            // connection verified and encrypted.
            for (key, value) in [
                ("amqp.tls_ca_file", &a.tls_ca_file),
                ("amqp.tls_cert_file", &a.tls_cert_file),
                ("amqp.tls_key_file", &a.tls_key_file),
            ] {
                if !value.is_empty() {
                    return Err(invalid(
                        key,
                        format!(
                            "{key} is set but amqp.url is amqp://, not amqps://, so it would be ignored: \
                             use amqps:// or unset it"
                        ),
                    ));
                }
            }
        }
        let w = &self.worker;
        if w.max_body_bytes == 0 {
            return Err(invalid("worker.max_body_bytes", "must be at least 1"));
        }
        if w.max_result_bytes < 64 * 1024 {
            return Err(invalid(
                "worker.max_result_bytes",
                "must be at least 65536 (an error result alone takes a few hundred bytes)",
            ));
        }
        if w.job_timeout_s == 0 {
            return Err(invalid("worker.job_timeout_s", "must be at least 1"));
        }

        if w.concurrency > 4096 {
            return Err(invalid(
                "worker.concurrency",
                "more than 4096 analysis slots is surely a typo",
            ));
        }
        if !self.http.listen.is_empty() {
            self.http.listen.parse::<SocketAddr>().map_err(|e| {
                invalid(
                    "http.listen",
                    format!(
                        "`{}`: {e}; expected host:port such as 0.0.0.0:9464",
                        self.http.listen
                    ),
                )
            })?;
        }
        tracing_subscriber::EnvFilter::try_new(&self.log.level)
            .map_err(|e| invalid("log.level", format!("`{}`: {e}", self.log.level)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_match_the_design() {
        let s = Settings::load_from_env(None, &vec![], env(&[])).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.amqp.jobs_queue, "kabar.jobs");
        assert_eq!(s.amqp.prefetch, 200);
        assert_eq!(s.worker.shutdown_timeout_s, 30);
        // The deploy files' grace periods (45 s) are checked against this.
        assert_eq!(s.stop_budget_s(), 40);
    }

    #[test]
    fn precedence_is_defaults_file_env_flags() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(
            &file,
            "[amqp]\nprefetch = 7\njobs_queue = \"from-file\"\nresults_queue = \"file-results\"\n",
        )
        .unwrap();
        let e = env(&[
            ("KABAR__AMQP__JOBS_QUEUE", "from-env"),
            ("KABAR__AMQP__DEAD_QUEUE", "env-dead"),
        ]);
        let flags = vec![("amqp.jobs_queue", "from-flag".to_string())];
        let s = Settings::load_from_env(Some(&file), &flags, e.clone()).unwrap();
        assert_eq!(s.amqp.prefetch, 7, "file beats default");
        assert_eq!(s.amqp.results_queue, "file-results");
        assert_eq!(s.amqp.dead_queue, "env-dead", "env beats default");
        assert_eq!(s.amqp.jobs_queue, "from-flag", "flag beats env and file");
        let s = Settings::load_from_env(Some(&file), &vec![], e).unwrap();
        assert_eq!(s.amqp.jobs_queue, "from-env", "env beats file");
    }

    #[test]
    fn env_values_are_typed() {
        let s = Settings::load_from_env(
            None,
            &vec![],
            env(&[
                ("KABAR__AMQP__PREFETCH", "12"),
                ("KABAR__AMQP__PASSIVE", "true"),
            ]),
        )
        .unwrap();
        assert_eq!(s.amqp.prefetch, 12);
        assert!(s.amqp.passive);
        let err = Settings::load_from_env(None, &vec![], env(&[("KABAR__AMQP__PREFETCH", "many")]))
            .unwrap_err();
        assert!(err.to_string().contains("prefetch"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(&file, "[amqp]\nprefech = 7\n").unwrap();
        let err = Settings::load_from_env(Some(&file), &vec![], env(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("prefech"), "{err}");
    }

    #[test]
    fn bad_values_name_their_key() {
        for (key, value, named) in [
            ("amqp.url", "http://x", "amqp.url"),
            ("amqp.queue_type", "stream", "amqp.queue_type"),
            ("amqp.prefetch", "0", "amqp.prefetch"),
            ("http.listen", "nonsense", "http.listen"),
            ("log.format", "xml", "log.format"),
            ("worker.max_body_bytes", "0", "worker.max_body_bytes"),
            ("amqp.setup_timeout_s", "0", "amqp.setup_timeout_s"),
            ("amqp.answer_timeout_s", "0", "amqp.answer_timeout_s"),
        ] {
            let err = Settings::load_from_env(None, &vec![(key, value.to_string())], env(&[]))
                .unwrap_err()
                .to_string();
            assert!(err.contains(named), "{key}={value}: {err}");
        }
    }

    #[test]
    fn missing_config_file_is_an_error() {
        let err =
            Settings::load_from_env(Some(Path::new("/nonexistent/k.toml")), &vec![], env(&[]))
                .unwrap_err();
        assert!(err.to_string().contains("does not exist"));
    }

    #[test]
    fn password_never_shows_in_debug_or_redaction() {
        let mut s = Settings::default();
        s.amqp.url = "amqp://kabar:s3cr3t-pw@broker:5672/%2f".into();
        assert!(!format!("{s:?}").contains("s3cr3t-pw"));
        assert!(!s.amqp.redacted_url().contains("s3cr3t-pw"));
        assert!(s.amqp.redacted_url().contains("broker"));
    }

    #[test]
    fn password_file_replaces_the_url_password() {
        let dir = tempfile::tempdir().unwrap();
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "from-file\n").unwrap();
        let a = AmqpSettings {
            password_file: pw.to_string_lossy().into_owned(),
            ..AmqpSettings::default()
        };
        let url = a.connection_url().unwrap();
        assert!(
            url.starts_with("amqp://guest:from%2Dfile@127.0.0.1:5672/%2f"),
            "{url}"
        );
        assert!(url.contains("heartbeat=20"));
        assert!(url.contains("frame_max=131072"), "{url}");
        // What the client will log in with is the file's text exactly, `%` and all.
        std::fs::write(&pw, "abc%41def:@/x\n").unwrap();
        let url = a.connection_url().unwrap();
        let uri: lapin::uri::AMQPUri = url.parse().unwrap();
        assert_eq!(uri.authority.userinfo.password, "abc%41def:@/x");
    }

    #[test]
    fn a_frame_max_in_the_url_wins() {
        let a = AmqpSettings {
            url: "amqp://guest:guest@127.0.0.1:5672/%2f?frame_max=65536".into(),
            ..AmqpSettings::default()
        };
        let url = a.connection_url().unwrap();
        assert_eq!(url.matches("frame_max").count(), 1, "{url}");
        assert!(url.contains("frame_max=65536"), "{url}");
    }

    #[test]
    fn tls_files_with_a_plain_url_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let pem = dir.path().join("some.pem");
        std::fs::write(&pem, "-----BEGIN CERTIFICATE-----\n").unwrap();
        let pem = pem.to_string_lossy().into_owned();
        for (named, keys) in [
            ("amqp.tls_ca_file", &["amqp.tls_ca_file"][..]),
            (
                "amqp.tls_cert_file",
                &["amqp.tls_cert_file", "amqp.tls_key_file"][..],
            ),
        ] {
            let mut flags: Overrides = keys.iter().map(|k| (*k, pem.clone())).collect();
            let err = Settings::load_from_env(None, &flags, env(&[]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!(
                    "{named} is set but amqp.url is amqp://, not amqps://"
                )) && err.contains("use amqps:// or unset it"),
                "{keys:?}: {err}"
            );
            // The same files with amqps:// are what TLS needs.
            flags.push(("amqp.url", "amqps://guest:guest@broker:5671/%2f".into()));
            Settings::load_from_env(None, &flags, env(&[])).unwrap();
        }
    }

    #[test]
    fn fallback_urls_are_validated_and_listed_after_the_url() {
        let s = Settings::load_from_env(
            None,
            &vec![],
            env(&[(
                "KABAR__AMQP__FALLBACK_URLS",
                "amqp://guest:guest@rabbit-1:5672/%2f,amqp://guest:guest@rabbit-2:5672/%2f",
            )]),
        )
        .unwrap();
        assert_eq!(
            s.amqp.addresses(),
            [
                "amqp://guest:guest@127.0.0.1:5672/%2f",
                "amqp://guest:guest@rabbit-1:5672/%2f",
                "amqp://guest:guest@rabbit-2:5672/%2f"
            ]
        );
        let s = Settings::load_from_env(None, &vec![], env(&[("KABAR__AMQP__FALLBACK_URLS", "")]))
            .unwrap();
        assert!(s.amqp.fallback_urls.is_empty());
        for (list, says) in [
            (
                "amqp://guest:guest@rabbit-1:5672/%2f,nonsense",
                "amqp.fallback_urls",
            ),
            ("http://rabbit-1/", "not amqp or amqps"),
            ("amqps://guest:pw@rabbit-1:5671/%2f", "the same scheme"),
        ] {
            let err = Settings::load_from_env(
                None,
                &vec![],
                env(&[("KABAR__AMQP__FALLBACK_URLS", list)]),
            )
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("amqp.fallback_urls") && err.contains(says),
                "{list}: {err}"
            );
            assert!(!err.contains(":pw@"), "password leaked: {err}");
        }
    }

    #[test]
    fn a_password_file_applies_to_every_address() {
        let dir = tempfile::tempdir().unwrap();
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "from-file\n").unwrap();
        let a = AmqpSettings {
            password_file: pw.to_string_lossy().into_owned(),
            fallback_urls: vec!["amqp://kabar@rabbit-2:5672/kabar".into()],
            ..AmqpSettings::default()
        };
        let url = a.connection_url_of(a.addresses()[1]).unwrap();
        assert!(
            url.starts_with("amqp://kabar:from%2Dfile@rabbit-2:5672/kabar?heartbeat=20"),
            "{url}"
        );
    }
}
