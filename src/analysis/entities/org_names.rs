//! Organisations the tagger leaves out: a one-word name every reader knows as an
//! organisation ("Instagram", "FIFA"; `lexicon/org_names.txt`), and a news site named by
//! its domain ("Sukamaju.com", "kabar.co.id"), which the labels take as the outlet the
//! article cites. The tagger was trained on text where such words are rare, and a domain is
//! three tokens to it ("Sukamaju", "co", "id"); both are left untagged or cut short. So
//! is a parliament's numbered commission ("Komisi III"), for its numeral.

use super::{EntityType, Mention};
use crate::analysis::fasthash::FastSet;
use crate::analysis::lexicon::entries;
use crate::analysis::{Span, tokens::Token};
use std::sync::LazyLock;

/// One-word organisation names, lower case.
static ORG_NAMES: LazyLock<(FastSet<&'static [u8]>, [u64; 4])> = LazyLock::new(|| {
    let names: FastSet<&'static [u8]> = entries(include_str!("../lexicon/org_names.txt"))
        .map(str::as_bytes)
        .collect();
    let mut bloom = [0u64; 4];
    for n in &names {
        let b = sketch(n);
        bloom[b / 64] |= 1 << (b % 64);
    }
    (names, bloom)
});

/// A word's bit in the names' 256-bit sketch, from its length and its first and last
/// letters: most capitalised words miss it, and are told apart without hashing.
fn sketch(lower: &[u8]) -> usize {
    let (first, last) = (lower[0] as usize, lower[lower.len() - 1] as usize);
    (first * 31 + last * 7 + lower.len() * 131) % 256
}

/// The last part of a news site's domain.
const TOP_DOMAINS: [&str; 6] = ["com", "id", "net", "org", "co", "tv"];
/// The parts a domain may have before it ("co" in "kabar.co.id").
const SECOND_DOMAINS: [&str; 6] = ["co", "go", "or", "ac", "sch", "web"];

/// `mentions` (in text order) with the listed names and domains added as organisations;
/// mentions lying inside a domain ("Sukamaju" of "Sukamaju.com") give way to it.
pub fn add(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut added: Vec<Mention> = Vec::new();
    let bytes = text.as_bytes();
    let mut next = 0; // the first mention that does not end before token k
    let mut k = 0;
    while k < tokens.len() {
        // Only a capitalised word or a word before a dot can start one: most words are
        // neither, and pass with two byte reads.
        let t = &tokens[k];
        let capital = bytes.get(t.start).is_some_and(u8::is_ascii_uppercase);
        if !capital && bytes.get(t.end) != Some(&b'.') {
            k += 1;
            continue;
        }
        while next < mentions.len() && mentions[next].tokens.1 <= k {
            next += 1;
        }
        let covered = mentions.get(next).is_some_and(|m| m.tokens.0 <= k);
        if let Some(end) = domain_end(text, tokens, k) {
            // Every mention touching the domain must lie inside it.
            let inside = mentions[next..]
                .iter()
                .take_while(|m| m.tokens.0 < end)
                .all(|m| m.tokens.0 >= k && m.tokens.1 <= end);
            if inside {
                added.push(org(tokens, k, end));
                k = end;
                continue;
            }
        } else if !capital || covered {
        } else if is_listed(&t.text) {
            added.push(org(tokens, k, k + 1));
        } else if is_numbered_commission(text, tokens, k)
            && mentions.get(next).is_none_or(|m| m.tokens.0 > k + 1)
        {
            added.push(org(tokens, k, k + 2));
            k += 2;
            continue;
        }
        k += 1;
    }
    if added.is_empty() {
        return mentions;
    }
    // Merge in text order; a mention inside an added domain is dropped.
    let mut out = Vec::with_capacity(mentions.len() + added.len());
    let mut added = added.into_iter().peekable();
    for m in mentions {
        while let Some(a) = added.peek()
            && a.tokens.0 <= m.tokens.0
        {
            out.push(added.next().expect("peeked"));
        }
        let inside = out.last().is_some_and(|a: &Mention| {
            a.kind == EntityType::Organization
                && a.tokens.0 <= m.tokens.0
                && m.tokens.1 <= a.tokens.1
                && a.tokens != m.tokens
        }) || out.last().is_some_and(|a: &Mention| a.tokens == m.tokens);
        if !inside {
            out.push(m);
        }
    }
    out.extend(added);
    out
}

/// An organisation mention over tokens `a..b`.
fn org(tokens: &[Token], a: usize, b: usize) -> Mention {
    Mention {
        span: Span::new(tokens[a].start, tokens[b - 1].end),
        kind: EntityType::Organization,
        tokens: (a, b),
    }
}

