//! What real producers send and operators do (issue "What real producers send"): long URL
//! ids, odd values, reply_to into other queues, a dead queue listed many times, a results
//! queue that fills up. Each test here failed before its fix.

use crate::common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_with_300_byte_url_ids_get_results_and_the_worker_keeps_going() {
    let scope = Scope::new("longid");
    scope.declare().await;
    let client = scope.client().await;
    // More jobs than the prefetch: if a long id wedged a delivery, the worker would stall
    // with its prefetch full of unsettled jobs.
    let mut scope_settings = scope.settings.clone();
    scope_settings.amqp.prefetch = 8;
    let worker = InProcessWorker::start(scope_settings).ready().await;
    let ids: Vec<String> = (0..40)
        .map(|i| format!("https://news.example.com/{i}/{}", "segment/".repeat(35)))
        .collect();
    assert!(ids.iter().all(|id| id.len() > 255));
    for (i, id) in ids.iter().enumerate() {
        let body = serde_json::json!({"id": id, "text": article(i)}).to_string();
        client.publish(body.as_bytes(), JobProps::default()).await;
    }
    let results = client
        .take(&scope.settings.amqp.results_queue, ids.len())
        .await;
    let seen = ids_of(&results);
    for id in &ids {
        assert_eq!(seen.get(id), Some(&1), "one result with the full id");
    }
    for r in &results {
        let mid = r.message_id().expect("a message_id");
        assert!(mid.starts_with("sha256:") && mid.len() == 71, "{mid}");
        assert_eq!(r.header("kabar-id").as_deref(), r.json()["id"].as_str());
        assert_eq!(r.json()["status"], "ok");
    }
    client.wait_depth(&scope.settings.amqp.jobs_queue, 0).await;
    assert_eq!(client.depth(&scope.settings.amqp.dead_queue).await, 0);
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numeric_ids_and_invisible_text_are_refused_with_their_own_codes() {
    let scope = Scope::new("oddvalues");
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    // Two ids that a float would make equal.
    for id in ["12345678901234567890123", "12345678901234567890124"] {
        let body = format!(r#"{{"id": {id}, "text": "Teks berita."}}"#);
        client.publish(body.as_bytes(), JobProps::default()).await;
    }
    let body = serde_json::json!({"id": "zw", "text": "\u{200b}\u{200c} \u{feff}\u{2060}"});
    client
        .publish(body.to_string().as_bytes(), JobProps::default())
        .await;
    let results = client.take(&scope.settings.amqp.results_queue, 3).await;
    let mut codes: Vec<String> = results
        .iter()
        .map(|r| {
            r.json()["error"]["code"]
                .as_str()
                .unwrap_or("ok")
                .to_string()
        })
        .collect();
    codes.sort();
    assert_eq!(codes, ["invalid_field", "invalid_field", "missing_text"]);
    let zw = results.iter().find(|r| r.json()["id"] == "zw").unwrap();
    assert_eq!(zw.routing_key, "failed.missing_text");
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_to_reaches_reply_queues_but_never_other_queues_of_the_vhost() {
    let scope = Scope::new("replyto");
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;

    // A server-named queue (amq.gen-...), as RPC clients make: allowed.
    let (reply_queue, mut replies) = client.reply_queue().await;
    let ok = serde_json::json!({"id": "rpc-1", "text": article(1)}).to_string();
    client
        .publish(
            ok.as_bytes(),
            JobProps {
                reply_to: Some(&reply_queue),
                ..Default::default()
            },
        )
        .await;
    let reply = next_message(&mut replies).await;
    assert_eq!(reply.json()["id"], "rpc-1");

    // The dead queue of the same vhost: a producer must not be able to write there.
    let dead = scope.settings.amqp.dead_queue.clone();
    let evil = serde_json::json!({"id": "evil-1", "text": article(2)}).to_string();
    client
        .publish(
            evil.as_bytes(),
            JobProps {
                reply_to: Some(&dead),
                ..Default::default()
            },
        )
        .await;
    // Both results are on the results queue; nothing was written into the dead queue.
    let results = client.take(&scope.settings.amqp.results_queue, 2).await;
    assert_eq!(ids_of(&results).len(), 2);
    client.wait_depth(&scope.settings.amqp.jobs_queue, 0).await;
    assert_eq!(
        client.depth(&dead).await,
        0,
        "a reply was written into the dead queue"
    );
    assert_eq!(worker.metrics.replies_refused.get(), 1);
    worker.stop().await.unwrap();
}

/// Runs `rabbitmqctl ARGS` on the local broker, failing the test when it fails.
fn ctl(args: &[&str]) {
    let out = std::process::Command::new("rabbitmqctl")
        .args(args)
        .output()
        .expect("rabbitmqctl must be on PATH for this test");
    assert!(
        out.status.success(),
        "rabbitmqctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_the_dead_queue_25_times_changes_nothing() {
    let scope = Scope::new("deadlist");
    scope.declare().await;
    let client = scope.client().await;
    let a = scope.settings.amqp.clone();
    // RabbitMQ 4 gives every quorum queue a delivery limit of 20; 3.10 (this machine) has
    // none by default, so the test sets what 4.x would.
    let policy = format!("kabar-test-dl-{}", &a.dead_queue[a.dead_queue.len() - 14..]);
    let pattern = format!("^{}$", regex::escape(&a.dead_queue));
    ctl(&[
        "set_policy",
        "--apply-to",
        "queues",
        &policy,
        &pattern,
        r#"{"delivery-limit":20}"#,
    ]);
    for i in 0..5 {
        let body = serde_json::json!({"id": format!("dead-{i}"), "text": "x"}).to_string();
        let confirm = client
            .channel
            .basic_publish(
                a.dead_exchange.as_str().into(),
                "".into(),
                lapin::options::BasicPublishOptions::default(),
                body.as_bytes(),
                lapin::BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        assert!(confirm.is_ack());
    }
    client.wait_depth(&a.dead_queue, 5).await;
    for round in 0..25 {
        let listed = kabar::list_dead(&a, 100).await.expect("listing");
        assert_eq!(listed.len(), 5, "listing {round} saw {} jobs", listed.len());
    }
    let left = client.depth(&a.dead_queue).await;
    ctl(&["clear_policy", &policy]);
    assert_eq!(left, 5, "listing the dead queue removed jobs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_results_queue_holds_jobs_and_dead_letters_none() {
    let mut scope = Scope::new("resultsfull");
    scope.settings.amqp.results_max_length = 3;
    scope.settings.amqp.delivery_limit = 2;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    // Many more jobs than the bound: a quorum queue applies its length limit to what it
    // has already enqueued, so a fast burst of results can overshoot it; the ones after
    // are refused and held.
    let ids = client.publish_many("full", 80).await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while worker.metrics.results_held.get() < 1 {
        assert!(tokio::time::Instant::now() < deadline, "no result was held");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Long enough for the old requeue-after-1-s to spend a delivery limit of 2.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        client.depth(&scope.settings.amqp.dead_queue).await,
        0,
        "a full results queue must not dead-letter jobs"
    );
    assert!(worker.metrics.results_refused.get() >= 1);
    // Reading the results makes room; every job gets its result.
    let seen = client
        .collect_ids(&scope.settings.amqp.results_queue, &ids)
        .await;
    assert_eq!(seen.len(), ids.len());
    client.wait_depth(&scope.settings.amqp.jobs_queue, 0).await;
    assert_eq!(client.depth(&scope.settings.amqp.dead_queue).await, 0);
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_result_drops_its_optional_bulk_and_says_so() {
    let mut scope = Scope::new("bigresult");
    scope.settings.amqp.prefetch = 4;
    scope.settings.worker.max_result_bytes = 256 * 1024;
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let text: String = (0..300).map(article).collect::<Vec<_>>().join("\n");
    let body = serde_json::json!({"id": "big", "text": text,
        "options": {"tokens": true, "sentence_text": true}});
    client
        .publish(body.to_string().as_bytes(), JobProps::default())
        .await;
    let r = client.take(&scope.settings.amqp.results_queue, 1).await;
    assert!(r[0].body.len() <= 256 * 1024, "{} bytes", r[0].body.len());
    let doc = r[0].json();
    assert_eq!(doc["status"], "ok");
    assert_eq!(
        doc["omitted"],
        serde_json::json!(["tokens", "sentence_text"])
    );
    assert!(doc["analysis"].get("tokens").is_none());
    assert!(doc["analysis"]["sentences"][0].get("text").is_none());
    worker.stop().await.unwrap();
}

/// One message whose `message_id` is not UTF-8 among 300 good jobs: RabbitMQ accepts it,
/// lapin drops the connection on it. It must get its result, and no good job may be
/// dead-lettered (quorum: their delivery counts) or stuck (classic: no delivery limit, so
/// before the rescue path the worker looped for ever).
async fn one_unparsable_message_among_300(queue_type: &str) {
    let mut scope = Scope::new(&format!("badprop-{queue_type}"));
    scope.settings.amqp.queue_type = match queue_type {
        "quorum" => kabar::QueueType::Quorum,
        _ => kabar::QueueType::Classic,
    };
    scope.declare().await;
    let client = scope.client().await;
    let mut ids = client.publish_many("good-a", 150).await;
    let bad = serde_json::json!({"id": "bad-props", "text": article(7)}).to_string();
    publish_with_invalid_message_id(&scope.settings, bad.as_bytes()).await;
    ids.extend(client.publish_many("good-b", 150).await);
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    ids.push("bad-props".into());
    let seen = client
        .collect_ids(&scope.settings.amqp.results_queue, &ids)
        .await;
    assert!(ids.iter().all(|id| seen.contains_key(id)));
    client.wait_depth(&scope.settings.amqp.jobs_queue, 0).await;
    assert_eq!(
        client.depth(&scope.settings.amqp.dead_queue).await,
        0,
        "no job may be dead-lettered"
    );
    assert!(worker.metrics.rescued.get() >= 1, "the rescue path took it");
    assert!(worker.is_running());
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_id_that_is_not_utf8_gets_a_result_and_spares_its_neighbours_quorum() {
    one_unparsable_message_among_300("quorum").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_id_that_is_not_utf8_gets_a_result_and_spares_its_neighbours_classic() {
    one_unparsable_message_among_300("classic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dead_queue_lists_and_replays_a_message_id_that_is_not_utf8() {
    let scope = Scope::new("deadbadprop");
    scope.declare().await;
    let client = scope.client().await;
    let a = scope.settings.amqp.clone();
    let body = serde_json::json!({"id": "dead-bad", "text": "x"}).to_string();
    publish_with_invalid_message_id_to(&a.dead_queue, body.as_bytes()).await;
    client.wait_depth(&a.dead_queue, 1).await;
    // Before: lapin dropped the connection on it and `kabar dead list` hung.
    let listed = tokio::time::timeout(PATIENCE, kabar::list_dead(&a, 10))
        .await
        .expect("listing must not hang")
        .expect("listing");
    assert_eq!(listed.len(), 1);
    let id = listed[0].id.as_deref().unwrap_or_default();
    assert!(
        id.contains('\u{fffd}'),
        "the invalid bytes shown replaced: {id:?}"
    );
    assert_eq!(client.depth(&a.dead_queue).await, 1, "listing kept it");
    let report = tokio::time::timeout(PATIENCE, kabar::replay_dead(&a, None, false))
        .await
        .expect("replay must not hang")
        .expect("replay");
    assert_eq!(report.jobs.len(), 1);
    assert_eq!(client.depth(&a.dead_queue).await, 0);
    let back = client.take(&a.jobs_queue, 1).await;
    assert_eq!(back[0].json()["id"], "dead-bad");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_job_reaches_the_dead_queue_with_why_or_is_held_until_it_can() {
    let scope = Scope::new("deadwhy");
    scope.declare().await;
    let client = scope.client().await;
    let a = scope.settings.amqp.clone();
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    // The dead queue unbound from the dead exchange (after the worker declared its
    // topology): before, the broker dropped a rejected job here while the worker logged
    // "dead-lettered".
    client
        .channel
        .queue_unbind(
            a.dead_queue.as_str().into(),
            a.dead_exchange.as_str().into(),
            "".into(),
            Default::default(),
        )
        .await
        .unwrap();
    client
        .publish(
            br#"{"id": "poison-1", "text": "#,
            JobProps {
                content_type: Some("application/json"),
                message_id: Some("poison-1"),
                ..Default::default()
            },
        )
        .await;
    let result = client.take(&a.results_queue, 1).await;
    assert_eq!(result[0].json()["error"]["code"], "invalid_json");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while worker.metrics.results_held.get() < 1 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the job was not held"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(client.depth(&a.dead_queue).await, 0);
    client
        .channel
        .queue_bind(
            a.dead_queue.as_str().into(),
            a.dead_exchange.as_str().into(),
            "".into(),
            Default::default(),
            Default::default(),
        )
        .await
        .unwrap();
    client.wait_depth(&a.dead_queue, 1).await;
    client.wait_depth(&a.jobs_queue, 0).await;
    let listed = kabar::list_dead(&a, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    let d = &listed[0];
    assert_eq!(d.id.as_deref(), Some("poison-1"));
    assert_eq!(d.reason.as_deref(), Some("rejected"));
    assert_eq!(d.error_code.as_deref(), Some("invalid_json"));
    assert!(
        d.error_message
            .as_deref()
            .is_some_and(|m| m.contains("EOF")),
        "{d:?}"
    );
    assert_eq!(d.queue.as_deref(), Some(a.jobs_queue.as_str()));
    assert!(d.first_death_at.is_some());
    assert_eq!(d.deaths, 1);
    worker.stop().await.unwrap();
}
