//! Unit tests of tagging glue, span decoding and mention merging (see also the tests in
//! features.rs, perceptron.rs and gazetteer.rs).

use super::*;
use crate::analysis::{sentences, tokens::tokenize};

fn t(name: &str) -> u8 {
    perceptron::tag_index(name).unwrap()
}

fn tags(names: &[&str]) -> Vec<u8> {
    names.iter().map(|n| t(n)).collect()
}

#[test]
fn decode_spans_basic() {
    let spans = decode_spans(&tags(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]));
    assert_eq!(
        spans,
        vec![
            (0, 2, EntityType::Person),
            (3, 4, EntityType::Location),
            (4, 6, EntityType::Location)
        ]
    );
}

#[test]
fn decode_spans_orphan_inside_starts_a_mention() {
    let spans = decode_spans(&tags(&["O", "I-ORG", "I-ORG", "O", "I-PER"]));
    assert_eq!(
        spans,
        vec![(1, 3, EntityType::Organization), (4, 5, EntityType::Person)]
    );
}

#[test]
fn decode_spans_type_change_inside_splits() {
    let spans = decode_spans(&tags(&["B-PER", "I-LOC"]));
    assert_eq!(
        spans,
        vec![(0, 1, EntityType::Person), (1, 2, EntityType::Location)]
    );
    assert!(decode_spans(&[]).is_empty());
    assert!(decode_spans(&tags(&["O", "O"])).is_empty());
}

/// Mentions at the given token ranges of `text` (tokenised as Indonesian).
pub(super) fn mentions_at(
    text: &str,
    ranges: &[(usize, usize, EntityType)],
) -> (Vec<Token>, Vec<Mention>) {
    let toks = tokenize(text, "id");
    let ms = ranges
        .iter()
        .map(|&(a, b, kind)| Mention {
            span: Span::new(toks[a].start, toks[b - 1].end),
            kind,
            tokens: (a, b),
        })
        .collect();
    (toks, ms)
}

#[test]
fn merge_joins_surname_and_first_name_to_the_full_name() {
    let text = "Nikol Pashinyan tiba. Pashinyan bicara. Kata Nikol lagi.";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (3, 4, p), (6, 7, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].text, "Nikol Pashinyan");
    assert_eq!(es[0].mentions, 3);
    assert_eq!(es[0].spans, vec![[0, 15], [22, 31], [45, 50]]);
}

#[test]
fn merge_keeps_types_apart_and_counts_repeats() {
    let text = "Jakarta dan Jakarta lagi, Jakarta";
    let (toks, ms) = mentions_at(
        text,
        &[
            (0, 1, EntityType::Location),
            (2, 3, EntityType::Location),
            (4, 5, EntityType::Organization),
        ],
    );
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 2);
    assert_eq!((es[0].kind, es[0].mentions), (EntityType::Location, 2));
    assert_eq!((es[1].kind, es[1].mentions), (EntityType::Organization, 1));
}

#[test]
fn merge_is_case_insensitive_and_names_by_longest_form() {
    let text = "WIDODO datang. Joko Widodo pergi.";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 1, p), (2, 4, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].text, "Joko Widodo");
    assert_eq!(es[0].spans, vec![[0, 6], [15, 26]]);
}

#[test]
fn vote_types_makes_a_form_agree_with_its_majority() {
    let text = "Karabakh, Karabakh, karabakh, Ani";
    let (l, p) = (EntityType::Location, EntityType::Person);
    let (toks, ms) = mentions_at(text, &[(0, 1, p), (1, 2, l), (2, 3, l), (3, 4, p)]);
    let kinds: Vec<EntityType> = vote_types(&toks, &ms).iter().map(|m| m.kind).collect();
    assert_eq!(kinds, vec![l, l, l, p]);
    // A tie goes to the type seen first.
    let kinds: Vec<EntityType> = vote_types(&toks, &ms[..2]).iter().map(|m| m.kind).collect();
    assert_eq!(kinds, vec![p, p]);
}

#[test]
fn trim_stopwords_cuts_edges_only() {
    let text = "The Bank of Java and 2020";
    let toks = tokenize(text, "en");
    let o = EntityType::Organization;
    let m = Mention {
        span: Span::new(0, 17),
        kind: o,
        tokens: (0, 4),
    };
    let t = trim_stopwords(text, &toks, &m).unwrap();
    assert_eq!((t.span.of(text), t.tokens), ("Bank of Java", (1, 4)));
    let m = Mention {
        span: Span::new(4, 21),
        kind: o,
        tokens: (1, 5),
    };
    assert_eq!(
        trim_stopwords(text, &toks, &m).unwrap().span.of(text),
        "Bank of Java"
    );
    let m = Mention {
        span: Span::new(18, 25),
        kind: o,
        tokens: (4, 6),
    };
    assert_eq!(trim_stopwords(text, &toks, &m), None);
}

