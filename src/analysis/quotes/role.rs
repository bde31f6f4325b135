//! The role a person is given where they are named: an office or description before the
//! name (`Kepala Bidang Humas Polda X, Septi`, `Menteri Keuangan Sri Mulyani`, `pakar hukum
//! tata negara Feri Amsari`) or an apposition after it (`Septi, Kabid Humas Polda X,`,
//! `Budi, warga setempat`).

use super::lists::{
    COPULAS, HONORIFICS, NOT_ROLE, PREPOSITIONS, RANKS, ROLE_CONNECTORS, ROLE_STOP, WEEKDAYS,
};
use super::names::{name_word, role_head, role_word};
use super::scan::{
    acronym, bare, capitalised, clause_start, next_word, verb_like, word_at, words_in,
};
use crate::analysis::Span;

/// Most words a role before a name may have.
const ROLE_WORDS: usize = 16;

/// The role written right before a name starting at `name_start`, looking back no further
/// than `floor` and the sentence start: the capitalised words, role connectors ("untuk",
/// "dan"), parentheses and commas before the name, from the first word that opens a role
/// (an office, rank or occupation). A comma is crossed only when the part after it does not
/// open a role itself ("Pjs. Area Manager Communication, Relation and CSR PT KPI"), so that
/// in a list of people each keeps their own.
pub(super) fn role_before(text: &str, floor: usize, name_start: usize) -> Option<Span> {
    let floor = clause_start(text, floor.max(name_start.saturating_sub(400)), name_start);
    let words = words_in(text, floor, name_start);
    // The role's words, nearest first, each with whether a comma follows it.
    let mut taken: Vec<(Span, bool)> = Vec::new();
    let mut i = words.len();
    while i > 0 && taken.len() < ROLE_WORDS {
        let w = words[i - 1];
        let next = taken.last().map_or(name_start, |(n, _)| n.start);
        let between = &text[w.end..next];
        if !between
            .chars()
            .all(|c| matches!(c, ' ' | '\u{a0}' | ',' | '(' | ')' | '/' | '&' | '-' | '–'))
            || between.matches(',').count() > 1
        {
            break;
        }
        let comma = between.contains(',');
        // "Budi (mantan Bupati X), Wendy": the parenthesis is the previous person's role.
        if between.contains(')') && paren_role_before(text, w.end) {
            break;
        }
        let s = w.of(text);
        if capitalised(s) || (s.chars().all(|c| c.is_ascii_digit()) && !taken.is_empty()) {
            taken.push((w, comma));
            i -= 1;
            continue;
        }
        if ROLE_CONNECTORS.contains_as_written(s)
            && !comma
            && taken.last().is_some_and(|(n, _)| capitalised(n.of(text)))
        {
            taken.push((w, comma));
            i -= 1;
            continue;
        }
        // A lower-case role ("pakar hukum tata negara", "ketua majelis hakim", "mantan"):
        // up to four lower-case words back to the word that opens it.
        let reach = (1..=4.min(i)).find(|&k| {
            let opener = words[i - k];
            role_head(opener.of(text))
                && words[i - k..i].windows(2).all(|p| {
                    let s = p[1].of(text);
                    text[p[0].end..p[1].start].trim().is_empty()
                        && !capitalised(s)
                        && !verb_like(s)
                        && !NOT_ROLE.contains(s)
                })
        });
        // Before a comma and the name ("pakar hukum tata negara, Feri Amsari"), not a noun
        // after a preposition: "Di hadapan warga, Budi" gives Budi no role.
        let opens_clause = |k: usize| i == k || !PREPOSITIONS.contains(words[i - k - 1].of(text));
        let Some(k) = reach.filter(|&k| {
            !verb_like(s)
                && (text[w.end..next].trim().is_empty()
                    || (taken.is_empty() && comma && opens_clause(k)))
        }) else {
            break;
        };
        for j in (i - k..i).rev() {
            taken.push((words[j], false));
        }
        i -= k;
    }
    // Segments, nearest first (a comma after a word closes the segment it ends): the role
    // opens at the first role word of the nearest segment that has one, reaching back over
    // segments that do not open with a role word themselves.
    let mut segments: Vec<Vec<Span>> = vec![Vec::new()];
    for (n, &(w, comma)) in taken.iter().enumerate() {
        if comma && n > 0 {
            segments.push(Vec::new());
        }
        segments.last_mut()?.push(w);
    }
    let mut start = None;
    // Whether the segments read so far hold only ranks and honorifics: "Reskrim Polsek
    // Lubukbaja, Iptu Noval" is an office, then the rank before the name.
    let mut ranks_only = true;
    for seg in &segments {
        // In text order.
        let seg: Vec<Span> = seg.iter().rev().copied().collect();
        if let Some(w) = seg.iter().find(|w| role_head(w.of(text))) {
            start = Some(w.start);
        } else if let Some(w) = seg.iter().find(|w| role_word(w.of(text))) {
            if start.is_none() {
                start = Some(w.start);
            } else if ranks_only {
                // The office before a rank, whole: "Reskrim Polsek Lubukbaja, Iptu".
                start = Some(seg[0].start);
            }
        } else {
            // A segment of names only: another person ("Kapolres X, Budi, Andi").
            break;
        }
        ranks_only &= seg.iter().all(|w| {
            let w = bare(w.of(text));
            RANKS.contains(w) || HONORIFICS.contains(w)
        });
        if seg.first().is_some_and(|w| role_head(w.of(text))) && !ranks_only {
            break;
        }
    }
    let start = start?;
    let end = taken
        .iter()
        .find(|(w, _)| w.start >= start)
        .map(|(w, _)| w.end)?;
    trim_role(text, Span::new(start, end)).filter(|r| holds_head(text, *r))
}

