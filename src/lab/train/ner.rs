//! Trains the NER model (see `analysis/entities`): an averaged structured perceptron
//! (Collins 2002) over the features of `analysis/entities/features.rs`, on
//! `ner/idner-news-2k/train.txt` and `ner/nergrit/train_preprocess.txt`.
//!
//! The data sets' tokens include punctuation; the worker's tokens do not. So each training
//! sentence is rebuilt as text (its tokens joined by spaces), tokenised with the worker's
//! own tokeniser, and the gold tags are projected onto those tokens: a token takes the
//! type of the data token it lies in, `B-` on the first token of each gold entity. The
//! model therefore learns on exactly what it will see, punctuation showing up only in the
//! gaps between tokens.

use crate::analysis::entities::features::{self, Domain, Features, PAIR_TEMPLATES};
use crate::analysis::entities::perceptron::{self, Model, NT};
use crate::analysis::entities::{EntityType, sentence_view};
use crate::analysis::{Span, tokens};
use crate::lab::datasets::{NerSentence, read_ner};
use crate::lab::eval::EvalError;
use std::path::Path;

/// The training files, relative to the data directory.
pub const TRAIN_FILES: [(&str, Domain); 2] = [
    ("ner/idner-news-2k/train.txt", Domain::News),
    ("ner/nergrit/train_preprocess.txt", Domain::Wiki),
];

/// Knobs of a training run. The defaults produce the committed model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle: the same seed gives the same model.
    pub seed: u64,
    /// log2 of the number of feature buckets (18: 262,144 buckets, a 3.7 MB model).
    ///
    /// Fewer bits were tried on 2026-11-26 (`kabar-lab train ner --bits N`, 12 s a model):
    /// 18, 17, 16 and 15 bits scored idner-news-2k dev micro F1 83.19, 82.72, 82.45 and
    /// 80.43 (562 entities, so ±1.6 is noise) for +4%, +6% and +12% core articles/s
    /// (`kabar-lab eval --only throughput`, medians of 3 runs), and 17 and 16 bits each broke
    /// entities the golden tests hold ("Pasar Induk Kramat Jati", "Moskow", "Pemerintah
    /// Kabupaten Bojonegoro"). A 4x smaller table buying 6% says the tagger's cost is the
    /// number of features per token more than cache misses: 18 stays.
    pub bits: u32,
    /// Perceptrons trained (each on its own shuffle) and summed into the model.
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            seed: 0x006b_6162_6172,
            bits: 18,
            runs: 16,
        }
    }
}

/// What a training run did.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    pub sentences: usize,
    /// Tokens after re-tokenisation (punctuation dropped).
    pub tokens: usize,
    pub epochs: usize,
    /// Token accuracy on the training data during each epoch (before averaging).
    pub epoch_accuracy: Vec<f64>,
    /// Size of the written model file.
    pub model_bytes: usize,
}

/// One training sentence: features and gold tags of the worker's tokens.
pub struct Example {
    pub features: Features,
    pub tags: Vec<u8>,
}

/// Gold entities of a data sentence as `(first, end, type)` data-token ranges (conlleval
/// style: an `I-` that continues nothing starts an entity).
pub fn gold_entities(sentence: &NerSentence) -> Vec<(usize, usize, EntityType)> {
    let tags: Vec<u8> = sentence
        .tags
        .iter()
        .map(|t| perceptron::tag_index(t).unwrap_or(perceptron::O))
        .collect();
    crate::analysis::entities::decode_spans(&tags)
}

/// A data sentence as text: its tokens joined by single spaces, with each token's byte
/// range in that text.
pub fn sentence_text(sentence: &NerSentence) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentence.tokens.len());
    for t in &sentence.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        spans.push(Span::new(text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, spans)
}

