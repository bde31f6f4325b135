//! Keyword extraction: the terms and short phrases an article is about.
//!
//! TextRank (Mihalcea and Tarau, "TextRank: Bringing Order into Texts", 2004) over stems:
//! content words (not stopwords, not numbers, not attribution verbs such as `kata` or
//! `ujarnya`, at least three characters) are nodes, linked when they occur within three
//! content words of each other in a sentence, and ranked by PageRank. Phrases of up to three
//! adjacent content words (no punctuation between them) then compete with single words:
//! a phrase counts only when it recurs, and scores the mean of its words' ranks times the
//! square root of its length, so that a recurring name such as "Nagorno Karabakh" outranks
//! its parts. A candidate that contains one already chosen, or shares half or more of its
//! words with one ("Perindo Kota Bekasi" after "Partai Perindo Kota"), is skipped, so the
//! list does not repeat itself. Scores are divided by the best one: the top keyword
//! scores 1 and all are in (0, 1].
//!
//! Stems group inflected forms ("pertempuran", "bertempur"); the `term` shown is the surface
//! form seen most often for that stem or phrase (the earliest on ties).

use super::fasthash::FastMap as HashMap;
use super::{Span, quotes, tokens::Token};
use serde::{Deserialize, Serialize};

/// A term or short phrase the article is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// In its most frequent surface form ("Harga cabai").
    pub term: String,
    /// Relative to the best keyword's 1.0: compare within one article only.
    pub score: f64,
}

/// Content words within this many positions of each other are linked.
const WINDOW: usize = 3;
/// Longest keyphrase, in words.
const MAX_PHRASE: usize = 3;
const _: () = assert!(
    MAX_PHRASE == 3,
    "sort_occurrences packs three ids and a start into a u128"
);

/// A phrase's node ids (its first `len` slots) and `len`.
type NodeRun = ([usize; MAX_PHRASE], usize);
const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 30;

/// Whether a token can be (part of) a keyword, or a summary-similarity feature: not a
/// stopword, no digits, at least three characters, not an attribution verb.
pub(super) fn is_content(t: &Token) -> bool {
    if t.stop {
        return false;
    }
    // ASCII words (most): three chars are three bytes and the only numeric chars are the
    // ASCII digits, so the checks need no char decoding.
    let shaped = if t.text.is_ascii() {
        t.text.len() >= 3 && !t.text.bytes().any(|b| b.is_ascii_digit())
    } else {
        t.text.chars().nth(2).is_some() && !t.text.chars().any(|c| c.is_numeric())
    };
    shaped && !quotes::is_attribution_word(&t.text)
}

/// The sentence index of each token (`None` for a token outside every sentence), by
/// walking both sorted lists once.
pub(super) fn token_sentences(sentences: &[Span], tokens: &[Token]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut s = 0;
    for t in tokens {
        while s < sentences.len() && sentences[s].end <= t.start {
            s += 1;
        }
        out.push(sentences.get(s).filter(|sp| sp.start <= t.start).map(|_| s));
    }
    out
}

/// Sorts pairs as `sort_unstable` does (lexicographically; equal pairs are identical, so
/// the result is the same sequence). When both halves fit in 32 bits, as they always do for
/// ids and sentence indexes of a real article, each pair is sorted packed into one `u64`,
/// whose order is the pairs' order: half the bytes to move and one comparison, not two.
pub(super) fn sort_pairs(pairs: &mut [(usize, usize)]) {
    let fits = |x: usize| u32::try_from(x).is_ok();
    if !pairs.iter().all(|&(a, b)| fits(a) && fits(b)) {
        pairs.sort_unstable();
        return;
    }
    let mut packed: Vec<u64> = pairs
        .iter()
        .map(|&(a, b)| ((a as u64) << 32) | b as u64)
        .collect();
    packed.sort_unstable();
    for (pair, p) in pairs.iter_mut().zip(packed) {
        *pair = ((p >> 32) as usize, (p & 0xffff_ffff) as usize);
    }
}

