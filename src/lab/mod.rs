//! The lab: measuring and training the analysis core on the data under `../shared/data`.
//!
//! Developers' tools, not the product: compiled only with the `lab` feature, into the
//! `kabar-lab` binary (`cargo run --release --features lab --bin kabar-lab -- eval`), so the
//! `kabar` that operators run carries none of it. The core it measures is the product's own
//! ([`crate::analysis`]); the models `train` writes are committed under
//! `src/analysis/models/` and embedded at build time.
//!
//! - `datasets`: readers for the data sets (read by path, never copied into the repo).
//! - `eval`: `kabar-lab eval`, one table of every measured task.
//! - `train`: `kabar-lab train ner | stem`, the models the core embeds.
//! - `cli`: the `kabar-lab` command line.

mod cli;
mod datasets;
mod eval;
mod train;

// The `kabar-lab` command line, for `src/bin/kabar-lab.rs`.
pub use cli::{Cli, run};

// What benches/core.rs reads: the articles `kabar-lab eval` measures throughput on.
pub use datasets::{CorpusArticle, DatasetError, default_data_dir, read_corpus};
pub use eval::throughput::{CORPUS, to_article};

/// The entity tagger's model, so that a test can write one `kabar-lab eval --ner-model` reads.
pub use crate::analysis::entities::perceptron::Model as NerModel;

/// The analysers of [`crate::analysis::analyze`] one at a time, for benches that time each
/// alone on what the stages before it made (benches/core.rs).
pub mod stages {
    /// The cleaning stages (repair, then boilerplate removal): the text the others read.
    pub fn clean_text(raw: &str) -> String {
        crate::analysis::clean(raw).text
    }
    pub use crate::analysis::dates::extract as extract_dates;
    pub use crate::analysis::entities::recognize as recognize_entities;
    pub use crate::analysis::fingerprint::simhash;
    pub use crate::analysis::keywords::rank as rank_keywords;
    pub use crate::analysis::language::detect as detect_language;
    pub use crate::analysis::quotes::extract as extract_quotes;
    pub use crate::analysis::sentences::split as split_sentences;
    pub use crate::analysis::stats::compute as compute_stats;
    pub use crate::analysis::summary::summarize;
    pub use crate::analysis::tokens::tokenize;
}
