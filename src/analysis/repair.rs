//! Repair of crawler damage, before anything else reads the text.
//!
//! Scrapers lose the markup that separated words and paragraphs, and some pages are
//! scraped with their body twice or more. Left alone, this damage spreads through every
//! analyser: "saatInter" becomes an entity, "lulus nanti.Perjuangan" merges two sentences,
//! a paragraph repeated four times yields its quote four times. This stage undoes what it
//! can prove, and nothing else:
//!
//! - **Spaces**: NBSP and the other Unicode spaces become a plain space; zero-width
//!   characters, byte-order marks and soft hyphens are dropped.
//! - **Repeated paragraphs**: a line whose letters and digits (lower-cased) repeat an earlier
//!   line's is dropped, when it holds at least [`REPEAT_MIN`] of them (short lines such as a
//!   lone "***" or "Advertisement" are left to the boilerplate stage).
//! - **A sentence end glued to the next sentence** (`nanti.Perjuangan`, `Jakarta,Senin`):
//!   a space goes after the mark when a word of two or more lower-case letters (before `.`,
//!   `!`, `?`) or any word (before `,`) is followed at once by a capitalised word.
//!   Abbreviations (`S.H.`, `Jr.`) and domains (`KapanLagi.com`) never match.
//! - **Words glued at a case change** (`saatInter`, `PresidenPrabowo`, `JakartaPT`): split
//!   where a lower-case letter meets an upper-case one, when the part before it is a known
//!   word: an Indonesian stopword, a word the stemmer's root lexicon derives, a word that
//!   stands alone elsewhere in the same article, or a place of the entity gazetteer
//!   (`IndonesiaMohammad`). Brand names written in camel case
//!   (`WhatsApp`, `KapanLagi`, `detikNews`) are listed in `lexicon/camel_case_names.txt`
//!   and left whole; unknown left parts (`TikTok`, `MotoGP`, `iPhone`) never split.
//! - **A name glued to the next word** (`Miamimengalahkan`, `Ghazalidan`): a capitalised
//!   word that appears only once, whose start stands alone elsewhere in the article as a
//!   capitalised word and whose rest is a stopword or a prefixed word the lexicon derives
//!   (`me-`, `di-`, `ber-`, `ter-`, `se-`, `ke-`, `pe-`).
//! - **Lower-case words run together** (`terendambanjirhingga`): a word of ten or more
//!   letters that appears once, that the lexicon does not derive, and that divides into two
//!   or three parts of three or more letters, each a stopword or a word standing alone
//!   elsewhere in the article, at least one of them the latter.
//!
//! The article's own vocabulary is the evidence that keeps this safe: a split is only made
//! into words the article itself uses (or the language's function words), so a rare name
//! is not cut into pieces that happen to be words. Everything downstream, offsets included,
//! sees the repaired text: offsets stay byte offsets into [`crate::analysis::Analysis::text`].

use super::fasthash::{FastSet, WordHasher};
use super::stem::indonesian::derived_from;
use super::stem::lexicon;
use super::stopwords::is_stopword;
use std::borrow::Cow;
use std::hash::Hasher;
use std::sync::LazyLock;

/// Letters and digits a line needs before it counts as a paragraph whose repeat is dropped.
pub(crate) const REPEAT_MIN: usize = 24;

/// Camel-case names never split at their case change: whole words, or prefixes ending `*`.
static CAMEL_NAMES: LazyLock<(FastSet<&'static str>, Vec<&'static str>)> = LazyLock::new(|| {
    let mut whole = FastSet::default();
    let mut prefixes = Vec::new();
    for e in super::lexicon::entries(include_str!("lexicon/camel_case_names.txt")) {
        match e.strip_suffix('*') {
            Some(p) => prefixes.push(p),
            None => {
                whole.insert(e);
            }
        }
    }
    (whole, prefixes)
});

