//! Date expressions, normalised to ISO 8601.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A date expression and its value: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or a decade `199X`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Finds dates in `text`, resolving relative ones against `published`.
pub fn extract(_text: &str, _published: Option<NaiveDate>, _lang: &str) -> Vec<DateMention> {
    Vec::new()
}
