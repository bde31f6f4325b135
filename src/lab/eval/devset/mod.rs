//! The development set: kabar's analysis of real crawled news against hand labels
//! (`tests/devset/labels/batch-*.jsonl`, made by reading each article; see
//! `../shared/labelling.md`), plus a few shape checks over the whole corpus.
//!
//! The public sets the other tasks use are clean sentences; what kabar meets in production
//! is scraped pages with boilerplate, glued words and quotes attributed three sentences
//! later. This task scores the whole pipeline on those, running
//! [`analyze`](crate::analysis::analyze) exactly as the worker does (the job's fields, its
//! `published_at` parsed by the worker's own [`parse_date`](crate::job::parse_date), default
//! options with sentence texts on), so a figure here is a figure of the product.
//!
//! - [`labels`]: the label format, reading and checking it against the corpus.
//! - [`matching`]: comparing texts across kabar's cleaning (by normalised text, never by
//!   offset).
//! - [`score`]: one labelled article scored (quotes and dates here); each rule is
//!   documented on the count it makes.
//! - [`lines`]: boilerplate lines removed, body lines kept.
//! - [`entities`]: people, organisations and locations per type, and merged variants.
//! - [`corpus`]: the label-free measures over all articles.
//!
//! The labels directory is the repository's `tests/devset/labels`, or
//! `$KABAR_DEVSET_LABELS`. `KABAR_DEVSET_TRACE=1` prints every miss behind the figures to
//! stderr, one line each with its article id (corpus text: read it, never commit it).

pub mod corpus;
pub mod entities;
pub mod labels;
pub mod lines;
pub mod matching;
pub mod score;

use super::{EvalError, Metric};
use crate::analysis::{self, Article, Options};
use crate::lab::datasets::{CorpusArticle, read_corpus};
use crate::lab::eval::throughput::CORPUS;
use corpus::CorpusTally;
use labels::LabelledArticle;
use score::{TYPES, Tally};
use std::collections::HashMap;
use std::path::Path;

/// The job kabar's worker would build from this corpus line.
pub fn to_article(a: &CorpusArticle) -> Article {
    Article {
        text: a.text.clone(),
        title: a.title.clone(),
        url: a.url.clone(),
        published: a.published_at.as_deref().and_then(crate::job::parse_date),
        language: None,
    }
}

/// What the worker runs with for a job that sets no options, plus the sentences' text
/// (which the summary measures read).
pub fn options() -> Options {
    Options {
        sentence_text: true,
        ..Options::default()
    }
}

/// Scores the labels under `$KABAR_DEVSET_LABELS` or `tests/devset/labels`.
pub fn evaluate(data: &Path) -> Result<Vec<Metric>, EvalError> {
    evaluate_with(data, &labels::default_dir())
}

/// Scores the labels in `labels_dir` against the corpus under `data`. Every label is
/// checked first: a bad span is an error naming the file, article and field, not a score.
pub fn evaluate_with(data: &Path, labels_dir: &Path) -> Result<Vec<Metric>, EvalError> {
    let labelled = labels::read_dir(labels_dir)?;
    if labelled.is_empty() {
        return Err(EvalError::Other(format!(
            "no labels: {} holds no batch-*.jsonl lines",
            labels_dir.display()
        )));
    }
    let corpus = read_corpus(&data.join(CORPUS))?;
    let by_id: HashMap<&str, &LabelledArticle> =
        labelled.iter().map(|a| (a.labels.id.as_str(), a)).collect();
    let texts: HashMap<&str, &str> = corpus
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    let corpus_name = data.join(CORPUS).display().to_string();
    let problems = labels::check_all(&labelled, &texts, &corpus_name);
    if !problems.is_empty() {
        return Err(EvalError::Other(format!(
            "the development-set labels do not fit the corpus:\n{}",
            problems.join("\n")
        )));
    }

    let options = options();
    let mut tally = Tally::default();
    let mut whole = CorpusTally::default();
    for a in &corpus {
        let analysis = analysis::analyze(&to_article(a), &options);
        whole.add(&a.id, &analysis);
        if let Some(l) = by_id.get(a.id.as_str()) {
            tally.add(&score::score(&a.text, &l.labels, &analysis));
        }
    }
    if std::env::var_os("KABAR_DEVSET_TRACE").is_some_and(|v| !v.is_empty()) {
        for m in tally.misses.iter().chain(&whole.found) {
            eprintln!("{m}");
        }
    }
    let dataset = format!(
        "dev set, {} articles ({} labelled by hand)",
        corpus.len(),
        labelled.len()
    );
    Ok(rows(&dataset, &tally, &whole))
}

