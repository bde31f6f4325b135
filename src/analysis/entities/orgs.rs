//! A second look at the mentions typed as organisations, after places are typed and
//! persons screened ([`super::persons`]):
//! - a generic body ("Dinas Pendidikan", "Kantor Imigrasi": an organisation head and
//!   common words only) right before a place is one name with it ("Dinas Pendidikan
//!   Kabupaten Sukamaju"): the tagger often stops at the place, which the labels and the
//!   reader take as part of the body's name;
//! - a mention of common words only, written in capitals ("GRATIS", "MONEY POLITIK": a
//!   shouted slogan), or a lone common word the article also writes in lower case
//!   ("Perseroan" for "the company"), is dropped;
//! - the outlet in a dateline that opens the text ("Sukamaju, Kabar Sukamaju --") is
//!   dropped: it is the publisher, not a body the article is about;
//! - a product, a stock index or a payment system (`lexicon/products.txt`: "IHSG",
//!   "BI-FAST", "Honda HR-V"), or a name right after a kind of goods ("jam tangan
//!   Sukawatch", `lexicon/product_kinds.txt`), is dropped: a thing, not a body;
//! - a name with an academic degree after it ("Rangga Wiratama S.T"), or a name listed
//!   with persons ("Budi Santoso dan Rangga Wiratama"), is a person; so are the other
//!   organisation mentions that are the end of that name ("Wiratama");
//! - a mention that opens with a kind of place heading no body ("Stadion Sukamaju",
//!   "Alun-Alun Sukamaju"), or a name right after capitalised kinds of place the tagger
//!   left out ("Stade" of "Stade Sukamaju", "Komplek Perumahan" of "Komplek Perumahan
//!   Sukamaju"), is that place, a location;
//! - legal forms alone ("Pte Ltd", left over from a name the tagger cut) are dropped, and
//!   a company's name the tagger cut short ("PT Sukamaju" of "PT Sukamaju Agung Makmur")
//!   runs on over the capitalised words after it that no other mention holds.

use super::{EntityType, Mention, gazetteer, persons, places};
use crate::analysis::fasthash::FastSet;
use crate::analysis::lexicon::entries;
use crate::analysis::{Span, tokens::Token};
use std::sync::LazyLock;

/// Words that alone name a kind of body, not one ("PT", "Pemkot").
static GENERIC_BODIES: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/generic_bodies.txt")).collect());

/// Heads of bodies every province, regency or city has one of ("Dinas", "Kantor").
static LOCAL_BODY_HEADS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/local_body_heads.txt")).collect());

/// Words that make a phrase of common words a body's name ("Departemen", "United").
static BODY_WORDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/body_words.txt")).collect());

/// Products, indices and payment systems, lower case without spaces ("bi-fast", "dowjones").
static PRODUCTS: LazyLock<FastSet<String>> = LazyLock::new(|| {
    entries(include_str!("../lexicon/products.txt"))
        .map(|e| e.split_whitespace().collect())
        .collect()
});

/// Kinds of goods a make or model follows, lower case ("mobil", "jam tangan").
static PRODUCT_KINDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/product_kinds.txt")).collect());

/// Academic degrees after a name, lower case without dots ("st" for "S.T").
static DEGREES: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/academic_degrees.txt")).collect());

/// Legal forms that end a company's name ("Pte Ltd", "Tbk"): no name on their own.
const LEGAL_SUFFIXES: [&str; 12] = [
    "pte", "ltd", "inc", "llc", "plc", "corp", "tbk", "gmbh", "co", "sdn", "bhd", "persero",
];

/// Administrative words that may stand between a body and its place ("Badan Pendapatan
/// Daerah Provinsi Sukamaju", "Dinas Pendidikan Kota Sukamaju"): the tagger leaves them
/// out of both, and the place mention is extended over "Kota" and "Provinsi" only later.
const ADMIN_WORDS: [&str; 7] = [
    "daerah",
    "provinsi",
    "kabupaten",
    "kab",
    "kota",
    "kecamatan",
    "administrasi",
];

