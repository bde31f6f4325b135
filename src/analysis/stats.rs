//! Simple counts: characters, words, sentences, reading time.

use super::{Span, tokens::Token};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub chars: usize,
    pub words: usize,
    pub sentences: usize,
    /// Estimated reading time in seconds at 200 words a minute.
    pub reading_time_s: u64,
}

pub fn compute(text: &str, sentences: &[Span], tokens: &[Token]) -> Stats {
    let words = tokens.len();
    Stats {
        chars: text.chars().count(),
        words,
        sentences: sentences.len(),
        reading_time_s: (words as u64 * 60).div_ceil(200),
    }
}
