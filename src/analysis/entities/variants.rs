//! The shapes in which one article writes one name more than one way, beyond the token
//! prefixes and suffixes [`super::merge`] joins directly:
//!
//! - a full form with its short form in brackets read as one mention ("Komisi
//!   Pemberantasan Korupsi (KPK)"): two mentions, so that the full form is a form of its own
//!   ([`split_brackets`]);
//! - a word of a person's full name written alone later, which the tagger, deciding each
//!   sentence alone, leaves untagged ("Cunha" after "Matheus Cunha"): a mention of that
//!   person ([`echo_names`]);
//! - a company with and without its legal form ("PT MRT Jakarta (Perseroda)", "MRT
//!   Jakarta"): compared by their core ([`core_range`]);
//! - a syllable abbreviation ("Jaktim" for "Jakarta Timur", "Kemenperin" for "Kementerian
//!   Perindustrian", "Jokowi" for "Joko Widodo"): [`syllabic`].
//!
//! Everything here is linear in the mentions or tokens of one article: keys are computed
//! once per form or mention, and lookups go through hash maps.

use super::{EntityType, Mention, gazetteer, lower, persons, places};
use crate::analysis::fasthash::FastMap;
use crate::analysis::stem;
use crate::analysis::tokens::Token;
use crate::analysis::{Span, entities::close_bracket};
use compact_str::CompactString;

/// Words that open a company's name for its legal form ("PT", "CV").
const LEGAL_HEADS: [&str; 2] = ["pt", "cv"];

/// Words that close a company's name for its legal form or listing ("Tbk", "(Persero)").
const LEGAL_TAILS: [&str; 9] = [
    "tbk",
    "persero",
    "perseroda",
    "ltd",
    "inc",
    "corp",
    "plc",
    "llc",
    "pte",
];

/// A form's key without the legal-form words at its ends: `[mrt, jakarta]` for "PT MRT
/// Jakarta (Perseroda)". A key that is nothing but such words is its own core.
#[cfg(test)]
pub fn core(key: &[CompactString]) -> &[CompactString] {
    &key[core_range(key)]
}

/// Where a key's words without a legal form lie in it: `1..3` (`[mrt, jakarta]`) for "PT
/// MRT Jakarta (Perseroda)". A key that is nothing but such words is its own core.
pub fn core_range(key: &[CompactString]) -> std::ops::Range<usize> {
    fn bare(w: &CompactString) -> &str {
        w.trim_end_matches('.')
    }
    let mut a = 0;
    let mut b = key.len();
    while a < b && LEGAL_HEADS.contains(&bare(&key[a])) {
        a += 1;
    }
    while b > a && LEGAL_TAILS.contains(&bare(&key[b - 1])) {
        b -= 1;
    }
    if a >= b { 0..key.len() } else { a..b }
}

/// Whether a lower-cased word opens a company's name for its legal form ("pt").
pub fn is_legal_head(lower: &str) -> bool {
    LEGAL_HEADS.contains(&lower.trim_end_matches('.'))
}

/// `mentions` with each one that ends in a one-word bracket ("Komisi Pemberantasan
/// Korupsi (KPK)", "Joko Widodo (Jokowi)") cut in two: the words before the bracket and the
/// word inside it, both of the mention's type. News gives a body's short form this way
/// once and uses it after; as one mention, the full form would never be a form of its own.
/// A bracket inside a name ("Kantor Imigrasi (Kanim) Kotamobagu") is part of the name.
pub fn split_brackets(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let (a, b) = m.tokens;
        let ends_in_bracket = b >= a + 2
            && b <= tokens.len()
            && text.get(tokens[b - 1].end..m.span.end) == Some(")")
            && text
                .get(tokens[b - 2].end..tokens[b - 1].start)
                .is_some_and(|gap| gap.trim_matches([' ', '\u{a0}']) == "(")
            && !name_goes_on(text, m.span.end);
        if !ends_in_bracket {
            out.push(m);
            continue;
        }
        let full = close_bracket(text, Span::new(tokens[a].start, tokens[b - 2].end));
        out.push(Mention {
            span: full,
            kind: m.kind,
            tokens: (a, b - 1),
        });
        out.push(Mention {
            span: tokens[b - 1].span(),
            kind: m.kind,
            tokens: (b - 1, b),
        });
    }
    out
}

/// Legal forms written in brackets after a company's name ("(Persero)").
const BRACKETED_LEGAL_FORMS: [&str; 3] = ["persero", "perseroda", "tbk"];

