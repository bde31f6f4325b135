//! Feature extraction for the NER tagger: each token becomes a short list of hashed
//! feature ids (indexes into the model's weight table).
//!
//! The same function serves training (`train/ner.rs`) and tagging, so a feature can never
//! mean one thing when learned and another when applied. Features are hashed into a fixed
//! number of buckets ("feature hashing") so the model needs no string dictionary and its
//! size is fixed by the number of bits, whatever the vocabulary.
//!
//! Per token: the lower-cased word, prefixes and suffixes of 1-4 characters, long and
//! collapsed shapes (`Xxxx`, `XX`, `dd`), a capitalisation class, sentence position, words
//! and shapes at ±1 and ±2, word bigrams, the punctuation before and after (the gaps),
//! gazetteer classes of the word and its neighbours, neighbours' affixes, and a few
//! conjunctions of these; each once shared and once per [`Domain`]. Then the "pair"
//! features, which the model scores together with the previous tag.

use super::gazetteer::{self, Class};
use super::perceptron::NT;
use crate::analysis::fasthash::FastMap;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Names of the previous tag in pair features, `NT` (the last) for the sentence start.
const PREV_TAGS: [&str; NT + 1] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "<s>",
];

/// One sentence as the tagger sees it: its words, and the text between them.
pub struct SentenceView<'a> {
    /// The tokens' surface forms.
    pub words: Vec<&'a str>,
    /// `gaps[i]` is the text before word `i` (from the previous word or the sentence
    /// start); `gaps[words.len()]` the text after the last word. Punctuation is not a
    /// token at runtime, so this is where commas, brackets and quotes show up.
    pub gaps: Vec<&'a str>,
}

/// Per-token feature ids, flattened: `ids[offsets[i]..offsets[i + 1]]` are token `i`'s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub ids: Vec<u32>,
    pub offsets: Vec<usize>,
    /// Features that pair with the previous tag: for token `i`, pair template `k` and
    /// previous tag `p` (`NT` standing for the sentence start), the id is at
    /// `pairs[(i * PAIR_TEMPLATES + k) * (NT + 1) + p]`; its weights are read for the
    /// current tag like any other feature's. They let the word decide how tags chain
    /// ("Partai" continuing an organisation, a title ending a person).
    pub pairs: Vec<u32>,
    /// Per token: whether the tagger takes it for `O` without scoring it (see
    /// [`outside_only`]). Its features are still extracted here, for training.
    pub outside_only: Vec<bool>,
}

/// Number of previous-tag pair templates per token.
pub const PAIR_TEMPLATES: usize = 3;

impl Features {
    /// The feature ids of token `i`.
    pub fn of(&self, i: usize) -> &[u32] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.ids[a..b],
            _ => &[],
        }
    }
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Coarse capitalisation classes: the strongest single cue for names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapKind {
    Lower,
    /// First letter upper, the rest lower: "Jakarta".
    Title,
    /// All letters upper: "KPK", "DPR".
    Upper,
    /// Upper case after the first letter among lower case: "McDonald", "iPhone".
    Mixed,
    /// Only digits.
    Digits,
    /// Letters and digits: "G20", "B29".
    Alnum,
    /// No letters or digits.
    Other,
}

