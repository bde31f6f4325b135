//! Language identification: which language the cleaned body is in, with a confidence.

use serde::{Deserialize, Serialize};

/// An ISO 639-1 code (`und` when unknown) and a confidence in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub code: String,
    pub confidence: f64,
}

const ID: &[&str] = &["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan", "pada", "juga", "dalam", "ke", "kata"];
const EN: &[&str] = &["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "as", "be", "said"];

/// Detects the language of `text`; `hint` wins when the text gives too little evidence.
pub fn detect(text: &str, hint: Option<&str>) -> Language {
    let (mut id, mut en, mut words) = (0usize, 0usize, 0usize);
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(2000) {
        words += 1;
        let w = w.to_lowercase();
        id += ID.contains(&w.as_str()) as usize;
        en += EN.contains(&w.as_str()) as usize;
    }
    let total = id + en;
    if total < 3 {
        return match hint {
            Some(h) if !h.is_empty() => Language { code: h.to_lowercase(), confidence: 0.5 },
            _ => Language { code: "und".into(), confidence: 0.0 },
        };
    }
    let _ = words;
    if id >= en {
        Language { code: "id".into(), confidence: id as f64 / total as f64 }
    } else {
        Language { code: "en".into(), confidence: en as f64 / total as f64 }
    }
}
