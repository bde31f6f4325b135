//! The message contract (DESIGN.md sections 3 and 4): job envelopes in, result documents
//! out, and the error codes with what each means for the delivery.
//!
//! Nothing here knows lapin: a delivery is described by [`Incoming`], built by the broker
//! module, so the whole decode → analyze → encode pipeline (`process`) is a plain function
//! that tests and `kabar analyze` run without a broker.

use crate::analysis::{self, Analysis, Article, Options};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;
use std::panic::AssertUnwindSafe;

/// The `schema` field of every result document.
pub const RESULT_SCHEMA: &str = "kabar.result/1";

/// Longest accepted `id`, `title`, `url` or `language` value in bytes: they end up in
/// routing metadata, logs and indexes, so an outsider must not make them arbitrarily large.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Largest `options.keywords` / `options.summary_sentences` a job may ask for: the counts
/// size the analysis's outputs, so an outsider must not be able to ask for 2^63 of them.
pub const MAX_OPTION_COUNT: usize = 1000;

/// Why a job could not be processed. The code is part of the contract: it appears in the
/// result's `error.code` and in its routing key `failed.<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not a JSON envelope (or too deeply nested).
    InvalidJson,
    /// The body is not UTF-8.
    InvalidUtf8,
    /// No `text`, or an empty one.
    MissingText,
    /// A field has the wrong type or is over its limit ([`MAX_FIELD_BYTES`],
    /// [`MAX_OPTION_COUNT`]), or the content type or encoding is not supported.
    InvalidField,
    /// The body is over `worker.max_body_bytes`, or the result over
    /// `worker.max_result_bytes` even without its optional parts.
    TooLarge,
    /// The analysis panicked or its thread died: a bug in kabar.
    AnalysisFailed,
    /// The analysis took longer than `worker.job_timeout_s`.
    Timeout,
}

impl ErrorCode {
    /// Every code, for documents and tests that must cover them all.
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidUtf8,
        ErrorCode::MissingText,
        ErrorCode::InvalidField,
        ErrorCode::TooLarge,
        ErrorCode::AnalysisFailed,
        ErrorCode::Timeout,
    ];

    /// The code as written in results and routing keys (`invalid_json`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::MissingText => "missing_text",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::AnalysisFailed => "analysis_failed",
            ErrorCode::Timeout => "timeout",
        }
    }

    /// What happens to the original delivery once the error result is confirmed. One place
    /// for the whole mapping: every failure that retrying cannot fix goes to the dead queue.
    pub fn disposition(self) -> Disposition {
        Disposition::DeadLetter
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the worker does with a delivery after its result is confirmed by the broker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Processed: acknowledge.
    Ack,
    /// Cannot be processed: reject without requeue, so the broker dead-letters it.
    DeadLetter,
}

/// A job that failed, with a message for the person reading the result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct JobError {
    /// What kind of failure: the result's `error.code`.
    pub code: ErrorCode,
    /// What went wrong, for a person: the result's `error.message`.
    pub message: String,
}

impl JobError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        JobError {
            code,
            message: message.into(),
        }
    }
}

/// A delivery as the pipeline sees it: body plus the AMQP properties that matter.
#[derive(Debug, Clone, Default)]
pub struct Incoming<'a> {
    /// The message body: a JSON envelope or plain text.
    pub body: &'a [u8],
    /// `application/json` (or `*+json`) for an envelope, `text/plain` for a bare article;
    /// without one, a body that starts with `{` is an envelope.
    pub content_type: Option<&'a str>,
    /// Anything but none or `identity` is refused: kabar does not decompress.
    pub content_encoding: Option<&'a str>,
    /// The job id when the envelope has none.
    pub message_id: Option<&'a str>,
    /// The broker delivered it before: copied into the result's `meta`.
    pub redelivered: bool,
}

/// A decoded job, ready to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The envelope's `id`, else the message id, else a fresh UUID.
    pub id: String,
    /// What to analyse.
    pub article: Article,
    /// The envelope's `options`, checked against [`MAX_OPTION_COUNT`].
    pub options: Options,
}

