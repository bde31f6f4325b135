//! Scoring one hand-labelled article: kabar's [`Analysis`] of it against its [`Labels`].
//!
//! Every comparison is by [`norm`] text (see [`super::matching`]), because labels point
//! into the raw text and predictions into the cleaned one. Each measure's exact rule is on
//! the [`Tally`] field that counts it; lines are scored in [`super::lines`], entities in
//! [`super::entities`], quotes and dates here.

use super::entities::score_entities;
use super::labels::{Labels, at, overlap};
use super::lines::score_lines;
use super::matching::{is_strict_part, norm, overlaps, pair_in_order, same_name, similar};
use crate::analysis::{Analysis, EntityType};
use crate::lab::eval::Counts;

/// The three entity types, in the order of [`Tally::entities`].
pub const TYPES: [EntityType; 3] = [
    EntityType::Person,
    EntityType::Organization,
    EntityType::Location,
];

/// The counts behind the rows over labelled articles, summed over articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Labelled boilerplate lines, and those removed: a line is removed unless some line
    /// of the cleaned text is [`similar`] to it at 50% (equal; or a remainder after kabar
    /// cut a marker off it; or the line with a short neighbour glued on). Whole cleaned
    /// lines, not the whole text, are compared, so that a tag line such as a single topic
    /// word is not "kept" because the word occurs in a sentence; and a cleaned line equal
    /// to a body line is that body line's, so that a tag "Budi" is not "kept" because a
    /// lead broken over short lines has a line "Budi". One cleaned line vouches for one
    /// labelled line, in document order, so a repeated ad line counts each time.
    pub boilerplate: usize,
    pub boilerplate_removed: usize,
    /// Raw non-empty lines that are neither labelled boilerplate nor a dateline alone, and
    /// those kept: the norm of the cleaned text [`covered`] 80% of the line's norm (after
    /// a dateline kabar reported at its start) in long pieces. The 20% lets kabar cut what
    /// the labels' notes describe as boilerplate glued into a body line (a press mark, an
    /// editor code; in one-line wire articles, read-also prompts, credits and a copyright
    /// notice that come to 12-16% of the line) without losing the line; a line dropped
    /// outright is covered near 0%, so the threshold is not delicate. A line repeated in
    /// the raw text counts as kept when any copy survives, since dropping repeats is
    /// intended.
    pub body_lines: usize,
    pub body_kept: usize,
    /// Lines left out of both counts as a dateline alone (`JAKARTA, KOMPAS.com -`).
    pub dateline_lines: usize,
    /// Labelled related headlines, and those found in `Analysis::related`: [`similar`] at
    /// 80%, one to one in order.
    pub related: usize,
    pub related_found: usize,
    /// Quotes: a prediction matches a label when their texts are [`similar`] at 70%, one
    /// to one, greedily in document order.
    pub quotes: Counts,
    /// Matched quotes with a labelled speaker, and those whose predicted speaker is
    /// [`same_name`] as the labelled speaker span, or as any mention of a labelled person whose mention overlaps that span; and
    /// of those, the matched quotes whose label resolved the speaker from context (a
    /// pronoun or description cue, or none) and how many of them are right.
    pub speakers: usize,
    pub speakers_right: usize,
    pub from_context: usize,
    pub from_context_right: usize,
    /// Matched quotes whose label gives a role, and those whose predicted role is
    /// [`same_name`] as it (equal, or one contains the other on whole words).
    pub roles: usize,
    pub roles_right: usize,
    /// Labelled dates, and those a prediction gets right: an [`overlaps`]-ing predicted
    /// date with exactly the labelled value (an interval: one prediction with the interval,
    /// or two with its two ends).
    pub dates: usize,
    pub dates_right: usize,
    /// Predicted dates other than weeks, and those used by a right labelled date.
    pub predicted_dates: usize,
    pub predicted_dates_right: usize,
    /// Predicted week values (`YYYY-Www`): the labels leave week phrases out on purpose.
    pub predicted_weeks: usize,
    /// Per type, in the order of [`TYPES`].
    pub entities: [EntityTally; 3],
    /// Labelled entities with two or more distinct mention texts, and those one predicted
    /// entity of the same type covers entirely.
    pub variants: usize,
    pub variants_merged: usize,
    /// Labelled persons with a title that were found (the denominator of the title row),
    /// and those a matching predicted entity gives a [`same_name`] title; and how many
    /// predicted persons carry a title at all (none: kabar gives no titles yet).
    pub titled_found: usize,
    pub titles_right: usize,
    pub predicted_titles: usize,
    /// Articles with a lead sentence (the first sentence of the cleaned text that is not
    /// inside a labelled boilerplate line), and those whose summary includes it.
    pub leads: usize,
    pub leads_in_summary: usize,
    /// Keywords of labelled articles, and those whose words are a strict part of a
    /// labelled entity's mention in the same article (`Widodo` beside a labelled `Joko
    /// Widodo`) and not a labelled mention itself: a check on the keyword ranker that does not lean on kabar's own
    /// entities.
    pub keywords: usize,
    pub keyword_fragments: usize,
    /// What was missed or wrong, one line each (`KABAR_DEVSET_TRACE=1` prints them): the
    /// way from a figure to the articles behind it.
    pub misses: Vec<String>,
}

