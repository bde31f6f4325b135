//! The people of one article: every mention of a person (from the entity recogniser, and
//! the names attributions add), so that a pronoun cue goes to the nearest person named
//! before the quote, a short name ("Rizky") reads as the full one ("Rizky Firmansyah"),
//! and a speaker gets the role the article gives them anywhere.

use super::lists::{ADVERBS, RANKS, SPEECH_VERBS, TITLES, WEEKDAYS};
use super::marks::{QuoteSpan, inside};
use super::names::{holds_words, name_part, name_word};
use super::role::{role_after, role_before};
use super::scan::{acronym, bare, capitalised, clause_start, next_word, verb_like, words_in};
use crate::analysis::fasthash::FastMap;
use crate::analysis::lexicon::entries;
use crate::analysis::{
    Span,
    entities::{Entity, EntityType},
};
use std::cell::RefCell;
use std::sync::LazyLock;

/// One person: how the article names them in full.
#[derive(Debug)]
struct Person {
    name: String,
    /// Whether the article presents them as a speaker: quoted, or introduced by a speech
    /// verb or `Menurut`. With a role, this makes someone a person a pronoun may stand for
    /// (a name inside a place or event, "Masjid Ahmad Yani", is neither).
    spoke: bool,
}

/// The people of an article and where each is mentioned.
pub(super) struct People<'t> {
    text: &'t str,
    persons: Vec<Person>,
    /// (name span, person), sorted by start, not overlapping.
    mentions: Vec<(Span, usize)>,
    /// Each mention's span as the recogniser gave it (with a rank or title it kept).
    raw: Vec<Span>,
    /// Whether each mention lies inside a quote (a name in someone's words is not who
    /// speaks next).
    quoted: Vec<bool>,
    /// Whether each mention was only found by [`People::find_by_name`] (a word of a name
    /// seen alone): a role is read there only when no other mention has one.
    secondary: Vec<bool>,
    /// Each person's role, once looked up: `None` not yet, `Some(None)` none found.
    roles: RefCell<Vec<Option<Option<Span>>>>,
    /// Whether [`People::find_by_name`] has read the text for every person, or for each.
    searched_all: bool,
    searched: Vec<bool>,
    /// (index into the entities given, person): which person each person entity is, so
    /// that an entity can be given its person's role as its title.
    of_entity: Vec<(usize, usize)>,
}

