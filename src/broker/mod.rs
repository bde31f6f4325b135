//! Everything that speaks AMQP. This is the only module that names lapin: the rest of the
//! crate sees jobs ([`JobDelivery`]), results ([`crate::job::Outcome`]) and errors
//! ([`BrokerError`]).
//!
//! - [`connect`]: one connection, TLS when the URL says `amqps://`, password from a file.
//! - [`topology`]: what exists on the broker, as data; [`declare`] makes (or checks) it.
//! - [`consume`]: the jobs consumer and the delivery handle that acks or dead-letters.
//! - [`publish`]: publishing with publisher confirms (results, and jobs for `kabar submit`).
//! - [`dead`]: the dead queue for `kabar dead` (count, list without consuming, replay).
//!
//! There is no automatic channel recovery here on purpose: when anything breaks, the worker
//! drops the whole connection and builds a new one. Deliveries that were unacked on the old
//! channel are redelivered by the broker, which is exactly the at-least-once promise.

pub mod consume;
pub mod dead;
pub mod publish;
pub mod raw;
pub mod topology;

use crate::config::AmqpSettings;
use lapin::options::{
    ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions, QueueDeclareOptions,
    QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{Connection, ConnectionProperties, ExchangeKind};
use serde_json::Value;
use std::time::Duration;

/// An AMQP channel, opaque to the rest of the crate: it is only handed back to functions of
/// this module (`declare`, `ReplyConsumer::open`, `Publisher::new`).
pub type Channel = lapin::Channel;

pub use consume::{JobConsumer, JobDelivery, Reply, ReplyConsumer};
pub use dead::{DeadLetter, DeadQueue};
pub use publish::{DeadNote, MAX_SHORT_STRING, Message, Publisher, ResultTarget, amqp_id};

/// What went wrong talking to the broker. Messages carry the redacted URL, never the
/// password.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// No connection: refused, unreachable, or closed during the handshake.
    #[error(
        "cannot connect to RabbitMQ at {url}: {source} (is it running? `rabbitmq-server -detached` starts a local one)"
    )]
    Connect {
        /// The broker address, password redacted.
        url: String,
        /// What the client saw.
        source: lapin::Error,
    },
    /// The broker answered and refused the credentials (`ACCESS_REFUSED` at login). No
    /// `source`: the broker's text says no more, and the one line should say it once.
    #[error(
        "RabbitMQ at {url} refused the login for user {user}: check amqp.url's user and password (or amqp.password_file)"
    )]
    LoginRefused {
        /// The broker address, password redacted.
        url: String,
        /// The user the URL names.
        user: String,
    },
    /// `NOT_ALLOWED - vhost ... not found` at `connection.open`.
    #[error(
        "RabbitMQ at {url} has no virtual host `{vhost}`: create it (`rabbitmqctl add_vhost {vhost}`) or fix the \
         path of amqp.url (the default vhost `/` is written %2f)"
    )]
    NoVhost {
        /// The broker address, password redacted.
        url: String,
        /// The virtual host the URL names.
        vhost: String,
    },
    /// `NOT_ALLOWED - access to vhost ... refused for user ...` at `connection.open`.
    #[error(
        "RabbitMQ at {url} does not let user {user} into virtual host `{vhost}`: grant it \
         (`rabbitmqctl set_permissions -p {vhost} {user} '.*' '.*' '.*'`, or narrower) or fix amqp.url"
    )]
    VhostRefused {
        /// The broker address, password redacted.
        url: String,
        /// The user the URL names.
        user: String,
        /// The virtual host the URL names.
        vhost: String,
    },
    /// The connection was not set up within `amqp.connect_timeout_s`.
    #[error(
        "RabbitMQ at {url} did not complete the connection within {after_s} s (amqp.connect_timeout_s): \
         is the host up and the port reachable?"
    )]
    ConnectTimeout {
        /// The broker address, password redacted.
        url: String,
        /// The bound that ran out, in seconds.
        after_s: u64,
    },
    /// A TLS file is missing, unreadable, not PEM, or set with an `amqp://` URL.
    #[error("cannot use the TLS file {path} ({key}): {reason}")]
    TlsFile {
        /// The setting that names it (`amqp.tls_ca_file`, ...).
        key: &'static str,
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The TLS handshake failed (the certificate, the host name, or the client certificate).
    #[error(
        "TLS connection to {url} failed: {source} (check that amqp.tls_ca_file holds the CA that signed the broker's \
         certificate, that the URL's host name is in that certificate, and, if the broker verifies clients, \
         amqp.tls_cert_file / amqp.tls_key_file)"
    )]
    Tls {
        /// The broker address, password redacted.
        url: String,
        /// What the client saw.
        source: lapin::Error,
    },
    /// Declaring or checking a queue, exchange or binding failed (arguments that differ, no permission).
    #[error("{what} failed: {source}")]
    Topology {
        /// The AMQP method and the object (`queue.declare kabar.jobs`).
        what: String,
        /// What the broker answered.
        source: lapin::Error,
    },
    /// Any other AMQP operation failed.
    #[error("broker operation `{what}` failed: {source}")]
    Amqp {
        /// The AMQP method (`basic.ack`).
        what: &'static str,
        /// What the client saw.
        source: lapin::Error,
    },
    /// A mandatory message reached no queue.
    #[error(
        "the broker could not route the message to exchange `{exchange}` with key `{routing_key}` (no queue bound?)"
    )]
    Unroutable {
        /// Where it was published.
        exchange: String,
        /// With what key.
        routing_key: String,
    },
    /// The broker refused the message (a full queue with `reject-publish`, ...).
    #[error("the broker refused the message (negative publisher confirm) on exchange `{exchange}`")]
    Nacked {
        /// Where it was published.
        exchange: String,
    },
    /// A value for an AMQP short string (a queue name, a message id) is over 255 bytes.
    #[error("the {what} is {len} bytes; AMQP allows at most 255 (shorten it)")]
    TooLong {
        /// Which value.
        what: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// The client could not parse a frame from the broker, which ends the connection.
    #[error(
        "the client could not parse a frame from the broker ({0}); usually a message whose properties are not valid UTF-8"
    )]
    Unparsable(String),
    /// The rescue path's own reader (`raw.rs`) failed.
    #[error("rescue path: {0}")]
    Raw(String),
    /// The connection went away during the named operation.
    #[error("the connection to the broker was lost while {0}")]
    Lost(&'static str),
    /// The broker did not answer within `amqp.answer_timeout_s`.
    #[error(
        "the broker did not answer `{what}` within {after_s} s (overloaded, or a half-dead connection); \
         giving up on it and closing the connection, which returns any unsettled jobs to the queue"
    )]
    Unanswered {
        /// The AMQP method.
        what: &'static str,
        /// The bound that ran out, in seconds.
        after_s: u64,
    },
    /// The settings could not be turned into a connection (a password file, a URL).
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

