//! The attributor's stories: one shape of attribution a test, on sentences written for
//! them (never copied from the corpus).

use super::cue_words::ATTRIBUTION_MAX;
use super::lists::{self, CUES_FILE, SPEECH_VERBS_FILE, TITLES};
use super::*;
use crate::analysis::entities::EntityType;
use crate::analysis::lexicon::entries;
use crate::analysis::sentences;

fn quotes(text: &str) -> Vec<Quote> {
    extract(text, &sentences::split(text, "id"), &[], "id")
}

/// (text, speaker, role, cue) of one quote, for compact assertions.
type Fields = (String, Option<String>, Option<String>, Option<String>);

fn q4(text: &str) -> Vec<Fields> {
    quotes(text)
        .into_iter()
        .map(|q| (q.text, q.speaker, q.role, q.cue))
        .collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn kata_with_name_and_role() {
    let t = "\"Banjir ini yang terbesar dalam sepuluh tahun,\" kata Rudi Hartono, kepala BPBD Sukamaju, kepada wartawan.";
    assert_eq!(
        q4(t),
        [(
            "Banjir ini yang terbesar dalam sepuluh tahun".into(),
            s("Rudi Hartono"),
            s("kepala BPBD Sukamaju"),
            s("kata")
        )]
    );
}

#[test]
fn role_runs_to_the_sentence_end() {
    let t = "\"Kami belum melihat hal seperti ini,\" ujar Sinta Dewi, peneliti senior Lembaga Riset Pangan untuk wilayah timur.";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Sinta Dewi"));
    assert_eq!(
        q.role,
        s("peneliti senior Lembaga Riset Pangan untuk wilayah timur")
    );
}

#[test]
fn title_before_the_name_is_the_role() {
    let t = "\"Jalan ditutup sementara,\" kata Kapolres Sukamaju AKBP Joko Susilo saat dihubungi.";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Joko Susilo"));
    assert_eq!(q.role, s("Kapolres Sukamaju AKBP"));
    let t = "\"Harga stabil,\" kata Menteri Perdagangan Andi Wijaya.";
    assert_eq!(quotes(t)[0].speaker, s("Andi Wijaya"));
    assert_eq!(quotes(t)[0].role, s("Menteri Perdagangan"));
}

#[test]
fn rank_before_a_three_word_name() {
    let t = "\"Pelaku sudah ditahan,\" kata Kapolres Sukamaju AKBP Ahmad Budi Santoso.";
    assert_eq!(quotes(t)[0].speaker, s("Ahmad Budi Santoso"));
    assert_eq!(quotes(t)[0].role, s("Kapolres Sukamaju AKBP"));
}

#[test]
fn title_alone_is_the_role_of_no_named_speaker() {
    let t = "\"Kami mendukung perdamaian,\" kata Menteri Luar Negeri.";
    assert_eq!(quotes(t)[0].speaker, None);
    assert_eq!(quotes(t)[0].role, s("Menteri Luar Negeri"));
}

#[test]
fn title_comma_rank_and_name() {
    let t = "\"Sudah kami periksa,\" kata Kasat Reskrim Polres Sukamaju, AKP Dedi Kurnia.";
    assert_eq!(quotes(t)[0].speaker, s("Dedi Kurnia"));
    assert_eq!(quotes(t)[0].role, s("Kasat Reskrim Polres Sukamaju, AKP"));
}

#[test]
fn verbs_after_a_comma_are_not_a_role() {
    let t = "\"Kami sudah siap,\" kata Yanto, dikonfirmasi pada Sabtu.";
    assert_eq!(quotes(t)[0].role, None);
    let t = "\"Kami sudah siap,\" kata Yanto, menegaskan sikap partainya.";
    assert_eq!(quotes(t)[0].role, None);
    let t = "\"Kami sudah siap,\" kata Yanto, tersangka kasus itu.";
    assert_eq!(quotes(t)[0].role, s("tersangka kasus itu"));
}

#[test]
fn title_comma_name() {
    let t = "\"Air sudah surut,\" kata Kepala Desa Sukamaju, Darto pada Selasa (17/6/2025).";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Darto"));
    assert_eq!(q.role, s("Kepala Desa Sukamaju"));
}

#[test]
fn unknown_office_comma_name() {
    let t = "\"Nomor urut sudah diundi,\" ujar Anggota Panwas Sukamaju, Muhammad Darto.";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Muhammad Darto"));
    assert_eq!(q.role, s("Anggota Panwas Sukamaju"));
    let t = "\"Nomor urut sudah diundi,\" ujar Pengawas KPUD Sukamaju, Muhammad Darto.";
    assert_eq!(quotes(t)[0].speaker, s("Muhammad Darto"));
    // A person, then a capitalised role: the order stays.
    let t = "\"Kami siap,\" kata Budi Santoso, Ketua RT 05.";
    assert_eq!(
        (quotes(t)[0].speaker.clone(), quotes(t)[0].role.clone()),
        (s("Budi Santoso"), s("Ketua RT 05"))
    );
}

#[test]
fn rank_inside_an_entity_name_moves_to_the_role() {
    let t = "\"Pelaku ditangkap,\" kata Kanit Reskrim Polsek Sukamaju Ipda Dedi Kurnia.";
    let start = t.find("Ipda").unwrap();
    let name = "Ipda Dedi Kurnia";
    let ents = [Entity {
        text: name.into(),
        kind: EntityType::Person,
        mentions: 1,
        spans: vec![[start, start + name.len()]],
        title: None,
        province: None,
    }];
    let q = &extract(t, &sentences::split(t, "id"), &ents, "id")[0];
    assert_eq!(q.speaker, s("Dedi Kurnia"));
    assert_eq!(q.role, s("Kanit Reskrim Polsek Sukamaju Ipda"));
}

#[test]
fn circumstances_after_a_comma_are_not_a_role() {
    let t = "\"Semua aman,\" ujar Budi, Senin (28/9/2020).";
    assert_eq!(q4(t), [("Semua aman".into(), s("Budi"), None, s("ujar"))]);
}

#[test]
fn honorifics_are_dropped() {
    assert_eq!(
        quotes("\"Saya siap,\" kata Pak Darmo.")[0].speaker,
        s("Darmo")
    );
    assert_eq!(quotes("\"Saya siap,\" kata Pak Darmo.")[0].role, None);
}

#[test]
fn pronoun_cues_take_the_last_named_speaker() {
    let t = "\"Kami sudah siap,\" kata Lina Marlina, ketua panitia.\nAcara dimulai pukul delapan.\n\"Semua tamu sudah hadir,\" ujarnya.\n\"Tidak ada kendala,\" kata dia.";
    let qs = quotes(t);
    assert_eq!(qs.len(), 3);
    assert!(qs.iter().all(|q| q.speaker == s("Lina Marlina")));
    assert_eq!(qs[1].cue, s("ujarnya"));
    assert_eq!(qs[2].cue, s("kata dia"));
    assert_eq!(qs[1].role, s("ketua panitia"));
}

#[test]
fn ia_menambahkan_after_the_quote() {
    let t = "\"Sekolah dibuka lagi,\" kata Wati.\n\"Murid boleh datang besok,\" ia menambahkan.";
    let qs = quotes(t);
    assert_eq!(qs[1].speaker, s("Wati"));
    assert_eq!(qs[1].cue, s("ia menambahkan"));
}

#[test]
fn pronoun_resolves_to_a_speaker_named_without_a_quote() {
    let t = "Camat Sukamaju Budi Santoso mengatakan jalan rusak sejak tahun lalu.\n\"Perbaikan dimulai bulan depan,\" ujarnya.";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Budi Santoso"));
}

#[test]
fn pronoun_prefers_a_speaker_introduced_after_the_last_quote() {
    let t = "\"Kami sudah siap,\" kata Lina Marlina.\nKepala Dinas Sosial Budi Santoso menjelaskan bantuan sudah tiba.\n\"Warga sudah menerima beras,\" ujarnya.\n\"Sisanya besok,\" katanya.";
    let qs = quotes(t);
    assert_eq!(qs[1].speaker, s("Budi Santoso"));
    assert_eq!(qs[2].speaker, s("Budi Santoso"));
}

#[test]
fn a_speaker_named_again_keeps_their_role() {
    let t = "\"Kami sudah siap,\" kata Lina Marlina, ketua panitia.\nLina Marlina menjelaskan acara dimulai pagi.\n\"Semua tamu hadir,\" ujarnya.";
    assert_eq!(quotes(t)[1].role, s("ketua panitia"));
}

#[test]
fn pronoun_without_anyone_named_has_no_speaker() {
    let t = "\"Perbaikan dimulai bulan depan,\" ujarnya.";
    assert_eq!(
        q4(t),
        [(
            "Perbaikan dimulai bulan depan".into(),
            None,
            None,
            s("ujarnya")
        )]
    );
}

#[test]
fn quote_split_around_the_attribution() {
    let t = "\"Kami menolak,\" kata Hendra Gunawan. \"Rencana itu merugikan petani.\"";
    let qs = quotes(t);
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[1].text, "Rencana itu merugikan petani.");
    assert_eq!(qs[1].speaker, s("Hendra Gunawan"));
    assert_eq!(qs[1].sentence, 1);
}