/// `mentions` with a company's legal form written in brackets after its name made part of
/// it ("PT MRT Jakarta (Perseroda)"): the tagger cuts names at brackets, as it was trained
/// on text where brackets mostly close a name; comparisons leave the legal form out
/// ([`core_range`]), so the article's "MRT Jakarta" still joins it.
pub fn join_bracketed_legal_forms(
    text: &str,
    tokens: &[Token],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    let mut drop = vec![false; mentions.len()];
    for k in 0..mentions.len() {
        let m = &mentions[k];
        let s = m.tokens.1;
        if drop[k] || m.kind != EntityType::Organization || s >= tokens.len() {
            continue;
        }
        let form = &tokens[s];
        let opens = text
            .get(m.span.end..form.start)
            .is_some_and(|g| g.trim_matches([' ', '\u{a0}']) == "(");
        let closes = text.get(form.end..).is_some_and(|r| r.starts_with(')'));
        if !opens || !closes || !BRACKETED_LEGAL_FORMS.contains(&lower(&form.text).as_str()) {
            continue;
        }
        let m = &mut mentions[k];
        m.span = Span::new(m.span.start, form.end + 1);
        m.tokens.1 = s + 1;
        for (j, o) in mentions.iter().enumerate() {
            if j != k && o.tokens == (s, s + 1) {
                drop[j] = true;
            }
        }
    }
    if drop.contains(&true) {
        let mut keep = drop.iter().map(|d| !d);
        mentions.retain(|_| keep.next().unwrap_or(true));
    }
    mentions
}

/// Whether a capitalised word follows byte `at` after spaces only: the name the tagger
/// cut at a bracket goes on ("Kilang Sukamaju (KS) Unit Barat"), and the bracket is inside
/// it.
fn name_goes_on(text: &str, at: usize) -> bool {
    text.get(at..).is_some_and(|rest| {
        let next = rest.trim_start_matches([' ', '\u{a0}']);
        let word = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        // A unit after a company's ticker ("(BBRI) Rp 241 miliar") is no part of a name.
        next.len() < rest.len() && word.starts_with(char::is_uppercase) && word.chars().count() >= 3
    })
}

/// Administrative words a place's name may open with ("Kota Jakarta", "Provinsi Aceh").
const ADMIN_HEADS: [&str; 4] = ["Kota", "Kabupaten", "Kab", "Provinsi"];

/// `mentions` with each place mention extended over a capitalised administrative word
/// right before it that no other mention holds ("Provinsi" in "milik Provinsi Aceh"): the
/// tagger often leaves it out, but it is part of how the article names the place, and
/// the short form ("Aceh") then joins it as one place.
pub fn extend_over_admin_words(
    text: &str,
    tokens: &[Token],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    let mut previous_end = 0;
    for m in &mut mentions {
        let a = m.tokens.0;
        let free = a > previous_end;
        previous_end = m.tokens.1;
        if m.kind != EntityType::Location || !free || a == 0 || a > tokens.len() {
            continue;
        }
        let (head, first) = (&tokens[a - 1], &tokens[a]);
        let joined = text
            .get(head.end..first.start)
            .is_some_and(|g| !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}'));
        if joined && ADMIN_HEADS.contains(&head.text.as_str()) {
            m.tokens.0 = a - 1;
            m.span = Span::new(head.start, m.span.end);
        }
    }
    mentions
}

/// `mentions` with the offices cut from the front of each person mention, when two words
/// or more are left: the titles, ranks and honorifics it opens with ("Iptu Budi
/// Santoso"), and everything up to a rank inside it ("Sukamaju Kompol Budi Santoso"). The
/// tagger often takes an office into the name, but the name is the person's and the
/// office their title, read from the text before the name. Other office words inside a
/// name may be part of it ("Lukman Hakim"); a short name after an honorific ("Mas Nul")
/// is how the article names the person.
pub fn trim_offices(tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    mentions
        .into_iter()
        .map(|mut m| {
            let (a, b) = m.tokens;
            if m.kind != EntityType::Person || b < a + 3 || b > tokens.len() {
                return m;
            }
            let office = |k: &usize| {
                let w = lower(&tokens[*k].text);
                persons::is_office_word(&w) || gazetteer::is_title(&w)
            };
            let lead = (a..b).take_while(|k| office(k)).count();
            let rank = (a..b - 2)
                .rev()
                .find(|&k| persons::is_rank(&lower(&tokens[k].text)))
                .map_or(0, |k| k + 1 - a);
            let cut = lead.max(rank);
            if cut > 0 && a + cut + 2 <= b {
                m.tokens = (a + cut, b);
                m.span = Span::new(tokens[a + cut].start, m.span.end);
            }
            m
        })
        .collect()
}

/// Whether the bytes between two tokens are spaces only (no line break, no punctuation).
fn spaced(text: &str, x: &Token, y: &Token) -> bool {
    text.get(x.end..y.start)
        .is_some_and(|g| !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}'))
}

/// Whether a token is a common word of the language: its stem is in the root lexicon.
fn common_word(t: &Token) -> bool {
    stem::lexicon().contains(&t.stem)
}

