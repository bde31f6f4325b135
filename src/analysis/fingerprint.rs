//! Near-duplicate fingerprint: a 64-bit SimHash of the cleaned body.
//!
//! SimHash (Charikar, "Similarity estimation techniques from rounding algorithms", 2002)
//! maps similar documents to fingerprints that differ in few bits: each feature's 64-bit
//! hash votes +1/-1 on every bit, and the fingerprint keeps the sign of each bit's total.
//! The features are overlapping word 3-shingles of the lower-cased tokens, so that word
//! order matters (a bag of words would make any two articles on the same topic look alike)
//! while one changed word only changes three features out of hundreds. Consumers compare
//! fingerprints by Hamming distance: a few bits means a near-duplicate (a re-post with a
//! new byline or a corrected typo), unrelated articles sit around 32 bits apart.

use super::tokens::Token;

/// Words per shingle.
const SHINGLE: usize = 3;

/// SimHash over word 3-shingles of the lower-cased tokens. A text with fewer than three
/// tokens uses one shingle of all of them; a text without tokens has fingerprint 0.
pub fn simhash(_text: &str, tokens: &[Token]) -> u64 {
    let words: Vec<u64> = tokens.iter().map(|t| word_hash(&t.text)).collect();
    if words.is_empty() {
        return 0;
    }
    // Each bit counts its set votes; the bit is on when more than half the features set it.
    let mut votes = BitVotes::new();
    if words.len() < SHINGLE {
        votes.add(shingle_hash(&words));
    } else {
        words
            .windows(SHINGLE)
            .for_each(|w| votes.add(shingle_hash(w)));
    }
    let (set, features) = votes.totals();
    set.iter().enumerate().fold(
        0u64,
        |f, (bit, v)| if 2 * v > features { f | 1 << bit } else { f },
    )
}

/// Per-bit counts of set bits over many 64-bit hashes, counted eight bits at a time: lane
/// `k` holds in its byte `j` the count for bit `8j + k`, so one hash costs eight shift, mask
/// and add steps instead of 64. The byte counters are flushed into the totals before they
/// can overflow.
struct BitVotes {
    lanes: [u64; 8],
    /// Hashes added to `lanes` since the last flush (at most 255).
    pending: u32,
    set: [u32; 64],
    features: u32,
}

impl BitVotes {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;

    fn new() -> Self {
        BitVotes {
            lanes: [0; 8],
            pending: 0,
            set: [0; 64],
            features: 0,
        }
    }

    fn add(&mut self, h: u64) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            *lane += (h >> k) & Self::LOW_BITS;
        }
        self.pending += 1;
        self.features += 1;
        if self.pending == 255 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            for j in 0..8 {
                self.set[8 * j + k] += ((*lane >> (8 * j)) & 0xff) as u32;
            }
            *lane = 0;
        }
        self.pending = 0;
    }

    /// The count of each bit, and how many hashes were added.
    fn totals(mut self) -> ([u32; 64], u32) {
        self.flush();
        (self.set, self.features)
    }
}

/// Number of differing bits between two fingerprints: the distance to compare them by.
#[cfg(test)]
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// FNV-1a over the lower-cased UTF-8 bytes of `word`, lower-casing as it goes so that no
/// string is allocated per token.
fn word_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut buf = [0u8; 4];
    let mut feed = |b: u8| h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    if word.is_ascii() {
        word.bytes().for_each(|b| feed(b.to_ascii_lowercase()));
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut feed);
        }
    }
    h
}

/// Combines word hashes in order, finishing each step with the SplitMix64 mixer: FNV alone
/// spreads short inputs poorly over the high bits, and SimHash needs every bit unbiased.
fn shingle_hash(words: &[u64]) -> u64 {
    words.iter().fold(0x9e37_79b9_7f4a_7c15u64, |acc, w| {
        mix(acc.rotate_left(23) ^ w)
    })
}

/// SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijective avalanche mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens;

    fn fp(text: &str) -> u64 {
        simhash(text, &tokens::tokenize(text, "id"))
    }

    /// A deterministic pseudo-article of `n` words drawn from a made-up vocabulary, so the
    /// tests have long texts without copying any.
    fn article(seed: u64, n: usize) -> Vec<String> {
        const WORDS: &[&str] = &[
            "pemerintah",
            "kota",
            "warga",
            "banjir",
            "jalan",
            "rumah",
            "sekolah",
            "pasar",
            "harga",
            "beras",
            "naik",
            "turun",
            "polisi",
            "menangkap",
            "pelaku",
            "pencurian",
            "motor",
            "desa",
            "sungai",
            "meluap",
            "hujan",
            "deras",
            "semalam",
            "bupati",
            "meninjau",
            "lokasi",
            "bantuan",
            "logistik",
            "dikirim",
            "posko",
            "relawan",
            "membantu",
            "anak",
            "guru",
            "ujian",
            "nasional",
            "siswa",
            "lulus",
            "kereta",
            "stasiun",
            "penumpang",
            "tiket",
            "mudik",
            "lebaran",
            "kapal",
            "pelabuhan",
            "nelayan",
            "ikan",
            "cuaca",
            "gelombang",
            "tinggi",
            "rapat",
            "dewan",
            "anggaran",
            "proyek",
            "jembatan",
            "baru",
            "selesai",
            "dibangun",
            "tahun",
            "depan",
            "rencana",
            "menteri",
            "berkunjung",
        ];
        let mut state = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                WORDS[(state % WORDS.len() as u64) as usize].to_string()
            })
            .collect()
    }

    #[test]
    fn bit_votes_count_like_one_bit_at_a_time() {
        for n in [0usize, 1, 254, 255, 256, 600, 1000] {
            let hashes: Vec<u64> = (0..n as u64)
                .map(|i| mix(i ^ 0x5555))
                .chain([u64::MAX; 3])
                .collect();
            let mut votes = BitVotes::new();
            let mut naive = [0u32; 64];
            for &h in &hashes {
                votes.add(h);
                for (bit, v) in naive.iter_mut().enumerate() {
                    *v += ((h >> bit) & 1) as u32;
                }
            }
            assert_eq!(votes.totals(), (naive, hashes.len() as u32), "{n}");
        }
    }

    #[test]
    fn identical_texts_have_identical_fingerprints() {
        let a = article(1, 300).join(" ");
        assert_eq!(fp(&a), fp(&a.clone()));
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            fp("Banjir melanda Kota Bekasi, warga mengungsi."),
            fp("banjir MELANDA kota bekasi warga mengungsi")
        );
    }

    #[test]
    fn one_changed_word_in_300_moves_few_bits() {
        for seed in 1..20 {
            let words = article(seed, 300);
            let mut changed = words.clone();
            changed[150] = "kebakaran".into();
            let d = distance(fp(&words.join(" ")), fp(&changed.join(" ")));
            assert!(d <= 6, "seed {seed}: near-duplicates {d} bits apart");
        }
    }

    #[test]
    fn unrelated_articles_are_about_32_bits_apart() {
        let mut total = 0;
        for seed in 1..21 {
            let d = distance(
                fp(&article(seed, 300).join(" ")),
                fp(&article(seed + 100, 300).join(" ")),
            );
            assert!(
                (16..=48).contains(&d),
                "seed {seed}: unrelated texts only {d} bits apart"
            );
            total += d;
        }
        let mean = total as f64 / 20.0;
        assert!((26.0..=38.0).contains(&mean), "mean distance {mean}");
    }

    #[test]
    fn word_order_matters() {
        assert_ne!(
            fp("polisi menangkap pelaku pencurian motor"),
            fp("pelaku pencurian motor menangkap polisi")
        );
    }

    #[test]
    fn short_and_empty_texts() {
        assert_eq!(fp(""), 0);
        assert_eq!(fp("  ,.;  "), 0);
        assert_ne!(fp("banjir"), 0);
        assert_ne!(fp("banjir"), fp("kebakaran"));
        assert_ne!(fp("banjir bandang"), fp("banjir"));
    }

    #[test]
    fn distance_counts_differing_bits() {
        assert_eq!(distance(0, 0), 0);
        assert_eq!(distance(0, u64::MAX), 64);
        assert_eq!(distance(0b1010, 0b0110), 2);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,400}") {
            let _ = fp(&text);
        }
    }
}
