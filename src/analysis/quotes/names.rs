//! What a person's name looks like, as opposed to the office, body or place written next
//! to it: "Kepala Bidang Humas Polda X Septi Eka Wardhani" is a role and a name, "Kota
//! Tangerang" is no name at all.

use super::lists::{HONORIFICS, Kinds, ORG_HEADS, PLACES, ROLE_CONNECTORS, kinds};
use super::scan::{acronym, bare, capitalised, words_in};
use crate::analysis::Span;

/// A word that belongs to a role or an organisation and never to a name: titles, ranks,
/// honorifics, occupations, the heads of organisation names, acronyms, places.
pub(super) fn role_word(word: &str) -> bool {
    let w = bare(word);
    kinds(w).any(
        Kinds::TITLE
            | Kinds::RANK
            | Kinds::HONORIFIC
            | Kinds::ROLE_NOUN
            | Kinds::ORG_HEAD
            | Kinds::PLACE,
    ) || acronym(w)
}

/// A word that opens a role: an office, a rank, an occupation or standing.
pub(super) fn role_head(word: &str) -> bool {
    let k = kinds(bare(word));
    (k.any(Kinds::TITLE) && !k.any(Kinds::TITLE_CONTINUATION))
        || k.any(Kinds::RANK | Kinds::ROLE_NOUN)
}

/// A word a person's name may hold: capitalised and not a role, place, day or pronoun.
/// Title qualifiers ("Kota", "Luar", "Selatan") are left out too, except when `lenient`
/// (inside a name the recogniser found, where "Agung" or "Jaya" are names).
pub(super) fn name_word(word: &str, lenient: bool) -> bool {
    let w = bare(word);
    if !capitalised(w) || acronym(w) {
        return false;
    }
    let mut not = Kinds::TITLE
        | Kinds::RANK
        | Kinds::HONORIFIC
        | Kinds::ROLE_NOUN
        | Kinds::ORG_HEAD
        | Kinds::PLACE
        | Kinds::WEEKDAY
        | Kinds::PRONOUN;
    if !lenient {
        not |= Kinds::QUALIFIER;
    }
    !kinds(w).any(not)
}

/// The name part of a span the recogniser typed as a person: its words from the first
/// name word on ("AKP Rizky Firmansyah" → "Rizky Firmansyah", "VI Harun Al Rasyid" →
/// "Harun Al Rasyid"). `None` when no word is a name word ("Kota Tangerang", "Kepala"),
/// except for a lone short initialism ("RR", "AS"), which news uses for suspects.
pub(super) fn name_part(text: &str, span: Span) -> Option<Span> {
    let tagged = text.get(span.start..span.end)?;
    // A handle or a list is not a name ("Twitter, @Triwisaksana").
    if tagged.contains(['@', '#', '"', '“', '”']) {
        return None;
    }
    // Of a tag with a comma, the part with the name: "Tri Wibawa, Ph.D." is Tri Wibawa,
    // "Kurban Masjid Al Huda, Haryanto" is Haryanto.
    let span = match tagged.rfind(',') {
        Some(c) if substantial_name(&tagged[c + 1..]) => Span::new(span.start + c + 1, span.end),
        _ => Span::new(
            span.start,
            span.start + tagged.find([',', ';', '(']).unwrap_or(tagged.len()),
        ),
    };
    let words = words_in(text, span.start, span.end);
    // "Human Capital Head Wilmar Erlina Panitri": the name follows the last office word,
    // when two words or more do ("Rafiq Hakim Radinal" keeps its "Hakim").
    let after_office = words
        .iter()
        .rposition(|w| {
            let s = w.of(text);
            role_head(s) && !HONORIFICS.contains(bare(s))
        })
        .map_or(0, |i| i + 1)
        .min(words.len().saturating_sub(2));
    let first = words
        .iter()
        .skip(after_office)
        .position(|w| name_word(w.of(text), true))
        .map(|i| i + after_office)
        .or_else(|| words.iter().position(|w| name_word(w.of(text), true)));
    match first {
        // "Menteri Agraria dan Tata Ruang Sofyan Djalil" tagged "Tata Ruang Sofyan Djalil":
        // after a connector of a role, a long tag holds the end of the office.
        Some(i) if words.len() - i > 2 && after_connector(text, span.start) => {
            Some(Span::new(words[words.len() - 2].start, span.end))
        }
        Some(i) => Some(Span::new(words[i].start, span.end)),
        None => {
            let [w] = words.as_slice() else {
                return None;
            };
            let s = w.of(text);
            (s.len() <= 3 && acronym(s) && !ORG_HEADS.contains(s) && !PLACES.contains(s))
                .then_some(*w)
        }
    }
}

/// Whether the words of `short` appear, in order and next to each other, in `long`
/// (any letter case): "Rizky" in "Rizky Firmansyah", "Tito Karnavian" in "Tito Karnavian".
pub(super) fn holds_words(long: &str, short: &str) -> bool {
    let same = |a: &str, b: &str| {
        let (a, b) = (bare(a), bare(b));
        a.eq_ignore_ascii_case(b) || (!a.is_ascii() && a.to_lowercase() == b.to_lowercase())
    };
    let n = short.split_whitespace().count();
    let mut long_words = long.split_whitespace();
    n > 0
        && (0..=long.split_whitespace().count().saturating_sub(n)).any(|_| {
            let fits = long_words
                .clone()
                .zip(short.split_whitespace())
                .take(n)
                .filter(|(a, b)| same(a, b))
                .count()
                == n;
            long_words.next();
            fits
        })
}

/// Whether the word right before `at` is a lower-case role connector ("dan", "untuk").
fn after_connector(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}']);
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    before.len() < at && ROLE_CONNECTORS.contains_as_written(&before[start..])
}

/// Whether a part of a tag holds a word that can only be a name: capitalised, longer than
/// a credential ("Haryanto", not "MSc" or "Sp.MK").
fn substantial_name(part: &str) -> bool {
    part.split_whitespace()
        .any(|w| w.chars().count() >= 4 && !w.contains('.') && name_word(w, true) && !acronym(w))
}