/// Entity counts of one type; the rules, and what is ignored, are in [`super::entities`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityTally {
    /// Labelled entities scored, and those some predicted entity of the type matches.
    pub labelled: usize,
    pub found: usize,
    /// Labelled locations ignored by the house rule.
    pub labelled_ignored: usize,
    /// Predicted entities scored, and those that match a labelled one.
    pub predicted: usize,
    pub predicted_right: usize,
    /// Predicted entities ignored: by the house rule, and as boilerplate.
    pub ignored_in_names: usize,
    pub ignored_in_boilerplate: usize,
}

impl Tally {
    /// Notes a miss for the trace.
    pub(super) fn miss(&mut self, what: &str, detail: String) {
        self.misses.push(format!("{what}: {detail}"));
    }

    pub fn add(&mut self, o: &Tally) {
        self.boilerplate += o.boilerplate;
        self.boilerplate_removed += o.boilerplate_removed;
        self.body_lines += o.body_lines;
        self.body_kept += o.body_kept;
        self.dateline_lines += o.dateline_lines;
        self.related += o.related;
        self.related_found += o.related_found;
        self.quotes.add(o.quotes);
        self.speakers += o.speakers;
        self.speakers_right += o.speakers_right;
        self.from_context += o.from_context;
        self.from_context_right += o.from_context_right;
        self.roles += o.roles;
        self.roles_right += o.roles_right;
        self.dates += o.dates;
        self.dates_right += o.dates_right;
        self.predicted_dates += o.predicted_dates;
        self.predicted_dates_right += o.predicted_dates_right;
        self.predicted_weeks += o.predicted_weeks;
        for (a, b) in self.entities.iter_mut().zip(&o.entities) {
            a.labelled += b.labelled;
            a.found += b.found;
            a.labelled_ignored += b.labelled_ignored;
            a.predicted += b.predicted;
            a.predicted_right += b.predicted_right;
            a.ignored_in_names += b.ignored_in_names;
            a.ignored_in_boilerplate += b.ignored_in_boilerplate;
        }
        self.variants += o.variants;
        self.variants_merged += o.variants_merged;
        self.titled_found += o.titled_found;
        self.titles_right += o.titles_right;
        self.predicted_titles += o.predicted_titles;
        self.leads += o.leads;
        self.leads_in_summary += o.leads_in_summary;
        self.keywords += o.keywords;
        self.keyword_fragments += o.keyword_fragments;
        self.misses.extend(o.misses.iter().cloned());
    }
}

/// Scores one article. `raw` is the article's raw text, the one the labels point into.
pub fn score(raw: &str, labels: &Labels, analysis: &Analysis) -> Tally {
    let mut t = Tally::default();
    let mut boiler_spans = labels.boilerplate_lines.clone();
    boiler_spans.sort();
    let boiler_norms: Vec<String> = boiler_spans
        .iter()
        .map(|&s| norm(at(raw, s)))
        .filter(|n| !n.is_empty())
        .collect();
    score_lines(raw, &boiler_spans, &boiler_norms, analysis, &mut t);

    // Related headlines.
    let mut related_spans = labels.related_headlines.clone();
    related_spans.sort();
    let related: Vec<String> = related_spans.iter().map(|&s| norm(at(raw, s))).collect();
    let predicted: Vec<String> = analysis.related.iter().map(|r| norm(r)).collect();
    t.related = related.len();
    let found = pair_in_order(&related, &predicted, |l, p| similar(l, p, 0.8));
    t.related_found = found.iter().filter(|m| m.is_some()).count();
    for (l, _) in related.iter().zip(&found).filter(|(_, m)| m.is_none()) {
        t.miss("related missed", format!("{l} (related: {predicted:?})"));
    }

    score_quotes(raw, labels, analysis, &mut t);
    score_dates(raw, labels, analysis, &mut t);
    score_entities(raw, labels, analysis, &mut t);

    // The lead sentence.
    let lead = analysis.sentences.iter().position(|s| {
        let text = s
            .text
            .as_deref()
            .unwrap_or_else(|| &analysis.text[s.start..s.end]);
        let n = norm(text);
        !n.is_empty() && !boiler_norms.iter().any(|b| b.contains(&n))
    });
    if let Some(i) = lead {
        t.leads = 1;
        t.leads_in_summary = usize::from(analysis.summary.contains(&i));
        if t.leads_in_summary == 0 {
            t.miss(
                "lead not in summary",
                format!("lead {i}, summary {:?}", analysis.summary),
            );
        }
    }
    // Keywords that are pieces of a labelled name.
    let names: Vec<&str> = labels
        .people
        .iter()
        .flat_map(|p| &p.mentions)
        .chain(labels.organizations.iter().flat_map(|o| &o.mentions))
        .chain(labels.locations.iter().flat_map(|l| &l.mentions))
        .map(|&m| at(raw, m))
        .collect();
    for k in &analysis.keywords {
        t.keywords += 1;
        // A keyword that is itself a labelled mention ("Indonesia" beside "Pemerintah
        // Indonesia") is a name of its own, not a fragment.
        let whole = names.iter().any(|n| norm(n) == norm(&k.term));
        if let Some(name) = names.iter().find(|n| !whole && is_strict_part(n, &k.term)) {
            t.keyword_fragments += 1;
            t.miss(
                "keyword part of a labelled name",
                format!("{} of {name}", k.term),
            );
        }
    }
    let id = &labels.id;
    for m in &mut t.misses {
        *m = format!("{id}: {m}");
    }
    t
}

