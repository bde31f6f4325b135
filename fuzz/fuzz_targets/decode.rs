//! Envelope decoding (`kabar::job::decode`) on arbitrary bytes: the first byte picks the
//! content type and encoding a producer might send, the rest is the body. It must never
//! panic, and a decoded job must respect the field limits.
#![no_main]

use kabar::job::{Incoming, MAX_FIELD_BYTES, decode};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 6] =
    [None, Some("application/json"), Some("text/plain; charset=utf-8"), Some("application/vnd.x+json"), Some(""), Some("image/png")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let incoming = Incoming {
        body,
        content_type: CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()],
        content_encoding: if selector & 0x80 != 0 { Some("identity") } else { None },
        message_id: if selector & 0x40 != 0 { Some("fuzz-message-id") } else { None },
        redelivered: false,
    };
    let (id, job) = decode(&incoming, 64 * 1024);
    assert!(!id.is_empty() && id.len() <= MAX_FIELD_BYTES);
    if let Ok(job) = job {
        assert!(!job.article.text.trim().is_empty());
        for field in [&job.article.title, &job.article.url].into_iter().flatten() {
            assert!(field.len() <= MAX_FIELD_BYTES);
        }
    }
});
