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
static ORG_NAMES: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/org_names.txt")).collect());

/// The last part of a news site's domain.
const TOP_DOMAINS: [&str; 6] = ["com", "id", "net", "org", "co", "tv"];
/// The parts a domain may have before it ("co" in "kabar.co.id").
const SECOND_DOMAINS: [&str; 6] = ["co", "go", "or", "ac", "sch", "web"];

/// `mentions` (in text order) with the listed names and domains added as organisations;
/// mentions lying inside a domain ("Sukamaju" of "Sukamaju.com") give way to it.
pub fn add(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut added: Vec<Mention> = Vec::new();
    let mut next = 0; // the first mention that does not end before token k
    let mut k = 0;
    while k < tokens.len() {
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
        } else if !covered && is_listed(&tokens[k].text) {
            added.push(org(tokens, k, k + 1));
        } else if !covered
            && is_numbered_commission(text, tokens, k)
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
/// it is an acronym of four letters or fewer.
fn is_listed(word: &str) -> bool {
    if !word.starts_with(char::is_uppercase) || word.len() > 16 || !word.is_ascii() {
        return false;
    }
    let mut lower = [0u8; 16];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return false;
    };
    ORG_NAMES.contains(lower) && (word.len() > 4 || !word.bytes().any(|b| b.is_ascii_lowercase()))
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

/// The end (exclusive token index) of a domain that starts at token `k` ("Sukamaju", ".",
/// "co", ".", "id"): a name, then parts joined by dots, the last a top-level domain. Not
/// a web address's host ("www."), an e-mail address ("@") or part of a longer path.
fn domain_end(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let first = tokens.get(k)?;
    let dot_after = |t: &Token| text.as_bytes().get(t.end) == Some(&b'.');
    if !dot_after(first) || first.text.eq_ignore_ascii_case("www") {
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
    use crate::analysis::entities::tests::mentions_at;

    fn added(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, EntityType)> {
        let (toks, ms) = mentions_at(text, ranges);
        add(text, &toks, ms)
            .iter()
            .map(|m| (text[m.span.start..m.span.end].to_string(), m.kind))
            .collect()
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