#[test]
fn merge_leaves_listed_places_apart() {
    let text = "Papua dan Papua Barat";
    let l = EntityType::Location;
    let (toks, ms) = mentions_at(text, &[(0, 1, l), (2, 4, l)]);
    assert_eq!(merge(text, &toks, &ms).len(), 2);
}

#[test]
fn merge_prefers_the_most_mentioned_longer_form() {
    let text = "Sri Widodo; Joko Widodo; Joko Widodo; Widodo";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (2, 4, p), (4, 6, p), (6, 7, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 2);
    let joko = es.iter().find(|e| e.text == "Joko Widodo").unwrap();
    assert_eq!(joko.mentions, 3);
}

#[test]
fn merge_chains_middle_forms_into_the_longest() {
    let text = "Susilo Bambang Yudhoyono; Bambang Yudhoyono; Yudhoyono";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 3, p), (3, 5, p), (5, 6, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].mentions, 3);
}

#[test]
fn close_bracket_only_closes_what_the_span_opened() {
    let text = "Partai Hijau (PH) dan (Ani) x";
    assert_eq!(
        close_bracket(text, Span::new(0, 16)).of(text),
        "Partai Hijau (PH)"
    );
    assert_eq!(
        close_bracket(text, Span::new(0, 12)).of(text),
        "Partai Hijau"
    );
    assert_eq!(close_bracket(text, Span::new(23, 26)).of(text), "Ani");
    assert_eq!(close_bracket(text, Span::new(28, 29)).of(text), "x");
    assert_eq!(close_bracket(text, Span::new(28, 99)), Span::new(28, 99));
}

#[test]
fn sentence_view_collects_gaps() {
    let text = "\"Halo,\" kata Ani.";
    let toks = tokenize(text, "id");
    let v = sentence_view(text, Span::new(0, text.len()), &toks);
    assert_eq!(v.words, vec!["Halo", "kata", "Ani"]);
    assert_eq!(v.gaps, vec!["\"", ",\" ", " ", "."]);
}

#[test]
fn other_languages_get_no_entities() {
    let text = "Joko Widodo ist in Berlin.";
    let toks = tokenize(text, "de");
    assert!(recognize(text, &sentences::split(text, "de"), &toks, "de").is_empty());
}

fn recognize_id(text: &str) -> Vec<Entity> {
    recognize(
        text,
        &sentences::split(text, "id"),
        &tokenize(text, "id"),
        "id",
    )
}

fn has(es: &[Entity], word: &str, kind: EntityType) -> bool {
    es.iter().any(|e| e.kind == kind && e.text.contains(word))
}

#[test]
fn shipped_model_decodes_with_the_expected_shape() {
    let m = model().expect("embedded model decodes");
    assert_eq!(m.weights.len(), (1usize << m.bits) * perceptron::NT);
    assert!(m.weights.iter().any(|&w| w != 0));
}

#[test]
fn shipped_model_tags_a_news_sentence_plausibly() {
    let text = "Presiden Joko Widodo bertemu Menteri Luar Negeri Retno Marsudi di Jakarta pada Senin. \
                Widodo kemudian terbang ke Surabaya bersama rombongan Kementerian Luar Negeri.";
    let es = recognize_id(text);
    assert!(has(&es, "Widodo", EntityType::Person), "{es:?}");
    assert!(has(&es, "Retno", EntityType::Person), "{es:?}");
    assert!(has(&es, "Jakarta", EntityType::Location), "{es:?}");
    assert!(has(&es, "Surabaya", EntityType::Location), "{es:?}");
    // "Widodo" on its own joins the full name.
    let jokowi: Vec<&Entity> = es.iter().filter(|e| e.text.contains("Widodo")).collect();
    assert_eq!(jokowi.len(), 1, "{es:?}");
    assert!(jokowi[0].mentions >= 2);
    for e in &es {
        for s in &e.spans {
            assert!(text.is_char_boundary(s[0]) && text.is_char_boundary(s[1]) && s[0] < s[1]);
        }
    }
}

#[test]
fn shipped_model_finds_an_organisation() {
    let es = recognize_id(
        "Komisi Pemberantasan Korupsi memeriksa Bupati Bogor di Jakarta, kata Ali Fikri, juru bicara KPK.",
    );
    assert!(
        es.iter().any(|e| e.kind == EntityType::Organization),
        "{es:?}"
    );
    assert!(has(&es, "Ali Fikri", EntityType::Person), "{es:?}");
}

#[test]
fn english_text_does_not_misbehave() {
    let text = "The president met Angela Merkel in Berlin on Monday. The talks were long.";
    let es = recognize(
        text,
        &sentences::split(text, "en"),
        &tokenize(text, "en"),
        "en",
    );
    assert!(es.iter().all(|e| e.text != "The"), "{es:?}");
    assert!(es.len() <= 4, "{es:?}");
}

