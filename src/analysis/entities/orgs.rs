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
//!   dropped: it is the publisher, not a body the article is about.

use super::{EntityType, Mention, gazetteer, persons};
use crate::analysis::{Span, tokens::Token};

/// `mentions` (in text order) with organisation mentions joined, dropped or kept as above.
pub fn screen(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    if !mentions.iter().any(|m| m.kind == EntityType::Organization) {
        return mentions;
    }
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    let mut iter = mentions.into_iter().peekable();
    while let Some(mut m) = iter.next() {
        if m.kind != EntityType::Organization {
            out.push(m);
            continue;
        }
        let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
        if words.is_empty() {
            continue;
        }
        let common = |t: &Token| persons::is_common_word(&persons::lower(&t.text), &t.stem);
        let first = persons::lower(&words[0].text);
        let generic =
            words.len() >= 2 && gazetteer::is_org_head(&first) && words[1..].iter().all(common);
        if generic
            && let Some(next) = iter.peek()
            && next.kind == EntityType::Location
            && next.tokens.0 == m.tokens.1
            && text.get(m.span.end..next.span.start) == Some(" ")
        {
            let next = iter.next().expect("peeked");
            m.tokens.1 = next.tokens.1;
            m.span = Span::new(m.span.start, next.span.end);
            out.push(m);
            continue;
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
        if shouted || lone_common || in_dateline(text, &m) {
            continue;
        }
        out.push(m);
    }
    out
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
    use crate::analysis::entities::tests::mentions_at;

    fn screened(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, EntityType)> {
        let (toks, ms) = mentions_at(text, ranges);
        screen(text, &toks, ms)
            .iter()
            .map(|m| (text[m.span.start..m.span.end].to_string(), m.kind))
            .collect()
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
}
