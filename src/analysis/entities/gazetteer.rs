//! A small, hand-written list of facts the tagger sees as features: Indonesian provinces,
//! islands and big cities, countries, person titles and the words that head organisation
//! names, kept as data in `analysis/lexicon/` (`places.txt`, `titles.txt`, `org_heads.txt`).
//! The list only nudges the statistical model (it learns how much to trust each class), so
//! it is kept short and uncontroversial rather than complete; and since the model's weights
//! were trained with it, changing an entry changes the tagger's output until it is retrained.

use crate::analysis::fasthash::FastSet;
use std::sync::LazyLock;

/// What a gazetteer entry says about the words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A place: province, island, city, country, region.
    Place,
    /// A title or role that usually precedes a person's name ("Presiden", "Gubernur").
    Title,
    /// A word that usually begins an organisation's name ("PT", "Partai", "Universitas").
    OrgHead,
}

/// Provinces, islands, big cities, countries and regions (lower case, words separated by
/// one space). Multi-word entries are matched as token sequences.
const PLACES: &str = include_str!("../lexicon/places.txt");

/// Titles and roles that precede a person's name: the list the quote attributor reads too.
const TITLES: &str = include_str!("../lexicon/titles.txt");

/// The titles left out here: the tagger was trained without them, so marking them would
/// change its output (the file says how much, and when to shrink it).
const TITLES_NOT_IN_MODEL: &str = include_str!("../lexicon/titles_not_in_ner_model.txt");

/// Words that begin an organisation's name.
const ORG_HEADS: &str = include_str!("../lexicon/org_heads.txt");

/// The organisation heads left out of the tagger's feature: it was trained without them,
/// and the rules after it read the whole list ([`is_org_head`]).
const ORG_HEADS_NOT_IN_MODEL: &str = include_str!("../lexicon/org_heads_not_in_ner_model.txt");

use crate::analysis::lexicon::entries;

/// Longest entry, in words: bounds the look-ahead of [`matches`].
const MAX_WORDS: usize = 4;

/// The lists as hash sets, built on first use: [`matches`] runs for every sentence the
/// tagger sees, and a linear scan of the lists (with a joined string per look-ahead) was
/// a sixth of the whole analysis.
struct Sets {
    places: Set,
    titles: Set,
    /// All of `org_heads.txt`, for the rules after the tagger.
    org_heads: Set,
    /// The entries the tagger was trained with, for its feature.
    model_org_heads: Set,
    /// The first words of the multi-word places: only a token among them can begin a
    /// match longer than itself, so every other token skips the look-ahead.
    multi_first: Set,
}

/// A set of short words with a cheap hash (see [`crate::analysis::fasthash`]).
type Set = FastSet<&'static str>;

static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
    places: entries(PLACES).collect(),
    titles: {
        let left_out: Set = entries(TITLES_NOT_IN_MODEL).collect();
        entries(TITLES).filter(|t| !left_out.contains(t)).collect()
    },
    org_heads: entries(ORG_HEADS).collect(),
    model_org_heads: {
        let left_out: Set = entries(ORG_HEADS_NOT_IN_MODEL).collect();
        entries(ORG_HEADS)
            .filter(|t| !left_out.contains(t))
            .collect()
    },
    multi_first: entries(PLACES)
        .filter_map(|p| p.split_once(' ').map(|(first, _)| first))
        .collect(),
});

/// Whether `lower` (a lower-cased single token) is a title.
pub fn is_title(lower: &str) -> bool {
    SETS.titles.contains(lower)
}

/// Whether `lower` (a lower-cased single token) heads organisation names (the whole list,
/// the tagger's feature aside).
pub fn is_org_head(lower: &str) -> bool {
    SETS.org_heads.contains(lower)
}

/// Whether the lower-cased words, joined by single spaces, are a place in the list.
pub fn is_place(lower_joined: &str) -> bool {
    SETS.places.contains(lower_joined)
}

/// What the lists say about one lower-cased word on its own, as bit flags: the word-level
/// lookups of [`matches`], which the tagger's features compute once per distinct word
/// and keep (four hash lookups per token were ~2% of the analysis).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordEntry(u8);

