//! A second look at the mentions the tagger typed as persons. The tagger decides from a
//! few words around each token, so a capitalised common noun ("Hewan Kurban" in a
//! heading), an office with no name ("Marsekal Muda"), a club ("Inter Miami") or a company
//! ("PT Sukamaju Jaya") comes out as a person. What the whole article shows settles most of
//! them: a word the article also writes in lower case is a common word, not a name.

use super::{EntityType, Mention, gazetteer};
use crate::analysis::fasthash::{FastMap, FastSet};
use crate::analysis::lexicon::entries;
use crate::analysis::stem;
use crate::analysis::{Span, tokens::Token};
use compact_str::CompactString;
use std::sync::LazyLock;

/// Words that mark a club's name (`lexicon/club_cues.txt`).
static CLUB_CUES: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/club_cues.txt")).collect());

/// Titles, ranks and honorifics (`lexicon/titles.txt`, `ranks.txt`, `honorifics.txt`,
/// the lists the quote attributor reads): words of an office or an address, never a name
/// on their own. The whole title list, not the tagger's shorter one in [`gazetteer`].
static OFFICE_WORDS: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("../lexicon/titles.txt"))
        .chain(entries(include_str!("../lexicon/ranks.txt")))
        .chain(entries(include_str!("../lexicon/honorifics.txt")))
        .collect()
});

/// Honorifics and academic or religious prefixes (`lexicon/honorifics.txt`): a name
/// follows one at once, so a run of name words may start right after it ("Drs Wong").
static HONORIFICS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/honorifics.txt")).collect());

/// Weekday and month names with their short forms: capitalised, never part of a name, and
/// often right after one ("kata Budi Senin").
static CALENDAR_WORDS: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("../lexicon/weekdays.txt"))
        .chain(entries(include_str!("../lexicon/weekday_forms.txt")))
        .chain(entries(include_str!("../lexicon/months.txt")))
        .collect()
});

/// Lower-case words that join the parts of a name (`lexicon/name_connectors.txt`:
/// "Vicente del Bosque", "Ahmad bin Yusuf").
static NAME_CONNECTORS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/name_connectors.txt")).collect());

/// Whether a lower-case word joins the parts of a name ("del", "bin", "van").
pub fn is_name_connector(word: &str) -> bool {
    NAME_CONNECTORS.contains(word)
}

/// Police and military ranks (`lexicon/ranks.txt`): the full name follows a rank at once,
/// so a person mention holding one starts after it ("Polsek Sukamaju Kompol Rangga").
static RANKS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/ranks.txt")).collect());

/// Words that name a kind of place before its name (`lexicon/place_kinds.txt`).
static PLACE_KINDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/place_kinds.txt")).collect());

/// Words that end an organisation's name (`lexicon/org_tails.txt`).
static ORG_TAILS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/org_tails.txt")).collect());

/// Brands, platforms and companies known by one word (`lexicon/brands.txt`).
static BRANDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/brands.txt")).collect());

/// Indonesian common words the root lexicon lacks (`lexicon/common_words.txt`).
static COMMON_WORDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/common_words.txt")).collect());

/// Common English words that are not also names (`lexicon/english_common_words.txt`).
static ENGLISH_WORDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/english_common_words.txt")).collect());

/// Holidays, feasts and deities (`lexicon/not_persons.txt`), whole names lower-cased.
static NOT_PERSONS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/not_persons.txt")).collect());

/// Whether a lower-cased word names a kind of place before a name ("stadion", "jalan").
pub fn is_place_kind(lower: &str) -> bool {
    PLACE_KINDS.contains(lower)
}

/// Whether a lower-cased word is a brand, platform or company known by one word ("honda").
pub fn is_brand(lower: &str) -> bool {
    BRANDS.contains(lower)
}

/// Whether a lower-cased word is a weekday or a month, or a short form of one ("senin").
pub fn is_calendar_word(lower: &str) -> bool {
    CALENDAR_WORDS.contains(lower)
}

/// Whether a lower-cased word is a police or military rank ("kompol", "iptu").
pub fn is_rank(lower: &str) -> bool {
    RANKS.contains(lower)
}

