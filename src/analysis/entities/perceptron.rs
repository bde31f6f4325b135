//! The tagger's model: a linear scorer over hashed features and tag transitions, decoded
//! with Viterbi under BIO constraints. The weights are learned by the averaged structured
//! perceptron (Collins 2002, "Discriminative training methods for hidden Markov models");
//! the learning loop lives in `train/ner.rs`, this file holds what tagging needs.
//!
//! Besides the tag-to-tag transition table, "pair" features (`Features::pairs`) give
//! transitions that depend on the word, so decoding stays first-order while each step's
//! transition scores are per position.
//!
//! Weights are stored quantised to `i16` with one shared scale, so scores are integer
//! sums: decoding is exact and deterministic, and the model is half the size of `f32`s.

use super::features::{Features, PAIR_TEMPLATES};

/// The BIO tags, in model order.
pub const TAGS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
/// Number of tags.
pub const NT: usize = TAGS.len();
/// Lanes of the tagger's score accumulators: `NT` rounded up to a vector width.
pub const LANES: usize = 8;

/// The tag index of `O`.
pub const O: u8 = 0;

/// The tag index of a tag name (`None` for names outside [`TAGS`]).
#[cfg(any(test, feature = "lab"))]
pub fn tag_index(name: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == name).map(|i| i as u8)
}

/// Whether `tag` is an `I-` tag.
pub fn is_inside(tag: u8) -> bool {
    tag != O && tag.is_multiple_of(2)
}

/// The entity type index (1 PER, 2 ORG, 3 LOC) of a tag, 0 for `O`.
pub fn kind_of(tag: u8) -> u8 {
    tag.div_ceil(2)
}

/// Whether `cur` may follow `prev` (`None`: sentence start): an `I-X` continues only a
/// `B-X` or an `I-X`.
pub fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if !is_inside(cur) {
        return true;
    }
    prev.is_some_and(|p| p != O && kind_of(p) == kind_of(cur))
}

/// The table sizes a model may have, as log2 of its buckets: what a model file may declare,
/// and what `kabar-lab train ner --bits` accepts (2^24 buckets is a 235 MB file).
pub const BITS: std::ops::RangeInclusive<u32> = 4..=24;

/// File header: magic and format version.
const MAGIC: &[u8; 8] = b"KBNER\0\0\x01";

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a kabar NER model (bad magic)")]
    Magic,
    #[error("model file truncated or of the wrong size")]
    Size,
    #[error("unsupported model shape: {0}")]
    Shape(String),
}

/// A trained model: per-bucket tag weights and tag transitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// log2 of the number of feature buckets.
    pub(crate) bits: u32,
    /// `weights[bucket * NT + tag]`.
    pub(crate) weights: Vec<i16>,
    /// `transitions[prev * NT + tag]`, with `prev == NT` standing for the sentence start.
    pub(crate) transitions: Vec<i16>,
}

impl Model {
    /// An all-zero model with `2^bits` buckets.
    #[cfg(any(test, feature = "lab"))]
    pub fn zeroed(bits: u32) -> Model {
        Model {
            bits,
            weights: vec![0; (1usize << bits) * NT],
            transitions: vec![0; (NT + 1) * NT],
        }
    }