/// Decodes a delivery into a job. The id is returned even on failure (from the envelope if
/// it got that far, else the message id, else a fresh UUID) so that the error result can
/// carry it.
pub fn decode(incoming: &Incoming<'_>, max_body_bytes: usize) -> (String, Result<Job, JobError>) {
    let fallback_id = || {
        incoming
            .message_id
            .filter(|id| !id.is_empty() && id.len() <= MAX_FIELD_BYTES)
            .map(str::to_owned)
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
    };
    if incoming.body.len() > max_body_bytes {
        let msg = format!(
            "body is {} bytes; the limit is {max_body_bytes} (worker.max_body_bytes)",
            incoming.body.len()
        );
        return (fallback_id(), Err(JobError::new(ErrorCode::TooLarge, msg)));
    }
    if let Some(enc) = incoming
        .content_encoding
        .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
    {
        let msg = format!("content_encoding `{enc}` is not supported; send uncompressed UTF-8");
        return (
            fallback_id(),
            Err(JobError::new(ErrorCode::InvalidField, msg)),
        );
    }
    let text = match std::str::from_utf8(incoming.body) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let msg = format!(
                "body is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            );
            return (
                fallback_id(),
                Err(JobError::new(ErrorCode::InvalidUtf8, msg)),
            );
        }
    };
    let kind = incoming.content_type.map(|c| {
        c.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let is_json = match kind.as_deref() {
        Some("application/json") => true,
        Some(k) if k.ends_with("+json") => true,
        Some("text/plain") => false,
        Some("") | None => text.trim_start().starts_with('{'),
        Some(other) => {
            let msg = format!(
                "content_type `{other}` is not supported; send application/json or text/plain"
            );
            return (
                fallback_id(),
                Err(JobError::new(ErrorCode::InvalidField, msg)),
            );
        }
    };
    if !is_json {
        if is_blank(text) {
            return (
                fallback_id(),
                Err(JobError::new(
                    ErrorCode::MissingText,
                    "the text/plain body is empty",
                )),
            );
        }
        let id = fallback_id();
        let article = Article {
            text: text.to_owned(),
            ..Article::default()
        };
        return (
            id.clone(),
            Ok(Job {
                id,
                article,
                options: Options::default(),
            }),
        );
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return (
                fallback_id(),
                Err(JobError::new(ErrorCode::InvalidJson, e.to_string())),
            );
        }
    };
    let Value::Object(map) = value else {
        return (
            fallback_id(),
            Err(JobError::new(
                ErrorCode::InvalidJson,
                "the envelope must be a JSON object",
            )),
        );
    };
    let id = match map.get("id") {
        None | Some(Value::Null) => fallback_id(),
        Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_FIELD_BYTES => s.clone(),
        // A number is refused rather than converted: JSON numbers past 2^53 are rounded by
        // most parsers (two distinct ids once became the same result id).
        Some(_) => {
            let msg = format!("`id` must be a non-empty string of at most {MAX_FIELD_BYTES} bytes");
            return (
                fallback_id(),
                Err(JobError::new(ErrorCode::InvalidField, msg)),
            );
        }
    };
    let job = envelope(&map).map(|(article, options)| Job {
        id: id.clone(),
        article,
        options,
    });
    (id, job)
}