/// The capitalisation class of `word`.
pub fn cap_kind(word: &str) -> CapKind {
    let (mut upper, mut lower, mut digit, mut upper_after_first) = (0, 0, 0, false);
    for (i, c) in word.chars().enumerate() {
        if c.is_uppercase() {
            upper += 1;
            if i > 0 {
                upper_after_first = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        } else if c.is_numeric() {
            digit += 1;
        }
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    match (upper, lower, digit) {
        (0, 0, 0) => CapKind::Other,
        (0, 0, _) => CapKind::Digits,
        (_, _, d) if d > 0 => CapKind::Alnum,
        (0, _, _) => CapKind::Lower,
        (_, 0, _) => CapKind::Upper,
        _ if first_upper && !upper_after_first => CapKind::Title,
        _ => CapKind::Mixed,
    }
}

/// The word's shape: upper → `X`, lower → `x`, digit → `d`, other → itself (ASCII) or
/// `o`; at most 8 characters. With `collapse`, runs of the same class become one
/// character ("Jakarta" → "Xx", "2020" → "d").
#[cfg(test)]
pub fn shape(word: &str, collapse: bool) -> String {
    shape_short(word, collapse).as_str().to_string()
}

/// At most 8 ASCII bytes on the stack: shapes and gap classes are made of ASCII classes
/// only, so the tagger builds them without a heap allocation per token.
#[derive(Clone, Copy, Default)]
struct Short {
    buf: [u8; 8],
    len: u8,
}

impl Short {
    fn push(&mut self, c: char) {
        debug_assert!(c.is_ascii() && (self.len as usize) < self.buf.len());
        self.buf[self.len as usize] = c as u8;
        self.len += 1;
    }
    fn len(&self) -> usize {
        self.len as usize
    }
    /// The bytes, which is all hashing needs: no UTF-8 check (that was 22M instructions
    /// on 300 articles when shapes and gaps were hashed as `&str`).
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
    #[cfg(test)]
    fn as_str(&self) -> &str {
        // Only ASCII bytes are ever pushed.
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

/// [`shape`] without the allocation.
fn shape_short(word: &str, collapse: bool) -> Short {
    let mut out = Short::default();
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_ascii() {
            c
        } else {
            'o'
        };
        if collapse && s == last {
            continue;
        }
        last = s;
        out.push(s);
        if out.len() >= 8 {
            break;
        }
    }
    out
}

/// The punctuation in a gap, as a short string of classes (whitespace ignored): `,` comma,
/// `.` sentence punctuation, `(` and `)` brackets, `"` quotes, `:` colon-like, `-`
/// dashes, `/` slashes, `?` anything else. At most 3 characters.
#[cfg(test)]
pub fn gap_class(gap: &str) -> String {
    gap_short(gap).as_str().to_string()
}

/// [`gap_class`] without the allocation.
fn gap_short(gap: &str) -> Short {
    let mut out = Short::default();
    for c in gap.chars().filter(|c| !c.is_whitespace()) {
        let k = match c {
            ',' => ',',
            '.' | '!' | '?' => '.',
            '(' | '[' | '{' => '(',
            ')' | ']' | '}' => ')',
            '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' => '"',
            ':' | ';' => ':',
            '-' | '–' | '—' => '-',
            '/' | '\\' => '/',
            _ => '?',
        };
        out.push(k);
        if out.len() >= 3 {
            break;
        }
    }
    out
}

/// FNV-1a over a template number and its parts, then a 64-bit finaliser (the one from
/// SplitMix64) so that the low bits, which pick the bucket, are well mixed.
fn hash<P: AsRef<[u8]>>(template: u8, parts: &[P]) -> u64 {
    let mut h = Fnv::new(template);
    for p in parts {
        h.part(p);
    }
    h.finish()
}

/// The FNV-1a state of [`hash`], fed one part at a time, so that a common prefix of
/// parts (a pair feature's template and previous tag) is hashed once, not per token.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    #[inline]
    fn new(template: u8) -> Fnv {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.eat(template);
        h
    }
    #[inline]
    fn eat(&mut self, b: u8) {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    /// One part: its bytes, then the `0xff` separator (never a byte of UTF-8 text).
    #[inline]
    fn part(&mut self, p: impl AsRef<[u8]>) -> &mut Fnv {
        for &b in p.as_ref() {
            self.eat(b);
        }
        self.eat(0xff);
        self
    }
    #[inline]
    fn finish(&self) -> u64 {
        mix(self.0)
    }
    /// Eight states fed the same parts, finished: the pair features of one token for every
    /// previous tag. FNV is one serial multiply per byte; stepping the eight independent
    /// states together lets the CPU overlap them instead of waiting on each in turn.
    #[inline]
    fn parts_x8<P: AsRef<[u8]>>(mut states: [Fnv; 8], parts: &[P]) -> [u64; 8] {
        for p in parts {
            for &b in p.as_ref().iter().chain(&[0xff]) {
                for h in &mut states {
                    h.eat(b);
                }
            }
        }
        states.map(|h| h.finish())
    }
}

/// The SplitMix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn suffix(s: &str, n: usize) -> &str {
    if n == 0 {
        return s;
    }
    // From the end, so that only the last `n` characters are decoded.
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Which kind of text a sentence comes from. The two training sets disagree on what
/// counts as an entity (news vs. encyclopedia text, different annotators), so every
/// feature has a shared copy and a copy per domain ("frustratingly easy domain
/// adaptation", Daumé III 2007): the shared weights learn what both agree on, the
/// domain copies absorb each set's conventions. The worker tags as [`Domain::News`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// News text (idner-news-2k; what the worker sees).
    News,
    /// Encyclopedia-style text (NERGrit): training and evaluation only.
    #[cfg(any(test, feature = "lab"))]
    Wiki,
    /// Unknown: the shared weights only (what the domain copies are checked against).
    #[cfg(test)]
    Shared,
}

/// Extracts every token's feature ids for a model with `2^bits` buckets, as news text.
#[cfg(test)]
pub fn extract(view: &SentenceView<'_>, bits: u32) -> Features {
    extract_in(view, bits, Domain::News)
}

/// Everything the features need to know about one word on its own, out of its context:
/// its lower-cased form and classes, the hashes of the templates that read only this word,
/// and the hash states after it for templates that start with it. Words repeat (within an
/// article and across articles: "yang", "di", names), so [`extract_into`] computes these
/// once per distinct word and keeps them in [`WORDS`]; a hit replaces about thirty FNV
/// runs over the word's bytes by one table lookup. The values are exactly those that
/// hashing in place would give: the model's feature definitions are unchanged.
///
/// Finished hashes are kept as their low 32 bits: a model has at most 2^24 buckets
/// (`Model::from_bytes` refuses more), so the bucket, the hash's low `bits` bits, is the
/// same, and the facts take ~100 bytes less a word.
struct WordFacts {
    lower: Box<str>,
    /// Index into [`CAPS`]: the word's [`CapKind`], or the padding's own names.
    cap: u8,
    /// The collapsed shape; for the padding, its name (what the shape templates read).
    shape: Short,
    /// Index into [`LENS`]: length class of the lower-cased word.
    len: u8,
    /// What the gazetteer's lists say about the lower-cased word on its own.
    gaz: gazetteer::WordEntry,
    /// The word's own templates, in the order the features are emitted: 1 (word), then
    /// prefix and suffix of each length 1-4 (templates 2-9 interleaved), 10 (shape), 11
    /// (long shape), 12 (capitalisation class).
    own: [u32; 12],
    /// The word as a neighbour: 14 (at -1), 15 (at +1), 16 (at -2), 17 (at +2), 39 (the
    /// previous word's affixes), 40 (the next word's).
    near: [u32; 6],
    /// Its shape as a neighbour's: 18 (at -1), 19 (at +1), 20 (at -2), 21 (at +2).
    shape_near: [u32; 4],
    /// Template 38 (sentence position and word), per position of [`POSITIONS`].
    at_position: [u32; 4],
    /// Hash states after the word as the first part of templates 22 (previous word), 23
    /// (current word), 30 (previous word) and 35 (next word).
    heads: [Fnv; 4],
    /// The finished pair-feature hashes of template 100 (the word) for every previous tag.
    pair_word: [u32; NT + 1],
    /// The pair states of template 102 after the word as previous word, per previous tag.
    pair_left: [Fnv; NT + 1],
}

/// Capitalisation class names, by [`cap_code`], then the padding's.
const CAPS: [&str; 9] = ["l", "t", "u", "m", "d", "a", "o", "<s>", "</s>"];
/// Sentence position names.
const POSITIONS: [&str; 4] = ["first", "second", "last", "mid"];
/// Word length class names.
const LENS: [&str; 4] = ["s", "m", "l", "xl"];
/// Gazetteer class names, by [`gaz_code`], then the padding's.
const GAZ: [&str; 7] = ["-", "PB", "PI", "T", "H", "<s>", "</s>"];
/// Codes of the padding before and after the sentence in [`CAPS`] and [`GAZ`].
const CAP_BEFORE: u8 = 7;
const CAP_AFTER: u8 = 8;
const GAZ_BEFORE: u8 = 5;
const GAZ_AFTER: u8 = 6;

fn cap_code(k: CapKind) -> u8 {
    match k {
        CapKind::Lower => 0,
        CapKind::Title => 1,
        CapKind::Upper => 2,
        CapKind::Mixed => 3,
        CapKind::Digits => 4,
        CapKind::Alnum => 5,
        CapKind::Other => 6,
    }
}

fn gaz_code(g: Option<(Class, bool)>) -> u8 {
    match g {
        None => 0,
        Some((Class::Place, true)) => 1,
        Some((Class::Place, false)) => 2,
        Some((Class::Title, _)) => 3,
        Some((Class::OrgHead, _)) => 4,
    }
}

/// The low 32 bits of a finished hash (see [`WordFacts`]).
fn low(h: u64) -> u32 {
    h as u32
}

impl WordFacts {
    fn new(word: &str) -> WordFacts {
        // Most words are already lower-case ASCII: the common case needs no case mapping.
        let lower: Box<str> = if word
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            word.into()
        } else {
            word.to_lowercase().into()
        };
        let w = &*lower;
        let cap = cap_kind(word);
        let shape = shape_short(word, true);
        let len = match w.chars().count() {
            0..=2 => 0,
            3..=5 => 1,
            6..=9 => 2,
            _ => 3,
        };
        let mut own = [0u32; 12];
        own[0] = low(hash(1, &[w]));
        for k in 1..=4 {
            own[2 * k - 1] = low(hash(1 + k as u8, &[prefix(w, k)]));
            own[2 * k] = low(hash(5 + k as u8, &[suffix(w, k)]));
        }
        own[9] = low(hash(10, &[shape.bytes()]));
        own[10] = low(hash(11, &[shape_short(word, false).bytes()]));
        own[11] = low(hash(12, &[CAPS[cap_code(cap) as usize]]));
        let affixes = [prefix(w, 2), suffix(w, 3)];
        let near = [
            hash(14, &[w]),
            hash(15, &[w]),
            hash(16, &[w]),
            hash(17, &[w]),
            hash(39, &affixes),
            hash(40, &affixes),
        ];
        WordFacts {
            cap: cap_code(cap),
            shape,
            len,
            gaz: gazetteer::entry(w),
            own,
            near: near.map(low),
            shape_near: [18, 19, 20, 21].map(|t| low(hash(t, &[shape.bytes()]))),
            at_position: POSITIONS.map(|p| low(hash(38, &[p, w]))),
            heads: [22, 23, 30, 35].map(|t| *Fnv::new(t).part(w)),
            pair_word: Fnv::parts_x8(pair_start(100), &[w]).map(low),
            pair_left: pair_start(102).map(|mut s| *s.part(w)),
            lower,
        }
    }

    /// The padding before (`"<s>"`) or after (`"</s>"`) the sentence: it hashes like a
    /// word of that spelling, except that its shape and capitalisation class are read as
    /// its name.
    fn pad(name: &str, cap: u8) -> WordFacts {
        let mut shape = Short::default();
        name.chars().for_each(|c| shape.push(c));
        let mut f = WordFacts::new(name);
        f.shape = shape;
        f.shape_near = [18, 19, 20, 21].map(|t| low(hash(t, &[name])));
        f.cap = cap;
        f
    }
}

/// Finished hashes of the templates whose parts are all drawn from small closed sets
/// (position, capitalisation, length and gazetteer classes), for every combination: per
/// token they were eight FNV runs and finalisers, now table reads.
struct Tables {
    /// Template 0 (no parts: the bias).
    empty: u32,
    /// 13: `[position][cap]`.
    position_cap: [[u32; 7]; 4],
    /// 27, 28, 29: the gazetteer class at 0, -1, +1, `[gaz]`.
    gaz: [[u32; 7]; 3],
    /// 31: `[len][cap]`.
    len_cap: [[u32; 7]; 4],
    /// 32 (class at -1) and 34 (class at 0): `[gaz][cap]`.
    gaz_cap: [[[u32; 7]; 7]; 2],
    /// 36: `[cap at -1][cap][cap at +1]`.
    caps3: [[[u32; 9]; 7]; 9],
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let h = |t: u8, parts: &[&str]| low(hash(t, parts));
    Tables {
        empty: h(0, &[]),
        position_cap: POSITIONS.map(|p| std::array::from_fn(|c| h(13, &[p, CAPS[c]]))),
        gaz: [27, 28, 29].map(|t| GAZ.map(|g| h(t, &[g]))),
        len_cap: LENS.map(|l| std::array::from_fn(|c| h(31, &[l, CAPS[c]]))),
        gaz_cap: [32, 34].map(|t| GAZ.map(|g| std::array::from_fn(|c| h(t, &[g, CAPS[c]])))),
        caps3: CAPS.map(|a| std::array::from_fn(|c| CAPS.map(|b| h(36, &[a, CAPS[c], b])))),
    }
});