    /// The best tag sequence for a sentence's features.
    ///
    /// The same sums and the same Viterbi recursion as [`viterbi_with`] over
    /// [`pair_scores`] (which training uses), fused into one pass: each token's emission
    /// row and pair-transition block are summed on the stack right before its
    /// [`Decoder`] step, so tagging a sentence allocates only the back-pointers and the
    /// result. Integer sums do not depend on their order, so the tags are exactly the same.
    pub(crate) fn tag(&self, features: &Features) -> Vec<u8> {
        let n = features.len();
        let Some(mut decoder) = Decoder::new(&self.transitions) else {
            return Vec::new();
        };
        let per_token = PAIR_TEMPLATES * (NT + 1);
        let mut pair = [[0i32; LANES]; NT + 1];
        for i in 0..n {
            if features.outside_only.get(i) == Some(&true) {
                decoder.step_outside();
                continue;
            }
            let emission = sum_weights(&self.weights, features.of(i).iter().copied());
            if let Some(ids) = features.pairs.get(i * per_token..(i + 1) * per_token) {
                for (prev, row) in pair.iter_mut().enumerate() {
                    *row = sum_weights(
                        &self.weights,
                        (0..PAIR_TEMPLATES).map(|k| ids[k * (NT + 1) + prev]),
                    );
                }
            } else {
                for (prev, row) in pair.iter_mut().enumerate() {
                    let ids = (0..PAIR_TEMPLATES).filter_map(|k| {
                        features
                            .pairs
                            .get((i * PAIR_TEMPLATES + k) * (NT + 1) + prev)
                            .copied()
                    });
                    *row = sum_weights(&self.weights, ids);
                }
            }
            decoder.step(&emission, &pair);
        }
        decoder.finish()
    }

    /// Serialises the model: magic, `bits` (u32 LE), then the transitions and the weights
    /// as `i16` LE.
    #[cfg(any(test, feature = "lab"))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + 2 * (self.transitions.len() + self.weights.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        for &v in self.transitions.iter().chain(&self.weights) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let (magic, rest) = bytes
            .split_at_checked(MAGIC.len())
            .ok_or(ModelError::Size)?;
        if magic != MAGIC {
            return Err(ModelError::Magic);
        }
        let (bits, rest) = rest.split_at_checked(4).ok_or(ModelError::Size)?;
        let bits = u32::from_le_bytes([bits[0], bits[1], bits[2], bits[3]]);
        if !BITS.contains(&bits) {
            return Err(ModelError::Shape(format!("{bits} bits")));
        }
        let nt = (NT + 1) * NT;
        let nw = (1usize << bits) * NT;
        if rest.len() != 2 * (nt + nw) {
            return Err(ModelError::Size);
        }
        // Into buffers of the final size, in one pass a vector each (a `collect` of the
        // chunk iterator read the 1.8M weights one by one: 1.5% of the instructions on
        // 300 corpus articles, start-up included).
        let read = |bytes: &[u8]| -> Vec<i16> {
            let mut out = vec![0i16; bytes.len() / 2];
            for (v, c) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                *v = i16::from_le_bytes([c[0], c[1]]);
            }
            out
        };
        let (transitions, weights) = rest.split_at(2 * nt);
        let (transitions, weights) = (read(transitions), read(weights));
        Ok(Model {
            bits,
            weights,
            transitions,
        })
    }
}

/// The tags that may precede `cur`, in ascending order: every tag before an `O` or a
/// `B-X`, only `B-X` and `I-X` before an `I-X` (see [`allowed`]). As a range, the decoder
/// skips the forbidden pairs without testing each (the test was a fifth of its cost).
#[inline]
fn allowed_before(cur: usize) -> std::ops::Range<usize> {
    if is_inside(cur as u8) {
        cur - 1..cur + 1
    } else {
        0..NT
    }
}

/// Viterbi under the BIO constraints of [`allowed`], fed one token at a time: a token's
/// scores are consumed as soon as they are summed, so no per-sentence score table is
/// built. The recursion is [`decode`]'s, step for step.
pub struct Decoder {
    /// `trans[prev][cur]`, `prev == NT` for the sentence start.
    trans: [[i64; NT]; NT + 1],
    /// The best score of a path ending in each tag at the last token seen.
    score: [i64; NT],
    /// `back[i * NT + cur]`: the best previous tag of `cur` at token `i` (row 0 unused).
    back: Vec<u8>,
}

/// Minus infinity for Viterbi scores, far enough from `i64::MIN` that adding to it never
/// overflows.
const NEG: i64 = i64::MIN / 4;

impl Decoder {
    /// A decoder for the transition table `transitions` (`(NT + 1) * NT` values, last row:
    /// sentence start), or `None` when it is too short.
    pub fn new(transitions: &[i16]) -> Option<Decoder> {
        Decoder::with_buffer(transitions, Vec::new())
    }