fn envelope(map: &serde_json::Map<String, Value>) -> Result<(Article, Options), JobError> {
    let text = match map.get("text") {
        None | Some(Value::Null) => {
            return Err(JobError::new(
                ErrorCode::MissingText,
                "the envelope has no `text`",
            ));
        }
        Some(Value::String(s)) if is_blank(s) => {
            return Err(JobError::new(ErrorCode::MissingText, "`text` is empty"));
        }
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(JobError::new(
                ErrorCode::InvalidField,
                format!("`text` must be a string, not {}", kind_of(other)),
            ));
        }
    };
    let published = match optional_string(map, "published_at")? {
        None => None,
        Some(s) => Some(parse_date(&s).ok_or_else(|| {
            JobError::new(
                ErrorCode::InvalidField,
                format!("`published_at` `{s}` is neither an RFC 3339 date-time nor YYYY-MM-DD"),
            )
        })?),
    };
    let language = optional_string(map, "language")?;
    if let Some(l) = &language
        && (!(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return Err(JobError::new(
            ErrorCode::InvalidField,
            format!("`language` `{l}` is not an ISO 639-1 code such as \"id\""),
        ));
    }
    let options = match map.get("options") {
        None | Some(Value::Null) => Options::default(),
        Some(v @ Value::Object(_)) => {
            let options: Options = serde_json::from_value(v.clone())
                .map_err(|e| JobError::new(ErrorCode::InvalidField, format!("`options`: {e}")))?;
            for (key, n) in [
                ("keywords", options.keywords),
                ("summary_sentences", options.summary_sentences),
            ] {
                if n > MAX_OPTION_COUNT {
                    let msg =
                        format!("`options.{key}` is {n}; at most {MAX_OPTION_COUNT} is allowed");
                    return Err(JobError::new(ErrorCode::InvalidField, msg));
                }
            }
            options
        }
        Some(other) => {
            return Err(JobError::new(
                ErrorCode::InvalidField,
                format!("`options` must be an object, not {}", kind_of(other)),
            ));
        }
    };
    let article = Article {
        text,
        title: optional_string(map, "title")?,
        url: optional_string(map, "url")?,
        published,
        language: language.map(|l| l.to_ascii_lowercase()),
    };
    Ok((article, options))
}

fn optional_string(
    map: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<String>, JobError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.len() > MAX_FIELD_BYTES => Err(JobError::new(
            ErrorCode::InvalidField,
            format!("`{key}` is longer than {MAX_FIELD_BYTES} bytes"),
        )),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(JobError::new(
            ErrorCode::InvalidField,
            format!("`{key}` must be a string, not {}", kind_of(other)),
        )),
    }
}

/// True when `s` has nothing to analyse: only whitespace and invisible format characters
/// (zero-width spaces and joiners, word joiner, BOM, soft hyphen), which crawlers leave
/// behind when a page's body failed to extract.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
            )
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses RFC 3339 date-times, the shapes crawlers actually send (no seconds, no offset,
/// a space instead of `T`), and plain `YYYY-MM-DD`; keeps the date as written in its own
/// offset. Only the date matters: it anchors relative expressions ("kemarin").
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // The common date-only shape first: it would otherwise fail seven richer formats.
    if s.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
    {
        return Some(d);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.date_naive());
        }
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.date());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Who produced a result and when: the `meta` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// The kabar version that made the result.
    pub version: &'static str,
    /// `host/pid` of the worker process.
    pub worker: String,
    /// The job was delivered before (a consumer may have seen a result for it already).
    pub redelivered: bool,
    /// When the delivery arrived, RFC 3339 UTC with milliseconds.
    pub received_at: String,
    /// Milliseconds from arrival to the result, to the microsecond.
    pub processing_ms: f64,
}

impl Meta {
    /// `worker` is `host/pid`, so a result can be traced to the process that made it.
    pub fn new(
        worker: &str,
        redelivered: bool,
        received_at: DateTime<Utc>,
        processing_ms: f64,
    ) -> Meta {
        Meta {
            version: env!("CARGO_PKG_VERSION"),
            worker: worker.to_owned(),
            redelivered,
            received_at: received_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            processing_ms: (processing_ms * 1000.0).round() / 1000.0,
        }
    }
}

/// `host/pid` of this process.
pub(crate) fn worker_name() -> String {
    format!(
        "{}/{}",
        gethostname::gethostname().to_string_lossy(),
        std::process::id()
    )
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: ErrorCode,
    message: &'a str,
}

#[derive(Serialize)]
struct ResultDoc<'a> {
    schema: &'static str,
    id: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<&'a Analysis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorBody<'a>>,
    /// Optional parts left out to keep the document under `worker.max_result_bytes`.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    omitted: &'a [&'static str],
    meta: &'a Meta,
}

/// A result's `status`: whether the job was analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Analysed: the document has `analysis`.
    Ok,
    /// Not analysed: the document has `error`.
    Error,
}

