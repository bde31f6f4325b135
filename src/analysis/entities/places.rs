//! Places typed after tagging, from gazetteers: countries and capitals in Indonesian
//! (`lexicon/countries.txt`), places abroad named as such (`lexicon/world_regions.txt`),
//! the tagger's own place list (`lexicon/places.txt`) and Indonesia's provinces and
//! kabupaten/kota with their province (`lexicon/regions.txt`; the sources are credited in
//! each file and in the README's models table).
//!
//! The tagger's features are left as they were trained: these lists only act on its
//! output. A mention whose whole text is a listed place becomes a location whatever the
//! tagger called it ("Nagorno Karabakh" typed person); a listed place the tagger missed
//! ("Rusia") is added when it is capitalised and not inside another mention. Lookups are
//! hash lookups over token n-grams.

use super::{EntityType, Mention, is_hyphen};
use crate::analysis::fasthash::FastMap;
use crate::analysis::lexicon::entries;
use crate::analysis::{Span, tokens::Token};
use std::sync::LazyLock;

/// Longest listed name, in words ("Kabupaten Kepulauan Seribu" and longer).
const MAX_WORDS: usize = 6;

/// What a listed place says.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// The Indonesian province, when the place is one or lies in one (and only one).
    province: Option<&'static str>,
    /// Whether a missed mention may be added from it: not for a one-word name that is
    /// also an Indonesian word ("Lima", "Baku"), which only retypes a tagged mention.
    addable: bool,
    /// Whether it only retypes a mention typed as a person (`world_cities.txt`: many
    /// cities also name a club, which stays an organisation).
    persons_only: bool,
}

/// Lower-cased names, hyphens as spaces, words separated by one space.
static PLACES: LazyLock<FastMap<String, Place>> = LazyLock::new(|| {
    let mut map: FastMap<String, Place> = FastMap::default();
    let mut put = |name: &str, province: Option<&'static str>| {
        let key = normal(name);
        let single = !key.contains(' ');
        let addable = !(single && crate::analysis::stem::lexicon().contains(&key));
        match map.get_mut(&key) {
            // One name in two provinces (a kabupaten and a kota of one name elsewhere):
            // a place still, of no one province.
            Some(p) if p.province != province && p.province.is_some() && province.is_some() => {
                p.province = None
            }
            Some(p) => p.province = p.province.or(province),
            None => {
                map.insert(
                    key,
                    Place {
                        province,
                        addable,
                        persons_only: false,
                    },
                );
            }
        }
    };
    for name in entries(include_str!("../lexicon/countries.txt"))
        .chain(entries(include_str!("../lexicon/world_regions.txt")))
        .chain(entries(include_str!("../lexicon/places.txt")))
    {
        put(name, None);
    }
    for line in entries(include_str!("../lexicon/regions.txt")) {
        let Some((name, province)) = line.split_once('\t') else {
            continue;
        };
        put(name, Some(province));
        for prefix in ["Kabupaten ", "Kota "] {
            if let Some(bare) = name.strip_prefix(prefix) {
                put(bare, Some(province));
            }
        }
    }
    for name in entries(include_str!("../lexicon/world_cities.txt")) {
        map.entry(normal(name)).or_insert(Place {
            province: None,
            addable: false,
            persons_only: true,
        });
    }
    map
});

/// `name` lower-cased, hyphens as spaces, whitespace collapsed.
pub fn normal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_normal(&mut out, name);
    out
}

/// Appends [`normal`]`(name)` to `out`, after a space when `out` is not empty and `name`
/// has a word. ASCII words (most names) are lower-cased in place, without going through
/// `char::to_lowercase`.
fn push_normal(out: &mut String, name: &str) {
    for w in name.split(|c: char| c.is_whitespace() || is_hyphen(c)) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            let from = out.len();
            out.push_str(w);
            out[from..].make_ascii_lowercase();
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
}

/// The key of tokens `[a, b)`, written into `key` (cleared first).
fn key_of<'k>(key: &'k mut String, tokens: &[Token], a: usize, b: usize) -> &'k str {
    key.clear();
    for t in &tokens[a..b] {
        push_normal(key, &t.text);
    }
    key
}

#[cfg(test)]
fn is_place(name: &str) -> bool {
    is_listed(name)
}

