//! Criterion benches of the analysis core on real articles.
//!
//! Reads `corpus/articles.dev.jsonl` under the data directory (`KABAR_DATA`, else
//! `../shared/data` beside the project) and benches, over the first `KABAR_BENCH_ARTICLES`
//! articles (default 300; each iteration runs them all): the whole `analyze`, then each
//! facts analyser alone with its inputs computed beforehand. Throughput is reported over
//! the raw article bytes, as in `kabar eval` (src/eval/throughput.rs), so rows compare.
//!
//! `cargo bench --bench core` (add `-- analyze` to run one group).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kabar::analysis::{self, Article, Entity, Options, Span, Token};
use kabar::lab::stages::{
    clean_text, compute_stats, detect_language, extract_dates, extract_quotes, rank_keywords,
    recognize_entities, simhash, split_sentences, summarize, tokenize,
};
use std::hint::black_box;
use std::path::PathBuf;

/// The allocator the `kabar` binary ships with (src/main.rs), so that these figures are the
/// shipped core's; with the system allocator they were not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One article with every upstream stage computed, so an analyser can run alone.
struct Prepared {
    text: String,
    lang: String,
    spans: Vec<Span>,
    toks: Vec<Token>,
    ents: Vec<Entity>,
    published: Option<chrono::NaiveDate>,
}

fn load() -> Vec<Article> {
    let data = std::env::var_os("KABAR_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(kabar::lab::default_data_dir);
    let path = data.join(kabar::lab::CORPUS);
    let corpus = match kabar::lab::read_corpus(&path) {
        Ok(c) if !c.is_empty() => c,
        Ok(_) => fail(&format!("{} holds no articles", path.display())),
        Err(e) => fail(&format!(
            "the benches read real articles and could not: {e}\nset KABAR_DATA to the data directory (the one holding {})",
            kabar::lab::CORPUS
        )),
    };
    let n = std::env::var("KABAR_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    corpus.iter().take(n).map(kabar::lab::to_article).collect()
}

fn fail(message: &str) -> ! {
    eprintln!("benches/core.rs: {message}");
    std::process::exit(2)
}

fn prepare(a: &Article) -> Prepared {
    let text = clean_text(&a.text);
    let lang = detect_language(&text, a.language.as_deref()).code;
    let spans = split_sentences(&text, &lang);
    let toks = tokenize(&text, &lang);
    let ents = recognize_entities(&text, &spans, &toks, &lang);
    Prepared {
        text,
        lang,
        spans,
        toks,
        ents,
        published: a.published,
    }
}

fn benches(c: &mut Criterion) {
    let articles = load();
    let bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();
    let options = Options::default();

    let mut whole = c.benchmark_group("analyze");
    whole.throughput(Throughput::Bytes(bytes));
    whole.bench_function(format!("{}_articles", articles.len()), |b| {
        b.iter(|| {
            for a in &articles {
                black_box(analysis::analyze(black_box(a), &options));
            }
        })
    });
    whole.finish();

    let prepared: Vec<Prepared> = articles.iter().map(prepare).collect();
    let mut alone = c.benchmark_group("analyser");
    alone.throughput(Throughput::Bytes(bytes));
    alone.bench_function("quotes", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| extract_quotes(&p.text, &p.spans, &p.ents, &p.lang).len())
                .sum::<usize>()
        })
    });
    alone.bench_function("dates", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| extract_dates(&p.text, p.published, &p.lang).len())
                .sum::<usize>()
        })
    });
    alone.bench_function("keywords", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| rank_keywords(&p.text, &p.spans, &p.toks, &p.ents, options.keywords).len())
                .sum::<usize>()
        })
    });
    alone.bench_function("summary", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| summarize(&p.text, &p.spans, &p.toks, options.summary_sentences).len())
                .sum::<usize>()
        })
    });
    alone.bench_function("fingerprint", |b| {
        b.iter(|| {
            prepared
                .iter()
                .fold(0u64, |acc, p| acc ^ simhash(&p.text, &p.toks))
        })
    });
    alone.bench_function("stats", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| compute_stats(&p.text, &p.spans, &p.toks).words)
                .sum::<usize>()
        })
    });
    alone.finish();
}

criterion_group! {
    name = core;
    // The machine is shared: few samples, short runs.
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(5));
    targets = benches
}
criterion_main!(core);
