//! A minimal AMQP 0-9-1 reader for the messages lapin cannot read.
//!
//! RabbitMQ accepts a message whose short-string properties (`message_id`,
//! `correlation_id`, `content_type`, ...) are not UTF-8, but lapin (amq-protocol) refuses to
//! parse such a content header and drops the whole connection. The message then comes back
//! first on the next connection, again and again: on a quorum queue each round spends the
//! delivery count of every job in flight with it, on a classic queue the worker loops for
//! ever. This module takes messages off the head of a queue with `basic.get` over a
//! connection of its own, reads their content header leniently (invalid UTF-8 replaced,
//! headers skipped), and settles them by delivery tag, so the worker can give such a
//! message a result like any other ([`crate::worker`]'s rescue path).
//!
//! Method frames are built and parsed by amq-protocol (the crate lapin is made of); only the
//! content header is read here, field by field in the order AMQP 0-9-1 §4.2.6.1 and the
//! `basic` class define. The connection goes through amq-protocol-tcp, so `amqps://` and
//! the TLS settings work as for lapin.

use super::BrokerError;
use crate::config::AmqpSettings;
use crate::job::Incoming;
use amq_protocol::frame::{AMQPFrame, gen_frame, parse_frame};
use amq_protocol::protocol::{AMQPClass, basic, channel, connection};
use amq_protocol::types::FieldTable;
use futures_util::{AsyncReadExt, AsyncWriteExt};
use lapin::tcp::AMQPUriTcpExt;
use std::time::Duration;

/// The connection, whatever amq-protocol-tcp made of the URL (plain TCP or TLS).
trait Io: futures_util::AsyncRead + futures_util::AsyncWrite + Send + Unpin {}
impl<T: futures_util::AsyncRead + futures_util::AsyncWrite + Send + Unpin> Io for T {}
type Stream = Box<dyn Io>;

/// One message taken with `basic.get`, its properties read leniently.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDelivery {
    pub delivery_tag: u64,
    pub redelivered: bool,
    /// The routing key it was published with.
    pub routing_key: String,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub correlation_id: Option<String>,
    pub reply_to: Option<String>,
    pub message_id: Option<String>,
    /// The headers table, when it parses (`x-death` for `kabar dead`); `None` when absent
    /// or not parsable (a header whose text is not UTF-8).
    pub headers: Option<FieldTable>,
    pub delivery_mode: Option<u8>,
    pub priority: Option<u8>,
    pub expiration: Option<String>,
    pub timestamp: Option<u64>,
    pub kind: Option<String>,
    pub app_id: Option<String>,
    /// Whether lapin could have parsed this message's content header (false for the
    /// messages this module exists for).
    pub parsable: bool,
}

impl RawDelivery {
    /// The properties as lapin types, invalid UTF-8 replaced: what a copy of this message
    /// is published with (`kabar dead replay`). `user_id` and `cluster_id` are not kept
    /// (the broker refuses a `user_id` other than the publisher's).
    pub fn properties(&self) -> lapin::BasicProperties {
        use lapin::types::ShortString;
        // Lossy strings can only shrink or keep their length... except U+FFFD is 3 bytes
        // for 1 invalid byte: cut back to a short string's size on a char boundary.
        let short = |v: &str| {
            let mut end = v.len().min(super::MAX_SHORT_STRING);
            while !v.is_char_boundary(end) {
                end -= 1;
            }
            ShortString::from(&v[..end])
        };
        let mut p = lapin::BasicProperties::default();
        if let Some(v) = &self.content_type {
            p = p.with_content_type(short(v));
        }
        if let Some(v) = &self.content_encoding {
            p = p.with_content_encoding(short(v));
        }
        if let Some(v) = &self.headers {
            p = p.with_headers(v.clone());
        }
        if let Some(v) = self.delivery_mode {
            p = p.with_delivery_mode(v);
        }
        if let Some(v) = self.priority {
            p = p.with_priority(v);
        }
        if let Some(v) = &self.correlation_id {
            p = p.with_correlation_id(short(v));
        }
        if let Some(v) = &self.reply_to {
            p = p.with_reply_to(short(v));
        }
        if let Some(v) = &self.expiration {
            p = p.with_expiration(short(v));
        }
        if let Some(v) = &self.message_id {
            p = p.with_message_id(short(v));
        }
        if let Some(v) = self.timestamp {
            p = p.with_timestamp(v);
        }
        if let Some(v) = &self.kind {
            p = p.with_type(short(v));
        }
        if let Some(v) = &self.app_id {
            p = p.with_app_id(short(v));
        }
        p
    }

