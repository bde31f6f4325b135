//! Direct quotes and who said them.
//!
//! Indonesian news attributes direct speech in a few fixed shapes, which this module reads
//! from the raw cleaned text (before any stopword filtering, since the cues are exactly the
//! words a stopword list removes):
//!
//! - attribution after the quote: `"...," kata X, <role>.` with a cue verb (`kata`, `ujar`,
//!   `ucap`, `tutur`, `jelas`, `ungkap`, `terang`, `tegas`, `sebut`, `imbuh`, `tambah`, ...)
//!   or `X menambahkan`; English `"...," said X` and `"...," X said`;
//! - attribution before it: `X mengatakan, "..."`, `Menurut X, "..."`,
//!   `According to X, "..."`;
//! - pronoun attributions (`ujarnya`, `katanya`, `kata dia`, `ia menambahkan`,
//!   `he said`): the speaker is the last one named, in a quote or before a speech verb;
//! - continuations: a quote split around its attribution (`"A," kata X. "B."`), or a
//!   paragraph that is only a quote right after one of X's, goes to X as well.
//!
//! Quotes with no attribution at all (scare quotes, titles, quoted hoax claims) are left
//! out: this module reports who said what, not every pair of quote marks.
//!
//! Speakers come from person entities when the recogniser found them (their canonical,
//! longest name, so "Pashinyan" reads as "Nikol Pashinyan"), else from the run of
//! capitalised words after the cue. A title before the name (`kata Kepala Desa Sukamaju
//! Budi`) becomes the role, as does an appositive after it (`kata Budi, ketua RT 05`).

use super::fasthash::FastSet as HashSet;
use super::{
    Span,
    entities::{Entity, EntityType},
};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A direct quote attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it: the person entity's canonical name when the recogniser found one, else
    /// the name as written. `None` only for a pronoun cue with no one named before it.
    pub speaker: Option<String>,
    /// The speaker's role or title, as the article gives it ("pemimpin Nagorno-Karabakh").
    pub role: Option<String>,
    /// The attribution verb ("kata", "ujarnya", "mengatakan").
    pub cue: Option<String>,
    /// Index of the sentence the quote starts in.
    pub sentence: usize,
}

/// Finds direct quotes in `text` and attributes them.
pub fn extract(text: &str, sentences: &[Span], entities: &[Entity], _lang: &str) -> Vec<Quote> {
    let persons = person_mentions(entities);
    let marks = quote_spans(text);
    let mut out = Vec::new();
    // The last quote kept, as (paragraph start, its attribution), for continuations.
    let mut previous: Option<(usize, Attribution)> = None;
    // The last speaker named, with their role and where their quote ended.
    let mut last_named: Option<(String, Option<String>, usize)> = None;
    for (i, q) in marks.iter().enumerate() {
        let inner = text[q.inner.start..q.inner.end]
            .trim()
            .trim_end_matches(',')
            .trim_end();
        if inner.is_empty() {
            continue;
        }
        // Attribution text after the quote runs to the next quote in the same paragraph.
        let after_end = marks
            .get(i + 1)
            .filter(|n| n.line_start == q.line_start)
            .map_or(q.line_end, |n| n.open);
        let before_start = i
            .checked_sub(1)
            .and_then(|p| marks.get(p))
            .filter(|p| p.line_start == q.line_start)
            .map_or(q.line_start, |p| p.close);
        let own = after_attribution(text, q.close, after_end, &persons)
            .or_else(|| before_attribution(text, before_start, q.open, &persons));
        let attribution = match own {
            Some(a) => a,
            None => match &previous {
                Some((line, a)) if continues(text, q, *line, inner) => a.clone(),
                _ => continue,
            },
        };
        let mut attribution = attribution;
        if attribution.speaker.is_none() {
            // Someone introduced since the last quote ("Budi menjelaskan ...") is the "-nya"
            // of this one; else the last speaker quoted; else the last person mentioned.
            let since = last_named.as_ref().map_or(0, |l| l.2);
            let known = last_named.as_ref().map(|(s, r, _)| (s.clone(), r.clone()));
            let earlier = speaker_by_verb(text, since, q.open, &persons)
                // The same person again: keep the role the article gave them before.
                .map(|(s, r)| match &known {
                    Some((ks, kr)) if *ks == s && r.is_none() => (s, kr.clone()),
                    _ => (s, r),
                })
                .or(known)
                .or_else(|| last_person(q.open, &persons));
            if let Some((speaker, role)) = earlier {
                attribution.speaker = Some(speaker);
                attribution.role = attribution.role.or(role);
            }
        }
        if let Some(speaker) = &attribution.speaker {
            last_named = Some((speaker.clone(), attribution.role.clone(), q.close));
        }
        out.push(Quote {
            text: inner.to_string(),
            speaker: attribution.speaker.clone(),
            role: attribution.role.clone(),
            cue: attribution.cue.clone(),
            sentence: sentence_of(sentences, q.open),
        });
        previous = Some((q.line_start, attribution));
    }
    out
}

/// Who said a quote, as far as its own attribution tells.
#[derive(Debug, Clone, PartialEq)]
struct Attribution {
    speaker: Option<String>,
    role: Option<String>,
    cue: Option<String>,
    /// The cue names no one (`ujarnya`): the speaker is resolved from earlier text.
    pronoun: bool,
}

/// One pair of quote marks: `open` and `close` are the marks' byte offsets, `inner` what
/// lies between, `line_*` the paragraph (line) that holds them.
#[derive(Debug, Clone, Copy)]
struct QuoteSpan {
    open: usize,
    close: usize,
    inner: Span,
    line_start: usize,
    line_end: usize,
}

/// Pairs quote marks line by line: straight `"` toggles, curly `“` opens and `”` closes,
/// and a mark left open at the end of a paragraph is dropped (news does not close a quote
/// that goes on in the next paragraph, and guessing its end is worse than skipping it).
fn quote_spans(text: &str) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.trim_end_matches(['\n', '\r']).len();
        // The open mark's offset and length in bytes.
        let mut open: Option<(usize, usize)> = None;
        for (i, c) in line.char_indices() {
            let at = line_start + i;
            match (c, open) {
                ('"' | '“', None) | ('“', Some(_)) => open = Some((at, c.len_utf8())),
                ('"' | '”', Some((o, len))) => {
                    out.push(QuoteSpan {
                        open: o,
                        close: at,
                        inner: Span::new(o + len, at),
                        line_start,
                        line_end,
                    });
                    open = None;
                }
                _ => {}
            }
        }
        line_start += line.len();
    }
    out
}

