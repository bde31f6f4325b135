//! Language identification: which language the cleaned body is in, with a confidence.
//!
//! kabar's articles are Indonesian first, English second, and Malay text (from Malaysian
//! outlets) must not be taken for Indonesian, since the two share most function words but
//! not the later pipeline. So the first decision is made by a small model of our own:
//! function words that tell Malayic (Indonesian/Malay) from English, then spelling and
//! vocabulary markers that tell Indonesian from Malay ("bahwa/bahawa", "karena/kerana",
//! "setelah/selepas", month and weekday names), counted once per distinct word. It reads at
//! most the first [`SAMPLE_BYTES`] of the text and keeps only a few small word sets in memory.
//!
//! Text that is neither (none of our function words, or a non-Latin script) goes to
//! `whatlang` (MIT), a trigram/script model of about 70 languages, for a best guess.
//!
//! Why not lingua or whatlang alone: measured on UD Indonesian-GSD dev sentences (`# text`,
//! 559, and their `# text_en` translations), lingua 1.8 restricted to id/ms/en via its cargo
//! features got 79% of the Indonesian right (it called 113 of them Malay; 67% in
//! low-accuracy mode) and 94% of the English, at about 1 MB/s, with RSS up by 12 MB once its
//! three models were loaded; whatlang alone got 93% of both (and has no Malay). This model
//! gets 99% and 99% on the same sets (see `eval::language`), faster, in well under 1 MB.

use super::fasthash::{FastMap, FastSet as HashSet};
use super::lexicon::entries;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// An ISO 639-1 code (`und` when unknown) and a confidence in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-1, or `und`.
    pub code: String,
    /// In `[0, 1]`.
    pub confidence: f64,
}

impl Language {
    fn new(code: &str, confidence: f64) -> Self {
        Language {
            code: code.to_string(),
            confidence: (confidence.clamp(0.0, 1.0) * 1000.0).round() / 1000.0,
        }
    }
    fn undetermined() -> Self {
        Language::new("und", 0.0)
    }
}

/// How much of the text is read: language is settled long before 16 KB, and the cap keeps
/// the cost of a huge article flat.
pub const SAMPLE_BYTES: usize = 16 * 1024;

/// Fewer matched function words than this is weak evidence: the hint wins, if there is one.
const MIN_EVIDENCE: usize = 3;

/// Fewer words than this is too short to tell without a hint: `und`.
const MIN_WORDS: usize = 3;

/// Function words of English that are not also Indonesian/Malay words.
const ENGLISH: &str = include_str!("lexicon/english_function_words.txt");
/// Function words shared by Indonesian and Malay.
const MALAYIC: &str = include_str!("lexicon/malayic_function_words.txt");
/// Words (spellings, vocabulary, month and weekday names) that are Indonesian, not Malay.
const INDONESIAN_MARKERS: &str = include_str!("lexicon/indonesian_markers.txt");
/// Words that are Malay (Malaysian/Bruneian standard), not Indonesian; the file says which
/// were dropped for being Indonesian words too.
const MALAY_MARKERS: &str = include_str!("lexicon/malay_markers.txt");

/// What the word lists say about one lower-cased word.
#[derive(Debug, Default, Clone, Copy)]
struct WordFacts {
    english: bool,
    malayic: bool,
    id_marker: bool,
    ms_marker: bool,
}

/// Every listed word with what each list says of it: one lookup per word of the sample
/// instead of one per list (this runs on every article).
static FACTS: LazyLock<FastMap<&'static str, WordFacts>> = LazyLock::new(|| {
    let mut facts: FastMap<&'static str, WordFacts> = FastMap::default();
    for w in entries(ENGLISH) {
        facts.entry(w).or_default().english = true;
    }
    for w in entries(MALAYIC) {
        facts.entry(w).or_default().malayic = true;
    }
    for w in entries(INDONESIAN_MARKERS) {
        facts.entry(w).or_default().id_marker = true;
    }
    for w in entries(MALAY_MARKERS) {
        facts.entry(w).or_default().ms_marker = true;
    }
    facts
});

