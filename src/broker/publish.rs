//! Publishing with publisher confirms: a message counts as sent only when the broker has
//! confirmed it, and, with `mandatory`, only when it reached a queue.

use super::{BrokerError, amqp};
use crate::job::Outcome;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{BasicProperties, Channel};

/// A delivery as it came, for its copy in the dead queue: built by the broker module from
/// a consumer delivery or a message taken on the rescue path.
pub struct Original<'a> {
    pub(super) body: &'a [u8],
    pub(super) properties: BasicProperties,
    /// The routing key it was published with (`kabar-routing-key` on the copy).
    pub(super) routing_key: String,
}

/// Why a job goes to the dead queue, written into its copy's headers.
#[derive(Debug, Clone, Copy)]
pub struct DeadNote<'a> {
    /// The kabar error code (`kabar-error`).
    pub code: &'a str,
    /// The error's message (`kabar-error-message`, cut to 1,000 bytes).
    pub message: &'a str,
    /// The queue the job came from (`kabar-dead-queue`).
    pub queue: &'a str,
}

/// Longest `kabar-error-message` header: enough for any of kabar's messages.
const MAX_NOTE_BYTES: usize = 1000;

/// A publisher confirm as kabar reads it: `Ok` only when the broker took the message and,
/// for a mandatory one, routed it to a queue.
pub(super) fn taken(
    confirm: lapin::Confirmation,
    exchange: &str,
    routing_key: &str,
) -> Result<(), BrokerError> {
    if confirm.is_nack() {
        return Err(BrokerError::Nacked {
            exchange: exchange.to_string(),
        });
    }
    if confirm.take_message().is_some() {
        return Err(BrokerError::Unroutable {
            exchange: exchange.to_string(),
            routing_key: routing_key.to_string(),
        });
    }
    Ok(())
}

/// The longest AMQP short string (`message_id`, `correlation_id`, routing keys, names).
pub const MAX_SHORT_STRING: usize = 255;

/// A job id as it can travel in `message_id` / `correlation_id`: itself when it fits a
/// short string, else `sha256:` and the hex digest of it (71 bytes). The full id is always
/// in the result document; the digest keeps the property unique and stable, so consumers
/// that dedupe on `message_id` still can.
pub fn amqp_id(id: &str) -> std::borrow::Cow<'_, str> {
    if id.len() <= MAX_SHORT_STRING {
        return std::borrow::Cow::Borrowed(id);
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(id.as_bytes());
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    std::borrow::Cow::Owned(out)
}

pub(super) fn short(value: &str, what: &'static str) -> Result<ShortString, BrokerError> {
    ShortString::try_new(value).map_err(|_| BrokerError::TooLong {
        what,
        len: value.len(),
    })
}

/// A channel in confirm mode. Cheap to clone; many tasks may publish at once, each waiting
/// for its own confirm.
#[derive(Clone)]
pub struct Publisher {
    channel: Channel,
}

/// Where a result goes besides the results exchange.
#[derive(Debug, Clone, Default)]
pub struct ResultTarget<'a> {
    /// The requester's queue (`reply_to`), published to through the default exchange.
    pub reply_to: Option<&'a str>,
    /// Copied to the result; the job id when the request had none.
    pub correlation_id: Option<&'a str>,
}

/// A message to publish, described without lapin types.
#[derive(Debug, Clone, Default)]
pub struct Message<'a> {
    /// "" for the default exchange (routing to the queue named by `routing_key`).
    pub exchange: &'a str,
    /// The routing key; with the default exchange, the queue.
    pub routing_key: &'a str,
    /// The body, published as is.
    pub body: &'a [u8],
    /// The `content_type` property.
    pub content_type: Option<&'a str>,
    /// The `message_id` property (kabar's job id).
    pub message_id: Option<&'a str>,
    /// The `correlation_id` property.
    pub correlation_id: Option<&'a str>,
    /// The queue a worker should send this job's result to as well.
    pub reply_to: Option<&'a str>,
    /// Headers, as string values.
    pub headers: Vec<(&'a str, String)>,
    /// Fail with `Unroutable` when no queue takes it.
    pub mandatory: bool,
}

impl Publisher {
    /// Puts `channel` in confirm mode: every publish waits for the broker's confirm.
    pub async fn new(channel: Channel) -> Result<Publisher, BrokerError> {
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(amqp("confirm.select"))?;
        Ok(Publisher { channel })
    }

    /// Publishes persistently and waits for the broker's confirm.
    pub async fn publish(&self, m: &Message<'_>) -> Result<(), BrokerError> {
        let mut props = BasicProperties::default()
            .with_delivery_mode(2)
            .with_timestamp(chrono::Utc::now().timestamp().max(0) as u64)
            .with_app_id(ShortString::from("kabar"));
        // Every value here may come from a producer (a job id, a reply queue), and an AMQP
        // short string holds at most 255 bytes: lapin panics on a longer one, which once
        // left a job's delivery unsettled for good. Ids get a digest ([`amqp_id`]); the
        // others cannot be longer than what the broker delivered to us, but are checked
        // rather than trusted.
        if let Some(ct) = m.content_type {
            props = props.with_content_type(short(ct, "content_type")?);
        }
        if let Some(id) = m.message_id {
            props = props.with_message_id(ShortString::from(amqp_id(id).into_owned()));
        }
        if let Some(c) = m.correlation_id {
            props = props.with_correlation_id(ShortString::from(amqp_id(c).into_owned()));
        }
        if let Some(r) = m.reply_to {
            props = props.with_reply_to(short(r, "reply_to")?);
        }
        if !m.headers.is_empty() {
            let mut table = FieldTable::default();
            for (k, v) in &m.headers {
                table.insert(
                    ShortString::from(*k),
                    AMQPValue::LongString(LongString::from(v.as_str())),
                );
            }
            props = props.with_headers(table);
        }
        let opts = BasicPublishOptions {
            mandatory: m.mandatory,
            ..Default::default()
        };
        let confirm = self
            .channel
            .basic_publish(
                short(m.exchange, "exchange")?,
                short(m.routing_key, "routing key")?,
                opts,
                m.body,
                props,
            )
            .await
            .map_err(amqp("basic.publish"))?
            .await
            .map_err(amqp("publisher confirm"))?;
        taken(confirm, m.exchange, m.routing_key)
    }