/// What a failed publish means for the job waiting on it: the one place that reads a
/// [`BrokerError`] for that (the worker holds the job, or lets the broker redeliver it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// The broker refused this message and the channel still works (unroutable, a
    /// negative confirm): hold the job, retry later.
    Refused,
    /// The connection or channel is gone, or never was: leave the job unsettled and
    /// reconnect; the broker redelivers it.
    Reconnect,
}

impl BrokerError {
    /// See [`AfterFailure`]. Listed variant by variant, so that a new error has to be
    /// placed here on purpose.
    pub(crate) fn after_failure(&self) -> AfterFailure {
        match self {
            BrokerError::Unroutable { .. } | BrokerError::Nacked { .. } => AfterFailure::Refused,
            // A value AMQP cannot carry: retrying cannot help; redelivery and the delivery
            // limit end it, where holding it would stall a slot for good.
            BrokerError::TooLong { .. }
            | BrokerError::Connect { .. }
            | BrokerError::LoginRefused { .. }
            | BrokerError::NoVhost { .. }
            | BrokerError::VhostRefused { .. }
            | BrokerError::ConnectTimeout { .. }
            | BrokerError::TlsFile { .. }
            | BrokerError::Tls { .. }
            | BrokerError::Topology { .. }
            | BrokerError::Amqp { .. }
            | BrokerError::Unparsable(_)
            | BrokerError::Raw(_)
            | BrokerError::Lost(_)
            | BrokerError::Unanswered { .. }
            | BrokerError::Config(_) => AfterFailure::Reconnect,
        }
    }

    /// True when only a reconnect helps ([`AfterFailure::Reconnect`]).
    pub(crate) fn is_connection_lost(&self) -> bool {
        self.after_failure() == AfterFailure::Reconnect
    }
}

pub(crate) fn amqp(what: &'static str) -> impl FnOnce(lapin::Error) -> BrokerError {
    move |source| BrokerError::Amqp { what, source }
}