/// Repairs `raw` as the module docs say. Borrows when there is nothing to repair (most
/// articles).
pub(crate) fn repair(raw: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut changed = false;
    let mut seen = FastSet::<u64>::default();
    let mut vocab: Option<Vocab<'_>> = None;
    let mut key_buf = String::new();
    let mut copied_to = 0; // bytes of `raw` already accounted for in `out`
    let mut line_start = 0;
    for line in raw.split('\n') {
        let line_end = line_start + line.len();
        let fixed = repair_line(line, raw, &mut vocab);
        let repeat = paragraph_key(&fixed, &mut key_buf).is_some_and(|k| !seen.insert(k));
        if repeat || matches!(fixed, Cow::Owned(_)) {
            if !changed {
                out.reserve(raw.len() + 16);
                changed = true;
            }
            out.push_str(&raw[copied_to..line_start]);
            if !repeat {
                out.push_str(&fixed);
            }
            copied_to = line_end;
        }
        line_start = line_end + 1;
    }
    if !changed {
        return Cow::Borrowed(raw);
    }
    out.push_str(&raw[copied_to..]);
    Cow::Owned(out)
}

/// A hash of the line's lower-cased letters and digits, when it has enough of them to be
/// a paragraph. They are gathered in `buf` and hashed at once (hashing each character
/// alone cost as much as the rest of the repair stage); ASCII ones skip Unicode's case
/// tables.
fn paragraph_key(line: &str, buf: &mut String) -> Option<u64> {
    buf.clear();
    let mut n = 0;
    for c in line.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
                n += 1;
            }
        } else if c.is_alphanumeric() {
            buf.extend(c.to_lowercase());
            n += 1;
        }
    }
    (n >= REPEAT_MIN).then(|| {
        let mut h = WordHasher::default();
        h.write(buf.as_bytes());
        h.finish()
    })
}

/// Whether `c` is a space other than the ASCII one that the text should carry as `' '`.
fn odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Whether `c` is invisible and carries nothing: zero-width spaces and joiners, the BOM,
/// the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

fn repair_line<'a>(line: &'a str, article: &'a str, vocab: &mut Option<Vocab<'a>>) -> Cow<'a, str> {
    let spaced: Cow<'a, str> =
        if line.is_ascii() || !line.chars().any(|c| odd_space(c) || invisible(c)) {
            Cow::Borrowed(line)
        } else {
            Cow::Owned(
                line.chars()
                    .filter(|&c| !invisible(c))
                    .map(|c| if odd_space(c) { ' ' } else { c })
                    .collect(),
            )
        };
    let cuts = glue_cuts(&spaced, article, vocab);
    if cuts.is_empty() {
        return spaced;
    }
    let mut s = String::with_capacity(spaced.len() + cuts.len());
    let mut at = 0;
    for c in cuts {
        s.push_str(&spaced[at..c]);
        s.push(' ');
        at = c;
    }
    s.push_str(&spaced[at..]);
    Cow::Owned(s)
}

/// The words of the article, as written, built on first need (most articles have no glue).
struct Vocab<'a> {
    words: FastSet<&'a str>,
    /// Words seen more than once.
    repeated: FastSet<&'a str>,
}

impl<'a> Vocab<'a> {
    fn of(article: &'a str) -> Self {
        // About one distinct word per 12 bytes of news text: sized once, not rehashed
        // as it grows.
        let mut words = FastSet::with_capacity_and_hasher(article.len() / 12, Default::default());
        let mut repeated = FastSet::default();
        // Runs of ASCII letters, found byte by byte (a UTF-8 sequence's bytes are never
        // ASCII letters, so the runs are those of the characters).
        let b = article.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &article[start..i];
            if !words.insert(w) {
                repeated.insert(w);
            }
        }
        Vocab { words, repeated }
    }

    /// Whether `w` stands alone in the article, as written or (for a lower-case word)
    /// capitalised at a sentence start.
    fn has(&self, w: &str) -> bool {
        if self.words.contains(w) {
            return true;
        }
        let mut cap = String::with_capacity(w.len());
        let mut chars = w.chars();
        if let Some(f) = chars.next().filter(char::is_ascii_lowercase) {
            cap.push(f.to_ascii_uppercase());
            cap.push_str(chars.as_str());
            return self.words.contains(cap.as_str());
        }
        false
    }
}

/// Whether a capitalised piece of four letters or more ("Artis" of "ArtisNaura") is
/// written in lower case elsewhere in the article: a common word, not the head of a
/// camel-case name.
fn common_elsewhere(piece: &str, v: &Vocab<'_>) -> bool {
    piece.len() >= 4
        && piece.as_bytes()[0].is_ascii_uppercase()
        && v.words.contains(piece.to_ascii_lowercase().as_str())
}

