//! A per-thread memo of stems: word → stem and stopword flag, for the languages that have
//! a stemmer. Tokenisation needs both for every token; keeping the flag beside the stem
//! makes that one hash lookup of the word instead of two.
//!
//! News repeats its words (a few thousand distinct ones across many articles), and confix
//! stripping costs hundreds of instructions per word (several lexicon lookups per candidate
//! prefix), while a hash lookup costs a few dozen. Stemming is a pure function of the word
//! and the language, so a memo cannot change any result. It is per thread (the worker runs
//! the analysis on a fixed set of threads, each with its own memo: no locking) and bounded:
//! when it holds [`CAPACITY`] words it is cleared and refilled, so memory stays bounded
//! whatever the input and no eviction bookkeeping is paid per lookup.

use crate::analysis::fasthash::FastMap;
use crate::analysis::stopwords;
use compact_str::CompactString;
use std::cell::RefCell;

/// Words kept per language before the memo is cleared (a few MB at most).
pub const CAPACITY: usize = 50_000;

/// Words longer than this are not memoised (URLs and run-together garbage rarely repeat).
const MAX_KEY: usize = 64;

/// What the memo knows of one word.
struct Entry {
    /// `None`: the word is its own stem (most words), stored without a second copy.
    stem: Option<Box<str>>,
    /// [`stopwords::is_stopword`] of the word in the map's language.
    stop: bool,
}

#[derive(Default)]
struct Memo {
    id: FastMap<Box<str>, Entry>,
    en: FastMap<Box<str>, Entry>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The stem of the lower-cased `lower` in `lang`, as [`super::stem_cow`] computes it, from
/// the memo when the word was seen before on this thread.
#[cfg(test)]
pub fn stem(lower: &str, lang: &str) -> CompactString {
    stem_and_stop(lower, lang).0
}

/// The stem of the lower-cased `lower` in `lang` and whether it is a stopword there: what
/// [`super::stem_cow`] and [`stopwords::is_stopword`] say, from the memo when the word was
/// seen before on this thread. The stem is a [`CompactString`], which holds a word of up to
/// 24 bytes without an allocation: nearly every stem.
pub fn stem_and_stop(lower: &str, lang: &str) -> (CompactString, bool) {
    if lower.len() > MAX_KEY || !matches!(lang, "id" | "en") {
        return (
            super::stem_cow(lower, lang).as_ref().into(),
            stopwords::is_stopword(lower, lang),
        );
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let map = if lang == "id" {
            &mut memo.id
        } else {
            &mut memo.en
        };
        if let Some(e) = map.get(lower) {
            return (e.stem.as_deref().unwrap_or(lower).into(), e.stop);
        }
        let stem = super::stem_cow(lower, lang);
        let stop = stopwords::is_stopword(lower, lang);
        if map.len() >= CAPACITY {
            map.clear();
        }
        let stored = (stem.as_ref() != lower).then(|| Box::from(stem.as_ref()));
        map.insert(Box::from(lower), Entry { stem: stored, stop });
        (stem.as_ref().into(), stop)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn same_as_the_stemmer_on_first_and_later_calls() {
        for (w, lang) in [
            ("pembangunan", "id"),
            ("rumah", "id"),
            ("running", "en"),
            ("the", "en"),
            ("menulis", "ms"),
        ] {
            let want = super::super::stem_cow(w, lang).into_owned();
            assert_eq!(stem(w, lang), want);
            assert_eq!(stem(w, lang), want);
        }
    }

    #[test]
    fn stopword_flags_come_with_the_stem_per_language() {
        for _ in 0..2 {
            assert_eq!(stem_and_stop("yang", "id"), ("yang".into(), true));
            assert_eq!(stem_and_stop("yang", "en"), ("yang".into(), false));
            assert_eq!(stem_and_stop("the", "en"), ("the".into(), true));
            assert_eq!(stem_and_stop("pembangunan", "id"), ("bangun".into(), false));
            assert_eq!(stem_and_stop("dan", "ms"), ("dan".into(), true));
        }
    }

    #[test]
    fn languages_do_not_share_entries() {
        assert_eq!(
            stem("connections", "id"),
            super::super::stem_cow("connections", "id")
        );
        assert_eq!(stem("connections", "en"), "connect");
    }

    #[test]
    fn stays_correct_across_a_clear() {
        for i in 0..CAPACITY + 10 {
            let w = format!("me{i}nulis");
            assert_eq!(stem(&w, "id"), super::super::stem_cow(&w, "id"));
        }
        assert_eq!(stem("pembangunan", "id"), "bangun");
    }

    proptest! {
        #[test]
        fn memo_agrees_with_the_stemmer(word in "\\PC{0,70}") {
            let lower = word.to_lowercase();
            for lang in ["id", "en", "xx", "ms"] {
                let want = super::super::stem_cow(&lower, lang).into_owned();
                let stop = stopwords::is_stopword(&lower, lang);
                prop_assert_eq!(stem(&lower, lang), want.clone());
                prop_assert_eq!(stem_and_stop(&lower, lang), (want.as_str().into(), stop));
                prop_assert_eq!(stem_and_stop(&lower, lang), (want.into(), stop));
            }
        }
    }
}
