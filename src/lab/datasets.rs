//! Readers for the training and evaluation data under `../shared/data` (see its README).
//!
//! Only the eval and train commands and the benches use these; the data is read by path
//! and never copied into the repository.

use std::path::{Path, PathBuf};

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file cannot be read.
    #[error(
        "cannot read {path}: {source} (is ../shared/data beside the project, or did you pass --data?)"
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// A line is not in the format expected.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

fn read(path: &Path) -> Result<String, DatasetError> {
    std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One row of a CoNLL-U file: a syntactic word, or a multiword token when `id` holds a range
/// such as `3-4`.
#[derive(Debug, Clone, PartialEq)]
pub struct UdWord {
    pub id: String,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub misc: String,
}

impl UdWord {
    /// True for a multiword-token range line (`3-4`) or an empty node (`3.1`).
    pub fn is_range(&self) -> bool {
        self.id.contains('-') || self.id.contains('.')
    }
}

/// One treebank sentence: its `# text` and its rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UdSentence {
    pub text: String,
    pub words: Vec<UdWord>,
}

/// Reads a CoNLL-U treebank.
pub fn read_conllu(path: &Path) -> Result<Vec<UdSentence>, DatasetError> {
    let body = read(path)?;
    let mut out = Vec::new();
    let mut cur = UdSentence::default();
    for (n, line) in body.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if let Some(text) = line.strip_prefix("# text = ") {
            cur.text = text.to_string();
        } else if line.starts_with('#') {
            continue;
        } else {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 10 {
                return Err(DatasetError::Parse {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: format!("expected 10 tab-separated columns, found {}", cols.len()),
                });
            }
            cur.words.push(UdWord {
                id: cols[0].into(),
                form: cols[1].into(),
                lemma: cols[2].into(),
                upos: cols[3].into(),
                misc: cols[9].into(),
            });
        }
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// One NER sentence: tokens and IOB tags normalised to `B-PER`, `I-ORG`, `B-LOC`, `O`, ...
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NerSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// Maps the data sets' type names (PERSON, ORGANISATION, PLACE, PER, ORG, LOC) to ours.
fn normalise_tag(tag: &str) -> String {
    let Some((prefix, kind)) = tag.split_once('-') else {
        return "O".into();
    };
    let kind = match kind.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => "PER",
        "ORG" | "ORGANISATION" | "ORGANIZATION" => "ORG",
        "LOC" | "PLACE" | "LOCATION" | "GPE" => "LOC",
        _ => return "O".into(),
    };
    format!("{}-{kind}", prefix.to_ascii_uppercase())
}

/// Reads an NER file in either shape: `token<TAB>tag` (NERGrit) or `token UPOS tag`
/// (idner-news-2k), blank line between sentences, CRLF tolerated.
pub fn read_ner(path: &Path) -> Result<Vec<NerSentence>, DatasetError> {
    let body = read(path)?;
    let mut out = Vec::new();
    let mut cur = NerSentence::default();
    for (n, line) in body.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split(' ').collect()
        };
        let (Some(token), Some(tag)) = (cols.first(), cols.last()) else {
            unreachable!()
        };
        if cols.len() < 2 {
            return Err(DatasetError::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                message: "expected a token and a tag".into(),
            });
        }
        cur.tokens.push(token.to_string());
        cur.tags.push(normalise_tag(tag));
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// One article of `corpus/articles.dev.jsonl`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CorpusArticle {
    /// The article's id in the corpus.
    pub id: String,
    /// Some scraped sources give `"outlet": null`; read as "".
    #[serde(default, deserialize_with = "null_as_empty")]
    pub outlet: String,
    /// Where it was scraped from.
    #[serde(default)]
    pub url: Option<String>,
    /// The headline.
    #[serde(default)]
    pub title: Option<String>,
    /// As scraped: RFC 3339 or a bare date; [`to_article`](crate::lab::to_article) reads its date part.
    #[serde(default)]
    pub published_at: Option<String>,
    /// The raw body, boilerplate and all.
    pub text: String,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(<Option<String> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

/// Reads the article corpus (JSON lines).
pub fn read_corpus(path: &Path) -> Result<Vec<CorpusArticle>, DatasetError> {
    let body = read(path)?;
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| DatasetError::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// The default data directory: `$KABAR_DATA`, else `../shared/data` beside the project
/// root.
pub fn default_data_dir() -> PathBuf {
    match std::env::var_os("KABAR_DATA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_across_data_sets() {
        assert_eq!(normalise_tag("B-PERSON"), "B-PER");
        assert_eq!(normalise_tag("I-ORGANISATION"), "I-ORG");
        assert_eq!(normalise_tag("B-PLACE"), "B-LOC");
        assert_eq!(normalise_tag("B-LOC"), "B-LOC");
        assert_eq!(normalise_tag("O"), "O");
        assert_eq!(normalise_tag("B-MISC"), "O");
    }

    #[test]
    fn corpus_lines_with_null_fields_parse() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        std::fs::write(&p, "{\"id\": \"x\", \"outlet\": null, \"url\": null, \"title\": null, \"text\": \"Isi.\"}\n").unwrap();
        let a = read_corpus(&p).unwrap();
        assert_eq!(a[0].outlet, "");
        assert_eq!(a[0].url, None);
    }

    #[test]
    fn both_ner_shapes_parse() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "Budi PROPN B-PER\r\npergi VERB O\r\n\r\nke ADP O\r\n").unwrap();
        let s = read_ner(&a).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["Budi", "pergi"]);
        assert_eq!(s[0].tags, ["B-PER", "O"]);
        let b = dir.path().join("b.txt");
        std::fs::write(&b, "Bandung\tB-PLACE\nindah\tO\n").unwrap();
        let s = read_ner(&b).unwrap();
        assert_eq!(s[0].tags, ["B-LOC", "O"]);
    }
}