/// `mentions` (in text order) with organisation mentions joined, dropped or kept as above.
pub fn screen(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    if !mentions.iter().any(|m| m.kind == EntityType::Organization) {
        return mentions;
    }
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    // Local bodies with no place after them (indexes into `out`).
    let mut placeless: Vec<usize> = Vec::new();
    // Organisation mentions retyped as persons (indexes into `out`).
    let mut named: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let mut m = mentions[i].clone();
        i += 1;
        if m.kind != EntityType::Organization {
            out.push(m);
            continue;
        }
        if let Some((person, body)) = person_inside(text, tokens, &m) {
            let mut parts: Vec<Mention> = body.into_iter().chain([person]).collect();
            parts.sort_by_key(|p| p.span.start);
            out.extend(parts);
            continue;
        }
        if m.tokens.1 > m.tokens.0 + 1
            && let Some(head) = head_after_office(tokens, &m)
        {
            m.tokens.0 = head;
            m.span = Span::new(tokens[head].start, m.span.end);
        }
        let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
        // Dotted initials and degrees ("S.T", "B.Q.S"): single letters only.
        let initials = words.iter().all(|t| t.text.chars().count() == 1);
        if words.is_empty() || initials || is_product(text, tokens, &m) || legal_only(words) {
            continue;
        }
        if let Some(name) = name_before_degree(text, tokens, &m)
            .or_else(|| listed_with_persons(text, tokens, &m, &out, &mentions).then(|| m.clone()))
        {
            named.push(out.len());
            out.push(Mention {
                kind: EntityType::Person,
                ..name
            });
            continue;
        }
        if words.len() >= 2 && place_kind_first(text, tokens, &m) {
            m.kind = EntityType::Location;
            out.push(m);
            continue;
        }
        if let Some(kind_word) = place_kind_before(text, tokens, &m) {
            // The kind word may be a mention of its own ("Stade" typed a location).
            if out
                .last()
                .is_some_and(|p| p.tokens.0 >= kind_word && p.tokens.1 <= m.tokens.0)
            {
                out.pop();
            }
            m.tokens.0 = kind_word;
            m.span = Span::new(tokens[kind_word].start, m.span.end);
            m.kind = EntityType::Location;
            out.push(m);
            continue;
        }
        let common = |t: &Token| persons::is_common_word(&persons::lower(&t.text), &t.stem);
        let first = persons::lower(&words[0].text);
        let generic = is_generic(words);
        if generic && let Some(j) = joined_place(text, tokens, &m, &mentions[i..]) {
            let place = &mentions[i + j];
            m.tokens.1 = place.tokens.1;
            m.span = Span::new(m.span.start, place.span.end);
            out.push(m);
            i += j + 1;
            continue;
        }
        if let Some(j) = company_rest(text, tokens, &m, &mentions[i..]) {
            let rest = &mentions[i + j];
            m.tokens.1 = rest.tokens.1;
            m.span = Span::new(m.span.start, rest.span.end);
            out.push(m);
            i += j + 1;
            continue;
        }
        if let Some(end) = company_words_after(text, tokens, &m, mentions.get(i)) {
            m.tokens.1 = end;
            m.span = Span::new(m.span.start, tokens[end - 1].end);
        }
        // Four letters or more: shorter capitals are abbreviations, a few of which the
        // root lexicon holds ("tni").
        let shouted = words
            .iter()
            .all(|t| t.text.chars().count() >= 4 && !t.text.chars().any(char::is_lowercase))
            && words
                .iter()
                .all(|t| common(t) && !gazetteer::is_org_head(&persons::lower(&t.text)));
        let lone_common = words.len() == 1
            && !gazetteer::is_org_head(&first)
            && common(&words[0])
            && tokens.iter().any(|t| t.text == first);
        let lone_generic = words.len() == 1 && GENERIC_BODIES.contains(first.as_str());
        let phrase = words.len() >= 2 && is_phrase(words);
        if shouted || lone_common || lone_generic || phrase || in_dateline(text, &m) {
            continue;
        }
        if generic && LOCAL_BODY_HEADS.contains(first.as_str()) {
            placeless.push(out.len());
        }
        out.push(m);
    }
    if !named.is_empty() {
        retype_name_ends(tokens, &mut out, &named);
    }
    // A local body with no place, whose full name the text never gives, names none.
    if !placeless.is_empty() {
        let drop: Vec<bool> = (0..out.len())
            .map(|k| placeless.contains(&k) && !named_in_full(text, tokens, &out[k]))
            .collect();
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
    out
}

