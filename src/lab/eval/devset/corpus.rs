//! Measures that need no labels, over every article of the corpus: keywords that are
//! calendar words or pieces of a name, entity texts and keywords with crawler glue in
//! them, and where the summary starts.
//!
//! These are the faults a reader of kabar's output sees first and that the hand labels
//! are too few to count reliably; each is a shape test on kabar's output alone.

use super::matching::{is_strict_part, norm};
use crate::analysis::Analysis;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Indonesian and English weekday and month names with their common short forms,
/// normalised, a group a line. A keyword equal to one of these says when, never what, an
/// article is about.
const CALENDAR: &[&str] = &[
    // Indonesian weekdays (Minggu is also "week"; as a keyword it is noise either way).
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad",
    // Indonesian months, their spelling variants and short forms.
    "januari februari pebruari maret april mei juni juli agustus september oktober",
    "november nopember desember",
    "jan feb peb mar apr jun jul agu agt ags agst sep sept okt nov nop des",
    // English weekdays and their short forms.
    "monday tuesday wednesday thursday friday saturday sunday",
    "mon tue tues wed thu thur thurs fri sat sun",
    // English months and the short forms Indonesian does not share.
    "january february march may june july august october december aug oct dec",
];

/// Whether a keyword is, as a whole, a weekday or month name.
pub fn is_calendar_word(term: &str) -> bool {
    let n = norm(term);
    CALENDAR
        .iter()
        .flat_map(|group| group.split_whitespace())
        .any(|w| w == n)
}

/// Names written in camel case that are not glue: the core's own list (the repair stage
/// keeps these whole; an entry ending in `*` is a prefix), then a few common ones the core
/// does not need (their first part is no Indonesian word, so the repair stage never
/// splits them) but a shape test cannot tell from glue. A name on neither list counts as
/// glue, so the glue rows are upper bounds.
static CAMEL_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../../analysis/lexicon/camel_case_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .chain(MORE_CAMEL_NAMES.split_whitespace())
        .collect()
});
const MORE_CAMEL_NAMES: &str = "YouTube NasDem VinFast VietJet GoTo GoRide TomTom MetLife \
    CarPlay InJourney GeForce WeChat LaLiga IndyCar HokBen BigHit";

fn is_camel_name(word: &str) -> bool {
    CAMEL_NAMES.iter().any(|e| match e.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == *e,
    })
}

/// Whether `s` holds a word glued to its neighbour by the crawler (a lost space or line
/// break), in one of two shapes:
///
/// - inside one whitespace-separated token, a lower-case letter directly followed by a
///   capitalised word (an upper-case letter, then a lower-case one): `nantiPerjuangan`,
///   `aliasBudi`, `MengutipThe`. Not glue: a camel-case name ([`CAMEL_NAMES`]: `TikTok`,
///   `detikNews`, `YouTube`), a one-letter head (`iPhone`, `eSport`), `Mc`/`Mac` names
///   (`McDonald`, `MacArthur`), and an upper-case run after lower-case (`KemenPUPR`,
///   `KemenkumHAM`), since Indonesian institution names are written that way and a glued
///   all-capital word cannot be told from them.
/// - a word of two or more letters, a full stop, then a capitalised word with no space:
///   `nanti.Perjuangan`. Not glue: one-letter abbreviations (`S.H.`, `A.S.Tono`) and
///   capitals after the stop (`REPUBLIKA.CO.ID`).
pub fn has_glue(s: &str) -> bool {
    s.split_whitespace().any(token_has_glue)
}

fn token_has_glue(token: &str) -> bool {
    let c: Vec<char> = token.chars().collect();
    let capitalised_at = |i: usize| {
        c.get(i).is_some_and(|x| x.is_uppercase()) && c.get(i + 1).is_some_and(|x| x.is_lowercase())
    };
    for i in 1..c.len() {
        if c[i - 1].is_lowercase() && capitalised_at(i) {
            // The word (letters and digits) the case change is in, and its part before it.
            let start = c[..i]
                .iter()
                .rposition(|x| !x.is_alphanumeric())
                .map_or(0, |p| p + 1);
            let end = c[i..]
                .iter()
                .position(|x| !x.is_alphanumeric())
                .map_or(c.len(), |p| i + p);
            let head = &c[start..i];
            let word: String = c[start..end].iter().collect();
            let name = head.len() == 1
                || head == ['M', 'c']
                || head == ['M', 'a', 'c']
                || is_camel_name(&word);
            if !name {
                return true;
            }
        }
        if c[i] == '.' && capitalised_at(i + 1) {
            // The letter run that ends at the stop: one letter is an abbreviation.
            let run = c[..i]
                .iter()
                .rev()
                .take_while(|x| x.is_alphabetic())
                .count();
            if run > 1 {
                return true;
            }
        }
    }
    false
}

