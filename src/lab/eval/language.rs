//! Evaluation of language identification (`analysis::language::detect`).
//!
//! There is no held-out language-ID set under `../shared/data`, so the sets are assembled
//! from what is there, each with a known language, and scored as accuracy (exact code):
//! - UD Indonesian-GSD dev, the `# text` lines (Indonesian sentences);
//! - UD Indonesian-GSD dev, the `# text_en` lines (their English translations);
//! - UD Indonesian-CSUI train, the `# text` lines (Indonesian news sentences);
//! - idner-news-2k dev and NERGrit valid, tokens joined with spaces (Indonesian);
//! - the article corpus, bodies after boilerplate removal (Indonesian; evaluation only).
//!
//! No Malay set exists here, so the Indonesian/Malay separation is only tested by unit tests;
//! every Indonesian item tagged `ms` counts as an error. Each row's detail also gives
//! whatlang's accuracy on the same items as a baseline.
//!
//! The figures: `kabar-lab eval --only language`.

use super::{EvalError, Metric};
use crate::analysis::{boilerplate, language};
use crate::lab::datasets::{DatasetError, read_conllu, read_ner};
use std::collections::BTreeMap;
use std::path::Path;

/// Lines of a CoNLL-U file that start with `prefix` (e.g. `# text_en = `).
fn comment_lines(path: &Path, prefix: &str) -> Result<Vec<String>, EvalError> {
    let body = std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(body
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix(prefix))
        .map(str::to_string)
        .collect())
}

/// The `text` of every article in the corpus. `datasets::read_corpus` rejects the 147
/// articles whose `outlet` is `null`, so this reads the one field it needs itself.
pub(crate) fn corpus_texts(data: &Path) -> Result<Vec<String>, EvalError> {
    let path = data.join("corpus/articles.dev.jsonl");
    let body = std::fs::read_to_string(&path).map_err(|source| DatasetError::Io {
        path: path.clone(),
        source,
    })?;
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let v: serde_json::Value =
                serde_json::from_str(l).map_err(|e| DatasetError::Parse {
                    path: path.clone(),
                    line: n + 1,
                    message: e.to_string(),
                })?;
            Ok(v.get("text")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_string())
        })
        .collect()
}

/// Scores `detect` on `items`, all expected to be `want`.
fn score(task_set: &str, items: &[String], want: &str) -> Metric {
    let mut correct = 0usize;
    let mut confusions: BTreeMap<String, usize> = BTreeMap::new();
    let mut baseline = 0usize;
    let want3 = match want {
        "id" => "ind",
        "en" => "eng",
        other => other,
    };
    for text in items {
        let got = language::detect(text, None);
        if got.code == want {
            correct += 1;
        } else {
            *confusions.entry(got.code).or_default() += 1;
        }
        if whatlang::detect_lang(text).is_some_and(|l| l.code() == want3) {
            baseline += 1;
        }
    }
    let n = items.len().max(1) as f64;
    let conf: Vec<String> = confusions.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Metric {
        task: "language".into(),
        dataset: task_set.into(),
        metric: "accuracy".into(),
        value: correct as f64 / n,
        detail: format!(
            "n={} expected {want}, correct={correct}, errors: {}; whatlang alone {:.3}",
            items.len(),
            if conf.is_empty() {
                "none".into()
            } else {
                conf.join(" ")
            },
            baseline as f64 / n
        ),
    }
}

pub fn evaluate(data: &Path) -> Result<Vec<Metric>, EvalError> {
    let gsd = data.join("ud/gsd/id_gsd-ud-dev.conllu");
    let csui = data.join("ud/csui/id_csui-ud-train.conllu");
    let mut rows = Vec::new();

    let gsd_id: Vec<String> = read_conllu(&gsd)?.into_iter().map(|s| s.text).collect();
    rows.push(score("UD id-GSD dev # text (sentences)", &gsd_id, "id"));
    let gsd_en = comment_lines(&gsd, "# text_en = ")?;
    rows.push(score("UD id-GSD dev # text_en (sentences)", &gsd_en, "en"));
    let csui_id: Vec<String> = read_conllu(&csui)?.into_iter().map(|s| s.text).collect();
    rows.push(score("UD id-CSUI train # text (sentences)", &csui_id, "id"));

    let mut ner: Vec<String> = read_ner(&data.join("ner/idner-news-2k/dev.txt"))?
        .into_iter()
        .map(|s| s.tokens.join(" "))
        .collect();
    ner.extend(
        read_ner(&data.join("ner/nergrit/valid_preprocess.txt"))?
            .into_iter()
            .map(|s| s.tokens.join(" ")),
    );
    rows.push(score(
        "idner-news-2k dev + NERGrit valid (sentences)",
        &ner,
        "id",
    ));

    let corpus: Vec<String> = corpus_texts(data)?
        .iter()
        .map(|t| boilerplate::strip(t).text)
        .collect();
    rows.push(score("article corpus dev (cleaned bodies)", &corpus, "id"));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_counts_confusions() {
        let items = vec![
            "Pemerintah mengatakan bahwa harga beras turun.".to_string(),
            "The price of rice fell, the minister said.".to_string(),
        ];
        let m = score("t", &items, "id");
        assert_eq!(m.value, 0.5);
        assert!(m.detail.contains("en=1"), "{}", m.detail);
    }
}
