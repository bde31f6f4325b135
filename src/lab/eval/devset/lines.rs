//! Lines: which labelled boilerplate lines kabar removed, which body lines it kept, and
//! what the labels count as the article's body.
//!
//! A raw line and a cleaned line are compared whole and by [`norm`] text; the rules are
//! on [`Tally::boilerplate`] and [`Tally::body_lines`].

use super::labels::{Labels, RawSpan, at, overlap};
use super::matching::{covered, norm, pair_in_order, similar};
use super::score::Tally;
use crate::analysis::{Analysis, BoilerplateKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The raw text's lines as trimmed byte ranges, blank lines left out.
fn raw_lines(raw: &str) -> Vec<RawSpan> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in raw.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            out.push([start + lead, start + lead + trimmed.len()]);
        }
        start += line.len() + 1;
    }
    out
}

/// Domain-shaped outlet names, and a place name, as in datelines.
const OUTLET: &str = r"(?:[\p{L}0-9-]+\.)+(?i:com|co\.id|co|id|net|tv)";
const CITY: &str = r"\p{Lu}[\p{L}'’.]*(?:[ -]\p{Lu}[\p{L}'’.]*){0,3}";

/// A line that is only a dateline: `JAKARTA, KOMPAS.com -`, `Liputan6.com, Jakarta`,
/// `Jakarta (ANTARA) -`, or a lone dash left from a dateline split over two lines.
static DATELINE_ONLY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"^(?:{CITY}\s*,\s*)?{OUTLET}(?:\s*,\s*{CITY})?\s*[-–—:]*$"),
        format!(r"^{CITY}\s*\((?i:antara|reuters|ap|afp|bloomberg)\)\s*[-–—:]*$"),
        DASH.to_string(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("dateline pattern compiles"))
    .collect()
});
const DASH: &str = r"^[-–—]+$";
/// The place line of a dateline split over two lines (`Jakarta`, then `-`).
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{CITY}$")).expect("place pattern compiles"));
static DASH_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(DASH).expect("dash pattern compiles"));

/// Whether `line` is only a dateline; `next` is the line after it, for a dateline split
/// over two lines.
pub fn is_dateline_only(line: &str, next: Option<&str>) -> bool {
    let line = line.trim();
    DATELINE_ONLY.iter().any(|re| re.is_match(line))
        || (PLACE.is_match(line) && next.is_some_and(|n| DASH_LINE.is_match(n.trim())))
}

/// Counts boilerplate lines removed and body lines kept.
pub fn score_lines(
    raw: &str,
    boiler_spans: &[RawSpan],
    boiler_norms: &[String],
    analysis: &Analysis,
    t: &mut Tally,
) {
    let body_spans: Vec<RawSpan> = raw_lines(raw)
        .into_iter()
        .filter(|&l| !boiler_spans.iter().any(|&b| overlap(l, b)))
        .collect();
    let cleaned_norm = norm(&analysis.text);
    let datelines: Vec<String> = analysis
        .boilerplate
        .iter()
        .filter(|r| r.kind == BoilerplateKind::Dateline)
        .map(|r| norm(&r.text))
        .filter(|n| !n.is_empty())
        .collect();
    let mut body_norms = Vec::new();
    for (k, &span) in body_spans.iter().enumerate() {
        let line = at(raw, span);
        let full = norm(line);
        if full.is_empty() {
            continue;
        }
        let mut n = full.as_str();
        if let Some(d) = datelines.iter().find(|d| n.starts_with(d.as_str())) {
            n = &n[d.len()..];
        }
        let next = body_spans.get(k + 1).map(|&s| at(raw, s));
        if n.is_empty() || is_dateline_only(line, next) {
            t.dateline_lines += 1;
            continue;
        }
        body_norms.push(full.clone());
        t.body_lines += 1;
        let share = covered(&cleaned_norm, n) as f64 / n.chars().count() as f64;
        if share >= 0.8 {
            t.body_kept += 1;
        } else {
            t.miss("body line lost", format!("{:.0}% of {n}", 100.0 * share));
        }
    }

    // A cleaned line that a body line accounts for (equal norms, one for one) does not
    // vouch for a boilerplate line: a tag line "Budi" is not kept because the lead has a
    // line "Budi" of its own.
    let mut body_left: HashMap<&str, usize> = HashMap::new();
    for n in &body_norms {
        *body_left.entry(n.as_str()).or_default() += 1;
    }
    let others: Vec<String> = analysis
        .text
        .lines()
        .map(norm)
        .filter(|n| !n.is_empty())
        .filter(|n| match body_left.get_mut(n.as_str()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        })
        .collect();
    let survived = pair_in_order(boiler_norms, &others, |l, c| similar(l, c, 0.5));
    t.boilerplate = boiler_norms.len();
    t.boilerplate_removed = survived.iter().filter(|m| m.is_none()).count();
    for (l, m) in boiler_norms.iter().zip(&survived) {
        if let Some(j) = m {
            t.miss("boilerplate kept", format!("{l} (as {})", others[*j]));
        }
    }
}

/// The norms of what the labels count as the article: the raw lines with labelled
/// boilerplate lines and related headlines cut out (entities are labelled in the body
/// only), joined by a separator norm never holds, so that no match spans two lines.
pub fn body_only(raw: &str, labels: &Labels) -> String {
    let mut cut: Vec<RawSpan> = labels
        .boilerplate_lines
        .iter()
        .chain(&labels.related_headlines)
        .copied()
        .collect();
    cut.sort();
    let mut pieces = Vec::new();
    let mut at_byte = 0;
    for [s, e] in cut
        .into_iter()
        .chain(std::iter::once([raw.len(), raw.len()]))
    {
        if s > at_byte {
            pieces.extend(raw[at_byte..s].lines().map(norm));
        }
        at_byte = at_byte.max(e);
    }
    pieces.retain(|p| !p.is_empty());
    pieces.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_are_trimmed_byte_ranges() {
        let raw = "  Satu \n\nDua\n";
        let lines = raw_lines(raw);
        assert_eq!(lines, [[2, 6], [9, 12]]);
        assert_eq!(at(raw, lines[0]), "Satu");
    }

    #[test]
    fn datelines_alone_are_recognised() {
        assert!(is_dateline_only("JAKARTA, KOMPAS.com -", None));
        assert!(is_dateline_only("Liputan6.com, Jakarta", None));
        assert!(is_dateline_only("Jakarta (ANTARA) -", None));
        assert!(is_dateline_only(" — ", None));
        assert!(is_dateline_only("Jakarta", Some("-")));
        assert!(!is_dateline_only("Jakarta", Some("Hujan turun.")));
        assert!(!is_dateline_only(
            "JAKARTA, KOMPAS.com - Hujan turun.",
            None
        ));
        assert!(!is_dateline_only("Hujan turun di Bogor.", None));
    }
}