/// Sentence openers that point back at something the summary may not carry: a summary
/// that starts with one reads as a fragment.
const PRONOUNS: &[&[&str]] = &[
    &["ia"],
    &["dia"],
    &["mereka"],
    &["beliau"],
    &["hal", "ini"],
    &["hal", "itu"],
    &["ini"],
    &["itu"],
];

/// Whether a sentence opens with one of [`PRONOUNS`] as whole words ("Ini" but not
/// "Inilah"), case aside.
pub fn starts_with_pronoun(sentence: &str) -> bool {
    // The first two words, each without the punctuation after it ("Itu," is "itu";
    // "Itu-itu" stays whole and is no match).
    let first: Vec<String> = sentence
        .split_whitespace()
        .take(2)
        .map(|w| {
            w.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    PRONOUNS
        .iter()
        .any(|p| first.len() >= p.len() && p.iter().zip(&first).all(|(a, b)| *a == b))
}

/// Pronouns that may stand where a speaker's name should (`kata dia`, `Dirinya
/// mengatakan`, `Pihaknya menyebut`), Indonesian and English, lower case.
const SPEAKER_PRONOUNS: &[&str] = &[
    "dia", "ia", "beliau", "dirinya", "pihaknya", "mereka", "kami", "kita", "saya", "aku", "he",
    "she", "they", "it", "we", "i",
];

/// Words of offices, ranks and their abbreviations: the core's lists of them (a role
/// phrase is what those lists describe, so the count uses their words), lower case.
static OFFICE_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    [
        include_str!("../../../analysis/lexicon/titles.txt"),
        include_str!("../../../analysis/lexicon/ranks.txt"),
        include_str!("../../../analysis/lexicon/title_abbreviations.txt"),
    ]
    .iter()
    .flat_map(|f| f.lines())
    .filter(|l| !l.trim_start().starts_with('#'))
    .flat_map(|l| l.split(|c: char| c.is_whitespace() || c == '|' || c == '\t'))
    .map(norm)
    .filter(|w| !w.is_empty())
    .collect()
});

/// Whether a speaker is a pronoun.
pub fn is_pronoun_speaker(speaker: &str) -> bool {
    SPEAKER_PRONOUNS.contains(&norm(speaker).as_str())
}

/// Whether a speaker is a role phrase: capitalised, and every word an office, rank or
/// their abbreviation ("Kepala Bidang", "Kapolres", "Menteri Keuangan"). Descriptions in
/// lower case (`tanya jaksa`, `kata warga`) name an unnamed source and are not counted.
pub fn is_role_speaker(speaker: &str) -> bool {
    speaker.chars().next().is_some_and(char::is_uppercase)
        && speaker
            .split_whitespace()
            .all(|w| OFFICE_WORDS.contains(&norm(w)))
}

/// Counts over the whole corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusTally {
    pub articles: usize,
    pub keywords: usize,
    /// Keywords that are a weekday or month ([`is_calendar_word`]).
    pub calendar_keywords: usize,
    /// Keywords whose words are a strict part of a predicted entity's text in the same
    /// article (`widodo` beside `Joko Widodo`).
    pub fragment_keywords: usize,
    /// Keywords and entity texts (`Entity::text`) with crawler glue ([`has_glue`]).
    pub glued_keywords: usize,
    pub entity_texts: usize,
    pub glued_entities: usize,
    /// Articles with at least one sentence, and those whose summary includes sentence 0.
    pub with_sentences: usize,
    pub first_in_summary: usize,
    /// Non-empty summaries, and those whose first sentence opens with a pronoun.
    pub summaries: usize,
    pub pronoun_starts: usize,
    /// Quotes, and those whose speaker is a pronoun ([`is_pronoun_speaker`]) or a role
    /// phrase ([`is_role_speaker`]).
    pub quotes: usize,
    pub pronoun_speakers: usize,
    pub role_speakers: usize,
    /// What each count above counted, one line each with the article id, for
    /// `KABAR_DEVSET_TRACE=1`.
    pub found: Vec<String>,
}

