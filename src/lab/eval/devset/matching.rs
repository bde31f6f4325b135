//! How the development-set scorer compares a label with a prediction: by text, never by
//! offset.
//!
//! Labels point into the raw article, predictions into kabar's cleaned text, and the
//! cleaning is allowed to change the text (boilerplate cut out of a line, and soon spaces
//! put between glued words, NBSP turned into spaces, repeated paragraphs dropped). Mapping
//! offsets across those edits would tie the scorer to each edit; comparing [`norm`]
//! texts does not: it survives every change that only touches whitespace, case or quote
//! style, which is all the cleaning is meant to do to the words it keeps.
//!
//! (The module is not called `match`, which is a keyword.)

/// The text as the scorer compares it: lower-case, without any whitespace (NBSP and the
/// other Unicode spaces included) or invisible characters (zero-width spaces and joiners,
/// soft hyphens, byte-order marks), and with typographic quotes and apostrophes folded to
/// ASCII `"` and `'`.
///
/// Whitespace goes entirely, not collapsed to one space, so that a word glued by the
/// crawler (`kataBudi`) and the same words repaired (`kata Budi`) compare equal.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() || is_invisible(c) {
            continue;
        }
        match fold_quote(c) {
            Some(q) => out.push(q),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Characters that show nothing but break a plain substring search.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

/// The ASCII quote a typographic quote or apostrophe stands for.
fn fold_quote(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => {
            Some('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => {
            Some('"')
        }
        _ => None,
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether two normalised texts are the same piece of text up to a trimmed edge: equal, or
/// one contains the other and the shorter has at least `min_share` of the longer's
/// characters. Empty texts never match.
pub fn similar(a: &str, b: &str, min_share: f64) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.contains(short) && char_len(short) as f64 >= min_share * char_len(long) as f64
}

/// How many of `needle`'s characters `hay` holds (both normalised), in pieces of at least
/// 20 characters (half the needle when it is shorter) taken greedily from the needle's
/// start, each the longest that occurs in `hay`. A line the cleaning cut a piece out of
/// (a glued press mark, a "Baca juga" prompt inside a one-line article) is still mostly
/// covered; a line the cleaning dropped is not, since pieces that long do not occur
/// elsewhere by chance.
pub fn covered(hay: &str, needle: &str) -> usize {
    let bounds: Vec<usize> = needle
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(needle.len()))
        .collect();
    let n = bounds.len() - 1;
    if hay.contains(needle) {
        return n;
    }
    let min_piece = (n / 2).clamp(1, 20);
    let (mut i, mut covered) = (0, 0);
    while i < n {
        // The longest piece from i that occurs: a prefix that occurs makes every shorter
        // prefix occur, so a binary search finds it.
        let (mut lo, mut hi) = (0, n - i);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if hay.contains(&needle[bounds[i]..bounds[i + mid]]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo >= min_piece {
            covered += lo;
            i += lo;
        } else {
            i += 1;
        }
    }
    covered
}

/// The length in characters of the longest piece two (short) texts have in common. Quadratic:
/// for date expressions, not for paragraphs.
pub fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev = vec![0usize; b.len() + 1];
    let mut best = 0;
    for &ca in &a {
        let mut row = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            if ca == cb {
                row[j + 1] = prev[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        prev = row;
    }
    best
}

/// Whether two normalised date texts overlap enough to be the same mention: one contains
/// the other (`pada Rabu` and `Rabu`), or they share a piece at least half as long as the
/// longer of the two (`Rabu (10/6)` against `(10/6) pagi`).
pub fn overlaps(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(b) || b.contains(a) {
        return true;
    }
    2 * common_run(a, b) >= char_len(a).max(char_len(b))
}

/// The words of a text: maximal runs of letters and digits, lower-cased (quotes folded
/// first, so `Jum’at` and `Jum'at` split alike). Whole-word comparisons use these.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `short`'s words occur as a contiguous run of `long`'s words: `Widodo` is in
/// `Joko Widodo`, `Ketua DPR` is in `Wakil Ketua DPR`, `Jokowi` is not in
/// `Presiden Joko Widodo`, and `Wi` is not in `Widodo` (no word boundary).
pub fn contains_words(long: &str, short: &str) -> bool {
    let (long, short) = (words(long), words(short));
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

/// Whether `part`'s words are a contiguous run of `whole`'s words and fewer of them: a
/// strict fragment of a longer name (`widodo` of `Joko Widodo`, not `Joko Widodo` itself).
pub fn is_strict_part(whole: &str, part: &str) -> bool {
    let (w, p) = (words(whole), words(part));
    !p.is_empty() && p.len() < w.len() && w.windows(p.len()).any(|x| x == p.as_slice())
}

/// Same person or role, loosely: equal normalised texts, or one contains the other on
/// whole words.
pub fn same_name(a: &str, b: &str) -> bool {
    let (na, nb) = (norm(a), norm(b));
    (!na.is_empty() && na == nb) || contains_words(a, b) || contains_words(b, a)
}

/// Pairs labels with predictions one to one, greedily in document order: each label takes
/// the first prediction not yet taken that `matches` it. Both lists are in document order,
/// so a text that repeats pairs its first occurrence with the first, and so on.
pub fn pair_in_order<L, P>(
    labels: &[L],
    predictions: &[P],
    matches: impl Fn(&L, &P) -> bool,
) -> Vec<Option<usize>> {
    let mut taken = vec![false; predictions.len()];
    labels
        .iter()
        .map(|l| {
            let j = (0..predictions.len()).find(|&j| !taken[j] && matches(l, &predictions[j]))?;
            taken[j] = true;
            Some(j)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_drops_spaces_case_and_quote_styles() {
        assert_eq!(norm("Kata  Budi"), "katabudi");
        assert_eq!(norm("kata\u{a0}Budi\u{200b}"), "katabudi");
        assert_eq!(norm("\u{201c}Ya\u{2019}\u{201d}"), "\"ya'\"");
        assert_eq!(norm(" \t\n"), "");
    }

    #[test]
    fn similar_needs_the_shorter_to_be_most_of_the_longer() {
        assert!(similar("abcdefghij", "abcdefghij", 0.7));
        assert!(similar("abcdefghij", "abcdefgh", 0.7));
        assert!(!similar("abcdefghij", "abcd", 0.7));
        assert!(!similar("abcdefghij", "xyz", 0.1));
        assert!(!similar("", "", 0.0));
    }

    #[test]
    fn coverage_counts_long_pieces_only() {
        let hay = "satu.duatigaempatlimaenamtujuhdelapan.sembilansepuluhsebelas";
        assert_eq!(covered(hay, "duatigaempat"), 12);
        // A line with a glued tail the cleaning cut off.
        assert_eq!(covered(hay, "duatigaempatlimaenamtujuh(x)"), 25);
        // A piece cut out of the middle.
        assert_eq!(
            covered(
                hay,
                "duatigaempatlimaenamtujuh[bacajuga]delapan.sembilansepuluh"
            ),
            25 + 23
        );
        // Short pieces found by chance do not count.
        assert_eq!(covered(hay, "tigaxxxxxxxxxxxxxxxxxxxxxxxxxlima"), 0);
        assert_eq!(covered(hay, ""), 0);
    }

    #[test]
    fn common_run_and_overlaps() {
        assert_eq!(common_run("abcxyz", "xyzq"), 3);
        assert_eq!(common_run("abc", "def"), 0);
        assert!(overlaps("padarabu", "rabu"));
        assert!(overlaps("rabu(10/6)", "(10/6)pagi"));
        assert!(!overlaps("rabu(10/6)", "pagi"));
        assert!(!overlaps("", "pagi"));
    }

    #[test]
    fn word_containment_respects_boundaries() {
        assert!(contains_words("Joko Widodo", "Widodo"));
        assert!(contains_words("Wakil Ketua DPR", "ketua dpr"));
        assert!(!contains_words("Presiden Joko Widodo", "Jokowi"));
        assert!(!contains_words("Widodo", "Wi"));
        assert!(!contains_words("Widodo", ""));
        assert!(same_name("Joko Widodo", "Widodo"));
        assert!(same_name("Widodo", "Presiden Joko Widodo"));
        assert!(!same_name("Jokowi", "Presiden Joko Widodo"));
        assert!(same_name("Joko\u{a0}Widodo", "joko widodo"));
    }

    #[test]
    fn strict_parts_are_proper_and_on_words() {
        assert!(is_strict_part("Joko Widodo", "widodo"));
        assert!(!is_strict_part("Joko Widodo", "Joko Widodo"));
        assert!(!is_strict_part("Joko Widodo", "dodo"));
    }

    #[test]
    fn pairing_is_one_to_one_in_order() {
        let labels = ["a", "b", "a"];
        let preds = ["a", "c", "a", "b"];
        assert_eq!(
            pair_in_order(&labels, &preds, |l, p| l == p),
            [Some(0), Some(3), Some(2)]
        );
        // A label with nothing left to take goes unmatched.
        assert_eq!(
            pair_in_order(&["a", "a"], &["a"], |l, p| l == p),
            [Some(0), None]
        );
    }
}
