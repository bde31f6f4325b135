//! Extractive summary: the lead, then the most central sentences, in article order.
//!
//! LexRank (Erkan and Radev, "LexRank: Graph-based Lexical Centrality as Salience in Text
//! Summarization", 2004): sentences are tf-idf vectors of content stems, linked by cosine
//! similarity, and ranked by PageRank, so that a sentence scores high when it shares its
//! words with many others. News puts its point first, so the random jump is not uniform but
//! follows a lead prior (the i-th sentence weighs 1/(i+1)): a personalised PageRank.
//!
//! In news the lead, the first sentence of the body (the dateline before it is removed as
//! boilerplate), is the most informative one, so it is always chosen when it is a real
//! sentence; a headline fragment or a furniture line before it ("Inter Milan", a byline) is
//! passed over, up to [`LEAD_WITHIN`] sentences in. The rest of the summary follows the
//! ranking, where a sentence almost identical to one already chosen (cosine above 0.8) is
//! skipped.
//!
//! Boilerplate-shaped sentences are never chosen: fewer than four words, all capitals,
//! nothing verb-like (no three lower-case words, nor two and a full stop, nor a word with an
//! Indonesian verb prefix: a headline in title case, a byline, a caption), a "Baca juga"
//! link inside, an opening such as "Baca juga", "Saksikan" or "Sumber:"
//! (`lexicon/furniture_openers.txt`), or a credit at the end (`(*)`, `... . (ant)`); nor is
//! the rest of a sentence broken by a line break, which starts in lower case. (The checks on
//! letter case pass a sentence in a script without case, such as Arabic or Devanagari.)
//! And a summary never starts with a sentence that points back at one it does not hold
//! ("Ia", "Mereka", "Hal ini", "Namun", "Selain itu": `lexicon/anaphoric_openers.txt`);
//! such a sentence is taken only after a chosen sentence that comes before it.
//!
//! Only the first [`MAX_SENTENCES`] sentences enter the graph, which is quadratic in its
//! size: this bounds the cost per article whatever its length, and a summary drawn from
//! the first 200 sentences of a news article loses nothing.

use super::fasthash::FastMap as HashMap;
use super::{Span, keywords, tokens::Token};
use std::sync::LazyLock;

/// Sentences considered, to keep the similarity graph's cost bounded.
pub const MAX_SENTENCES: usize = 200;
const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 40;
/// Sentences with fewer word tokens are never in the summary.
const MIN_WORDS: usize = 4;
/// A candidate this similar to a chosen sentence repeats it.
const REDUNDANT: f64 = 0.8;