/// Whether a lower-cased word is a title, rank or honorific ("kapolres", "akbp", "pak").
pub fn is_office_word(lower: &str) -> bool {
    OFFICE_WORDS.contains(lower)
}

/// `mentions` with the person mentions that are no person dropped or retyped:
/// - leading titles, ranks and honorifics are cut off, and so is everything up to a rank
///   inside the mention ("Kompol Rangga" is "Rangga");
/// - every word is one the article also writes in lower case, a root word of the lexicon
///   or a word derived from one, or a common English word, and there are two or more of
///   them or one is written in lower case ("Hewan Kurban" where "hewan kurban" is
///   written too, "Alam Semesta", "Liquid Glass"): dropped. A lone root word the article
///   never writes in lower case stays: many names are words ("Putri");
/// - a lone letter ("M", left of a name the tagger split): dropped;
/// - every word is a title, rank or honorific ("Wakil Bupati", "Pak"): dropped;
/// - a holiday or a deity ("Idul Adha"): dropped;
/// - a name in brackets that ends the text ("(Rangga W)"): the writer's credit, dropped;
/// - the first word, or the capitalised word right before, names a kind of place
///   ("Stasiun Sukamaju", "Pulau Sukamaju"): a location (with that word);
/// - a word marks a club ("FC", "United", "Inter") or is written in camel case
///   ("TurnBackHoax"), the first word heads organisation names ("PT", "Universitas") or
///   the last ends them ("Group", "Motors"), or the name is a known brand ("YouTube"): an
///   organisation. A brand with other words after it is a
///   product ("Sukaphone X1"), dropped, unless they end an organisation's name.
pub fn screen(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    if !mentions.iter().any(|m| m.kind == EntityType::Person) {
        return mentions;
    }
    // The lower-cased words of the person mentions, and which of them the article also
    // writes in lower case. Only tokens of a wanted length and first byte are looked up:
    // most of an article's words are not in a person mention.
    // Each token of a person mention is lower-cased once, here (`low`, by token index).
    let mut wanted: FastMap<CompactString, bool> = FastMap::default();
    let mut low: Vec<CompactString> = vec![CompactString::default(); tokens.len()];
    let (mut lengths, mut firsts) = (0u64, [false; 256]);
    for m in mentions.iter().filter(|m| m.kind == EntityType::Person) {
        let (a, b) = (m.tokens.0.min(tokens.len()), m.tokens.1.min(tokens.len()));
        for i in a..b {
            if low[i].is_empty() {
                low[i] = lower(&tokens[i].text);
            }
            let w = low[i].clone();
            let Some(&first) = w.as_bytes().first() else {
                continue;
            };
            lengths |= 1 << w.len().min(63);
            firsts[usize::from(first)] = true;
            wanted.entry(w).or_insert(false);
        }
    }
    for t in tokens {
        let b = t.text.as_bytes();
        if lengths & (1 << b.len().min(63)) != 0
            && b.first()
                .is_some_and(|&f| firsts[usize::from(f)] && f.is_ascii_lowercase())
            && let Some(seen) = wanted.get_mut(t.text.as_str())
        {
            *seen = true;
        }
    }
    let is_common = |w: &str, t: &Token| is_common_word(w, &t.stem);
    // The words of the longer person names: a lone word among them is a short name.
    let mut name_words: FastSet<CompactString> = FastSet::default();
    let mut covered = vec![false; tokens.len()];
    for m in &mentions {
        let range = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
        if m.kind == EntityType::Person && range.len() > 1 {
            let words = low.get(m.tokens.0..m.tokens.0 + range.len()).unwrap_or(&[]);
            name_words.extend(words.iter().cloned());
        }
        if let Some(c) = covered.get_mut(m.tokens.0..m.tokens.1) {
            c.iter_mut().for_each(|c| *c = true);
        }
    }
    let in_names = |w: &str| name_words.contains(w);
    // A capitalised word right before a person mention that the tagger left out of the
    // name ("Arga" of "Arga Sukamto Wibowo"): not in any mention, no common word,
    // office, place or abbreviation, and only a space between.
    // ... and the run of such words starts after a lower-case word or punctuation, so
    // that it is not the place or body of an office ("Gubernur Sukamaju Bobby").
    // A capitalised stopword may end a name when it is no common word ("Wong": a
    // stopword of the Indonesian list, and a surname), but it never opens one.
    let name_like = |i: usize, end_of_name: bool| -> bool {
        let Some(p) = tokens.get(i) else {
            return false;
        };
        if covered[i]
            || (p.stop && !end_of_name)
            || p.text.chars().count() <= 2
            || !p.text.chars().next().is_some_and(char::is_uppercase)
            || !p.text.chars().skip(1).all(char::is_lowercase)
        {
            return false;
        }
        let w = lower(&p.text);
        !is_common(&w, p)
            && !OFFICE_WORDS.contains(w.as_str())
            && !PLACE_KINDS.contains(w.as_str())
            && !gazetteer::is_org_head(&w)
            && !gazetteer::is_title(&w)
            && !super::places::is_listed(&w)
            && !BRANDS.contains(w.as_str())
            && !CALENDAR_WORDS.contains(w.as_str())
    };
    let spaced = |i: usize, j: usize| -> bool {
        match (tokens.get(i), tokens.get(j)) {
            (Some(p), Some(q)) => text.get(p.end..q.start) == Some(" "),
            _ => false,
        }
    };
    let name_word = |i: usize| -> bool { spaced(i, i + 1) && name_like(i, false) };
    // A capitalised word right after a person mention that the tagger left out of the
    // name ("Wong" of "Lawrence Wong", "del Bosque" of "Vicente del Bosque"), when the run
    // of capitalised words ends with it: how many tokens to add (0 to 2).
    let capitalised = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| t.text.chars().next().is_some_and(char::is_uppercase))
    };
    let run_ends_after = |i: usize| !capitalised(i + 1) || !spaced(i, i + 1);
    let last_names_after = |b: usize| -> usize {
        if spaced(b - 1, b) && name_like(b, true) && run_ends_after(b) {
            return 1;
        }
        let connector = tokens
            .get(b)
            .is_some_and(|t| NAME_CONNECTORS.contains(t.text.as_str()));
        if connector
            && spaced(b - 1, b)
            && spaced(b, b + 1)
            && name_like(b + 1, true)
            && run_ends_after(b + 1)
        {
            return 2;
        }
        0
    };
    let run_starts = |i: usize| -> bool {
        let Some(t) = tokens.get(i) else {
            return false;
        };
        match i.checked_sub(1).and_then(|j| tokens.get(j)) {
            None => true,
            Some(p) => {
                if !p.text.chars().next().is_some_and(char::is_uppercase)
                    || text
                        .get(p.end..t.start)
                        .is_some_and(|gap| gap.chars().any(|c| !c.is_whitespace()))
                {
                    return true;
                }
                // After an honorific ("Drs Wong Cun Sen"), or after a derived common word
                // that opens the sentence ("Masuknya Rama Razza"), not an office. A root
                // word there may head a name ("Tim Sukamaju Rangga").
                let w = lower(&p.text);
                HONORIFICS.contains(w.as_str())
                    || (opens_sentence(text, p)
                        && p.stem != w
                        && is_common(&w, p)
                        && !OFFICE_WORDS.contains(w.as_str())
                        && !gazetteer::is_title(&w)
                        && !gazetteer::is_org_head(&w))
            }
        }
    };
    // How many words before token `a` are a first name the tagger left out (0 to 2).
    let first_names_before = |a: usize| -> usize {
        (1..=2)
            .find(|&k| a >= k && (a - k..a).all(&name_word) && run_starts(a - k))
            .unwrap_or(0)
    };
    let mut word = String::new();
    let out: Vec<Mention> = mentions
        .into_iter()
        .filter_map(|mut m| {
            if m.kind != EntityType::Person {
                return Some(m);
            }
            let all = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
            let words_lower = low.get(m.tokens.0..m.tokens.0 + all.len()).unwrap_or(&[]);
            // Titles, ranks and honorifics before the name are no part of it.
            let mut cut = 0;
            while cut + 1 < all.len() && OFFICE_WORDS.contains(words_lower[cut].as_str()) {
                cut += 1;
            }
            if let Some(r) = (cut..all.len().saturating_sub(1)).rev().find(|&i| {
                RANKS.contains(words_lower[i].as_str()) || is_roman_numeral(&all[i].text)
            }) {
                cut = r + 1;
            }
            // So are common English words ("Division Rangga Wiratama"), if a name is left.
            while all.len() - cut > 2 && ENGLISH_WORDS.contains(words_lower[cut].as_str()) {
                cut += 1;
            }
            // A headline quoted in title case ("... “Jadi Jubir, Rangga Bilang Siap”"):
            // its capitalised common words at the edges are no part of the name, and a
            // mention of nothing else is no name.
            let mut end = all.len();
            let common_edge = cut < end
                && (is_common(&words_lower[cut], &all[cut])
                    || is_common(&words_lower[end - 1], &all[end - 1]));
            if common_edge && in_title_case_quote(text, m.span) {
                while cut < end && is_common(&words_lower[cut], &all[cut]) {
                    cut += 1;
                }
                while end > cut && is_common(&words_lower[end - 1], &all[end - 1]) {
                    end -= 1;
                }
                if cut == end {
                    return None;
                }
            }
            if end < all.len() {
                m.tokens.1 = m.tokens.0 + end;
                m.span = Span::new(m.span.start, all[end - 1].end);
            }
            if cut > 0 {
                m.tokens.0 += cut;
                m.span = Span::new(all[cut].start, m.span.end);
            }
            let words = &all[cut..end];
            let lower = &words_lower[cut..end];
            let (mut attested, mut common, mut office) = (0, 0, 0);
            let (mut club, mut org) = (false, false);
            for (i, (w, t)) in lower.iter().zip(words).enumerate() {
                let w = w.as_str();
                if wanted.get(w).copied().unwrap_or(false) {
                    attested += 1;
                    common += 1;
                } else if is_common(w, t) {
                    common += 1;
                }
                if OFFICE_WORDS.contains(w) {
                    office += 1;
                }
                club |= CLUB_CUES.contains(w);
                org |= i == 0 && gazetteer::is_org_head(w);
            }
            let n = words.len();
            let lone_letter = n == 1 && words[0].text.chars().count() == 1;
            if n == 0 || office == n || lone_letter {
                return None;
            }
            word.clear();
            for (i, w) in lower.iter().enumerate() {
                if i > 0 {
                    word.push(' ');
                }
                word.push_str(w);
            }
            if NOT_PERSONS.contains(word.as_str()) || is_credit(text, &m) {
                return None;
            }
            let tail = ORG_TAILS.contains(lower[n - 1].as_str());
            // Only the first word: a brand later in a name is often a surname ("Honda").
            if BRANDS.contains(lower[0].as_str()) {
                if n == 1 || tail {
                    m.kind = EntityType::Organization;
                    return Some(m);
                }
                return None;
            }
            // The kind word must open its run of capitalised words: in "Kepala Dusun
            // Bendungan Rudi" the place is part of an office, and Rudi a person.
            if n > 1
                && ((PLACE_KINDS.contains(lower[0].as_str()) && run_starts(m.tokens.0))
                    || PLACE_KINDS.contains(lower[n - 1].as_str()))
            {
                m.kind = EntityType::Location;
                return Some(m);
            }
            let (a, _) = m.tokens;
            if a > 0
                && let Some(before) = tokens.get(a - 1)
                && before.text.chars().next().is_some_and(char::is_uppercase)
                && PLACE_KINDS.contains(self::lower(&before.text).as_str())
                && run_starts(a - 1)
                && text
                    .get(before.end..tokens[a].start)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
            {
                m.tokens.0 = a - 1;
                m.span = Span::new(before.start, m.span.end);
                m.kind = EntityType::Location;
                return Some(m);
            }
            // A brand after common words only ("Direktur Eksekutif Sukaphone"): the brand,
            // an organisation, after an office or a description.
            if n > 1 && BRANDS.contains(lower[n - 1].as_str()) && common == n - 1 {
                m.tokens.0 = m.tokens.1 - 1;
                m.span = Span::new(words[n - 1].start, m.span.end);
                m.kind = EntityType::Organization;
                return Some(m);
            }
            let camel = words.iter().any(|t| is_camel_case(&t.text));
            if club || org || tail || camel {
                m.kind = EntityType::Organization;
                return Some(m);
            }
            if common == n && (attested > 0 || n > 1) {
                return None;
            }
            // A name and a letter ("Grup F", "Budi S"): the letter says nothing either way.
            let letter = |t: &Token| t.text.chars().count() == 1;
            if n == 2 && common == 1 && (letter(&words[0]) || letter(&words[1])) {
                return None;
            }
            // A lone common word capitalised because it opens a sentence ("Ribuan warga
            // ...") that no other person mention holds.
            if n == 1 && common == 1 && opens_sentence(text, &words[0]) && !in_names(&lower[0]) {
                return None;
            }
            // A lone word of the hand-made common-word lists, which leave out every word
            // that is also a given name ("Fase", "Communication").
            if n == 1
                && (COMMON_WORDS.contains(lower[0].as_str())
                    || ENGLISH_WORDS.contains(lower[0].as_str()))
            {
                return None;
            }
            // A common word the article writes in lower case, after a capitalised common
            // word that is no office and does not open the sentence: the name of a team
            // or a section ("Tim Pemeriksa Fakta Sukamaju"), not a person.
            let (a, _) = m.tokens;
            if (wanted.get(lower[0].as_str()).copied().unwrap_or(false)
                || COMMON_WORDS.contains(lower[0].as_str()))
                && a > 0
                && spaced(a - 1, a)
                && tokens.get(a - 1).is_some_and(|p| {
                    let w = self::lower(&p.text);
                    p.text.chars().next().is_some_and(char::is_uppercase)
                        && !p.stop
                        && is_common(&w, p)
                        && !OFFICE_WORDS.contains(w.as_str())
                        && !gazetteer::is_title(&w)
                        && !opens_sentence(text, p)
                })
            {
                return None;
            }
            // The tail of an organisation's name: the capitalised words right before it
            // start with a word that heads organisation names and hold no office ("PT
            // Sukamaju Agung Makmur", "Pondok Pesantren Sunan Rangga").
            if org_name_before(text, tokens, a) {
                return None;
            }
            let k = if cut == 0 {
                first_names_before(m.tokens.0)
            } else {
                0
            };
            if k > 0 {
                m.tokens.0 -= k;
                m.span = Span::new(tokens[m.tokens.0].start, m.span.end);
            }
            let k = last_names_after(m.tokens.1);
            if k > 0 {
                m.tokens.1 += k;
                m.span = Span::new(m.span.start, tokens[m.tokens.1 - 1].end);
            }
            Some(m)
        })
        .collect();
    places_in_lists(text, &low, &name_words, out)
}

