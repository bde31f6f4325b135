//! The fault-injection suite (issue 4): the real `kabar` binary against a private RabbitMQ
//! node that the suite starts and stops itself, so faults never touch the shared broker.
//!
//! Every scenario publishes jobs with known ids, injects its fault while the worker is
//! busy, lets the system recover, then checks from the outside that every id has a result
//! on the results queue or a copy in the dead queue that states a reason, and counts
//! duplicates. One scenario runs at a time. Each prints a `RELIABILITY |` row (also
//! appended to `target/tmp/reliability.txt`):
//! scenario | N | faults injected | lost | duplicates | recovery | notes
//!
//! Run: `cargo test --features fault-injection --test reliability`

#[path = "../common/mod.rs"]
mod common;
mod poison;
mod proxy;
mod rig;

use common::PATIENCE;
use common::node::PrivateNode;
use kabar::Settings;
use rig::*;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One scenario at a time: they measure recovery and memory, and share two CPU cores.
static SERIAL: Mutex<()> = Mutex::new(());

fn run(f: impl std::future::Future<Output = ()>) {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(f);
}

/// A private node with a private topology declared on it, and a client.
struct Setup {
    client: common::Client,
    settings: Settings,
    log: PathBuf,
    // Dropped last: stops the node.
    node: PrivateNode,
}

impl Setup {
    /// Deletes the topology's results exchange under the worker (scenarios 6 and 10c).
    async fn delete_results_exchange(&self) {
        self.client
            .channel
            .exchange_delete(
                self.settings.amqp.results_exchange.as_str().into(),
                lapin::options::ExchangeDeleteOptions::default(),
            )
            .await
            .expect("deleting the results exchange");
    }
}

async fn setup(tag: &str, tweak: impl FnOnce(&mut Settings)) -> Setup {
    let node = tokio::task::block_in_place(|| PrivateNode::start(tag));
    // The production defaults (quorum queues, delivery_limit 5), except where a scenario
    // says otherwise: a job returned by a fault too often may legitimately end in the dead
    // queue for `delivery_limit`, and the row says how many did.
    let mut settings = node.settings(tag);
    tweak(&mut settings);
    node.declare(&settings).await;
    let client = node.client(&settings).await;
    // Kept after the run (target/tmp/reliability-<tag>-worker.log) for post-mortems.
    let log =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("reliability-{tag}-worker.log"));
    let _ = std::fs::remove_file(&log);
    Setup {
        client,
        settings,
        log,
        node,
    }
}

