//! Direct quotes and who said them.
//!
//! Indonesian news attributes direct speech in a few fixed shapes, which this module reads
//! from the raw cleaned text (before any stopword filtering, since the cues are exactly the
//! words a stopword list removes): a cue after the quote (`"...," kata X, <role>`, `"...,"
//! ujarnya`, `"...," X menambahkan`), or before it (`X mengatakan, "..."`, `Menurut X,
//! "..."`), in Indonesian and English; a quote split around its attribution, or a paragraph
//! that is only a quote right after one of X's, goes to X as well. Quotes with no
//! attribution at all (scare quotes, titles, quoted hoax claims) are left out: this module
//! reports who said what, not every pair of quote marks.
//!
//! The speaker is a person whenever the article names one, never a role phrase or a
//! pronoun:
//!
//! - a role before the name is the role, the name the speaker (`kata Kepala Bidang Humas
//!   Polda X, Septi Eka Wardhani`, `ujar Kapolres Bogor AKBP Budi`);
//! - a pronoun cue (`ujarnya`, `kata dia`, `Dirinya mengatakan`) is the nearest person
//!   named before the quote, outside quotes, even one not quoted before; after a question
//!   (`"...?" tanya jaksa`), and for an answer cue (`jawabnya`), not the one who asked;
//! - a description (`tanya jaksa`, `ujar hakim`, `kata Ketua Umum Partai Aceh itu`) is the
//!   person the article gives that role, else an unnamed source named by the description;
//!   a body (`tulis BMKG`) is named as written;
//! - the role is the one written with the name, else the one the article ties to that
//!   person anywhere (its first mention with a title).
//!
//! Parts:
//!
//! - [`marks`]: pairs of quote marks and their paragraphs;
//! - [`attribution`]: the cue around a quote and what it names;
//! - [`speaker`]: a role-and-name phrase read as a person, a description or a body;
//! - [`role`]: the role written before or after a name;
//! - [`names`]: what a name looks like, as opposed to an office or a place;
//! - [`people`]: the article's persons, for pronouns, short names and roles;
//! - [`scan`]: words read off the text by byte offset; [`lists`]: the word lists;
//! - [`cue_words`]: the attribution words the keyword ranker leaves out.

mod attribution;
mod cue_words;
mod lists;
mod marks;
mod names;
mod people;
mod role;
mod scan;
mod speaker;
#[cfg(test)]
mod tests;

pub use cue_words::is_attribution_word;

use super::{Span, entities::Entity};
use attribution::{Attribution, Turn};
use marks::{QuoteSpan, continues, inside, quote_spans};
use people::People;
use scan::{after_last, bare, words_in};
use serde::{Deserialize, Serialize};
use speaker::{Named, named_after, named_before};

/// A direct quote attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it: a person's fullest name in the article when one is named, else the
    /// unnamed source or body as written ("hakim", "BMKG"). `None` for a pronoun cue with
    /// no one named before it, and for an office the article gives no holder of ("kata
    /// Direktur", "ujar JPU"; the office is then the `role`).
    pub speaker: Option<String>,
    /// The speaker's role or title, as the article gives it ("Kepala Bidang Humas Polda
    /// Jawa Timur"), where the quote names them or anywhere else in the article.
    pub role: Option<String>,
    /// The attribution verb ("kata", "ujarnya", "mengatakan").
    pub cue: Option<String>,
    /// Index of the sentence the quote starts in.
    pub sentence: usize,
    /// Byte offset of the quoted words (`text`) in the cleaned text: `start`.
    pub start: usize,
    /// Byte offset one past the quoted words' end in the cleaned text.
    pub end: usize,
}

/// Who said a quote, once resolved.
#[derive(Debug, Clone, Default)]
struct Said {
    speaker: Option<String>,
    role: Option<String>,
    cue: Option<String>,
    /// The person in [`People`], when the speaker is one.
    person: Option<usize>,
    /// Whether the quote is a question put by its speaker (`"...?" tanya jaksa`).
    question: bool,
    turn: Option<Turn>,
}

/// How far back a pronoun looks for someone introduced by a speech verb, in bytes: the
/// cost stays linear.
const LOOK_BACK: usize = 600;

