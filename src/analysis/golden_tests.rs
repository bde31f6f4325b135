//! Golden tests: whole articles, written for these tests in the shapes real outlets use,
//! run through [`analyze`] with every field of [`Analysis`] checked.
//!
//! What is pinned is what a user relies on and what a retrained model or a re-tuned weight
//! should not change: who said which quote in which role, the ISO value of each date, which
//! lines were removed as which kind of boilerplate, the related headlines, the sentence
//! count, the entities a reader would name. Floats (keyword scores, language confidence) and
//! the exact fingerprint bits are checked by their contracts (ranges, order, Hamming
//! distance), not by value.
//!
//! Where the core is wrong on one of these articles, the expected behaviour is still written
//! down, in a test of its own marked `#[ignore = "KNOWN DEFECT: ..."]` so that the branch
//! stays green while `cargo test -- --ignored` lists what is left to fix. Do not weaken
//! those assertions to make them pass: fix the analyser, then drop the `ignore`.
//!
//! The fixtures live in `tests/fixtures/` so that `kabar analyze` can be run on them too
//! (the README's Analysis section shows that output). The seed article is shared data and
//! is read from `../shared/seeds/` at run time, never copied.

use super::boilerplate::Kind;
use super::entities::EntityType::{self, Location, Organization, Person};
use super::*;

/// Flood in Bojonegoro (written by the lead): dateline, ad and scroll markers, "Baca
/// juga:", a byline, `kata X, <role>`, `Menurut X,` then `ujarnya`, `Senin (12/10/2020)`,
/// `pekan depan`, `tahun 1990an`.
const ID_BANJIR: &str = include_str!("../../tests/fixtures/golden_id.txt");
/// Chili prices in Jakarta: `X mengatakan, "..."`, a quote split around `kata X`, `ujar X,
/// <role>` then `ujarnya`, `kemarin`, a bare "Baca Juga" line with the headline on the
/// next line, writer and editor lines.
const ID_PASAR: &str = include_str!("../../tests/fixtures/golden_id_pasar.txt");
/// Port job cuts, wire style: `"...," said X, <role>`, `X said, "..."`, `he said` around a
/// split quote, `yesterday`, `next week`, `the 1990s`, "Read more:", a Reuters credit line.
const EN_PORT: &str = include_str!("../../tests/fixtures/golden_en.txt");

/// The seed article, relative to the crate root.
const SEED: &str = "../shared/seeds/000_7f3bc03c85a13d1a.txt";

pub(super) fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Everything on: tokens and sentence texts included, default summary and keyword counts.
fn full() -> Options {
    Options {
        tokens: true,
        sentence_text: true,
        ..Options::default()
    }
}

pub(super) fn run(text: &str, published: Option<NaiveDate>) -> Analysis {
    let article = Article {
        text: text.to_string(),
        published,
        ..Article::default()
    };
    let a = analyze(&article, &full());
    check_contracts(text, &a, &full());
    check_result_schema(&a);
    a
}

/// The whole result document for `a`, made as the worker makes it
/// ([`crate::job::bounded_outcome`]), must match the published contract,
/// docs/schemas/result.schema.json; and so must the one without its optional parts.
fn check_result_schema(a: &Analysis) {
    static SCHEMA: std::sync::LazyLock<(boon::Schemas, boon::SchemaIndex)> =
        std::sync::LazyLock::new(|| {
            let url = "file:///kabar/docs/schemas/result.schema.json";
            let text = include_str!("../../docs/schemas/result.schema.json");
            let mut compiler = boon::Compiler::new();
            compiler.enable_format_assertions();
            compiler
                .add_resource(url, serde_json::from_str(text).unwrap())
                .unwrap();
            let mut schemas = boon::Schemas::new();
            let index = compiler
                .compile(url, &mut schemas)
                .unwrap_or_else(|e| panic!("result.schema.json does not compile: {e:#}"));
            (schemas, index)
        });
    let meta = crate::job::Meta::new("golden/1", false, chrono::Utc::now(), 0.25);
    let whole = crate::job::bounded_outcome("golden", a.clone(), &meta, usize::MAX);
    let trimmed = crate::job::bounded_outcome("golden", a.clone(), &meta, whole.body.len() - 1);
    for outcome in [whole, trimmed] {
        let doc: serde_json::Value = serde_json::from_slice(&outcome.body).unwrap();
        if let Err(e) = SCHEMA.0.validate(&doc, SCHEMA.1) {
            panic!("the result document does not match docs/schemas/result.schema.json:\n{e}");
        }
    }
}

/// (text, speaker, role, cue) of one quote.
pub(super) type QuoteFields<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

pub(super) fn quote_fields(a: &Analysis) -> Vec<QuoteFields<'_>> {
    a.quotes
        .iter()
        .map(|q| {
            (
                q.text.as_str(),
                q.speaker.as_deref(),
                q.role.as_deref(),
                q.cue.as_deref(),
            )
        })
        .collect()
}