impl<'t> People<'t> {
    /// The persons the recogniser found, by the name part of their mentions.
    pub(super) fn new(text: &'t str, entities: &[Entity], marks: &[QuoteSpan]) -> Self {
        let mut me = People {
            text,
            persons: Vec::new(),
            mentions: Vec::new(),
            raw: Vec::new(),
            quoted: Vec::new(),
            secondary: Vec::new(),
            roles: RefCell::new(Vec::new()),
            searched_all: false,
            searched: Vec::new(),
            of_entity: Vec::new(),
        };
        let mut found: Vec<(Span, Span, usize)> = Vec::new();
        for (e_index, e) in entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Person)
        {
            // Spans come from another analyser: read them defensively.
            let valid = |s: &[usize; 2]| {
                s[0] < s[1] && text.is_char_boundary(s[0]) && text.is_char_boundary(s[1])
            };
            let spans: Vec<Span> = e
                .spans
                .iter()
                .filter(|s| s[1] <= text.len() && valid(s))
                .map(|s| Span::new(s[0], s[1]))
                .collect();
            let names: Vec<(Span, Span)> = spans
                .iter()
                .filter_map(|&s| name_part(text, s).map(|n| (n, s)))
                .collect();
            // The fullest mention names the person.
            let Some(full) = names.iter().map(|(n, _)| *n).max_by_key(|n| n.len()) else {
                continue;
            };
            let index = me.persons.len();
            me.of_entity.push((e_index, index));
            me.persons.push(Person {
                name: full.of(text).to_string(),
                spoke: false,
            });
            found.extend(names.into_iter().map(|(n, raw)| (n, raw, index)));
        }
        // A person the recogniser kept apart under a shorter name ("AKP Rizky" beside
        // "Rizky Firmansyah") is the one whose full name holds it, when only one does.
        let alias: Vec<usize> = (0..me.persons.len())
            .map(|p| {
                let (short, persons) = (&me.persons[p].name, &me.persons);
                let mut holders = (0..persons.len()).filter(|&q| {
                    let long = &persons[q].name;
                    q != p
                        && long.len() > short.len()
                        && long.contains(short.as_str())
                        && holds_words(long, short)
                });
                match (holders.next(), holders.next()) {
                    (Some(q), None) => q,
                    _ => p,
                }
            })
            .collect();
        for f in &mut found {
            f.2 = alias[f.2];
        }
        for e in &mut me.of_entity {
            e.1 = alias[e.1];
        }
        found.sort_by_key(|(n, _, _)| (n.start, std::cmp::Reverse(n.end)));
        for (n, raw, index) in found {
            if me.mentions.last().is_some_and(|(m, _)| m.end > n.start) {
                continue;
            }
            me.mentions.push((n, index));
            me.raw.push(raw);
            me.quoted.push(inside(marks, n.start));
            me.secondary.push(false);
        }
        me.roles.borrow_mut().resize(me.persons.len(), None);
        me
    }

    /// Adds the mentions the recogniser missed: a word of a person's full name written
    /// alone ("Morientes" after "Fernando Morientes"), when it is no other person's, outside
    /// the mentions already known. Runs once, the first time a pronoun needs it.
    /// `only` limits the search to one person's name (their role is wanted).
    pub(super) fn find_by_name(&mut self, marks: &[QuoteSpan], only: Option<usize>) {
        self.searched.resize(self.persons.len(), false);
        let wanted = |p: usize| only.is_none_or(|o| o == p);
        if self.searched_all || only.is_some_and(|o| self.searched[o]) {
            return;
        }
        match only {
            Some(o) => self.searched[o] = true,
            None => {
                self.searched_all = true;
                self.searched.fill(true);
            }
        }
        let text = self.text;
        // Each name word (as the full name writes it) and the one person it belongs to
        // (`None`: several).
        let mut owner: Vec<(String, Option<usize>)> = Vec::new();
        for (p, person) in self.persons.iter().enumerate() {
            for w in person.name.split_whitespace() {
                let w = bare(w);
                if w.chars().count() < 3 || !name_word(w, true) {
                    continue;
                }
                match owner.iter_mut().find(|(o, _)| o == w) {
                    Some((_, who)) if *who != Some(p) => *who = None,
                    Some(_) => {}
                    None => owner.push((w.to_string(), Some(p))),
                }
            }
        }
        // Where each is written as a whole word, outside the mentions known.
        let mut hits: Vec<(Span, usize)> = Vec::new();
        for (w, who) in &owner {
            let Some(p) = who.filter(|&p| wanted(p)) else {
                continue;
            };
            for (at, _) in text.match_indices(w.as_str()) {
                let end = at + w.len();
                let bounded = !text[..at].ends_with(char::is_alphanumeric)
                    && !text[end..].starts_with(char::is_alphanumeric);
                let span = Span::new(at, end);
                if bounded && self.mention_overlapping(span).is_none() {
                    hits.push((span, p));
                }
            }
        }
        hits.sort();
        let mut added: Vec<(Span, usize)> = Vec::new();
        for (w, p) in hits {
            // Words of one name next to each other are one mention ("Mohammad Irzan").
            match added.last_mut() {
                Some((last, q)) if *q == p && text.get(last.end..w.start) == Some(" ") => {
                    last.end = w.end;
                }
                _ => added.push((w, p)),
            }
        }
        for (w, p) in added {
            let at = self.mentions.partition_point(|(m, _)| m.start < w.start);
            self.mentions.insert(at, (w, p));
            self.raw.insert(at, w);
            self.quoted.insert(at, inside(marks, w.start));
            self.secondary.insert(at, true);
        }
        // Roles looked up so far may be found at the new mentions.
        self.roles.borrow_mut().fill(None);
    }

    /// Each person entity (by its index in the entities given) and the person it is.
    pub(super) fn entity_persons(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.of_entity.iter().copied()
    }

    /// The recogniser's person mentions (as it gave them) that start inside `span`.
    pub(super) fn mentions_in(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let from = self.raw.partition_point(|r| r.start < span.start);
        self.raw[from..]
            .iter()
            .take_while(move |r| r.start < span.end)
            .copied()
    }

    /// The person a name written at `name` is: the one mentioned there, else the one whose
    /// full name holds it, nearest before it ("Rizky" after "Rizky Firmansyah"), else a new
    /// person. The mention is recorded either way.
    pub(super) fn person_at(&mut self, name: Span) -> usize {
        if let Some(p) = self.mention_overlapping(name) {
            return p;
        }
        let written = name.of(self.text);
        let known = self.by_name(written, name.start);
        let p = known.unwrap_or_else(|| {
            self.persons.push(Person {
                name: written.to_string(),
                spoke: false,
            });
            self.roles.borrow_mut().push(None);
            self.persons.len() - 1
        });
        let at = self.mentions.partition_point(|(m, _)| m.start < name.start);
        self.mentions.insert(at, (name, p));
        self.raw.insert(at, name);
        self.quoted.insert(at, false);
        self.secondary.insert(at, false);
        p
    }

    fn mention_overlapping(&self, span: Span) -> Option<usize> {
        let i = self.mentions.partition_point(|(m, _)| m.end <= span.start);
        self.mentions
            .get(i)
            .filter(|(m, _)| m.start < span.end)
            .map(|&(_, p)| p)
    }

    /// The person whose full name holds `written`, preferring the one mentioned nearest
    /// before `at`, then the first mentioned.
    fn by_name(&self, written: &str, at: usize) -> Option<usize> {
        let holds = |p: usize| holds_words(&self.persons[p].name, written);
        let before = self.mentions.partition_point(|(m, _)| m.start < at);
        self.mentions[..before]
            .iter()
            .rev()
            .map(|&(_, p)| p)
            .find(|&p| holds(p))
            .or_else(|| (0..self.persons.len()).find(|&p| holds(p)))
    }

    /// Records that a person speaks in the article (see [`Person::spoke`]).
    pub(super) fn spoke(&mut self, p: usize) {
        if let Some(person) = self.persons.get_mut(p)
            && !person.spoke
        {
            person.spoke = true;
            // Their role may now be read at more mentions.
            if let Some(slot) = self.roles.borrow_mut().get_mut(p) {
                *slot = None;
            }
        }
    }

    /// Whether a pronoun may stand for a person: the article quotes them, introduces them
    /// as speaking, or gives them a role.
    fn speaking(&self, p: usize) -> bool {
        self.persons[p].spoke || self.role(p).is_some()
    }

    /// Whether a mention is the subject of its sentence: it opens the sentence and a verb
    /// follows it ("Amar membuka diskusi ..."), which introduces someone as a person a
    /// pronoun may stand for even with no role.
    fn subject(&self, m: Span) -> bool {
        let text = self.text;
        let sentence = clause_start(text, m.start.saturating_sub(200), m.start);
        let opens = text[sentence..m.start].trim().is_empty();
        let mut at = m.end;
        let mut next = next_word(text, at, text.len());
        while let Some(w) = next.filter(|w| ADVERBS.contains(w.of(text))) {
            at = w.end;
            next = next_word(text, at, text.len());
        }
        opens && next.is_some_and(|w| verb_like(w.of(text)) || SPEECH_VERBS.contains(w.of(text)))
    }

    /// How the article names a person in full.
    pub(super) fn name(&self, p: usize) -> &str {
        &self.persons[p].name
    }

    /// The role the article gives a person: at the first of their mentions that has one,
    /// before the name (`Kapolsek Sukmajaya AKP Rizky Firmansyah`) or after it (`Rizky,
    /// Kapolsek Sukmajaya,`).
    pub(super) fn role(&self, p: usize) -> Option<Span> {
        if let Some(known) = self.roles.borrow().get(p).copied().flatten() {
            return known;
        }
        let of_p = |secondary: bool| {
            self.mentions
                .iter()
                .zip(&self.secondary)
                .filter(move |((_, q), s)| *q == p && **s == secondary)
                .map(|(&(m, _), _)| m)
        };
        // A word of a name seen alone is trusted for a role only for someone quoted: a
        // tag such as "Pokok Agraria" would take the office of "Menteri Agraria".
        let secondary = of_p(true).filter(|_| self.persons[p].spoke);
        let found = of_p(false).chain(secondary).find_map(|m| self.role_at(m));
        if let Some(slot) = self.roles.borrow_mut().get_mut(p) {
            *slot = Some(found);
        }
        found
    }

    /// The role at a person's first `first` mentions (as the recogniser gave them): what
    /// an entity's title is read from. An article gives an office where it introduces
    /// someone, and reading every later mention of everyone would cost more than the
    /// quotes' lookups, which are for speakers only.
    pub(super) fn early_role(&self, p: usize, first: usize) -> Option<Span> {
        self.mentions
            .iter()
            .zip(&self.secondary)
            .filter(|((_, q), s)| *q == p && !**s)
            .take(first)
            .find_map(|(&(m, _), _)| self.role_at(m))
    }

    /// The role before or after one mention.
    fn role_at(&self, m: Span) -> Option<Span> {
        // A mention inside a longer capitalised run ("Presiden Direktur Bahana TCW
        // Investment Management Edward Lubis" tagged "Bahana") is not the one the role
        // before it belongs to.
        let embedded = self.embedded(m);
        role_before(self.text, 0, m.start)
            .filter(|r| !embedded && !self.owned_by_next(*r, m))
            .or_else(|| role_after(self.text, m.end, self.line_end(m.end), true))
    }

    /// Whether a mention is followed by more capitalised words of one run (other than
    /// initials, credentials and days): a tag inside a longer name.
    fn embedded(&self, m: Span) -> bool {
        let text = self.text;
        let mut at = m.end;
        while let Some(w) = next_word(text, at, text.len()) {
            let s = w.of(text);
            if !capitalised(s) || WEEKDAYS.contains(s) {
                return false;
            }
            if !acronym(bare(s)) && !s.contains('.') {
                return true;
            }
            at = w.end;
        }
        false
    }

    /// Whether a lower-case role before a mention is the next name's: in "kuasa hukum
    /// Rayen, Jajang" the lawyer is Jajang, not Rayen.
    fn owned_by_next(&self, role: Span, mention: Span) -> bool {
        let lower = !role.of(self.text).starts_with(char::is_uppercase);
        let rest = self.text[mention.end..].trim_start_matches([' ', '\u{a0}']);
        lower
            && rest.strip_prefix(',').is_some_and(|r| {
                r.split_whitespace()
                    .next()
                    .is_some_and(|w| name_word(w.trim_end_matches([',', '.']), false))
            })
    }

    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i)
    }

    /// The person a pronoun before `at` stands for: the nearest person mentioned before
    /// `at` (outside quotes), and of the sentence that mentions them, the
    /// first one named (the subject: "Budi menyerahkan bantuan kepada Siti. ... ujarnya" is
    /// Budi). Persons in `exclude` are passed over.
    /// Unless `anyone`, only persons the article presents as speaking count.
    pub(super) fn nearest_before(
        &self,
        at: usize,
        exclude: &[usize],
        anyone: bool,
    ) -> Option<usize> {
        let end = self.mentions.partition_point(|(m, _)| m.end <= at);
        let ok = |i: usize| {
            let (m, p) = self.mentions[i];
            !self.quoted[i]
                && !exclude.contains(&p)
                && (anyone || self.speaking(p) || self.subject(m))
        };
        let last = (0..end).rev().find(|&i| ok(i))?;
        let (m, _) = self.mentions[last];
        let sentence = clause_start(self.text, m.start.saturating_sub(400), m.start);
        let first = (0..=last)
            .rev()
            .take_while(|&i| self.mentions[i].0.start >= sentence)
            .filter(|&i| ok(i))
            .last()
            .unwrap_or(last);
        Some(self.mentions[first].1)
    }

    /// The person whose role holds `description` ("hakim" for "ketua majelis hakim Dennie
    /// Arsan Fatrika", "Kapolres" for "Kapolres Bogor AKBP Budi"), nearest before `at`, else
    /// the first so described.
    pub(super) fn described(&self, description: &str, at: usize) -> Option<usize> {
        let words: Vec<&str> = words_in(description, 0, description.len())
            .iter()
            .map(|w| w.of(description))
            .filter(|w| {
                !["itu", "tersebut", "seorang", "sang", "para"]
                    .iter()
                    .any(|d| w.eq_ignore_ascii_case(d))
            })
            .collect();
        // Only an office names one person ("hakim", "Kapolres"); an occupation or standing
        // ("warga", "korban") may be anyone.
        if words.is_empty()
            || !words
                .iter()
                .any(|w| TITLES.contains(w) || RANKS.contains(w))
        {
            return None;
        }
        let wanted = words.join(" ");
        // "Menkeu" for "Menteri Keuangan".
        let expanded = match words.as_slice() {
            [one] => expansion(one),
            _ => None,
        };
        // The role holds the description ("hakim" in "ketua majelis hakim"), or the
        // description the role ("Penyanyi" in "penyanyi 31 tahun itu").
        let fits = |p: usize| {
            self.role(p).is_some_and(|r| {
                let r = r.of(self.text);
                holds_words(r, &wanted)
                    || holds_words(&wanted, r)
                    || expanded.is_some_and(|e| holds_words(r, e))
            })
        };
        // The nearest such person quoted before, else the first one the article introduces:
        // later
        // mentions of the office are often other people ("Hakim Agung Soesilo" in a
        // ruling read out by the presiding judge).
        let before = self.mentions.partition_point(|(m, _)| m.start < at);
        let introduced: Vec<usize> = self.mentions[..before].iter().map(|&(_, p)| p).collect();
        introduced
            .iter()
            .rev()
            .copied()
            .find(|&p| self.persons[p].spoke && fits(p))
            .or_else(|| introduced.iter().copied().find(|&p| fits(p)))
            .or_else(|| (0..self.persons.len()).find(|&p| fits(p)))
    }
}