/// Finds direct quotes in `text` and attributes them. The analysis calls [`attribute`],
/// which also gives persons their titles; this is the quote stage alone, for the lab's
/// stage timings and benches.
#[cfg(any(test, feature = "lab"))]
pub fn extract(text: &str, sentences: &[Span], entities: &[Entity], _lang: &str) -> Vec<Quote> {
    let marks = quote_spans(text);
    if marks.is_empty() {
        return Vec::new();
    }
    let mut people = People::new(text, entities, &marks);
    extract_from(text, sentences, &marks, &mut people)
}

/// [`fill_titles`] and then [`extract`], from one reading of the article's people: the
/// analysis' way in (building [`People`] twice was a fifth of the quote stage's cost).
/// Titles are read before the quotes, as [`fill_titles`] reads them, and the quotes do
/// not read titles, so the result is the same as the two calls in turn.
pub fn attribute(
    text: &str,
    sentences: &[Span],
    entities: &mut [Entity],
    _lang: &str,
) -> Vec<Quote> {
    let marks = quote_spans(text);
    let has_person = entities
        .iter()
        .any(|e| e.kind == super::entities::EntityType::Person);
    if marks.is_empty() && !has_person {
        return Vec::new();
    }
    let mut people = People::new(text, entities, &marks);
    let titles = if has_person {
        titles(text, &people)
    } else {
        Vec::new()
    };
    let quotes = if marks.is_empty() {
        Vec::new()
    } else {
        extract_from(text, sentences, &marks, &mut people)
    };
    drop(people);
    set_titles(entities, titles);
    quotes
}

/// Gives each entity of `titles` (entity index, title) its title.
fn set_titles(entities: &mut [Entity], titles: Vec<(usize, String)>) {
    for (e, title) in titles {
        if let Some(entity) = entities.get_mut(e) {
            entity.title = Some(title);
        }
    }
}

/// The quotes of `marks`, attributed to `people`.
fn extract_from(
    text: &str,
    sentences: &[Span],
    marks: &[QuoteSpan],
    people: &mut People<'_>,
) -> Vec<Quote> {
    let mut out = Vec::new();
    // The last quote kept, as (paragraph start, who said it), for continuations.
    let mut previous: Option<(usize, Said)> = None;
    let mut last_close = 0;
    let mut history: Vec<Said> = Vec::new();
    for (i, q) in marks.iter().enumerate() {
        let inner = inner_span(text, q);
        if inner.is_empty() {
            continue;
        }
        let words = inner.of(text);
        // Attribution text after the quote runs to the next quote in the same paragraph.
        let after_end = marks
            .get(i + 1)
            .filter(|n| n.line_start == q.line_start)
            .map_or(q.line_end, |n| n.open);
        let before_start = i
            .checked_sub(1)
            .and_then(|p| marks.get(p))
            .filter(|p| p.line_start == q.line_start)
            .map_or(q.line_start, |p| p.close);
        let own = attribution::after(text, q.close, after_end, people)
            .or_else(|| attribution::before(text, before_start, q.open, people));
        let said = match own {
            Some(a) => {
                let scope = Scope {
                    marks,
                    q,
                    last_close,
                    history: &history,
                };
                resolve(text, people, &a, &scope, words)
            }
            None => match &previous {
                Some((line, s)) if continues(text, q, *line, words) => Said {
                    question: false,
                    turn: None,
                    ..s.clone()
                },
                _ => continue,
            },
        };
        out.push(Quote {
            text: words.to_string(),
            speaker: said.speaker.clone(),
            role: said.role.clone(),
            cue: said.cue.clone(),
            sentence: sentence_of(sentences, q.open),
            start: inner.start,
            end: inner.end,
        });
        last_close = q.close;
        history.push(said.clone());
        previous = Some((q.line_start, said));
    }
    out
}