pub(super) fn dates_of(a: &Analysis) -> Vec<(&str, &str)> {
    a.dates
        .iter()
        .map(|d| (d.text.as_str(), d.value.as_str()))
        .collect()
}

pub(super) fn boilerplate_of(a: &Analysis) -> Vec<(Kind, &str)> {
    a.boilerplate
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

/// Asserts that an entity named exactly `name` was found with type `kind`.
pub(super) fn assert_entity(a: &Analysis, name: &str, kind: EntityType) {
    let found: Vec<_> = a
        .entities
        .iter()
        .filter(|e| e.text == name)
        .map(|e| e.kind)
        .collect();
    assert!(
        found.contains(&kind),
        "expected entity {name:?} as {kind:?}, found {found:?}; all entities: {:?}",
        a.entities
            .iter()
            .map(|e| (&e.text, e.kind))
            .collect::<Vec<_>>()
    );
}

/// Asserts that no entity of `kind` is named `name` (a known false positive).
pub(super) fn assert_no_entity(a: &Analysis, name: &str, kind: EntityType) {
    assert!(
        !a.entities.iter().any(|e| e.text == name && e.kind == kind),
        "{name:?} must not be a {kind:?}; all entities: {:?}",
        a.entities
            .iter()
            .map(|e| (&e.text, e.kind))
            .collect::<Vec<_>>()
    );
}

fn sentence_of(a: &Analysis, at: usize) -> usize {
    a.sentences.iter().rposition(|s| s.start <= at).unwrap_or(0)
}

/// The contracts every analysis keeps, whatever the article: offsets are byte ranges on
/// character boundaries of `text`, indexes point into `sentences`, counts agree, lists are
/// ordered. `raw` is the input, to check that cleaning only removes.
fn check_contracts(raw: &str, a: &Analysis, options: &Options) {
    let text = &a.text;
    let slice = |start: usize, end: usize, what: &str| -> &str {
        assert!(
            start < end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end),
            "{what}: bad byte range {start}..{end} in a text of {} bytes",
            text.len()
        );
        &text[start..end]
    };

    // language: a code and a confidence in (0, 1].
    assert!(!a.language.code.is_empty());
    assert!(
        a.language.confidence > 0.0 && a.language.confidence <= 1.0,
        "{:?}",
        a.language
    );

    // text: every kept line is (the rest of) a line of the repaired input, in order, less
    // the pieces cut out of it (a related link run into it, a share prompt glued to its
    // end; spaces around a cut are one); nothing removed is left.
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let repaired = super::repair::repair(raw);
    let mut raw_lines = repaired.lines();
    for line in text.lines() {
        assert!(
            raw_lines.any(|r| {
                let cut = a
                    .boilerplate
                    .iter()
                    .fold(r.to_string(), |r, b| r.replace(b.text.as_str(), " "));
                r.trim_end().ends_with(line) || squash(&cut).ends_with(&squash(line))
            }),
            "cleaned line {line:?} is not a raw line, in order"
        );
    }
    for b in &a.boilerplate {
        assert!(!b.text.is_empty());
        assert!(
            raw.contains(b.text.trim_end_matches([' ', '-'])),
            "removed {b:?} is not in the input"
        );
        // A topic tag is a word or two of the article ("irigasi"): its line is gone, the
        // word may stay in the body.
        assert!(
            if b.kind == Kind::Tag {
                !text.lines().any(|l| l == b.text)
            } else {
                !text.contains(&b.text)
            },
            "removed {b:?} is still in the text"
        );
    }

    // related: each headline was removed as a related-article link.
    for h in &a.related {
        assert!(
            a.boilerplate
                .iter()
                .any(|b| b.kind == Kind::Related && b.text.contains(h.as_str())),
            "related headline {h:?} was not removed as related boilerplate"
        );
        assert!(
            !text.contains(h.as_str()),
            "related headline {h:?} left in the text"
        );
    }

    // sentences: ordered, disjoint, inside the text; the optional text is the slice.
    assert!(!a.sentences.is_empty());
    for (i, s) in a.sentences.iter().enumerate() {
        let covered = slice(s.start, s.end, "sentence");
        assert!(!covered.trim().is_empty(), "sentence {i} is blank");
        assert_eq!(
            s.text.as_deref(),
            options.sentence_text.then_some(covered),
            "sentence {i}"
        );
        if i > 0 {
            assert!(
                a.sentences[i - 1].end <= s.start,
                "sentences {} and {i} overlap",
                i - 1
            );
        }
    }

    // tokens: present only when asked; each is its slice, with a stem; ordered.
    assert_eq!(a.tokens.is_some(), options.tokens);
    if let Some(tokens) = &a.tokens {
        assert!(!tokens.is_empty());
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(slice(t.start, t.end, "token"), t.text);
            assert!(!t.stem.is_empty(), "token {t:?} has no stem");
            if i > 0 {
                assert!(tokens[i - 1].end <= t.start, "tokens out of order at {t:?}");
            }
        }
        // stats: words are the word tokens.
        assert_eq!(a.stats.words, tokens.len());
    }

    // entities: mentions counted, spans valid, and the entity named by one of them. Its
    // other mentions may be any variant of the name (a short form "KPK", a syllable
    // abbreviation "Jaktim", "Nagorno-Karabakh" beside "Nagorno Karabakh").
    for e in &a.entities {
        assert!(!e.text.is_empty());
        assert_eq!(e.mentions, e.spans.len(), "{e:?}");
        let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut named = false;
        for &[start, end] in &e.spans {
            let m = slice(start, end, "entity span");
            assert!(!m.trim().is_empty(), "empty span of {e:?}");
            named |= collapse(m) == e.text;
        }
        assert!(named, "no mention of {e:?} is its name");
    }

    // quotes: the text is in the article, in the sentence the quote is said to start in.
    for q in &a.quotes {
        assert!(q.sentence < a.sentences.len(), "{q:?}");
        let at = text
            .find(q.text.as_str())
            .unwrap_or_else(|| panic!("quote {q:?} not in the text"));
        assert_eq!(sentence_of(a, at), q.sentence, "sentence index of {q:?}");
        // An office no one is named in ("kata Direktur") is no speaker, only the role.
        assert!(
            q.speaker.as_deref().is_some_and(|s| !s.is_empty())
                || q.role.as_deref().is_some_and(|r| !r.is_empty()),
            "quote without a speaker or a role: {q:?}"
        );
    }

    // dates: the text is the slice; the value has one of the documented shapes, or is an
    // interval of two values of one shape (days, months or years), start first.
    let shape = |v: &[u8]| {
        let digits = |r: std::ops::Range<usize>| v[r].iter().all(u8::is_ascii_digit);
        match v.len() {
            10 => digits(0..4) && v[4] == b'-' && digits(5..7) && v[7] == b'-' && digits(8..10),
            8 => digits(0..4) && &v[4..6] == b"-W" && digits(6..8),
            7 => digits(0..4) && v[4] == b'-' && digits(5..7),
            4 => digits(0..3) && (v[3].is_ascii_digit() || v[3] == b'X'),
            _ => false,
        }
    };
    for d in &a.dates {
        assert_eq!(slice(d.start, d.end, "date"), d.text);
        let ok = match d.value.split_once('/') {
            Some((from, to)) => {
                from.len() == to.len()
                    && [4, 7, 10].contains(&from.len())
                    && shape(from.as_bytes())
                    && shape(to.as_bytes())
                    && from <= to
            }
            None => shape(d.value.as_bytes()),
        };
        assert!(ok, "date value {:?} has no documented shape", d.value);
    }
    assert!(
        a.dates.windows(2).all(|w| w[0].start < w[1].start),
        "dates out of order"
    );

    // keywords: at most k, distinct, positive finite scores, best first.
    assert!(!a.keywords.is_empty() && a.keywords.len() <= options.keywords);
    for k in &a.keywords {
        assert!(
            !k.term.is_empty() && k.score.is_finite() && k.score > 0.0,
            "{k:?}"
        );
    }
    assert!(
        a.keywords.windows(2).all(|w| w[0].score >= w[1].score),
        "keywords not ranked"
    );
    let mut terms: Vec<_> = a.keywords.iter().map(|k| k.term.to_lowercase()).collect();
    terms.sort();
    terms.dedup();
    assert_eq!(terms.len(), a.keywords.len(), "duplicate keywords");

    // summary: k valid sentence indexes (fewer if the article is shorter), in order.
    assert_eq!(
        a.summary.len(),
        options.summary_sentences.min(a.sentences.len())
    );
    assert!(
        a.summary.windows(2).all(|w| w[0] < w[1]),
        "summary not in article order"
    );
    assert!(a.summary.iter().all(|&i| i < a.sentences.len()));

    // fingerprint: 16 lower-case hex digits.
    assert_eq!(a.fingerprint.len(), 16);
    assert!(
        a.fingerprint
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );

    // stats: consistent with the rest.
    assert_eq!(a.stats.chars, text.chars().count());
    assert_eq!(a.stats.sentences, a.sentences.len());
    assert!(a.stats.words > 0);
    assert_eq!(a.stats.reading_time_s, stats::reading_time_s(a.stats.words));
}

