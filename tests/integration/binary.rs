//! The real `kabar` binary: signals, the submit client, configuration layers, and what a
//! user sees when something is wrong.

use crate::common::*;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn spawn_worker(scope: &Scope, extra: &[&str]) -> Child {
    kabar_bin()
        .arg("worker")
        .args(extra)
        .envs(scope.env())
        .env("KABAR__LOG__LEVEL", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting kabar worker")
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} failed");
}

/// Waits for a child to exit (up to [`PATIENCE`]) and returns its status and stderr.
fn wait_exit(mut child: Child) -> (std::process::ExitStatus, String) {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            return (status, err);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("process did not exit within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_in_flight_jobs_then_exits_zero() {
    let mut scope = Scope::new("sigterm");
    scope.settings.worker.concurrency = 1;
    scope.declare().await;
    let client = scope.client().await;
    let slow = serde_json::json!({"id": "slow", "text": kabar::job::SLOW_TRIGGER}).to_string();
    client.publish(slow.as_bytes(), JobProps::default()).await;
    let ids = client.publish_many("term", 10).await;

    let worker = spawn_worker(&scope, &[]);
    // All 11 jobs delivered to the worker (unacked), the slow one first and in flight.
    let jobs = scope.settings.amqp.jobs_queue.clone();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while client.depth(&jobs).await > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker never took the jobs"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&worker, "-TERM");
    let (status, stderr) = tokio::task::spawn_blocking(move || wait_exit(worker))
        .await
        .unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "exit status after SIGTERM; stderr:\n{stderr}"
    );
    assert!(stderr.contains("SIGTERM received"), "{stderr}");

    let results = client.drain(&scope.settings.amqp.results_queue).await;
    let done = ids_of(&results);
    assert_eq!(
        done.get("slow"),
        Some(&1),
        "the in-flight slow job finished and was published once"
    );
    assert!(
        done.values().all(|n| *n == 1),
        "no job processed twice: {done:?}"
    );
    let left = client.depth(&jobs).await as usize;
    let finished = ids.iter().filter(|id| done.contains_key(*id)).count();
    assert_eq!(
        finished + left,
        ids.len(),
        "every job is either done or back in the queue"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_loses_nothing_the_next_worker_finishes_its_jobs() {
    let mut scope = Scope::new("sigkill");
    scope.settings.worker.concurrency = 1;
    scope.declare().await;
    let client = scope.client().await;
    let ids = client.publish_many("kill", 400).await;

    let first = spawn_worker(&scope, &[]);
    client
        .wait_depth(&scope.settings.amqp.results_queue, 20)
        .await;
    signal(&first, "-KILL");
    let (status, _) = tokio::task::spawn_blocking(move || wait_exit(first))
        .await
        .unwrap();
    assert_eq!(status.code(), None, "killed by a signal");

    let second = InProcessWorker::start(scope.settings.clone()).ready().await;
    let seen = client
        .collect_ids(&scope.settings.amqp.results_queue, &ids)
        .await;
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    assert!(ids.iter().all(|id| seen.contains_key(id)), "lost jobs");
    println!(
        "sigkill: {} jobs, 0 lost, {duplicates} duplicate results",
        ids.len()
    );
    let redelivered_seen = duplicates <= scope.settings.amqp.prefetch as usize;
    assert!(
        redelivered_seen,
        "at most the killed worker's prefetch can be processed twice: {duplicates}"
    );
    second.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_wait_round_trips_files_and_reports_failures() {
    let scope = Scope::new("submit");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), article(1)).unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        serde_json::json!({"id": "b-json", "text": article(2)}).to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.jsonl"),
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "c-1", "text": article(3)}),
            r#"{"id":"c-bad","text":5}"#
        ),
    )
    .unwrap();
    let worker = spawn_worker(&scope, &[]);

    let out = dir.path().join("results.jsonl");
    let status = kabar_bin()
        .args(["submit", "--wait", "--timeout", "120", "--out"])
        .arg(&out)
        .arg(dir.path())
        .envs(scope.env())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(
        status.status.code(),
        Some(1),
        "one job failed, so exit 1; stderr: {stderr}"
    );
    assert!(stderr.contains("3 ok, 1 failed, 0 missing"), "{stderr}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let by_id = |id: &str| {
        lines
            .iter()
            .find(|l| l["id"] == id)
            .unwrap_or_else(|| panic!("no result for {id}"))
    };
    assert_eq!(by_id("b-json")["status"], "ok");
    assert_eq!(by_id("c-bad")["error"]["code"], "invalid_field");
    // A .txt file's result carries an id derived from its path, so it can be traced back
    // (and a resubmission gets the same id); a failure names its file and line.
    let txt = dir.path().join("a.txt").display().to_string();
    assert_eq!(by_id(&txt)["status"], "ok");
    let bad_line = format!(
        "{}:2 (c-bad): invalid_field:",
        dir.path().join("c.jsonl").display()
    );
    assert!(stderr.contains(&bad_line), "{bad_line} in {stderr}");

    let good = kabar_bin()
        .args(["submit", "--wait", "--timeout", "120"])
        .arg(dir.path().join("b.json"))
        .envs(scope.env())
        .output()
        .unwrap();
    assert_eq!(good.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_slice(good.stdout.trim_ascii()).unwrap();
    assert_eq!(line["id"], "b-json");

    signal(&worker, "-TERM");
    let (status, _) = tokio::task::spawn_blocking(move || wait_exit(worker))
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_beat_environment_beat_file() {
    let scope = Scope::new("layers");
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let dir = tempfile::tempdir().unwrap();
    let file_queue = format!("{}.from-file", scope.settings.amqp.jobs_queue);
    let env_queue = format!("{}.from-env", scope.settings.amqp.jobs_queue);
    let config = dir.path().join("kabar.toml");
    std::fs::write(&config, format!("[amqp]\njobs_queue = \"{file_queue}\"\n")).unwrap();
    let job = dir.path().join("a.txt");
    std::fs::write(&job, article(4)).unwrap();
    let env: Vec<_> = scope
        .env()
        .into_iter()
        .filter(|(k, _)| k != "KABAR__AMQP__JOBS_QUEUE")
        .collect();

    // The flag names the queue the worker consumes: a result comes back.
    let flagged = kabar_bin()
        .args(["submit", "--wait", "--timeout", "120", "--config"])
        .arg(&config)
        .args(["--queue", &scope.settings.amqp.jobs_queue])
        .arg(&job)
        .envs(env.clone())
        .env("KABAR__AMQP__JOBS_QUEUE", &env_queue)
        .output()
        .unwrap();
    assert_eq!(
        flagged.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&flagged.stderr)
    );

    // Without the flag the environment wins over the file: the job goes to env_queue.
    let enved = kabar_bin()
        .args(["submit", "--config"])
        .arg(&config)
        .arg(&job)
        .envs(env)
        .env("KABAR__AMQP__JOBS_QUEUE", &env_queue)
        .output()
        .unwrap();
    assert_eq!(
        enved.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&enved.stderr)
    );
    let client = scope.client().await;
    assert_eq!(client.depth(&env_queue).await, 1);
    let exists = client
        .channel
        .queue_declare(
            file_queue.as_str().into(),
            lapin::options::QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            Default::default(),
        )
        .await;
    assert!(exists.is_err(), "the file's queue must not have been used");
    let ch = scope.client().await.channel;
    ch.queue_delete(env_queue.as_str().into(), Default::default())
        .await
        .unwrap();
    worker.stop().await.unwrap();
}

#[test]
fn an_unreachable_broker_and_a_bad_setting_say_what_to_do() {
    let (code, stderr) = submit_to("amqp://guest:secret-pw@127.0.0.1:1/%2f");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("rabbitmq-server -detached"), "{stderr}");
    assert!(
        !stderr.contains("secret-pw"),
        "the password leaked: {stderr}"
    );

    let out = kabar_bin()
        .args(["worker"])
        .env("KABAR__AMQP__QUEUE_TYPE", "stream")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("amqp.queue_type"), "{stderr}");
}

#[test]
fn analyze_prints_one_document_or_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), article(5)).unwrap();
    std::fs::write(
        dir.path().join("b.jsonl"),
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "x", "text": article(6)}),
            "{"
        ),
    )
    .unwrap();
    let one = kabar_bin()
        .args(["analyze", "--pretty"])
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(doc["status"], "ok");
    assert!(
        String::from_utf8_lossy(&one.stdout).contains("\n  \"analysis\""),
        "pretty printed"
    );

    let many = kabar_bin()
        .args(["analyze"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        many.status.code(),
        Some(1),
        "one of the jobs is invalid JSON"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&many.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["error"]["code"], "invalid_json");
}
