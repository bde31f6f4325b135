//! Scale-out on the real broker: several `kabar worker` processes on one jobs
//! queue share the work, and killing one of them mid-stream loses no job.
//!
//! This is the claim the deployment docs make ("add workers when the queue
//! grows; a worker that dies loses nothing"), tested with the real binary and
//! the local RabbitMQ. Every run uses its own uniquely named topology (a
//! `common::Scope`), so it never touches `kabar.jobs` or another test's
//! queues, and the scope deletes it after.
//! The figures are printed (`cargo test --test integration scale --
//! --nocapture`); nothing here depends on how fast the machine is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use lapin::Channel;
use lapin::options::{BasicConsumeOptions, QueueDeclareOptions};
use lapin::types::FieldTable;

use crate::common::node::free_port;
use crate::common::{Scope, connect, kabar_bin};

const WORKERS: usize = 3;
/// Jobs per round: a few thousand, so every worker gets many deliveries.
const JOBS: usize = 3000;
/// Small prefetch: a killed worker strands at most this many unacked jobs,
/// and the broker spreads deliveries over all consumers.
const PREFETCH: u16 = 10;
/// Hang guard only: a broken worker must fail the test, not hang CI. Longer
/// than the helpers' PATIENCE because a round is thousands of jobs in a debug
/// build on a shared machine.
const GUARD: Duration = Duration::from_secs(600);

/// One `kabar worker` process, killed when dropped so a failing test leaves
/// no process behind.
struct WorkerProcess {
    child: Child,
    http: String,
    log: std::path::PathBuf,
}

