//! Stopword lists for the languages the core fully analyses.

/// Whether the lower-cased `word` is a stopword in `lang`.
pub fn is_stopword(lower: &str, lang: &str) -> bool {
    const ID: &[&str] = &["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "ke", "pada", "dalam", "juga", "akan", "tidak"];
    const EN: &[&str] = &["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "a", "an"];
    match lang {
        "en" => EN.contains(&lower),
        _ => ID.contains(&lower),
    }
}