/// Re-tokenises a data sentence with the worker's tokeniser and projects its tags.
pub fn to_example(sentence: &NerSentence, bits: u32, domain: Domain) -> Example {
    let (text, spans) = sentence_text(sentence);
    let toks = tokens::tokenize(&text, "id");
    let gold = gold_entities(sentence);
    // Which gold entity (index) each data token belongs to.
    let mut entity_of = vec![None; spans.len()];
    for (e, &(a, b, _)) in gold.iter().enumerate() {
        for slot in &mut entity_of[a..b] {
            *slot = Some(e);
        }
    }
    let mut tags = Vec::with_capacity(toks.len());
    let mut seen = vec![false; gold.len()];
    let mut d = 0;
    for t in &toks {
        while d < spans.len() && spans[d].end <= t.start {
            d += 1;
        }
        let tag = match entity_of.get(d).copied().flatten() {
            Some(e) => {
                let base = match gold[e].2 {
                    EntityType::Person => 1,
                    EntityType::Organization => 3,
                    EntityType::Location => 5,
                };
                let inside = std::mem::replace(&mut seen[e], true);
                base + inside as u8
            }
            None => perceptron::O,
        };
        tags.push(tag);
    }
    let view = sentence_view(&text, Span::new(0, text.len()), &toks);
    Example {
        features: features::extract_in(&view, bits, domain),
        tags,
    }
}

/// Training state of the averaged perceptron: current weights, and the sums that give the
/// average without touching every weight each step (the "lazy averaging" of Daumé's
/// thesis: avg = w - u / c, where every update `d` at step `c` also adds `c * d` to `u`).
struct Learner {
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    c: i64,
}

impl Learner {
    fn new(bits: u32) -> Learner {
        let n = (1usize << bits) * NT;
        let t = (NT + 1) * NT;
        Learner {
            w: vec![0; n],
            u: vec![0; n],
            tw: vec![0; t],
            tu: vec![0; t],
            c: 1,
        }
    }

    fn predict(&self, f: &Features) -> Vec<u8> {
        let n = f.len();
        let mut emissions = vec![0i64; n * NT];
        for i in 0..n {
            for &id in f.of(i) {
                let base = id as usize * NT;
                for t in 0..NT {
                    emissions[i * NT + t] += self.w[base + t] as i64;
                }
            }
        }
        let trans: Vec<i64> = self.tw.iter().map(|&x| x as i64).collect();
        let pairs = perceptron::pair_scores(f, |id, row| {
            let base = id as usize * NT;
            for (r, &x) in row.iter_mut().zip(&self.w[base..base + NT]) {
                *r += x as i64;
            }
        });
        perceptron::viterbi_with(&emissions, &trans, &pairs)
    }

    fn bump_emission(&mut self, id: u32, tag: u8, d: i32) {
        let k = id as usize * NT + tag as usize;
        self.w[k] += d;
        self.u[k] += self.c * d as i64;
    }

    fn bump_transition(&mut self, prev: Option<u8>, tag: u8, d: i32) {
        let k = prev.map_or(NT, |p| p as usize) * NT + tag as usize;
        self.tw[k] += d;
        self.tu[k] += self.c * d as i64;
    }

    /// One perceptron step; returns how many tokens were tagged right.
    fn learn(&mut self, ex: &Example) -> usize {
        let pred = self.predict(&ex.features);
        let mut right = 0;
        for i in 0..ex.tags.len() {
            let (g, p) = (ex.tags[i], pred[i]);
            if g == p {
                right += 1;
            } else {
                for &id in ex.features.of(i) {
                    self.bump_emission(id, g, 1);
                    self.bump_emission(id, p, -1);
                }
            }
            let (gp, pp) = if i == 0 {
                (None, None)
            } else {
                (Some(ex.tags[i - 1]), Some(pred[i - 1]))
            };
            if (gp, g) != (pp, p) {
                self.bump_transition(gp, g, 1);
                self.bump_transition(pp, p, -1);
                let (gi, pi) = (gp.map_or(NT, usize::from), pp.map_or(NT, usize::from));
                for k in 0..PAIR_TEMPLATES {
                    let at = (i * PAIR_TEMPLATES + k) * (NT + 1);
                    self.bump_emission(ex.features.pairs[at + gi], g, 1);
                    self.bump_emission(ex.features.pairs[at + pi], p, -1);
                }
            }
        }
        self.c += 1;
        right
    }

