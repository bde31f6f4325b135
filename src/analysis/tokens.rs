//! Tokenisation with stems and stopword flags.

use super::{Span, stem, stopwords};
use serde::{Deserialize, Serialize};

/// One word token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub stem: String,
    pub stop: bool,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Splits `text` into word tokens (letters and digits; punctuation is not a token).
pub fn tokenize(text: &str, lang: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let word = &text[s..i];
            let lower = word.to_lowercase();
            out.push(Token {
                start: s,
                end: i,
                text: word.to_string(),
                stem: stem::stem(&lower, lang),
                stop: stopwords::is_stopword(&lower, lang),
            });
        }
    }
    out
}