/// `request`'s outcome, or [`BrokerError::Unanswered`] naming `what` when the broker has not
/// answered `within`: for waits that a live broker (heartbeats flowing, so lapin sees
/// nothing wrong) could otherwise hold for ever.
pub async fn answered<T>(
    what: &'static str,
    within: Duration,
    request: impl Future<Output = Result<T, BrokerError>>,
) -> Result<T, BrokerError> {
    tokio::time::timeout(within, request)
        .await
        .unwrap_or(Err(BrokerError::Unanswered {
            what,
            after_s: within.as_secs(),
        }))
}

/// A connection to the broker.
pub struct Broker {
    connection: Connection,
    /// `amqp.answer_timeout_s`: how long [`Broker::close`] waits for the broker.
    answer_timeout: Duration,
}

/// Connects to the first broker address that takes the connection: `amqp.url`, then
/// `amqp.fallback_urls`, in turn, starting after the address that failed last (see
/// `Rotation`); each attempt bounded by `amqp.connect_timeout_s`. The password comes from
/// `password_file` when set. `name` shows in the management UI's connection list.
///
/// With `amqps://` the broker's certificate is checked against the system roots plus
/// `tls_ca_file`, and `tls_cert_file`/`tls_key_file` present a client certificate.
///
/// When every address fails, the error is the last address's; the others are logged as
/// they fail.
pub async fn connect(settings: &AmqpSettings, name: &str) -> Result<Broker, BrokerError> {
    let addresses = settings.addresses();
    let rotation = Rotation::of(&addresses);
    let per_attempt = Duration::from_secs(settings.connect_timeout_s);
    let several = addresses.len() > 1;
    rotation
        .try_in_turn(addresses.len(), |i| {
            let address = addresses[i];
            async move {
                let attempt = tokio::time::timeout(per_attempt, connect_one(settings, address, name));
                let outcome = attempt.await.unwrap_or_else(|_| {
                    Err(BrokerError::ConnectTimeout {
                        url: crate::config::redact_url(address),
                        after_s: per_attempt.as_secs(),
                    })
                });
                match outcome {
                    // A setting that is wrong for every address: no use trying the next.
                    Err(e @ (BrokerError::Config(_) | BrokerError::TlsFile { .. })) => {
                        Attempt::GiveUp(e)
                    }
                    Err(e) => {
                        if several {
                            tracing::warn!(error = %e, "broker address failed; trying the next one");
                        }
                        Attempt::Done(Err(e))
                    }
                    Ok(broker) => {
                        if several {
                            tracing::info!(url = %crate::config::redact_url(address), "connected");
                        }
                        Attempt::Done(Ok(broker))
                    }
                }
            }
        })
        .await
}

/// What one attempt of [`Rotation::try_in_turn`] came to.
enum Attempt<T, E> {
    /// Connected, or failed in a way the next address may not.
    Done(Result<T, E>),
    /// Failed in a way every address would (a setting): stop here with this error.
    GiveUp(E),
}

/// Where the next [`connect`] to a list of addresses starts: after the address that failed
/// last, so that a worker whose node died tries the next node first instead of the dead
/// one again (with a node that drops packets, that retry alone cost it a connect timeout
/// per session), and round robin when several fail.
///
/// Process-wide, keyed by the address list, because each worker session calls [`connect`]
/// afresh with only the settings in hand. The position moves *before* an attempt starts,
/// so an attempt that the caller abandons (the session's own timeout, a shutdown) counts as
/// failed.
struct Rotation {
    next: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Rotation {
    fn of(addresses: &[&str]) -> Rotation {
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex, OnceLock};
        static NEXT: OnceLock<Mutex<HashMap<String, Arc<std::sync::atomic::AtomicUsize>>>> =
            OnceLock::new();
        let key = addresses.join("\n");
        let mut map = NEXT
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Rotation {
            next: map.entry(key).or_default().clone(),
        }
    }

    #[cfg(test)]
    fn new() -> Rotation {
        Rotation {
            next: Default::default(),
        }
    }

    /// Calls `attempt` with the indices `0..n` in turn, starting at the stored position,
    /// until one is [`Attempt::Done`] with `Ok` or gives up; returns the last outcome.
    async fn try_in_turn<T, E, F, Fut>(&self, n: usize, mut attempt: F) -> Result<T, E>
    where
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Attempt<T, E>>,
    {
        use std::sync::atomic::Ordering::SeqCst;
        let start = self.next.load(SeqCst) % n.max(1);
        let mut last = None;
        for i in (0..n).map(|k| (start + k) % n) {
            self.next.store((i + 1) % n, SeqCst);
            match attempt(i).await {
                Attempt::Done(Ok(done)) => {
                    self.next.store(i, SeqCst);
                    return Ok(done);
                }
                Attempt::Done(Err(e)) => last = Some(e),
                Attempt::GiveUp(e) => return Err(e),
            }
        }
        Err(last.expect("at least one address, and every attempt failed"))
    }
}

