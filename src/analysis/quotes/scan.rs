//! Reading words off the cleaned text by byte offset: the attributor works on the raw
//! text (not on tokens), since its cues are exactly the words a stopword list removes and
//! its names keep their periods ("Dr. Budi", "M. Yusuf").

use super::lists::{DOTTED, NAME_CONNECTORS, SPEECH_VERBS, WEEKDAYS};
use crate::analysis::Span;

/// The byte offset just past the last of `marks` in `s` (0 when there is none), on a
/// character boundary whatever the marks' widths.
pub(super) fn after_last(s: &str, marks: &[char]) -> usize {
    s.char_indices()
        .rev()
        .find(|(_, c)| marks.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The next word at or after `from`, skipping spaces and tabs only (a word never spans a
/// line break): letters, digits, hyphens and apostrophes, plus a period for the
/// abbreviations in [`DOTTED`] and single-letter initials.
pub(super) fn word_at(text: &str, from: usize, limit: usize) -> Option<Span> {
    let rest = text.get(from..limit)?;
    let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    let start = from + skip;
    let mut end = start;
    for (i, c) in text[start..limit].char_indices() {
        if c.is_alphanumeric() || ((c == '-' || c == '\'' || c == '’') && i > 0) {
            end = start + i + c.len_utf8();
        } else {
            break;
        }
    }
    if end == start {
        return None;
    }
    let w = &text[start..end];
    let single_initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    if text[end..limit].starts_with('.') && (single_initial || DOTTED.contains(w)) {
        end += 1;
    }
    Some(Span::new(start, end))
}

/// The next word after `from` when only spaces separate it from `from`.
pub(super) fn next_word(text: &str, from: usize, limit: usize) -> Option<Span> {
    word_at(text, from, limit).filter(|w| text[from..w.start].trim().is_empty())
}

/// Every word in `[from, to)`, skipping punctuation between them.
pub(super) fn words_in(text: &str, from: usize, to: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        match word_at(text, at, to) {
            Some(w) => {
                at = w.end;
                out.push(w);
            }
            None => {
                // Not a word here: step over one character.
                at += text[at..to].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The word without a trailing abbreviation period.
pub(super) fn bare(word: &str) -> &str {
    word.trim_end_matches('.')
}

pub(super) fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// An acronym or an initialism: two or more letters, all capitals ("KPK", "DPRD", "VI").
pub(super) fn acronym(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// The run of capitalised words (names, titles, places) starting at `from`, at most 10
/// words, allowing lower-case qualifiers such as "of" inside it. Day names end a run.
pub(super) fn capitalised_run(text: &str, from: usize, limit: usize) -> Option<Vec<Span>> {
    let mut words: Vec<Span> = Vec::new();
    let mut at = from;
    while words.len() < 10 {
        let Some(w) = word_at(text, at, limit) else {
            break;
        };
        // Only spaces may separate the words of one name.
        if !text[at..w.start].chars().all(|c| c == ' ' || c == '\u{a0}') {
            break;
        }
        let s = w.of(text);
        let inner_connector = !words.is_empty() && NAME_CONNECTORS.contains(s);
        if !(capitalised(s) || inner_connector) || WEEKDAYS.contains(s) {
            break;
        }
        words.push(w);
        at = w.end;
    }
    while words.last().is_some_and(|w| !capitalised(w.of(text))) {
        words.pop();
    }
    (!words.is_empty()).then_some(words)
}

/// A lower-case word that reads as a verb (`menggarisbawahi`, `dikonfirmasi`,
/// `berharap`) rather than the noun a role starts with (`direktur`, `mantan`, `tersangka`).
pub(super) fn verb_like(word: &str) -> bool {
    let w = word.to_lowercase();
    SPEECH_VERBS.contains(&w)
        || ["meng", "meny", "memb", "memp", "ber"]
            .iter()
            .any(|p| w.starts_with(p))
        // me- before l, n, r, w, y and the rest ("menilai", "merasa"), but not an office
        // ("menteri").
        || (w.starts_with("me") && w.chars().count() >= 6 && !super::names::role_head(&w))
        || (w.starts_with("di")
            && w.len() > 4
            && !["direk", "dirut", "dirjen", "diplomat", "dinas", "dirgantara"]
                .iter()
                .any(|p| w.starts_with(p)))
}

/// Where the sentence holding byte `at` starts, looking back no further than `floor`: just
/// past the last sentence end, line break or quote mark before `at`. Read backwards from
/// `at`, so that it costs the length of the sentence, not of the window.
pub(super) fn clause_start(text: &str, floor: usize, at: usize) -> usize {
    let mut floor = floor.min(at);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let mut end = at;
    while let Some(i) = text[floor..end].rfind(['\n', '!', '?', '"', '“', '”', '.']) {
        let pos = floor + i;
        let c = text[pos..].chars().next().unwrap_or('.');
        let after = pos + c.len_utf8();
        if c != '.' {
            return after;
        }
        // A period ends a sentence unless it closes an abbreviation or an initial.
        let word_start = after_last(&text[floor..pos], &[' ', '\n', '(']) + floor;
        let word = &text[word_start..pos];
        let initial = word.chars().count() == 1 && capitalised(word);
        if text[after..at].starts_with([' ', '\n']) && !initial && !DOTTED.contains(word) {
            return after;
        }
        end = pos;
    }
    floor
}
