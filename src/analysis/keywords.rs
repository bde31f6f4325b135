//! Keyword extraction: the terms, names and short phrases an article is about.
//!
//! TextRank (Mihalcea and Tarau, "TextRank: Bringing Order into Texts", 2004) over stems:
//! content words (not stopwords, not numbers, not attribution verbs such as `kata` or
//! `ujarnya`, at least three characters) are nodes, linked when they occur within three
//! content words of each other in a sentence, and ranked by PageRank. Three kinds of
//! candidate then compete:
//!
//! - single words, scored by their rank;
//! - phrases of two or three adjacent content words (no punctuation between them) that
//!   recur, a collocation such as "Wali Kota", scored as the mean of their words' ranks
//!   times the square root of their length, so that a recurring phrase such as "Harga
//!   cabai" can outrank its parts;
//! - the article's entities (computed before the keywords), each as one unit named by its
//!   canonical text, over the words of all its mentions ("Joko Widodo" for the mentions
//!   "Joko Widodo" and "Widodo"), scored as the mean of their words' ranks, without the
//!   length bonus (names are many words long by nature).
//!
//! A word that occurs only inside one phrase's occurrences, or only inside one entity's
//! mentions, is merged into it: it is no candidate of its own, and the phrase or entity
//! scores at least what the word would have ("Widodo" alone becomes "Joko Widodo").
//!
//! Some candidates are never chosen:
//! - a fragment of a longer name in the same article: its words are a run of an entity's
//!   words and fewer of them ("Widodo", "Kota" beside "Wali Kota Bekasi");
//! - weekday and month names with their short forms, Indonesian and English
//!   (`lexicon/weekdays.txt`, `weekday_forms.txt`, `months.txt`), and page furniture such
//!   as the `com` of "Kompas.com" or `WIB` (`lexicon/keyword_noise.txt`): these are not
//!   content words at all, so no phrase holds them either;
//! - a word glued to its neighbour by the crawler, seen as a change from lower to upper case
//!   inside a word ("nantiPerjuangan"), unless it is a name written so
//!   (`lexicon/camel_case_names.txt`: "TikTok", "WhatsApp").
//!
//! A candidate that contains one already chosen, or shares half or more of its words with
//! one ("Perindo Kota Bekasi" after "Partai Perindo Kota"), is skipped, so the list does
//! not repeat itself. Scores are divided by the best one: the top keyword scores 1 and all
//! are in (0, 1].
//!
//! Stems group inflected forms ("pertempuran", "bertempur"); the `term` shown is the
//! entity's text for an entity, otherwise the surface form seen most often for that stem or
//! phrase (the earliest on ties).

use super::entities::Entity;
use super::fasthash::{FastMap as HashMap, FastSet};
use super::repair::camel_name;
use super::{Span, quotes, tokens::Token};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

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

