//! Direct quotes and who said them.

use super::{Span, entities::Entity};
use serde::{Deserialize, Serialize};

/// A direct quote attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    pub speaker: Option<String>,
    /// The speaker's role or title, as the article gives it ("pemimpin Nagorno-Karabakh").
    pub role: Option<String>,
    /// The attribution verb ("kata", "ujarnya", "mengatakan").
    pub cue: Option<String>,
    /// Index of the sentence the quote starts in.
    pub sentence: usize,
}

/// Finds direct quotes in `text`.
pub fn extract(_text: &str, _sentences: &[Span], _entities: &[Entity], _lang: &str) -> Vec<Quote> {
    Vec::new()
}
