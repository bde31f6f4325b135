//! A TCP proxy between the worker and the broker that can break the connections it carries
//! without closing them: `cut` silently drops every byte (a dead network path), `stall`
//! stops reading (a frozen peer). Either way no FIN or RST reaches anyone, so only
//! heartbeats can tell. `mute` is subtler: everything passes, heartbeats included, except
//! the client's `basic.cancel` and `connection.close`, which the broker then never answers
//! (a broker that is alive but does not reply); `mute_next_consume` does the same to the
//! next connection's `basic.consume`. New connections after the fault pass normally.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const PASS: u8 = 0;
const CUT: u8 = 1;
const STALL: u8 = 2;
const MUTE: u8 = 3;
const MUTE_CONSUME: u8 = 4;

/// What [`Proxy::mute`] drops: (class, method) of `basic.cancel` and `connection.close`.
const MUTED: [(u16, u16); 2] = [(60, 30), (10, 50)];
/// What [`Proxy::mute_next_consume`] drops: `basic.consume`.
const MUTED_CONSUME: [(u16, u16); 1] = [(60, 20)];

pub struct Proxy {
    pub port: u16,
    conns: Arc<Mutex<Vec<Arc<AtomicU8>>>>,
    tasks: Arc<Mutex<JoinSet<()>>>,
    accept: tokio::task::JoinHandle<()>,
    /// The mode the next accepted connection starts in (then back to `PASS`).
    next: Arc<AtomicU8>,
}

impl Proxy {
    pub async fn start(upstream_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let conns: Arc<Mutex<Vec<Arc<AtomicU8>>>> = Arc::default();
        let tasks: Arc<Mutex<JoinSet<()>>> = Arc::default();
        let next = Arc::new(AtomicU8::new(PASS));
        let (c, t, n) = (conns.clone(), tasks.clone(), next.clone());
        let accept = tokio::spawn(async move {
            while let Ok((down, _)) = listener.accept().await {
                let Ok(up) = TcpStream::connect(("127.0.0.1", upstream_port)).await else {
                    continue;
                };
                let state = Arc::new(AtomicU8::new(n.swap(PASS, Ordering::SeqCst)));
                c.lock().unwrap().push(state.clone());
                let (dr, dw) = down.into_split();
                let (ur, uw) = up.into_split();
                let mut t = t.lock().unwrap();
                t.spawn(pump(dr, uw, state.clone(), true));
                t.spawn(pump(ur, dw, state, false));
            }
        });
        Proxy {
            port,
            conns,
            tasks,
            accept,
            next,
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

    /// From now on, drops the client's `basic.cancel` and `connection.close` frames on the
    /// current connections and passes everything else. Returns how many were muted.
    pub fn mute(&self) -> usize {
        self.set_all(MUTE)
    }

    /// The next connection through the proxy (only that one) has its `basic.consume`
    /// frames dropped: the broker never starts its consumer nor answers.
    pub fn mute_next_consume(&self) {
        self.next.store(MUTE_CONSUME, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.tasks.lock().unwrap().abort_all();
    }
}

/// Copies `from` to `to` until either ends, obeying `state`. With `frames` (the client's
/// direction) it forwards whole AMQP frames only, so that a muted method can be dropped
/// without the broker ever seeing a partial frame: the 8-byte protocol header, then frames
/// of type (1), channel (2), size (4), payload (size), end marker (1).
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    state: Arc<AtomicU8>,
    frames: bool,
) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut pending: Vec<u8> = Vec::new();
    let mut header_left = if frames { 8 } else { 0 };
    loop {
        if state.load(Ordering::SeqCst) == STALL {
            // Hold both sockets open, read nothing: the peer's writes pile up in buffers.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            continue;
        }
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => {
                if matches!(state.load(Ordering::SeqCst), PASS | MUTE | MUTE_CONSUME) {
                    let _ = to.shutdown().await;
                    return;
                }
                // A broken path propagates nothing, not even a close: keep `to` open.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Ok(n) => n,
        };
        let muted: &[(u16, u16)] = match state.load(Ordering::SeqCst) {
            PASS => &[],
            MUTE => &MUTED,
            MUTE_CONSUME => &MUTED_CONSUME,
            _ => continue,
        };
        let out = if frames {
            pending.extend_from_slice(&buf[..n]);
            whole_frames(&mut pending, &mut header_left, muted)
        } else {
            buf[..n].to_vec()
        };
        if to.write_all(&out).await.is_err() {
            return;
        }
    }
}

/// Takes the complete frames (and any protocol header bytes) off the front of `pending`,
/// leaving a partial frame there, and returns the bytes to forward: all of them, except
/// the method frames whose (class, method) is in `muted`.
fn whole_frames(pending: &mut Vec<u8>, header_left: &mut usize, muted: &[(u16, u16)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pending.len());
    let mut at = (*header_left).min(pending.len());
    out.extend_from_slice(&pending[..at]);
    *header_left -= at;
    while pending.len() - at >= 7 {
        let size = u32::from_be_bytes(pending[at + 3..at + 7].try_into().unwrap()) as usize;
        let total = 7 + size + 1;
        if pending.len() - at < total {
            break;
        }
        let frame = &pending[at..at + total];
        let method = (frame[0] == 1 && size >= 4).then(|| {
            (
                u16::from_be_bytes([frame[7], frame[8]]),
                u16::from_be_bytes([frame[9], frame[10]]),
            )
        });
        if !method.is_some_and(|m| muted.contains(&m)) {
            out.extend_from_slice(frame);
        }
        at += total;
    }
    pending.drain(..at);
    out
}

#[test]
fn whole_frames_forwards_complete_frames_and_drops_muted_methods() {
    let frame = |kind: u8, payload: &[u8]| {
        let mut f = vec![kind, 0, 1];
        f.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        f.extend_from_slice(payload);
        f.push(0xce);
        f
    };
    let cancel = frame(1, &[0, 60, 0, 30, 9, 9]);
    let ack = frame(1, &[0, 60, 0, 80, 1]);
    let body = frame(3, &[0, 60, 0, 30]); // not a method frame: never muted
    let mut stream = b"AMQP\x00\x00\x09\x01".to_vec();
    for f in [&cancel, &ack, &body] {
        stream.extend_from_slice(f);
    }
    // Fed in three pieces: one ends inside the header, one inside the last frame.
    let (mut pending, mut header_left) = (stream[..5].to_vec(), 8);
    let mut out = whole_frames(&mut pending, &mut header_left, &MUTED);
    assert_eq!(out, stream[..5]);
    assert_eq!(header_left, 3);
    pending.extend_from_slice(&stream[5..stream.len() - 3]);
    out.extend(whole_frames(&mut pending, &mut header_left, &MUTED));
    pending.extend_from_slice(&stream[stream.len() - 3..]);
    out.extend(whole_frames(&mut pending, &mut header_left, &MUTED));
    let mut expected = b"AMQP\x00\x00\x09\x01".to_vec();
    expected.extend_from_slice(&ack);
    expected.extend_from_slice(&body);
    assert_eq!(out, expected);
    assert!(pending.is_empty());
    // Unmuted, everything passes.
    let (mut pending, mut header_left) = (stream.clone(), 8);
    assert_eq!(whole_frames(&mut pending, &mut header_left, &[]), stream);
}
