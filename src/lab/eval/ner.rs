//! Evaluation of NER (see eval/mod.rs): entity-level exact-span F1, conlleval style,
//! micro and per type, on idner-news-2k dev and NERGrit valid, for the shipped model.
//!
//! The tagger runs as the worker runs it: each data sentence is rebuilt as text (tokens
//! joined by spaces) and tokenised by `analysis::tokens`, where punctuation is not a token.
//! Gold and predicted entities are compared as byte ranges of that text, the gold ranges
//! trimmed of leading and trailing punctuation (a worker token cannot start or end with
//! it), both then closed over a bracket they opened (see `entities::close_bracket`). A
//! predicted entity counts only if its range and type both match a gold one. Predictions
//! are trimmed of edge stopwords as `entities::recognize` trims them; the merging of
//! mentions into entities is not scored (the data sets annotate mentions).
//!
//! The model has a news view (what the worker uses) and an encyclopedia view (NERGrit's
//! annotation conventions; see `features::Domain`). NERGrit valid is scored in both: the
//! news view is what ships, the other shows what the model learned of that set.
//! One more row gives tagging speed (tokens per second, one thread).

use super::{Counts, EvalError, Metric};
use crate::analysis::entities::features::Domain;
use crate::analysis::entities::perceptron::Model;
use crate::analysis::entities::{self, EntityType};
use crate::analysis::{Span, tokens};
use crate::lab::datasets::{NerSentence, read_ner};
use crate::lab::train::ner::{gold_entities, sentence_text};
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

/// The evaluation sets: (name, path relative to the data directory).
pub const DEV_SETS: [(&str, &str); 2] = [
    ("idner-news-2k dev", "ner/idner-news-2k/dev.txt"),
    ("nergrit valid", "ner/nergrit/valid_preprocess.txt"),
];

/// Counts per type (person, organization, location) and the tokens tagged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub per: Counts,
    pub org: Counts,
    pub loc: Counts,
    pub tokens: usize,
}

impl Scores {
    pub fn micro(&self) -> Counts {
        let mut c = self.per;
        c.add(self.org);
        c.add(self.loc);
        c
    }
    fn slot(&mut self, kind: EntityType) -> &mut Counts {
        match kind {
            EntityType::Person => &mut self.per,
            EntityType::Organization => &mut self.org,
            EntityType::Location => &mut self.loc,
        }
    }
}

/// `span` of `text` without leading and trailing non-alphanumeric characters.
fn trim_to_alnum(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let start = s.find(|c: char| c.is_alphanumeric()).unwrap_or(s.len());
    let end = s.rfind(|c: char| c.is_alphanumeric()).map_or(start, |i| {
        i + s[i..].chars().next().map_or(0, char::len_utf8)
    });
    Span::new(span.start + start, span.start + end.max(start))
}

/// Scores `model` on `sentences`, tagged as news (as the worker tags).
#[cfg(test)]
pub fn score(model: &Model, sentences: &[NerSentence]) -> Scores {
    score_in(model, sentences, Domain::News)
}

/// Scores `model` on `sentences`, tagged with the features of `domain`.
pub fn score_in(model: &Model, sentences: &[NerSentence], domain: Domain) -> Scores {
    let mut scores = Scores::default();
    for s in sentences {
        let (text, spans) = sentence_text(s);
        let gold: HashSet<(Span, EntityType)> = gold_entities(s)
            .into_iter()
            .map(|(a, b, k)| {
                let trimmed = trim_to_alnum(&text, Span::new(spans[a].start, spans[b - 1].end));
                (entities::close_bracket(&text, trimmed), k)
            })
            .filter(|(sp, _)| !sp.is_empty())
            .collect();
        let toks = tokens::tokenize(&text, "id");
        scores.tokens += toks.len();
        let found: HashSet<(Span, EntityType)> =
            entities::mentions_in(model, &text, &[Span::new(0, text.len())], &toks, domain)
                .iter()
                .filter_map(|m| entities::trim_stopwords(&text, &toks, m))
                .map(|m| (m.span, m.kind))
                .collect();
        for g in &gold {
            if found.contains(g) {
                scores.slot(g.1).tp += 1;
            } else {
                scores.slot(g.1).fn_ += 1;
            }
        }
        for f in found.difference(&gold) {
            scores.slot(f.1).fp += 1;
        }
    }
    scores
}

