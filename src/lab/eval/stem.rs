//! Evaluation of the Indonesian stemmer against UD lemmas (see eval/mod.rs).
//!
//! Metric (data/README.md): agreement of the stem of the lower-cased form with the UD lemma,
//! over tokens whose UPOS is not PUNCT, NUM, SYM, PROPN or X. We score syntactic-word rows
//! (CSUI splits `menyetujuinya` into `menyetujui` + `nya`) and skip multiword-token range
//! rows; the lemma is lower-cased too, since CSUI keeps capitals in lemmas (`Direktur`).
//!
//! The shipped lexicon is learned from both treebanks, so its figures are in-sample. To say
//! something about unseen text we also rebuild the lexicon from one treebank and score the
//! other (held out), and run the algorithm with an empty lexicon. The treebanks lemmatise
//! some frequent words differently, which a held-out lexicon cannot learn, so the held-out
//! score is also given on the tokens whose form the other treebank lemmatises alike or not
//! at all ([`alike_or_unseen`]).

use super::{EvalError, Metric};
use crate::analysis::stem::{Lexicon, indonesian, lexicon};
use crate::lab::datasets::{UdSentence, read_conllu};
use crate::lab::train::stem::{CSUI_TRAIN, GSD_DEV, learn_roots};
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

/// UPOS tags left out of the metric.
const SKIP_UPOS: [&str; 5] = ["PUNCT", "NUM", "SYM", "PROPN", "X"];

/// (lower-cased form, lower-cased lemma) of every scored token.
pub fn scored_pairs(sentences: &[UdSentence]) -> Vec<(String, String)> {
    sentences
        .iter()
        .flat_map(|s| &s.words)
        .filter(|w| !w.is_range() && !SKIP_UPOS.contains(&w.upos.as_str()))
        .map(|w| (w.form.to_lowercase(), w.lemma.to_lowercase()))
        .collect()
}

/// How many pairs the stemmer gets right with `lexicon`.
pub fn agreement(pairs: &[(String, String)], lexicon: &Lexicon) -> usize {
    pairs
        .iter()
        .filter(|(form, lemma)| indonesian::stem(form, lexicon) == lemma.as_str())
        .count()
}

/// The pairs of `test` whose form `train` lemmatises the same way most often, or never
/// sees: what is left when the treebanks' differing conventions are set aside (GSD keeps
/// `tersebut`, `sebagai`, `merupakan`; CSUI makes them `sebut`, `bagai`, `rupa`), since a
/// lexicon learned from `train` rightly follows `train` there.
pub fn alike_or_unseen(
    test: &[(String, String)],
    train: &[(String, String)],
) -> Vec<(String, String)> {
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (form, lemma) in train {
        *votes.entry(form).or_default().entry(lemma).or_default() += 1;
    }
    // The most frequent lemma of a form; ties go to the alphabetically first, so the
    // subset does not depend on hash order.
    let majority = |form: &str| {
        votes.get(form).and_then(|v| {
            v.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| *l)
        })
    };
    test.iter()
        .filter(|(form, lemma)| majority(form).is_none_or(|l| l == lemma))
        .cloned()
        .collect()
}

fn row(dataset: &str, agree: usize, total: usize, note: &str) -> Metric {
    Metric {
        task: "stem".into(),
        dataset: dataset.into(),
        metric: "lemma agreement %".into(),
        value: if total == 0 {
            0.0
        } else {
            100.0 * agree as f64 / total as f64
        },
        detail: format!("{agree}/{total} tokens; {note}"),
    }
}

/// Words per second of the shipped stemmer over the scored tokens, one thread, no cache.
fn words_per_second(pairs: &[(String, String)]) -> (f64, usize) {
    let lex = lexicon();
    let mut n = 0usize;
    let mut sink = 0usize;
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 1.0 {
        for (form, _) in pairs {
            sink = sink.wrapping_add(indonesian::stem(std::hint::black_box(form), lex).len());
        }
        n += pairs.len();
    }
    (n as f64 / start.elapsed().as_secs_f64(), sink)
}

