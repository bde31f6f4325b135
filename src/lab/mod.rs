//! The lab: measuring and training the analysis core on the data under `../shared/data`.
//!
//! Developers' tools, not the product: compiled only with the `lab` feature, into the
//! `kabar-lab` binary (`cargo run --release --features lab --bin kabar-lab -- eval`), so the
//! `kabar` that operators run carries none of it. The core it measures is the product's own
//! ([`crate::analysis`]); the models `train` writes are committed under
//! `src/analysis/models/` and embedded at build time.
//!
//! - [`datasets`]: readers for the data sets (read by path, never copied into the repo).
//! - [`eval`]: `kabar-lab eval`, one table of every measured task.
//! - [`train`]: `kabar-lab train ner | stem`, the models the core embeds.
//! - [`cli`]: the `kabar-lab` command line.

pub mod cli;
pub mod datasets;
pub mod eval;
pub mod train;