/// One connection attempt to one address, its failure classified so that the message says
/// what to fix: the credentials, the vhost, the TLS setup, or (only for a socket that was
/// refused or unreachable) whether the broker is running.
async fn connect_one(
    settings: &AmqpSettings,
    address: &str,
    name: &str,
) -> Result<Broker, BrokerError> {
    let url = settings.connection_url_of(address)?;
    CONNECTING.store(true, std::sync::atomic::Ordering::SeqCst);
    let props =
        ConnectionProperties::default().with_connection_name(LongString::from(name.to_string()));
    let redacted = crate::config::redact_url(address);
    let tls = tls_config(settings)?;
    let is_tls = url.starts_with("amqps:");
    let connect_err = |source: lapin::Error| {
        if let Some(refusal) = Refusal::of(&source) {
            let (user, vhost) = user_and_vhost(&url);
            return match refusal {
                Refusal::Login => BrokerError::LoginRefused {
                    url: redacted.clone(),
                    user,
                },
                Refusal::NoVhost => BrokerError::NoVhost {
                    url: redacted.clone(),
                    vhost,
                },
                Refusal::VhostAccess => BrokerError::VhostRefused {
                    url: redacted.clone(),
                    user,
                    vhost,
                },
            };
        }
        if is_tls && is_tls_error(&source) {
            BrokerError::Tls {
                url: redacted.clone(),
                source,
            }
        } else {
            BrokerError::Connect {
                url: redacted.clone(),
                source,
            }
        }
    };
    let connection = match tls {
        None => Connection::connect(&url, props)
            .await
            .map_err(connect_err)?,
        Some(tls) => {
            let runtime = lapin::runtime::default_runtime().map_err(connect_err)?;
            Connection::connect_with_config(&url, props, tls, runtime)
                .await
                .map_err(connect_err)?
        }
    };
    CONNECTING.store(false, std::sync::atomic::Ordering::SeqCst);
    Ok(Broker {
        connection,
        answer_timeout: Duration::from_secs(settings.answer_timeout_s),
    })
}

/// Set when a connection attempt starts, cleared when one succeeds. See [`connecting`].
static CONNECTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the process is connecting: an attempt is under way, or the last one failed and
/// none has succeeded since. Each kabar command holds one connection at a time, so
/// meanwhile no connection is open, and every ERROR line lapin logs comes from an attempt
/// whose outcome [`connect`] reports itself in plain words, or from its I/O thread winding
/// down. Telemetry drops those lines: their wording depends on the race of the moment
/// ("Connection error", "unexpected connection close-ok received on channel 0", ...),
/// before or after the attempt returns, and matching their text
/// ([`is_repeated_connect_failure`]) missed some of them.
pub fn connecting() -> bool {
    CONNECTING.load(std::sync::atomic::Ordering::SeqCst)
}

/// Why a broker that answered would not open the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// `ACCESS_REFUSED` (403) during login: wrong user or password.
    Login,
    /// `NOT_ALLOWED` (530) "vhost X not found".
    NoVhost,
    /// `NOT_ALLOWED` (530) "access to vhost X refused for user Y".
    VhostAccess,
}

impl Refusal {
    /// lapin 4.12 reports a refused login as the broker's `connection.close` turned into
    /// `ErrorKind::ProtocolError` with `ACCESS_REFUSED` (a soft error code, though it closes
    /// the connection), and a vhost refusal as `NOT_ALLOWED` (hard) with RabbitMQ's text.
    fn of(e: &lapin::Error) -> Option<Refusal> {
        let lapin::ErrorKind::ProtocolError(amqp) = e.kind() else {
            return None;
        };
        Refusal::classify(amqp.kind(), amqp.get_message().as_str())
    }

    fn classify(kind: &lapin::protocol::AMQPErrorKind, text: &str) -> Option<Refusal> {
        use lapin::protocol::{AMQPErrorKind, AMQPHardError, AMQPSoftError};
        match kind {
            AMQPErrorKind::Soft(AMQPSoftError::ACCESSREFUSED) => Some(Refusal::Login),
            AMQPErrorKind::Hard(AMQPHardError::NOTALLOWED) if text.contains("access to vhost") => {
                Some(Refusal::VhostAccess)
            }
            AMQPErrorKind::Hard(AMQPHardError::NOTALLOWED) if text.contains("vhost") => {
                Some(Refusal::NoVhost)
            }
            _ => None,
        }
    }
}