    /// [`Decoder::new`], reusing `back` (from [`Decoder::into_buffer`]) for the
    /// back-pointers, so that tagging sentence after sentence does not allocate them anew.
    pub fn with_buffer(transitions: &[i16], mut back: Vec<u8>) -> Option<Decoder> {
        back.clear();
        if transitions.len() < (NT + 1) * NT {
            return None;
        }
        let mut trans = [[0i64; NT]; NT + 1];
        for (prev, row) in trans.iter_mut().enumerate() {
            for (cur, x) in row.iter_mut().enumerate() {
                *x = transitions[prev * NT + cur] as i64;
            }
        }
        Some(Decoder {
            trans,
            score: [NEG; NT],
            back,
        })
    }

    /// The back-pointer buffer, for [`Decoder::with_buffer`].
    pub fn into_buffer(self) -> Vec<u8> {
        self.back
    }

    /// One token: its emission scores (lanes `NT..` ignored) and its pair block
    /// `pair[prev][cur]` (`prev == NT`: the sentence start, only read on the first token).
    #[inline]
    pub fn step(&mut self, emission: &[i32; LANES], pair: &[[i32; LANES]; NT + 1]) {
        let first = self.back.is_empty();
        self.back.extend_from_slice(&[0u8; NT]);
        if first {
            for t in 0..NT {
                if allowed(None, t as u8) {
                    self.score[t] = emission[t] as i64 + pair[NT][t] as i64 + self.trans[NT][t];
                }
            }
            return;
        }
        let at = self.back.len() - NT;
        let mut next = [NEG; NT];
        for cur in 0..NT {
            let mut best = (NEG, 0u8);
            // No test for unreachable `prev` (score `NEG`, only `I-` tags on the first
            // token): a path through one scores about `NEG`, below any reachable path's
            // score (|score| < 2^40 < |NEG| / 2), and `O`, reachable from any tag, is
            // always a candidate, so such a path is never the best and the result is the
            // same as skipping it.
            for prev in allowed_before(cur) {
                let s = self.score[prev] + self.trans[prev][cur] + pair[prev][cur] as i64;
                if s > best.0 {
                    best = (s, prev as u8);
                }
            }
            if best.0 > NEG {
                next[cur] = best.0 + emission[cur] as i64;
                self.back[at + cur] = best.1;
            }
        }
        self.score = next;
    }

    /// One token that can only be `O` (see `features::outside_only`), unscored:
    /// every path goes through its `O`, so the best one into it is the best path so far
    /// plus the transition to `O`.
    #[inline]
    pub fn step_outside(&mut self) {
        let first = self.back.is_empty();
        self.back.extend_from_slice(&[0u8; NT]);
        let o = O as usize;
        let mut next = [NEG; NT];
        if first {
            next[o] = self.trans[NT][o];
        } else {
            let at = self.back.len() - NT;
            let mut best = (NEG, 0u8);
            for prev in allowed_before(o) {
                let s = self.score[prev] + self.trans[prev][o];
                if s > best.0 {
                    best = (s, prev as u8);
                }
            }
            next[o] = best.0;
            self.back[at + o] = best.1;
        }
        self.score = next;
    }

    /// The tags of the best path over the tokens seen (empty when none were).
    pub fn finish(&self) -> Vec<u8> {
        let n = self.back.len() / NT;
        if n == 0 {
            return Vec::new();
        }
        backtrack(&self.score, &self.back, n)
    }
}

