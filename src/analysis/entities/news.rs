//! The model's weights laid out for tagging news text, which is all the worker tags.
//!
//! A news token's emission scores are the sum, over its shared features, of the shared
//! bucket's weights and of the news copy's bucket's weights (see [`Domain`]); the copy's
//! bucket is a hash of the shared one. Adding the two rows once per bucket, when the model
//! is loaded, halves the weight lookups per token and drops the per-feature salting hash:
//! on 300 corpus articles the tagger read ~110 scattered weight rows per token before.
//! Each row is also padded to eight lanes and aligned, so that it is one vector load and
//! never straddles two cache lines.
//!
//! Scores are integer sums, whose value does not depend on their order or grouping, so
//! tagging here gives exactly the tags [`Model::tag`] gives on `Domain::News` features.
//!
//! [`Domain`]: super::features::Domain

use super::features::{self, PAIR_TEMPLATES, SentenceView, Sink};
use super::perceptron::{Decoder, LANES, Model, NT};
use std::cell::Cell;

/// One bucket's weights, one lane per tag; the last lane is padding, zero except in
/// [`NewsWeights::emission`] rows too large for `i16`, marked [`SPLIT`].

#[derive(Clone, Copy, Default)]
#[repr(align(16))]
struct Row([i16; LANES]);

/// The padding lane, set to 1 in an emission row whose fused sum would overflow `i16`
/// (13 of the shipped model's 1.8M weights do): such a row holds the shared weights only,
/// and the news copy's are added from [`NewsWeights::pair`] when it is read. Scores are
/// summed in `i32` and the decoder ignores the padding lane, so the mark adds nothing.
const SPLIT: usize = LANES - 1;

/// The weights of a [`Model`] as news tagging reads them.
pub struct NewsWeights {
    /// log2 of the number of buckets, as in the model.
    bits: u32,
    /// Per bucket: its shared weights plus its news copy's weights (unless [`SPLIT`]).
    /// Emission features only.
    emission: Vec<Row>,
    /// Per bucket: its weights as stored. Pair features have no domain copies.
    pair: Vec<Row>,
    /// The model's transitions, as the decoder wants them.
    transitions: Vec<i16>,
}

impl NewsWeights {
    /// The news layout of `model`, or `None` when its weight table is not of the size its
    /// `bits` say.
    pub fn new(model: &Model) -> Option<NewsWeights> {
        let buckets = 1usize << model.bits;
        if model.weights.len() != buckets * NT {
            return None;
        }
        let mut pair = vec![Row::default(); buckets];
        for (row, w) in pair.iter_mut().zip(model.weights.chunks_exact(NT)) {
            row.0[..NT].copy_from_slice(w);
        }
        // All lanes summed in i32 and range-checked after, in plain loops over preallocated
        // rows, which compile to vector code (a checked add per lane, on a clone of `pair`,
        // did not: a third of the start-up instructions). The padding lane is zero in `pair`,
        // so its sum is too.
        let mut emission = vec![Row::default(); buckets];
        for (b, out) in emission.iter_mut().enumerate() {
            let row = &pair[b];
            let copy = &pair[features::news_copy(b as u32, model.bits) as usize];
            let mut sum = [0i32; LANES];
            let mut fits = true;
            for ((s, &a), &b) in sum.iter_mut().zip(&row.0).zip(&copy.0) {
                *s = i32::from(a) + i32::from(b);
                fits &= *s >= i32::from(i16::MIN) && *s <= i32::from(i16::MAX);
            }
            if fits {
                for (o, &s) in out.0.iter_mut().zip(&sum) {
                    *o = s as i16;
                }
            } else {
                *out = *row;
                out.0[SPLIT] = 1;
            }
        }
        Some(NewsWeights {
            bits: model.bits,
            emission,
            pair,
            transitions: model.transitions.clone(),
        })
    }

    /// The best tag sequence for a news sentence: the tags `model.tag(&extract(view,
    /// model.bits))` gives, without building the feature lists.
    pub fn tag(&self, view: &SentenceView<'_>) -> Vec<u8> {
        BACK.with(|back| {
            let buffer = back.take();
            let Some(mut decoder) = Decoder::with_buffer(&self.transitions, buffer) else {
                return Vec::new();
            };
            let mut scorer = Scorer {
                weights: self,
                ids: [0; MAX_FEATURES],
                len: 0,
                partial: [0; LANES],
                pairs: [[0; NT + 1]; PAIR_TEMPLATES],
                decoder: &mut decoder,
            };
            features::extract_into(view, self.bits, &mut scorer);
            let tags = decoder.finish();
            back.set(decoder.into_buffer());
            tags
        })
    }
}

