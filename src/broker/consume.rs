//! The jobs consumer: deliveries in, acks and dead-letters out.

use super::{BrokerError, amqp, answered};
use crate::job::Incoming;
use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicQosOptions};
use lapin::types::FieldTable;
use lapin::{Channel, Consumer};
use std::time::Duration;

/// A consumer on the jobs queue, with the prefetch that bounds how many jobs this worker
/// holds at once.
pub struct JobConsumer {
    channel: Channel,
    consumer: Consumer,
    tag: String,
}

impl JobConsumer {
    pub async fn start(
        channel: Channel,
        queue: &str,
        prefetch: u16,
        tag: &str,
    ) -> Result<JobConsumer, BrokerError> {
        channel
            .basic_qos(prefetch, BasicQosOptions::default())
            .await
            .map_err(amqp("basic.qos"))?;
        let consumer = channel
            .basic_consume(
                queue.into(),
                tag.into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(|source| BrokerError::Topology {
                what: format!("consuming from queue `{queue}`"),
                source,
            })?;
        Ok(JobConsumer {
            channel,
            consumer,
            tag: tag.to_string(),
        })
    }

    /// The next delivery; `None` when the consumer was cancelled or the channel closed.
    pub async fn next(&mut self) -> Option<Result<JobDelivery, BrokerError>> {
        match self.consumer.next().await? {
            Ok(delivery) => Some(Ok(JobDelivery { inner: delivery })),
            Err(e) if matches!(e.kind(), lapin::ErrorKind::ParsingError(_)) => {
                Some(Err(BrokerError::Unparsable(e.to_string())))
            }
            Err(e) => Some(Err(BrokerError::Amqp {
                what: "basic.deliver",
                source: e,
            })),
        }
    }

    /// Asks the broker to stop sending; deliveries already received stay ours to settle.
    /// Bounded by `within` (`amqp.answer_timeout_s`): it runs on shutdown, which must finish
    /// even when a live broker never answers (heartbeats flowing, lapin sees nothing wrong;
    /// `BrokerError::Unanswered`, and the caller drains and closes anyway).
    pub async fn cancel(&self, within: Duration) -> Result<(), BrokerError> {
        let cancel = self
            .channel
            .basic_cancel(self.tag.as_str().into(), BasicCancelOptions::default());
        answered("basic.cancel", within, async {
            cancel.await.map_err(amqp("basic.cancel"))
        })
        .await
    }
}

/// One job as delivered: its body, the properties the pipeline needs, and the handle to
/// settle it.
pub struct JobDelivery {
    inner: lapin::message::Delivery,
}

impl JobDelivery {
    pub fn incoming(&self) -> Incoming<'_> {
        let p = &self.inner.properties;
        Incoming {
            body: &self.inner.data,
            content_type: p.content_type().as_ref().map(|s| s.as_str()),
            content_encoding: p.content_encoding().as_ref().map(|s| s.as_str()),
            message_id: p.message_id().as_ref().map(|s| s.as_str()),
            redelivered: self.inner.redelivered,
        }
    }

    pub fn reply_to(&self) -> Option<&str> {
        self.inner
            .properties
            .reply_to()
            .as_ref()
            .map(|s| s.as_str())
            .filter(|s| !s.is_empty())
    }

    pub fn correlation_id(&self) -> Option<&str> {
        self.inner
            .properties
            .correlation_id()
            .as_ref()
            .map(|s| s.as_str())
            .filter(|s| !s.is_empty())
    }

    /// The delivery as it came, for its copy in the dead queue.
    pub fn original(&self) -> super::publish::Original<'_> {
        super::publish::Original {
            body: &self.inner.data,
            properties: self.inner.properties.clone(),
            routing_key: self.inner.routing_key.to_string(),
        }
    }

    /// Acknowledge: the job is done and its result confirmed.
    pub async fn ack(&self) -> Result<(), BrokerError> {
        self.inner
            .acker
            .ack(BasicAckOptions::default())
            .await
            .map(drop)
            .map_err(amqp("basic.ack"))
    }
}

/// A private, server-named queue for results addressed to this client through `reply_to`
/// (what `kabar submit --wait` collects from). It disappears with the connection.
pub struct ReplyConsumer {
    consumer: Consumer,
    queue: String,
}

/// A result as received on the reply queue.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The result document.
    pub body: Vec<u8>,
    /// The job's `correlation_id`, echoed back.
    pub correlation_id: Option<String>,
    /// The job id (`sha256:` and its digest when the id is over 255 bytes).
    pub message_id: Option<String>,
}

impl ReplyConsumer {
    /// Declares a private, server-named queue on `channel` and consumes from it.
    pub async fn open(channel: &Channel) -> Result<ReplyConsumer, BrokerError> {
        use lapin::options::QueueDeclareOptions;
        let q = channel
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
            .map_err(amqp("queue.declare (reply queue)"))?;
        let queue = q.name().as_str().to_string();
        let consumer = channel
            .basic_consume(
                queue.as_str().into(),
                "".into(),
                BasicConsumeOptions {
                    no_ack: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .map_err(amqp("basic.consume (reply queue)"))?;
        Ok(ReplyConsumer { consumer, queue })
    }

    /// The queue name to put in `reply_to`.
    pub fn queue(&self) -> &str {
        &self.queue
    }

    /// The next reply; `None` once the consumer is gone.
    pub async fn next(&mut self) -> Option<Result<Reply, BrokerError>> {
        match self.consumer.next().await? {
            Ok(d) => Some(Ok(Reply {
                correlation_id: d
                    .properties
                    .correlation_id()
                    .as_ref()
                    .map(|s| s.to_string()),
                message_id: d.properties.message_id().as_ref().map(|s| s.to_string()),
                body: d.data,
            })),
            Err(e) => Some(Err(BrokerError::Amqp {
                what: "basic.deliver (reply queue)",
                source: e,
            })),
        }
    }
}