#[test]
fn quote_paragraph_continues_the_previous_speaker() {
    let t =
        "\"Kami menolak,\" kata Hendra Gunawan.\n\"Rencana itu merugikan petani di desa kami.\"";
    assert_eq!(quotes(t)[1].speaker, s("Hendra Gunawan"));
}

#[test]
fn unattributed_quotes_are_left_out() {
    assert!(quotes("Pesan berantai soal \"vaksin palsu\" itu beredar luas.").is_empty());
    assert!(quotes("Film \"Hujan di Bulan Juni\" tayang pekan depan.").is_empty());
}

#[test]
fn speaker_before_the_quote() {
    let t = "Gubernur Sukamaju Rina Putri mengatakan, \"Bantuan dikirim hari ini.\"";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Rina Putri"));
    assert_eq!(q.role, s("Gubernur Sukamaju"));
    assert_eq!(q.cue, s("mengatakan"));
    let t = "Ia menambahkan: \"Semua korban sudah dievakuasi.\"";
    assert_eq!(quotes(t)[0].cue, s("menambahkan"));
}

#[test]
fn speaker_before_with_appositive_role() {
    let t = "Sementara itu, Agus Salim, warga setempat, mengatakan kepada wartawan, \"Air naik cepat sekali.\"";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Agus Salim"));
    assert_eq!(q.role, s("warga setempat"));
}