fn fingerprint(a: &Analysis) -> u64 {
    u64::from_str_radix(&a.fingerprint, 16).expect("fingerprint is hex")
}

// ---------------------------------------------------------------------------------------
// Indonesian: flood in Bojonegoro (tests/fixtures/golden_id.txt)

#[test]
fn id_banjir_every_field() {
    let a = run(ID_BANJIR, date(2020, 10, 12));

    assert_eq!(a.language.code, "id");
    assert_eq!(
        boilerplate_of(&a),
        [
            (Kind::Ad, "ADVERTISEMENT"),
            (
                Kind::Related,
                "Baca juga: Sungai Bengawan Solo Meluap, Ribuan Warga Mengungsi"
            ),
            (Kind::Ad, "SCROLL TO CONTINUE WITH CONTENT"),
            (Kind::Byline, "Penulis: Tim Redaksi"),
        ]
    );
    assert_eq!(
        a.related,
        ["Sungai Bengawan Solo Meluap, Ribuan Warga Mengungsi"]
    );
    // The body is the article minus exactly those lines ("Kompastimes.test" has no known
    // top-level domain, so its dateline stays: an unknown outlet is not cut on a guess).
    let kept: Vec<&str> = ID_BANJIR
        .lines()
        .filter(|l| !a.boilerplate.iter().any(|b| b.text == *l))
        .collect();
    assert_eq!(a.text, kept.join("\n"));
    assert_eq!(a.sentences.len(), 7);

    let stems: Vec<(&str, &str, bool)> = a
        .tokens
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| (t.text.as_str(), t.stem.as_str(), t.stop))
        .collect();
    for expected in [
        ("membuka", "buka", false),
        ("merendam", "rendam", false),
        ("yang", "yang", true),
        ("pengungsian", "ungsi", false),
    ] {
        assert!(
            stems.contains(&expected),
            "token {expected:?} not in {stems:?}"
        );
    }

    assert_entity(&a, "Doni Monardo", Person);
    // The bracketed abbreviation is a mention of the body, named by its full form.
    assert_entity(&a, "Badan Nasional Penanggulangan Bencana", Organization);
    assert_entity(&a, "Pemerintah Kabupaten Bojonegoro", Organization);
    assert_entity(&a, "Kabupaten Bojonegoro", Location);
    // Named as the article names it in full, with its province all the same.
    assert_entity(&a, "Provinsi Jawa Timur", Location);
    assert!(
        a.entities
            .iter()
            .any(|e| e.text == "Provinsi Jawa Timur" && e.province.as_deref() == Some("Jawa Timur"))
    );
    // "Khofifah" alone is what the recogniser finds today; the full name is pinned in
    // `id_banjir_known_defect_full_name_of_khofifah`.
    assert!(
        a.entities
            .iter()
            .any(|e| e.kind == Person && e.text.starts_with("Khofifah"))
    );
    let bojonegoro = a
        .entities
        .iter()
        .find(|e| e.text == "Kabupaten Bojonegoro")
        .unwrap();
    assert_eq!(
        bojonegoro.mentions, 2,
        "\"di Bojonegoro\" joins \"Kabupaten Bojonegoro\""
    );

    let q = quote_fields(&a);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(
        q[0].0,
        "Kami pastikan semua warga mendapat tempat yang layak dan makanan yang cukup"
    );
    assert!(q[0].1.is_some_and(|s| s.starts_with("Khofifah")), "{q:?}");
    assert_eq!(
        (q[0].2, q[0].3),
        (Some("Gubernur Jawa Timur"), Some("kata"))
    );
    assert_eq!(a.quotes[0].sentence, 2);
    assert_eq!(
        q[1].0,
        "Warga di bantaran sungai harus waspada. Jangan menunggu air naik"
    );
    assert_eq!(q[1].3, Some("ujarnya"));
    assert_eq!(a.quotes[1].sentence, 4);
    // `ujarnya` goes to the last named speaker: Doni Monardo, named by "Menurut" after
    // Khofifah's quote (indirect speech), not Khofifah.
    assert_eq!(q[1].1, Some("Doni Monardo"), "{q:?}");

    assert_eq!(
        dates_of(&a),
        [
            ("Senin (12/10/2020)", "2020-10-12"),
            ("pekan depan", "2020-W43"),
            ("tahun 1990an", "199X"),
            ("3 Maret 2019", "2019-03-03"),
        ]
    );

    assert!(
        a.keywords.iter().any(|k| k.term.contains("Bojonegoro")),
        "{:?}",
        a.keywords
    );
    assert_eq!(a.summary.len(), 3);
    assert_eq!(a.summary[0], 0, "the lead sentence opens the summary");
}

