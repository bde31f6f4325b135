//! Evaluation of sentence segmentation (`analysis::sentences::split`).
//!
//! Protocol: the treebank's `# text` lines are taken in file order, in groups of
//! [`DOC_SENTENCES`] consecutive sentences, joined with one space into a pseudo-document;
//! the document is split and every predicted sentence end is compared with the gold sentence
//! ends (byte offsets). The document's own end is left out of both sides, since it is found
//! for free. Scored: precision, recall and F1 of boundaries (README: "F1 of sentence
//! boundaries against the treebank's sentences"). Some treebank "sentences" hold two
//! sentences, so a perfect splitter would not reach 1.0.
//!
//! The figures: `kabar-lab eval --only sentences`.

use super::{Counts, EvalError, Metric};
use crate::analysis::sentences;
use crate::lab::datasets::read_conllu;
use std::collections::HashSet;
use std::path::Path;

/// Sentences per pseudo-document.
pub const DOC_SENTENCES: usize = 10;

/// Scores the splitter on `sentences`, grouped into documents as described above.
pub fn score(sentences: &[String]) -> Counts {
    let mut c = Counts::default();
    for group in sentences.chunks(DOC_SENTENCES) {
        let mut doc = String::new();
        let mut gold = HashSet::new();
        for (i, s) in group.iter().enumerate() {
            if i > 0 {
                doc.push(' ');
            }
            doc.push_str(s.trim());
            if i + 1 < group.len() {
                gold.insert(doc.len());
            }
        }
        let predicted: HashSet<usize> = sentences::split(&doc, "id")
            .iter()
            .map(|s| s.end)
            .filter(|&e| e < doc.trim_end().len())
            .collect();
        let tp = predicted.intersection(&gold).count();
        c.tp += tp;
        c.fp += predicted.len() - tp;
        c.fn_ += gold.len() - tp;
    }
    c
}

fn row(dataset: &str, sentences: &[String]) -> Metric {
    let c = score(sentences);
    Metric {
        task: "sentences".into(),
        dataset: dataset.into(),
        metric: "boundary F1".into(),
        value: c.f1(),
        detail: format!(
            "tp={} fp={} fn={} P={:.3} R={:.3}; {} sentences joined by a space into documents of {DOC_SENTENCES}, document ends not scored",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            sentences.len()
        ),
    }
}

pub fn evaluate(data: &Path) -> Result<Vec<Metric>, EvalError> {
    let gsd: Vec<String> = read_conllu(&data.join("ud/gsd/id_gsd-ud-dev.conllu"))?
        .into_iter()
        .map(|s| s.text)
        .collect();
    let csui: Vec<String> = read_conllu(&data.join("ud/csui/id_csui-ud-train.conllu"))?
        .into_iter()
        .map(|s| s.text)
        .collect();
    Ok(vec![
        row("UD id-GSD dev", &gsd),
        row("UD id-CSUI train", &csui),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`score`] of treebank sentences written here.
    fn score_of(sentences: &[&str]) -> Counts {
        let owned: Vec<String> = sentences.iter().map(|s| s.to_string()).collect();
        score(&owned)
    }

    #[test]
    fn perfect_split_scores_one() {
        let c = score_of(&["Satu dua.", "Tiga empat.", "Lima enam."]);
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(c.f1(), 1.0);
    }

    #[test]
    fn missed_and_extra_boundaries_are_counted() {
        // "Jl." hides no boundary; the gold boundary after "dll" (no stop) is missed.
        assert_eq!(
            score_of(&[
                "Ia tinggal di Jl. Mawar.",
                "Ada sayur dll",
                "Semua segar. Sungguh.",
            ]),
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
    }

    /// Boilerplate removed per kind on the article corpus, and the throughput of the cleaning
    /// analysers (boilerplate, language, sentences, tokens) on it:
    /// `cargo test --release --lib eval::sentences -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads ../shared/data"]
    fn print_corpus_cleaning_and_throughput() {
        use crate::analysis::{boilerplate, language, tokens};
        use std::collections::BTreeMap;
        use std::time::Instant;
        let data = crate::lab::datasets::default_data_dir();
        let corpus = crate::lab::eval::language::corpus_texts(&data).expect("corpus readable");
        let raw_bytes: usize = corpus.iter().map(|a| a.len()).sum();
        let raw_lines: usize = corpus
            .iter()
            .map(|a| a.lines().filter(|l| !l.trim().is_empty()).count())
            .sum();
        let mut per_kind: BTreeMap<(boilerplate::Kind, &str), usize> = BTreeMap::new();
        let mut related = 0;
        let cleaned: Vec<boilerplate::Cleaned> =
            corpus.iter().map(|a| boilerplate::strip(a)).collect();
        for (a, c) in corpus.iter().zip(&cleaned) {
            related += c.related.len();
            for r in &c.removed {
                // A piece that was a whole raw line, or a part cut out of a line.
                let whole = a.lines().any(|l| l.trim() == r.text);
                *per_kind
                    .entry((r.kind, if whole { "lines" } else { "pieces" }))
                    .or_default() += 1;
            }
        }
        println!(
            "corpus: {} articles, {:.1} MB raw, {raw_lines} non-blank lines",
            corpus.len(),
            raw_bytes as f64 / 1e6
        );
        for ((k, how), n) in &per_kind {
            println!("removed {:>9} {how:>6}: {n}", k.as_str());
        }
        println!("related headlines: {related}");
        let clean_bytes: usize = cleaned.iter().map(|c| c.text.len()).sum();
        // Wall time and this thread's CPU time (the machine is shared: CPU time is the
        // steadier figure). Each analyser runs three times over the corpus.
        fn cpu_secs() -> f64 {
            let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
            let after = stat.rsplit(')').next().unwrap_or("");
            let f: Vec<f64> = after
                .split_whitespace()
                .map(|x| x.parse().unwrap_or(0.0))
                .collect();
            (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
        }
        fn measure(name: &str, bytes: usize, mut run: impl FnMut() -> usize) {
            let (t, c) = (Instant::now(), cpu_secs());
            let mut n = 0;
            for _ in 0..3 {
                n = run();
            }
            let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_secs() - c);
            let mb = 3.0 * bytes as f64 / 1e6;
            println!(
                "{name}: {:.1} MB/s wall, {:.1} MB/s CPU ({n} items)",
                mb / wall,
                mb / cpu.max(0.01)
            );
        }
        measure("boilerplate::strip (raw bytes)", raw_bytes, || {
            corpus
                .iter()
                .map(|a| boilerplate::strip(a).removed.len())
                .sum()
        });
        measure("language::detect", clean_bytes, || {
            cleaned
                .iter()
                .filter(|c| language::detect(&c.text, None).code == "id")
                .count()
        });
        measure("sentences::split", clean_bytes, || {
            cleaned
                .iter()
                .map(|c| sentences::split(&c.text, "id").len())
                .sum()
        });
        measure("tokens::spans", clean_bytes, || {
            cleaned.iter().map(|c| tokens::spans(&c.text).len()).sum()
        });
        measure(
            "tokens::tokenize (with stem + stopword)",
            clean_bytes,
            || {
                cleaned
                    .iter()
                    .map(|c| tokens::tokenize(&c.text, "id").len())
                    .sum()
            },
        );
    }
}