/// The pair templates' hash states after the template and the previous tag.
fn pair_start(template: u8) -> [Fnv; NT + 1] {
    match template {
        100..=102 => PAIR_STARTS[(template - 100) as usize],
        _ => pair_state(template),
    }
}

fn pair_state(template: u8) -> [Fnv; NT + 1] {
    PREV_TAGS.map(|prev| *Fnv::new(template).part(prev))
}

/// [`pair_start`] of templates 100-102, which every new word and sentence needs.
static PAIR_STARTS: LazyLock<[[Fnv; NT + 1]; PAIR_TEMPLATES]> =
    LazyLock::new(|| [100, 101, 102].map(pair_state));

/// The [`WordFacts`] of the words seen so far on this thread, by surface form.
struct WordCache {
    index: FastMap<Box<str>, u32>,
    facts: Vec<WordFacts>,
    /// The padding before and after the sentence.
    pads: [WordFacts; 2],
}

impl Default for WordCache {
    fn default() -> WordCache {
        WordCache {
            index: FastMap::default(),
            facts: Vec::new(),
            pads: [
                WordFacts::pad("<s>", CAP_BEFORE),
                WordFacts::pad("</s>", CAP_AFTER),
            ],
        }
    }
}

/// Distinct words kept before the cache starts over: a few dozen articles' vocabulary,
/// about 4 MB. On 300 corpus articles, 4,096 words missed on 24,192 of 71,303 tokens and
/// 16,384 words on ~12,000, which saved 48M instructions. The cache is per thread (one
/// per analysis thread, `worker.concurrency` of them), so this bound is what keeps the
/// worker's RSS small (32,768 words of the former, larger facts, 12 MB a thread, took a
/// worker on tokio's blocking pool, a dozen threads, from ~60 MB to 180-220 MB peak).
const WORD_CACHE_LIMIT: usize = 1 << 14;