/// Whether an organisation mention is a product, an index or a payment system: listed in
/// `lexicon/products.txt` (alone or after a brand: "Honda HR-V", "HondaBrio"), or right
/// after a lower-case kind of goods ("mobil Sukamotor", "jam tangan Sukawatch").
fn is_product(text: &str, tokens: &[Token], m: &Mention) -> bool {
    let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
    // Every listed name is four words at most; most mentions are looked up once.
    if let Some(first) = words.first()
        && words.len() <= 4
    {
        let mut key = String::with_capacity(m.span.end - m.span.start);
        for t in words {
            key.push_str(&persons::lower(&t.text));
        }
        let hyphened = text
            .get(m.span.start..m.span.end)
            .is_some_and(|n| n.contains('-'));
        if hyphened {
            key = text[m.span.start..m.span.end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
        }
        if PRODUCTS.contains(&key) {
            return true;
        }
        // A brand, then a listed model: the brand is the first word, or its first part
        // when the two are written as one ("HondaBrio").
        let brand_len = if words.len() > 1 {
            Some(first.text.len())
        } else {
            persons::camel_split(&first.text)
        };
        if let Some(n) = brand_len
            && let (Some(brand), Some(model)) = (key.get(..n), key.get(n..))
            && persons::is_brand(brand)
            && PRODUCTS.contains(model)
        {
            return true;
        }
    }
    let a = m.tokens.0;
    let spaced = |x: &Token, y: &Token| text.get(x.end..y.start) == Some(" ");
    let kind_at = |k: usize| tokens.get(k).filter(|t| spaced(t, &tokens[k + 1]));
    let Some(one) = a.checked_sub(1).and_then(kind_at) else {
        return false;
    };
    if !one.text.starts_with(char::is_lowercase) {
        return false;
    }
    if PRODUCT_KINDS.contains(one.text.as_str()) {
        return true;
    }
    let ends_a_kind = PRODUCT_KINDS.iter().any(|k| {
        k.strip_suffix(one.text.as_str())
            .is_some_and(|r| r.ends_with(' '))
    });
    ends_a_kind
        && a.checked_sub(2).and_then(kind_at).is_some_and(|two| {
            let pair = format!("{} {}", two.text, one.text);
            PRODUCT_KINDS.contains(pair.as_str())
        })
}

/// Whether an organisation's words are legal forms only ("Pte Ltd"): the tagger cut them
/// off the company's name.
fn legal_only(words: &[Token]) -> bool {
    words.iter().all(|t| {
        let w = persons::lower(&t.text);
        LEGAL_FORMS.contains(&w.as_str()) || LEGAL_SUFFIXES.contains(&w.as_str())
    })
}

/// The name in an organisation mention that ends with an academic degree ("Rangga
/// Wiratama S.T", "Budi Santoso, MM"): two name words or more before the degree, which
/// is one word or dotted letters.
fn name_before_degree(text: &str, tokens: &[Token], m: &Mention) -> Option<Mention> {
    let (a, b) = m.tokens;
    // Degrees are short: most mentions end with a longer word and are settled here.
    if b < a + 3 || tokens[b - 1].text.len() > 4 {
        return None;
    }
    let degree = (1..=3).filter(|&k| b >= a + k + 2).find(|&k| {
        let tail = &tokens[b - k..b];
        let dotted = tail
            .windows(2)
            .all(|p| text.get(p[0].end..p[1].start) == Some("."));
        dotted && {
            let joined: String = tail.iter().map(|t| persons::lower(&t.text)).collect();
            DEGREES.contains(joined.as_str())
        }
    })?;
    let (last, first_of_degree) = (&tokens[b - degree - 1], &tokens[b - degree]);
    let gap = text.get(last.end..first_of_degree.start)?;
    if !matches!(gap, " " | ", " | ". ") || !tokens[a..b - degree].iter().all(name_like) {
        return None;
    }
    Some(Mention {
        span: Span::new(m.span.start, last.end),
        kind: m.kind,
        tokens: (a, b - degree),
    })
}

/// Whether an organisation mention is a person's name in a list of persons: right after
/// a person mention and "dan", "serta" or a comma, with name words only, and two of them,
/// or a person of two words before it ("Budi Santoso dan Wiratama"), or a list of two
/// persons ("Budi, Rangga dan Wiratama"). A one-word name after a one-word name may be a
/// body the person leads ("Budi dan Sukamaju"), and so is one the article also writes
/// inside another organisation's name ("Partai Sukamaju").
fn listed_with_persons(
    text: &str,
    tokens: &[Token],
    m: &Mention,
    out: &[Mention],
    all: &[Mention],
) -> bool {
    let joins = |x: &Mention, y: &Mention| {
        x.kind == EntityType::Person
            && x.span.end <= y.span.start
            && text.get(x.span.end..y.span.start).is_some_and(|g| {
                matches!(
                    g,
                    ", " | " dan " | ", dan " | " serta " | " and " | ", and "
                )
            })
    };
    let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
    let Some(prev) = out.last() else {
        return false;
    };
    if !joins(prev, m) || !words.iter().all(name_like) {
        return false;
    }
    if words.len() >= 2 || out.len() >= 2 && joins(&out[out.len() - 2], prev) {
        return true;
    }
    // One word after a name of two: a person unless the word is part of another
    // organisation mention ("Partai Sukamaju" elsewhere makes "Sukamaju" the party).
    let word = &words[0].text;
    prev.tokens.1 >= prev.tokens.0 + 2
        && !all.iter().any(|o| {
            o.kind == EntityType::Organization
                && o.tokens != m.tokens
                && tokens
                    .get(o.tokens.0..o.tokens.1)
                    .is_some_and(|ws| ws.iter().any(|t| t.text == *word))
        })
}

/// Retypes as persons the organisation mentions that are the last words of a name the
/// screen found a person's ("Wiratama" after "Rangga Wiratama"): the tagger read both the
/// same way, and one entity needs one type.
fn retype_name_ends(tokens: &[Token], out: &mut [Mention], named: &[usize]) {
    let texts = |m: &Mention| -> Vec<&str> {
        tokens
            .get(m.tokens.0..m.tokens.1)
            .unwrap_or(&[])
            .iter()
            .map(|t| t.text.as_str())
            .collect()
    };
    let names: Vec<Vec<&str>> = named.iter().map(|&k| texts(&out[k])).collect();
    for m in out.iter_mut() {
        if m.kind != EntityType::Organization {
            continue;
        }
        let own = texts(m);
        if names.iter().any(|n| !own.is_empty() && n.ends_with(&own)) {
            m.kind = EntityType::Person;
        }
    }
}

/// Whether an organisation mention opens with a kind of place that heads no body and
/// opens its run of capitalised words ("Alun-Alun Sukamaju", "Stadion Sukamaju"): a place.
fn place_kind_first(text: &str, tokens: &[Token], m: &Mention) -> bool {
    let a = m.tokens.0;
    // "Alun-Alun": the kind is its first part.
    let lower = persons::lower(&tokens[a].text);
    let w = lower.split('-').next().unwrap_or("");
    let opens_run = a == 0
        || !tokens[a - 1].text.starts_with(char::is_uppercase)
        || text.get(tokens[a - 1].end..tokens[a].start) != Some(" ");
    persons::is_place_kind(w) && !gazetteer::is_org_head(w) && opens_run
}

/// The token index of a capitalised kind of place right before an organisation mention
/// ("Stade" of "Stade Sukamaju", which the tagger left out): it opens its run of
/// capitalised words and heads no body ("RSUD" is both).
fn place_kind_before(text: &str, tokens: &[Token], m: &Mention) -> Option<usize> {
    let spaced = |x: &Token, y: &Token| text.get(x.end..y.start) == Some(" ");
    let is_kind = |k: usize| {
        let kind = &tokens[k];
        let w = persons::lower(&kind.text);
        kind.text.starts_with(char::is_uppercase)
            && persons::is_place_kind(&w)
            && !gazetteer::is_org_head(&w)
            && spaced(kind, &tokens[k + 1])
    };
    let mut k = m.tokens.0.checked_sub(1).filter(|&k| is_kind(k))?;
    // Kinds may stack ("Komplek Perumahan Sukamaju").
    while k > 0 && is_kind(k - 1) {
        k -= 1;
    }
    let opens_run = k == 0
        || !tokens[k - 1].text.starts_with(char::is_uppercase)
        || !spaced(&tokens[k - 1], &tokens[k]);
    opens_run.then_some(k)
}

/// Where a company's name ends that the tagger cut short ("PT Sukamaju" of "PT Sukamaju
/// Agung Makmur, ..."): after up to three capitalised words that follow it one space
/// apart, before the next mention and not a weekday, a month or an office. `None` when
/// it ends where it is, or an office comes before it (then a name after it is the
/// officer's).
fn company_words_after(
    text: &str,
    tokens: &[Token],
    m: &Mention,
    next: Option<&Mention>,
) -> Option<usize> {
    let (a, b) = m.tokens;
    if b < a + 2
        || !LEGAL_FORMS
            .iter()
            .any(|f| tokens[a].text.eq_ignore_ascii_case(f))
    {
        return None;
    }
    let office = |k: usize| {
        let w = persons::lower(&tokens[k].text);
        persons::is_office_word(&w) || gazetteer::is_title(&w)
    };
    if (a >= 1 && office(a - 1)) || (a >= 2 && office(a - 2)) {
        return None;
    }
    let limit = next.map_or(tokens.len(), |n| n.tokens.0).min(b + 3);
    let mut end = b;
    while end < limit
        && let Some(t) = tokens.get(end)
        && text.get(tokens[end - 1].end..t.start) == Some(" ")
        && t.text.starts_with(char::is_uppercase)
        && t.text.chars().any(char::is_lowercase)
        && !t.stop
        && !office(end)
        && !persons::is_calendar_word(&persons::lower(&t.text))
    {
        end += 1;
    }
    (end > b).then_some(end)
}

/// Whether a token may be a word of a person's name: capitalised, not in camel case (a
/// brand's way: "TransSukamaju"), and no office, body head, listed place or common word.
fn name_like(t: &Token) -> bool {
    let w = persons::lower(&t.text);
    t.text.starts_with(char::is_uppercase)
        && t.text.chars().any(char::is_lowercase)
        && !persons::is_camel_case(&t.text)
        && !persons::is_office_word(&w)
        && !gazetteer::is_org_head(&w)
        && !gazetteer::is_place(&w)
        && !places::is_listed(&w)
        && !persons::is_common_word(&w, &t.stem)
}

/// A person the tagger read into an organisation mention, and what is left of the body:
/// - a name, then an office ("Rangga Wiratmo Dubes RI untuk ...", a list of appointees):
///   the name is the person, the office their title, and the rest no body unless it
///   has a head of one;
/// - after an office, a body, its place and a name ("Wakil Ketua DPRD Sukamaju Rangga"):
///   the body ends at its place, the name after it is the officer.
fn person_inside(text: &str, tokens: &[Token], m: &Mention) -> Option<(Mention, Option<Mention>)> {
    let (a, b) = m.tokens;
    let words = tokens.get(a..b)?;
    if words.len() < 3 {
        return None;
    }
    let lower = |t: &Token| persons::lower(&t.text);
    let mention = |x: usize, y: usize, kind| Mention {
        span: Span::new(tokens[x].start, tokens[y - 1].end),
        kind,
        tokens: (x, y),
    };
    // A name, then an office.
    // An office word that is no body ("Polri" is a rank's suffix and a body).
    let office = words.iter().position(|t| {
        let w = lower(t);
        persons::is_office_word(&w) && !gazetteer::is_org_head(&w)
    });
    if let Some(k) = office.filter(|&k| k >= 2)
        && words[..k].iter().all(name_like)
    {
        let body = words[k..]
            .iter()
            .position(|t| gazetteer::is_org_head(&lower(t)))
            .map(|h| mention(a + k + h, b, EntityType::Organization));
        return Some((mention(a, a + k, EntityType::Person), body));
    }
    // An office before the mention, then a body, its place and a name.
    let before = a
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| {
            persons::is_office_word(&lower(p))
                && text
                    .get(p.end..tokens[a].start)
                    .is_some_and(|g| g.trim().is_empty())
        });
    if !before || !gazetteer::is_org_head(&lower(&words[0])) {
        return None;
    }
    let place = (1..words.len() - 1).find(|&k| places::is_listed(&words[k].text))?;
    let rest = &words[place + 1..];
    if rest.len() > 3 || !rest.iter().all(name_like) {
        return None;
    }
    let split = a + place + 1;
    Some((
        mention(split, b, EntityType::Person),
        Some(mention(a, split, EntityType::Organization)),
    ))
}

