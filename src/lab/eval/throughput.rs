//! Throughput of the analysis core: the whole [`analyze`](crate::analysis::analyze) over
//! every article of `corpus/articles.dev.jsonl` on one thread, then each stage of it timed
//! alone (repair+boilerplate, language, sentences, tokens, entities, quotes, dates, keywords,
//! summary, fingerprint, stats) over the same articles, each on what the stages before it
//! made: where the core's time goes. Rates are over the raw article bytes (the text as a
//! job carries it), so that every row compares with the `analyze` row.
//!
//! Also counts what the corpus yields per article (quotes, attributed quotes, dates), the
//! figures a reader of the analysis wants beside the speed.
//!
//! Timings only mean something in a release build (`cargo test --release ...`); a debug
//! build says so in each row's detail.

use super::{EvalError, Metric};
use crate::analysis::{
    self, Article, Options, dates, entities, fingerprint, keywords, language, quotes, sentences,
    stats, summary, tokens,
};
use crate::lab::datasets::{CorpusArticle, read_corpus};
use chrono::NaiveDate;
use std::path::Path;
use std::time::{Duration, Instant};

/// The corpus file under the data directory.
pub const CORPUS: &str = "corpus/articles.dev.jsonl";

/// Turns a corpus line into the core's input, reading the date part of `published_at`
/// (RFC 3339 or a bare date).
pub fn to_article(a: &CorpusArticle) -> Article {
    Article {
        text: a.text.clone(),
        title: a.title.clone(),
        url: a.url.clone(),
        published: a
            .published_at
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        language: None,
    }
}