/// Byte offsets in `line` where a space goes.
fn glue_cuts<'a>(line: &str, article: &'a str, vocab: &mut Option<Vocab<'a>>) -> Vec<usize> {
    let b = line.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            // Punctuation glued between two words.
            if matches!(b[i], b'.' | b'!' | b'?' | b',')
                && i >= 2
                && starts_capitalised_word(&b[i + 1..])
                && punct_glue(b, i)
            {
                cuts.push(i + 1);
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        // A word inside a longer run of letters, digits or non-ASCII letters is not a
        // word (a URL, an id, "Liputan6"): leave it.
        let inside =
            |j: usize| j < b.len() && (b[j].is_ascii_digit() || b[j] >= 0x80 || b[j] == b'_');
        if (start > 0
            && (b[start - 1].is_ascii_digit() || b[start - 1] >= 0x80 || b[start - 1] == b'_'))
            || inside(i)
            || (start > 0 && matches!(b[start - 1], b'/' | b'@' | b'#' | b'.'))
        {
            continue;
        }
        word_cuts(&line[start..i], &line[..start], article, vocab, &mut cuts);
    }
    cuts
}

/// Whether `b` starts with an upper-case ASCII letter followed by a lower-case one.
fn starts_capitalised_word(b: &[u8]) -> bool {
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase()
}