/// KNOWN DEFECT (reported to the lead): "Gubernur Jawa Timur Khofifah Indar Parawansa" is
/// not recognised, so the person is only "Khofifah" (from the attribution) and the quote's
/// speaker is not her full name. "Surabaya" in the dateline is missed as well.
#[test]
#[ignore = "KNOWN DEFECT: NER misses \"Khofifah Indar Parawansa\" after a title, and \"Surabaya\""]
fn id_banjir_known_defect_full_name_of_khofifah() {
    let a = run(ID_BANJIR, date(2020, 10, 12));
    assert_entity(&a, "Khofifah Indar Parawansa", Person);
    assert_eq!(
        a.quotes[0].speaker.as_deref(),
        Some("Khofifah Indar Parawansa")
    );
    assert_entity(&a, "Surabaya", Location);
}

// ---------------------------------------------------------------------------------------
// Indonesian: chili prices in Jakarta (tests/fixtures/golden_id_pasar.txt)

#[test]
fn id_pasar_every_field() {
    let a = run(ID_PASAR, date(2020, 11, 3));

    assert_eq!(a.language.code, "id");
    assert_eq!(
        boilerplate_of(&a),
        [
            (Kind::Dateline, "JAKARTA, KABARKOTA.co.id -"),
            (
                Kind::Related,
                "Baca juga: Harga Bawang Merah Turun, Pedagang Mengeluh Sepi Pembeli"
            ),
            (Kind::Ad, "ADVERTISEMENT"),
            (Kind::Related, "Baca Juga"),
            (
                Kind::Related,
                "Pemerintah Siapkan Impor Cabai untuk Redam Harga"
            ),
            (Kind::Byline, "Penulis: Rina Marlina"),
            (Kind::Byline, "Editor: Dimas Prasetyo"),
        ]
    );
    assert_eq!(
        a.related,
        [
            "Harga Bawang Merah Turun, Pedagang Mengeluh Sepi Pembeli",
            "Pemerintah Siapkan Impor Cabai untuk Redam Harga"
        ]
    );
    assert!(
        a.text.starts_with("Harga cabai rawit di sejumlah pasar"),
        "dateline cut: {:?}",
        &a.text[..40]
    );
    assert!(
        a.text
            .ends_with("dalam keterangan tertulis, Senin (2/11/2020).")
    );
    assert_eq!(a.text.lines().count(), 10);
    // "Rp 90.000", "(BPS)," and the quotes do not split sentences; the split quote does.
    assert_eq!(a.sentences.len(), 11);

    let tokens = a.tokens.as_ref().unwrap();
    let token = |w: &str| {
        tokens
            .iter()
            .find(|t| t.text == w)
            .unwrap_or_else(|| panic!("no token {w:?}"))
    };
    assert_eq!(token("melonjak").stem, "lonjak");
    assert_eq!(token("berkoordinasi").stem, "koordinasi");
    assert!(token("dan").stop && token("sudah").stop);
    assert!(!token("cabai").stop && !token("pedagang").stop);

    assert_entity(&a, "Suharini Eliawati", Person);
    assert_entity(&a, "Budi Santoso", Person);
    assert_entity(&a, "Agus Suparmanto", Person);
    assert_entity(&a, "Perum Bulog", Organization);
    // The full form and its bracketed short form are two mentions of one entity.
    assert_entity(&a, "Badan Pusat Statistik", Organization);
    let bps = a
        .entities
        .iter()
        .find(|e| e.text == "Badan Pusat Statistik")
        .unwrap();
    assert!(
        bps.spans.iter().any(|&[s, e]| &a.text[s..e] == "BPS"),
        "{bps:?}"
    );
    assert!(
        a.entities
            .iter()
            .any(|e| e.kind == Organization && e.text.starts_with("Dinas Ketahanan Pangan"))
    );
    // "DKI Jakarta" is written only inside the body's name ("Dinas Ketahanan Pangan DKI
    // Jakarta"), which holds it; "Jakarta" alone is the place.
    assert_entity(&a, "Dinas Ketahanan Pangan DKI Jakarta", Organization);
    assert_entity(&a, "Jakarta", Location);
    assert_entity(&a, "Kabupaten Garut", Location);
    assert_entity(&a, "Kabupaten Cianjur", Location);
    assert_entity(&a, "Jawa Barat", Location);
    assert_entity(&a, "Pasar Induk Kramat Jati", Location);
    let budi = a
        .entities
        .iter()
        .find(|e| e.text == "Budi Santoso")
        .unwrap();
    assert_eq!(budi.mentions, 2, "\"ujar Budi\" joins \"Budi Santoso\"");

    let q = quote_fields(&a);
    assert_eq!(q.len(), 6, "{q:?}");
    // Speaker before the quote: `X mengatakan, "..."`, the title before the name is the role.
    assert_eq!(
        q[0],
        (
            "Pasokan dari Jawa Barat turun hampir separuhnya sejak akhir Oktober.",
            Some("Suharini Eliawati"),
            Some("Kepala Dinas Ketahanan Pangan DKI Jakarta"),
            Some("mengatakan")
        )
    );
    // A quote split around its attribution: both halves go to the same speaker.
    assert_eq!(
        (q[1].0, q[1].1, q[1].3),
        (
            "Kami sudah berkoordinasi dengan Perum Bulog",
            Some("Suharini Eliawati"),
            Some("kata")
        )
    );
    assert_eq!(
        (q[2].0, q[2].1),
        (
            "Operasi pasar akan digelar mulai pekan depan di lima wilayah.",
            Some("Suharini Eliawati")
        )
    );
    for i in [1, 2] {
        // "kata Suharini." states no role; carrying the earlier one over is fine too.
        assert!(
            matches!(
                q[i].2,
                None | Some("Kepala Dinas Ketahanan Pangan DKI Jakarta")
            ),
            "{:?}",
            q[i]
        );
    }
    // `ujar X, <role>`, then `ujarnya` resolved to the last named speaker (Budi, not Suharini).
    assert_eq!(
        q[3],
        (
            "Pembeli sekarang hanya membeli seperempat kilo. Biasanya satu kilo",
            Some("Budi Santoso"),
            Some("pedagang cabai"),
            Some("ujar")
        )
    );
    assert_eq!(
        (q[4].0, q[4].1, q[4].3),
        (
            "Kalau begini terus, kami bisa rugi besar",
            Some("Budi Santoso"),
            Some("ujarnya")
        )
    );
    assert!(
        matches!(q[4].2, None | Some("pedagang cabai")),
        "{:?}",
        q[4]
    );
    assert_eq!(
        (q[5].0, q[5].1, q[5].3),
        (
            "Stok nasional masih aman hingga akhir tahun",
            Some("Agus Suparmanto"),
            Some("tutur")
        )
    );
    assert!(
        matches!(q[5].2, None | Some("Menteri Perdagangan")),
        "{:?}",
        q[5]
    );
    assert_eq!(
        a.quotes.iter().map(|q| q.sentence).collect::<Vec<_>>(),
        [2, 3, 4, 6, 7, 10]
    );

    let expected_dates = [
        ("Selasa (3/11/2020)", "2020-11-03"),
        ("pekan depan", "2020-W46"),
        ("kemarin", "2020-11-02"),
        ("tahun 1990an", "199X"),
        ("14 Januari 2017", "2017-01-14"),
        ("Senin (2/11/2020)", "2020-11-02"),
    ];
    assert_eq!(dates_of(&a), expected_dates);
    // Without a publication date, relative dates resolve against the latest full date in
    // the article (Selasa 3/11/2020): the same values.
    let unanchored = run(ID_PASAR, None);
    assert_eq!(dates_of(&unanchored), expected_dates);
    // A later publication date moves the relative ones and nothing else.
    let later = run(ID_PASAR, date(2020, 11, 10));
    assert_eq!(
        dates_of(&later),
        [
            ("Selasa (3/11/2020)", "2020-11-03"),
            ("pekan depan", "2020-W47"),
            ("kemarin", "2020-11-09"),
            ("tahun 1990an", "199X"),
            ("14 Januari 2017", "2017-01-14"),
            ("Senin (2/11/2020)", "2020-11-02"),
        ]
    );

    assert!(
        a.keywords
            .iter()
            .any(|k| k.term.to_lowercase().contains("cabai")),
        "{:?}",
        a.keywords
    );
    assert_eq!(a.summary[0], 0, "the lead sentence opens the summary");
}

