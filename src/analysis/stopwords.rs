//! Stopword lists for the languages the core fully analyses (Indonesian, English), used to
//! flag tokens (`Token::stop`) so that keywords, summaries and fingerprints can skip them.
//!
//! The lists come from the `stop-words` crate (MIT OR Apache-2.0), its NLTK lists: the
//! Indonesian one (Tala's list, 757 words) and the English one (198 words). They are turned
//! into hash sets once, on first use.
//!
//! Read cues *before* filtering stopwords: the Indonesian list contains the verbs and nouns
//! that the quote and date analysers key on ("kata", "ujar", "katanya", "tahun", "bulan",
//! "hari"), which is why those analysers work on the raw text and the tokens' `text`, never on
//! a stopword-filtered stream.

use super::fasthash::FastSet as HashSet;
use std::sync::LazyLock;

fn set(code: &str) -> HashSet<&'static str> {
    stop_words::lookup(code)
        .unwrap_or_default()
        .iter()
        .copied()
        .collect()
}

static INDONESIAN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set("id"));
static ENGLISH: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set("en"));

/// Whether the lower-cased `word` is a stopword in `lang` (ISO 639-1). Indonesian is the
/// default list, also used for Malay (closely related) and for unknown languages; other
/// languages have no stopwords here.
pub fn is_stopword(lower: &str, lang: &str) -> bool {
    match lang {
        "en" => ENGLISH.contains(lower),
        "id" | "ms" | "und" | "" => INDONESIAN.contains(lower),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_word_and_language_is_answered(w in "(\\PC|[\\u{0}\\u{301}😀])*", lang in "[a-z]{0,3}") {
            let _ = is_stopword(&w, &lang);
        }
    }

    #[test]
    fn indonesian_function_words() {
        for w in [
            "yang", "dan", "di", "dengan", "untuk", "tidak", "bahwa", "tersebut",
        ] {
            assert!(is_stopword(w, "id"), "{w}");
        }
    }

    #[test]
    fn indonesian_content_words_are_not_stopwords() {
        for w in ["presiden", "banjir", "jakarta", "harga", "pemilu"] {
            assert!(!is_stopword(w, "id"), "{w}");
        }
    }

    #[test]
    fn quote_and_date_cues_are_stopwords_so_read_them_first() {
        // Documented hazard: these cues vanish from a stopword-filtered stream.
        assert!(is_stopword("kata", "id"));
        assert!(is_stopword("tahun", "id"));
    }

    #[test]
    fn english_list() {
        assert!(is_stopword("the", "en"));
        assert!(is_stopword("which", "en"));
        assert!(!is_stopword("government", "en"));
        assert!(!is_stopword("yang", "en"));
    }

    #[test]
    fn lists_are_language_specific() {
        assert!(!is_stopword("the", "id"));
        assert!(!is_stopword("dan", "fr"));
        assert!(is_stopword("dan", "ms"));
    }

    #[test]
    fn needs_lower_case() {
        assert!(!is_stopword("Yang", "id"));
    }
}