    /// Publishes a job's result to the results exchange (mandatory: a result that reaches
    /// no queue is an error, and the job stays unacked), then to `reply_to` when set.
    /// A reply that cannot be delivered (the requester left) is logged by the caller, not
    /// fatal: the result is already safe on the results exchange.
    pub(crate) async fn publish_result(
        &self,
        exchange: &str,
        outcome: &Outcome,
        target: &ResultTarget<'_>,
    ) -> Result<Option<BrokerError>, BrokerError> {
        let correlation = target.correlation_id.unwrap_or(&outcome.id);
        let mut headers = vec![("kabar-status", outcome.status.to_string())];
        if outcome.id.len() > MAX_SHORT_STRING {
            // message_id carries a digest: the id itself rides along for header-based routing.
            headers.push(("kabar-id", outcome.id.clone()));
        }
        if let Some(code) = outcome.error {
            headers.push(("kabar-error", code.to_string()));
        }
        let mut message = Message {
            exchange,
            routing_key: &outcome.routing_key,
            body: &outcome.body,
            content_type: Some("application/json"),
            message_id: Some(&outcome.id),
            correlation_id: Some(correlation),
            headers,
            mandatory: true,
            ..Default::default()
        };
        self.publish(&message).await?;
        let Some(reply_to) = target.reply_to else {
            return Ok(None);
        };
        message.exchange = "";
        message.routing_key = reply_to;
        message.mandatory = false;
        match self.publish(&message).await {
            Ok(()) => Ok(None),
            Err(e) if e.is_connection_lost() => Err(e),
            Err(e) => Ok(Some(e)),
        }
    }

    /// Publishes a copy of a failed job to the dead exchange (mandatory, with confirm), its
    /// properties kept and its headers extended with why: `kabar-error`,
    /// `kabar-error-message`, `kabar-dead-reason: rejected`, `kabar-dead-queue`,
    /// `kabar-dead-at`, `kabar-deaths`, `kabar-routing-key`. The caller acks the original only after this
    /// returns `Ok`, so the job is in the dead queue before it leaves the jobs queue
    /// (at-least-once, like the broker's at-least-once dead-lettering). A dead queue that
    /// is not bound makes this `Unroutable`: nothing is dropped unseen.
    pub(crate) async fn publish_dead(
        &self,
        exchange: &str,
        original: &Original<'_>,
        note: DeadNote<'_>,
    ) -> Result<(), BrokerError> {
        let mut headers = original
            .properties
            .headers()
            .clone()
            .unwrap_or_default()
            .inner()
            .clone();
        let deaths = match headers.get("kabar-deaths") {
            Some(AMQPValue::LongLongInt(n)) => n.saturating_add(1),
            _ => 1,
        };
        let mut end = note.message.len().min(MAX_NOTE_BYTES);
        while !note.message.is_char_boundary(end) {
            end -= 1;
        }
        let long = |v: &str| AMQPValue::LongString(LongString::from(v));
        headers.insert("kabar-error".into(), long(note.code));
        headers.insert("kabar-error-message".into(), long(&note.message[..end]));
        headers.insert("kabar-dead-reason".into(), long("rejected"));
        headers.insert("kabar-dead-queue".into(), long(note.queue));
        headers.insert(
            "kabar-dead-at".into(),
            AMQPValue::Timestamp(chrono::Utc::now().timestamp().max(0) as u64),
        );
        headers.insert("kabar-deaths".into(), AMQPValue::LongLongInt(deaths));
        headers.insert("kabar-routing-key".into(), long(&original.routing_key));
        let props = original
            .properties
            .clone()
            .with_delivery_mode(2)
            .with_headers(FieldTable::from(headers));
        let confirm = self
            .channel
            .basic_publish(
                short(exchange, "exchange")?,
                short(note.queue, "queue name")?,
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                original.body,
                props,
            )
            .await
            .map_err(amqp("basic.publish (dead copy)"))?
            .await
            .map_err(amqp("publisher confirm (dead copy)"))?;
        taken(confirm, exchange, note.queue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_fit_travel_as_they_are_and_longer_ones_as_a_stable_digest() {
        assert_eq!(amqp_id("job-1"), "job-1");
        let exactly = "x".repeat(255);
        assert_eq!(amqp_id(&exactly), exactly.as_str());
        let url = format!("https://example.com/{}", "a".repeat(300));
        let d = amqp_id(&url);
        assert!(d.starts_with("sha256:") && d.len() == 71, "{d}");
        assert_eq!(d, amqp_id(&url), "the digest is stable");
        assert_ne!(d, amqp_id(&format!("{url}b")));
        assert!(ShortString::try_new(d.into_owned()).is_ok());
    }
}