impl CorpusTally {
    /// Counts one article's analysis; `id` names it in the trace.
    pub fn add(&mut self, id: &str, a: &Analysis) {
        self.articles += 1;
        let mut note = |what: &str, text: &str| self.found.push(format!("{id}: {what}: {text}"));
        for k in &a.keywords {
            self.keywords += 1;
            if is_calendar_word(&k.term) {
                self.calendar_keywords += 1;
                note("calendar keyword", &k.term);
            }
            if has_glue(&k.term) {
                self.glued_keywords += 1;
                note("glued keyword", &k.term);
            }
            if let Some(e) = a.entities.iter().find(|e| is_strict_part(&e.text, &k.term)) {
                self.fragment_keywords += 1;
                note("fragment keyword", &format!("{} of {}", k.term, e.text));
            }
        }
        for q in &a.quotes {
            self.quotes += 1;
            let Some(s) = q.speaker.as_deref() else {
                continue;
            };
            if is_pronoun_speaker(s) {
                self.pronoun_speakers += 1;
                note("pronoun speaker", s);
            } else if is_role_speaker(s) {
                self.role_speakers += 1;
                note("role speaker", s);
            }
        }
        for e in &a.entities {
            self.entity_texts += 1;
            if has_glue(&e.text) {
                self.glued_entities += 1;
                note("glued entity", &e.text);
            }
        }
        if !a.sentences.is_empty() {
            self.with_sentences += 1;
            self.first_in_summary += usize::from(a.summary.contains(&0));
        }
        if let Some(s) = a.summary.first().and_then(|&i| a.sentences.get(i)) {
            self.summaries += 1;
            let text = s.text.as_deref().unwrap_or_else(|| &a.text[s.start..s.end]);
            if starts_with_pronoun(text) {
                self.pronoun_starts += 1;
                note("summary opens with a pronoun", text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronoun_and_role_speakers() {
        for p in ["Dirinya", "dia", "Pihaknya", "He"] {
            assert!(is_pronoun_speaker(p), "{p}");
        }
        for r in ["Kepala Bidang", "Kapolres", "Menteri Keuangan"] {
            assert!(is_role_speaker(r), "{r}");
        }
        for ok in [
            "Septi Eka Wardhani",
            "jaksa",
            "Diana",
            "Kepala Bidang Septi",
        ] {
            assert!(!is_pronoun_speaker(ok) && !is_role_speaker(ok), "{ok}");
        }
    }

    #[test]
    fn calendar_words_in_both_languages() {
        for w in ["Senin", "jum’at", "Agustus", "Okt", "Sunday", "dec"] {
            assert!(is_calendar_word(w), "{w}");
        }
        for w in ["banjir", "Senin lalu", "sekolah"] {
            assert!(!is_calendar_word(w), "{w}");
        }
    }

    #[test]
    fn glue_is_found_and_names_are_spared() {
        for g in [
            "nantiPerjuangan",
            "kata.Budi",
            "Kota kataBudi",
            "Rp5ribuHarga",
            "(aliasBudi)",
            "MengutipThe",
            "ibu.Budi",
        ] {
            assert!(has_glue(g), "{g}");
        }
        for ok in [
            "iPhone",
            "McDonald",
            "MacArthur",
            "KemenPUPR",
            "S.H.",
            "R.O.",
            "Budi S.H.",
            "Kompas.com",
            "Joko Widodo",
            "A.S.Tono",
            "(iPhone",
            "REPUBLIKA.CO.ID",
            "TikTok",
            "detikNews",
            "(TurnBackHoax)",
            "YouTube",
        ] {
            assert!(!has_glue(ok), "{ok}");
        }
    }

    #[test]
    fn pronoun_openers_on_word_boundaries() {
        for s in [
            "Ia pergi.",
            "Hal itu terjadi.",
            "Itu, kata dia, benar.",
            "MEREKA datang.",
        ] {
            assert!(starts_with_pronoun(s), "{s}");
        }
        for s in ["Inilah dia.", "Hal lain.", "Ibu pergi.", "Itu-itu saja."] {
            assert!(!starts_with_pronoun(s), "{s}");
        }
    }
}