/// Whether an unattributed quote continues the previous speaker's: it follows the
/// previous quote in the same paragraph, or it opens the next paragraph and is a full
/// utterance (several words) rather than a scare-quoted term.
fn continues(text: &str, q: &QuoteSpan, previous_line: usize, inner: &str) -> bool {
    if q.line_start == previous_line {
        return true;
    }
    let gap = &text[previous_line.min(q.line_start)..q.line_start];
    let next_paragraph = gap.trim_end_matches(['\n', '\r']).find('\n').is_none();
    next_paragraph
        && text[q.line_start..q.open].trim().is_empty()
        && inner.split_whitespace().count() >= 3
}

/// Index of the sentence holding byte `at` (the last that starts at or before it).
fn sentence_of(sentences: &[Span], at: usize) -> usize {
    sentences
        .partition_point(|s| s.start <= at)
        .saturating_sub(1)
}

/// Person mention spans with the canonical name of their entity, sorted by start.
fn person_mentions(entities: &[Entity]) -> Vec<(Span, &str)> {
    let mut v: Vec<(Span, &str)> = entities
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .flat_map(|e| {
            e.spans
                .iter()
                .map(move |s| (Span::new(s[0], s[1]), e.text.as_str()))
        })
        .filter(|(s, _)| !s.is_empty())
        .collect();
    v.sort();
    v
}

/// Attribution verbs that follow a quote and take the speaker after them (`kata X`), or a
/// pronoun (`kata dia`), or `-nya` (`ujarnya`: "said he/she").
const CUES_FILE: &str = include_str!("lexicon/attribution_cues.txt");
static CUES: LazyLock<WordList> = LazyLock::new(|| WordList::parse(CUES_FILE));

/// Speech verbs that follow the speaker (`X mengatakan, "..."`, `"...," X menambahkan`).
const SPEECH_VERBS_FILE: &str = include_str!("lexicon/speech_verbs.txt");
static SPEECH_VERBS: LazyLock<WordList> = LazyLock::new(|| WordList::parse(SPEECH_VERBS_FILE));

/// Words that stand for a speaker named earlier.
static PRONOUNS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/speaker_pronouns.txt")));