thread_local! {
    /// The decoder's back-pointers, reused from sentence to sentence.
    static BACK: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Collects a token's feature ids as they arrive, then sums their rows in one tight loop
/// and hands the sums to the decoder. Adding each row as its feature arrived kept the
/// sums in memory across calls; summed here, they stay in registers (~30% fewer
/// instructions for the scoring).
struct Scorer<'a> {
    weights: &'a NewsWeights,
    /// The current token's emission feature ids; `len` of them are set.
    ids: [u32; MAX_FEATURES],
    len: usize,
    /// Emission sums of ids already flushed from a full `ids` (zero in practice).
    partial: [i32; LANES],
    /// The current token's pair ids: `pairs[k][prev]` for pair template `k`.
    pairs: [[u32; NT + 1]; PAIR_TEMPLATES],
    decoder: &'a mut Decoder,
}

/// More emission features than a token has (43 shared templates).
const MAX_FEATURES: usize = 64;

#[inline]
fn add(acc: &mut [i32; LANES], row: &Row) {
    for (a, &w) in acc.iter_mut().zip(&row.0) {
        *a += w as i32;
    }
}

/// Asks the CPU to start loading `rows[id]` into cache, so that the load overlaps with
/// hashing the token's next features instead of stalling [`Scorer::emission`]. On 2,000
/// corpus articles this took a fifth off the whole analysis (AMD EPYC VM): the tagger
/// reads ~67 rows per token at random from 8 MB of weights, and those loads, not the
/// arithmetic, were its cost.
#[inline(always)]
fn prefetch(rows: &[Row], id: u32) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // No bounds check: ids are masked to the table's size, and an address past it
        // would be harmless anyway.
        let row = rows.as_ptr().wrapping_add(id as usize);
        // SAFETY: SSE is part of the x86_64 baseline, and a prefetch is only a hint: it
        // never faults and reads nothing the program sees, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(row.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (rows, id);
}

impl Scorer<'_> {
    /// The emission scores of the current token.
    fn emission(&self) -> [i32; LANES] {
        let mut acc = self.partial;
        for &id in &self.ids[..self.len] {
            let Some(row) = self.weights.emission.get(id as usize) else {
                continue;
            };
            add(&mut acc, row);
            if row.0[SPLIT] != 0
                && let Some(copy) = self
                    .weights
                    .pair
                    .get(features::news_copy(id, self.weights.bits) as usize)
            {
                add(&mut acc, copy);
            }
        }
        acc
    }

    /// The pair block `[prev][cur]` of the current token.
    fn pair_block(&self) -> [[i32; LANES]; NT + 1] {
        std::array::from_fn(|prev| {
            let mut acc = [0i32; LANES];
            for ids in &self.pairs {
                if let Some(row) = self.weights.pair.get(ids[prev] as usize) {
                    add(&mut acc, row);
                }
            }
            acc
        })
    }
}