impl WordEntry {
    const PLACE: u8 = 1;
    const TITLE: u8 = 2;
    const ORG_HEAD: u8 = 4;
    const MULTI_FIRST: u8 = 8;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// The [`WordEntry`] of `lower`, a lower-cased single token.
pub fn entry(lower: &str) -> WordEntry {
    let sets = &*SETS;
    let flag = |set: &Set, f: u8| if set.contains(lower) { f } else { 0 };
    WordEntry(
        flag(&sets.places, WordEntry::PLACE)
            | flag(&sets.titles, WordEntry::TITLE)
            | flag(&sets.model_org_heads, WordEntry::ORG_HEAD)
            | flag(&sets.multi_first, WordEntry::MULTI_FIRST),
    )
}

/// For every token (lower-cased), the gazetteer class covering it and whether it begins
/// the match: place names are matched longest-first over token sequences; titles and
/// organisation heads are single words. Linear in the number of tokens.
#[cfg(test)]
pub fn matches<S: AsRef<str>>(lower: &[S]) -> Vec<Option<(Class, bool)>> {
    matches_with(lower, |i| entry(lower[i].as_ref()))
}

/// [`matches`], given each token's [`WordEntry`] (`entry_of(i)` for token `i`).
pub fn matches_with<S: AsRef<str>>(
    lower: &[S],
    entry_of: impl Fn(usize) -> WordEntry,
) -> Vec<Option<(Class, bool)>> {
    let sets = &*SETS;
    let mut out = vec![None; lower.len()];
    let mut i = 0;
    let mut joined = String::new();
    while i < lower.len() {
        let e = entry_of(i);
        let mut matched = 0;
        if e.has(WordEntry::MULTI_FIRST) {
            for n in (2..=MAX_WORDS.min(lower.len() - i)).rev() {
                joined.clear();
                for (k, w) in lower[i..i + n].iter().enumerate() {
                    if k > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(w.as_ref());
                }
                if sets.places.contains(joined.as_str()) {
                    matched = n;
                    break;
                }
            }
        }
        if matched == 0 && e.has(WordEntry::PLACE) {
            matched = 1;
        }
        if matched > 0 {
            for (k, slot) in out[i..i + matched].iter_mut().enumerate() {
                *slot = Some((Class::Place, k == 0));
            }
            i += matched;
            continue;
        }
        if e.has(WordEntry::TITLE) {
            out[i] = Some((Class::Title, true));
        } else if e.has(WordEntry::ORG_HEAD) {
            out[i] = Some((Class::OrgHead, true));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn word_entries_carry_each_list() {
        let jawa = entry("jawa");
        assert!(jawa.has(WordEntry::MULTI_FIRST));
        assert!(entry("presiden").has(WordEntry::TITLE));
        assert!(entry("partai").has(WordEntry::ORG_HEAD));
        assert!(!entry("presiden").has(WordEntry::PLACE));
        assert_eq!(entry("makan"), WordEntry::default());
        // Given entries, matching reads no word list for single words.
        let words = lower(&["warga", "makan"]);
        let m = matches_with(&words, |i| {
            if i == 1 {
                entry("presiden")
            } else {
                WordEntry::default()
            }
        });
        assert_eq!(m, vec![None, Some((Class::Title, true))]);
    }

    #[test]
    fn multi_word_place_wins_over_its_first_word() {
        let m = matches(&lower(&["warga", "jawa", "barat", "datang"]));
        assert_eq!(m[0], None);
        assert_eq!(m[1], Some((Class::Place, true)));
        assert_eq!(m[2], Some((Class::Place, false)));
        assert_eq!(m[3], None);
    }

    #[test]
    fn titles_and_org_heads_are_single_words() {
        let m = matches(&lower(&["presiden", "joko", "partai", "golkar"]));
        assert_eq!(m[0], Some((Class::Title, true)));
        assert_eq!(m[1], None);
        assert_eq!(m[2], Some((Class::OrgHead, true)));
    }

    #[test]
    fn org_heads_the_model_never_saw_are_rules_only() {
        let heads: Set = entries(ORG_HEADS).collect();
        for h in entries(ORG_HEADS_NOT_IN_MODEL) {
            assert!(heads.contains(h), "{h} is not in org_heads.txt");
            assert!(is_org_head(h), "{h}");
            assert!(
                !entry(h).has(WordEntry::ORG_HEAD),
                "{h} is a tagger feature"
            );
        }
        // The 72 heads the tagger was trained with.
        assert_eq!(SETS.model_org_heads.len(), 72);
        assert!(entry("polres").has(WordEntry::ORG_HEAD) && is_org_head("lapas"));
    }

    #[test]
    fn titles_are_the_shared_list_less_the_ones_the_model_never_saw() {
        let titles: Set = entries(TITLES).collect();
        for t in entries(TITLES_NOT_IN_MODEL) {
            assert!(titles.contains(t), "{t} is not in titles.txt");
        }
        // The 66 titles the tagger was trained with.
        assert_eq!(SETS.titles.len(), 66);
        assert!(is_title("kapolres") && is_title("pak") && !is_title("kompol"));
    }

    #[test]
    fn entries_are_lower_case_and_within_the_look_ahead() {
        for e in entries(PLACES)
            .chain(entries(TITLES))
            .chain(entries(ORG_HEADS))
        {
            assert_eq!(e.to_lowercase(), e);
            assert!(e.split(' ').count() <= MAX_WORDS, "{e}");
        }
    }
}