// ---------------------------------------------------------------------------------------
// English: port job cuts (tests/fixtures/golden_en.txt)

#[test]
fn en_port_every_field() {
    let a = run(EN_PORT, date(2020, 11, 10));

    assert_eq!(a.language.code, "en");
    assert_eq!(
        boilerplate_of(&a),
        [
            (Kind::Dateline, "LONDON (Reuters) -"),
            (Kind::Ad, "ADVERTISEMENT"),
            (
                Kind::Related,
                "Read more: Shipping Rates Hit Record as Ports Struggle With Backlog"
            ),
            (
                Kind::Byline,
                "Reporting by Sarah Young; Editing by Mark Potter"
            ),
        ]
    );
    assert_eq!(
        a.related,
        ["Shipping Rates Hit Record as Ports Struggle With Backlog"]
    );
    assert!(a.text.starts_with("Britain's biggest port operator"));
    assert!(a.text.ends_with("Liverpool next week."));
    // "Dr. Ellis" does not end a sentence.
    assert_eq!(a.sentences.len(), 10);

    let tokens = a.tokens.as_ref().unwrap();
    let token = |w: &str| {
        tokens
            .iter()
            .find(|t| t.text == w)
            .unwrap_or_else(|| panic!("no token {w:?}"))
    };
    assert_eq!(token("terminals").stem, "termin");
    assert_eq!(token("choices").stem, "choic");
    assert!(token("the").stop && token("of").stop);
    assert!(!token("port").stop);

    assert_entity(&a, "Margaret Ellis", Person);
    assert_entity(&a, "Tom Walsh", Person);
    // "Dr. Ellis" and "Ellis said" are Margaret Ellis, not someone else.
    assert!(
        !a.entities
            .iter()
            .any(|e| e.text == "Ellis" && e.kind == Person),
        "{:?}",
        a.entities
    );

    let q = quote_fields(&a);
    assert_eq!(
        q,
        [
            (
                "We have to make hard choices to protect the business",
                Some("Margaret Ellis"),
                Some("chief executive of Harbourline Group"),
                Some("said")
            ),
            // Speaker before the quote; "Union leader" is a role in the text, not pinned.
            (
                "This is a betrayal of workers who kept the ports open through the pandemic.",
                Some("Tom Walsh"),
                q[1].2,
                Some("said")
            ),
            // `he said` inside a split quote: both halves go to the last named speaker.
            (
                "We will ballot our members",
                Some("Tom Walsh"),
                q[2].2,
                Some("he said")
            ),
            (
                "Strike action is not off the table.",
                Some("Tom Walsh"),
                q[3].2,
                Some("he said")
            ),
        ]
    );
    for q in &q[1..] {
        assert!(matches!(q.2, None | Some("Union leader")), "{q:?}");
    }

    assert_eq!(
        dates_of(&a),
        [
            ("March 2021", "2021-03"),
            ("the 1990s", "199X"),
            ("yesterday", "2020-11-09"),
            ("12 March 2020", "2020-03-12"),
            ("next week", "2020-W47"),
        ]
    );
    assert_eq!(a.summary[0], 0, "the lead sentence opens the summary");
    assert!(
        a.keywords
            .iter()
            .any(|k| k.term.to_lowercase().contains("port")),
        "{:?}",
        a.keywords
    );
}