/// What the sample contained.
#[derive(Debug, Default)]
struct Evidence {
    words: usize,
    english: usize,
    malayic: usize,
    /// Distinct Indonesian markers seen (distinct, so that one word repeated through an
    /// article, such as "Kerajaan" in a history piece, counts once).
    id_markers: HashSet<&'static str>,
    /// Distinct Malay markers seen.
    ms_markers: HashSet<&'static str>,
    latin_letters: usize,
    other_letters: usize,
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn gather(sample: &str) -> Evidence {
    let mut ev = Evidence::default();
    let mut lower = String::new();
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        ev.words += 1;
        // Most words are ASCII: every char of the word is then an ASCII letter (the split
        // keeps only alphabetic chars) and lower-cases byte for byte, as char::to_lowercase
        // would, without the per-char Unicode tables (this runs on every word).
        let ascii = w.is_ascii();
        if ascii {
            ev.latin_letters += w.len();
        } else {
            for c in w.chars() {
                if c.is_ascii_alphabetic() || ('\u{00c0}'..='\u{024f}').contains(&c) {
                    ev.latin_letters += 1;
                } else {
                    ev.other_letters += 1;
                }
            }
        }
        if w.len() > 20 {
            continue;
        }
        lower.clear();
        if ascii {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(w.chars().flat_map(char::to_lowercase));
        }
        let Some((&word, facts)) = FACTS.get_key_value(lower.as_str()) else {
            continue;
        };
        ev.english += facts.english as usize;
        ev.malayic += (facts.malayic || facts.id_marker || facts.ms_marker) as usize;
        if facts.id_marker {
            ev.id_markers.insert(word);
        }
        if facts.ms_marker {
            ev.ms_markers.insert(word);
        }
    }
    ev
}

/// The producer's hint as an ISO 639-1 code: "id-ID" and the legacy "in" become "id".
fn normalise_hint(hint: Option<&str>) -> Option<String> {
    let h = hint?.trim();
    let primary = h
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "" => None,
        "in" | "ind" => Some("id".into()),
        "eng" => Some("en".into()),
        "msa" | "zsm" | "zlm" => Some("ms".into()),
        p if p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic()) => Some(p.to_string()),
        _ => None,
    }
}

/// Grows from 0 towards 1 as matched function words accumulate.
fn saturation(n: usize) -> f64 {
    1.0 - (-(n as f64) / 4.0).exp()
}

/// Detects the language of `text`; `hint` (ISO 639-1) wins when the text gives too little
/// evidence, and decides between Indonesian and Malay when the markers do not.
pub fn detect(text: &str, hint: Option<&str>) -> Language {
    let hint = normalise_hint(hint);
    let sample = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
    let ev = gather(sample);
    let from_hint = || hint.as_deref().map(|h| Language::new(h, 0.5));
    if ev.words == 0 {
        return from_hint().unwrap_or_else(Language::undetermined);
    }
    let letters = ev.latin_letters + ev.other_letters;
    // Mostly another script: our word lists cannot speak to it.
    if ev.other_letters * 2 > letters {
        return guess_other(sample)
            .or_else(from_hint)
            .unwrap_or_else(Language::undetermined);
    }
    let evidence = ev.english + ev.malayic;
    if evidence < MIN_EVIDENCE {
        if let Some(h) = from_hint() {
            return h;
        }
        if ev.words < MIN_WORDS {
            return Language::undetermined();
        }
        if evidence == 0 {
            // Short and none of our words: only a confident guess beats `und` (whatlang
            // calls short Indonesian sentences Tagalog or Javanese when unsure).
            // When unsure, choose between the two languages we analyse, by character
            // trigrams, with half the confidence.
            return guess_other(sample)
                .filter(|l| l.confidence > 0.5)
                .or_else(|| guess_id_or_en(sample))
                .unwrap_or_else(Language::undetermined);
        }
        // One or two function words in a short text: decide, with a low confidence.
    }
    // Few of our function words in a long text: another Latin-script language.
    if (evidence as f64) < 0.12 * ev.words as f64
        && ev.words >= 20
        && let Some(l) =
            guess_other(sample).filter(|l| !matches!(l.code.as_str(), "id" | "en" | "ms"))
    {
        return l;
    }
    let strength = saturation(evidence);
    if ev.english > ev.malayic {
        let share = ev.english as f64 / evidence as f64;
        return Language::new("en", share * strength);
    }
    let share = ev.malayic as f64 / evidence as f64;
    let (id, ms) = (ev.id_markers.len(), ev.ms_markers.len());
    let base = share * strength;
    let decided_ms = ms >= 2 && ms > 2 * id;
    let decided_id = id >= 1 && id >= ms;
    match hint.as_deref() {
        // The markers do not settle it: trust the producer.
        Some(h @ ("id" | "ms")) if !decided_ms && !decided_id => Language::new(h, base * 0.6),
        _ if decided_ms => Language::new("ms", base * ms as f64 / (ms + id) as f64),
        _ => Language::new("id", base * (id + 1) as f64 / (id + ms + 1) as f64),
    }
}

