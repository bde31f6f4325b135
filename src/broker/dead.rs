//! The dead queue as `kabar dead` sees it: count, look without consuming, and move jobs
//! back to the jobs queue.
//!
//! # Looking without consuming
//! [`DeadQueue::peek`] takes messages with `basic.get` in manual-ack mode, keeps every one
//! of them unacknowledged on its channel (so the broker cannot hand the same message out
//! twice during one listing), and at the end gives them all back with one
//! `basic.nack(multiple, requeue)`. If the process dies in between, the broker requeues
//! the unacked messages when the connection closes: listing never loses a job. A listed
//! message comes back marked `redelivered`, which is harmless for a dead queue (no consumer
//! and no delivery limit on it).
//!
//! # Replay is at-least-once
//! [`DeadQueue::replay_next`] takes one message, publishes a copy (same body, same
//! properties and headers, `x-death` history included) to the jobs queue through the
//! default exchange with `mandatory` and waits for the publisher confirm, and only then
//! acks the dead copy. A crash between the two leaves the job in both queues (a duplicate,
//! which consumers already dedupe by id), never in neither.

use super::raw::RawChannel;
use super::{BrokerError, amqp};
use crate::config::AmqpSettings;
use chrono::{DateTime, Utc};
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel};
use serde::Serialize;

/// Bodies up to this size are parsed to find the job's `id` when the message has no
/// `message_id`; larger ones are not (they are listed without an id).
const MAX_ID_SNIFF_BYTES: usize = 1 << 20;

/// One dead-lettered job, described from its properties and `x-death` headers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetter {
    /// The job id: the `message_id` property, else the envelope's `id`.
    pub id: Option<String>,
    /// Why the broker dead-lettered it (`x-first-death-reason`): `rejected` (the worker
    /// gave up on it: see its error result), `delivery_limit` (delivered too often without
    /// being settled: a worker died or lost its connection while holding it, each time),
    /// `expired`, `maxlen`.
    pub reason: Option<String>,
    /// When it was first dead-lettered (from the matching `x-death` entry).
    pub first_death_at: Option<DateTime<Utc>>,
    /// The queue it was dead-lettered from (`x-first-death-queue`).
    pub queue: Option<String>,
    /// The routing keys it was originally published with.
    pub routing_keys: Vec<String>,
    /// How many times it was dead-lettered in all (sum of the `x-death` counts).
    pub deaths: u64,
    /// Size of the body in bytes.
    pub body_bytes: usize,
    /// The kabar error code (`kabar-error` header), when the message carries one.
    pub error_code: Option<String>,
    /// The error's message (`kabar-error-message`), when the worker wrote one.
    pub error_message: Option<String>,
}

