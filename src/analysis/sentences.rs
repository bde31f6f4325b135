//! Sentence segmentation of the cleaned body, tuned for Indonesian news.
//!
//! Rules, in order:
//! - A line break always ends a sentence: the cleaned text keeps paragraphs as lines, and a
//!   headline or list item has no final stop.
//! - A sentence can end at `.`, `!`, `?`, `…` or `...`; the run of terminators and any closing
//!   quotes or brackets after it belong to the sentence (`"Kami siap."` ends after `"`).
//! - It ends there only if what follows (after spaces) can start a sentence: an upper-case
//!   letter, a digit, an opening quote or bracket, or a letter of a script without case.
//!   So "dll. dan" and "Rp. 5" never split before a lower-case word, and decimals ("3.5"),
//!   thousands ("1.000.000") and times ("10.30") never split at all.
//! - Before a capital, a `.` after a known abbreviation ("Jl.", "Prof.", "H.", "S.H.",
//!   "M.Si.") or an initial ("B.J. Habibie", "Joko P.") does not end the sentence; "dll.",
//!   "dsb.", "dst.", "Tbk.", "Ltd." do, since they often close one ("... sayur, dll. Semua
//!   ..."). Units ("kg.", "km.") are not abbreviations here: before a capital they end one.
//! - Inside a quotation that closes later on the same line with an attribution
//!   (`"Kami belum siap. Kami menunggu," kata dia.`), sentence ends are held back, so that a
//!   multi-sentence quote and its speaker form one sentence (what the quotes analyser needs;
//!   on UD Indonesian-CSUI this removed 3 false boundaries and added no missed one). A quote
//!   without attribution splits as usual.
//! - A list number stays with its item ("1. Kampung Koneng").
//! - A period glued to the next sentence by the scraper ("kuku.Kukunya") splits when a
//!   lower-case word of three or more letters precedes it and a capitalised word follows.

use super::Span;
use super::lexicon::entries;
use serde::{Deserialize, Serialize};
// Word-list lookups with the cheap word hasher (SipHash showed in the profile).
use super::fasthash::FastSet as HashSet;
use std::sync::LazyLock;

/// A sentence as it appears in the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its first byte in the cleaned text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its text, when the job's `options.sentence_text` asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Abbreviations (lower-case, without the final dot) after which a capitalised word does not
/// start a new sentence: titles, address parts, legal forms, ranks, degrees, month names.
static ABBREV: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/sentence_abbreviations.txt")).collect());
/// Abbreviations that often close a sentence: a capital after them starts a new one.
static FINAL: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/closing_abbreviations.txt")).collect());

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '‘' | '«' | '(' | '[' | '‹' | '¿' | '¡'
    )
}

/// Whether `c` may begin a sentence.
fn can_start(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || is_opener(c)
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// The word that ends right before byte `dot` of `line` (back to whitespace or an opening
/// bracket/quote), capped at 40 bytes so that the look-back stays constant-time.
fn word_before(line: &str, dot: usize) -> &str {
    let head = &line[..dot];
    let mut start = dot;
    for (i, c) in head.char_indices().rev() {
        if c.is_whitespace() || is_opener(c) || c == '“' || dot - i > 40 {
            break;
        }
        start = i;
    }
    &head[start..]
}

/// What a `.` right after `word` is, when a capitalised word follows.
enum DotAfter {
    /// An abbreviation or initial: the sentence goes on.
    Continues,
    /// A full stop.
    Ends,
}

fn classify_dot(word: &str) -> DotAfter {
    if word.is_empty() {
        return DotAfter::Ends;
    }
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if FINAL.contains(bare) {
        return DotAfter::Ends;
    }
    if ABBREV.contains(bare) {
        return DotAfter::Continues;
    }
    // An initial: one upper-case letter ("H.", "P.").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return DotAfter::Continues;
    }
    // Multi-part abbreviations and initials: "B.J", "S.H", "M.Si", "a.n", "Ph.D", "U.S".
    if word.contains('.') {
        let parts: Vec<&str> = word.split('.').collect();
        if parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
        {
            return DotAfter::Continues;
        }
    }
    DotAfter::Ends
}

/// Splits `text` into sentence spans (trimmed of surrounding whitespace). `lang` is accepted
/// for future per-language rules; the rules above serve Indonesian, Malay and English.
pub fn split(text: &str, _lang: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        split_line(line, line_start, &mut out);
        line_start += line.len() + 1;
    }
    out
}