/// The sum of the weight rows of feature `ids`, one lane per tag (lanes `NT..` are
/// scratch); unknown ids (never produced) add nothing. Summed in i32, which is exact: a
/// token has about a hundred features of at most 2^15 each, far from 2^31; Viterbi then
/// works in i64. Eight lanes are read when the table has them (the eighth is the next
/// bucket's first weight, summed into the scratch lane), so that each row is one vector
/// load and add, and the sum stays in registers.
#[inline]
fn sum_weights(weights: &[i16], ids: impl Iterator<Item = u32>) -> [i32; LANES] {
    let mut acc = [0i32; LANES];
    for id in ids {
        let at = id as usize * NT;
        if let Some(w) = weights.get(at..at + LANES) {
            let w: [i16; LANES] = w.try_into().expect("LANES weights");
            let w: [i32; LANES] = w.map(i32::from);
            for (a, x) in acc.iter_mut().zip(w) {
                *a += x;
            }
        } else if let Some(w) = weights.get(at..at + NT) {
            for (a, &x) in acc.iter_mut().zip(w) {
                *a += x as i32;
            }
        }
    }
    acc
}

/// Position-dependent transition scores from the pair features: `n * (NT + 1) * NT`
/// values, `[i][prev][cur]`. `add(id, row)` adds feature `id`'s weights (one per current
/// tag) to `row`.
#[cfg(any(test, feature = "lab"))]
pub fn pair_scores(features: &Features, mut add: impl FnMut(u32, &mut [i64])) -> Vec<i64> {
    let n = features.len();
    let block = (NT + 1) * NT;
    let mut out = vec![0i64; n * block];
    for i in 0..n {
        for k in 0..PAIR_TEMPLATES {
            for prev in 0..=NT {
                let Some(&id) = features
                    .pairs
                    .get((i * PAIR_TEMPLATES + k) * (NT + 1) + prev)
                else {
                    continue;
                };
                let at = i * block + prev * NT;
                add(id, &mut out[at..at + NT]);
            }
        }
    }
    out
}

/// [`viterbi`] with position-dependent transition scores added (see [`pair_scores`];
/// ignored unless of the right length).
#[cfg(any(test, feature = "lab"))]
pub fn viterbi_with(emissions: &[i64], transitions: &[i64], pairs: &[i64]) -> Vec<u8> {
    let n = emissions.len() / NT;
    let block = (NT + 1) * NT;
    if pairs.len() != n * block {
        return viterbi(emissions, transitions);
    }
    let mut e = emissions.to_vec();
    // The sentence-start pair scores are per current tag: fold them into the emissions.
    for t in 0..NT.min(e.len()) {
        e[t] += pairs[NT * NT + t];
    }
    decode(&e, transitions, |i, prev, cur| {
        pairs[i * block + prev * NT + cur]
    })
}

/// Viterbi decoding under the BIO constraints of [`allowed`]. `emissions` holds `NT`
/// scores per token, `transitions` `(NT + 1) * NT` scores (last row: sentence start).
/// Linear in the number of tokens.
#[cfg(any(test, feature = "lab"))]
pub fn viterbi(emissions: &[i64], transitions: &[i64]) -> Vec<u8> {
    decode(emissions, transitions, |_, _, _| 0)
}

/// The Viterbi recursion; `extra(i, prev, cur)` adds to the transition into token `i`.
#[cfg(any(test, feature = "lab"))]
fn decode(
    emissions: &[i64],
    transitions: &[i64],
    extra: impl Fn(usize, usize, usize) -> i64,
) -> Vec<u8> {
    let n = emissions.len() / NT;
    if n == 0 || transitions.len() < (NT + 1) * NT {
        return Vec::new();
    }
    let mut score = [NEG; NT];
    for t in 0..NT {
        if allowed(None, t as u8) {
            score[t] = emissions[t] + transitions[NT * NT + t];
        }
    }
    let mut back = vec![0u8; n * NT];
    for i in 1..n {
        let mut next = [NEG; NT];
        for cur in 0..NT {
            let mut best = (NEG, 0u8);
            for prev in 0..NT {
                if score[prev] <= NEG || !allowed(Some(prev as u8), cur as u8) {
                    continue;
                }
                let s = score[prev] + transitions[prev * NT + cur] + extra(i, prev, cur);
                if s > best.0 {
                    best = (s, prev as u8);
                }
            }
            if best.0 > NEG {
                next[cur] = best.0 + emissions[i * NT + cur];
                back[i * NT + cur] = best.1;
            }
        }
        score = next;
    }
    backtrack(&score, &back, n)
}

