//! `kabar eval`: measures the analysis core on the data under `../shared/data` and prints
//! one table. Each measured task has its own file; this one runs them and formats the rows.

pub mod language;
pub mod ner;
pub mod sentences;
pub mod stem;
pub mod throughput;

use crate::datasets::DatasetError;
use std::path::Path;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Data(#[from] DatasetError),
    #[error("{0}")]
    Other(String),
}

/// One row of the evaluation table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Metric {
    /// What is measured: "ner", "stem", "sentences", "language", "throughput".
    pub task: String,
    /// Which data: e.g. "idner-news-2k dev".
    pub dataset: String,
    /// The metric's name, as in data/README.md: e.g. "entity F1 (micro)".
    pub metric: String,
    pub value: f64,
    /// Counts behind the figure, e.g. "tp=812 fp=120 fn=140".
    pub detail: String,
}

/// Which evaluations to run (all when empty).
pub fn run(data: &Path, only: &[String]) -> Result<Vec<Metric>, EvalError> {
    let want = |t: &str| only.is_empty() || only.iter().any(|o| o == t);
    let mut rows = Vec::new();
    if want("ner") {
        rows.extend(ner::evaluate(data)?);
    }
    if want("stem") {
        rows.extend(stem::evaluate(data)?);
    }
    if want("sentences") {
        rows.extend(sentences::evaluate(data)?);
    }
    if want("language") {
        rows.extend(language::evaluate(data)?);
    }
    if want("throughput") {
        rows.extend(throughput::evaluate(data)?);
    }
    Ok(rows)
}

/// Formats rows as a Markdown table (what the README and the issue notes carry).
pub fn to_markdown(rows: &[Metric]) -> String {
    let mut s = String::from("| task | data | metric | value | detail |\n|---|---|---|---:|---|\n");
    for r in rows {
        s.push_str(&format!("| {} | {} | {} | {:.2} | {} |\n", r.task, r.dataset, r.metric, r.value, r.detail));
    }
    s
}