/// `mentions` with a lone word typed as a person retyped as a place when the article's
/// other mentions type it a place (and it is a listed one), or when it stands inside a
/// list, between a place and a place or another such word ("di Sukamaju, Rangga, Ciawi
/// dan Bojong"): lists of places name places. Inside, not at its end: "Kepala Sekolah SD
/// Sukamaju, Rangga, menyebutkan" is an office, its place and a name. A word that is part
/// of a longer person name in the article stays a person.
fn places_in_lists(
    text: &str,
    low: &[CompactString],
    name_words: &FastSet<CompactString>,
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    let listed = |a: &Mention, b: &Mention| {
        matches!(
            text.get(a.span.end..b.span.start),
            Some(", " | " dan " | " atau " | "," | " serta ")
        )
    };
    let lone = |m: &Mention| {
        m.kind == EntityType::Person
            && m.tokens.1 == m.tokens.0 + 1
            && low.get(m.tokens.0).is_some_and(|w| !name_words.contains(w))
    };
    let n = mentions.len();
    // Right to left, then left to right, so that a place reaches along the list.
    let order = (1..n.saturating_sub(1)).rev().chain(1..n.saturating_sub(1));
    for i in order {
        let (p, m, q) = (&mentions[i - 1], &mentions[i], &mentions[i + 1]);
        let place = |x: &Mention| x.kind == EntityType::Location;
        if lone(m)
            && listed(p, m)
            && listed(m, q)
            && (place(p) || lone(p))
            && (place(q) || lone(q))
            && (place(p) || place(q))
        {
            mentions[i].kind = EntityType::Location;
        }
    }
    // A lone word that the article's other mentions type as a place, and that is a listed
    // place ("Nabire" left over from "Kelas IIB Nabire", a place everywhere else): the
    // place. Not a word of a longer person name ("Bima" of "Bima Arya"), as the screen
    // has cut them (the tagger's "IIB Nabire" is "Nabire" now).
    let of = |m: &Mention| text.get(m.span.start..m.span.end).unwrap_or("");
    let in_longer_name = |w: &str| {
        mentions.iter().any(|q| {
            q.kind == EntityType::Person
                && q.tokens.1 > q.tokens.0 + 1
                && low
                    .get(q.tokens.0..q.tokens.1)
                    .is_some_and(|ws| ws.iter().any(|x| x == w))
        })
    };
    let retype: Vec<usize> = (0..n)
        .filter(|&i| {
            let m = &mentions[i];
            let w = of(m);
            m.kind == EntityType::Person
                && m.tokens.1 == m.tokens.0 + 1
                && mentions
                    .iter()
                    .any(|p| p.kind == EntityType::Location && of(p) == w)
                && super::places::is_listed(w)
                && low.get(m.tokens.0).is_some_and(|x| !in_longer_name(x))
        })
        .collect();
    for i in retype {
        mentions[i].kind = EntityType::Location;
    }
    mentions
}