/// KNOWN DEFECT (reported to the lead): English entities. The recogniser is trained on
/// Indonesian data; on this article it types a company and port towns as people, or
/// misses them.
#[test]
#[ignore = "KNOWN DEFECT: English NER types Harbourline Group, Southampton, Felixstowe as persons; misses Liverpool"]
fn en_port_known_defect_entities() {
    let a = run(EN_PORT, date(2020, 11, 10));
    assert_entity(&a, "Harbourline Group", Organization);
    assert_entity(&a, "Office for National Statistics", Organization);
    for place in ["Southampton", "Felixstowe", "Liverpool", "London"] {
        assert_entity(&a, place, Location);
    }
    assert_no_entity(&a, "Harbourline Group", Person);
    assert_no_entity(&a, "Felixstowe", Person);
}

// ---------------------------------------------------------------------------------------
// Across articles: options, fingerprints, determinism.

#[test]
fn options_shape_the_result() {
    let article = Article {
        text: ID_PASAR.to_string(),
        ..Article::default()
    };
    let lean = analyze(&article, &Options::default());
    check_contracts(ID_PASAR, &lean, &Options::default());
    check_result_schema(&lean);
    assert!(lean.tokens.is_none() && lean.sentences.iter().all(|s| s.text.is_none()));
    let json = serde_json::to_value(&lean).unwrap();
    assert!(
        json.get("tokens").is_none(),
        "tokens are left out of the JSON unless asked for"
    );

    let few = Options {
        summary_sentences: 1,
        keywords: 4,
        ..Options::default()
    };
    let a = analyze(&article, &few);
    check_contracts(ID_PASAR, &a, &few);
    assert_eq!((a.summary.len(), a.keywords.len()), (1, 4));
    let many = Options {
        summary_sentences: 100,
        ..Options::default()
    };
    let a = analyze(&article, &many);
    check_contracts(ID_PASAR, &a, &many);
    assert_eq!(
        a.summary,
        (0..a.sentences.len()).collect::<Vec<_>>(),
        "k past the article keeps every sentence"
    );

    // Options change what is shown, never what is found.
    let full = run(ID_PASAR, None);
    assert_eq!(
        (&lean.quotes, &lean.dates, &lean.entities, &lean.text),
        (&full.quotes, &full.dates, &full.entities, &full.text)
    );
    assert_eq!(lean.fingerprint, full.fingerprint);
}

