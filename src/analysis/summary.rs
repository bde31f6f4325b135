//! Extractive summary: the most central sentences, in article order.
//!
//! LexRank (Erkan and Radev, "LexRank: Graph-based Lexical Centrality as Salience in Text
//! Summarization", 2004): sentences are tf-idf vectors of content stems, linked by cosine
//! similarity, and ranked by PageRank, so that a sentence scores high when it shares its
//! words with many others. News puts its point first, so the random jump is not uniform but
//! follows a lead prior (the i-th sentence weighs 1/(i+1)): a personalised PageRank.
//! Fragments under four words (datelines, captions that slipped through) are never chosen,
//! and a sentence almost identical to one already chosen (cosine above 0.8) is skipped.
//!
//! Only the first [`MAX_SENTENCES`] sentences enter the graph, which is quadratic in its
//! size: this bounds the cost per article whatever its length, and a summary drawn from
//! the first 200 sentences of a news article loses nothing.

use super::fasthash::FastMap as HashMap;
use super::{Span, keywords, tokens::Token};

/// Sentences considered, to keep the similarity graph's cost bounded.
pub const MAX_SENTENCES: usize = 200;
const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 40;
/// Sentences with fewer word tokens are never in the summary.
const MIN_WORDS: usize = 4;
/// A candidate this similar to a chosen sentence repeats it.
const REDUNDANT: f64 = 0.8;