impl Status {
    /// The status as written in the document (`ok`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Error => "error",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finished job: the result document to publish and what to do with the delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The job id the document carries.
    pub id: String,
    /// `analyzed.<lang>` or `failed.<code>`.
    pub routing_key: String,
    /// The document's `status`, also its `kabar-status` header.
    pub status: Status,
    /// The error code when the job failed.
    pub error: Option<ErrorCode>,
    /// The error's message ("" when ok): written on the dead copy of a failed job, so that
    /// `kabar dead list` can say why without the error result.
    pub error_message: String,
    /// The result document, serialised JSON.
    pub body: Vec<u8>,
    /// What to do with the delivery once the result is confirmed.
    pub disposition: Disposition,
}

/// Serialises a result document for `analysis`.
pub fn ok_outcome(id: &str, analysis: &Analysis, meta: &Meta) -> Outcome {
    let doc = ResultDoc {
        schema: RESULT_SCHEMA,
        id,
        status: Status::Ok,
        analysis: Some(analysis),
        error: None,
        omitted: &[],
        meta,
    };
    Outcome {
        id: id.to_owned(),
        routing_key: format!("analyzed.{}", routing_word(&analysis.language.code)),
        status: Status::Ok,
        error: None,
        error_message: String::new(),
        body: serde_json::to_vec(&doc).expect("a result document always serialises"),
        disposition: Disposition::Ack,
    }
}

/// [`ok_outcome`], kept under `max_bytes`: a larger document first loses its optional
/// bulk (`tokens`, sentence texts, listed in the result's `omitted`), and one still too large
/// becomes a `too_large` error result. A 1 MiB article with tokens asked for makes a ~37 MB
/// document; a worker holds each result until the broker confirms it, which during a
/// resource alarm is prefetch x that.
pub fn bounded_outcome(id: &str, mut analysis: Analysis, meta: &Meta, max_bytes: usize) -> Outcome {
    let outcome = ok_outcome(id, &analysis, meta);
    if outcome.body.len() <= max_bytes {
        return outcome;
    }
    let full = outcome.body.len();
    let mut omitted = Vec::new();
    if analysis.tokens.take().is_some() {
        omitted.push("tokens");
    }
    if analysis.sentences.iter().any(|s| s.text.is_some()) {
        for s in &mut analysis.sentences {
            s.text = None;
        }
        omitted.push("sentence_text");
    }
    if !omitted.is_empty() {
        let doc = ResultDoc {
            schema: RESULT_SCHEMA,
            id,
            status: Status::Ok,
            analysis: Some(&analysis),
            error: None,
            omitted: &omitted,
            meta,
        };
        let body = serde_json::to_vec(&doc).expect("a result document always serialises");
        if body.len() <= max_bytes {
            return Outcome { body, ..outcome };
        }
    }
    let msg = format!(
        "the result is {full} bytes, over the limit of {max_bytes} (worker.max_result_bytes) even without tokens and sentence texts; split the article or raise the limit"
    );
    error_outcome(id, &JobError::new(ErrorCode::TooLarge, msg), meta)
}

/// Serialises an error result document.
pub fn error_outcome(id: &str, error: &JobError, meta: &Meta) -> Outcome {
    let doc = ResultDoc {
        schema: RESULT_SCHEMA,
        id,
        status: Status::Error,
        analysis: None,
        error: Some(ErrorBody {
            code: error.code,
            message: &error.message,
        }),
        omitted: &[],
        meta,
    };
    Outcome {
        id: id.to_owned(),
        routing_key: format!("failed.{}", error.code),
        status: Status::Error,
        error: Some(error.code),
        error_message: error.message.clone(),
        body: serde_json::to_vec(&doc).expect("a result document always serialises"),
        disposition: error.code.disposition(),
    }
}

