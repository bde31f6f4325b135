//! A small, hand-written list of facts the tagger sees as features: Indonesian provinces,
//! islands and big cities, countries, person titles and the words that head organisation
//! names. The list only nudges the statistical model (it learns how much to trust each
//! class), so it is kept short and uncontroversial rather than complete.

use crate::analysis::fasthash::FastSet;
use std::sync::LazyLock;

/// What a gazetteer entry says about the words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A place: province, island, city, country, region.
    Place,
    /// A title or role that usually precedes a person's name ("Presiden", "Gubernur").
    Title,
    /// A word that usually begins an organisation's name ("PT", "Partai", "Universitas").
    OrgHead,
}

/// Provinces, islands, big cities, countries and regions (lower case, words separated by
/// one space). Multi-word entries are matched as token sequences.
const PLACES: &[&str] = &[
    // provinces
    "aceh",
    "sumatera utara",
    "sumatera barat",
    "riau",
    "kepulauan riau",
    "jambi",
    "bengkulu",
    "sumatera selatan",
    "kepulauan bangka belitung",
    "bangka belitung",
    "lampung",
    "banten",
    "dki jakarta",
    "jakarta",
    "jawa barat",
    "jawa tengah",
    "di yogyakarta",
    "yogyakarta",
    "jawa timur",
    "bali",
    "nusa tenggara barat",
    "nusa tenggara timur",
    "kalimantan barat",
    "kalimantan tengah",
    "kalimantan selatan",
    "kalimantan timur",
    "kalimantan utara",
    "sulawesi utara",
    "gorontalo",
    "sulawesi tengah",
    "sulawesi barat",
    "sulawesi selatan",
    "sulawesi tenggara",
    "maluku",
    "maluku utara",
    "papua",
    "papua barat",
    "papua selatan",
    "papua tengah",
    "papua pegunungan",
    "papua barat daya",
    "ntb",
    "ntt",
    "jabar",
    "jateng",
    "jatim",
    "sumut",
    "sumbar",
    "sumsel",
    "kalbar",
    "kaltim",
    "sulsel",
    "sulut",
    "diy",
    // islands and regions
    "jawa",
    "sumatera",
    "sumatra",
    "kalimantan",
    "sulawesi",
    "nusantara",
    "madura",
    "lombok",
    "flores",
    "timor",
    "borneo",
    "jabodetabek",
    "asia",
    "eropa",
    "afrika",
    "amerika",
    "asia tenggara",
    "timur tengah",
    "australia",
    // big cities
    "surabaya",
    "bandung",
    "medan",
    "semarang",
    "makassar",
    "palembang",
    "tangerang",
    "depok",
    "bekasi",
    "bogor",
    "padang",
    "malang",
    "denpasar",
    "pekanbaru",
    "batam",
    "balikpapan",
    "samarinda",
    "banjarmasin",
    "pontianak",
    "manado",
    "solo",
    "surakarta",
    "kupang",
    "mataram",
    "jayapura",
    "ambon",
    "cirebon",
    "tasikmalaya",
    "serang",
    "cilegon",
    "jakarta pusat",
    "jakarta selatan",
    "jakarta barat",
    "jakarta timur",
    "jakarta utara",
    "tangerang selatan",
    "sleman",
    "bantul",
    "kediri",
    "jember",
    "banyuwangi",
    "magelang",
    "purwokerto",
    "tegal",
    "pekalongan",
    "sukabumi",
    "karawang",
    "garut",
    "palu",
    "kendari",
    "jambi",
    "bengkulu",
    "banda aceh",
    "sorong",
    "ternate",
    "tarakan",
    // countries and foreign capitals often in the news
    "indonesia",
    "malaysia",
    "singapura",
    "thailand",
    "filipina",
    "vietnam",
    "myanmar",
    "kamboja",
    "laos",
    "brunei",
    "brunei darussalam",
    "timor leste",
    "tiongkok",
    "china",
    "cina",
    "jepang",
    "korea",
    "korea selatan",
    "korea utara",
    "taiwan",
    "hong kong",
    "india",
    "pakistan",
    "bangladesh",
    "afghanistan",
    "iran",
    "irak",
    "suriah",
    "arab saudi",
    "yordania",
    "mesir",
    "israel",
    "palestina",
    "turki",
    "rusia",
    "ukraina",
    "jerman",
    "prancis",
    "perancis",
    "inggris",
    "italia",
    "spanyol",
    "belanda",
    "belgia",
    "swiss",
    "swedia",
    "norwegia",
    "polandia",
    "yunani",
    "portugal",
    "amerika serikat",
    "as",
    "kanada",
    "meksiko",
    "brasil",
    "argentina",
    "selandia baru",
    "armenia",
    "azerbaijan",
    "qatar",
    "uni emirat arab",
    "kuwait",
    "yaman",
    "libya",
    "nigeria",
    "afrika selatan",
    "beijing",
    "tokyo",
    "seoul",
    "washington",
    "london",
    "paris",
    "moskow",
    "berlin",
    "kuala lumpur",
    "bangkok",
    "manila",
    "canberra",
    "sydney",
    "new york",
    "mekkah",
    "madinah",
];