/// Whether the mark at `i` ends a word in a way that shows a lost space: two lower-case
/// letters before `.`/`!`/`?` (so not `S.H.` or `Jr.`), any letter before `,`.
fn punct_glue(b: &[u8], i: usize) -> bool {
    if b[i] == b',' {
        return b[i - 1].is_ascii_alphabetic();
    }
    if !(b[i - 1].is_ascii_lowercase() && b[i - 2].is_ascii_lowercase()) {
        return false;
    }
    // Not inside a domain or a URL: "www.Site", "x.com/Foo".
    let word_start = b[..i]
        .iter()
        .rposition(|c| !c.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    !(word_start > 0 && matches!(b[word_start - 1], b'.' | b'/' | b'@'))
}

/// Is `w` (lower or capitalised) a word: a stopword or a word the root lexicon derives?
fn known_word(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    is_stopword(&lower, "id")
        || lexicon().contains(&lower)
        || derived_from(&lower, lexicon()).is_some()
}

/// Whether `w` is a place of the entity gazetteer ("Indonesia" of "IndonesiaMohammad"): a
/// country's or a province's name ends a word, so a capital right after it starts the next
/// one, even where the article never writes the place alone. Not asked of a line's first
/// two words: a dateline's place glued to the first sentence is the boilerplate stage's to
/// cut, and it finds it by the glue.
fn listed_place(w: &str) -> bool {
    super::entities::gazetteer::is_place(&w.to_ascii_lowercase())
}

/// Whether a word after `before` is one of its line's first two words.
fn opens_line(before: &str) -> bool {
    !before.trim_end().contains(' ')
}

/// Where a camel-case name's lower-case prefix ("detik") starts at the end of `seg`
/// after other letters ("dilansirdetik"), if it does.
fn camel_lead(seg: &str) -> Option<usize> {
    let (_, prefixes) = &*CAMEL_NAMES;
    prefixes
        .iter()
        .filter(|p| p.bytes().all(|c| c.is_ascii_lowercase()) && seg.len() > p.len())
        .find(|p| seg.ends_with(*p))
        .map(|p| seg.len() - p.len())
}

/// Whether `w` is a name written in camel case (`lexicon/camel_case_names.txt`: whole names,
/// and prefixes for an entry ending in `*`); the keyword ranker asks the same.
pub(super) fn camel_name(w: &str) -> bool {
    let (whole, prefixes) = &*CAMEL_NAMES;
    whole.contains(w) || prefixes.iter().any(|p| w.starts_with(p))
}

/// Cuts inside one word of ASCII letters, which starts the line after `before`.
fn word_cuts<'a>(
    w: &str,
    before: &str,
    article: &'a str,
    vocab: &mut Option<Vocab<'a>>,
    cuts: &mut Vec<usize>,
) {
    let at = before.len();
    let b = w.as_bytes();
    let lower_upper = |k: usize| b[k - 1].is_ascii_lowercase() && b[k].is_ascii_uppercase();
    // "PTVale": an upper-case run, then a capitalised word.
    let caps_word = |k: usize| {
        k >= 2
            && k + 1 < b.len()
            && b[k - 1].is_ascii_uppercase()
            && b[k].is_ascii_uppercase()
            && b[k + 1].is_ascii_lowercase()
    };
    let camel = (1..b.len()).any(|k| lower_upper(k) || caps_word(k));
    let capitalised = b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase);
    let lower = b.iter().all(u8::is_ascii_lowercase);
    if camel {
        if camel_name(w) {
            return;
        }
        let v = vocab.get_or_insert_with(|| Vocab::of(article));
        let found = cuts.len();
        // Segments between case changes: "GhazalidanAlyssa" -> "Ghazalidan", "Alyssa";
        // "PTValeIndonesia" -> "PT", "Vale", "Indonesia".
        let mut seg_start = 0;
        let mut bounds = Vec::new();
        for k in 1..b.len() {
            let caps_run = caps_word(k) && b[seg_start..k].iter().all(u8::is_ascii_uppercase);
            if lower_upper(k) || caps_run {
                bounds.push((seg_start, k));
                seg_start = k;
            }
        }
        bounds.push((seg_start, b.len()));
        for (n, &(s, e)) in bounds.iter().enumerate() {
            let seg = &w[s..e];
            let sb = seg.as_bytes();
            // The part of this segment that touches the next boundary.
            let mut last_piece = seg;
            if seg.len() >= 6
                && sb[0].is_ascii_uppercase()
                && sb[1..].iter().all(u8::is_ascii_lowercase)
                && let Some(k) = name_then_word(seg, v)
                    .or_else(|| conjunction_between(seg, n + 1 < bounds.len()))
            {
                cuts.push(at + s + k);
                last_piece = &seg[k..];
            }
            if n + 1 < bounds.len() {
                let pb = last_piece.as_bytes();
                let word_ok = pb.len() >= 2
                    && (pb.len() >= 3 || pb[0].is_ascii_lowercase())
                    && pb[1..].iter().all(u8::is_ascii_lowercase)
                    && (known_word(last_piece)
                        || v.has(last_piece)
                        || common_elsewhere(last_piece, v)
                        || (listed_place(last_piece) && !opens_line(before)));
                // An abbreviation the article also writes on its own ("PT", "DPRD").
                let caps_ok = pb.len() >= 2
                    && pb.iter().all(u8::is_ascii_uppercase)
                    && v.words.contains(last_piece);
                // A lower-case word glued to a capitalised one ("dilansirAntara",
                // "presenterIvan", "aliasTom"): names written so start with one or two
                // lower-case letters ("iPhone", "eKTP") or are on the camel-case list
                // ("detikNews", kept whole: "dilansirdetikNews" is cut before "detik").
                let next = bounds[n + 1];
                let lower_lead = n == 0
                    && pb.len() >= 3
                    && pb.iter().all(u8::is_ascii_lowercase)
                    && next.1 - next.0 >= 2
                    && b[next.0 + 1].is_ascii_lowercase();
                if word_ok || caps_ok {
                    cuts.push(at + e);
                } else if lower_lead {
                    match camel_lead(seg) {
                        Some(k) => cuts.push(at + s + k),
                        None => cuts.push(at + e),
                    }
                }
            }
        }
        // "KPKtelah", "TNIatau": an abbreviation in capitals, then a word; unless the
        // article proves the last capital starts a word ("PP|Labuan" above).
        if cuts.len() == found
            && let Some(k) = capitals_then_word(w)
        {
            cuts.push(at + k);
        }
        return;
    }
    if capitalised && w.len() >= 6 {
        if known_word(w) {
            return;
        }
        let v = vocab.get_or_insert_with(|| Vocab::of(article));
        if v.repeated.contains(w) {
            return;
        }
        if let Some(k) = name_then_word(w, v) {
            cuts.push(at + k);
        }
        return;
    }
    if lower && w.len() >= 10 {
        if known_word(w) {
            return;
        }
        let v = vocab.get_or_insert_with(|| Vocab::of(article));
        if v.repeated.contains(w) {
            return;
        }
        if let Some(parts) = run_together(w, v) {
            cuts.extend(parts.into_iter().map(|k| at + k));
        }
    }
}

