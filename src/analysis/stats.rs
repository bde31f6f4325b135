//! Simple counts over the cleaned body: characters, words, sentences and an estimated
//! reading time, so that consumers can sort, filter or budget articles without re-reading
//! them.

use super::{Span, tokens::Token};
use serde::{Deserialize, Serialize};

/// Words a minute assumed for the reading time. 200 is the usual figure for adults reading
/// non-fiction on screen, in Indonesian as in English; it is a rough estimate meant for
/// display ("3 min read"), not a measurement.
pub const READING_WORDS_PER_MINUTE: u64 = 200;

/// Counts over the cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Unicode scalar values (not bytes), so that the figure does not depend on encoding.
    pub chars: usize,
    /// Word tokens (letters and digits runs; punctuation is not counted).
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Estimated reading time in whole seconds, rounded up, at
    /// `READING_WORDS_PER_MINUTE` (200) words a minute.
    pub reading_time_s: u64,
}

/// The counts of `text`, given its sentences and tokens.
pub fn compute(text: &str, sentences: &[Span], tokens: &[Token]) -> Stats {
    let words = tokens.len();
    Stats {
        chars: text.chars().count(),
        words,
        sentences: sentences.len(),
        reading_time_s: reading_time_s(words),
    }
}

/// Seconds needed to read `words` words, rounded up so that a non-empty text never reads
/// in zero seconds.
pub fn reading_time_s(words: usize) -> u64 {
    (words as u64)
        .saturating_mul(60)
        .div_ceil(READING_WORDS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{sentences, tokens};

    fn stats_of(text: &str) -> Stats {
        compute(
            text,
            &sentences::split(text, "id"),
            &tokens::tokenize(text, "id"),
        )
    }

    #[test]
    fn counts_chars_not_bytes() {
        let s = stats_of("Kafé ini ramai.");
        assert_eq!(s.chars, 15);
        assert_eq!("Kafé ini ramai.".len(), 16);
    }

    #[test]
    fn counts_words_and_sentences() {
        let s = stats_of("Hujan turun sejak pagi. Jalan di Bogor tergenang!\nWarga mengungsi.");
        assert_eq!(s.words, 10);
        assert_eq!(s.sentences, 3);
    }

    #[test]
    fn empty_text_is_all_zero() {
        assert_eq!(
            stats_of(""),
            Stats {
                chars: 0,
                words: 0,
                sentences: 0,
                reading_time_s: 0
            }
        );
    }

    #[test]
    fn reading_time_rounds_up_at_200_words_a_minute() {
        assert_eq!(reading_time_s(0), 0);
        assert_eq!(reading_time_s(1), 1);
        assert_eq!(reading_time_s(200), 60);
        assert_eq!(reading_time_s(201), 61);
        assert_eq!(reading_time_s(1000), 300);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_stays_consistent(text in "\\PC{0,300}") {
            let s = stats_of(&text);
            proptest::prop_assert_eq!(s.chars, text.chars().count());
            proptest::prop_assert!(s.words <= s.chars);
        }
    }
}
