//! The command line of the product: `kabar worker | submit | analyze | health | dead | bench`.
//! The lab's `eval` and `train` are `kabar-lab` (`src/lab/cli.rs`, feature `lab`).
//!
//! Parsing and dispatch only; every command is a library function that tests call
//! directly. Flags are the highest-precedence configuration layer (see config.rs).

use crate::config::{Overrides, Settings};
use crate::input;
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

/// The `kabar` command line, as parsed; [`run`] runs it.
#[derive(Debug, Parser)]
#[command(
    name = "kabar",
    version,
    about = "News-analysis worker for RabbitMQ: raw articles in, structured JSON out"
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Consume jobs from RabbitMQ, analyse them, publish results (the daemon).
    Worker(WorkerArgs),
    /// Publish articles as jobs; with --wait, collect their results as JSON lines.
    Submit(SubmitArgs),
    /// Analyse articles locally, without a broker, and print the result documents.
    Analyze(AnalyzeArgs),
    /// Exit 0 when a worker's health endpoint answers 200 (for container HEALTHCHECKs).
    Health {
        #[arg(long, default_value = "http://127.0.0.1:9464/healthz")]
        url: String,
    },
    /// Count, list or replay the jobs in the dead queue.
    #[command(subcommand)]
    Dead(DeadCommand),
    /// Measure the worker end to end on a broker: jobs/s, latency, CPU, RSS (private queues).
    Bench(BenchArgs),
}