/// `mentions` with the words the tagger took from a person's neighbours cut from each
/// person mention, when two words or more are left:
/// - at its front, the place that ends the unit written right before it ("PT Sukamaju
///   Unit VI Karangsari Budi Santoso"), when the article names something else with that
///   word at its end ("Kilang Karangsari"): a unit's place is no given name;
/// - at its front, the common words after "dan" that end an office's portfolio
///   ("Menteri Agraria dan Tata Ruang Budi Santoso");
/// - at its end, a common word the article also writes in lower case, after words the
///   article's other person mentions name ("Budi Marah." beside "Budi Santoso"): a
///   headline's capitalised verb or adjective, not a surname.
///
/// The tagger reads capitals as a name, so a run of them takes in what stands beside the
/// name; the merge then keeps the short forms of that person apart.
pub fn trim_borrowed_words(
    text: &str,
    tokens: &[Token],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    let joined_before = |a: usize| a > 0 && spaced(text, &tokens[a - 1], &tokens[a]);
    // What each rule needs to look further: most person mentions fit none of them.
    let unit =
        |(a, b): (usize, usize)| b >= a + 3 && joined_before(a) && capitalised(&tokens[a - 1]);
    let after_dan =
        |(a, _): (usize, usize)| joined_before(a) && a >= 2 && tokens[a - 1].text == "dan";
    let common_end = |(a, b): (usize, usize)| b == a + 2 && common_word(&tokens[b - 1]);
    let candidate = |m: &Mention| {
        m.kind == EntityType::Person
            && m.tokens.1 <= tokens.len()
            && (unit(m.tokens) || after_dan(m.tokens) || common_end(m.tokens))
    };
    let picked: Vec<usize> = (0..mentions.len())
        .filter(|&i| candidate(&mentions[i]))
        .collect();
    if picked.is_empty() {
        return mentions;
    }
    let word = |k: usize| lower(&tokens[k].text);
    let valid = |m: &Mention| m.tokens.0 < m.tokens.1 && m.tokens.1 <= tokens.len();
    // The words that end a mention of another kind; the words of person mentions, with how
    // many mentions hold each; the article's words written in lower case. Each is built
    // the first time a rule asks.
    let mut ends: Option<Vec<CompactString>> = None;
    let mut in_persons: Option<FastMap<CompactString, usize>> = None;
    let mut lower_case: Option<Vec<&str>> = None;
    for i in picked {
        let (mut a, mut b) = mentions[i].tokens;
        if unit((a, b)) {
            let ends = ends.get_or_insert_with(|| {
                mentions
                    .iter()
                    .filter(|m| m.kind != EntityType::Person && valid(m))
                    .map(|m| word(m.tokens.1 - 1))
                    .collect()
            });
            if ends.contains(&word(a)) {
                a += 1;
            }
        }
        if after_dan((a, b)) {
            // Back over the capitalised words before "dan" to an office ("Menteri").
            let office = (a.saturating_sub(6)..a - 1)
                .rev()
                .take_while(|&k| {
                    capitalised(&tokens[k]) && spaced(text, &tokens[k], &tokens[k + 1])
                })
                .any(|k| persons::is_office_word(&word(k)));
            while office && b >= a + 3 && common_word(&tokens[a]) {
                a += 1;
            }
        }
        if common_end((a, b)) {
            let counts = in_persons.get_or_insert_with(|| {
                let mut counts: FastMap<CompactString, usize> = FastMap::default();
                for m in mentions
                    .iter()
                    .filter(|m| m.kind == EntityType::Person && valid(m))
                {
                    for k in m.tokens.0..m.tokens.1 {
                        *counts.entry(word(k)).or_default() += 1;
                    }
                }
                counts
            });
            let last = word(b - 1);
            let named = (a..b - 1).all(|k| counts.get(&word(k)).is_some_and(|&n| n >= 2));
            let alone = counts.get(&last).is_some_and(|&n| n == 1);
            let written_lower = named && alone && {
                let words = lower_case.get_or_insert_with(|| {
                    let mut w: Vec<&str> = tokens
                        .iter()
                        .filter(|t| t.text.starts_with(char::is_lowercase))
                        .map(|t| t.text.as_str())
                        .collect();
                    w.sort_unstable();
                    w
                });
                words.binary_search(&last.as_str()).is_ok()
            };
            if written_lower {
                b -= 1;
            }
        }
        let m = &mut mentions[i];
        if (a, b) != m.tokens {
            m.tokens = (a, b);
            m.span = Span::new(tokens[a].start, tokens[b - 1].end);
        }
    }
    mentions
}

/// Whether a lower-cased word of a person's name may stand for the person alone: a word
/// that is no office, organisation head, stopword or common word of the lexicon, and
/// long enough not to be an initial.
fn name_word(token: &Token, lower: &str) -> bool {
    lower.chars().count() >= 3
        && lower.chars().all(char::is_alphabetic)
        && !token.stop
        && !persons::is_office_word(lower)
        && !gazetteer::is_title(lower)
        && !gazetteer::is_org_head(lower)
        && !stem::lexicon().contains(lower)
}

/// Whether a token is capitalised but not in capitals only: an acronym echoes by its
/// initials ([`acronym_echoes`]), not as a word of a name.
fn mixed_case(token: &Token) -> bool {
    capitalised(token) && token.text.chars().any(char::is_lowercase)
}

/// Whether a word of an organisation's or place's name is its own, so that written alone
/// it still names that body or place ("Sukamaju" of "Stadion Sukamaju"): written in mixed
/// case, no place of the tagger's list, and not derived from a common word
/// ("Perjuangan"). A place of the wider list ("Madrid" of "Real Madrid" is also the city)
/// is ruled out when it is found alone ([`places::is_listed`] is dearer).
fn own_word(token: &Token, lower: &str) -> bool {
    mixed_case(token) && !common_word(token) && !gazetteer::is_place(lower)
}