/// Indexes of up to `k` summary sentences, ascending: the lead, then the best ranked.
pub fn summarize(text: &str, sentences: &[Span], tokens: &[Token], k: usize) -> Vec<usize> {
    let n = sentences.len().min(MAX_SENTENCES);
    if k == 0 || n == 0 {
        return Vec::new();
    }
    // The sentence of each token, found once for both uses.
    let in_sentence = keywords::token_sentences(&sentences[..n], tokens);
    let vectors = tfidf_vectors(n, tokens, &in_sentence);
    let shapes = shapes(n, tokens, &in_sentence);
    let eligible: Vec<bool> = (0..n)
        .map(|i| shapes[i].is_sentence(text, sentences[i], tokens))
        .collect();

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

    // The lead: the first real sentence, past at most LEAD_WITHIN - 1 headline fragments
    // or furniture lines before it; none if it opens by pointing back.
    let refers_back = |i: usize| {
        let first = shapes[i].first;
        first != usize::MAX && ANAPHORIC.opens(text, tokens, first, sentences[i].end)
    };
    let lead = (0..n.min(LEAD_WITHIN))
        .find(|&i| eligible[i])
        .filter(|&i| !refers_back(i));
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    chosen.extend(lead);
    let mut order: Vec<usize> = (0..n).filter(|&i| eligible[i] && lead != Some(i)).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let fresh = |chosen: &[usize], i: usize| chosen.iter().all(|&c| sim[i * n + c] <= REDUNDANT);
    // A sentence that points back may follow a chosen one, never open the summary. Those
    // passed over wait: once the greedy pass is done, the earliest chosen sentence is fixed,
    // and any that come after it are taken in score order.
    let mut waiting: Vec<usize> = Vec::new();
    for &i in &order {
        if chosen.len() == k {
            break;
        }
        if !fresh(&chosen, i) {
            continue;
        }
        if refers_back(i) && !chosen.iter().any(|&c| c < i) {
            waiting.push(i);
        } else {
            chosen.push(i);
        }
    }
    for i in waiting {
        if chosen.len() == k {
            break;
        }
        if chosen.iter().any(|&c| c < i) && fresh(&chosen, i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// What a sentence's tokens say about its shape, gathered in one pass.
#[derive(Clone, Copy)]
struct Shape {
    /// Word tokens (stopwords included).
    words: usize,
    /// Index of its first token (`usize::MAX` if none).
    first: usize,
    /// Words that start with a lower-case letter: a sentence has function words and verbs;
    /// a headline in title case, a byline or a caption has few or none.
    lower: usize,
    /// A lower-case word with an Indonesian verb prefix (`me-`, `ber-`, `di-`, `ter-`).
    verb: bool,
    /// Any lower-case letter at all (an all-caps line is a banner or a heading).
    cased: bool,
    /// A "Baca juga" inside: a related-article link glued to the sentence.
    see_also: bool,
    /// Words in a script without letter case (Arabic, Devanagari): the checks on case
    /// say nothing about them.
    caseless: usize,
}

impl Shape {
    /// Whether this is a sentence a summary may hold, not boilerplate-shaped: at least
    /// [`MIN_WORDS`] words, not all capitals, something verb-like (three lower-case words,
    /// two and a closing full stop, or one with a verb prefix), no "Baca juga" inside, not
    /// the rest of a broken line ([`continues_a_line`]), not opening as furniture does
    /// ([`FURNITURE`]) and not ending in a credit.
    fn is_sentence(&self, text: &str, span: Span, tokens: &[Token]) -> bool {
        let sentence = text.get(span.start..span.end).unwrap_or("");
        let caseless = 2 * self.caseless >= self.words;
        let predicate = caseless
            || self.verb
            || self.lower >= 3
            || (self.lower >= 2 && ends_as_sentence(sentence));
        self.words >= MIN_WORDS
            && (self.cased || caseless)
            && predicate
            && !self.see_also
            && !continues_a_line(sentence)
            && !FURNITURE.opens(text, tokens, self.first, span.end)
            && !ends_in_credit(sentence)
    }
}

/// The [`Shape`] of each of the first `n` sentences.
fn shapes(n: usize, tokens: &[Token], in_sentence: &[Option<usize>]) -> Vec<Shape> {
    let mut out = vec![
        Shape {
            words: 0,
            first: usize::MAX,
            lower: 0,
            verb: false,
            cased: false,
            see_also: false,
            caseless: 0,
        };
        n
    ];
    let mut prev: Option<(usize, &str)> = None;
    for (i, (t, &s)) in tokens.iter().zip(in_sentence).enumerate() {
        let Some(s) = s else {
            prev = None;
            continue;
        };
        let shape = &mut out[s];
        shape.words += 1;
        if shape.first == usize::MAX {
            shape.first = i;
        }
        let word = t.text.as_str();
        // The first letter from its first byte when ASCII (most words), decoded otherwise.
        let starts_lower = match word.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => {
                let c = word.chars().next().unwrap_or(' ');
                if c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase() {
                    shape.caseless += 1;
                }
                c.is_lowercase()
            }
        };
        if starts_lower {
            shape.lower += 1;
            shape.verb = shape.verb
                || (word.len() >= 5 && VERB_PREFIXES.iter().any(|p| word.starts_with(p)));
            shape.cased = true;
        } else if !shape.cased {
            shape.cased = word.chars().any(char::is_lowercase);
        }
        if let Some((ps, pw)) = prev
            && ps == s
            && word.eq_ignore_ascii_case("juga")
            && pw.eq_ignore_ascii_case("baca")
            && pw.starts_with('B')
        {
            shape.see_also = true;
        }
        prev = Some((s, word));
    }
    out
}

/// Indonesian verb prefixes (`me-`, `ber-`, `di-`, `ter-`), on a lower-case word of five or
/// more letters: "mengatakan", "berencana", "ditangkap", "terjadi".
const VERB_PREFIXES: [&str; 4] = ["me", "ber", "di", "ter"];

/// Whether `s` is the rest of a sentence broken by a line break, not a sentence: it starts,
/// past a dash, bullet, quote or bracket, with a lower-case letter or with a comma, colon,
/// semicolon or closing bracket ("menyebut timnya tertekan ..." after a line "Kapten Jepang").
fn continues_a_line(s: &str) -> bool {
    s.trim_start_matches(|c: char| c.is_whitespace() || "-–—•*\"'“‘(".contains(c))
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || ",;:)".contains(c))
}

/// Whether `s` ends with a full stop, question or exclamation mark, closing quotes and
/// brackets aside.
fn ends_as_sentence(s: &str) -> bool {
    s.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)]".contains(c))
        .ends_with(['.', '!', '?'])
}

/// Whether `s` ends in a credit: `(*)`, or a short bracket after the sentence's closing mark,
/// as in `... di Jakarta. (ant)` or `... berakhir." (Fitra Iskandar)`.
fn ends_in_credit(s: &str) -> bool {
    let s = s.trim_end();
    let Some(inner) = s.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let (before, credit) = (&inner[..open], &inner[open + 1..]);
    credit == "*" || (credit.len() <= 40 && before.trim_end().ends_with(['.', '!', '?', '"', '”']))
}

