//! kabar: a RabbitMQ worker daemon for news analysis.
//!
//! Producers publish raw articles as jobs to a queue; kabar's workers analyse each one and
//! publish a JSON result to a topic exchange, acking a job only after the broker has
//! confirmed its result. See DESIGN.md (the contract) and README.md (how to run it).
//!
//! # Layout
//! - [`analysis`]: the pure core (text in, facts out); knows nothing of the rest.
//! - [`job`]: the message contract: envelope decoding, result documents, error codes.
//! - [`broker`]: the only module that speaks AMQP (lapin).
//! - [`worker`]: delivery → job → analysis → result → ack; reconnects; drains on shutdown.
//! - [`submit`]: the client side (`kabar submit`).
//! - [`input`]: reading jobs from files, directories and stdin.
//! - [`dead`]: `kabar dead` (count, list, replay the dead queue).
//! - [`config`], [`telemetry`], [`shutdown`], [`http`]: settings, logs and metrics,
//!   signals, the health/metrics listener.
//! - [`cli`]: the command line.
//! - [`bench`]: `kabar bench`, the worker measured end to end on a real broker.
//! - `lab` (feature `lab`, binary `kabar-lab`): measuring and training the core on
//!   `../shared/data`; not compiled into the product.

pub mod analysis;
pub mod bench;
pub mod broker;
pub mod cli;
pub mod config;
pub mod dead;
pub mod http;
pub mod input;
pub mod job;
#[cfg(feature = "lab")]
pub mod lab;
pub mod pool;
pub mod shutdown;
pub mod submit;
pub mod telemetry;
pub mod worker;