#[test]
fn office_comma_name_comma_before_the_quote() {
    let t = "Gubernur Sukamaju, Rina Putri, mengatakan, \"Bantuan dikirim hari ini.\"";
    let q = &quotes(t)[0];
    assert_eq!(q.speaker, s("Rina Putri"));
    assert_eq!(q.role, s("Gubernur Sukamaju"));
}

#[test]
fn pronoun_cue_after_menurut_takes_its_person() {
    let t = "\"Kami siap,\" kata Rina Putri, bupati Sukamaju.\nMenurut Budi Santoso, hujan masih akan turun.\n\"Warga harus waspada,\" ujarnya.";
    let entities: Vec<Entity> = ["Rina Putri", "Budi Santoso"]
        .iter()
        .map(|n| {
            let at = t.find(n).unwrap();
            Entity {
                text: n.to_string(),
                kind: EntityType::Person,
                mentions: 1,
                spans: vec![[at, at + n.len()]],
                title: None,
                province: None,
            }
        })
        .collect();
    let qs = extract(t, &sentences::split(t, "id"), &entities, "id");
    assert_eq!(qs[1].speaker.as_deref(), Some("Budi Santoso"));
    // An organisation after "Menurut" is a source, not a speaker: the last quoted one stays.
    let t = "\"Kami siap,\" kata Rina Putri, bupati Sukamaju.\nMenurut data BPS, hujan masih akan turun.\n\"Warga harus waspada,\" ujarnya.";
    assert_eq!(quotes(t)[1].speaker.as_deref(), Some("Rina Putri"));
}

#[test]
fn menurut_before_the_quote() {
    let t = "Menurut Dewi Lestari, \"Harga cabai akan turun pekan depan.\"";
    let q = &quotes(t)[0];
    assert_eq!(
        (q.speaker.clone(), q.cue.clone()),
        (s("Dewi Lestari"), s("menurut"))
    );
}

#[test]
fn curly_quotes() {
    let t = "“Kami akan banding,” ujar Tono Sugiarto, kuasa hukum terdakwa.";
    assert_eq!(
        q4(t),
        [(
            "Kami akan banding".into(),
            s("Tono Sugiarto"),
            s("kuasa hukum terdakwa"),
            s("ujar")
        )]
    );
}