/// Titles and roles that precede a person's name.
const TITLES: &[&str] = &[
    "presiden",
    "wakil",
    "wapres",
    "menteri",
    "menko",
    "gubernur",
    "wagub",
    "bupati",
    "wabup",
    "wali",
    "walikota",
    "camat",
    "lurah",
    "kapolri",
    "kapolda",
    "kapolres",
    "kapolsek",
    "kabareskrim",
    "panglima",
    "jenderal",
    "kolonel",
    "mayor",
    "letjen",
    "mayjen",
    "brigjen",
    "kombes",
    "akbp",
    "kapten",
    "ketua",
    "sekretaris",
    "sekjen",
    "direktur",
    "dirut",
    "kepala",
    "juru",
    "jubir",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "dr",
    "prof",
    "profesor",
    "haji",
    "kh",
    "ustaz",
    "ustadz",
    "habib",
    "raja",
    "ratu",
    "pangeran",
    "perdana",
    "pm",
    "senator",
    "anggota",
    "hakim",
    "jaksa",
    "kiai",
    "mbak",
    "mas",
    "sdr",
    "tersangka",
    "pelatih",
    "kapten",
    "ir",
    "drs",
    "dra",
];

/// Words that begin an organisation's name.
const ORG_HEADS: &[&str] = &[
    "pt",
    "cv",
    "tbk",
    "partai",
    "kementerian",
    "kemenkes",
    "kemendikbud",
    "universitas",
    "institut",
    "sekolah",
    "badan",
    "komisi",
    "dinas",
    "dewan",
    "majelis",
    "mahkamah",
    "pengadilan",
    "kejaksaan",
    "kepolisian",
    "polda",
    "polres",
    "polsek",
    "polri",
    "tni",
    "kodam",
    "korem",
    "bank",
    "rumah",
    "rs",
    "rsud",
    "yayasan",
    "lembaga",
    "persatuan",
    "perusahaan",
    "pemerintah",
    "pemkot",
    "pemkab",
    "pemprov",
    "dpr",
    "dprd",
    "mpr",
    "dpd",
    "kpk",
    "kpu",
    "bawaslu",
    "bnpb",
    "bpbd",
    "bmkg",
    "ojk",
    "bi",
    "pbb",
    "klub",
    "fc",
    "asosiasi",
    "federasi",
    "ikatan",
    "himpunan",
    "serikat",
    "koperasi",
    "perum",
    "bumn",
    "persero",
    "organisasi",
    "kantor",
    "direktorat",
    "kedutaan",
    "kemenlu",
    "kemenkeu",
    "pssi",
    "nu",
    "muhammadiyah",
    "kadin",
];

/// Longest entry, in words: bounds the look-ahead of [`matches`].
const MAX_WORDS: usize = 4;

/// The lists as hash sets, built on first use: [`matches`] runs for every sentence the
/// tagger sees, and a linear scan of the lists (with a joined string per look-ahead) was
/// a sixth of the whole analysis.
struct Sets {
    places: Set,
    titles: Set,
    org_heads: Set,
    /// The first words of the multi-word places: only a token among them can begin a
    /// match longer than itself, so every other token skips the look-ahead.
    multi_first: Set,
}

/// A set of short words with a cheap hash (see [`crate::analysis::fasthash`]).
type Set = FastSet<&'static str>;

static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
    places: PLACES.iter().copied().collect(),
    titles: TITLES.iter().copied().collect(),
    org_heads: ORG_HEADS.iter().copied().collect(),
    multi_first: PLACES
        .iter()
        .filter_map(|p| p.split_once(' ').map(|(first, _)| first))
        .collect(),
});

/// Whether `lower` (a lower-cased single token) is a title.
pub fn is_title(lower: &str) -> bool {
    SETS.titles.contains(lower)
}

/// Whether `lower` (a lower-cased single token) heads organisation names.
pub fn is_org_head(lower: &str) -> bool {
    SETS.org_heads.contains(lower)
}

