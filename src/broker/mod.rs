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
pub use publish::{MAX_SHORT_STRING, Message, Publisher, ResultTarget, amqp_id};

/// What went wrong talking to the broker. Messages carry the redacted URL, never the
/// password.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error(
        "cannot connect to RabbitMQ at {url}: {source} (is it running? `rabbitmq-server -detached` starts a local one)"
    )]
    Connect { url: String, source: lapin::Error },
    #[error("cannot use the TLS file {path} ({key}): {reason}")]
    TlsFile {
        key: &'static str,
        path: String,
        reason: String,
    },
    #[error(
        "TLS connection to {url} failed: {source} (check that amqp.tls_ca_file holds the CA that signed the broker's \
         certificate, that the URL's host name is in that certificate, and, if the broker verifies clients, \
         amqp.tls_cert_file / amqp.tls_key_file)"
    )]
    Tls { url: String, source: lapin::Error },
    #[error("{what} failed: {source}")]
    Topology { what: String, source: lapin::Error },
    #[error("broker operation `{what}` failed: {source}")]
    Amqp {
        what: &'static str,
        source: lapin::Error,
    },
    #[error(
        "the broker could not route the message to exchange `{exchange}` with key `{routing_key}` (no queue bound?)"
    )]
    Unroutable {
        exchange: String,
        routing_key: String,
    },
    #[error("the broker refused the message (negative publisher confirm) on exchange `{exchange}`")]
    Nacked { exchange: String },
    #[error("the {what} is {len} bytes; AMQP allows at most 255 (shorten it)")]
    TooLong { what: &'static str, len: usize },
    #[error(
        "the client could not parse a frame from the broker ({0}); usually a message whose properties are not valid UTF-8"
    )]
    Unparsable(String),
    #[error("rescue path: {0}")]
    Raw(String),
    #[error("the connection to the broker was lost while {0}")]
    Lost(&'static str),
    #[error(
        "the broker did not answer `{what}` within {after_s} s (overloaded, or a half-dead connection); \
         giving up on it and closing the connection, which returns any unsettled jobs to the queue"
    )]
    Unanswered { what: &'static str, after_s: u64 },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

impl BrokerError {
    /// True when the connection or channel is gone and only a reconnect helps; false for
    /// per-message refusals (unroutable, nacked) where the channel still works.
    pub fn is_connection_lost(&self) -> bool {
        !matches!(
            self,
            BrokerError::Unroutable { .. }
                | BrokerError::Nacked { .. }
                | BrokerError::TooLong { .. }
        )
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

/// Connects with the settings' URL (password from `password_file` when set).
/// `name` shows in the management UI's connection list.
///
/// With `amqps://` the broker's certificate is checked against the system roots plus
/// `tls_ca_file`, and `tls_cert_file`/`tls_key_file` present a client certificate.
pub async fn connect(settings: &AmqpSettings, name: &str) -> Result<Broker, BrokerError> {
    let url = settings.connection_url()?;
    let props =
        ConnectionProperties::default().with_connection_name(LongString::from(name.to_string()));
    let redacted = settings.redacted_url();
    let tls = tls_config(settings)?;
    let is_tls = url.starts_with("amqps:");
    let connect_err = |source| {
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
    Ok(Broker {
        connection,
        answer_timeout: Duration::from_secs(settings.answer_timeout_s),
    })
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
    pub fn events(&self) -> impl futures_util::Stream<Item = ConnectionEvent> + Send + 'static {
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
