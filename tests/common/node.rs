//! A private RabbitMQ node for tests that must change users, permissions or listeners:
//! never the shared default node. Started with `rabbitmq-server -detached` under a unique
//! node name, free ports and a temporary directory (data, logs, config, plugins), and
//! stopped with `rabbitmqctl -n <node> stop` when the guard is dropped, also on failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a private node may take to boot on a loaded machine (a hang guard, not a
/// speed assertion).
const BOOT_PATIENCE: Duration = Duration::from_secs(240);

pub struct PrivateNode {
    /// `kabar-<tag>-<random>@localhost`: what `rabbitmqctl -n` addresses.
    pub name: String,
    /// The plain AMQP listener, on 127.0.0.1.
    pub port: u16,
    /// Holds the node's data, logs, config and whatever the test writes there (certificates).
    pub dir: tempfile::TempDir,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn need(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false);
    assert!(found, "`{tool}` is not installed: this test needs it (`apt-get install {package}`)");
}

impl PrivateNode {
    /// Starts a node with `extra_conf` (rabbitmq.conf lines; the closure gets the node's
    /// directory, where it may write certificates first) and waits until it has booted.
    pub fn start(tag: &str, extra_conf: impl FnOnce(&Path) -> String) -> PrivateNode {
        need("rabbitmq-server", "rabbitmq-server");
        need("rabbitmqctl", "rabbitmq-server");
        let dir = tempfile::Builder::new().prefix("kabar-node-").tempdir().unwrap();
        let rand = &uuid::Uuid::new_v4().simple().to_string()[..8];
        let name = format!("kabar-{tag}-{rand}@localhost");
        let port = free_port();
        let dist_port = free_port();
        let conf = format!("listeners.tcp.1 = 127.0.0.1:{port}\nloopback_users = none\n{}\n", extra_conf(dir.path()));
        std::fs::write(dir.path().join("rabbitmq.conf"), conf).unwrap();
        std::fs::write(dir.path().join("enabled_plugins"), "[].\n").unwrap();
        // As root, rabbitmq-server runs the node as the `rabbitmq` user: it must own its files.
        if is_root() {
            let st = Command::new("chown").args(["-R", "rabbitmq:rabbitmq"]).arg(dir.path()).status().unwrap();
            assert!(st.success(), "chown of the private node's directory failed");
        }
        let node = PrivateNode { name, port, dir };
        let d = node.dir.path();
        let started = Command::new("rabbitmq-server")
            .arg("-detached")
            .env("RABBITMQ_NODENAME", &node.name)
            .env("RABBITMQ_NODE_PORT", port.to_string())
            .env("RABBITMQ_DIST_PORT", dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", d.join("mnesia"))
            .env("RABBITMQ_LOG_BASE", d.join("log"))
            .env("RABBITMQ_CONFIG_FILE", d.join("rabbitmq.conf"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", d.join("enabled_plugins"))
            .output()
            .unwrap();
        assert!(started.status.success(), "rabbitmq-server -detached failed: {}", String::from_utf8_lossy(&started.stderr));
        // The node registers with epmd a moment after -detached returns: until then
        // await_startup fails at once, so retry it.
        let deadline = Instant::now() + BOOT_PATIENCE;
        loop {
            let out = node.ctl_raw(&["await_startup", "--timeout", "60"]);
            if out.status.success() {
                break;
            }
            if Instant::now() > deadline {
                panic!(
                    "private RabbitMQ node {} did not boot within {BOOT_PATIENCE:?}: {}\nlog:\n{}",
                    node.name,
                    String::from_utf8_lossy(&out.stderr),
                    node.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        node
    }

    /// `rabbitmqctl -n <node> args...`, whatever its outcome.
    pub fn ctl_raw(&self, args: &[&str]) -> Output {
        Command::new("rabbitmqctl").arg("-n").arg(&self.name).args(args).output().unwrap()
    }

    /// `rabbitmqctl -n <node> args...`; fails the test when it fails.
    pub fn ctl(&self, args: &[&str]) -> String {
        let out = self.ctl_raw(args);
        assert!(out.status.success(), "rabbitmqctl {args:?} on {} failed: {}", self.name, String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// An AMQP URL for this node's plain listener.
    pub fn url(&self, user: &str, password: &str) -> String {
        format!("amqp://{user}:{password}@127.0.0.1:{}/%2f", self.port)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// The end of the node's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = self.dir.path().join("log").join(format!("{}.log", self.name));
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<_> = text.lines().rev().take(30).collect();
        lines.into_iter().rev().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for PrivateNode {
    fn drop(&mut self) {
        let _ = self.ctl_raw(&["stop"]);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.trim_ascii() == b"0").unwrap_or(false)
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
        need("openssl", "openssl");
        let p = |f: &str| dir.join(f);
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl").args(args).current_dir(dir).output().unwrap();
            assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        };
        let ca = |name: &str, cn: &str| {
            openssl(&[
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", &format!("{name}.key"), "-out", &format!("{name}.pem"), "-days", "2", "-subj", &format!("/CN={cn}"),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ]);
        };
        ca("ca", "kabar test CA");
        ca("other-ca", "kabar unrelated CA");
        let leaf = |name: &str, cn: &str, ext: &str| {
            std::fs::write(p(&format!("{name}.ext")), ext).unwrap();
            openssl(&[
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", &format!("{name}.key"), "-out", &format!("{name}.csr"), "-subj", &format!("/CN={cn}"),
            ]);
            openssl(&[
                "x509", "-req", "-in", &format!("{name}.csr"), "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", &format!("{name}.pem"), "-days", "2", "-extfile", &format!("{name}.ext"),
            ]);
        };
        leaf(
            "server",
            "localhost",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
        );
        leaf("client", "kabar-test-client", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");
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