/// Whether a mention is the whole of a bracket that ends the text: the writer's or the
/// editor's initials or name ("... kata dia. (Rangga W)").
fn is_credit(text: &str, m: &Mention) -> bool {
    let before = text.get(..m.span.start).unwrap_or("").trim_end();
    let after = text.get(m.span.end..).unwrap_or("").trim_start();
    before.ends_with('(')
        && after
            .strip_prefix(')')
            .is_some_and(|rest| rest.trim().chars().all(|c| c.is_ascii_punctuation()))
}

/// Whether a lower-cased word is a common word: a root of the stemmer's lexicon, a word
/// derived from one (its token's `stem` is a root other than itself), or listed as a
/// common Indonesian or English word.
pub fn is_common_word(w: &str, stem: &str) -> bool {
    if let Some(base) = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")) {
        return ENGLISH_WORDS.contains(base);
    }
    let lexicon = stem::lexicon();
    lexicon.contains(w)
        || COMMON_WORDS.contains(w)
        || ENGLISH_WORDS.contains(w)
        || (w.len() > 5 && stem != w && lexicon.contains(stem))
}

/// `word` lower-cased (the entities module's one [`super::lower`]).
pub(crate) use super::lower;

/// Whether a word has a capital after a small letter, as brands and platforms are written
/// ("TurnBackHoax"), and names only after a prefix ("McDonald", "DiCaprio", "LeBron").
pub(crate) fn is_camel_case(word: &str) -> bool {
    let rest = [
        "Mc", "Mac", "De", "Di", "Du", "La", "Le", "Van", "Von", "O'",
    ]
    .iter()
    .find_map(|p| word.strip_prefix(p))
    .unwrap_or(word);
    camel_split(rest).is_some()
}