#[test]
fn english_said_x_and_x_said() {
    let t = "\"We will rebuild the bridge,\" said Maria Lopez, the city engineer.";
    let q = &quotes(t)[0];
    assert_eq!(
        (q.speaker.clone(), q.cue.clone()),
        (s("Maria Lopez"), s("said"))
    );
    assert_eq!(q.role, s("the city engineer"));
    let t = "\"Traffic will return to normal,\" Maria Lopez said.\n\"It takes a week,\" she said.";
    let qs = extract(t, &sentences::split(t, "en"), &[], "en");
    assert_eq!(qs[0].speaker, s("Maria Lopez"));
    assert_eq!(qs[1].speaker, s("Maria Lopez"));
    assert_eq!(qs[1].cue, s("she said"));
}

#[test]
fn entities_give_the_canonical_name() {
    let t = "\"Kami bersiap,\" kata Perdana Menteri Sukamaju Andi Wirawan.\n\"Tidak ada mundur,\" kata Wirawan.";
    let start = t.find("Andi").unwrap();
    let second = t.rfind("Wirawan").unwrap();
    let ents = [Entity {
        text: "Andi Wirawan".into(),
        kind: EntityType::Person,
        mentions: 2,
        spans: vec![
            [start, start + "Andi Wirawan".len()],
            [second, second + "Wirawan".len()],
        ],
        title: None,
        province: None,
    }];
    let qs = extract(t, &sentences::split(t, "id"), &ents, "id");
    assert_eq!(qs[0].speaker, s("Andi Wirawan"));
    assert_eq!(qs[0].role, s("Perdana Menteri Sukamaju"));
    assert_eq!(qs[1].speaker, s("Andi Wirawan"));
}

#[test]
fn common_noun_speaker() {
    assert_eq!(
        quotes("\"Terdakwa terbukti bersalah,\" ujar hakim.")[0].speaker,
        s("hakim")
    );
}

#[test]
fn sentence_index_points_at_the_quote() {
    let t = "Warga berkumpul. Mereka menunggu.\n\"Kami lapar,\" kata Siti.";
    assert_eq!(quotes(t)[0].sentence, 2);
}

#[test]
fn word_lists_parse_and_match_in_any_ascii_case() {
    // Parsing asserts that every entry is lower case and fits the lookup buffer.
    for list in lists::all() {
        assert!(!list.words.is_empty());
    }
    assert_eq!(TITLES.words.len(), 196);
    assert!(TITLES.contains("Kapolres") && TITLES.contains("KOMBES") && TITLES.contains("pak"));
    assert!(!TITLES.contains("Kapolreskapolreskapolreskapolreskapolres"));
    assert!(!TITLES.contains("Kåpolres") && !TITLES.contains(""));
    assert!(
        lists::ROLE_STOP.contains_as_written("dalam")
            && !lists::ROLE_STOP.contains_as_written("Dalam")
    );
}

#[test]
fn attribution_words_in_any_case() {
    for w in ["kata", "Ujarnya", "MENGATAKAN", "said", "tambahnya"] {
        assert!(is_attribution_word(w), "{w}");
    }
    for w in [
        "banjir",
        "katak",
        "",
        "mengatakanmengatakanmengatakan",
        "kåta",
    ] {
        assert!(!is_attribution_word(w), "{w}");
    }
    // Every listed word passes the shape filter, in any case.
    let nya = entries(CUES_FILE).map(|w| format!("{w}nya"));
    for w in entries(CUES_FILE)
        .chain(entries(SPEECH_VERBS_FILE))
        .map(|w| w.to_string())
        .chain(nya)
    {
        if w.len() <= ATTRIBUTION_MAX {
            assert!(
                is_attribution_word(&w) && is_attribution_word(&w.to_uppercase()),
                "{w}"
            );
        }
    }
}