/// Legal forms that open a company's name.
const LEGAL_FORMS: [&str; 3] = ["pt", "cv", "pd"];

/// The index in `rest` of a person mention that is the rest of the company `m` ("PT
/// Sukamaju" and "Agung Makmur" of "PT Sukamaju Agung Makmur"): right after it, of two
/// words or more, no office before the company (then the person is its officer:
/// "Direktur PT Sukamaju Budi Santoso"), and its first word never written but after the
/// company's last word (a person is named again alone).
fn company_rest(text: &str, tokens: &[Token], m: &Mention, rest: &[Mention]) -> Option<usize> {
    let head = tokens.get(m.tokens.0)?;
    if m.tokens.1 < m.tokens.0 + 2
        || !LEGAL_FORMS
            .iter()
            .any(|f| head.text.eq_ignore_ascii_case(f))
    {
        return None;
    }
    let next = rest.first()?;
    let last = tokens.get(m.tokens.1 - 1)?;
    let first = tokens.get(next.tokens.0)?;
    // The tagger also cuts a company's name into two organisations ("PT Sukamaju" and
    // "Digital Niaga Tbk"); an officer after the company is a person, never that.
    let org = next.kind == EntityType::Organization;
    if !(org || next.kind == EntityType::Person)
        || next.tokens.0 != m.tokens.1
        || (!org && next.tokens.1 < next.tokens.0 + 2)
        || text.get(last.end..first.start) != Some(" ")
    {
        return None;
    }
    let office = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            let w = persons::lower(&t.text);
            persons::is_office_word(&w) || gazetteer::is_title(&w)
        })
    };
    let a = m.tokens.0;
    if (a >= 1 && office(a - 1)) || (a >= 2 && office(a - 2)) {
        return None;
    }
    if org {
        return Some(0);
    }
    let alone = tokens
        .iter()
        .enumerate()
        .any(|(k, t)| t.text == first.text && (k == 0 || tokens[k - 1].text != last.text));
    (!alone).then_some(0)
}

