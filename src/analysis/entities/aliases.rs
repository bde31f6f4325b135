//! Names one thing goes by that no rule of spelling joins: a club and its nickname
//! ("Liverpool", "The Reds"), a national side and its nickname, a country's Indonesian and
//! English names ("Tiongkok", "China"), an organisation and the brand it is known by. They
//! share no words and no initials, so only a list knows them (`lexicon/aliases.txt`, facts
//! written from general knowledge).
//!
//! Both steps run while merging. [`group_of`] tells which forms are listed names, and so
//! which groups the article names through a tagged mention; [`echoes`] then finds the
//! untagged occurrences of those groups' names (the tagger types each sentence alone, and a
//! nickname in a sentence of its own gives it little to go on). A group the article writes
//! in two names or more is one entity of the group's type; a group named once stays as the
//! tagger left it: "Parma" alone may be the city.

use super::{EntityType, Mention, is_hyphen};
use crate::analysis::fasthash::FastMap;
use crate::analysis::lexicon::entries;
use crate::analysis::tokens::Token;
use crate::analysis::{Span, entities::lower};
use compact_str::CompactString;
use std::sync::LazyLock;

/// The groups' types by index, and the listed names (lower-case words, hyphens split, a
/// leading "the" dropped) by their first word, each with its group.
/// A listed name's words, with its group.
type Name = (Vec<CompactString>, usize);

struct Aliases {
    kinds: Vec<EntityType>,
    by_first: FastMap<CompactString, Vec<Name>>,
    /// Each group's names' first words, and all of them as a [`Firsts`] filter.
    group_firsts: Vec<Vec<CompactString>>,
    /// Each group's first name: the one its entity is named by when the article writes it.
    canonical: Vec<Vec<CompactString>>,
    firsts: Firsts,
}

/// A cheap filter on words, so that most tokens are never lower-cased and looked up: the
/// lengths (one bit each, capped at 63) and the lower-cased first bytes of a set of words.
struct Firsts {
    lengths: u64,
    bytes: [bool; 256],
}

impl Default for Firsts {
    fn default() -> Firsts {
        Firsts {
            lengths: 0,
            bytes: [false; 256],
        }
    }
}

impl Firsts {
    fn add(&mut self, w: &str) {
        self.lengths |= 1 << w.len().min(63);
        if let Some(b) = w.bytes().next() {
            self.bytes[usize::from(b.to_ascii_lowercase())] = true;
        }
    }

    /// Whether the written token's first word (up to a hyphen) may be one of the words. A
    /// token with a non-ASCII byte always may (its hyphen could be a Unicode one).
    fn may_hold(&self, written: &str) -> bool {
        let b = written.as_bytes();
        if !written.is_ascii() {
            return true;
        }
        let len = b.iter().position(|&c| c == b'-').unwrap_or(b.len());
        self.lengths & (1 << len.min(63)) != 0
            && b.first()
                .is_some_and(|&c| self.bytes[usize::from(c.to_ascii_lowercase())])
    }
}

static ALIASES: LazyLock<Aliases> = LazyLock::new(|| parse(include_str!("../lexicon/aliases.txt")));

/// Reads the list: `kind: Name | Name | ...` a line. A line that does not parse is left
/// out (the list's test checks that none is).
fn parse(file: &'static str) -> Aliases {
    let mut out = Aliases {
        kinds: Vec::new(),
        by_first: FastMap::default(),
        group_firsts: Vec::new(),
        canonical: Vec::new(),
        firsts: Firsts::default(),
    };
    for line in entries(file) {
        let Some((kind, names)) = line.split_once(':') else {
            continue;
        };
        let kind = match kind.trim() {
            "per" => EntityType::Person,
            "org" => EntityType::Organization,
            "loc" => EntityType::Location,
            _ => continue,
        };
        let g = out.kinds.len();
        out.kinds.push(kind);
        out.group_firsts.push(Vec::new());
        out.canonical.push(Vec::new());
        for name in names.split('|') {
            let words = words_of(name);
            if out.canonical[g].is_empty() {
                out.canonical[g].clone_from(&words);
            }
            if let Some(first) = words.first() {
                out.firsts.add(first);
                out.group_firsts[g].push(first.clone());
                out.by_first
                    .entry(first.clone())
                    .or_default()
                    .push((words, g));
            }
        }
    }
    out
}