    /// The averaged weights: emissions and transitions.
    fn averaged(&self) -> (Vec<f64>, Vec<f64>) {
        let avg = |w: &[i32], u: &[i64]| -> Vec<f64> {
            w.iter()
                .zip(u)
                .map(|(&w, &u)| w as f64 - u as f64 / self.c as f64)
                .collect()
        };
        (avg(&self.w, &self.u), avg(&self.tw, &self.tu))
    }
}

/// Weights quantised to `i16` with one scale for all (only their order matters).
fn quantise(bits: u32, w: &[f64], t: &[f64]) -> Model {
    let max = w.iter().chain(t).fold(0f64, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32_000.0 / max } else { 1.0 };
    let q = |v: &[f64]| v.iter().map(|x| (x * scale).round() as i16).collect();
    Model {
        bits,
        weights: q(w),
        transitions: q(t),
    }
}

/// Trains a model on sentences of known domains (in memory; [`train_ner`] reads the
/// files). With `opts.runs` above one, several perceptrons are trained on differently
/// shuffled data and their averaged weights summed: a cheap ensemble that evens out how
/// much one shuffle order matters. Returns the model and the token accuracy on the
/// training data during each epoch of the first run.
pub fn train_model(sentences: &[(NerSentence, Domain)], opts: &TrainOptions) -> (Model, Vec<f64>) {
    let examples: Vec<Example> = sentences
        .iter()
        .map(|(s, d)| to_example(s, opts.bits, *d))
        .collect();
    let total: usize = examples.iter().map(|e| e.tags.len()).sum();
    let mut sum_w = vec![0f64; (1usize << opts.bits) * NT];
    let mut sum_t = vec![0f64; (NT + 1) * NT];
    let mut accuracy = Vec::new();
    for run in 0..opts.runs.max(1) {
        let mut learner = Learner::new(opts.bits);
        let mut rng = fastrand::Rng::with_seed(opts.seed.wrapping_add(run as u64));
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for _ in 0..opts.epochs {
            rng.shuffle(&mut order);
            let right: usize = order.iter().map(|&i| learner.learn(&examples[i])).sum();
            if run == 0 {
                accuracy.push(right as f64 / total.max(1) as f64);
            }
        }
        let (w, t) = learner.averaged();
        sum_w.iter_mut().zip(&w).for_each(|(s, x)| *s += x);
        sum_t.iter_mut().zip(&t).for_each(|(s, x)| *s += x);
    }
    (quantise(opts.bits, &sum_w, &sum_t), accuracy)
}