/// Whether a token is written with a capital first letter.
fn capitalised(t: &Token) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

/// `mentions` with a mention added for each untagged word of a multi-word name written
/// alone ("Cunha" after "Matheus Cunha", "Irwan" after "Irwan Mussry", "Sukamaju" after
/// "Stadion Sukamaju"), of the name's kind, when the word is in no other name, no other
/// kind of mention, and never written in lower case in the article, and it is not part
/// of a longer capitalised run (a rank or title before a person's word is fine: "Pak
/// Irwan"). An organisation's or place's word must be its own ([`own_word`]) and follow
/// a lower-case word. The tagger types each sentence alone, and a surname alone in a
/// sentence of its own gives it little to go on; the article has already said who it is.
pub fn echo_names(text: &str, tokens: &[Token], mut mentions: Vec<Mention>) -> Vec<Mention> {
    let multi = |m: &Mention| m.tokens.1 >= m.tokens.0 + 2;
    if !mentions.iter().any(multi) {
        return mentions;
    }
    // Each candidate word, with the person mention it comes from (`None` once a second
    // name, a mention of another kind, or a lower-case use rules it out); and a cheap
    // filter on first letter and length together, so that most tokens are never looked
    // up (`& 31` folds an ASCII letter's two cases into one slot).
    let mut words: FastMap<CompactString, Option<usize>> = FastMap::default();
    let mut lengths = [0u64; 32];
    let mut covered = vec![false; tokens.len()];
    let range = |m: &Mention| m.tokens.0.min(tokens.len())..m.tokens.1.min(tokens.len());
    for (i, m) in mentions.iter().enumerate() {
        covered[range(m)].iter_mut().for_each(|c| *c = true);
        if !multi(m) {
            continue;
        }
        let person = m.kind == EntityType::Person;
        // A place's own word is its last: its kind comes first ("Bandara Sukamaju"), and
        // a first word may be a body's or a brand's ("Polresta Sukamaju", "Apple Park").
        // A listed place's last word is a direction or a kind ("Nusa Tenggara").
        let words_of = match m.kind {
            EntityType::Location => range(m).end.saturating_sub(1)..range(m).end,
            _ => range(m),
        };
        for t in &tokens[words_of] {
            if !person && !mixed_case(t) {
                continue;
            }
            let w = lower(&t.text);
            if !name_word(t, &w) || (!person && !own_word(t, &w)) {
                continue;
            }
            if m.kind == EntityType::Location && places::is_listed(m.span.of(text)) {
                continue;
            }
            lengths[usize::from(w.as_bytes()[0] & 31)] |= 1 << w.len().min(63);
            let same_name = |j: usize| same_words(tokens, &mentions[j], m);
            words
                .entry(w)
                .and_modify(|v| {
                    if v.is_some_and(|j| !same_name(j)) {
                        *v = None;
                    }
                })
                .or_insert(Some(i));
        }
    }
    let maybe = |t: &Token| {
        let b = t.text.as_bytes();
        b.first()
            .is_some_and(|f| lengths[usize::from(f & 31)] & (1 << b.len().min(63)) != 0)
    };
    // A word in a mention of another kind is that name's too ("Sukamaju" of the person
    // "Budi Sukamaju" and of the place "Jalan Sukamaju").
    for m in &mentions {
        for t in tokens[range(m)].iter().filter(|t| maybe(t)) {
            if let Some(v) = words.get_mut(lower(&t.text).as_str())
                && v.is_some_and(|j| mentions[j].kind != m.kind)
            {
                *v = None;
            }
        }
    }
    // A line break ends a run: a heading's last word ("Dari Kayu Mahoni") does not make
    // the name that opens the next line part of a longer name.
    let gap_is_space = |x: &Token, y: &Token| {
        text.get(x.end..y.start)
            .is_some_and(|g| g.chars().all(|c| c.is_whitespace() && c != '\n'))
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    let acronyms = acronym_echoes(tokens, &mentions, &covered);
    for (i, t) in tokens.iter().enumerate() {
        if !maybe(t) {
            continue;
        }
        if !capitalised(t) {
            // The article writes the word in lower case: a common word after all.
            if let Some(v) = words.get_mut(t.text.as_str()) {
                *v = None;
            }
            continue;
        }
        if covered[i] {
            continue;
        }
        let Some(&Some(from)) = words.get(&lower(&t.text)) else {
            continue;
        };
        let next_joins = tokens
            .get(i + 1)
            .is_some_and(|n| capitalised(n) && gap_is_space(t, n));
        let prev_joins = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|p| {
                capitalised(p) && gap_is_space(p, t) && !persons::is_office_word(&lower(&p.text))
            });
        // "Menteri Sukamaju dan Tata Ruang": a word between an office and "dan" with a
        // capitalised word after it names the office's portfolio, not its holder.
        let portfolio = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|p| {
                capitalised(p) && gap_is_space(p, t) && persons::is_office_word(&lower(&p.text))
            })
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.text == "dan" && gap_is_space(t, n))
            && tokens.get(i + 2).is_some_and(capitalised);
        // A word of an organisation's or place's name stands for it after a lower-case
        // word ("di kawasan Sukamaju"); at a sentence's start or after a capital it may
        // open another name or be a word of the sentence.
        let after_lower = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|p| p.text.starts_with(char::is_lowercase) && gap_is_space(p, t));
        let person = mentions[from].kind == EntityType::Person;
        if !next_joins
            && !prev_joins
            && !portfolio
            && (person || (after_lower && !places::is_listed(&t.text)))
        {
            found.push((i, from));
        }
    }
    let mut added = !acronyms.is_empty();
    mentions.extend(acronyms);
    for (i, from) in found {
        if words
            .get(&lower(&tokens[i].text))
            .is_some_and(|v| *v == Some(from))
        {
            mentions.push(Mention {
                span: tokens[i].span(),
                kind: mentions[from].kind,
                tokens: (i, i + 1),
            });
            added = true;
        }
    }
    if added {
        mentions.sort_by_key(|m| m.span.start);
    }
    mentions
}