impl WordCache {
    /// The index of `word`'s facts, computing them on first sight.
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&i) = self.index.get(word) {
            return i;
        }
        let i = self.facts.len() as u32;
        self.facts.push(WordFacts::new(word));
        self.index.insert(word.into(), i);
        i
    }

    /// Starts over, keeping the padding and the memory: the cache fills up to its limit
    /// again soon, and refilling memory that was handed back costs a page fault per page
    /// (with freed memory returned to the OS after 10 ms, a few percent of the time on
    /// 2,000 corpus articles went to faults and zeroing pages).
    fn clear(&mut self) {
        self.index.clear();
        self.facts.clear();
    }
}

thread_local! {
    /// Per thread, so that workers never contend on it.
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// Where [`extract_with`] puts a sentence's features, token by token: the ids into
/// [`Features`] for training and evaluation, or straight into score sums for tagging
/// (`news::NewsWeights`), which then needs no id lists at all.
pub(super) trait Sink {
    /// A new token begins; `outside_only` says whether [`outside_only`] holds for it.
    /// Returns `true` when the sink has handled the token and wants none of its features
    /// (then neither `feature`, `pair` nor `token_done` follow for it).
    fn begin(&mut self, outside_only: bool) -> bool;
    /// One feature of the current token: its shared id (before any domain copy).
    fn feature(&mut self, id: u32);
    /// Pair template `k`'s ids of the current token, one per previous tag.
    fn pair(&mut self, k: usize, ids: [u32; NT + 1]);
    /// The current token has all its features.
    fn token_done(&mut self);
}

/// The salt of a domain's copies of the features (`None`: shared only).
fn domain_salt(domain: Domain) -> Option<u64> {
    match domain {
        Domain::News => Some(NEWS_SALT),
        #[cfg(any(test, feature = "lab"))]
        Domain::Wiki => Some(0xc2b2_ae3d_27d4_eb4f),
        #[cfg(test)]
        Domain::Shared => None,
    }
}

const NEWS_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

/// The id of the news copy of shared feature `id` in a model with `2^bits` buckets.
pub(super) fn news_copy(id: u32, bits: u32) -> u32 {
    salted(id, NEWS_SALT, (1u64 << bits) - 1)
}

fn salted(id: u32, salt: u64, mask: u64) -> u32 {
    (mix(id as u64 ^ salt) & mask) as u32
}

/// [`Features`] being filled for one domain.
struct IdSink<'a> {
    out: &'a mut Features,
    salt: Option<u64>,
    mask: u64,
}

