//! Publishing with publisher confirms: a message counts as sent only when the broker has
//! confirmed it, and, with `mandatory`, only when it reached a queue.

use super::{BrokerError, amqp};
use crate::job::Outcome;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{BasicProperties, Channel};

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
    pub exchange: &'a str,
    pub routing_key: &'a str,
    pub body: &'a [u8],
    pub content_type: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    pub reply_to: Option<&'a str>,
    pub headers: Vec<(&'a str, String)>,
    /// Fail with `Unroutable` when no queue takes it.
    pub mandatory: bool,
}

impl Publisher {
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
        if let Some(ct) = m.content_type {
            props = props.with_content_type(ct.into());
        }
        if let Some(id) = m.message_id {
            props = props.with_message_id(id.into());
        }
        if let Some(c) = m.correlation_id {
            props = props.with_correlation_id(c.into());
        }
        if let Some(r) = m.reply_to {
            props = props.with_reply_to(r.into());
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
            .basic_publish(m.exchange.into(), m.routing_key.into(), opts, m.body, props)
            .await
            .map_err(amqp("basic.publish"))?
            .await
            .map_err(amqp("publisher confirm"))?;
        if confirm.is_nack() {
            return Err(BrokerError::Nacked {
                exchange: m.exchange.to_string(),
            });
        }
        if confirm.take_message().is_some() {
            return Err(BrokerError::Unroutable {
                exchange: m.exchange.to_string(),
                routing_key: m.routing_key.to_string(),
            });
        }
        Ok(())
    }

    /// Publishes a job's result to the results exchange (mandatory: a result that reaches
    /// no queue is an error, and the job stays unacked), then to `reply_to` when set.
    /// A reply that cannot be delivered (the requester left) is logged by the caller, not
    /// fatal: the result is already safe on the results exchange.
    pub async fn publish_result(
        &self,
        exchange: &str,
        outcome: &Outcome,
        target: &ResultTarget<'_>,
    ) -> Result<Option<BrokerError>, BrokerError> {
        let correlation = target.correlation_id.unwrap_or(&outcome.id);
        let mut headers = vec![("kabar-status", outcome.status.to_string())];
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

    pub fn channel(&self) -> &Channel {
        &self.channel
    }
}