impl WorkerProcess {
    fn start(scope: &Scope, dir: &Path, index: usize) -> WorkerProcess {
        let http = format!("127.0.0.1:{}", free_port());
        let log = dir.join(format!("worker-{index}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let child = kabar_bin()
            .arg("worker")
            .envs(scope.env())
            .env("KABAR__HTTP__LISTEN", &http)
            .env("KABAR__LOG__LEVEL", "warn")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("starting kabar worker");
        WorkerProcess { child, http, log }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then wait: a clean drain exits 0.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        assert!(
            sent.is_ok_and(|s| s.success()),
            "kill -TERM {}",
            self.child.id()
        );
        self.child.wait().unwrap()
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GET on a worker's HTTP listener; the body on 200.
async fn http_get(addr: &str, path: &str) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_owned())
}

/// Consumers on the jobs queue, as the broker counts them.
async fn consumer_count(channel: &Channel, queue: &str) -> u32 {
    channel
        .queue_declare(
            queue.into(),
            QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .expect("the jobs queue exists")
        .consumer_count()
}

/// What one round of results showed.
#[derive(Default)]
struct Round {
    /// Results per job id (more than one when a job was redelivered).
    results: HashMap<String, usize>,
    /// Results per worker pid (from `meta.worker`, "host/pid").
    per_worker: BTreeMap<u32, usize>,
    redelivered: usize,
    not_ok: usize,
    /// Late duplicates of an earlier round's jobs.
    strays: usize,
}

impl Round {
    /// Counts a result of this round's `wanted` jobs.
    fn record(&mut self, result: &serde_json::Value, wanted: &HashSet<String>) {
        let id = result["id"].as_str().expect("result id").to_owned();
        if !wanted.contains(&id) {
            self.strays += 1;
            return;
        }
        *self.results.entry(id).or_default() += 1;
        let worker = result["meta"]["worker"].as_str().expect("meta.worker");
        let pid: u32 = worker
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .expect("host/pid");
        *self.per_worker.entry(pid).or_default() += 1;
        if result["meta"]["redelivered"] == true {
            self.redelivered += 1;
        }
        if result["status"] != "ok" {
            self.not_ok += 1;
        }
    }

    /// Distinct jobs with a result.
    fn seen(&self) -> usize {
        self.results.len()
    }

    fn duplicates(&self) -> usize {
        self.results.values().map(|n| n - 1).sum()
    }

    fn print(&self, name: &str, jobs: usize, workers: &[u32], lost: usize) {
        println!(
            "scale {name}: jobs {jobs}, workers {}, lost {lost}",
            workers.len()
        );
        for (i, pid) in workers.iter().enumerate() {
            let n = self.per_worker.get(pid).copied().unwrap_or(0);
            let share = 100.0 * n as f64 / self.results.values().sum::<usize>().max(1) as f64;
            println!("scale {name}:   worker {i} (pid {pid}): {n} results ({share:.1}%)");
        }
        println!(
            "scale {name}:   results {} for {} distinct jobs, duplicates {}, redelivered {}, status not ok {}, strays {}",
            self.results.values().sum::<usize>(),
            self.results.len(),
            self.duplicates(),
            self.redelivered,
            self.not_ok,
            self.strays
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_share_the_queue_and_a_killed_one_loses_nothing() {
    let mut scope = Scope::new("scale");
    scope.settings.amqp.prefetch = PREFETCH;
    scope.settings.worker.concurrency = 2;
    let amqp = scope.settings.amqp.clone();
    // Declared before any worker starts, so no result can miss the queue.
    scope.declare().await;
    let client = scope.client().await;
    let channel = &client.channel;

    let conn = connect().await;
    let results_channel = conn.create_channel().await.unwrap();
    let mut results = results_channel
        .basic_consume(
            amqp.results_queue.as_str().into(),
            "kabar-scale-test".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut workers: Vec<WorkerProcess> = (0..WORKERS)
        .map(|i| WorkerProcess::start(&scope, dir.path(), i))
        .collect();
    let pids: Vec<u32> = workers.iter().map(WorkerProcess::pid).collect();

    // Every worker consuming before the first job, so each can take a share.
    let all_consuming = async {
        while consumer_count(channel, &amqp.jobs_queue).await < WORKERS as u32 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    if tokio::time::timeout(GUARD, all_consuming).await.is_err() {
        let logs: Vec<String> = workers.iter().map(WorkerProcess::log_tail).collect();
        panic!("the workers never all consumed:\n{}", logs.join("\n---\n"));
    }
    // The broker counts a consumer as soon as it is registered, a moment before the worker
    // marks itself ready: wait for readiness as for consuming.
    for w in &workers {
        let ready = async {
            while http_get(&w.http, "/readyz").await.is_none() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        };
        assert!(
            tokio::time::timeout(GUARD, ready).await.is_ok(),
            "worker {} consumes but is not ready",
            w.pid()
        );
    }

    // Round 1: all workers up.
    let ids = client.publish_many("round1", JOBS).await;
    let wanted: HashSet<String> = ids.into_iter().collect();
    let mut round1 = Round::default();
    let collect1 = async {
        while round1.seen() < JOBS {
            let delivery = results
                .next()
                .await
                .expect("results consumer ended")
                .expect("result delivery");
            round1.record(
                &serde_json::from_slice(&delivery.data).expect("result JSON"),
                &wanted,
            );
        }
    };
    tokio::time::timeout(GUARD, collect1)
        .await
        .expect("round 1: results stopped coming");
    let lost1 = JOBS - round1.seen();
    round1.print("round 1 (all workers up)", JOBS, &pids, lost1);
    assert_eq!(lost1, 0);
    assert_eq!(round1.not_ok, 0, "every job of round 1 is a valid article");
    for pid in &pids {
        assert!(
            round1.per_worker.get(pid).copied().unwrap_or(0) > 0,
            "worker {pid} did no work: {:?}",
            round1.per_worker
        );
    }
    assert!(
        round1.per_worker.keys().all(|pid| pids.contains(pid)),
        "results from an unknown worker"
    );

    // Every metric the Grafana dashboard queries is exported.
    let metrics = http_get(&workers[1].http, "/metrics")
        .await
        .expect("/metrics answers");
    for name in [
        "kabar_jobs_total{outcome=\"ok\"}",
        "kabar_job_duration_seconds_bucket",
        "kabar_jobs_in_flight",
        "kabar_reconnects_total",
        "kabar_results_published_total",
        "kabar_ready 1",
    ] {
        assert!(metrics.contains(name), "/metrics lacks {name}");
    }

    // Round 2: worker 0 is SIGKILLed once a quarter of the results are in.
    let ids = client.publish_many("round2", JOBS).await;
    let wanted: HashSet<String> = ids.into_iter().collect();
    let mut round2 = Round::default();
    let mut killed_at = None;
    let collect2 = async {
        while round2.seen() < JOBS {
            let delivery = results
                .next()
                .await
                .expect("results consumer ended")
                .expect("result delivery");
            round2.record(
                &serde_json::from_slice(&delivery.data).expect("result JSON"),
                &wanted,
            );
            if killed_at.is_none() && round2.seen() >= JOBS / 4 {
                workers[0].child.kill().expect("SIGKILL worker 0");
                workers[0].child.wait().unwrap();
                killed_at = Some(round2.seen());
            }
        }
    };
    tokio::time::timeout(GUARD, collect2)
        .await
        .expect("round 2: results stopped coming");
    let killed_at = killed_at.expect("worker 0 was killed");
    let lost2 = JOBS - round2.seen();
    println!(
        "scale round 2: worker 0 (pid {}) SIGKILLed after {killed_at} of {JOBS} results",
        pids[0]
    );
    round2.print("round 2 (worker 0 killed)", JOBS, &pids, lost2);
    assert_eq!(lost2, 0);
    assert_eq!(round2.not_ok, 0);
    // The survivors finished the rest, including what worker 0 held unacked.
    for pid in &pids[1..] {
        assert!(
            round2.per_worker.get(pid).copied().unwrap_or(0) > 0,
            "worker {pid} did no work in round 2"
        );
    }
    assert!(killed_at < JOBS, "the kill happened mid-stream");

    // The survivors drain and exit 0 on SIGTERM.
    for w in &mut workers[1..] {
        let status = w.terminate();
        assert!(
            status.success(),
            "worker {} exited with {status} on SIGTERM:\n{}",
            w.pid(),
            w.log_tail()
        );
    }

    // The scope deletes the queues and exchanges when dropped.
    let _ = conn.close(200, "bye".into()).await;
}