impl Sink for IdSink<'_> {
    #[inline]
    fn begin(&mut self, outside_only: bool) -> bool {
        self.out.outside_only.push(outside_only);
        false
    }
    #[inline]
    fn feature(&mut self, id: u32) {
        self.out.ids.push(id);
    }
    #[inline]
    fn pair(&mut self, _k: usize, ids: [u32; NT + 1]) {
        self.out.pairs.extend_from_slice(&ids);
    }
    fn token_done(&mut self) {
        let out = &mut *self.out;
        if let Some(salt) = self.salt {
            // The domain copies: the shared ids once more, then salted in place.
            let (start, end) = (out.offsets[out.offsets.len() - 1], out.ids.len());
            out.ids.extend_from_within(start..end);
            for id in &mut out.ids[end..] {
                *id = salted(*id, salt, self.mask);
            }
        }
        out.offsets.push(out.ids.len());
    }
}

/// Which tokens of a sentence the tagger takes for `O` without scoring them: in a
/// sentence that has a capitalised word (so its text is evidently cased), a word with no
/// capital letter whose neighbours up to two words away have none either ("yang",
/// "mengatakan", "2020" among lower-case words). Names in cased Indonesian and English
/// text start with a capital, and the lower-case words inside one ("Universitas Islam
/// Negeri Sunan Kalijaga", "bin", "van der") sit next to a capitalised word. In the NER
/// sets' dev files, 1 of idner-news-2k's 913 entity tokens and 5 of NERGrit's 1,241 sit
/// where this skips (punctuation left out), against 42% and 25% of all their tokens, and
/// both sets score the same entity F1 with the skip as without it (`kabar-lab eval --only
/// ner`). Not scoring a token skips its ~67 weight reads, which are most of the tagger's
/// cost: 12% fewer instructions for the whole analysis on the first 300 corpus articles.
/// One word away instead of two would skip more (15%) but lost an entity on NERGrit and
/// split "pangkalan udara Al Udeid" into a person. In text with no capital at all (a
/// lower-cased feed) nothing is skipped: the features still find what they can there.
fn outside_only(words: &[&WordFacts]) -> Vec<bool> {
    let capital = [CapKind::Title, CapKind::Upper, CapKind::Mixed].map(cap_code);
    // Letters and digits ("G20", "covid19") may be a name or part of one either way.
    let may_name = |f: &WordFacts| capital.contains(&f.cap) || f.cap == cap_code(CapKind::Alnum);
    if !words.iter().any(|f| capital.contains(&f.cap)) {
        return vec![false; words.len()];
    }
    (0..words.len())
        .map(|i| {
            let from = i.saturating_sub(2);
            !words[from..(i + 3).min(words.len())]
                .iter()
                .any(|f| may_name(f))
        })
        .collect()
}