/// Whether a word is a listed organisation as written: capitalised, and in capitals when
/// it is an acronym of four letters or fewer (the list's words have three to nine).
fn is_listed(word: &str) -> bool {
    let w = word.as_bytes();
    if !(3..=9).contains(&w.len()) || !w[0].is_ascii_uppercase() {
        return false;
    }
    let mut lower = [0u8; 9];
    let lower = &mut lower[..w.len()];
    lower.copy_from_slice(w);
    lower.make_ascii_lowercase();
    let (names, bloom) = &*ORG_NAMES;
    let b = sketch(lower);
    bloom[b / 64] & (1 << (b % 64)) != 0
        && names.contains(&*lower)
        && (w.len() > 4 || !w.iter().any(u8::is_ascii_lowercase))
}

/// Whether tokens `k` and `k + 1` are a parliament's numbered commission ("Komisi III",
/// "Komisi 2"): a body of its own, which the tagger leaves out for the numeral.
fn is_numbered_commission(text: &str, tokens: &[Token], k: usize) -> bool {
    let (Some(head), Some(number)) = (tokens.get(k), tokens.get(k + 1)) else {
        return false;
    };
    let roman =
        number.text.len() <= 4 && number.text.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    let arabic = number.text.len() <= 2 && number.text.bytes().all(|b| b.is_ascii_digit());
    head.text == "Komisi" && (roman || arabic) && text.get(head.end..number.start) == Some(" ")
}

/// Whether a word has a capital after a small letter ("kepadaSukamaju"): in a domain's
/// name that is a word glued to it as often as a site's own spelling, so it is left out.
fn glued(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
}

/// The end (exclusive token index) of a domain that starts at token `k` ("Sukamaju", ".",
/// "co", ".", "id"): a name, then parts joined by dots, the last a top-level domain. Not
/// a web address's host ("www."), an e-mail address ("@") or part of a longer path.
fn domain_end(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let first = tokens.get(k)?;
    let dot_after = |t: &Token| text.as_bytes().get(t.end) == Some(&b'.');
    if !dot_after(first) || first.text.eq_ignore_ascii_case("www") || glued(&first.text) {
        return None;
    }
    let before = text.get(..first.start)?.chars().next_back();
    if before.is_some_and(|c| matches!(c, '.' | '@' | '/' | '_' | '-')) {
        return None;
    }
    let mut j = k;
    while let Some(t) = tokens.get(j + 1)
        && text.get(tokens[j].end..t.start) == Some(".")
        && j - k < 2
    {
        j += 1;
    }
    if j == k {
        return None;
    }
    let part = |t: &Token, list: &[&str]| list.iter().any(|p| t.text.eq_ignore_ascii_case(p));
    let last = &tokens[j];
    let middle_ok = tokens[k + 1..j].iter().all(|t| part(t, &SECOND_DOMAINS));
    let after = text.get(last.end..).unwrap_or("");
    let mut rest = after.chars();
    let ends = match rest.next() {
        None => true,
        Some('/' | '@' | '_') => false,
        Some('.' | '-') => !rest.next().is_some_and(char::is_alphanumeric),
        Some(c) => !c.is_alphanumeric(),
    };
    (part(last, &TOP_DOMAINS) && middle_ok && ends).then_some(j + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::tests::after_step;

    fn added(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, EntityType)> {
        after_step(add, text, ranges)
    }

    #[test]
    fn listed_names_are_organisations_as_written() {
        let o = EntityType::Organization;
        let got = added("Video itu viral di TikTok dan dibahas WHO, kata who?", &[]);
        assert_eq!(got, [("TikTok".to_string(), o), ("WHO".to_string(), o)]);
        // A word already in a mention stays as the tagger has it.
        let p = EntityType::Person;
        let got = added("Budi Instagram datang.", &[(0, 2, p)]);
        assert_eq!(got, [("Budi Instagram".to_string(), p)]);
    }

    #[test]
    fn a_domain_glued_to_the_word_before_is_left_out() {
        assert!(added("Kata Budi kepadaSukamaju.com kemarin.", &[]).is_empty());
    }

    #[test]
    fn a_numbered_commission_is_a_body() {
        let o = EntityType::Organization;
        let got = added("Anggota Komisi III DPR dan Komisi 2 hadir.", &[(3, 4, o)]);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Komisi III", "DPR", "Komisi 2"]);
        assert!(added("Komisi Informasi menolak.", &[]).is_empty());
    }

    #[test]
    fn a_news_site_is_its_domain() {
        let o = EntityType::Organization;
        let text =
            "Kata Budi kepada Sukamaju.com dan kabar.co.id, bukan www.warta.com atau a@b.com.";
        let got = added(text, &[(1, 2, EntityType::Person), (3, 4, o)]);
        assert_eq!(
            got,
            [
                ("Budi".to_string(), EntityType::Person),
                ("Sukamaju.com".to_string(), o),
                ("kabar.co.id".to_string(), o)
            ]
        );
    }
}
