//! Who an attribution names: a person (with the role written beside them), an unnamed
//! source described by a role or a common noun (`tanya jaksa`, `kata warga`), or a body
//! (`tulis BMKG`). A role phrase is never taken for a name: in `kata Kepala Bidang Humas
//! Polda X, Septi Eka Wardhani` the speaker is Septi Eka Wardhani and the rest her role.

use super::lists::{
    ADVERBS, CLAUSE_OPENERS, HONORIFICS, NAME_CONNECTORS, NOT_ROLE, ORG_HEADS, PRONOUNS, RANKS,
    ROLE_CONNECTORS, WEEKDAYS,
};
use super::names::{name_part, name_word, role_head, role_word};
use super::people::People;
use super::role::{role_after, trim_role};
use super::scan::{acronym, bare, capitalised, next_word, verb_like, word_at, words_in};
use crate::analysis::Span;

/// Most words an attribution phrase (role and name) may have.
const PHRASE_WORDS: usize = 24;

/// Who an attribution names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Named {
    /// A person: where their name is written, and the role written with it.
    Person { name: Span, role: Option<Span> },
    /// No name, a description: a role or a common noun (`hakim`, `Wali Kota`, `seorang
    /// warga`); `anaphoric` when it points back (`Ketua Umum Partai Aceh itu`).
    Unnamed { phrase: Span, anaphoric: bool },
    /// No person: a body or another source (`BMKG`, `Kementerian Luar Negeri`).
    Source { phrase: Span },
}

/// The phrase that names a speaker at `from` (after a cue: `kata <phrase>`), up to
/// `limit`, and where it ends.
pub(super) fn named_after(
    text: &str,
    from: usize,
    limit: usize,
    people: &People,
) -> Option<(Named, usize)> {
    let segments = phrase(text, from, limit);
    let first = *segments.first()?.first()?;
    // "politisi Gerindra tersebut", "bek yang kini memperkuat klub Monterrey itu": a
    // description pointing back, whatever capitalised words it holds.
    let points_back = anaphoric_after(text, segments.last()?.last()?.end, limit);
    let name = segments.iter().enumerate().find_map(|(i, seg)| {
        // An office opened in an earlier segment: this one may go on with its body
        // ("Sekretaris Jenderal Kementerian Desa, PDT dan Transmigrasi Anwar Sanusi").
        let office_before = segments[..i]
            .iter()
            .any(|s| s.iter().any(|w| role_head(w.of(text))));
        let (name, from_tail) = name_in_segment(text, seg, people, office_before)?;
        // "Kepala Desa Sukamaju, Darto": the words after an office may be its place, when a
        // name (or a rank and a name) follows the comma.
        let next_is_name = segments.get(i + 1).is_some_and(|n| {
            let w = n[0].of(text);
            // Not a credential ("Sp.N", "SH").
            (name_word(w, false) && (n.len() > 1 || w.chars().count() > 3))
                || RANKS.contains(bare(w))
                || HONORIFICS.contains(bare(w))
        });
        (!(from_tail && (next_is_name || points_back))).then_some(name)
    });
    if let Some(name) = name {
        let role = trim_role(text, Span::new(first.start, name.start))
            .filter(|r| r.end <= name.start && role_like(text, *r))
            .or_else(|| role_behind(text, &segments, name))
            .or_else(|| role_after(text, name.end, limit, false));
        let end = role.map_or(name.end, |r| r.end.max(name.end));
        return Some((Named::Person { name, role }, end));
    }
    // No name: the first segment describes the source.
    let seg = &segments[0];
    let mut phrase = Span::new(seg[0].start, seg[seg.len() - 1].end);
    // "Ketua Umum Ikatan Keluarga Minang (IKM) itu": keep the parenthesis whole.
    if text[phrase.end..limit].starts_with(')') && phrase.of(text).contains('(') {
        phrase.end += 1;
    }
    let anaphoric = anaphoric_after(text, phrase.end, limit);
    let described = seg.iter().any(|w| role_head(w.of(text))) || !capitalised(seg[0].of(text));
    let end = phrase.end;
    if described {
        Some((Named::Unnamed { phrase, anaphoric }, end))
    } else {
        Some((Named::Source { phrase }, end))
    }
}