/// Where the body starts in an organisation mention that opens with an office ("General
/// Manager PT Sukamaju", "Ketua Partai Sukamaju"): at its first organisation head, when an
/// office word is among the first two words before it. The office is the title of whoever
/// holds it, the body the organisation.
fn head_after_office(tokens: &[Token], m: &Mention) -> Option<usize> {
    let words = tokens.get(m.tokens.0..m.tokens.1)?;
    let lower = |t: &Token| persons::lower(&t.text);
    // Most bodies open with their head: nothing to cut, found with one look-up.
    if gazetteer::is_org_head(&lower(words.first()?)) {
        return None;
    }
    let p = words
        .iter()
        .position(|t| gazetteer::is_org_head(&lower(t)))?;
    let office = words[..p.min(2)]
        .iter()
        .any(|t| persons::is_office_word(&lower(t)) || gazetteer::is_title(&lower(t)));
    (p > 0 && office).then_some(m.tokens.0 + p)
}

/// Whether an organisation's words are a phrase, not a name: common words only (and
/// stopwords), none an organisation head, a body word or an abbreviation in capitals
/// ("Unit Usaha Syariah", "Human Capital", "Sudahi Pertemuan" of a headline).
fn is_phrase(words: &[Token]) -> bool {
    words.iter().all(|t| {
        let w = persons::lower(&t.text);
        let shouted = t.text.len() <= 5 && !t.text.chars().any(char::is_lowercase);
        t.stop
            || (!shouted
                && !gazetteer::is_org_head(&w)
                && !BODY_WORDS.contains(w.as_str())
                && persons::is_common_word(&w, &t.stem))
    }) && words.iter().any(|t| !t.stop)
}