pub fn evaluate(data: &Path) -> Result<Vec<Metric>, EvalError> {
    let csui = read_conllu(&data.join(CSUI_TRAIN))?;
    let gsd = read_conllu(&data.join(GSD_DEV))?;
    let (csui_pairs, gsd_pairs) = (scored_pairs(&csui), scored_pairs(&gsd));
    let csui_lex = Lexicon::from_words(learn_roots(&csui));
    let gsd_lex = Lexicon::from_words(learn_roots(&gsd));
    let empty = Lexicon::empty();
    let shipped = lexicon();
    let identity = |pairs: &[(String, String)]| pairs.iter().filter(|(f, l)| f == l).count();
    let (c, g) = (csui_pairs.len(), gsd_pairs.len());
    let mut rows = vec![
        row(
            "UD-GSD dev",
            agreement(&gsd_pairs, &csui_lex),
            g,
            "held out: lexicon from CSUI train only",
        ),
        row(
            "UD-CSUI train",
            agreement(&csui_pairs, &gsd_lex),
            c,
            "held out: lexicon from GSD dev only",
        ),
        {
            let alike = alike_or_unseen(&gsd_pairs, &csui_pairs);
            row(
                "UD-GSD dev",
                agreement(&alike, &csui_lex),
                alike.len(),
                "held out as above, forms CSUI lemmatises alike or lacks",
            )
        },
        {
            let alike = alike_or_unseen(&csui_pairs, &gsd_pairs);
            row(
                "UD-CSUI train",
                agreement(&alike, &gsd_lex),
                alike.len(),
                "held out as above, forms GSD lemmatises alike or lacks",
            )
        },
        row(
            "UD-GSD dev",
            agreement(&gsd_pairs, shipped),
            g,
            "IN-SAMPLE: shipped lexicon (both treebanks)",
        ),
        row(
            "UD-CSUI train",
            agreement(&csui_pairs, shipped),
            c,
            "IN-SAMPLE: shipped lexicon (both treebanks)",
        ),
        row(
            "UD-GSD dev",
            agreement(&gsd_pairs, &empty),
            g,
            "empty lexicon (affix rules and guessing only)",
        ),
        row(
            "UD-CSUI train",
            agreement(&csui_pairs, &empty),
            c,
            "empty lexicon (affix rules and guessing only)",
        ),
        row(
            "UD-GSD dev",
            identity(&gsd_pairs),
            g,
            "baseline: lower-cased form unchanged",
        ),
        row(
            "UD-CSUI train",
            identity(&csui_pairs),
            c,
            "baseline: lower-cased form unchanged",
        ),
    ];
    let all: Vec<(String, String)> = csui_pairs.into_iter().chain(gsd_pairs).collect();
    let (wps, _) = words_per_second(&all);
    rows.push(Metric {
        task: "stem".into(),
        dataset: "UD-CSUI train + UD-GSD dev".into(),
        metric: "words/s".into(),
        value: wps,
        detail: format!(
            "shipped lexicon ({} roots), one thread, no cache, {} scored tokens a pass",
            shipped.len(),
            all.len()
        ),
    });
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::datasets::UdWord;

    fn w(id: &str, form: &str, lemma: &str, upos: &str) -> UdWord {
        UdWord {
            id: id.into(),
            form: form.into(),
            lemma: lemma.into(),
            upos: upos.into(),
            misc: "_".into(),
        }
    }

    #[test]
    fn scores_syntactic_words_of_kept_classes_only() {
        let s = UdSentence {
            text: String::new(),
            words: vec![
                w("1-2", "dibacanya", "_", "_"),
                w("1", "dibaca", "baca", "VERB"),
                w("2", "nya", "nya", "PRON"),
                w("3", "Andi", "Andi", "PROPN"),
                w("4", "2", "2", "NUM"),
                w("5", "Guru", "Guru", "NOUN"),
                w("6", ".", ".", "PUNCT"),
            ],
        };
        let pairs = scored_pairs(&[s]);
        let forms: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(forms, ["dibaca", "nya", "guru"]);
        assert_eq!(pairs[2].1, "guru");
    }

    #[test]
    fn alike_or_unseen_drops_forms_the_other_treebank_lemmatises_otherwise() {
        let p = |f: &str, l: &str| (f.to_string(), l.to_string());
        let train = vec![
            p("tersebut", "tersebut"),
            p("tersebut", "tersebut"),
            p("tersebut", "sebut"),
            p("dibaca", "baca"),
        ];
        let test = vec![
            p("tersebut", "sebut"),
            p("dibaca", "baca"),
            p("guru", "guru"),
        ];
        let kept = alike_or_unseen(&test, &train);
        assert_eq!(kept, vec![p("dibaca", "baca"), p("guru", "guru")]);
    }

    #[test]
    fn agreement_counts_matching_stems() {
        let lex = Lexicon::from_words(["baca", "guru"]);
        let pairs = vec![
            ("dibaca".to_string(), "baca".to_string()),
            ("guru".into(), "guru".into()),
            ("nya".into(), "dia".into()),
        ];
        assert_eq!(agreement(&pairs, &lex), 2);
    }

    /// Prints the table: `cargo test --release --lib eval::stem -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads ../shared/data; prints figures"]
    fn print_figures() {
        let rows = evaluate(&crate::lab::datasets::default_data_dir()).expect("data");
        println!("{}", crate::lab::eval::to_markdown(&rows));
    }
}