/// Whether the words after a description point back: a demonstrative right after it
/// ("Ketua Umum Partai Aceh itu") or ending the relative clause that follows it ("bek yang
/// kini memperkuat klub Monterrey itu").
fn anaphoric_after(text: &str, from: usize, limit: usize) -> bool {
    let demonstrative = |w: &str| {
        ["itu", "ini", "tersebut"]
            .iter()
            .any(|d| w.eq_ignore_ascii_case(d))
    };
    let Some(first) = next_word(text, from, limit) else {
        return false;
    };
    if demonstrative(first.of(text)) {
        return true;
    }
    if first.of(text) != "yang" {
        return false;
    }
    // The clause after "yang", to the sentence end, ends with a demonstrative.
    let mut at = first.end;
    for _ in 0..12 {
        let Some(w) = next_word(text, at, limit) else {
            return false;
        };
        let rest = text[w.end..limit].trim_start_matches([' ', '\u{a0}']);
        if rest.is_empty() || rest.starts_with(['.', ',', '\n']) {
            return demonstrative(w.of(text));
        }
        at = w.end;
    }
    false
}

/// A role right behind the name in its segment, without a comma: `kata Momor Dirut
/// Monstar` (the office opens with a title word).
fn role_behind(text: &str, segments: &[Vec<Span>], name: Span) -> Option<Span> {
    let seg = segments.iter().find(|seg| {
        seg.first().is_some_and(|w| w.start <= name.start)
            && seg.last().is_some_and(|w| w.end >= name.end)
    })?;
    let rest: Vec<Span> = seg
        .iter()
        .filter(|w| w.start >= name.end)
        .copied()
        .collect();
    let first = rest.first()?;
    (role_head(first.of(text)) && text[name.end..first.start].trim().is_empty())
        .then(|| Span::new(first.start, rest[rest.len() - 1].end))
}

/// Whether a span before a name reads as a role: it holds a role word, or it is
/// lower case (`warga setempat`).
fn role_like(text: &str, span: Span) -> bool {
    let words = words_in(text, span.start, span.end);
    words.iter().any(|w| role_word(w.of(text)))
        || words.first().is_some_and(|w| !capitalised(w.of(text)))
}

