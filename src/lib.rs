//! kabar: a RabbitMQ worker daemon for news analysis.
//!
//! Producers publish raw articles as jobs to a queue; kabar's workers analyse each one and
//! publish a JSON result to a topic exchange, acking a job only after the broker has
//! confirmed its result. See DESIGN.md (the contract) and README.md (how to run it).
//!
//! # Public surface
//! Modules are private, and what the binaries, tests, benches and examples use is
//! re-exported here, so that the compiler reports what nothing uses and a reader sees the
//! whole API on one page. Operations read well at the root ([`run_worker`],
//! [`list_dead`], [`connect`]); three modules stay public, because their names read well
//! only qualified and each is a library in its own right:
//! - [`analysis`]: the pure core (`analysis::analyze`, its input and output types).
//! - [`job`]: the message contract (`job::decode`, `job::ok_outcome`, error codes, limits).
//! - `lab` (feature `lab`): the developers' tools behind `kabar-lab` and the benches.
//!
//! # Layout
//! - `analysis`: the pure core (text in, facts out); knows nothing of the rest.
//! - `job`: the message contract: envelope decoding, result documents, error codes.
//! - `broker`: the only module that speaks AMQP (lapin).
//! - `worker`: delivery → job → analysis → result → ack; reconnects; drains on shutdown.
//! - `pool`: the analysis threads the worker runs the core on.
//! - `submit`: the client side (`kabar submit`).
//! - `input`: reading jobs from files, directories and stdin.
//! - `dead`: `kabar dead` (count, list, replay the dead queue).
//! - `config`, `telemetry`, `shutdown`, `http`: settings, logs and metrics, signals, the
//!   health/metrics listener.
//! - `cli`: the command line.
//! - `bench`: `kabar bench`, the worker measured end to end on a real broker.
//! - `lab` (feature `lab`, binary `kabar-lab`): measuring and training the core on
//!   `../shared/data`; not compiled into the product.

#![warn(missing_docs)]

pub mod analysis;
mod bench;
mod broker;
mod cli;
mod config;
mod dead;
mod http;
mod input;
pub mod job;
#[cfg(feature = "lab")]
pub mod lab;
mod pool;
mod shutdown;
mod submit;
mod telemetry;
mod worker;

// Settings: one struct per TOML section, and the values some keys take.
pub use config::{
    AmqpSettings, ConfigError, HttpSettings, LogFormat, LogSettings, Overflow, QueueType, Settings,
    WorkerSettings, redact_url,
};

// The command line, for `src/main.rs`.
pub use cli::{Cli, run};

// The worker, for tests that start one in-process and stop it.
pub use telemetry::Metrics;
pub use worker::{WorkerError, run as run_worker, run_with_metrics as run_worker_with_metrics};

// The broker: connect, declare the topology, publish with confirms, read replies.
pub use broker::topology::{BindingSpec, ExchangeSpec, QueueSpec, Topology};
pub use broker::{
    Broker, BrokerError, DeadLetter, Message, Publisher, Reply, ReplyConsumer, connect, declare,
    delete,
};

// `kabar dead` and `kabar health` as functions.
pub use dead::{ReplayReport, count as count_dead, list as list_dead, replay as replay_dead};
pub use http::check as check_health;

// What the measuring examples share with `kabar bench` (examples/): the same job bodies.
pub use bench::{cpu_seconds, job_body, load_corpus, synthetic_articles};
