//! `kabar dead` on the real broker: jobs the worker dead-lettered are counted, listed
//! without being consumed, and replayed back to the jobs queue at-least-once.

use crate::common::*;

/// Three poison jobs through a real worker, which dead-letters them; one good job beside.
async fn scope_with_three_dead_jobs(test: &str) -> (Scope, Client) {
    let scope = Scope::new(test);
    scope.declare().await;
    let client = scope.client().await;
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    client
        .publish(
            b"{\"id\": \"bad-1\", \"text\": ",
            JobProps {
                content_type: Some("application/json"),
                message_id: Some("bad-1"),
                ..Default::default()
            },
        )
        .await;
    client
        .publish(
            b"{\"id\": \"bad-2\"}",
            JobProps {
                content_type: Some("application/json"),
                ..Default::default()
            },
        )
        .await;
    client
        .publish(
            b"\xff\xfe garbage",
            JobProps {
                message_id: Some("bad-3"),
                ..Default::default()
            },
        )
        .await;
    client
        .publish(
            article(1).as_bytes(),
            JobProps {
                message_id: Some("good-1"),
                ..Default::default()
            },
        )
        .await;
    client.take(&scope.settings.amqp.results_queue, 4).await;
    client.wait_depth(&scope.settings.amqp.dead_queue, 3).await;
    worker.stop().await.unwrap();
    (scope, client)
}

/// Waits (within patience) until `queue` holds exactly `n` messages: quorum queues apply
/// acks and requeues asynchronously, so a depth read at once may lag by a moment.
async fn settled(client: &Client, queue: &str, n: u32) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let depth = client.depth(queue).await;
        if depth == n {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{queue} holds {depth} messages, not {n}, within {PATIENCE:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn sorted_ids(jobs: &[kabar::DeadLetter]) -> Vec<String> {
    let mut ids: Vec<String> = jobs
        .iter()
        .map(|j| j.id.clone().unwrap_or_default())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_jobs_are_counted_and_listed_without_being_consumed() {
    let (scope, client) = scope_with_three_dead_jobs("deadlist").await;
    let a = &scope.settings.amqp;

    assert_eq!(kabar::count_dead(a).await.unwrap(), 3);
    let jobs = kabar::list_dead(a, 10).await.unwrap();
    assert_eq!(sorted_ids(&jobs), ["bad-1", "bad-2", "bad-3"]);
    for j in &jobs {
        assert_eq!(j.reason.as_deref(), Some("rejected"), "{j:?}");
        assert_eq!(j.queue.as_deref(), Some(a.jobs_queue.as_str()));
        assert_eq!(j.routing_keys, std::slice::from_ref(&a.jobs_queue));
        assert!(j.first_death_at.is_some(), "{j:?}");
        assert_eq!(j.deaths, 1);
        assert!(j.body_bytes > 0);
    }
    // Listing twice, and partly, still consumes nothing.
    assert_eq!(kabar::list_dead(a, 2).await.unwrap().len(), 2);
    assert_eq!(kabar::list_dead(a, 10).await.unwrap().len(), 3);
    settled(&client, &a.dead_queue, 3).await;

    // The binary: count, and list as JSON lines.
    let out = kabar_bin()
        .args(["dead", "count"])
        .envs(scope.env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3");
    let out = kabar_bin()
        .args(["dead", "list", "--json", "--limit", "5"])
        .envs(scope.env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l["reason"] == "rejected"));
    let table = kabar_bin()
        .args(["dead", "list"])
        .envs(scope.env())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&table.stdout).contains("bad-2\trejected\t"),
        "{}",
        String::from_utf8_lossy(&table.stdout)
    );
    settled(&client, &a.dead_queue, 3).await; // the binary consumed nothing either
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_moves_jobs_back_with_their_bodies_and_dry_run_moves_nothing() {
    let (scope, client) = scope_with_three_dead_jobs("deadreplay").await;
    let a = &scope.settings.amqp;

    let dry = kabar::replay_dead(a, None, true).await.unwrap();
    assert!(dry.dry_run);
    assert_eq!(sorted_ids(&dry.jobs), ["bad-1", "bad-2", "bad-3"]);
    settled(&client, &a.dead_queue, 3).await;
    assert_eq!(
        client.depth(&a.jobs_queue).await,
        0,
        "the dry run moved something"
    );

    let first = kabar::replay_dead(a, Some(2), false).await.unwrap();
    assert_eq!(first.jobs.len(), 2);
    assert!(first.error.is_none());
    settled(&client, &a.dead_queue, 1).await;
    settled(&client, &a.jobs_queue, 2).await;

    let out = kabar_bin()
        .args(["dead", "replay"])
        .envs(scope.env())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("replayed 1 job(s)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    settled(&client, &a.dead_queue, 0).await;
    settled(&client, &a.jobs_queue, 3).await;

    // The replayed jobs are the originals: same bodies, same properties.
    let mut back = client.take(&a.jobs_queue, 3).await;
    back.sort_by_key(|r| r.body.clone());
    let bodies: Vec<&[u8]> = back.iter().map(|r| r.body.as_slice()).collect();
    assert_eq!(
        bodies,
        [
            b"{\"id\": \"bad-1\", \"text\": ".as_slice(),
            b"{\"id\": \"bad-2\"}",
            b"\xff\xfe garbage"
        ]
    );
    assert_eq!(back[2].message_id().as_deref(), Some("bad-3"));
    assert_eq!(back[2].props.delivery_mode(), &Some(2));
    // The worker's copy carries why it died (its own headers; the broker's x-death is
    // written only when the broker dead-letters, after the delivery limit).
    assert_eq!(
        back[2].header("kabar-dead-reason").as_deref(),
        Some("rejected"),
        "the dead-letter history travels with the job"
    );
    assert_eq!(
        back[2].header("kabar-deaths").as_deref(),
        Some("LongLongInt(1)")
    );
    assert_eq!(kabar::count_dead(a).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_that_cannot_publish_leaves_the_job_in_the_dead_queue() {
    let (scope, client) = scope_with_three_dead_jobs("deadnoroute").await;
    let mut a = scope.settings.amqp.clone();
    a.jobs_queue = format!("{}.missing", a.jobs_queue);

    let err = kabar::replay_dead(&a, Some(1), false)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("could not route"), "{err}");
    settled(&client, &scope.settings.amqp.dead_queue, 3).await; // a failed replay must not lose the job

    let mut missing = scope.settings.amqp.clone();
    missing.dead_queue = format!("{}.nope", missing.dead_queue);
    let err = kabar::count_dead(&missing).await.unwrap_err().to_string();
    assert!(
        err.contains("has a worker declared the topology yet"),
        "{err}"
    );
}