/// A role span with leading and trailing honorifics, commas and spaces removed; `None` when
/// nothing but honorifics is left ("Pak").
pub(super) fn trim_role(text: &str, span: Span) -> Option<Span> {
    let words = words_in(text, span.start, span.end);
    let first = words
        .iter()
        .position(|w| !HONORIFICS.contains(bare(w.of(text))))?;
    let last = words
        .iter()
        .rposition(|w| !HONORIFICS.contains(bare(w.of(text))))?;
    let (start, mut end) = (words[first].start, words[last].end);
    // Keep a closing parenthesis that belongs to the role: "(Perseroda)", "(BI)".
    let inner = &text[start..end];
    if text[end..].starts_with(')') && inner.matches('(').count() > inner.matches(')').count() {
        end += 1;
    }
    Some(Span::new(start, end))
}

/// A role after the name: `, <role>` (after an optional parenthesis such as an age, `Budi
/// (45), warga setempat`, and a short credential, `Lisa, RD, pendiri X`) up to the next
/// comma, sentence end, quote mark or a word that starts a new clause; at most 12 words;
/// not a date, a circumstance or another name. Or a role tied by a copula (`Budi selaku
/// Kepala Desa`, `Ernest adalah selebriti`), which must hold an office or occupation word.
/// `strict` (a name anywhere in the article, not one right after a cue) asks the same of
/// the comma form: "Menurut Feri, pemanggilan itu diperlukan" gives Feri no role.
pub(super) fn role_after(text: &str, from: usize, limit: usize, strict: bool) -> Option<Span> {
    let mut rest = text.get(from..limit)?.trim_start_matches([' ', '\u{a0}']);
    if let Some(paren) = rest.strip_prefix('(')
        && let Some(close) = paren
            .find(')')
            .filter(|&c| c < 120 && !paren[..c].contains('\n'))
    {
        // "Wendy Melfa (mantan Bupati Lampung Selatan)": a role in parentheses.
        let inner_start = limit - paren.len();
        let inner = Span::new(inner_start, inner_start + close);
        if words_in(text, inner.start, inner.end)
            .first()
            .is_some_and(|w| role_head(w.of(text)))
        {
            return trim_role(text, inner);
        }
        if close >= 40 {
            return None;
        }
        rest = paren[close + 1..].trim_start_matches([' ', '\u{a0}']);
    }
    if let Some(after_comma) = rest.strip_prefix(',') {
        let mut start = word_at(text, limit - after_comma.len(), limit)?;
        // "Lisa Mastela, RD, pendiri dan CEO Bumpin Blends": past a credential.
        let segment_end = text[start.start..limit]
            .find(',')
            .map_or(limit, |c| start.start + c);
        let segment = &text[start.start..segment_end];
        let credential = segment.len() <= 6
            && !segment.contains(' ')
            && (acronym(segment) || (segment.contains('.') && capitalised(segment)));
        if credential
            && segment_end < limit
            && let Some(next) = word_at(text, segment_end + 1, limit)
        {
            start = next;
        }
        let first = start.of(text);
        if NOT_ROLE.contains(first)
            || WEEKDAYS.contains(first)
            || verb_like(first)
            || first.chars().all(|c| c.is_ascii_digit())
            // Another name ("Budi, Andi dan Siti"), not a role.
            || (name_word(first, false) && !role_word(first))
        {
            return None;
        }
        let role = role_words(text, start.start, limit)?;
        // "Tom Lembong, hakim menilai ...": a lower-case noun before a verb is the subject
        // of a new clause.
        let clause = !role.of(text).contains(char::is_uppercase)
            && next_word(text, role.end, limit).is_some_and(|w| clause_verb(w.of(text)));
        return (!strict || (role_head(first) && !clause)).then_some(role);
    }
    // "Budi selaku Kepala Desa", "Budi yang merupakan warga".
    let mut w = word_at(text, limit - rest.len(), limit)?;
    let mut also = false;
    if w.of(text) == "yang" {
        w = next_word(text, w.end, limit)?;
        // "Budi yang juga Ketua RT 05".
        if matches!(w.of(text), "juga" | "sekaligus") {
            also = true;
            w = next_word(text, w.end, limit)?;
        }
    }
    let start = if COPULAS.contains_as_written(w.of(text)) {
        next_word(text, w.end, limit)?
    } else if also {
        w
    } else {
        return None;
    };
    let role = role_words(text, start.start, limit)?;
    holds_head(text, role).then_some(role)
}