/// Whether the lower-cased words, joined by single spaces, are a place in the list.
pub fn is_place(lower_joined: &str) -> bool {
    SETS.places.contains(lower_joined)
}

/// What the lists say about one lower-cased word on its own, as bit flags: the word-level
/// lookups of [`matches`], which the tagger's features compute once per distinct word
/// and keep (four hash lookups per token were ~2% of the analysis).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordEntry(u8);

impl WordEntry {
    const PLACE: u8 = 1;
    const TITLE: u8 = 2;
    const ORG_HEAD: u8 = 4;
    const MULTI_FIRST: u8 = 8;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// The [`WordEntry`] of `lower`, a lower-cased single token.
pub fn entry(lower: &str) -> WordEntry {
    let sets = &*SETS;
    let flag = |set: &Set, f: u8| if set.contains(lower) { f } else { 0 };
    WordEntry(
        flag(&sets.places, WordEntry::PLACE)
            | flag(&sets.titles, WordEntry::TITLE)
            | flag(&sets.org_heads, WordEntry::ORG_HEAD)
            | flag(&sets.multi_first, WordEntry::MULTI_FIRST),
    )
}

/// For every token (lower-cased), the gazetteer class covering it and whether it begins
/// the match: place names are matched longest-first over token sequences; titles and
/// organisation heads are single words. Linear in the number of tokens.
pub fn matches<S: AsRef<str>>(lower: &[S]) -> Vec<Option<(Class, bool)>> {
    matches_with(lower, |i| entry(lower[i].as_ref()))
}

/// [`matches`], given each token's [`WordEntry`] (`entry_of(i)` for token `i`).
pub fn matches_with<S: AsRef<str>>(
    lower: &[S],
    entry_of: impl Fn(usize) -> WordEntry,
) -> Vec<Option<(Class, bool)>> {
    let sets = &*SETS;
    let mut out = vec![None; lower.len()];
    let mut i = 0;
    let mut joined = String::new();
    while i < lower.len() {
        let e = entry_of(i);
        let mut matched = 0;
        if e.has(WordEntry::MULTI_FIRST) {
            for n in (2..=MAX_WORDS.min(lower.len() - i)).rev() {
                joined.clear();
                for (k, w) in lower[i..i + n].iter().enumerate() {
                    if k > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(w.as_ref());
                }
                if sets.places.contains(joined.as_str()) {
                    matched = n;
                    break;
                }
            }
        }
        if matched == 0 && e.has(WordEntry::PLACE) {
            matched = 1;
        }
        if matched > 0 {
            for (k, slot) in out[i..i + matched].iter_mut().enumerate() {
                *slot = Some((Class::Place, k == 0));
            }
            i += matched;
            continue;
        }
        if e.has(WordEntry::TITLE) {
            out[i] = Some((Class::Title, true));
        } else if e.has(WordEntry::ORG_HEAD) {
            out[i] = Some((Class::OrgHead, true));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn word_entries_carry_each_list() {
        let jawa = entry("jawa");
        assert!(jawa.has(WordEntry::MULTI_FIRST));
        assert!(entry("presiden").has(WordEntry::TITLE));
        assert!(entry("partai").has(WordEntry::ORG_HEAD));
        assert!(!entry("presiden").has(WordEntry::PLACE));
        assert_eq!(entry("makan"), WordEntry::default());
        // Given entries, matching reads no word list for single words.
        let words = lower(&["warga", "makan"]);
        let m = matches_with(&words, |i| {
            if i == 1 {
                entry("presiden")
            } else {
                WordEntry::default()
            }
        });
        assert_eq!(m, vec![None, Some((Class::Title, true))]);
    }

    #[test]
    fn multi_word_place_wins_over_its_first_word() {
        let m = matches(&lower(&["warga", "jawa", "barat", "datang"]));
        assert_eq!(m[0], None);
        assert_eq!(m[1], Some((Class::Place, true)));
        assert_eq!(m[2], Some((Class::Place, false)));
        assert_eq!(m[3], None);
    }

    #[test]
    fn titles_and_org_heads_are_single_words() {
        let m = matches(&lower(&["presiden", "joko", "partai", "golkar"]));
        assert_eq!(m[0], Some((Class::Title, true)));
        assert_eq!(m[1], None);
        assert_eq!(m[2], Some((Class::OrgHead, true)));
    }

    #[test]
    fn entries_are_lower_case_and_within_the_look_ahead() {
        for e in PLACES.iter().chain(TITLES).chain(ORG_HEADS) {
            assert_eq!(e.to_lowercase(), *e);
            assert!(e.split(' ').count() <= MAX_WORDS, "{e}");
        }
    }
}
