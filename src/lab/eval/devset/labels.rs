//! The hand labels of the development set (`tests/devset/labels/batch-*.jsonl`), in the
//! format of `../shared/labelling.md`: one article a line, stand-off byte offsets
//! `[start, end]` into the article's raw `text` as the corpus holds it, and values.
//!
//! The labels carry no text, so every figure the scorer prints depends on the offsets
//! pointing where the labeller meant; [`LabelledArticle::check`] is run on every label
//! before scoring (and by a test), so that a span off by a batch edit fails loudly, naming
//! the file, the article and the field, instead of quietly scoring the wrong words.

use crate::lab::datasets::DatasetError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A byte range `[start, end)` into the raw article text.
pub type RawSpan = [usize; 2];

/// The raw text a label span points at (checked beforehand by
/// [`LabelledArticle::check`]).
pub fn at(raw: &str, [s, e]: RawSpan) -> &str {
    &raw[s..e]
}

/// Whether a span lies within another.
pub fn inside([s, e]: RawSpan, [outer_s, outer_e]: RawSpan) -> bool {
    outer_s <= s && e <= outer_e
}

/// Whether two spans share a byte.
pub fn overlap([s, e]: RawSpan, [os, oe]: RawSpan) -> bool {
    s < oe && os < e
}

/// Where the labels live: `$KABAR_DEVSET_LABELS`, else the repository's
/// `tests/devset/labels`.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("KABAR_DEVSET_LABELS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/devset/labels"),
    }
}

