//! The words around a match, for the rules that decide whether it stands as a date: the
//! word just before a year (`sejak 2018`), the word after it (`2018 orang`), the words
//! before a day name in its sentence (`akan digelar pada Rabu`). Words are runs of letters,
//! digits, hyphens and apostrophes (`bertahun-tahun`, `e-0066`, `Jum'at`), compared
//! without regard to ASCII case against the word lists in `lexicon/`.

use crate::analysis::lexicon;
use std::sync::LazyLock;

/// A word list read once from its `lexicon/` file (lower case), sorted for binary search:
/// a year or a day name is looked up in several lists, thousands of times per megabyte.
pub(super) struct Words(Vec<&'static [u8]>);

/// Longer words are on no list.
const LONGEST: usize = 24;

impl Words {
    fn parse(file: &'static str) -> Self {
        let mut words: Vec<&'static [u8]> = lexicon::entries(file).map(str::as_bytes).collect();
        debug_assert!(words.iter().all(|w| w.len() <= LONGEST));
        words.sort_unstable();
        Words(words)
    }

    /// Whether `word` is on the list, ignoring ASCII case.
    pub(super) fn has(&self, word: &str) -> bool {
        if word.is_empty() || word.len() > LONGEST {
            return false;
        }
        let mut buf = [0u8; LONGEST];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.0.binary_search(&&*lower).is_ok()
    }
}

/// Words after which a bare year stands as a date (`sejak 2018`).
pub(super) static YEAR_CUES: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/year_cues.txt")));
/// Time words after which a bare year stands as a date (`awal 2024`).
pub(super) static YEAR_TIME_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/year_time_words.txt")));
/// Nouns that make the number before them a count (`2018 orang`).
pub(super) static COUNT_NOUNS: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/count_nouns.txt")));
/// Words before a year range that make it a name (`musim 2023-2024`).
pub(super) static SEASON_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/season_words.txt")));
/// Words that put a later bare day name in the future (`akan`).
pub(super) static FUTURE_CUES: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/future_cues.txt")));
/// Words that make the day name after them no date (`setiap Senin`).
pub(super) static WEEKDAY_GENERIC_CUES: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/weekday_generic_cues.txt")));
/// Quantities without a number (`belasan tahun lalu`).
pub(super) static VAGUE_QUANTITIES: LazyLock<Words> =
    LazyLock::new(|| Words::parse(include_str!("../lexicon/vague_quantities.txt")));

fn in_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')
}

/// Spaces between words on one line (a no-break space included).
fn space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// The word that ends just before `pos`, across spaces only: "" when punctuation or a line
/// break comes first (`Jakarta, 2019` has no word before `2019`).
pub(super) fn word_before(text: &str, pos: usize) -> &str {
    let head = text[..pos].trim_end_matches(space);
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(head.len(), |(i, _)| i);
    &head[start..]
}

/// The word that starts just after `pos`, across spaces only ("" as in [`word_before`]).
pub(super) fn word_after(text: &str, pos: usize) -> &str {
    let tail = text[pos..].trim_start_matches(space);
    let end = tail
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(tail.len(), |(i, _)| i);
    &tail[..end]
}

/// Where `word` (a subslice of `text`, as returned by [`word_before`]) starts in `text`.
pub(super) fn start_of(text: &str, word: &str) -> usize {
    word.as_ptr() as usize - text.as_ptr() as usize
}

/// The first character of `text` after `pos` that is not a space, if any.
pub(super) fn next_char(text: &str, pos: usize) -> Option<char> {
    text[pos..].trim_start_matches(space).chars().next()
}

/// The last character of `text` before `pos` that is not a space, if any.
pub(super) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].trim_end_matches(space).chars().next_back()
}

/// Whether `word` is a number: digits (`12`) or a small one in words (`dua`).
pub(super) fn is_number(word: &str) -> bool {
    (!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
        || super::lookup(super::NUMBER_WORDS, word).is_some()
}

/// Whether a word in the same sentence before `pos`, at most `max_words` back, puts what is
/// at `pos` in the future: one of the [`FUTURE_CUES`], or `depan` after a unit of time
/// (`pekan depan`; `di depan` is a place). The sentence ends at `.`, `!`, `?`, a line break
/// or a quote mark, so a quote's `akan` does not reach its attribution's day name.
pub(super) fn future_before(text: &str, pos: usize, max_words: usize) -> bool {
    let mut from = pos.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let window = &text[from..pos];
    let sentence = window
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | '”'))
        .map_or(window, |(i, c)| &window[i + c.len_utf8()..]);
    let words: Vec<&str> = sentence
        .split(|c: char| !in_word(c))
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.len().saturating_sub(max_words);
    (first..words.len()).any(|i| {
        FUTURE_CUES.has(words[i])
            || (words[i].eq_ignore_ascii_case("depan")
                && i > 0
                && ["pekan", "minggu", "bulan", "tahun"]
                    .iter()
                    .any(|u| u.eq_ignore_ascii_case(words[i - 1])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_a_position() {
        let t = "Sejak  2018, naik";
        assert_eq!(word_before(t, 7), "Sejak");
        assert_eq!(word_after(t, 0), "Sejak");
        assert_eq!(word_before(t, 13), "");
        assert_eq!(word_before("UU Nomor e-0066 Tahun", 16), "e-0066");
        assert_eq!(word_after("2018 orang", 4), "orang");
        assert_eq!(word_before("bertahun-tahun lalu", 15), "bertahun-tahun");
        let t = "pada Rabu";
        assert_eq!(start_of(t, word_before(t, 5)), 0);
    }

    #[test]
    fn lists_are_read_and_ignore_case() {
        assert!(YEAR_CUES.has("Sejak"));
        assert!(COUNT_NOUNS.has("orang"));
        assert!(FUTURE_CUES.has("akan"));
        assert!(!YEAR_CUES.has("Pemilu"));
        assert!(is_number("12") && is_number("dua") && !is_number("") && !is_number("Rabu"));
    }

    #[test]
    fn future_cues_stay_in_their_sentence() {
        let t = "Sidang akan digelar pada Rabu";
        assert!(future_before(t, t.len() - 4, 8));
        let t = "\"Harga akan naik,\" katanya, Rabu";
        assert!(!future_before(t, t.len() - 4, 8));
        let t = "Ia berbicara di depan wartawan, Rabu";
        assert!(!future_before(t, t.len() - 4, 8));
        let t = "Pekan depan, tepatnya Rabu";
        assert!(future_before(t, t.len() - 4, 8));
    }
}
