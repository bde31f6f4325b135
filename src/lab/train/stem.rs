//! Builds the Indonesian root-word lexicon used by the stemmer (see analysis/stem/).
//!
//! The confix-stripping stemmer stops when a candidate root is a known word, so it needs a
//! list of roots. Ours is learned from the lemma column of the UD Indonesian treebanks that
//! sit under `../shared/data/ud/` (CSUI train and GSD dev): every lower-cased lemma of a
//! word whose UPOS is not PUNCT, SYM, PROPN or X, made of letters (so `dua` stays and `3`
//! goes) with hyphens allowed inside, unless the treebanks more often lemmatise that same
//! spelling to something else (see [`learn_roots`]). The output,
//! `src/analysis/models/id_roots.txt`, is therefore CC BY-SA 4.0 like the treebanks, and its
//! first lines say so.
//!
//! Regenerate with `kabar-lab train stem` (which calls [`build_lexicon`]); until that command is
//! wired, `cargo test --release --lib train::stem -- --ignored` does the same.

use crate::lab::datasets::{DatasetError, UdSentence, read_conllu};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The two treebanks, relative to the data directory.
pub const CSUI_TRAIN: &str = "ud/csui/id_csui-ud-train.conllu";
pub const GSD_DEV: &str = "ud/gsd/id_gsd-ud-dev.conllu";

/// Where the lexicon lives, relative to the project root: `kabar-lab train stem` writes it there
/// and `analysis/stem/mod.rs` embeds it with `include_str!`.
#[cfg(test)]
pub const LEXICON_FILE: &str = "src/analysis/models/id_roots.txt";

/// The attribution the lexicon file carries (the licence travels with the data).
pub const HEADER: &str = "# kabar Indonesian root words: a derived work of UD Indonesian-CSUI (train; Alfina, Arwidarasti, Hanifmuti, \
Dinakaramani, Manurung, Rashel, Luthfi) and UD Indonesian-GSD (dev; McDonald, Nivre, Zeman, Larasati, Alfina), https://universaldependencies.org\n\
# Changes: only their lemmas, lower-cased, filtered by kabar's majority vote. Licence: CC BY-SA 4.0 \
(https://creativecommons.org/licenses/by-sa/4.0/). Regenerate: kabar-lab train stem\n";

/// Why the lexicon could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error(transparent)]
    Data(#[from] DatasetError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What [`build_lexicon`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct LexiconReport {
    /// Distinct root words written.
    pub words: usize,
    /// Distinct roots each treebank alone would give (they overlap).
    pub from_csui: usize,
    pub from_gsd: usize,
    pub out: PathBuf,
}

/// UPOS tags whose lemmas are not roots we want: names, foreign words, symbols, punctuation.
/// (NUM lemmas spelled in letters, `dua`, `ribu`, are kept: `kedua` → `dua`.)
const SKIP_UPOS: [&str; 4] = ["PUNCT", "SYM", "PROPN", "X"];

/// True for a lemma worth keeping: lower-case letters, with inner hyphens only.
fn is_root_word(lemma: &str) -> bool {
    !lemma.is_empty()
        && lemma.chars().all(|c| c.is_alphabetic() || c == '-')
        && !lemma.starts_with('-')
        && !lemma.ends_with('-')
}

/// The root words of some treebank sentences.
///
/// A lemma is a root unless the treebanks mostly lemmatise that same spelling, as a form, to
/// something else: annotators sometimes leave a derived word as its own lemma
/// (`perusahaan`), and one such slip would otherwise stop the stemmer on every later
/// occurrence. Counting votes keeps the majority reading.
pub fn learn_roots(sentences: &[UdSentence]) -> BTreeSet<String> {
    let mut lemmas: BTreeSet<String> = BTreeSet::new();
    // form → (times its lemma is itself, times it is something else)
    let mut votes: HashMap<String, (usize, usize)> = HashMap::new();
    for w in sentences.iter().flat_map(|s| &s.words) {
        if w.is_range() || SKIP_UPOS.contains(&w.upos.as_str()) {
            continue;
        }
        let (form, lemma) = (w.form.to_lowercase(), w.lemma.to_lowercase());
        let v = votes.entry(form.clone()).or_default();
        if form == lemma {
            v.0 += 1;
        } else {
            v.1 += 1;
        }
        if is_root_word(&lemma) {
            lemmas.insert(lemma);
        }
    }
    lemmas.retain(|l| votes.get(l).is_none_or(|&(same, other)| same >= other));
    lemmas
}

/// The lexicon file's text: header, then one word a line in sorted order.
pub fn render(words: &BTreeSet<String>) -> String {
    let mut s = String::from(HEADER);
    for w in words {
        s.push_str(w);
        s.push('\n');
    }
    s
}