/// Whether an organisation's words are a generic body: a head and common words only
/// ("Dinas Pendidikan", "Dinas Komunikasi dan Informatika", "Pemerintah Kota"), or a
/// head alone ("Pemerintah").
fn is_generic(words: &[Token]) -> bool {
    let Some(head) = words.first() else {
        return false;
    };
    let last_ok = words.last().is_some_and(|t| !t.stop || words.len() == 1);
    gazetteer::is_org_head(&persons::lower(&head.text))
        && last_ok
        && words[1..].iter().all(|t| {
            let w = persons::lower(&t.text);
            t.stop || ADMIN_WORDS.contains(&w.as_str()) || persons::is_common_word(&w, &t.stem)
        })
}

/// The index in `rest` (the mentions after `m`) of the place mention that completes the
/// generic body `m`: right after it, or after administrative words ("Daerah Provinsi")
/// and an abbreviation in brackets ("Kantor Imigrasi (Kanim) Sukamaju"); the mentions in
/// between (the abbreviation) lie inside the joined name.
fn joined_place(text: &str, tokens: &[Token], m: &Mention, rest: &[Mention]) -> Option<usize> {
    let mut k = m.tokens.1;
    let mut end = m.span.end;
    let gap = |end: usize, k: usize| tokens.get(k).and_then(|t| text.get(end..t.start));
    // An abbreviation in brackets: " (Kanim) ".
    if gap(end, k) == Some(" (")
        && let Some(abbr) = tokens.get(k)
        && abbr.text.chars().count() <= 10
        && gap(abbr.end, k + 1) == Some(") ")
    {
        k += 1;
        end = abbr.end + 1;
    }
    let spaced = |end: usize, k: usize| gap(end, k).is_some_and(|g| g == " ");
    let (admin_from, admin_end) = (k, end);
    while let Some(t) = tokens.get(k)
        && spaced(end, k)
        && t.text.starts_with(char::is_uppercase)
        && ADMIN_WORDS.contains(&persons::lower(&t.text).as_str())
    {
        end = t.end;
        k += 1;
    }
    // The place may hold the administrative words ("Kabupaten Sukamaju").
    let j = rest.iter().position(|r| r.tokens.0 >= admin_from)?;
    let place = &rest[j];
    let start = place.tokens.0;
    let inside = rest[..j]
        .iter()
        .all(|r| r.tokens.0 >= m.tokens.1 && r.tokens.1 <= start);
    // Words up to the place are spaced (the loop checked those inside the run).
    let at_gap = match start {
        s if s == admin_from => spaced(admin_end, s),
        s if s == k => spaced(end, s),
        _ => true,
    };
    (place.kind == EntityType::Location && start <= k && inside && at_gap).then_some(j)
}

/// Whether the text names the body of `m` in full somewhere: its words followed by a
/// capitalised word ("Pemprov Sukamaju", "Dinas Pendidikan Kota Sukamaju"); the short form
/// then stands for that body, as the article uses it.
fn named_in_full(text: &str, tokens: &[Token], m: &Mention) -> bool {
    let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
    let n = words.len();
    (0..tokens.len().saturating_sub(n)).any(|p| {
        words
            .iter()
            .zip(&tokens[p..p + n])
            .all(|(a, b)| a.text.eq_ignore_ascii_case(&b.text))
            && text.get(tokens[p + n - 1].end..tokens[p + n].start) == Some(" ")
            && tokens[p + n].text.starts_with(char::is_uppercase)
    })
}