#[derive(Debug, Subcommand)]
pub enum DeadCommand {
    /// Print how many jobs the dead queue holds.
    Count {
        #[command(flatten)]
        common: Common,
    },
    /// Show dead-lettered jobs (id, reason, first death, queue, size) without consuming them.
    List {
        #[command(flatten)]
        common: Common,
        /// Show at most this many, from the head of the queue.
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: usize,
        /// One JSON object a line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Move dead-lettered jobs back to the jobs queue (at-least-once: publish, confirm, then ack).
    Replay {
        #[command(flatten)]
        common: Common,
        /// Replay at most this many (default: all present when the command starts).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Only show what would be replayed; move nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Settings flags shared by the commands that talk to the broker.
#[derive(Debug, Args)]
pub struct Common {
    /// TOML configuration file (see deploy/kabar.toml).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Broker URL (amqp.url), e.g. amqp://guest:guest@127.0.0.1:5672/%2f
    #[arg(long, value_name = "URL")]
    pub amqp_url: Option<String>,
    /// Jobs queue name (amqp.jobs_queue).
    #[arg(long, value_name = "NAME")]
    pub queue: Option<String>,
    /// Only check that the topology exists; never declare it (amqp.passive).
    #[arg(long)]
    pub passive: bool,
    /// text or json (log.format).
    #[arg(long, value_name = "FORMAT")]
    pub log_format: Option<String>,
    /// A tracing filter such as info or kabar=debug (log.level).
    #[arg(long, value_name = "LEVEL")]
    pub log_level: Option<String>,
}

impl Common {
    fn overrides(&self) -> Overrides {
        let mut o: Overrides = Vec::new();
        let mut put = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                o.push((k, v.clone()));
            }
        };
        put("amqp.url", &self.amqp_url);
        put("amqp.jobs_queue", &self.queue);
        put("log.format", &self.log_format);
        put("log.level", &self.log_level);
        if self.passive {
            o.push(("amqp.passive", "true".into()));
        }
        o
    }
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub common: Common,
    /// Analysis slots (worker.concurrency); 0 = number of CPUs.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Unacked jobs the broker may push to this worker (amqp.prefetch).
    #[arg(long, value_name = "N")]
    pub prefetch: Option<u16>,
    /// Address for /healthz, /readyz, /metrics (http.listen), e.g. 0.0.0.0:9464.
    #[arg(long, value_name = "ADDR")]
    pub http_listen: Option<String>,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub common: Common,
    /// .txt (one article), .json (one envelope), .jsonl (one a line), directories, or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Wait for every job's result and write them as JSON lines.
    #[arg(long)]
    pub wait: bool,
    /// With --wait: write results here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --wait: seconds to wait for results after the last publish.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// .txt (one article), .json (one envelope), .jsonl (one a line), directories, or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Indented JSON for people (the default for a single job on a terminal).
    #[arg(long, conflicts_with = "compact")]
    pub pretty: bool,
    /// One line per result, even for a single job on a terminal.
    #[arg(long)]
    pub compact: bool,
    /// Jobs larger than this fail with too_large, as in the worker.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body_bytes: usize,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub common: Common,
    /// Jobs pre-loaded and drained per mode.
    #[arg(long, short = 'n', default_value_t = 10_000, value_name = "N")]
    pub jobs: usize,
    /// analyze (full analysis), passthrough (no analysis: the broker-bound ceiling), or both.
    #[arg(long, default_value = "both", value_parser = ["analyze", "passthrough", "both"])]
    pub mode: String,
    /// Articles as JSONL (`text`, optional `title`, `url`, `published_at`), cycled through;
    /// default: built-in synthetic Indonesian text.
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    /// classic or quorum (amqp.queue_type) for the bench's private jobs queue.
    #[arg(long, value_name = "TYPE")]
    pub queue_type: Option<String>,
    /// Analysis slots (worker.concurrency); 0 = number of CPUs.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Unacked jobs the broker may push to the worker (amqp.prefetch).
    #[arg(long, value_name = "N")]
    pub prefetch: Option<u16>,
    /// Jobs of the paced end-to-end latency phase after each drain (0 = skip).
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub latency_jobs: usize,
    /// Publish rate of the latency phase, jobs per second.
    #[arg(long, default_value_t = 200.0, value_name = "PER_S")]
    pub latency_rate: f64,
    /// Print the summary as JSON on stdout (the table goes to stderr).
    #[arg(long)]
    pub json: bool,
}

fn load(common: &Common, mut extra: Overrides) -> Result<Settings> {
    let mut o = common.overrides();
    o.append(&mut extra);
    let settings = Settings::load(common.config.as_deref(), &o)?;
    crate::telemetry::init(&settings.log);
    Ok(settings)
}

/// Runs the parsed command; the `Ok` value is the process exit code.
pub async fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Worker(args) => {
            let mut extra: Overrides = Vec::new();
            if let Some(n) = args.concurrency {
                extra.push(("worker.concurrency", n.to_string()));
            }
            if let Some(n) = args.prefetch {
                extra.push(("amqp.prefetch", n.to_string()));
            }
            if let Some(a) = &args.http_listen {
                extra.push(("http.listen", a.clone()));
            }
            let settings = load(&args.common, extra)?;
            let token = crate::shutdown::on_signals().context("installing signal handlers")?;
            crate::worker::run(settings, async move { token.cancelled().await }).await?;
            Ok(0)
        }
        Command::Submit(args) => {
            let settings = load(&args.common, Vec::new())?;
            let jobs = input::read_all(&args.paths)?;
            let opts = crate::submit::SubmitOptions {
                wait: args.wait,
                timeout: Duration::from_secs(args.timeout),
                progress: std::io::stderr().is_terminal(),
                ..Default::default()
            };
            let mut out: Box<dyn Write + Send> = match &args.out {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(std::io::stdout()),
            };
            let report = crate::submit::submit(&settings.amqp, jobs, &opts, &mut out).await?;
            out.flush()?;
            if !args.wait {
                eprintln!(
                    "published {} job(s) to {}",
                    report.published, settings.amqp.jobs_queue
                );
                return Ok(0);
            }
            eprintln!(
                "published {}, results: {} ok, {} failed, {} missing (waited up to {} s)",
                report.published,
                report.ok,
                report.failed,
                report.missing.len(),
                args.timeout
            );
            for failure in &report.failures {
                eprintln!("  failed: {failure}");
            }
            for id in report.missing.iter().take(10) {
                eprintln!(
                    "  no result for {id} (is a worker running on {}?)",
                    settings.amqp.jobs_queue
                );
            }
            Ok(if report.success() { 0 } else { 1 })
        }
        Command::Analyze(args) => analyze(args),
        Command::Dead(cmd) => dead(cmd).await,
        Command::Bench(args) => bench(args).await,
        Command::Health { url } => match crate::http::check(&url).await {
            Ok(_) => Ok(0),
            Err(e) => {
                eprintln!("kabar health: {e}");
                Ok(1)
            }
        },
    }
}