/// One labelled article: a line of a batch file.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    pub id: String,
    pub quotes: Vec<QuoteLabel>,
    pub dates: Vec<DateLabel>,
    /// Whole lines that are not the article (ads, bylines, tags, "Baca juga" lines...).
    pub boilerplate_lines: Vec<RawSpan>,
    /// Headlines of related-article links, on their own line or inside a paragraph.
    pub related_headlines: Vec<RawSpan>,
    pub people: Vec<PersonLabel>,
    pub organizations: Vec<EntityLabel>,
    pub locations: Vec<LocationLabel>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct QuoteLabel {
    pub text: RawSpan,
    /// The name nearest the quote, or the name a pronoun or description refers to.
    /// `labelling.md` asks for a span always; a batch gives `null` for a passage quoted
    /// from a document with no one speaking, so it is read as optional.
    pub speaker: Option<RawSpan>,
    /// The cue was a pronoun or description, or there was none: the harder case, counted
    /// apart.
    #[serde(default)]
    pub speaker_resolved_from_context: bool,
    pub speaker_role: Option<RawSpan>,
    pub cue: Option<RawSpan>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DateLabel {
    pub span: RawSpan,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYX`, or an interval `A/B` of those.
    pub value: String,
}

/// An organisation: all its mentions, the fullest first.
#[derive(Debug, Clone, Deserialize)]
pub struct EntityLabel {
    pub mentions: Vec<RawSpan>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PersonLabel {
    pub mentions: Vec<RawSpan>,
    /// The person's office as the article gives it.
    #[serde(default)]
    pub title: Option<RawSpan>,
}

/// A location; its `province` value is not read (kabar does not give one).
#[derive(Debug, Clone, Deserialize)]
pub struct LocationLabel {
    pub mentions: Vec<RawSpan>,
}

/// A label line and where it came from, for messages.
#[derive(Debug, Clone)]
pub struct LabelledArticle {
    pub file: PathBuf,
    pub line: usize,
    pub labels: Labels,
}

impl Labels {
    /// Every span with the name of its field (`quotes[2].speaker`), for checking.
    pub fn spans(&self) -> Vec<(String, RawSpan)> {
        let mut out = Vec::new();
        for (i, q) in self.quotes.iter().enumerate() {
            out.push((format!("quotes[{i}].text"), q.text));
            if let Some(s) = q.speaker {
                out.push((format!("quotes[{i}].speaker"), s));
            }
            if let Some(s) = q.speaker_role {
                out.push((format!("quotes[{i}].speaker_role"), s));
            }
            if let Some(s) = q.cue {
                out.push((format!("quotes[{i}].cue"), s));
            }
        }
        for (i, d) in self.dates.iter().enumerate() {
            out.push((format!("dates[{i}].span"), d.span));
        }
        for (i, s) in self.boilerplate_lines.iter().enumerate() {
            out.push((format!("boilerplate_lines[{i}]"), *s));
        }
        for (i, s) in self.related_headlines.iter().enumerate() {
            out.push((format!("related_headlines[{i}]"), *s));
        }
        let mut mentions = |kind: &str, i: usize, ms: &[RawSpan]| {
            for (j, m) in ms.iter().enumerate() {
                out.push((format!("{kind}[{i}].mentions[{j}]"), *m));
            }
        };
        for (i, p) in self.people.iter().enumerate() {
            mentions("people", i, &p.mentions);
        }
        for (i, o) in self.organizations.iter().enumerate() {
            mentions("organizations", i, &o.mentions);
        }
        for (i, l) in self.locations.iter().enumerate() {
            mentions("locations", i, &l.mentions);
        }
        for (i, p) in self.people.iter().enumerate() {
            if let Some(t) = p.title {
                out.push((format!("people[{i}].title"), t));
            }
        }
        out
    }
}

impl LabelledArticle {
    /// Checks every span against the article's raw `text`: non-empty, in range, on UTF-8
    /// character boundaries; boilerplate spans must also be whole lines (what the scorer
    /// relies on to tell body lines from boilerplate). Each problem names the file, the
    /// article id and the field.
    pub fn check(&self, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let mut say = |field: &str, what: String| {
            problems.push(format!(
                "{}:{}: article {}: {field}: {what}",
                self.file.display(),
                self.line,
                self.labels.id
            ))
        };
        for (field, [start, end]) in self.labels.spans() {
            if start >= end {
                say(&field, format!("empty or reversed span [{start}, {end}]"));
            } else if end > text.len() {
                say(
                    &field,
                    format!(
                        "span [{start}, {end}] ends past the text ({} bytes)",
                        text.len()
                    ),
                );
            } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                say(
                    &field,
                    format!("span [{start}, {end}] cuts a UTF-8 character"),
                );
            } else if field.starts_with("boilerplate_lines") && !is_whole_line(text, start, end) {
                say(&field, format!("span [{start}, {end}] is not a whole line"));
            }
        }
        for (i, d) in self.labels.dates.iter().enumerate() {
            if !is_date_value(&d.value) {
                say(
                    &format!("dates[{i}].value"),
                    format!(
                        "`{}` is not YYYY-MM-DD, YYYY-MM, YYYY, YYYX or an interval A/B of them",
                        d.value
                    ),
                );
            }
        }
        problems
    }
}

/// Checks every labelled article against the corpus texts by id (see
/// [`LabelledArticle::check`]); an id the corpus lacks is a problem too. `corpus` names
/// the corpus file in messages.
pub fn check_all(
    articles: &[LabelledArticle],
    texts: &HashMap<&str, &str>,
    corpus: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for a in articles {
        match texts.get(a.labels.id.as_str()) {
            Some(text) => problems.extend(a.check(text)),
            None => problems.push(format!(
                "{}:{}: article {}: id: not in {corpus}",
                a.file.display(),
                a.line,
                a.labels.id
            )),
        }
    }
    problems
}

/// Whether `[start, end)` covers a line, give or take the spaces around it.
fn is_whole_line(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty()
}

/// The value shapes of `labelling.md`.
fn is_date_value(v: &str) -> bool {
    let one = |s: &str| {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        match b.len() {
            4 => digits(0..3) && (b[3].is_ascii_digit() || b[3] == b'X'),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7),
            10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
            _ => false,
        }
    };
    match v.split_once('/') {
        Some((a, b)) => one(a) && one(b),
        None => one(v),
    }
}

/// Reads every `batch-*.jsonl` under `dir`, in name order. An id labelled twice is an
/// error: which of the two should count would be a guess.
pub fn read_dir(dir: &Path) -> Result<Vec<LabelledArticle>, DatasetError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DatasetError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("batch-") && n.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    let mut out: Vec<LabelledArticle> = Vec::new();
    for file in files {
        let body = std::fs::read_to_string(&file).map_err(|source| DatasetError::Io {
            path: file.clone(),
            source,
        })?;
        for (n, line) in body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parse_error = |message: String| DatasetError::Parse {
                path: file.clone(),
                line: n + 1,
                message,
            };
            let labels: Labels =
                serde_json::from_str(line).map_err(|e| parse_error(e.to_string()))?;
            if let Some(first) = out.iter().find(|a| a.labels.id == labels.id) {
                return Err(parse_error(format!(
                    "article {} is labelled again (first at {}:{})",
                    labels.id,
                    first.file.display(),
                    first.line
                )));
            }
            out.push(LabelledArticle {
                file: file.clone(),
                line: n + 1,
                labels,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::datasets::read_corpus;
    use crate::lab::eval::throughput::CORPUS;

    fn labelled(line: &str) -> LabelledArticle {
        LabelledArticle {
            file: "batch-99.jsonl".into(),
            line: 1,
            labels: serde_json::from_str(line).unwrap(),
        }
    }

    const EMPTY: &str = r#""quotes": [], "dates": [], "related_headlines": [], "people": [], "organizations": [], "locations": []"#;

    #[test]
    fn a_bad_span_is_named_by_file_id_and_field() {
        let a = labelled(&format!(
            r#"{{"id": "x-1", "boilerplate_lines": [[0, 4], [5, 99]], {EMPTY}}}"#
        ));
        let problems = a.check("Satu\nDua");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("batch-99.jsonl:1"));
        assert!(problems[0].contains("x-1"));
        assert!(problems[0].contains("boilerplate_lines[1]"));
    }

    #[test]
    fn spans_must_fall_on_characters_and_boilerplate_on_lines() {
        let a = labelled(&format!(
            r#"{{"id": "x-2", "boilerplate_lines": [[0, 3]], {EMPTY}}}"#
        ));
        // "Kafé" is five bytes ("é" takes two): [0, 3) is part of the line, [0, 4) cuts "é".
        let problems = a.check("Kafé\nlagi");
        assert!(problems[0].contains("not a whole line"), "{problems:?}");
        let a = labelled(&format!(
            r#"{{"id": "x-3", "boilerplate_lines": [[0, 4]], {EMPTY}}}"#
        ));
        assert!(a.check("Kafé\nlagi")[0].contains("UTF-8"));
        let a = labelled(&format!(
            r#"{{"id": "x-4", "boilerplate_lines": [[1, 6]], {EMPTY}}}"#
        ));
        assert!(a.check(" Kafé \nlagi").is_empty());
    }

    #[test]
    fn date_values_have_the_documented_shapes() {
        for ok in [
            "2025-06-10",
            "2025-06",
            "2025",
            "199X",
            "2025-06-10/2025-06-13",
            "2021/2024",
        ] {
            assert!(is_date_value(ok), "{ok}");
        }
        for bad in ["2025-W24", "25-06-10", "2025-6", "", "2025/"] {
            assert!(!is_date_value(bad), "{bad}");
        }
    }

    /// Every label of every batch, against the corpus: the ids exist and every span is in
    /// range, on character boundaries, and (boilerplate) whole lines. Needs
    /// `../shared/data` (or `$KABAR_DATA`) and fails without it, like the other lab tests.
    #[test]
    fn every_label_points_into_its_article() {
        let data = crate::lab::datasets::default_data_dir();
        let corpus = read_corpus(&data.join(CORPUS))
            .unwrap_or_else(|e| panic!("the development set is checked against the corpus: {e}"));
        let texts: HashMap<&str, &str> = corpus
            .iter()
            .map(|a| (a.id.as_str(), a.text.as_str()))
            .collect();
        let held_out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/devset/holdout");
        let mut ids: Vec<Vec<String>> = Vec::new();
        for dir in [default_dir(), held_out] {
            let articles = read_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                !articles.is_empty(),
                "no batch-*.jsonl in {}",
                dir.display()
            );
            let problems = check_all(&articles, &texts, CORPUS);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
            ids.push(articles.iter().map(|a| a.labels.id.clone()).collect());
        }
        // A held-out article that is also in the development set is not held out.
        let shared: Vec<&String> = ids[1].iter().filter(|id| ids[0].contains(id)).collect();
        assert!(
            shared.is_empty(),
            "in both the development set and the held-out sample: {shared:?}"
        );
    }
}
