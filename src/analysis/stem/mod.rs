//! Stemming: Indonesian by confix stripping against a root-word lexicon, English by Snowball.
//!
//! Tokens carry a stem so that keywords, fingerprints and summaries count `menulis`,
//! `ditulis` and `tulisan` as one word. Indonesian uses [`indonesian`] with the root-word
//! lexicon in `models/id_roots.txt` (built by `kabar-lab train stem` from UD lemmas, see
//! `train/stem.rs`); English uses the Snowball English (Porter 2) stemmer of `rust-stemmers`;
//! other languages get the lower-cased word back unchanged.

pub mod indonesian;
pub mod memo;

pub use indonesian::Lexicon;

use compact_str::CompactString;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The committed lexicon (CC BY-SA 4.0, derived from UD Indonesian-CSUI and -GSD lemmas).
const ROOTS: &str = include_str!("../models/id_roots.txt");

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(ROOTS));

static ENGLISH: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// The embedded Indonesian root-word lexicon.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// Returns the stem of a lower-cased word in language `lang` (an ISO 639-1 code), through
/// the per-thread [`memo`] (tokenisation stems every token of every article).
#[cfg(test)]
pub fn stem(lower: &str, lang: &str) -> String {
    memo::stem(lower, lang).into()
}

/// [`stem`] and [`crate::analysis::stopwords::is_stopword`] of the same word, in one
/// lookup of the memo.
pub fn stem_and_stop(lower: &str, lang: &str) -> (CompactString, bool) {
    memo::stem_and_stop(lower, lang)
}

/// [`stem`] without an allocation when the word is its own stem (most tokens: roots,
/// function words, names).
pub fn stem_cow<'a>(lower: &'a str, lang: &str) -> Cow<'a, str> {
    match lang {
        "id" => indonesian::stem(lower, &LEXICON),
        "en" => ENGLISH.stem(lower),
        _ => Cow::Borrowed(lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn indonesian_uses_the_shipped_lexicon() {
        assert!(lexicon().len() > 1000);
        assert_eq!(stem("pembangunan", "id"), "bangun");
        assert_eq!(stem("mengatakan", "id"), "kata");
        assert_eq!(stem("anak-anak", "id"), "anak");
    }

    #[test]
    fn english_uses_snowball() {
        assert_eq!(stem("running", "en"), "run");
        assert_eq!(stem("connections", "en"), "connect");
    }

    #[test]
    fn other_languages_are_unchanged() {
        assert_eq!(stem("menulis", "ms"), "menulis");
        assert_eq!(stem("häuser", "de"), "häuser");
    }

    #[test]
    fn roots_are_borrowed() {
        assert!(matches!(stem_cow("rumah", "id"), Cow::Borrowed("rumah")));
    }

    proptest! {
        #[test]
        fn never_panics_nor_grows(word in "\\PC{0,50}") {
            let lower = word.to_lowercase();
            for lang in ["id", "en", "xx"] {
                let s = stem(&lower, lang);
                prop_assert!(s.len() <= lower.len(), "{lang}: {lower:?} -> {s:?}");
            }
        }

        #[test]
        fn indonesian_shaped_words_never_grow(word in "(me|mem|men|meng|meny|pe|per|pen|ber|ter|di|ke|se){0,3}[a-z]{0,8}(-[a-z]{0,8})?(i|an|kan)?(ku|mu|nya)?(lah|kah|pun)?") {
            let s = stem(&word, "id");
            prop_assert!(s.len() <= word.len(), "{word:?} -> {s:?}");
            prop_assert!(!s.is_empty() || word.is_empty());
        }
    }
}
