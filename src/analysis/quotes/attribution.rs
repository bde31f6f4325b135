//! The attribution of one quote as written around it: the cue (`kata`, `ujarnya`,
//! `mengatakan`, `Menurut`) and what it names, before anyone is resolved.
//!
//! - after the quote: `"...," kata X`, `"...," ujarnya`, `"...," kata dia`, `"...," X
//!   menambahkan`, `"...," ia menambahkan`, `"...," said X`, `"...," X said`;
//! - before it: `X mengatakan, "..."`, `Menurut X, "..."`, `According to X, "..."`,
//!   `Ia menambahkan: "..."`.

use super::lists::{ANSWER_CUES, CUES, PRONOUNS, QUESTION_CUES, SPEECH_VERBS};
use super::people::People;
use super::scan::{after_last, capitalised, capitalised_run, next_word, word_at, words_in};
use super::speaker::{Named, named_after, named_before};
use crate::analysis::Span;

/// What a quote's own attribution says.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attribution {
    /// Who it names; `None` for a pronoun (`ujarnya`, `kata dia`, `Dirinya mengatakan`).
    pub(super) named: Option<Named>,
    /// The cue as written (`kata`, `ujarnya`, `kata dia`, `mengatakan`).
    pub(super) cue: String,
    /// Whether the cue asks (`tanya`) or answers (`jawab`).
    pub(super) turn: Turn,
}

/// The part a cue gives its quote in a dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Turn {
    Statement,
    Question,
    Answer,
}

impl Turn {
    fn of(cue_word: &str) -> Turn {
        let stem = cue_word
            .strip_suffix("nya")
            .filter(|s| CUES.contains(s))
            .unwrap_or(cue_word);
        if QUESTION_CUES.contains(stem) {
            Turn::Question
        } else if ANSWER_CUES.contains(stem) {
            Turn::Answer
        } else {
            Turn::Statement
        }
    }
}

fn attribution(named: Option<Named>, cue: String) -> Attribution {
    let first = cue.split_whitespace().next().unwrap_or("").to_lowercase();
    let last = cue.split_whitespace().last().unwrap_or("").to_lowercase();
    let turn = match Turn::of(&first) {
        Turn::Statement => Turn::of(&last),
        t => t,
    };
    Attribution { named, cue, turn }
}

/// The attribution right after a closing quote mark at `close`, up to `limit`.
pub(super) fn after(
    text: &str,
    close: usize,
    limit: usize,
    people: &People,
) -> Option<Attribution> {
    let mut at = close + text[close..].chars().next().map_or(1, char::len_utf8);
    let rest = text.get(at..limit)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', ',']);
    at = limit - trimmed.len();
    let first = word_at(text, at, limit)?;
    let w1 = first.of(text);
    let lower = w1.to_lowercase();
    let second = next_word(text, first.end, limit);
    // "ujarnya", "katanya": the cue with -nya names no one.
    if let Some(stem) = lower.strip_suffix("nya")
        && CUES.contains(stem)
    {
        return Some(attribution(None, w1.to_string()));
    }
    if CUES.contains(&lower) || (lower == "according" && second.is_some_and(|s| s.of(text) == "to"))
    {
        let (cue_end, cue) = match (lower.as_str(), second) {
            ("according", Some(s)) => (s.end, text[first.start..s.end].to_string()),
            _ => (first.end, w1.to_string()),
        };
        let next = next_word(text, cue_end, limit);
        if let Some(n) = next
            && is_pronoun(text, n, limit)
        {
            return Some(attribution(None, text[first.start..n.end].to_string()));
        }
        let (named, _) = named_after(text, cue_end, limit, people)?;
        return Some(attribution(Some(named), cue));
    }
    // "ia menambahkan", "he said".
    if PRONOUNS.contains(w1)
        && let Some(s) = second
        && SPEECH_VERBS.contains(s.of(text))
    {
        return Some(attribution(None, text[first.start..s.end].to_string()));
    }
    // "X menambahkan", "X said".
    let run = capitalised_run(text, at, limit)?;
    let run_end = run[run.len() - 1].end;
    let verb = next_word(text, run_end, limit)?;
    if !SPEECH_VERBS.contains(verb.of(text)) {
        return None;
    }
    let (named, _) = named_after(text, at, run_end, people)?;
    Some(attribution(Some(named), verb.of(text).to_string()))
}

/// A pronoun standing alone (`kata dia`), not the first word of a name (`kata He
/// Xiaopeng`).
fn is_pronoun(text: &str, w: Span, limit: usize) -> bool {
    PRONOUNS.contains(w.of(text))
        && !next_word(text, w.end, limit).is_some_and(|n| capitalised(n.of(text)))
}

/// The attribution before an opening quote mark at `open`, from `from`: `X mengatakan,`,
/// `Menurut X,`, `Ia menambahkan:`.
pub(super) fn before(text: &str, from: usize, open: usize, people: &People) -> Option<Attribution> {
    let lead = text.get(from..open)?;
    let lead_trim = lead.trim_end();
    let lead_trim = lead_trim.strip_suffix([',', ':'])?.trim_end();
    // Only the clause right before the quote: from the last sentence end.
    let clause_start = from + after_last(lead_trim, &['.', '!', '?', '"', '”', '\n']);
    let clause_end = from + lead_trim.len();
    let words = words_in(text, clause_start, clause_end);
    // "Menurut X, ..." / "According to X, ..."
    if let Some(i) = words.iter().position(|w| {
        let w = w.of(text);
        w.eq_ignore_ascii_case("menurut") || w.eq_ignore_ascii_case("according")
    }) {
        let from = if words[i].of(text).eq_ignore_ascii_case("according") {
            words.get(i + 1)?.end
        } else {
            words[i].end
        };
        let (named, _) = named_after(text, from, clause_end, people)?;
        return Some(attribution(Some(named), words[i].of(text).to_lowercase()));
    }
    // The last speech verb, followed by at most four lower-case words ("kepada wartawan").
    let v = words
        .iter()
        .rposition(|w| SPEECH_VERBS.contains(w.of(text)))?;
    if words.len() - v - 1 > 4 || words[v + 1..].iter().any(|w| capitalised(w.of(text))) {
        return None;
    }
    let cue = words[v].of(text).to_string();
    let named = named_before(text, clause_start, words[v].start, people)?;
    Some(attribution(named.map(|(n, _)| n), cue))
}