/// Finds the sentence ends inside one line and pushes the spans (offsets shifted by `base`).
fn split_line(line: &str, base: usize, out: &mut Vec<Span>) {
    // An ASCII line (most) is its bytes: filling the vector from them avoids UTF-8
    // decoding and, with an exact length known, the vector's growth checks.
    let chars: Vec<(usize, char)> = if line.is_ascii() {
        line.bytes()
            .enumerate()
            .map(|(i, b)| (i, b as char))
            .collect()
    } else {
        line.char_indices().collect()
    };
    // Most lines quote no one: skip the two passes there.
    let held = if line.contains(['"', '“', '”', '«', '»']) {
        held_by_quote(&chars)
    } else {
        Vec::new()
    };
    let mut start = 0;
    let mut k = 0;
    while k < chars.len() {
        let (pos, c) = chars[k];
        if !is_terminator(c) {
            k += 1;
            continue;
        }
        // The run of terminators ("?!", "...") and the closers after it.
        let mut j = k;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        let run = j - k;
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
        let mut n = j;
        while n < chars.len() && chars[n].1.is_whitespace() {
            n += 1;
        }
        let spaced = n > j;
        let next = chars.get(n).map(|&(_, c)| c);
        let ends = match next {
            None => true,
            Some(nc) if spaced => {
                let full_stop = c == '.' && run == 1;
                can_start(nc)
                    && (!full_stop || (dot_ends(line, pos) && !is_list_marker(&line[start..pos])))
            }
            // Glued: "kuku.Kukunya" (a scraping artefact), never "3.5", "Liputan6.com", "a.n.".
            Some(nc) => {
                c == '.'
                    && run == 1
                    && j == k + 1
                    && nc.is_uppercase()
                    && glued_end(line, pos, &chars, n)
            }
        };
        if ends && !held.get(k).copied().unwrap_or(false) {
            push_trimmed(line, base, start, end, out);
            start = end;
        }
        k = j.max(k + 1);
    }
    push_trimmed(line, base, start, line.len(), out);
}

/// Whether a double quote at `i` opens (rather than closes) a quotation: curly quotes say so
/// themselves; a straight one opens after a space or bracket and before a non-space.
fn opens_quote(chars: &[(usize, char)], i: usize) -> Option<bool> {
    match chars[i].1 {
        '“' | '«' => Some(true),
        '”' | '»' => Some(false),
        '"' => {
            let before = i.checked_sub(1).map(|p| chars[p].1);
            let after = chars.get(i + 1).map(|&(_, c)| c);
            let open = before.is_none_or(|b| b.is_whitespace() || "([{".contains(b))
                && after.is_some_and(|a| !a.is_whitespace());
            Some(open)
        }
        _ => None,
    }
}

/// For each char, whether a sentence end there is held back because it lies inside a quotation
/// that closes later on the line with an attribution: `"Kami belum pernah melihat ini. Kami
/// bertahan," kata dia.` stays one sentence, so that the quote and its speaker stay together.
/// Two linear passes: open/closed state forwards, "is the next closing quote attributed"
/// backwards.
fn held_by_quote(chars: &[(usize, char)]) -> Vec<bool> {
    let n = chars.len();
    // Each char's quote role, found once for both passes.
    let quote: Vec<Option<bool>> = (0..n).map(|i| opens_quote(chars, i)).collect();
    let mut open = false;
    let inside: Vec<bool> = quote
        .iter()
        .map(|&q| {
            let was_open = open;
            if let Some(opens) = q {
                open = opens;
            }
            was_open
        })
        .collect();
    let mut held = vec![false; n];
    // Whether the nearest closing quote to the right is followed by an attribution.
    let mut next_close_attributed = false;
    for i in (0..n).rev() {
        if quote[i] == Some(false) {
            let before = i.checked_sub(1).map(|p| chars[p].1);
            let mut j = i + 1;
            while j < n && chars[j].1 == ' ' {
                j += 1;
            }
            next_close_attributed = matches!(before, Some(',' | '!' | '?' | '…'))
                && j > i + 1
                && chars.get(j).is_some_and(|&(_, c)| c.is_lowercase());
        }
        held[i] = inside[i] && next_close_attributed;
    }
    held
}