/// Reads both treebanks under `data` and writes the lexicon to `out`.
pub fn build_lexicon(data: &Path, out: &Path) -> Result<LexiconReport, LexiconError> {
    let mut sentences = read_conllu(&data.join(CSUI_TRAIN))?;
    let gsd = read_conllu(&data.join(GSD_DEV))?;
    let (from_csui, from_gsd) = (learn_roots(&sentences).len(), learn_roots(&gsd).len());
    // One vote over both treebanks, so that where their conventions differ (GSD keeps
    // `tersebut`, CSUI lemmatises it to `sebut`) the more frequent reading wins.
    sentences.extend(gsd);
    let all = learn_roots(&sentences);
    std::fs::write(out, render(&all)).map_err(|source| LexiconError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(LexiconReport {
        words: all.len(),
        from_csui,
        from_gsd,
        out: out.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::datasets::UdWord;

    fn word(id: &str, form: &str, lemma: &str, upos: &str) -> UdWord {
        UdWord {
            id: id.into(),
            form: form.into(),
            lemma: lemma.into(),
            upos: upos.into(),
            misc: "_".into(),
        }
    }

    fn sentence() -> UdSentence {
        UdSentence {
            text: "Ia membelikannya Buku di Bogor, 3 buah.".into(),
            words: vec![
                word("1", "Ia", "dia", "PRON"),
                word("2-3", "membelikannya", "_", "_"),
                word("2", "membelikan", "beli", "VERB"),
                word("3", "nya", "nya", "PRON"),
                word("4", "Buku", "Buku", "NOUN"),
                word("5", "di", "di", "ADP"),
                word("6", "Bogor", "Bogor", "PROPN"),
                word("7", ",", ",", "PUNCT"),
                word("8", "3", "3", "NUM"),
                word("9", "buah", "buah", "NOUN"),
                word("10", "anak-anak", "anak", "NOUN"),
                word("11", "e-mail", "e-mail", "X"),
                word("12", ".", ".", "PUNCT"),
            ],
        }
    }

    #[test]
    fn keeps_lower_cased_lemmas_of_words() {
        let roots = learn_roots(&[sentence()]);
        let got: Vec<&str> = roots.iter().map(String::as_str).collect();
        assert_eq!(got, ["anak", "beli", "buah", "buku", "di", "dia", "nya"]);
    }

    #[test]
    fn skips_names_punctuation_digits_and_ranges() {
        let roots = learn_roots(&[sentence()]);
        for absent in ["bogor", ",", "3", "_", "e-mail", "."] {
            assert!(!roots.contains(absent), "{absent}");
        }
    }

    #[test]
    fn lemmas_mostly_lemmatised_to_something_else_are_not_roots() {
        let mut s = sentence();
        s.words.push(word("13", "perusahaan", "usaha", "NOUN"));
        s.words.push(word("14", "perusahaan", "usaha", "NOUN"));
        s.words.push(word("15", "perusahaan", "perusahaan", "NOUN"));
        let roots = learn_roots(&[s]);
        assert!(roots.contains("usaha"));
        assert!(!roots.contains("perusahaan"));
    }

    #[test]
    fn root_words_are_letters_with_inner_hyphens() {
        assert!(is_root_word("kupu-kupu"));
        assert!(!is_root_word("ke-10"));
        assert!(!is_root_word("-an"));
        assert!(!is_root_word(""));
    }

    #[test]
    fn rendered_file_has_attribution_and_parses_back() {
        let roots = learn_roots(&[sentence()]);
        let text = render(&roots);
        assert!(text.starts_with("# kabar Indonesian root words"));
        assert!(text.contains("CC BY-SA 4.0"));
        let lex = crate::analysis::stem::Lexicon::parse(&text);
        assert_eq!(lex.len(), roots.len());
        assert!(lex.contains("beli"));
    }

    /// Rewrites the committed lexicon from `../shared/data` (until `kabar-lab train stem` is
    /// wired): `cargo test --release --lib train::stem -- --ignored`.
    #[test]
    #[ignore = "reads ../shared/data and rewrites src/analysis/models/id_roots.txt"]
    fn regenerate_lexicon() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let report = build_lexicon(
            &crate::lab::datasets::default_data_dir(),
            &root.join(LEXICON_FILE),
        )
        .expect("data");
        println!("{report:?}");
    }

    #[test]
    fn build_writes_a_sorted_list() {
        let dir = tempfile::tempdir().unwrap();
        let ud = dir.path().join("ud");
        std::fs::create_dir_all(ud.join("csui")).unwrap();
        std::fs::create_dir_all(ud.join("gsd")).unwrap();
        let row = |id: &str, form: &str, lemma: &str, upos: &str| {
            format!("{id}\t{form}\t{lemma}\t{upos}\t_\t_\t0\troot\t_\t_\n")
        };
        let csui = format!(
            "# text = x\n{}{}{}{}\n",
            row("1", "Makan", "makan", "VERB"),
            row("2", "ditulis", "tulis", "VERB"),
            row("3", "tersebut", "sebut", "DET"),
            row("4", "tersebut", "sebut", "DET")
        );
        let gsd = format!(
            "# text = y\n{}{}\n",
            row("1", "tulisan", "tulis", "NOUN"),
            row("2", "tersebut", "tersebut", "DET")
        );
        std::fs::write(dir.path().join(CSUI_TRAIN), csui).unwrap();
        std::fs::write(dir.path().join(GSD_DEV), gsd).unwrap();
        let out = dir.path().join("roots.txt");
        let report = build_lexicon(dir.path(), &out).unwrap();
        // GSD alone keeps "tersebut" as a root; the joint vote (2 to 1) does not.
        assert_eq!((report.words, report.from_csui, report.from_gsd), (3, 3, 2));
        let text = std::fs::read_to_string(&out).unwrap();
        let words: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(words, ["makan", "sebut", "tulis"]);
    }
}