/// A name's key words: lower case, hyphenated words split, a leading "the" dropped.
fn words_of(name: &str) -> Vec<CompactString> {
    let mut words: Vec<CompactString> = name
        .split(|c: char| c.is_whitespace() || is_hyphen(c))
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words
}

/// The group of a form's key (lower-case words, as [`super::form_key`] makes them) and
/// its type, if the form is a listed name.
pub fn group_of(key: &[CompactString]) -> Option<(usize, EntityType)> {
    let a = &*ALIASES;
    let key = match key {
        [the, rest @ ..] if !rest.is_empty() && the == "the" => rest,
        _ => key,
    };
    let (_, g) = a
        .by_first
        .get(key.first()?)?
        .iter()
        .find(|(words, _)| words.as_slice() == key)?;
    Some((*g, a.kinds[*g]))
}

/// Whether a form's key is the first name of group `g` ("Liverpool" of "The Reds").
pub fn is_canonical(g: usize, key: &[CompactString]) -> bool {
    ALIASES
        .canonical
        .get(g)
        .is_some_and(|c| c.as_slice() == key)
}

/// Whether a written word is the lower-cased word `w` (ASCII without allocating).
fn same_word(written: &str, w: &str) -> bool {
    if written.is_ascii() {
        written.eq_ignore_ascii_case(w)
    } else {
        lower(written) == w
    }
}

/// The first word of a written token (up to a hyphen), lower-cased, in `buf` when it is
/// short ASCII (nearly always) and allocated otherwise.
fn first_word<'b>(written: &str, buf: &'b mut [u8; 32]) -> std::borrow::Cow<'b, str> {
    if written.is_ascii() {
        let b = written.as_bytes();
        let b = &b[..b.iter().position(|&c| c == b'-').unwrap_or(b.len())];
        if b.len() <= buf.len() {
            let out = &mut buf[..b.len()];
            out.copy_from_slice(b);
            out.make_ascii_lowercase();
            return std::borrow::Cow::Borrowed(std::str::from_utf8(out).unwrap_or(""));
        }
    }
    let first = written.split(is_hyphen).next().unwrap_or("");
    std::borrow::Cow::Owned(lower(first).into())
}

/// The end of an occurrence of `words` starting at token `i`: tokens joined by spaces,
/// hyphenated tokens read as their parts, none of them in a mention, none past `limit`.
fn occurrence(
    text: &str,
    tokens: &[Token],
    covered: &[bool],
    (i, limit): (usize, usize),
    words: &[CompactString],
) -> Option<usize> {
    let mut w = 0;
    let mut end = i;
    while w < words.len() {
        if end >= limit || covered.get(end).copied().unwrap_or(true) {
            return None;
        }
        let t = tokens.get(end)?;
        if end > i {
            let gap = text.get(tokens[end - 1].end..t.start)?;
            if !gap.chars().all(|c| c == ' ' || c == '\u{a0}') {
                return None;
            }
        }
        for part in t.text.split(is_hyphen).filter(|p| !p.is_empty()) {
            if !words.get(w).is_some_and(|x| same_word(part, x)) {
                return None;
            }
            w += 1;
        }
        end += 1;
    }
    Some(end)
}

/// The listed names that may start at token `i` (after an English "The"), with the token
/// they start at.
fn names_at<'a>(a: &'a Aliases, tokens: &[Token], i: usize) -> Option<(usize, &'a [Name])> {
    let mut buf = [0u8; 32];
    let from = if tokens[i].text == "The" { i + 1 } else { i };
    let written = &tokens.get(from)?.text;
    if !a.firsts.may_hold(written) {
        return None;
    }
    let first = first_word(written, &mut buf);
    Some((from, a.by_first.get(first.as_ref())?.as_slice()))
}