/// Whether the text of the sentence so far is only a list marker ("1", "12", "a"), as in
/// "1. Kampung Koneng": the item's number belongs to the item.
fn is_list_marker(so_far: &str) -> bool {
    let t = so_far.trim();
    let n = t.chars().count();
    (1..=3).contains(&n)
        && (t.chars().all(|c| c.is_ascii_digit())
            || (n == 1 && t.chars().all(|c| c.is_ascii_lowercase())))
}

/// Whether a single `.` at `dot`, followed by spaces and a possible sentence start, ends the
/// sentence (it does not after an abbreviation or an initial).
fn dot_ends(line: &str, dot: usize) -> bool {
    matches!(classify_dot(word_before(line, dot)), DotAfter::Ends)
}

/// A period with no space after it ends a sentence only between a lower-case word of three or
/// more letters and a capitalised word ("kuku.Kukunya", "terjadi.Sementara").
fn glued_end(line: &str, dot: usize, chars: &[(usize, char)], next_idx: usize) -> bool {
    let word = word_before(line, dot);
    let tail: Vec<char> = word.chars().rev().take(3).collect();
    let prev_ok = tail.len() == 3 && tail.iter().all(|c| c.is_lowercase()) && !word.contains('.');
    let next_ok = chars
        .get(next_idx + 1)
        .is_some_and(|&(_, c)| c.is_lowercase());
    prev_ok && next_ok && !ABBREV.contains(word.to_lowercase().as_str())
}