/// Gives each person entity its `title`: the office the article writes before one of
/// their mentions (`Gubernur Sumut Bobby Nasution`, `Kapolres Bogor AKBP Budi`) or in
/// apposition after it (`Budi Santoso, Kepala Desa X,`). It is the role a quote's speaker
/// gets, read the same way, so that the two agree; a family relation or a part in a case
/// (`istri korban`, `tersangka`) is a role but no title. Lives here rather than in
/// `entities` because reading roles needs the article's people, which quotes build from
/// the entities. The analysis calls [`attribute`], which does this and [`extract`] from one
/// reading of the people; this alone is for tests.
#[cfg(test)]
pub fn fill_titles(text: &str, entities: &mut [Entity]) {
    if !entities
        .iter()
        .any(|e| e.kind == super::entities::EntityType::Person)
    {
        return;
    }
    let marks = quote_spans(text);
    let people = People::new(text, entities, &marks);
    let titles = titles(text, &people);
    drop(people);
    set_titles(entities, titles);
}

/// The title of each person entity that has one, as (entity index, title): see
/// [`fill_titles`].
fn titles(text: &str, people: &People<'_>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (e, p) in people.entity_persons() {
        let Some(role) = people.early_role(p, TITLE_MENTIONS) else {
            continue;
        };
        let role = role.of(text).trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"' | '“' | '”')
        });
        if role.is_empty() || !is_title(role) {
            continue;
        }
        out.push((e, role.to_string()));
    }
    out
}

/// How many of a person's first mentions [`fill_titles`] reads for a title: where the
/// article introduces them, which a bare name in the headline's echo or the lead ("Prabowo
/// marah ...") may come before; later mentions give offices of other times or other people.
const TITLE_MENTIONS: usize = 3;

/// Whether a role is a title: its first word (after "mantan"/"former") is no family
/// relation or part in a case.
fn is_title(role: &str) -> bool {
    let mut words = role.split_whitespace().map(bare);
    let first = words.by_ref().find(|w| {
        !w.eq_ignore_ascii_case("mantan") && !w.eq_ignore_ascii_case("former") && !w.is_empty()
    });
    first.is_some_and(|w| !lists::NOT_TITLE.contains(w))
}

/// The quoted words: between the marks, without the spaces around them and the
/// attribution comma before the closing mark.
fn inner_span(text: &str, q: &QuoteSpan) -> Span {
    let raw = q.inner.of(text);
    let lead = raw.len() - raw.trim_start().len();
    let kept = raw.trim().trim_end_matches(',').trim_end();
    Span::new(q.inner.start + lead, q.inner.start + lead + kept.len())
}

/// Where a quote stands: what [`resolve`] reads besides its attribution.
struct Scope<'a> {
    marks: &'a [QuoteSpan],
    q: &'a QuoteSpan,
    /// Where the last quote kept closed.
    last_close: usize,
    /// Who said the quotes kept so far, the last one last.
    history: &'a [Said],
}