/// The words of an attribution phrase, in segments split at commas: capitalised words,
/// lower-case connectors between them, a parenthesis (`(OJK)`), a lower-case role at a
/// segment's start (`pakar hukum tata negara Feri Amsari`), numbers inside a role (`Ketua RT
/// 05`). It ends at a sentence end, a quote mark, a line break, or a word that starts the
/// circumstances (`di Jakarta`, `saat dihubungi`, `Senin (28/9)`).
pub(super) fn phrase(text: &str, from: usize, limit: usize) -> Vec<Vec<Span>> {
    let mut segments: Vec<Vec<Span>> = vec![Vec::new()];
    let mut at = from;
    let mut count = 0;
    // Whether the current segment is a lower-case role so far ("pakar hukum tata negara").
    let mut lower_role = false;
    // The lower-case words before this offset are inside an office (see [`leads_to_name`]).
    let mut inside_office = 0;
    while count < PHRASE_WORDS {
        // Past the punctuation a phrase may hold between its words.
        let gap = text[at..limit]
            .find(|c| !matches!(c, ' ' | '\u{a0}' | ',' | '(' | ')' | '/' | '&' | '-' | '–'))
            .map_or(limit, |g| at + g);
        let Some(w) = word_at(text, gap, limit) else {
            break;
        };
        let between = &text[at..w.start];
        let seg_len = segments.last().map_or(0, Vec::len);
        let mut new_segment = false;
        if count > 0 && !between.trim().is_empty() {
            let b = between.trim_matches([' ', '\u{a0}']);
            match b {
                "," => new_segment = true,
                "/" | "&" | "-" | "–" => {}
                _ if b.starts_with('(') || b.ends_with('(') || b.starts_with(')') => {
                    // A parenthesis inside the phrase: "(OJK)", "(Perseroda)".
                    if b.contains([',', '.', '"', '“', '”', '\n']) && b != ")," {
                        break;
                    }
                    new_segment = b.contains(',');
                }
                _ => break,
            }
        }
        let s = w.of(text);
        let next = next_word(text, w.end, limit);
        let next_capital = next.is_some_and(|n| capitalised(n.of(text)));
        let at_segment_start = new_segment || seg_len == 0;
        // The segment so far is an office with no name after its last office word.
        let headed = segments.last().is_some_and(|seg| {
            seg.iter()
                .rposition(|w| role_head(w.of(text)))
                .is_some_and(|h| {
                    !seg[h + 1..].iter().any(|w| name_word(w.of(text), false))
                        || seg.last().is_some_and(|w| role_word(w.of(text)))
                })
        });
        let accept = if capitalised(s) {
            !WEEKDAYS.contains(s)
        } else if number_like(s) {
            // Numbers inside a role ("RT 05", "HUT ke-498"), never first.
            seg_len > 0 && !new_segment
        } else if !new_segment && also_office(text, w, limit) {
            // "Ketua Panitia yang juga Anggota DPRD Sukamaju, Rina Putri".
            true
        } else if w.start < inside_office
            || (headed && !new_segment && {
                inside_office = leads_to_name(text, w.start, limit).unwrap_or(0);
                w.start < inside_office
            })
        {
            // Lower-case words inside an office, up to the name: "Pakar ekonomi dan bisnis
            // Hamid Paddu", "Kepala Ekonom China di Morgan Stanley, Robin Xing".
            true
        } else if at_segment_start {
            // "drh Nanang Sugiharto": a lower-case honorific before a name.
            role_head(s) || (HONORIFICS.contains(bare(s)) && next_capital)
        } else if lower_role {
            let next_role = next.is_some_and(|n| role_head(n.of(text)));
            !verb_like(s) && !NOT_ROLE.contains(s) && !ROLE_CONNECTORS.contains(s)
                || (ROLE_CONNECTORS.contains_as_written(s) && (next_capital || next_role))
        } else {
            (ROLE_CONNECTORS.contains_as_written(s) || NAME_CONNECTORS.contains_as_written(s))
                && next_capital
        };
        if !accept {
            break;
        }
        if new_segment {
            segments.push(Vec::new());
            lower_role = false;
        }
        if at_segment_start {
            lower_role = !capitalised(s);
        }
        segments.last_mut().expect("one segment").push(w);
        count += 1;
        at = w.end;
    }
    // A lower-case role must lead to a name: a segment of lower-case words alone is kept
    // only as the whole phrase (`kata warga setempat`).
    while segments.last().is_some_and(Vec::is_empty) {
        segments.pop();
    }
    segments
}

/// Whether the lower-case words from `from` lead, within five words and past at most one
/// comma, to a capitalised word: they are inside a role that a name ends.
/// "yang juga" and "di" may sit inside an office ("Ketua Pansus yang juga Anggota Komisi
/// E, Elva", "Kepala Ekonom China di Morgan Stanley, Robin Xing"); after "di", only when a
/// comma and a name end the office ("kata Menag di Jakarta" is no office).
/// Returns where that capitalised word starts.
fn leads_to_name(text: &str, from: usize, limit: usize) -> Option<usize> {
    let mut at = from;
    let mut place = false;
    for _ in 0..6 {
        let w = word_after_comma(text, at, limit)?;
        let between = text[at..w.start].trim_matches([' ', '\u{a0}']);
        if !(between.is_empty() || between == ",") {
            return None;
        }
        let s = w.of(text);
        if capitalised(s) {
            return (at > from && (!place || comma_then_name(text, w.start, limit)))
                .then_some(w.start);
        }
        let also = s == "yang"
            && next_word(text, w.end, limit)
                .is_some_and(|n| matches!(n.of(text), "juga" | "sekaligus"));
        place |= s == "di";
        let joins = ROLE_CONNECTORS.contains_as_written(s) || also || s == "di";
        if between == "," || verb_like(s) || (NOT_ROLE.contains(s) && !joins) {
            return None;
        }
        at = w.end;
    }
    None
}