impl Sink for Scorer<'_> {
    #[inline]
    fn begin(&mut self, outside_only: bool) -> bool {
        if outside_only {
            self.decoder.step_outside();
        }
        outside_only
    }
    #[inline]
    fn feature(&mut self, id: u32) {
        if self.len == MAX_FEATURES {
            // Never with the templates as they are; kept exact should more be added.
            self.partial = self.emission();
            self.len = 0;
        }
        self.ids[self.len] = id;
        self.len += 1;
        prefetch(&self.weights.emission, id);
    }
    #[inline]
    fn pair(&mut self, k: usize, ids: [u32; NT + 1]) {
        if let Some(slot) = self.pairs.get_mut(k) {
            *slot = ids;
        }
        for id in ids {
            prefetch(&self.weights.pair, id);
        }
    }
    fn token_done(&mut self) {
        let (emission, pair) = (self.emission(), self.pair_block());
        self.decoder.step(&emission, &pair);
        self.len = 0;
        self.partial = [0; LANES];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::{features::extract, model};

    fn view<'a>(words: &[&'a str], gaps: &[&'a str]) -> SentenceView<'a> {
        SentenceView {
            words: words.to_vec(),
            gaps: gaps.to_vec(),
        }
    }

    #[test]
    fn news_tags_equal_the_general_tagger() {
        let m = model().expect("shipped model");
        let news = NewsWeights::new(m).expect("shipped weights fit");
        let sentences: [(&[&str], &[&str]); 5] = [
            (
                &["Presiden", "Joko", "Widodo", "tiba", "di", "Jawa", "Barat"],
                &["", " ", " ", " ", " ", " ", " ", "."],
            ),
            (
                &["Kata", "Budi", "kepada", "KPK", "di", "Jakarta"],
                &["", " ", ", ", " ", " (", " ", ")"],
            ),
            (&["x"], &["", ""]),
            (&[], &[""]),
            // Tokens the tagger does not score (`features::outside_only`).
            (
                &[
                    "Kata", "dia", "yang", "tinggal", "di", "sana", "sejak", "lama", "Budi",
                ],
                &["", " ", " ", " ", " ", " ", " ", " ", " ", "."],
            ),
        ];
        for (words, gaps) in sentences {
            let v = view(words, gaps);
            assert_eq!(news.tag(&v), m.tag(&extract(&v, m.bits)), "{words:?}");
        }
    }

    #[test]
    fn news_tags_equal_the_general_tagger_with_large_weights() {
        // Weights over the whole i16 range: many fused rows overflow and are split.
        let mut m = Model::zeroed(6);
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as i16
        };
        m.weights.iter_mut().for_each(|w| *w = next());
        m.transitions.iter_mut().for_each(|w| *w = next() / 4);
        let news = NewsWeights::new(&m).unwrap();
        assert!(news.emission.iter().any(|r| r.0[SPLIT] != 0));
        let words = [
            "Presiden", "Joko", "Widodo", "tiba", "di", "Jawa", "Barat", "kemarin", "pagi",
        ];
        for n in 0..=words.len() {
            let gaps: Vec<&str> = (0..=n)
                .map(|i| if i % 3 == 1 { ", " } else { " " })
                .collect();
            let v = view(&words[..n], &gaps);
            assert_eq!(news.tag(&v), m.tag(&extract(&v, m.bits)), "{n} words");
        }
    }

    #[test]
    fn scorer_sums_more_features_than_its_buffer_exactly() {
        let mut m = Model::zeroed(5);
        m.weights
            .iter_mut()
            .enumerate()
            .for_each(|(i, w)| *w = (i as i16 % 23) * 1000 - 11_000);
        let news = NewsWeights::new(&m).unwrap();
        let mut decoder = Decoder::new(&m.transitions).unwrap();
        let mut scorer = Scorer {
            weights: &news,
            ids: [0; MAX_FEATURES],
            len: 0,
            partial: [0; LANES],
            pairs: [[0; NT + 1]; PAIR_TEMPLATES],
            decoder: &mut decoder,
        };
        let ids: Vec<u32> = (0..150u32).map(|i| (i * 7) % 32).collect();
        ids.iter().for_each(|&id| scorer.feature(id));
        let mut expected = [0i32; LANES];
        for &id in &ids {
            for id in [id, features::news_copy(id, 5)] {
                for (e, &w) in expected
                    .iter_mut()
                    .zip(&m.weights[id as usize * NT..][..NT])
                {
                    *e += w as i32;
                }
            }
        }
        assert_eq!(scorer.emission()[..NT], expected[..NT]);
    }

    #[test]
    fn fused_rows_add_the_news_copy() {
        let mut m = Model::zeroed(4);
        let copy = features::news_copy(3, 4) as usize;
        m.weights[3 * NT + 1] = 5;
        m.weights[copy * NT + 1] += 7;
        let news = NewsWeights::new(&m).unwrap();
        assert_eq!(news.emission[3].0[1], if copy == 3 { 24 } else { 12 });
        assert_eq!(news.pair[3].0[1], if copy == 3 { 12 } else { 5 });
        // A sum beyond i16 keeps the shared row, marked, and tags as the general path does.
        assert_eq!(news.emission[3].0[SPLIT], 0);
        m.weights[3 * NT + 1] = i16::MAX;
        m.weights[copy * NT + 1] = i16::MAX;
        let news = NewsWeights::new(&m).unwrap();
        assert_eq!(news.emission[3].0[..NT], m.weights[3 * NT..4 * NT]);
        assert_eq!(news.emission[3].0[SPLIT], 1);
    }
}