/// Extracts every token's feature ids for a model with `2^bits` buckets, for `domain`.
pub fn extract_in(view: &SentenceView<'_>, bits: u32, domain: Domain) -> Features {
    let n = view.words.len();
    let mut out = Features {
        ids: Vec::with_capacity(n * 90),
        offsets: Vec::with_capacity(n + 1),
        pairs: Vec::with_capacity(n * PAIR_TEMPLATES * (NT + 1)),
        outside_only: Vec::with_capacity(n),
    };
    out.offsets.push(0);
    let mut sink = IdSink {
        out: &mut out,
        salt: domain_salt(domain),
        mask: (1u64 << bits) - 1,
    };
    extract_into(view, bits, &mut sink);
    out
}

/// Feeds every token's shared features, for a model with `2^bits` buckets, to `sink`.
pub(super) fn extract_into(view: &SentenceView<'_>, bits: u32, sink: &mut impl Sink) {
    assert!(bits <= 32, "hashes are kept as 32 bits");
    WORDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.facts.len() + view.words.len() > WORD_CACHE_LIMIT {
            cache.clear();
        }
        let ids: Vec<u32> = view.words.iter().map(|w| cache.id(w)).collect();
        let words: Vec<&WordFacts> = ids.iter().map(|&i| &cache.facts[i as usize]).collect();
        extract_with(view, bits, &words, &cache.pads, sink)
    })
}