impl DeadLetter {
    fn from_message(properties: &BasicProperties, body: &[u8]) -> DeadLetter {
        let empty = FieldTable::default();
        let headers = properties.headers().as_ref().unwrap_or(&empty);
        let header = |name: &str| headers.inner().get(name).and_then(as_string);
        let deaths: Vec<&FieldTable> = match headers.inner().get("x-death") {
            Some(AMQPValue::FieldArray(a)) => a
                .as_slice()
                .iter()
                .filter_map(|v| {
                    if let AMQPValue::FieldTable(t) = v {
                        Some(t)
                    } else {
                        None
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        // The broker's dead-lettering (delivery limit, expiry) writes x-death and
        // x-first-death-*; the worker's own copy of a failed job writes kabar-dead-*.
        let reason = header("x-first-death-reason").or_else(|| header("kabar-dead-reason"));
        let queue = header("x-first-death-queue").or_else(|| header("kabar-dead-queue"));
        let field = |t: &FieldTable, k: &str| t.inner().get(k).and_then(as_string);
        // x-death holds one entry per (queue, reason), most recent first: the first death
        // is the entry for the first queue and reason, else the oldest.
        let first = deaths
            .iter()
            .find(|t| queue.is_some() && field(t, "queue") == queue && field(t, "reason") == reason)
            .or(deaths.last())
            .copied();
        let timestamp = |v: Option<&AMQPValue>| match v {
            Some(AMQPValue::Timestamp(s)) => DateTime::from_timestamp(i64::try_from(*s).ok()?, 0),
            _ => None,
        };
        let first_death_at = first
            .and_then(|t| timestamp(t.inner().get("time")))
            .or_else(|| timestamp(headers.inner().get("kabar-dead-at")));
        let routing_keys = match first.and_then(|t| t.inner().get("routing-keys")) {
            Some(AMQPValue::FieldArray(a)) => a.as_slice().iter().filter_map(as_string).collect(),
            _ => header("kabar-routing-key").into_iter().collect(),
        };
        let kabar_deaths = match headers.inner().get("kabar-deaths") {
            Some(AMQPValue::LongLongInt(n)) => u64::try_from(*n).unwrap_or(0),
            _ => 0,
        };
        let deaths_total = kabar_deaths
            + deaths
                .iter()
                .map(|t| match t.inner().get("count") {
                    Some(AMQPValue::LongLongInt(n)) => u64::try_from(*n).unwrap_or(0),
                    Some(AMQPValue::LongInt(n)) => u64::try_from(*n).unwrap_or(0),
                    Some(AMQPValue::LongUInt(n)) => u64::from(*n),
                    _ => 1,
                })
                .sum::<u64>();
        let id = properties
            .message_id()
            .as_ref()
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| sniff_id(body));
        DeadLetter {
            id,
            reason: reason.or_else(|| first.and_then(|t| field(t, "reason"))),
            first_death_at,
            queue: queue.or_else(|| first.and_then(|t| field(t, "queue"))),
            routing_keys,
            deaths: deaths_total,
            body_bytes: body.len(),
            error_code: header("kabar-error"),
            error_message: header("kabar-error-message"),
        }
    }
}

fn as_string(v: &AMQPValue) -> Option<String> {
    match v {
        AMQPValue::LongString(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        AMQPValue::ShortString(s) => Some(s.to_string()),
        _ => None,
    }
}

/// The envelope's `id`, when the body is a JSON object that has a string or number one.
fn sniff_id(body: &[u8]) -> Option<String> {
    if body.len() > MAX_ID_SNIFF_BYTES || !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    match v.get("id")? {
        serde_json::Value::String(s) if !s.is_empty() && s.len() <= crate::job::MAX_FIELD_BYTES => {
            Some(s.clone())
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The dead queue and the jobs queue jobs are replayed to: messages are read over the
/// lenient reader of [`super::raw`] (a dead message may well be one whose properties the
/// client library cannot parse: with lapin's `basic.get` such a message dropped the
/// connection and `kabar dead list` hung), and copies are published over a lapin channel
/// in confirm mode.
pub struct DeadQueue {
    channel: Channel,
    raw: tokio::sync::Mutex<RawChannel>,
    dead_queue: String,
    jobs_queue: String,
}

impl DeadQueue {
    pub async fn open(
        broker: &super::Broker,
        settings: &AmqpSettings,
    ) -> Result<DeadQueue, BrokerError> {
        let channel = broker.channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(amqp("confirm.select"))?;
        let raw = RawChannel::open(settings).await?;
        Ok(DeadQueue {
            channel,
            raw: tokio::sync::Mutex::new(raw),
            dead_queue: settings.dead_queue.clone(),
            jobs_queue: settings.jobs_queue.clone(),
        })
    }

    /// How many messages the dead queue holds (a passive declare: fails when it does not
    /// exist).
    pub async fn count(&self) -> Result<u32, BrokerError> {
        let q = self
            .channel
            .queue_declare(self.dead_queue.as_str().into(), QueueDeclareOptions { passive: true, ..Default::default() }, FieldTable::default())
            .await
            .map_err(|source| BrokerError::Topology {
                what: format!("checking (passive) dead queue `{}` (has a worker declared the topology yet? is amqp.dead_queue right?)", self.dead_queue),
                source,
            })?;
        Ok(q.message_count())
    }

    /// Up to `limit` dead-lettered jobs from the head of the queue, without consuming them
    /// (see the module doc: `basic.get` with manual ack, then one `nack(requeue)`).
    pub async fn peek(&self, limit: usize) -> Result<Vec<DeadLetter>, BrokerError> {
        let mut raw = self.raw.lock().await;
        let mut out = Vec::new();
        let mut last = None;
        while out.len() < limit {
            let Some(m) = raw.get(&self.dead_queue).await? else {
                break;
            };
            out.push(DeadLetter::from_message(&m.properties(), &m.body));
            last = Some(m.delivery_tag);
        }
        if let Some(tag) = last {
            raw.requeue_up_to(tag).await?;
        }
        Ok(out)
    }

    /// Moves the job at the head of the dead queue back to the jobs queue (publish with
    /// confirm, then ack the dead copy). `None` when the dead queue is empty. On a failed
    /// publish the dead copy is given back (nack with requeue) and stays where it was.
    pub async fn replay_next(&self) -> Result<Option<DeadLetter>, BrokerError> {
        let mut raw = self.raw.lock().await;
        let Some(d) = raw.get(&self.dead_queue).await? else {
            return Ok(None);
        };
        let properties = d.properties();
        let letter = DeadLetter::from_message(&properties, &d.body);
        if let Err(e) = self.publish_job(&properties, &d.body).await {
            let _ = raw.requeue(d.delivery_tag).await;
            return Err(e);
        }
        raw.ack(d.delivery_tag).await?;
        Ok(Some(letter))
    }

    /// Closes the reading connection (bounded; the broker requeues whatever it held
    /// unsettled when it goes).
    pub async fn close(self) {
        let _ = self.raw.into_inner().close().await;
    }

    async fn publish_job(
        &self,
        properties: &BasicProperties,
        body: &[u8],
    ) -> Result<(), BrokerError> {
        let confirm = self
            .channel
            .basic_publish(
                "".into(),
                self.jobs_queue.as_str().into(),
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                body,
                replay_properties(properties),
            )
            .await
            .map_err(amqp("basic.publish (replay)"))?
            .await
            .map_err(amqp("publisher confirm (replay)"))?;
        super::publish::taken(confirm, "", &self.jobs_queue)
    }
}

/// The dead copy's properties for the replayed job: the same, persistent, without the
/// quorum queue's `x-delivery-count` (the replay is a fresh start; the `x-death` history
/// stays so a job that dies again shows how often it did).
fn replay_properties(properties: &BasicProperties) -> BasicProperties {
    let mut props = properties.clone().with_delivery_mode(2);
    if let Some(headers) = properties.headers() {
        let kept: std::collections::BTreeMap<_, _> = headers
            .inner()
            .iter()
            .filter(|(k, _)| k.as_str() != "x-delivery-count")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        props = props.with_headers(FieldTable::from(kept));
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;
    use lapin::types::{FieldArray, LongString, ShortString};

    fn table(pairs: Vec<(&str, AMQPValue)>) -> FieldTable {
        let mut t = FieldTable::default();
        for (k, v) in pairs {
            t.insert(ShortString::from(k), v);
        }
        t
    }

    fn s(v: &str) -> AMQPValue {
        AMQPValue::LongString(LongString::from(v))
    }

    #[test]
    fn x_death_headers_become_a_dead_letter() {
        let death = |queue: &str, reason: &str, time: u64, count: i64| {
            AMQPValue::FieldTable(table(vec![
                ("queue", s(queue)),
                ("reason", s(reason)),
                ("time", AMQPValue::Timestamp(time)),
                ("count", AMQPValue::LongLongInt(count)),
                ("exchange", s("")),
                (
                    "routing-keys",
                    AMQPValue::FieldArray(FieldArray::from(vec![s(queue)])),
                ),
            ]))
        };
        let headers = table(vec![
            // most recent first, as the broker writes it
            (
                "x-death",
                AMQPValue::FieldArray(FieldArray::from(vec![
                    death("q2", "expired", 2000, 1),
                    death("jobs", "rejected", 1000, 2),
                ])),
            ),
            ("x-first-death-reason", s("rejected")),
            ("x-first-death-queue", s("jobs")),
            ("kabar-error", s("invalid_json")),
        ]);
        let props = BasicProperties::default().with_headers(headers);
        let d = DeadLetter::from_message(&props, br#"{"id":"j-1","text":"x"}"#);
        assert_eq!(d.id.as_deref(), Some("j-1"));
        assert_eq!(d.reason.as_deref(), Some("rejected"));
        assert_eq!(d.queue.as_deref(), Some("jobs"));
        assert_eq!(d.first_death_at.map(|t| t.timestamp()), Some(1000));
        assert_eq!(d.routing_keys, ["jobs"]);
        assert_eq!(d.deaths, 3);
        assert_eq!(d.body_bytes, 23);
        assert_eq!(d.error_code.as_deref(), Some("invalid_json"));
    }

    #[test]
    fn message_id_wins_and_garbage_has_no_id() {
        let props = BasicProperties::default().with_message_id("m-1".into());
        assert_eq!(
            DeadLetter::from_message(&props, br#"{"id":"e"}"#)
                .id
                .as_deref(),
            Some("m-1")
        );
        let bare = DeadLetter::from_message(&BasicProperties::default(), b"\xff{not json");
        assert_eq!((bare.id, bare.reason, bare.deaths), (None, None, 0));
    }
}