#[test]
fn unclosed_quote_is_skipped() {
    assert!(quotes("\"Kami menolak, kata Budi.\nLalu ia pergi.").is_empty());
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,300}") {
        let _ = quotes(&text);
    }

    #[test]
    fn never_panics_with_bogus_entity_spans(text in "((\"|“|”|,|\\.| |kata|ujarnya|Budi|Santoso|é|Pak|mengatakan)){0,20}", a in 0usize..80, b in 0usize..80) {
        let ents = [Entity { text: "Budi Santoso".into(), kind: EntityType::Person, mentions: 2, spans: vec![[a, b], [b, a], [a, a + 3]], title: None, province: None }];
        let _ = extract(&text, &sentences::split(&text, "id"), &ents, "id");
    }

    #[test]
    fn never_panics_on_quote_like_text(text in "((\"|“|”|,|\\.|\\n| |kata|ujarnya|Budi|Kepala|Desa|dia|mengatakan|Menurut|said|he|é|Pak|, )){0,30}") {
        let qs = quotes(&text);
        for q in qs {
            proptest::prop_assert!(!q.text.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Issue 17, "Who said what": one story a fault class, each an article written for the test
// and run through the whole analysis (so the recogniser's persons, right or wrong, are part
// of the story), plus the attributor alone where the recogniser should not matter.

fn analysed(text: &str) -> Vec<Quote> {
    let article = crate::analysis::Article {
        text: text.to_string(),
        published: chrono::NaiveDate::from_ymd_opt(2025, 6, 18),
        ..Default::default()
    };
    crate::analysis::analyze(&article, &crate::analysis::Options::default()).quotes
}

/// `names` as the recogniser's persons in `text`: every place each form is written is a
/// mention; the first form of a list entry names the entity.
fn persons(text: &str, names: &[&[&str]]) -> Vec<Entity> {
    names
        .iter()
        .map(|forms| Entity {
            text: forms[0].to_string(),
            kind: EntityType::Person,
            mentions: 1,
            spans: forms
                .iter()
                .flat_map(|f| text.match_indices(f).map(|(at, m)| [at, at + m.len()]))
                .collect(),
            title: None,
            province: None,
        })
        .collect()
}

/// The quotes of `text`, with `names` as the recogniser's persons ([`persons`]).
fn with_persons(text: &str, names: &[&[&str]]) -> Vec<Quote> {
    let entities = persons(text, names);
    extract(text, &sentences::split(text, "id"), &entities, "id")
}

/// (speaker, role) of each quote.
fn who(quotes: &[Quote]) -> Vec<(Option<&str>, Option<&str>)> {
    quotes
        .iter()
        .map(|q| (q.speaker.as_deref(), q.role.as_deref()))
        .collect()
}

#[test]
fn golden_role_then_name_apposition() {
    let t = "SUKAMAJU - Polisi masih mencari dua pelaku pencurian kabel di Jalan Melati.\n\
        \"Kami sudah memeriksa lima saksi dan rekaman kamera di sekitar lokasi,\" kata Kepala Bidang Humas Polda Sukamaju, Sinta Dewi Lestari, Rabu (18/6/2025).\n\
        \"Pelaku diduga sudah mengintai lokasi sejak pekan lalu,\" ujar Kapolres Sukamaju AKBP Hendra Gunawan saat dihubungi.\n\
        \"Kami imbau warga melapor bila melihat orang mencurigakan,\" ujar Kepala Seksi Intelijen dan Penindakan Kantor Imigrasi Sukamaju Rudi Hartono.\n\
        \"Kerugian warga mencapai puluhan juta rupiah,\" kata Menteri Keuangan Sri Wahyuni.";
    let qs = analysed(t);
    assert_eq!(
        who(&qs),
        [
            (
                Some("Sinta Dewi Lestari"),
                Some("Kepala Bidang Humas Polda Sukamaju")
            ),
            (Some("Hendra Gunawan"), Some("Kapolres Sukamaju AKBP")),
            (
                Some("Rudi Hartono"),
                Some("Kepala Seksi Intelijen dan Penindakan Kantor Imigrasi Sukamaju")
            ),
            (Some("Sri Wahyuni"), Some("Menteri Keuangan")),
        ]
    );
    // Offsets point at the quoted words in the cleaned text.
    let a = crate::analysis::analyze(
        &crate::analysis::Article {
            text: t.into(),
            ..Default::default()
        },
        &crate::analysis::Options::default(),
    );
    for q in &a.quotes {
        assert_eq!(&a.text[q.start..q.end], q.text);
    }
}

#[test]
fn a_role_phrase_is_never_the_speaker() {
    // The attributor alone, with no persons from the recogniser.
    for (t, speaker, role) in [
        (
            "\"Jalan ditutup,\" kata Kepala Bidang Humas Polda Sukamaju, Sinta Dewi Lestari.",
            "Sinta Dewi Lestari",
            "Kepala Bidang Humas Polda Sukamaju",
        ),
        (
            "\"Jalan ditutup,\" ujar General Manager Sukamaju Raya Cemerlang, Andi Wijaya.",
            "Andi Wijaya",
            "General Manager Sukamaju Raya Cemerlang",
        ),
        (
            "\"Jalan ditutup,\" ujar Pakar hukum dan tata negara Budi Santoso di Jakarta.",
            "Budi Santoso",
            "Pakar hukum dan tata negara",
        ),
        (
            "\"Jalan ditutup,\" ujar Kepala Subdit Dokumen Direktorat Lalu Lintas Polda Sukamaju AKBP Joko Susilo.",
            "Joko Susilo",
            "Kepala Subdit Dokumen Direktorat Lalu Lintas Polda Sukamaju AKBP",
        ),
        (
            "\"Jalan ditutup,\" kata Ketua Panitia yang juga Anggota DPRD Sukamaju, Rina Putri.",
            "Rina Putri",
            "Ketua Panitia yang juga Anggota DPRD Sukamaju",
        ),
        (
            "\"Harga naik,\" tulis Kepala Ekonom Jepang di Bank Nusantara, Robin Wijaya, dikutip dari laman resmi.",
            "Robin Wijaya",
            "Kepala Ekonom Jepang di Bank Nusantara",
        ),
        (
            "\"Harga naik,\" ucap Staf Khusus Gubernur DKI Jakarta bidang komunikasi publik, Chandra Wijaya saat ditemui.",
            "Chandra Wijaya",
            "Staf Khusus Gubernur DKI Jakarta bidang komunikasi publik",
        ),
        (
            "\"Kasus naik,\" ujar Direktur Pascasarjana Universitas YARSI sekaligus mantan Direktur WHO Asia Tenggara 2018–2020, Prof Tjandra Aditama.",
            "Tjandra Aditama",
            "Direktur Pascasarjana Universitas YARSI sekaligus mantan Direktur WHO Asia Tenggara 2018–2020",
        ),
    ] {
        let q = &quotes(t)[0];
        assert_eq!(
            (q.speaker.as_deref(), q.role.as_deref()),
            (Some(speaker), Some(role)),
            "{t}"
        );
    }
    // A body with no person is named as the source, not as a person "Sukamaju".
    let q = &quotes("\"Kami siap membantu,\" kata KBRI Sukamaju dalam keterangannya.")[0];
    assert_eq!(
        (q.speaker.as_deref(), q.role.as_deref()),
        (Some("KBRI Sukamaju"), None)
    );
}

#[test]
fn golden_pronoun_after_a_newly_introduced_person() {
    let t = "Banjir merendam tiga desa di Kecamatan Sukamaju sejak Selasa malam.\n\
        \"Kami sudah mengungsikan 120 warga ke balai desa,\" kata Lina Marlina, ketua relawan setempat.\n\
        Sementara itu, Kepala Dinas Sosial Sukamaju, Budi Santoso, meninjau gudang bantuan di Masjid Ahmad Yani pada Rabu pagi.\n\
        \"Beras dan selimut sudah kami kirim ke tiga desa itu,\" ujarnya.\n\
        \"Bantuan tambahan tiba besok,\" katanya.";
    let qs = analysed(t);
    assert_eq!(qs.len(), 3);
    assert_eq!(
        who(&qs)[0],
        (Some("Lina Marlina"), Some("ketua relawan setempat"))
    );
    // Not the earlier speaker, and not the name inside the mosque's name.
    for q in &qs[1..] {
        assert_eq!(
            (q.speaker.as_deref(), q.role.as_deref()),
            (Some("Budi Santoso"), Some("Kepala Dinas Sosial Sukamaju")),
            "{q:?}"
        );
    }
}

#[test]
fn a_pronoun_takes_the_subject_of_the_nearest_sentence() {
    let t = "\"Kami siap,\" kata Lina Marlina.\nCamat Sukamaju Rudi Hartono menyerahkan bantuan kepada Siti Aminah di kantor desa.\n\"Semua sudah terdata,\" ujarnya.";
    let q = &with_persons(t, &[&["Lina Marlina"], &["Rudi Hartono"], &["Siti Aminah"]])[1];
    assert_eq!(q.speaker.as_deref(), Some("Rudi Hartono"));
    assert_eq!(q.role.as_deref(), Some("Camat Sukamaju"));
}

#[test]
fn golden_question_and_answer() {
    let t = "Sidang kasus suap proyek jalan kembali digelar di Pengadilan Tipikor Sukamaju, Rabu (18/6/2025).\n\
        Jaksa penuntut umum Wawan Setiawan menghadirkan saksi Cecep Supriadi, sopir terdakwa.\n\
        \"Saudara kenal dengan terdakwa?\" tanya jaksa.\n\
        \"Kenal, Pak. Saya sopirnya sejak 2019,\" jawab Cecep.\n\
        \"Pernah mengantar uang ke kantor dinas?\" tanya jaksa lagi.\n\
        \"Pernah, dua kali,\" jawabnya.\n\
        \"Siapa yang menyuruh?\" tanya Wawan.\n\
        \"Terdakwa sendiri,\" ucapnya.";
    let qs = analysed(t);
    let speakers: Vec<Option<&str>> = qs.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Wawan Setiawan"),
            Some("Cecep Supriadi"),
            Some("Wawan Setiawan"),
            Some("Cecep Supriadi"),
            Some("Wawan Setiawan"),
            Some("Cecep Supriadi"),
        ]
    );
    assert_eq!(qs[0].role.as_deref(), Some("Jaksa penuntut umum"));
    assert_eq!(qs[1].cue.as_deref(), Some("jawab"));
}

#[test]
fn an_unnamed_questioner_stays_a_description() {
    let t = "\"Saudara kenal dengan terdakwa?\" tanya jaksa.\n\"Kenal,\" jawab Cecep.\n\"Sejak kapan?\" tanya jaksa lagi.\n\"Sejak 2019,\" jawabnya.";
    let qs = quotes(t);
    let speakers: Vec<Option<&str>> = qs.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [Some("jaksa"), Some("Cecep"), Some("jaksa"), Some("Cecep")]
    );
}