/// "yang juga" (or "yang sekaligus") before an office word: a second office follows.
fn also_office(text: &str, w: Span, limit: usize) -> bool {
    let after = |x: Span| next_word(text, x.end, limit);
    match w.of(text) {
        "yang" => after(w).is_some_and(|j| {
            matches!(j.of(text), "juga" | "sekaligus")
                && after(j).is_some_and(|o| role_head(o.of(text)))
        }),
        "juga" | "sekaligus" => {
            let before = text[..w.start].trim_end();
            before.ends_with(" yang") && after(w).is_some_and(|o| role_head(o.of(text)))
        }
        _ => false,
    }
}

/// Whether the capitalised words from `from` reach, within six words, a comma and a
/// capitalised word.
fn comma_then_name(text: &str, from: usize, limit: usize) -> bool {
    let mut at = from;
    for _ in 0..6 {
        let Some(w) = word_after_comma(text, at, limit) else {
            return false;
        };
        let between = text[at..w.start].trim_matches([' ', '\u{a0}']);
        let s = w.of(text);
        if between == "," {
            return capitalised(s);
        }
        if !between.is_empty() || !capitalised(s) {
            return false;
        }
        at = w.end;
    }
    false
}

/// The next word at or after `from`, past spaces and at most one comma.
fn word_after_comma(text: &str, from: usize, limit: usize) -> Option<Span> {
    let rest = text.get(from..limit)?.trim_start_matches([' ', '\u{a0}']);
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    word_at(text, limit - rest.len(), limit)
}

/// A number, a range or an ordinal inside a role ("05", "2018", "ke-498"), not a glued
/// word with a digit in it ("kepadaLiputan6").
fn number_like(word: &str) -> bool {
    let digits = word.strip_prefix("ke-").unwrap_or(word);
    !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '/' | '.'))
}

