//! The analysis core: raw article text in, structured facts out.
//!
//! This module is pure on purpose. It knows nothing of AMQP, tokio, configuration or
//! logging, does no I/O, and is deterministic, so that the same article always yields the
//! same result, the worker can run it on a blocking pool, and tests and benches can drive
//! it as a plain function. Every analyser lives in its own file and is composed here, in
//! the order the data flows:
//!
//! ```text
//! raw text ─ repair ─ boilerplate ─▶ cleaned text ─ language
//!                                        ─ sentences ─ tokens(+stems, stopwords)
//!                                                    ─ entities ─ quotes
//!                                                    ─ dates
//!                                                    ─ keywords, summary
//!                                        ─ fingerprint, stats
//! ```
//!
//! Offsets (`start`, `end`) are always byte offsets into [`Analysis::text`], the cleaned
//! body, and always fall on UTF-8 character boundaries.

pub(crate) mod boilerplate;
pub(crate) mod dates;
pub(crate) mod entities;
mod fasthash;
pub(crate) mod fingerprint;
#[cfg(test)]
mod golden_faults;
#[cfg(test)]
mod golden_tests;
pub(crate) mod keywords;
pub(crate) mod language;
mod lexicon;
pub(crate) mod quotes;
mod repair;
pub(crate) mod sentences;
pub(crate) mod stats;
pub(crate) mod stem;
mod stopwords;
pub(crate) mod summary;
pub(crate) mod tokens;

// The analysers stay private; their output types are part of [`Analysis`].
pub use boilerplate::{Kind as BoilerplateKind, Removed};
pub use dates::DateMention;
pub use entities::{Entity, EntityType};
pub use keywords::Keyword;
pub use language::Language;
pub use quotes::Quote;
pub use sentences::Sentence;
pub use stats::Stats;
pub use tokens::Token;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article to analyse: what a job carries, minus the transport.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The raw body as scraped, boilerplate and all.
    pub text: String,
    /// The headline; passed through, not analysed.
    pub title: Option<String>,
    /// Where the article was published; passed through, not analysed.
    pub url: Option<String>,
    /// Publication date: the anchor for relative dates ("kemarin", "Senin lalu").
    pub published: Option<NaiveDate>,
    /// ISO 639-1 hint from the producer; trusted when the text is too short to tell.
    pub language: Option<String>,
}

/// Knobs a job may set in its envelope's `options`. Unknown keys are ignored so that
/// producers can send options newer workers understand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Include the token list (large: off by default).
    pub tokens: bool,
    /// Include each sentence's text beside its offsets.
    pub sentence_text: bool,
    /// How many sentences the extractive summary keeps.
    pub summary_sentences: usize,
    /// How many keywords to return.
    pub keywords: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tokens: false,
            sentence_text: false,
            summary_sentences: 3,
            keywords: 10,
        }
    }
}

/// A half-open byte range `[start, end)` into the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// Whether it covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text this span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Everything the core finds in one article (DESIGN.md section 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The body's language.
    pub language: language::Language,
    /// The body with boilerplate removed; paragraphs (lines) kept.
    pub text: String,
    /// What was removed as boilerplate, in order.
    pub boilerplate: Vec<boilerplate::Removed>,
    /// Headlines of related-article links ("Baca juga: ...").
    pub related: Vec<String>,
    /// Every sentence of `text`, in order.
    pub sentences: Vec<sentences::Sentence>,
    /// Every word, with its stem; only when [`Options::tokens`] asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<tokens::Token>>,
    /// People, organisations and places, merged across mentions.
    pub entities: Vec<entities::Entity>,
    /// Direct quotes and who said them.
    pub quotes: Vec<quotes::Quote>,
    /// Date expressions and their ISO 8601 values.
    pub dates: Vec<dates::DateMention>,
    /// What the article is about, best first.
    pub keywords: Vec<keywords::Keyword>,
    /// Indexes into `sentences` of the summary, in article order.
    pub summary: Vec<usize>,
    /// 64-bit SimHash of the cleaned body as 16 hex digits.
    pub fingerprint: String,
    /// Counts and reading time.
    pub stats: stats::Stats,
}

/// The first two stages: crawler damage repaired, then boilerplate removed. What every
/// later stage reads, and what the benches and the lab time as one stage.
pub(crate) fn clean(raw: &str) -> boilerplate::Cleaned {
    boilerplate::strip(&repair::repair(raw))
}

/// Runs every analyser over `article`. Never panics (the worker still catches panics, as a
/// second line of defence) and takes time roughly linear in the input size.
pub fn analyze(article: &Article, options: &Options) -> Analysis {
    let cleaned = clean(&article.text);
    let text = cleaned.text;
    let language = language::detect(&text, article.language.as_deref());
    let lang = language.code.as_str();
    let spans = sentences::split(&text, lang);
    let toks = tokens::tokenize(&text, lang);
    let mut entities = entities::recognize(&text, &spans, &toks, lang);
    let quotes = quotes::attribute(&text, &spans, &mut entities, lang);
    let dates = dates::extract(&text, article.published, lang);
    let keywords = keywords::rank(&text, &spans, &toks, &entities, options.keywords);
    let summary = summary::summarize(&text, &spans, &toks, options.summary_sentences);
    let fingerprint = format!("{:016x}", fingerprint::simhash(&text, &toks));
    let stats = stats::compute(&text, &spans, &toks);
    let sentences = spans
        .iter()
        .map(|s| sentences::Sentence {
            start: s.start,
            end: s.end,
            text: options.sentence_text.then(|| s.of(&text).to_string()),
        })
        .collect();
    Analysis {
        language,
        boilerplate: cleaned.removed,
        related: cleaned.related,
        sentences,
        tokens: options.tokens.then_some(toks),
        entities,
        quotes,
        dates,
        keywords,
        summary,
        fingerprint,
        stats,
        text,
    }
}