/// Where the first part of a word in camel case ends ("Honda" of "HondaBrio"), in bytes:
/// the first capital after a small letter.
pub(crate) fn camel_split(word: &str) -> Option<usize> {
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if prev_lower && c.is_uppercase() {
            return Some(i);
        }
        prev_lower = c.is_lowercase();
    }
    None
}

/// Whether the run of one to three capitalised words right before token `a`, each a space
/// apart, starts with a word that heads organisation names ("PT", "Pondok") and holds no
/// office, rank or honorific ("Direktur PT Sukamaju Budi", "Wakil Ketua Komisi I DPR
/// Rangga" name a person after an office).
fn org_name_before(text: &str, tokens: &[Token], a: usize) -> bool {
    let mut i = a;
    let mut head = false;
    while i > 0 && a - i < 8 {
        let (Some(p), Some(next)) = (tokens.get(i - 1), tokens.get(i)) else {
            return false;
        };
        if text.get(p.end..next.start) != Some(" ")
            || !p.text.chars().next().is_some_and(char::is_uppercase)
        {
            break;
        }
        let w = lower(&p.text);
        if OFFICE_WORDS.contains(w.as_str()) || gazetteer::is_title(&w) {
            return false;
        }
        head = gazetteer::is_org_head(&w);
        i -= 1;
    }
    head && a - i <= 3
}