/// A share in percent (0 when there is nothing to share).
fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The table rows: labelled measures first, then those over the whole corpus.
pub fn rows(dataset: &str, t: &Tally, c: &CorpusTally) -> Vec<Metric> {
    let row = |metric: &str, value: f64, detail: String| Metric {
        task: "devset".into(),
        dataset: dataset.into(),
        metric: metric.into(),
        value,
        detail,
    };
    let share = |metric: &str, part: usize, whole: usize, what: &str| {
        row(metric, pct(part, whole), format!("{part}/{whole} {what}"))
    };
    let q = t.quotes;
    let mut out = vec![
        share(
            "boilerplate line recall %",
            t.boilerplate_removed,
            t.boilerplate,
            "labelled boilerplate lines removed",
        ),
        share(
            "body lines kept %",
            t.body_kept,
            t.body_lines,
            &format!(
                "body lines kept (80% of the line in pieces of 20+ chars); {} dateline-only lines left out",
                t.dateline_lines
            ),
        ),
        share(
            "related headline recall %",
            t.related_found,
            t.related,
            "labelled related headlines in `related`",
        ),
        row(
            "quote precision %",
            100.0 * q.precision(),
            format!("tp={} fp={} fn={}", q.tp, q.fp, q.fn_),
        ),
        row(
            "quote recall %",
            100.0 * q.recall(),
            format!("tp={} fp={} fn={}", q.tp, q.fp, q.fn_),
        ),
        row(
            "quote F1 %",
            100.0 * q.f1(),
            format!("tp={} fp={} fn={}", q.tp, q.fp, q.fn_),
        ),
        share(
            "quote speaker accuracy %",
            t.speakers_right,
            t.speakers,
            &format!(
                "matched quotes with a labelled speaker that have it; resolved from context: {}/{}; {} matched without a labelled speaker",
                t.from_context_right,
                t.from_context,
                q.tp - t.speakers
            ),
        ),
        share(
            "quote role accuracy %",
            t.roles_right,
            t.roles,
            "matched quotes with a labelled role that have it",
        ),
        share(
            "date value accuracy %",
            t.dates_right,
            t.dates,
            "labelled dates found with their value",
        ),
        share(
            "date precision %",
            t.predicted_dates_right,
            t.predicted_dates,
            &format!(
                "predicted dates matching a label with its value; {} week values left out",
                t.predicted_weeks
            ),
        ),
    ];
    for (kind, e) in TYPES.iter().zip(&t.entities) {
        let name = format!("{kind:?}").to_lowercase();
        out.push(share(
            &format!("{name} precision %"),
            e.predicted_right,
            e.predicted,
            &format!(
                "predicted entities matching a label; ignored: {} in names/titles, {} only in boilerplate or related headlines",
                e.ignored_in_names, e.ignored_in_boilerplate
            ),
        ));
        out.push(share(
            &format!("{name} recall %"),
            e.found,
            e.labelled,
            &format!(
                "labelled entities found; {} ignored (only inside names/titles)",
                e.labelled_ignored
            ),
        ));
    }
    out.extend([
        share(
            "entity variants merged %",
            t.variants_merged,
            t.variants,
            "labelled entities with 2+ distinct mention texts covered by one predicted entity",
        ),
        if t.predicted_titles == 0 {
            row(
                "person titles %",
                0.0,
                format!(
                    "no titles yet: no predicted person carries one ({} found persons have a labelled title)",
                    t.titled_found
                ),
            )
        } else {
            share(
                "person titles %",
                t.titles_right,
                t.titled_found,
                &format!(
                    "found persons with a labelled title whose entity has it; {} predicted persons carry a title",
                    t.predicted_titles
                ),
            )
        },
        share(
            "summary has the lead %",
            t.leads_in_summary,
            t.leads,
            "labelled articles: lead = first sentence not in a labelled boilerplate line",
        ),
        share(
            "keywords that are a weekday or month %",
            c.calendar_keywords,
            c.keywords,
            &format!("keywords, all {} articles", c.articles),
        ),
        share(
            "keywords that are part of a labelled name %",
            t.keyword_fragments,
            t.keywords,
            "keywords of the labelled articles a strict part of a labelled entity mention in the same article, and not a labelled mention themselves",
        ),
        share(
            "keywords that are part of a longer name %",
            c.fragment_keywords,
            c.keywords,
            &format!(
                "keywords a strict part of an entity's text in the article, all {} articles",
                c.articles
            ),
        ),
        share(
            "entity texts with glued words %",
            c.glued_entities,
            c.entity_texts,
            &format!("entity texts, all {} articles", c.articles),
        ),
        share(
            "keywords with glued words %",
            c.glued_keywords,
            c.keywords,
            &format!("keywords, all {} articles", c.articles),
        ),
        share(
            "summary has sentence 0 %",
            c.first_in_summary,
            c.with_sentences,
            &format!(
                "articles with sentences, all {} articles: lead = sentence 0",
                c.articles
            ),
        ),
        share(
            "speakers that are a pronoun %",
            c.pronoun_speakers,
            c.quotes,
            &format!(
                "quotes whose speaker is dia/ia/beliau/dirinya/pihaknya/mereka/... (en too), all {} articles",
                c.articles
            ),
        ),
        share(
            "speakers that are a role phrase %",
            c.role_speakers,
            c.quotes,
            &format!(
                "quotes whose speaker is capitalised and only office, rank or abbreviation words of the core's lists, all {} articles",
                c.articles
            ),
        ),
        share(
            "summary opens with a pronoun %",
            c.pronoun_starts,
            c.summaries,
            "summaries whose first sentence starts with Ia/Dia/Mereka/Beliau/Hal ini/Hal itu/Ini/Itu, all articles",
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_labels_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = evaluate_with(dir.path(), dir.path()).unwrap_err();
        assert!(err.to_string().contains("no labels"), "{err}");
    }

    #[test]
    fn published_at_is_read_as_the_worker_reads_it() {
        let a = CorpusArticle {
            id: "x".into(),
            outlet: String::new(),
            url: None,
            title: Some("Judul".into()),
            published_at: Some("2025-06-18T14:05".into()),
            text: "Isi.".into(),
        };
        let article = to_article(&a);
        assert_eq!(
            article.published,
            chrono::NaiveDate::from_ymd_opt(2025, 6, 18)
        );
        assert_eq!(article.title.as_deref(), Some("Judul"));
    }

    /// Prints the figures: `cargo test --release --features lab --lib devset -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads ../shared/data; prints figures"]
    fn print_dev_figures() {
        let rows = evaluate(&crate::lab::datasets::default_data_dir()).expect("data readable");
        println!("{}", crate::lab::eval::to_markdown(&rows));
    }
}
