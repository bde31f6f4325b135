//! Entities: kabar's predicted people, organisations and locations against the labelled
//! ones, per type; and whether the variants of one labelled name end up in one entity.
//!
//! A predicted entity's mention texts are the texts of its spans in the cleaned text
//! (and its canonical `text`); a labelled entity's are the texts of its spans in the raw
//! text. The two are the same entity when any mention texts are equal under [`norm`].
//!
//! House rule: a location named only inside an organisation's name ("Pemkot Medan") or a
//! person's title ("Bupati Karo") is labelled inconsistently, so it is ignored on both
//! sides: a labelled location whose every mention lies (by raw offsets) inside a labelled
//! organisation mention or person title, and a predicted location that matches no kept
//! label and whose every mention text occurs (normalised) inside such a label's text.
//!
//! Labels cover the body only, so a predicted entity that matches no label and whose
//! mention texts occur nowhere in the body (the raw text without labelled boilerplate
//! lines and related headlines) but do occur in a labelled boilerplate line or related
//! headline is ignored too: it is a boilerplate miss, which the boilerplate and related
//! rows already count.

use super::labels::{Labels, RawSpan, at, inside};
use super::lines::body_only;
use super::matching::{norm, same_name};
use super::score::{TYPES, Tally};
use crate::analysis::{Analysis, EntityType};
use std::collections::HashSet;

/// A labelled entity as the scorer compares it.
struct Labelled {
    kind: EntityType,
    /// Distinct normalised mention texts.
    norms: Vec<String>,
    /// Left out by the house rule (a location only inside names and titles).
    ignored: bool,
    /// A person's labelled title (the title row's denominator, once found).
    title: Option<String>,
}

/// A predicted entity as the scorer compares it.
struct Predicted {
    kind: EntityType,
    /// Normalised texts of its mentions and of its canonical `text`.
    norms: HashSet<String>,
    /// Its title, if kabar gives one.
    title: Option<String>,
}

/// The distinct non-empty texts, in order.
fn distinct(norms: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in norms {
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Counts entities per type, and merged variants, into `t`.
pub fn score_entities(raw: &str, labels: &Labels, analysis: &Analysis, t: &mut Tally) {
    let body_norm = body_only(raw, labels);
    let outside: Vec<String> = labels
        .boilerplate_lines
        .iter()
        .chain(&labels.related_headlines)
        .map(|&s| norm(at(raw, s)))
        .collect();
    // Organisation mentions and person titles: where a location is part of a name.
    let name_spans: Vec<RawSpan> = labels
        .organizations
        .iter()
        .flat_map(|o| o.mentions.iter().copied())
        .chain(labels.people.iter().filter_map(|p| p.title))
        .collect();
    let name_norms: Vec<String> = name_spans.iter().map(|&s| norm(at(raw, s))).collect();
    let texts = |ms: &[RawSpan]| distinct(ms.iter().map(|&m| norm(at(raw, m))));
    let mut labelled: Vec<Labelled> = Vec::new();
    for p in &labels.people {
        labelled.push(Labelled {
            kind: EntityType::Person,
            norms: texts(&p.mentions),
            ignored: false,
            title: p.title.map(|t| at(raw, t).to_string()),
        });
    }
    for o in &labels.organizations {
        labelled.push(Labelled {
            kind: EntityType::Organization,
            norms: texts(&o.mentions),
            ignored: false,
            title: None,
        });
    }
    for l in &labels.locations {
        let in_names = l
            .mentions
            .iter()
            .all(|&m| name_spans.iter().any(|&n| inside(m, n)));
        labelled.push(Labelled {
            kind: EntityType::Location,
            norms: texts(&l.mentions),
            ignored: in_names,
            title: None,
        });
    }

    let predicted: Vec<Predicted> = analysis
        .entities
        .iter()
        .map(|e| {
            let mut norms: HashSet<String> = e
                .spans
                .iter()
                .filter_map(|&[s, e]| analysis.text.get(s..e))
                .map(norm)
                .filter(|n| !n.is_empty())
                .collect();
            norms.insert(norm(&e.text));
            norms.remove("");
            let title = e.title.clone().filter(|_| e.kind == EntityType::Person);
            Predicted {
                kind: e.kind,
                norms,
                title,
            }
        })
        .collect();
    t.predicted_titles += predicted.iter().filter(|p| p.title.is_some()).count();
    let same = |l: &Labelled, p: &Predicted| {
        l.kind == p.kind && l.norms.iter().any(|n| p.norms.contains(n))
    };

    let mut misses = Vec::new();
    for (k, kind) in TYPES.iter().enumerate() {
        let e = &mut t.entities[k];
        for l in labelled.iter().filter(|l| l.kind == *kind) {
            if l.ignored {
                e.labelled_ignored += 1;
                continue;
            }
            e.labelled += 1;
            if predicted.iter().any(|p| same(l, p)) {
                e.found += 1;
                if let Some(title) = &l.title {
                    t.titled_found += 1;
                    let right = predicted.iter().any(|p| {
                        same(l, p) && p.title.as_ref().is_some_and(|pt| same_name(pt, title))
                    });
                    t.titles_right += usize::from(right);
                }
            } else {
                misses.push(format!("{kind:?} missed: {:?}", l.norms));
            }
        }
        for p in predicted.iter().filter(|p| p.kind == *kind) {
            if labelled.iter().any(|l| !l.ignored && same(l, p)) {
                e.predicted += 1;
                e.predicted_right += 1;
            } else if *kind == EntityType::Location
                && (labelled.iter().any(|l| l.ignored && same(l, p))
                    || p.norms
                        .iter()
                        .all(|n| name_norms.iter().any(|m| m.contains(n))))
            {
                e.ignored_in_names += 1;
            } else if !p.norms.iter().any(|n| body_norm.contains(n.as_str()))
                && p.norms
                    .iter()
                    .any(|n| outside.iter().any(|b| b.contains(n.as_str())))
            {
                e.ignored_in_boilerplate += 1;
            } else {
                e.predicted += 1;
                misses.push(format!("{kind:?} extra: {:?}", p.norms));
            }
        }
    }

    for l in labelled.iter().filter(|l| !l.ignored && l.norms.len() >= 2) {
        t.variants += 1;
        if predicted
            .iter()
            .any(|p| p.kind == l.kind && l.norms.iter().all(|n| p.norms.contains(n)))
        {
            t.variants_merged += 1;
        } else {
            misses.push(format!("variants not merged: {:?}", l.norms));
        }
    }
    t.misses.extend(misses);
}