async fn dead(cmd: DeadCommand) -> Result<i32> {
    match cmd {
        DeadCommand::Count { common } => {
            let settings = load(&common, Vec::new())?;
            println!("{}", crate::dead::count(&settings.amqp).await?);
        }
        DeadCommand::List {
            common,
            limit,
            json,
        } => {
            let settings = load(&common, Vec::new())?;
            let jobs = crate::dead::list(&settings.amqp, limit).await?;
            if json {
                for j in &jobs {
                    println!("{}", serde_json::to_string(j)?);
                }
            } else {
                print!("{}", crate::dead::to_table(&jobs));
            }
        }
        DeadCommand::Replay {
            common,
            limit,
            dry_run,
        } => {
            let settings = load(&common, Vec::new())?;
            let report = crate::dead::replay(&settings.amqp, limit, dry_run).await?;
            for j in &report.jobs {
                println!(
                    "{}\t{}",
                    j.id.as_deref().unwrap_or("-"),
                    j.reason.as_deref().unwrap_or("-")
                );
            }
            let verb = if dry_run { "would replay" } else { "replayed" };
            eprintln!(
                "{verb} {} job(s) from {} to {}",
                report.jobs.len(),
                settings.amqp.dead_queue,
                settings.amqp.jobs_queue
            );
            if let Some(e) = report.error {
                eprintln!(
                    "kabar: replay stopped early: {e}; the jobs not replayed are still in {}",
                    settings.amqp.dead_queue
                );
                return Ok(1);
            }
        }
    }
    Ok(0)
}

async fn bench(args: BenchArgs) -> Result<i32> {
    let mut extra: Overrides = Vec::new();
    if let Some(t) = &args.queue_type {
        extra.push(("amqp.queue_type", t.clone()));
    }
    if let Some(n) = args.concurrency {
        extra.push(("worker.concurrency", n.to_string()));
    }
    if let Some(n) = args.prefetch {
        extra.push(("amqp.prefetch", n.to_string()));
    }
    if args.common.log_level.is_none() {
        // The in-process worker's info lines would scroll the progress bars away.
        extra.push(("log.level", "warn".into()));
    }
    let settings = load(&args.common, extra)?;
    let modes = match args.mode.as_str() {
        "analyze" => vec![crate::bench::Mode::Analyze],
        "passthrough" => vec![crate::bench::Mode::Passthrough],
        _ => vec![crate::bench::Mode::Passthrough, crate::bench::Mode::Analyze],
    };
    let opts = crate::bench::BenchOptions {
        jobs: args.jobs,
        modes,
        corpus: args.corpus,
        latency_jobs: args.latency_jobs,
        latency_rate: args.latency_rate,
        progress: std::io::stderr().is_terminal(),
    };
    let report = crate::bench::run(&settings, &opts).await?;
    if args.json {
        eprint!("{}", crate::bench::to_text(&report));
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", crate::bench::to_text(&report));
    }
    Ok(0)
}

fn analyze(args: AnalyzeArgs) -> Result<i32> {
    let jobs = input::read_all(&args.paths)?;
    let stdout = std::io::stdout();
    let pretty = args.pretty || (!args.compact && jobs.len() == 1 && stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for j in &jobs {
        let incoming = crate::job::Incoming {
            body: &j.body,
            content_type: Some(j.content_type),
            ..Default::default()
        };
        let limits = crate::job::Limits {
            max_body_bytes: args.max_body_bytes,
            // Local output is for a person or a pipe, not a broker: nothing is dropped.
            max_result_bytes: usize::MAX,
        };
        let outcome = crate::job::process(
            &incoming,
            limits,
            "local",
            chrono::Utc::now(),
            std::time::Instant::now(),
            |_| {},
        );
        if outcome.error.is_some() {
            failed += 1;
            eprintln!("{}: {}", j.source, outcome.routing_key);
        }
        if pretty {
            let v: serde_json::Value = serde_json::from_slice(&outcome.body)?;
            serde_json::to_writer_pretty(&mut out, &v)?;
        } else {
            out.write_all(&outcome.body)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if failed == 0 { 0 } else { 1 })
}