#[test]
fn long_runs_without_sentences_are_tagged_in_windows() {
    let text = "Budi ".repeat(1000);
    let toks = tokenize(&text, "id");
    let found = mentions(model().unwrap(), &text, &[], &toks);
    assert!(found.iter().all(|m| m.tokens.1 - m.tokens.0 <= MAX_WINDOW));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            for lang in ["id", "en"] {
                let toks = tokenize(&text, lang);
                let es = recognize(&text, &sentences::split(&text, lang), &toks, lang);
                for e in es {
                    prop_assert!(e.mentions == e.spans.len() && e.mentions > 0);
                    for s in e.spans {
                        prop_assert!(text.get(s[0]..s[1]).is_some());
                    }
                }
            }
        }

        #[test]
        fn mismatched_sentences_and_tokens_never_panic(
            text in "[A-Za-z ,.é]{0,80}",
            cuts in proptest::collection::vec((0usize..100, 0usize..100), 0..5),
        ) {
            let toks = tokenize(&text, "id");
            let sents: Vec<Span> = cuts.into_iter().map(|(a, b)| Span::new(a, b)).collect();
            let _ = recognize(&text, &sents, &toks, "id");
        }
    }
}

/// A self-written article with the seed's kind of facts: a war over a disputed region,
/// written with and without its hyphen, countries the tagger misses or mistypes, and
/// Indonesian places that get their province.
#[test]
fn gazetteer_places_are_locations_merged_and_given_a_province() {
    let text = "Pertempuran di Nagorno-Karabakh kembali pecah pada Senin antara pasukan Armenia \
                dan Azerbaijan. Rusia meminta kedua pihak menahan diri, sementara Turki \
                menyatakan dukungan kepada Azerbaijan. Warga Nagorno Karabakh mengungsi ke \
                perbatasan. Di Indonesia, Kementerian Luar Negeri memantau warga negara \
                Indonesia asal Bogor dan Surabaya yang berada di kawasan itu.";
    let es = recognize_id(text);
    for place in ["Armenia", "Azerbaijan", "Rusia", "Turki"] {
        assert!(
            es.iter()
                .any(|e| e.kind == EntityType::Location && e.text == place),
            "{place}: {es:?}"
        );
    }
    let karabakh: Vec<&Entity> = es.iter().filter(|e| e.text.contains("Karabakh")).collect();
    assert_eq!(karabakh.len(), 1, "{es:?}");
    assert_eq!(karabakh[0].kind, EntityType::Location);
    assert_eq!(karabakh[0].mentions, 2);
    let bogor = es.iter().find(|e| e.text == "Bogor").expect("Bogor");
    assert_eq!(bogor.province.as_deref(), Some("Jawa Barat"));
    let surabaya = es.iter().find(|e| e.text == "Surabaya").expect("Surabaya");
    assert_eq!(surabaya.province.as_deref(), Some("Jawa Timur"));
    assert!(
        es.iter()
            .all(|e| e.kind == EntityType::Location || e.province.is_none())
    );
}

