//! Names one thing goes by that no rule of spelling joins: a club and its nickname
//! ("Liverpool", "The Reds"), a national side and its nickname, a country's Indonesian and
//! English names ("Tiongkok", "China"), an organisation and the brand it is known by. They
//! share no words and no initials, so only a list knows them (`lexicon/aliases.txt`, facts
//! written from general knowledge).
//!
//! Two steps. Before merging, [`echoes`] adds a mention for each untagged occurrence of a
//! listed name whose group the article already names through a tagged mention (the tagger
//! types each sentence alone, and a nickname in a sentence of its own gives it little to go
//! on). While merging, [`group_of`] tells which forms belong to one group; a group the
//! article writes in two names or more is one entity of the group's type. A group named
//! once stays as the tagger left it: "Parma" alone may be the city.

use super::{EntityType, Mention, form_key};
use crate::analysis::fasthash::FastMap;
use crate::analysis::lexicon::entries;
use crate::analysis::tokens::Token;
use crate::analysis::{Span, entities::lower};

use compact_str::CompactString;
use std::sync::LazyLock;

/// The groups' types by index, and each listed name's group by its key (lower-case words
/// joined by single spaces, hyphens split, a leading "the" dropped).
struct Aliases {
    kinds: Vec<EntityType>,
    groups: FastMap<String, usize>,
    /// The longest name in words: no form longer than this is looked up.
    max_words: usize,
}

static ALIASES: LazyLock<Aliases> = LazyLock::new(|| parse(include_str!("../lexicon/aliases.txt")));

/// Reads the list: `kind: Name | Name | ...` a line. A line that does not parse is left
/// out (the list's test checks that none is).
fn parse(file: &'static str) -> Aliases {
    let mut out = Aliases {
        kinds: Vec::new(),
        groups: FastMap::default(),
        max_words: 0,
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
        for name in names.split('|') {
            let words = words_of(name);
            if !words.is_empty() {
                out.max_words = out.max_words.max(words.len());
                out.groups.insert(words.join(" "), g);
            }
        }
    }
    out
}

/// A name's key words: lower case, hyphenated words split, a leading "the" dropped.
fn words_of(name: &str) -> Vec<CompactString> {
    let mut words: Vec<CompactString> = name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}'))
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words
}

/// The group of a form's key (lower-case words, as [`form_key`] makes them) and its type,
/// if the form is a listed name.
pub fn group_of(key: &[CompactString]) -> Option<(usize, EntityType)> {
    let a = &*ALIASES;
    let key = match key {
        [the, rest @ ..] if !rest.is_empty() && the == "the" => rest,
        _ => key,
    };
    if key.is_empty() || key.len() > a.max_words {
        return None;
    }
    let g = *a.groups.get(&key.join(" "))?;
    Some((g, a.kinds[g]))
}

/// `mentions` with a mention added for each untagged occurrence of a listed name whose
/// group a tagged mention of the article already names ("The Reds" where "Liverpool" is
/// tagged), of the group's type. An occurrence starts with a capital, and none of its
/// words is in a mention.
pub fn echoes(text: &str, tokens: &[Token], mut mentions: Vec<Mention>) -> Vec<Mention> {
    let a = &*ALIASES;
    let mut named: Vec<usize> = Vec::new();
    for m in &mentions {
        if m.tokens.1 - m.tokens.0 > a.max_words + 1 {
            continue;
        }
        if let Some((g, _)) = group_of(&form_key(tokens, m))
            && !named.contains(&g)
        {
            named.push(g);
        }
    }
    if named.is_empty() {
        return mentions;
    }
    // The names of the groups the article names, by their first word.
    let mut by_first: FastMap<&str, Vec<(Vec<CompactString>, usize)>> = FastMap::default();
    for (name, &g) in &a.groups {
        if named.contains(&g) {
            let words: Vec<CompactString> = name.split(' ').map(CompactString::from).collect();
            let first = name.split(' ').next().unwrap_or("");
            by_first.entry(first).or_default().push((words, g));
        }
    }
    let mut covered = vec![false; tokens.len()];
    for m in &mentions {
        let r = m.tokens.0.min(tokens.len())..m.tokens.1.min(tokens.len());
        covered[r].iter_mut().for_each(|c| *c = true);
    }
    let joined = |x: &Token, y: &Token| {
        text.get(x.end..y.start)
            .is_some_and(|g| g.chars().all(|c| c == ' ' || c == '-' || c == '\u{a0}'))
    };
    let mut added = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let starts_capital = t.text.chars().next().is_some_and(char::is_uppercase);
        if covered[i] || !starts_capital {
            i += 1;
            continue;
        }
        // "The Reds": the name may open with an English "The" the list leaves out.
        let skip_the = usize::from(t.text == "The" && i + 1 < tokens.len());
        let mut hit = None;
        for start in [i, i + skip_the] {
            let one = Mention {
                span: tokens[start].span(),
                kind: EntityType::Organization,
                tokens: (start, start + 1),
            };
            let first = form_key(tokens, &one);
            let Some(names) = first.first().and_then(|w| by_first.get(w.as_str())) else {
                continue;
            };
            // Words of a name split at hyphens: compare the form's key over the run.
            for (words, g) in names {
                let mut end = start;
                let mut key: Vec<CompactString> = Vec::new();
                while key.len() < words.len() && end < tokens.len() && !covered[end] {
                    if end > start && !joined(&tokens[end - 1], &tokens[end]) {
                        break;
                    }
                    let m = Mention {
                        span: tokens[end].span(),
                        kind: EntityType::Organization,
                        tokens: (end, end + 1),
                    };
                    key.extend(form_key(tokens, &m));
                    end += 1;
                }
                if key == *words && hit.is_none_or(|(_, e, _)| end > e) {
                    hit = Some((i, end, *g));
                }
            }
            if start == i + skip_the {
                break;
            }
        }
        if let Some((s, e, g)) = hit {
            added.push(Mention {
                span: Span::new(tokens[s].start, tokens[e - 1].end),
                kind: a.kinds[g],
                tokens: (s, e),
            });
            i = e;
        } else {
            i += 1;
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span.start);
    }
    mentions
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
        for &g in a.groups.values() {
            sizes[g] += 1;
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
