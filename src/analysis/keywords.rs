//! Keyword extraction over stems.

use super::{Span, tokens::Token};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    pub term: String,
    pub score: f64,
}

/// The `k` highest-ranked keywords of the article.
pub fn rank(_text: &str, _sentences: &[Span], tokens: &[Token], k: usize) -> Vec<Keyword> {
    use std::collections::HashMap;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in tokens.iter().filter(|t| !t.stop && t.text.chars().count() > 2) {
        *counts.entry(t.stem.as_str()).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total = tokens.len().max(1) as f64;
    v.into_iter().take(k).map(|(t, c)| Keyword { term: t.to_string(), score: c as f64 / total }).collect()
}