/// Where a word in lower case starts after a run of two or more capitals that make up the
/// rest of `w` ("KPK|telah", "TNI|atau", "JAKARTA|kembali"): the word is a stopword of
/// three letters or more, a word of five or more the lexicon derives, or a prefixed
/// derivation. Brands written so end in a word of no Indonesian lexicon ("SINDOnews",
/// "LINKlive", "BRImo").
fn capitals_then_word(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let k = b.iter().position(|c| !c.is_ascii_uppercase())?;
    let rest = &w[k..];
    (k >= 2
        && rest.len() >= 3
        && rest.bytes().all(|c| c.is_ascii_lowercase())
        && (is_stopword(rest, "id")
            || (rest.len() >= 5 && known_word(rest))
            || prefixed_derivation(rest)))
    .then_some(k)
}

/// Where a capitalised name ends and a glued word begins ("Miami|mengalahkan",
/// "Ghazali|dan"), if the article proves it.
fn name_then_word(w: &str, v: &Vocab<'_>) -> Option<usize> {
    if v.repeated.contains(w) {
        return None;
    }
    // Longest name first: "Jakartadan" is "Jakarta" + "dan", not "Jakar" + "tadan".
    (3..=w.len() - 3)
        .rev()
        .find(|&k| {
            let (name, rest) = w.split_at(k);
            v.words.contains(name) && (is_stopword(rest, "id") || prefixed_derivation(rest))
        })
        .or_else(|| never_ends_a_name(w))
}

/// Where a word that never ends a name starts in a capitalised word, with no other
/// evidence needed ("Suryadi|dkk", "Wibowo|atau", "Bieber|mengakui"): "dkk", "atau" after
/// five letters or more ("Krakatau" stays), or a verb of eight letters
/// or more with the prefix `me-` or `ber-` that the lexicon derives. Names and words do
/// end in other words ("Setia|wan", "Pyong|yang", "Seba|yang", "Mela|yang"), so no other
/// word counts here; the name before it needs four letters, and is no "ke...tidak" of a
/// compound noun ("Ketidakberdayaan"). Over the 8,694 dev articles this makes about 180
/// splits, all of a name or a heading word and a verb.
fn never_ends_a_name(w: &str) -> Option<usize> {
    (4..=w.len().saturating_sub(3)).rev().find(|&k| {
        let (Some(head), Some(rest)) = (w.get(..k), w.get(k..)) else {
            return false;
        };
        rest == "dkk"
            || (rest == "atau" && k >= 5)
            || (rest.len() >= 8
                && (rest.starts_with("me") || rest.starts_with("ber"))
                && !head.to_ascii_lowercase().ends_with("tidak")
                && derived_from(rest, lexicon()).is_some())
    })
}

/// Where "dan" or "atau" starts in a capitalised segment glued to a capitalised word on
/// its right ("Reuters|danAl Arabiya", "Ghazali|danAlyssa"): a conjunction between two
/// capitalised words is evidence enough. The name before it needs four letters, so that
/// "Sudan" or "Jordan" never splits.
fn conjunction_between(seg: &str, glued_right: bool) -> Option<usize> {
    if !glued_right {
        return None;
    }
    ["dan", "atau"]
        .iter()
        .find(|c| seg.len() >= c.len() + 4 && seg.ends_with(*c))
        .map(|c| seg.len() - c.len())
}

/// A word with a verbal or nominal prefix that the root lexicon derives ("mengalahkan").
fn prefixed_derivation(w: &str) -> bool {
    const PREFIXES: &[&str] = &["me", "di", "ber", "ter", "se", "ke", "pe"];
    w.len() >= 6
        && PREFIXES.iter().any(|p| w.starts_with(p))
        && derived_from(w, lexicon()).is_some()
}