/// Mentions for the untagged all-capitals words that are the initials of one multi-word
/// organisation or place of the article ("UI" where "Universitas Indonesia" is tagged), of
/// its type. A listed title or place ("RI") is left, and so is a legal form ("PT"); a
/// listed organisation head ("BI") echoes only an organisation: the tagger, deciding
/// each sentence alone, leaves a known acronym untagged as often as any other.
fn acronym_echoes(tokens: &[Token], mentions: &[Mention], covered: &[bool]) -> Vec<Mention> {
    let mut by_initials: FastMap<CompactString, Option<EntityType>> = FastMap::default();
    for m in mentions {
        if m.kind == EntityType::Person || m.tokens.1 < m.tokens.0 + 2 {
            continue;
        }
        let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
        let initials: CompactString = words
            .iter()
            .filter_map(|t| t.text.chars().next())
            .filter(|c| c.is_uppercase())
            .flat_map(char::to_lowercase)
            .collect();
        if initials.len() < 2 || initials.len() > 6 {
            continue;
        }
        by_initials
            .entry(initials)
            .and_modify(|k| {
                if *k != Some(m.kind) {
                    *k = None;
                }
            })
            .or_insert(Some(m.kind));
    }
    let mut out = Vec::new();
    if by_initials.is_empty() {
        return out;
    }
    for (i, t) in tokens.iter().enumerate() {
        let b = t.text.as_bytes();
        let caps = (2..=6).contains(&b.len()) && b.iter().all(u8::is_ascii_uppercase);
        if !caps || covered.get(i).copied().unwrap_or(true) {
            continue;
        }
        let w = lower(&t.text);
        if gazetteer::is_title(&w) || gazetteer::is_place(&w) || is_legal_head(&w) {
            continue;
        }
        if let Some(&Some(kind)) = by_initials.get(&w) {
            // A listed organisation head ("BI", "DPR") is an organisation's initials: it
            // echoes the one organisation it abbreviates, never a place.
            if gazetteer::is_org_head(&w) && kind != EntityType::Organization {
                continue;
            }
            out.push(Mention {
                span: t.span(),
                kind,
                tokens: (i, i + 1),
            });
        }
    }
    out
}

/// Whether two mentions are the same words (ignoring case).
fn same_words(tokens: &[Token], x: &Mention, y: &Mention) -> bool {
    let words = |m: &Mention| tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
    let (x, y) = (words(x), words(y));
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|(a, b)| lower(&a.text) == lower(&b.text))
}

/// Words a syllable abbreviation passes over ("Kementerian Komunikasi dan Digital").
const CONNECTORS: [&str; 9] = ["dan", "and", "of", "the", "di", "ke", "untuk", "serta", "&"];

fn vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether `short` (lower case) abbreviates `words` (lower case) by syllables, the way
/// Indonesian shortens names: "jaktim" for "jakarta timur", "kemenperin" for "kementerian
/// perindustrian", "kemendagri" for "kementerian dalam negeri", "akpol" for "akademi
/// kepolisian", "jokowi" for "joko widodo". `short` opens with the first word's first two
/// letters or more; each later word gives nothing or a piece that starts at a syllable
/// (the word's start, or a consonant before a vowel) and goes on through the word, passing
/// over vowels only; two words or more give a piece. With `strict` (a person's name), every
/// word gives a piece that starts the word. ASCII only.
pub fn syllabic(short: &str, words: &[&str], strict: bool) -> bool {
    let s = short.as_bytes();
    let words: Vec<&[u8]> = words
        .iter()
        .filter(|w| !CONNECTORS.contains(w))
        .map(|w| w.as_bytes())
        .collect();
    if s.len() < 4
        || s.len() > 16
        || words.len() < 2
        || words.len() > 8
        || !s.iter().all(u8::is_ascii_lowercase)
        || !words.iter().all(|w| w.iter().all(u8::is_ascii_lowercase))
    {
        return false;
    }
    let first = words[0];
    // The first word's piece: its first two letters or more.
    (2..=first.len().min(s.len() - 1))
        .take_while(|&n| s[..n] == first[..n])
        .any(|n| pieces(&s[n..], &words[1..], 1, strict))
}

