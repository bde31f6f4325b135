//! Limits on everything an outsider controls, one test each, at the boundary: the body
//! size (through a real worker and broker), JSON nesting depth, the length of each string
//! field, the message id, and the counts a job may ask for in `options`.

use crate::common::*;
use kabar::job::{ErrorCode, Incoming, MAX_FIELD_BYTES, MAX_OPTION_COUNT, decode};

fn json_code(body: &str) -> Option<ErrorCode> {
    let incoming = Incoming {
        body: body.as_bytes(),
        content_type: Some("application/json"),
        ..Default::default()
    };
    decode(&incoming, 1 << 20).1.err().map(|e| e.code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_size_limit_holds_at_the_byte_through_the_worker() {
    let mut scope = Scope::new("limitbody");
    scope.settings.worker.max_body_bytes = 1000;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let fits = format!("{:<1000}", article(1));
    let over = format!("{:<1001}", article(1));
    client
        .publish(
            fits.as_bytes(),
            JobProps {
                message_id: Some("fits"),
                content_type: Some("text/plain"),
                ..Default::default()
            },
        )
        .await;
    client
        .publish(
            over.as_bytes(),
            JobProps {
                message_id: Some("over"),
                content_type: Some("text/plain"),
                ..Default::default()
            },
        )
        .await;
    let mut results = client.take(&scope.settings.amqp.results_queue, 2).await;
    results.sort_by_key(|r| r.message_id());
    assert_eq!(results[0].message_id().as_deref(), Some("fits"));
    assert_eq!(results[0].json()["status"], "ok");
    assert_eq!(results[1].routing_key, "failed.too_large");
    assert!(
        results[1].json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1001 bytes; the limit is 1000")
    );
    client.wait_depth(&scope.settings.amqp.dead_queue, 1).await;
    worker.stop().await.unwrap();
}

#[test]
fn json_nesting_deeper_than_serde_json_s_limit_is_invalid_json() {
    let nested = |depth: usize| {
        format!(
            "{{\"text\":\"a\",\"x\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    assert_eq!(json_code(&nested(100)), None, "ordinary nesting is fine");
    assert_eq!(json_code(&nested(200)), Some(ErrorCode::InvalidJson));
    assert_eq!(
        json_code(&nested(400_000)),
        Some(ErrorCode::InvalidJson),
        "no stack overflow"
    );
}

#[test]
fn each_string_field_is_limited_to_max_field_bytes() {
    let at = "a".repeat(MAX_FIELD_BYTES);
    let over = "a".repeat(MAX_FIELD_BYTES + 1);
    for field in ["id", "title", "url"] {
        let ok = serde_json::json!({"text": "Teks.", field: at}).to_string();
        assert_eq!(json_code(&ok), None, "{field} at the limit");
        let bad = serde_json::json!({"text": "Teks.", field: over}).to_string();
        assert_eq!(
            json_code(&bad),
            Some(ErrorCode::InvalidField),
            "{field} over the limit"
        );
    }
    let date = serde_json::json!({"text": "Teks.", "published_at": format!("2020-01-01{over}")})
        .to_string();
    assert_eq!(json_code(&date), Some(ErrorCode::InvalidField));
    let lang = serde_json::json!({"text": "Teks.", "language": "abcd"}).to_string();
    assert_eq!(json_code(&lang), Some(ErrorCode::InvalidField));
}

#[test]
fn an_overlong_message_id_is_not_used_as_the_job_id() {
    let long = "m".repeat(MAX_FIELD_BYTES + 1);
    let (id, job) = decode(
        &Incoming {
            body: b"Teks.",
            message_id: Some(&long),
            ..Default::default()
        },
        1 << 20,
    );
    assert!(job.is_ok());
    assert_eq!(id.len(), 36, "a fresh UUID instead: {id:.40}");
}

#[test]
fn option_counts_are_bounded() {
    for key in ["keywords", "summary_sentences"] {
        let ok =
            serde_json::json!({"text": "Teks.", "options": {key: MAX_OPTION_COUNT}}).to_string();
        assert_eq!(json_code(&ok), None, "{key} at the limit");
        let bad = serde_json::json!({"text": "Teks.", "options": {key: u64::MAX}}).to_string();
        assert_eq!(
            json_code(&bad),
            Some(ErrorCode::InvalidField),
            "{key} = 2^64-1"
        );
    }
}