/// Reads the training files under `data`, trains, and writes the model to `out`.
pub fn train_ner(data: &Path, out: &Path, opts: &TrainOptions) -> Result<TrainReport, EvalError> {
    let mut sentences = Vec::new();
    for (f, domain) in TRAIN_FILES {
        sentences.extend(read_ner(&data.join(f))?.into_iter().map(|s| (s, domain)));
    }
    let (model, epoch_accuracy) = train_model(&sentences, opts);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes)
        .map_err(|e| EvalError::Other(format!("writing {}: {e}", out.display())))?;
    let tokens = sentences
        .iter()
        .map(|(s, _)| tokens::tokenize(&sentence_text(s).0, "id").len())
        .sum();
    Ok(TrainReport {
        sentences: sentences.len(),
        tokens,
        epochs: opts.epochs,
        epoch_accuracy,
        model_bytes: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(pairs: &[(&str, &str)]) -> NerSentence {
        NerSentence {
            tokens: pairs.iter().map(|p| p.0.to_string()).collect(),
            tags: pairs.iter().map(|p| p.1.to_string()).collect(),
        }
    }

    fn names(tags: &[u8]) -> Vec<&'static str> {
        tags.iter().map(|&t| perceptron::TAGS[t as usize]).collect()
    }

    #[test]
    fn projection_drops_punctuation_and_keeps_entities() {
        let s = sentence(&[
            ("Kata", "O"),
            ("Siti", "B-PER"),
            ("Rahma", "I-PER"),
            (",", "O"),
            ("warga", "O"),
            ("Bogor", "B-LOC"),
            (".", "O"),
        ]);
        let ex = to_example(&s, 10, Domain::News);
        assert_eq!(names(&ex.tags), ["O", "B-PER", "I-PER", "O", "B-LOC"]);
        assert_eq!(ex.features.len(), 5);
    }

    #[test]
    fn projection_splits_data_tokens_the_tokeniser_splits() {
        // One data token, two worker tokens: the second continues the entity.
        let s = sentence(&[("di", "O"), ("Kompas.com", "B-ORG"), ("hari", "O")]);
        let ex = to_example(&s, 10, Domain::News);
        assert_eq!(names(&ex.tags), ["O", "B-ORG", "I-ORG", "O"]);
    }

    #[test]
    fn projection_treats_orphan_inside_as_a_beginning() {
        let s = sentence(&[("ke", "O"), ("Palu", "I-LOC"), ("Donggala", "B-LOC")]);
        assert_eq!(
            names(&to_example(&s, 10, Domain::News).tags),
            ["O", "B-LOC", "B-LOC"]
        );
    }

    #[test]
    fn sentence_text_offsets_point_at_tokens() {
        let s = sentence(&[("Halo", "O"), (",", "O"), ("Ani", "B-PER")]);
        let (text, spans) = sentence_text(&s);
        assert_eq!(text, "Halo , Ani");
        assert_eq!(spans[2].of(&text), "Ani");
    }

    #[test]
    fn training_learns_a_toy_pattern_and_is_reproducible() {
        let mut data = Vec::new();
        for name in ["Ani", "Budi", "Citra", "Dodi", "Eka", "Fajar"] {
            data.push((
                sentence(&[
                    ("kata", "O"),
                    (name, "B-PER"),
                    ("di", "O"),
                    ("Medan", "B-LOC"),
                ]),
                Domain::News,
            ));
            data.push((
                sentence(&[
                    ("Ketua", "O"),
                    ("Partai", "B-ORG"),
                    ("Hijau", "I-ORG"),
                    ("tiba", "O"),
                ]),
                Domain::Wiki,
            ));
        }
        let opts = TrainOptions {
            epochs: 5,
            seed: 7,
            bits: 12,
            runs: 2,
        };
        let (model, acc) = train_model(&data, &opts);
        assert_eq!(acc.len(), 5);
        assert!(acc[4] > 0.9, "{acc:?}");
        let ex = to_example(
            &sentence(&[("kata", "O"), ("Gita", "O"), ("di", "O"), ("Medan", "O")]),
            12,
            Domain::News,
        );
        assert_eq!(
            names(&model.tag(&ex.features)),
            ["O", "B-PER", "O", "B-LOC"]
        );
        assert_eq!(train_model(&data, &opts).0, model);
    }

    /// `kabar-lab train ner` with no options must regenerate the shipped model (the README says
    /// so): its table size at least must be the shipped one's. (Training itself is
    /// deterministic, tested above; the full run takes 12 s in release, minutes in debug.)
    #[test]
    fn default_options_have_the_shipped_model_shape() {
        let shipped = Model::from_bytes(include_bytes!("../../analysis/models/ner.bin"))
            .expect("the shipped model reads");
        assert_eq!(
            TrainOptions::default().bits,
            shipped.bits,
            "TrainOptions::default() would train a model of another size than src/analysis/models/ner.bin"
        );
    }
}