/// Indexes of the `k` summary sentences, ascending.
pub fn summarize(_text: &str, sentences: &[Span], tokens: &[Token], k: usize) -> Vec<usize> {
    let n = sentences.len().min(MAX_SENTENCES);
    if k == 0 || n == 0 {
        return Vec::new();
    }
    // The sentence of each token, found once for both uses.
    let in_sentence = keywords::token_sentences(&sentences[..n], tokens);
    let vectors = tfidf_vectors(n, tokens, &in_sentence);
    let words = word_counts(n, &in_sentence);
    let eligible: Vec<bool> = words.iter().map(|&w| w >= MIN_WORDS).collect();

    // Cosine similarity graph (symmetric, no self-loops).
    // Each sentence's vector is scattered into a dense row once and every later sentence's
    // entries are looked up in it ([`dot_dense`]): the same sums as merging the two sparse
    // vectors, without the merge's unpredictable branches.
    let mut sim = vec![0.0f64; n * n];
    let vocab = vectors.iter().flatten().map(|p| p.0 + 1).max().unwrap_or(0);
    let mut dense = vec![0.0f64; vocab];
    for i in 0..n {
        for &(id, w) in &vectors[i] {
            dense[id] = w;
        }
        for j in i + 1..n {
            let s = dot_dense(&dense, &vectors[j]);
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
        for &(id, _) in &vectors[i] {
            dense[id] = 0.0;
        }
    }
    let prior: Vec<f64> = {
        let raw: Vec<f64> = (0..n)
            .map(|i| {
                if eligible[i] {
                    1.0 / (i + 1) as f64
                } else {
                    0.0
                }
            })
            .collect();
        let total: f64 = raw.iter().sum();
        if total > 0.0 {
            raw.iter().map(|p| p / total).collect()
        } else {
            vec![1.0 / n as f64; n]
        }
    };
    let score = personalised_pagerank(&sim, n, &prior);

    let mut order: Vec<usize> = (0..n).filter(|&i| eligible[i]).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    for i in order {
        if chosen.len() == k {
            break;
        }
        if chosen.iter().all(|&c| sim[i * n + c] <= REDUNDANT) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Word tokens per sentence (all tokens, stopwords included).
fn word_counts(sentences: usize, in_sentence: &[Option<usize>]) -> Vec<usize> {
    let mut counts = vec![0; sentences];
    for &s in in_sentence.iter().flatten() {
        counts[s] += 1;
    }
    counts
}

/// One sparse, L2-normalised tf-idf vector per sentence over content stems, as sorted
/// (stem id, weight) pairs.
fn tfidf_vectors(
    sentences: usize,
    tokens: &[Token],
    in_sentence: &[Option<usize>],
) -> Vec<Vec<(usize, f64)>> {
    // Sized for every token at once: growing it rehashed it several times an article.
    let mut ids: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(tokens.len(), Default::default());
    // (sentence, stem id) per content token, grouped by sorting.
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(tokens.len());
    for (t, &s) in tokens.iter().zip(in_sentence) {
        let Some(s) = s else { continue };
        if !keywords::is_content(t) {
            continue;
        }
        let next = ids.len();
        pairs.push((s, *ids.entry(t.stem.as_str()).or_insert(next)));
    }
    keywords::sort_pairs(&mut pairs);
    let mut df = vec![0usize; ids.len()];
    for g in pairs.chunk_by(|x, y| x == y) {
        df[g[0].1] += 1;
    }
    let n = sentences as f64;
    let mut out = vec![Vec::new(); sentences];
    for g in pairs.chunk_by(|x, y| x == y) {
        let (s, id) = g[0];
        out[s].push((id, g.len() as f64 * (1.0 + n / df[id] as f64).ln()));
    }
    for v in &mut out {
        let norm = v.iter().map(|p| p.1 * p.1).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|p| p.1 /= norm);
        }
    }
    out
}

/// [`cosine`] of `a`, scattered into `dense` (zero elsewhere), and `b`, summed in the same
/// order: `b`'s ids ascending. An id `a` lacks adds `0.0 * w`, an exact zero (weights are
/// finite and positive), so the result is bit for bit the merge's.
fn dot_dense(dense: &[f64], b: &[(usize, f64)]) -> f64 {
    b.iter().fold(0.0, |dot, &(id, w)| {
        dot + dense.get(id).copied().unwrap_or(0.0) * w
    })
}

/// Dot product of two sorted, normalised sparse vectors, by merging them: the reference
/// [`dot_dense`] is tested against.
#[cfg(test)]
fn cosine(a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// PageRank on the weighted graph `sim` (n×n, row-major) whose random jump follows `prior`;
/// a sentence similar to no other sends its rank through the jump.
fn personalised_pagerank(sim: &[f64], n: usize, prior: &[f64]) -> Vec<f64> {
    let out: Vec<f64> = (0..n)
        .map(|i| sim[i * n..(i + 1) * n].iter().sum())
        .collect();
    // Most sentence pairs share no content word: each row's non-zero entries, so that an
    // iteration costs the number of links rather than n². Skipping a zero entry is exact:
    // it adds `share * 0.0 = +0.0` to a non-negative sum, which leaves the sum as it is
    // (for a finite share; an infinite one takes the dense loop, as NaN must propagate).
    let mut row_start = Vec::with_capacity(n + 1);
    let mut links: Vec<(usize, f64)> = Vec::new();
    for i in 0..n {
        row_start.push(links.len());
        links.extend(
            sim[i * n..(i + 1) * n]
                .iter()
                .enumerate()
                .filter(|(_, s)| **s != 0.0)
                .map(|(j, &s)| (j, s)),
        );
    }
    row_start.push(links.len());
    let mut rank = prior.to_vec();
    for _ in 0..ITERATIONS {
        let dangling: f64 = (0..n).filter(|&i| out[i] <= 0.0).map(|i| rank[i]).sum();
        let mut next: Vec<f64> = prior
            .iter()
            .map(|p| (1.0 - DAMPING + DAMPING * dangling) * p)
            .collect();
        for i in 0..n {
            if out[i] <= 0.0 {
                continue;
            }
            let share = DAMPING * rank[i] / out[i];
            if share.is_finite() {
                for &(j, s) in &links[row_start[i]..row_start[i + 1]] {
                    next[j] += share * s;
                }
            } else {
                for (j, nx) in next.iter_mut().enumerate() {
                    *nx += share * sim[i * n + j];
                }
            }
        }
        rank = next;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{sentences, tokens};
    use proptest::prelude::*;

    /// A sorted sparse vector of positive weights over ids below 40.
    fn sparse() -> impl Strategy<Value = Vec<(usize, f64)>> {
        prop::collection::btree_map(0usize..40, 0.001f64..5.0, 0..20)
            .prop_map(|m| m.into_iter().collect())
    }

    proptest! {
        #[test]
        fn dot_dense_is_the_merge_bit_for_bit(a in sparse(), b in sparse()) {
            let mut dense = vec![0.0; 40];
            for &(id, w) in &a {
                dense[id] = w;
            }
            prop_assert_eq!(dot_dense(&dense, &b).to_bits(), cosine(&a, &b).to_bits());
        }
    }

    fn summary(text: &str, k: usize) -> Vec<usize> {
        summarize(
            text,
            &sentences::split(text, "id"),
            &tokens::tokenize(text, "id"),
            k,
        )
    }

    const ARTICLE: &str = "Banjir besar melanda Kota Sukamaju sejak Senin malam.\n\
        Ribuan warga Kota Sukamaju mengungsi karena banjir merendam rumah mereka.\n\
        Foto: Arsip\n\
        Seorang pedagang bakso berjualan di pinggir jalan seperti biasa.\n\
        Banjir di Kota Sukamaju merendam ribuan rumah warga dan sekolah.\n\
        Pemerintah mengirim perahu karet untuk mengevakuasi warga korban banjir.\n\
        Cuaca di pegunungan tetap cerah sepanjang hari itu.";

    #[test]
    fn picks_central_sentences_in_article_order() {
        let s = summary(ARTICLE, 3);
        assert_eq!(s.len(), 3);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        // The flood sentences, not the bakso seller or the weather in the hills.
        assert!(!s.contains(&3) && !s.contains(&6), "{s:?}");
        assert!(s.contains(&0) || s.contains(&1), "{s:?}");
    }

    #[test]
    fn short_fragments_are_never_chosen() {
        assert!(!summary(ARTICLE, 6).contains(&2));
    }

    #[test]
    fn lead_prior_breaks_ties_toward_the_start() {
        let text = "Harga cabai naik tajam pekan ini.\nHarga cabai naik tajam pekan ini di pasar.\nHarga cabai naik tajam pekan ini di kota.";
        assert_eq!(summary(text, 1), [0]);
    }

    #[test]
    fn near_duplicate_sentences_are_not_both_chosen() {
        let text = "Gempa mengguncang Palu pagi ini dengan kuat.\nGempa mengguncang Palu pagi ini dengan kuat.\nWarga berlarian keluar rumah saat gempa terjadi di Palu.";
        assert_eq!(summary(text, 2), [0, 2]);
    }

    #[test]
    fn fewer_sentences_than_k_and_empty_input() {
        assert_eq!(summary("Satu kalimat saja di sini.", 3), [0]);
        assert!(summary("", 3).is_empty());
        assert!(summary(ARTICLE, 0).is_empty());
    }

    #[test]
    fn only_the_first_sentences_enter_the_graph() {
        const PLACES: &[&str] = &[
            "Bogor",
            "Depok",
            "Bekasi",
            "Garut",
            "Cianjur",
            "Subang",
            "Karawang",
            "Purwakarta",
            "Sumedang",
            "Kuningan",
        ];
        let text: String = (0..500)
            .map(|i| format!("Warga {} melihat banjir besar.\n", PLACES[i % PLACES.len()]))
            .collect();
        let s = summary(&text, 3);
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|&i| i < MAX_SENTENCES));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,400}", k in 0usize..8) {
            let n = sentences::split(&text, "id").len();
            let s = summary(&text, k);
            proptest::prop_assert!(s.len() <= k);
            proptest::prop_assert!(s.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(s.iter().all(|&i| i < n));
        }
    }
}