/// Whether a word is a Roman numeral of a unit or a rank ("VI" of "RU VI"), or a class
/// written as one with its grade letter ("IIB" of "Lapas Kelas IIB"): a name holding one
/// in front of other words starts after it.
fn is_roman_numeral(word: &str) -> bool {
    let numeral = word.strip_suffix(['A', 'B']).filter(|n| !n.is_empty());
    let (digits, min) = numeral.map_or((word, 2), |n| (n, 1));
    (min..=4).contains(&digits.len()) && digits.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
}

/// Whether `span` lies inside a quotation on one line whose words are mostly capitalised:
/// a headline cited in title case, where every word is capitalised, names or not.
fn in_title_case_quote(text: &str, span: Span) -> bool {
    // A headline is short: the quotation marks are looked for this far around the name.
    const REACH: usize = 200;
    let mut lo = span.start.saturating_sub(REACH);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (span.end + REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let line_start = text
        .get(lo..span.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(lo, |i| lo + i + 1);
    let line_end = text
        .get(span.end..hi)
        .and_then(|a| a.find('\n'))
        .map_or(hi, |i| span.end + i);
    let (Some(before), Some(after)) = (
        text.get(line_start..span.start),
        text.get(span.end..line_end),
    ) else {
        return false;
    };
    let Some(open) = before.rfind(['\u{201c}', '"']) else {
        return false;
    };
    let opened = &before[open..];
    let opened = opened
        .get(opened.chars().next().map_or(0, char::len_utf8)..)
        .unwrap_or("");
    if opened.contains(['\u{201d}', '"']) {
        return false;
    }
    let Some(close) = after.find(['\u{201d}', '"']) else {
        return false;
    };
    let inner = [
        opened,
        text.get(span.start..span.end).unwrap_or(""),
        &after[..close],
    ];
    let (mut words, mut caps) = (0, 0);
    // Hashtags and handles are written in lower case whatever the headline's case.
    for w in inner
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|w| !w.starts_with(['#', '@']))
    {
        let Some(first) = w.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        if w.chars().filter(|c| c.is_alphabetic()).count() < 4 {
            continue;
        }
        words += 1;
        caps += usize::from(first.is_uppercase());
    }
    words >= 4 && caps * 5 >= words * 4
}

/// Whether a sentence, a line or a quoted title opens right before `t`.
fn opens_sentence(text: &str, t: &Token) -> bool {
    let before = text
        .get(..t.start)
        .unwrap_or("")
        .trim_end_matches([' ', '\t', '\u{a0}']);
    before.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '\n' | '.'
                | '!'
                | '?'
                | ':'
                | ';'
                | '"'
                | '\u{201c}'
                | '\u{201d}'
                | '\''
                | '\u{2018}'
                | '('
                | '|'
                | '-'
                | '\u{2013}'
                | '\u{2014}'
        )
    })
}

/// Whether a name of two or more words starts or ends with a word that names a kind of
/// place ("Jalan Sukamaju", "Sukamaju Square").
pub fn names_a_place_kind(name: &str) -> bool {
    let mut words = name.split_whitespace();
    let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
        return false;
    };
    PLACE_KINDS.contains(first.to_lowercase().as_str())
        || PLACE_KINDS.contains(last.to_lowercase().as_str())
}