/// Cut points that divide a run-together lower-case word into two or three words the
/// article uses, if there is exactly such a division.
fn run_together(w: &str, v: &Vocab<'_>) -> Option<Vec<usize>> {
    let part = |p: &str| p.len() >= 3 && (is_stopword(p, "id") || v.has(p));
    let evidence = |p: &str| !is_stopword(p, "id") && v.has(p);
    let n = w.len();
    for i in 3..=n - 3 {
        let (a, rest) = w.split_at(i);
        if !part(a) {
            continue;
        }
        if part(rest) && (evidence(a) || evidence(rest)) {
            return Some(vec![i]);
        }
        for j in 3..=rest.len().saturating_sub(3) {
            let (b, c) = rest.split_at(j);
            if part(b) && part(c) && (evidence(a) || evidence(b) || evidence(c)) {
                return Some(vec![i, i + j]);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn text_without_damage_is_borrowed() {
        let t = "Gubernur meresmikan jembatan baru di Bandung.\nWarga menyambut gembira.";
        assert!(matches!(repair(t), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn odd_spaces_become_spaces_and_invisible_characters_go() {
        assert_eq!(
            repair("Rp\u{a0}5\u{202f}juta di\u{200b}bayar\u{ad}kan"),
            "Rp 5 juta dibayarkan"
        );
    }

    #[test]
    fn a_repeated_paragraph_is_dropped_once_it_is_long_enough() {
        let p = "Petugas pemadam kebakaran tiba di lokasi sekitar pukul 10.00 WIB.";
        let t = format!("{p}\nWarga membantu memadamkan api.\n{p}\n***\n***");
        assert_eq!(
            repair(&t),
            format!("{p}\nWarga membantu memadamkan api.\n\n***\n***")
        );
    }

    #[test]
    fn a_glued_sentence_end_gets_its_space() {
        assert_eq!(
            repair("Ia berharap bisa lulus tahun depan.Perjuangan belum selesai."),
            "Ia berharap bisa lulus tahun depan. Perjuangan belum selesai."
        );
        assert_eq!(
            repair("Pertemuan di Jakarta,Senin malam."),
            "Pertemuan di Jakarta, Senin malam."
        );
    }

    #[test]
    fn abbreviations_and_domains_keep_their_dots() {
        for t in [
            "Budi Santoso S.H. hadir.",
            "Baca di KapanLagi.com hari ini.",
            "Dr.Ir. Sutopo hadir.",
            "Kunjungi www.kabar.Org sekarang.",
        ] {
            assert_eq!(repair(t), t);
        }
    }

    #[test]
    fn words_glued_at_a_case_change_split_after_a_known_word() {
        assert_eq!(
            repair("Gol itu dicetak saatInter unggul."),
            "Gol itu dicetak saat Inter unggul."
        );
        assert_eq!(
            repair("Kabar itu dikutip dariAntara pagi ini."),
            "Kabar itu dikutip dari Antara pagi ini."
        );
        // "Jakarta" stands alone elsewhere in the article: that is the evidence.
        assert_eq!(
            repair("PT Vale menambang.\nSaham PTValeIndonesia naik."),
            "PT Vale menambang.\nSaham PT Vale Indonesia naik."
        );
        assert_eq!(
            repair("Warga Jakarta antre.\nHarga beras di JakartaPramono sebut naik."),
            "Warga Jakarta antre.\nHarga beras di Jakarta Pramono sebut naik."
        );
        // A place of the gazetteer needs no other evidence: its name ends where a capital
        // follows.
        assert_eq!(
            repair("Kata Duta Besar Iran untuk IndonesiaRangga Wiratama di Jakarta."),
            "Kata Duta Besar Iran untuk Indonesia Rangga Wiratama di Jakarta."
        );
        // An abbreviation glued to the next word.
        assert_eq!(
            repair("Penyidik KPKtelah memeriksa anggota TNIatau Polri."),
            "Penyidik KPK telah memeriksa anggota TNI atau Polri."
        );
        // Not where a dateline's place is glued to the first sentence.
        let t = "Sukamaju.com, JakartaRangga Wiratama datang.";
        assert_eq!(repair(t), t);
    }

    #[test]
    fn camel_case_names_and_unknown_parts_stay_whole() {
        for t in [
            "Video itu viral di TikTok dan YouTube.",
            "Pesan lewat WhatsApp, baca di KapanLagi, berita detikNews.",
            "Balapan MotoGP dan iPhone baru, daya 5 kWh, aplikasi BRImo.",
            "Baca SINDOnews dan LINKlive.",
        ] {
            assert_eq!(repair(t), t);
        }
    }

    #[test]
    fn a_name_glued_to_the_next_word_splits_on_the_articles_evidence() {
        let t =
            "Klub Inter Miami bermain baik.\nSaat Inter Miamimengalahkan Porto, suporter bersorak.";
        assert_eq!(
            repair(t),
            "Klub Inter Miami bermain baik.\nSaat Inter Miami mengalahkan Porto, suporter bersorak."
        );
        // A conjunction glued between two capitalised words needs no other evidence.
        assert_eq!(
            repair("Menurut Antarikdan Sentana, harga naik. Warga SudanSelatan mengungsi."),
            "Menurut Antarikdan Sentana, harga naik. Warga SudanSelatan mengungsi."
        );
        assert_eq!(
            repair("Kabar itu dilaporkan ReutersdanAl Arabiya."),
            "Kabar itu dilaporkan Reuters dan Al Arabiya."
        );
        let t = "Ghazali tiba.\nGhazalidanAlyssa menikah.";
        assert_eq!(repair(t), "Ghazali tiba.\nGhazali dan Alyssa menikah.");
    }

    #[test]
    fn a_lower_case_word_glued_to_a_name_is_cut() {
        assert_eq!(
            repair("Hal itu dilaporkan presenterRina Wulandari, dilansirdetikNews kemarin."),
            "Hal itu dilaporkan presenter Rina Wulandari, dilansir detikNews kemarin."
        );
        // A capitalised common word the article also writes in lower case.
        assert_eq!(
            repair("Seorang artis datang.\nArtisNaura Ayu juga hadir."),
            "Seorang artis datang.\nArtis Naura Ayu juga hadir."
        );
        // Names written with a short lower-case head stay whole.
        for t in [
            "Harga iPhone naik.",
            "Layanan eKTP dibuka.",
            "Baca detikNews pagi ini.",
        ] {
            assert_eq!(repair(t), t);
        }
    }

    #[test]
    fn a_word_that_never_ends_a_name_is_cut_off_without_evidence() {
        assert_eq!(
            repair("Buku itu disusun Rudi Wiratmodkk tahun lalu."),
            "Buku itu disusun Rudi Wiratmo dkk tahun lalu."
        );
        assert_eq!(
            repair("Kata Rudi Wiratmoatau Budi."),
            "Kata Rudi Wiratmo atau Budi."
        );
        let t = "Gunung Krakatau meletus.";
        assert_eq!(repair(t), t);
        assert_eq!(
            repair("Penyanyi Justin Wiratmomengakui hal itu."),
            "Penyanyi Justin Wiratmo mengakui hal itu."
        );
        // Names and words that end in a word stay whole.
        for t in [
            "Warga Pyongyang dan Sebayang datang.",
            "Ketidakberdayaan itu nyata.",
        ] {
            assert_eq!(repair(t), t);
        }
    }

    #[test]
    fn a_name_is_not_cut_without_evidence() {
        // "Kali" and "mantan" are words, but "Kalimantan" is not glued: the rest is not a
        // prefixed derivation, and "Kali" does not stand alone here.
        let t = "Hutan Kalimantan terbakar lagi.";
        assert_eq!(repair(t), t);
    }

    #[test]
    fn lower_case_words_run_together_split_into_the_articles_words() {
        let t = "Rumah warga terendam banjir.\nSawah terendambanjirhingga sepekan.";
        assert_eq!(
            repair(t),
            "Rumah warga terendam banjir.\nSawah terendam banjir hingga sepekan."
        );
    }

    #[test]
    fn offsets_stay_on_char_boundaries_for_any_input() {
        for t in [
            "é.Ab",
            "aé,Bc",
            "\u{a0}\u{a0}",
            "xY\u{200b}Zz",
            "ab.Cd\nab.Cd ab.Cd ab.Cd ab.Cd x",
        ] {
            let _ = repair(t).into_owned();
        }
    }
}