/// The `k` highest-ranked keywords of the article, whose `entities` are candidates as
/// whole units and the names no keyword may be a fragment of.
///
/// Costs O(n log n) in the number of tokens: occurrences and edges are gathered in
/// vectors and grouped by sorting rather than hashed one by one, which keeps allocation
/// low (this runs on every article).
pub fn rank(
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    entities: &[Entity],
    k: usize,
) -> Vec<Keyword> {
    if k == 0 {
        return Vec::new();
    }
    let in_sentence = token_sentences(sentences, tokens);
    // Node ids for stems, in first-seen order (deterministic). Stems are lower-case
    // already (tokens.rs stems the lower-cased word). A stem whose first token is never a
    // keyword word ([`never_a_keyword_word`]) maps to `EXCLUDED`, decided once a stem.
    // Sized for every token at once: growing it rehashed it several times an article.
    let mut ids: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(tokens.len(), Default::default());
    let mut nodes = 0;
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
        let id = *ids.entry(stem).or_insert_with(|| {
            if never_a_keyword_word(&t.text) {
                EXCLUDED
            } else {
                nodes += 1;
                nodes - 1
            }
        });
        if id != EXCLUDED {
            content.push((i, id));
        }
    }
    if content.is_empty() {
        return Vec::new();
    }
    let ranks = textrank(&content, &in_sentence, nodes);
    // How often each node occurs: a word all of whose occurrences are inside one phrase or
    // entity is merged into it.
    let mut count = vec![0usize; nodes];
    for &(_, id) in &content {
        count[id] += 1;
    }

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
    // ids are `arena[nodes_of[index]]` (one vector for all, no allocation per group).
    // Sized for every group at once (there are fewer groups than occurrences).
    let mut scored: Vec<Candidate> = Vec::with_capacity(occurrences.len() + entities.len());
    let mut nodes_of: Vec<std::ops::Range<usize>> = Vec::with_capacity(scored.capacity());
    let mut arena: Vec<usize> = Vec::with_capacity(occurrences.len() * 2);
    // The candidate of each single word, and the words merged into a phrase or entity
    // (node, the candidate it merges into).
    let mut single = vec![usize::MAX; nodes];
    let mut merged: Vec<(usize, usize)> = Vec::new();

    // Entities first: on a tie with a phrase of the same words, the entity (created
    // earlier) is popped first and the phrase is then skipped as a repeat.
    entity_candidates(
        tokens,
        &content,
        &count,
        &ranks,
        entities,
        Pools {
            scored: &mut scored,
            nodes_of: &mut nodes_of,
            arena: &mut arena,
            merged: &mut merged,
        },
    );

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
        let index = scored.len();
        if let [word] = nodes {
            single[*word] = index;
        } else if !(1..nodes.len()).any(|i| nodes[..i].contains(&nodes[i])) {
            // A word that occurs only in this phrase's occurrences (once in each).
            merged.extend(
                nodes
                    .iter()
                    .filter(|&&n| count[n] == group.len())
                    .map(|&n| (n, index)),
            );
        }
        scored.push(Candidate(group_score(nodes, &ranks), first, term, index));
        let at = arena.len();
        arena.extend_from_slice(nodes);
        nodes_of.push(at..arena.len());
    }
    // Merged words: the unit takes the word's score if higher, and the word is no
    // candidate of its own.
    // (A dropped candidate scores minus infinity: it is never chosen, as a score must be
    // positive, and sinks to the bottom of the heap.)
    for &(word, into) in &merged {
        scored[into].0 = scored[into].0.max(ranks[word]);
        if let Some(c) = scored.get_mut(single[word]) {
            c.0 = f64::NEG_INFINITY;
        }
    }
    // Best first, taken from a heap: only as many candidates as it takes to choose `k` are
    // ordered, not all of them. The order is total (see `Candidate`), so the candidates come
    // out exactly as a stable sort by (score, position, term) would list them.
    let mut best_first = std::collections::BinaryHeap::from(scored);
    let mut names = EntityWords::new(entities);

    let mut chosen: Vec<(f64, &str, std::ops::Range<usize>)> = Vec::new();
    while chosen.len() < k {
        let Some(Candidate(score, _, term, index)) = best_first.pop() else {
            break;
        };
        let nodes = &arena[nodes_of[index].clone()];
        // Repeats a chosen keyword: contains it, or half or more of its words are in it.
        let overlaps = chosen.iter().any(|(_, chosen_term, range)| {
            let c = &arena[range.clone()];
            let shared = nodes.iter().filter(|n| c.contains(n)).count();
            2 * shared >= nodes.len()
                || c.iter().all(|n| nodes.contains(n))
                || same_ignoring_case(chosen_term, term)
        });
        if !overlaps
            && !term.is_empty()
            && score.is_finite()
            && score > 0.0
            && !names.has_longer(term)
            && !never_a_keyword(term)
        {
            chosen.push((score, term, nodes_of[index].clone()));
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

/// Whether two terms are equal but for letter case.
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// The node id of a stem that is never part of a keyword.
const EXCLUDED: usize = usize::MAX;

/// A word's or phrase's score: the mean of its words' ranks times the square root of their
/// number.
fn group_score(nodes: &[usize], ranks: &[f64]) -> f64 {
    let n = nodes.len() as f64;
    nodes.iter().map(|&id| ranks[id]).sum::<f64>() / n * n.sqrt()
}

/// Where [`entity_candidates`] adds what it finds.
struct Pools<'p, 'a> {
    scored: &'p mut Vec<Candidate<'a>>,
    nodes_of: &'p mut Vec<std::ops::Range<usize>>,
    arena: &'p mut Vec<usize>,
    merged: &'p mut Vec<(usize, usize)>,
}

/// One candidate per entity with a content word in its mentions: its nodes are those of
/// every mention's content words (distinct, in text order), its score the mean of their
/// ranks, its term the entity's text, its position its first mention's. A word all of
/// whose occurrences are in this entity's mentions is merged into it.
fn entity_candidates<'a>(
    tokens: &[Token],
    content: &[(usize, usize)],
    count: &[usize],
    ranks: &[f64],
    entities: &'a [Entity],
    pools: Pools<'_, 'a>,
) {
    // (node, occurrences inside this entity's mentions), reused across entities.
    let mut inside: Vec<(usize, usize)> = Vec::new();
    for e in entities {
        inside.clear();
        let mut first = usize::MAX;
        for &[start, end] in &e.spans {
            first = first.min(start);
            // Content tokens are in text order: those inside [start, end) are a run.
            let from = content.partition_point(|&(ti, _)| tokens[ti].start < start);
            for &(_, id) in content[from..]
                .iter()
                .take_while(|&&(ti, _)| tokens[ti].end <= end)
            {
                match inside.iter_mut().find(|(n, _)| *n == id) {
                    Some((_, c)) => *c += 1,
                    None => inside.push((id, 1)),
                }
            }
        }
        // A name starts with a capital or a digit: an entity whose text starts in lower case
        // ("rumah Rian") was tagged with a word before the name, and is no unit.
        if inside.is_empty() || e.text.chars().next().is_none_or(char::is_lowercase) {
            continue;
        }
        let index = pools.scored.len();
        let at = pools.arena.len();
        pools.arena.extend(inside.iter().map(|&(n, _)| n));
        let nodes = &pools.arena[at..];
        // A name is one unit: it scores the mean of its words' ranks, without the length
        // bonus phrases get (which put every two-word name above the topic), or more when a
        // word merged into it (below) ranked higher alone. A word the name shares with the
        // rest of the article ("pasar" of "Pasar Induk") does not lift it.
        let score = nodes.iter().map(|&n| ranks[n]).sum::<f64>() / nodes.len() as f64;
        pools
            .scored
            .push(Candidate(score, first, e.text.as_str(), index));
        pools.nodes_of.push(at..pools.arena.len());
        pools.merged.extend(
            inside
                .iter()
                .filter(|&&(n, c)| count[n] == c)
                .map(|&(n, _)| (n, index)),
        );
    }
}

/// The entities' names as lower-cased words, to tell a fragment of a longer name: all
/// names' words in one vector, each name a range of it (two allocations an article, not one
/// a name), and the set of them all.
struct EntityWords {
    words: Vec<CompactString>,
    names: Vec<std::ops::Range<usize>>,
    /// Every word of every name: a term with a word outside it is no fragment, which most
    /// terms show at their first word.
    known: FastSet<CompactString>,
    /// The words of the term being checked, reused from one check to the next.
    part: Vec<CompactString>,
}

impl EntityWords {
    fn new(entities: &[Entity]) -> Self {
        let mut words = Vec::new();
        let mut names = Vec::with_capacity(entities.len());
        for e in entities {
            let at = words.len();
            push_words(&e.text, &mut words);
            names.push(at..words.len());
        }
        let known = words.iter().cloned().collect();
        EntityWords {
            words,
            names,
            known,
            part: Vec::new(),
        }
    }

    /// Whether `term`'s words are a run of some entity's words, and fewer of them: a
    /// fragment of a longer name ("Widodo" of "Joko Widodo").
    fn has_longer(&mut self, term: &str) -> bool {
        if self.names.is_empty() || !self.may_be_fragment(term) {
            return false;
        }
        self.part.clear();
        push_words(term, &mut self.part);
        let part = &self.part[..];
        !part.is_empty()
            && self.names.iter().any(|name| {
                let whole = &self.words[name.clone()];
                part.len() < whole.len() && whole.windows(part.len()).any(|w| w == part)
            })
    }

    /// False when a word of `term` is in no name: then it is no fragment. ASCII words are
    /// lower-cased on the stack; any other word passes (the full check decides).
    fn may_be_fragment(&self, term: &str) -> bool {
        let mut buf = [0u8; 32];
        term.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                let Some(lower) = buf.get_mut(..w.len()).filter(|_| w.is_ascii()) else {
                    return true;
                };
                for (l, b) in lower.iter_mut().zip(w.bytes()) {
                    *l = b.to_ascii_lowercase();
                }
                std::str::from_utf8(lower).is_ok_and(|l| self.known.contains(l))
            })
    }
}