#[test]
fn golden_dirinya_is_never_a_speaker() {
    let t = "Pelatih tim voli putri Sukamaju, Agus Salim, memanggil 14 pemain untuk pemusatan latihan.\n\
        \"Kami ingin melihat pemain muda lebih dulu,\" kata Agus.\n\
        Dirinya mengatakan, \"Target kami masuk empat besar.\"\n\
        \"Persiapan masih panjang,\" kata dia.";
    let qs = analysed(t);
    assert_eq!(qs.len(), 3);
    for q in &qs {
        assert_eq!(q.speaker.as_deref(), Some("Agus Salim"), "{q:?}");
        assert_eq!(
            q.role.as_deref(),
            Some("Pelatih tim voli putri Sukamaju"),
            "{q:?}"
        );
    }
    assert_eq!(qs[1].cue.as_deref(), Some("mengatakan"));
}

#[test]
fn a_description_cue_finds_the_person_with_that_role() {
    let t = "Ketua majelis hakim Dewi Kartika membacakan putusan pada Rabu.\n\"Terdakwa terbukti bersalah,\" ujar hakim.\n\"Sidang ditutup,\" kata Ketua Majelis Hakim itu.";
    let qs = with_persons(t, &[&["Dewi Kartika"]]);
    assert!(
        qs.iter()
            .all(|q| q.speaker.as_deref() == Some("Dewi Kartika")),
        "{qs:?}"
    );
    assert_eq!(qs[0].role.as_deref(), Some("Ketua majelis hakim"));
    // A short form of the office: "Menkeu" is the Menteri Keuangan named earlier.
    let t = "Menteri Keuangan Sri Wahyuni membuka rapat.\n\"Defisit tetap terjaga,\" kata Menkeu.";
    assert_eq!(
        with_persons(t, &[&["Sri Wahyuni"]])[0].speaker.as_deref(),
        Some("Sri Wahyuni")
    );
    // No one so described: an office alone is no speaker, only the role.
    let q = &quotes(t)[0];
    assert_eq!(
        (q.speaker.as_deref(), q.role.as_deref()),
        (None, Some("Menkeu"))
    );
}

