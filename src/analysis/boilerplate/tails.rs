//! Share and follow prompts glued to the end of a paragraph: "... kata dia.
//! Loading...Ikuti Whatsapp Channel Kabarkota", "... penggemar musik. Temukan berbagai
//! ulasan menarik ... di kabarhiburan.com", "(Ayo ikuti saluran WhatsApp Kabar Hiburan ...
//! Klik di sini ya!)". The phrases are data
//! (`lexicon/share_tails.txt`): only ones that no sentence of an
//! article begins with.
//!
//! A phrase is cut only after a sentence end (or at the line's start), and with what
//! follows it to the end of the line only when that is short; a prompt in brackets is cut
//! to its closing bracket, so a paragraph that goes on after it keeps its text.

use super::{Kind, Out};
use crate::analysis::lexicon::entries;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases())
        .expect("share tails build an automaton")
});

/// Most words a prompt may run to the end of the line.
const TAIL_MAX_WORDS: usize = 30;

/// The prompts, for the one scan of a line that tells whether [`cut`] has work.
pub(super) fn phrases() -> impl Iterator<Item = &'static str> {
    entries(include_str!("../lexicon/share_tails.txt"))
}

/// Cuts the glued share prompts out of `line`, recording each as [`Kind::Share`]; returns
/// what is left.
pub(super) fn cut(line: &str, out: &mut Out) -> String {
    let mut s = line.to_string();
    // Prompts are cut from the end, so one found is searched again in what is left.
    while let Some((start, end)) = last_prompt(&s) {
        out.remove(Kind::Share, &s[start..end]);
        s.replace_range(start..end, " ");
        let trimmed = s.trim_end().len();
        s.truncate(trimmed);
    }
    s
}

/// The byte range of a prompt in `s` that can be cut, if any.
fn last_prompt(s: &str) -> Option<(usize, usize)> {
    for m in PHRASES.find_iter(s) {
        let mut start = m.start();
        let before = s[..start].trim_end();
        // In brackets: "(Ayo ikuti ... !)".
        if before.ends_with('(') {
            let open = before.len() - 1;
            let close = s[m.end()..].find(')').map(|p| m.end() + p + 1);
            match close {
                Some(c) if super::word_count(&s[open..c]) <= 2 * TAIL_MAX_WORDS => {
                    return Some((open, c));
                }
                _ => continue,
            }
        }
        let after_end = before.is_empty()
            || before.ends_with(['.', '!', '?', '"', '”', '’', ')', ']'])
            || s[..start].ends_with(|c: char| c.is_alphanumeric());
        if !after_end {
            continue;
        }
        if super::word_count(&s[start..]) > TAIL_MAX_WORDS {
            continue;
        }
        // A glued prompt starts where it was glued ("fluktuatif.Loading..."), not before.
        while start > 0 && s[..start].ends_with(' ') {
            start -= 1;
        }
        return Some((start, s.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, strip};

    #[test]
    fn prompts_glued_at_a_paragraph_end() {
        let c = strip(
            "Skema ini cocok bagi pekerja muda.Loading...Ikuti Whatsapp Channel Kabarkota\nHarga naik lagi. Ikuti saluran WhatsApp Kabar Kota\nPenutup.",
        );
        assert_eq!(
            c.text,
            "Skema ini cocok bagi pekerja muda.\nHarga naik lagi.\nPenutup."
        );
        assert_eq!(
            c.removed.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [Kind::Share, Kind::Share]
        );
        assert_eq!(
            c.removed[0].text,
            "Loading...Ikuti Whatsapp Channel Kabarkota"
        );
    }

    #[test]
    fn a_prompt_in_brackets_is_cut_to_its_bracket() {
        let c = strip(
            "Konser berlangsung meriah. (Ayo ikuti saluran WhatsApp Kabar Hiburan biar enggak ketinggalan berita terbaru. Klik di sini ya!) Penonton pulang dengan gembira.",
        );
        assert_eq!(
            c.text,
            "Konser berlangsung meriah. Penonton pulang dengan gembira."
        );
        assert_eq!(c.removed[0].kind, Kind::Share);
    }

    #[test]
    fn a_phrase_followed_by_a_long_text_is_kept() {
        let raw = "Pesan itu sederhana. Ikuti saluran WhatsApp resmi pemerintah daerah bila ingin tahu jadwal vaksinasi, kata kepala dinas kesehatan yang juga meminta warga tidak mudah percaya kabar bohong yang beredar di berbagai grup percakapan daring selama beberapa pekan terakhir ini.";
        let c = strip(raw);
        assert_eq!(c.text, raw);
    }
}