/// The user and vhost the client logs in with, as lapin reads them from the URL
/// (percent-decoded; an empty path is the default vhost `/`).
fn user_and_vhost(url: &str) -> (String, String) {
    match url.parse::<lapin::uri::AMQPUri>() {
        Ok(uri) => (uri.authority.userinfo.username, uri.vhost),
        Err(_) => ("?".into(), "?".into()),
    }
}

/// Whether a lapin log event only repeats, in debug form, a connection failure that
/// [`connect`] reports itself in plain words (telemetry drops these): a refused login or
/// vhost, logged by lapin at ERROR as "Connection closed" and "Connection error", and
/// "Exponential backoff attempts exhausted", which lapin logs after any failed connection
/// attempt because kabar leaves lapin's own recovery off (it reconnects itself). Every
/// other lapin line is kept.
pub fn is_repeated_connect_failure(target: &str, message: &str, fields: &str) -> bool {
    if !target.starts_with("lapin") {
        return false;
    }
    message == "Exponential backoff attempts exhausted, aborting recovery"
        || (matches!(message, "Connection closed" | "Connection error")
            && [
                "ACCESS_REFUSED - Login was refused",
                "NOT_ALLOWED - vhost ",
                "NOT_ALLOWED - access to vhost ",
            ]
            .iter()
            .any(|text| fields.contains(text)))
}

/// The extra TLS settings, `None` when there are none (plain `amqp://`, or `amqps://`
/// with the system roots only).
fn tls_config(settings: &AmqpSettings) -> Result<Option<lapin::tcp::OwnedTLSConfig>, BrokerError> {
    if settings.tls_ca_file.is_empty() && settings.tls_cert_file.is_empty() {
        return Ok(None);
    }
    let read = |key: &'static str, path: &str, marker: &str| -> Result<Vec<u8>, BrokerError> {
        let bytes = std::fs::read(path).map_err(|e| BrokerError::TlsFile {
            key,
            path: path.into(),
            reason: e.to_string(),
        })?;
        if !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()) {
            let reason = format!("no PEM `{marker}` block in it");
            return Err(BrokerError::TlsFile {
                key,
                path: path.into(),
                reason,
            });
        }
        Ok(bytes)
    };
    let cert_chain = if settings.tls_ca_file.is_empty() {
        None
    } else {
        let pem = read(
            "amqp.tls_ca_file",
            &settings.tls_ca_file,
            "-----BEGIN CERTIFICATE-----",
        )?;
        Some(String::from_utf8_lossy(&pem).into_owned())
    };
    let identity = if settings.tls_cert_file.is_empty() {
        None
    } else {
        let pem = read(
            "amqp.tls_cert_file",
            &settings.tls_cert_file,
            "-----BEGIN CERTIFICATE-----",
        )?;
        let key = read(
            "amqp.tls_key_file",
            &settings.tls_key_file,
            "PRIVATE KEY-----",
        )?;
        Some(lapin::tcp::OwnedIdentity::PKCS8 { pem, key })
    };
    Ok(Some(lapin::tcp::OwnedTLSConfig {
        identity,
        cert_chain,
    }))
}

/// Whether a connection error came from the TLS layer (a certificate the client or the
/// broker rejected), as opposed to a refused or unreachable socket.
fn is_tls_error(e: &lapin::Error) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    ["certificate", "tls", "handshake", "unknownissuer", "alert"]
        .iter()
        .any(|w| text.contains(w))
}

impl Broker {
    /// Opens a channel on this connection.
    pub async fn channel(&self) -> Result<Channel, BrokerError> {
        self.connection
            .create_channel()
            .await
            .map_err(amqp("channel.open"))
    }

    /// Closes the connection cleanly (200 OK) so the broker does not log an abrupt close.
    /// A courtesy, so bounded by `amqp.answer_timeout_s`: right after a connection error lapin
    /// can still report the connection as connected, and waiting for a `close-ok` that
    /// never comes held a worker's reconnect up for good (seen once in the reliability
    /// suite's broker-restart scenario: readiness never came back). Dropping the
    /// connection then closes the socket, and the broker requeues what was unsettled.
    pub async fn close(&self) {
        if self.connection.status().connected() {
            let close = self
                .connection
                .close(200, ShortString::from("kabar closing"));
            if tokio::time::timeout(self.answer_timeout, close)
                .await
                .is_err()
            {
                tracing::warn!(
                    timeout_s = self.answer_timeout.as_secs(),
                    "the broker did not confirm closing the connection; dropping it"
                );
            }
        }
    }

