//! TLS, credentials and least privilege, each on a private RabbitMQ node of its own
//! (tests/common/node.rs): users, permissions and listeners are never changed on the
//! shared node.

use crate::common::node::{PrivateNode, TestCerts, free_port};
use crate::common::*;
use kabar::Settings;
use lapin::options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions};
use lapin::{BasicProperties, Connection, ConnectionProperties};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Settings for the default topology names on a private node.
fn node_settings(url: String) -> Settings {
    let mut s = Settings::default();
    s.amqp.url = url;
    s.amqp.reconnect_min_ms = 100;
    s.amqp.reconnect_max_ms = 2000;
    s.worker.concurrency = 1;
    s
}

/// Publishes one job as `guest` over the node's plain listener and waits (within
/// patience) for its result on the results queue.
async fn round_trip(node: &PrivateNode, settings: &Settings, id: &str) -> serde_json::Value {
    let conn = Connection::connect(
        &node.url_as("guest", "guest"),
        ConnectionProperties::default(),
    )
    .await
    .unwrap();
    let ch = conn.create_channel().await.unwrap();
    ch.confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let body = serde_json::json!({"id": id, "text": article(7)}).to_string();
    let confirm = ch
        .basic_publish(
            "".into(),
            settings.amqp.jobs_queue.as_str().into(),
            BasicPublishOptions {
                mandatory: true,
                ..Default::default()
            },
            body.as_bytes(),
            BasicProperties::default().with_delivery_mode(2),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(
        confirm.is_ack() && confirm.take_message().is_none(),
        "the job was not routed: is the topology declared?"
    );
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(m) = ch
            .basic_get(
                settings.amqp.results_queue.as_str().into(),
                BasicGetOptions { no_ack: true },
            )
            .await
            .unwrap()
        {
            let _ = conn.close(200, "bye".into()).await;
            return serde_json::from_slice(&m.delivery.data).unwrap();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no result for {id} within {PATIENCE:?}\nnode log:\n{}",
            node.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_ca_file_and_a_client_certificate_works_and_a_wrong_ca_fails_clearly() {
    let tls_port = free_port();
    let mut certs = None;
    let node = PrivateNode::start_with("tls", |dir| {
        let c = TestCerts::generate(dir);
        let conf = format!(
            "listeners.ssl.1 = 127.0.0.1:{tls_port}\nssl_options.cacertfile = {}\nssl_options.certfile = {}\nssl_options.keyfile = {}\n\
             ssl_options.verify = verify_peer\nssl_options.fail_if_no_peer_cert = false\n",
            c.ca.display(),
            c.server_cert.display(),
            c.server_key.display()
        );
        certs = Some(c);
        conf
    });
    let certs = certs.unwrap();
    let tls_url = format!("amqps://kabar-tls:tls-url-pw-5e1@localhost:{tls_port}/%2f");
    node.ctl(&["add_user", "kabar-tls", "tls-url-pw-5e1"]);
    node.ctl(&["set_permissions", "-p", "/", "kabar-tls", ".*", ".*", ".*"]);

    // A worker over TLS, verifying the broker with the CA file and presenting a client
    // certificate, carries a job end to end.
    let mut settings = node_settings(tls_url.clone());
    settings.amqp.tls_ca_file = certs.ca.display().to_string();
    settings.amqp.tls_cert_file = certs.client_cert.display().to_string();
    settings.amqp.tls_key_file = certs.client_key.display().to_string();
    let worker = InProcessWorker::start(settings.clone()).ready().await;
    let result = round_trip(&node, &settings, "tls-1").await;
    assert_eq!(result["status"], "ok", "{result}");
    let conns = node.ctl(&[
        "list_connections",
        "ssl",
        "peer_cert_subject",
        "ssl_protocol",
    ]);
    assert!(
        conns.contains("CN=kabar-test-client"),
        "the worker's connection should be TLS with the client certificate: {conns}"
    );
    worker.stop().await.unwrap();

    // The binary with only the CA file (no client certificate; the broker allows that).
    let out = kabar_bin()
        .args(["dead", "count"])
        .env("KABAR__AMQP__URL", &tls_url)
        .env("KABAR__AMQP__TLS_CA_FILE", &certs.ca)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");

    // A CA that did not sign the broker's certificate: refused, and the message says so.
    let mut wrong = settings.clone();
    wrong.amqp.tls_ca_file = certs.other_ca.display().to_string();
    let err = kabar::connect(&wrong.amqp, "wrong-ca")
        .await
        .err()
        .expect("a wrong CA must not connect")
        .to_string();
    assert!(
        err.contains("TLS connection to") && err.contains("amqp.tls_ca_file"),
        "{err}"
    );
    assert!(
        !err.contains("tls-url-pw-5e1"),
        "the password leaked: {err}"
    );
    let out = kabar_bin()
        .args(["dead", "count"])
        .env("KABAR__AMQP__URL", &tls_url)
        .env("KABAR__AMQP__TLS_CA_FILE", &certs.other_ca)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("amqp.tls_ca_file"), "{stderr}");
    assert!(
        !stderr.contains("tls-url-pw-5e1"),
        "the password leaked: {stderr}"
    );

    // A file that holds no certificate is named before any connection is tried.
    let mut junk = settings.clone();
    junk.amqp.tls_ca_file = certs.server_key.display().to_string();
    let err = kabar::connect(&junk.amqp, "junk-ca")
        .await
        .err()
        .expect("a key is not a CA")
        .to_string();
    assert!(
        err.contains("amqp.tls_ca_file") && err.contains("no PEM"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_with_a_password_file_connects_and_no_password_reaches_logs_or_errors() {
    const URL_SECRET: &str = "url-secret-4c7a19";
    const FILE_SECRET: &str = "file-secret-9b2d55";
    let node = PrivateNode::start("cred");
    node.ctl(&["add_user", "kabar-cred", FILE_SECRET]);
    node.ctl(&["set_permissions", "-p", "/", "kabar-cred", ".*", ".*", ".*"]);
    let dir = tempfile::tempdir().unwrap();
    let password_file = dir.path().join("password");
    std::fs::write(&password_file, format!("{FILE_SECRET}\n")).unwrap();
    let url = format!("amqp://kabar-cred:{URL_SECRET}@127.0.0.1:{}/%2f", node.port);
    let log_path = dir.path().join("worker.log");

    // The worker with log level debug (lapin's debug lines included), password from the file.
    let worker = kabar_bin()
        .args(["worker", "--log-level", "debug"])
        .env("KABAR__AMQP__URL", &url)
        .env("KABAR__AMQP__PASSWORD_FILE", &password_file)
        .env("KABAR__WORKER__CONCURRENCY", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let settings = node_settings(url.clone());
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !node
        .ctl(&["list_connections", "user"])
        .contains("kabar-cred")
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker never connected\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Its consumer is up once the topology exists: a job goes through.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !node
        .ctl(&["list_queues", "name", "consumers"])
        .lines()
        .any(|l| l.starts_with("kabar.jobs\t1"))
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker never consumed\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(round_trip(&node, &settings, "cred-1").await["status"], "ok");
    assert!(
        Command::new("kill")
            .args(["-TERM", &worker.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = tokio::task::spawn_blocking(move || {
        let mut w = worker;
        w.wait().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0));
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.lines().count() > 3 && log.to_ascii_lowercase().contains("debug"),
        "expected debug logs, got:\n{log}"
    );
    assert!(
        log.contains("amqp://kabar-cred:***@127.0.0.1"),
        "the URL is logged, masked:\n{log}"
    );
    for secret in [URL_SECRET, FILE_SECRET] {
        assert!(!log.contains(secret), "a password reached the logs:\n{log}");
    }

    // Refused logins: a wrong password from the file, and from the URL, named nowhere.
    std::fs::write(&password_file, "wrong-file-pw-71\n").unwrap();
    for (with_file, secret) in [(true, "wrong-file-pw-71"), (false, URL_SECRET)] {
        let mut cmd = kabar_bin();
        cmd.args(["dead", "count", "--log-level", "debug"])
            .env("KABAR__AMQP__URL", &url);
        if with_file {
            cmd.env("KABAR__AMQP__PASSWORD_FILE", &password_file);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("RabbitMQ at amqp://kabar-cred:***@127.0.0.1")
                && stderr.contains("refused the login for user kabar-cred"),
            "{stderr}"
        );
        assert!(
            !stderr.contains(secret) && !stderr.contains(FILE_SECRET),
            "a password leaked: {stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passive_worker_needs_only_read_and_write_never_configure() {
    let node = PrivateNode::start("priv");
    // The topology is declared once by an administrator (here: guest, as a normal worker).
    let admin = node_settings(node.url_as("guest", "guest"));
    {
        let b = kabar::connect(&admin.amqp, "admin").await.unwrap();
        let topo = kabar::Topology::from_settings(&admin.amqp);
        kabar::declare(&b.channel().await.unwrap(), &topo, false)
            .await
            .unwrap();
        b.close().await;
    }
    // The exact line docs/operations.md documents: no configure, write to the results and dead
    // exchanges (and the default exchange, for reply_to), read from the jobs queue.
    node.ctl(&["add_user", "kabar-worker", "worker-pw"]);
    node.ctl(&[
        "set_permissions",
        "-p",
        "/",
        "kabar-worker",
        "^$",
        r"^(kabar\.results|kabar\.dead|amq\.default)$",
        r"^kabar\.jobs$",
    ]);

    let mut settings = node_settings(node.url_as("kabar-worker", "worker-pw"));
    // Without --passive the worker would declare, which needs configure: refused.
    let b = kabar::connect(&settings.amqp, "not-passive").await.unwrap();
    let topo = kabar::Topology::from_settings(&settings.amqp);
    let err = kabar::declare(&b.channel().await.unwrap(), &topo, false)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ACCESS_REFUSED") || err.contains("access"),
        "{err}"
    );
    b.close().await;

    // With --passive it checks, consumes, publishes results and dead-letters.
    settings.amqp.passive = true;
    let worker = InProcessWorker::start(settings.clone()).ready().await;
    assert_eq!(round_trip(&node, &settings, "priv-1").await["status"], "ok");
    let conn = Connection::connect(
        &node.url_as("guest", "guest"),
        ConnectionProperties::default(),
    )
    .await
    .unwrap();
    let ch = conn.create_channel().await.unwrap();
    ch.basic_publish(
        "".into(),
        settings.amqp.jobs_queue.as_str().into(),
        BasicPublishOptions::default(),
        b"{\"id\":\"p\"}",
        BasicProperties::default(),
    )
    .await
    .unwrap();
    wait_for_depth(&node, "kabar.jobs.dead", 1).await;
    let _ = conn.close(200, "bye".into()).await;
    assert!(worker.is_running());
    worker.stop().await.unwrap();

    // An operator for `kabar dead`: read the dead queue, write to the default exchange.
    node.ctl(&["add_user", "kabar-ops", "ops-pw"]);
    node.ctl(&[
        "set_permissions",
        "-p",
        "/",
        "kabar-ops",
        "^$",
        r"^amq\.default$",
        r"^kabar\.jobs\.dead$",
    ]);
    let ops = node_settings(node.url_as("kabar-ops", "ops-pw"));
    assert_eq!(kabar::list_dead(&ops.amqp, 10).await.unwrap().len(), 1);
    let replayed = kabar::replay_dead(&ops.amqp, None, false).await.unwrap();
    assert_eq!(replayed.jobs.len(), 1);
    wait_for_depth(&node, "kabar.jobs", 1).await;
}

/// Waits (within patience) until `rabbitmqctl list_queues` shows `queue` with `n` messages
/// (its figures lag the queue by a moment).
async fn wait_for_depth(node: &PrivateNode, queue: &str, n: u32) {
    let want = format!("{queue}\t{n}");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let listing = node.ctl(&["list_queues", "name", "messages"]);
        if listing.lines().any(|l| l == want) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{queue} never held {n} messages: {listing}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn a_client_certificate_without_its_key_is_a_setting_error() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("client.pem");
    std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\n").unwrap();
    let flags = vec![("amqp.tls_cert_file", cert.display().to_string())];
    let err = Settings::load_from_env(None, &flags, Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("amqp.tls_cert_file") && err.contains("amqp.tls_key_file"),
        "{err}"
    );
    let flags = vec![("amqp.tls_key_file", "/nonexistent/key.pem".to_string())];
    let err = Settings::load_from_env(None, &flags, Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("amqp.tls_key_file") && err.contains("not a readable file"),
        "{err}"
    );
}

/// Whether `GET /readyz` at `addr` (`host:port`) answers `200 OK` within [`PATIENCE`],
/// asked as `kabar health` asks (each try bounded at 5 s: a connection left in the listen
/// backlog would wait for ever) every `every`.
async fn ready_within_patience(addr: &str, every: Duration) -> bool {
    let url = format!("http://{addr}/readyz");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if kabar::check_health(&url).await.as_deref() == Ok("HTTP/1.1 200 OK") {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(every).await;
    }
}

/// Slowloris on the health port: hundreds of connections that each send half a request
/// line and then nothing. The worker runs with 100 file descriptors, as if the rest of a
/// busy process had taken the others: without a bound on connections and a header
/// timeout, the held sockets used them all up and `/readyz` was never answered again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_http_connections_do_not_starve_readyz() {
    use tokio::io::AsyncWriteExt;
    let scope = Scope::new("slowloris");
    let addr = format!("127.0.0.1:{}", free_port());
    let mut worker = Command::new("sh")
        .args(["-c", "ulimit -n 100 && exec \"$0\" worker"])
        .arg(env!("CARGO_BIN_EXE_kabar"))
        .envs(scope.env())
        .env("KABAR__HTTP__LISTEN", &addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        ready_within_patience(&addr, Duration::from_millis(50)).await,
        "the worker never became ready"
    );

    let mut held = Vec::new();
    for _ in 0..300 {
        let Ok(mut s) = tokio::net::TcpStream::connect(&addr).await else {
            continue;
        };
        let _ = s.write_all(b"GET /rea").await;
        held.push(s);
    }
    let answered = ready_within_patience(&addr, Duration::from_millis(100)).await;
    drop(held);
    let _ = worker.kill();
    let _ = worker.wait();
    assert!(
        answered,
        "/readyz was not answered within {PATIENCE:?} while 300 connections held half a request"
    );
}