/// The table rows for one data set.
pub fn rows(dataset: &str, s: &Scores) -> Vec<Metric> {
    let row = |metric: &str, c: Counts| Metric {
        task: "ner".into(),
        dataset: dataset.into(),
        metric: metric.into(),
        value: 100.0 * c.f1(),
        detail: format!(
            "tp={} fp={} fn={} P={:.1} R={:.1}",
            c.tp,
            c.fp,
            c.fn_,
            100.0 * c.precision(),
            100.0 * c.recall()
        ),
    };
    vec![
        row("entity F1 (micro)", s.micro()),
        row("entity F1 (person)", s.per),
        row("entity F1 (organization)", s.org),
        row("entity F1 (location)", s.loc),
    ]
}

/// The evaluated combinations: (row label, file under the data directory, view).
const RUNS: [(&str, &str, Domain); 3] = [
    (
        "idner-news-2k dev",
        "ner/idner-news-2k/dev.txt",
        Domain::News,
    ),
    (
        "nergrit valid (news view, as shipped)",
        "ner/nergrit/valid_preprocess.txt",
        Domain::News,
    ),
    (
        "nergrit valid (encyclopedia view)",
        "ner/nergrit/valid_preprocess.txt",
        Domain::Wiki,
    ),
];

/// Scores `model`, or the embedded model when `None`. Another model is tagged from its
/// feature lists (`Model::tag`), which gives the same tags as the embedded model's news
/// layout but is slower: its speed row is not comparable with the shipped one.
pub fn evaluate(data: &Path, model: Option<&Model>) -> Result<Vec<Metric>, EvalError> {
    let model = match model {
        Some(m) => m,
        None => entities::model()
            .ok_or_else(|| EvalError::Other("the embedded NER model does not decode".into()))?,
    };
    let mut out = Vec::new();
    for (name, path, view) in RUNS {
        let sentences = read_ner(&data.join(path))?;
        out.extend(rows(name, &score_in(model, &sentences, view)));
    }
    out.push(speed(model, data)?);
    Ok(out)
}

/// Tagging speed on the dev sentences, tokenised beforehand (the tokeniser's stemming is
/// not the tagger's cost): feature extraction, Viterbi and span decoding, one thread, best
/// of three passes to damp the noise of a shared machine.
fn speed(model: &Model, data: &Path) -> Result<Metric, EvalError> {
    let mut prepared = Vec::new();
    for (_, path) in DEV_SETS {
        for s in read_ner(&data.join(path))? {
            let text = sentence_text(&s).0;
            let toks = tokens::tokenize(&text, "id");
            prepared.push((text, toks));
        }
    }
    let tokens: usize = prepared.iter().map(|p| p.1.len()).sum();
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..3 {
        let start = Instant::now();
        found = prepared
            .iter()
            .map(|(text, toks)| {
                entities::mentions(model, text, &[Span::new(0, text.len())], toks).len()
            })
            .sum();
        best = best.min(start.elapsed().as_secs_f64());
    }
    Ok(Metric {
        task: "ner".into(),
        dataset: "idner-news-2k dev + nergrit valid".into(),
        metric: "tagging speed (tokens/s, 1 thread)".into(),
        value: tokens as f64 / best.max(1e-9),
        detail: format!(
            "{tokens} tokens, {found} mentions in {:.3} s (best of 3)",
            best
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_to_alnum_strips_punctuation_only() {
        let text = "(Kompas.com) \"Ani\"";
        assert_eq!(trim_to_alnum(text, Span::new(0, 12)).of(text), "Kompas.com");
        assert_eq!(trim_to_alnum(text, Span::new(13, 18)).of(text), "Ani");
        assert!(trim_to_alnum(text, Span::new(0, 1)).is_empty());
    }

    #[test]
    fn counts_give_conlleval_f1() {
        let c = Counts {
            tp: 8,
            fp: 2,
            fn_: 8,
        };
        assert!((c.precision() - 0.8).abs() < 1e-9);
        assert!((c.recall() - 0.5).abs() < 1e-9);
        assert!((100.0 * c.f1() - 61.538).abs() < 1e-2);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn score_counts_exact_matches_per_type() {
        let s = NerSentence {
            tokens: ["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."]
                .map(String::from)
                .to_vec(),
            tags: ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"]
                .map(String::from)
                .to_vec(),
        };
        // An all-zero model predicts nothing: every gold entity is a miss.
        let scores = score(&Model::zeroed(8), &[s]);
        assert_eq!(
            scores.per,
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            scores.loc,
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(scores.tokens, 6);
    }

    /// Prints the figures: `cargo test --release --lib eval::ner -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_dev_figures() {
        let rows = evaluate(&crate::lab::datasets::default_data_dir(), None).unwrap();
        println!("{}", crate::lab::eval::to_markdown(&rows));
    }
}