/// Whether a lower-cased word is an attribution cue or speech verb (`kata`, `ujarnya`,
/// `mengatakan`): words that say someone spoke, not what the article is about, which the
/// keyword ranker leaves out.
/// Any letter case is accepted; the check allocates nothing, as it runs once per token.
pub fn is_attribution_word(word: &str) -> bool {
    static WORDS: LazyLock<AttributionWords> = LazyLock::new(|| {
        AttributionWords::new(
            entries(CUES_FILE)
                .chain(entries(SPEECH_VERBS_FILE))
                .map(|w| w.to_string())
                .chain(entries(CUES_FILE).map(|w| format!("{w}nya"))),
        )
    });
    let mut buf = [0u8; ATTRIBUTION_MAX];
    // The shape filter first, on the word as written (its first and last bytes lower-cased
    // as the buffer's would be): most tokens stop here.
    if word.len() > buf.len() || !WORDS.may_contain(word.as_bytes()) || !word.is_ascii() {
        return false;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    WORDS.set.contains(lower)
}

/// Longest word [`is_attribution_word`] looks up, in bytes.
const ATTRIBUTION_MAX: usize = 24;

/// The attribution words as a set of lower-case byte strings, behind a filter on (length,
/// first byte, last byte): nearly every token of an article fails the filter, which costs a
/// few instructions, and only the rest is hashed and looked up (this runs on every token,
/// twice). Keyed by bytes: the lower-cased buffer is ASCII and needs no UTF-8 check.
struct AttributionWords {
    set: HashSet<Box<[u8]>>,
    /// One bit per (length, first byte & 31, last byte & 31) that some word has.
    shapes: Vec<u64>,
}

impl AttributionWords {
    fn new(words: impl Iterator<Item = String>) -> Self {
        let mut me = AttributionWords {
            set: HashSet::default(),
            shapes: vec![0; (ATTRIBUTION_MAX + 1) * 1024 / 64],
        };
        for w in words {
            if let Some(bit) = Self::shape(w.as_bytes()) {
                me.shapes[bit / 64] |= 1 << (bit % 64);
            }
            me.set.insert(w.into_bytes().into_boxed_slice());
        }
        me
    }

    /// The filter bit of a word, `None` when the filter cannot hold it (empty or too long:
    /// such words are never looked up).
    /// Letter case does not change a shape: `& 31` keeps the low five bits, the same for an
    /// ASCII letter in either case.
    fn shape(w: &[u8]) -> Option<usize> {
        let (&first, &last) = (w.first()?, w.last()?);
        (w.len() <= ATTRIBUTION_MAX)
            .then(|| (w.len() * 32 + (first & 31) as usize) * 32 + (last & 31) as usize)
    }

    /// False when no word of the set has the shape of `w` (in any letter case).
    fn may_contain(&self, w: &[u8]) -> bool {
        Self::shape(w).is_some_and(|bit| self.shapes[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// Titles, ranks and offices: where a capitalised run starts with these, they are the
/// speaker's role, and the name comes after the last of them. The entity recogniser's
/// gazetteer reads the same file.
static TITLES: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/titles.txt")));

/// Police and military ranks (and the corps after them): the full name follows at once.
static RANKS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/ranks.txt")));

/// Words that qualify a title ("Menteri *Luar Negeri*", "Kapolres *Metro*"): part of the
/// role when they come between titles and the name.
static QUALIFIERS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/title_qualifiers.txt")));

/// Honorifics dropped from the name and kept out of the role (`Pak Budi` is Budi).
static HONORIFICS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/honorifics.txt")));

/// Abbreviations that keep their period inside a name run ("Dr. Budi", "M. Yusuf").
static DOTTED: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/dotted_abbreviations.txt")));

/// Words after which a comma phrase is not a role ("kata Budi, saat ditemui"); day names
/// ([`WEEKDAYS`]) do the same ("kata Budi, Senin (28/9)").
static NOT_ROLE: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/not_role.txt")));

/// Day names: they end a name run and are not a role.
static WEEKDAYS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/weekdays.txt")));

/// Words that end a role phrase. Looked up as written ([`WordList::contains_as_written`]):
/// a capitalised one belongs to the role ("Menteri Dalam Negeri").
static ROLE_STOP: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/role_ends.txt")));

/// Lower-case words that may sit inside a capitalised name ("Ahmad bin Yusuf").
static NAME_CONNECTORS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/name_connectors.txt")));

/// Sentence-initial words that are not part of the name after them ("Sementara Budi").
static CLAUSE_OPENERS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/clause_openers.txt")));

use super::lexicon::entries;

/// Longest entry a [`WordList`] holds, in bytes: lookups lower-case into a buffer this long.
const WORD_MAX: usize = 32;

/// A word list from `lexicon/`, parsed once, looked up in any ASCII letter case without
/// allocating: these lookups run for every word of every attribution, where a linear scan
/// of the longer lists cost more than the hash.
struct WordList {
    /// The entries (lower case) as bytes: the lower-cased buffer needs no UTF-8 check.
    words: HashSet<&'static [u8]>,
}

impl WordList {
    fn parse(file: &'static str) -> Self {
        let words: HashSet<&'static [u8]> = entries(file).map(str::as_bytes).collect();
        for w in &words {
            assert!(
                w.len() <= WORD_MAX && !w.iter().any(u8::is_ascii_uppercase),
                "lexicon entries are lower case and at most {WORD_MAX} bytes: {:?}",
                String::from_utf8_lossy(w)
            );
        }
        WordList { words }
    }

    /// Whether `word` is an entry, ignoring ASCII letter case (as `eq_ignore_ascii_case`).
    fn contains(&self, word: &str) -> bool {
        if word.len() > WORD_MAX {
            return false;
        }
        let mut buf = [0u8; WORD_MAX];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.words.contains(&*lower)
    }

    /// Whether `word`, exactly as written, is an entry (so only in lower case).
    fn contains_as_written(&self, word: &str) -> bool {
        self.words.contains(word.as_bytes())
    }
}

/// The byte offset just past the last of `marks` in `s` (0 when there is none), on a
/// character boundary whatever the marks' widths.
fn after_last(s: &str, marks: &[char]) -> usize {
    s.char_indices()
        .rev()
        .find(|(_, c)| marks.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The next word at or after `from`, skipping spaces and tabs only (a word never spans a
/// line break): letters, digits, hyphens and apostrophes, plus a period for the
/// abbreviations in [`DOTTED`] and single-letter initials.
fn word_at(text: &str, from: usize, limit: usize) -> Option<Span> {
    let rest = text.get(from..limit)?;
    let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    let start = from + skip;
    let mut end = start;
    for (i, c) in text[start..limit].char_indices() {
        if c.is_alphanumeric() || ((c == '-' || c == '\'' || c == '’') && i > 0) {
            end = start + i + c.len_utf8();
        } else {
            break;
        }
    }
    if end == start {
        return None;
    }
    let w = &text[start..end];
    let single_initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    if text[end..limit].starts_with('.') && (single_initial || DOTTED.contains(w)) {
        end += 1;
    }
    Some(Span::new(start, end))
}

/// Every word in `[from, to)`, skipping punctuation between them.
fn words_in(text: &str, from: usize, to: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        match word_at(text, at, to) {
            Some(w) => {
                at = w.end;
                out.push(w);
            }
            None => {
                // Not a word here: step over one character.
                at += text[at..to].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

fn bare(word: &str) -> &str {
    word.trim_end_matches('.')
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The run of capitalised words (names, titles, places) starting at `from`, at most 10
/// words, allowing lower-case qualifiers such as "of" inside it. Day names end a run.
fn capitalised_run(text: &str, from: usize, limit: usize) -> Option<Vec<Span>> {
    let mut words: Vec<Span> = Vec::new();
    let mut at = from;
    while words.len() < 10 {
        let Some(w) = word_at(text, at, limit) else {
            break;
        };
        // Only spaces may separate the words of one name.
        if !text[at..w.start].chars().all(|c| c == ' ' || c == '\u{a0}') {
            break;
        }
        let s = w.of(text);
        let inner_connector = !words.is_empty() && NAME_CONNECTORS.contains(s);
        if !(capitalised(s) || inner_connector) || WEEKDAYS.contains(s) {
            break;
        }
        words.push(w);
        at = w.end;
    }
    while words.last().is_some_and(|w| !capitalised(w.of(text))) {
        words.pop();
    }
    (!words.is_empty()).then_some(words)
}

/// Splits a capitalised run into (role, name): titles and their qualifiers lead, the name
/// follows the last of them. Honorifics are dropped. Entities, when they cover part of the
/// run, give the name directly.
fn split_run(text: &str, run: &[Span], persons: &[(Span, &str)]) -> (String, Option<String>) {
    let whole = Span::new(run[0].start, run[run.len() - 1].end);
    if let Some((mention, name)) = persons
        .iter()
        .find(|(s, _)| s.start >= whole.start && s.end <= whole.end)
    {
        // Spans come from another analyser: read them defensively.
        let role = text
            .get(whole.start..mention.start)
            .unwrap_or("")
            .trim()
            .trim_end_matches(',')
            .trim();
        let role = (!role.is_empty()
            && !run
                .iter()
                .take_while(|w| w.end <= mention.start)
                .all(|w| HONORIFICS.contains(bare(w.of(text)))))
        .then(|| role.to_string());
        // The recogniser may keep a rank or title inside the name ("Ipda Febby Mufti"):
        // that part belongs to the role.
        let words: Vec<&str> = name.split_whitespace().collect();
        let lead = words
            .iter()
            .take_while(|w| {
                RANKS.contains(bare(w)) || TITLES.contains(bare(w)) || HONORIFICS.contains(bare(w))
            })
            .count();
        if lead > 0 && lead < words.len() {
            let stripped = words[..lead]
                .iter()
                .filter(|w| !HONORIFICS.contains(bare(w)))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let role = match (role, stripped.is_empty()) {
                (r, true) => r,
                (Some(r), false) => Some(if r.ends_with(&stripped) {
                    r
                } else {
                    format!("{r} {stripped}")
                }),
                (None, false) => Some(stripped),
            };
            return (words[lead..].join(" "), role);
        }
        return (name.to_string(), role);
    }
    let word = |i: usize| bare(run[i].of(text));
    let titled = |i: usize| TITLES.contains(word(i)) || RANKS.contains(word(i));
    let last_title = (0..run.len())
        .rev()
        .find(|&i| titled(i) || (QUALIFIERS.contains(word(i)) && (0..i).any(titled)));
    let name_from = match last_title {
        // Only titles ("kata Presiden", "kata Menteri Luar Negeri"): the title is how the
        // article names the speaker.
        Some(t) if t + 1 == run.len() => 0,
        // A rank or honorific sits right before the full name ("AKBP Ahmad Faisol Amir").
        Some(t) if RANKS.contains(word(t)) || HONORIFICS.contains(word(t)) => {
            t + 1 + (run.len() - t - 1).saturating_sub(4)
        }
        // "Gubernur Jawa Barat Rina Putri": a place or body often sits between an office
        // and a two-word name, so with three or more words left, the name is the last two.
        Some(t) if run.len() - t - 1 <= 2 => t + 1,
        Some(_) => run.len() - 2,
        None if run.len() > 4 => run.len() - 2,
        None => 0,
    };
    let mut name_start = name_from;
    while name_start + 1 < run.len() && HONORIFICS.contains(word(name_start)) {
        name_start += 1;
    }
    let name = text[run[name_start].start..whole.end].to_string();
    let role = (name_from > 0)
        .then(|| {
            let role_words: Vec<usize> = (0..name_from)
                .filter(|&i| !HONORIFICS.contains(word(i)))
                .collect();
            let (&a, &b) = (role_words.first()?, role_words.last()?);
            Some(text[run[a].start..run[b].end].to_string())
        })
        .flatten();
    (name, role)
}

/// A role after the name: `, <role>` up to the next comma, sentence end, quote mark or a
/// word that starts a new clause; at most 12 words; not a date or a circumstance.
fn role_after(text: &str, from: usize, limit: usize) -> Option<String> {
    let rest = text.get(from..limit)?;
    let rest = rest.trim_start_matches([' ', '\u{a0}']).strip_prefix(',')?;
    let start = limit - rest.len();
    let mut end = start;
    let mut words = 0;
    let mut at = start;
    while let Some(w) = word_at(text, at, limit) {
        let between = &text[at..w.start];
        if between.contains([',', '.', ';', ':', '"', '“', '”', '(', '\n', '!', '?'])
            || ROLE_STOP.contains_as_written(w.of(text))
            || words == 12
        {
            break;
        }
        if words == 0
            && (NOT_ROLE.contains(w.of(text))
                || WEEKDAYS.contains(w.of(text))
                || verb_like(w.of(text))
                || w.of(text).chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        words += 1;
        end = w.end;
        at = w.end;
    }
    let role = text[start..end].trim();
    (!role.is_empty()).then(|| role.to_string())
}

/// Whether a capitalised run names an office rather than a person: it holds a title or
/// qualifier word, or an acronym (`KPU`, `DPRD`).
fn looks_like_office(text: &str, run: &[Span]) -> bool {
    run.iter().any(|w| {
        let s = bare(w.of(text));
        TITLES.contains(s)
            || QUALIFIERS.contains(s)
            || (s.chars().count() >= 2 && s.chars().all(|c| c.is_uppercase()))
    })
}

/// A lower-case word that reads as a verb (`menggarisbawahi`, `dikonfirmasi`,
/// `berharap`) rather than the noun a role starts with (`direktur`, `mantan`, `tersangka`).
fn verb_like(word: &str) -> bool {
    let w = word.to_lowercase();
    SPEECH_VERBS.contains(&w)
        || ["meng", "meny", "memb", "memp", "ber"]
            .iter()
            .any(|p| w.starts_with(p))
        || (w.starts_with("di") && !w.starts_with("dir") && !w.starts_with("dip") && w.len() > 4)
}

/// A speaker named by a capitalised run at `from`, with a title or appositive role.
/// Also reads `Kepala Desa Sukamaju, Budi` (title run, comma, name run).
fn named_speaker(
    text: &str,
    from: usize,
    limit: usize,
    persons: &[(Span, &str)],
) -> Option<(String, Option<String>, usize)> {
    let run = capitalised_run(text, from, limit)?;
    let end = run[run.len() - 1].end;
    // "Kepala Desa Sukamaju, Darto": an office, a comma, then the name (maybe with a rank).
    let titled = run.iter().any(|w| TITLES.contains(bare(w.of(text))));
    if titled
        && text[end..limit].starts_with(", ")
        && let Some(second) = capitalised_run(text, end + 2, limit).filter(|r| r.len() <= 5)
    {
        let (name, rank) = split_run(text, &second, persons);
        let role = match rank {
            Some(r) => format!("{}, {r}", &text[run[0].start..end]),
            None => text[run[0].start..end].to_string(),
        };
        return Some((name, Some(role), second[second.len() - 1].end));
    }
    let (name, role) = split_run(text, &run, persons);
    let after = role_after(text, end, limit);
    // "ujar Komisioner KPU Sukamaju, Muhammad Darto": an office whose title word we do not
    // know, then a name-like appositive (capitalised words, or a person entity) after it.
    if role.is_none()
        && let Some(appositive) = &after
        && looks_like_office(text, &run)
        && let Some(start) = text[end..limit].find(appositive.as_str()).map(|i| end + i)
        && let Some(second) = capitalised_run(text, start, limit)
            .filter(|r| r.len() <= 4 && r[r.len() - 1].end == start + appositive.len())
    {
        let is_person = persons
            .iter()
            .any(|(s, _)| s.start >= start && s.end <= start + appositive.len());
        if is_person || persons.is_empty() {
            let (second_name, rank) = split_run(text, &second, persons);
            let office = text[run[0].start..end].to_string();
            return Some((
                second_name,
                Some(rank.map_or(office.clone(), |r| format!("{office}, {r}"))),
                start + appositive.len(),
            ));
        }
    }
    Some((name, role.or(after), end))
}

/// The attribution right after a closing quote mark at `close`, up to `limit`.
fn after_attribution(
    text: &str,
    close: usize,
    limit: usize,
    persons: &[(Span, &str)],
) -> Option<Attribution> {
    let mut at = close + text[close..].chars().next().map_or(1, char::len_utf8);
    let rest = text.get(at..limit)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', ',']);
    at = limit - trimmed.len();
    let first = word_at(text, at, limit)?;
    let w1 = first.of(text);
    let lower = w1.to_lowercase();
    let second =
        word_at(text, first.end, limit).filter(|w| text[first.end..w.start].trim().is_empty());
    let pronoun = |cue: String| {
        Some(Attribution {
            speaker: None,
            role: None,
            cue: Some(cue),
            pronoun: true,
        })
    };
    // "ujarnya", "katanya": the cue with -nya names no one.
    if let Some(stem) = lower.strip_suffix("nya")
        && CUES.contains(stem)
    {
        return pronoun(w1.to_string());
    }
    if CUES.contains(&lower) || (lower == "according" && second.is_some_and(|s| s.of(text) == "to"))
    {
        let (cue_end, cue) = match (lower.as_str(), second) {
            ("according", Some(s)) => (s.end, text[first.start..s.end].to_string()),
            _ => (first.end, w1.to_string()),
        };
        let next =
            word_at(text, cue_end, limit).filter(|w| text[cue_end..w.start].trim().is_empty());
        if let Some(n) = next
            && PRONOUNS.contains(n.of(text))
        {
            return pronoun(text[first.start..n.end].to_string());
        }
        if let Some((speaker, role, _)) = named_speaker(text, cue_end, limit, persons) {
            return Some(Attribution {
                speaker: Some(speaker),
                role,
                cue: Some(cue),
                pronoun: false,
            });
        }
        // "ujar hakim.", "kata warga": a common noun as the whole speaker.
        let n = next?;
        let after = text[n.end..limit].trim_start();
        if after.is_empty() || after.starts_with(['.', ',']) {
            return Some(Attribution {
                speaker: Some(n.of(text).to_string()),
                role: None,
                cue: Some(cue),
                pronoun: false,
            });
        }
        return None;
    }
    // "ia menambahkan", "he said".
    if PRONOUNS.contains(w1)
        && let Some(s) = second
        && SPEECH_VERBS.contains(s.of(text))
    {
        return pronoun(text[first.start..s.end].to_string());
    }
    // "X menambahkan", "X said".
    let run = capitalised_run(text, at, limit)?;
    let run_end = run[run.len() - 1].end;
    let verb =
        word_at(text, run_end, limit).filter(|w| text[run_end..w.start].trim().is_empty())?;
    if !SPEECH_VERBS.contains(verb.of(text)) {
        return None;
    }
    let (speaker, role) = split_run(text, &run, persons);
    Some(Attribution {
        speaker: Some(speaker),
        role,
        cue: Some(verb.of(text).to_string()),
        pronoun: false,
    })
}

/// The attribution before an opening quote mark at `open`, from `from`: `X mengatakan,`,
/// `Menurut X,`, `Ia menambahkan:`.
fn before_attribution(
    text: &str,
    from: usize,
    open: usize,
    persons: &[(Span, &str)],
) -> Option<Attribution> {
    let lead = text.get(from..open)?;
    let lead_trim = lead.trim_end();
    let lead_trim = lead_trim.strip_suffix([',', ':'])?.trim_end();
    // Only the clause right before the quote: from the last sentence end.
    let clause_start = from + after_last(lead_trim, &['.', '!', '?', '"', '”', '\n']);
    let clause_end = from + lead_trim.len();
    let words = words_in(text, clause_start, clause_end);
    // "Menurut X, ..." / "According to X, ..."
    if let Some(i) = words.iter().position(|w| {
        let w = w.of(text);
        w.eq_ignore_ascii_case("menurut") || w.eq_ignore_ascii_case("according")
    }) {
        let from = if words[i].of(text).eq_ignore_ascii_case("according") {
            words.get(i + 1)?.end
        } else {
            words[i].end
        };
        let (speaker, role, _) = named_speaker(text, from, clause_end, persons)?;
        return Some(Attribution {
            speaker: Some(speaker),
            role,
            cue: Some(words[i].of(text).to_lowercase()),
            pronoun: false,
        });
    }
    // The last speech verb, followed by at most four lower-case words ("kepada wartawan").
    let v = words
        .iter()
        .rposition(|w| SPEECH_VERBS.contains(w.of(text)))?;
    if words.len() - v - 1 > 4 || words[v + 1..].iter().any(|w| capitalised(w.of(text))) {
        return None;
    }
    let cue = words[v].of(text).to_string();
    speaker_before(text, clause_start, words[v].start, persons).map(|(speaker, role, pronoun)| {
        Attribution {
            speaker,
            role,
            cue: Some(cue),
            pronoun,
        }
    })
}

/// Adverbs that may sit between a speaker and the speech verb ("Budi juga mengatakan").
static ADVERBS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("lexicon/speech_adverbs.txt")));

/// The speaker right before a speech verb at `verb`: a pronoun, a capitalised run, or a
/// run followed by an appositive role (`Budi, ketua RT 05, mengatakan`).
/// Returns (speaker, role, is_pronoun).
fn speaker_before(
    text: &str,
    from: usize,
    verb: usize,
    persons: &[(Span, &str)],
) -> Option<(Option<String>, Option<String>, bool)> {
    let mut words = words_in(text, from, verb);
    while words.last().is_some_and(|w| ADVERBS.contains(w.of(text))) {
        words.pop();
    }
    let last = *words.last()?;
    if PRONOUNS.contains(last.of(text)) {
        return Some((None, None, true));
    }
    let end = last.end;
    let tail = text[end..verb].trim();
    let (name_end, role) = if tail.is_empty() {
        (end, None)
    } else if tail == "," {
        // "Budi, ketua RT 05, mengatakan": the role is the segment before the comma.
        let seg_start = text[from..end].rfind(',').map(|i| from + i)?;
        let role = text[seg_start + 1..end].trim().to_string();
        let name_end = text[from..seg_start].trim_end().len() + from;
        (name_end, Some(role))
    } else {
        return None;
    };
    // Walk back over the capitalised words that end at `name_end`.
    let mut start_idx = None;
    for (i, w) in words.iter().enumerate().rev() {
        if w.end > name_end {
            continue;
        }
        let s = w.of(text);
        let between = &text[w.end..words.get(i + 1).map_or(name_end, |n| n.start.min(name_end))];
        if !capitalised(s) || !between.trim().is_empty() || name_end - w.start > 120 {
            break;
        }
        start_idx = Some(i);
    }
    let first = start_idx?;
    let run: Vec<Span> = words[first..]
        .iter()
        .copied()
        .filter(|w| w.end <= name_end)
        .collect();
    // A sentence-initial ordinary word ("Sementara Budi") is not part of the name.
    let run = if run.len() > 1 && CLAUSE_OPENERS.contains(run[0].of(text)) {
        run[1..].to_vec()
    } else {
        run
    };
    // "Gubernur Sukamaju, Rina Putri, mengatakan": the run before the commas is the office
    // and the segment between them the name.
    if let Some(segment) = &role
        && capitalised(segment)
        && run.iter().any(|w| TITLES.contains(bare(w.of(text))))
    {
        let seg_start = name_end + text[name_end..].find(segment.as_str()).unwrap_or(0);
        if let Some(seg_run) = capitalised_run(text, seg_start, verb) {
            let (name, rank) = split_run(text, &seg_run, persons);
            let office = text[run[0].start..name_end].to_string();
            return Some((
                Some(name),
                Some(rank.map_or(office.clone(), |r| format!("{office}, {r}"))),
                false,
            ));
        }
    }
    let (name, title) = split_run(text, &run, persons);
    Some((Some(name), title.or(role), false))
}

/// The canonical name of the last person mentioned before byte `at`.
fn last_person(at: usize, persons: &[(Span, &str)]) -> Option<(String, Option<String>)> {
    persons
        .iter()
        .rev()
        .find(|(s, _)| s.end <= at)
        .map(|(_, name)| (name.to_string(), None))
}

/// The last speaker introduced by a speech verb (`Budi Santoso mengatakan ...`), or by
/// `Menurut X,` when X is a person entity (not `Menurut data BPS,`), between `since` and
/// `at`, looking back 1000 bytes at most so that the cost stays linear.
fn speaker_by_verb(
    text: &str,
    since: usize,
    at: usize,
    persons: &[(Span, &str)],
) -> Option<(String, Option<String>)> {
    let mut from = since.max(at.saturating_sub(1000)).min(at);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut best = None;
    for w in words_in(text, from, at) {
        if w.of(text).eq_ignore_ascii_case("menurut") {
            let clause_end = text[w.end..at]
                .find([',', '.', '\n'])
                .map_or(at, |e| w.end + e);
            if let Some((name, role, _)) = named_speaker(text, w.end, clause_end, persons)
                && persons.iter().any(|(_, p)| *p == name)
            {
                best = Some((name, role));
            }
        } else if SPEECH_VERBS.contains(w.of(text)) {
            let line_start = after_last(&text[..w.start], &['\n', '.', '"', '”']).max(from);
            if let Some((Some(name), role, false)) =
                speaker_before(text, line_start, w.start, persons)
            {
                best = Some((name, role));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sentences;

    fn quotes(text: &str) -> Vec<Quote> {
        extract(text, &sentences::split(text, "id"), &[], "id")
    }

    /// (text, speaker, role, cue) of one quote, for compact assertions.
    type Fields = (String, Option<String>, Option<String>, Option<String>);

    fn q4(text: &str) -> Vec<Fields> {
        quotes(text)
            .into_iter()
            .map(|q| (q.text, q.speaker, q.role, q.cue))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn kata_with_name_and_role() {
        let t = "\"Banjir ini yang terbesar dalam sepuluh tahun,\" kata Rudi Hartono, kepala BPBD Sukamaju, kepada wartawan.";
        assert_eq!(
            q4(t),
            [(
                "Banjir ini yang terbesar dalam sepuluh tahun".into(),
                s("Rudi Hartono"),
                s("kepala BPBD Sukamaju"),
                s("kata")
            )]
        );
    }

    #[test]
    fn role_runs_to_the_sentence_end() {
        let t = "\"Kami belum melihat hal seperti ini,\" ujar Sinta Dewi, peneliti senior Lembaga Riset Pangan untuk wilayah timur.";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Sinta Dewi"));
        assert_eq!(
            q.role,
            s("peneliti senior Lembaga Riset Pangan untuk wilayah timur")
        );
    }

    #[test]
    fn title_before_the_name_is_the_role() {
        let t =
            "\"Jalan ditutup sementara,\" kata Kapolres Sukamaju AKBP Joko Susilo saat dihubungi.";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Joko Susilo"));
        assert_eq!(q.role, s("Kapolres Sukamaju AKBP"));
        let t = "\"Harga stabil,\" kata Menteri Perdagangan Andi Wijaya.";
        assert_eq!(quotes(t)[0].speaker, s("Andi Wijaya"));
        assert_eq!(quotes(t)[0].role, s("Menteri Perdagangan"));
    }

    #[test]
    fn rank_before_a_three_word_name() {
        let t = "\"Pelaku sudah ditahan,\" kata Kapolres Sukamaju AKBP Ahmad Budi Santoso.";
        assert_eq!(quotes(t)[0].speaker, s("Ahmad Budi Santoso"));
        assert_eq!(quotes(t)[0].role, s("Kapolres Sukamaju AKBP"));
    }

    #[test]
    fn title_alone_names_the_speaker() {
        let t = "\"Kami mendukung perdamaian,\" kata Menteri Luar Negeri.";
        assert_eq!(quotes(t)[0].speaker, s("Menteri Luar Negeri"));
        assert_eq!(quotes(t)[0].role, None);
    }

    #[test]
    fn title_comma_rank_and_name() {
        let t = "\"Sudah kami periksa,\" kata Kasat Reskrim Polres Sukamaju, AKP Dedi Kurnia.";
        assert_eq!(quotes(t)[0].speaker, s("Dedi Kurnia"));
        assert_eq!(quotes(t)[0].role, s("Kasat Reskrim Polres Sukamaju, AKP"));
    }

    #[test]
    fn verbs_after_a_comma_are_not_a_role() {
        let t = "\"Kami sudah siap,\" kata Yanto, dikonfirmasi pada Sabtu.";
        assert_eq!(quotes(t)[0].role, None);
        let t = "\"Kami sudah siap,\" kata Yanto, menegaskan sikap partainya.";
        assert_eq!(quotes(t)[0].role, None);
        let t = "\"Kami sudah siap,\" kata Yanto, tersangka kasus itu.";
        assert_eq!(quotes(t)[0].role, s("tersangka kasus itu"));
    }

    #[test]
    fn title_comma_name() {
        let t = "\"Air sudah surut,\" kata Kepala Desa Sukamaju, Darto pada Selasa (17/6/2025).";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Darto"));
        assert_eq!(q.role, s("Kepala Desa Sukamaju"));
    }

    #[test]
    fn unknown_office_comma_name() {
        let t = "\"Nomor urut sudah diundi,\" ujar Anggota Panwas Sukamaju, Muhammad Darto.";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Muhammad Darto"));
        assert_eq!(q.role, s("Anggota Panwas Sukamaju"));
        let t = "\"Nomor urut sudah diundi,\" ujar Pengawas KPUD Sukamaju, Muhammad Darto.";
        assert_eq!(quotes(t)[0].speaker, s("Muhammad Darto"));
        // A person, then a capitalised role: the order stays.
        let t = "\"Kami siap,\" kata Budi Santoso, Ketua RT 05.";
        assert_eq!(
            (quotes(t)[0].speaker.clone(), quotes(t)[0].role.clone()),
            (s("Budi Santoso"), s("Ketua RT 05"))
        );
    }

    #[test]
    fn rank_inside_an_entity_name_moves_to_the_role() {
        let t = "\"Pelaku ditangkap,\" kata Kanit Reskrim Polsek Sukamaju Ipda Dedi Kurnia.";
        let start = t.find("Ipda").unwrap();
        let name = "Ipda Dedi Kurnia";
        let ents = [Entity {
            text: name.into(),
            kind: EntityType::Person,
            mentions: 1,
            spans: vec![[start, start + name.len()]],
            title: None,
            province: None,
        }];
        let q = &extract(t, &sentences::split(t, "id"), &ents, "id")[0];
        assert_eq!(q.speaker, s("Dedi Kurnia"));
        assert_eq!(q.role, s("Kanit Reskrim Polsek Sukamaju Ipda"));
    }

    #[test]
    fn circumstances_after_a_comma_are_not_a_role() {
        let t = "\"Semua aman,\" ujar Budi, Senin (28/9/2020).";
        assert_eq!(q4(t), [("Semua aman".into(), s("Budi"), None, s("ujar"))]);
    }

    #[test]
    fn honorifics_are_dropped() {
        assert_eq!(
            quotes("\"Saya siap,\" kata Pak Darmo.")[0].speaker,
            s("Darmo")
        );
        assert_eq!(quotes("\"Saya siap,\" kata Pak Darmo.")[0].role, None);
    }

    #[test]
    fn pronoun_cues_take_the_last_named_speaker() {
        let t = "\"Kami sudah siap,\" kata Lina Marlina, ketua panitia.\nAcara dimulai pukul delapan.\n\"Semua tamu sudah hadir,\" ujarnya.\n\"Tidak ada kendala,\" kata dia.";
        let qs = quotes(t);
        assert_eq!(qs.len(), 3);
        assert!(qs.iter().all(|q| q.speaker == s("Lina Marlina")));
        assert_eq!(qs[1].cue, s("ujarnya"));
        assert_eq!(qs[2].cue, s("kata dia"));
        assert_eq!(qs[1].role, s("ketua panitia"));
    }

    #[test]
    fn ia_menambahkan_after_the_quote() {
        let t =
            "\"Sekolah dibuka lagi,\" kata Wati.\n\"Murid boleh datang besok,\" ia menambahkan.";
        let qs = quotes(t);
        assert_eq!(qs[1].speaker, s("Wati"));
        assert_eq!(qs[1].cue, s("ia menambahkan"));
    }

    #[test]
    fn pronoun_resolves_to_a_speaker_named_without_a_quote() {
        let t = "Camat Sukamaju Budi Santoso mengatakan jalan rusak sejak tahun lalu.\n\"Perbaikan dimulai bulan depan,\" ujarnya.";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Budi Santoso"));
    }

    #[test]
    fn pronoun_prefers_a_speaker_introduced_after_the_last_quote() {
        let t = "\"Kami sudah siap,\" kata Lina Marlina.\nKepala Dinas Sosial Budi Santoso menjelaskan bantuan sudah tiba.\n\"Warga sudah menerima beras,\" ujarnya.\n\"Sisanya besok,\" katanya.";
        let qs = quotes(t);
        assert_eq!(qs[1].speaker, s("Budi Santoso"));
        assert_eq!(qs[2].speaker, s("Budi Santoso"));
    }

    #[test]
    fn a_speaker_named_again_keeps_their_role() {
        let t = "\"Kami sudah siap,\" kata Lina Marlina, ketua panitia.\nLina Marlina menjelaskan acara dimulai pagi.\n\"Semua tamu hadir,\" ujarnya.";
        assert_eq!(quotes(t)[1].role, s("ketua panitia"));
    }

    #[test]
    fn pronoun_without_anyone_named_has_no_speaker() {
        let t = "\"Perbaikan dimulai bulan depan,\" ujarnya.";
        assert_eq!(
            q4(t),
            [(
                "Perbaikan dimulai bulan depan".into(),
                None,
                None,
                s("ujarnya")
            )]
        );
    }

    #[test]
    fn quote_split_around_the_attribution() {
        let t = "\"Kami menolak,\" kata Hendra Gunawan. \"Rencana itu merugikan petani.\"";
        let qs = quotes(t);
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[1].text, "Rencana itu merugikan petani.");
        assert_eq!(qs[1].speaker, s("Hendra Gunawan"));
        assert_eq!(qs[1].sentence, 1);
    }

    #[test]
    fn quote_paragraph_continues_the_previous_speaker() {
        let t = "\"Kami menolak,\" kata Hendra Gunawan.\n\"Rencana itu merugikan petani di desa kami.\"";
        assert_eq!(quotes(t)[1].speaker, s("Hendra Gunawan"));
    }

    #[test]
    fn unattributed_quotes_are_left_out() {
        assert!(quotes("Pesan berantai soal \"vaksin palsu\" itu beredar luas.").is_empty());
        assert!(quotes("Film \"Hujan di Bulan Juni\" tayang pekan depan.").is_empty());
    }

    #[test]
    fn speaker_before_the_quote() {
        let t = "Gubernur Sukamaju Rina Putri mengatakan, \"Bantuan dikirim hari ini.\"";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Rina Putri"));
        assert_eq!(q.role, s("Gubernur Sukamaju"));
        assert_eq!(q.cue, s("mengatakan"));
        let t = "Ia menambahkan: \"Semua korban sudah dievakuasi.\"";
        assert_eq!(quotes(t)[0].cue, s("menambahkan"));
    }

    #[test]
    fn speaker_before_with_appositive_role() {
        let t = "Sementara itu, Agus Salim, warga setempat, mengatakan kepada wartawan, \"Air naik cepat sekali.\"";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Agus Salim"));
        assert_eq!(q.role, s("warga setempat"));
    }

    #[test]
    fn office_comma_name_comma_before_the_quote() {
        let t = "Gubernur Sukamaju, Rina Putri, mengatakan, \"Bantuan dikirim hari ini.\"";
        let q = &quotes(t)[0];
        assert_eq!(q.speaker, s("Rina Putri"));
        assert_eq!(q.role, s("Gubernur Sukamaju"));
    }

    #[test]
    fn pronoun_cue_after_menurut_takes_its_person() {
        let t = "\"Kami siap,\" kata Rina Putri, bupati Sukamaju.\nMenurut Budi Santoso, hujan masih akan turun.\n\"Warga harus waspada,\" ujarnya.";
        let entities: Vec<Entity> = ["Rina Putri", "Budi Santoso"]
            .iter()
            .map(|n| {
                let at = t.find(n).unwrap();
                Entity {
                    text: n.to_string(),
                    kind: EntityType::Person,
                    mentions: 1,
                    spans: vec![[at, at + n.len()]],
                    title: None,
                    province: None,
                }
            })
            .collect();
        let qs = extract(t, &sentences::split(t, "id"), &entities, "id");
        assert_eq!(qs[1].speaker.as_deref(), Some("Budi Santoso"));
        // An organisation after "Menurut" is a source, not a speaker: the last quoted one stays.
        let t = "\"Kami siap,\" kata Rina Putri, bupati Sukamaju.\nMenurut data BPS, hujan masih akan turun.\n\"Warga harus waspada,\" ujarnya.";
        assert_eq!(quotes(t)[1].speaker.as_deref(), Some("Rina Putri"));
    }

    #[test]
    fn menurut_before_the_quote() {
        let t = "Menurut Dewi Lestari, \"Harga cabai akan turun pekan depan.\"";
        let q = &quotes(t)[0];
        assert_eq!(
            (q.speaker.clone(), q.cue.clone()),
            (s("Dewi Lestari"), s("menurut"))
        );
    }

    #[test]
    fn curly_quotes() {
        let t = "“Kami akan banding,” ujar Tono Sugiarto, kuasa hukum terdakwa.";
        assert_eq!(
            q4(t),
            [(
                "Kami akan banding".into(),
                s("Tono Sugiarto"),
                s("kuasa hukum terdakwa"),
                s("ujar")
            )]
        );
    }

    #[test]
    fn english_said_x_and_x_said() {
        let t = "\"We will rebuild the bridge,\" said Maria Lopez, the city engineer.";
        let q = &quotes(t)[0];
        assert_eq!(
            (q.speaker.clone(), q.cue.clone()),
            (s("Maria Lopez"), s("said"))
        );
        assert_eq!(q.role, s("the city engineer"));
        let t =
            "\"Traffic will return to normal,\" Maria Lopez said.\n\"It takes a week,\" she said.";
        let qs = extract(t, &sentences::split(t, "en"), &[], "en");
        assert_eq!(qs[0].speaker, s("Maria Lopez"));
        assert_eq!(qs[1].speaker, s("Maria Lopez"));
        assert_eq!(qs[1].cue, s("she said"));
    }

    #[test]
    fn entities_give_the_canonical_name() {
        let t = "\"Kami bersiap,\" kata Perdana Menteri Sukamaju Andi Wirawan.\n\"Tidak ada mundur,\" kata Wirawan.";
        let start = t.find("Andi").unwrap();
        let second = t.rfind("Wirawan").unwrap();
        let ents = [Entity {
            text: "Andi Wirawan".into(),
            kind: EntityType::Person,
            mentions: 2,
            spans: vec![
                [start, start + "Andi Wirawan".len()],
                [second, second + "Wirawan".len()],
            ],
            title: None,
            province: None,
        }];
        let qs = extract(t, &sentences::split(t, "id"), &ents, "id");
        assert_eq!(qs[0].speaker, s("Andi Wirawan"));
        assert_eq!(qs[0].role, s("Perdana Menteri Sukamaju"));
        assert_eq!(qs[1].speaker, s("Andi Wirawan"));
    }

    #[test]
    fn common_noun_speaker() {
        assert_eq!(
            quotes("\"Terdakwa terbukti bersalah,\" ujar hakim.")[0].speaker,
            s("hakim")
        );
    }

    #[test]
    fn sentence_index_points_at_the_quote() {
        let t = "Warga berkumpul. Mereka menunggu.\n\"Kami lapar,\" kata Siti.";
        assert_eq!(quotes(t)[0].sentence, 2);
    }

    #[test]
    fn word_lists_parse_and_match_in_any_ascii_case() {
        // Parsing asserts that every entry is lower case and fits the lookup buffer.
        for list in [
            &CUES,
            &SPEECH_VERBS,
            &PRONOUNS,
            &TITLES,
            &RANKS,
            &QUALIFIERS,
            &HONORIFICS,
            &DOTTED,
            &NOT_ROLE,
            &WEEKDAYS,
            &ROLE_STOP,
            &NAME_CONNECTORS,
            &CLAUSE_OPENERS,
            &ADVERBS,
        ] {
            assert!(!list.words.is_empty());
        }
        assert_eq!(TITLES.words.len(), 145);
        assert!(TITLES.contains("Kapolres") && TITLES.contains("KOMBES") && TITLES.contains("pak"));
        assert!(!TITLES.contains("Kapolreskapolreskapolreskapolreskapolres"));
        assert!(!TITLES.contains("Kåpolres") && !TITLES.contains(""));
        assert!(ROLE_STOP.contains_as_written("dalam") && !ROLE_STOP.contains_as_written("Dalam"));
    }

    #[test]
    fn attribution_words_in_any_case() {
        for w in ["kata", "Ujarnya", "MENGATAKAN", "said", "tambahnya"] {
            assert!(is_attribution_word(w), "{w}");
        }
        for w in [
            "banjir",
            "katak",
            "",
            "mengatakanmengatakanmengatakan",
            "kåta",
        ] {
            assert!(!is_attribution_word(w), "{w}");
        }
        // Every listed word passes the shape filter, in any case.
        let nya = entries(CUES_FILE).map(|w| format!("{w}nya"));
        for w in entries(CUES_FILE)
            .chain(entries(SPEECH_VERBS_FILE))
            .map(|w| w.to_string())
            .chain(nya)
        {
            if w.len() <= ATTRIBUTION_MAX {
                assert!(
                    is_attribution_word(&w) && is_attribution_word(&w.to_uppercase()),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn unclosed_quote_is_skipped() {
        assert!(quotes("\"Kami menolak, kata Budi.\nLalu ia pergi.").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let _ = quotes(&text);
        }

        #[test]
        fn never_panics_with_bogus_entity_spans(text in "((\"|“|”|,|\\.| |kata|ujarnya|Budi|Santoso|é|Pak|mengatakan)){0,20}", a in 0usize..80, b in 0usize..80) {
            let ents = [Entity { text: "Budi Santoso".into(), kind: EntityType::Person, mentions: 2, spans: vec![[a, b], [b, a], [a, a + 3]], title: None, province: None }];
            let _ = extract(&text, &sentences::split(&text, "id"), &ents, "id");
        }

        #[test]
        fn never_panics_on_quote_like_text(text in "((\"|“|”|,|\\.|\\n| |kata|ujarnya|Budi|Kepala|Desa|dia|mengatakan|Menurut|said|he|é|Pak|, )){0,30}") {
            let qs = quotes(&text);
            for q in qs {
                proptest::prop_assert!(!q.text.is_empty());
            }
        }
    }
}