/// The result of `worker::Handler::Passthrough` (`kabar bench`), a benchmarking aid: the job was decoded
/// but not analysed, so the document is `{"schema", "id", "status": "ok", "analysis": null,
/// "meta"}` with routing key `passthrough`.
pub fn passthrough_outcome(id: &str, meta: &Meta) -> Outcome {
    #[derive(Serialize)]
    struct PassthroughDoc<'a> {
        schema: &'static str,
        id: &'a str,
        status: Status,
        analysis: Option<&'a Analysis>,
        meta: &'a Meta,
    }
    let doc = PassthroughDoc {
        schema: RESULT_SCHEMA,
        id,
        status: Status::Ok,
        analysis: None,
        meta,
    };
    Outcome {
        id: id.to_owned(),
        routing_key: "passthrough".into(),
        status: Status::Ok,
        error: None,
        error_message: String::new(),
        body: serde_json::to_vec(&doc).expect("a result document always serialises"),
        disposition: Disposition::Ack,
    }
}

/// A language code safe to use as a topic routing-key word.
fn routing_word(code: &str) -> &str {
    if !code.is_empty() && code.len() <= 8 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        code
    } else {
        "und"
    }
}

/// Runs the analysis, turning a panic (a bug) into an `analysis_failed` error instead of
/// a dead worker thread.
pub(crate) fn analyze_job(job: &Job) -> Result<Analysis, JobError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        #[cfg(any(test, feature = "fault-injection"))]
        if job.article.text.contains(PANIC_TRIGGER) {
            panic!("injected panic for tests");
        }
        #[cfg(feature = "fault-injection")]
        if job.article.text.contains(ABORT_TRIGGER) {
            // Not a panic: the whole process dies, as on a segfault or an OOM kill.
            std::process::abort();
        }
        #[cfg(any(test, feature = "fault-injection"))]
        if job.article.text.contains(SLOW_TRIGGER) {
            std::thread::sleep(std::time::Duration::from_secs(5));
        }
        analysis::analyze(&job.article, &job.options)
    }))
    .map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        JobError::new(ErrorCode::AnalysisFailed, format!("the analysis panicked: {what}; this is a bug in kabar, please report it with the job"))
    })
}

/// With the `fault-injection` feature (tests only, never in release builds), an article
/// containing this marker makes the analysis panic, to prove panics are contained.
#[cfg(any(test, feature = "fault-injection"))]
pub const PANIC_TRIGGER: &str = "KABAR-TEST-PANIC-7f3c";

/// With the `fault-injection` feature, an article containing this marker aborts the whole
/// process (no unwinding), every time: the reliability suite proves that the quorum queue's
/// delivery limit parks such a job in the dead queue instead of killing workers forever.
#[cfg(feature = "fault-injection")]
pub const ABORT_TRIGGER: &str = "KABAR-TEST-ABORT-51b8";

/// With the `fault-injection` feature, an article containing this marker takes 5 s to
/// analyse, to prove `worker.job_timeout_s` works.
#[cfg(any(test, feature = "fault-injection"))]
pub const SLOW_TRIGGER: &str = "KABAR-TEST-SLOW-9d2e";

/// The bounds a producer cannot push past: `worker.max_body_bytes` and
/// `worker.max_result_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub max_body_bytes: usize,
    pub max_result_bytes: usize,
}

