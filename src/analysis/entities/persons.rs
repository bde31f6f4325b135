//! A second look at the mentions the tagger typed as persons. The tagger decides from a
//! few words around each token, so a capitalised common noun ("Hewan Kurban" in a
//! heading), an office with no name ("Marsekal Muda"), a club ("Inter Miami") or a company
//! ("PT Sukamaju Jaya") comes out as a person. What the whole article shows settles most of
//! them: a word the article also writes in lower case is a common word, not a name.

use super::{EntityType, Mention, gazetteer};
use crate::analysis::fasthash::{FastMap, FastSet};
use crate::analysis::lexicon::entries;
use crate::analysis::stem;
use crate::analysis::tokens::Token;
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

/// Police and military ranks (`lexicon/ranks.txt`): never part of a name.
static RANKS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/ranks.txt")).collect());

/// Whether a lower-cased word is a police or military rank ("kompol", "iptu").
pub fn is_rank(lower: &str) -> bool {
    RANKS.contains(lower)
}

/// Whether a lower-cased word is a title, rank or honorific ("kapolres", "akbp", "pak").
pub fn is_office_word(lower: &str) -> bool {
    OFFICE_WORDS.contains(lower)
}

/// `mentions` with the person mentions that are no person dropped or retyped:
/// - every word is one the article also writes in lower case or a root word of the
///   lexicon, and there are two or more of them or one is written in lower case ("Hewan
///   Kurban" where "hewan kurban" is written too, "Alam Semesta"): dropped. A lone root
///   word the article never writes in lower case stays: many names are words ("Putri");
/// - a lone letter ("M", left of a name the tagger split): dropped;
/// - every word is a title, rank or honorific ("Wakil Bupati", "Pak"): dropped;
/// - a word marks a club ("FC", "United", "Inter") or the first word heads organisation
///   names ("PT", "Universitas"): an organisation.
pub fn screen(tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    if !mentions.iter().any(|m| m.kind == EntityType::Person) {
        return mentions;
    }
    // The lower-cased words of the person mentions, and which of them the article also
    // writes in lower case. Only tokens of a wanted length and first byte are looked up:
    // most of an article's words are not in a person mention.
    let mut wanted: FastMap<CompactString, bool> = FastMap::default();
    let (mut lengths, mut firsts) = (0u64, [false; 256]);
    for m in mentions.iter().filter(|m| m.kind == EntityType::Person) {
        for t in tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]) {
            let w = super::lower(&t.text);
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
    let mut word = String::new();
    mentions
        .into_iter()
        .filter_map(|mut m| {
            if m.kind != EntityType::Person {
                return Some(m);
            }
            let words = tokens.get(m.tokens.0..m.tokens.1).unwrap_or(&[]);
            let (mut attested, mut common, mut office) = (0, 0, 0);
            let (mut club, mut org) = (false, false);
            for (i, t) in words.iter().enumerate() {
                word.clear();
                word.extend(t.text.chars().flat_map(char::to_lowercase));
                let w = word.as_str();
                if wanted.get(w).copied().unwrap_or(false) {
                    attested += 1;
                    common += 1;
                } else if stem::lexicon().contains(w) {
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
            if n == 0 || office == n || lone_letter || (common == n && (attested > 0 || n > 1)) {
                return None;
            }
            if club || org {
                m.kind = EntityType::Organization;
            }
            Some(m)
        })
        .collect()
}