#[test]
fn an_office_with_no_holder_named_is_no_speaker() {
    // A capitalised office after the cue, with no one in it named anywhere.
    let t = "Sidang dibuka pada Selasa.\n\"Terdakwa menerima uang itu,\" ujar JPU di ruang sidang.\n\"Kami tunggu laporannya,\" kata Direktur.";
    let qs = quotes(t);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(who(&qs), [(None, Some("JPU")), (None, Some("Direktur"))]);
    // The office holder the article names is the speaker.
    let t = "Jaksa penuntut umum Rina Marlina membacakan tuntutan.\n\"Terdakwa menerima uang itu,\" ujar JPU.";
    let q = &with_persons(t, &[&["Rina Marlina"]])[0];
    assert_eq!(q.speaker.as_deref(), Some("Rina Marlina"), "{q:?}");
    // A description in lower case still names an unnamed source.
    let t = "\"Air naik cepat sekali,\" kata warga setempat.";
    assert_eq!(quotes(t)[0].speaker.as_deref(), Some("warga setempat"));
}

#[test]
fn the_role_comes_from_anywhere_in_the_article() {
    // Given once with the full name, then quoted by the short name.
    let t = "Kapolsek Sukamaju AKP Rizky Firmansyah memimpin penangkapan.\nWarga berkumpul di depan kantor polisi.\n\"Pelaku sudah kami tahan,\" kata Rizky.";
    let q = &with_persons(t, &[&["Rizky Firmansyah"]])[0];
    assert_eq!(q.speaker.as_deref(), Some("Rizky Firmansyah"));
    assert_eq!(q.role.as_deref(), Some("Kapolsek Sukamaju AKP"));
    // After the name, tied by "selaku".
    let t = "Andi Wijaya selaku Direktur Utama Bank Sukamaju membuka pameran.\n\"Transaksi melampaui target,\" ujar Andi.";
    let q = &with_persons(t, &[&["Andi Wijaya", "Andi"]])[0];
    assert_eq!(q.role.as_deref(), Some("Direktur Utama Bank Sukamaju"));
    // A relation before a name and a comma is the next name's: Rayen's lawyer is Jajang.
    let t = "\"Kami melapor hari ini,\" kata kuasa hukum Rayen, Jajang Nurjaman.\n\"Saya tertekan,\" ungkap Rayen.";
    let qs = quotes(t);
    assert_eq!(
        who(&qs)[0],
        (Some("Jajang Nurjaman"), Some("kuasa hukum Rayen"))
    );
    assert_eq!(who(&qs)[1], (Some("Rayen"), None));
}