#[test]
fn fingerprints_find_near_duplicates() {
    let pasar = run(ID_PASAR, None);
    let banjir = run(ID_BANJIR, None);
    let en = run(EN_PORT, None);

    // A re-post with other boilerplate (another related link, another writer) has the same
    // cleaned body, so the same fingerprint.
    let reposted = ID_PASAR
        .replace(
            "Harga Bawang Merah Turun, Pedagang Mengeluh Sepi Pembeli",
            "Polisi Selidiki Penimbunan Cabai di Tangerang",
        )
        .replace("Penulis: Rina Marlina", "Penulis: Andi Wijaya");
    assert_eq!(run(&reposted, None).fingerprint, pasar.fingerprint);

    // A corrected typo and a dropped closing sentence: a few bits apart.
    let edited = ID_PASAR.replace("melonjak hingga", "naik hingga").replace(
        "Menteri Perdagangan Agus Suparmanto meminta masyarakat tidak panik.\n",
        "",
    );
    let edited = run(&edited, None);
    assert_ne!(edited.fingerprint, pasar.fingerprint);
    let near = fingerprint::distance(fingerprint(&edited), fingerprint(&pasar));
    assert!(near <= 12, "an edited copy is {near} bits away");

    // Different articles are far apart.
    for other in [&banjir, &en] {
        let far = fingerprint::distance(fingerprint(other), fingerprint(&pasar));
        assert!(
            far >= 16 && far > 2 * near,
            "different articles only {far} bits apart (edited copy: {near})"
        );
    }
}