/// The tags of the best path, from the final scores and the back-pointers `back[i * NT +
/// cur]` (the best previous tag of `cur` at token `i`).
fn backtrack(score: &[i64; NT], back: &[u8], n: usize) -> Vec<u8> {
    // Ties go to the lowest tag index (O first), which keeps decoding deterministic.
    let mut last = 0u8;
    for t in 1..NT {
        if score[t] > score[last as usize] {
            last = t as u8;
        }
    }
    let mut tags = vec![0u8; n];
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = back[i * NT + tags[i] as usize];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str) -> u8 {
        tag_index(name).unwrap()
    }

    #[test]
    fn tag_helpers() {
        assert_eq!(kind_of(tag("O")), 0);
        assert_eq!(kind_of(tag("B-PER")), 1);
        assert_eq!(kind_of(tag("I-PER")), 1);
        assert_eq!(kind_of(tag("I-LOC")), 3);
        assert!(is_inside(tag("I-ORG")));
        assert!(!is_inside(tag("B-ORG")));
        assert!(!is_inside(O));
        assert!(allowed(Some(tag("B-PER")), tag("I-PER")));
        assert!(!allowed(Some(tag("B-PER")), tag("I-LOC")));
        assert!(!allowed(Some(O), tag("I-PER")));
        assert!(!allowed(None, tag("I-PER")));
        assert!(allowed(None, tag("B-LOC")));
    }

    /// Emission rows from a sparse list of (tag, score); everything else scores 0.
    fn row(scores: &[(&str, i64)]) -> [i64; NT] {
        let mut r = [0; NT];
        for (t, s) in scores {
            r[tag(t) as usize] = *s;
        }
        r
    }

    #[test]
    fn viterbi_picks_the_best_path_on_a_toy_model() {
        // Token 2 alone prefers I-PER, which is only reachable through B-PER on token 1.
        let rows = [
            row(&[("O", 2)]),
            row(&[("B-PER", 1), ("O", 2)]),
            row(&[("I-PER", 5)]),
        ];
        let emissions: Vec<i64> = rows.concat();
        let transitions = vec![0; (NT + 1) * NT];
        let tags = viterbi(&emissions, &transitions);
        assert_eq!(tags, vec![tag("O"), tag("B-PER"), tag("I-PER")]);
    }

    #[test]
    fn viterbi_uses_transitions() {
        let emissions: Vec<i64> = [row(&[("B-LOC", 3), ("B-ORG", 3)]), row(&[("O", 1)])].concat();
        let mut transitions = vec![0; (NT + 1) * NT];
        transitions[tag("B-ORG") as usize * NT + O as usize] = 2;
        assert_eq!(viterbi(&emissions, &transitions), vec![tag("B-ORG"), O]);
    }

    #[test]
    fn position_dependent_pair_scores_change_the_path() {
        // Flat emissions prefer O everywhere; a pair score for B-ORG -> I-ORG into token 1
        // and a start score for B-ORG on token 0 make the organisation win.
        let emissions: Vec<i64> = [row(&[("O", 1)]), row(&[("O", 1)])].concat();
        let transitions = vec![0; (NT + 1) * NT];
        let block = (NT + 1) * NT;
        let mut pairs = vec![0i64; 2 * block];
        pairs[NT * NT + tag("B-ORG") as usize] = 1;
        pairs[block + tag("B-ORG") as usize * NT + tag("I-ORG") as usize] = 3;
        assert_eq!(viterbi(&emissions, &transitions), vec![O, O]);
        assert_eq!(
            viterbi_with(&emissions, &transitions, &pairs),
            vec![tag("B-ORG"), tag("I-ORG")]
        );
        // Pair scores of the wrong length are ignored rather than misread.
        assert_eq!(
            viterbi_with(&emissions, &transitions, &pairs[1..]),
            vec![O, O]
        );
    }

    #[test]
    fn viterbi_never_starts_with_inside() {
        let emissions: Vec<i64> = row(&[("I-LOC", 100)]).to_vec();
        let tags = viterbi(&emissions, &vec![0; (NT + 1) * NT]);
        assert_ne!(tags[0], tag("I-LOC"));
    }

    #[test]
    fn outside_only_tokens_are_tagged_o_whatever_their_weights() {
        use super::super::features::{SentenceView, extract};
        // Every feature votes for B-PER.
        let bits = 8;
        let mut m = Model::zeroed(bits);
        for b in 0..1usize << bits {
            m.weights[b * NT + tag("B-PER") as usize] = 50;
        }
        let words = [
            "Kata", "dia", "yang", "tinggal", "di", "sana", "sejak", "lama", "sekali",
        ];
        let view = SentenceView {
            words: words.to_vec(),
            gaps: vec![" "; words.len() + 1],
        };
        let f = extract(&view, bits);
        assert!(f.outside_only.contains(&true), "{:?}", f.outside_only);
        let tags = m.tag(&f);
        for (i, &t) in tags.iter().enumerate() {
            assert_eq!(t == O, f.outside_only[i], "{}: {tags:?}", words[i]);
        }
    }

    #[test]
    fn viterbi_on_nothing_is_empty() {
        assert!(viterbi(&[], &vec![0; (NT + 1) * NT]).is_empty());
        assert!(viterbi(&[1; NT], &[]).is_empty());
    }

    #[test]
    fn fused_tagging_equals_viterbi_over_summed_scores() {
        // Random weights and features: the streaming decoder (which does not test for
        // unreachable tags) and the reference recursion (which does) agree.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let bits = 6;
        let mut m = Model::zeroed(bits);
        m.weights.iter_mut().for_each(|w| *w = next() as i16);
        m.transitions.iter_mut().for_each(|w| *w = next() as i16);
        for n in 1..12 {
            let per = 5;
            let ids: Vec<u32> = (0..n * per)
                .map(|_| (next() % (1 << bits)) as u32)
                .collect();
            let offsets: Vec<usize> = (0..=n).map(|i| i * per).collect();
            let pairs: Vec<u32> = (0..n * PAIR_TEMPLATES * (NT + 1))
                .map(|_| (next() % (1 << bits)) as u32)
                .collect();
            let f = Features {
                ids,
                offsets,
                pairs,
                outside_only: Vec::new(),
            };
            let add = |id: u32, row: &mut [i64]| {
                for (t, r) in row.iter_mut().enumerate() {
                    *r += m.weights[id as usize * NT + t] as i64;
                }
            };
            let mut emissions = vec![0i64; n * NT];
            for i in 0..n {
                f.of(i)
                    .iter()
                    .for_each(|&id| add(id, &mut emissions[i * NT..(i + 1) * NT]));
            }
            let transitions: Vec<i64> = m.transitions.iter().map(|&t| t as i64).collect();
            let expected = viterbi_with(&emissions, &transitions, &pair_scores(&f, add));
            assert_eq!(m.tag(&f), expected, "{n} tokens");
        }
    }

    #[test]
    fn allowed_before_lists_exactly_the_allowed_tags() {
        for (cur, name) in TAGS.iter().enumerate() {
            let listed: Vec<usize> = allowed_before(cur).collect();
            let allowed: Vec<usize> = (0..NT)
                .filter(|&p| allowed(Some(p as u8), cur as u8))
                .collect();
            assert_eq!(listed, allowed, "before {name}");
        }
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut m = Model::zeroed(4);
        m.weights[3] = -7;
        m.transitions[5] = 300;
        let bytes = m.to_bytes();
        assert_eq!(Model::from_bytes(&bytes), Ok(m));
        assert_eq!(
            Model::from_bytes(b"nonsense-bytes-here"),
            Err(ModelError::Magic)
        );
        assert_eq!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Size)
        );
        assert_eq!(Model::from_bytes(&bytes[..5]), Err(ModelError::Size));
    }
}