/// The whole pipeline for one delivery: decode, analyze, encode. The one path from a
/// delivery to its outcome: the worker runs it on its analysis threads (adding a time
/// limit around it) and `kabar analyze` runs it in-process. `on_id` hears the job's id as
/// soon as it is decoded, so that a caller whose analysis times out or crashes can still
/// report the id in the error result. `started` is when the delivery arrived: the result's
/// `processing_ms` counts from there.
pub(crate) fn process(
    incoming: &Incoming<'_>,
    limits: Limits,
    worker: &str,
    received_at: DateTime<Utc>,
    started: std::time::Instant,
    on_id: impl FnOnce(&str),
) -> Outcome {
    let meta = || {
        Meta::new(
            worker,
            incoming.redelivered,
            received_at,
            started.elapsed().as_secs_f64() * 1e3,
        )
    };
    let (id, decoded) = decode(incoming, limits.max_body_bytes);
    let job = match decoded {
        Ok(job) => job,
        Err(e) => return error_outcome(&id, &e, &meta()),
    };
    on_id(&id);
    match analyze_job(&job) {
        Ok(analysis) => bounded_outcome(&id, analysis, &meta(), limits.max_result_bytes),
        Err(e) => error_outcome(&id, &e, &meta()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(body: &str) -> (String, Result<Job, JobError>) {
        decode(
            &Incoming {
                body: body.as_bytes(),
                content_type: Some("application/json"),
                ..Default::default()
            },
            1 << 20,
        )
    }

    fn code(r: &(String, Result<Job, JobError>)) -> Option<ErrorCode> {
        r.1.as_ref().err().map(|e| e.code)
    }

    #[test]
    fn a_full_envelope_decodes() {
        let (id, job) = json(
            r#"{"id":"a1","text":"Halo dunia.","title":"T","url":"https://x.test/a","published_at":"2020-09-28T10:00:00+07:00","language":"ID","options":{"tokens":true},"extra":1}"#,
        );
        let job = job.unwrap();
        assert_eq!(id, "a1");
        assert_eq!(job.article.published, NaiveDate::from_ymd_opt(2020, 9, 28));
        assert_eq!(job.article.language.as_deref(), Some("id"));
        assert!(job.options.tokens);
        assert_eq!(
            job.options.summary_sentences,
            Options::default().summary_sentences
        );
    }

    #[test]
    fn ids_come_from_envelope_then_message_id_then_uuid() {
        let body = br#"{"text":"x"}"#;
        let with_mid = Incoming {
            body,
            message_id: Some("m-9"),
            ..Default::default()
        };
        assert_eq!(decode(&with_mid, 1024).0, "m-9");
        let (id, _) = decode(
            &Incoming {
                body,
                ..Default::default()
            },
            1024,
        );
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
        let (id, _) = decode(
            &Incoming {
                body: br#"{"id":"e","text":"x"}"#,
                message_id: Some("m"),
                ..Default::default()
            },
            1024,
        );
        assert_eq!(id, "e");
    }

    #[test]
    fn content_type_decides_and_sniffing_fills_in() {
        let plain = Incoming {
            body: b"{not json but text}",
            content_type: Some("text/plain; charset=utf-8"),
            ..Default::default()
        };
        assert_eq!(
            decode(&plain, 1024).1.unwrap().article.text,
            "{not json but text}"
        );
        let sniffed = Incoming {
            body: b"  {\"text\":\"x\"}",
            ..Default::default()
        };
        assert_eq!(decode(&sniffed, 1024).1.unwrap().article.text, "x");
        let bare = Incoming {
            body: b"Just an article.",
            ..Default::default()
        };
        assert_eq!(
            decode(&bare, 1024).1.unwrap().article.text,
            "Just an article."
        );
        let bom = Incoming {
            body: "\u{feff}{\"text\":\"y\"}".as_bytes(),
            ..Default::default()
        };
        assert_eq!(decode(&bom, 1024).1.unwrap().article.text, "y");
    }

    #[test]
    fn every_input_error_code_is_reachable() {
        assert_eq!(code(&json("{\"text\": ")), Some(ErrorCode::InvalidJson));
        assert_eq!(code(&json("[1,2]")), Some(ErrorCode::InvalidJson));
        assert_eq!(code(&json("{}")), Some(ErrorCode::MissingText));
        assert_eq!(
            code(&json(r#"{"text":null}"#)),
            Some(ErrorCode::MissingText)
        );
        assert_eq!(
            code(&json(r#"{"text":"  "}"#)),
            Some(ErrorCode::MissingText)
        );
        assert_eq!(code(&json(r#"{"text":5}"#)), Some(ErrorCode::InvalidField));
        assert_eq!(
            code(&json(r#"{"text":["a"]}"#)),
            Some(ErrorCode::InvalidField)
        );
        assert_eq!(
            code(&json(r#"{"text":"a","published_at":"yesterday"}"#)),
            Some(ErrorCode::InvalidField)
        );
        assert_eq!(
            code(&json(r#"{"text":"a","options":{"tokens":"yes"}}"#)),
            Some(ErrorCode::InvalidField)
        );
        assert_eq!(
            code(&json(r#"{"text":"a","language":"indonesian"}"#)),
            Some(ErrorCode::InvalidField)
        );
        assert_eq!(
            code(&json(r#"{"text":"a","id":{}}"#)),
            Some(ErrorCode::InvalidField)
        );
        let bad = decode(
            &Incoming {
                body: b"\xff\xfe{",
                ..Default::default()
            },
            1024,
        );
        assert_eq!(code(&bad), Some(ErrorCode::InvalidUtf8));
        let big = decode(
            &Incoming {
                body: &[b'a'; 2000],
                ..Default::default()
            },
            1000,
        );
        assert_eq!(code(&big), Some(ErrorCode::TooLarge));
        let gz = decode(
            &Incoming {
                body: b"x",
                content_encoding: Some("gzip"),
                ..Default::default()
            },
            1000,
        );
        assert_eq!(code(&gz), Some(ErrorCode::InvalidField));
        let png = decode(
            &Incoming {
                body: b"x",
                content_type: Some("image/png"),
                ..Default::default()
            },
            1000,
        );
        assert_eq!(code(&png), Some(ErrorCode::InvalidField));
        let empty = decode(
            &Incoming {
                body: b"",
                ..Default::default()
            },
            1000,
        );
        assert_eq!(code(&empty), Some(ErrorCode::MissingText));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            "{{\"text\":\"a\",\"x\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(code(&json(&deep)), Some(ErrorCode::InvalidJson));
    }

    #[test]
    fn dates_in_the_shapes_crawlers_send() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 18);
        assert_eq!(parse_date("2025-06-18T14:05+07:00"), d);
        assert_eq!(parse_date("2025-06-18T14:05:00Z"), d);
        assert_eq!(parse_date("2025-06-18"), d);
        assert_eq!(parse_date("2025-06-18T14:05"), d);
        assert_eq!(parse_date("2025-06-18 14:05:09"), d);
        assert_eq!(parse_date("18/06/2025"), None);
    }

    const LIMITS: Limits = Limits {
        max_body_bytes: 1 << 20,
        max_result_bytes: 4 << 20,
    };

    #[test]
    fn results_carry_the_contract_fields() {
        let out = process(
            &Incoming {
                body:
                    br#"{"id":"r1","text":"Ini adalah berita yang sangat penting dari Jakarta."}"#,
                ..Default::default()
            },
            LIMITS,
            "h/1",
            Utc::now(),
            std::time::Instant::now(),
            |_| {},
        );
        assert_eq!(out.status, Status::Ok);
        assert_eq!(out.disposition, Disposition::Ack);
        assert_eq!(out.routing_key, "analyzed.id");
        let v: Value = serde_json::from_slice(&out.body).unwrap();
        assert_eq!(v["schema"], RESULT_SCHEMA);
        assert_eq!(v["id"], "r1");
        assert_eq!(v["meta"]["worker"], "h/1");
        assert!(v["analysis"]["sentences"].is_array());
        let bad = process(
            &Incoming {
                body: b"{\"id\":\"r2\"}",
                ..Default::default()
            },
            LIMITS,
            "h/1",
            Utc::now(),
            std::time::Instant::now(),
            |_| {},
        );
        assert_eq!(
            (bad.status, bad.routing_key.as_str(), bad.disposition),
            (
                Status::Error,
                "failed.missing_text",
                Disposition::DeadLetter
            )
        );
        let v: Value = serde_json::from_slice(&bad.body).unwrap();
        assert_eq!(v["error"]["code"], "missing_text");
        assert_eq!(v["id"], "r2");
    }

    #[test]
    fn a_panic_in_the_analysis_becomes_analysis_failed() {
        let body = format!("{{\"text\":\"{PANIC_TRIGGER}\"}}");
        let out = process(
            &Incoming {
                body: body.as_bytes(),
                ..Default::default()
            },
            LIMITS,
            "h/1",
            Utc::now(),
            std::time::Instant::now(),
            |_| {},
        );
        assert_eq!(out.error, Some(ErrorCode::AnalysisFailed));
    }
}