/// Asks whatlang (script and trigram model) about a text our word lists cannot place.
fn guess_other(sample: &str) -> Option<Language> {
    let sample = &sample[..floor_char_boundary(sample, 4096)];
    let info = whatlang::detect(sample)?;
    let code = iso639_1(info.lang().code())?;
    // whatlang's confidence runs high on short texts; halve it when it says unreliable.
    let conf = if info.is_reliable() {
        info.confidence()
    } else {
        info.confidence() * 0.5
    };
    Some(Language::new(code, conf))
}

/// Indonesian or English by whatlang's trigram model alone, for short texts with none of
/// our function words (a title, a caption, a list of names).
fn guess_id_or_en(sample: &str) -> Option<Language> {
    static DETECTOR: LazyLock<whatlang::Detector> = LazyLock::new(|| {
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Ind, whatlang::Lang::Eng])
    });
    let sample = &sample[..floor_char_boundary(sample, 4096)];
    let info = DETECTOR.detect(sample)?;
    let code = iso639_1(info.lang().code())?;
    Some(Language::new(code, info.confidence() * 0.5))
}

/// ISO 639-3 (whatlang's codes) to ISO 639-1.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "ind" => "id",
        "spa" => "es",
        "por" => "pt",
        "fra" => "fr",
        "deu" => "de",
        "ita" => "it",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "hin" => "hi",
        "tha" => "th",
        "vie" => "vi",
        "tur" => "tr",
        "pol" => "pl",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "slk" => "sk",
        "hun" => "hu",
        "ron" => "ro",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ell" => "el",
        "heb" => "he",
        "pes" => "fa",
        "urd" => "ur",
        "ben" => "bn",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "kan" => "kn",
        "mal" => "ml",
        "pan" => "pa",
        "tgl" => "tl",
        "jav" => "jv",
        "zul" => "zu",
        "afr" => "af",
        "lat" => "la",
        "epo" => "eo",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "slv" => "sl",
        "bel" => "be",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "uzb" => "uz",
        "kaz" => "kk",
        "mya" => "my",
        "khm" => "km",
        "sin" => "si",
        "nep" => "ne",
        "amh" => "am",
        "yid" => "yi",
        "sna" => "sn",
        "aka" => "ak",
        "ori" => "or",
        "cat" => "ca",
        "tuk" => "tk",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(text: &str) -> String {
        detect(text, None).code
    }

    #[test]
    fn indonesian_news() {
        let l = detect(
            "Pemerintah menyatakan bahwa harga beras akan turun pekan depan karena panen raya sudah dimulai di Jawa Tengah.",
            None,
        );
        assert_eq!(l.code, "id");
        assert!(l.confidence > 0.6, "{l:?}");
    }

    #[test]
    fn english_news() {
        let l = detect(
            "The government said on Monday that rice prices would fall next week because the harvest has begun.",
            None,
        );
        assert_eq!(l.code, "en");
        assert!(l.confidence > 0.6, "{l:?}");
    }

    #[test]
    fn malay_news_is_not_indonesian() {
        let l = detect(
            "Kerajaan berkata bahawa harga beras akan turun minggu hadapan kerana musim menuai sudah bermula di negeri itu.",
            None,
        );
        assert_eq!(l.code, "ms", "{l:?}");
        assert_eq!(
            code(
                "Polis telah menahan dua lelaki selepas kejadian itu pada hari Isnin, kata jabatan berkenaan dalam satu kenyataan."
            ),
            "ms"
        );
    }

    #[test]
    fn indonesian_with_one_shared_word_stays_indonesian() {
        assert_eq!(
            code(
                "Kerja sama kedua negara itu dimulai setelah pertemuan di Jakarta pada hari Senin."
            ),
            "id"
        );
    }

    #[test]
    fn empty_and_tiny_texts_are_undetermined() {
        assert_eq!(detect("", None), Language::undetermined());
        assert_eq!(detect("   \n ", None).code, "und");
        assert_eq!(detect("Jakarta", None).code, "und");
        assert_eq!(detect("123 456 !!!", None).code, "und");
    }

    #[test]
    fn hint_wins_when_evidence_is_weak() {
        let l = detect("Jokowi", Some("id"));
        assert_eq!(l, Language::new("id", 0.5));
        assert_eq!(detect("", Some("EN")).code, "en");
        assert_eq!(detect("Banjir", Some("in")).code, "id");
        assert_eq!(detect("Banjir", Some("id-ID")).code, "id");
    }

    #[test]
    fn hint_loses_against_strong_evidence() {
        let l = detect(
            "Presiden mengatakan bahwa pemerintah akan membangun jalan tol baru di Sumatera tahun ini.",
            Some("en"),
        );
        assert_eq!(l.code, "id");
    }

    #[test]
    fn hint_decides_between_indonesian_and_malay_when_markers_are_silent() {
        let text = "Dia akan pergi ke pasar dengan anak itu pada pagi ini.";
        assert_eq!(detect(text, Some("ms")).code, "ms");
        assert_eq!(detect(text, Some("id")).code, "id");
        assert_eq!(detect(text, None).code, "id");
    }

    #[test]
    fn other_languages_are_named() {
        assert_eq!(
            code(
                "Le gouvernement a annoncé lundi une nouvelle réforme des retraites, qui sera présentée au parlement la semaine prochaine par le ministre."
            ),
            "fr"
        );
        assert_eq!(
            code(
                "Правительство объявило в понедельник о новой реформе пенсионной системы, которую представят парламенту."
            ),
            "ru"
        );
    }

    #[test]
    fn confidence_grows_with_evidence() {
        let short = detect("Dia pergi ke pasar dan membeli ikan.", None);
        let long = detect(
            "Dia pergi ke pasar dan membeli ikan. Setelah itu, dia pulang ke rumah karena hujan turun dengan deras dan jalan di desa itu mulai banjir.",
            None,
        );
        assert_eq!(short.code, "id");
        assert!(long.confidence > short.confidence, "{short:?} {long:?}");
    }

    #[test]
    fn code_switching_goes_to_the_majority() {
        assert_eq!(
            code(
                "Menurut dia, hal ini sangat penting untuk masa depan, yang tidak bisa ditunda lagi. It was a good day."
            ),
            "id"
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_confidence_in_range(s in "(\\PC|[\\u{0}\\u{301}😀\\n]|yang |the ){0,200}", h in prop::option::of("[a-zA-Z_-]{0,6}")) {
            let l = detect(&s, h.as_deref());
            prop_assert!((0.0..=1.0).contains(&l.confidence));
            prop_assert!(!l.code.is_empty());
        }

        #[test]
        fn huge_texts_are_sampled(n in 0usize..50_000) {
            let s: String = "é".repeat(n);
            let _ = detect(&s, None);
        }
    }
}
