//! The `kabar-lab` command line: `eval` and `train`.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The `kabar-lab` command line, as parsed; [`run`] runs it.
#[derive(Debug, Parser)]
#[command(
    name = "kabar-lab",
    version,
    about = "kabar's lab: measure the analysis core on ../shared/data, and train the models it embeds"
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure the analysis core on ../shared/data and print one table.
    Eval(EvalArgs),
    /// Rebuild a model the core embeds from ../shared/data (then rebuild kabar).
    #[command(subcommand)]
    Train(TrainCommand),
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The NER tagger (averaged perceptron) from the MIT-licensed NER sets' train splits.
    Ner {
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Where to write the model (to ship it: src/analysis/models/ner.bin, then rebuild).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long)]
        epochs: Option<usize>,
        /// log2 of the number of feature buckets (default 18). Fewer bits make a smaller
        /// table that stays in the CPU caches, at the cost of more hash collisions.
        #[arg(long, value_parser = clap::value_parser!(u32).range(
            i64::from(*crate::analysis::entities::perceptron::BITS.start())
                ..=i64::from(*crate::analysis::entities::perceptron::BITS.end())
        ))]
        bits: Option<u32>,
    },
    /// The Indonesian root-word lexicon, from the UD treebanks' lemmas (CC BY-SA 4.0).
    Stem {
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Where to write it (to ship it: src/analysis/models/id_roots.txt, then rebuild).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The data directory (see its README); default ../shared/data beside the project, or
    /// $KABAR_DATA.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Only these tasks: ner, stem, sentences, language, throughput, devset (repeatable).
    /// devset reads the hand labels in tests/devset/labels, or $KABAR_DEVSET_LABELS.
    #[arg(long, value_name = "TASK")]
    pub only: Vec<String>,
    /// Print JSON instead of a Markdown table.
    #[arg(long)]
    pub json: bool,
    /// Score this NER model file (written by `kabar-lab train ner --out`) instead of the
    /// one built into kabar.
    #[arg(long, value_name = "FILE")]
    pub ner_model: Option<PathBuf>,
}

/// Runs the parsed command; the `Ok` value is the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Train(TrainCommand::Ner {
            data,
            out,
            epochs,
            bits,
        }) => {
            let data = data_dir(data)?;
            let mut opts = super::train::ner::TrainOptions::default();
            if let Some(e) = epochs {
                opts.epochs = e;
            }
            if let Some(b) = bits {
                opts.bits = b;
            }
            let r = super::train::ner::train_ner(&data, &out, &opts)?;
            eprintln!(
                "trained on {} sentences ({} tokens), {} epochs; wrote {} ({} bytes). Score it with `kabar-lab eval --only ner --ner-model FILE`; to ship it, copy it to src/analysis/models/ner.bin and rebuild kabar.",
                r.sentences,
                r.tokens,
                r.epochs,
                out.display(),
                r.model_bytes
            );
            Ok(0)
        }
        Command::Train(TrainCommand::Stem { data, out }) => {
            let data = data_dir(data)?;
            let r = super::train::stem::build_lexicon(&data, &out)?;
            eprintln!(
                "wrote {} root words to {} (CSUI {}, GSD {}). Copy it to src/analysis/models/id_roots.txt and rebuild kabar to embed it.",
                r.words,
                r.out.display(),
                r.from_csui,
                r.from_gsd
            );
            Ok(0)
        }
        Command::Eval(args) => {
            let data = data_dir(args.data)?;
            let model = args.ner_model.as_deref().map(load_ner_model).transpose()?;
            let rows = super::eval::run(&data, &args.only, model.as_ref())?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", super::eval::to_markdown(&rows));
            }
            Ok(0)
        }
    }
}

/// Reads a model written by `kabar-lab train ner --out`, for `eval --ner-model`.
fn load_ner_model(path: &std::path::Path) -> Result<crate::analysis::entities::perceptron::Model> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read the NER model {} (pass a file written by `kabar-lab train ner --out FILE`)",
            path.display()
        )
    })?;
    crate::analysis::entities::perceptron::Model::from_bytes(&bytes).with_context(|| {
        format!(
            "{} is not a NER model kabar can read (write one with `kabar-lab train ner --out FILE`)",
            path.display()
        )
    })
}

/// The data directory: the flag, else `$KABAR_DATA`, else `../shared/data` beside the
/// project.
fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    let data = flag.unwrap_or_else(super::datasets::default_data_dir);
    if !data.is_dir() {
        bail!(
            "data directory {} not found: pass --data DIR (the ../shared/data folder)",
            data.display()
        );
    }
    Ok(data)
}
