//! The words that say someone spoke (`kata`, `ujarnya`, `mengatakan`), which the keyword
//! ranker leaves out: they tell who said what, not what the article is about.

use super::lists::{CUES_FILE, SPEECH_VERBS_FILE};
use crate::analysis::fasthash::FastSet as HashSet;
use crate::analysis::lexicon::entries;
use std::sync::LazyLock;

/// Whether a word is an attribution cue or speech verb (`kata`, `ujarnya`, `mengatakan`).
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
pub(super) const ATTRIBUTION_MAX: usize = 24;

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
