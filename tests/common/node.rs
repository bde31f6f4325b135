//! A private RabbitMQ node for tests that kill connections, restart the broker, or change
//! users, permissions or listeners, so the shared node other tests use is never disturbed.
//!
//! [`PrivateNode::start`] runs `rabbitmq-server -detached` with its own node name, ports,
//! data and log directories (and [`PrivateNode::start_with`] adds rabbitmq.conf lines, e.g.
//! a TLS listener); dropping the guard runs `rabbitmqctl -n <node> stop`, also when the
//! test fails.

use super::{Client, PATIENCE};
use kabar::Settings;
use lapin::options::ConfirmSelectOptions;
use lapin::{Connection, ConnectionProperties};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

pub struct PrivateNode {
    /// `kabar-<tag>-<random>@localhost`
    pub name: String,
    /// The AMQP port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

/// A port nobody listens on right now, chosen *below* the kernel's ephemeral range.
///
/// Why not `bind(":0")`: that hands out a port from the ephemeral range, which every
/// outgoing connection on the machine also draws its local port from (the tests' own
/// clients, and each `rabbitmqctl`, which is an Erlang node that listens and connects).
/// Between this function returning and a private node binding the port seconds later, one
/// of those could take it, and the node then fails to boot (`rabbit_is_not_running`, seen
/// once in CI). Ports below the range are only ever taken by explicit listeners.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    let (base, span) = if low > 12_000 {
        (10_000u16, low - 10_000)
    } else {
        (low, 0)
    };
    if span == 0 {
        return std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
    }
    // A random start per process (test binaries run side by side), then a walk, so one
    // process never hands out the same port twice.
    let _ = NEXT.compare_exchange(
        0,
        fastrand::u16(1..span),
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    for _ in 0..span {
        let port = base + NEXT.fetch_add(1, Ordering::SeqCst) % span;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port in {base}..{low}");
}

fn tool(name: &str) -> Command {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(name).is_file();
    let package = if name == "openssl" {
        "openssl"
    } else {
        "rabbitmq-server"
    };
    assert!(
        found,
        "`{name}` is not installed and this test needs it: `apt-get install {package}`"
    );
    let mut c = Command::new(name);
    c.env(
        "PATH",
        format!(
            "{}:/usr/sbin:/sbin",
            std::env::var("PATH").unwrap_or_default()
        ),
    );
    c
}

impl PrivateNode {
    /// Starts a node and waits until it accepts AMQP connections (within patience).
    pub fn start(tag: &str) -> PrivateNode {
        Self::start_with(tag, |_| String::new())
    }

    /// Starts a node with `extra_conf` (rabbitmq.conf lines; the closure gets the node's
    /// directory, where it may write certificates first).
    ///
    /// A node that fails to boot is stopped and started again, with new ports and a new
    /// directory, up to three times; the failure message carries each attempt's log tail.
    pub fn start_with(tag: &str, mut extra_conf: impl FnMut(&Path) -> String) -> PrivateNode {
        let mut failures = Vec::new();
        for attempt in 1..=3 {
            match Self::try_start(tag, &mut extra_conf) {
                Ok(node) => return node,
                Err(why) => {
                    eprintln!("private node for {tag}, attempt {attempt} failed to boot: {why}");
                    failures.push(format!("attempt {attempt}: {why}"));
                }
            }
        }
        panic!(
            "a private RabbitMQ node for {tag} failed to boot three times (is `rabbitmq-server` installed and \
             does `rabbitmq-server -detached` work as root here?):\n{}",
            failures.join("\n\n")
        );
    }

    fn try_start(
        tag: &str,
        extra_conf: &mut impl FnMut(&Path) -> String,
    ) -> Result<PrivateNode, String> {
        let dir = tempfile::Builder::new()
            .prefix("kabar-node-")
            .tempdir()
            .expect("temp dir for the private node");
        let name = format!(
            "kabar-{tag}-{}@localhost",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let port = free_port();
        let dist = free_port();
        let d = dir.path();
        std::fs::write(
            d.join("rabbitmq.conf"),
            format!(
                "listeners.tcp.default = 127.0.0.1:{port}\nloopback_users = none\nlog.console = false\nlog.file.level = warning\n{}\n",
                extra_conf(d)
            ),
        )
        .unwrap();
        std::fs::write(d.join("plugins"), "[].\n").unwrap();
        std::fs::write(d.join("env.conf"), "").unwrap();
        // As root, rabbitmq-server drops to the `rabbitmq` user, which must own the dirs.
        let _ = Command::new("chown")
            .args(["-R", "rabbitmq:rabbitmq"])
            .arg(d)
            .output();
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
        assert!(
            out.status.success(),
            "rabbitmq-server -detached failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // From here on, dropping `node` stops it: a failed attempt leaves nothing running.
        let node = PrivateNode { name, port, dir };
        // `await_startup` fails at once while the node is not yet registered: ping first.
        let deadline = std::time::Instant::now() + PATIENCE;
        while !node.try_ctl(&["-q", "ping"]).status.success() {
            if std::time::Instant::now() > deadline {
                return Err(format!(
                    "{} did not answer ping within {PATIENCE:?}; log tail:\n{}",
                    node.name,
                    node.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        let out = node.try_ctl(&["await_startup", "--timeout", "120"]);
        if !out.status.success() {
            return Err(format!(
                "{} (AMQP port {port}, dist port {dist}) await_startup: {}{}\nlog tail:\n{}",
                node.name,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                node.log_tail()
            ));
        }
        Ok(node)
    }

    /// An AMQP URL for the plain listener, as guest.
    pub fn url(&self) -> String {
        self.url_as("guest", "guest")
    }

    /// An AMQP URL for the plain listener, as `user`.
    pub fn url_as(&self, user: &str, password: &str) -> String {
        format!("amqp://{user}:{password}@127.0.0.1:{}/%2f", self.port)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// The end of the node's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = self
            .dir
            .path()
            .join("log")
            .join(format!("{}.log", self.name));
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<_> = text.lines().rev().take(30).collect();
        lines.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    pub fn try_ctl(&self, args: &[&str]) -> Output {
        tool("rabbitmqctl")
            .arg("-n")
            .arg(&self.name)
            .args(args)
            .output()
            .expect("running rabbitmqctl")
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
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "cannot connect to private node {}: {e}",
                        self.name
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    /// Settings for a private topology on this node (named as [`super::Scope`] names them).
    pub fn settings(&self, test: &str) -> Settings {
        super::test_settings(test, &self.url())
    }

    /// Declares the topology of `settings` the way a worker would.
    pub async fn declare(&self, settings: &Settings) {
        let conn = self.connect().await;
        let ch = conn.create_channel().await.unwrap();
        let topo = kabar::Topology::from_settings(&settings.amqp);
        kabar::declare(&ch, &topo, false)
            .await
            .expect("declaring the test topology");
        let _ = conn.close(200, "bye".into()).await;
    }

    pub async fn client(&self, settings: &Settings) -> Client {
        let conn = self.connect().await;
        let channel = conn.create_channel().await.unwrap();
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .unwrap();
        Client {
            _conn: conn,
            channel,
            settings: settings.clone(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PrivateNode {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let keep = std::env::temp_dir().join(format!("{}-logs", self.name));
            let _ = Command::new("cp")
                .arg("-r")
                .arg(self.dir.path().join("log"))
                .arg(&keep)
                .output();
            eprintln!("the private node's logs are kept in {keep:?}");
            let q = self.try_ctl(&[
                "list_queues",
                "name",
                "type",
                "messages",
                "messages_ready",
                "messages_unacknowledged",
            ]);
            eprintln!(
                "queues on {} at failure:\n{}",
                self.name,
                String::from_utf8_lossy(&q.stdout)
            );
        }
        let out = self.try_ctl(&["stop"]);
        if !out.status.success() {
            eprintln!(
                "could not stop private node {}: {}",
                self.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Test certificates made with the openssl CLI in a node's directory: a CA, a server
/// certificate for `localhost`/127.0.0.1 and a client certificate it signed, and a second,
/// unrelated CA (for "wrong CA" tests). Elliptic-curve keys, valid for two days.
pub struct TestCerts {
    pub ca: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub client_cert: PathBuf,
    pub client_key: PathBuf,
    pub other_ca: PathBuf,
}

impl TestCerts {
    pub fn generate(dir: &Path) -> TestCerts {
        drop(tool("openssl"));
        let p = |f: &str| dir.join(f);
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let ca = |name: &str, cn: &str| {
            openssl(&[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.pem"),
                "-days",
                "2",
                "-subj",
                &format!("/CN={cn}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]);
        };
        ca("ca", "kabar test CA");
        ca("other-ca", "kabar unrelated CA");
        let leaf = |name: &str, cn: &str, ext: &str| {
            std::fs::write(p(&format!("{name}.ext")), ext).unwrap();
            openssl(&[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.csr"),
                "-subj",
                &format!("/CN={cn}"),
            ]);
            openssl(&[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                &format!("{name}.pem"),
                "-days",
                "2",
                "-extfile",
                &format!("{name}.ext"),
            ]);
        };
        leaf(
            "server",
            "localhost",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
        );
        leaf(
            "client",
            "kabar-test-client",
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
        );
        TestCerts {
            ca: p("ca.pem"),
            server_cert: p("server.pem"),
            server_key: p("server.key"),
            client_cert: p("client.pem"),
            client_key: p("client.key"),
            other_ca: p("other-ca.pem"),
        }
    }
}