/// Appends the words of `s` to `out`: maximal runs of letters and digits, lower-cased (a
/// curly apostrophe, like a straight one, splits "Jum’at" as "Jum'at"). Words of up to 24
/// bytes (all but freak ones) are stored inline, without allocating.
fn push_words(s: &str, out: &mut Vec<CompactString>) {
    if s.is_ascii() {
        for w in s.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() {
                let mut lower = CompactString::from(w);
                lower.make_ascii_lowercase();
                out.push(lower);
            }
        }
        return;
    }
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() {
            out.push(w.chars().flat_map(char::to_lowercase).collect());
        }
    }
}

/// Words that are never part of a keyword: weekday and month names with their short forms,
/// and page furniture, lower-cased (see the module docs).
static NOT_KEYWORDS: LazyLock<Listed> = LazyLock::new(|| {
    use super::lexicon::entries;
    Listed::new(
        entries(include_str!("lexicon/weekdays.txt"))
            .chain(entries(include_str!("lexicon/weekday_forms.txt")))
            .chain(entries(include_str!("lexicon/months.txt")))
            .chain(entries(include_str!("lexicon/keyword_noise.txt"))),
    )
});

/// A set of short lower-case ASCII words, with a filter in front of it: for each length, the
/// first letters its words have. Most words of an article fail the filter, so the set is
/// rarely hashed into.
struct Listed {
    words: FastSet<&'static [u8]>,
    /// `first[len]` has bit `c - b'a'` set when a word of `len` bytes starts with `c`.
    first: [u32; LISTED_MAX + 1],
}