/// Sorts occurrences as `sort_unstable` does (by key, then start; no two are equal). When
/// the ids and starts fit in 32 bits, as they always do for a real article, each one is
/// sorted packed into one `u128` (the three ids high, the start low), whose order is theirs
/// (an unused slot, `usize::MAX`, packs to `u32::MAX`, above every id that fits).
fn sort_occurrences(occurrences: &mut [([usize; MAX_PHRASE], usize)]) {
    let fits = |x: usize| x < u32::MAX as usize;
    let packable = occurrences
        .iter()
        .all(|(key, start)| fits(*start) && key.iter().all(|&id| id == usize::MAX || fits(id)));
    if !packable {
        occurrences.sort_unstable();
        return;
    }
    let pack32 = |x: usize| {
        if x == usize::MAX {
            u32::MAX as u128
        } else {
            x as u128
        }
    };
    let unpack32 = |x: u128| {
        let x = (x & 0xffff_ffff) as u32;
        if x == u32::MAX {
            usize::MAX
        } else {
            x as usize
        }
    };
    let mut packed: Vec<u128> = occurrences
        .iter()
        .map(|(key, start)| {
            key.iter().fold(0u128, |acc, &id| (acc << 32) | pack32(id)) << 32 | *start as u128
        })
        .collect();
    packed.sort_unstable();
    for (o, p) in occurrences.iter_mut().zip(packed) {
        *o = (
            [unpack32(p >> 96), unpack32(p >> 64), unpack32(p >> 32)],
            (p & 0xffff_ffff) as usize,
        );
    }
}