/// The lead is the first real sentence among this many: the sentences before it may be
/// headline fragments or furniture lines ("Inter Milan", "Laporan wartawan ...").
const LEAD_WITHIN: usize = 3;

/// Sentence openers from a lexicon file, matched against a sentence's first tokens in any
/// letter case (see `lexicon/anaphoric_openers.txt` for the format).
struct Openers {
    /// The openers by their first word, lower-cased: (words, followed by a colon).
    by_first: HashMap<String, Vec<(Vec<&'static str>, bool)>>,
    /// `first[len]` has bit `c - b'a'` set when a first word of `len` bytes starts with `c`:
    /// most sentences' first words fail this before any hashing.
    first: [u32; OPENER_MAX + 1],
}

/// Longest first word of an opener, in bytes.
const OPENER_MAX: usize = 16;

impl Openers {
    fn parse(file: &'static str) -> Self {
        let mut openers = Openers {
            by_first: HashMap::default(),
            first: [0; OPENER_MAX + 1],
        };
        for entry in super::lexicon::entries(file) {
            let (words, colon) = match entry.strip_suffix(':') {
                Some(w) => (w, true),
                None => (entry, false),
            };
            let words: Vec<&'static str> = words.split(' ').collect();
            let head = words[0].to_ascii_lowercase();
            if let (Some(bits), Some(&c)) =
                (openers.first.get_mut(head.len()), head.as_bytes().first())
                && c.is_ascii_lowercase()
            {
                *bits |= 1 << (c - b'a');
                openers
                    .by_first
                    .entry(head)
                    .or_default()
                    .push((words, colon));
            }
        }
        openers
    }

    /// Whether the sentence whose first token is `tokens[first]` and which ends at byte
    /// `end` opens with one of the openers.
    fn opens(&self, text: &str, tokens: &[Token], first: usize, end: usize) -> bool {
        let Some(head) = tokens.get(first) else {
            return false;
        };
        let may = match (
            self.first.get(head.text.len()),
            head.text.as_bytes().first(),
        ) {
            (Some(bits), Some(&c)) => {
                let c = c.to_ascii_lowercase();
                c.is_ascii_lowercase() && bits & (1 << (c - b'a')) != 0
            }
            _ => false,
        };
        if !may {
            return false;
        }
        let mut buf = [0u8; OPENER_MAX];
        let Some(key) = ascii_lower(&head.text, &mut buf) else {
            return false;
        };
        let Some(entries) = self.by_first.get(key) else {
            return false;
        };
        entries.iter().any(|(words, colon)| {
            let Some(run) = tokens.get(first..first + words.len()) else {
                return false;
            };
            let matched = run
                .iter()
                .zip(words)
                .all(|(t, w)| t.end <= end && t.text.eq_ignore_ascii_case(w));
            matched
                && (!colon
                    || text
                        .get(run[run.len() - 1].end..end)
                        .is_some_and(|rest| rest.trim_start().starts_with(':')))
        })
    }
}

/// `word` lower-cased into `buf`, if it is ASCII and fits.
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; OPENER_MAX]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..bytes.len()];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Openers that point back at something said before: never the summary's first sentence.
static ANAPHORIC: LazyLock<Openers> =
    LazyLock::new(|| Openers::parse(include_str!("lexicon/anaphoric_openers.txt")));