    /// What the broker tells this connection besides answers: resource alarms, and
    /// frames the client could not parse. Ends when the connection is dropped.
    pub(crate) fn events(
        &self,
    ) -> impl futures_util::Stream<Item = ConnectionEvent> + Send + 'static {
        use futures_util::StreamExt;
        self.connection.events_listener().map(|e| match e {
            lapin::Event::ConnectionBlocked(reason) => ConnectionEvent::Blocked(reason),
            lapin::Event::ConnectionUnblocked => ConnectionEvent::Unblocked,
            lapin::Event::Error(e) if matches!(e.kind(), lapin::ErrorKind::ParsingError(_)) => {
                ConnectionEvent::Unparsable(e.to_string())
            }
            _ => ConnectionEvent::Other,
        })
    }
}

/// A connection event the worker acts on ([`Broker::events`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionEvent {
    /// The broker blocks publishing on this connection (a memory or disk alarm): results
    /// cannot be confirmed until [`ConnectionEvent::Unblocked`].
    Blocked(String),
    Unblocked,
    /// The client could not parse a frame from the broker, which drops the connection.
    /// In practice a delivery whose properties are not what the protocol allows (a
    /// `message_id` that is not UTF-8, which RabbitMQ accepts from producers).
    Unparsable(String),
    Other,
}

/// Declares the topology, or with `passive` only checks that every object exists.
pub async fn declare(
    channel: &Channel,
    topology: &topology::Topology,
    passive: bool,
) -> Result<(), BrokerError> {
    for ex in &topology.exchanges {
        let kind = match ex.kind.as_str() {
            "topic" => ExchangeKind::Topic,
            "fanout" => ExchangeKind::Fanout,
            "direct" => ExchangeKind::Direct,
            other => ExchangeKind::Custom(other.to_string()),
        };
        let opts = ExchangeDeclareOptions {
            durable: ex.durable,
            passive,
            ..Default::default()
        };
        channel
            .exchange_declare(ex.name.as_str().into(), kind, opts, FieldTable::default())
            .await
            .map_err(|source| BrokerError::Topology {
                what: format!("{} exchange `{}`", verb(passive), ex.name),
                source,
            })?;
    }
    for q in &topology.queues {
        let opts = QueueDeclareOptions {
            durable: q.durable,
            passive,
            ..Default::default()
        };
        let args = if passive {
            FieldTable::default()
        } else {
            field_table(&q.arguments)
        };
        channel.queue_declare(q.name.as_str().into(), opts, args).await.map_err(|source| BrokerError::Topology {
            what: format!(
                "{} queue `{}`{}",
                verb(passive),
                q.name,
                if passive { "" } else { " (if it exists with other arguments, delete it or use the same amqp.queue_type)" }
            ),
            source,
        })?;
    }
    if !passive {
        for b in &topology.bindings {
            channel
                .queue_bind(
                    b.destination.as_str().into(),
                    b.source.as_str().into(),
                    b.routing_key.as_str().into(),
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await
                .map_err(|source| BrokerError::Topology {
                    what: format!(
                        "binding `{}` to `{}` with `{}`",
                        b.destination, b.source, b.routing_key
                    ),
                    source,
                })?;
        }
    }
    Ok(())
}

/// With `--passive`: checks that each queue has the arguments kabar relies on (the jobs
/// queue's dead-letter exchange and delivery limit above all: without them a job that
/// kills its worker every time is dropped at the limit instead of dead-lettered). A
/// passive declare only proves a queue exists; this declares each queue again with its
/// arguments on a channel of its own, which the broker accepts only when they are the
/// same (`PRECONDITION_FAILED` names the argument otherwise). Without configure
/// permission the broker refuses the check itself (`ACCESS_REFUSED`): the queues that
/// could not be checked are returned, for a warning.
pub async fn verify_arguments(
    broker: &Broker,
    topology: &topology::Topology,
) -> Result<Vec<String>, BrokerError> {
    let mut unchecked = Vec::new();
    for q in &topology.queues {
        let channel = broker.channel().await?;
        let declared = channel
            .queue_declare(
                q.name.as_str().into(),
                QueueDeclareOptions {
                    durable: q.durable,
                    ..Default::default()
                },
                field_table(&q.arguments),
            )
            .await;
        match declared {
            Ok(_) => {
                let _ = channel.close(200, "checked".into()).await;
            }
            Err(source) if source.to_string().contains("ACCESS_REFUSED") => {
                unchecked.push(q.name.clone());
            }
            Err(source) => {
                return Err(BrokerError::Topology {
                    what: format!(
                        "checking the arguments of queue `{}` (it exists with other arguments than kabar declares: fix it to match deploy/rabbitmq/definitions.json, or delete it and let a worker without --passive declare it)",
                        q.name
                    ),
                    source,
                });
            }
        }
    }
    Ok(unchecked)
}

/// Deletes every queue and exchange of `topology` (for `kabar bench`, which makes a private
/// topology per run). Deletes what it can and returns the first failure.
pub async fn delete(channel: &Channel, topology: &topology::Topology) -> Result<(), BrokerError> {
    let mut first = None;
    for q in &topology.queues {
        if let Err(source) = channel
            .queue_delete(q.name.as_str().into(), QueueDeleteOptions::default())
            .await
        {
            first.get_or_insert(BrokerError::Topology {
                what: format!("deleting queue `{}`", q.name),
                source,
            });
        }
    }
    for ex in &topology.exchanges {
        if let Err(source) = channel
            .exchange_delete(ex.name.as_str().into(), ExchangeDeleteOptions::default())
            .await
        {
            first.get_or_insert(BrokerError::Topology {
                what: format!("deleting exchange `{}`", ex.name),
                source,
            });
        }
    }
    first.map_or(Ok(()), Err)
}

fn verb(passive: bool) -> &'static str {
    if passive {
        "checking (passive)"
    } else {
        "declaring"
    }
}