/// The `k` highest-ranked keywords of the article.
///
/// Costs O(n log n) in the number of tokens: occurrences and edges are gathered in
/// vectors and grouped by sorting rather than hashed one by one, which keeps allocation
/// low (this runs on every article).
pub fn rank(text: &str, sentences: &[Span], tokens: &[Token], k: usize) -> Vec<Keyword> {
    if k == 0 {
        return Vec::new();
    }
    let in_sentence = token_sentences(sentences, tokens);
    // Node ids for stems, in first-seen order (deterministic). Stems are lower-case
    // already (tokens.rs stems the lower-cased word).
    // Sized for every token at once: growing it rehashed it several times an article.
    let mut ids: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(tokens.len(), Default::default());
    // Content tokens as (token index, node id).
    let mut content: Vec<(usize, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if in_sentence[i].is_none() || !is_content(t) {
            continue;
        }
        let stem = if t.stem.is_empty() {
            t.text.as_str()
        } else {
            t.stem.as_str()
        };
        let next = ids.len();
        let id = *ids.entry(stem).or_insert(next);
        content.push((i, id));
    }
    if content.is_empty() {
        return Vec::new();
    }
    let ranks = textrank(&content, &in_sentence, ids.len());

    // Occurrences of 1..=3-word runs of adjacent content tokens, keyed by their node ids
    // (unused slots hold usize::MAX), with the index in `content` of their first word; the
    // surface and position are read from the tokens when a group needs them. Sorted by key,
    // then by start (which orders them by position too).
    let mut occurrences: Vec<([usize; MAX_PHRASE], usize)> =
        Vec::with_capacity(content.len() * MAX_PHRASE);
    for start in 0..content.len() {
        for len in 1..=MAX_PHRASE {
            let Some(run) = content.get(start..start + len) else {
                break;
            };
            if !adjacent(text, tokens, &in_sentence, run) {
                break;
            }
            let mut key = [usize::MAX; MAX_PHRASE];
            for (slot, &(_, id)) in key.iter_mut().zip(run) {
                *slot = id;
            }
            if text
                .get(tokens[run[0].0].start..tokens[run[len - 1].0].end)
                .is_none()
            {
                break;
            }
            occurrences.push((key, start));
        }
    }
    sort_occurrences(&mut occurrences);
    // The surface form and position of the run of `len` content words from `start`.
    let surface = |start: usize, len: usize| -> (&str, usize) {
        let (a, b) = (
            tokens[content[start].0].start,
            tokens[content[start + len - 1].0].end,
        );
        (text.get(a..b).unwrap_or(""), a)
    };

    // Candidates (score, first position, term, index into `nodes_of`); a candidate's node
    // ids are the first `len` slots of its key (no allocation per group).
    let mut scored: Vec<Candidate> = Vec::new();
    let mut nodes_of: Vec<NodeRun> = Vec::new();
    let mut forms: Vec<(&str, usize)> = Vec::new();
    for group in occurrences.chunk_by(|x, y| x.0 == y.0) {
        let key = group[0].0;
        let len = key.iter().take_while(|&&id| id != usize::MAX).count();
        let nodes = &key[..len];
        if nodes.len() > 1 && group.len() < 2 {
            continue;
        }
        // The surface form seen most often, the earliest on ties (sorted by surface, then
        // position, so each run's first position is its earliest). The group is sorted by
        // position: its first is the earliest.
        let (term, first) = if let [(_, start)] = group {
            surface(*start, len)
        } else {
            forms.clear();
            forms.extend(group.iter().map(|&(_, start)| surface(start, len)));
            forms.sort_unstable();
            let term = forms
                .chunk_by(|x, y| x.0 == y.0)
                .map(|same| (same.len(), same[0].1, same[0].0))
                .min_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)))
                .map_or("", |t| t.2);
            (term, surface(group[0].1, len).1)
        };
        let n = nodes.len() as f64;
        let score = nodes.iter().map(|&id| ranks[id]).sum::<f64>() / n * n.sqrt();
        scored.push(Candidate(score, first, term, nodes_of.len()));
        nodes_of.push((key, len));
    }
    // Best first, taken from a heap: only as many candidates as it takes to choose `k` are
    // ordered, not all of them. The order is total (see `Candidate`), so the candidates come
    // out exactly as a stable sort by (score, position, term) would list them.
    let mut best_first = std::collections::BinaryHeap::from(scored);

    let mut chosen: Vec<(f64, &str, NodeRun)> = Vec::new();
    while chosen.len() < k {
        let Some(Candidate(score, _, term, index)) = best_first.pop() else {
            break;
        };
        let (key, len) = nodes_of[index];
        let nodes = &key[..len];
        // Repeats a chosen keyword: contains it, or half or more of its words are in it.
        let overlaps = chosen.iter().any(|(_, _, (ckey, clen))| {
            let c = &ckey[..*clen];
            let shared = nodes.iter().filter(|n| c.contains(n)).count();
            2 * shared >= nodes.len() || c.iter().all(|n| nodes.contains(n))
        });
        if !overlaps && !term.is_empty() && score.is_finite() && score > 0.0 {
            chosen.push((score, term, (key, len)));
        }
    }
    let best = chosen.first().map_or(1.0, |c| c.0);
    chosen
        .into_iter()
        .map(|(score, term, _)| Keyword {
            term: term.to_string(),
            score: (score / best).clamp(f64::MIN_POSITIVE, 1.0),
        })
        .collect()
}

/// A keyword candidate: score, first position, term, and its index in creation order.
/// Greater is better: a higher score, then an earlier position, then the smaller term, then
/// the earlier created (so that no two candidates compare equal).
struct Candidate<'a>(f64, usize, &'a str, usize);

impl Ord for Candidate<'_> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&o.0)
            .then(o.1.cmp(&self.1))
            .then(o.2.cmp(self.2))
            .then(o.3.cmp(&self.3))
    }
}

impl PartialOrd for Candidate<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq for Candidate<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o).is_eq()
    }
}

impl Eq for Candidate<'_> {}

/// Whether the content tokens of `run` follow one another in one sentence with nothing
/// but spaces or a hyphen between them (no punctuation, no stopword).
fn adjacent(
    text: &str,
    tokens: &[Token],
    in_sentence: &[Option<usize>],
    run: &[(usize, usize)],
) -> bool {
    run.windows(2).all(|w| {
        let (a, b) = (w[0].0, w[1].0);
        b == a + 1
            && in_sentence[a] == in_sentence[b]
            && text
                .get(tokens[a].end..tokens[b].start)
                .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-'))
    })
}