/// Whether `rest` is made of pieces of `words`, in order (see [`syllabic`]); `given` is how
/// many words gave a piece so far.
fn pieces(rest: &[u8], words: &[&[u8]], given: usize, strict: bool) -> bool {
    if rest.is_empty() {
        return given >= 2 && (!strict || words.is_empty());
    }
    let Some((w, later)) = words.split_first() else {
        return false;
    };
    let onsets = (0..w.len()).filter(|&k| {
        k == 0 || (!strict && !vowel(w[k]) && w.get(k + 1).is_some_and(|&c| vowel(c)))
    });
    for k in onsets {
        if w[k] != rest[0] {
            continue;
        }
        // Take the piece letter by letter; after each, try to go on to the next word.
        let (mut i, mut j) = (1, k + 1);
        loop {
            if pieces(&rest[i..], later, given + 1, strict) {
                return true;
            }
            if i == rest.len() {
                break;
            }
            // Skip vowels of the word (not in strict mode) to reach the next letter.
            while !strict && j < w.len() && w[j] != rest[i] && vowel(w[j]) {
                j += 1;
            }
            if j < w.len() && w[j] == rest[i] {
                i += 1;
                j += 1;
            } else {
                break;
            }
        }
    }
    // This word gives nothing.
    !strict && pieces(rest, later, given, strict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens::tokenize;

    fn key(words: &str) -> Vec<CompactString> {
        words.split(' ').map(CompactString::from).collect()
    }

    #[test]
    fn core_drops_legal_form_words_at_the_ends() {
        assert_eq!(core(&key("pt sinar terang tbk")), &key("sinar terang")[..]);
        assert_eq!(core(&key("pt. sinar terang")), &key("sinar terang")[..]);
        assert_eq!(core(&key("sinar terang")), &key("sinar terang")[..]);
        assert_eq!(core(&key("pt tbk")), &key("pt tbk")[..]);
    }

    #[test]
    fn syllable_abbreviations_are_read() {
        assert!(syllabic("jaksel", &["jakarta", "selatan"], false));
        assert!(syllabic(
            "kemenlu",
            &["kementerian", "luar", "negeri"],
            false
        ));
        assert!(syllabic(
            "kemendagri",
            &["kementerian", "dalam", "negeri"],
            false
        ));
        assert!(syllabic("kemenhub", &["kementerian", "perhubungan"], false));
        assert!(syllabic("akpol", &["akademi", "kepolisian"], false));
        assert!(syllabic("kejati", &["kejaksaan", "tinggi"], false));
        assert!(syllabic("jokowi", &["joko", "widodo"], true));
    }

    #[test]
    fn other_words_are_no_syllable_abbreviation() {
        // One word gives everything: no abbreviation.
        assert!(!syllabic("jakarta", &["jakarta", "barat"], false));
        // Letters out of order or from nowhere.
        assert!(!syllabic(
            "kemensos",
            &["kementerian", "perhubungan"],
            false
        ));
        assert!(!syllabic("bandung", &["bank", "dunia"], false));
        // A person's name gives a piece of every word, from its start.
        assert!(!syllabic("jowid", &["joko", "santoso", "widodo"], true));
        assert!(!syllabic("jodo", &["joko", "widodo"], true));
    }

    #[test]
    fn a_bracketed_short_form_is_cut_from_its_full_form() {
        let text = "Komisi Pengawas Sungai (KPS) datang.";
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(0, 28),
            kind: EntityType::Organization,
            tokens: (0, 4),
        };
        let out = split_brackets(text, &toks, vec![m]);
        let texts: Vec<&str> = out.iter().map(|m| m.span.of(text)).collect();
        assert_eq!(texts, vec!["Komisi Pengawas Sungai", "KPS"]);
        assert_eq!((out[0].tokens, out[1].tokens), ((0, 3), (3, 4)));
    }

    #[test]
    fn a_bracket_inside_a_name_stays() {
        let text = "Kantor Pajak (KP) Sukamaju datang.";
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(0, 26),
            kind: EntityType::Organization,
            tokens: (0, 4),
        };
        let out = split_brackets(text, &toks, vec![m.clone()]);
        assert_eq!(out, vec![m]);
        // The tagger stopped at the bracket, but the name goes on after it.
        let m = Mention {
            span: Span::new(0, 17),
            kind: EntityType::Organization,
            tokens: (0, 3),
        };
        let out = split_brackets(text, &toks, vec![m.clone()]);
        assert_eq!(out, vec![m]);
    }

    /// The person mentions `echo_names` adds to a mention of `name` at tokens `range`.
    fn echoes(text: &str, range: (usize, usize)) -> Vec<&str> {
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(toks[range.0].start, toks[range.1 - 1].end),
            kind: EntityType::Person,
            tokens: range,
        };
        echo_names(text, &toks, vec![m])
            .iter()
            .skip(1)
            .map(|m| m.span.of(text))
            .collect()
    }

    #[test]
    fn a_place_takes_the_administrative_word_before_it() {
        let text = "Pulau itu milik Provinsi Sukamaju, bukan kota Lembang.";
        let toks = tokenize(text, "id");
        let at = |a: usize| Mention {
            span: toks[a].span(),
            kind: EntityType::Location,
            tokens: (a, a + 1),
        };
        let out = extend_over_admin_words(text, &toks, vec![at(4), at(7)]);
        let texts: Vec<&str> = out.iter().map(|m| m.span.of(text)).collect();
        // "kota" in lower case is a common noun, not part of the name.
        assert_eq!(texts, vec!["Provinsi Sukamaju", "Lembang"]);
        assert_eq!(out[0].tokens, (3, 5));
    }

    #[test]
    fn offices_are_cut_from_the_front_of_a_persons_name() {
        let text = "Kapolsek Sukamaju Kompol Budi Santoso tiba, disusul Wiratmo.";
        let toks = tokenize(text, "id");
        let at = |a: usize, b: usize| Mention {
            span: Span::new(toks[a].start, toks[b - 1].end),
            kind: EntityType::Person,
            tokens: (a, b),
        };
        let out = trim_offices(&toks, vec![at(0, 5), at(2, 5), at(2, 4)]);
        let texts: Vec<&str> = out.iter().map(|m| m.span.of(text)).collect();
        // One word after an office ("Kompol Budi") is left as the article wrote it.
        assert_eq!(texts, vec!["Budi Santoso", "Budi Santoso", "Kompol Budi"]);
        // An office word inside a name is part of it.
        let text = "Menteri Agama Lukman Hakim Sasongko datang.";
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(toks[2].start, toks[4].end),
            kind: EntityType::Person,
            tokens: (2, 5),
        };
        assert_eq!(trim_offices(&toks, vec![m.clone()]), vec![m]);
    }

    #[test]
    fn untagged_initials_of_a_tagged_body_are_its_mentions() {
        let text = "Universitas Kota Sukamaju membuka pendaftaran. UKS menerima 300 mahasiswa.";
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(0, 25),
            kind: EntityType::Organization,
            tokens: (0, 3),
        };
        let out = echo_names(text, &toks, vec![m]);
        let texts: Vec<(&str, EntityType)> =
            out.iter().map(|m| (m.span.of(text), m.kind)).collect();
        assert_eq!(
            texts,
            vec![
                ("Universitas Kota Sukamaju", EntityType::Organization),
                ("UKS", EntityType::Organization)
            ]
        );
    }

    #[test]
    fn a_surname_alone_is_the_person_named_in_full() {
        let text = "Pelatih memuji Wiratmo Sasongko. Sasongko mencetak dua gol, kata Pak Wiratmo.";
        assert_eq!(echoes(text, (2, 4)), vec!["Sasongko", "Wiratmo"]);
    }

    #[test]
    fn a_word_naming_an_offices_portfolio_is_no_echo() {
        // After an office and before "dan" with another capitalised word: the portfolio.
        let text =
            "Tim Wiratmo Sasongko hadir. Menteri Sasongko dan Tata Kota Budi Santoso datang.";
        assert!(echoes(text, (1, 3)).is_empty());
        // After an office alone, the holder's name.
        let text = "Tim Wiratmo Sasongko hadir. Menteri Sasongko datang.";
        assert_eq!(echoes(text, (1, 3)), vec!["Sasongko"]);
    }

    #[test]
    fn a_name_word_in_a_longer_name_or_in_lower_case_is_left() {
        // "Sasongko Putra" is someone else.
        let text = "Pelatih memuji Wiratmo Sasongko. Sasongko Putra mencetak gol.";
        assert!(echoes(text, (2, 4)).is_empty());
        // Written in lower case elsewhere: a common word, not the name.
        let text = "Pelatih memuji Wiratmo Sasongko. Sasongko mencetak gol di sasongko.";
        assert!(echoes(text, (2, 4)).is_empty());
    }

    /// A mention of `words`, the first place the text writes them, of `kind`.
    fn mention_of(text: &str, toks: &[Token], words: &str, kind: EntityType) -> Mention {
        let start = text.find(words).expect("words in text");
        let end = start + words.len();
        let a = toks
            .iter()
            .position(|t| t.start == start)
            .expect("word start");
        let b = toks.iter().position(|t| t.end == end).expect("word end") + 1;
        Mention {
            span: Span::new(start, end),
            kind,
            tokens: (a, b),
        }
    }

    /// The texts of the mentions after [`trim_borrowed_words`].
    fn trimmed(text: &str, mentions: &[(&str, EntityType)]) -> Vec<String> {
        let toks = tokenize(text, "id");
        let ms = mentions
            .iter()
            .map(|(w, k)| mention_of(text, &toks, w, *k))
            .collect();
        trim_borrowed_words(text, &toks, ms)
            .iter()
            .map(|m| m.span.of(text).to_string())
            .collect()
    }

    #[test]
    fn a_units_place_is_cut_from_the_front_of_a_persons_name() {
        let text = "Manajer PT Sukamaju Unit VI Karangsari Budi Santoso hadir. Kilang \
                    Karangsari aman.";
        let (org, per) = (EntityType::Organization, EntityType::Person);
        let out = trimmed(
            text,
            &[
                ("PT Sukamaju Unit VI", org),
                ("Karangsari Budi Santoso", per),
                ("Kilang Karangsari", org),
            ],
        );
        assert_eq!(out[1], "Budi Santoso");
        // No other name ends with the word: it may be the person's.
        let text = "Manajer PT Sukamaju Unit VI Karangsari Budi Santoso hadir.";
        let out = trimmed(
            text,
            &[
                ("PT Sukamaju Unit VI", org),
                ("Karangsari Budi Santoso", per),
            ],
        );
        assert_eq!(out[1], "Karangsari Budi Santoso");
    }

    #[test]
    fn an_offices_portfolio_after_dan_is_cut_from_the_front_of_a_persons_name() {
        let text = "Menteri Agraria dan Tata Ruang Budi Santoso mengatakan itu.";
        let out = trimmed(text, &[("Tata Ruang Budi Santoso", EntityType::Person)]);
        assert_eq!(out, vec!["Budi Santoso"]);
        // "dan" between two persons: the name is left whole.
        let text = "Wiratmo dan Tata Ruang Budi Santoso datang.";
        let out = trimmed(text, &[("Tata Ruang Budi Santoso", EntityType::Person)]);
        assert_eq!(out, vec!["Tata Ruang Budi Santoso"]);
    }

    #[test]
    fn a_common_word_after_a_known_name_is_cut_from_a_persons_end() {
        let per = EntityType::Person;
        let text = "\"Wiratmo Marah.\" Wiratmo Sasongko membuat warga marah.";
        let out = trimmed(text, &[("Wiratmo Marah", per), ("Wiratmo Sasongko", per)]);
        assert_eq!(out, vec!["Wiratmo", "Wiratmo Sasongko"]);
        // Never written in lower case: it may be a surname.
        let text = "\"Wiratmo Marah.\" Wiratmo Sasongko membuat warga kesal.";
        let out = trimmed(text, &[("Wiratmo Marah", per), ("Wiratmo Sasongko", per)]);
        assert_eq!(out, vec!["Wiratmo Marah", "Wiratmo Sasongko"]);
    }

    #[test]
    fn a_listed_head_is_the_initials_of_an_organisation_only() {
        let text = "Bank Indonesia menahan suku bunga. Sehingga BI memantau rupiah.";
        let toks = tokenize(text, "id");
        let bank = mention_of(text, &toks, "Bank Indonesia", EntityType::Organization);
        let out = echo_names(text, &toks, vec![bank.clone()]);
        let texts: Vec<&str> = out.iter().map(|m| m.span.of(text)).collect();
        assert_eq!(texts, vec!["Bank Indonesia", "BI"]);
        let place = Mention {
            kind: EntityType::Location,
            ..bank
        };
        assert_eq!(echo_names(text, &toks, vec![place]).len(), 1);
    }

    /// The mentions `echo_names` adds to one mention of `words` of `kind`.
    fn echoes_of<'a>(text: &'a str, words: &str, kind: EntityType) -> Vec<(&'a str, EntityType)> {
        let toks = tokenize(text, "id");
        let m = mention_of(text, &toks, words, kind);
        echo_names(text, &toks, vec![m.clone()])
            .into_iter()
            .filter(|e| *e != m)
            .map(|e| (e.span.of(text), e.kind))
            .collect()
    }

    #[test]
    fn a_places_own_word_alone_after_a_lower_case_word_is_the_place() {
        let loc = EntityType::Location;
        let text = "Laga digelar di Stadion Wiratama. Penonton memadati kawasan Wiratama.";
        assert_eq!(
            echoes_of(text, "Stadion Wiratama", loc),
            vec![("Wiratama", loc)]
        );
        // At a sentence's start the word may open another name.
        let text = "Laga digelar di Stadion Wiratama. Wiratama Putra hadir. Wiratama ramai.";
        assert!(echoes_of(text, "Stadion Wiratama", loc).is_empty());
        // A place's first word may be another thing's name.
        let text = "Kantor baru di Wiratama Park. Saham milik Wiratama naik.";
        assert!(echoes_of(text, "Wiratama Park", loc).is_empty());
    }

    #[test]
    fn an_organisations_own_word_alone_is_the_organisation() {
        let org = EntityType::Organization;
        let text = "Laba Wiratama Karsa Indonesia naik. Direksi berkata laporan Wiratama rapi.";
        assert_eq!(
            echoes_of(text, "Wiratama Karsa Indonesia", org),
            vec![("Wiratama", org)]
        );
        // A listed place is the place too ("Madrid"), and a word derived from a common
        // word is the common word ("Perjuangan").
        let text = "Real Madrid menang. Pemain tiba di Madrid, lalu kembali ke Perjuangan.";
        assert!(echoes_of(text, "Real Madrid", org).is_empty());
        let text = "Partai Sukamaju Perjuangan menang. Semangat Perjuangan terasa.";
        assert!(echoes_of(text, "Partai Sukamaju Perjuangan", org).is_empty());
    }
}