/// Whether a mention is the outlet of a dateline that opens the text: only a place name
/// and a comma before it ("Sukamaju, "), a dash or colon after it.
fn in_dateline(text: &str, m: &Mention) -> bool {
    let before = text.get(..m.span.start).unwrap_or("");
    let after = text.get(m.span.end..).unwrap_or("").trim_start();
    let Some(place) = before.trim_end().strip_suffix(',') else {
        return false;
    };
    !place.is_empty()
        && place.len() <= 40
        && place
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
        && (after.starts_with(['-', '\u{2013}', '\u{2014}', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::tests::after_step;

    fn screened(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, EntityType)> {
        after_step(screen, text, ranges)
    }

    #[test]
    fn a_company_name_cut_in_two_organisations_is_one() {
        let o = EntityType::Organization;
        let text = "Saham PT Sukamaju Digital Niaga Tbk naik.";
        let got = screened(text, &[(1, 3, o), (3, 6, o)]);
        assert_eq!(got, [("PT Sukamaju Digital Niaga Tbk".to_string(), o)]);
        // After a comma it is another organisation.
        let text = "Saham PT Sukamaju, Digital Niaga Tbk naik.";
        assert_eq!(screened(text, &[(1, 3, o), (3, 6, o)]).len(), 2);
    }

    #[test]
    fn a_person_read_into_a_body_is_split_off() {
        let (o, p) = (EntityType::Organization, EntityType::Person);
        // A name, then an office and a country: the name only.
        let text = "Daftar itu: Rangga Wiratmo Dubes RI untuk Sukamaju.";
        let got = screened(text, &[(2, 6, o)]);
        assert_eq!(got, [("Rangga Wiratmo".to_string(), p)]);
        // An office, a body with its place, and a name.
        let text = "Rapat didampingi Wakil Ketua DPRD Medan Zulkarnaen kemarin.";
        let got = screened(text, &[(4, 7, o)]);
        assert_eq!(
            got,
            [("DPRD Medan".to_string(), o), ("Zulkarnaen".to_string(), p)]
        );
        // A body whose words are no name stays whole ("Polri" is a rank's suffix too).
        let text = "Penyidik Bareskrim Mabes Polri datang.";
        let got = screened(text, &[(1, 4, o)]);
        assert_eq!(got, [("Bareskrim Mabes Polri".to_string(), o)]);
    }

    #[test]
    fn a_generic_body_takes_the_place_after_it() {
        let (o, l) = (EntityType::Organization, EntityType::Location);
        let text = "Dinas Pendidikan Kabupaten Sukamaju mencatat kenaikan.";
        let got = screened(text, &[(0, 2, o), (2, 4, l)]);
        assert_eq!(
            got,
            [("Dinas Pendidikan Kabupaten Sukamaju".to_string(), o)]
        );
        // A body with a name of its own keeps the place apart.
        let text = "Bank Wiratama Sukamaju mencatat kenaikan.";
        let got = screened(text, &[(0, 2, o), (2, 3, l)]);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn slogans_common_words_and_datelines_are_no_bodies() {
        let o = EntityType::Organization;
        let text = "Sukamaju, Kabar Wiratama -- Unggahan MAKAN GRATIS itu dibantah perseroan. Perseroan rugi.";
        let got = screened(text, &[(1, 3, o), (4, 6, o), (9, 10, o)]);
        assert!(got.is_empty(), "{got:?}");
        // A name or an abbreviation in capitals stays.
        let text = "Kata PSSI dan TNI kemarin.";
        assert_eq!(screened(text, &[(1, 2, o), (3, 4, o)]).len(), 2);
    }

    #[test]
    fn a_body_joins_its_place_over_admin_words_and_an_abbreviation() {
        let (o, l) = (EntityType::Organization, EntityType::Location);
        let text =
            "Kantor Imigrasi (Kanim) Sukamaju dan Badan Pendapatan Daerah Provinsi Wiratama.";
        // Tokens: Kantor Imigrasi Kanim Sukamaju dan Badan Pendapatan Daerah Provinsi Wiratama
        let got = screened(
            text,
            &[(0, 2, o), (2, 3, o), (3, 4, l), (5, 7, o), (9, 10, l)],
        );
        assert_eq!(
            got,
            [
                ("Kantor Imigrasi (Kanim) Sukamaju".to_string(), o),
                ("Badan Pendapatan Daerah Provinsi Wiratama".to_string(), o)
            ]
        );
    }

    #[test]
    fn kinds_of_body_alone_are_no_body() {
        let o = EntityType::Organization;
        // A legal form or a kind of body alone; a local body with no place, named in
        // full nowhere.
        let text = "Korban dirawat di RS, kata PT itu. Dinas Pendidikan menolak.";
        assert!(screened(text, &[(3, 4, o), (5, 6, o), (8, 10, o)]).is_empty());
        // Named in full elsewhere, the short form stands for it.
        let text = "Pemprov Sukamaju setuju. Pemprov menolak.";
        assert_eq!(screened(text, &[(3, 4, o)]), [("Pemprov".to_string(), o)]);
    }

    #[test]
    fn phrases_offices_and_initials_are_no_bodies() {
        let o = EntityType::Organization;
        let text =
            "Unit Usaha Syariah dipisah. Manajer Umum PT Sukamaju Jaya hadir. Ir. B.Q.S datang.";
        // Tokens: Unit Usaha Syariah dipisah Manajer Umum PT Sukamaju Jaya hadir Ir B Q S
        let got = screened(text, &[(0, 3, o), (4, 9, o), (11, 14, o)]);
        assert_eq!(got, [("PT Sukamaju Jaya".to_string(), o)]);
        // A phrase with a body word is a name.
        let text = "Departemen Keuangan menolak.";
        assert_eq!(screened(text, &[(0, 2, o)]).len(), 1);
    }

    #[test]
    fn a_company_name_the_tagger_split_off_as_a_person_is_joined() {
        let (o, p) = (EntityType::Organization, EntityType::Person);
        let text = "Tender dimenangi PT Sukamaju Agung Makmur tahun lalu.";
        let got = screened(text, &[(2, 4, o), (4, 6, p)]);
        assert_eq!(got, [("PT Sukamaju Agung Makmur".to_string(), o)]);
        // After an office, or named again alone, the person is the company's officer.
        let text = "Direktur PT Sukamaju Budi Santoso hadir.";
        assert_eq!(screened(text, &[(1, 3, o), (3, 5, p)]).len(), 2);
        let text = "Kata PT Sukamaju Budi Santoso. Budi hadir.";
        assert_eq!(screened(text, &[(1, 3, o), (3, 5, p)]).len(), 2);
    }
    #[test]
    fn products_indices_and_payment_systems_are_no_bodies() {
        let o = EntityType::Organization;
        let text = "IHSG dan Dow Jones melemah, tetapi Honda Brio dan mobil Sukamotor laku di Bank Sukamaju.";
        // Tokens: IHSG dan Dow Jones melemah tetapi Honda Brio dan mobil Sukamotor laku di
        // Bank Sukamaju
        let got = screened(
            text,
            &[(0, 1, o), (2, 4, o), (6, 8, o), (10, 11, o), (13, 15, o)],
        );
        assert_eq!(got, [("Bank Sukamaju".to_string(), o)]);
    }

    #[test]
    fn a_name_with_a_degree_or_in_a_list_of_persons_is_a_person() {
        let (o, p) = (EntityType::Organization, EntityType::Person);
        let text = "Kepala dinas, Rangga Wiratama MM, hadir bersama Budi Santoso dan Darto Wiryo. Wiryo pulang.";
        // Tokens: Kepala dinas Rangga Wiratama MM hadir bersama Budi Santoso dan Darto Wiryo
        // Wiryo pulang
        let got = screened(text, &[(2, 5, o), (7, 9, p), (10, 12, o), (12, 13, o)]);
        assert_eq!(
            got,
            [
                ("Rangga Wiratama".to_string(), p),
                ("Budi Santoso".to_string(), p),
                ("Darto Wiryo".to_string(), p),
                ("Wiryo".to_string(), p)
            ]
        );
        // One word after a one-word name may be a body the person leads; after a name of
        // two words it is a person, unless another organisation's name holds it.
        let text = "Rapat Budi dan Sukamaju kemarin.";
        assert_eq!(
            screened(text, &[(1, 2, p), (3, 4, o)]),
            [("Budi".to_string(), p), ("Sukamaju".to_string(), o)]
        );
        let text = "Rapat Budi Santoso dan Wiryo kemarin.";
        assert_eq!(
            screened(text, &[(1, 3, p), (4, 5, o)]),
            [("Budi Santoso".to_string(), p), ("Wiryo".to_string(), p)]
        );
        let text = "Rapat Budi Santoso dan Sukamaju. Partai Sukamaju menang.";
        let got = screened(text, &[(1, 3, p), (4, 5, o), (5, 7, o)]);
        assert_eq!(got[1], ("Sukamaju".to_string(), o));
    }

    #[test]
    fn a_name_after_a_kind_of_place_is_that_place() {
        let (o, l) = (EntityType::Organization, EntityType::Location);
        let text = "Laga di Stade Sukamaju, lalu ke Stadion Wiratama dan Komplek Perumahan Sukajaya Indah.";
        // Tokens: Laga di Stade Sukamaju lalu ke Stadion Wiratama dan Komplek Perumahan
        // Sukajaya Indah
        let got = screened(text, &[(3, 4, o), (6, 8, o), (11, 13, o)]);
        assert_eq!(
            got,
            [
                ("Stade Sukamaju".to_string(), l),
                ("Stadion Wiratama".to_string(), l),
                ("Komplek Perumahan Sukajaya Indah".to_string(), l)
            ]
        );
        // A kind of place that heads bodies too stays a body.
        let text = "Pasien RSUD Sukamaju pulang.";
        assert_eq!(
            screened(text, &[(1, 3, o)]),
            [("RSUD Sukamaju".to_string(), o)]
        );
    }

    #[test]
    fn legal_forms_alone_go_and_a_cut_company_name_runs_on() {
        let o = EntityType::Organization;
        let text = "Didirikan sebagai Sukamaju Trading Pte Ltd. Lahan milik PT Intan Agung Makmur, dan Direktur PT Sukamaju Budi hadir.";
        // Tokens: Didirikan sebagai Sukamaju Trading Pte Ltd Lahan milik PT Intan Agung
        // Makmur dan Direktur PT Sukamaju Budi hadir
        let got = screened(text, &[(4, 6, o), (8, 10, o), (14, 16, o)]);
        assert_eq!(
            got,
            [
                ("PT Intan Agung Makmur".to_string(), o),
                ("PT Sukamaju".to_string(), o)
            ]
        );
    }
}