impl Listed {
    fn new(entries: impl Iterator<Item = &'static str>) -> Self {
        let mut listed = Listed {
            words: FastSet::default(),
            first: [0; LISTED_MAX + 1],
        };
        for e in entries {
            let bytes = e.as_bytes();
            if let (Some(bits), Some(&c)) = (listed.first.get_mut(bytes.len()), bytes.first())
                && c.is_ascii_lowercase()
            {
                *bits |= 1 << (c - b'a');
                listed.words.insert(bytes);
            }
        }
        listed
    }

    /// Whether a word of `len` bytes starting with `first`, a lower-case ASCII letter, may
    /// be listed.
    fn may_hold(&self, len: usize, first: u8) -> bool {
        match self.first.get(len) {
            Some(bits) if first.is_ascii_lowercase() => bits & (1 << (first - b'a')) != 0,
            _ => false,
        }
    }

    /// Whether `word`, lower-case ASCII, is listed.
    fn contains(&self, word: &[u8]) -> bool {
        word.first()
            .is_some_and(|&c| self.may_hold(word.len(), c) && self.words.contains(word))
    }
}

/// Longest word [`NOT_KEYWORDS`] is checked for, in bytes ("advertisement", "jum’at").
const LISTED_MAX: usize = 16;

/// Whether a token is never part of a keyword: listed in [`NOT_KEYWORDS`] (any letter
/// case, a curly apostrophe as a straight one), or glued ([`is_glued`]). Allocates nothing
/// for an ASCII word: it runs once for each distinct stem of every article.
fn never_a_keyword_word(word: &str) -> bool {
    // The listed words' filter first (length and first letter), which most words fail.
    let may_be_listed = match word.as_bytes().first() {
        Some(&c) if word.is_ascii() => NOT_KEYWORDS.may_hold(word.len(), c.to_ascii_lowercase()),
        _ => true,
    };
    (may_be_listed && is_listed(word)) || is_glued(word)
}

