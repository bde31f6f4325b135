//! A TCP proxy between the worker and the broker that can break the connections it carries
//! without closing them: `cut` silently drops every byte (a dead network path), `stall`
//! stops reading (a frozen peer). Either way no FIN or RST reaches anyone, so only
//! heartbeats can tell. New connections after the fault pass normally.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const PASS: u8 = 0;
const CUT: u8 = 1;
const STALL: u8 = 2;

pub struct Proxy {
    pub port: u16,
    conns: Arc<Mutex<Vec<Arc<AtomicU8>>>>,
    tasks: Arc<Mutex<JoinSet<()>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub async fn start(upstream_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let conns: Arc<Mutex<Vec<Arc<AtomicU8>>>> = Arc::default();
        let tasks: Arc<Mutex<JoinSet<()>>> = Arc::default();
        let (c, t) = (conns.clone(), tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((down, _)) = listener.accept().await {
                let Ok(up) = TcpStream::connect(("127.0.0.1", upstream_port)).await else {
                    continue;
                };
                let state = Arc::new(AtomicU8::new(PASS));
                c.lock().unwrap().push(state.clone());
                let (dr, dw) = down.into_split();
                let (ur, uw) = up.into_split();
                let mut t = t.lock().unwrap();
                t.spawn(pump(dr, uw, state.clone()));
                t.spawn(pump(ur, dw, state));
            }
        });
        Proxy {
            port,
            conns,
            tasks,
            accept,
        }
    }

    fn set_all(&self, mode: u8) -> usize {
        let conns = self.conns.lock().unwrap();
        let mut n = 0;
        for s in conns.iter() {
            if s.load(Ordering::SeqCst) == PASS {
                s.store(mode, Ordering::SeqCst);
                n += 1;
            }
        }
        n
    }

    /// Drops all traffic of the current connections, both ways, keeping the sockets open.
    /// Returns how many connections were cut.
    pub fn cut(&self) -> usize {
        self.set_all(CUT)
    }

    /// Stops reading from the current connections, both ways, keeping the sockets open.
    pub fn stall(&self) -> usize {
        self.set_all(STALL)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.tasks.lock().unwrap().abort_all();
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    state: Arc<AtomicU8>,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if state.load(Ordering::SeqCst) == STALL {
            // Hold both sockets open, read nothing: the peer's writes pile up in buffers.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            continue;
        }
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => {
                if state.load(Ordering::SeqCst) == PASS {
                    let _ = to.shutdown().await;
                    return;
                }
                // A broken path propagates nothing, not even a close: keep `to` open.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Ok(n) => n,
        };
        if state.load(Ordering::SeqCst) != PASS {
            continue;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}
