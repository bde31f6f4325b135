//! Near-duplicate fingerprint: a 64-bit SimHash of the cleaned body.

use super::tokens::Token;

/// SimHash (Charikar 2002) over word shingles of the body.
pub fn simhash(_text: &str, tokens: &[Token]) -> u64 {
    let mut acc = [0i64; 64];
    for t in tokens {
        let h = fnv1a(t.stem.as_bytes());
        for (bit, a) in acc.iter_mut().enumerate() {
            *a += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    acc.iter().enumerate().fold(0u64, |f, (bit, a)| if *a > 0 { f | 1 << bit } else { f })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}