/// Who said a quote, from its own attribution: the person named, the one a pronoun or a
/// description stands for, or the source as written.
fn resolve(text: &str, people: &mut People, a: &Attribution, scope: &Scope, words: &str) -> Said {
    let Scope {
        marks,
        q,
        last_close,
        history,
    } = *scope;
    let prior = history.last();
    let mut said = Said {
        cue: Some(a.cue.clone()),
        question: a.turn == Turn::Question && words.trim_end().ends_with('?'),
        turn: Some(a.turn),
        ..Said::default()
    };
    // The one who asked (for an answer) or answered (for a question) just before: not the
    // one a pronoun stands for now.
    let other = prior
        .filter(|p| match a.turn {
            Turn::Answer => p.question,
            Turn::Question => p.turn == Some(Turn::Answer),
            Turn::Statement => p.question,
        })
        .and_then(|p| p.person);
    let exclude: Vec<usize> = other.into_iter().collect();
    let person = match &a.named {
        Some(Named::Person { name, role }) => {
            let p = people.person_at(*name);
            people.spoke(p);
            if role.is_none_or(|r| weak_role(r.of(text))) {
                // The role is elsewhere: read every mention of the person.
                people.find_by_name(marks, Some(p));
            }
            said.role = role
                .filter(|r| !weak_role(r.of(text)))
                .or_else(|| people.role(p))
                .or(*role)
                .map(|r| r.of(text).to_string());
            Some(p)
        }
        Some(Named::Unnamed { phrase, anaphoric }) => {
            people.find_by_name(marks, None);
            let found = people.described(phrase.of(text), q.open).or_else(|| {
                anaphoric
                    .then(|| pronoun(text, people, marks, q.open, last_close, &exclude))
                    .flatten()
            });
            if found.is_none() {
                unnamed(&mut said, phrase.of(text));
            }
            found
        }
        Some(Named::Source { phrase }) => {
            let phrase = phrase.of(text);
            let found = people::office_only(phrase)
                .then(|| people.described(phrase, q.open))
                .flatten();
            if found.is_none() {
                unnamed(&mut said, phrase);
            }
            found
        }
        None => {
            let found = pronoun(text, people, marks, q.open, last_close, &exclude);
            // No person named before: the last speaker, whoever they were, passing over the
            // one who asked.
            let earlier = || {
                history
                    .iter()
                    .rev()
                    .find(|s| s.person.is_none_or(|x| !exclude.contains(&x)))
            };
            if found.is_none()
                && let Some(p) = earlier()
            {
                said.speaker = p.speaker.clone();
                said.role = p.role.clone();
                p.person
            } else {
                // No one quoted before either: whoever was named last.
                found.or_else(|| people.nearest_before(q.open, &exclude, true))
            }
        }
    };
    if let Some(p) = person {
        said.person = Some(p);
        said.speaker = Some(people.name(p).to_string());
        if said.role.is_none() {
            said.role = people.role(p).map(|r| r.of(text).to_string());
        }
    }
    said
}

/// Records a source the article does not name: a description as the speaker (`kata
/// warga`, `tulis BMKG`), but an office alone (`kata Direktur`, `ujar JPU`) only as the
/// role, since a speaker is a person and the article names no one in that office.
fn unnamed(said: &mut Said, phrase: &str) {
    if people::office_only(phrase) {
        said.role = Some(phrase.to_string());
    } else {
        said.speaker = Some(phrase.to_string());
    }
}

/// A role that says only a rank or an honorific ("AKP"): the article may give a fuller
/// one elsewhere.
fn weak_role(role: &str) -> bool {
    words_in(role, 0, role.len()).iter().all(|w| {
        let w = bare(w.of(role));
        lists::RANKS.contains(w) || lists::HONORIFICS.contains(w)
    })
}

/// The person a pronoun cue before byte `at` stands for: someone introduced by a speech
/// verb or `Menurut` since the last quote (`Budi Santoso menjelaskan ...`) is recorded
/// first, then the nearest person named before the quote is taken.
fn pronoun(
    text: &str,
    people: &mut People,
    marks: &[QuoteSpan],
    at: usize,
    last_close: usize,
    exclude: &[usize],
) -> Option<usize> {
    let mut from = last_close.max(at.saturating_sub(LOOK_BACK)).min(at);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut introduced = Vec::new();
    for w in words_in(text, from, at) {
        let word = w.of(text);
        if word.eq_ignore_ascii_case("menurut") {
            let clause_end = text[w.end..at]
                .find([',', '.', '\n'])
                .map_or(at, |e| w.end + e);
            if let Some((Named::Person { name, .. }, _)) =
                named_after(text, w.end, clause_end, people)
            {
                introduced.push(name);
            }
        } else if is_attribution_word(word) && lists::SPEECH_VERBS.contains(word) {
            let line_start = after_last(&text[..w.start], &['\n', '.', '"', '”']).max(from);
            if let Some(Some((Named::Person { name, .. }, _))) =
                named_before(text, line_start, w.start, people)
            {
                introduced.push(name);
            }
        }
    }
    people.find_by_name(marks, None);
    for name in introduced {
        if !inside(marks, name.start) {
            let p = people.person_at(name);
            people.spoke(p);
        }
    }
    people.nearest_before(at, exclude, false)
}

/// Index of the sentence holding byte `at` (the last that starts at or before it).
fn sentence_of(sentences: &[Span], at: usize) -> usize {
    sentences
        .partition_point(|s| s.start <= at)
        .saturating_sub(1)
}