/// PageRank over the co-occurrence graph of content stems: `content` lists (token index,
/// node id) in text order; nodes within [`WINDOW`] content positions in the same sentence
/// are linked, weighted by how often.
fn textrank(content: &[(usize, usize)], in_sentence: &[Option<usize>], nodes: usize) -> Vec<f64> {
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(content.len() * (WINDOW - 1));
    for (i, &(ti, a)) in content.iter().enumerate() {
        for &(tj, b) in content.iter().skip(i + 1).take(WINDOW - 1) {
            if in_sentence[ti] == in_sentence[tj] && a != b {
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
    sort_pairs(&mut pairs);
    let edges: Vec<(usize, usize, f64)> = pairs
        .chunk_by(|x, y| x == y)
        .map(|g| (g[0].0, g[0].1, g.len() as f64))
        .collect();
    let mut out_weight = vec![0.0; nodes];
    for &(a, b, w) in &edges {
        out_weight[a] += w;
        out_weight[b] += w;
    }
    // Each edge's share of either end's rank, divided once here rather than per iteration.
    let flows: Vec<(usize, usize, f64, f64)> = edges
        .iter()
        .map(|&(a, b, w)| {
            (
                a,
                b,
                DAMPING * w / out_weight[a],
                DAMPING * w / out_weight[b],
            )
        })
        .collect();
    let isolated: Vec<usize> = (0..nodes).filter(|&n| out_weight[n] == 0.0).collect();
    let base = (1.0 - DAMPING) / nodes as f64;
    let mut rank = vec![1.0 / nodes as f64; nodes];
    let mut next = vec![0.0; nodes];
    for _ in 0..ITERATIONS {
        // Isolated words (a one-word sentence) spread their rank evenly, as in PageRank.
        let dangling = DAMPING * isolated.iter().map(|&n| rank[n]).sum::<f64>() / nodes as f64;
        next.iter_mut().for_each(|x| *x = base + dangling);
        // Edges are sorted by their lower end `a` (< `b`), so a node's in-flows as a `b`
        // all come before its run of edges as an `a`: summing that run in a register adds
        // the same terms in the same order as adding each to `next[a]` in memory did (the
        // same bits), without a store and reload of `next[a]` per edge, which chained every
        // edge of the run to the one before (keywords stage 3% faster on the dev corpus).
        for run in flows.chunk_by(|x, y| x.0 == y.0) {
            let a = run[0].0;
            let (from_a, mut into_a) = (rank[a], next[a]);
            for &(_, b, to_b, to_a) in run {
                next[b] += from_a * to_b;
                into_a += rank[b] * to_a;
            }
            next[a] = into_a;
        }
        let change: f64 = rank.iter().zip(&next).map(|(r, n)| (r - n).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < 1e-9 {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{sentences, tokens};

    fn keywords(text: &str, k: usize) -> Vec<Keyword> {
        rank(
            text,
            &sentences::split(text, "id"),
            &tokens::tokenize(text, "id"),
            k,
        )
    }

    fn terms(text: &str, k: usize) -> Vec<String> {
        keywords(text, k).into_iter().map(|k| k.term).collect()
    }

    const ARTICLE: &str = "Banjir melanda Kota Sukamaju sejak Senin malam.\n\
        Ketinggian banjir mencapai dua meter di beberapa kampung.\n\
        Warga Kota Sukamaju mengungsi ke masjid dan sekolah.\n\
        \"Banjir tahun ini paling parah,\" kata Darto, warga setempat.\n\
        Pemerintah Kota Sukamaju mengirim perahu karet untuk evakuasi warga.\n\
        Hujan deras membuat sungai meluap dan banjir meluas.";

    #[test]
    fn sort_pairs_sorts_like_sort_unstable() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % 50
        };
        for n in [0, 1, 2, 30, 500] {
            let pairs: Vec<(usize, usize)> = (0..n).map(|_| (next(), next())).collect();
            let (mut want, mut got) = (pairs.clone(), pairs.clone());
            want.sort_unstable();
            sort_pairs(&mut got);
            assert_eq!(got, want);
        }
        let mut big = vec![(usize::MAX, 1), (3, 2), (3, 1)];
        sort_pairs(&mut big);
        assert_eq!(big, [(3, 1), (3, 2), (usize::MAX, 1)]);
    }

    #[test]
    fn sort_occurrences_sorts_like_sort_unstable() {
        use proptest::prelude::*;
        let id = prop_oneof![0usize..6, Just(usize::MAX), Just(u32::MAX as usize - 1)];
        let occurrence = (
            prop::array::uniform3(id),
            prop_oneof![0usize..40, Just(u32::MAX as usize - 1)],
        );
        proptest!(|(mut occ in prop::collection::vec(occurrence, 0..200))| {
            let mut want = occ.clone();
            want.sort_unstable();
            sort_occurrences(&mut occ);
            prop_assert_eq!(occ, want);
        });
        // Too large to pack: the plain sort.
        let mut big = vec![([u32::MAX as usize, 0, 0], 1), ([2, 0, 0], 9)];
        sort_occurrences(&mut big);
        assert_eq!(big, [([2, 0, 0], 9), ([u32::MAX as usize, 0, 0], 1)]);
    }

    #[test]
    fn the_main_topic_ranks_first_with_score_one() {
        let k = keywords(ARTICLE, 5);
        assert!(!k.is_empty());
        assert_eq!(k[0].score, 1.0);
        assert!(
            k.iter().any(|k| k.term.eq_ignore_ascii_case("banjir")),
            "{k:?}"
        );
    }

    #[test]
    fn recurring_phrases_are_preferred_over_their_words() {
        let t = terms(ARTICLE, 5);
        assert!(t.contains(&"Kota Sukamaju".to_string()), "{t:?}");
        assert!(!t.contains(&"Sukamaju".to_string()), "{t:?}");
    }

    #[test]
    fn overlapping_phrases_are_not_both_listed() {
        let t = "Partai Hijau Kota Sukamaju menggelar rapat.\nPartai Hijau Kota Sukamaju membagikan beras.\nKader Partai Hijau Kota Sukamaju hadir.";
        let k = terms(t, 10);
        let with_hijau = k.iter().filter(|x| x.contains("Hijau")).count();
        assert_eq!(with_hijau, 1, "{k:?}");
    }

    #[test]
    fn scores_are_ranked_and_in_unit_interval() {
        let k = keywords(ARTICLE, 10);
        assert!(k.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(k.iter().all(|k| k.score > 0.0 && k.score <= 1.0));
    }

    #[test]
    fn stopwords_numbers_and_cues_are_left_out() {
        let t = terms(
            "Harga beras naik 2500 rupiah.\nKata pedagang, harga beras naik lagi,\" ujarnya.\nHarga beras 2500.",
            10,
        );
        for bad in ["2500", "dan", "ujarnya", "Kata", "kata"] {
            assert!(!t.iter().any(|x| x == bad), "{bad} in {t:?}");
        }
    }

    #[test]
    fn term_is_the_most_frequent_surface_form() {
        let t = terms(
            "Gempa guncang Palu.\ngempa susulan terjadi.\ngempa kembali terasa.\nWarga takut gempa.",
            3,
        );
        assert!(t.contains(&"gempa".to_string()), "{t:?}");
    }

    #[test]
    fn phrases_do_not_cross_punctuation() {
        let t = terms("Pasar ramai, warga senang.\nPasar ramai, warga senang.", 10);
        assert!(!t.iter().any(|x| x.contains(',')), "{t:?}");
    }

    #[test]
    fn k_limits_the_list_and_empty_input_gives_nothing() {
        assert_eq!(keywords(ARTICLE, 3).len(), 3);
        assert!(keywords(ARTICLE, 0).is_empty());
        assert!(keywords("", 5).is_empty());
        assert!(keywords("dan yang di 123", 5).is_empty());
    }

    #[test]
    fn deterministic() {
        assert_eq!(keywords(ARTICLE, 10), keywords(ARTICLE, 10));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,400}", k in 0usize..20) {
            let ks = keywords(&text, k);
            proptest::prop_assert!(ks.len() <= k);
            for kw in ks {
                proptest::prop_assert!(kw.score > 0.0 && kw.score <= 1.0);
            }
        }
    }
}