/// The name in one segment of a phrase: a person the recogniser found there, else the
/// leading name words of the segment (`Budi Santoso`), else the name words after its last
/// role word (`Kapolres Bogor AKBP Budi Santoso`). `None` for a segment of role words only
/// (`Kepala Desa Sukamaju` in `Kepala Desa Sukamaju, Darto`): the name comes later.
/// The flag says whether the name is a guess that a name after the next comma beats.
fn name_in_segment(
    text: &str,
    seg: &[Span],
    people: &People,
    office_before: bool,
) -> Option<(Span, bool)> {
    let (start, end) = (seg.first()?.start, seg.last()?.end);
    // A segment that opens with an organisation ("KBRI Phnom Penh", "Polres Bogor") and has
    // no office or occupation in it names a body, not a person.
    let has_head = office_before || seg.iter().any(|w| role_head(w.of(text)));
    let first_word = seg[0].of(text);
    if !has_head && (ORG_HEADS.contains(bare(first_word)) || acronym(first_word)) {
        return None;
    }
    if let Some(name) = people
        .mentions_in(Span::new(start, end))
        .find_map(|m| name_part(text, m))
        .filter(|n| n.start >= start)
    {
        // After role words in its segment ("kuasa hukum Rayen, Jajang"), a name that a
        // name after the comma may beat.
        let after_role = seg
            .iter()
            .take_while(|w| w.end <= name.start)
            .any(|w| role_head(w.of(text)));
        // The recogniser may miss a first name right before its tag ("Doris" of "pemain
        // Austria Doris Fastenmeir" tagged "Fastenmeir"). Only one word, and only before a
        // one-word tag: before a full name the capitalised word is the office's place ("Perdana Menteri Sukamaju
        // Andi Wirawan").
        let mut start = name.start;
        let one_word = !name.of(text).contains(' ');
        for w in seg
            .iter()
            .rev()
            .filter(|w| w.end <= name.start)
            .take_while(|_| one_word)
            .take(1)
        {
            if !text[w.end..start].trim().is_empty() || !name_word(w.of(text), false) {
                break;
            }
            start = w.start;
        }
        return Some((
            Span::new(start, name.end.min(end.max(name.end))),
            after_role,
        ));
    }
    let is_name = |w: &Span| name_word(w.of(text), false);
    if is_name(&seg[0]) {
        let n = seg
            .iter()
            .take_while(|w| is_name(w) || inner_initial(text, w))
            .count();
        let n = (1..=n).rev().find(|&k| is_name(&seg[k - 1]))?;
        // Words after the name in its segment ("Pengawas KPUD Sukamaju") make it an office
        // when a name follows the comma.
        return Some((Span::new(seg[0].start, seg[n - 1].end), n < seg.len()));
    }
    // The name words after the last word that is not one.
    let tail_from = seg
        .iter()
        .rposition(|w| !(is_name(w) || NAME_CONNECTORS.contains_as_written(w.of(text))))
        .map_or(0, |p| p + 1);
    let tail = &seg[tail_from..];
    if tail.is_empty() || tail_from == 0 || !capitalised(tail[0].of(text)) || !has_head {
        return None;
    }
    let before = bare(seg[tail_from - 1].of(text));
    let words = if RANKS.contains(before) || HONORIFICS.contains(before) {
        tail.len().min(4)
    } else if tail.len() <= 2 {
        tail.len()
    } else {
        // "Gubernur Jawa Barat Rina Putri": a place or body often sits between an office
        // and a two-word name, so of three or more words, the name is the last two.
        2
    };
    let first = tail[tail.len() - words];
    Some((Span::new(first.start, tail[tail.len() - 1].end), true))
}

/// A short initialism inside a name ("Nixon LP Napitupulu").
fn inner_initial(text: &str, w: &Span) -> bool {
    let s = w.of(text);
    s.len() <= 2 && acronym(s)
}

/// Leading words of a description that say "one of" rather than what the person is.
const DESCRIPTION_ARTICLES: &[&str] = &["seorang", "sang", "para", "salah", "satu"];

/// `<description>, <Name>, <verb>`: the name in `seg` is the speaker, the description's
/// words up to `desc_end` (at most six, without "seorang", "salah satu") the role.
fn described_then_named(
    text: &str,
    words: &[Span],
    desc_end: usize,
    seg: Span,
    people: &People,
) -> Option<Option<(Named, usize)>> {
    let seg_words = words_in(text, seg.start, seg.end);
    let w0 = seg_words.first()?.of(text);
    if !capitalised(w0) || role_word(w0) {
        return None;
    }
    // The description's clause: the words before `desc_end` back to a punctuation mark.
    let before: Vec<Span> = words
        .iter()
        .filter(|w| w.end <= desc_end)
        .copied()
        .collect();
    let n = before
        .iter()
        .rev()
        .take_while(|w| !text[w.end..desc_end].contains(['.', ',', ';', ':']))
        .count();
    let desc: Vec<Span> = before[before.len() - n..]
        .iter()
        .copied()
        .skip_while(|w| DESCRIPTION_ARTICLES.contains(&w.of(text).to_lowercase().as_str()))
        .collect();
    if desc.is_empty() || desc.len() > 6 {
        return None;
    }
    let (named, _) = named_after(text, seg_words[0].start, seg.end, people)?;
    let Named::Person { name, role } = named else {
        return None;
    };
    let described = Span::new(desc[0].start, desc_end);
    Some(Some((
        Named::Person {
            name,
            role: role.or_else(|| trim_role(text, described)),
        },
        seg.end,
    )))
}