/// Whether `word` is in [`NOT_KEYWORDS`].
fn is_listed(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() > LISTED_MAX || bytes.len() < 3 {
        return false;
    }
    let mut buf = [0u8; LISTED_MAX];
    let n = if word.is_ascii() {
        for (b, &c) in buf.iter_mut().zip(bytes) {
            *b = c.to_ascii_lowercase();
        }
        bytes.len()
    } else {
        // Only the curly apostrophe of "Jum’at" among non-ASCII characters.
        let mut n = 0;
        for c in word.chars() {
            buf[n] = match c {
                '’' => b'\'',
                c if c.is_ascii() => c.to_ascii_lowercase() as u8,
                _ => return false,
            };
            n += 1;
        }
        n
    };
    NOT_KEYWORDS.contains(&buf[..n])
}

/// Whether a word was glued to its neighbour by the crawler: inside it, a lower-case letter
/// is followed by an upper-case one that starts a lower-case run (`nantiPerjuangan`,
/// `kataBudi`). Not glue: a one-letter head (`iPhone`), `Mc`/`Mac` names (`McDonald`), an
/// upper-case run (`KemenPUPR`, written so by the institutions themselves), and the
/// camel-case names of the repair stage's list ([`camel_name`]).
fn is_glued(word: &str) -> bool {
    // ASCII words (most) are checked byte by byte, without decoding or collecting; most
    // have no capital past their first letter, which one scan shows.
    if word.is_ascii() {
        let b = word.as_bytes();
        if !b.iter().skip(1).any(u8::is_ascii_uppercase) {
            return false;
        }
        return (1..b.len()).any(|i| {
            b[i - 1].is_ascii_lowercase()
                && b[i].is_ascii_uppercase()
                && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
                && !(i == 1 || &b[..i] == b"Mc" || &b[..i] == b"Mac")
        }) && !camel_name(word);
    }
    let chars: Vec<char> = word.chars().collect();
    (1..chars.len()).any(|i| {
        let glued = chars[i - 1].is_lowercase()
            && chars[i].is_uppercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let exempt = i == 1 || chars[..i] == ['M', 'c'] || chars[..i] == ['M', 'a', 'c'];
        glued && !exempt
    }) && !camel_name(word)
}

/// Whether a chosen term may not be a keyword: all its words are in [`NOT_KEYWORDS`] (an
/// entity named "Minggu"), or one of them is glued (an entity's text holds words no token
/// check saw whole), or a word runs into the next after a full stop (`kata.Budi`).
fn never_a_keyword(term: &str) -> bool {
    let mut all_listed = true;
    for w in term.split_whitespace() {
        if is_glued(w) || glued_at_stop(w) {
            return true;
        }
        let listed = w
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|p| !p.is_empty())
            .all(is_listed);
        all_listed &= listed;
    }
    all_listed
}