/// Whether a phrase is an office and nothing else, capitalised: every word a title, a
/// rank, a short form of an office or a word of what one stands for ("Direktur",
/// "Kapolres", "JPU", "Menteri Keuangan"). Such a phrase says which office spoke, not who.
pub(super) fn office_only(phrase: &str) -> bool {
    static WORDS: LazyLock<crate::analysis::fasthash::FastSet<&'static str>> =
        LazyLock::new(|| {
            entries(include_str!("../lexicon/title_abbreviations.txt"))
                .flat_map(str::split_whitespace)
                .collect()
        });
    let mut words = phrase.split_whitespace().map(bare).peekable();
    phrase.starts_with(char::is_uppercase)
        && words.peek().is_some()
        && words.all(|w| {
            TITLES.contains(w)
                || RANKS.contains(w)
                || (w.len() <= 32 && WORDS.contains(w.to_lowercase().as_str()))
        })
}

/// The full title a short form stands for ("Menkeu": "menteri keuangan"), from
/// `lexicon/title_abbreviations.txt`.
fn expansion(short: &str) -> Option<&'static str> {
    static TABLE: LazyLock<FastMap<&'static str, &'static str>> = LazyLock::new(|| {
        entries(include_str!("../lexicon/title_abbreviations.txt"))
            .filter_map(|line| line.split_once(' '))
            .collect()
    });
    TABLE.get(short.to_lowercase().as_str()).copied()
}