/// [`extract_into`] given the facts of the sentence's words and of the padding before and
/// after it.
fn extract_with(
    view: &SentenceView<'_>,
    bits: u32,
    words: &[&WordFacts],
    [before, after]: &[WordFacts; 2],
    sink: &mut impl Sink,
) {
    let n = view.words.len();
    let mask = (1u64 << bits) - 1;
    let tables = &*TABLES;
    let gaps: Vec<Short> = (0..=n)
        .map(|i| gap_short(view.gaps.get(i).copied().unwrap_or("")))
        .collect();
    let gaz: Vec<u8> = {
        let lower: Vec<&str> = words.iter().map(|f| &*f.lower).collect();
        gazetteer::matches_with(&lower, |i| words[i].gaz)
            .into_iter()
            .map(gaz_code)
            .collect()
    };
    let pair_gap = pair_start(101);
    let outside = outside_only(words);

    // Padded accessors: "<s>" before the sentence, "</s>" after it.
    let facts_at = |j: isize| -> &WordFacts {
        if j < 0 {
            before
        } else {
            words.get(j as usize).copied().unwrap_or(after)
        }
    };
    let cap_at = |j: isize| -> usize { facts_at(j).cap as usize };
    let gaz_at = |j: isize| -> usize {
        if j < 0 {
            GAZ_BEFORE as usize
        } else {
            gaz.get(j as usize).copied().unwrap_or(GAZ_AFTER) as usize
        }
    };
    // A template whose first part is a cached state, finished with the remaining parts.
    let then = |mut state: Fnv, rest: &str| -> u64 { state.part(rest).finish() };

    for i in 0..n {
        if sink.begin(outside[i]) {
            continue;
        }
        let f = words[i];
        let w = &*f.lower;
        let (gap_before, gap_after) = (gaps[i].bytes(), gaps[i + 1].bytes());
        let j = i as isize;
        let (prev, next) = (facts_at(j - 1), facts_at(j + 1));
        let c = f.cap as usize;
        let cap = CAPS[c];
        let position = match i {
            0 => 0,
            1 => 1,
            _ if i + 1 == n => 2,
            _ => 3,
        };
        let mut emit = |h: u64| sink.feature((h & mask) as u32);
        emit(tables.empty as u64);
        f.own.iter().for_each(|&h| emit(h as u64));
        emit(tables.position_cap[position][c] as u64);
        emit(prev.near[0] as u64);
        emit(next.near[1] as u64);
        emit(facts_at(j - 2).near[2] as u64);
        emit(facts_at(j + 2).near[3] as u64);
        emit(prev.shape_near[0] as u64);
        emit(next.shape_near[1] as u64);
        emit(facts_at(j - 2).shape_near[2] as u64);
        emit(facts_at(j + 2).shape_near[3] as u64);
        emit(then(prev.heads[0], w));
        emit(then(f.heads[1], &next.lower));
        emit(hash(
            24,
            &[prev.shape.bytes(), f.shape.bytes(), next.shape.bytes()],
        ));
        emit(hash(25, &[gap_before]));
        emit(hash(26, &[gap_after]));
        emit(tables.gaz[0][gaz_at(j)] as u64);
        emit(tables.gaz[1][gaz_at(j - 1)] as u64);
        emit(tables.gaz[2][gaz_at(j + 1)] as u64);
        emit(then(prev.heads[2], cap));
        emit(tables.len_cap[f.len as usize][c] as u64);
        emit(tables.gaz_cap[0][gaz_at(j - 1)][c] as u64);
        emit(hash(33, &[gap_before, cap.as_bytes()]));
        emit(tables.gaz_cap[1][gaz_at(j)][c] as u64);
        emit(then(next.heads[3], cap));
        emit(tables.caps3[prev.cap as usize][c][next.cap as usize] as u64);
        emit(hash(37, &[gap_before, w.as_bytes()]));
        emit(f.at_position[position] as u64);
        emit(prev.near[4] as u64);
        emit(next.near[5] as u64);
        emit(hash(
            41,
            &[
                CAPS[cap_at(j - 2)],
                CAPS[prev.cap as usize],
                cap,
                CAPS[next.cap as usize],
                CAPS[cap_at(j + 2)],
            ],
        ));
        emit(hash(42, &[gap_before, cap.as_bytes(), gap_after]));
        let masked = |hs: [u64; NT + 1]| hs.map(|h| (h & mask) as u32);
        sink.pair(0, masked(f.pair_word.map(u64::from)));
        sink.pair(
            1,
            masked(Fnv::parts_x8(pair_gap, &[cap.as_bytes(), gap_before])),
        );
        sink.pair(2, masked(Fnv::parts_x8(prev.pair_left, &[cap])));
        sink.token_done();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(words: &[&'a str]) -> SentenceView<'a> {
        SentenceView {
            words: words.to_vec(),
            gaps: vec![" "; words.len() + 1],
        }
    }

    #[test]
    fn domains_add_their_own_copies() {
        let v = view(&["kata", "Budi"]);
        let (news, wiki, shared) = (
            extract_in(&v, 20, Domain::News),
            extract_in(&v, 20, Domain::Wiki),
            extract_in(&v, 20, Domain::Shared),
        );
        assert_eq!(news.of(1).len(), 2 * shared.of(1).len());
        assert_eq!(news.of(1)[..shared.of(1).len()], *shared.of(1));
        assert_ne!(news.of(1), wiki.of(1));
        assert_eq!(news, extract(&v, 20));
    }

    #[test]
    fn previous_tag_names_follow_the_model_order() {
        assert_eq!(PREV_TAGS[..NT], super::super::perceptron::TAGS);
        assert_eq!(PREV_TAGS[NT], "<s>");
    }

    #[test]
    fn cap_kinds() {
        assert_eq!(cap_kind("jakarta"), CapKind::Lower);
        assert_eq!(cap_kind("Jakarta"), CapKind::Title);
        assert_eq!(cap_kind("KPK"), CapKind::Upper);
        assert_eq!(cap_kind("iPhone"), CapKind::Mixed);
        assert_eq!(cap_kind("McDonald"), CapKind::Mixed);
        assert_eq!(cap_kind("2020"), CapKind::Digits);
        assert_eq!(cap_kind("G20"), CapKind::Alnum);
        assert_eq!(cap_kind(""), CapKind::Other);
        assert_eq!(cap_kind("Ölçü"), CapKind::Title);
    }

    #[test]
    fn shapes_long_and_collapsed() {
        assert_eq!(shape("Jakarta", true), "Xx");
        assert_eq!(shape("Jakarta", false), "Xxxxxxx");
        assert_eq!(shape("DKI", true), "X");
        assert_eq!(shape("28/9/2020", true), "d/d/d");
        assert_eq!(shape("Nagorno-Karabakh", true), "Xx-Xx");
        assert_eq!(shape("Çé", false), "Xx");
    }

    #[test]
    fn gap_classes_ignore_spaces() {
        assert_eq!(gap_class(" "), "");
        assert_eq!(gap_class(", "), ",");
        assert_eq!(gap_class(" (“"), "(\"");
        assert_eq!(gap_class(".\" ,!?"), ".\",");
    }

    #[test]
    fn prefixes_and_suffixes_respect_characters() {
        assert_eq!(prefix("jakarta", 3), "jak");
        assert_eq!(prefix("ab", 4), "ab");
        assert_eq!(suffix("jakarta", 2), "ta");
        assert_eq!(suffix("görü", 3), "örü");
        assert_eq!(suffix("é", 4), "é");
    }

    #[test]
    fn every_token_gets_the_same_number_of_features_in_range() {
        let f = extract(
            &view(&["Presiden", "Joko", "Widodo", "ke", "Jawa", "Barat"]),
            12,
        );
        assert_eq!(f.len(), 6);
        let per: Vec<usize> = (0..6).map(|i| f.of(i).len()).collect();
        assert!(per.iter().all(|&k| k == per[0] && k > 30));
        assert!(f.ids.iter().all(|&id| id < 1 << 12));
        assert!(f.of(6).is_empty());
        assert_eq!(f.pairs.len(), 6 * PAIR_TEMPLATES * (NT + 1));
        assert!(f.pairs.iter().all(|&id| id < 1 << 12));
    }

    #[test]
    fn features_depend_on_context_and_case() {
        let a = extract(&view(&["kata", "Budi"]), 20);
        let b = extract(&view(&["kata", "budi"]), 20);
        let c = extract(&view(&["oleh", "Budi"]), 20);
        assert_ne!(a.of(1), b.of(1));
        assert_ne!(a.of(1), c.of(1));
        // Pair features depend on the previous tag.
        let per_prev = &a.pairs[PAIR_TEMPLATES * (NT + 1)..][..NT + 1];
        assert!(per_prev.windows(2).all(|w| w[0] != w[1]));
        // The same token in the same context hashes the same way every time.
        assert_eq!(a, extract(&view(&["kata", "Budi"]), 20));
    }

    #[test]
    fn punctuation_in_gaps_changes_features() {
        let words = ["kata", "Budi"];
        let plain = SentenceView {
            words: words.to_vec(),
            gaps: vec!["", " ", ""],
        };
        let comma = SentenceView {
            words: words.to_vec(),
            gaps: vec!["", ", ", ""],
        };
        assert_ne!(extract(&plain, 20).of(1), extract(&comma, 20).of(1));
    }

    #[test]
    fn lower_case_runs_of_cased_text_are_outside_only() {
        let words = [
            "Menurut", "dia", "warga", "yang", "tinggal", "di", "sekitar", "G20", "dan", "sudah",
            "lama", "sekali", "menunggu", "kabar",
        ];
        let f = extract(&view(&words), 12);
        let skipped: Vec<&str> = (0..words.len())
            .filter(|&i| f.outside_only[i])
            .map(|i| words[i])
            .collect();
        // Two words either side of "Menurut" and "G20" are scored; the rest is not.
        assert_eq!(
            skipped,
            ["yang", "tinggal", "lama", "sekali", "menunggu", "kabar"]
        );
        // Features are still extracted for every token (training reads them).
        assert!((0..words.len()).all(|i| f.of(i).len() > 30));
        // Text with no capital at all is scored everywhere.
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(|w| w.as_str()).collect();
        assert!(!extract(&view(&lower), 12).outside_only.contains(&true));
        assert!(extract(&view(&[]), 12).outside_only.is_empty());
    }

    #[test]
    fn empty_sentence_has_no_features() {
        let f = extract(&view(&[]), 10);
        assert!(f.is_empty());
        assert!(f.pairs.is_empty());
        assert_eq!(f.offsets, vec![0]);
    }
}
