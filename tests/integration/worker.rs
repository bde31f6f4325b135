//! The worker in-process against the real broker: the message contract end to end.

use crate::common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_and_text_jobs_round_trip_with_ids_routing_and_headers() {
    let scope = Scope::new("roundtrip");
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;

    let envelope = serde_json::json!({"id": "job-1", "text": article(1), "published_at": "2020-09-29", "future_field": [1]});
    client
        .publish(
            envelope.to_string().as_bytes(),
            JobProps {
                content_type: Some("application/json"),
                correlation_id: Some("corr-1"),
                ..Default::default()
            },
        )
        .await;
    client
        .publish(
            article(2).as_bytes(),
            JobProps {
                content_type: Some("text/plain"),
                message_id: Some("plain-2"),
                ..Default::default()
            },
        )
        .await;

    let mut results = client.take(&scope.settings.amqp.results_queue, 2).await;
    results.sort_by_key(|r| r.message_id());
    let (json_result, text_result) = (&results[0], &results[1]);

    assert_eq!(json_result.routing_key, "analyzed.id");
    assert_eq!(json_result.message_id().as_deref(), Some("job-1"));
    assert_eq!(json_result.correlation_id().as_deref(), Some("corr-1"));
    assert_eq!(json_result.header("kabar-status").as_deref(), Some("ok"));
    assert_eq!(
        json_result
            .props
            .content_type()
            .as_ref()
            .map(|s| s.as_str()),
        Some("application/json")
    );
    assert_eq!(json_result.props.delivery_mode(), &Some(2));
    let doc = json_result.json();
    assert_eq!(doc["schema"], "kabar.result/1");
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["meta"]["redelivered"], false);
    assert!(doc["meta"]["worker"].as_str().unwrap().contains('/'));
    assert!(doc["analysis"]["sentences"].as_array().unwrap().len() >= 3);

    assert_eq!(text_result.message_id().as_deref(), Some("plain-2"));
    assert_eq!(
        text_result.correlation_id().as_deref(),
        Some("plain-2"),
        "correlation id falls back to the job id"
    );
    assert_eq!(text_result.json()["id"], "plain-2");

    assert_eq!(
        client.depth(&scope.settings.amqp.jobs_queue).await,
        0,
        "both jobs acked"
    );
    assert_eq!(client.depth(&scope.settings.amqp.dead_queue).await, 0);
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_to_gets_the_result_too() {
    let scope = Scope::new("replyto");
    scope.declare().await;
    let client = scope.client().await;
    let (reply_queue, mut replies) = client.reply_queue().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;

    let body = serde_json::json!({"id": "rpc-1", "text": article(3)}).to_string();
    client
        .publish(
            body.as_bytes(),
            JobProps {
                reply_to: Some(&reply_queue),
                correlation_id: Some("c-77"),
                ..Default::default()
            },
        )
        .await;

    let reply = next_message(&mut replies).await;
    assert_eq!(reply.correlation_id().as_deref(), Some("c-77"));
    assert_eq!(reply.json()["id"], "rpc-1");
    assert_eq!(reply.json()["status"], "ok");
    let on_exchange = client.take(&scope.settings.amqp.results_queue, 1).await;
    assert_eq!(
        on_exchange[0].json()["id"],
        "rpc-1",
        "the result also goes to the results exchange"
    );
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_code_gives_an_error_result_and_a_dead_letter_while_the_worker_keeps_going() {
    let mut scope = Scope::new("errors");
    scope.settings.worker.max_body_bytes = 64 * 1024;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;

    let big = vec![b'a'; 64 * 1024 + 1];
    let panic = serde_json::json!({"text": kabar::job::PANIC_TRIGGER}).to_string();
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        (
            "invalid_json",
            b"{\"text\": \"unterminated".to_vec(),
            Some("application/json"),
        ),
        (
            "invalid_utf8",
            b"\xc3\x28 bukan utf-8".to_vec(),
            Some("text/plain"),
        ),
        (
            "missing_text",
            b"{\"title\":\"tanpa teks\"}".to_vec(),
            Some("application/json"),
        ),
        (
            "invalid_field",
            b"{\"text\": 42}".to_vec(),
            Some("application/json"),
        ),
        ("too_large", big, Some("text/plain")),
        (
            "analysis_failed",
            panic.into_bytes(),
            Some("application/json"),
        ),
    ];
    for (code, body, ct) in &cases {
        client
            .publish(
                body,
                JobProps {
                    content_type: *ct,
                    message_id: Some(code),
                    ..Default::default()
                },
            )
            .await;
    }
    let results = client
        .take(&scope.settings.amqp.results_queue, cases.len())
        .await;
    for (code, _, _) in &cases {
        let r = results
            .iter()
            .find(|r| r.message_id().as_deref() == Some(*code))
            .unwrap_or_else(|| panic!("no result for {code}"));
        assert_eq!(r.routing_key, format!("failed.{code}"));
        assert_eq!(r.header("kabar-status").as_deref(), Some("error"));
        let doc = r.json();
        assert_eq!(doc["status"], "error");
        assert_eq!(doc["error"]["code"], *code);
        assert!(!doc["error"]["message"].as_str().unwrap().is_empty());
    }
    let dead = client
        .take(&scope.settings.amqp.dead_queue, cases.len())
        .await;
    let mut dead_ids: Vec<_> = dead.iter().filter_map(|d| d.message_id()).collect();
    dead_ids.sort();
    let mut expected: Vec<_> = cases.iter().map(|c| c.0.to_string()).collect();
    expected.sort();
    assert_eq!(dead_ids, expected, "each original lands in the dead queue");
    // Each copy says why: the code of its error result (each job's message_id is its code).
    for d in &dead {
        let id = d.message_id().unwrap();
        assert_eq!(d.header("kabar-error").as_deref(), Some(id.as_str()));
        assert_eq!(d.header("kabar-dead-reason").as_deref(), Some("rejected"));
        assert!(
            d.header("kabar-error-message")
                .is_some_and(|m| !m.is_empty())
        );
    }

    assert!(worker.is_running());
    client
        .publish(
            article(9).as_bytes(),
            JobProps {
                message_id: Some("after"),
                ..Default::default()
            },
        )
        .await;
    let after = client.take(&scope.settings.amqp.results_queue, 1).await;
    assert_eq!(
        after[0].json()["status"],
        "ok",
        "the worker still processes good jobs"
    );
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_slower_than_the_job_timeout_fails_with_timeout() {
    let mut scope = Scope::new("timeout");
    scope.settings.worker.job_timeout_s = 1;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    // The marker stalls the analysis for 5 s, far past the 1 s limit.
    let slow = serde_json::json!({"id": "slow", "text": kabar::job::SLOW_TRIGGER}).to_string();
    client.publish(slow.as_bytes(), JobProps::default()).await;
    let r = &client.take(&scope.settings.amqp.results_queue, 1).await[0];
    assert_eq!(r.routing_key, "failed.timeout");
    assert_eq!(r.json()["error"]["code"], "timeout");
    let dead = client.take(&scope.settings.amqp.dead_queue, 1).await;
    assert_eq!(dead[0].json()["id"], "slow");
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_waiting_behind_a_slow_one_is_not_timed_out() {
    // One analysis thread: the second job waits, ready, while the first stalls for 5 s,
    // past the 3 s limit. Only the stalled job's own time counts against it; the second,
    // a short article, then has the whole limit (a debug build on a loaded machine
    // analyses it in well under a second).
    let mut scope = Scope::new("queued-timeout");
    scope.settings.worker.job_timeout_s = 3;
    scope.settings.worker.concurrency = 1;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let slow = serde_json::json!({"id": "slow", "text": kabar::job::SLOW_TRIGGER}).to_string();
    let next = serde_json::json!({"id": "next", "text": article(1)}).to_string();
    client.publish(slow.as_bytes(), JobProps::default()).await;
    client.publish(next.as_bytes(), JobProps::default()).await;
    let results = client.take(&scope.settings.amqp.results_queue, 2).await;
    let seen: Vec<(String, String)> = results
        .iter()
        .map(|r| (r.json()["id"].to_string(), r.routing_key.clone()))
        .collect();
    let key = |id: &str| {
        seen.iter()
            .find(|(i, _)| i.trim_matches('"') == id)
            .map(|(_, k)| k.as_str())
    };
    assert_eq!(key("slow"), Some("failed.timeout"), "results: {seen:?}");
    assert_eq!(key("next"), Some("analyzed.id"), "results: {seen:?}");
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_connection_is_recovered_without_losing_jobs() {
    let scope = Scope::new("reconnect");
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let first = client.publish_many("before", 50).await;
    client
        .wait_depth(&scope.settings.amqp.results_queue, 10)
        .await;

    // Close only this worker's connection (its name carries the test's queue).
    let name = scope.settings.amqp.jobs_queue.clone();
    let closed = close_connections_named(&name);
    assert!(closed >= 1, "found no connection named after {name}");

    let second = client.publish_many("after", 50).await;
    let all: Vec<String> = first.iter().chain(&second).cloned().collect();
    // Every id must come back at least once; jobs in flight at the cut may come twice.
    let seen = client
        .collect_ids(&scope.settings.amqp.results_queue, &all)
        .await;
    assert!(all.iter().all(|id| seen.contains_key(id)));
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !worker.metrics.is_ready() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(worker.metrics.is_ready(), "ready again after reconnecting");
    assert!(worker.metrics.reconnects.get() >= 1);
    worker.stop().await.unwrap();
}

/// Closes the broker connections whose client-provided name contains `needle`.
fn close_connections_named(needle: &str) -> usize {
    let out = std::process::Command::new("rabbitmqctl")
        .args([
            "list_connections",
            "--quiet",
            "--no-table-headers",
            "pid",
            "client_properties",
        ])
        .output()
        .expect("rabbitmqctl must be on PATH for this test");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut n = 0;
    for line in text.lines().filter(|l| l.contains(needle)) {
        let pid = line.split_whitespace().next().unwrap();
        let status = std::process::Command::new("rabbitmqctl")
            .args(["close_connection", pid, "test: simulated loss"])
            .status()
            .unwrap();
        assert!(status.success());
        n += 1;
    }
    n
}

/// The error a worker with `settings` fails with at start (it is never told to stop: one
/// that starts would run on).
async fn start_error(settings: &kabar::Settings) -> String {
    kabar::run_worker(settings.clone(), std::future::pending())
        .await
        .unwrap_err()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passive_mode_fails_clearly_when_the_topology_is_missing() {
    let mut scope = Scope::new("passive");
    scope.settings.amqp.passive = true;
    let err = start_error(&scope.settings).await;
    assert!(
        err.contains("NOT_FOUND") && err.contains("kabar-test.passive."),
        "names the missing object: {err}"
    );
    assert!(err.contains("passive"), "{err}");
    scope.settings.amqp.passive = false;
    scope.declare().await;
    scope.settings.amqp.passive = true;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passive_mode_refuses_a_jobs_queue_without_its_dead_letter_arguments() {
    let mut scope = Scope::new("passiveargs");
    scope.declare().await;
    // The jobs queue re-made by hand without kabar's arguments (no dead-letter exchange,
    // no delivery limit): before, a passive worker ran on it and jobs past the delivery
    // limit were dropped.
    let client = scope.client().await;
    let jobs = scope.settings.amqp.jobs_queue.clone();
    client
        .channel
        .queue_delete(jobs.as_str().into(), Default::default())
        .await
        .unwrap();
    let mut args = lapin::types::FieldTable::default();
    args.insert(
        "x-queue-type".into(),
        lapin::types::AMQPValue::LongString("quorum".into()),
    );
    client
        .channel
        .queue_declare(
            jobs.as_str().into(),
            lapin::options::QueueDeclareOptions {
                durable: true,
                ..Default::default()
            },
            args,
        )
        .await
        .unwrap();
    scope.settings.amqp.passive = true;
    let err = start_error(&scope.settings).await;
    assert!(
        err.contains("PRECONDITION_FAILED") && err.contains(&jobs),
        "names the queue and the mismatch: {err}"
    );
    assert!(
        err.contains("x-dead-letter-exchange")
            || err.contains("x-delivery-limit")
            || err.contains("x-overflow"),
        "{err}"
    );
}