#[test]
fn the_same_article_gives_the_same_analysis() {
    for (text, published) in [
        (ID_BANJIR, date(2020, 10, 12)),
        (ID_PASAR, None),
        (EN_PORT, date(2020, 11, 10)),
    ] {
        assert_eq!(run(text, published), run(text, published));
    }
}

// ---------------------------------------------------------------------------------------
// The seed article (shared data, read by path).

fn seed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the seed article {} ({e}): it is shared data, not part of the crate; \
             check out the shared data beside the crate so that ../shared/seeds/ exists",
            path.display()
        )
    })
}

#[test]
fn seed_article_quotes_related_dates_people_places() {
    let raw = seed();
    let a = run(&raw, None);

    assert_eq!(a.language.code, "id");
    assert_eq!(
        quote_fields(&a),
        [
            (
                "Ini merupakan perang hidup dan mati",
                Some("Arayik Harutnyunyan"),
                Some("pemimpin Nagorno-Karabakh"),
                Some("kata")
            ),
            (
                "Kami belum pernah melihat seperti ini sejak genjatan senjata pada tahun 1990an. Pertempuran terjadi di barisan depan",
                Some("Olesya Vartanyan"),
                Some("analis senior Crisis Group untuk wilayah Kaukasus Selatan"),
                Some("kata")
            ),
            (
                "Bersiaplah untuk mempertahankan tanah air kita yang diberkati",
                Some("Nikol Pashinyan"),
                Some("Perdana Menteri Armenia"),
                Some("kata")
            ),
        ]
    );

    assert_eq!(
        a.related,
        [
            "Kontak Senjata Militer Armenia dan Azerbaijan Kembali Meletus Senin Pagi, 15 Orang Tewas",
            "Turki Pastikan Akan Bela Azerbaijan dalam Konflik Lawan Armenia di Nagorno-Karabakh",
            "Konflik Armenia - Azerbaijan di Nagorno Karabakh, Amerika Serikat Minta Hentikan Permusuhan",
            "Respons Internasional Atas Konflik Armenia-Azerbaijan di Nagorno-Karabakh",
            "Pertahankan Wilayah Nagorno-Karabakh, Presiden Azerbaijan Iham Aliyev: Tujuan Kami Benar!",
            "Seruan PM Nikol Pashinyan untuk Warga Armenia: Bersiaplah Mempertahankan Tanah Air Kita!",
        ]
    );
    assert!(
        a.boilerplate.iter().all(|b| b.kind == Kind::Related) && a.boilerplate.len() == 6,
        "{:?}",
        a.boilerplate
    );
    assert!(!a.text.contains("Baca:"));

    // No publication date: "Minggu (28/9)" takes its year from "Senin (28/9/2020)".
    assert_eq!(
        dates_of(&a),
        [
            ("tahun 1990an", "199X"),
            ("tahun 1990an", "199X"),
            ("Senin (28/9/2020)", "2020-09-28"),
            ("Minggu (28/9)", "2020-09-28"),
        ]
    );

    for person in ["Arayik Harutnyunyan", "Olesya Vartanyan", "Nikol Pashinyan"] {
        assert_entity(&a, person, Person);
    }
    for place in [
        "Armenia",
        "Azerbaijan",
        "Turki",
        "Kaukasus Selatan",
        "Matagis",
        "Moskow",
    ] {
        assert_entity(&a, place, Location);
    }
    assert_entity(&a, "Crisis Group", Organization);
    assert_eq!(a.sentences.len(), 15);
}

/// The seed article's places abroad (issue 17): all typed location, the two spellings of
/// Nagorno-Karabakh one entity.
#[test]
fn seed_article_places_abroad() {
    let a = run(&seed(), None);
    for place in [
        "Armenia",
        "Azerbaijan",
        "Nagorno-Karabakh",
        "Rusia",
        "Turki",
        "Matagis",
        "Moskow",
    ] {
        assert_entity(&a, place, Location);
    }
    assert_no_entity(&a, "Nagorno-Karabakh", Organization);
    assert_no_entity(&a, "Nagorno Karabakh", Person);
}

/// KNOWN DEFECT: the district Talish (named once, in a list of places the fighting reached)
/// is typed person; it is on no gazetteer and the tagger's context does not settle it.
#[test]
#[ignore = "KNOWN DEFECT: seed: Talish typed person"]
fn seed_article_known_defect_talish() {
    let a = run(&seed(), None);
    assert_entity(&a, "Talish", Location);
    assert_no_entity(&a, "Talish", Person);
}
