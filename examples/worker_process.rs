//! The `kabar worker` process measured from outside: time from spawn to ready (`/readyz`
//! answering 200), idle RSS, and optionally peak RSS (VmHWM) and jobs/s while it drains a
//! pre-loaded backlog. Private queues (`kabar-wp.<tag>.*`), deleted afterwards.
//!
//! ```sh
//! cargo build --release && cargo run --release --example worker_process -- --runs 3
//! cargo run --release --example worker_process -- --backlog 100000 --prefetch 200 --queue-type classic \
//!     --corpus ../shared/data/corpus/articles.dev.jsonl
//! ```

use clap::Parser;
use kabar::{BindingSpec, Message, Publisher, ReplyConsumer, Settings, Topology};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The kabar binary.
    #[arg(long, default_value = "target/release/kabar")]
    bin: PathBuf,
    /// Start/stop cycles for time-to-ready and idle RSS.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Jobs to pre-load before one more run that drains them (0 = none).
    #[arg(long, default_value_t = 0)]
    backlog: usize,
    #[arg(long, default_value_t = 200)]
    prefetch: u16,
    #[arg(long, default_value = "quorum")]
    queue_type: String,
    #[arg(long)]
    corpus: Option<PathBuf>,
}

fn private_settings(queue_type: &str) -> Settings {
    let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let mut s = Settings::default();
    if let Ok(url) = std::env::var("KABAR_AMQP_URL") {
        s.amqp.url = url;
    }
    s.amqp.jobs_queue = format!("kabar-wp.{tag}.jobs");
    s.amqp.results_exchange = format!("kabar-wp.{tag}.results");
    s.amqp.results_queue = String::new();
    s.amqp.dead_exchange = format!("kabar-wp.{tag}.dead");
    s.amqp.dead_queue = format!("kabar-wp.{tag}.jobs.dead");
    s.amqp.queue_type = match queue_type {
        "classic" => kabar::QueueType::Classic,
        _ => kabar::QueueType::Quorum,
    };
    s
}

fn spawn(args: &Args, s: &Settings, port: u16) -> std::io::Result<Child> {
    let a = &s.amqp;
    Command::new(&args.bin)
        .args([
            "worker",
            "--prefetch",
            &args.prefetch.to_string(),
            "--http-listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env("KABAR__AMQP__URL", &a.url)
        .env("KABAR__AMQP__JOBS_QUEUE", &a.jobs_queue)
        .env("KABAR__AMQP__RESULTS_EXCHANGE", &a.results_exchange)
        .env("KABAR__AMQP__RESULTS_QUEUE", "")
        .env("KABAR__AMQP__DEAD_EXCHANGE", &a.dead_exchange)
        .env("KABAR__AMQP__DEAD_QUEUE", &a.dead_queue)
        .env("KABAR__AMQP__QUEUE_TYPE", a.queue_type.as_str())
        .env("KABAR__LOG__LEVEL", "warn")
        .stdin(Stdio::null())
        .spawn()
}

fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(19464)
}

async fn wait_ready(child: &mut Child, port: u16) -> Result<Duration, String> {
    let started = Instant::now();
    let url = format!("http://127.0.0.1:{port}/readyz");
    loop {
        if kabar::check_health(&url).await.is_ok() {
            return Ok(started.elapsed());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("kabar worker exited with {status} before ready"));
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("not ready within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if !args.bin.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release` first or pass --bin",
            args.bin.display()
        )
        .into());
    }
    let s = private_settings(&args.queue_type);
    let topology = Topology::from_settings(&s.amqp);
    let conn = kabar::connect(&s.amqp, "kabar worker_process").await?;
    let channel = conn.channel().await?;
    kabar::declare(&channel, &topology, false).await?;
    let result = measure(&args, &s, &conn).await;
    let _ = kabar::delete(&channel, &topology).await;
    conn.close().await;
    result
}

async fn measure(
    args: &Args,
    s: &Settings,
    conn: &kabar::Broker,
) -> Result<(), Box<dyn std::error::Error>> {
    for run in 0..args.runs {
        let port = free_port();
        let mut child = spawn(args, s, port)?;
        let ready = wait_ready(&mut child, port).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let rss = status_kb(child.id(), "VmRSS:");
        stop(&mut child);
        let ready = ready?;
        println!(
            "run {run}: ready in {:.1} ms; idle RSS {:.1} MB",
            ready.as_secs_f64() * 1e3,
            rss.unwrap_or(0) as f64 / 1024.0
        );
    }
    if args.backlog == 0 {
        return Ok(());
    }
    let articles = match &args.corpus {
        Some(p) => kabar::load_corpus(p)?,
        None => kabar::synthetic_articles(64),
    };
    let channel = conn.channel().await?;
    let mut replies = ReplyConsumer::open(&channel).await?;
    let bind = BindingSpec {
        source: s.amqp.results_exchange.clone(),
        destination: replies.queue().to_string(),
        routing_key: "#".into(),
    };
    kabar::declare(
        &channel,
        &Topology {
            exchanges: vec![],
            queues: vec![],
            bindings: vec![bind],
        },
        false,
    )
    .await?;
    let publisher = Publisher::new(conn.channel().await?).await?;
    use futures_util::StreamExt;
    let queue = s.amqp.jobs_queue.as_str();
    let mut stream = futures_util::stream::iter(0..args.backlog)
        .map(|i| {
            let publisher = &publisher;
            let body = kabar::job_body("b", i, &articles);
            async move {
                let m = Message {
                    routing_key: queue,
                    body: body.as_bytes(),
                    content_type: Some("application/json"),
                    mandatory: true,
                    ..Default::default()
                };
                publisher.publish(&m).await
            }
        })
        .buffer_unordered(256);
    while let Some(r) = stream.next().await {
        r?;
    }
    drop(stream);
    eprintln!("pre-loaded {} jobs", args.backlog);
    let port = free_port();
    let mut child = spawn(args, s, port)?;
    let ready = wait_ready(&mut child, port).await?;
    let started = Instant::now();
    let mut got = 0;
    let mut max_rss = 0;
    let mut last_sample = Instant::now();
    while got < args.backlog {
        match tokio::time::timeout(Duration::from_secs(120), replies.next()).await {
            Ok(Some(Ok(_))) => got += 1,
            _ => break,
        }
        if last_sample.elapsed() > Duration::from_millis(100) {
            max_rss = max_rss.max(status_kb(child.id(), "VmRSS:").unwrap_or(0));
            last_sample = Instant::now();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let hwm = status_kb(child.id(), "VmHWM:").unwrap_or(0);
    stop(&mut child);
    println!(
        "backlog {} ({} queue, prefetch {}): ready in {:.1} ms, {got} results in {secs:.1} s = {:.0} jobs/s; peak RSS (VmHWM) {:.1} MB",
        args.backlog,
        s.amqp.queue_type,
        args.prefetch,
        ready.as_secs_f64() * 1e3,
        got as f64 / secs,
        hwm as f64 / 1024.0
    );
    Ok(())
}