/// JSON arguments to an AMQP field table.
pub(crate) fn field_table(args: &std::collections::BTreeMap<String, Value>) -> FieldTable {
    let mut table = FieldTable::default();
    for (k, v) in args {
        let value = match v {
            Value::String(s) => AMQPValue::LongString(LongString::from(s.as_str())),
            Value::Number(n) if n.is_i64() => {
                AMQPValue::LongLongInt(n.as_i64().unwrap_or_default())
            }
            Value::Number(n) => AMQPValue::Double(n.as_f64().unwrap_or_default()),
            Value::Bool(b) => AMQPValue::Boolean(*b),
            other => AMQPValue::LongString(LongString::from(other.to_string())),
        };
        table.insert(ShortString::from(k.as_str()), value);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use lapin::protocol::{AMQPErrorKind, AMQPHardError, AMQPSoftError};

    /// Runs one [`connect`]-like pass over `n` addresses of which `down` fail; returns the
    /// outcome and the order tried.
    async fn pass(
        rotation: &Rotation,
        n: usize,
        down: &[usize],
    ) -> (Result<usize, usize>, Vec<usize>) {
        let tried = std::sync::Mutex::new(Vec::new());
        let outcome = rotation
            .try_in_turn(n, |i| {
                tried.lock().unwrap().push(i);
                let ok = !down.contains(&i);
                async move { Attempt::Done(if ok { Ok(i) } else { Err(i) }) }
            })
            .await;
        (outcome, tried.into_inner().unwrap())
    }

    #[tokio::test]
    async fn addresses_are_tried_in_turn_starting_after_the_last_failure() {
        let r = Rotation::new();
        assert_eq!(pass(&r, 3, &[]).await, (Ok(0), vec![0]));
        // Node 0 dies: the next pass fails over to 1, and stays there.
        assert_eq!(pass(&r, 3, &[0]).await, (Ok(1), vec![0, 1]));
        assert_eq!(pass(&r, 3, &[0]).await, (Ok(1), vec![1]));
        // Node 1 dies too: 2, without trying the dead 0 first.
        assert_eq!(pass(&r, 3, &[0, 1]).await, (Ok(2), vec![1, 2]));
        // All down: every address once, the last error returned; the next pass starts
        // after the one that failed last.
        assert_eq!(pass(&r, 3, &[0, 1, 2]).await, (Err(1), vec![2, 0, 1]));
        assert_eq!(pass(&r, 3, &[]).await, (Ok(2), vec![2]));
        // One address: always that one.
        let one = Rotation::new();
        assert_eq!(pass(&one, 1, &[0]).await, (Err(0), vec![0]));
        assert_eq!(pass(&one, 1, &[]).await, (Ok(0), vec![0]));
    }

    #[tokio::test]
    async fn an_abandoned_attempt_counts_as_failed_and_a_setting_error_stops_the_pass() {
        use futures_util::FutureExt;
        let r = Rotation::new();
        // The caller gives up while address 0 hangs (the session's timeout, a shutdown).
        let hanging = r.try_in_turn(3, |_| std::future::pending::<Attempt<(), ()>>());
        assert!(hanging.now_or_never().is_none());
        assert_eq!(pass(&r, 3, &[]).await, (Ok(1), vec![1]));
        // A wrong setting fails every address alike: no use trying the others.
        let tried = std::sync::Mutex::new(Vec::new());
        let outcome: Result<(), &str> = r
            .try_in_turn(3, |i| {
                tried.lock().unwrap().push(i);
                async { Attempt::GiveUp("bad TLS file") }
            })
            .await;
        assert_eq!(outcome, Err("bad TLS file"));
        assert_eq!(tried.into_inner().unwrap(), vec![1]);
    }

    #[test]
    fn the_rotation_is_shared_by_connections_to_the_same_addresses() {
        let a = ["amqp://a/", "amqp://b/"];
        Rotation::of(&a)
            .next
            .store(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            Rotation::of(&a)
                .next
                .load(std::sync::atomic::Ordering::SeqCst),
            1
        );
        assert_eq!(
            Rotation::of(&["amqp://c/", "amqp://b/"])
                .next
                .load(std::sync::atomic::Ordering::SeqCst),
            0
        );
    }

    /// The broker's texts, as RabbitMQ 3.x/4.x sends them (seen with lapin 4.12.3).
    #[test]
    fn refusals_are_told_apart() {
        let login = AMQPErrorKind::Soft(AMQPSoftError::ACCESSREFUSED);
        let not_allowed = AMQPErrorKind::Hard(AMQPHardError::NOTALLOWED);
        assert_eq!(
            Refusal::classify(
                &login,
                "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."
            ),
            Some(Refusal::Login)
        );
        assert_eq!(
            Refusal::classify(&not_allowed, "NOT_ALLOWED - vhost nosuchvhost not found"),
            Some(Refusal::NoVhost)
        );
        assert_eq!(
            Refusal::classify(
                &not_allowed,
                "NOT_ALLOWED - access to vhost 'kabar' refused for user 'bob'"
            ),
            Some(Refusal::VhostAccess)
        );
        // A forced close is not a refusal: "is it running?" stays for those.
        assert_eq!(
            Refusal::classify(
                &AMQPErrorKind::Hard(AMQPHardError::CONNECTIONFORCED),
                "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"
            ),
            None
        );
        let e = lapin::Error::from(lapin::ErrorKind::ProtocolError(
            lapin::protocol::AMQPError::new(not_allowed, "NOT_ALLOWED - vhost x not found".into()),
        ));
        assert_eq!(Refusal::of(&e), Some(Refusal::NoVhost));
        assert_eq!(
            user_and_vhost("amqp://b%40b:pw@h:5672/kabar%2Fprod?heartbeat=20"),
            ("b@b".to_string(), "kabar/prod".to_string())
        );
        assert_eq!(user_and_vhost("amqp://guest:guest@h:5672/%2f").1, "/");
    }

    /// lapin's ERROR lines for a refused login and vhost (4.12.3, as printed), which only
    /// repeat kabar's own error; other lapin lines stay.
    #[test]
    fn only_lapin_lines_that_repeat_a_refusal_are_quiet() {
        let closed = r#"channel=0 method=Close { reply_code: 403, reply_text: ShortString("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."), class_id: 0, method_id: 0 } error=AMQPError { kind: Soft(ACCESSREFUSED), message: ShortString("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.") } "#;
        assert!(is_repeated_connect_failure(
            "lapin::channel",
            "Connection closed",
            closed
        ));
        let error = "error=protocol error: AMQP hard error: NOT-ALLOWED: NOT_ALLOWED - vhost nosuchvhost not found ";
        assert!(is_repeated_connect_failure(
            "lapin::channels",
            "Connection error",
            error
        ));
        assert!(is_repeated_connect_failure(
            "lapin::io_loop",
            "Exponential backoff attempts exhausted, aborting recovery",
            ""
        ));
        // A broker shutting down, a missing heartbeat, kabar's own lines: kept.
        let forced = r#"error=AMQPError { kind: Hard(CONNECTIONFORCED), message: ShortString("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'") } "#;
        assert!(!is_repeated_connect_failure(
            "lapin::channel",
            "Connection closed",
            forced
        ));
        assert!(!is_repeated_connect_failure(
            "lapin::heartbeat",
            "missing heartbeat",
            ""
        ));
        assert!(!is_repeated_connect_failure(
            "kabar::worker",
            "Connection error",
            error
        ));
    }
}