/// A letter run of two or more, a full stop, then an upper-case letter (`nanti.Perjuangan`);
/// one letter before the stop is an abbreviation (`S.H.`, `A.S.`).
fn glued_at_stop(word: &str) -> bool {
    if !word.contains('.') {
        return false;
    }
    let chars: Vec<char> = word.chars().collect();
    (1..chars.len()).any(|i| {
        chars[i] == '.'
            && chars.get(i + 1).is_some_and(|n| n.is_uppercase())
            && chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .count()
                > 1
    })
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
    use crate::analysis::{entities, sentences, tokens};

    /// The keywords of `text` as `analyze` ranks them: with the entities found in it.
    fn keywords(text: &str, k: usize) -> Vec<Keyword> {
        let (spans, toks) = (sentences::split(text, "id"), tokens::tokenize(text, "id"));
        let found = entities::recognize(text, &spans, &toks, "id");
        rank(text, &spans, &toks, &found, k)
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

    /// An entity for `text`: every occurrence of each of `forms` is a mention.
    fn entity(text: &str, name: &str, kind: entities::EntityType, forms: &[&str]) -> Entity {
        let mut spans: Vec<[usize; 2]> = Vec::new();
        for form in forms {
            for (at, _) in text.match_indices(form) {
                // Only whole mentions not inside a longer one already listed.
                if !spans.iter().any(|s| s[0] <= at && at < s[1]) {
                    spans.push([at, at + form.len()]);
                }
            }
        }
        spans.sort_unstable();
        Entity {
            text: name.to_string(),
            kind,
            mentions: spans.len(),
            spans,
            title: None,
            province: None,
        }
    }

    fn ranked_with(text: &str, found: &[Entity], k: usize) -> Vec<String> {
        let (spans, toks) = (sentences::split(text, "id"), tokens::tokenize(text, "id"));
        rank(text, &spans, &toks, found, k)
            .into_iter()
            .map(|k| k.term)
            .collect()
    }

    const PRESIDEN: &str = "Joko Widodo meresmikan bendungan baru di Kabupaten Sukamaju.\n\
        Bendungan itu mengairi ribuan hektare sawah petani.\n\
        Menurut Joko Widodo, bendungan akan menambah panen padi.\n\
        Widodo juga meminta petani menjaga saluran irigasi.\n\
        Petani menyambut bendungan dengan syukuran.";

    #[test]
    fn a_name_is_one_keyword_and_its_parts_are_none() {
        let joko = entity(
            PRESIDEN,
            "Joko Widodo",
            entities::EntityType::Person,
            &["Joko Widodo", "Widodo"],
        );
        let t = ranked_with(PRESIDEN, &[joko], 10);
        assert_eq!(t.iter().filter(|x| *x == "Joko Widodo").count(), 1, "{t:?}");
        for part in ["Widodo", "Joko"] {
            assert!(!t.iter().any(|x| x == part), "{part} in {t:?}");
        }
    }

    #[test]
    fn a_name_is_one_keyword_with_the_shipped_recogniser() {
        let t = terms(PRESIDEN, 10);
        assert!(!t.iter().any(|x| x == "Widodo" || x == "Joko"), "{t:?}");
    }

    #[test]
    fn fragments_of_a_longer_name_are_left_out() {
        let text = "Wali Kota Sukamaju meninjau pasar.\n\
            Wali Kota Sukamaju meminta pedagang menjaga kebersihan pasar.\n\
            Pedagang di kota itu menyambut Wali Kota Sukamaju.\n\
            Kota lain belum memiliki pasar sebersih ini.";
        let wali = entity(
            text,
            "Wali Kota Sukamaju",
            entities::EntityType::Person,
            &["Wali Kota Sukamaju"],
        );
        let t = ranked_with(text, &[wali], 10);
        assert!(t.contains(&"Wali Kota Sukamaju".to_string()), "{t:?}");
        for part in [
            "Wali",
            "Kota",
            "kota",
            "Sukamaju",
            "Wali Kota",
            "Kota Sukamaju",
        ] {
            assert!(!t.iter().any(|x| x == part), "{part} in {t:?}");
        }
    }

    #[test]
    fn a_word_found_only_in_a_recurring_phrase_is_merged_into_it() {
        let text = "Gencatan senjata di Nagorno Karabakh kembali dilanggar.\n\
            Pasukan saling tembak di perbatasan Nagorno Karabakh.\n\
            Warga Nagorno Karabakh mengungsi ke kota terdekat.\n\
            Pasukan perdamaian dikirim untuk menjaga gencatan senjata.";
        let t = ranked_with(text, &[], 10);
        assert!(t.contains(&"Nagorno Karabakh".to_string()), "{t:?}");
        assert!(
            !t.iter().any(|x| x == "Nagorno" || x == "Karabakh"),
            "{t:?}"
        );
    }

    #[test]
    fn weekday_and_month_names_are_never_keywords() {
        let text = "Pada Juni, harga beras naik.\nJuni lalu harga beras naik lagi.\n\
            Sejak Senin harga beras turun.\nSenin pagi pedagang beras senang.\n\
            Pada Juni tahun depan harga beras diperkirakan stabil.\n\
            The price of rice rose in June, and on Monday it fell in Sept.\n\
            On Monday the June price of rice was reported.\n\
            Jum’at pagi pasar ramai, Jum'at siang sepi.";
        let found = [entity(
            text,
            "Juni",
            entities::EntityType::Person,
            &["Juni"],
        )];
        for t in [terms(text, 20), ranked_with(text, &found, 20)] {
            for bad in [
                "Juni", "Senin", "June", "Monday", "Sept", "Jum’at", "Jum'at",
            ] {
                assert!(
                    !t.iter().any(|x| x.eq_ignore_ascii_case(bad)),
                    "{bad} in {t:?}"
                );
            }
            assert!(!t.iter().any(|x| x.contains("Juni")), "{t:?}");
            assert!(t.iter().any(|x| x.contains("beras")), "{t:?}");
        }
    }

    #[test]
    fn a_name_holding_a_month_stays_whole() {
        let text = "Universitas Sebelas Maret menerima mahasiswa baru.\n\
            Rektor Universitas Sebelas Maret menyambut mahasiswa baru.\n\
            Mahasiswa baru mengikuti orientasi kampus.";
        let uns = entity(
            text,
            "Universitas Sebelas Maret",
            entities::EntityType::Organization,
            &["Universitas Sebelas Maret"],
        );
        let t = ranked_with(text, &[uns], 10);
        assert!(
            t.contains(&"Universitas Sebelas Maret".to_string()),
            "{t:?}"
        );
        assert!(!t.iter().any(|x| x == "Maret"), "{t:?}");
    }

    #[test]
    fn glued_words_and_page_furniture_are_never_keywords() {
        let text = "Kompas.com melaporkan banjir di pasar pukul 19.00 WIB.\n\
            Kompas.com mencatat banjir merendam pasar pukul 20.00 WIB.\n\
            Banjir datang nantiPerjuangan warga berat, nantiPerjuangan panjang.\n\
            Warga mengunggah video banjir ke TikTok, dan video TikTok itu ramai.\n\
            The flood reached the market.";
        let t = terms(text, 20);
        for bad in ["com", "WIB", "nantiPerjuangan", "The", "the"] {
            assert!(
                !t.iter().any(|x| x.split(' ').any(|w| w == bad)),
                "{bad} in {t:?}"
            );
        }
        // A name written in camel case is no glue.
        assert!(t.iter().any(|x| x.contains("TikTok")), "{t:?}");
        assert!(never_a_keyword_word("saatInter") && !never_a_keyword_word("iPhone"));
        assert!(!never_a_keyword_word("McDonald") && !never_a_keyword_word("KemenPUPR"));
        assert!(never_a_keyword("kata.Budi") && !never_a_keyword("Budi S.H."));
    }

    #[test]
    fn an_entity_is_named_by_its_text_and_ranks_as_a_unit() {
        let text = "Badan Pangan Sukamaju membagikan beras.\n\
            Beras dibagikan kepada warga miskin.\n\
            Warga miskin menerima beras dari Badan Pangan Sukamaju.";
        let badan = entity(
            text,
            "Badan Pangan Sukamaju",
            entities::EntityType::Organization,
            &["Badan Pangan Sukamaju"],
        );
        let t = ranked_with(text, &[badan], 10);
        assert!(t.contains(&"Badan Pangan Sukamaju".to_string()), "{t:?}");
        assert!(
            !t.iter().any(|x| x == "Badan Pangan" || x == "Pangan"),
            "{t:?}"
        );
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