/// Whether `name` (any case, hyphens or spaces) is a listed place.
pub fn is_listed(name: &str) -> bool {
    PLACES.contains_key(&normal(name))
}

/// The province of a listed Indonesian place, if it has one.
/// "Provinsi Jawa Timur" is the province Jawa Timur.
pub fn province(name: &str) -> Option<&'static str> {
    let name = normal(name);
    let bare = name.strip_prefix("provinsi ").unwrap_or(&name);
    PLACES.get(bare).and_then(|p| p.province)
}

/// Provinces by their names and short forms (`regions.txt` lines with no "Kabupaten" or
/// "Kota": "Jawa Tengah", "Jateng"), normalised as [`normal`] does.
static PROVINCE_NAMES: LazyLock<FastMap<String, &'static str>> = LazyLock::new(|| {
    entries(include_str!("../lexicon/regions.txt"))
        .filter_map(|line| line.split_once('\t'))
        .filter(|(name, _)| !name.starts_with("Kabupaten ") && !name.starts_with("Kota "))
        .map(|(name, province)| (normal(name), province))
        .collect()
});

/// The province a form's key (lower-case words, hyphens split) names, by its name or short
/// form, with or without "provinsi" ("Jawa Tengah" for `[jateng]`); `None` for a place in a
/// province ("Semarang") and anything else.
pub fn province_named_key(key: &[compact_str::CompactString]) -> Option<&'static str> {
    let bare = match key {
        [p, rest @ ..] if p == "provinsi" && !rest.is_empty() => rest,
        _ => key,
    };
    PROVINCE_NAMES.get(&bare.join(" ")).copied()
}

/// `mentions` (in text order) with listed places typed as locations, and listed places
/// the tagger missed added, in text order.
pub fn type_places(tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let places = &*PLACES;
    let mut key = String::new();
    // Where the key of tokens `[i, i + n + 1)` ends in `key`, for the run at `i`.
    let mut ends: Vec<usize> = Vec::with_capacity(MAX_WORDS);
    let mut covered = vec![false; tokens.len()];
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mut m in mentions {
        let (a, b) = m.tokens;
        if b > tokens.len() || a >= b {
            continue;
        }
        covered[a..b].iter_mut().for_each(|c| *c = true);
        if m.kind != EntityType::Location
            && b - a <= MAX_WORDS
            && places
                .get(key_of(&mut key, tokens, a, b))
                .is_some_and(|p| !p.persons_only || m.kind == EntityType::Person)
        {
            m.kind = EntityType::Location;
        }
        out.push(m);
    }
    let mut added = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] || !capitalised(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < tokens.len()
            && end - i < MAX_WORDS
            && !covered[end]
            && capitalised(&tokens[end])
        {
            end += 1;
        }
        // The run's key is built once, word by word; the longest listed prefix wins.
        key.clear();
        ends.clear();
        for t in &tokens[i..end] {
            push_normal(&mut key, &t.text);
            ends.push(key.len());
        }
        let found = (i + 1..=end).rev().find(|&b| {
            places
                .get(&key[..ends[b - i - 1]])
                .is_some_and(|p| p.addable && !(b == i + 1 && tokens[i].stop))
        });
        match found {
            Some(b) => {
                added.push(Mention {
                    span: Span::new(tokens[i].start, tokens[b - 1].end),
                    kind: EntityType::Location,
                    tokens: (i, b),
                });
                i = b;
            }
            None => i += 1,
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| m.tokens);
    }
    out
}

/// Whether a token begins with an upper-case letter.
fn capitalised(t: &Token) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_give_places_and_provinces() {
        assert!(is_place("Rusia") && is_place("Nagorno-Karabakh") && is_place("nagorno karabakh"));
        assert_eq!(province("Kabupaten Bogor"), Some("Jawa Barat"));
        assert_eq!(province("Bogor"), Some("Jawa Barat"));
        assert_eq!(province("Jakarta Selatan"), Some("DKI Jakarta"));
        assert_eq!(province("Sumut"), Some("Sumatera Utara"));
        assert_eq!(province("Jawa Barat"), Some("Jawa Barat"));
        assert_eq!(province("Provinsi Jawa Barat"), Some("Jawa Barat"));
        assert_eq!(province("Turki"), None);
        assert!(!is_place("Presiden"));
    }
}