/// The words of a role from `start`: up to punctuation, a clause word ("yang", "saat"), a
/// verb, or 12 words.
fn role_words(text: &str, start: usize, limit: usize) -> Option<Span> {
    let mut end = start;
    let mut words = 0;
    let mut at = start;
    while let Some(w) = word_at(text, at, limit) {
        let between = &text[at..w.start];
        let s = w.of(text);
        if between.contains([',', '.', ';', ':', '"', '“', '”', '(', '\n', '!', '?'])
            || ROLE_STOP.contains_as_written(s)
            || words == 12
            || (words > 0
                && (clause_verb(s)
                    || (NOT_ROLE.contains_as_written(s)
                        && !["itu", "ini", "tersebut"].contains(&s))))
        {
            break;
        }
        words += 1;
        end = w.end;
        at = w.end;
        // "tersangka kasus itu": a demonstrative closes the role.
        if ["itu", "ini", "tersebut"].contains(&s) {
            break;
        }
    }
    (end > start).then(|| Span::new(start, end))
}

/// A lower-case word that starts a predicate after a role ("merasa", "mengatakan",
/// "dibeli"): a verb, or a word in me- that is not an office ("menteri").
fn clause_verb(word: &str) -> bool {
    !capitalised(word)
        && (verb_like(word) || (word.starts_with("me") && word.len() >= 5 && !role_head(word)))
}

/// Whether a role holds an office, rank or occupation word.
fn holds_head(text: &str, role: Span) -> bool {
    words_in(text, role.start, role.end)
        .iter()
        .any(|w| role_head(w.of(text)))
}

/// Whether the text before `at` ends with a parenthesis that holds a role ("(mantan Bupati
/// X)").
fn paren_role_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let Some(open) = before.rfind('(') else {
        return false;
    };
    before.len() - open < 120
        && words_in(text, open + 1, at)
            .first()
            .is_some_and(|w| role_head(w.of(text)))
}