    /// The message as it came (properties read leniently), for its copy in the dead queue.
    pub fn original(&self) -> super::publish::Original<'_> {
        super::publish::Original {
            body: &self.body,
            properties: self.properties(),
            routing_key: self.routing_key.clone(),
        }
    }

    pub fn incoming(&self) -> Incoming<'_> {
        Incoming {
            body: &self.body,
            content_type: self.content_type.as_deref(),
            content_encoding: self.content_encoding.as_deref(),
            message_id: self.message_id.as_deref(),
            redelivered: self.redelivered,
        }
    }
}

/// A connection with one channel, for `basic.get` and settling by tag.
pub struct RawChannel {
    stream: Stream,
    /// Bytes read and not yet parsed into frames.
    buffer: Vec<u8>,
    /// Every wait for the broker is bounded by this (`amqp.answer_timeout_s`).
    within: Duration,
}

fn lost(what: &'static str) -> BrokerError {
    BrokerError::Lost(what)
}

fn refused(what: String) -> BrokerError {
    BrokerError::Raw(what)
}

impl RawChannel {
    /// Connects, authenticates (PLAIN, the URL's or `password_file`'s credentials) and opens
    /// channel 1.
    /// Tries `amqp.url`, then each of `amqp.fallback_urls`, and returns the first channel
    /// opened (or the last error).
    pub async fn open(settings: &AmqpSettings) -> Result<RawChannel, BrokerError> {
        let mut last = None;
        for address in settings.addresses() {
            match Self::open_at(settings, address).await {
                Ok(ch) => return Ok(ch),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or(BrokerError::Lost(
            "opening the rescue connection (no address)",
        )))
    }

    async fn open_at(settings: &AmqpSettings, address: &str) -> Result<RawChannel, BrokerError> {
        let url = settings.connection_url_of(address)?;
        let uri: lapin::uri::AMQPUri = url
            .parse()
            .map_err(|e: String| refused(format!("cannot parse amqp.url: {e}")))?;
        let tls = super::tls_config(settings)?.unwrap_or_default();
        let runtime = lapin::runtime::default_runtime().map_err(|source| BrokerError::Connect {
            url: settings.redacted_url(),
            source,
        })?;
        let within = Duration::from_secs(settings.answer_timeout_s);
        let stream = tokio::time::timeout(
            within,
            uri.connect_with_config_async(tls.as_ref(), &runtime),
        )
        .await
        .map_err(|_| lost("connecting for the rescue path"))?
        .map_err(|e| refused(format!("cannot connect for the rescue path: {e}")))?;
        let mut ch = RawChannel {
            stream: Box::new(stream),
            buffer: Vec::new(),
            within,
        };
        ch.write_raw(b"AMQP\x00\x00\x09\x01").await?;
        ch.expect(|c| matches!(c, AMQPClass::Connection(connection::AMQPMethod::Start(_))))
            .await?;
        let user = &uri.authority.userinfo;
        let response = format!("\0{}\0{}", user.username, user.password);
        ch.send(
            0,
            AMQPClass::Connection(connection::AMQPMethod::StartOk(connection::StartOk {
                client_properties: FieldTable::default(),
                mechanism: "PLAIN".into(),
                response: response.into(),
                locale: "en_US".into(),
            })),
        )
        .await?;
        let tune = ch
            .expect(|c| matches!(c, AMQPClass::Connection(connection::AMQPMethod::Tune(_))))
            .await?;
        let AMQPClass::Connection(connection::AMQPMethod::Tune(tune)) = tune else {
            unreachable!("matched above")
        };
        ch.send(
            0,
            AMQPClass::Connection(connection::AMQPMethod::TuneOk(connection::TuneOk {
                channel_max: 1,
                frame_max: tune.frame_max.min(crate::config::FRAME_MAX),
                // A short-lived connection: every wait is bounded by `within` anyway.
                heartbeat: 0,
            })),
        )
        .await?;
        ch.send(
            0,
            AMQPClass::Connection(connection::AMQPMethod::Open(connection::Open {
                virtual_host: uri.vhost.as_str().into(),
            })),
        )
        .await?;
        ch.expect(|c| matches!(c, AMQPClass::Connection(connection::AMQPMethod::OpenOk(_))))
            .await?;
        ch.send(
            1,
            AMQPClass::Channel(channel::AMQPMethod::Open(channel::Open {})),
        )
        .await?;
        ch.expect(|c| matches!(c, AMQPClass::Channel(channel::AMQPMethod::OpenOk(_))))
            .await?;
        Ok(ch)
    }

    /// The message at the head of `queue`, unacknowledged (settle it with [`Self::ack`],
    /// [`Self::reject`] or [`Self::requeue`]); `None` when the queue is empty.
    pub async fn get(&mut self, queue: &str) -> Result<Option<RawDelivery>, BrokerError> {
        self.send(
            1,
            AMQPClass::Basic(basic::AMQPMethod::Get(basic::Get {
                queue: super::publish::short(queue, "queue name")?,
                no_ack: false,
            })),
        )
        .await?;
        let answer = self
            .expect(|c| {
                matches!(
                    c,
                    AMQPClass::Basic(basic::AMQPMethod::GetOk(_) | basic::AMQPMethod::GetEmpty(_))
                )
            })
            .await?;
        let AMQPClass::Basic(basic::AMQPMethod::GetOk(ok)) = answer else {
            return Ok(None);
        };
        let header = self.next_frame_raw().await?;
        let parsable = parse_frame(header.as_slice()).is_ok();
        let mut delivery = read_content_header(&header)
            .ok_or_else(|| refused("the broker sent a malformed content header".into()))?;
        delivery.delivery_tag = ok.delivery_tag;
        delivery.redelivered = ok.redelivered;
        delivery.routing_key = ok.routing_key.to_string();
        delivery.parsable = parsable;
        let size = delivery.body.capacity();
        delivery.body.clear();
        while delivery.body.len() < size {
            let frame = self.next_frame_raw().await?;
            if frame.first() != Some(&3) || frame.len() < 8 {
                return Err(refused("expected a content body frame".into()));
            }
            delivery.body.extend_from_slice(&frame[7..frame.len() - 1]);
        }
        Ok(Some(delivery))
    }

    pub async fn ack(&mut self, delivery_tag: u64) -> Result<(), BrokerError> {
        self.send(
            1,
            AMQPClass::Basic(basic::AMQPMethod::Ack(basic::Ack {
                delivery_tag,
                multiple: false,
            })),
        )
        .await
    }

    /// Gives back every unsettled message up to and including `delivery_tag`.
    pub async fn requeue_up_to(&mut self, delivery_tag: u64) -> Result<(), BrokerError> {
        self.send(
            1,
            AMQPClass::Basic(basic::AMQPMethod::Nack(basic::Nack {
                delivery_tag,
                multiple: true,
                requeue: true,
            })),
        )
        .await
    }

    /// Gives the message back to its queue.
    pub async fn requeue(&mut self, delivery_tag: u64) -> Result<(), BrokerError> {
        self.send(
            1,
            AMQPClass::Basic(basic::AMQPMethod::Nack(basic::Nack {
                delivery_tag,
                multiple: false,
                requeue: true,
            })),
        )
        .await
    }

    /// Closes the connection and waits (bounded) for the broker's `close-ok`, which also
    /// proves every settle sent before it was received.
    pub async fn close(mut self) -> Result<(), BrokerError> {
        self.send(
            0,
            AMQPClass::Connection(connection::AMQPMethod::Close(connection::Close {
                reply_code: 200,
                reply_text: "kabar rescue done".into(),
                class_id: 0,
                method_id: 0,
            })),
        )
        .await?;
        self.expect(|c| matches!(c, AMQPClass::Connection(connection::AMQPMethod::CloseOk(_))))
            .await?;
        Ok(())
    }

    async fn send(&mut self, channel_id: u16, class: AMQPClass) -> Result<(), BrokerError> {
        let frame = AMQPFrame::Method(channel_id, class);
        let (bytes, _) = cookie_factory::r#gen(gen_frame(&frame), Vec::new())
            .map_err(|e| refused(format!("cannot encode a frame: {e:?}")))?;
        self.write_raw(&bytes).await
    }

    async fn write_raw(&mut self, bytes: &[u8]) -> Result<(), BrokerError> {
        let write = async {
            self.stream.write_all(bytes).await?;
            self.stream.flush().await
        };
        tokio::time::timeout(self.within, write)
            .await
            .map_err(|_| lost("writing on the rescue connection"))?
            .map_err(|_| lost("writing on the rescue connection"))
    }

    /// The next method frame that `wanted` accepts; a `close` from the broker is an error
    /// that carries its reason, heartbeats are skipped.
    async fn expect(
        &mut self,
        wanted: impl Fn(&AMQPClass) -> bool,
    ) -> Result<AMQPClass, BrokerError> {
        loop {
            let raw = self.next_frame_raw().await?;
            let Ok((_, frame)) = parse_frame(raw.as_slice()) else {
                return Err(refused(
                    "the broker sent a frame that cannot be parsed".into(),
                ));
            };
            let AMQPFrame::Method(_, class) = frame else {
                continue;
            };
            match class {
                c if wanted(&c) => return Ok(c),
                AMQPClass::Connection(connection::AMQPMethod::Close(c)) => {
                    return Err(refused(format!(
                        "the broker closed the rescue connection: {} {}",
                        c.reply_code,
                        c.reply_text.as_str()
                    )));
                }
                AMQPClass::Channel(channel::AMQPMethod::Close(c)) => {
                    return Err(refused(format!(
                        "the broker closed the rescue channel: {} {}",
                        c.reply_code,
                        c.reply_text.as_str()
                    )));
                }
                _ => continue,
            }
        }
    }

    /// One whole frame as bytes: type, channel, size, payload, frame end.
    async fn next_frame_raw(&mut self) -> Result<Vec<u8>, BrokerError> {
        loop {
            if self.buffer.len() >= 7 {
                let size = u32::from_be_bytes([
                    self.buffer[3],
                    self.buffer[4],
                    self.buffer[5],
                    self.buffer[6],
                ]) as usize;
                let total = 7 + size + 1;
                if self.buffer.len() >= total {
                    let rest = self.buffer.split_off(total);
                    let frame = std::mem::replace(&mut self.buffer, rest);
                    if frame[total - 1] != 0xCE {
                        return Err(refused("a frame without its frame-end octet".into()));
                    }
                    return Ok(frame);
                }
            }
            let mut chunk = [0u8; 16 * 1024];
            let n = tokio::time::timeout(self.within, self.stream.read(&mut chunk))
                .await
                .map_err(|_| lost("waiting for the broker on the rescue connection"))?
                .map_err(|_| lost("reading on the rescue connection"))?;
            if n == 0 {
                return Err(lost(
                    "reading on the rescue connection (closed by the broker)",
                ));
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

/// A content header frame read leniently: the properties kabar uses, with invalid UTF-8
/// replaced; the field table of headers skipped by its length. The body size is returned
/// as the capacity of an empty `body`.
fn read_content_header(frame: &[u8]) -> Option<RawDelivery> {
    if frame.first() != Some(&2) || frame.len() < 7 + 14 + 1 {
        return None;
    }
    let payload = &frame[7..frame.len() - 1];
    let mut r = Reader(payload);
    let _class = r.u16()?;
    let _weight = r.u16()?;
    let body_size = usize::try_from(r.u64()?).ok()?;
    let flags = r.u16()?;
    let has = |bit: u16| flags & (1 << bit) != 0;
    let mut d = RawDelivery {
        // The body is filled by the caller; its size travels as the capacity (bounded:
        // the broker enforces its own max message size).
        body: Vec::with_capacity(body_size.min(512 << 20)),
        ..RawDelivery::default()
    };
    if has(15) {
        d.content_type = Some(r.short_string()?);
    }
    if has(14) {
        d.content_encoding = Some(r.short_string()?);
    }
    if has(13) {
        let len = r.u32()? as usize;
        let table = r.take(len)?;
        // Parsed with its length prefix, as amq-protocol expects; a table lapin could not
        // read (text that is not UTF-8) is dropped, not guessed at.
        let mut framed = (len as u32).to_be_bytes().to_vec();
        framed.extend_from_slice(table);
        d.headers = amq_protocol::types::parsing::parse_field_table(framed.as_slice())
            .ok()
            .map(|(_, t)| t);
    }
    if has(12) {
        d.delivery_mode = Some(r.take(1)?[0]);
    }
    if has(11) {
        d.priority = Some(r.take(1)?[0]);
    }
    if has(10) {
        d.correlation_id = Some(r.short_string()?);
    }
    if has(9) {
        d.reply_to = Some(r.short_string()?);
    }
    if has(8) {
        d.expiration = Some(r.short_string()?);
    }
    if has(7) {
        d.message_id = Some(r.short_string()?);
    }
    if has(6) {
        d.timestamp = Some(r.u64()?);
    }
    if has(5) {
        d.kind = Some(r.short_string()?);
    }
    if has(4) {
        r.short_string()?; // user id: not kept (see `properties`)
    }
    if has(3) {
        d.app_id = Some(r.short_string()?);
    }
    Some(d)
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
    fn short_string(&mut self) -> Option<String> {
        let len = *self.take(1)?.first()? as usize;
        self.take(len)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A content header frame as the broker sends it, with `message_id` bytes as given.
    fn header_frame(message_id: &[u8], with_headers: bool) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&60u16.to_be_bytes());
        p.extend_from_slice(&0u16.to_be_bytes());
        p.extend_from_slice(&42u64.to_be_bytes());
        let mut flags = (1u16 << 15) | (1 << 12) | (1 << 9) | (1 << 7);
        if with_headers {
            flags |= 1 << 13;
        }
        p.extend_from_slice(&flags.to_be_bytes());
        p.push(16);
        p.extend_from_slice(b"application/json");
        if with_headers {
            // a table with one entry: "k" => short string "v"
            let table = [1u8, b'k', b's', 1, b'v'];
            p.extend_from_slice(&(table.len() as u32).to_be_bytes());
            p.extend_from_slice(&table);
        }
        p.push(2); // delivery mode
        p.push(8);
        p.extend_from_slice(b"amq.gen-");
        p.push(message_id.len() as u8);
        p.extend_from_slice(message_id);
        let mut f = vec![2u8, 0, 1];
        f.extend_from_slice(&(p.len() as u32).to_be_bytes());
        f.extend_from_slice(&p);
        f.push(0xCE);
        f
    }

    #[test]
    fn a_header_lapin_cannot_parse_is_read_with_its_bad_bytes_replaced() {
        let bad = header_frame(b"id-\xff\xfe", true);
        assert!(
            parse_frame(bad.as_slice()).is_err(),
            "amq-protocol refuses it"
        );
        let d = read_content_header(&bad).unwrap();
        assert_eq!(d.message_id.as_deref(), Some("id-\u{fffd}\u{fffd}"));
        assert_eq!(d.content_type.as_deref(), Some("application/json"));
        assert_eq!(d.reply_to.as_deref(), Some("amq.gen-"));
        assert_eq!(d.body.capacity(), 42);
        let headers = d.headers.as_ref().expect("the headers table parses");
        assert!(headers.inner().contains_key("k"));
        assert_eq!(d.delivery_mode, Some(2));
        let props = d.properties();
        assert_eq!(
            props.message_id().as_ref().map(|m| m.as_str()),
            Some("id-\u{fffd}\u{fffd}")
        );
        let good = header_frame(b"id-1", false);
        assert!(parse_frame(good.as_slice()).is_ok());
        assert_eq!(
            read_content_header(&good).unwrap().message_id.as_deref(),
            Some("id-1")
        );
    }

    #[test]
    fn truncated_headers_are_refused_not_read_past() {
        let bad = header_frame(b"abc", true);
        for cut in 8..bad.len() - 4 {
            let mut f = bad[..cut].to_vec();
            f.push(0xCE);
            let _ = read_content_header(&f); // never panics
        }
    }
}