#[test]
fn an_abbreviation_in_brackets_joins_its_full_form() {
    let text = "Badan Cuaca Sukamaju (BCS) memperingatkan warga. BCS juga memantau sungai.";
    let (o, l) = (EntityType::Organization, EntityType::Location);
    let (toks, ms) = mentions_at(text, &[(0, 3, o), (3, 4, l), (6, 7, l)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!(
        (es[0].text.as_str(), es[0].kind),
        ("Badan Cuaca Sukamaju", o)
    );
    assert_eq!(es[0].mentions, 3);
}

#[test]
fn an_abbreviation_of_the_initials_joins_its_full_form() {
    let text = "Dewan Kopi Nusantara menggelar rapat. Kemudian DKN menetapkan harga.";
    let (o, p) = (EntityType::Organization, EntityType::Person);
    let (toks, ms) = mentions_at(text, &[(0, 3, o), (6, 7, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!(es[0].text, "Dewan Kopi Nusantara");
    // A capitalised word that only happens to spell the initials is not joined.
    let text = "Dewan Kopi Nusantara menggelar rapat. Kemudian Dkn datang.";
    let (toks, ms) = mentions_at(text, &[(0, 3, o), (6, 7, p)]);
    assert_eq!(merge(text, &toks, &ms).len(), 2);
}

#[test]
fn a_short_form_joins_the_one_full_name_of_another_type() {
    let text = "Rangga Wiratama tiba di Sukamaju. Rangga langsung rapat.";
    let (p, o, l) = (
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
    );
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (5, 6, o)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!((es[0].text.as_str(), es[0].kind), ("Rangga Wiratama", p));
    // Most mentions decide the type; on a tie, the full form.
    let text = "Rangga Wiratama tiba di Sukamaju. Rangga langsung rapat, Rangga pulang.";
    let (toks, ms) = mentions_at(text, &[(0, 2, o), (5, 6, p), (8, 9, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!((es.len(), es[0].kind), (1, p), "{es:?}");
    let (toks, ms) = mentions_at(text, &[(0, 2, o), (5, 6, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!((es.len(), es[0].kind), (1, o), "{es:?}");
    // A place alone keeps its entity: it often starts a club's or a company's name.
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (5, 6, l)]);
    assert_eq!(merge(text, &toks, &ms).len(), 2);
}

#[test]
fn a_listed_place_joins_itself_named_with_its_kind() {
    let text = "Kota Bekasi dan Bekasi";
    let l = EntityType::Location;
    let (toks, ms) = mentions_at(text, &[(0, 2, l), (3, 4, l)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!(es[0].text, "Kota Bekasi");
}

#[test]
fn common_words_the_article_writes_in_lower_case_are_no_person() {
    let text = "Hewan Kurban Sehat. Panitia memeriksa hewan kurban di Sukamaju bersama Darto.";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (10, 11, p)]);
    let kept = persons::screen(text, &toks, ms);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].tokens, (10, 11));
}

#[test]
fn offices_alone_are_no_person_and_clubs_are_organisations() {
    let text = "Wakil Bupati hadir. Sukamaju United menang atas PT Sumber Rejeki.";
    let p = EntityType::Person;
    let (toks, ms) = mentions_at(text, &[(0, 2, p), (3, 5, p), (7, 10, p)]);
    let kept = persons::screen(text, &toks, ms);
    let kinds: Vec<_> = kept.iter().map(|m| (m.tokens, m.kind)).collect();
    assert_eq!(
        kinds,
        [
            ((3, 5), EntityType::Organization),
            ((7, 10), EntityType::Organization)
        ]
    );
}

/// A step over mentions (a screen) run on `text`, given mentions at token ranges: what
/// comes out, as (text, type).
pub(super) fn after_step(
    step: impl Fn(&str, &[Token], Vec<Mention>) -> Vec<Mention>,
    text: &str,
    ranges: &[(usize, usize, EntityType)],
) -> Vec<(String, EntityType)> {
    let (toks, ms) = mentions_at(text, ranges);
    step(text, &toks, ms)
        .iter()
        .map(|m| (text[m.span.start..m.span.end].to_string(), m.kind))
        .collect()
}

/// The person screen on `text`, given mentions at token ranges: what is kept.
fn screened(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, EntityType)> {
    after_step(persons::screen, text, ranges)
}

#[test]
fn titles_and_ranks_before_a_name_are_cut_off() {
    let p = EntityType::Person;
    let text = "Kapolsek Sukamaju Kompol Rangga Wiratama datang bersama Ustad Darto.";
    let got = screened(text, &[(1, 5, p), (7, 9, p)]);
    assert_eq!(
        got,
        [("Rangga Wiratama".to_string(), p), ("Darto".to_string(), p)]
    );
}

#[test]
fn places_named_with_their_kind_are_locations() {
    let (p, l) = (EntityType::Person, EntityType::Location);
    // The kind word inside the mention, at either end, or right before it.
    let text = "Warga berkumpul di Stasiun Wiratama, Sukamaju Square dan Pulau Darto.";
    let got = screened(text, &[(3, 5, p), (5, 7, p), (9, 10, p)]);
    assert_eq!(
        got,
        [
            ("Stasiun Wiratama".to_string(), l),
            ("Sukamaju Square".to_string(), l),
            ("Pulau Darto".to_string(), l)
        ]
    );
    // Not when the kind word is part of an office before a name.
    let text = "Kepala Dusun Bendungan Rangga Wiratama hadir.";
    let got = screened(text, &[(3, 5, p)]);
    assert_eq!(got, [("Rangga Wiratama".to_string(), p)]);
}

#[test]
fn brands_and_company_names_are_no_persons() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let text = "Video itu diunggah ke YouTube oleh Sukamaju Group, lalu Honda Sukamaju dijual.";
    let got = screened(text, &[(4, 5, p), (6, 8, p), (9, 11, p)]);
    assert_eq!(
        got,
        [
            ("YouTube".to_string(), o),
            ("Sukamaju Group".to_string(), o)
        ]
    );
    // Camel case is a brand's, except after a name prefix.
    let text = "Akun CekSukamaju menyebut Rangga McWiratama.";
    let got = screened(text, &[(1, 2, p), (3, 5, p)]);
    assert_eq!(
        got,
        [
            ("CekSukamaju".to_string(), o),
            ("Rangga McWiratama".to_string(), p)
        ]
    );
}

#[test]
fn a_class_grade_before_a_name_is_no_part_of_it() {
    let p = EntityType::Person;
    // "Kelas IIB": a numeral and its grade letter, as "RU VI" is a numeral.
    let text = "Kepala Lapas Kelas IIB Rangga Wiratama memberi keterangan.";
    let got = screened(text, &[(3, 6, p)]);
    assert_eq!(got, [("Rangga Wiratama".to_string(), p)]);
    // What is left of such a cut is a place when the article types it one elsewhere.
    let l = EntityType::Location;
    let text = "Kalapas Kelas IIB Nabire Rangga Wiratama tiba di Nabire kemarin.";
    let got = screened(text, &[(2, 4, p), (4, 6, p), (8, 9, l)]);
    assert_eq!(
        got,
        [
            ("Nabire".to_string(), l),
            ("Rangga Wiratama".to_string(), p),
            ("Nabire".to_string(), l)
        ]
    );
    // Not a word of a longer person name, nor one the article never types a place.
    let text = "Bima Arya datang ke Bima. Kata Bima, Sukamaju aman.";
    let got = screened(text, &[(0, 2, p), (4, 5, l), (6, 7, p), (7, 8, p)]);
    assert_eq!(
        got,
        [
            ("Bima Arya".to_string(), p),
            ("Bima".to_string(), l),
            ("Bima".to_string(), p),
            ("Sukamaju".to_string(), p)
        ]
    );
}

#[test]
fn units_named_with_their_place_are_organisations() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    // Heads the tagger's feature never had ("Lapas", "Kodim", "SDN"): the screen knows them.
    let text = "Petugas Lapas Sukamaju dan Kodim Wiratama mengantar murid SDN Darto pulang.";
    let got = screened(text, &[(1, 3, p), (4, 6, p), (8, 10, p)]);
    assert_eq!(
        got,
        [
            ("Lapas Sukamaju".to_string(), o),
            ("Kodim Wiratama".to_string(), o),
            ("SDN Darto".to_string(), o)
        ]
    );
}

#[test]
fn phrases_feasts_letters_and_credits_are_no_persons() {
    let p = EntityType::Person;
    // English phrases, a feast, a group letter, a word opening a sentence, a credit.
    let text = "Fitur Liquid Glass tiba saat Idul Adha di Grup F. Ribuan warga datang. (Rangga W)";
    let got = screened(
        text,
        &[(1, 3, p), (5, 7, p), (8, 10, p), (10, 11, p), (13, 15, p)],
    );
    assert!(got.is_empty(), "{got:?}");
    // A name stays, and so does a lone word another person mention holds.
    let text = "Rangga Putri tiba. Putri lalu pulang bersama Liquid Wiratama.";
    let got = screened(text, &[(0, 2, p), (3, 4, p), (7, 9, p)]);
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn a_first_name_the_tagger_left_out_joins_the_name() {
    let p = EntityType::Person;
    let text = "Ia didampingi Rangga Wiratama Sukamto sebagai wakil.";
    let got = screened(text, &[(3, 5, p)]);
    assert_eq!(got, [("Rangga Wiratama Sukamto".to_string(), p)]);
    // Not a common word, an office or a word in another mention.
    let text = "Ia didampingi Wakil Wiratama Sukamto sebagai wakil.";
    let got = screened(text, &[(3, 5, p)]);
    assert_eq!(got, [("Wiratama Sukamto".to_string(), p)]);
    // Nor the place of an office written before the name.
    let text = "Gubernur Sukamaju Bobby Santoso datang.";
    let got = screened(text, &[(2, 4, p)]);
    assert_eq!(got, [("Bobby Santoso".to_string(), p)]);
}

#[test]
fn foreign_cities_typed_as_persons_are_places_and_clubs_stay_clubs() {
    let text = "Ia pindah dari Marseille ke Milan.";
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let (toks, ms) = mentions_at(text, &[(3, 4, p), (5, 6, o)]);
    let kinds: Vec<_> = places::type_places(&toks, ms)
        .iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, [EntityType::Location, o]);
}

#[test]
fn a_street_stays_a_place_beside_its_short_forms() {
    let text = "Bom meledak di Jalan Wiratama. Kasus Wiratama dan korban Wiratama diusut.";
    let (p, l) = (EntityType::Person, EntityType::Location);
    let (toks, ms) = mentions_at(text, &[(3, 5, l), (6, 7, p), (9, 10, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!((es[0].text.as_str(), es[0].kind), ("Jalan Wiratama", l));
}

/// The texts of the entities `merge` makes of mentions at the given token ranges, each
/// with its mention count.
fn merged(text: &str, ranges: &[(usize, usize, EntityType)]) -> Vec<(String, usize)> {
    let (toks, ms) = mentions_at(text, ranges);
    merge(text, &toks, &ms)
        .into_iter()
        .map(|e| (e.text, e.mentions))
        .collect()
}

#[test]
fn merge_joins_a_company_with_and_without_its_legal_form() {
    let o = EntityType::Organization;
    // "PT Sinar Terang Tbk" is "Sinar Terang", and "PT ST" by its initials.
    let text = "PT Sinar Terang Tbk naik. Sinar Terang untung. PT ST lalu membagi dividen.";
    assert_eq!(
        merged(text, &[(0, 4, o), (5, 7, o), (8, 10, o)]),
        vec![("PT Sinar Terang Tbk".to_string(), 3)]
    );
    // Another company with the same legal form stays apart.
    let text = "PT Sinar Terang naik. PT Bumi Hijau turun.";
    assert_eq!(merged(text, &[(0, 3, o), (4, 7, o)]).len(), 2);
}

#[test]
fn merge_joins_head_and_initials_to_the_full_name() {
    let o = EntityType::Organization;
    let text = "Partai Rakyat Maju menang. Partai PRM lalu berkoalisi.";
    assert_eq!(
        merged(text, &[(0, 3, o), (4, 6, o)]),
        vec![("Partai Rakyat Maju".to_string(), 2)]
    );
}

#[test]
fn merge_joins_syllable_abbreviations() {
    let (o, l, p) = (
        EntityType::Organization,
        EntityType::Location,
        EntityType::Person,
    );
    let text = "Warga Jakarta Timur antre. Pemkot Jaktim membuka posko.";
    assert_eq!(
        merged(text, &[(1, 3, l), (5, 6, l)]),
        vec![("Jakarta Timur".to_string(), 2)]
    );
    let text = "Kementerian Pertanian Pangan hadir. Kementanpang setuju.";
    assert_eq!(merged(text, &[(0, 3, o), (4, 5, o)]).len(), 1);
    // A person's short name takes the start of every word of the name.
    let text = "Bambang Sutejo datang. Bamsut tersenyum. Bangtejo pergi.";
    assert_eq!(
        merged(text, &[(0, 2, p), (3, 4, p), (5, 6, p)]),
        vec![
            ("Bambang Sutejo".to_string(), 2),
            ("Bangtejo".to_string(), 1)
        ]
    );
}

#[test]
fn merge_joins_one_place_named_with_different_administrative_words() {
    let l = EntityType::Location;
    let text = "Kota Sukamaju banjir. DKI Sukamaju siaga.";
    assert_eq!(merged(text, &[(0, 2, l), (3, 5, l)]).len(), 1);
    // A city and a regency of one name are two places.
    let text = "Kota Sukamaju banjir. Kabupaten Sukamaju siaga.";
    assert_eq!(merged(text, &[(0, 2, l), (3, 5, l)]).len(), 2);
}

#[test]
fn merge_joins_an_inner_word_of_one_persons_name() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let text = "Rina Kartika Sari datang. Kartika tersenyum.";
    assert_eq!(
        merged(text, &[(0, 3, p), (4, 5, p)]),
        vec![("Rina Kartika Sari".to_string(), 2)]
    );
    // Typed another way in its short form, it still joins.
    assert_eq!(merged(text, &[(0, 3, p), (4, 5, o)]).len(), 1);
    // Two names hold the word: it joins neither.
    let text = "Rina Kartika Sari datang. Dewi Kartika Putri pergi. Kartika tersenyum.";
    assert_eq!(merged(text, &[(0, 3, p), (4, 7, p), (8, 9, p)]).len(), 3);
}

#[test]
fn recognize_splits_a_bracketed_short_form_from_its_full_form() {
    // Whatever the tagger reads, a mention never ends in a bracket after the split.
    let text = "Komisi Pengawas Persaingan Usaha (KPPU) memanggil tiga perusahaan. KPPU menilai harga tidak wajar.";
    let toks = tokenize(text, "id");
    let spans = sentences::split(text, "id");
    for e in recognize(text, &spans, &toks, "id") {
        for s in &e.spans {
            assert!(!text[s[0]..s[1]].ends_with(')'), "{e:?}");
        }
    }
}

#[test]
fn merge_joins_listed_aliases_only_when_the_article_writes_two_of_them() {
    // A club and its nickname, typed two ways by the tagger: one organisation.
    let text = "Liverpool menang lagi. The Reds kini memimpin klasemen.";
    let (toks, ms) = mentions_at(
        text,
        &[
            (0, 1, EntityType::Location),
            (3, 5, EntityType::Organization),
        ],
    );
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!(es[0].kind, EntityType::Organization);
    assert_eq!(es[0].mentions, 2);
    // One listed name alone keeps the tagger's type: "Parma" may be the city.
    let text = "Warga Parma merayakan panen.";
    let (toks, ms) = mentions_at(text, &[(1, 2, EntityType::Location)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es[0].kind, EntityType::Location);
}

#[test]
fn an_untagged_alias_of_a_named_group_becomes_a_mention() {
    let text = "Pelatih Chelsea puas. Menurutnya, The Blues bermain rapi.";
    let (toks, ms) = mentions_at(text, &[(1, 2, EntityType::Organization)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    assert_eq!(
        es[0].spans,
        vec![[8, 15], [34, 43]],
        "Chelsea and The Blues"
    );
    assert_eq!(es[0].kind, EntityType::Organization);
    // With no listed name tagged, nothing is added.
    let (toks, ms) = mentions_at(text, &[]);
    assert!(merge(text, &toks, &ms).is_empty());
}

#[test]
fn a_name_opening_a_line_after_a_heading_is_echoed_alone() {
    // "Kayu Mahoni" is a heading; "Janu" opens the next line and stands for "Janu Setiawan".
    let text =
        "Bagi Janu Setiawan, rebana adalah hidup.\nDari Kayu Mahoni\nJanu hanya memakai mahoni.";
    let (toks, ms) = mentions_at(text, &[(1, 3, EntityType::Person)]);
    let ms = variants::echo_names(text, &toks, ms);
    let spans: Vec<&str> = ms.iter().map(|m| &text[m.span.start..m.span.end]).collect();
    assert!(spans.contains(&"Janu"), "{spans:?}");
}

#[test]
fn merge_joins_spellings_that_differ_inside_the_name() {
    let (p, o, l) = (
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
    );
    // A middle name left out; a one-off misspelling of the surname.
    let text = "Cristian Eugen Chivu melatih. Cristian Chivu puas. Kata Chivuu lagi.";
    let (toks, ms) = mentions_at(text, &[(0, 3, p), (4, 6, p), (8, 9, p)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 1, "{es:?}");
    // The country after a national body; a province and its short form.
    let text = "Anggota DPR RI hadir. DPR setuju. Provinsi Jawa Tengah dan Jateng sama.";
    let (toks, ms) = mentions_at(text, &[(1, 3, o), (4, 5, o), (6, 9, l), (10, 11, l)]);
    let es = merge(text, &toks, &ms);
    assert_eq!(es.len(), 2, "{es:?}");
    // Two different people with near names, each written twice, stay apart.
    let text = "Susanti datang. Susanto pergi. Susanti duduk. Susanto berdiri.";
    let (toks, ms) = mentions_at(text, &[(0, 1, p), (2, 3, p), (4, 5, p), (6, 7, p)]);
    assert_eq!(merge(text, &toks, &ms).len(), 2);
}

#[test]
fn merge_joins_hyphenated_initials_and_a_branch_to_the_full_form() {
    let o = EntityType::Organization;
    let text = "Serikat Pekerja Pertamina Bersatu Balongan menolak. SP-PBB kecewa.";
    let (toks, ms) = mentions_at(text, &[(0, 5, o), (6, 7, o)]);
    assert_eq!(merge(text, &toks, &ms).len(), 1);
    let text = "Koperasi Desa Merah Putih dibentuk. KDMP Desa Sukamaju buka.";
    let (toks, ms) = mentions_at(text, &[(0, 4, o), (5, 8, o)]);
    assert_eq!(merge(text, &toks, &ms).len(), 1);
}

#[test]
fn a_headline_quoted_in_title_case_keeps_only_the_name() {
    let p = EntityType::Person;
    let text = "Berita berjudul “Jadi Jubir Sukamaju, Rangga Wiratmo Bilang Siap Bekerja” tayang.";
    let got = screened(text, &[(5, 8, p), (8, 9, p)]);
    assert_eq!(got, [("Rangga Wiratmo".to_string(), p)]);
    // Outside such a headline a name that ends in a word stays whole.
    let text = "Menurut Rangga Wiratmo Bilang, harga naik.";
    let got = screened(text, &[(1, 4, p)]);
    assert_eq!(got, [("Rangga Wiratmo Bilang".to_string(), p)]);
}

#[test]
fn teams_organisation_tails_and_lone_common_words_are_no_persons() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    // A common word after a capitalised common word: a team's or a section's name.
    let text = "Tim Pemeriksa Fakta Sukamaju menelusuri klaim itu.";
    assert!(screened(text, &[(2, 4, p)]).is_empty());
    // The tail of a company's name after its legal form.
    let text = "Lahan milik PT Cahaya Inti Sentosa disita.";
    assert!(screened(text, &[(4, 6, p)]).is_empty());
    // ... but a name after an office and a company is a person.
    let text = "Direktur PT Sukamaju Rangga Wiratmo hadir.";
    let got = screened(text, &[(3, 5, p)]);
    assert_eq!(got, [("Rangga Wiratmo".to_string(), p)]);
    // A lone word of the common-word lists, and a brand after common words.
    let text = "Jalur Fase 1A dibuka. Direktur Eksekutif Apple datang.";
    let got = screened(text, &[(1, 2, p), (5, 7, p)]);
    assert_eq!(got, [("Apple".to_string(), o)]);
}

#[test]
fn names_extend_over_words_the_tagger_left_out() {
    let p = EntityType::Person;
    // A surname after the name, a connector and a surname, and the run ends there.
    let text = "Perdana Menteri Sukamaju Lawrence Wiratmo tiba. Pelatih Vicente del Wiratmo pergi.";
    let got = screened(text, &[(3, 4, p), (7, 8, p)]);
    assert_eq!(
        got,
        [
            ("Lawrence Wiratmo".to_string(), p),
            ("Vicente del Wiratmo".to_string(), p)
        ]
    );
    // A first name after an honorific, or after a derived word opening the sentence.
    let text = "Rapat dipimpin Drs Liem Cun Sen. Masuknya Rangga Wiratmo Sukamto membantu.";
    let got = screened(text, &[(4, 6, p), (8, 10, p)]);
    assert_eq!(
        got,
        [
            ("Liem Cun Sen".to_string(), p),
            ("Rangga Wiratmo Sukamto".to_string(), p)
        ]
    );
    // A unit's numeral and what comes before it are no part of the name.
    let text = "Ketua Panitia RU VI Harun Wiratmo datang.";
    let got = screened(text, &[(2, 6, p)]);
    assert_eq!(got, [("Harun Wiratmo".to_string(), p)]);
}

#[test]
fn a_lone_word_inside_a_list_of_places_is_a_place() {
    let (p, l) = (EntityType::Person, EntityType::Location);
    let text = "Ia berkunjung ke Gresik, Rengel, Baureno dan Bojonegoro.";
    let got = screened(text, &[(3, 4, l), (4, 5, p), (5, 6, p), (7, 8, l)]);
    assert!(got.iter().all(|(_, k)| *k == l), "{got:?}");
    // An office, its place and a name in apposition: the name stays a person.
    let text = "Kepala Sekolah SDN Sukamaju, Rangga, menyebutkan hal itu kepada Budi.";
    let got = screened(text, &[(2, 4, l), (4, 5, p), (9, 10, p)]);
    assert_eq!(got[1], ("Rangga".to_string(), p));
}

#[test]
fn trim_stopwords_cuts_lower_case_words_at_the_edges_of_a_name() {
    let (o, p, l) = (
        EntityType::Organization,
        EntityType::Person,
        EntityType::Location,
    );
    let cut = |text: &str, a: usize, b: usize, kind| {
        let (toks, ms) = mentions_at(text, &[(a, b, kind)]);
        trim_stopwords(text, &toks, &ms[0]).map(|m| m.span.of(text).to_string())
    };
    assert_eq!(
        cut("Rompi melekat di tubuh Rangga Wiratmo kemarin.", 3, 6, p).as_deref(),
        Some("Rangga Wiratmo")
    );
    assert_eq!(
        cut("Kata organisasi Greenpeace tadi.", 1, 3, o).as_deref(),
        Some("Greenpeace")
    );
    // A place keeps its kind word; a connector inside a name, a domain's ending and an
    // all-lower-case name stay.
    assert_eq!(
        cut("Hujan di Afrika timur deras.", 2, 4, l).as_deref(),
        Some("Afrika timur")
    );
    assert_eq!(
        cut("Kata Virgil van Dijk tadi.", 1, 4, p).as_deref(),
        Some("Virgil van Dijk")
    );
    assert_eq!(
        cut("Dikutip dari Sukamaju.com kemarin.", 2, 4, o).as_deref(),
        Some("Sukamaju.com")
    );
    assert_eq!(
        cut("Menurut kumparan kemarin.", 1, 2, o).as_deref(),
        Some("kumparan")
    );
}

#[test]
fn a_listed_alias_in_brackets_cuts_the_name_before_it_to_its_other_name() {
    // "Chelsea | Chelsea FC | The Blues" are listed: the bracket says which thing the
    // capitalised phrase before it names.
    let text = "Kata Pelatih Tim Junior Chelsea (The Blues) kemarin.";
    let (toks, ms) = mentions_at(text, &[(1, 5, EntityType::Person)]);
    let ms = aliases::cut_to_bracketed_alias(text, &toks, ms);
    assert_eq!(ms[0].span.of(text), "Chelsea");
    assert_eq!(ms[0].kind, EntityType::Organization);
    // With no listed name in the bracket the mention stays.
    let text = "Kata Pelatih Tim Junior Chelsea (TJC) kemarin.";
    let (toks, ms) = mentions_at(text, &[(1, 5, EntityType::Person)]);
    let ms = aliases::cut_to_bracketed_alias(text, &toks, ms);
    assert_eq!(ms[0].span.of(text), "Pelatih Tim Junior Chelsea");
}
