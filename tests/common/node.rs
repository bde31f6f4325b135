//! A private RabbitMQ node for destructive tests (connection kills, broker restarts), so the
//! shared node `rabbit@localhost` other engineers' tests use is never disturbed.
//!
//! [`PrivateNode::start`] runs `rabbitmq-server -detached` with its own node name, ports,
//! data and log directories; dropping the guard runs `rabbitmqctl -n <node> stop`, also
//! when the test fails.

use super::{Client, PATIENCE};
use kabar::config::Settings;
use lapin::options::ConfirmSelectOptions;
use lapin::{Connection, ConnectionProperties};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

pub struct PrivateNode {
    /// `kabar-<tag>-<random>@localhost`
    pub name: String,
    /// The AMQP port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tool(name: &str) -> Command {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(name).is_file();
    assert!(
        found,
        "`{name}` is not installed: the reliability suite starts a private RabbitMQ node. \
         Install RabbitMQ (`apt-get install rabbitmq-server`, or see https://www.rabbitmq.com/download.html)"
    );
    let mut c = Command::new(name);
    c.env("PATH", format!("{}:/usr/sbin:/sbin", std::env::var("PATH").unwrap_or_default()));
    c
}

impl PrivateNode {
    /// Starts a node and waits until it accepts AMQP connections (within patience).
    pub fn start(tag: &str) -> PrivateNode {
        let dir = tempfile::Builder::new().prefix("kabar-node-").tempdir().expect("temp dir for the private node");
        let name = format!("kabar-{tag}-{}@localhost", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let port = free_port();
        let dist = free_port();
        let d = dir.path();
        std::fs::write(
            d.join("rabbitmq.conf"),
            format!("listeners.tcp.default = 127.0.0.1:{port}\nlog.console = false\nlog.file.level = warning\n"),
        )
        .unwrap();
        std::fs::write(d.join("plugins"), "[].\n").unwrap();
        std::fs::write(d.join("env.conf"), "").unwrap();
        // As root, rabbitmq-server drops to the `rabbitmq` user, which must own the dirs.
        let _ = Command::new("chown").args(["-R", "rabbitmq:rabbitmq"]).arg(d).output();
        let _ = Command::new("chmod").args(["0777"]).arg(d).output();
        let out = tool("rabbitmq-server")
            .arg("-detached")
            .env("RABBITMQ_NODENAME", &name)
            .env("RABBITMQ_NODE_PORT", port.to_string())
            .env("RABBITMQ_DIST_PORT", dist.to_string())
            .env("RABBITMQ_MNESIA_BASE", d.join("mnesia"))
            .env("RABBITMQ_LOG_BASE", d.join("log"))
            .env("RABBITMQ_CONFIG_FILE", d.join("rabbitmq.conf"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", d.join("plugins"))
            .env("RABBITMQ_CONF_ENV_FILE", d.join("env.conf"))
            .output()
            .expect("running rabbitmq-server");
        assert!(out.status.success(), "rabbitmq-server -detached failed: {}", String::from_utf8_lossy(&out.stderr));
        let node = PrivateNode { name, port, dir };
        // `await_startup` fails at once while the node is not yet registered: ping first.
        let deadline = std::time::Instant::now() + PATIENCE;
        while !node.try_ctl(&["-q", "ping"]).status.success() {
            assert!(std::time::Instant::now() < deadline, "private node {} did not start; logs in {:?}", node.name, node.dir.path());
            std::thread::sleep(Duration::from_millis(300));
        }
        node.ctl(&["await_startup", "--timeout", "120"]);
        node
    }

    pub fn url(&self) -> String {
        format!("amqp://guest:guest@127.0.0.1:{}/%2f", self.port)
    }

    pub fn try_ctl(&self, args: &[&str]) -> Output {
        tool("rabbitmqctl").arg("-n").arg(&self.name).args(args).output().expect("running rabbitmqctl")
    }

    /// Runs `rabbitmqctl -n <this node> ARGS`, failing the test if it fails.
    pub fn ctl(&self, args: &[&str]) -> String {
        let out = self.try_ctl(args);
        assert!(
            out.status.success(),
            "rabbitmqctl -n {} {args:?} failed: {}{}",
            self.name,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn close_all_connections(&self) {
        self.ctl(&["close_all_connections", "kabar reliability test"]);
    }

    pub fn stop_app(&self) {
        self.ctl(&["stop_app"]);
    }

    pub fn start_app(&self) {
        self.ctl(&["start_app"]);
        self.ctl(&["await_startup", "--timeout", "120"]);
    }

    /// Connects, retrying within patience (the node may be restarting).
    pub async fn connect(&self) -> Connection {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match Connection::connect(&self.url(), ConnectionProperties::default()).await {
                Ok(c) => return c,
                Err(e) => {
                    assert!(tokio::time::Instant::now() < deadline, "cannot connect to private node {}: {e}", self.name);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    /// Settings for a private topology on this node (named as [`super::Scope`] names them).
    pub fn settings(&self, test: &str) -> Settings {
        let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
        let base = format!("kabar-test.{test}.{tag}");
        let mut s = Settings::default();
        s.amqp.url = self.url();
        s.amqp.jobs_queue = format!("{base}.jobs");
        s.amqp.results_exchange = format!("{base}.results");
        s.amqp.results_queue = format!("{base}.results");
        s.amqp.dead_exchange = format!("{base}.dead");
        s.amqp.dead_queue = format!("{base}.jobs.dead");
        s.amqp.prefetch = 32;
        s.amqp.reconnect_min_ms = 100;
        s.amqp.reconnect_max_ms = 2000;
        s.worker.concurrency = 2;
        s.worker.shutdown_timeout_s = 30;
        s
    }

    /// Declares the topology of `settings` the way a worker would.
    pub async fn declare(&self, settings: &Settings) {
        let conn = self.connect().await;
        let ch = conn.create_channel().await.unwrap();
        let topo = kabar::broker::topology::Topology::from_settings(&settings.amqp);
        kabar::broker::declare(&ch, &topo, false).await.expect("declaring the test topology");
        let _ = conn.close(200, "bye".into()).await;
    }

    pub async fn client(&self, settings: &Settings) -> Client {
        let conn = self.connect().await;
        let channel = conn.create_channel().await.unwrap();
        channel.confirm_select(ConfirmSelectOptions::default()).await.unwrap();
        Client { _conn: conn, channel, settings: settings.clone() }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PrivateNode {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let keep = std::env::temp_dir().join(format!("{}-logs", self.name));
            let _ = Command::new("cp").arg("-r").arg(self.dir.path().join("log")).arg(&keep).output();
            eprintln!("the private node's logs are kept in {keep:?}");
            let q = self.try_ctl(&["list_queues", "name", "type", "messages", "messages_ready", "messages_unacknowledged"]);
            eprintln!("queues on {} at failure:\n{}", self.name, String::from_utf8_lossy(&q.stdout));
        }
        let out = self.try_ctl(&["stop"]);
        if !out.status.success() {
            eprintln!("could not stop private node {}: {}", self.name, String::from_utf8_lossy(&out.stderr));
        }
    }
}
