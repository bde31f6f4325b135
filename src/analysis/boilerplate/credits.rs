//! Photo credits and the captions that carry them, as lines of their own: a caption ending
//! in a bracketed credit ("Gedung baru balai kota (credit: Humas Pemkot)", "Ilustrasi (Image
//! by @akun on Instagram)", "... di bioskop. (Dok. Kabar Film)"), a caption opening with one ("Dok.
//! Polres Contoh Petugas menunjukkan ..."), a credit alone ("(credit: kabarfilm.com)",
//! "(kabarkota.co.id/Rina Wati)"), and a name with a "©" credit ("Budi Santoso ©
//! Kabarfilm.com"). The credit words are data
//! (`lexicon/photo_credits.txt`); "Foto: ..." lines are the
//! caption pattern of the line classifier.
//!
//! Only short lines qualify: a paragraph that ends with a bracketed source is body text.

use crate::analysis::lexicon::entries;
use std::sync::LazyLock;

/// Credit words, longest first so that "kredit foto" is tried before "kredit".
static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut w: Vec<&'static str> = entries(include_str!("../lexicon/photo_credits.txt")).collect();
    w.sort_by_key(|e| std::cmp::Reverse(e.len()));
    w
});

/// Most words a caption line with a credit may have: captions are short, a paragraph that
/// ends with its source is not one.
const CAPTION_MAX_WORDS: usize = 24;
/// Most words of a caption opened by a credit ("Dok. Polres ..."), which is often a sentence.
const OPENED_MAX_WORDS: usize = 60;

/// Whether `line` is a photo caption or credit line.
pub(super) fn is_credit_line(line: &str, words: usize) -> bool {
    // Every shape starts with a bracket or a letter of "dok", "credit", "image", "kredit",
    // ends with a bracket, or holds a "©": most lines are ruled out without a scan.
    let first = line.as_bytes().first().map(u8::to_ascii_lowercase);
    let candidate = matches!(first, Some(b'(' | b'd' | b'c' | b'i' | b'k'))
        || line.ends_with(')')
        || line.ends_with(").")
        || line.contains('©');
    if !candidate || words > OPENED_MAX_WORDS {
        return false;
    }
    ends_with_credit(line) && words <= CAPTION_MAX_WORDS
        || opens_with_credit(line)
        || bracketed_source(line)
        || name_and_copyright(line, words)
}

/// Whether `s` (lower-cased) starts with a credit word followed by a credit's punctuation.
fn credit_word_at(s: &str) -> bool {
    WORDS.iter().any(|w| {
        s.strip_prefix(w).is_some_and(|rest| {
            w.ends_with('.')
                || rest.starts_with([':', ';', '.', '/'])
                || (w.contains(' ') && rest.starts_with(' '))
                || rest.trim_start().starts_with([':', ';'])
        })
    })
}

/// "... (credit: X)", "... (Image by X)", "... (Dok. X)" at the end of the line.
fn ends_with_credit(line: &str) -> bool {
    let Some(inner) = line.strip_suffix(')').or_else(|| line.strip_suffix(").")) else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = inner[open + 1..].trim_start().to_lowercase();
    credit.len() <= 120 && credit_word_at(&credit) && !super::has_sentence_break(&inner[..open])
}

/// "Dok. Polres Contoh ...", "(credit: X) ...": a caption line that opens with its credit.
/// Only the credit words that cannot open a sentence ("Dok.", "Credit:", "Image by").
fn opens_with_credit(line: &str) -> bool {
    let b = line.trim_start_matches('(').as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let opener = [
        "dok.",
        "dok/",
        "credit:",
        "credit;",
        "image by ",
        "kredit foto",
    ]
    .iter()
    .any(|p| starts(p));
    opener && super::word_count(line) >= 2
}

/// "(kabarkota.co.id/Rina Wati)", "(Rina Wati/detikcom)": a photographer and an outlet in
/// brackets, alone on the line.
fn bracketed_source(line: &str) -> bool {
    let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
        return false;
    };
    if inner.len() > 80 || inner.contains(['(', ')']) || !inner.contains('/') {
        return false;
    }
    inner.split('/').any(|part| {
        let p = part.trim().to_ascii_lowercase();
        p.ends_with(".com")
            || p.ends_with(".co.id")
            || p.ends_with(".id")
            || p.ends_with(".net")
            || (p.ends_with("com") && !p.contains(' ') && p.len() > 5)
    })
}

/// "Budi Santoso © Kabarfilm.com": a short line whose "©" credits a source, not a
/// copyright notice (no year, no "copyright").
fn name_and_copyright(line: &str, words: usize) -> bool {
    let Some(at) = line.find('©') else {
        return false;
    };
    let after = line[at + '©'.len_utf8()..].trim();
    words <= 12
        && at > 0
        && !after.is_empty()
        && super::word_count(after) <= 4
        && !has_year(after)
        && !line.to_ascii_lowercase().contains("copyright")
        && !line.to_ascii_lowercase().contains("hak cipta")
}

/// Whether `s` holds a four-digit year (19xx or 20xx).
fn has_year(s: &str) -> bool {
    s.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")))
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, strip};

    #[test]
    fn captions_with_credits() {
        let c = strip(
            "Isi berita.\nSuasana konser di Jakarta (credit: instagram/kabarmusik)\n(credit: kabarfilm.com)\nIlustrasi Idol (Image by @kabaridol on Instagram)\nJembatan baru di Cilacap (dok. Kementerian PUPR)\nDok. Polres Contoh Petugas menunjukkan lokasi kecelakaan di Jalan Raya, Senin (2/1/2023).\n(Kabarkota.co.id/Rina Wati)\n( KABARKOTA.CO.ID / KABARNEWS.COM )\nBudi Santoso © Kabarfilm.com\nPenutup.",
        );
        assert_eq!(c.text, "Isi berita.\nPenutup.");
        assert_eq!(c.removed.len(), 8);
        assert!(
            c.removed.iter().all(|r| r.kind == Kind::Caption),
            "{:?}",
            c.removed
        );
    }

    #[test]
    fn body_text_that_looks_credited_is_kept() {
        for raw in [
            "Data itu dirilis pemerintah daerah pada Senin lalu dan dikutip banyak media, termasuk kantor berita nasional yang menyebut angka itu naik dua kali lipat dibanding tahun lalu (Dok. Pemda).",
            "Dokumen itu diserahkan ke pengadilan.",
            "Hak cipta © 2024 Kabar Kota.",
            "(Budi/Andi)",
        ] {
            let c = strip(raw);
            assert!(
                !c.removed.iter().any(|r| r.kind == Kind::Caption),
                "{raw}: {:?}",
                c.removed
            );
        }
    }
}
