//! Tokenisation of the cleaned body into words, with stems and stopword flags.
//!
//! A token is a run of letters and digits (any script), joined across:
//! - a hyphen between two alphanumerics: Indonesian reduplication ("anak-anak",
//!   "sayur-mayur"), affixed numerals ("ke-2") and compound names ("Nagorno-Karabakh");
//! - an apostrophe between two alphanumerics ("Jum'at", "Qur'an", "don't");
//! - a `.` or `,` between two digits, so that numbers keep their separators ("1.000.000",
//!   "3,5", "10.30").
//!
//! Punctuation, symbols and emoji are not tokens. Combining marks stay with the letter they
//! follow, so offsets never split a character and decomposed accents stay in their word.
//! The stem and the stopword flag ([`super::stopwords`]) of the lower-cased token come from
//! one memo lookup, [`stem::stem_and_stop`].

use super::{Span, stem};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// One word token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Its first byte in the cleaned text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The word as written.
    pub text: CompactString,
    /// Its stem, lower-case: Indonesian by confix stripping, English by Snowball, any other
    /// language the word itself.
    pub stem: CompactString,
    /// A stopword in the article's language.
    pub stop: bool,
}

impl Token {
    /// Where it is in the cleaned text.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Combining marks (the common blocks): they belong to the preceding letter.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05bd}'
        | '\u{0610}'..='\u{061a}'
        | '\u{064b}'..='\u{065f}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093a}'..='\u{094f}'
        | '\u{0e31}' | '\u{0e34}'..='\u{0e3a}' | '\u{0e47}'..='\u{0e4e}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{200c}' | '\u{200d}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{fe20}'..='\u{fe2f}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The char at byte `pos` of `text` and its length in bytes; ASCII (most of the text) is
/// read without UTF-8 decoding. `pos` is always a char boundary here.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(pos)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    text[pos..].chars().next().map(|c| (c, c.len_utf8()))
}

/// The byte spans of the word tokens of `text`.
///
/// One pass with a byte cursor and one char of lookahead (rather than a vector of every
/// char of the text: this runs on every article).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut pos = 0;
    while let Some((c, len)) = char_at(text, pos) {
        if !c.is_alphanumeric() {
            pos += len;
            continue;
        }
        let start = pos;
        let mut prev = c;
        let mut j = pos + len;
        while let Some((c, len)) = char_at(text, j) {
            if c.is_alphanumeric() || is_mark(c) {
                prev = c;
                j += len;
                continue;
            }
            // A separator joins when the next char continues the word.
            let Some((next, next_len)) = char_at(text, j + len) else {
                break;
            };
            let joins = if is_hyphen(c) || is_apostrophe(c) {
                (prev.is_alphanumeric() || is_mark(prev)) && next.is_alphanumeric()
            } else if c == '.' || c == ',' {
                prev.is_ascii_digit() && next.is_ascii_digit()
            } else {
                false
            };
            if !joins {
                break;
            }
            prev = next;
            j += len + next_len;
        }
        out.push(Span::new(start, j));
        pos = j;
    }
    out
}