#[test]
fn quote_offsets_point_into_the_text() {
    let t = "Warga berkumpul.\n“Kami menolak,” kata Hendra Gunawan. \"Rencana itu merugikan petani.\"\n\"  Ya ,\" ujarnya.";
    let qs = quotes(t);
    assert_eq!(qs.len(), 3);
    for q in &qs {
        assert_eq!(&t[q.start..q.end], q.text, "{q:?}");
    }
    assert_eq!(qs[2].text, "Ya");
}

#[test]
fn a_closing_mark_typed_as_an_opening_one() {
    let t = "”Organ hati itu kami buang”, terang Harun.";
    assert_eq!(
        q4(t),
        [(
            "Organ hati itu kami buang".into(),
            s("Harun"),
            None,
            s("terang")
        )]
    );
}

/// The titles [`fill_titles`] gives `names` as the recogniser's persons, in their order.
fn titles_of(text: &str, names: &[&[&str]]) -> Vec<Option<String>> {
    let mut entities = persons(text, names);
    fill_titles(text, &mut entities);
    entities.into_iter().map(|e| e.title).collect()
}

#[test]
fn a_person_takes_the_office_written_before_the_name_as_title() {
    let text = "Bupati Sukamaju Darmawan Purba meresmikan pasar baru. Darmawan berharap \
                pedagang kembali berjualan.";
    assert_eq!(
        titles_of(text, &[&["Darmawan Purba", "Darmawan"]]),
        [s("Bupati Sukamaju")]
    );
}

#[test]
fn a_title_in_apposition_after_the_name() {
    let text = "Warga menemui Lestari Wulan, Kepala Desa Sukamaju, di balai desa. Lestari \
                mendengarkan keluhan mereka.";
    let got = titles_of(text, &[&["Lestari Wulan", "Lestari"]]);
    assert_eq!(got, [s("Kepala Desa Sukamaju")]);
}

#[test]
fn a_relation_or_a_part_in_a_case_is_no_title() {
    let text = "Polisi memeriksa tersangka Joni Karta di Mapolsek Sukamaju. Sementara itu \
                Rina Sari, istri Joni, menangis di luar.";
    assert_eq!(
        titles_of(text, &[&["Joni Karta", "Joni"], &["Rina Sari"]]),
        [None, None]
    );
}
