//! Mention boundaries the tagger gets wrong on real pages, set right before the mentions
//! are typed and merged:
//! - a full name with its abbreviation in brackets ("Badan Cuaca Sukamaju (BCS)") is
//!   tagged as one run; news names a body so once and by its short form after, so the two
//!   are split into two mentions, which merging then joins as one entity
//!   ([`super::merge`] joins a bracketed short form to the name before it). A mention
//!   that holds a closing bracket it did not open ("Jampidsus) Budi") starts after it;
//! - a common-noun abbreviation ("WNA", "ASN", "APBD": foreigners, civil servants, a
//!   budget) is no name: alone it is dropped, and at the head of a longer mention it is
//!   cut off ("WNA Vietnam" is the place "Vietnam").

use super::{Mention, close_bracket};
use crate::analysis::fasthash::FastSet;
use crate::analysis::lexicon::entries;
use crate::analysis::{Span, tokens::Token};
use std::sync::LazyLock;

/// Abbreviations that stand for common nouns (`lexicon/common_abbreviations.txt`).
static COMMON_ABBREVIATIONS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/common_abbreviations.txt")).collect());

/// Words written in brackets inside a name that are part of it, not its short form
/// ("Bank Tabungan Negara (Persero) Tbk").
const NAME_PARTS_IN_BRACKETS: [&str; 2] = ["persero", "purn"];

/// Whether `word` is an abbreviation of a common noun (as written: "WNA", not "Wna").
pub fn is_common_abbreviation(word: &str) -> bool {
    word.len() <= 8
        && word.chars().any(char::is_uppercase)
        && !word.chars().any(char::is_lowercase)
        && COMMON_ABBREVIATIONS.contains(word.to_ascii_lowercase().as_str())
}

/// `mentions` with bracketed short forms split off and common-noun abbreviations cut.
pub fn fix(text: &str, tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let (a, b) = m.tokens;
        if b > tokens.len() || a >= b {
            continue;
        }
        // Most mentions hold no bracket and open with no abbreviation: kept as they are.
        let bracket = text
            .get(m.span.start..m.span.end)
            .is_some_and(|s| s.contains(['(', ')']));
        if !bracket && !is_common_abbreviation(&tokens[a].text) {
            out.push(m);
            continue;
        }
        for (a, b) in split_at_brackets(text, tokens, a, b) {
            let mut a = a;
            while a < b && is_common_abbreviation(&tokens[a].text) {
                a += 1;
            }
            if a == b {
                continue;
            }
            let span = close_bracket(text, Span::new(tokens[a].start, tokens[b - 1].end));
            out.push(Mention {
                span,
                kind: m.kind,
                tokens: (a, b),
            });
        }
    }
    out
}

/// Tokens `[a, b)` as the runs between brackets: "A B (C)" is "A B" and "C"; "A) B" is
/// "B". A bracket holding a name part ("(Persero)") does not split.
fn split_at_brackets(text: &str, tokens: &[Token], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = a;
    for i in a + 1..b {
        let gap = text.get(tokens[i - 1].end..tokens[i].start).unwrap_or("");
        if gap.contains('(') {
            let part = tokens[i].text.to_lowercase();
            if NAME_PARTS_IN_BRACKETS.contains(&part.as_str()) {
                continue;
            }
            runs.push((start, i));
            start = i;
        } else if gap.contains(')') {
            let opened = (start..i).skip(1).any(|k| {
                text.get(tokens[k - 1].end..tokens[k].start)
                    .is_some_and(|g| g.contains('('))
            }) || text
                .get(..tokens[start].start)
                .is_some_and(|before| before.trim_end().ends_with('('));
            if !opened {
                // A bracket closed that this run did not open: what came before is the end
                // of another name ("(Dirtut Jampidsus) Budi").
                start = i;
            } else if !NAME_PARTS_IN_BRACKETS.contains(&tokens[i - 1].text.to_lowercase().as_str())
            {
                runs.push((start, i));
                start = i;
            }
        }
    }
    runs.push((start, b));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::EntityType;
    use crate::analysis::tokens::tokenize;

    fn one(text: &str, a: usize, b: usize) -> Vec<String> {
        let toks = tokenize(text, "id");
        let m = Mention {
            span: Span::new(toks[a].start, toks[b - 1].end),
            kind: EntityType::Organization,
            tokens: (a, b),
        };
        fix(text, &toks, vec![m])
            .iter()
            .map(|m| text[m.span.start..m.span.end].to_string())
            .collect()
    }

    #[test]
    fn a_bracketed_short_form_is_its_own_mention() {
        let text = "Rapat Dewan Kopi Sukamaju (DKS) dimulai.";
        assert_eq!(one(text, 1, 5), ["Dewan Kopi Sukamaju", "DKS"]);
        // A name part in brackets stays inside the name.
        let text = "Saham Bank Dagang Sukamaju (Persero) Tbk naik.";
        assert_eq!(one(text, 1, 6), ["Bank Dagang Sukamaju (Persero) Tbk"]);
        // A bracket the mention did not open ends the name before it.
        let text = "Kepala Seksi (Kasi Pidsus) Rangga Wiratama hadir.";
        assert_eq!(one(text, 3, 6), ["Rangga Wiratama"]);
    }

    #[test]
    fn common_noun_abbreviations_are_no_names() {
        let text = "Dua WNA Sukamaju ditangkap, kata ASN itu.";
        assert_eq!(one(text, 1, 3), ["Sukamaju"]);
        assert!(one(text, 5, 6).is_empty());
        // Only as an abbreviation: the same letters in a word are kept.
        assert!(!is_common_abbreviation("Asn") && is_common_abbreviation("ASN"));
    }
}