/// `mentions` with each one that a bracket right after it names by a listed alias cut to
/// the other listed name it ends with, and typed as the list says: "Tim Pemeriksa Fakta
/// Sukamaju (SukamajuCek)" where the list holds "Sukamaju | SukamajuCek" is the
/// organisation "Sukamaju". The bracket tells which thing the words before it name, and the
/// list which of those words are its name; the tagger had read a capitalised phrase.
pub fn cut_to_bracketed_alias(
    text: &str,
    tokens: &[Token],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    for m in &mut mentions {
        let (a, b) = m.tokens;
        let opens = text
            .get(m.span.end..)
            .is_some_and(|r| r.trim_start_matches([' ', '\u{a0}']).starts_with('('));
        if !opens || b >= tokens.len() || b <= a + 1 {
            continue;
        }
        // The bracket's words: tokens up to the closing bracket, at most a few.
        let Some(close) = text.get(m.span.end..).and_then(|r| r.find(')')) else {
            continue;
        };
        let close = m.span.end + close;
        let inner_end = (b..tokens.len().min(b + 4))
            .take_while(|&k| tokens[k].end <= close)
            .last();
        let Some(inner_end) = inner_end else {
            continue;
        };
        let key = |x: usize, y: usize| {
            super::form_key(
                tokens,
                &Mention {
                    tokens: (x, y),
                    ..m.clone()
                },
            )
        };
        let Some((g, kind)) = group_of(&key(b, inner_end + 1)) else {
            continue;
        };
        let Some(k) = (a + 1..b).find(|&k| group_of(&key(k, b)).is_some_and(|(h, _)| h == g))
        else {
            continue;
        };
        m.tokens = (k, b);
        m.span = Span::new(tokens[k].start, m.span.end);
        m.kind = kind;
    }
    mentions
}

/// Mentions for the untagged occurrences of the names of the `named` groups (those the
/// article's tagged `mentions` already name: "The Reds" where "Liverpool" is tagged), of
/// each group's type. An occurrence starts with a capital, and none of its words is in a
/// mention.
pub fn echoes(text: &str, tokens: &[Token], mentions: &[Mention], named: &[usize]) -> Vec<Mention> {
    let a = &*ALIASES;
    let mut added = Vec::new();
    if named.is_empty() {
        return added;
    }
    let mut covered = vec![false; tokens.len()];
    for m in mentions {
        let r = m.tokens.0.min(tokens.len())..m.tokens.1.min(tokens.len());
        covered[r].iter_mut().for_each(|c| *c = true);
    }
    // The first words of the named groups' names only: few, so the filter passes little.
    let mut firsts = Firsts::default();
    firsts.add("the");
    for &g in named {
        if let Some(words) = a.group_firsts.get(g) {
            words.iter().for_each(|w| firsts.add(w));
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if covered[i] || !t.text.starts_with(char::is_uppercase) || !firsts.may_hold(&t.text) {
            i += 1;
            continue;
        }
        let hit = names_at(a, tokens, i).and_then(|(from, names)| {
            names
                .iter()
                .filter(|(_, g)| named.contains(g))
                .filter_map(|(words, g)| {
                    let end = occurrence(text, tokens, &covered, (from, tokens.len()), words)?;
                    Some((end, *g))
                })
                .max_by_key(|&(end, _)| end)
        });
        if let Some((end, g)) = hit {
            added.push(Mention {
                span: Span::new(t.start, tokens[end - 1].end),
                kind: a.kinds[g],
                tokens: (i, end),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_list_parses_into_a_group_of_two_names_or_more() {
        let file = include_str!("../lexicon/aliases.txt");
        let a = parse(file);
        let lines = entries(file).count();
        assert_eq!(a.kinds.len(), lines, "a line of aliases.txt does not parse");
        let mut sizes = vec![0; a.kinds.len()];
        for names in a.by_first.values() {
            for (_, g) in names {
                sizes[*g] += 1;
            }
        }
        assert!(
            sizes.iter().all(|&n| n >= 2),
            "a group with one name: {sizes:?}"
        );
    }

    #[test]
    fn a_leading_the_is_optional_and_case_does_not_matter() {
        let k = |s: &str| words_of(s);
        let (g, kind) = group_of(&k("the reds")).expect("The Reds is listed");
        assert_eq!(kind, EntityType::Organization);
        assert_eq!(
            group_of(&k("Reds")).map(|x| x.0),
            Some(g),
            "'The' is optional"
        );
        assert_eq!(group_of(&k("LIVERPOOL")).map(|x| x.0), Some(g));
        assert_eq!(
            group_of(&k("Tiongkok")).map(|x| x.1),
            Some(EntityType::Location)
        );
        assert_eq!(group_of(&k("Sukamaju")), None);
    }
}
