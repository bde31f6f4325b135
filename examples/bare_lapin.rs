//! The anchor for `kabar bench --mode passthrough`: a bare lapin consume → publish with
//! confirm → ack loop, with nothing of kabar in the path, on the same broker and the same
//! job bodies. It measures what this machine and broker allow a Rust consumer to do.
//!
//! The broker does the same work as in `kabar bench`: jobs from a durable queue, each body
//! published back (persistent, mandatory) to a topic exchange whose `#` binding routes it to
//! an exclusive queue that a second connection consumes with auto-ack; a message counts
//! when it arrives there.
//!
//! ```sh
//! cargo run --release --example bare_lapin -- --jobs 20000 --prefetch 200 --queue-type quorum \
//!     --corpus ../shared/data/corpus/articles.dev.jsonl
//! ```
//! `--unsafe` measures auto-ack without confirms (can lose messages; a ceiling only).
//! The queues are private (`kabar-bare.<tag>.*`) and deleted afterwards.

use clap::Parser;
use futures_util::StreamExt;
use lapin::options::*;
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Connection, ConnectionProperties};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// Messages pre-loaded and drained.
    #[arg(long, default_value_t = 20_000)]
    jobs: usize,
    /// basic.qos prefetch of the consumer.
    #[arg(long, default_value_t = 200)]
    prefetch: u16,
    /// classic or quorum for the input queue.
    #[arg(long, default_value = "quorum")]
    queue_type: String,
    /// JSONL articles to use as bodies (as `kabar bench --corpus`); default synthetic.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Auto-ack and no publisher confirms: unsafe, for the upper bound only.
    #[arg(long = "unsafe")]
    unsafe_mode: bool,
    /// Broker URL; default KABAR_AMQP_URL or the local broker.
    #[arg(long)]
    amqp_url: Option<String>,
}

fn broker_url(args: &Args) -> String {
    args.amqp_url
        .clone()
        .or_else(|| std::env::var("KABAR_AMQP_URL").ok())
        .unwrap_or_else(|| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn cpu_seconds() -> f64 {
    kabar::cpu_seconds().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let url = broker_url(&args);
    let articles = match &args.corpus {
        Some(p) => kabar::load_corpus(p)?,
        None => kabar::synthetic_articles(64),
    };
    let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let input = format!("kabar-bare.{tag}.jobs");
    let exchange = format!("kabar-bare.{tag}.results");

    let conn = Connection::connect(&url, ConnectionProperties::default()).await?;
    let admin = conn.create_channel().await?;
    let mut qargs = FieldTable::default();
    qargs.insert(
        ShortString::from("x-queue-type"),
        AMQPValue::LongString(args.queue_type.as_str().into()),
    );
    let durable = QueueDeclareOptions {
        durable: true,
        ..Default::default()
    };
    admin
        .queue_declare(input.as_str().into(), durable, qargs)
        .await?;
    let topic = ExchangeDeclareOptions {
        durable: true,
        ..Default::default()
    };
    admin
        .exchange_declare(
            exchange.as_str().into(),
            lapin::ExchangeKind::Topic,
            topic,
            FieldTable::default(),
        )
        .await?;

    let result = run(&conn, &args, &articles, &input, &exchange).await;
    let _ = admin
        .queue_delete(input.as_str().into(), QueueDeleteOptions::default())
        .await;
    let _ = admin
        .exchange_delete(exchange.as_str().into(), ExchangeDeleteOptions::default())
        .await;
    let _ = conn.close(200, "bye".into()).await;
    result
}

async fn run(
    conn: &Connection,
    args: &Args,
    articles: &[String],
    input: &str,
    exchange: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    // The results side, as `kabar bench` has it: an exclusive queue bound with `#`,
    // consumed with auto-ack on a connection of its own.
    let results_conn =
        Connection::connect(&broker_url(args), ConnectionProperties::default()).await?;
    let results = results_conn.create_channel().await?;
    let q = results
        .queue_declare(
            "".into(),
            QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await?;
    results
        .queue_bind(
            q.name().clone(),
            exchange.into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
    let mut arrivals = results
        .basic_consume(
            q.name().clone(),
            "bare-results".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await?;

    let props = BasicProperties::default()
        .with_delivery_mode(2)
        .with_content_type("application/json".into());
    // Pre-load with confirms, 256 in flight.
    let loader = conn.create_channel().await?;
    loader
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    let started = Instant::now();
    let mut pending = Vec::with_capacity(256);
    for i in 0..args.jobs {
        let body = format!("{{\"id\":\"b{i}\",{}", articles[i % articles.len()]);
        pending.push(
            loader
                .basic_publish(
                    "".into(),
                    input.into(),
                    BasicPublishOptions::default(),
                    body.as_bytes(),
                    props.clone(),
                )
                .await?,
        );
        if pending.len() == 256 {
            for c in pending.drain(..) {
                c.await?;
            }
        }
    }
    for c in pending.drain(..) {
        c.await?;
    }
    let mean = (0..args.jobs.min(articles.len()))
        .map(|i| articles[i].len() + 12)
        .sum::<usize>()
        / args.jobs.min(articles.len()).max(1);
    eprintln!(
        "pre-loaded {} messages (mean {mean} B) in {:.2} s",
        args.jobs,
        started.elapsed().as_secs_f64()
    );

    let consume = conn.create_channel().await?;
    consume
        .basic_qos(args.prefetch, BasicQosOptions::default())
        .await?;
    let publish = conn.create_channel().await?;
    if !args.unsafe_mode {
        publish
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
    }
    let cpu0 = cpu_seconds();
    let started = Instant::now();
    let mut consumer = consume
        .basic_consume(
            input.into(),
            "bare".into(),
            BasicConsumeOptions {
                no_ack: args.unsafe_mode,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await?;
    let unsafe_mode = args.unsafe_mode;
    let exchange = exchange.to_string();
    let reader = tokio::spawn(async move {
        while let Some(Ok(delivery)) = consumer.next().await {
            let (publish, props, exchange) = (publish.clone(), props.clone(), exchange.clone());
            tokio::spawn(async move {
                let opts = BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                };
                let confirm = publish
                    .basic_publish(
                        exchange.as_str().into(),
                        "passthrough".into(),
                        opts,
                        &delivery.data,
                        props,
                    )
                    .await;
                let Ok(confirm) = confirm else { return };
                if !unsafe_mode && confirm.await.is_ok() {
                    let _ = delivery.acker.ack(BasicAckOptions::default()).await;
                }
            });
        }
    });
    let mut done = 0;
    while done < args.jobs {
        match arrivals.next().await {
            Some(Ok(_)) => done += 1,
            _ => break,
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    reader.abort();
    let _ = results_conn.close(200, "bye".into()).await;
    println!(
        "bare lapin ({}, {} queue, prefetch {}): {done} msgs in {secs:.2} s = {:.0} msgs/s; process CPU {:.3} s per 1k msgs ({:.2} cores)",
        if args.unsafe_mode {
            "auto-ack, no confirms"
        } else {
            "consume → publish with confirm → ack"
        },
        args.queue_type,
        args.prefetch,
        done as f64 / secs,
        cpu * 1000.0 / done as f64,
        cpu / secs
    );
    Ok(())
}