fn score_quotes(raw: &str, labels: &Labels, analysis: &Analysis, t: &mut Tally) {
    let mut quotes = labels.quotes.clone();
    quotes.sort_by_key(|q| q.text);
    let label_norms: Vec<String> = quotes.iter().map(|q| norm(at(raw, q.text))).collect();
    let pred_norms: Vec<String> = analysis.quotes.iter().map(|q| norm(&q.text)).collect();
    let pairs = pair_in_order(&label_norms, &pred_norms, |l, p| similar(l, p, 0.7));
    let tp = pairs.iter().filter(|m| m.is_some()).count();
    for (l, _) in label_norms.iter().zip(&pairs).filter(|(_, m)| m.is_none()) {
        t.miss("quote missed", l.clone());
    }
    for (j, p) in pred_norms.iter().enumerate() {
        if !pairs.contains(&Some(j)) {
            t.miss("quote extra", p.clone());
        }
    }
    t.quotes = Counts {
        tp,
        fp: pred_norms.len() - tp,
        fn_: label_norms.len() - tp,
    };
    for (q, m) in quotes.iter().zip(&pairs) {
        let Some(j) = *m else { continue };
        let pred = &analysis.quotes[j];
        // The speaker as labelled, and every mention of the person it names.
        if let Some(speaker) = q.speaker {
            let mut names = vec![at(raw, speaker)];
            for p in &labels.people {
                if p.mentions.iter().any(|&m| overlap(m, speaker)) {
                    names.extend(p.mentions.iter().map(|&m| at(raw, m)));
                }
            }
            let right = pred
                .speaker
                .as_ref()
                .is_some_and(|s| names.iter().any(|n| same_name(s, n)));
            t.speakers += 1;
            t.speakers_right += usize::from(right);
            if !right {
                t.miss("speaker", format!("{:?} for {names:?}", pred.speaker));
            }
            if q.speaker_resolved_from_context {
                t.from_context += 1;
                t.from_context_right += usize::from(right);
            }
        }
        if let Some(role) = q.speaker_role {
            t.roles += 1;
            if let Some(r) = &pred.role
                && same_name(r, at(raw, role))
            {
                t.roles_right += 1;
            } else {
                t.miss("role", format!("{:?} for {:?}", pred.role, at(raw, role)));
            }
        }
    }
}

fn is_week(value: &str) -> bool {
    value.contains("-W")
}

fn score_dates(raw: &str, labels: &Labels, analysis: &Analysis, t: &mut Tally) {
    let mut dates = labels.dates.clone();
    dates.sort_by_key(|d| d.span);
    let preds: Vec<(String, &str)> = analysis
        .dates
        .iter()
        .filter(|d| !is_week(&d.value))
        .map(|d| (norm(&d.text), d.value.as_str()))
        .collect();
    t.predicted_weeks = analysis.dates.len() - preds.len();
    t.predicted_dates = preds.len();
    t.dates = dates.len();
    let mut taken = vec![false; preds.len()];
    for d in &dates {
        let n = norm(at(raw, d.span));
        let near: Vec<usize> = (0..preds.len())
            .filter(|&j| !taken[j] && overlaps(&n, &preds[j].0))
            .collect();
        let with = |v: &str, not: Option<usize>| {
            near.iter()
                .copied()
                .find(|&j| preds[j].1 == v && Some(j) != not)
        };
        if let Some(j) = with(&d.value, None) {
            taken[j] = true;
            t.dates_right += 1;
        } else if let Some((a, b)) = d.value.split_once('/')
            && let Some(i) = with(a, None)
            && let Some(j) = with(b, Some(i))
        {
            taken[i] = true;
            taken[j] = true;
            t.dates_right += 1;
        } else {
            let near: Vec<_> = near.iter().map(|&j| &preds[j]).collect();
            t.miss("date", format!("{n} = {} (near: {near:?})", d.value));
        }
    }
    for (j, p) in preds.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        t.miss("date extra", format!("{} = {} ({j})", p.0, p.1));
    }
    t.predicted_dates_right = taken.iter().filter(|&&x| x).count();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_told_apart() {
        assert!(is_week("2020-W39"));
        assert!(!is_week("2020-09"));
    }
}