fn push_trimmed(line: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &line[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(base + start + lead, base + end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text, "id").iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            sents("Hujan turun. Jalan banjir! Kapan surut?"),
            ["Hujan turun.", "Jalan banjir!", "Kapan surut?"]
        );
    }

    #[test]
    fn line_breaks_are_hard_boundaries() {
        assert_eq!(
            sents("Judul Tanpa Titik\nIsi berita pertama.\n\nIsi kedua"),
            ["Judul Tanpa Titik", "Isi berita pertama.", "Isi kedua"]
        );
    }

    #[test]
    fn titles_and_address_abbreviations() {
        assert_eq!(
            sents(
                "Prof. Dr. Ani Rahma tinggal di Jl. Merdeka No. 5 bersama H. Ahmad dan Hj. Siti. Mereka senang."
            ),
            [
                "Prof. Dr. Ani Rahma tinggal di Jl. Merdeka No. 5 bersama H. Ahmad dan Hj. Siti.",
                "Mereka senang."
            ]
        );
    }

    #[test]
    fn degrees_and_multi_part_abbreviations() {
        assert_eq!(
            sents(
                "Pengacara Budi Santoso, S.H., M.Si. Hadir di sidang. Surat a.n. Kepala Dinas dikirim."
            ),
            [
                "Pengacara Budi Santoso, S.H., M.Si. Hadir di sidang.",
                "Surat a.n. Kepala Dinas dikirim."
            ]
        );
    }

    #[test]
    fn initials() {
        assert_eq!(
            sents("Presiden B.J. Habibie lahir di Parepare. Ia insinyur."),
            ["Presiden B.J. Habibie lahir di Parepare.", "Ia insinyur."]
        );
        assert_eq!(
            sents("Kata Joko P. Widodo kemarin."),
            ["Kata Joko P. Widodo kemarin."]
        );
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(
            sents(
                "Harganya Rp 1,5 triliun atau 1.000.000 kali 3.5 pada pukul 10.30 WIB. Lalu naik."
            ),
            [
                "Harganya Rp 1,5 triliun atau 1.000.000 kali 3.5 pada pukul 10.30 WIB.",
                "Lalu naik."
            ]
        );
        assert_eq!(sents("Biayanya Rp. 500 ribu."), ["Biayanya Rp. 500 ribu."]);
    }

    #[test]
    fn dll_before_lowercase_continues_and_before_capital_ends() {
        assert_eq!(
            sents("Ia membeli beras, gula, dll. dan pulang. Semua senang."),
            ["Ia membeli beras, gula, dll. dan pulang.", "Semua senang."]
        );
        assert_eq!(
            sents("Ada buah, sayur, dsb. Semua segar."),
            ["Ada buah, sayur, dsb.", "Semua segar."]
        );
    }

    #[test]
    fn company_suffix_tbk() {
        assert_eq!(
            sents("Saham PT Maju Tbk. Naik tajam hari ini."),
            ["Saham PT Maju Tbk.", "Naik tajam hari ini."]
        );
        assert_eq!(sents("Saham PT. Maju naik."), ["Saham PT. Maju naik."]);
    }

    #[test]
    fn closing_quote_belongs_to_the_sentence() {
        assert_eq!(
            sents("\"Kami siap.\" Ia lalu pergi."),
            ["\"Kami siap.\"", "Ia lalu pergi."]
        );
        assert_eq!(
            sents("“Ini perang hidup dan mati,” kata Arman. “Kami bertahan.” Lalu hening."),
            [
                "“Ini perang hidup dan mati,” kata Arman.",
                "“Kami bertahan.”",
                "Lalu hening."
            ]
        );
    }

    #[test]
    fn a_quote_of_several_sentences_stays_with_its_attribution() {
        assert_eq!(
            sents(
                "\"Kami belum pernah melihat ini. Pertempuran terjadi di depan,\" kata Olesya. Lalu hening."
            ),
            [
                "\"Kami belum pernah melihat ini. Pertempuran terjadi di depan,\" kata Olesya.",
                "Lalu hening."
            ]
        );
        assert_eq!(
            sents("“Kami siap. Kami menunggu!” ujar Budi. Selesai."),
            ["“Kami siap. Kami menunggu!” ujar Budi.", "Selesai."]
        );
    }

    #[test]
    fn a_quote_without_attribution_splits_normally() {
        assert_eq!(
            sents("\"Kami siap. Kami menunggu.\" Lalu hening."),
            ["\"Kami siap.", "Kami menunggu.\"", "Lalu hening."]
        );
    }

    #[test]
    fn quote_followed_by_lowercase_cue_stays_together() {
        assert_eq!(
            sents("\"Kami siap!\" kata dia. Selesai."),
            ["\"Kami siap!\" kata dia.", "Selesai."]
        );
    }

    #[test]
    fn list_numbers_stay_with_their_item() {
        assert_eq!(
            sents("1. Kampung Koneng\n2. Desa Cibodas"),
            ["1. Kampung Koneng", "2. Desa Cibodas"]
        );
        assert_eq!(
            sents("a. Premi lebih mahal. Itu pasti.\nb. Klaim lebih lama."),
            [
                "a. Premi lebih mahal.",
                "Itu pasti.",
                "b. Klaim lebih lama."
            ]
        );
        assert_eq!(
            sents("Ia lahir tahun 1990. Lalu pindah."),
            ["Ia lahir tahun 1990.", "Lalu pindah."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sents("Ia menunggu... lalu pergi. Tunggu... Apa itu?"),
            ["Ia menunggu... lalu pergi.", "Tunggu...", "Apa itu?"]
        );
        assert_eq!(
            sents("Ia menunggu… Akhirnya datang."),
            ["Ia menunggu…", "Akhirnya datang."]
        );
    }

    #[test]
    fn glued_sentences_from_scrapes() {
        assert_eq!(
            sents("Kukunya panjang.Kukunya kotor."),
            ["Kukunya panjang.", "Kukunya kotor."]
        );
        assert_eq!(
            sents("Baca di Liputan6.com dan KOMPAS.com sekarang."),
            ["Baca di Liputan6.com dan KOMPAS.com sekarang."]
        );
    }

    #[test]
    fn offsets_are_trimmed_and_point_into_the_text() {
        let text = "  Satu.   Dua.  \n Tiga ";
        let spans = split(text, "id");
        assert_eq!(
            spans,
            [Span::new(2, 7), Span::new(10, 14), Span::new(18, 22)]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(split("", "id").is_empty());
        assert!(split(" \n\n ", "id").is_empty());
        assert_eq!(sents("..."), ["..."]);
    }

    proptest! {
        #[test]
        fn spans_are_ordered_char_boundaries(s in "(\\PC|[\\n\\u{0}\\u{301}😀.!?\"”…]|Jl\\. |B\\.J\\. ){0,120}") {
            let spans = split(&s, "id");
            let mut last = 0;
            for sp in &spans {
                prop_assert!(sp.start < sp.end && sp.end <= s.len());
                prop_assert!(sp.start >= last);
                prop_assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
                last = sp.end;
            }
        }

        #[test]
        fn long_punctuation_runs(n in 0usize..5000, c in prop::sample::select(vec!['.', '!', '?', '"', ' ', '…'])) {
            let s: String = std::iter::repeat_n(c, n).collect();
            let _ = split(&s, "id");
        }
    }
}
