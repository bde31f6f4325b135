//! Boilerplate removal: the lines a news page wraps around the story (related-article
//! links, ad markers, bylines, captions, share prompts), removed line by line and reported
//! with their kind so that nothing disappears silently.

use serde::{Deserialize, Serialize};

/// What kind of boilerplate a removed line was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Related,
    Ad,
    Byline,
    Caption,
    Share,
}

/// One removed line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub kind: Kind,
    pub text: String,
}

/// The result of [`strip`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Body lines that remain, joined with `\n`.
    pub text: String,
    pub removed: Vec<Removed>,
    /// Headlines of related-article links.
    pub related: Vec<String>,
}

/// Removes boilerplate lines from `raw`.
pub fn strip(raw: &str) -> Cleaned {
    let mut out = Cleaned::default();
    let mut kept: Vec<&str> = Vec::new();
    for line in raw.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lower = trimmed.to_lowercase();
        if let Some(rest) = ["baca juga:", "baca:"].iter().find_map(|p| lower.strip_prefix(p).map(|_| &trimmed[p.len()..])) {
            out.related.push(rest.trim().to_string());
            out.removed.push(Removed { kind: Kind::Related, text: trimmed.to_string() });
        } else if lower == "advertisement" || lower == "scroll to continue with content" {
            out.removed.push(Removed { kind: Kind::Ad, text: trimmed.to_string() });
        } else {
            kept.push(trimmed);
        }
    }
    out.text = kept.join("\n");
    out
}
