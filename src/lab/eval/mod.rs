//! `kabar-lab eval`: measures the analysis core on the data under `../shared/data` and prints
//! one table. Each measured task has its own file; this one runs them and formats the rows.

pub mod devset;
pub mod language;
pub mod ner;
pub mod sentences;
pub mod stem;
pub mod throughput;

use crate::analysis::entities::perceptron::Model;
use crate::lab::datasets::DatasetError;
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
    /// What is measured: "ner", "stem", "sentences", "language", "throughput", "devset".
    pub task: String,
    /// Which data: e.g. "idner-news-2k dev".
    pub dataset: String,
    /// The metric's name, as in data/README.md: e.g. "entity F1 (micro)".
    pub metric: String,
    pub value: f64,
    /// Counts behind the figure, e.g. "tp=812 fp=120 fn=140".
    pub detail: String,
}

/// True positives, false positives and false negatives: the counts behind every F1 here
/// (entity spans for NER, sentence boundaries for segmentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1 as a fraction in [0, 1].
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Runs the evaluations in `only` (all when empty). NER scores `ner_model` when given (e.g.
/// one `kabar-lab train ner --out` just wrote), so that a retrained or experimental tagger is
/// judged without rebuilding kabar; else the embedded model. The other tasks do not
/// depend on it.
pub fn run(
    data: &Path,
    only: &[String],
    ner_model: Option<&Model>,
) -> Result<Vec<Metric>, EvalError> {
    let want = |t: &str| only.is_empty() || only.iter().any(|o| o == t);
    let mut rows = Vec::new();
    if want("ner") {
        rows.extend(ner::evaluate(data, ner_model)?);
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
    if want("devset") {
        rows.extend(devset::evaluate(data)?);
    }
    Ok(rows)
}

/// Formats rows as a Markdown table (what the README and the issue notes carry).
pub fn to_markdown(rows: &[Metric]) -> String {
    let mut s = String::from("| task | data | metric | value | detail |\n|---|---|---|---:|---|\n");
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {:.2} | {} |\n",
            r.task, r.dataset, r.metric, r.value, r.detail
        ));
    }
    s
}