/// Openers of page furniture: never in a summary.
static FURNITURE: LazyLock<Openers> =
    LazyLock::new(|| Openers::parse(include_str!("lexicon/furniture_openers.txt")));

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

    /// The text of each summary sentence of `text`.
    fn summary_texts(text: &str, k: usize) -> Vec<String> {
        let spans = sentences::split(text, "id");
        summary(text, k)
            .into_iter()
            .map(|i| spans[i].of(text).to_string())
            .collect()
    }

    #[test]
    fn the_lead_is_always_in_the_summary() {
        // The lead shares few words with the rest, which repeat one another: LexRank alone
        // would pass it over.
        let text = "Gubernur Sukamaju meresmikan jembatan gantung pertama di Desa Cibodas.\n\
            Warga desa dulu menyeberangi sungai dengan rakit bambu.\n\
            Rakit bambu warga sering terbalik saat sungai banjir.\n\
            Sungai banjir membuat rakit bambu warga hanyut.\n\
            Warga desa kini tidak lagi memakai rakit bambu di sungai.";
        for k in 1..=3 {
            let s = summary(text, k);
            assert_eq!(s.first(), Some(&0), "k={k}: {s:?}");
            assert_eq!(s.len(), k);
        }
    }

    #[test]
    fn a_headline_fragment_before_the_lead_is_passed_over() {
        let text = "Inter Milan\n\
            Inter Milan resmi menunjuk pelatih baru untuk musim depan.\n\
            Pelatih baru itu pernah membawa klubnya juara liga.\n\
            Suporter menyambut kabar tersebut dengan gembira.";
        assert_eq!(summary(text, 1), [1]);
    }

    #[test]
    fn boilerplate_shaped_sentences_are_never_chosen() {
        let lines = [
            "Harga cabai di pasar Sukamaju naik tajam pekan ini.",
            "HARGA CABAI NAIK TAJAM DI PASAR SUKAMAJU PEKAN INI.",
            "Baca juga: Harga cabai di pasar Sukamaju naik tajam.",
            "Harga Cabai di Pasar Sukamaju Naik Tajam Pekan Ini",
            "Pedagang cabai di pasar Sukamaju mengeluhkan harga, Baca juga: Harga cabai naik",
            "Pedagang cabai di pasar Sukamaju kehabisan stok sejak Senin (*)",
            "dan pedagang cabai di pasar Sukamaju kehabisan stok sejak Senin.",
            "Saksikan harga cabai di pasar Sukamaju naik tajam pekan ini.",
            "Sumber: harga cabai pasar Sukamaju, dinas perdagangan.",
            "Laporan Wartawan Sukamaju Pos, Budi Santoso",
        ];
        let text = lines.join("\n");
        let spans = sentences::split(&text, "id");
        let s = summary(&text, lines.len());
        let picked: Vec<&str> = s.iter().map(|&i| spans[i].of(&text)).collect();
        assert_eq!(picked, [lines[0]], "{picked:?}");
    }

    #[test]
    fn a_summary_never_opens_with_a_sentence_that_points_back() {
        // The lead is unusable (a title-case headline), the most central sentence starts
        // with "Ia", and "Namun" opens another.
        let text = "Kisah Budi Santoso, Petani Cabai dari Sukamaju\n\
            Ia menanam cabai di lahan seluas dua hektare sejak tahun lalu.\n\
            Budi Santoso menanam cabai rawit dan cabai merah di lahan sewaan.\n\
            Namun, harga cabai di lahan petani sering jatuh saat panen raya.\n\
            Hal ini membuat Budi Santoso menanam cabai lebih sedikit.";
        for k in 1..=4 {
            let s = summary_texts(text, k);
            let first = s.first().expect("a summary");
            for opener in ["Ia ", "Namun", "Hal ini", "Kisah"] {
                assert!(!first.starts_with(opener), "k={k}: {s:?}");
            }
        }
        // A sentence that points back may still follow one chosen before it.
        let all = summary_texts(text, 4);
        assert!(all.iter().any(|x| x.starts_with("Hal ini")), "{all:?}");
    }

    #[test]
    fn a_lead_that_points_back_is_not_forced_first() {
        let text = "Mereka menolak rencana pembangunan pabrik semen di desa.\n\
            Warga Desa Cibodas menolak rencana pabrik semen di lahan pertanian.\n\
            Pabrik semen dinilai merusak sumber air warga desa.";
        let s = summary_texts(text, 1);
        assert!(s[0].starts_with("Warga"), "{s:?}");
    }

    #[test]
    fn openers_match_whole_words_in_any_case() {
        let text =
            "HAL INI penting.\nHalini penting.\nSumber : Antara.\nSumber daya alam melimpah.";
        let spans = sentences::split(text, "id");
        let toks = tokens::tokenize(text, "id");
        let first = |i: usize| toks.iter().position(|t| t.start >= spans[i].start).unwrap();
        assert!(ANAPHORIC.opens(text, &toks, first(0), spans[0].end));
        assert!(!ANAPHORIC.opens(text, &toks, first(1), spans[1].end));
        assert!(FURNITURE.opens(text, &toks, first(2), spans[2].end));
        assert!(!FURNITURE.opens(text, &toks, first(3), spans[3].end));
    }

    #[test]
    fn sentences_in_a_script_without_case_are_not_boilerplate() {
        let text = "हमारे गांव में कल रात भारी बारिश हुई।\nनदी का पानी खेतों में भर गया और किसान परेशान हैं।";
        assert_eq!(summary(text, 2), [0, 1]);
    }

    #[test]
    fn credits_are_told_from_abbreviations() {
        assert!(ends_in_credit("Banjir surut sore ini. (ant)"));
        assert!(ends_in_credit("Banjir surut sore ini.\" (Fitra Iskandar)"));
        assert!(ends_in_credit("Banjir surut sore ini (*)"));
        assert!(!ends_in_credit(
            "Polisi mengejar kelompok kriminal bersenjata (KKB)."
        ));
        assert!(!ends_in_credit(
            "Polisi mengejar kelompok kriminal bersenjata (KKB)"
        ));
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