/// Polls /readyz every 10 ms and returns when it went false and when true again.
async fn watch_flap(http: String) -> (Instant, Instant) {
    let ready = |h: &str| {
        let url = format!("{h}/readyz");
        async move { kabar::check_health(&url).await.is_ok() }
    };
    let deadline = Instant::now() + PATIENCE;
    while ready(&http).await {
        assert!(
            Instant::now() < deadline,
            "/readyz never went false after the fault"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let down = Instant::now();
    while !ready(&http).await {
        assert!(
            Instant::now() < deadline,
            "/readyz did not come back within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    (down, Instant::now())
}

fn ctl_blocking(f: impl FnOnce()) {
    tokio::task::block_in_place(f)
}

/// Fails the test after its row is printed, with the first lost ids.
fn assert_nothing_lost(scenario: &str, lost: &[String], log: &std::path::Path) {
    assert!(
        lost.is_empty(),
        "{scenario}: {} jobs lost, e.g. {:?}; worker log {log:?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
}

/// `settings` with the worker connecting through `proxy` instead of straight to the node.
fn via(proxy: &proxy::Proxy, settings: &Settings) -> Settings {
    let mut s = settings.clone();
    s.amqp.url = format!("amqp://guest:guest@127.0.0.1:{}/%2f", proxy.port);
    s
}

fn frac(n: usize, f: f64) -> u32 {
    (n as f64 * f) as u32
}

#[test]
fn s1_sigkill_at_random_points() {
    run(async {
        let st = setup("kill", |_| {}).await;
        let n = 5000;
        let ids = publish(&st.client, ordinary("kill", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let kills = 5;
        let mut recovery = Vec::new();
        for k in 0..kills {
            probe
                .wait_depth(
                    &results,
                    frac(n, 0.1 + 0.15 * k as f64 + fastrand::f64() * 0.1),
                )
                .await;
            tokio::time::sleep(Duration::from_millis(fastrand::u64(0..300))).await;
            let t = Instant::now();
            w.kill();
            w = WorkerProc::spawn(&st.settings, &st.log);
            w.wait_ready().await;
            recovery.push(t.elapsed());
        }
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "sigkill",
            n,
            faults: format!("{kills} SIGKILL"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("{} to ready after restart", max_secs(&recovery)),
            notes: format!("dead: {}", seen.dead_summary(&ids)),
        });
        assert_nothing_lost("sigkill", &lost, &st.log);
    });
}

#[test]
fn s2_broker_closes_connections() {
    run(async {
        // A backoff of at least 0.5 s, so that /readyz is observably false in between.
        let st = setup("close", |s| {
            s.amqp.reconnect_min_ms = 1000;
            s.amqp.reconnect_max_ms = 2000;
        })
        .await;
        let n = 5000;
        let ids = publish(&st.client, ordinary("close", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        w.wait_ready().await;
        let faults = 3;
        let (mut recovery, mut after_close) = (Vec::new(), Vec::new());
        for k in 0..faults {
            probe
                .wait_depth(&results, frac(n, 0.15 + 0.25 * k as f64))
                .await;
            let watch = tokio::spawn(watch_flap(w.http.clone()));
            let t = Instant::now();
            ctl_blocking(|| st.node.close_all_connections());
            let (down, up) = watch.await.unwrap();
            recovery.push(up - down);
            after_close.push(up - t);
            assert!(
                w.exit_status().is_none(),
                "the worker exited after close_all_connections; log {:?}",
                st.log
            );
        }
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let reconnects = w.metric("kabar_reconnects_total").await.unwrap_or(-1.0);
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "close_all_connections",
            n,
            faults: format!("{faults} close_all_connections"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("readyz false→true {}", max_secs(&recovery)),
            notes: format!(
                "reconnects_total {reconnects}; from rabbitmqctl start {}; dead: {}",
                max_secs(&after_close),
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("close_all_connections", &lost, &st.log);
        assert!(
            reconnects >= faults as f64,
            "kabar_reconnects_total {reconnects} < {faults}"
        );
        assert!(
            w.exit_status().is_none(),
            "the worker must recover by itself, not exit"
        );
    });
}

#[test]
fn s3_broker_stop_app_start_app() {
    run(async {
        let st = setup("restart", |_| {}).await;
        let n = 5000;
        let ids = publish(&st.client, ordinary("restart", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        w.wait_ready().await;
        let faults = 2;
        let (mut recovery, mut outage) = (Vec::new(), Vec::new());
        for k in 0..faults {
            probe
                .wait_depth(&results, frac(n, 0.2 + 0.35 * k as f64))
                .await;
            let watch = tokio::spawn(watch_flap(w.http.clone()));
            ctl_blocking(|| st.node.stop_app());
            tokio::time::sleep(Duration::from_secs(3)).await;
            ctl_blocking(|| st.node.start_app());
            let back = Instant::now();
            let (down, up) = watch.await.unwrap();
            // Often 0: the worker is consuming again before `await_startup` returns.
            recovery.push(up.saturating_duration_since(back));
            outage.push(up - down);
            assert!(
                w.exit_status().is_none(),
                "the worker exited during the broker restart; log {:?}",
                st.log
            );
        }
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "broker stop_app/start_app",
            n,
            faults: format!("{faults} restarts (3 s down)"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("{} after start_app returned", max_secs(&recovery)),
            notes: format!(
                "readyz false for {}; dead: {}",
                max_secs(&outage),
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("broker restart", &lost, &st.log);
    });
}

#[test]
fn s4_network_cut_and_stall() {
    run(async {
        let mut st = setup("net", |_| {}).await;
        let proxy = proxy::Proxy::start(st.node.port).await;
        let mut worker_settings = via(&proxy, &st.settings);
        worker_settings.amqp.heartbeat_s = 2;
        st.settings.amqp.heartbeat_s = 2;
        let n = 4000;
        let ids = publish(&st.client, ordinary("net", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&worker_settings, &st.log);
        w.wait_ready().await;
        let mut recovery = Vec::new();
        let mut detect = Vec::new();
        for (k, what) in ["cut", "stall"].into_iter().enumerate() {
            probe
                .wait_depth(&results, frac(n, 0.2 + 0.35 * k as f64))
                .await;
            let watch = tokio::spawn(watch_flap(w.http.clone()));
            let t = Instant::now();
            let hit = if what == "cut" {
                proxy.cut()
            } else {
                proxy.stall()
            };
            assert!(hit > 0, "no connection through the proxy to {what}");
            let (down, up) = watch.await.unwrap();
            detect.push(down - t);
            recovery.push(up - t);
            assert!(
                w.exit_status().is_none(),
                "the worker exited after the network {what}; log {:?}",
                st.log
            );
        }
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "network cut + stall (heartbeat 2 s)",
            n,
            faults: "1 cut, 1 stall".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("{} from fault to ready", max_secs(&recovery)),
            notes: format!(
                "detected after {}; dead: {}",
                max_secs(&detect),
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("network cut/stall", &lost, &st.log);
    });
}

#[test]
fn s5_sigterm_under_load() {
    run(async {
        let st = setup("term", |s| {
            s.amqp.prefetch = 200;
            s.worker.shutdown_timeout_s = 30;
        })
        .await;
        let n = 4000;
        let ids = publish(&st.client, ordinary("term", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        probe.wait_depth(&results, frac(n, 0.3)).await;
        let suffix = w.worker_suffix();
        let t = Instant::now();
        w.signal("-TERM");
        let status = w.wait_exit().await;
        let exit_time = t.elapsed();
        assert_eq!(
            status.code(),
            Some(0),
            "exit status after SIGTERM; log {:?}",
            st.log
        );
        let _second = WorkerProc::spawn(&st.settings, &st.log);
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let twice_by_first = ids
            .iter()
            .filter(|id| {
                seen.results
                    .get(*id)
                    .is_some_and(|r| r.iter().filter(|i| i.worker.ends_with(&suffix)).count() > 1)
            })
            .count();
        let by_first = ids
            .iter()
            .filter(|id| {
                seen.results
                    .get(*id)
                    .is_some_and(|r| r.iter().any(|i| i.worker.ends_with(&suffix)))
            })
            .count();
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "SIGTERM under load (prefetch 200)",
            n,
            faults: "1 SIGTERM".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("exit 0 after {} (shutdown_timeout 30 s)", secs(exit_time)),
            notes: format!(
                "{by_first} done by the stopped worker, {twice_by_first} of them twice; dead: {}",
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("SIGTERM", &lost, &st.log);
        assert_eq!(
            twice_by_first, 0,
            "the SIGTERMed worker processed jobs twice"
        );
    });
}

#[test]
fn s10_broker_stops_answering_at_shutdown() {
    // A broker that is alive (heartbeats flow, publishes are confirmed) but never answers
    // `basic.cancel` or `connection.close`: lapin sees nothing wrong, so only the worker's
    // own bounds (amqp.answer_timeout_s) let a SIGTERM finish. Without them the worker
    // waits for the answers for ever and this test fails in `wait_exit`.
    run(async {
        let st = setup("mute", |s| {
            s.amqp.prefetch = 50;
            s.worker.shutdown_timeout_s = 30;
        })
        .await;
        let proxy = proxy::Proxy::start(st.node.port).await;
        let worker_settings = via(&proxy, &st.settings);
        let n = 2000;
        let ids = publish(&st.client, ordinary("mute", n)).await;
        let results = st.settings.amqp.results_queue.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&worker_settings, &st.log);
        w.wait_ready().await;
        probe.wait_depth(&results, frac(n, 0.2)).await;
        assert!(proxy.mute() > 0, "no connection through the proxy to mute");
        let t = Instant::now();
        w.signal("-TERM");
        let status = w.wait_exit().await;
        let exit_time = t.elapsed();
        assert_eq!(
            status.code(),
            Some(0),
            "exit status after SIGTERM; log {:?}",
            st.log
        );
        // Both requests went unanswered and were given up on: the mute worked, and each
        // bound was what let the worker go.
        let log = std::fs::read_to_string(&st.log).unwrap_or_default();
        for expected in [
            "did not answer `basic.cancel`",
            "did not confirm closing the connection",
        ] {
            assert!(
                log.contains(expected),
                "the worker log does not say {expected:?}: {:?}",
                st.log
            );
        }
        // The jobs the first worker held unsettled went back to the queue when its socket
        // closed; a second worker (straight to the broker) finishes them.
        let _second = WorkerProc::spawn(&st.settings, &st.log);
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "broker stops answering at shutdown",
            n,
            faults: "basic.cancel + connection.close unanswered, then SIGTERM".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!(
                "exit 0 after {} (two {} s bounds, amqp.answer_timeout_s)",
                secs(exit_time),
                st.settings.amqp.answer_timeout_s
            ),
            notes: format!("dead: {}", seen.dead_summary(&ids)),
        });
        assert_nothing_lost("unanswered shutdown", &lost, &st.log);
    });
}

#[test]
fn s10b_broker_never_answers_basic_consume_at_start() {
    // The first connection's `basic.consume` never reaches the broker, so its answer never
    // comes: the worker must give the session up (amqp.setup_timeout_s, 5 s here) and start
    // another, not wait for ever unready.
    run(async {
        let st = setup("mutestart", |s| s.amqp.setup_timeout_s = 5).await;
        let proxy = proxy::Proxy::start(st.node.port).await;
        proxy.mute_next_consume();
        let worker_settings = via(&proxy, &st.settings);
        let n = 500;
        let ids = publish(&st.client, ordinary("mutestart", n)).await;
        let t = Instant::now();
        let mut w = WorkerProc::spawn(&worker_settings, &st.log);
        w.wait_ready().await;
        let ready_after = t.elapsed();
        let log = std::fs::read_to_string(&st.log).unwrap_or_default();
        assert!(
            log.contains("did not answer `setting up the session"),
            "the worker log does not say it gave up the first session: {:?}",
            st.log
        );
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "broker never answers basic.consume at start",
            n,
            faults: "first connection's basic.consume dropped".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!(
                "ready after {} ({} s amqp.setup_timeout_s, then a new session)",
                secs(ready_after),
                st.settings.amqp.setup_timeout_s
            ),
            notes: format!("dead: {}", seen.dead_summary(&ids)),
        });
        assert_nothing_lost("unanswered consume", &lost, &st.log);
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

/// Waits until the log at `path`, past its first `from` bytes, holds one of `needles`, and
/// returns the first found; `None` if none shows within `within`.
async fn wait_log(
    path: &std::path::Path,
    from: usize,
    needles: &[&'static str],
    within: Duration,
) -> Option<&'static str> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        let log = std::fs::read_to_string(path).unwrap_or_default();
        let fresh = log.get(from..).unwrap_or("");
        if let Some(found) = needles.iter().find(|n| fresh.contains(**n)) {
            return Some(found);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[test]
fn s10c_session_ends_while_the_broker_ignores_close() {
    // A session ends on an error (the results exchange deleted under it) while the broker
    // answers neither cancel nor close: the worker gives the old connection up after
    // amqp.answer_timeout_s and reconnects beside it. lapin cannot abort a connection, so
    // the jobs the abandoned one held unacked come back only when the broker drops it (its
    // heartbeat check): they must come back, and be done.
    run(async {
        let st = setup("abandon", |s| s.amqp.heartbeat_s = 5).await;
        let proxy = proxy::Proxy::start(st.node.port).await;
        let worker_settings = via(&proxy, &st.settings);
        let n = 3000;
        let ids = publish(&st.client, ordinary("abandon", n)).await;
        let a = st.settings.amqp.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&worker_settings, &st.log);
        w.wait_ready().await;
        probe.wait_depth(&a.results_queue, frac(n, 0.2)).await;
        // The fault can take another path: a result published on the results channel in
        // the instant after the broker closed that channel reaches the broker as a frame on
        // a closed channel, and the broker then closes the whole connection itself
        // (CHANNEL_ERROR; seen once in about ten runs). Then there is no close for the
        // worker to give up on, and the scenario is tried again on the next session (the
        // worker declares the results exchange again when it reconnects).
        const GAVE_UP: &str = "did not confirm closing the connection";
        const BROKER_CLOSED: &str = "CHANNEL_ERROR";
        let mut attempts = 0;
        let t = loop {
            attempts += 1;
            let from = std::fs::read_to_string(&st.log).unwrap_or_default().len();
            assert!(proxy.mute() > 0, "no connection through the proxy to mute");
            let t = Instant::now();
            st.delete_results_exchange().await;
            let path = wait_log(&st.log, from, &[GAVE_UP, BROKER_CLOSED], PATIENCE).await;
            match path {
                Some(GAVE_UP) => break t,
                Some(_) if attempts < 3 => {
                    // The next session is publishing results before the fault is repeated.
                    probe
                        .time_to_grow(&a.results_queue, 50, Instant::now())
                        .await;
                }
                _ => panic!(
                    "attempt {attempts}: the worker log does not say it gave the connection \
                     up ({path:?} instead): {:?}",
                    st.log
                ),
            }
        };
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let took = t.elapsed();
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "session ends while the broker ignores close",
            n,
            faults: "cancel/close unanswered, results exchange deleted".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("all results {} after the fault (heartbeat 5 s)", secs(took)),
            notes: format!(
                "attempts {attempts} (see the test); dead: {}",
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("abandoned connection", &lost, &st.log);
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

#[test]
fn s6_results_exchange_deleted_and_unbound() {
    run(async {
        let st = setup("unroutable", |_| {}).await;
        let n = 6000;
        let ids = publish(&st.client, ordinary("unroutable", n)).await;
        let a = st.settings.amqp.clone();
        let mut probe = Probe::new(&st.node);
        let mut recovery = Vec::new();

        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        w.wait_ready().await;

        // The results exchange deleted under the worker: publishing to it fails.
        probe.wait_depth(&a.results_queue, frac(n, 0.3)).await;
        let t = Instant::now();
        st.delete_results_exchange().await;
        recovery.push(probe.time_to_grow(&a.results_queue, 20, t).await);

        // The results queue unbound for 4 s: results are unroutable (mandatory).
        probe.wait_depth(&a.results_queue, frac(n, 0.6)).await;
        st.client
            .channel
            .queue_unbind(
                a.results_queue.as_str().into(),
                a.results_exchange.as_str().into(),
                "#".into(),
                Default::default(),
            )
            .await
            .expect("unbinding the results queue");
        tokio::time::sleep(Duration::from_secs(4)).await;
        st.client
            .channel
            .queue_bind(
                a.results_queue.as_str().into(),
                a.results_exchange.as_str().into(),
                "#".into(),
                Default::default(),
                Default::default(),
            )
            .await
            .expect("binding the results queue again");
        let t = Instant::now();
        recovery.push(probe.time_to_grow(&a.results_queue, 20, t).await);

        let refused = w.metric("kabar_results_refused_total").await.unwrap_or(0.0);
        let reconnects = w.metric("kabar_reconnects_total").await.unwrap_or(0.0);
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "results exchange deleted / unbound",
            n,
            faults: "1 exchange delete, 4 s unroutable".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("results flow again {}", max_secs(&recovery)),
            notes: format!(
                "reconnects {reconnects}; {refused} refused results held and retried; dead: {}",
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("results exchange", &lost, &st.log);
        assert!(
            reconnects >= 1.0,
            "deleting the results exchange should have cost the worker its channel"
        );
        assert!(
            refused >= 1.0,
            "no result was refused: did the unbind fault hit?"
        );
        // A refused result holds its job (retried with backoff), never spends its delivery
        // budget: a short routing outage must not dead-letter good jobs.
        assert!(
            seen.dead.is_empty(),
            "good jobs were dead-lettered by a 4 s routing outage: {}",
            seen.dead_summary(&ids)
        );
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

#[test]
fn s6b_results_queue_full() {
    run(async {
        // The results queue is full (max-length 1, reject-publish): the broker nacks every
        // result after the first. That is back-pressure: the worker holds its jobs unacked
        // and retries, none is dead-lettered or lost, and once room is made (the bound
        // lifted) every job gets its result.
        let st = setup("refused", |s| s.amqp.prefetch = 200).await;
        let n = 1000;
        let ids = publish(&st.client, ordinary("refused", n)).await;
        let pattern = format!("^{}$", regex::escape(&st.settings.amqp.results_queue));
        ctl_blocking(|| {
            st.node.ctl(&[
                "set_policy",
                "--apply-to",
                "queues",
                "kabar-full",
                &pattern,
                r#"{"max-length":1,"overflow":"reject-publish"}"#,
            ]);
        });
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        w.wait_ready().await;
        // Wait until the worker holds refused results (the policy reaches a quorum queue a
        // moment late: the first results may pass).
        let deadline = Instant::now() + PATIENCE;
        loop {
            let held = w.metric("kabar_results_held").await.unwrap_or(0.0);
            if held >= 1.0 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no result held within {PATIENCE:?}; log {:?}",
                st.log
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Long enough for the old behaviour (requeue after 1 s, 5 deliveries) to have
        // dead-lettered jobs.
        tokio::time::sleep(Duration::from_secs(8)).await;
        let mut probe = Probe::new(&st.node);
        let dead_while_full = probe.depth(&st.settings.amqp.dead_queue).await.unwrap_or(0);
        let refused = w.metric("kabar_results_refused_total").await.unwrap_or(0.0);
        let t = Instant::now();
        ctl_blocking(|| {
            st.node.ctl(&["clear_policy", "kabar-full"]);
        });
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let took = t.elapsed();
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "results queue full (reject-publish), then room",
            n,
            faults: format!("{refused} refused results"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("all results {} after the bound lifted", secs(took)),
            notes: format!(
                "dead while full: {dead_while_full}; dead: {}",
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("results queue full", &lost, &st.log);
        assert!(
            refused >= 1.0,
            "no result was refused: did the policy apply?"
        );
        assert_eq!(
            dead_while_full, 0,
            "a full results queue dead-lettered jobs"
        );
        assert!(
            seen.dead.is_empty(),
            "jobs were dead-lettered: {}",
            seen.dead_summary(&ids)
        );
        assert_eq!(
            seen.results.len(),
            n,
            "every job gets its result once there is room"
        );
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

#[test]
fn s7a_panicking_analysis() {
    run(async {
        let st = setup("panic", |_| {}).await;
        let n = 2000;
        let jobs = (0..n).map(|i| {
            let text = if i % 20 == 0 {
                format!("{} {}", common::article(i), kabar::job::PANIC_TRIGGER)
            } else {
                common::article(i)
            };
            Job::json(format!("panic-{i}"), &text)
        });
        let ids = publish(&st.client, jobs).await;
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let pid = w.pid();
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let mut wrong = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let r = seen.results.get(id).and_then(|r| r.first());
            let dead = seen.dead.get(id);
            let ok = if i % 20 == 0 {
                r.is_some_and(|r| r.code.as_deref() == Some("analysis_failed"))
                    && dead.is_some_and(|d| d.iter().any(|r| r == "rejected"))
            } else {
                r.is_some_and(|r| r.status == "ok") && dead.is_none()
            };
            if !ok {
                wrong.push(format!("{id}: {r:?} dead {dead:?}"));
            }
        }
        let lost = seen.lost(&ids);
        let alive = w.exit_status().is_none();
        report(&Row {
            scenario: "panic in the analysis",
            n,
            faults: format!("{} panics", n / 20),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: "n/a (no restart)".into(),
            notes: format!("worker alive: {alive}; dead: {}", seen.dead_summary(&ids)),
        });
        assert_nothing_lost("panic", &lost, &st.log);
        assert!(
            wrong.is_empty(),
            "{} jobs with the wrong outcome, e.g. {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(5)]
        );
        assert!(
            alive && w.pid() == pid,
            "the worker died of a panic; log {:?}",
            st.log
        );
    });
}

#[test]
fn s7b_job_that_kills_the_process_every_time() {
    run(async {
        // One job at a time, so each death returns only the killer job.
        let st = setup("abort", |s| {
            s.amqp.delivery_limit = 3;
            s.amqp.prefetch = 1;
            s.worker.concurrency = 1;
        })
        .await;
        let n = 1000;
        let killer = 300;
        let jobs = (0..n).map(|i| {
            let text = if i == killer {
                format!("{} {}", common::article(i), kabar::job::ABORT_TRIGGER)
            } else {
                common::article(i)
            };
            Job::json(format!("abort-{i}"), &text)
        });
        let ids = publish(&st.client, jobs).await;
        let a = st.settings.amqp.clone();
        let mut probe = Probe::new(&st.node);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let mut deaths = 0;
        let deadline = Instant::now() + PATIENCE * 2;
        loop {
            if let Some(status) = w.exit_status() {
                assert!(
                    status.code().is_none(),
                    "the worker exited by itself ({status}) instead of dying; log {:?}",
                    st.log
                );
                deaths += 1;
                assert!(
                    deaths <= 20,
                    "the killer job was redelivered {deaths} times: no delivery limit?"
                );
                // No wait for /readyz: the new worker may get the killer job and die at once.
                w = WorkerProc::spawn(&st.settings, &st.log);
            }
            let dead = probe.depth(&a.dead_queue).await.unwrap_or(0);
            let done = probe.depth(&a.results_queue).await.unwrap_or(0);
            if dead >= 1 && done as usize >= n - 1 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "not done within patience: {done} results, {dead} dead, {deaths} deaths"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let killer_id = format!("abort-{killer}");
        let reasons = seen.dead.get(&killer_id).cloned().unwrap_or_default();
        let lost = seen.lost(&ids);
        let others_dead: Vec<_> = seen
            .dead
            .keys()
            .filter(|k| **k != killer_id)
            .cloned()
            .collect();
        report(&Row {
            scenario: "job that aborts the process (quorum, delivery_limit 3)",
            n,
            faults: format!("{deaths} worker deaths"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: "restarted by the test at once".into(),
            notes: format!(
                "killer job dead-lettered with reason {reasons:?}; other dead: {}",
                others_dead.len()
            ),
        });
        assert_nothing_lost("abort", &lost, &st.log);
        assert_eq!(
            reasons,
            ["delivery_limit"],
            "the killer job must be dead-lettered once, for delivery_limit"
        );
        assert!(
            !seen.results.contains_key(&killer_id),
            "the killer job cannot have a result"
        );
        assert!(
            others_dead.is_empty(),
            "only the killer job may be dead: {others_dead:?}"
        );
    });
}

#[test]
fn s8_backlog_of_100k_memory_bounded_by_prefetch() {
    run(async {
        let st = setup("backlog", |s| s.amqp.prefetch = 200).await;
        let n = 100_000;
        let jobs = (0..n).map(|i| {
            Job::json(
                format!("b-{i}"),
                &format!("Berita singkat nomor {i} dari Jakarta hari ini."),
            )
        });
        let ids = publish(&st.client, jobs).await;
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let t = Instant::now();
        let done = std::sync::atomic::AtomicBool::new(false);
        let collector = async {
            let seen = collect(&st.node, &st.settings, &ids, Duration::from_secs(600)).await;
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            seen
        };
        let sampler = async {
            let mut samples = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                if let Some(kib) = w.vm_hwm_kib() {
                    samples.push(kib);
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            samples
        };
        let (seen, samples) = tokio::join!(collector, sampler);
        let took = t.elapsed();
        let hwm = w.vm_hwm_kib().unwrap_or(0);
        // The peak at 10 % of the run against the final peak: flat when memory is bounded.
        let early = samples.get(samples.len() / 10).copied().unwrap_or(0);
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "backlog 100k (prefetch 200)",
            n,
            faults: "none (backlog)".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("drained in {}", secs(took)),
            notes: format!(
                "peak RSS (VmHWM) {:.1} MiB; at 10 % of the run {:.1} MiB",
                hwm as f64 / 1024.0,
                early as f64 / 1024.0
            ),
        });
        assert_nothing_lost("backlog", &lost, &st.log);
        assert!(
            w.exit_status().is_none(),
            "the worker died; log {:?}",
            st.log
        );
        assert!(
            hwm < 1024 * 1024,
            "peak RSS {hwm} KiB: memory is not bounded by the prefetch"
        );
    });
}

#[test]
fn s9_poison_corpus() {
    run(async {
        let st = setup("poison", |_| {}).await;
        let corpus = poison::corpus();
        let kinds = corpus.len();
        let reps = 25;
        let mut jobs = Vec::new();
        let mut expected = std::collections::HashMap::new();
        for k in &corpus {
            for r in 0..(if k.body.len() > 1 << 20 { 1 } else { reps }) {
                let id = format!("p-{}-{r}", k.name);
                expected.insert(id.clone(), k.expect);
                jobs.push(Job {
                    id,
                    body: k.body.clone(),
                    content_type: k.content_type,
                    content_encoding: k.content_encoding,
                });
            }
        }
        let n = jobs.len();
        let ids = publish(&st.client, jobs).await;
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let pid = w.pid();
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 2).await;
        let mut wrong = std::collections::BTreeSet::new();
        for id in &ids {
            let want = expected[id];
            let r = seen.results.get(id).and_then(|r| r.first());
            let dead = seen.dead.get(id);
            let ok = match want {
                None => r.is_some_and(|r| r.status == "ok") && dead.is_none(),
                Some(code) => {
                    r.is_some_and(|r| r.code.as_deref() == Some(code))
                        && dead.is_some_and(|d| d.iter().any(|x| x == "rejected"))
                }
            };
            if !ok {
                let kind = id.rsplit_once('-').map(|(k, _)| k).unwrap_or(id);
                wrong.insert(format!(
                    "{kind}: expected {want:?}, got {:?} / dead {dead:?}",
                    r.map(|r| (&r.status, &r.code))
                ));
            }
        }
        let lost = seen.lost(&ids);
        let alive = w.exit_status().is_none() && w.pid() == pid;
        let reconnects = w.metric("kabar_reconnects_total").await.unwrap_or(-1.0);
        report(&Row {
            scenario: "poison corpus",
            n,
            faults: format!("{kinds} kinds of bad input"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: "n/a (never restarted)".into(),
            notes: format!(
                "wrong outcomes {}; reconnects {reconnects}; dead: {}",
                wrong.len(),
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("poison", &lost, &st.log);
        assert!(
            wrong.is_empty(),
            "unexpected outcomes:\n{}",
            wrong.into_iter().collect::<Vec<_>>().join("\n")
        );
        assert!(
            alive,
            "the worker restarted or died on the poison corpus; log {:?}",
            st.log
        );
        assert_eq!(
            reconnects, 0.0,
            "the worker reconnected while reading the poison corpus; log {:?}",
            st.log
        );
    });
}

// What real producers send (issue 15): each scenario once failed on main.

#[test]
fn s11_long_url_ids() {
    run(async {
        // Crawlers use article URLs as ids, often longer than the 255 bytes of an AMQP short
        // string: the worker once panicked publishing such a result and held the delivery.
        let st = setup("longids", |s| s.amqp.prefetch = 16).await;
        let n = 300;
        let jobs = (0..n).map(|i| {
            let id = format!(
                "https://news.example.id/{i}/{}",
                "kategori/artikel-panjang-".repeat(12)
            );
            assert!(id.len() >= 300);
            Job::json(id, &common::article(i))
        });
        let ids = publish(&st.client, jobs).await;
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let t = Instant::now();
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "300-byte URL ids",
            n,
            faults: format!("{n} ids of 300+ bytes"),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("all results in {}", secs(t.elapsed())),
            notes: format!("dead: {}", seen.dead_summary(&ids)),
        });
        assert_nothing_lost("long ids", &lost, &st.log);
        assert!(seen.dead.is_empty(), "{}", seen.dead_summary(&ids));
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

fn unparsable_property_among_300(queue_type: &'static str) {
    run(async {
        // One message whose message_id is not UTF-8 among 300 good jobs: RabbitMQ accepts
        // it, the client drops the connection on it. On a quorum queue that once burnt the
        // delivery count of the jobs delivered with it (199 of 300 dead-lettered without a
        // result); on a classic queue the worker looped for ever.
        let tag = format!("badprop-{queue_type}");
        let st = setup(&tag, |s| {
            s.amqp.queue_type = match queue_type {
                "quorum" => kabar::QueueType::Quorum,
                _ => kabar::QueueType::Classic,
            }
        })
        .await;
        let mut ids = publish(&st.client, ordinary("before", 150)).await;
        let bad = serde_json::json!({"id": "bad-props", "text": common::article(3)}).to_string();
        common::publish_with_invalid_message_id_at(
            &st.node.url(),
            &st.settings.amqp.jobs_queue,
            bad.as_bytes(),
        )
        .await;
        ids.push("bad-props".into());
        ids.extend(publish(&st.client, ordinary("after", 149)).await);
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let t = Instant::now();
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE).await;
        let rescued = w.metric("kabar_rescued_total").await.unwrap_or(0.0);
        let reconnects = w.metric("kabar_reconnects_total").await.unwrap_or(0.0);
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: if queue_type == "quorum" {
                "non-UTF-8 message_id among 300 (quorum)"
            } else {
                "non-UTF-8 message_id among 300 (classic)"
            },
            n: ids.len(),
            faults: "1 message_id of bytes 0xFF 0xFE".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("all results in {}", secs(t.elapsed())),
            notes: format!(
                "rescued {rescued}, reconnects {reconnects}; dead: {}",
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("non-UTF-8 property", &lost, &st.log);
        assert!(
            seen.dead.is_empty(),
            "good jobs were dead-lettered: {}",
            seen.dead_summary(&ids)
        );
        assert!(
            seen.results.contains_key("bad-props"),
            "the odd message got its result"
        );
        assert!(rescued >= 1.0, "the rescue path did not take it");
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}

#[test]
fn s12a_unparsable_property_quorum() {
    unparsable_property_among_300("quorum");
}

#[test]
fn s12b_unparsable_property_classic() {
    unparsable_property_among_300("classic");
}

#[test]
fn s13_dead_queue_listed_25_times() {
    run(async {
        // RabbitMQ 4 gives every quorum queue a delivery limit of 20, and listing returns
        // what it read (nack + requeue): a quorum dead queue lost what was listed 20 times.
        // The node here is 3.10, so the policy sets what 4.x does by default.
        let st = setup("deadlist", |_| {}).await;
        let pattern = format!("^{}$", regex::escape(&st.settings.amqp.dead_queue));
        ctl_blocking(|| {
            st.node.ctl(&[
                "set_policy",
                "--apply-to",
                "queues",
                "kabar-dl20",
                &pattern,
                r#"{"delivery-limit":20}"#,
            ]);
        });
        let n = 30;
        let poison = (0..n).map(|i| Job {
            id: format!("poison-{i}"),
            body: b"{\"text\": ".to_vec(),
            content_type: Some("application/json"),
            content_encoding: None,
        });
        let ids = publish(&st.client, poison).await;
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        let mut probe = Probe::new(&st.node);
        probe
            .wait_depth(&st.settings.amqp.dead_queue, n as u32)
            .await;
        w.kill();
        let mut listed = Vec::new();
        for _ in 0..25 {
            let jobs = kabar::list_dead(&st.settings.amqp, 100)
                .await
                .expect("listing");
            listed.push(jobs.len());
        }
        let left = probe.depth(&st.settings.amqp.dead_queue).await.unwrap_or(0);
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE).await;
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "dead queue listed 25 times (delivery limit 20)",
            n,
            faults: "25 listings".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("{left} of {n} still dead after the listings"),
            notes: format!("listed sizes {:?}", &listed[listed.len() - 3..]),
        });
        assert_nothing_lost("dead queue listings", &lost, &st.log);
        assert!(listed.iter().all(|&l| l == n), "listings saw {listed:?}");
        assert_eq!(left as usize, n, "listing removed dead jobs");
    });
}

#[test]
fn s14_memory_alarm_with_large_results() {
    run(async {
        // While the broker blocks publishers, finished results cannot be confirmed. They
        // once waited in memory whatever their size: a 1 MiB article with tokens and
        // sentence texts makes a ~37 MB result, 1.2 GB at the shipped prefetch of 16,
        // against a Kubernetes limit of 512 Mi. Same prefetch here (deploy/k8s).
        let st = setup("alarm", |s| s.amqp.prefetch = 16).await;
        // As many jobs as the prefetch: the worker holds them all during the alarm.
        let n = 16;
        let text: String = (0..3600)
            .map(common::article)
            .collect::<Vec<_>>()
            .join("\n");
        let text = &text[..text.floor_char_boundary(900_000)];
        let jobs = (0..n).map(|i| {
            let id = format!("big-{i}");
            let body = serde_json::json!({"id": id, "text": text,
                "options": {"tokens": true, "sentence_text": true}})
            .to_string()
            .into_bytes();
            Job {
                id,
                body,
                content_type: Some("application/json"),
                content_encoding: None,
            }
        });
        let ids = publish(&st.client, jobs).await;
        ctl_blocking(|| {
            st.node.ctl(&["set_vm_memory_high_watermark", "0.0000001"]);
        });
        let mut w = WorkerProc::spawn(&st.settings, &st.log);
        w.wait_ready().await;
        // The alarm holds for 20 s while the worker has its prefetch of large jobs.
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut blocked = 0.0;
        let mut blocked_ready = None;
        while Instant::now() < deadline {
            blocked = w
                .metric("kabar_broker_blocked")
                .await
                .unwrap_or(0.0)
                .max(blocked);
            if blocked >= 1.0 && blocked_ready.is_none() {
                blocked_ready = Some(w.ready().await);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let hwm_blocked = w.vm_hwm_kib().unwrap_or(0);
        let t = Instant::now();
        ctl_blocking(|| {
            st.node.ctl(&["set_vm_memory_high_watermark", "0.4"]);
        });
        let seen = collect(&st.node, &st.settings, &ids, PATIENCE * 3).await;
        let hwm = w.vm_hwm_kib().unwrap_or(0);
        let lost = seen.lost(&ids);
        report(&Row {
            scenario: "memory alarm, 16 jobs of 0.9 MB with tokens (prefetch 16)",
            n,
            faults: "20 s memory alarm".into(),
            lost: lost.len(),
            duplicates: seen.duplicates(&ids),
            recovery: format!("all results {} after the alarm", secs(t.elapsed())),
            notes: format!(
                "peak RSS during the alarm {:.0} MiB, overall {:.0} MiB; blocked seen {blocked}, /readyz while blocked {blocked_ready:?}; dead: {}",
                hwm_blocked as f64 / 1024.0,
                hwm as f64 / 1024.0,
                seen.dead_summary(&ids)
            ),
        });
        assert_nothing_lost("memory alarm", &lost, &st.log);
        assert!(seen.dead.is_empty(), "{}", seen.dead_summary(&ids));
        assert_eq!(blocked, 1.0, "kabar_broker_blocked never showed the alarm");
        assert_eq!(
            blocked_ready,
            Some(false),
            "/readyz must say the broker blocks"
        );
        assert!(
            hwm < 512 * 1024,
            "peak RSS {hwm} KiB is over the shipped 512 Mi limit"
        );
        assert!(
            w.exit_status().is_none(),
            "the worker exited; log {:?}",
            st.log
        );
    });
}