/// The first implementation of [`spans`], over a collected char vector: the reference the
/// byte-cursor version is tested against.
#[cfg(test)]
fn spans_reference(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        loop {
            match chars.get(j) {
                Some(&(_, c)) if c.is_alphanumeric() || is_mark(c) => j += 1,
                Some(&(_, c)) => {
                    let prev = chars[j - 1].1;
                    let next = chars.get(j + 1).map(|&(_, n)| n);
                    let joins = match next {
                        Some(n) if is_hyphen(c) || is_apostrophe(c) => {
                            (prev.is_alphanumeric() || is_mark(prev)) && n.is_alphanumeric()
                        }
                        Some(n) if c == '.' || c == ',' => {
                            prev.is_ascii_digit() && n.is_ascii_digit()
                        }
                        _ => false,
                    };
                    if joins {
                        j += 2;
                    } else {
                        break;
                    }
                }
                None => break,
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
        out.push(Span::new(start, end));
        i = j;
    }
    out
}

/// Splits `text` into word tokens with their stems and stopword flags in language `lang`.
pub fn tokenize(text: &str, lang: &str) -> Vec<Token> {
    // Capitalised ASCII words are lower-cased into this one buffer rather than a new
    // String each (the result is the same as `to_lowercase` on ASCII).
    let mut buf = String::new();
    spans(text)
        .into_iter()
        .map(|s| {
            let word = s.of(text);
            // Most words are lower-case ASCII already: no copy for those.
            let lower: &str = if word
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                word
            } else if word.is_ascii() {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                &buf
            } else {
                buf = word.to_lowercase();
                &buf
            };
            let (stem, stop) = stem::stem_and_stop(lower, lang);
            Token {
                start: s.start,
                end: s.end,
                text: CompactString::from(word),
                stem,
                stop,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        spans(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn plain_words_and_punctuation() {
        assert_eq!(
            words("Hujan turun, jalan banjir!"),
            ["Hujan", "turun", "jalan", "banjir"]
        );
    }

    #[test]
    fn reduplication_and_hyphenated_names_are_one_token() {
        assert_eq!(
            words("anak-anak bermain di Nagorno-Karabakh, sayur-mayur"),
            [
                "anak-anak",
                "bermain",
                "di",
                "Nagorno-Karabakh",
                "sayur-mayur"
            ]
        );
        assert_eq!(words("juara ke-2"), ["juara", "ke-2"]);
    }

    #[test]
    fn dangling_hyphens_are_not_part_of_words() {
        assert_eq!(words("pra- dan pasca-"), ["pra", "dan", "pasca"]);
        assert_eq!(words("Jakarta - Kemarin --"), ["Jakarta", "Kemarin"]);
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            words("Rp 1.000.000 atau 3,5 persen pukul 10.30."),
            ["Rp", "1.000.000", "atau", "3,5", "persen", "pukul", "10.30"]
        );
        assert_eq!(words("tahun 2020. Lalu"), ["tahun", "2020", "Lalu"]);
        assert_eq!(words("satu, dua"), ["satu", "dua"]);
    }

    #[test]
    fn apostrophes_inside_words() {
        assert_eq!(
            words("Jum'at dan Qur’an, don't 'kutip'"),
            ["Jum'at", "dan", "Qur’an", "don't", "kutip"]
        );
    }

    #[test]
    fn emoji_and_symbols_are_skipped() {
        assert_eq!(
            words("Selamat 🎉 pagi @budi #banjir © 2025 ☺"),
            ["Selamat", "pagi", "budi", "banjir", "2025"]
        );
    }

    #[test]
    fn combining_marks_stay_in_the_word() {
        let text = "cafe\u{301} ok";
        assert_eq!(words(text), ["cafe\u{301}", "ok"]);
    }

    #[test]
    fn offsets_are_bytes_into_the_text() {
        let text = "é anak-anak";
        let t = tokenize(text, "id");
        assert_eq!((t[0].start, t[0].end), (0, 2));
        assert_eq!((t[1].start, t[1].end), (3, 12));
        assert_eq!(t[1].text, "anak-anak");
    }

    #[test]
    fn stems_and_stopwords_are_filled() {
        let t = tokenize("Yang Presiden", "id");
        assert!(t[0].stop);
        assert!(!t[1].stop);
        assert_eq!(t[1].stem, stem::stem("presiden", "id"));
        let e = tokenize("The river", "en");
        assert!(e[0].stop && !e[1].stop);
    }

    #[test]
    fn empty() {
        assert!(tokenize("", "id").is_empty());
        assert!(tokenize("... !!! ---", "id").is_empty());
    }

    proptest! {
        #[test]
        fn spans_are_ordered_nonempty_char_boundaries(s in "(\\PC|[\\n\\u{0}\\u{301}😀'’.,-]|anak-anak ){0,150}") {
            let mut last = 0;
            for t in tokenize(&s, "id") {
                prop_assert!(t.start < t.end && t.end <= s.len() && t.start >= last);
                prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                prop_assert_eq!(&s[t.start..t.end], t.text.as_str());
                last = t.end;
            }
        }

        #[test]
        fn spans_match_the_reference(s in "([a-zA-Z0-9 \\n.,'’ʼ\u{2010}\u{2011}-]|\\PC|[\u{301}\u{200d}\u{e31}é😀٣]){0,200}") {
            prop_assert_eq!(spans(&s), spans_reference(&s));
        }

        #[test]
        fn long_punctuation_runs(n in 0usize..5000, c in prop::sample::select(vec!['-', '\'', '.', ',', '😀', '\u{301}'])) {
            let s: String = std::iter::repeat_n(c, n).collect();
            prop_assert!(tokenize(&s, "id").is_empty());
        }
    }
}
