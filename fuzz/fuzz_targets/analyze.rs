//! The analysis entry point (`kabar::analysis::analyze`) on arbitrary UTF-8 text, with and
//! without the optional outputs: it must never panic (DESIGN.md 5), and every span it
//! returns must lie on character boundaries inside the cleaned text.
#![no_main]

use kabar::analysis::{Article, Options, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(body) else { return };
    let article = Article {
        text: text.to_owned(),
        language: match selector % 4 {
            0 => None,
            1 => Some("id".into()),
            2 => Some("en".into()),
            _ => Some("fr".into()),
        },
        ..Article::default()
    };
    let options = Options { tokens: selector & 0x10 != 0, sentence_text: selector & 0x20 != 0, ..Options::default() };
    let a = analyze(&article, &options);
    let json = serde_json::to_value(&a).expect("an analysis serialises");
    let cleaned = json["text"].as_str().unwrap_or_default();
    for s in json["sentences"].as_array().into_iter().flatten() {
        let (Some(start), Some(end)) = (s["start"].as_u64(), s["end"].as_u64()) else { continue };
        let (start, end) = (start as usize, end as usize);
        assert!(start <= end && cleaned.get(start..end).is_some(), "sentence span {start}..{end} is not a slice of the text");
    }
});