/// The speaker right before a speech verb at `verb` (`X mengatakan`, `Budi, ketua RT 05,
/// mengatakan`, `Gubernur Sukamaju, Rina Putri, mengatakan`), looking back to `from`.
/// `Ok(None)` for a pronoun (`Ia mengatakan`, `Dirinya mengatakan`).
pub(super) fn named_before(
    text: &str,
    from: usize,
    verb: usize,
    people: &People,
) -> Option<Option<(Named, usize)>> {
    let mut words = words_in(text, from, verb);
    while words.last().is_some_and(|w| ADVERBS.contains(w.of(text))) {
        words.pop();
    }
    let last = *words.last()?;
    if PRONOUNS.contains(last.of(text)) {
        return Some(None);
    }
    let tail = text[last.end..verb].trim();
    let (name_end, appositive) = match tail {
        "" => (last.end, None),
        "," => {
            // "Budi, ketua RT 05, mengatakan": the segment between the commas.
            let seg_start = text[from..last.end].rfind(',').map(|i| from + i)?;
            let seg = Span::new(seg_start + 1, last.end);
            let name_end = text[from..seg_start].trim_end().len() + from;
            (name_end, Some(seg))
        }
        _ => return None,
    };
    // The capitalised words (with connectors and parentheses) that end at `name_end`.
    let mut first = None;
    for (i, w) in words.iter().enumerate().rev() {
        if w.end > name_end {
            continue;
        }
        let next = words.get(i + 1).map_or(name_end, |n| n.start.min(name_end));
        let between = text[w.end..next].trim_matches([' ', '\u{a0}']);
        let s = w.of(text);
        let joins = between.is_empty() || matches!(between, "(" | ")" | ") (" | "/" | "&");
        let word_ok = capitalised(s)
            || (ROLE_CONNECTORS.contains_as_written(s) && first.is_some())
            || NAME_CONNECTORS.contains_as_written(s);
        if !joins || !word_ok || name_end - w.start > 200 {
            break;
        }
        first = Some(i);
    }
    let Some(mut first) = first else {
        // "Seorang warga, Ujang Sumarna, mengatakan": a description in lower case, then
        // the name between the commas; the description is the role.
        return described_then_named(text, &words, name_end, appositive?, people);
    };
    // A sentence-initial ordinary word ("Sementara Budi") is not part of the name.
    while first + 1 < words.len()
        && words[first].end < name_end
        && (CLAUSE_OPENERS.contains(words[first].of(text)) || !capitalised(words[first].of(text)))
    {
        first += 1;
    }
    let start = words[first].start;
    if let Some(seg) = appositive {
        let seg_words = words_in(text, seg.start, seg.end);
        let seg_first = seg_words.first()?.of(text);
        let seg_is_name = capitalised(seg_first) && !role_word(seg_first);
        let before_is_office = words_in(text, start, name_end)
            .iter()
            .any(|w| role_head(w.of(text)));
        if seg_is_name && before_is_office {
            // "Gubernur Sukamaju, Rina Putri, mengatakan": the office, then the name.
            let (named, _) = named_after(text, seg_words[0].start, seg.end, people)?;
            if let Named::Person { name, role } = named {
                let office = trim_role(text, Span::new(start, name_end));
                return Some(Some((
                    Named::Person {
                        name,
                        role: office.map(|o| role.map_or(o, |r| Span::new(o.start, r.end))),
                    },
                    seg.end,
                )));
            }
        }
        let (named, _) = named_after(text, start, name_end, people)?;
        return Some(Some(match named {
            Named::Person { name, role } => (
                Named::Person {
                    name,
                    role: role.or_else(|| trim_role(text, seg)),
                },
                seg.end,
            ),
            other => (other, name_end),
        }));
    }
    named_after(text, start, name_end, people).map(Some)
}