pub fn evaluate(data: &Path) -> Result<Vec<Metric>, EvalError> {
    let corpus = read_corpus(&data.join(CORPUS))?;
    let articles: Vec<Article> = corpus.iter().map(to_article).collect();
    if articles.is_empty() {
        return Err(EvalError::Other(format!(
            "{} holds no articles",
            data.join(CORPUS).display()
        )));
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let dataset = format!("articles.dev ({} articles, {:.1} MB)", articles.len(), mb);
    let build = if cfg!(debug_assertions) {
        "DEBUG build: not meaningful, use --release"
    } else {
        "release build"
    };
    let options = Options::default();

    let started = Instant::now();
    let (mut quote_count, mut attributed, mut date_count) = (0usize, 0usize, 0usize);
    let mut each = Vec::with_capacity(articles.len());
    for a in &articles {
        let t = Instant::now();
        let r = analysis::analyze(a, &options);
        each.push(t.elapsed());
        quote_count += r.quotes.len();
        attributed += r.quotes.iter().filter(|q| q.speaker.is_some()).count();
        date_count += r.dates.len();
    }
    let whole = started.elapsed();

    let per_analyser = time_analysers(&articles, &options);
    let slowest = slowest(&corpus, &articles, &each, 5, &options);

    let n = articles.len() as f64;
    let row = |task: &str, metric: String, value: f64, detail: String| Metric {
        task: task.into(),
        dataset: dataset.clone(),
        metric,
        value,
        detail,
    };
    let mut rows = vec![
        row(
            "throughput",
            "analyze articles/s".into(),
            n / whole.as_secs_f64(),
            format!("{build}, 1 thread, {:.2} s total", whole.as_secs_f64()),
        ),
        row(
            "throughput",
            "analyze MB/s".into(),
            mb / whole.as_secs_f64(),
            format!("{build}, 1 thread, raw article bytes"),
        ),
    ];
    rows.push(row(
        "throughput",
        "slowest article µs/KB".into(),
        slowest.first().map_or(0.0, |s| s.1),
        format!(
            "{build}, time of one article over its size against the corpus' {:.0} µs/KB; the slowest: {}",
            whole.as_secs_f64() * 1e6 / (bytes as f64 / 1e3),
            slowest.iter().map(|(id, per_kb, kb)| format!("{id} {per_kb:.0} µs/KB ({kb:.1} KB)")).collect::<Vec<_>>().join(", ")
        ),
    ));
    for (name, took) in per_analyser {
        rows.push(row(
            "throughput",
            format!("{name} MB/s"),
            mb / took.as_secs_f64().max(1e-9),
            format!("{build}, {name} alone, {:.3} s total", took.as_secs_f64()),
        ));
    }
    rows.push(row(
        "facts",
        "quotes per article".into(),
        quote_count as f64 / n,
        format!("{quote_count} quotes"),
    ));
    rows.push(row(
        "facts",
        "quotes with a speaker (%)".into(),
        100.0 * attributed as f64 / quote_count.max(1) as f64,
        format!("{attributed} of {quote_count}"),
    ));
    rows.push(row(
        "facts",
        "dates per article".into(),
        date_count as f64 / n,
        format!("{date_count} dates"),
    ));
    Ok(rows)
}

/// The `n` articles of at least 1 KB that took longest per KB: (id, µs/KB, KB). A stage
/// that is worse than linear on some shape of text shows here before it shows in the
/// corpus' total (the first 300 articles that callgrind counts may not hold that shape).
/// The candidates are timed again and keep their faster time, so that an article is not
/// listed for paying a one-time cost (the first use of a lazily built pattern or table).
fn slowest(
    corpus: &[CorpusArticle],
    articles: &[Article],
    each: &[Duration],
    n: usize,
    options: &Options,
) -> Vec<(String, f64, f64)> {
    let per_kb = |i: usize, took: Duration| {
        let kb = articles[i].text.len() as f64 / 1e3;
        (corpus[i].id.clone(), took.as_secs_f64() * 1e6 / kb, kb)
    };
    let mut ranked: Vec<(usize, Duration)> = each
        .iter()
        .enumerate()
        .filter(|(i, _)| articles[*i].text.len() >= 1000)
        .map(|(i, took)| (i, *took))
        .collect();
    // Slowest per byte first (the comparison needs no id, so no string is built).
    let rate = |i: usize, took: Duration| took.as_secs_f64() / articles[i].text.len() as f64;
    let rank = |r: &mut Vec<(usize, Duration)>| {
        r.sort_by(|a, b| rate(b.0, b.1).total_cmp(&rate(a.0, a.1)));
    };
    rank(&mut ranked);
    ranked.truncate(4 * n);
    for (i, took) in &mut ranked {
        let t = Instant::now();
        std::hint::black_box(analysis::analyze(&articles[*i], options));
        *took = (*took).min(t.elapsed());
    }
    rank(&mut ranked);
    ranked
        .into_iter()
        .take(n)
        .map(|(i, took)| per_kb(i, took))
        .collect()
}

/// Time spent in each stage of the analysis over all articles, each stage timed on its own
/// (the stages run in [`crate::analysis::analyze`]'s order, on what the stages before them
/// made), so that the rows show where the core's time goes.
fn time_analysers(articles: &[Article], options: &Options) -> Vec<(&'static str, Duration)> {
    const NAMES: [&str; 11] = [
        "repair+boilerplate",
        "language",
        "sentences",
        "tokens",
        "entities",
        "quotes",
        "dates",
        "keywords",
        "summary",
        "fingerprint",
        "stats",
    ];
    let mut took = [Duration::ZERO; NAMES.len()];
    let mut sink = 0usize;
    for a in articles {
        let text = timed(&mut took[0], || crate::analysis::clean(&a.text).text);
        let lang = timed(&mut took[1], || {
            language::detect(&text, a.language.as_deref()).code
        });
        let spans = timed(&mut took[2], || sentences::split(&text, &lang));
        let toks = timed(&mut took[3], || tokens::tokenize(&text, &lang));
        let mut ents = timed(&mut took[4], || {
            entities::recognize(&text, &spans, &toks, &lang)
        });
        let counts = [
            timed(&mut took[5], || {
                quotes::attribute(&text, &spans, &mut ents, &lang).len()
            }),
            timed(&mut took[6], || {
                dates::extract(&text, a.published, &lang).len()
            }),
            timed(&mut took[7], || {
                keywords::rank(&text, &spans, &toks, &ents, options.keywords).len()
            }),
            timed(&mut took[8], || {
                summary::summarize(&text, &spans, &toks, options.summary_sentences).len()
            }),
            timed(&mut took[9], || fingerprint::simhash(&text, &toks) as usize),
            timed(&mut took[10], || stats::compute(&text, &spans, &toks).words),
        ];
        sink = counts.iter().fold(sink, |s, &c| s.wrapping_add(c));
    }
    std::hint::black_box(sink);
    NAMES.into_iter().zip(took).collect()
}

/// `f()`, with the time it took added to `slot`.
fn timed<T>(slot: &mut Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    *slot += t.elapsed();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_at_reads_rfc3339_and_bare_dates() {
        let mut a = CorpusArticle {
            id: "x".into(),
            outlet: String::new(),
            url: None,
            title: None,
            published_at: Some("2025-06-18T14:05+07:00".into()),
            text: "Isi.".into(),
        };
        assert_eq!(
            to_article(&a).published,
            NaiveDate::from_ymd_opt(2025, 6, 18)
        );
        a.published_at = Some("2020-09-28".into());
        assert_eq!(
            to_article(&a).published,
            NaiveDate::from_ymd_opt(2020, 9, 28)
        );
        a.published_at = Some("kemarin".into());
        assert_eq!(to_article(&a).published, None);
    }

    #[test]
    fn missing_corpus_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(evaluate(dir.path()).is_err());
    }

    #[test]
    fn rows_from_a_tiny_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        std::fs::write(
            dir.path().join(CORPUS),
            "{\"id\": \"a\", \"published_at\": \"2020-09-30\", \"text\": \"\\\"Kami siap,\\\" kata Budi Santoso, Senin (28/9/2020).\"}\n",
        )
        .unwrap();
        let rows = evaluate(dir.path()).unwrap();
        let get = |m: &str| rows.iter().find(|r| r.metric == m).unwrap().value;
        assert_eq!(get("quotes per article"), 1.0);
        assert_eq!(get("dates per article"), 1.0);
        assert!(get("analyze articles/s") > 0.0);
        assert_eq!(
            rows.iter().filter(|r| r.metric.ends_with("MB/s")).count(),
            12
        );
        assert!(get("entities MB/s") > 0.0);
    }

    #[test]
    fn slowest_ranks_by_time_per_kb_and_skips_short_articles() {
        let line = |id: &str, len: usize| -> CorpusArticle {
            serde_json::from_value(serde_json::json!({"id": id, "text": "a".repeat(len)})).unwrap()
        };
        let corpus = vec![line("short", 10), line("big", 4000), line("slow", 2000)];
        let articles: Vec<Article> = corpus.iter().map(to_article).collect();
        let each = [
            Duration::from_millis(50),
            Duration::from_millis(4),
            Duration::from_millis(4),
        ];
        let top = slowest(&corpus, &articles, &each, 5, &Options::default());
        let mut ids: Vec<&str> = top.iter().map(|t| t.0.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["big", "slow"], "short articles are left out");
        // Timed again, each keeps the faster of its two times: never above the first.
        let slow = top.iter().find(|t| t.0 == "slow").unwrap();
        assert!(slow.1 <= 25_000.0 + 1e-6 && slow.2 == 2.0, "{top:?}");
        assert!(top[0].1 >= top[1].1, "ranked slowest first: {top:?}");
    }

    /// Prints the figures on the real corpus:
    /// `cargo test --release --lib eval::throughput::tests::corpus_figures -- --ignored --nocapture`
    #[test]
    #[ignore = "reads the whole corpus; run in release for meaningful figures"]
    fn corpus_figures() {
        let rows = evaluate(&crate::lab::datasets::default_data_dir()).unwrap();
        println!("{}", super::super::to_markdown(&rows));
    }
}
